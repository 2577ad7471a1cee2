//! A fixture site in a temporary folder, and running the `gongkai` binary on it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        Site { dir }
    }

    /// A copy of the example site at the top of the repository.
    pub fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["--lang", "en"])
            .args(args)
            .current_dir(self.path())
            .env("CI", "true")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "."])
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "."])
    }
}

/// Every file under `dir`, relative path → bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            v.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    v
}

/// `text` with the one occurrence of `from` replaced by `to`; panics when `from` is not there
/// (or is there more than once), so a test never runs on input it did not change.
#[track_caller]
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    match text.matches(from).count() {
        1 => text.replacen(from, to, 1),
        0 => panic!("`{from}` is not in the text to change:\n{text}"),
        n => panic!("`{from}` is {n} times in the text to change:\n{text}"),
    }
}

/// Checked replacement, for deriving a test's input from a fixture: a needle that is not in
/// the text fails the test (with the needle), so a test never runs unchanged input.
pub trait ReplaceChecked {
    /// Every `from` replaced by `to`; panics when there is none.
    fn replace_checked(&self, from: &str, to: &str) -> String;
    /// The first `from` replaced by `to`; panics when there is none.
    fn replace_first_checked(&self, from: &str, to: &str) -> String;
}

impl ReplaceChecked for str {
    #[track_caller]
    fn replace_checked(&self, from: &str, to: &str) -> String {
        assert!(
            self.contains(from),
            "`{from}` is not in the text to change:\n{self}"
        );
        self.replace(from, to)
    }

    #[track_caller]
    fn replace_first_checked(&self, from: &str, to: &str) -> String {
        assert!(
            self.contains(from),
            "`{from}` is not in the text to change:\n{self}"
        );
        self.replacen(from, to, 1)
    }
}
