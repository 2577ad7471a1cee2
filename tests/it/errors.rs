//! Every content mistake stops `check` and `build` with exit code 1, its rule id and
//! `path:line:col`, never a panic, and leaves an existing output folder untouched.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};

const GOAL: &str = "content/demo/2024/goals/road.yaml";
const EX_ANTE: &str = "content/demo/2024/ex-ante/bridge.yaml";

/// Check fails with `rule` at `location`, and a build leaves the previous output as it was.
fn fails(site: &Site, rule: &str, location: &str) -> String {
    let run = site.check();
    assert_eq!(
        run.code, 1,
        "check should fail with {rule}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("error[{rule}]")),
        "expected {rule} in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> {location}")),
        "expected --> {location} in:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let out = site.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "previous site").unwrap();
    let before = snapshot(&out);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_eq!(snapshot(&out), before, "a failed build changed the output");
    run.stderr
}

/// [`fails`] for a mistake in a 不予公开 record: `check` and `build` only count it, never
/// naming the file (its name is the record's id); `check --show-withheld` shows it in full.
fn fails_withheld(site: &Site, rule: &str, location: &str) -> String {
    for run in [site.check(), site.build()] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let file = location.split(':').next().unwrap();
        let stem = file.rsplit('/').next().unwrap().split('.').next().unwrap();
        assert!(!run.stderr.contains(stem), "{}", run.stderr);
        assert!(
            run.stderr.contains("1 more error about withheld content"),
            "{}",
            run.stderr
        );
    }
    let run = site.run(&["check", "--show-withheld"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("error[{rule}]")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> {location}")),
        "{}",
        run.stderr
    );
    run.stderr
}

#[test]
fn the_fixture_is_valid() {
    let site = Site::fixture("minimal");
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn unknown_key_is_named_with_the_key_it_resembles() {
    let site = Site::fixture("minimal");
    site.write(
        GOAL,
        &site.read(GOAL).replace_checked("objective:", "objectve:"),
    );
    let err = fails(&site, "E002", &format!("{GOAL}:6:1"));
    assert!(err.contains(
        "error[E002]: unknown key `objectve`\n --> content/demo/2024/goals/road.yaml:6:1\n  |\n6 | objectve: 完成 86 公里农村公路日常养护。\n  | ^\n  |\n  = help: did you mean `objective`? keys allowed here: id, region, year, disclosure, scope, project, unit, funds, objective, indicators, published_on\n"
    ), "{err}");
}

#[test]
fn misspelt_disclosure_never_passes_silently() {
    let site = Site::fixture("minimal");
    site.write(
        GOAL,
        &format!(
            "{}disclosur: {{ status: 不予公开, reason: 国家秘密 }}\n",
            site.read(GOAL)
        ),
    );
    fails_withheld(&site, "E002", &format!("{GOAL}:11:1"));
}

#[test]
fn duplicate_key() {
    let site = Site::fixture("minimal");
    site.write(EX_ANTE, &format!("{}score: 80\n", site.read(EX_ANTE)));
    let err = fails(&site, "E003", &format!("{EX_ANTE}:8:1"));
    assert!(
        err.contains("key `score` is written twice in the same mapping"),
        "{err}"
    );
}

#[test]
fn bad_money_says_what_to_write() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("\"560.3万元\"", "\"560.3万\""),
    );
    let err = fails(&site, "E022", &format!("{EX_ANTE}:4:12"));
    assert!(err.contains("  = help: write \"560.3万元\""), "{err}");
}

#[test]
fn bad_id() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("id: bridge", "id: Bridge_01"),
    );
    let err = fails(&site, "E020", &format!("{EX_ANTE}:1:5"));
    assert!(
        err.contains("bridge-01"),
        "the hint proposes a corrected id:\n{err}"
    );
}

