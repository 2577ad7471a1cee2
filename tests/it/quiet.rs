//! Build and check messages never name a withheld record's file or id, never tell a withheld
//! value or a figure computed with one, and never quote a withheld line (CI logs are often
//! public); `check --show-withheld` shows the author everything. Each test reads only what
//! the commands print.

use crate::support::ReplaceChecked;
use crate::support::Site;

const SE: &str = "content/demo/2024/self-evaluations/road.yaml";
const GOAL: &str = "content/demo/2024/goals/road.yaml";
const MAY: &str = "content/demo/2024/monitoring/road-2024-05.yaml";
const WITHHELD: &str = "disclosure: { status: 不予公开, reason: 商业秘密 }\n";

/// Everything `check` (human and JSON) and `build` print.
fn printed(site: &Site) -> String {
    let mut all = String::new();
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["check", "--strict"],
        &["build"],
    ] {
        let run = site.run(args);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        all.push_str(&run.stdout);
        all.push_str(&run.stderr);
    }
    all
}

/// None of `secrets` is printed by check or build; `check --show-withheld` prints each of
/// `shown` (the test would pass vacuously if the diagnostic were never made).
fn quiet(site: &Site, secrets: &[&str], shown: &[&str]) {
    let all = printed(site);
    for s in secrets {
        assert!(!all.contains(s), "`{s}` is printed:\n{all}");
    }
    let run = site.run(&["check", "--show-withheld"]);
    for s in shown {
        assert!(
            run.stderr.contains(s),
            "--show-withheld lacks `{s}`:\n{}",
            run.stderr
        );
    }
}

/// A 不予公开 self-evaluation, `secret-se.yaml`, from the fixture's with `edit` applied.
fn withheld_self_evaluation(site: &Site, edit: impl Fn(String) -> String) {
    let text = edit(site.read(SE).replace_checked("id: road", "id: secret-se"));
    site.write(
        "content/demo/2024/self-evaluations/secret-se.yaml",
        &format!("{text}{WITHHELD}"),
    );
}

#[test]
fn w101_never_names_a_withheld_record() {
    let site = Site::fixture("minimal");
    withheld_self_evaluation(&site, |t| {
        t.replace_checked("score: 100\ngrade: 优", "score: 77\ngrade: 中")
    });
    quiet(&site, &["secret-se", "W101"], &["secret-se", "W101"]);
}

#[test]
fn w102_never_names_a_withheld_record() {
    let site = Site::fixture("minimal");
    withheld_self_evaluation(&site, |t| t.replace_checked("grade: 优", "grade: 良"));
    quiet(&site, &["secret-se", "W102"], &["secret-se", "W102"]);
}

#[test]
fn w109_never_names_a_withheld_record() {
    let site = Site::fixture("minimal");
    site.write(
        "site.yaml",
        &format!("{}rules: {{ min_indicators: 7 }}\n", site.read("site.yaml")),
    );
    let goal = site
        .read(GOAL)
        .replace_checked("id: road", "id: secret-goal");
    site.write(
        "content/demo/2024/goals/secret-goal.yaml",
        &format!("{goal}{WITHHELD}"),
    );
    quiet(&site, &["secret-goal"], &["secret-goal", "W109"]);
}

#[test]
fn w106_never_tells_a_withheld_flag() {
    let site = Site::fixture("minimal");
    let may = site.read(MAY);
    let aug = may
        .replace_checked("road-2024-05", "road-2024-08")
        .replace_checked("node: 2024-05", "node: 2024-08")
        .replace_checked("黄标", "红标");
    site.write("content/demo/2024/monitoring/road-2024-08.yaml", &aug);
    site.remove(MAY);
    let secret = may
        .replace_checked("id: road-2024-05", "id: secret-may")
        .replace_checked("flag: 黄标", "flag: 正常");
    site.write(
        "content/demo/2024/monitoring/secret-may.yaml",
        &format!("{secret}{WITHHELD}"),
    );
    quiet(
        &site,
        &["secret-may", "W106", "2024-05"],
        &["W106", "secret-may"],
    );
}

