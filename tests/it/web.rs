//! The citizen-facing site: the year dashboard and its charts, region figures across years,
//! list views without JavaScript, open data and its package descriptor, the Atom feed, the
//! English interface and the reader preferences.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};
use std::collections::BTreeSet;

/// A built site's files: (path under the output folder, bytes).
pub(crate) type Files = Vec<(String, Vec<u8>)>;

pub(crate) fn built(site: &Site) -> Files {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&site.path().join("public"))
}

pub(crate) fn text(files: &Files, path: &str) -> String {
    let f = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path} in output"));
    String::from_utf8(f.1.clone()).unwrap()
}

/// The text between `start` and the next `end` after it.
pub(crate) fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let a = s.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let b = s[a..].find(end).map_or(s.len(), |b| a + b);
    &s[a..b]
}

#[test]
fn the_year_dashboard_shows_each_panel_with_a_chart_and_its_table() {
    let files = built(&Site::example());
    let page = text(&files, "bozhou/2024/index.html");
    let ex_ante = between(&page, "id=\"panel-ex-ante\"", "</section>");
    assert!(ex_ante.contains("<svg class=\"chart bar-chart\" role=\"img\" aria-labelledby=\"chart-ex-ante-title chart-ex-ante-desc\""));
    assert!(ex_ante.contains("<title id=\"chart-ex-ante-title\">事前绩效评估结论</title>"));
    assert!(ex_ante.contains("<desc id=\"chart-ex-ante-desc\">图表数据：支持：申报 1,365万元，核减 0万元（0.00%）；部分支持：申报 1,088.5万元，核减 675.65万元（62.07%）"), "{ex_ante}");
    for cell in [
        "<th scope=\"row\">合计</th>",
        "2,453.5万元",
        "1,777.85万元",
        "675.65万元",
        "27.54%",
    ] {
        assert!(ex_ante.contains(cell), "{cell} in the ex-ante table");
    }
    let monitoring = between(&page, "id=\"panel-monitoring\"", "</section>");
    assert!(
        monitoring.contains("27.04% · 黄标 3 · 红标 0")
            && monitoring.contains("70.46% · 黄标 0 · 红标 1")
    );
    // Grades cover project self-evaluations, as their count does (the 部门整体 one apart).
    let grades = between(&page, "id=\"panel-grades\"", "</section>");
    assert!(
        grades.contains(
            "<th scope=\"row\">优</th><td class=\"num\">8</td><td class=\"num\">80.00%</td>"
        ),
        "{grades}"
    );
    let evals = between(&page, "id=\"panel-evaluations\"", "</section>");
    assert!(evals.contains("<th scope=\"row\">财政重点评价</th><td class=\"num\">1</td><td class=\"num\">2,860.00万元</td>"), "{evals}");
    // each panel's table is downloadable, and the download has the same numbers
    assert!(ex_ante.contains("href=\"../../data/bozhou/2024/ex-ante-conclusions.csv\""));
    let csv = text(&files, "data/bozhou/2024/ex-ante-conclusions.csv");
    assert!(
        csv.contains("\r\n合计,6,2453.5,1777.85,675.65,27.54\r\n"),
        "{csv}"
    );
}

#[test]
fn a_sum_that_leaves_out_withheld_records_says_so() {
    let files = built(&Site::example());
    let page = text(&files, "kashi-edz/2024/index.html");
    // 部门评价 are stated but not listed: the records are a part of what the body states, so
    // their panel stands apart from the stated one.
    let evals = between(&page, "id=\"panel-evaluations-records\"", "</section>");
    assert!(
        evals.contains("<th scope=\"row\">不予公开（类型不公开）</th><td class=\"num\">5</td>"),
        "{evals}"
    );
    assert!(
        evals.contains("9,125.80万元（公开部分合计，另有 5 项不予公开）"),
        "{evals}"
    );
    let csv = text(
        &files,
        "data/kashi-edz/2024/evaluations-by-type-records.csv",
    );
    assert!(
        csv.starts_with("\u{feff}type,count,withheld,funds,funds_withheld_count,"),
        "{csv}"
    );
    assert!(csv.contains("\r\n合计,11,5,9125.8,5,"), "{csv}");
    // the figure table does not show a per-group public sum as if it were whole
    let figures = between(&page, "id=\"figures-heading\"", "</section>");
    assert!(
        figures.contains("9,125.80万元（公开部分合计，另有 5 项不予公开）"),
        "{figures}"
    );
}