#[test]
fn duplicate_id_points_to_the_first() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/bridge-2.yaml",
        &site.read(EX_ANTE),
    );
    let err = fails(&site, "E021", "content/demo/2024/ex-ante/bridge.yaml:1:5");
    assert!(
        err.contains("the first is at content/demo/2024/ex-ante/bridge-2.yaml:1"),
        "{err}"
    );
}

#[test]
fn unknown_unit_suggests_the_close_one() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site.read(EX_ANTE).replace_checked("unit: jtj", "unit: jjt"),
    );
    let err = fails(&site, "E027", &format!("{EX_ANTE}:3:7"));
    assert!(err.contains(
        "error[E027]: `unit`: unit `jjt` is not listed in this region's region.yaml\n --> content/demo/2024/ex-ante/bridge.yaml:3:7\n  |\n3 | unit: jjt\n  |       ^\n  |\n  = help: did you mean `jtj`? units of this region: jtj (测试县交通运输局), czj (测试县财政局)\n"
    ), "{err}");
}

#[test]
fn unknown_enumeration_value() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("conclusion: 部分支持", "conclusion: 部份支持"),
    );
    let err = fails(&site, "E026", &format!("{EX_ANTE}:6:13"));
    assert!(err.contains("did you mean 部分支持"), "{err}");
}

#[test]
fn english_aliases_are_accepted() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("conclusion: 部分支持", "conclusion: partial-support"),
    );
    assert_eq!(site.check().code, 0);
}

#[test]
fn year_mismatch() {
    let site = Site::fixture("minimal");
    site.write(EX_ANTE, &format!("{}year: 2023\n", site.read(EX_ANTE)));
    let err = fails(&site, "E028", &format!("{EX_ANTE}:8:7"));
    assert!(
        err.contains("this record says year 2023 but is in the folder of 2024"),
        "{err}"
    );
}

#[test]
fn missing_reason() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &format!("{}disclosure: {{ status: 不予公开 }}\n", site.read(EX_ANTE)),
    );
    let err = fails_withheld(&site, "E040", &format!("{EX_ANTE}:8:23"));
    assert!(err.contains("error[E040]: a record that is 不予公开 must say why\n--> content/demo/2024/ex-ante/bridge.yaml:8:23\n = help: add `reason:`"), "quiet: no quoted line\n{err}");
}

#[test]
fn unbalanced_redaction_marker_is_not_quoted() {
    let site = Site::fixture("minimal");
    let path = "content/demo/2024/evaluations/road-eval.md";
    site.write(
        path,
        &format!("{}\n::: redact 敏感信息\n秘密段落内容\n", site.read(path)),
    );
    let err = fails(&site, "E042", &format!("{path}:17:1"));
    assert!(!err.contains("秘密段落内容"), "{err}");
}

#[test]
fn yaml_syntax_error() {
    let site = Site::fixture("minimal");
    site.write(EX_ANTE, "id: bridge\nproject: { name: 桥\nunit: jtj\n");
    let err = fails(&site, "E001", &format!("{EX_ANTE}:3:5"));
    assert!(
        err.contains("a `{ … }` is not complete: the closing `}` or a comma `,` between its entries is missing"),
        "{err}"
    );
}

#[test]
fn stray_file() {
    let site = Site::fixture("minimal");
    site.write("content/demo/2024/goals/notes.txt", "x");
    fails(&site, "E011", "content/demo/2024/goals/notes.txt");
}

#[cfg(unix)]
#[test]
fn symbolic_link() {
    let site = Site::fixture("minimal");
    std::os::unix::fs::symlink(
        site.path().join(EX_ANTE),
        site.path().join("content/demo/2024/ex-ante/link.yaml"),
    )
    .unwrap();
    fails(&site, "E010", "content/demo/2024/ex-ante/link.yaml");
}

const SUMMARY: &str = "content/demo/2024/summary.yaml";

