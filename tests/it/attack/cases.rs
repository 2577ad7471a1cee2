//! One regression test per leak of classes 1–3 of issue 14. Each builds a tiny site, attacks
//! it, and requires no leak. Those that fail before the gate rewrite are ignored with the
//! reason; run them with `cargo test --test it attack -- --ignored`.

use super::{attack, tiny};

const Y: &str = "content/demo/2024";

fn se(id: &str, executed: &str, inds: &str, tail: &str) -> String {
    format!(
        "id: {id}\nscope: project\nproject: {{ name: 项目{id} }}\nunit: jtj\nbudget: {{ initial: \"100万元\", adjusted: \"100万元\", executed: \"{executed}万元\" }}\nindicators:\n{inds}{tail}"
    )
}

fn ind(name: &str, op: &str, target: &str, weight: u32, actual: &str) -> String {
    format!(
        "  - {{ level1: 产出指标, level2: 数量, name: {name}, op: \"{op}\", target: {target}, unit: 公里, weight: {weight}, actual: {actual} }}\n"
    )
}

fn ex_ante(id: &str, req: &str, app: &str, c: &str, tail: &str) -> String {
    format!(
        "id: {id}\nproject: {{ name: 项目{id} }}\nunit: jtj\nrequested: \"{req}万元\"\napproved: \"{app}万元\"\nconclusion: {c}\n{tail}"
    )
}

fn mon(id: &str, budget: &str, exec: &str, flag: &str, tail: &str) -> String {
    format!(
        "id: {id}\nnode: 2024-05\nscope: project\nproject: {{ name: 项目{id} }}\nunit: jtj\nbudget: \"{budget}万元\"\nexecuted: \"{exec}万元\"\nflag: {flag}\n{tail}"
    )
}

fn eval(id: &str, ty: &str, score: &str, tail: &str) -> String {
    format!(
        "id: {id}\ntype: {ty}\ntitle: 报告{id}\nsubject: {{ project: {{ name: 项目{id} }} }}\nunit: jtj\nfunds: \"50万元\"\nscore: {score}\n{tail}"
    )
}

const STUB: &str = "disclosure: { status: 不予公开, reason: 国家秘密 }\n";

fn partial(fields: &str) -> String {
    format!("disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [{fields}] }}\n")
}

fn no_leak(leaks: Vec<String>) {
    assert!(
        leaks.is_empty(),
        "recovered from the output:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn class1_executed_from_score_and_indicator_scores() {
    let s = tiny();
    let inds = ind("里程", "≥", "86", 90, "86");
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se(
            "sec",
            "87.65",
            &inds,
            &format!("score: 98.765\n{}", partial("budget.executed")),
        ),
    );
    no_leak(attack(
        &s,
        &[("self-evaluations/sec/budget_executed", "87.65")],
        &[],
        &["87.65"],
    ));
}

#[test]
fn class1_indicator_actual_from_scores() {
    let s = tiny();
    let inds = format!(
        "{}{}",
        ind("里程", "≥", "86", 80, "86"),
        ind("时长", "≤", "5.9", 10, "5.99")
    );
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se(
            "sec",
            "100",
            &inds,
            &format!("score: 99.85\n{}", partial("indicators.2.actual")),
        ),
    );
    no_leak(attack(
        &s,
        &[("self-evaluations/sec/indicators.2.actual", "5.99")],
        &[],
        &["5.99"],
    ));
}

#[test]
fn class1_grade_from_score() {
    let s = tiny();
    let inds = ind("里程", "≥", "86", 90, "86");
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se(
            "sec",
            "100",
            &inds,
            &format!("score: 100\ngrade: 优\n{}", partial("grade")),
        ),
    );
    no_leak(attack(&s, &[], &["self-evaluations/sec/grade"], &[]));
}

#[test]
fn class1_fiscal_from_total_and_other() {
    let s = tiny();
    s.write(&format!("{Y}/goals/sec.yaml"), &format!("id: sec\nscope: project\nproject: {{ name: 项目sec }}\nunit: jtj\nfunds: {{ total: \"135.5万元\", fiscal: \"120.25万元\", other: \"15.25万元\" }}\nindicators:\n{}{}", ind("里程", "≥", "86", 90, "86").replace(", actual: 86", ""), partial("funds.fiscal")));
    no_leak(attack(
        &s,
        &[("goals/sec/funds_fiscal", "120.25")],
        &[],
        &["120.25"],
    ));
}