#[test]
fn a_year_with_stated_figures_only_charts_what_the_body_stated() {
    let files = built(&Site::example());
    let page = text(&files, "yuli/2023/index.html");
    let monitoring = between(&page, "id=\"panel-monitoring\"", "</section>");
    assert!(monitoring.contains("依据本单位公布的数字。"));
    assert!(
        monitoring.contains("28.4% · 黄标 69") && monitoring.contains("72.2% · 红标 3"),
        "{monitoring}"
    );
    assert!(monitoring.contains("<td class=\"num\">4.68亿元</td>"));
}

#[test]
fn a_region_page_shows_key_figures_across_years() {
    let files = built(&Site::example());
    let page = text(&files, "bozhou/index.html");
    let trend = between(&page, "id=\"trend-heading\"", "</section>");
    assert!(
        trend.contains("<th scope=\"row\">2023</th>")
            && trend.contains("<th scope=\"row\">2024</th>")
    );
    // 647 self-evaluations stated for 2023, 10 records on the site for 2024: two series, each
    // with one value, so no chart sets them side by side.
    assert!(!trend.contains("<svg"), "{trend}");
    assert!(trend.contains("项目绩效自评（据本站记录计算）"), "{trend}");
    assert!(trend.contains("“本单位公布”为各单位公布的数字"), "{trend}");
    let csv = text(&files, "data/bozhou/key-figures.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with(
            "\u{feff}year,ex_ante,cut_rate,self_evaluations,self_evaluation_funds,evaluations,goals_computed,"
        ),
        "{csv}"
    );
    assert!(lines[1].starts_with("2023,,,647,293000,149,"), "{csv}");
    assert!(lines[2].starts_with("2024,6,27.54,,,,10,10,"), "{csv}");
}

#[test]
fn lists_are_sorted_and_filtered_by_pages_of_their_own() {
    let files = built(&Site::example());
    let list = text(&files, "bozhou/2024/goals/index.html");
    assert!(
        list.contains("href=\"../../../bozhou/2024/goals/_sort_funds/\">资金从高到低</a>"),
        "{list}"
    );
    assert!(
        list.contains(
            "href=\"../../../bozhou/2024/goals/_unit_slj/\">博尔塔拉蒙古自治州水利局</a>"
        )
    );
    let sorted = text(&files, "bozhou/2024/goals/_sort_funds/index.html");
    assert!(
        sorted.contains("<th scope=\"col\" class=\"num\" aria-sort=\"descending\">资金总额</th>")
    );
    assert!(sorted.contains("aria-current=\"page\">资金从高到低</a>"));
    let funds: Vec<i128> = sorted
        .split("<td class=\"num\" data-sort=\"")
        .skip(1)
        .step_by(2)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(
        funds.len() == 12 && funds.windows(2).all(|w| w[0] >= w[1]),
        "{funds:?}"
    );
    let unit = text(&files, "bozhou/2024/goals/_unit_slj/index.html");
    assert!(
        unit.contains("共 3 项")
            && unit.contains("博河灌区渠道防渗改造项目")
            && !unit.contains("高标准农田建设项目"),
        "{unit}"
    );
    // stubs stay out of filters and say so; views cannot collide with record ids
    let evals = text(
        &files,
        "kashi-edz/2024/evaluations/_type_key-fiscal/index.html",
    );
    assert!(evals.contains("另有 5 项不予公开，不参与筛选。") && !evals.contains("stub-row"));
    assert!(files.iter().all(|(p, _)| !p.contains("/_")
        || p.split('/').any(|c| {
            c.starts_with("_sort_")
            || c.starts_with("_unit_")
            || c.starts_with("_node_")
            || c.starts_with("_flag_")
            || c.starts_with("_grade_")
            || c.starts_with("_conclusion_")
            || c.starts_with("_type_")
            // the withheld register's views
            || (p.starts_with("withheld/")
                && ["_region_", "_year_", "_kind_", "_reason_"]
                    .iter()
                    .any(|v| c.starts_with(v)))
        })));
}

