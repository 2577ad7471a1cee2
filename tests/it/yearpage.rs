//! The year page and the lists as a citizen reads them (issue 18): 其他核算数据 names units and
//! orders its rows, collapses, shows each table's amounts in one exact unit; counts and amounts
//! carry thousands separators; breakdowns are indented; lists are in name order with a type
//! column and total rows; the withheld register sorts and filters through static views. And
//! the attacker's view: a list's total row never pins an amount that is withheld.

use crate::support::ReplaceChecked;
use crate::support::Site;
use crate::web::{between, built, text};

/// Every piece of `s` between `start` and the next `end`, in order.
fn all_between<'a>(s: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find(start) {
        let from = &rest[a + start.len()..];
        let b = from.find(end).unwrap_or(from.len());
        out.push(&from[..b]);
        rest = &from[b..];
    }
    out
}

/// The row headers of a table body, without markup.
fn row_heads(table: &str) -> Vec<String> {
    all_between(table, "<th scope=\"row\"", "</th>")
        .into_iter()
        .map(|h| strip(&h[h.find('>').map_or(0, |i| i + 1)..]))
        .collect()
}

fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Money amounts written in a piece of HTML: "1,286.40万元" → ("1,286.40", "万元").
fn amounts(html: &str) -> Vec<(String, String)> {
    let t = strip(&html.replace('>', "> "));
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if chars[k].is_ascii_digit() && (k == 0 || !chars[k - 1].is_ascii_digit()) {
            let start = k;
            while k < chars.len()
                && (chars[k].is_ascii_digit() || chars[k] == ',' || chars[k] == '.')
            {
                k += 1;
            }
            let num: String = chars[start..k].iter().collect();
            let rest: String = chars[k..chars.len().min(k + 2)].iter().collect();
            if rest == "万元" || rest == "亿元" {
                out.push((num, rest));
            }
        } else {
            k += 1;
        }
    }
    out
}

fn fen(num: &str) -> i128 {
    let n = num.replace(',', "");
    let (int, frac) = n.split_once('.').unwrap_or((&n, ""));
    let frac = format!("{frac:0<6}");
    int.parse::<i128>().unwrap() * 1_000_000 + frac[..6].parse::<i128>().unwrap()
}

#[test]
fn computed_figures_name_units_in_order_and_collapse() {
    let files = built(&Site::example());
    let page = text(&files, "bozhou/2024/index.html");
    let section = between(&page, "<details class=\"computed-figures\"", "</details>");
    // Collapsed by default, opened by its summary (no script).
    assert!(
        section.starts_with(" id=\"computed-figures\">"),
        "{section}"
    );
    assert!(section.contains("<summary><span class=\"computed-title\">其他核算数据</span>"));
    // Unit names, never ids.
    for id in [
        "nyncj", "jtj", "hbj", "slj", "wjw", "zjj", "zwfw", "lcj", "jyj",
    ] {
        assert!(!section.contains(&format!(" {id} ")), "{id} in {section}");
        assert!(!section.contains(&format!("·{id}·")), "{id} in {section}");
    }
    assert!(
        section.contains("博尔塔拉蒙古自治州农业农村局 · 涉及资金"),
        "{section}"
    );
    // One table per kind, in the order of the kinds.
    let captions = all_between(section, "<caption>", "</caption>");
    assert_eq!(
        captions,
        [
            "其他核算数据 · 绩效目标",
            "其他核算数据 · 事前绩效评估",
            "其他核算数据 · 绩效监控",
            "其他核算数据 · 绩效自评",
            "其他核算数据 · 绩效评价"
        ]
    );
    // The kind's own figures first (count, then amounts), then its units by name in pinyin.
    let goals = between(section, "其他核算数据 · 绩效目标", "</table>");
    let heads = row_heads(goals);
    assert_eq!(heads[0], "数量", "{heads:?}");
    assert_eq!(heads[2], "涉及资金", "{heads:?}");
    let units: Vec<&String> = heads.iter().filter(|h| h.ends_with(" · 数量")).collect();
    assert_eq!(
        units.first().map(|s| s.as_str()),
        Some("博尔塔拉蒙古自治州交通运输局 · 数量")
    );
    assert_eq!(
        units.last().map(|s| s.as_str()),
        Some("博尔塔拉蒙古自治州住房和城乡建设局 · 数量")
    );
    // A unit's rows stand one step in, under the kind's own figures.
    assert!(
        goals.contains(
            "<th scope=\"row\" class=\"depth-1\">博尔塔拉蒙古自治州农业农村局 · 数量</th>"
        )
    );
    // The evaluation types' breakdown by grade, two steps in, its type read out first.
    assert!(section.contains("<th scope=\"row\" class=\"depth-2\"><span class=\"visually-hidden\">财政重点评价 · </span>优 · 数量</th>"), "{section}");
}

