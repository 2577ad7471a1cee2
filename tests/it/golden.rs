//! Golden tests from the five reports the example bodies published (their figures carried here,
//! never their sentences): the example site at the top of the repository carries every figure each
//! report states, as the report writes it; those figures agree with each other except where a
//! report itself counts different scopes (昌吉州 2020), which the body acknowledges with its
//! explanation; and `check --strict` passes.

use crate::support::Site;
use std::collections::BTreeMap;

/// Every figure each report states, by body and year: (path in summary.yaml, as written).
fn reports() -> BTreeMap<(&'static str, i32), Vec<(&'static str, &'static str)>> {
    let mut m = BTreeMap::new();
    // 博尔塔拉蒙古自治州 2024 report, with 2023 results.
    m.insert(
        ("bozhou", 2023),
        vec![
            ("self_evaluations.count", "647"),
            ("self_evaluations.funds", "29.3亿元"),
            ("evaluations.部门评价.count", "134"),
            ("evaluations.部门评价.funds", "7.6亿元"),
            ("evaluations.财政重点评价.count", "15"),
            ("evaluations.财政重点评价.funds", "52.33亿元"),
        ],
    );
    m.insert(
        ("bozhou", 2024),
        vec![
            ("ex_ante.count", "6"),
            ("ex_ante.requested", "2453.5万元"),
            ("ex_ante.cut", "675.65万元"),
            ("ex_ante.cut_rate", "27.54%"),
            ("ex_ante.by_conclusion.支持.count", "4"),
            ("ex_ante.by_conclusion.支持.approved", "0.14亿元"),
            ("ex_ante.by_conclusion.部分支持.count", "2"),
            ("ex_ante.by_conclusion.部分支持.approved", "412.85万元"),
        ],
    );
    // 昌吉回族自治州 2020 report, with 2019 self-evaluations.
    m.insert(
        ("changji", 2019),
        vec![
            ("self_evaluations.count", "4317"),
            ("self_evaluations.funds", "129.1亿元"),
        ],
    );
    m.insert(
        ("changji", 2020),
        vec![
            ("ex_ante.count", "26"),
            ("ex_ante.requested", "5.67亿元"),
            ("goals.count", "1098"),
            ("goals.funds", "47.2亿元"),
            ("goals.units", "1022"),
            ("goals.unit_funds", "132.65亿元"),
            ("monitoring.2020-09.units", "1022"),
            ("monitoring.2020-09.unit_budget", "158.27亿元"),
            ("monitoring.2020-09.by_category.扶贫.count", "158"),
            ("monitoring.2020-09.by_category.扶贫.budget", "2.14亿元"),
            ("monitoring.2020-09.by_category.直达资金.count", "315"),
            ("monitoring.2020-09.by_category.直达资金.budget", "42.2亿元"),
            ("monitoring.2020-09.by_category.其他.count", "3309"),
            ("monitoring.2020-09.by_category.其他.budget", "139.9亿元"),
            (
                "monitoring.2020-09.by_category.其他.by_category.本级.count",
                "1987",
            ),
            (
                "monitoring.2020-09.by_category.其他.by_category.上级.count",
                "1322",
            ),
        ],
    );
    // 喀什经济开发区 2024 report.
    m.insert(
        ("kashi-edz", 2024),
        vec![
            ("goals.count", "218"),
            ("goals.funds", "17.65亿元"),
            ("goals.units", "11"),
            ("goals.unit_funds", "15.39亿元"),
            ("monitoring.2024-06.units", "11"),
            ("monitoring.2024-06.unit_rate", "40.75%"),
            ("self_evaluations.count", "197"),
            ("self_evaluations.funds", "17.82亿元"),
            ("self_evaluations.units", "11"),
            ("self_evaluations.suspended", "11"),
            ("evaluations.重点评价.count", "11"),
            // The report's 评价对象 by type: 1, 0, 3, 3, 0 and 4. With 5 of the 11 reports
            // withheld, the gate keeps the counts by type off the site.
            ("evaluations.重点评价.funds", "1.34亿元"),
            ("evaluations.重点评价.withheld", "5"),
            ("evaluations.重点评价.rectified", "6"),
            // 1
            ("evaluations.重点评价.by_category.部门整体.count", WITHHELD),
            // 0
            (
                "evaluations.重点评价.by_category.下级政府财政运行综合.count",
                WITHHELD,
            ),
            // 3
            ("evaluations.重点评价.by_category.财政政策.count", WITHHELD),
            // 3
            (
                "evaluations.重点评价.by_category.政府购买服务.count",
                WITHHELD,
            ),
            // 0
            ("evaluations.重点评价.by_category.专项债券.count", WITHHELD),
            // 4
            ("evaluations.重点评价.by_category.其他.count", WITHHELD),
            ("evaluations.部门评价.count", "11"),
            ("evaluations.部门评价.funds", "6.86亿元"),
        ],
    );
    // 焉耆县 2023 report, with 2022 results.
    m.insert(
        ("yanqi", 2022),
        vec![
            ("evaluations.部门评价.count", "156"),
            ("evaluations.财政重点评价.count", "10"),
        ],
    );
    m.insert(
        ("yanqi", 2023),
        vec![
            ("ex_ante.count", "1"),
            ("ex_ante.approved", "193.05万元"),
            ("ex_ante.score", "98"),
            ("ex_ante.grade", "优秀"),
            ("goals.count", "440"),
            ("goals.funds", "55171.93万元"),
            ("goals.units", "80"),
            ("goals.unit_funds", "113111.3万元"),
            ("monitoring.2023-05.count", "185"),
            ("monitoring.2023-05.budget", "42107.92万元"),
            ("monitoring.2023-06.units", "80"),
            ("monitoring.2023-06.unit_budget", "113111.3万元"),
            ("monitoring.2023-08.count", "440"),
            ("monitoring.2023-08.budget", "55171.93万元"),
        ],
    );
    // 尉犁县 2023 report (2022 results) and 2024 plan.
    m.insert(
        ("yuli", 2022),
        vec![
            ("self_evaluations.count", "257"),
            ("self_evaluations.funds", "10.71亿元"),
            ("self_evaluations.by_grade.中.count", "17"),
            ("self_evaluations.by_grade.差.count", "10"),
            ("evaluations.部门评价.count", "90"),
            ("evaluations.部门评价.by_grade.优.count", "82"),
            ("evaluations.部门评价.by_grade.优.share", "91%"),
            ("evaluations.部门整体评价.count", "52"),
            ("evaluations.部门整体评价.by_grade.优.count", "51"),
            ("evaluations.部门整体评价.by_grade.优.share", "98%"),
            ("evaluations.财政重点评价.count", "10"),
            ("evaluations.财政重点评价.funds", "5532.6万元"),
            // 资金规模较上年翻一番
            ("evaluations.财政重点评价.vs_last_year.funds", "翻一番"),
        ],
    );
    m.insert(
        ("yuli", 2023),
        vec![
            ("ex_ante.count", "2"),
            ("ex_ante.requested", "36.56万元"),
            ("goals.count", "321"),
            ("goals.funds", "6.45亿元"),
            ("goals.units", "58"),
            ("goals.by_category.年初.count", "101"),
            ("goals.by_category.年初.funds", "3.64亿元"),
            // 较往年增加64个项目; 年初预算项目较往年增加77个
            ("goals.vs_last_year.count", "增加64"),
            ("goals.by_category.年初.vs_last_year.count", "增加77"),
            ("monitoring.2023-05.count", "132"),
            ("monitoring.2023-05.budget", "4.68亿元"),
            ("monitoring.2023-05.executed", "1.33亿元"),
            ("monitoring.2023-05.rate", "28.4%"),
            ("monitoring.2023-05.yellow", "69"),
            ("monitoring.2023-08.count", "321"),
            ("monitoring.2023-08.budget", "6.45亿元"),
            ("monitoring.2023-08.executed", "4.66亿元"),
            ("monitoring.2023-08.rate", "72.2%"),
            ("monitoring.2023-08.red", "3"),
            ("monitoring.2023-08.first_yellow", "18"),
        ],
    );
    m
}

