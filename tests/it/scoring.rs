//! Self-evaluation scoring per 财预〔2020〕10号 and its 附件 项目支出绩效自评表, as the built
//! site publishes it and `check` reports it: 预算执行率 10 points, a 正向 (≥) indicator
//! actual / target × weight, a 反向 (≤) one target / actual × weight, a missed `=` indicator
//! proportional credit (or the body's own rule, `rules.eq_indicator`), a 定性 score within its
//! weight, weights adding up to 90, actuals written "98%", and the total truncated (89.995 is
//! 89.99, 良).

use crate::support::ReplaceChecked;
use std::collections::BTreeMap;

use crate::support::Site;

const SE: &str = "content/demo/2024/self-evaluations/road.yaml";
const DATA: &str = "public/data/demo/2024";

fn with(site: &Site, from: &str, to: &str) {
    let text = site.read(SE);
    assert!(text.contains(from), "{from}");
    site.write(SE, &text.replace_checked(from, to));
}

/// The minimal site with its self-evaluation replaced by one with the budget fully executed
/// (预算执行率 10 points), the given indicators and no stated score or grade.
fn scored(indicators: &[&str]) -> Site {
    let site = Site::fixture("minimal");
    let mut yaml = String::from(
        "id: road\nscope: project\nproject: { name: 乡村道路养护项目 }\nunit: jtj\nbudget: { initial: \"100万元\", adjusted: \"100万元\", executed: \"100万元\" }\nindicators:\n",
    );
    for (n, i) in indicators.iter().enumerate() {
        yaml += &format!("  - {{ level1: 产出指标, level2: 数量, name: 指标{n}, {i} }}\n");
    }
    site.write(SE, &yaml);
    site
}

