//! Stated or computed, never confused: where the records on the site are a part of what the body
//! states, the body's figure is the headline on every page and file, the computation from the
//! records is labelled "据本站 N 条记录计算" beside it, and a trend never joins the two in one
//! series; a year without a value of a series is a gap that says why.

use crate::support::ReplaceChecked;
use crate::support::Site;

const SUMMARY: &str = "content/demo/2024/summary.yaml";

fn built(site: &Site) -> &Site {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// The page's text without tags, whitespace collapsed.
fn text(site: &Site, rel: &str) -> String {
    let html = site.read(&format!("public/{rel}"));
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let start = s.find(from).unwrap_or_else(|| panic!("no {from} in {s}"));
    let rest = &s[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// A copy of the 2024 records as another year's.
fn copy_year(site: &Site, year: &str) {
    let from = site.path().join("content/demo/2024");
    for e in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&from).unwrap();
        let dest = site.path().join("content/demo").join(year).join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            let t = std::fs::read_to_string(e.path()).unwrap();
            // every file of the year, whether or not it names a date: not checked
            std::fs::write(&dest, t.replace("2024-", &format!("{year}-"))).unwrap();
        }
    }
}

/// One goal and one monitoring record on the site; the body states 218 goals and 321 monitored
/// projects, and says the records are a sample.
fn sample_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        SUMMARY,
        "goals: { count: 218, funds: \"17.65亿元\", coverage: partial }\nmonitoring:\n  \"2024-05\": { count: 321, budget: \"6.45亿元\", executed: \"4.66亿元\", rate: \"72.2%\", coverage: partial }\n",
    );
    built(&site);
    site
}

#[test]
fn a_partial_year_headlines_the_bodys_figures_and_labels_the_computation() {
    let site = sample_site();
    for page in ["index.html", "demo/index.html"] {
        let t = text(&site, page);
        assert!(
            t.contains("项目绩效目标 218 本单位公布 据本站 1 条记录计算：1"),
            "{page}: {t}"
        );
        assert!(
            t.contains("项目绩效目标资金 17.65亿元 本单位公布 据本站 1 条记录计算：135.5万元"),
            "{page}: {t}"
        );
        // the record aggregate is never the headline
        assert!(!t.contains("项目绩效目标 1 "), "{page}: {t}");
        assert!(!t.contains("项目绩效目标资金 135.5万元"), "{page}: {t}");
    }
    let list = text(&site, "demo/2024/goals/index.html");
    assert!(
        list.contains("共 1 项；本单位公布 218 项，本站仅收录其中部分记录"),
        "{list}"
    );
    let feed = site.read("public/feed.xml");
    assert!(
        feed.contains("本单位公布 218 项，本站仅收录其中部分记录"),
        "{feed}"
    );
}

#[test]
fn a_partial_monitoring_node_shows_the_stated_rate_and_the_sample_apart() {
    let site = sample_site();
    let page = site.read("public/demo/2024/index.html");
    // The first monitoring panel is the body's: 321 projects, 72.2%.
    let stated = between(&page, "id=\"panel-monitoring\"", "</section>");
    assert!(stated.contains("依据本单位公布的数字。"), "{stated}");
    assert!(
        stated.contains("72.2%") && stated.contains("321"),
        "{stated}"
    );
    assert!(!stated.contains("28.41%"), "{stated}");
    // The records' aggregate (1 project, 28.41%) follows, titled with what it covers.
    let sample = between(&page, "id=\"panel-monitoring-records\"", "</section>");
    assert!(sample.contains("（据本站 1 条记录计算）"), "{sample}");
    assert!(sample.contains("不是本单位的全年数字"), "{sample}");
    assert!(sample.contains("28.41%"), "{sample}");
    assert!(
        !sample.contains("72.2%"),
        "the sample's panel does not mix in the stated rate: {sample}"
    );
    assert!(
        page.find("panel-monitoring\"").unwrap() < page.find("panel-monitoring-records").unwrap()
    );
    let csv = site.read("public/data/demo/2024/monitoring-nodes.csv");
    assert!(csv.contains("2024-05,321,64500,46600,72.2"), "{csv}");
    let csv = site.read("public/data/demo/2024/monitoring-nodes-records.csv");
    assert!(csv.contains("2024-05,1,135.5,38.5,28.41"), "{csv}");
}