/// A stated figure the disclosure gate keeps off the public site.
const WITHHELD: &str = "(kept off the site by the disclosure gate)";

fn checked(site: &Site) -> gongkai::Checked {
    match gongkai::check(site.path(), None) {
        Ok(c) => c,
        Err(gongkai::Failure::Content(d)) => panic!("{d:?}"),
        Err(gongkai::Failure::Io(e)) => panic!("{e}"),
    }
}

#[test]
fn golden_the_example_publishes_every_figure_of_the_five_reports_as_written() {
    let site = Site::example();
    let c = checked(&site);
    let mut found: BTreeMap<(String, i32), Vec<(String, String)>> = BTreeMap::new();
    for r in c.public.regions() {
        for y in r.years() {
            let Some(s) = &y.summary() else { continue };
            let v = found.entry((r.id().to_string(), y.year())).or_default();
            gongkai::figures::reconcile::each_stated(s, |path, _, st| {
                v.push((path, st.text.trim().to_string()));
            });
            // Comparisons with last year, as written.
            fn changes(
                prefix: &str,
                g: &gongkai::model::summary::Group,
                v: &mut Vec<(String, String)>,
            ) {
                for c in &g.changes {
                    v.push((
                        format!("{prefix}.vs_last_year.{}", c.key),
                        c.written.clone(),
                    ));
                }
                for c in &g.children {
                    changes(&format!("{prefix}.{}.{}", c.by.key(), c.label), &c.group, v);
                }
            }
            for (_, prefix, g) in s.sections() {
                changes(&prefix, g, v);
            }
            // A figure the disclosure gate keeps off the site is still carried in the content.
            v.extend(
                y.suppressed()
                    .iter()
                    .map(|p| (p.clone(), WITHHELD.to_string())),
            );
        }
    }
    for ((body, year), want) in reports() {
        let mut want: Vec<(String, String)> = want
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        want.sort();
        let mut got = found.remove(&(body.to_string(), year)).unwrap_or_default();
        got.sort();
        assert_eq!(got, want, "{body} {year}");
    }
    assert!(found.is_empty(), "years no report states: {found:?}");
}