#[test]
fn class1_monitoring_executed_from_rate() {
    let s = tiny();
    s.write(
        &format!("{Y}/monitoring/sec.yaml"),
        &mon("sec", "40", "38.77", "正常", &partial("executed")),
    );
    no_leak(attack(
        &s,
        &[("monitoring/sec/executed", "38.77")],
        &[],
        &["38.77"],
    ));
}

#[test]
fn class1_cut_of_two_withheld_amounts_from_stated_total() {
    let s = tiny();
    s.write(
        &format!("{Y}/ex-ante/pub.yaml"),
        &ex_ante("pub", "560.3", "312.1", "部分支持", ""),
    );
    s.write(
        &format!("{Y}/ex-ante/sec.yaml"),
        &ex_ante(
            "sec",
            "100.11",
            "80.11",
            "支持",
            &partial("requested, approved"),
        ),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "ex_ante: { count: 2, cut: \"268.2万元\" }\n",
    );
    no_leak(attack(
        &s,
        &[("ex-ante/sec/cut", "20")],
        &[],
        &["100.11", "80.11"],
    ));
}

#[test]
fn class2_stated_rate_with_its_base() {
    let s = tiny();
    s.write(
        &format!("{Y}/monitoring/pub.yaml"),
        &mon("pub", "10", "9", "正常", ""),
    );
    s.write(
        &format!("{Y}/monitoring/sec.yaml"),
        &mon("sec", "10", "8.34", "正常", &partial("executed")),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "monitoring: { \"2024-05\": { count: 2, budget: \"20万元\", rate: \"86.7%\" } }\n",
    );
    no_leak(attack(
        &s,
        &[("monitoring/sec/executed", "8.34")],
        &[],
        &["8.34"],
    ));
}

#[test]
fn class2_average_score_times_count() {
    let s = tiny();
    s.write(
        &format!("{Y}/evaluations/pub.yaml"),
        &eval("pub", "财政重点评价", "80", ""),
    );
    s.write(
        &format!("{Y}/evaluations/sec.yaml"),
        &eval("sec", "财政重点评价", "90.5", &partial("score")),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "evaluations: { 财政重点评价: { count: 2, score: \"85.25\" } }\n",
    );
    no_leak(attack(
        &s,
        &[("evaluations/sec/score", "90.5")],
        &[],
        &["90.5"],
    ));
}

fn grades_site(summary: &str) -> crate::support::Site {
    let s = tiny();
    let good = ind("里程", "≥", "100", 90, "80");
    let best = ind("里程", "≥", "86", 90, "86");
    s.write(
        &format!("{Y}/self-evaluations/a.yaml"),
        &se("a", "100", &good, ""),
    );
    s.write(
        &format!("{Y}/self-evaluations/b.yaml"),
        &se("b", "100", &good, ""),
    );
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se("sec", "100", &best, STUB),
    );
    s.write(&format!("{Y}/summary.yaml"), summary);
    s
}

#[test]
fn class2_by_grade_given_as_share() {
    let s =
        grades_site("self_evaluations: { count: 3, by_grade: { 良: { share: \"66.67%\" } } }\n");
    no_leak(attack(&s, &[], &["self-evaluations/#3/grade"], &[]));
}

#[test]
fn class3_excellent_third_of_three_with_no_public_excellent() {
    let s = grades_site(
        "self_evaluations: { count: 3, by_grade: { 优: { count: 1, share: \"33.33%\" } } }\n",
    );
    no_leak(attack(&s, &[], &["self-evaluations/#3/grade"], &[]));
}

#[test]
fn class2_monitoring_yellow_count() {
    let s = tiny();
    s.write(
        &format!("{Y}/monitoring/pub.yaml"),
        &mon("pub", "10", "9", "正常", ""),
    );
    s.write(
        &format!("{Y}/monitoring/sec.yaml"),
        &mon("sec", "10", "2", "黄标", STUB),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "monitoring: { \"2024-05\": { count: 2, yellow: 1 } }\n",
    );
    no_leak(attack(&s, &[], &["monitoring/#2/flag"], &[]));
}