#[test]
fn alias_bomb_stops_fast() {
    let site = Site::fixture("minimal");
    let mut bomb = String::from("ex_ante:\n  by_category:\n    l0: &l0 { count: 1 }\n");
    for level in 1..12 {
        let refs: Vec<String> = (0..10).map(|i| format!("k{i}: *l{}", level - 1)).collect();
        bomb.push_str(&format!(
            "    l{level}: &l{level} {{ by_category: {{ {} }} }}\n",
            refs.join(", ")
        ));
    }
    site.write(SUMMARY, &bomb);
    let start = std::time::Instant::now();
    let err = fails(&site, "E006", &format!("{SUMMARY}:8:34"));
    assert!(err.contains("too large or too deeply nested"), "{err}");
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn deep_nesting_stops_fast() {
    let site = Site::fixture("minimal");
    let depth = 20_000;
    site.write(
        SUMMARY,
        &format!(
            "ex_ante: {}{{}}{}\n",
            "{ by_category: { x: ".repeat(depth),
            " } }".repeat(depth)
        ),
    );
    let err = fails(&site, "E006", &format!("{SUMMARY}:1:"));
    assert!(err.contains("too large or too deeply nested"), "{err}");
}

#[test]
fn a_deeply_nested_value_is_rejected_with_a_short_message() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &format!("id: {}1{}\n", "[".repeat(20_000), "]".repeat(20_000)),
    );
    let err = fails(&site, "E005", &format!("{EX_ANTE}:1:5"));
    assert!(
        err.len() < 2_000,
        "the quoted line is cut: {} bytes",
        err.len()
    );
}

#[test]
fn every_mistake_is_reported_in_one_run() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("unit: jtj", "unit: nope")
            .replace_checked("\"312.1万元\"", "\"abc\""),
    );
    site.write("content/demo/2024/goals/notes.txt", "x");
    let run = site.check();
    assert_eq!(run.code, 1);
    for rule in ["E027", "E022", "E011"] {
        assert!(
            run.stderr.contains(&format!("error[{rule}]")),
            "{rule} missing:\n{}",
            run.stderr
        );
    }
}