fn csv(site: &Site, stem: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(site.path().join(DATA).join(format!("{stem}.csv"))).unwrap();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|row| {
            head.iter()
                .zip(row.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// What the built site publishes about the self-evaluation: its computed score, its grade
/// and each indicator's score, as in the data downloads.
struct Published {
    total: String,
    grade: String,
    indicators: Vec<String>,
    check: String,
}

fn publish(site: &Site) -> Published {
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    let check = site.check();
    let rec = csv(site, "self-evaluations")
        .into_iter()
        .find(|r| r["id"] == "road")
        .unwrap();
    let indicators = csv(site, "self-evaluations-indicators")
        .into_iter()
        .filter(|r| r["record_id"] == "road")
        .map(|r| r["score"].clone())
        .collect();
    Published {
        total: rec["computed_score"].clone(),
        grade: rec["grade"].clone(),
        indicators,
        check: check.stderr,
    }
}

#[test]
fn a_ge_indicator_met_earns_its_weight_and_one_missed_earns_actual_over_target() {
    let p = publish(&scored(&[
        "op: \"≥\", target: 86, unit: 公里, weight: 40, actual: 88",
        "op: \"≥\", target: 90, unit: \"%\", weight: 50, actual: 72",
    ]));
    // 88 of ≥ 86: 40; 72 of ≥ 90: 72 / 90 × 50 = 40; 10 + 40 + 40
    assert_eq!(p.indicators, ["40.00", "40.00"]);
    assert_eq!(p.total, "90.00");
    assert_eq!(p.grade, "优");
    assert!(!p.check.contains("W109"), "{}", p.check);
}

#[test]
fn a_le_indicator_within_earns_its_weight_and_one_exceeded_earns_target_over_actual() {
    let p = publish(&scored(&[
        "op: \"≤\", target: 30, unit: 天, weight: 45, actual: 25",
        "op: \"≤\", target: 30, unit: 天, weight: 45, actual: 32",
    ]));
    // 30 / 32 × 45 = 42.1875; the total 97.1875 is shown truncated
    assert_eq!(p.indicators, ["45.00", "42.19"]);
    assert_eq!(p.total, "97.18");
    assert_eq!(p.grade, "优");
}

#[test]
fn a_missed_eq_indicator_earns_proportional_credit_not_zero() {
    let p = publish(&scored(&[
        "op: \"=\", target: 100, unit: \"%\", weight: 30, actual: 100",
        "op: \"=\", target: 100, unit: \"%\", weight: 30, actual: 98",
        "op: \"=\", target: 100, unit: \"%\", weight: 30, actual: 105",
    ]));
    // 30; 98 of 100: 29.4; 105 of 100 is as far off: 28.5 (all or nothing gave 40, 差)
    assert_eq!(p.indicators, ["30.00", "29.40", "28.50"]);
    assert_eq!(p.total, "97.90");
    assert_eq!(p.grade, "优");
}

#[test]
fn a_body_that_scores_eq_all_or_nothing_says_so_in_its_rules_site_wide_or_its_own() {
    let site = scored(&[
        "op: \"=\", target: 100, unit: \"%\", weight: 30, actual: 100",
        "op: \"=\", target: 100, unit: \"%\", weight: 30, actual: 98",
        "op: \"≥\", target: 100, unit: \"%\", weight: 30, actual: 98",
    ]);
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}rules:\n  eq_indicator: all_or_nothing\n"),
    );
    let p = publish(&site);
    // the missed = indicator earns nothing under the body's rule; ≥ stays proportional
    assert_eq!(p.indicators, ["30.00", "0.00", "29.40"]);
    assert_eq!(p.total, "69.40");
    assert_eq!(p.grade, "中");
    // a body's own region.yaml rule overrides the site's
    let region = site.read("content/demo/region.yaml");
    site.write(
        "content/demo/region.yaml",
        &format!("{region}rules: {{ eq_indicator: 按比例 }}\n"),
    );
    let p = publish(&site);
    assert_eq!(p.indicators, ["30.00", "29.40", "29.40"]);
    assert_eq!(p.total, "98.80");
    assert_eq!(p.grade, "优");
    site.write("content/demo/region.yaml", &region);
    // an unknown rule stops the build and says what may be written
    site.write(
        "site.yaml",
        &format!("{config}rules:\n  eq_indicator: 四舍五入\n"),
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`=` 指标的计分规则 `四舍五入` 无法识别"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("all_or_nothing"), "{}", run.stderr);
}

#[test]
fn a_total_just_under_ninety_is_truncated_and_graded_good_not_excellent() {
    let p = publish(&scored(&[
        "op: \"≥\", target: 90, unit: \"%\", weight: 90, actual: 79.995",
    ]));
    // 10 + 79.995: rounding would show 90.00 and grade it 优
    assert_eq!(p.total, "89.99");
    assert_eq!(p.grade, "良");
}

#[test]
fn a_stated_score_off_the_proportional_credit_is_reported() {
    let site = Site::fixture("minimal");
    with(
        &site,
        "op: \"≥\", target: 86, unit: 公里, weight: 30, actual: 88",
        "op: \"=\", target: 100, unit: 公里, weight: 30, actual: 98",
    );
    let run = site.check();
    // 10 + 29.4 + 30 + 30: the stated 100 is 0.6 off, not 30
    assert!(
        run.stderr
            .contains("the stated `score` is 100, but the indicators give 99.40"),
        "{}",
        run.stderr
    );
}

#[test]
fn weights_that_do_not_add_up_to_ninety_are_reported() {
    let site = Site::fixture("minimal");
    assert!(!site.check().stderr.contains("W109"));
    with(&site, "weight: 30, actual: 95", "weight: 20, actual: 95");
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("警告[W109]: 各项绩效指标的分值合计为80分，不是90分"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_qualitative_score_above_its_weight_is_an_error() {
    let site = Site::fixture("minimal");
    with(
        &site,
        "actual: 明显改善, score: 30",
        "actual: 明显改善, score: 35",
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("错误[E030]: 第 2 项指标的得分高于该指标的分值"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_actual_written_with_a_percent_sign_is_scored() {
    let p = publish(&scored(&[
        "op: \"≥\", target: 90%, weight: 45, actual: \"95%\"",
        "op: \"≥\", target: 90%, weight: 45, actual: \"72%\"",
    ]));
    // 95% of ≥ 90%: 45; 72% of it: 36
    assert_eq!(p.indicators, ["45.00", "36.00"]);
    assert_eq!(p.total, "91.00");
    assert!(!p.check.contains("W101"), "{}", p.check);
    // one that is not a number is reported rather than silently left unscored
    let site = Site::fixture("minimal");
    with(
        &site,
        "weight: 30, actual: 95 }",
        "weight: 30, actual: 约95 }",
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert!(
        run.stderr
            .contains("警告[W101]: 第3项指标的实际完成值（`actual`）不是数字，无法按公式计分"),
        "{}",
        run.stderr
    );
}

/// The disclosure gate models the body's `=` rule: with 98 of 100 withheld, proportional credit
/// (78.4 of 80 points) would tell the actual through the stated total, so that build stops;
/// all or nothing (0 points) tells only that it missed, so the same record builds and the
/// actual stays unpublished.
#[test]
fn the_gate_judges_a_withheld_eq_actual_by_the_bodys_rule() {
    let site = scored(&[
        "op: \"=\", target: 100, unit: 公里, weight: 80, actual: 98.7",
        "op: \"≥\", target: 5, unit: 个, weight: 10, actual: 5",
    ]);
    let text = site.read(SE);
    let stated = |score: &str| {
        format!(
            "{text}score: {score}\ndisclosure: {{ status: 部分公开, reason: 商业秘密, fields: [indicators.1.actual] }}\n"
        )
    };
    // 10 + 78.96 + 10
    site.write(SE, &stated("98.96"));
    let run = site.build();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("error[E044]"), "{}", run.stderr);
    assert!(!run.stderr.contains("98.7"), "{}", run.stderr);
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}rules:\n  eq_indicator: all_or_nothing\n"),
    );
    // 10 + 0 + 10
    site.write(SE, &stated("20"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rec = csv(&site, "self-evaluations");
    assert_eq!(rec[0]["score"], "20");
    for f in crate::support::snapshot(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&f.1);
        assert!(!text.contains("98.7"), "{}", f.0);
    }
}

/// 10号 附件: a 定性 indicator is scored in the band of how far it was achieved — 达成 100–80%
/// of its weight, 部分达成 80–60%, 未达成 under 60% — where its actual says which.
#[test]
fn a_qualitative_score_outside_the_band_its_actual_names_is_reported() {
    let warns = |actual: &str, score: &str| -> Vec<String> {
        let site = scored(&[
            "op: \"≥\", target: 86, unit: 公里, weight: 60, actual: 88",
            &format!("op: 定性, target: 有效改善, weight: 30, actual: {actual}, score: {score}"),
        ]);
        let run = site.run(&["check", ".", "--lang", "zh"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
            .lines()
            .filter(|l| l.starts_with("警告[W101]") && l.contains("定性"))
            .map(str::to_string)
            .collect()
    };
    assert!(warns("达成年度指标，群众满意", "27").is_empty());
    assert!(
        warns("达成年度指标，群众满意", "24").is_empty(),
        "80% is included"
    );
    assert!(warns("部分达成，效果一般", "21").is_empty());
    assert!(warns("未达成，效果较差", "10").is_empty());
    assert!(
        warns("明显改善", "10").is_empty(),
        "no level named: not checked"
    );
    let w = warns("部分达成，效果一般", "27");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("部分达成"), "{w:?}");
    assert_eq!(warns("达成年度指标", "23").len(), 1);
    assert_eq!(
        warns("未达成，效果较差", "18").len(),
        1,
        "60% is not 未达成"
    );
}