#[test]
fn class2_partial_coverage_with_every_record_on_the_site() {
    let s = tiny();
    s.write(
        &format!("{Y}/ex-ante/pub.yaml"),
        &ex_ante("pub", "560.3", "312.1", "部分支持", ""),
    );
    s.write(
        &format!("{Y}/ex-ante/sec.yaml"),
        &ex_ante("sec", "77.77", "66.66", "支持", STUB),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "ex_ante: { count: 2, requested: \"638.07万元\", coverage: partial }\n",
    );
    no_leak(attack(
        &s,
        &[("ex-ante/#2/requested", "77.77")],
        &[],
        &["77.77", "66.66"],
    ));
}

#[test]
fn class3_suppressed_row_names_the_hidden_type() {
    let s = tiny();
    s.write(
        &format!("{Y}/evaluations/pub.yaml"),
        &eval("pub", "财政重点评价", "80", ""),
    );
    s.write(
        &format!("{Y}/evaluations/sec.yaml"),
        &eval("sec", "专项债券评价", "70", STUB),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "evaluations: { 财政重点评价: { count: 1 }, 专项债券评价: { count: 1, withheld: 1 } }\n",
    );
    no_leak(attack(&s, &[], &["evaluations/#2/type"], &[]));
}

#[test]
fn class3_conclusion_of_a_stub_from_counts() {
    let s = tiny();
    s.write(
        &format!("{Y}/ex-ante/pub.yaml"),
        &ex_ante("pub", "560.3", "312.1", "部分支持", ""),
    );
    s.write(
        &format!("{Y}/ex-ante/sec.yaml"),
        &ex_ante("sec", "100", "100", "支持", STUB),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        "ex_ante: { count: 2, by_conclusion: { 支持: { count: 1 }, 部分支持: { count: 1 } } }\n",
    );
    no_leak(attack(&s, &[], &["ex-ante/#2/conclusion"], &[]));
}

/// Found by the proptest (`attack::prop`): withholding a computed indicator score (no `score`
/// stated for the indicator) leaves it printed in the indicators table and on the page.
#[test]
fn prop_withheld_computed_indicator_score_is_printed() {
    let s = tiny();
    let inds = ind("时长", "≤", "1", 90, "1");
    s.write(
        &format!("{Y}/self-evaluations/r1.yaml"),
        &se(
            "r1",
            "100",
            &inds,
            &format!("score: 100.0\ngrade: 优\n{}", partial("indicators.1.score")),
        ),
    );
    no_leak(attack(
        &s,
        &[("self-evaluations/r1/indicators.1.score", "90")],
        &[],
        &[],
    ));
}

/// Found by the proptest (`attack::prop`): with the indicator scores public, the total is at
/// most their sum plus the 10 execution points (32.28 + 10 < 60), so a withheld grade is 差
/// even when the execution figures, the score and the grade are all withheld.
#[test]
fn prop_grade_from_indicator_scores_and_execution_cap() {
    let s = tiny();
    let inds = format!(
        "{}{}",
        ind("时长", "≤", "58", 21, "65"),
        ind("成本", "≤", "31", 69, "158")
    );
    s.write(
        &format!("{Y}/self-evaluations/r2.yaml"),
        &se(
            "r2",
            "100",
            &inds,
            &format!(
                "score: 42.3\ngrade: 差\n{}",
                partial("budget.adjusted, grade")
            ),
        ),
    );
    no_leak(attack(&s, &[], &["self-evaluations/r2/grade"], &[]));
}

/// Two goals, one whose total is withheld (100万元), and a stated total written loosely.
fn loose_goals(funds: &str) -> crate::support::Site {
    let s = tiny();
    let goal = |id: &str, total: &str, tail: &str| {
        format!(
            "id: {id}\nscope: project\nproject: {{ name: 项目{id} }}\nunit: jtj\nfunds: {{ total: \"{total}万元\" }}\nindicators:\n{}{tail}",
            ind("里程", "≥", "86", 90, "86").replace(", actual: 86", "")
        )
    };
    s.write(&format!("{Y}/goals/pub.yaml"), &goal("pub", "135.5", ""));
    s.write(
        &format!("{Y}/goals/sec.yaml"),
        &goal("sec", "100", &partial("funds.total")),
    );
    s.write(
        &format!("{Y}/summary.yaml"),
        &format!("goals: {{ count: 2, funds: \"{funds}\" }}\n"),
    );
    s
}