#[test]
fn w108_never_prints_a_share_computed_with_withheld_funds() {
    let site = Site::fixture("minimal");
    site.write(
        "site.yaml",
        &format!(
            "{}rules: {{ min_department_evaluation_share: \"20%\" }}\n",
            site.read("site.yaml")
        ),
    );
    let ev = "content/demo/2024/evaluations/road-eval.md";
    site.write(
        ev,
        &site
            .read(ev)
            .replace_checked("type: 财政重点评价", "type: 部门评价")
            .replace_checked("funds: \"135.5万元\"", "funds: \"20万元\""),
    );
    let goal = site
        .read(GOAL)
        .replace_checked("id: road", "id: big")
        .replace_checked("乡村道路养护项目", "保密工程")
        .replace_checked("135.5万元", "500万元")
        .replace_checked("120万元", "484.5万元");
    site.write(
        "content/demo/2024/goals/big.yaml",
        &format!("{goal}{WITHHELD}"),
    );
    site.write(
        "content/demo/2024/summary.yaml",
        "ex_ante: { count: 1, requested: \"560.3万元\", cut: \"248.2万元\", cut_rate: \"44.30%\" }\n",
    );
    quiet(&site, &["W108", "3.10%", "3.1%"], &["W108"]);
}

#[test]
fn w103_never_quotes_a_suppressed_figure() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/secret-bridge.yaml",
        &format!(
            "id: secret-bridge\nproject: {{ name: 保密桥梁项目 }}\nunit: jtj\nrequested: \"77.77万元\"\napproved: \"66.66万元\"\nconclusion: 部分支持\n{WITHHELD}"
        ),
    );
    site.write(
        "content/demo/2024/summary.yaml",
        "goals: { count: 1, funds: \"135.5万元\" }\nex_ante: { count: 2, requested: \"700.01万元\" }\n",
    );
    quiet(&site, &["700.01", "W103"], &["W103", "700.01"]);
}

#[test]
fn e050_in_a_narrative_points_at_its_line_and_never_quotes_a_withheld_passage() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: 2024 年工作情况\n---\n第一段。\n\n::: redact 敏感信息\n保密的第一行。\n保密的第二行。\n保密的第三行。\n:::\n\n合计 {{ figure(path=\"goals.nope\") }}。\n",
    );
    let all = printed(&site);
    assert!(!all.contains("保密的"), "{all}");
    assert!(
        all.contains("--> content/demo/2024/_index.md:12:1"),
        "{all}"
    );
    assert!(all.contains("12 | 合计 {{ figure"), "{all}");
}

#[test]
fn show_withheld_is_only_for_check_and_names_everything() {
    let site = Site::fixture("minimal");
    withheld_self_evaluation(&site, |t| {
        t.replace_checked("score: 100\ngrade: 优", "score: 77\ngrade: 中")
    });
    let run = site.run(&["check", "--show-withheld", "--format", "json"]);
    assert!(run.stdout.contains("secret-se.yaml"), "{}", run.stdout);
    assert!(run.stdout.contains("\"W101\""), "{}", run.stdout);
    let build = site.run(&["build", "--show-withheld"]);
    assert_eq!(
        build.code, 2,
        "build has no --show-withheld: {}",
        build.stderr
    );
}

/// Whether a file withholds is known from its parsed records, not only from its text: a
/// `disclosure:` key spelt with a YAML escape still keeps the file's lines unquoted when the
/// site does not validate (no facts about it yet).
#[test]
fn a_disclosure_key_written_with_an_escape_still_keeps_its_lines_unquoted() {
    let site = Site::fixture("minimal");
    let bridge = "content/demo/2024/ex-ante/bridge.yaml";
    let text = crate::support::replace_once(
        &site.read(bridge),
        "approved: \"312.1万元\"",
        "approved: \"312.1万\"",
    );
    site.write(
        bridge,
        &format!(
            "{text}\"disclos\\u0075re\": {{ status: 部分公开, reason: 商业秘密, fields: [approved] }}\n"
        ),
    );
    quiet(&site, &["312.1万"], &["error[E022]", bridge]);
}

/// A 不予公开 status written with a YAML escape is still known from the parsed record: when the
/// site does not validate, a mistake in that record is only counted, its file (named after the
/// record's id) never shown.
#[test]
fn a_withheld_status_written_with_an_escape_still_hides_the_file() {
    let site = Site::fixture("minimal");
    let bridge = "content/demo/2024/ex-ante/bridge.yaml";
    let text = crate::support::replace_once(&site.read(bridge), "id: bridge", "id: secret-bridge");
    let text = crate::support::replace_once(&text, "\"312.1万元\"", "\"312.1万\"");
    site.write(
        "content/demo/2024/ex-ante/secret-bridge.yaml",
        &format!("{text}disclosure: {{ status: \"\\u4e0d予公开\", reason: 商业秘密 }}\n"),
    );
    quiet(
        &site,
        &["secret-bridge", "312.1万"],
        &["secret-bridge", "error[E022]"],
    );
}
