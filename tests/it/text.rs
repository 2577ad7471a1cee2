//! Withheld text (issue 14, class 4): redaction markers in fields published as they stand,
//! near-miss marker forms, withheld text or amounts also published elsewhere, ids derived from
//! withheld values, and 不予公开 records identified by elimination. Each case builds or checks
//! a small site and asserts what the author sees; none of the messages may repeat the secret.

use crate::support::ReplaceChecked;
use crate::support::Site;

const GOAL: &str = "content/demo/2024/goals/road.yaml";
const SELF: &str = "content/demo/2024/self-evaluations/road.yaml";
const EX_ANTE: &str = "content/demo/2024/ex-ante/bridge.yaml";
const EVAL: &str = "content/demo/2024/evaluations/road-eval.md";
const SECRET: &str = "机密乙方";

/// Replaces `from` (which must occur) by `to` in the fixture file `rel`.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// `check` fails, quietly by default; `check --show-withheld` (the author at their desk)
/// names `rule` at `path:line`. Neither output shows `secret`.
fn rejects(site: &Site, rule: &str, at: &str, secret: &str) -> String {
    let quiet = site.check();
    let all = format!("{}{}", quiet.stdout, quiet.stderr);
    assert_eq!(quiet.code, 1, "check should fail:\n{all}");
    assert!(
        !all.contains(secret),
        "the message repeats the secret:\n{all}"
    );
    let run = site.run(&["check", "--show-withheld"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.code, 1, "check should fail with {rule} at {at}:\n{all}");
    assert!(all.contains(&format!("error[{rule}]")), "{rule}:\n{all}");
    assert!(all.contains(&format!("--> {at}")), "at {at}:\n{all}");
    assert!(
        !all.contains(secret),
        "the message repeats the secret:\n{all}"
    );
    all
}

const MARKED: &str = "[机密乙方]{redact 商业秘密}";

#[test]
fn markers_in_fields_published_as_they_stand_are_e042() {
    let cases: [(&str, &str, String, &str); 8] = [
        (
            "site.yaml",
            "owner: 测试县财政局",
            format!("owner: \"测试县{MARKED}\""),
            "site.yaml:5:",
        ),
        (
            "content/demo/region.yaml",
            "name: 测试县交通运输局",
            format!("name: \"{MARKED}\""),
            "content/demo/region.yaml:5:",
        ),
        (
            "content/demo/region.yaml",
            "name: 测试县\n",
            format!("name: \"{MARKED}\"\n"),
            "content/demo/region.yaml:1:",
        ),
        (
            GOAL,
            "project: { name: 乡村道路养护项目 }",
            format!("project: {{ name: 乡村道路养护项目, code: \"{MARKED}\" }}"),
            "content/demo/2024/goals/road.yaml:3:",
        ),
        (
            GOAL,
            "unit: 公里, weight: 30",
            format!("unit: \"{MARKED}\", weight: 30"),
            "content/demo/2024/goals/road.yaml:8:",
        ),
        (
            GOAL,
            "target: 有效改善",
            format!("target: \"{MARKED}\""),
            "content/demo/2024/goals/road.yaml:9:",
        ),
        (
            SELF,
            "actual: 明显改善",
            format!("actual: \"{MARKED}\""),
            "content/demo/2024/self-evaluations/road.yaml:9:",
        ),
        (
            EX_ANTE,
            "score: 78\n",
            format!(
                "score: 78\ndisclosure: {{ status: 不予公开, reason: 商业秘密, public_title: \"{MARKED}\" }}\n"
            ),
            "content/demo/2024/ex-ante/bridge.yaml:8:",
        ),
    ];
    for (rel, from, to, at) in cases {
        let site = Site::fixture("minimal");
        edit(&site, rel, from, &to);
        let out = rejects(&site, "E042", at, SECRET);
        assert!(out.contains("is published as written"), "{out}");
    }
}

#[test]
fn markers_in_footer_fields_and_summary_labels_are_e042() {
    let summary = "content/demo/2024/summary.yaml";
    let cases: [(&str, &str, String, &str); 3] = [
        (
            "site.yaml",
            "owner: 测试县财政局\n",
            format!("owner: 测试县财政局\nfooter: {{ address: \"{MARKED}\" }}\n"),
            "site.yaml:6:",
        ),
        (
            summary,
            "goals: { count: 1, funds: \"135.5万元\" }",
            format!(
                "goals: {{ count: 1, funds: \"135.5万元\", by_category: {{ \"{MARKED}\": {{ count: 1 }} }} }}"
            ),
            "content/demo/2024/summary.yaml:2:",
        ),
        (
            summary,
            "goals: { count: 1, funds: \"135.5万元\" }",
            format!(
                "goals: {{ count: 1, funds: \"135.5万元\" }}\nevaluations: {{ \"{MARKED}\": {{ count: 1, types: [财政重点评价] }} }}"
            ),
            "content/demo/2024/summary.yaml:3:",
        ),
    ];
    for (rel, from, to, at) in cases {
        let site = Site::fixture("minimal");
        edit(&site, rel, from, &to);
        rejects(&site, "E042", at, SECRET);
    }
}

#[test]
fn markers_in_a_page_title_or_description_are_e042() {
    for key in ["title", "description"] {
        let site = Site::fixture("minimal");
        site.write(
            "content/demo/2024/_index.md",
            &format!("---\n{key}: \"2024年{MARKED}\"\n---\n正文。\n"),
        );
        rejects(&site, "E042", "content/demo/2024/_index.md:2:", SECRET);
    }
}

#[test]
fn every_near_miss_marker_form_is_e042() {
    let forms = [
        "[机密乙方]{redact商业秘密}",
        "[机密乙方]｛redact 商业秘密｝",
        "［机密乙方］{redact 商业秘密}",
        "[机密乙方]{redact\u{a0}商业秘密}",
        "[机密乙方]{redact\u{3000}商业秘密}",
        "[机密乙方]{REDACT 商业秘密}",
        "[机密乙方]{ｒｅｄａｃｔ 商业秘密}",
        "[机密乙方]{re\u{200b}dact 商业秘密}",
    ];
    for form in forms {
        let site = Site::fixture("minimal");
        edit(
            &site,
            GOAL,
            "objective: 完成",
            &format!("objective: \"{form}完成"),
        );
        edit(&site, GOAL, "日常养护。", "日常养护。\"");
        rejects(
            &site,
            "E042",
            "content/demo/2024/goals/road.yaml:6:",
            SECRET,
        );
    }
    for (open, close) in [
        ("：：： redact 商业秘密", "：：："),
        (":::\u{a0}redact 商业秘密", ":::"),
        ("::: REDACT 商业秘密", ":::"),
        ("::: redact 商业秘密", "：：："),
    ] {
        let site = Site::fixture("minimal");
        let body = format!("{}\n{open}\n{SECRET}\n{close}\n", site.read(EVAL));
        site.write(EVAL, &body);
        rejects(
            &site,
            "E042",
            "content/demo/2024/evaluations/road-eval.md:",
            SECRET,
        );
    }
}

#[test]
fn a_withheld_text_published_elsewhere_names_both_places() {
    let site = Site::fixture("minimal");
    let disclosure =
        "disclosure: { status: 部分公开, reason: 商业秘密, fields: [indicators.1.name] }\n";
    site.write(SELF, &format!("{}{disclosure}", site.read(SELF)));
    let out = rejects(&site, "E045", &format!("{SELF}:1:"), "养护里程");
    assert!(
        out.contains(&format!("{GOAL}:1")),
        "names the public place:\n{out}"
    );
}

#[test]
fn a_withheld_amount_equal_to_a_public_one_of_the_same_project_is_e045() {
    // Same name and unit: the goal's 资金总额 is the self-evaluation's 全年预算数.
    let site = Site::fixture("minimal");
    let disclosure =
        "disclosure: { status: 部分公开, reason: 商业秘密, fields: [budget.adjusted] }\n";
    site.write(SELF, &format!("{}{disclosure}", site.read(SELF)));
    let out = rejects(&site, "E045", &format!("{SELF}:1:"), "135.5");
    assert!(out.contains(&format!("{GOAL}:1")), "{out}");
    // Same project code, different names: still the same project.
    let site = Site::fixture("minimal");
    edit(
        &site,
        GOAL,
        "name: 乡村道路养护项目 }",
        "name: 道路养护, code: \"6501\" }",
    );
    edit(
        &site,
        SELF,
        "name: 乡村道路养护项目 }",
        "name: 乡村公路养护, code: \"6501\" }",
    );
    edit(
        &site,
        "content/demo/2024/monitoring/road-2024-05.yaml",
        "135.5万元",
        "136万元",
    );
    site.write(SELF, &format!("{}{disclosure}", site.read(SELF)));
    let out = rejects(&site, "E045", &format!("{SELF}:1:"), "135.5");
    assert!(out.contains(&format!("{GOAL}:1")), "{out}");
}

#[test]
fn an_id_made_from_a_withheld_value_is_e046() {
    // Equal to a withheld project code, case folded.
    let site = Site::fixture("minimal");
    edit(&site, GOAL, "id: road\n", "id: xm2024road\n");
    edit(
        &site,
        SELF,
        "name: 乡村道路养护项目 }",
        "name: 乡村道路养护项目, code: XM2024ROAD }",
    );
    let disclosure = "disclosure: { status: 部分公开, reason: 商业秘密, fields: [project.code] }\n";
    site.write(SELF, &format!("{}{disclosure}", site.read(SELF)));
    rejects(&site, "E046", &format!("{GOAL}:1:"), "XM2024ROAD");
    // Containing a withheld ASCII text of four or more characters.
    let site = Site::fixture("minimal");
    edit(
        &site,
        EVAL,
        "evaluator: 某某会计师事务所",
        "evaluator: Acme Audit",
    );
    edit(
        &site,
        EVAL,
        "grade: 良\n",
        "grade: 良\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [evaluator] }\n",
    );
    edit(&site, EX_ANTE, "id: bridge\n", "id: bridge-acme-audit\n");
    rejects(&site, "E046", &format!("{EX_ANTE}:1:"), "Acme");
    // A SHA-256 hex prefix of a withheld text.
    use sha2::Digest;
    let hash = sha2::Sha256::digest("某某会计师事务所".as_bytes());
    let prefix: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
    let site = Site::fixture("minimal");
    edit(
        &site,
        EVAL,
        "grade: 良\n",
        "grade: 良\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [evaluator] }\n",
    );
    edit(&site, EX_ANTE, "id: bridge\n", &format!("id: b-{prefix}\n"));
    rejects(&site, "E046", &format!("{EX_ANTE}:1:"), "某某会计师事务所");
}

const WITHHELD: &str = "disclosure: { status: 不予公开, reason: 商业秘密 }\n";

#[test]
fn a_withheld_record_identified_by_its_project_is_e047_unless_linked() {
    let site = Site::fixture("minimal");
    site.write(SELF, &format!("{}{WITHHELD}", site.read(SELF)));
    let out = rejects(&site, "E047", &format!("{SELF}:1:"), "乡村道路养护项目");
    assert!(out.contains("linked: true"), "{out}");
    // Linked: accepted, and the withheld register names the project. Its amounts must not
    // equal the project's public ones.
    edit(&site, SELF, "商业秘密 }", "商业秘密, linked: true }");
    let out = rejects(&site, "E045", &format!("{SELF}:1:"), "135.5");
    assert!(out.contains(&format!("{GOAL}:1")), "{out}");
    edit(
        &site,
        SELF,
        "initial: \"120万元\", adjusted: \"135.5万元\", executed: \"135.5万元\"",
        "initial: \"110万元\", adjusted: \"130万元\", executed: \"129万元\"",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register = std::fs::read_to_string(site.path().join("public/withheld/index.html")).unwrap();
    assert!(
        register.contains("乡村道路养护项目：绩效自评（不予公开）"),
        "{register}"
    );
}

#[test]
fn linked_applies_to_withheld_records_only() {
    let site = Site::fixture("minimal");
    let linked =
        "disclosure: { status: 部分公开, reason: 商业秘密, fields: [score], linked: true }\n";
    site.write(EX_ANTE, &format!("{}{linked}", site.read(EX_ANTE)));
    rejects(&site, "E043", &format!("{EX_ANTE}:8:"), "\u{0}");
}

#[test]
fn an_excluded_text_equal_to_interface_text_is_reported_before_the_build() {
    // 不列示 text that the generator prints on its own (an indicator category) used to pass
    // `check` and then fail the build's leak audit with E080, naming nothing useful.
    let site = Site::fixture("minimal");
    edit(
        &site,
        EX_ANTE,
        "name: 河道桥梁新建项目",
        "name: 服务对象满意度",
    );
    site.write(
        EX_ANTE,
        &format!(
            "{}disclosure: {{ status: 不列示, reason: 商业秘密 }}\n",
            site.read(EX_ANTE)
        ),
    );
    edit(
        &site,
        "content/demo/2024/summary.yaml",
        "ex_ante: { count: 1, requested: \"560.3万元\", cut: \"248.2万元\", cut_rate: \"44.30%\" }\n",
        "",
    );
    let out = rejects(&site, "E045", &format!("{EX_ANTE}:1:"), "服务对象满意度");
    assert!(out.contains("text the site generates by itself"), "{out}");
    // The build stops before anything is written (not at the output audit, E080), and
    // quietly: the excluded record is not named.
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 more error about withheld content") && !run.stderr.contains("E080"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_narrative_naming_a_withheld_record_s_project_is_e045() {
    let site = Site::fixture("minimal");
    site.write(EX_ANTE, &format!("{}{WITHHELD}", site.read(EX_ANTE)));
    edit(
        &site,
        "content/demo/2024/summary.yaml",
        "ex_ante: { count: 1, requested: \"560.3万元\", cut: \"248.2万元\", cut_rate: \"44.30%\" }\n",
        "",
    );
    assert_eq!(site.check().code, 0, "withheld alone is fine");
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: 2024年工作情况\n---\n今年对河道桥梁新建项目开展了事前评估。\n",
    );
    let out = rejects(&site, "E045", &format!("{EX_ANTE}:1:"), "河道桥梁新建项目");
    assert!(out.contains("content/demo/2024/_index.md"), "{out}");
}

#[test]
fn an_unrelated_public_record_may_share_a_withheld_record_s_common_words() {
    // A withheld self-evaluation of another project with the same indicator names and
    // objective as the public one: those words are published for the public record's own sake.
    let site = Site::fixture("minimal");
    let other = site
        .read(SELF)
        .replace_checked("id: road", "id: other")
        .replace_checked("乡村道路养护项目", "某保密工程")
        .replace_checked("135.5万元", "99万元");
    site.write(
        "content/demo/2024/self-evaluations/other.yaml",
        &format!("{other}{WITHHELD}"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
}
