//! Derivability: a published total must not let a reader compute a withheld amount or category,
//! alone or combined with other published totals.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};

const SECRET_BRIDGE: &str = "id: secret-bridge\nproject: { name: 保密桥梁项目 }\nunit: jtj\nrequested: \"77.77万元\"\napproved: \"66.66万元\"\nconclusion: 部分支持\ndisclosure: { status: 不予公开, reason: 国家秘密 }\n";
const SUMMARY: &str = "content/demo/2024/summary.yaml";

fn all_output(site: &Site) -> String {
    snapshot(&site.path().join("public"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn one_hidden_amount_under_a_stated_total_is_not_published() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/secret-bridge.yaml",
        SECRET_BRIDGE,
    );
    site.write(SUMMARY, "ex_ante: { count: 2, requested: \"638.07万元\", cut: \"259.31万元\", cut_rate: \"40.64%\" }\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = all_output(&site);
    // The total requested isolates the withheld request; the total cut its 核减 (requested −
    // approved, both withheld).
    for value in ["638.07", "259.31", "77.77", "66.66"] {
        assert!(
            !out.contains(value),
            "{value} would let readers compute the withheld amount"
        );
    }
    assert!(
        out.contains("40.64"),
        "the cut rate alone ties two unknown totals and stays"
    );
    let year = site.read("public/demo/2024/index.html");
    assert!(
        year.contains("仅公布公开部分"),
        "the page says why the total is partial"
    );
    assert!(year.contains("另有 1 项不予公开"), "{year}");
}

#[test]
fn a_site_that_demands_full_totals_fails_naming_the_total() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/secret-bridge.yaml",
        SECRET_BRIDGE,
    );
    site.write(
        SUMMARY,
        "ex_ante: { count: 2, requested: \"638.07万元\" }\n",
    );
    site.write(
        "site.yaml",
        &format!("{}require_full_totals: true\n", site.read("site.yaml")),
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "错误[E044]: 完整公布 `ex_ante.requested` 会让读者由公开部分推算出不予公开的数值"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/demo/2024/summary.yaml:1:33"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("77.77"));
}

#[test]
fn totals_that_isolate_a_value_together_are_caught() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/ex-ante/bridge.yaml");
    let rec = |id: &str, req: &str, app: &str, c: &str| {
        format!(
            "id: {id}\nproject: {{ name: 项目{id} }}\nunit: jtj\nrequested: \"{req}万元\"\napproved: \"{app}万元\"\nconclusion: {c}\ndisclosure: {{ status: 不予公开, reason: 工作秘密 }}\n"
        )
    };
    site.write(
        "content/demo/2024/ex-ante/a.yaml",
        &rec("a", "100", "100", "支持"),
    );
    site.write(
        "content/demo/2024/ex-ante/b.yaml",
        &rec("b", "200", "200", "支持"),
    );
    site.write(
        "content/demo/2024/ex-ante/c.yaml",
        &rec("c", "333.33", "111.11", "部分支持"),
    );
    // The total covers a+b+c, the 支持 line covers a+b: together they give c.
    site.write(SUMMARY, "ex_ante: { count: 3, requested: \"633.33万元\", by_conclusion: { 支持: { count: 2, requested: \"300万元\" }, 部分支持: { count: 1 } } }\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = all_output(&site);
    assert!(
        out.contains("633.33"),
        "the grand total alone isolates nothing and is published"
    );
    assert!(
        !out.contains("300万元") && !out.contains("333.33"),
        "the 支持 line would isolate c"
    );
}

#[test]
fn a_record_whose_other_amounts_give_away_the_withheld_one_is_an_error() {
    let site = Site::fixture("minimal");
    let goal = "content/demo/2024/goals/road.yaml";
    site.write(
        goal,
        &format!(
            "{}disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [funds.fiscal] }}\n",
            site.read(goal)
        ),
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "错误[E044]: 这条记录不予公开的 `funds.fiscal`，可以由它公开的其他数值推算出来"
        ),
        "{}",
        run.stderr
    );
    site.write(
        goal,
        &site.read(goal).replace_checked(
            "fields: [funds.fiscal]",
            "fields: [funds.fiscal, funds.other]",
        ),
    );
    // The self-evaluation's 年初预算数 would state the withheld 财政拨款 (E045).
    let se = "content/demo/2024/self-evaluations/road.yaml";
    site.write(
        se,
        &site
            .read(se)
            .replace_checked("initial: \"120万元\"", "initial: \"118万元\""),
    );
    assert_eq!(site.check().code, 0, "withholding both parts is fine");
}

