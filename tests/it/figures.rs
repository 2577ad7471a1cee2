//! Figures reconcile themselves: a summary whose stated figures are all right yields no warning,
//! and each single wrong figure yields exactly one diagnostic naming its file and line.

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
    count: 12
    funds: \"500万元\"
    by_grade:
      优: { count: 10, share: \"83.3%\" }
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
        ("share: \"83.3%\"", "share: \"88.3%\"", "W105", 34),
    ];
    for (from, to, rule, line) in cases {
        let site = Site::fixture("minimal");
        assert!(RIGHT.contains(from), "{from}");
        site.write(SUMMARY, &RIGHT.replacen(from, to, 1));
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
        &RIGHT.replacen("share: \"83.3%\"", "share: \"88.3%\"", 1),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(page.contains("公布数字之间的不一致"), "{page}");
    assert!(
        page.contains("evaluations.部门评价.by_grade.优.share 公布为 88.3%"),
        "{page}"
    );
}

fn warnings(site: &Site) -> Vec<String> {
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_red_flag_must_follow_a_yellow_one() {
    let site = Site::fixture("minimal");
    let may = "content/demo/2024/monitoring/road-2024-05.yaml";
    let aug = site
        .read(may)
        .replace("road-2024-05", "road-2024-08")
        .replace("node: 2024-05", "node: 2024-08")
        .replace("黄标", "红标")
        .replace("38.5万元", "60万元");
    site.write("content/demo/2024/monitoring/road-2024-08.yaml", &aug);
    assert!(warnings(&site).is_empty(), "黄标 then 红标 is the rule");
    site.write(may, &site.read(may).replace("flag: 黄标", "flag: 正常"));
    let w = warnings(&site);
    assert_eq!(
        w,
        vec![
            "warning[W106]: a 红标 at 2024-08 for a project that was not flagged 黄标 at 2024-05"
                .to_string()
        ]
    );
}

#[test]
fn one_project_keeps_one_unit_across_kinds() {
    let site = Site::fixture("minimal");
    let se = "content/demo/2024/self-evaluations/road.yaml";
    site.write(se, &site.read(se).replace("unit: jtj", "unit: czj"));
    let run = site.check();
    assert!(run.stderr.contains("warning[W107]: records of the same project name it under different units\n --> content/demo/2024/self-evaluations/road.yaml:1:1"), "{}", run.stderr);
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
            .replace("type: 财政重点评价", "type: 部门评价")
            .replace("funds: \"135.5万元\"", "funds: \"20万元\""),
    );
    let w = warnings(&site);
    assert!(
        w.contains(
            &"warning[W109]: this goal has 3 indicators; the site's rules ask for at least 7"
                .to_string()
        ),
        "{w:?}"
    );
    assert!(w.contains(&"warning[W109]: 2 of this goal's 3 indicators are quantifiable (66.67%); the site's rules ask for at least 80%".to_string()), "{w:?}");
    assert!(w.contains(&"warning[W108]: 部门评价 covers 14.76% of the year's project funds; the site's rules ask for at least 20%".to_string()), "{w:?}");
}