#[test]
fn each_table_shows_its_amounts_in_one_exact_unit() {
    let files = built(&Site::example());
    let page = text(&files, "bozhou/2024/index.html");
    // 1.46亿元 no longer hides 14,557万元.
    assert!(page.contains("14,557.00万元"), "the unit-wide funds, exact");
    assert!(!page.contains("1.46亿元"));
    // In the computed section and every dashboard panel of computed figures, one unit and one
    // number of decimals per table.
    let section = between(&page, "<details class=\"computed-figures\"", "</details>");
    let dashboard = between(&page, "id=\"dashboard-heading\"", "id=\"figures-heading\"");
    for table in all_between(section, "<table", "</table>")
        .into_iter()
        .chain(all_between(dashboard, "<table", "</table>"))
    {
        let a = amounts(table);
        let units: std::collections::BTreeSet<&String> = a.iter().map(|x| &x.1).collect();
        assert!(units.len() <= 1, "{units:?} in {table}");
        let decimals: std::collections::BTreeSet<usize> = a
            .iter()
            .map(|(n, _)| n.split_once('.').map_or(0, |(_, f)| f.len()))
            .collect();
        assert!(decimals.len() <= 1, "{decimals:?} in {table}");
    }
    // The figures' download keeps exact plain values in 万元.
    let csv = text(&files, "data/bozhou/2024/figures.csv");
    assert!(csv.contains(",14557,"), "{csv}");
}

#[test]
fn counts_and_amounts_have_thousands_separators_and_breakdowns_are_indented() {
    let site = Site::example();
    let files = built(&site);
    let page = text(&files, "changji/2020/index.html");
    assert!(
        page.contains("<td class=\"num\">1,098</td>"),
        "stated count grouped"
    );
    assert!(page.contains("<td class=\"num\">3,309</td>"));
    // 本级/上级 under 其他: indented, with their parent read out first.
    assert!(
        page.contains("<th scope=\"row\" class=\"depth-1\">其他 · 数量</th>"),
        "{page}"
    );
    assert!(page.contains(
        "<th scope=\"row\" class=\"depth-2\"><span class=\"visually-hidden\">其他 · </span>上级 · 数量</th>"
    ));
    assert!(page.contains(
        "<th scope=\"row\" class=\"depth-2\"><span class=\"visually-hidden\">其他 · </span>本级 · 数量</th>"
    ));
    // The download keeps the whole label.
    let csv = text(&files, "data/changji/2020/figures.csv");
    assert!(csv.contains(",其他 · 上级 · 数量,1322,"), "{csv}");
    // In English, yuan with separators.
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        &yaml.replace_checked("\nlanguage: zh-CN\n", "\nlanguage: en\n"),
    );
    let files = built(&site);
    let page = text(&files, "bozhou/2024/index.html");
    assert!(page.contains("145,570,000 yuan"), "unit-wide funds in yuan");
    let list = text(&files, "bozhou/2024/goals/index.html");
    assert!(list.contains(">12,864,000 yuan</td>"), "{list}");
}

#[test]
fn lists_are_in_name_order_with_a_type_column_and_totals() {
    let files = built(&Site::example());
    let list = text(&files, "bozhou/2024/goals/index.html");
    let body = between(&list, "<tbody>", "</tbody>");
    let titles = row_heads(body);
    assert_eq!(
        titles[..4],
        [
            "艾比湖湿地生态保护修复项目",
            "博尔塔拉蒙古自治州交通运输局（部门整体）",
            "博尔塔拉蒙古自治州水利局（部门整体）",
            "博河灌区渠道防渗改造项目"
        ]
    );
    assert_eq!(
        titles.last().map(String::as_str),
        Some("州直中小学供暖设施改造项目")
    );
    // The name column is marked as the sorted one.
    assert!(list.contains("<th scope=\"col\" aria-sort=\"ascending\">名称</th>"));
    // A type column, since 部门整体 and project goals share the list.
    assert!(list.contains("<th scope=\"col\">类型</th>"));
    assert!(body.contains("<td data-sort=\"部门整体\">部门整体</td>"));
    assert!(body.contains("<td data-sort=\"项目\">项目</td>"));
    // Totals in the foot, projects and 部门整体 apart, each the sum of its rows.
    let foot = between(&list, "<tfoot>", "</tfoot>");
    let rows: Vec<&str> = all_between(body, "<tr>", "</tr>");
    let sum = |unit_wide: bool| -> i128 {
        rows.iter()
            .filter(|r| r.contains(">部门整体</td>") == unit_wide)
            .map(|r| fen(&amounts(r)[0].0))
            .sum()
    };
    let totals = all_between(foot, "<tr class=\"total-row\">", "</tr>");
    assert_eq!(totals.len(), 2, "{foot}");
    assert!(totals[0].contains("项目合计") && totals[1].contains("部门整体合计"));
    assert!(totals[0].contains("依据本表所列公开记录计算"));
    assert_eq!(fen(&amounts(totals[0])[0].0), sum(false));
    assert_eq!(fen(&amounts(totals[1])[0].0), sum(true));
    assert_eq!(amounts(totals[1])[0].0, "14,557.00");
    // A monitoring list of two nodes has no total: a project would count once per node.
    let monitoring = text(&files, "bozhou/2024/monitoring/index.html");
    assert!(!monitoring.contains("<tfoot>"));
    let node = text(&files, "bozhou/2024/monitoring/_node_2024-05/index.html");
    assert!(node.contains("<tfoot>"));
}

