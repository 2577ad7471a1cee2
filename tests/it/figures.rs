//! Figures reconcile themselves: a summary whose stated figures are all right yields no warning,
//! and each single wrong figure yields exactly one diagnostic naming its file and line.

use crate::support::ReplaceChecked;
use crate::support::Site;

const SUMMARY: &str = "content/demo/2024/summary.yaml";

const RIGHT: &str = "\
ex_ante:
  count: 1
  requested: \"560.3万元\"
  approved: \"312.1万元\"
  cut: \"248.2万元\"
  cut_rate: \"44.30%\"
  by_conclusion:
    部分支持: { count: 1, requested: \"560.3万元\" }
goals:
  count: 1
  funds: \"135.5万元\"
monitoring:
  \"2024-05\":
    count: 1
    budget: \"135.5万元\"
    executed: \"38.5万元\"
    rate: \"28.41%\"
    yellow: 1
self_evaluations:
  count: 1
  funds: \"135.5万元\"
  by_grade:
    优: { count: 1, share: \"100%\" }
evaluations:
  财政重点评价:
    count: 1
    funds: \"0.01亿元\"
    withheld: 0
  部门评价:
    coverage: partial
    count: 1
    funds: \"100万元\"
    by_grade:
      优: { count: 1, share: \"100.0%\" }
";

#[test]
fn a_summary_whose_figures_are_all_right_yields_no_warning() {
    let site = Site::fixture("minimal");
    site.write(SUMMARY, RIGHT);
    let run = site.run(&["check", ".", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

#[test]
fn each_single_wrong_figure_yields_exactly_one_diagnostic_at_its_line() {
    let cases = [
        (
            "requested: \"560.3万元\"\n  approved",
            "requested: \"561.3万元\"\n  approved",
            "W103",
            3,
        ),
        ("cut: \"248.2万元\"", "cut: \"250.2万元\"", "W103", 5),
        ("cut_rate: \"44.30%\"", "cut_rate: \"45.30%\"", "W103", 6),
        (
            "funds: \"135.5万元\"\nmonitoring",
            "funds: \"153.5万元\"\nmonitoring",
            "W103",
            11,
        ),
        ("rate: \"28.41%\"", "rate: \"29.41%\"", "W103", 17),
        ("yellow: 1", "yellow: 2", "W103", 18),
        (
            "优: { count: 1, share: \"100%\" }",
            "优: { count: 1, share: \"50%\" }",
            "W103",
            23,
        ),
        ("funds: \"0.01亿元\"", "funds: \"0.02亿元\"", "W103", 27),
        ("share: \"100.0%\"", "share: \"50.0%\"", "W105", 34),
    ];
    for (from, to, rule, line) in cases {
        let site = Site::fixture("minimal");
        assert!(RIGHT.contains(from), "{from}");
        site.write(SUMMARY, &RIGHT.replace_first_checked(from, to));
        let run = site.check();
        let found: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning[") || l.starts_with("error["))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{to}: expected one diagnostic, got:\n{}",
            run.stderr
        );
        assert!(
            found[0].starts_with(&format!("warning[{rule}]")),
            "{to}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("--> {SUMMARY}:{line}:")),
            "{to}: expected line {line}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn stated_figures_that_contradict_each_other_are_shown_on_the_year_page() {
    let site = Site::fixture("minimal");
    site.write(
        SUMMARY,
        &RIGHT.replace_first_checked("share: \"100.0%\"", "share: \"50.0%\""),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(page.contains("公布数字之间的不一致"), "{page}");
    assert!(
        page.contains("evaluations.部门评价.by_grade.优.share（占比） 公布为 50.0%，而 1 ÷ 1 = 100.00%，相差 50.00 个百分点"),
        "{page}"
    );
    assert!(page.contains("超出了四舍五入所能解释的范围"), "{page}");
}

/// The first line of each warning of `check` in `lang` (`en` or `zh`).
fn warnings(site: &Site, lang: &str) -> Vec<String> {
    let run = site.run(&["check", ".", "--lang", lang]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
        .lines()
        .filter(|l| l.starts_with("warning[") || l.starts_with("警告["))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_red_flag_must_follow_a_yellow_one() {
    let site = Site::fixture("minimal");
    let may = "content/demo/2024/monitoring/road-2024-05.yaml";
    let aug = site
        .read(may)
        .replace_checked("road-2024-05", "road-2024-08")
        .replace_checked("node: 2024-05", "node: 2024-08")
        .replace_checked("黄标", "红标")
        .replace_checked("38.5万元", "60万元");
    site.write("content/demo/2024/monitoring/road-2024-08.yaml", &aug);
    assert!(
        warnings(&site, "en").is_empty(),
        "黄标 then 红标 is the rule"
    );
    site.write(
        may,
        &site.read(may).replace_checked("flag: 黄标", "flag: 正常"),
    );
    assert_eq!(
        warnings(&site, "en"),
        vec![
            "warning[W106]: the project is flagged 红标 (red) at the 2024-08 node but was not flagged 黄标 (yellow) at the node before, 2024-05"
                .to_string()
        ]
    );
    assert_eq!(
        warnings(&site, "zh"),
        vec![
            "警告[W106]: 这个项目在 2024-08 监控节点为红标，但在上一个节点 2024-05 没有黄标"
                .to_string()
        ]
    );
}

#[test]
fn one_project_keeps_one_unit_across_kinds() {
    let site = Site::fixture("minimal");
    let se = "content/demo/2024/self-evaluations/road.yaml";
    site.write(se, &site.read(se).replace_checked("unit: jtj", "unit: czj"));
    let run = site.check();
    assert!(run.stderr.contains("warning[W107]: records with the same project name give different units\n --> content/demo/2024/self-evaluations/road.yaml:1:1"), "{}", run.stderr);
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert!(run.stderr.contains("警告[W107]: 项目名称相同的记录，写的单位不一样\n --> content/demo/2024/self-evaluations/road.yaml:1:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("同一项目在各条记录中应写相同的 `unit`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_rules_a_body_sets_are_checked() {
    let site = Site::fixture("minimal");
    site.write("site.yaml", &format!("{}rules: {{ min_indicators: 7, min_quantifiable_share: \"80%\", min_department_evaluation_share: \"20%\" }}\n", site.read("site.yaml")));
    let ev = "content/demo/2024/evaluations/road-eval.md";
    site.write(
        ev,
        &site
            .read(ev)
            .replace_checked("type: 财政重点评价", "type: 部门评价")
            .replace_checked("funds: \"135.5万元\"", "funds: \"20万元\""),
    );
    let w = warnings(&site, "en");
    assert!(
        w.contains(
            &"warning[W109]: this goal has 3 indicators; the site's rules ask for at least 7"
                .to_string()
        ),
        "{w:?}"
    );
    assert!(w.contains(&"warning[W109]: 2 of this goal's 3 indicators are quantifiable (66.67%); the site's rules ask for at least 80%".to_string()), "{w:?}");
    assert!(w.contains(&"warning[W108]: 部门评价 (departmental evaluation) covers 14.76% of the year's project funds; the site's rules ask for at least 20%".to_string()), "{w:?}");
    let w = warnings(&site, "zh");
    for said in [
        "警告[W109]: 这项绩效目标只有 3 个绩效指标，本站规则要求至少 7 个",
        "警告[W109]: 这项绩效目标的 3 个指标中，可量化的有 2 个（占 66.67%），本站规则要求至少占 80%",
        "警告[W108]: 部门评价覆盖的资金占本年度项目资金的 14.76%，本站规则要求至少 20%",
    ] {
        assert!(w.contains(&said.to_string()), "{said}: {w:?}");
    }
}

/// A year without records whose stated figures, taken from the reports' kind of statements,
/// satisfy every relation.
const RELATED: &str = "content/demo/2023/summary.yaml";
const CONSISTENT: &str = "\
ex_ante:
  count: 6
  requested: \"2453.5万元\"
  approved: \"1777.85万元\"
  cut_rate: \"27.54%\"
  by_conclusion:
    支持: { count: 4, requested: \"1365万元\", approved: \"0.14亿元\" }
    部分支持: { count: 2, requested: \"1088.5万元\", cut: \"675.65万元\" }
goals:
  count: 321
  funds: \"6.45亿元\"
  units: 58
  by_category:
    年初: { count: 101, funds: \"3.64亿元\" }
    追加: { count: 20, funds: \"0.5亿元\" }
monitoring:
  \"2023-05\":
    count: 132
    budget: \"4.68亿元\"
    executed: \"1.33亿元\"
    yellow: 69
  \"2023-06\":
    units: 58
    unit_budget: \"9.8亿元\"
    unit_executed: \"4.1亿元\"
    unit_rate: \"41.84%\"
  \"2023-08\":
    count: 321
    budget: \"6.45亿元\"
    executed: \"4.66亿元\"
    rate: \"72.2%\"
    red: 3
    first_yellow: 18
self_evaluations:
  count: 257
  funds: \"10.71亿元\"
  units: 58
evaluations:
  部门评价:
    count: 90
    funds: \"2.5亿元\"
  重点评价:
    types: [财政重点评价]
    count: 11
    funds: \"1.34亿元\"
    by_category:
      部门整体: { count: 1, funds: \"0.10亿元\" }
      财政政策: { count: 3, funds: \"0.40亿元\" }
      专项债券: { count: 0 }
      其他: { count: 7, funds: \"0.84亿元\" }
";

const RULES: &str = "rules: { min_department_evaluation_share: \"20%\" }\n";

fn related(site: &Site, summary: &str, rules: bool) -> Vec<String> {
    site.write(RELATED, summary);
    if rules {
        site.write("site.yaml", &format!("{}{RULES}", site.read("site.yaml")));
    }
    // In Chinese: the relations' messages are written for the people who enter the figures.
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
        .split("\n\n")
        .filter(|b| b.starts_with("警告["))
        .map(str::to_string)
        .collect()
}

#[test]
fn figures_that_satisfy_every_relation_yield_no_warning() {
    let site = Site::fixture("minimal");
    assert_eq!(related(&site, CONSISTENT, true), Vec::<String>::new());
    // Two categories that are not every category: no claim that they add up to the total.
    let run = site.run(&["check", ".", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// One wrong figure: (what, from, to, relation, the line the warning points at, words of its
/// message).
type Case<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a [&'a str]);

/// Each relation missed by one wrong figure.
#[test]
fn each_relation_is_checked_with_one_wrong_figure() {
    let cases: &[Case] = &[
        (
            "first_yellow above count",
            "first_yellow: 18",
            "first_yellow: 400",
            "within",
            "first_yellow: 400",
            &[
                "`monitoring.2023-08.first_yellow`（初次黄标项目数） 公布为 400，大于 `monitoring.2023-08.count`（项目数） 的 321，多出 79",
            ],
        ),
        (
            "红标 above the earlier node's 黄标",
            "red: 3",
            "red: 70",
            "red_after_yellow",
            "red: 70",
            &["公布为 70，大于 `monitoring.2023-05.yellow`（黄标项目数） 的 69，多出 1"],
        ),
        (
            "executed above budget, no rate stated",
            "executed: \"1.33亿元\"",
            "executed: \"4.8亿元\"",
            "within",
            "executed: \"4.8亿元\"",
            &[
                "公布为 4.8亿元，大于 `monitoring.2023-05.budget`（预算数） 的 4.68亿元，多出 0.12亿元",
                "前者至少为 4.750亿元，后者至多为 4.685亿元",
            ],
        ),
        (
            "cut_rate against approved, cut not stated",
            "cut_rate: \"27.54%\"",
            "cut_rate: \"25.54%\"",
            "rate",
            "cut_rate: \"25.54%\"",
            &[
                "（申报资金 − 审核资金）÷ 申报资金 = （2453.5万元 − 1777.85万元）÷ 2453.5万元 计算为 27.54%，相差 2.00 个百分点",
                "公布值代表 25.535% 至 25.545%",
            ],
        ),
        (
            "cut above requested",
            "cut: \"675.65万元\"",
            "cut: \"1200万元\"",
            "within",
            "cut: \"1200万元\"",
            &[
                "`ex_ante.by_conclusion.部分支持.cut`（核减资金） 公布为 1200万元，大于 `ex_ante.by_conclusion.部分支持.requested`（申报资金） 的 1088.5万元",
            ],
        ),
        (
            "approved above requested",
            "approved: \"0.14亿元\"",
            "approved: \"0.15亿元\"",
            "within",
            "approved: \"0.15亿元\"",
            &[
                "公布为 0.15亿元，大于 `ex_ante.by_conclusion.支持.requested`（申报资金） 的 1365万元",
            ],
        ),
        (
            "a complete breakdown (one category with count 0) that does not add up",
            "其他: { count: 7, funds: \"0.84亿元\" }",
            "其他: { count: 7, funds: \"0.74亿元\" }",
            "sum",
            "funds: \"1.34亿元\"",
            &[
                "`evaluations.重点评价.funds`（资金） 公布为 1.34亿元，而按分类的各分项合计为 1.24亿元（0.10亿元 + 0.40亿元 + 0 + 0.74亿元），少了 0.10亿元（分项已列全，合计应等于总数）",
            ],
        ),
        (
            "an earlier node monitoring more projects than have goals",
            "count: 132",
            "count: 400",
            "node_within_goals",
            "count: 400",
            &[
                "`monitoring.2023-05.count`（项目数） 公布为 400，而设定绩效目标的项目数 `goals.count` 公布为 321，多出 79 个",
            ],
        ),
        (
            "the last node's projects against goals",
            "count: 321\n    budget",
            "count: 330\n    budget",
            "last_node_count",
            "count: 330",
            &["多出 9 个（年度最后一次监控应覆盖全部设定绩效目标的项目）"],
        ),
        (
            "the last node's budget against goal funds",
            "funds: \"6.45亿元\"",
            "funds: \"6.35亿元\"",
            "last_node_budget",
            "budget: \"6.45亿元\"",
            &[
                "`monitoring.2023-08.budget`（预算数） 公布为 6.45亿元，而绩效目标资金 `goals.funds` 公布为 6.35亿元，多出 0.10亿元",
            ],
        ),
        (
            "部门整体 units monitored above those with goals",
            "\"2023-06\":\n    units: 58",
            "\"2023-06\":\n    units: 60",
            "units_within_goals",
            "units: 60",
            &["`monitoring.2023-06.units`（单位数） 公布为 60，大于 `goals.units`（单位数） 的 58"],
        ),
        (
            "部门整体 units self-evaluated above those with goals",
            "units: 58\nevaluations",
            "units: 59\nevaluations",
            "units_within_goals",
            "units: 59",
            &["`self_evaluations.units`（单位数） 公布为 59"],
        ),
        (
            "部门评价 count above the self-evaluated",
            "count: 90",
            "count: 300",
            "evaluation_within_self",
            "count: 300",
            &[
                "`evaluations.部门评价.count`（项目数） 公布为 300，大于 `self_evaluations.count`（项目数） 的 257",
            ],
        ),
        (
            "部门评价 funds above the self-evaluated",
            "funds: \"2.5亿元\"",
            "funds: \"11.5亿元\"",
            "evaluation_within_self",
            "funds: \"11.5亿元\"",
            &["公布为 11.5亿元，大于 `self_evaluations.funds`（资金） 的 10.71亿元"],
        ),
        (
            "a 部门评价 rate against its parts",
            "unit_rate: \"41.84%\"",
            "unit_rate: \"48.14%\"",
            "rate",
            "unit_rate: \"48.14%\"",
            &[
                "部门整体执行数 ÷ 部门整体预算数 = 4.1亿元 ÷ 9.8亿元 计算为 41.84%，相差 6.30 个百分点",
            ],
        ),
    ];
    for (what, from, to, relation, line_of, words) in cases {
        let site = Site::fixture("minimal");
        assert!(CONSISTENT.contains(from), "{what}: {from}");
        let text = CONSISTENT.replace_first_checked(from, to);
        let w = related(&site, &text, false);
        assert_eq!(w.len(), 1, "{what}: {w:#?}");
        assert!(w[0].starts_with("警告[W105]: "), "{what}: {}", w[0]);
        let line = text.lines().position(|l| l.contains(line_of)).unwrap() + 1;
        assert!(
            w[0].contains(&format!("--> {RELATED}:{line}:")),
            "{what}: expected line {line}: {}",
            w[0]
        );
        assert!(
            w[0].contains(&format!("relation: {relation},")),
            "{what}: {}",
            w[0]
        );
        for word in *words {
            assert!(w[0].contains(word), "{what}: expected {word}:\n{}", w[0]);
        }
    }
}

#[test]
fn a_stated_department_evaluation_share_below_the_rules_is_flagged() {
    let site = Site::fixture("minimal");
    let text = CONSISTENT.replace_first_checked("funds: \"2.5亿元\"", "funds: \"2.0亿元\"");
    let w = related(&site, &text, true);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("`evaluations.部门评价.funds`（资金） 公布为 2.0亿元，占自评资金 `self_evaluations.funds`（10.71亿元）的 18.67%，比本站规则要求的 20% 少 1.33 个百分点（按所写小数位四舍五入，至多为 19.150%）"), "{}", w[0]);
    assert!(w[0].contains("relation: evaluation_share,"), "{}", w[0]);
    // "2亿元" may be anything from 1.5亿元 to 2.5亿元: up to 23.35%, which the rule allows.
    let text = CONSISTENT.replace_first_checked("funds: \"2.5亿元\"", "funds: \"2亿元\"");
    assert_eq!(
        related(&Site::fixture("minimal"), &text, true),
        Vec::<String>::new()
    );
}

#[test]
fn a_breakdown_is_complete_only_when_it_says_so_or_its_counts_cover_the_total() {
    let site = Site::fixture("minimal");
    // 年初 and 追加 are 121 of 321 projects: some categories, not all, so no sum to check.
    assert_eq!(related(&site, CONSISTENT, false), Vec::<String>::new());
    let said = CONSISTENT.replace_first_checked(
        "  units: 58\n  by_category:",
        "  units: 58\n  by_category_complete: true\n  by_category:",
    );
    let w = related(&site, &said, false);
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(w[0].contains("`goals.count`（项目数） 公布为 321，而按分类的各分项合计为 121（101 + 20），少了 200（分项已列全，合计应等于总数）"), "{}", w[0]);
    assert!(w[1].contains("`goals.funds`（资金） 公布为 6.45亿元，而按分类的各分项合计为 4.14亿元（3.64亿元 + 0.5亿元），少了 2.31亿元"), "{}", w[1]);
}

const ACK: &str = "acknowledged:
  - relation: last_node_count
    figure: monitoring.2023-08.count
    explanation: 8月监控范围含年中追加的9个项目，绩效目标数按年初口径统计。
";

#[test]
fn an_acknowledged_discrepancy_passes_strict_and_shows_the_bodys_explanation() {
    let site = Site::fixture("minimal");
    let text = CONSISTENT.replace_first_checked("count: 321\n    budget", "count: 330\n    budget");
    site.write(RELATED, &format!("{text}{ACK}"));
    let run = site.run(&["check", ".", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2023/index.html");
    assert!(page.contains("公布单位已说明的数字差异"), "{page}");
    assert!(
        page.contains(
            "公布单位的说明：</strong>8月监控范围含年中追加的9个项目，绩效目标数按年初口径统计。"
        ),
        "{page}"
    );
    assert!(
        page.contains("monitoring.2023-08.count（项目数） 公布为 330"),
        "{page}"
    );
    assert!(!page.contains("超出了四舍五入所能解释的范围"), "{page}");
}

#[test]
fn an_acknowledgement_silences_only_the_discrepancy_it_names() {
    let site = Site::fixture("minimal");
    // A different discrepancy of the same figure set still warns.
    let text = CONSISTENT
        .replace_first_checked("count: 321\n    budget", "count: 330\n    budget")
        .replace_first_checked("first_yellow: 18", "first_yellow: 400");
    let w = related(&site, &format!("{text}{ACK}"), false);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("relation: within, figure: monitoring.2023-08.first_yellow"),
        "{}",
        w[0]
    );
}

#[test]
fn a_stale_acknowledgement_warns() {
    let site = Site::fixture("minimal");
    let w = related(&site, &format!("{CONSISTENT}{ACK}"), false);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].starts_with("警告[W110]: `acknowledged` 说明的差异不存在：按关系 `last_node_count`，`monitoring.2023-08.count` 与其他公布数字之间没有超出四舍五入的不一致"), "{}", w[0]);
    let line = CONSISTENT.lines().count() + 2;
    assert!(w[0].contains(&format!("--> {RELATED}:{line}:")), "{}", w[0]);
}

#[test]
fn an_acknowledgement_of_an_unknown_relation_is_an_error() {
    let site = Site::fixture("minimal");
    site.write(
        RELATED,
        &format!(
            "{CONSISTENT}{}",
            ACK.replace_checked("last_node_count", "coverage")
        ),
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("错误[E026]: `acknowledged.relation`：没有名为 `coverage` 的数字关系"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("last_node_count（"),
        "the hint lists the relations:\n{}",
        run.stderr
    );
}

#[test]
fn a_reconciliation_quotes_the_stated_figure_with_difference_and_tolerance() {
    let site = Site::fixture("minimal");
    site.write(
        SUMMARY,
        &RIGHT
            .replace_first_checked("rate: \"28.41%\"", "rate: \"29.41%\"")
            .replace_first_checked("funds: \"0.01亿元\"", "funds: \"0.02亿元\""),
    );
    let w = warnings(&site, "zh");
    assert!(w.contains(&"警告[W103]: `monitoring.2024-05.rate` 公布为 29.41%，按记录计算为 28.41%，相差 1.00 个百分点；按所写小数位，容差为 ±0.005 个百分点".to_string()), "{w:#?}");
    assert!(
        w.iter().any(|l| l.starts_with(
            "警告[W103]: `evaluations.财政重点评价.funds` 公布为 0.02亿元，按记录计算为 "
        )),
        "{w:#?}"
    );
    let w = warnings(&site, "en");
    assert!(w.contains(&"warning[W103]: `monitoring.2024-05.rate` is stated as 29.41%, but computed from the records it is 28.41%, a difference of 1.00 percentage points; the decimals written allow ±0.005 percentage points".to_string()), "{w:#?}");
}

#[test]
fn an_explanation_that_repeats_a_withheld_text_stops_the_build() {
    let site = Site::fixture("minimal");
    let goal = "content/demo/2024/goals/road.yaml";
    site.write(
        goal,
        &format!(
            "{}disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [objective] }}\n",
            site.read(goal)
        ),
    );
    let text = CONSISTENT.replace_first_checked("count: 321\n    budget", "count: 330\n    budget");
    let ack = ACK.replace_checked(
        "8月监控范围含年中追加的9个项目，绩效目标数按年初口径统计。",
        "完成 86 公里农村公路日常养护。",
    );
    site.write(RELATED, &format!("{text}{ack}"));
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]"), "{}", run.stderr);
    assert!(!run.stderr.contains("完成 86 公里"), "{}", run.stderr);
    assert!(!site.path().join("public/demo/2023/index.html").exists());
    // A redaction marker cannot be written in an explanation: it is published as written.
    let ack = ACK.replace_checked(
        "8月监控范围含年中追加的9个项目",
        "8月监控范围含{redact 商业秘密}某项目{/redact}",
    );
    site.write(RELATED, &format!("{text}{ack}"));
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E042]"), "{}", run.stderr);
}