#[test]
fn golden_the_example_passes_strict_and_its_only_discrepancies_are_acknowledged() {
    let site = Site::example();
    let run = site.run(&["check", ".", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
    let c = checked(&site);
    let mut findings = Vec::new();
    for r in c.public.regions() {
        for y in r.years() {
            for f in y.findings() {
                findings.push((
                    r.id().to_string(),
                    y.year(),
                    f.relation,
                    f.subject().to_string(),
                    f.acknowledged.is_some(),
                ));
            }
        }
    }
    assert_eq!(
        findings,
        vec![
            (
                "changji".to_string(),
                2020,
                "last_node_count",
                "monitoring.2020-09.count".to_string(),
                true
            ),
            (
                "changji".to_string(),
                2020,
                "last_node_budget",
                "monitoring.2020-09.budget".to_string(),
                true
            ),
        ]
    );
}

#[test]
fn golden_without_its_acknowledgements_changji_2020_warns_of_exactly_its_two_discrepancies() {
    let site = Site::example();
    let path = "content/changji/2020/summary.yaml";
    let text = site.read(path);
    let cut = text
        .find("acknowledged:")
        .expect("changji 2020 acknowledges");
    site.write(path, &text[..cut]);
    let run = site.run(&["check", ".", "--lang", "zh"]);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("警告["))
        .collect();
    assert_eq!(
        warnings,
        vec![
            "警告[W105]: `monitoring.2020-09` 的项目数未直接公布，按公布的各分类数字合计为 3782（158 + 315 + 3309），而设定绩效目标的项目数 `goals.count` 公布为 1098，多出 2684 个（年度最后一次监控应覆盖全部设定绩效目标的项目）",
            "警告[W105]: `monitoring.2020-09` 的预算数未直接公布，按公布的各分类数字合计为 184.24亿元（2.14亿元 + 42.2亿元 + 139.9亿元），而绩效目标资金 `goals.funds` 公布为 47.2亿元，多出 137.04亿元（年度最后一次监控覆盖全部设定绩效目标的项目资金）；按所写小数位四舍五入，两者分别代表 184.135亿元 至 184.345亿元 和 47.150亿元 至 47.250亿元",
        ],
        "{}",
        run.stderr
    );
    // Both point at the line that makes the categories a total.
    let line = text
        .lines()
        .position(|l| l.contains("by_category_complete: true"))
        .unwrap()
        + 1;
    assert_eq!(
        run.stderr.matches(&format!("--> {path}:{line}:")).count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn golden_the_changji_2020_page_shows_the_bodys_explanations_not_a_contradiction() {
    let site = Site::example();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/changji/2020/index.html");
    assert!(page.contains("公布单位已说明的数字差异"), "{page}");
    assert!(!page.contains("超出了四舍五入所能解释的范围"), "{page}");
    // The computed total is labelled as computed from the body's stated figures.
    assert!(
        page.contains("monitoring.2020-09 的项目数未直接公布，按公布的各分类数字合计为 3782（158 + 315 + 3309）"),
        "{page}"
    );
    assert!(
        page.contains(
            "公布单位的说明：</strong>项目支出监控的范围是扶贫资金、直达资金和其他资金三类项目"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "公布单位的说明：</strong>监控涉及金额按扶贫资金、直达资金和其他资金三类项目合计"
        ),
        "{page}"
    );
    // No other year of the example shows a discrepancy.
    for (body, year) in reports().keys() {
        if (*body, *year) == ("changji", 2020) {
            continue;
        }
        let page = site.read(&format!("public/{body}/{year}/index.html"));
        assert!(!page.contains("findings-heading"), "{body} {year}");
        assert!(!page.contains("explained-heading"), "{body} {year}");
    }
}
