//! Figures written as reports write them: approximately ("约130万元"), as a lower bound within
//! a digit ("100余万元"), as open bounds ("超过200万元") and ranges ("130-140万元"); an ex-ante
//! assessment's grade ("优秀"); a comparison with last year ("增长35.5%", "翻一番"); rules a
//! body sets for itself in region.yaml. Each is accepted, shown as written, and reconciled as
//! the interval it gives; none is published where it would narrow a withheld value.

use crate::support::Site;

const SUMMARY: &str = "content/demo/2024/summary.yaml";

fn warnings(site: &Site) -> Vec<String> {
    let run = site.run(&["check", ".", "--show-withheld"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .map(str::to_string)
        .collect()
}

/// The minimal fixture's goals (one goal of 135.5万元) stated with `funds` as written.
fn goals_funds(funds: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        SUMMARY,
        &format!("goals: {{ count: 1, funds: \"{funds}\" }}\n"),
    );
    site
}

#[test]
fn approximate_bounded_and_ranged_figures_are_reconciled_as_intervals() {
    // 135.5万元 lies within each of these…
    for ok in [
        "100余万元",
        "约140万元",
        "130-140万元",
        "超过100万元",
        "不足200万元",
        "135.5万元左右",
    ] {
        let w = warnings(&goals_funds(ok));
        assert!(w.is_empty(), "{ok}: {w:?}");
    }
    // …and outside each of these: one W103 at the figure's line.
    for wrong in [
        "约130万元",
        "140-150万元",
        "超过200万元",
        "不足100万元",
        "200余万元",
    ] {
        let site = goals_funds(wrong);
        let w = warnings(&site);
        assert_eq!(w.len(), 1, "{wrong}: {w:?}");
        assert!(
            w[0].contains("W103") && w[0].contains(wrong),
            "{wrong}: {w:?}"
        );
        let run = site.run(&["check", ".", "--show-withheld"]);
        assert!(run.stderr.contains("summary.yaml:1:"), "{}", run.stderr);
    }
}

#[test]
fn counts_and_rates_take_the_interval_their_words_give() {
    let site = Site::fixture("minimal");
    // One record: 约1 is within half a unit; 1至3 holds it; 5以上 does not.
    site.write(SUMMARY, "goals: { count: \"1至3\" }\n");
    assert!(warnings(&site).is_empty());
    site.write(SUMMARY, "goals: { count: \"5以上\" }\n");
    let w = warnings(&site);
    assert!(w.len() == 1 && w[0].contains("W103"), "{w:?}");
    // The monitoring node executed 38.5 of 135.5 (28.41%).
    site.write(
        SUMMARY,
        "monitoring: { \"2024-05\": { count: 1, rate: \"约28%\" } }\n",
    );
    assert!(warnings(&site).is_empty());
    site.write(
        SUMMARY,
        "monitoring: { \"2024-05\": { count: 1, rate: \"30%-40%\" } }\n",
    );
    let w = warnings(&site);
    assert!(w.len() == 1 && w[0].contains("W103"), "{w:?}");
}

#[test]
fn stated_relations_read_the_intervals_too() {
    let site = Site::fixture("minimal");
    // cut ≈ requested − approved holds within 约; a range that cannot hold is W105.
    site.write(
        SUMMARY,
        "ex_ante: { coverage: partial, count: 1, requested: \"560.3万元\", approved: \"312.1万元\", cut: \"约250万元\", cut_rate: \"40%-50%\" }\n",
    );
    assert!(warnings(&site).is_empty(), "{:?}", warnings(&site));
    site.write(
        SUMMARY,
        "ex_ante: { coverage: partial, count: 1, requested: \"560.3万元\", approved: \"312.1万元\", cut_rate: \"10%-20%\", cut: \"248.2万元\" }\n",
    );
    let w = warnings(&site);
    assert!(w.iter().any(|l| l.contains("W105")), "{w:?}");
}

#[test]
fn figures_are_shown_and_downloaded_as_written() {
    let site = goals_funds("100余万元");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(
        page.contains("100余万元"),
        "the year page shows the figure as written"
    );
    let csv = site.read("public/data/demo/2024/figures.csv");
    let row = csv
        .lines()
        .find(|l| l.contains("100余万元"))
        .unwrap_or_else(|| panic!("the download keeps the words: {csv}"));
    // section,item,stated,computed,…: no bare 100 in the number column; the interval at the end.
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[2], "", "{row}");
    assert!(row.ends_with("100余万元,100,200"), "{row}");
}

