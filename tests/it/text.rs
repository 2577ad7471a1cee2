//! Withheld text (issue 14, class 4): redaction markers in fields published as they stand,
//! near-miss marker forms, withheld text or amounts also published elsewhere, ids derived from
//! withheld values, and 不予公开 records identified by elimination. Each case builds or checks
//! a small site and asserts what the author sees; none of the messages may repeat the secret.

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

/// `check` fails with `rule` at `path:line`, and its output never shows `secret`.
fn rejects(site: &Site, rule: &str, at: &str, secret: &str) -> String {
    let run = site.check();
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
        assert!(out.contains("原样公开"), "{out}");
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
