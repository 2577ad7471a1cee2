//! Diagnostics: what is wrong with a site's content, where, and what to write instead.
//!
//! Every stage reports content problems as [`Diagnostic`]s and keeps going, so one run shows
//! every mistake. Rendering follows rustc (by `annotate-snippets`): `error[E022]: …`,
//! `--> path:line:col`, the source line with a caret, and a `help:` line. Rules are defined
//! once, in [`rules`]. What may be quoted of each file is decided when it is read ([`source`]:
//! a file that withholds content keeps no text), narrowed once the site is validated and
//! disclosed ([`Diagnostics::set_facts`]); messages never carry withheld values. What a log
//! may show at all is decided in [`quiet`]: rendering goes through it unless the author asks
//! for everything ([`Diagnostics::for_log`]). Nothing here touches files.

pub mod quiet;
pub mod rules;
pub mod said;
pub mod source;
pub mod told;

pub use rules::{RULES, Rule, rule};
pub use said::{Lang, Said};
pub use told::{Tell, told};

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use source::{Source, SourceMap, Withholding};
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One content problem. `path` is relative to the site root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: Said,
    pub hint: Option<Said>,
    /// Made from computed figures (the figure and disclose stages), not from one file's text.
    pub computed: bool,
}

/// A diagnostic as `--format json` prints it: these seven fields, the texts in one language.
/// Fields are only ever added, never renamed or dropped.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, path: impl Into<String>, line: usize, col: usize) -> Self {
        Diagnostic {
            rule,
            severity: rules::find(rule).map_or(Severity::Error, |r| r.severity),
            path: path.into(),
            line,
            column: col,
            message: Said::default(),
            hint: None,
            computed: false,
        }
    }

    /// The same diagnostic under another rule.
    pub fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }

    pub fn msg(mut self, message: impl Into<Said>) -> Self {
        self.message = message.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<Said>) -> Self {
        let h = hint.into();
        self.hint = if h.is_empty() { None } else { Some(h) };
        self
    }

    /// The message and hint, in both languages (for checks that must hold in each).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.message
            .texts()
            .into_iter()
            .chain(self.hint.iter().flat_map(Said::texts))
    }

    /// This diagnostic as `--format json` prints it, in `lang`.
    pub fn json(&self, lang: Lang) -> JsonDiagnostic<'_> {
        JsonDiagnostic {
            rule: self.rule,
            severity: self.severity,
            path: &self.path,
            line: self.line,
            column: self.column,
            message: self.message.get(lang),
            hint: self.hint.as_ref().map(|h| h.get(lang)),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// rustc-style text (by `annotate-snippets`) in `lang`; `line` is the text of the line it
    /// points at, when that may be quoted. `color`: styled for a terminal.
    pub fn render(&self, line: Option<&str>, color: bool, lang: Lang) -> String {
        let level = match (self.severity, lang) {
            (Severity::Error, Lang::Zh) => Level::ERROR.with_name("错误"),
            (Severity::Warning, Lang::Zh) => Level::WARNING.with_name("警告"),
            (Severity::Error, Lang::En) => Level::ERROR,
            (Severity::Warning, Lang::En) => Level::WARNING,
        };
        let help = match lang {
            Lang::Zh => Level::HELP.with_name("怎样改"),
            Lang::En => Level::HELP,
        };
        let message = printable(self.message.get(lang));
        let path = printable(&self.path);
        let title = level.primary_title(message.as_ref()).id(self.rule);
        let line = line.filter(|_| self.line > 0).map(printable);
        let group = match &line {
            Some(text) => {
                let at = byte_at(text, self.column);
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                title.element(
                    Snippet::source(text.as_ref())
                        .line_start(self.line)
                        .path(path.as_ref())
                        .annotation(AnnotationKind::Primary.span(at..end)),
                )
            }
            None if self.line > 0 => title.element(
                Origin::path(path.as_ref())
                    .line(self.line)
                    .char_column(self.column),
            ),
            None => title.element(Origin::path(path.as_ref())),
        };
        let hint = self.hint.as_ref().map(|h| printable(h.get(lang)));
        let group = match &hint {
            Some(h) => group.element(help.message(h.as_ref())),
            None => group,
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}

/// The byte offset of 1-based character column `col` in `line` (its end when past it).
fn byte_at(line: &str, col: usize) -> usize {
    line.char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
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

/// All diagnostics of a run, with what may be quoted of the files they point into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    /// The files read, as captured when they were read (see [`source`]).
    sources: SourceMap,
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
        if self.facts.is_none() {
            self.facts = other.facts;
        }
    }

    /// What the site tells about withheld content (see [`quiet`]): from here on, files it
    /// says withhold content are never quoted, and texts no diagnostic points into are let go.
    pub fn set_facts(&mut self, facts: Arc<quiet::Facts>) {
        let withholding: BTreeSet<String> = facts.hidden.union(&facts.partial).cloned().collect();
        let used: BTreeSet<&str> = self.items.iter().map(|d| d.path.as_str()).collect();
        self.sources.settle(&withholding, &used);
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

    /// What a log may show: everything when `reveal` (`check --show-withheld`, for the author
    /// at their desk), else what [`quiet::Guard`] lets through.
    pub fn for_log(&self, reveal: bool) -> quiet::Log {
        let guard = quiet::Guard::new(self.facts.as_deref(), &self.sources);
        quiet::Log::new(&self.items, (!reveal).then_some(&guard), &self.sources)
    }

    /// Capture a file's text as it was read: what diagnostics may quote of it (see
    /// [`Source::of`]).
    pub fn capture(&mut self, path: &str, text: &str, withholding: Withholding) {
        self.add_source(path, Source::of(path, text.to_string(), withholding));
    }

    /// A file's [`Source`], captured when it was read.
    pub fn add_source(&mut self, path: &str, source: Source) {
        self.sources.insert(path, source);
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

    /// What a log may show, rustc-style, in `lang` (see [`Diagnostics::for_log`]).
    pub fn render_human(&self, lang: Lang) -> String {
        self.for_log(false).render_human(lang)
    }

    /// What a log may show, one JSON object per line, in `lang` (see [`Diagnostics::for_log`]).
    pub fn render_json(&self, lang: Lang) -> String {
        self.for_log(false).render_json(lang)
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

    /// A test's text, the same in both languages.
    fn t(s: &str) -> Said {
        Said::new(s, s)
    }

    #[test]
    fn renders_like_rustc_with_caret_under_cjk() {
        let d = Diagnostic::error(rule::BAD_MONEY, "content/a.yaml", 2, 8)
            .msg(t("`total` is not an amount of money"))
            .hint(t("write the unit after the number, e.g. \"135.5万元\""));
        let text = d.render(Some("资金: \"12万\""), false, Lang::En);
        print!("{text}");
        assert_eq!(
            text,
            "error[E022]: `total` is not an amount of money\n --> content/a.yaml:2:8\n  |\n2 | 资金: \"12万\"\n  |          ^^\n  |\n  = help: write the unit after the number, e.g. \"135.5万元\"\n"
        );
    }

    #[test]
    fn without_a_quotable_line_the_place_is_still_given() {
        let d = Diagnostic::error(rule::BAD_MONEY, "content/a.yaml", 2, 8).msg(t("m"));
        let text = d.render(None, false, Lang::En);
        print!("{text}");
        assert_eq!(text, "error[E022]: m\n--> content/a.yaml:2:8\n");
        let whole = Diagnostic::error(rule::UNREADABLE, "content/a.yaml", 0, 0).msg(t("m"));
        assert_eq!(
            whole.render(None, false, Lang::En),
            "error[E012]: m\n--> content/a.yaml\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error(rule::YAML_SYNTAX, "a.yaml", 1, 501).msg(t("m"));
        let text = d.render(Some(&line), false, Lang::En);
        print!("{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[3].chars().count() < 160, "{}", lines[3]);
        let caret = lines[4].find('^').unwrap();
        assert_eq!(lines[3].chars().nth(caret).unwrap(), 'X');
    }

    #[test]
    fn terminal_control_characters_are_never_printed() {
        let d = Diagnostic::error(rule::UNKNOWN_KEY, "a\u{1b}[2J.yaml", 1, 3)
            .msg(t("unknown key `\u{1b}]0;x\u{7}`"))
            .hint(t("\u{202E}x"));
        let text = d.render(Some("k:\u{1b}[31m red"), false, Lang::En);
        print!("{text}");
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202E}']), "{text:?}");
        assert!(text.contains("1 | k:\u{FFFD}[31m red\n  |   ^"), "{text}");
    }

    #[test]
    fn warnings_are_told_apart_and_strict_turns_them_into_errors() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error(rule::RECONCILE, "s.yaml", 1, 1).msg(t("w")));
        assert!(!ds.has_errors());
        assert_eq!(ds.warning_count(), 1);
        ds.make_strict();
        assert!(ds.has_errors());
    }

    #[test]
    fn printing_quotes_the_text_as_read_never_the_file_now() {
        let dir = tempfile_dir();
        let file = dir.join("a.yaml");
        std::fs::write(&file, "total: 12万\n").unwrap();
        let mut ds = Diagnostics::default();
        ds.capture("a.yaml", "total: 12万\n", Withholding::No);
        ds.push(Diagnostic::error(rule::BAD_MONEY, "a.yaml", 1, 8).msg(t("m")));
        std::fs::write(&file, "changed on disk\n").unwrap();
        let text = ds.render_human(Lang::En);
        assert!(text.contains("1 | total: 12万"), "{text}");
        ds.push(Diagnostic::error(rule::BAD_MONEY, "b.yaml", 1, 1).msg(t("m")));
        assert!(!ds.render_human(Lang::En).contains("2 |"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn disclosure_rules_never_quote_even_for_the_author() {
        let mut ds = Diagnostics::default();
        ds.capture("a.yaml", "title: 公开的标题\n", Withholding::No);
        ds.push(Diagnostic::error(rule::PUBLISHED_TWICE, "a.yaml", 1, 8).msg(t("m")));
        ds.push(Diagnostic::error(rule::BAD_MONEY, "a.yaml", 1, 1).msg(t("m")));
        let text = ds.for_log(true).render_human(Lang::En);
        assert_eq!(text.matches("公开的标题").count(), 1, "{text}");
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("gongkai-diag-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