#[test]
fn a_range_written_backwards_is_an_error_at_its_line() {
    let site = goals_funds("140-130万元");
    let run = site.run(&["check", ".", "--show-withheld", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("summary.yaml:1"), "{}", run.stderr);
    assert!(run.stderr.contains("上限不大于下限"), "{}", run.stderr);
}

#[test]
fn an_ex_ante_grade_is_accepted_and_shown_as_written() {
    let site = Site::fixture("minimal");
    site.write(SUMMARY, "ex_ante: { count: 1, score: 78, grade: 中等 }\n");
    assert!(warnings(&site).is_empty());
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(page.contains("评估等级"), "{page}");
    assert!(page.contains("中等"), "{page}");
    site.write(SUMMARY, "ex_ante: { count: 1, grade: 很好 }\n");
    let run = site.run(&["check", ".", "--show-withheld", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("不是评价等级"), "{}", run.stderr);
}

/// 2023 states 100万元 of goal funds; 2024 (the fixture's one goal of 135.5万元) compares.
fn two_years(change: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2023/summary.yaml",
        "goals: { count: 1, funds: \"100万元\" }\n",
    );
    site.write(
        SUMMARY,
        &format!(
            "goals: {{ count: 1, funds: \"135.5万元\", vs_last_year: {{ funds: \"{change}\", count: 持平 }} }}\n"
        ),
    );
    site
}

#[test]
fn a_comparison_with_last_year_is_checked_against_both_years() {
    for ok in ["增长35.5%", "增加35.5万元", "增长约36%", "+35.5%"] {
        let w = warnings(&two_years(ok));
        assert!(w.is_empty(), "{ok}: {w:?}");
    }
    for wrong in ["翻一番", "下降35.5%", "增长30%", "减少35.5万元"] {
        let w = warnings(&two_years(wrong));
        assert_eq!(w.len(), 1, "{wrong}: {w:?}");
        assert!(w[0].contains("W105"), "{wrong}: {w:?}");
        assert!(w[0].contains("vs_last_year"), "{wrong}: {w:?}");
    }
    let site = two_years("增长35.5%");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(
        page.contains("资金较上年") || page.contains("较上年"),
        "{page}"
    );
    assert!(page.contains("增长35.5%"), "{page}");
}

#[test]
fn a_comparison_is_not_published_where_last_year_withholds_part_of_the_section() {
    let site = two_years("增长35.5%");
    site.write(
        "content/demo/2023/goals/secret.yaml",
        "id: secret\nscope: project\nproject: { name: 保密项目 }\nunit: jtj\nfunds: { total: \"100万元\" }\ndisclosure: { status: 不予公开, reason: 国家秘密 }\n",
    );
    site.write(
        "content/demo/2023/summary.yaml",
        "goals: { coverage: partial }\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/demo/2024/index.html");
    assert!(
        !page.contains("增长35.5%"),
        "with 2023's stated funds gone, 135.5 ÷ 1.355 would give the withheld 100万元"
    );
    assert!(page.contains("135.5"), "the figure itself stands");
}

/// Two goals, one whose 100万元 is withheld: a stated total pins it unless written loosely.
fn withheld_goal(funds: &str) -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/goals/secret.yaml",
        "id: secret\nscope: project\nproject: { name: 保密项目 }\nunit: jtj\nfunds: { total: \"100万元\" }\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [funds.total] }\n",
    );
    site.write(
        SUMMARY,
        &format!("goals: {{ count: 2, funds: \"{funds}\" }}\n"),
    );
    site
}

#[test]
fn the_gate_reads_a_loose_figure_as_its_interval() {
    // 235.5万元 exactly, or a range 0.2万元 wide, would give the withheld 100万元 away…
    for narrow in ["235.5万元", "235.4-235.6万元"] {
        let site = withheld_goal(narrow);
        let run = site.build();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let csv = site.read("public/data/demo/2024/figures.csv");
        assert!(!csv.contains(narrow), "{narrow} published: {csv}");
        assert!(!csv.contains("235.5"), "{csv}");
    }
    // …while 200余万元 (200 to 300) leaves it a wide interval and is published as written.
    let site = withheld_goal("200余万元");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = site.read("public/data/demo/2024/figures.csv");
    assert!(csv.contains("200余万元"), "{csv}");
}

#[test]
fn a_body_sets_its_own_rules_in_region_yaml() {
    let site = Site::fixture("minimal");
    let region = site.read("content/demo/region.yaml");
    site.write(
        "content/demo/region.yaml",
        &format!("{region}rules: {{ min_indicators: 5 }}\n"),
    );
    let w = warnings(&site);
    assert!(
        w.iter()
            .any(|l| l.contains("W109") && l.contains("at least 5")),
        "the body's rule applies to its goal: {w:?}"
    );
    // An unknown rule is one error at its line, not also "no region.yaml".
    site.write(
        "content/demo/region.yaml",
        &format!("{region}rules: {{ min_indicator: 5 }}\n"),
    );
    let run = site.run(&["check", ".", "--show-withheld"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("region.yaml"), "{}", run.stderr);
    assert!(!run.stderr.contains("E014"), "{}", run.stderr);
}
