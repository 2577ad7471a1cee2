//! Diagnostics: what is wrong with a site's content, where, and what to write instead.
//!
//! Every stage reports content problems as [`Diagnostic`]s and keeps going, so one run shows
//! every mistake. Rendering follows rustc: `error[E022]: …`, `--> path:line:col`, the source line
//! with a caret, and a `help:` line. A diagnostic in a file that withholds content never quotes
//! the source line (see [`Diagnostic::quiet`]); messages never carry withheld values. What a
//! log may show at all is decided once, in [`quiet`]: rendering goes through it unless the
//! author asks for everything ([`Diagnostics::for_log`]). Rendering reads the quoted line from
//! the site folder; nothing else here touches files.

pub mod quiet;
pub mod rules;

pub use rules::{RULES, Rule, rule};

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One content problem. `path` is relative to the site root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// When false, the source line is not quoted (the file withholds content).
    #[serde(skip)]
    pub snippet: bool,
    /// Made from computed figures (the figure and disclose stages), not from one file's text.
    #[serde(skip)]
    pub computed: bool,
}

impl Diagnostic {
    pub fn error(rule: &'static str, path: impl Into<String>, line: usize, col: usize) -> Self {
        Diagnostic {
            rule,
            severity: rules::find(rule).map_or(Severity::Error, |r| r.severity),
            path: path.into(),
            line,
            column: col,
            message: String::new(),
            hint: None,
            snippet: true,
            computed: false,
        }
    }

    /// The same diagnostic under another rule.
    pub fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }

    pub fn msg(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        let h = hint.into();
        self.hint = if h.is_empty() { None } else { Some(h) };
        self
    }

    /// Do not quote the source: used for files that withhold content.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.snippet = self.snippet && !quiet;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// rustc-style text; `source` is the file's text when it may be quoted.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{sev}[{}]: {}", self.rule, printable(&self.message));
        let line_text = source
            .filter(|_| self.snippet && self.line > 0)
            .and_then(|s| s.lines().nth(self.line - 1));
        let width = if line_text.is_some() {
            self.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(width);
        let path = printable(&self.path);
        if self.line > 0 {
            let _ = writeln!(out, "{pad}--> {path}:{}:{}", self.line, self.column);
        } else {
            let _ = writeln!(out, "{pad}--> {path}");
        }
        if let Some(text) = line_text {
            let (text, col) = window(&printable(text.trim_end_matches('\r')), self.column);
            let caret_at: usize = text
                .chars()
                .take(col.saturating_sub(1))
                .map(display_width)
                .sum();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", self.line, text);
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "{pad} = help: {}", printable(h));
        }
        out
    }
}

/// Text for a terminal: control and direction-changing characters (which could move the cursor,
/// recolour the screen or reorder what is shown) become U+FFFD, one for one, so carets still
/// line up. Tabs stay.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if s.contains(bad) {
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// A long line is cut to the part around `col` (1-based); returns the text and the new column.
fn window(line: &str, col: usize) -> (String, usize) {
    const SIDE: usize = 60;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= 2 * SIDE + 20 {
        return (line.to_string(), col);
    }
    let at = col.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(SIDE);
    let end = (at + SIDE).min(chars.len());
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.extend(&chars[start..end]);
    if end < chars.len() {
        s.push('…');
    }
    (s, at - start + 1 + usize::from(start > 0))
}

/// CJK characters take two columns in a terminal, so the caret lines up under them.
fn display_width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u);
    if wide { 2 } else { 1 }
}