#[test]
fn figures_csv_says_each_figures_basis_and_the_records_it_covers() {
    let site = sample_site();
    let csv = site.read("public/data/demo/2024/figures.csv");
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("\u{feff}section,item,stated,computed,")
            && head.contains(",unit,status,basis,computed_records,computed_coverage"),
        "{head}"
    );
    let row = |item: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
            .find(|c| c[0] == "绩效目标" && c[1] == item)
            .unwrap_or_else(|| panic!("no {item} in {csv}"))
    };
    let count = row("数量");
    assert_eq!((&count[2][..], &count[3][..]), ("218", "1"), "{csv}");
    assert_eq!(&count[6..9], ["stated", "1", "partial"], "{csv}");
    // A figure the body did not state is computed, over the records it covers.
    let computed: Vec<&str> = csv.lines().filter(|l| l.contains(",computed,")).collect();
    assert!(!computed.is_empty(), "{csv}");
    let pkg = site.read("public/data/datapackage.json");
    assert!(pkg.contains("\"name\": \"computed_coverage\""), "{pkg}");
    assert!(pkg.contains("\"name\": \"basis\""), "{pkg}");
}

#[test]
fn stated_years_and_records_only_years_are_two_series() {
    let site = Site::fixture("minimal");
    for (year, n) in [("2022", 100), ("2023", 647)] {
        site.write(
            &format!("content/demo/{year}/summary.yaml"),
            &format!("self_evaluations: {{ count: {n} }}\n"),
        );
    }
    built(&site);
    let csv = site.read("public/data/demo/key-figures.csv");
    let lines: Vec<&str> = csv.lines().collect();
    let head: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let cell = |row: usize, name: &str| lines[row].split(',').nth(col(name)).unwrap().to_string();
    assert_eq!(cell(2, "self_evaluations"), "647", "{csv}");
    assert_eq!(cell(2, "self_evaluations_computed"), "", "{csv}");
    assert_eq!(cell(3, "self_evaluations"), "", "{csv}");
    assert_eq!(cell(3, "self_evaluations_computed"), "1", "{csv}");
    let page = site.read("public/demo/index.html");
    // The stated series: 100, 647, and 2024 as a gap — not a collapse to 1.
    let svg = between(&page, "<svg", "</svg>");
    assert!(
        svg.contains("项目绩效自评（本单位公布）")
            && svg.contains("2022年度：100；2023年度：647；2024年度：未公布"),
        "{svg}"
    );
    assert!(svg.contains("<text class=\"chart-gap\""), "{svg}");
    assert_eq!(svg.matches("class=\"bar-main\"").count(), 2, "{svg}");
    assert!(
        !page.contains("项目绩效自评（据本站记录计算）</p>"),
        "one computed year draws no chart"
    );
}

