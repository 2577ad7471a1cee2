//! The broken-site corpus: `tests/fixtures/invalid/<rule>-<slug>.txt` is one small change to
//! the base site `tests/fixtures/invalid/base/` that makes one mistake, with the rule and where
//! it is reported (see `cases`). Every site must
//! fail with exit code 1, that rule and that `path:line:col` (in human and JSON output), never
//! panic, and leave a previous output folder exactly as it was, with no staging folder left.
//! Warnings (W…) fail only under `check --strict`. Every rule of `src/diag/rules.rs` has a site here,
//! except the few listed in `NOT_RAISED_BY_A_SITE`.

mod cases;

use crate::support::snapshot;
use cases::{Case, cases};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Rules no site can bring about today, and why.
const NOT_RAISED_BY_A_SITE: &[(&str, &str)] = &[
    (
        "W104",
        "only the theme's own interface tables, compiled into the binary, can lack a string",
    ),
    (
        "E090",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E091",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E092",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E093",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E094",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E095",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "E096",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_errors.rs",
    ),
    (
        "W190",
        "raised by `gongkai import` on a spreadsheet: tests/it/import_kept.rs",
    ),
];

/// Every rule code (src/diag/rules.rs).
fn declared_rules() -> BTreeSet<String> {
    gongkai::diag::RULES
        .iter()
        .map(|r| r.code.to_string())
        .collect()
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .output()
        .unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The run names `rule` (as `severity`) and points exactly at `at`.
fn names(c: &Case, o: &Out, severity: &str, what: &str) -> Result<(), String> {
    let fail = |why: String| Err(format!("{}: {what}: {why}\n{}", c.name, o.stderr));
    if o.stderr.contains("panicked") || o.code == 101 {
        return fail("it panicked".into());
    }
    let head = format!("{severity}[{}]: ", c.rule);
    let Some(start) = o.stderr.find(&head) else {
        return fail(format!("no `{head}`"));
    };
    let located = o.stderr[start..]
        .lines()
        .nth(1)
        .is_some_and(|l| l.trim_start() == format!("--> {}", c.at));
    if !located {
        return fail(format!("`{head}` is not followed by `--> {}`", c.at));
    }
    Ok(())
}

/// The JSON output has an object for the rule with the expected path, line and column.
fn json_names(c: &Case, o: &Out) -> Result<(), String> {
    let mut parts = c.at.split(':');
    let path = parts.next().unwrap();
    let line: u64 = parts.next().map_or(0, |l| l.parse().unwrap());
    let col: u64 = parts.next().map_or(0, |l| l.parse().unwrap());
    let found = o.stdout.lines().any(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
        v["rule"] == c.rule.as_str() && v["path"] == path && v["line"] == line && v["column"] == col
    });
    if found {
        Ok(())
    } else {
        Err(format!(
            "{}: no JSON diagnostic {} at {}:\n{}",
            c.name, c.rule, c.at, o.stdout
        ))
    }
}

/// A previous output; a build that fails must leave it as it is, and nothing beside it.
fn fails_to_build(c: &Case, site: &Path) -> Result<(), String> {
    let out = site.join("public");
    std::fs::create_dir_all(out.join("demo")).unwrap();
    std::fs::write(out.join("index.html"), "previous site").unwrap();
    std::fs::write(out.join("demo/index.html"), "previous page").unwrap();
    let before = snapshot(&out);
    let b = run(site, &["build", "."]);
    if b.code != 1 {
        return Err(format!(
            "{}: build exited {}:\n{}",
            c.name, b.code, b.stderr
        ));
    }
    if c.run == "check --show-withheld" {
        let file = c.at.split(':').next().unwrap_or_default();
        if b.stderr.contains(file) {
            return Err(format!(
                "{}: build names the withheld file:\n{}",
                c.name, b.stderr
            ));
        }
    } else {
        names(c, &b, "error", "build")?;
    }
    if snapshot(&out) != before {
        return Err(format!("{}: the failed build changed the output", c.name));
    }
    let left: Vec<String> = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gongkai-"))
        .collect();
    if !left.is_empty() {
        return Err(format!("{}: the failed build left {left:?}", c.name));
    }
    Ok(())
}

fn check_case(c: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    c.materialise(site);
    let expect_code = |o: &Out, code: i32, what: &str| {
        if o.code == code {
            Ok(())
        } else {
            Err(format!(
                "{}: {what} exited {} instead of {code}:\n{}",
                c.name, o.code, o.stderr
            ))
        }
    };
    match c.run.as_str() {
        "check" => {
            let o = run(site, &["check", "."]);
            expect_code(&o, 1, "check")?;
            names(c, &o, "error", "check")?;
            json_names(c, &run(site, &["check", ".", "--format", "json"]))?;
            fails_to_build(c, site)
        }
        // A mistake in a withheld record: only counted, unless the author asks to see it.
        "check --show-withheld" => {
            let o = run(site, &["check", "."]);
            expect_code(&o, 1, "check")?;
            let file = c.at.split(':').next().unwrap_or_default();
            if o.stderr.contains(file) || !o.stderr.contains("about withheld content") {
                return Err(format!(
                    "{}: check names the withheld file:\n{}",
                    c.name, o.stderr
                ));
            }
            let o = run(site, &["check", ".", "--show-withheld"]);
            expect_code(&o, 1, "check --show-withheld")?;
            names(c, &o, "error", "check --show-withheld")?;
            json_names(
                c,
                &run(site, &["check", ".", "--show-withheld", "--format", "json"]),
            )?;
            fails_to_build(c, site)
        }
        "check --strict" => {
            let o = run(site, &["check", "."]);
            expect_code(&o, 0, "check (a warning alone passes)")?;
            names(c, &o, "warning", "check")?;
            let o = run(site, &["check", ".", "--strict"]);
            expect_code(&o, 1, "check --strict")?;
            names(c, &o, "error", "check --strict")
        }
        "build" => {
            let o = run(site, &["check", "."]);
            expect_code(&o, 0, "check (found only when building)")?;
            fails_to_build(c, site)
        }
        other => Err(format!("{}: unknown run `{other}`", c.name)),
    }
}

#[test]
fn every_broken_site_fails_with_its_rule_and_location() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} broken sites misbehave:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_rule_has_a_broken_site() {
    let declared = declared_rules();
    assert!(
        declared.len() > 30,
        "rules of src/diag/rules.rs: {declared:?}"
    );
    let covered: BTreeSet<String> = cases().into_iter().map(|c| c.rule).collect();
    let exempt: BTreeSet<String> = NOT_RAISED_BY_A_SITE
        .iter()
        .map(|(r, _)| r.to_string())
        .collect();
    let missing: Vec<&String> = declared
        .iter()
        .filter(|r| !covered.contains(*r) && !exempt.contains(*r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a site in tests/fixtures/invalid: {missing:?}"
    );
    let unknown: Vec<&String> = covered.difference(&declared).collect();
    assert!(
        unknown.is_empty(),
        "sites for undeclared rules: {unknown:?}"
    );
}
