//! Self-evaluation scoring per 财预〔2020〕10号 as `check` reports it: a missed = indicator
//! earns proportional credit, indicator weights add up to 90, a 定性 score stays within its
//! weight, and an actual written "95%" is scored rather than silently skipped.

use crate::support::Site;

const SE: &str = "content/demo/2024/self-evaluations/road.yaml";

fn with(site: &Site, from: &str, to: &str) {
    let text = site.read(SE);
    assert!(text.contains(from), "{from}");
    site.write(SE, &text.replace(from, to));
}

#[test]
fn a_missed_eq_indicator_earns_proportional_credit_not_zero() {
    let site = Site::fixture("minimal");
    with(
        &site,
        "op: \"≥\", target: 86, unit: 公里, weight: 30, actual: 88",
        "op: \"=\", target: 100, unit: 公里, weight: 30, actual: 98",
    );
    let run = site.check();
    // 10 + 29.4 + 30 + 30: the stated 100 is 0.6 off, not 30
    assert!(
        run.stderr.contains(
            "the stated `score` 100 differs from the score computed from the indicators, 99.40"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn weights_that_do_not_add_up_to_ninety_are_reported() {
    let site = Site::fixture("minimal");
    with(&site, "weight: 30, actual: 95", "weight: 20, actual: 95");
    let run = site.check();
    assert!(
        run.stderr
            .contains("warning[W109]: 各项绩效指标的分值合计为80分，不是90分"),
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
    let run = site.check();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[E030]: 第2项指标的得分高于该指标的分值"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_actual_written_with_a_percent_sign_is_scored() {
    let site = Site::fixture("minimal");
    // 95% of a 90% target: full points, the stated 100 agrees
    with(
        &site,
        "weight: 30, actual: 95 }",
        "weight: 30, actual: \"95%\" }",
    );
    let run = site.check();
    assert!(!run.stderr.contains("W101"), "{}", run.stderr);
    // 80% of it: 26.67 points, and the stated 100 is flagged instead of silently passing
    with(&site, "actual: \"95%\"", "actual: \"80%\"");
    let run = site.check();
    assert!(
        run.stderr.contains("computed from the indicators, 96.66"),
        "{}",
        run.stderr
    );
    with(&site, "actual: \"80%\"", "actual: 约80");
    let run = site.check();
    assert!(
        run.stderr
            .contains("warning[W101]: 第3项指标的实际完成值不是数字，无法按公式计分"),
        "{}",
        run.stderr
    );
}