#[test]
fn a_grade_count_that_reveals_a_withheld_grade_is_not_published() {
    let site = Site::fixture("minimal");
    let se = site.read("content/demo/2024/self-evaluations/road.yaml");
    site.write(
        "content/demo/2024/self-evaluations/secret.yaml",
        &format!(
            "{}disclosure: {{ status: 不予公开, reason: 敏感信息 }}\n",
            // Another project: one of the same project would be identified (E047).
            se.replace_checked("id: road", "id: secret-road")
                .replace_checked("乡村道路养护项目", "某保密道路项目")
        ),
    );
    // Two 优 stated, one public 优: the withheld one must be 优 too.
    site.write(
        SUMMARY,
        "self_evaluations: { count: 2, by_grade: { 优: { count: 2, share: \"100%\" } } }\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let year = site.read("public/demo/2024/index.html");
    assert!(year.contains("仅公布公开部分"), "{year}");
    assert!(
        !year.contains(">100%<"),
        "the share of the grade is withheld with the count"
    );
}

#[test]
fn a_narrative_cannot_place_a_figure_that_reveals_a_withheld_value() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/secret-bridge.yaml",
        SECRET_BRIDGE,
    );
    site.write(
        SUMMARY,
        "ex_ante: { count: 2, requested: \"638.07万元\" }\n",
    );
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: t\n---\n申报 {{ figure(path=\"ex_ante.requested\") }}\n",
    );
    let run = site.check();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[E051]: the figure `ex_ante.requested` cannot be placed"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("638.07") && !run.stderr.contains("77.77"),
        "{}",
        run.stderr
    );
}

/// Which row of a breakdown is held back must not point at the withheld record's category:
/// two sites that differ only in that category publish the same bytes.
#[test]
fn the_rows_held_back_do_not_depend_on_the_hidden_category() {
    let build = |hidden: &str, support: u32, partial: u32| {
        let site = Site::fixture("minimal");
        site.remove("content/demo/2024/ex-ante/bridge.yaml");
        let rec = |id: &str, c: &str, tail: &str| {
            format!(
                "id: {id}\nproject: {{ name: 项目{id} }}\nunit: jtj\nrequested: \"100万元\"\napproved: \"90万元\"\nconclusion: {c}\n{tail}"
            )
        };
        site.write("content/demo/2024/ex-ante/a.yaml", &rec("a", "支持", ""));
        site.write(
            "content/demo/2024/ex-ante/b.yaml",
            &rec("b", "部分支持", ""),
        );
        site.write(
            "content/demo/2024/ex-ante/c.yaml",
            &rec(
                "c",
                hidden,
                "disclosure: { status: 不予公开, reason: 工作秘密 }\n",
            ),
        );
        site.write(SUMMARY, &format!("ex_ante: {{ count: 3, by_conclusion: {{ 支持: {{ count: {support} }}, 部分支持: {{ count: {partial} }} }} }}\n"));
        let run = site.build();
        assert_eq!(run.code, 0, "{}", run.stderr);
        (
            site.read("public/data/demo/2024/figures.csv"),
            site.read("public/demo/2024/index.html"),
        )
    };
    let a = build("支持", 2, 1);
    let b = build("部分支持", 1, 2);
    assert!(
        !a.0.contains(",2,"),
        "a count that places the record: {}",
        a.0
    );
    assert_eq!(a, b);
}

/// A grade that contradicts its own score (W102) binds nothing a reader could rely on: with
/// the score withheld, the site still builds (a warning for the author, not E044).
#[test]
fn a_withheld_score_beside_a_grade_that_contradicts_it_builds() {
    let site = Site::fixture("minimal");
    let eval = "content/demo/2024/evaluations/road-eval.md";
    let text = site
        .read(eval)
        .replace_checked("score: 88\n", "score: 75\n")
        .replacen(
            "---\n",
            "---\ndisclosure: { status: 部分公开, reason: 工作秘密, fields: [score] }\n",
            1,
        );
    assert!(text.contains("score: 75"), "{text}");
    site.write(eval, &text);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("E044"), "{}", run.stderr);
}

/// Six evaluations withheld whole: their grades (five options each) make more assignments
/// than the gate enumerates. The build stops, naming a withheld record and saying why, never
/// the public record that happens to come first in the section; five pass.
#[test]
fn a_section_too_large_to_verify_names_a_withheld_record() {
    let site = Site::fixture("minimal");
    let scores = ["64.8", "70.0", "76.0", "84.8", "85.2", "94.9"];
    for (i, score) in scores.iter().enumerate() {
        let grade = ["中", "中", "中", "良", "良", "优"][i];
        site.write(
            &format!("content/demo/2024/evaluations/secret-{i}.yaml"),
            &format!(
                "id: secret-{i}\ndisclosure: {{ status: 不予公开, reason: 国家秘密 }}\ntype: 部门评价\ntitle: 保密工程{i}号评价报告\nsubject: {{ project: {{ name: 保密工程{i}号 }} }}\nunit: jtj\nevaluator: 某某事务所\nfunds: \"{}万元\"\nscore: {score}\ngrade: {grade}\nfindings: 3\nrectified: 2\n",
                100 + 37 * i
            ),
        );
    }
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("另有 1 个错误涉及不公开的内容") && !run.stderr.contains("road-eval"),
        "the error is about withheld records, so CI logs show no file: {}",
        run.stderr
    );
    let run = site.run(&["check", ".", "--lang", "zh", "--show-withheld"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "错误[E044]: 本年度这一类中有 6 条记录不予公开全部或部分内容（这是其中第一条）"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/demo/2024/evaluations/secret-0.yaml:1:1"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("road-eval"),
        "the public evaluation withholds nothing: {}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("[E044]").count(), 1, "{}", run.stderr);
    site.remove("content/demo/2024/evaluations/secret-5.yaml");
    assert_eq!(site.check().code, 0, "five can be verified");
}
