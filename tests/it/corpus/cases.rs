//! The broken sites as changes to one base site: `tests/fixtures/invalid/base/` is a complete
//! small site, and each `tests/fixtures/invalid/<rule>-<slug>.txt` says what is expected and
//! which small change to the base makes the mistake:
//!
//! ```text
//! # what is wrong (free text)
//! rule: E022                                        # the rule reported
//! at: content/demo/2024/ex-ante/bridge.yaml:4:12    # path:line:col, or path for a whole file
//! run: check                                        # check (default) | check --strict | build
//! symlink: LINK -> TARGET                           # optional: a link the test makes
//!
//! replace PATH        # the lines between <<< and === (exactly once in the file) become
//! <<<                 # those between === and >>>
//! ===
//! >>>
//! write PATH          # a new file (or one replaced whole): the lines between <<< and >>>
//! write-hex PATH      # a file of bytes that are not text, as one line of hex digits
//! delete PATH
//! ```
//!
//! A `replace` whose text is not in the file exactly once stops the test, naming the case.

use crate::support::repo;
use std::path::Path;

#[derive(Debug)]
pub enum Change {
    Replace {
        path: String,
        from: String,
        to: String,
    },
    Write {
        path: String,
        bytes: Vec<u8>,
    },
    Delete {
        path: String,
    },
}

#[derive(Debug, Default)]
pub struct Case {
    pub name: String,
    pub rule: String,
    pub at: String,
    /// `check` (the default), `check --strict`, `check --show-withheld` or `build`.
    pub run: String,
    /// Symbolic links to make in the copy: (link, target).
    pub symlinks: Vec<(String, String)>,
    pub changes: Vec<Change>,
}

fn invalid() -> std::path::PathBuf {
    repo().join("tests/fixtures/invalid")
}

/// Every case, by name.
pub fn cases() -> Vec<Case> {
    let mut v: Vec<Case> = std::fs::read_dir(invalid())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            parse(&name, &std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// The lines up to `end` (each with its newline), after an opening `<<<`.
fn block<'a>(name: &str, lines: &mut impl Iterator<Item = &'a str>, end: &str) -> String {
    let mut out = String::new();
    for line in lines.by_ref() {
        if line == end {
            return out;
        }
        out.push_str(line);
        out.push('\n');
    }
    panic!("{name}: a block is not closed with `{end}`")
}

fn hex(name: &str, s: &str) -> Vec<u8> {
    assert!(
        s.len().is_multiple_of(2),
        "{name}: odd number of hex digits"
    );
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|_| panic!("{name}: bad hex")))
        .collect()
}

/// A case's file: its expectations, then its changes.
pub fn parse(name: &str, text: &str) -> Case {
    let mut c = Case {
        name: name.to_string(),
        run: "check".into(),
        ..Case::default()
    };
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let opened = |lines: &mut std::str::Lines| {
            assert_eq!(
                lines.next(),
                Some("<<<"),
                "{name}: `{line}` is not followed by <<<"
            );
        };
        if let Some(path) = line.strip_prefix("replace ") {
            opened(&mut lines);
            let from = block(name, &mut lines, "===");
            let to = block(name, &mut lines, ">>>");
            c.changes.push(Change::Replace {
                path: path.into(),
                from,
                to,
            });
        } else if let Some(path) = line.strip_prefix("write ") {
            opened(&mut lines);
            let bytes = block(name, &mut lines, ">>>").into_bytes();
            c.changes.push(Change::Write {
                path: path.into(),
                bytes,
            });
        } else if let Some(path) = line.strip_prefix("write-hex ") {
            let bytes = hex(name, lines.next().unwrap_or_default());
            c.changes.push(Change::Write {
                path: path.into(),
                bytes,
            });
        } else if let Some(path) = line.strip_prefix("delete ") {
            c.changes.push(Change::Delete { path: path.into() });
        } else {
            expectation(&mut c, line);
        }
    }
    assert!(
        name.starts_with(&format!("{}-", c.rule)),
        "{name} is named after its rule"
    );
    assert!(!c.at.is_empty(), "{name} has no `at:`");
    c
}

fn expectation(c: &mut Case, line: &str) {
    let name = &c.name;
    let (key, value) = line
        .split_once(": ")
        .unwrap_or_else(|| panic!("{name}: bad line {line:?}"));
    match key {
        "rule" => c.rule = value.into(),
        "at" => c.at = value.into(),
        "run" => c.run = value.into(),
        "symlink" => {
            let (link, target) = value.split_once(" -> ").expect("symlink: LINK -> TARGET");
            c.symlinks.push((link.into(), target.into()));
        }
        _ => panic!("{name}: unknown key {key}"),
    }
}

/// Copy a folder's files.
fn copy_site(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

impl Case {
    /// The base site with this case's changes, in `to`.
    pub fn materialise(&self, to: &Path) {
        let name = &self.name;
        copy_site(&invalid().join("base"), to);
        for change in &self.changes {
            match change {
                Change::Replace {
                    path,
                    from,
                    to: with,
                } => {
                    let file = to.join(path);
                    let text = std::fs::read_to_string(&file)
                        .unwrap_or_else(|e| panic!("{name}: cannot read {path}: {e}"));
                    let n = text.matches(from.as_str()).count();
                    assert!(
                        n == 1,
                        "{name}: the text to replace is {n} times in {path}:\n{from}"
                    );
                    std::fs::write(&file, text.replacen(from.as_str(), with, 1)).unwrap();
                }
                Change::Write { path, bytes } => {
                    let file = to.join(path);
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(file, bytes).unwrap();
                }
                Change::Delete { path } => std::fs::remove_file(to.join(path))
                    .unwrap_or_else(|e| panic!("{name}: cannot delete {path}: {e}")),
            }
        }
        for (link, target) in &self.symlinks {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, to.join(link)).unwrap();
            #[cfg(not(unix))]
            let _ = (link, target);
        }
    }
}

#[test]
fn a_replace_that_does_not_match_stops_the_test_naming_the_case() {
    let c = parse(
        "E022-nowhere",
        "rule: E022\nat: site.yaml\n\nreplace site.yaml\n<<<\nno such line\n===\nx\n>>>\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let caught = std::panic::catch_unwind(|| c.materialise(tmp.path()));
    let msg = caught.expect_err("an unmatched replace must panic");
    let msg = msg.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        msg.contains("E022-nowhere") && msg.contains("0 times"),
        "{msg}"
    );
}