/// All diagnostics of a run, with the texts of the files they point into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
    /// The site folder, to read quoted lines from files not kept in `sources`.
    root: Option<std::path::PathBuf>,
    /// What the site tells about withheld content, once it was validated and disclosed.
    facts: Option<Arc<quiet::Facts>>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
        if self.root.is_none() {
            self.root = other.root;
        }
        if self.facts.is_none() {
            self.facts = other.facts;
        }
    }

    /// What the site tells about withheld content (see [`quiet`]).
    pub fn set_facts(&mut self, facts: Arc<quiet::Facts>) {
        self.facts = Some(facts);
    }

    pub fn facts(&self) -> Option<&Arc<quiet::Facts>> {
        self.facts.as_ref()
    }

    /// Mark every diagnostic as made from computed figures.
    pub fn mark_computed(&mut self) {
        for d in &mut self.items {
            d.computed = true;
        }
    }

    /// The text of a file a diagnostic points into.
    fn read(&self, path: &str) -> Option<String> {
        if let Some(t) = self.sources.get(path) {
            return Some(t.clone());
        }
        let root = self.root.as_ref()?;
        std::fs::read_to_string(root.join(path)).ok()
    }

    /// What a log may show: everything when `reveal` (`check --show-withheld`, for the author
    /// at their desk), else what [`quiet::Guard`] lets through.
    pub fn for_log(&self, reveal: bool) -> quiet::Log {
        let read = |p: &str| self.read(p);
        let guard = quiet::Guard::new(self.facts.as_deref(), &read);
        quiet::Log::new(&self.items, (!reveal).then_some(&guard), &read)
    }

    /// Where the site's files are, so rendering can quote their lines.
    pub fn set_root(&mut self, root: &std::path::Path) {
        self.root = Some(root.to_path_buf());
    }

    /// Remember a file's text so diagnostics can quote it.
    pub fn add_source(&mut self, path: &str, text: &str) {
        self.sources.insert(path.to_string(), text.to_string());
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, line, column, rule: the same order on every run.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.rule, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.rule, &b.message))
        });
        self.items.dedup();
    }

    /// What a log may show, rustc-style (see [`Diagnostics::for_log`]).
    pub fn render_human(&self) -> String {
        self.for_log(false).render_human()
    }

    /// What a log may show, one JSON object per line (see [`Diagnostics::for_log`]).
    pub fn render_json(&self) -> String {
        self.for_log(false).render_json()
    }

    /// Turn every warning into an error (`check --strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc_with_caret_under_cjk() {
        let d = Diagnostic::error(rule::BAD_MONEY, "content/a.yaml", 2, 8)
            .msg("`total` is not an amount of money")
            .hint("write the unit after the number, e.g. \"135.5万元\"");
        let text = d.render(Some("id: x\n资金: \"12万\"\n"));
        assert_eq!(
            text,
            "error[E022]: `total` is not an amount of money\n --> content/a.yaml:2:8\n  |\n2 | 资金: \"12万\"\n  |          ^\n  = help: write the unit after the number, e.g. \"135.5万元\"\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error(rule::YAML_SYNTAX, "a.yaml", 1, 501).msg("m");
        let text = d.render(Some(&line));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[3].chars().count() < 140, "{}", lines[3]);
        let caret = lines[4].find('^').unwrap();
        assert_eq!(lines[3].chars().nth(caret).unwrap(), 'X');
    }

    #[test]
    fn terminal_control_characters_are_never_printed() {
        let d = Diagnostic::error(rule::UNKNOWN_KEY, "a\u{1b}[2J.yaml", 1, 3)
            .msg("unknown key `\u{1b}]0;x\u{7}`")
            .hint("\u{202E}x");
        let text = d.render(Some("k:\u{1b}[31m red\n"));
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202E}']), "{text:?}");
        assert!(text.contains("1 | k:\u{FFFD}[31m red\n  |   ^"), "{text}");
    }

    #[test]
    fn quiet_diagnostics_never_quote_the_source() {
        let d = Diagnostic::error(rule::BAD_MONEY, "a.yaml", 1, 1)
            .msg("bad")
            .quiet(true);
        assert!(!d.render(Some("secret line")).contains("secret"));
    }

    #[test]
    fn warnings_are_told_apart_and_strict_turns_them_into_errors() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error(rule::RECONCILE, "s.yaml", 1, 1).msg("w"));
        assert!(!ds.has_errors());
        assert_eq!(ds.warning_count(), 1);
        ds.make_strict();
        assert!(ds.has_errors());
    }
}
