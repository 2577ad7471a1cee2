//! The mistakes corpus: what a person writing records by hand (on a Chinese input method)
//! gets wrong, and the exact words `gongkai check` says about it, in Chinese and in English.
//!
//! Each `tests/fixtures/mistakes/<slug>.txt` is a small change to the base site
//! `tests/fixtures/invalid/base/` (the `replace` / `write` / `delete` changes of
//! `tests/fixtures/invalid/README.md`), then the whole expected stderr of `gongkai check`:
//!
//! ```text
//! # what is wrong (free text)
//! args: --show-withheld          # optional: more arguments to `check .`
//! replace content/demo/2024/ex-ante/bridge.yaml
//! <<<
//! requested: "560.3万元"
//! ===
//! requested："560.3万元"
//! >>>
//! ~~~ zh
//! 错误[E001]: …
//! ~~~ en
//! error[E001]: …
//! ~~~
//! ```
//!
//! A difference prints both texts; `GONGKAI_BLESS=1 cargo test mistakes` rewrites the expected
//! blocks from the actual output (then read them: they are what a 绩效科 reader sees).

// The broken-site corpus's changes, read the same way (its module is private to corpus.rs).
#[path = "corpus/cases.rs"]
#[allow(dead_code, clippy::duplicate_mod)]
mod cases;

use crate::support::repo;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    repo().join("tests/fixtures/mistakes")
}

struct Mistake {
    name: String,
    file: PathBuf,
    /// The case's text before the expected output.
    spec: String,
    args: Vec<String>,
    zh: String,
    en: String,
}

fn read(file: &Path) -> Mistake {
    let name = file.file_stem().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(file).unwrap();
    let (spec, rest) = text
        .split_once("~~~ zh\n")
        .unwrap_or((text.as_str(), "~~~ en\n~~~\n"));
    let (zh, rest) = rest
        .split_once("~~~ en\n")
        .unwrap_or_else(|| panic!("{name}: no `~~~ en` block"));
    let en = rest
        .strip_suffix("~~~\n")
        .unwrap_or_else(|| panic!("{name}: the `~~~ en` block is not closed by `~~~`"));
    let args = spec
        .lines()
        .find_map(|l| l.strip_prefix("args: "))
        .map(|a| a.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    Mistake {
        name,
        file: file.to_path_buf(),
        spec: spec.to_string(),
        args,
        zh: zh.to_string(),
        en: en.to_string(),
    }
}

fn mistakes() -> Vec<Mistake> {
    let mut v: Vec<Mistake> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| read(&p))
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// The base site with the mistake's changes, in `to`.
fn materialise(m: &Mistake, to: &Path) {
    let spec: String = m
        .spec
        .lines()
        .filter(|l| !l.starts_with("args: "))
        .map(|l| format!("{l}\n"))
        .collect();
    let name = format!("M-{}", m.name);
    cases::parse(&name, &format!("rule: M\nat: -\n{spec}")).materialise(to);
}

fn check(site: &Path, lang: &str, args: &[String]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "."])
        .args(args)
        .args(["--lang", lang])
        .current_dir(site)
        .env("CI", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let mut err = String::from_utf8_lossy(&o.stderr).into_owned();
    if !err.ends_with('\n') {
        err.push('\n');
    }
    (o.status.code().unwrap_or(-1), err)
}

#[test]
fn every_mistake_is_named_in_both_languages() {
    let all = mistakes();
    assert!(all.len() >= 40, "only {} mistakes in the corpus", all.len());
    let bless = std::env::var_os("GONGKAI_BLESS").is_some();
    let mut failures = Vec::new();
    for m in &all {
        let tmp = tempfile::tempdir().unwrap();
        materialise(m, tmp.path());
        let (zc, zh) = check(tmp.path(), "zh", &m.args);
        let (ec, en) = check(tmp.path(), "en", &m.args);
        for (code, out) in [(zc, &zh), (ec, &en)] {
            if code != 1 || out.contains("panicked") {
                failures.push(format!("{}: check exited {code}:\n{out}", m.name));
            }
        }
        if bless {
            let text = format!("{}~~~ zh\n{zh}~~~ en\n{en}~~~\n", m.spec);
            std::fs::write(&m.file, text).unwrap();
        } else {
            for (lang, want, got) in [("zh", &m.zh, &zh), ("en", &m.en, &en)] {
                if want != got {
                    failures.push(format!(
                        "{} ({lang}): {}\nexpected:\n{want}--- but `gongkai check` said:\n{got}",
                        m.name,
                        first_difference(want, got)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} mistakes are not said as expected (GONGKAI_BLESS=1 rewrites the expected texts):\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

/// The first line that differs, as `-expected` / `+actual`.
fn first_difference(want: &str, got: &str) -> String {
    let (mut w, mut g) = (want.lines(), got.lines());
    for n in 1.. {
        match (w.next(), g.next()) {
            (None, None) => break,
            (a, b) if a == b => continue,
            (a, b) => {
                return format!(
                    "line {n} differs:\n-{}\n+{}",
                    a.unwrap_or("(nothing)"),
                    b.unwrap_or("(nothing)")
                );
            }
        }
    }
    "the texts differ in their line endings".into()
}
