//! The user guide (docs/): every file example in it is a real file under docs/examples/, every
//! example site passes `check --strict` and builds (the deliberate mistake fails with exactly
//! the output the guide shows), links point at files that exist, and the CI recipes parse.

use crate::support::repo;
use std::path::Path;
use std::process::Command;

struct Block {
    doc: String,
    info: String,
    text: String,
}

fn guide() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    assert!(docs.len() >= 7, "the guide has its chapters");
    docs
}

fn blocks(docs: &[(String, String)]) -> Vec<Block> {
    let mut out = Vec::new();
    for (doc, text) in docs {
        let mut open: Option<(String, String)> = None;
        for line in text.lines() {
            match (&mut open, line.strip_prefix("```")) {
                (None, Some(info)) => open = Some((info.to_string(), String::new())),
                (Some(_), Some("")) => {
                    let (info, text) = open.take().unwrap();
                    out.push(Block {
                        doc: doc.clone(),
                        info,
                        text,
                    });
                }
                (Some((_, body)), _) => {
                    body.push_str(line);
                    body.push('\n');
                }
                (None, None) => {}
            }
        }
        assert!(open.is_none(), "{doc}: a code block is never closed");
    }
    out
}

fn attr<'a>(info: &'a str, name: &str) -> Option<&'a str> {
    let start = info.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&info[start..start + info[start..].find('"')?])
}

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(repo())
        .env("CI", "true")
        .output()
        .unwrap()
}

#[test]
fn every_file_example_in_the_guide_is_a_real_file() {
    let all = blocks(&guide());
    let mut files = 0;
    for b in &all {
        let lang = b.info.split_whitespace().next().unwrap_or("");
        match attr(&b.info, "title") {
            Some(path) => {
                let real = std::fs::read_to_string(repo().join(path))
                    .unwrap_or_else(|e| panic!("{}: {path}: {e}", b.doc));
                assert!(
                    real.contains(&b.text),
                    "{}: the example differs from {path}",
                    b.doc
                );
                files += 1;
            }
            None => assert!(
                !matches!(lang, "yaml" | "markdown" | "md"),
                "{}: a {lang} example without title=\"docs/examples/…\":\n{}",
                b.doc,
                b.text
            ),
        }
    }
    assert!(files >= 15, "only {files} file examples");
}

#[test]
fn outputs_shown_in_the_guide_are_what_gongkai_prints() {
    let all = blocks(&guide());
    let shown: Vec<&Block> = all
        .iter()
        .filter(|b| attr(&b.info, "output").is_some())
        .collect();
    assert!(shown.len() >= 2);
    for b in shown {
        let args: Vec<&str> = attr(&b.info, "output").unwrap().split(' ').collect();
        // as the guide's reader sees it: in Chinese (the later --lang wins)
        let out = gongkai(&[&["--lang", "zh"], &args[..]].concat());
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(printed, b.text, "{}: `gongkai {}`", b.doc, args.join(" "));
    }
}

#[test]
fn example_sites_pass_strict_check_and_build() {
    let examples = repo().join("docs/examples");
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    let tmp = tempfile::tempdir().unwrap();
    for name in names {
        let site = format!("docs/examples/{name}");
        let check = gongkai(&["check", &site, "--strict"]);
        if name == "mistake" {
            assert_eq!(check.status.code(), Some(1), "{site} has its mistake");
            continue;
        }
        assert!(
            check.status.success(),
            "{site}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let out = tmp.path().join(&name);
        let build = gongkai(&["build", &site, "-o", out.to_str().unwrap()]);
        assert!(
            build.status.success(),
            "{site}: {}",
            String::from_utf8_lossy(&build.stderr)
        );
        assert!(out.join("index.html").is_file() && out.join("changes/index.html").is_file());
        assert!(
            !repo().join(&site).join("public").exists(),
            "examples are built elsewhere"
        );
    }
}

#[test]
fn links_in_the_guide_point_at_files_that_exist() {
    for (doc, text) in guide() {
        for part in text.split("](").skip(1) {
            let target = &part[..part.find(')').unwrap()];
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap();
            assert!(
                Path::new(&repo().join("docs").join(path)).exists(),
                "{doc}: {target}"
            );
        }
    }
}

#[test]
fn ci_recipes_parse_and_run_strict_check_and_build() {
    // Each recipe keeps the history of 更新记录, keeps its diagnostics and a fresh binary.
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo().join("docs/ci").join(name)).unwrap();
        let v: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(v.is_object(), "{name}");
        for step in [
            "gongkai check . --strict",
            "gongkai build . -o public",
            "public/",
            "cargo install --path",
            // 更新记录 continues the live site's history.
            "/data/manifest.json",
            "--previous previous-manifest.json",
            // A failed check leaves its diagnostics for review.
            "diagnostics.jsonl",
            // The cached binary follows the pinned gongkai commit.
            "git -C tools/gongkai rev-parse HEAD",
        ] {
            assert!(text.contains(step), "{name} lacks `{step}`");
        }
    }
}