#[test]
fn stated_figures_written_loosely_bound_as_their_words_say() {
    // A narrow range or an about-figure on the last digit would pin the withheld 100万元; a
    // figure of 200余万元 leaves it 100万元 wide. The attacker reads each as its interval.
    for funds in [
        "235.4-235.6万元",
        "约236万元",
        "235万元以上",
        "不足236万元",
        "200余万元",
        "约0.024亿元",
    ] {
        let s = loose_goals(funds);
        no_leak(attack(&s, &[("goals/sec/funds_total", "100")], &[], &[]));
    }
}

/// Issue 15: an = indicator earns proportional credit (10号), so its points tell a withheld
/// actual (98 of target 100, weight 80: 78.4 points) through the published total.
#[test]
fn eq_indicator_actual_from_proportional_credit() {
    let s = tiny();
    let inds = format!(
        "{}{}",
        ind("里程", "=", "100", 80, "98"),
        ind("时长", "≥", "5", 10, "5")
    );
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se(
            "sec",
            "100",
            &inds,
            &format!("score: 98.4\n{}", partial("indicators.1.actual")),
        ),
    );
    no_leak(attack(
        &s,
        &[("self-evaluations/sec/indicators.1.actual", "98")],
        &[],
        &[],
    ));
}

/// A self-evaluation whose 定性 indicator (weight `w`, scored `score`) says it was partly
/// achieved, with that score and `more` withheld.
fn qualitative_band(
    w: u32,
    score: &str,
    executed: &str,
    total: &str,
    more: &str,
) -> crate::support::Site {
    let s = tiny();
    let inds = format!(
        "{}  - {{ level1: 效益指标, level2: 社会效益, name: 群众出行条件, op: 定性, target: 有效改善, weight: {w}, actual: 部分达成，效果一般, score: {score} }}\n",
        ind("里程", "≥", "86", 90 - w, "86"),
    );
    s.write(
        &format!("{Y}/self-evaluations/sec.yaml"),
        &se(
            "sec",
            executed,
            &inds,
            &format!(
                "score: {total}\n{}",
                partial(&format!("indicators.2.score, {more}"))
            ),
        ),
    );
    s
}

#[test]
fn a_qualitative_score_is_read_within_the_band_its_actual_names() {
    // 部分达成 of a weight of 4 puts the score in 2.4–3.2 (10号): with the executed amount
    // withheld and the total 94 public, the band alone narrows the score to 0.8 points. The
    // author's withholding cannot stand: the build says so instead of publishing.
    let s = qualitative_band(4, "3", "50", "94", "budget.executed");
    no_leak(attack(
        &s,
        &[("self-evaluations/sec/indicators.2.score", "3")],
        &[],
        &[],
    ));
    let run = s.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E044"), "{}", run.stderr);
    // Of a weight of 80 the band is 48–64 and, with the total and grade withheld, the total
    // 68–80 given its grade 中: protected, and the attacker (who knows the bands) recovers
    // nothing.
    let s = qualitative_band(80, "56", "100", "76", "score, grade");
    assert_eq!(s.build().code, 0);
    no_leak(attack(
        &s,
        &[
            ("self-evaluations/sec/indicators.2.score", "56"),
            ("self-evaluations/sec/score", "76"),
        ],
        &["self-evaluations/sec/grade"],
        &[],
    ));
}

/// A report withheld whole, scored 81.9 (良, 1.9 above the band's edge): nobody can read its
/// grade, so its score keeps the whole range of the grades it may have, and the site builds
/// with the report listed as withheld. A stated breakdown that would tell the grade (one 部门评价,
/// 良) is not published, and the attacker learns neither the grade nor the score.
#[test]
fn a_withheld_report_near_its_band_edge_is_listed_and_its_grade_stays_unread() {
    for summary in [
        "",
        "evaluations: { 部门评价: { count: 1, by_grade: { 良: { count: 1 } } } }\n",
    ] {
        let s = tiny();
        s.write(
            &format!("{Y}/evaluations/sec.yaml"),
            &eval("sec", "部门评价", "81.9", &format!("grade: 良\n{STUB}")),
        );
        if !summary.is_empty() {
            s.write(&format!("{Y}/summary.yaml"), summary);
        }
        let run = s.build();
        assert_eq!(run.code, 0, "{summary}: {}", run.stderr);
        no_leak(attack(
            &s,
            &[("evaluations/#1/score", "81.9")],
            &["evaluations/#1/grade"],
            &[],
        ));
    }
}
