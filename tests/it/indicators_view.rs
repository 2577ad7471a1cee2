//! The indicator table of a record page as a reader gets it: the name of each indicator is its
//! row's header, the key columns come first, and 达成情况 says in words whether the shown actual
//! met the shown target, by the operator, or the words of a 定性 actual. Where the target or the
//! actual is withheld, the column shows the marker, the same whatever the withheld value is.

use crate::support::{Site, snapshot};

const SELF: &str = "content/demo/2024/self-evaluations/road.yaml";
const PAGE: &str = "public/demo/2024/self-evaluations/road/index.html";

fn built(site: &Site) -> &Site {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// A self-evaluation with the given indicator lines (YAML flow maps) and extra keys.
fn self_evaluation(indicators: &[String], extra: &str) -> String {
    let mut s = String::from(
        "id: road\nscope: project\nproject: { name: 乡村道路养护项目 }\nunit: jtj\nbudget: { adjusted: \"100万元\", executed: \"100万元\" }\nindicators:\n",
    );
    for i in indicators {
        s.push_str(&format!("  - {i}\n"));
    }
    s.push_str(extra);
    s
}

fn quantitative(name: &str, op: &str, target: &str, actual: &str) -> String {
    format!(
        "{{ level1: 产出指标, level2: 数量, name: {name}, op: \"{op}\", target: \"{target}\", weight: 20, actual: \"{actual}\" }}"
    )
}

fn qualitative(name: &str, actual: &str) -> String {
    format!(
        "{{ level1: 效益指标, level2: 社会效益, name: {name}, op: 定性, target: 有效改善, weight: 20, actual: {actual}, score: 18 }}"
    )
}

/// The rows of the page's indicator table: (row header, cells' text), tags removed.
fn rows(html: &str) -> Vec<(String, Vec<String>)> {
    let table = &html[html
        .find("class=\"indicator-table")
        .expect("an indicator table")..];
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let header = row
                .split("<th scope=\"row\"")
                .nth(1)
                .expect("every row has a row header");
            let header =
                text(&header[header.find('>').unwrap() + 1..header.find("</th>").unwrap()]);
            let cells = row
                .split("<td")
                .skip(1)
                .map(|c| text(&c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()]))
                .collect();
            (header, cells)
        })
        .collect()
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            _ if !tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The column headers of the page's indicator table.
fn headers(html: &str) -> Vec<String> {
    let table = &html[html.find("class=\"indicator-table").unwrap()..];
    let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
    head.split("<th scope")
        .skip(1)
        .map(|h| text(&h[h.find('>').unwrap() + 1..]))
        .collect()
}

#[test]
fn the_met_column_follows_the_operator_and_the_words_of_a_qualitative_actual() {
    let site = Site::fixture("minimal");
    let cases = [
        (quantitative("大于等于达到", "≥", "86", "88"), "达成"),
        (quantitative("大于等于未达到", "≥", "86", "85.9"), "未达成"),
        (quantitative("大于等于恰好", "≥", "98%", "98%"), "达成"),
        (quantitative("小于等于达到", "≤", "30", "28"), "达成"),
        (quantitative("小于等于超出", "≤", "30", "32"), "未达成"),
        (quantitative("等于相等", "=", "100%", "100%"), "达成"),
        (quantitative("等于不等", "=", "100", "98"), "未达成"),
        (quantitative("大于恰好相等", ">", "5", "5"), "未达成"),
        (quantitative("大于超过", ">", "5", "6"), "达成"),
        (quantitative("小于低于", "<", "5", "4"), "达成"),
        (quantitative("实际不是数字", "≥", "5", "约6"), "—"),
        (qualitative("定性达成", "达成年度指标，群众满意"), "达成"),
        (
            qualitative("定性部分达成", "部分达成年度指标并具有一定效果"),
            "部分达成",
        ),
        (qualitative("定性基本达成", "基本达成"), "部分达成"),
        (
            qualitative("定性未达成", "未达成年度指标且效果较差"),
            "未达成",
        ),
        (qualitative("定性未说明", "明显改善"), "—"),
    ];
    let lines: Vec<String> = cases.iter().map(|(l, _)| l.clone()).collect();
    site.write(SELF, &self_evaluation(&lines, ""));
    built(&site);
    let html = site.read(PAGE);
    let head = headers(&html);
    assert_eq!(
        head[..5],
        ["三级指标", "运算符", "指标值", "实际完成值", "达成情况"],
        "the key columns come first: {head:?}"
    );
    let got = rows(&html);
    assert_eq!(got.len(), cases.len());
    for ((line, want), (name, cells)) in cases.iter().zip(&got) {
        assert!(line.contains(name.as_str()), "row header {name} for {line}");
        assert_eq!(cells[3], *want, "{name}: {cells:?}");
    }
}

/// Withheld: the first indicator's target, the second's target and actual, the third's (定性)
/// actual, with their scores and the total; the fourth is public.
const WITHHELD: &str = "disclosure: { status: 部分公开, reason: 工作秘密, fields: [score, grade, indicators.1.target, indicators.1.score, indicators.2.target, indicators.2.actual, indicators.2.score, indicators.3.actual, indicators.3.score] }\n";

fn partly_withheld(site: &Site, target: &str, actual: &str, words: &str) {
    let lines = [
        quantitative("目标不予公开", "≥", target, "88"),
        quantitative("目标和实际不予公开", "≥", target, actual),
        qualitative("定性实际不予公开", words),
        quantitative("公开的指标", "≥", "86", "88"),
    ];
    site.write(SELF, &self_evaluation(&lines, WITHHELD));
    built(site);
}

#[test]
fn a_withheld_target_or_actual_shows_the_marker_not_a_status() {
    let site = Site::fixture("minimal");
    partly_withheld(&site, "86", "88", "达成年度指标");
    let got = rows(&site.read(PAGE));
    assert_eq!(got.len(), 4);
    for (name, cells) in &got[..3] {
        assert!(cells[3].contains("不予公开"), "{name}: {cells:?}");
    }
    assert_eq!(got[3].1[3], "达成", "the public indicator: {:?}", got[3]);
}

/// The attacker builds the site three times, with the withheld values once meeting and twice
/// missing the target, and compares every published file: none differs.
#[test]
fn the_met_column_does_not_tell_a_withheld_value() {
    let variants = [
        ("86", "88", "达成年度指标"),
        ("1000", "88", "未达成年度指标且效果较差"),
        ("86", "10", "部分达成年度指标"),
    ];
    let mut outputs = Vec::new();
    for (target, actual, words) in variants {
        let site = Site::fixture("minimal");
        partly_withheld(&site, target, actual, words);
        outputs.push(snapshot(&site.path().join("public")));
    }
    for other in &outputs[1..] {
        assert_eq!(outputs[0].len(), other.len());
        for ((path, a), (_, b)) in outputs[0].iter().zip(other) {
            assert!(a == b, "{path} differs with the withheld value");
        }
    }
}

#[test]
fn a_goal_has_no_met_column_and_names_its_rows() {
    let site = Site::fixture("minimal");
    built(&site);
    let html = site.read("public/demo/2024/goals/road/index.html");
    let head = headers(&html);
    assert!(!head.iter().any(|h| h == "达成情况"), "{head:?}");
    assert_eq!(head[..3], ["三级指标", "运算符", "指标值"]);
    assert!(rows(&html).iter().all(|(name, _)| !name.is_empty()));
}