#[test]
fn the_register_sorts_and_filters_through_static_views() {
    let files = built(&Site::example());
    let register = text(&files, "withheld/index.html");
    for view in [
        "_sort_title",
        "_sort_region",
        "_sort_year",
        "_sort_kind",
        "_sort_reason",
        "_region_bozhou",
        "_region_kashi-edz",
        "_reason_sensitive",
        "_reason_state-secret",
        "_reason_work-secret",
    ] {
        assert!(
            register.contains(&format!("href=\"../withheld/{view}/\"")),
            "{view}"
        );
        text(&files, &format!("withheld/{view}/index.html"));
    }
    assert!(register.contains("<table class=\"register-table\" data-sortable>"));
    // A filter by reason: exactly the stubs of that reason, and a note for the partial table.
    let sensitive = text(&files, "withheld/_reason_sensitive/index.html");
    let entries = between(&sensitive, "id=\"entries-heading\"", "</table>");
    let titles = row_heads(between(entries, "<tbody>", "</tbody>"));
    assert_eq!(
        titles,
        [
            "政府购买服务项目绩效评价报告（不予公开）",
            "财政政策绩效评价报告（不予公开）"
        ]
    );
    assert!(!between(entries, "<tbody>", "</tbody>").contains("工作秘密"));
    assert!(sensitive.contains("按不予公开理由筛选时只列不予公开的条目"));
    assert!(sensitive.contains("<title>不予公开信息目录（不予公开理由：敏感信息）"));
    // A view points search engines at the register itself.
    assert!(
        sensitive.contains(
            "<link rel=\"canonical\" href=\"https://www.example.gov.cn/yjgk/withheld/\">"
        )
    );
    // A filter by body: that body's rows in both tables.
    let bozhou = text(&files, "withheld/_region_bozhou/index.html");
    let partial = between(&bozhou, "id=\"partial-heading\"", "</table>");
    let body = between(partial, "<tbody>", "</tbody>");
    assert!(
        !body.contains("喀什") && body.matches("<tr>").count() == 3,
        "{body}"
    );
    // A sort by title: pinyin order.
    let by_title = text(&files, "withheld/_sort_title/index.html");
    let titles = row_heads(between(&by_title, "<tbody>", "</tbody>"));
    assert_eq!(titles[0], "财政政策绩效评价报告（不予公开）", "{titles:?}");
    assert_eq!(titles.last().unwrap(), "重点项目绩效评价报告（不予公开）");
    assert!(by_title.contains("<th scope=\"col\" aria-sort=\"ascending\">名称</th>"));
}

/// The attacker: a goal whose amount is withheld sits in a list with a total row. The total is
/// the sum of the amounts shown, says one amount is left out, and neither it nor any other
/// file of the site gives the withheld amount.
#[test]
fn a_list_total_never_pins_a_withheld_amount() {
    let site = Site::example();
    site.write(
        "content/bozhou/2024/goals/secret-amount.yaml",
        "id: secret-amount\nscope: project\nproject: { name: 保密金额项目 }\nunit: jtj\nfunds: { total: \"777.77万元\" }\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [funds.total] }\n",
    );
    let files = built(&site);
    for (path, bytes) in &files {
        let t = String::from_utf8_lossy(bytes);
        for secret in ["777.77", "7,777,700", "777.770", "77777"] {
            assert!(!t.contains(secret), "{secret} in {path}");
        }
    }
    for page in [
        "bozhou/2024/goals/index.html",
        "bozhou/2024/goals/_unit_jtj/index.html",
    ] {
        let list = text(&files, page);
        let body = between(&list, "<tbody>", "</tbody>");
        let row = all_between(body, "<tr>", "</tr>")
            .into_iter()
            .find(|r| r.contains("保密金额项目"))
            .unwrap();
        assert!(row.contains("<span class=\"withheld\">"), "{row}");
        let project_rows: Vec<&str> = all_between(body, "<tr>", "</tr>")
            .into_iter()
            .filter(|r| r.contains(">项目</td>"))
            .collect();
        let shown: i128 = project_rows
            .iter()
            .filter_map(|r| amounts(r).first().map(|a| fen(&a.0)))
            .sum();
        let foot = between(&list, "<tfoot>", "</tfoot>");
        let total = all_between(foot, "<tr class=\"total-row\">", "</tr>")[0];
        assert!(total.contains("项目合计"), "{total}");
        assert_eq!(fen(&amounts(total)[0].0), shown, "{page}: {total}");
        assert!(total.contains("另有 1 项不予公开"), "{total}");
    }
}