#[test]
fn open_data_is_csv_with_a_bom_and_json_described_by_a_fiscal_data_package() {
    let files = built(&Site::example());
    let goals = text(&files, "data/bozhou/2024/goals.csv");
    assert!(
        goals.starts_with("\u{feff}id,title,scope,project_code,unit_id,unit,funds_total,"),
        "{goals}"
    );
    assert!(goals.contains("high-standard-farmland,高标准农田建设项目,项目,"));
    // a 不予公开 stub is a row with its public title and reason, and nothing else
    let evals = text(&files, "data/kashi-edz/2024/evaluations.csv");
    assert!(
        evals.contains("\r\n,重点项目绩效评价报告（不予公开）,,,,,,,,,,,,,不予公开,,国家秘密\r\n"),
        "{evals}"
    );
    // a 部分公开 field is empty, named, with its reason
    let partial = text(&files, "data/bozhou/2024/evaluations.csv");
    assert!(
        partial.contains(",部分公开,evaluator,商业秘密\r\n"),
        "{partial}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&text(&files, "data/bozhou/2024/goals.json")).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 12);
    assert_eq!(json["rows"][0]["id"], "air-quality-monitoring");
    assert!(json["rows"][0]["funds_total"].is_number());
    let pkg: serde_json::Value =
        serde_json::from_str(&text(&files, "data/datapackage.json")).unwrap();
    let resources = pkg["resources"].as_array().unwrap();
    let csvs: BTreeSet<String> = files
        .iter()
        .filter(|(p, _)| p.starts_with("data/") && p.ends_with(".csv"))
        .map(|(p, _)| p["data/".len()..].to_string())
        .collect();
    let listed: BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(csvs, listed, "every CSV is described, and only those");
    let m = &pkg["model"]["measures"]["bozhou-2024-self-evaluations-budget_adjusted"];
    assert_eq!(
        (
            m["currency"].as_str(),
            m["factor"].as_i64(),
            m["phase"].as_str()
        ),
        (Some("CNY"), Some(10000), Some("adjusted"))
    );
    let phases: BTreeSet<&str> = pkg["model"]["measures"]
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["phase"].as_str().unwrap())
        .collect();
    assert!(
        ["proposed", "approved", "adjusted", "executed"]
            .iter()
            .all(|p| phases.contains(p)),
        "{phases:?}"
    );
    // linked from the pages that show the tables
    assert!(
        text(&files, "bozhou/2024/goals/index.html")
            .contains("href=\"../../../data/bozhou/2024/goals.csv\"")
    );
    assert!(text(&files, "withheld/index.html").contains("href=\"../data/withheld.csv\""));
    assert!(text(&files, "index.html").contains("href=\"data/datapackage.json\""));
}

#[test]
fn the_feed_lists_updates_newest_first_with_their_own_dates_and_is_bounded() {
    let site = Site::fixture("minimal");
    for n in 0..60 {
        site.write(
            &format!("content/demo/2024/evaluations/e{n:02}.yaml"),
            &format!("id: e{n:02}\ntype: 部门评价\ntitle: 第{n}号评价报告\nsubject: {{ unit: czj }}\nfunds: \"1万元\"\npublished_on: 2025-03-{:02}\n", n % 28 + 1),
        );
    }
    let files = built(&site);
    let feed = text(&files, "feed.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">"));
    assert_eq!(feed.matches("<entry>").count(), 50);
    assert!(
        feed.contains("<updated>2025-06-30T00:00:00Z</updated>\n  <author>"),
        "the newest entry dates the feed"
    );
    let first = between(&feed, "<entry>", "</entry>");
    assert!(first.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.gov.cn/yjgk/demo/2024/"), "{first}");
    assert!(text(&files, "index.html").contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"测试县预算绩效信息公开\" href=\"feed.xml\">"));
    let home = text(&files, "index.html");
    assert!(
        home.contains("<time datetime=\"2025-06-30\">2025年6月30日</time>"),
        "{home}"
    );
}

#[test]
fn an_english_site_is_in_english() {
    let site = Site::example();
    let yaml = site
        .read("site.yaml")
        .replace_checked("language: zh-CN", "language: en");
    site.write("site.yaml", &yaml);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("W104"),
        "every interface string exists in English: {}",
        run.stderr
    );
    let files = snapshot(&site.path().join("public"));
    let year = text(&files, "bozhou/2024/index.html");
    assert!(year.starts_with("<!DOCTYPE html>\n<html lang=\"en\""));
    for s in [
        "At a glance",
        "Ex-ante assessments by conclusion",
        "24.54 million yuan",
        "Partly supported",
        "Key fiscal evaluation",
        "Download this table:",
    ] {
        assert!(year.contains(s), "{s}");
    }
    let home = text(&files, "index.html");
    assert!(
        home.contains("<time datetime=\"2025-07-15\">15 July 2025</time>"),
        "{home}"
    );
    // no interface string in Chinese: every CJK text on the page comes from the content
    for zh in [
        "数据概览",
        "下载本表数据",
        "公开部分合计",
        "（核算）",
        "年度信息",
        "大字号",
        "首页",
        "〔不予公开",
    ] {
        for (p, b) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            assert!(!String::from_utf8_lossy(b).contains(zh), "{zh} in {p}");
        }
    }
    let withheld = text(&files, "kashi-edz/2024/evaluations/index.html");
    assert!(withheld.contains("11 items, 5 withheld"));
}