#[test]
fn json_diagnostics_carry_every_field() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site.read(EX_ANTE).replace_checked("unit: jtj", "unit: jjt"),
    );
    let run = site.run(&["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["rule"], "E027");
    assert_eq!(v["severity"], "error");
    assert_eq!(v["path"], EX_ANTE);
    assert_eq!(v["line"], 3);
    assert_eq!(v["column"], 7);
    assert!(v["hint"].as_str().unwrap().contains("jtj"));
}

/// One mistake per remaining rule: (rule, file, its new text, expected location).
const MORE: &[(&str, &str, &str, &str)] = &[
    (
        "E004",
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: { name: 桥 }\nunit: jtj\nrequested: 1\nconclusion: 支持\n",
        "content/demo/2024/ex-ante/bridge.yaml:5:",
    ),
    (
        "E005",
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: 桥\nunit: jtj\nrequested: 1\napproved: 1\nconclusion: 支持\n",
        "content/demo/2024/ex-ante/bridge.yaml:2:10",
    ),
    (
        "E012",
        "content/demo/2024/ex-ante/latin1.yaml",
        "id: \u{0}",
        "",
    ),
    (
        "E013",
        "content/demo/20x4/summary.yaml",
        "goals: { count: 1 }\n",
        "content/demo/20x4",
    ),
    (
        "E014",
        "content/other/2024/summary.yaml",
        "goals: { count: 1 }\n",
        "content/other",
    ),
    (
        "E015",
        "content/demo/2024/evaluations/road-eval.md",
        "---\nid: road-eval\n",
        "content/demo/2024/evaluations/road-eval.md:1:1",
    ),
    (
        "E023",
        "content/demo/2024/summary.yaml",
        "ex_ante: { cut_rate: \"44.3\" }\n",
        "content/demo/2024/summary.yaml:1:22",
    ),
    (
        "E024",
        "content/demo/2024/monitoring/road-2024-05.yaml",
        "id: road-2024-05\nnode: 2024-5\nscope: project\nproject: { name: 乡村道路养护项目 }\nunit: jtj\nbudget: 1\nexecuted: 1\n",
        "content/demo/2024/monitoring/road-2024-05.yaml:2:7",
    ),
    (
        "E025",
        "content/demo/2024/summary.yaml",
        "goals: { count: 1.5 }\n",
        "content/demo/2024/summary.yaml:1:17",
    ),
    (
        "E028",
        "content/demo/2024/monitoring/road-2024-05.yaml",
        "id: road-2024-05\nnode: 2023-05\nscope: project\nproject: { name: 乡村道路养护项目 }\nunit: jtj\nbudget: 1\nexecuted: 1\n",
        "content/demo/2024/monitoring/road-2024-05.yaml:2:7",
    ),
    (
        "E029",
        "content/demo/region.yaml",
        "name: 测试县\nlevel: 县\nparent: nowhere\nunits: [{ id: jtj, name: 交通局 }, { id: czj, name: 财政局 }]\n",
        "content/demo/region.yaml:3:9",
    ),
    (
        "E030",
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: { name: 桥 }\nunit: jtj\nrequested: 1\napproved: 2\nconclusion: 支持\n",
        "content/demo/2024/ex-ante/bridge.yaml:5:11",
    ),
    (
        "E041",
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: { name: 桥 }\nunit: jtj\nrequested: 2\napproved: 1\nconclusion: 支持\ndisclosure: { status: 部分公开, reason: 其他, fields: [evaluator] }\n",
        "content/demo/2024/ex-ante/bridge.yaml:7:50",
    ),
    (
        "E043",
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: { name: 桥 }\nunit: jtj\nrequested: 2\napproved: 1\nconclusion: 支持\ndisclosure: { status: 公开, fields: [requested] }\n",
        "content/demo/2024/ex-ante/bridge.yaml:7:36",
    ),
    (
        "E060",
        "site.yaml",
        "title: t\nbase_url: example\nowner: o\n",
        "site.yaml:2:11",
    ),
];

#[test]
fn every_other_rule_has_a_failing_fixture() {
    for (rule, file, text, location) in MORE {
        let site = Site::fixture("minimal");
        if *rule == "E012" {
            let p = site.path().join(file);
            std::fs::write(p, [0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).unwrap();
        } else {
            site.write(file, text);
        }
        let run = site.check();
        assert_eq!(run.code, 1, "{rule}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error[{rule}]")),
            "expected {rule}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("--> {location}")),
            "{rule} expected at {location}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_missing_site_yaml_is_reported() {
    let site = Site::fixture("minimal");
    site.remove("site.yaml");
    let run = site.check();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[E012]: the site has no site.yaml"),
        "{}",
        run.stderr
    );
}

/// Messages are in the site's language unless `--lang` chooses; `--format json` keeps its
/// fields and carries the message in the chosen language.
#[test]
fn messages_follow_the_site_language_unless_lang_chooses() {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("\"560.3万元\"", "\"560.3万\""),
    );
    let plain = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "."])
        .current_dir(site.path())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let zh = String::from_utf8_lossy(&plain.stderr);
    assert!(
        zh.contains("错误[E022]") && zh.contains("= 怎样改: "),
        "{zh}"
    );
    let en = site.run(&["check"]).stderr;
    assert!(en.contains("error[E022]") && en.contains("= help:"), "{en}");
    let chosen = site.run(&["check", "--lang", "zh"]).stderr;
    assert!(chosen.contains("错误[E022]"), "{chosen}");
    let json = site
        .run(&["check", "--format", "json", "--lang", "zh"])
        .stdout;
    let v: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "column", "hint", "line", "message", "path", "rule", "severity"
        ]
    );
    assert_eq!(
        (v["rule"].as_str(), v["line"].as_u64()),
        (Some("E022"), Some(4))
    );
}
