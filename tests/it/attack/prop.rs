//! The attacker test over generated sites (issue 14, part 4): proptest writes small sites (one
//! body, one year, 2–6 records of every kind) with random withholding of every field kind and
//! record status and an optional consistent `summary.yaml`, builds each, and attacks what was
//! published with the independent solver. A refused build is safe when its messages show no
//! withheld value; a built one must leave every hidden value its protection interval and every
//! hidden category two possibilities. Cases: 24 by default, `PROPTEST_CASES` overrides.

mod records;
mod summary;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use super::model::Model;
use super::rat::Rat;
use super::{margin, open, reader, solve, tiny};
use records::{Rec, Status};

/// Above this many category assignments the solver would be too slow: the case is skipped.
const MAX_ASSIGNMENTS: usize = 3_000;

/// A generated site: its records and, optionally, the figures the body states.
#[derive(Clone, Debug)]
pub struct Spec {
    pub recs: Vec<Rec>,
    pub summary: Option<summary::Sum>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::collection::vec(records::rec(), 2..=6),
        proptest::option::of(summary::sum()),
    )
        .prop_map(|(recs, summary)| Spec { recs, summary })
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    Config {
        cases,
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/attack/prop.txt"
        )))),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_sites_leak_nothing(spec in spec()) {
        let (leaks, files) = attack_spec(&spec);
        prop_assert!(
            leaks.is_empty(),
            "recovered from the output:\n{}\nof the site:\n{files}",
            leaks.join("\n")
        );
    }
}

/// A generated site on disk, with what the test knows about it.
struct Written {
    site: crate::support::Site,
    recs: Vec<records::Built>,
    /// The site's content files as text (for the report).
    files: String,
    partial: Vec<(&'static str, Option<String>)>,
}

fn write(spec: &Spec) -> Written {
    let site = tiny();
    let recs: Vec<records::Built> = spec
        .recs
        .iter()
        .enumerate()
        .map(|(i, r)| records::build(r, i + 1))
        .collect();
    for b in &recs {
        site.write(
            &format!("content/demo/2024/{}/{}.yaml", b.dir, b.id),
            &b.yaml,
        );
    }
    let mut files: String = recs
        .iter()
        .map(|b| format!("# {}/{}.yaml\n{}", b.dir, b.id, b.yaml))
        .collect();
    let mut partial = Vec::new();
    if let Some(s) = &spec.summary {
        let (yaml, told) = summary::render(s, &recs);
        if !yaml.is_empty() {
            site.write("content/demo/2024/summary.yaml", &yaml);
            files += &format!("# summary.yaml\n{yaml}");
        }
        partial = told;
    }
    Written {
        site,
        recs,
        files,
        partial,
    }
}

/// Writes the site of `spec`, builds and attacks it: the leaks, one line each, and the site's
/// content files as text (for the report).
pub fn attack_spec(spec: &Spec) -> (Vec<String>, String) {
    let Written {
        site,
        recs,
        files,
        partial,
    } = write(spec);
    let shown: Vec<&String> = recs.iter().flat_map(|b| &b.shown).collect();
    let secrets: Vec<&str> = recs
        .iter()
        .flat_map(|b| &b.secrets)
        .filter(|s| !shown.contains(s))
        .map(String::as_str)
        .collect();
    let out = reader::read(&site, "demo", "2024");
    out.assert_no_bytes(&secrets);
    if !out.built {
        return (Vec::new(), files);
    }
    let m = Model::load_told(&out, partial);
    if solve::assignments(&m) > MAX_ASSIGNMENTS {
        return (Vec::new(), files);
    }
    let values = hidden_values(&recs, &out);
    let names: Vec<String> = values.iter().map(|(n, _)| n.clone()).collect();
    let rep = solve::solve(&m, &names);
    assert!(
        rep.feasible > 0,
        "the attacker's model has no solution: it is wrong, not the site\n{files}"
    );
    (verdict(&rep, &values, &files), files)
}

/// The leaks in a solved report: hidden values narrowed below the margin, hidden categories
/// with one possibility. Panics when the truth lies outside what the solver allows.
fn verdict(rep: &solve::Report, values: &[(String, Rat)], files: &str) -> Vec<String> {
    let mut leaks = Vec::new();
    for (name, t) in values {
        let Some(&(lo, hi)) = rep.values.get(name) else {
            continue; // the attacker has no handle on it at all
        };
        assert!(
            lo <= *t && hi.is_none_or(|h| *t <= h),
            "{name}: the truth {t:?} is outside [{lo:?}, {hi:?}]: the solver is wrong\n{files}"
        );
        if hi.is_some_and(|h| h - lo < margin(*t)) {
            leaks.push(format!("{name} = {t:?} narrowed to [{lo:?}, {hi:?}]"));
        }
    }
    for (name, poss) in &rep.cats {
        if !open(poss) {
            leaks.push(format!("{name} is {poss:?}"));
        }
    }
    leaks
}

/// Every withheld value the attacker's model names, with its truth: a stub's row is found by
/// its `public_title`, a partly public record's by its id.
fn hidden_values(recs: &[records::Built], out: &reader::Output) -> Vec<(String, Rat)> {
    let mut v = Vec::new();
    for b in recs {
        let key = match b.status {
            Status::Stub => {
                let title = format!("标题{}", b.id);
                let Some(i) = out
                    .table(b.dir)
                    .iter()
                    .position(|r| r.get("title") == Some(&title))
                else {
                    panic!("no row for the stub {title}");
                };
                format!("#{}", i + 1)
            }
            Status::Partial => b.id.clone(),
            _ => continue,
        };
        for (col, truth) in &b.hidden {
            v.push((format!("{}/{key}/{col}", b.dir), *truth));
        }
    }
    v
}