#[test]
fn a_stated_figure_the_gate_withholds_is_a_gap_that_says_why() {
    let site = Site::fixture("minimal");
    for (year, funds) in [("2022", "100万元"), ("2023", "200万元")] {
        site.write(
            &format!("content/demo/{year}/summary.yaml"),
            &format!("goals: {{ count: 1, funds: \"{funds}\" }}\n"),
        );
    }
    let road = site.read("content/demo/2024/goals/road.yaml");
    site.write(
        "content/demo/2024/goals/secret.yaml",
        &format!(
            "{}disclosure: {{ status: 不予公开, reason: 国家秘密 }}\n",
            road.replace_checked("id: road", "id: secret")
                .replace_checked("乡村道路养护项目", "保密项目")
                .replace_checked("135.5万元", "77.7万元")
                .replace_checked("\"120万元\"", "\"70万元\"")
                .replace_checked("\"15.5万元\"", "\"7.7万元\"")
        ),
    );
    site.write(SUMMARY, "goals: { count: 2, funds: \"213.2万元\" }\n");
    built(&site);
    let page = site.read("public/demo/index.html");
    assert!(
        !page.contains("213.2"),
        "the stated total would give the secret away"
    );
    let svg = page
        .split("<svg")
        .find(|s| s.contains("· 项目绩效目标资金（本单位公布）</title>"))
        .unwrap_or_else(|| panic!("no stated funds chart: {page}"));
    assert!(svg.contains("2024年度：不予公开"), "{svg}");
    assert!(svg.contains("<text class=\"chart-gap\""), "{svg}");
    let trend = text(&site, "demo/index.html");
    assert!(trend.contains("2024 不予公开 不予公开"), "{trend}");
    // The count of goals is whole (the 不予公开 one included), computed and labelled so.
    assert!(trend.contains("项目绩效目标 2 据本站记录计算"), "{trend}");
    let csv = site.read("public/data/demo/key-figures.csv");
    assert!(!csv.contains("213.2") && !csv.contains("77.7"), "{csv}");
}

#[test]
fn a_computed_sum_that_leaves_out_withheld_values_is_a_gap_in_its_series() {
    let site = Site::fixture("minimal");
    for year in ["2022", "2023"] {
        copy_year(&site, year);
        site.remove(&format!("content/demo/{year}/summary.yaml"));
    }
    site.write(
        "content/demo/2023/ex-ante/secret-bridge.yaml",
        "id: secret-bridge\nproject: { name: 保密桥梁项目 }\nunit: jtj\nrequested: \"77.77万元\"\napproved: \"66.66万元\"\nconclusion: 部分支持\ndisclosure: { status: 不予公开, reason: 国家秘密 }\n",
    );
    built(&site);
    let page = site.read("public/demo/index.html");
    let svg = page
        .split("<svg")
        .find(|s| s.contains("· 事前评估核减率（据本站记录计算）</title>"))
        .unwrap_or_else(|| panic!("no computed cut-rate chart: {page}"));
    assert!(
        svg.contains("2022年度：44.30%；2023年度：含不予公开的数值，未计入；2024年度：44.30%"),
        "{svg}"
    );
    assert_eq!(svg.matches("class=\"bar-main\"").count(), 2, "{svg}");
    // No stated figure in 2022 and 2023: the stated series has one value and no chart.
    assert!(!page.contains("事前评估核减率（本单位公布）"), "{page}");
}

#[test]
fn fewer_records_than_the_body_states_are_partial_without_saying_so() {
    let site = Site::fixture("minimal");
    // No `coverage: partial`: the body states 5 ex-ante assessments, the site holds 1.
    site.write(
        SUMMARY,
        "ex_ante: { count: 5, requested: \"560.3万元\", cut: \"248.2万元\", cut_rate: \"44.30%\" }\n",
    );
    built(&site);
    let home = text(&site, "index.html");
    assert!(
        home.contains("事前绩效评估 5 本单位公布 据本站 1 条记录计算：1"),
        "{home}"
    );
    let page = site.read("public/demo/2024/index.html");
    let stated = between(&page, "id=\"panel-ex-ante\"", "</section>");
    assert!(stated.contains("依据本单位公布的数字。"), "{stated}");
    let sample = between(&page, "id=\"panel-ex-ante-records\"", "</section>");
    assert!(sample.contains("（据本站 1 条记录计算）"), "{sample}");
    let list = text(&site, "demo/2024/ex-ante/index.html");
    assert!(
        list.contains("共 1 项；本单位公布 5 项，本站仅收录其中部分记录"),
        "{list}"
    );
}