#[test]
fn reader_preferences_work_without_the_script_and_nothing_is_loaded_from_elsewhere() {
    let files = built(&Site::fixture("minimal"));
    let page = text(&files, "index.html");
    assert!(page.contains("<div class=\"prefs\" role=\"group\" aria-label=\"阅读辅助\">"));
    assert!(page.contains("<label class=\"pref-toggle\"><input type=\"checkbox\" id=\"pref-large-text\" data-pref=\"large-text\"> 大字号</label>"));
    assert!(page.contains("<label class=\"pref-toggle\"><input type=\"checkbox\" id=\"pref-high-contrast\" data-pref=\"high-contrast\"> 高对比度</label>"));
    let script = between(&page, "<script src=\"", "\"");
    assert!(script.starts_with("assets/site.") && script.ends_with(".js"));
    let js = text(&files, script);
    assert!(js.contains("localStorage") && js.contains("data-pref"));
    let css = files
        .iter()
        .find(|(p, _)| p.ends_with(".css"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    for rule in [
        "html:is(.large-text, :has(#pref-large-text:checked))",
        "html:is(.high-contrast, :has(#pref-high-contrast:checked))",
        "@media (prefers-contrast: more)",
        "@media (forced-colors: active)",
        "@media print",
        "@media (max-width: 600px)",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    for (p, b) in &files {
        let t = String::from_utf8_lossy(b);
        for bad in [
            "src=\"http",
            "src=\"//",
            "href=\"//",
            "url(http",
            "url(//",
            "@import",
        ] {
            assert!(
                !t.contains(bad),
                "{p} loads something from elsewhere ({bad})"
            );
        }
        assert!(!t.contains("<link rel=\"stylesheet\" href=\"http"), "{p}");
    }
}

#[test]
fn both_interface_tables_have_the_same_keys() {
    let keys = |name: &str| -> BTreeSet<String> {
        let path = crate::support::repo()
            .join("themes/default/i18n")
            .join(name);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    };
    let (zh, en) = (keys("zh-CN.json"), keys("en.json"));
    assert_eq!(
        zh.difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in en.json"
    );
    assert_eq!(
        en.difference(&zh).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in zh-CN.json"
    );
}

/// The stylesheet is one file that several changes add sections to: a block left open by a
/// merge silently swallows every rule after it (browsers drop them), so every block closes
/// and every section starts at the top level.
#[test]
fn the_stylesheet_closes_every_block_before_each_section() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/style.css"
    );
    let css = std::fs::read_to_string(path).unwrap();
    let mut depth = 0i32;
    let mut in_comment = false;
    for (n, line) in css.lines().enumerate() {
        if !in_comment && depth != 0 && line.starts_with("/* ---") {
            panic!("style.css:{}: a section starts inside a block", n + 1);
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (in_comment, c, chars.peek()) {
                (false, '/', Some('*')) => in_comment = true,
                (true, '*', Some('/')) => {
                    in_comment = false;
                    chars.next();
                }
                (false, '{', _) => depth += 1,
                (false, '}', _) => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0, "style.css:{}: a block closes twice", n + 1);
        }
    }
    assert_eq!(depth, 0, "style.css ends inside a block");
}
