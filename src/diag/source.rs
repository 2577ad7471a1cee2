//! The texts diagnostics may quote, captured once when each file is read, so printing never
//! reads a file again (a file changed or removed since cannot be quoted wrongly).
//!
//! What may be quoted of a file is decided here, from its text and (for record files) whether
//! its parsed records withhold anything: a file that may withhold content keeps no text at
//! all, and lines holding or inside a redaction marker are blanked before the text is kept.
//! Once the site is validated and disclosed, [`SourceMap::settle`] drops the texts of files
//! the site says withhold content and of files no diagnostic points into.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What is known of one file's text.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// A file that may hold a 不予公开 or 不列示 record: by its parsed status, or (a record
    /// file) by any line that may set one, however misspelt its key.
    pub may_hide: bool,
    /// Its text, with withheld lines blanked; `None` when no line may be quoted. (The text
    /// read is moved here, not copied: `Arc<String>`.)
    pub text: Option<Arc<String>>,
    /// Lines blanked in `text` (holding or inside a redaction marker).
    pub withheld_lines: BTreeSet<usize>,
}

/// What a file's parsed content withholds (known only when it parsed), least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Withholding {
    /// Nothing (or the file did not parse and no word of withholding is in it).
    No,
    /// Parts of a record, or it cannot be told which (a file that did not parse).
    Part,
    /// A whole record (不予公开 or 不列示), or a record whose status cannot be read.
    Whole,
}

const RECORD_FOLDERS: [&str; 5] = [
    "/goals/",
    "/ex-ante/",
    "/monitoring/",
    "/self-evaluations/",
    "/evaluations/",
];

/// Whether a site path is a record file.
pub fn is_record_file(path: &str) -> bool {
    path.starts_with("content/") && RECORD_FOLDERS.iter().any(|f| path.contains(f))
}

impl Source {
    /// Classify a file's text and what its parsed content withholds (which counts even where
    /// the text hides it, e.g. a key written with a YAML escape).
    pub fn of(path: &str, text: String, withholding: Withholding) -> Source {
        let may_hide = withholding == Withholding::Whole
            || is_record_file(path)
                && text.lines().any(|l| {
                    l.contains("status")
                        && ["不予公开", "不列示", "withheld", "excluded"]
                            .iter()
                            .any(|w| l.contains(w))
                });
        let mut quotable =
            withholding == Withholding::No && !may_hide && !text.contains("disclosure");
        let mut withheld = BTreeSet::new();
        if quotable && text.contains("redact") {
            match withheld_lines(&text) {
                Some(lines) => withheld = lines,
                None => quotable = false,
            }
        }
        let text = quotable.then(|| Arc::new(blank_lines(text, &withheld)));
        Source {
            may_hide,
            text,
            withheld_lines: withheld,
        }
    }

    /// Line `n` (1-based) when it may be quoted.
    pub fn line(&self, n: usize) -> Option<&str> {
        if n == 0 || self.withheld_lines.contains(&n) {
            return None;
        }
        let line = self.text.as_deref()?.as_str().lines().nth(n - 1)?;
        Some(line.trim_end_matches('\r'))
    }
}

/// The text with the given lines emptied.
fn blank_lines(text: String, lines: &BTreeSet<usize>) -> String {
    if lines.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if lines.contains(&(i + 1)) {
            out.extend(line.strip_suffix('\n').map(|_| '\n'));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Lines of a text that hold or lie inside a redaction marker, or `None` when they cannot be
/// told (an inline marker whose phrase starts on another line).
fn withheld_lines(text: &str) -> Option<BTreeSet<usize>> {
    let mut out = BTreeSet::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let no = i + 1;
        let t = line.trim();
        let fence = t.starts_with(':') || t.starts_with('：');
        if open {
            out.insert(no);
            if fence && t.chars().all(|c| c == ':' || c == '：') {
                open = false;
            }
        } else if line.contains("redact") {
            out.insert(no);
            open = fence;
            if let Some(at) = line.find("{redact")
                && !line[..at].contains('[')
            {
                return None;
            }
        }
    }
    Some(out)
}

/// Every file read in a run, by site path.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: BTreeMap<String, Source>,
}

impl SourceMap {
    pub fn insert(&mut self, path: &str, source: Source) {
        self.files.insert(path.to_string(), source);
    }

    pub fn get(&self, path: &str) -> Option<&Source> {
        self.files.get(path)
    }

    pub fn extend(&mut self, other: SourceMap) {
        self.files.extend(other.files);
    }

    /// After validation and disclosure: files the site says withhold content keep no text;
    /// files no diagnostic points into are forgotten, except that a file which may hold a
    /// withheld record is remembered as such (a message may name it).
    pub fn settle(&mut self, withholding: &BTreeSet<String>, used: &BTreeSet<&str>) {
        self.files
            .retain(|p, s| s.may_hide || used.contains(p.as_str()));
        for (path, s) in &mut self.files {
            if withholding.contains(path) || !used.contains(path.as_str()) {
                s.text = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_lines_are_blanked_and_never_given() {
        let text = "id: a\nnote: x\n::: redact 理由\n秘密\n:::\ntail: y\n";
        let s = Source::of(
            "content/r/2024/goals/a.yaml",
            text.to_string(),
            Withholding::No,
        );
        assert!(!s.text.as_deref().unwrap().contains("秘密"));
        assert_eq!(s.line(2), Some("note: x"));
        assert_eq!(s.line(4), None);
        assert_eq!(s.line(6), Some("tail: y"));
    }

    #[test]
    fn files_that_may_withhold_keep_no_text() {
        let p = "content/r/2024/goals/a.yaml";
        assert!(
            Source::of(p, "id: a\ndisclosure: {}\n".to_string(), Withholding::No)
                .text
                .is_none()
        );
        assert!(
            Source::of(p, "id: a\n".to_string(), Withholding::Part)
                .text
                .is_none()
        );
        let hidden = Source::of(p, "id: a\nstatus: 不予公开\n".to_string(), Withholding::No);
        assert!(hidden.may_hide && hidden.text.is_none());
        assert!(
            Source::of(p, "a: \"{redact x\"\n".to_string(), Withholding::No)
                .text
                .is_none()
        );
        assert_eq!(
            Source::of(p, "id: a\n".to_string(), Withholding::No).line(1),
            Some("id: a")
        );
    }

    #[test]
    fn settling_drops_the_texts_of_withholding_and_unused_files() {
        let mut map = SourceMap::default();
        for p in ["a.yaml", "b.yaml", "c.yaml"] {
            map.insert(p, Source::of(p, "x: 1\n".to_string(), Withholding::No));
        }
        let hide = "content/r/2024/goals/h.yaml";
        map.insert(
            hide,
            Source::of(hide, "status: 不予公开\n".to_string(), Withholding::No),
        );
        let withholding = BTreeSet::from(["b.yaml".to_string()]);
        map.settle(&withholding, &BTreeSet::from(["a.yaml", "b.yaml"]));
        assert_eq!(map.get("a.yaml").and_then(|s| s.line(1)), Some("x: 1"));
        assert!(map.get("b.yaml").is_some_and(|s| s.text.is_none()));
        assert!(map.get("c.yaml").is_none());
        assert!(map.get(hide).is_some_and(|s| s.may_hide));
    }
}
