//! Which diagnostics a log may show: the one place that keeps build and check messages quiet
//! about withheld content.
//!
//! Every diagnostic goes through [`Guard::judge`] before it is printed (see
//! `Diagnostics::for_log`), so a diagnostic added later is covered without its author
//! remembering anything. The decision is made from where a diagnostic points and what it says:
//! a diagnostic in a file holding a 不予公开 or 不列示 record, or naming such a record, is
//! hidden (errors are only counted); one in a file that withholds parts of a record is shown
//! with its location but a generic message; a figure computed with withheld values
//! (`computed` diagnostics on a summary line or year that withheld values enter) is hidden;
//! source lines are quoted only where nothing withheld stands: never for the disclosure rules
//! (see `rules::Rule::quote`), never from a file that may withhold content or a line that
//! holds a withheld value, and only from the text captured when the file was read (see
//! `source`). What is known about the site (from the validated and disclosed site, [`Facts`],
//! gathered by `disclose::facts`) sharpens the decision; without it what was seen in the
//! files' texts when they were read decides, and anything that cannot be told is treated as
//! withheld. No I/O here.

use super::said::count_en;
use super::source::{SourceMap, is_record_file};
use super::{Diagnostic, Lang, Said, rules};
use crate::said;
use std::collections::{BTreeMap, BTreeSet};

/// What to do with one diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Shown as it is; `quote`: its source line may be printed.
    Show { quote: bool },
    /// Shown with its file and position, but with a generic message and no source line.
    Plain,
    /// Not shown: errors are counted, warnings dropped.
    Hide,
}

/// What the validated and disclosed site tells about withheld content.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    /// Files holding a 不予公开 or 不列示 record.
    pub hidden: BTreeSet<String>,
    /// Files holding a 部分公开 record.
    pub partial: BTreeSet<String>,
    /// Year folders (`content/<region>/<year>/`) whose computed figures take in withheld values.
    pub tainted_years: BTreeSet<String>,
    /// summary.yaml lines stating a figure that is suppressed or computed with withheld values.
    pub summary_lines: BTreeMap<String, BTreeSet<usize>>,
    /// Record files the validated site knows.
    pub known: BTreeSet<String>,
    /// Ids of 不予公开 and 不列示 records, withheld text, suppressed figures as written.
    pub needles: BTreeSet<String>,
}

impl Facts {
    /// Whether the site publicly shows that it withholds something (stubs, markers).
    fn visible(&self) -> bool {
        !self.partial.is_empty() || !self.tainted_years.is_empty()
    }
}

/// The decision point for one log: the site's facts (when it got that far) and what is known
/// of its files' texts, captured when they were read.
pub struct Guard<'a> {
    facts: Option<&'a Facts>,
    sources: &'a SourceMap,
}

impl<'a> Guard<'a> {
    pub fn new(facts: Option<&'a Facts>, sources: &'a SourceMap) -> Self {
        Guard { facts, sources }
    }

    /// Whether the log should say that messages about withheld content are left out.
    pub fn visible(&self) -> bool {
        self.facts.is_some_and(Facts::visible)
    }

    /// Whether a file holds (or may hold) a 不予公开 or 不列示 record. The validated site knows
    /// each record's status; otherwise what was seen when the file was read decides (a parsed
    /// status, or any line that may set one: see `source::Source::may_hide`).
    fn hidden(&self, path: &str) -> bool {
        let f = self.facts;
        f.is_some_and(|f| f.hidden.contains(path))
            || (self.sources.get(path).is_some_and(|s| s.may_hide)
                && !f.is_some_and(|f| f.known.contains(path)))
    }

    /// Whether a file was read and found to withhold content (no line of it may be quoted).
    /// A file never read (refused by its name or size) told nothing: its diagnostics are about
    /// the file, in words gongkai chose.
    fn withholds(&self, path: &str) -> bool {
        self.sources.get(path).is_some_and(|s| s.text.is_none())
    }

    /// The verdict on one diagnostic.
    pub fn judge(&self, d: &Diagnostic) -> Verdict {
        let facts = self.facts;
        if self.hidden(&d.path) {
            return Verdict::Hide;
        }
        if self.names_withheld(d) || (d.computed && self.computed_withheld(d)) {
            return Verdict::Hide;
        }
        let partial = match facts {
            Some(f) if f.known.contains(&d.path) => f.partial.contains(&d.path),
            _ => is_record_file(&d.path) && self.withholds(&d.path),
        };
        if partial {
            return Verdict::Plain;
        }
        let summary_line = facts
            .and_then(|f| f.summary_lines.get(&d.path))
            .is_some_and(|l| l.contains(&d.line));
        let quote = !summary_line && (facts.is_some() || !d.path.ends_with("summary.yaml"));
        Verdict::Show { quote }
    }

    /// Whether a source line may be quoted: not when it holds anything withheld as written.
    fn may_quote(&self, line: &str) -> bool {
        self.facts.is_none_or(|f| {
            !f.needles
                .iter()
                .any(|n| !n.is_empty() && line.contains(n.as_str()))
        })
    }

    /// Whether a diagnostic names a withheld record (its id or file) or a withheld value.
    fn names_withheld(&self, d: &Diagnostic) -> bool {
        let texts: Vec<&str> = std::iter::once(d.path.as_str()).chain(d.texts()).collect();
        if let Some(f) = self.facts
            && f.needles
                .iter()
                .any(|n| texts.iter().any(|t| has_word(t, n)))
        {
            return true;
        }
        texts[1..]
            .iter()
            .any(|t| site_paths(t).any(|p| p != d.path && self.hidden(p)))
    }

    /// Whether a diagnostic made from computed figures concerns values computed with withheld
    /// ones: a summary line (or the whole summary) they enter, or a year they enter.
    fn computed_withheld(&self, d: &Diagnostic) -> bool {
        let Some(f) = self.facts else {
            return true;
        };
        let tainted = |p: &str| {
            f.tainted_years
                .iter()
                .any(|y| p.starts_with(y.as_str()) || y.starts_with(p))
        };
        if let Some(lines) = f.summary_lines.get(&d.path) {
            return lines.contains(&d.line) || (d.line == 0 && tainted(&d.path));
        }
        if f.known.contains(&d.path) || d.path.ends_with("/_index.md") {
            return false;
        }
        if d.path.starts_with("content/") {
            tainted(&d.path)
        } else {
            !f.tainted_years.is_empty()
        }
    }
}

/// Whether `needle` stands in `text` as a whole word (not inside a longer id or path part).
fn has_word(text: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// Paths of the site's content files named in a text.
fn site_paths(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("content/").map(move |(i, _)| {
        let rest = &text[i..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '`' | ',' | ';' | ')' | '，' | '；')
            })
            .unwrap_or(rest.len());
        &rest[..end]
    })
}

/// What `check --show-withheld` is, said wherever something was left out.
fn reveal_hint() -> Said {
    Said::new(
        "在本机运行 `gongkai check --show-withheld` 查看完整信息；它的输出含不公开的内容，不要放进 CI 日志",
        "run `gongkai check --show-withheld` on your own computer to see everything; its output holds withheld content, so never put it in a CI log",
    )
}

/// The diagnostics a log shows, and what it only counts.
pub struct Log {
    /// Each shown diagnostic with its source line when that may be quoted.
    items: Vec<(Diagnostic, Option<String>)>,
    hidden_errors: usize,
    note: bool,
}

impl Log {
    /// Judge every diagnostic with `guard` (none: show everything, quoting every line
    /// `sources` kept).
    pub fn new(items: &[Diagnostic], guard: Option<&Guard>, sources: &SourceMap) -> Log {
        let mut log = Log {
            items: Vec::new(),
            hidden_errors: 0,
            note: guard.is_some_and(Guard::visible),
        };
        for d in items {
            let verdict = guard.map_or(Verdict::Show { quote: true }, |g| g.judge(d));
            match verdict {
                Verdict::Show { quote } => {
                    let line = sources
                        .get(&d.path)
                        .and_then(|s| s.line(d.line))
                        .filter(|_| quote && rules::find(d.rule).is_none_or(|r| r.quote))
                        .filter(|l| guard.is_none_or(|g| g.may_quote(l)))
                        .map(str::to_string);
                    log.items.push((d.clone(), line));
                }
                Verdict::Plain => {
                    log.note = true;
                    log.items.push((plain(d), None));
                }
                Verdict::Hide if d.is_error() => log.hidden_errors += 1,
                Verdict::Hide => {}
            }
        }
        log
    }

    /// Errors, shown or only counted.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|(d, _)| d.is_error()).count() + self.hidden_errors
    }

    /// Warnings shown (warnings about withheld content are not even counted).
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|(d, _)| !d.is_error()).count()
    }

    /// rustc-style text in `lang`, then a line for what was left out.
    pub fn render_human(&self, lang: Lang) -> String {
        self.render_human_styled(false, lang)
    }

    /// [`Log::render_human`], styled for a terminal when `color`.
    pub fn render_human_styled(&self, color: bool, lang: Lang) -> String {
        let mut out = String::new();
        for (d, line) in &self.items {
            out.push_str(&d.render(line.as_deref(), color, lang));
            out.push('\n');
        }
        let n = self.hidden_errors;
        let hint = reveal_hint();
        let hint = hint.get(lang);
        if n > 0 {
            out.push_str(&match lang {
                Lang::Zh => format!(
                    "错误: 另有 {n} 个错误涉及不公开的内容（不予公开、不列示的记录，或用不公开的数值算出的数），这里不显示其文件和详情\n  = 怎样改: {hint}\n\n"
                ),
                Lang::En => format!(
                    "error: {} about withheld content (records not published or not listed, or figures computed with withheld values): their files and details are not shown here\n  = help: {hint}\n\n",
                    count_en(n, "more error", "more errors")
                ),
            });
        } else if self.note {
            out.push_str(&match lang {
                Lang::Zh => {
                    format!("注意: 涉及不公开内容的提示不在这里显示，或只显示位置。{hint}\n\n")
                }
                Lang::En => format!(
                    "note: messages about withheld content are left out here, or show only where they are; {hint}\n\n"
                ),
            });
        }
        out
    }

    /// One JSON object per line, texts in `lang`; errors left out are one object of rule E000.
    pub fn render_json(&self, lang: Lang) -> String {
        let mut out = String::new();
        let mut line = |d: &Diagnostic| {
            out.push_str(&serde_json::to_string(&d.json(lang)).unwrap_or_default());
            out.push('\n');
        };
        for (d, _) in &self.items {
            line(d);
        }
        let n = self.hidden_errors;
        if n > 0 {
            let more = count_en(n, "more error", "more errors");
            line(
                &Diagnostic::error("E000", "", 0, 0)
                    .msg(said!(
                        "另有 {n} 个错误涉及不公开的内容，这里不显示其文件和详情",
                        "{more} about withheld content: their files and details are not shown here"
                    ))
                    .hint(reveal_hint()),
            );
        }
        out
    }
}

/// Whether a text may carry a withheld value: any digit (amounts, scores, shares, dates) or
/// any word of a category a record can withhold (grade, flag, conclusion).
fn may_carry_value(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "优",
        "良",
        "中",
        "差",
        "红",
        "黄",
        "正常",
        "支持",
        "excellent",
        "poor",
    ];
    text.chars().any(|c| c.is_numeric()) || WORDS.iter().any(|w| text.contains(w))
}

/// The diagnostic with its place kept, no source line, and its words replaced by the rule's
/// generic ones unless they can carry no value.
fn plain(d: &Diagnostic) -> Diagnostic {
    let mut p = d.clone();
    if !d.texts().any(may_carry_value) {
        return p;
    }
    let (zh, en) = title(d.rule);
    p.message = said!(
        "{zh}（这条记录有不公开的内容，详情不在这里显示）",
        "{en} (this record withholds content: the details are not shown here)"
    );
    p.hint = Some(reveal_hint());
    p
}

/// What a rule is about, in words that carry no value: Chinese and English.
pub fn title(rule: &str) -> (&'static str, &'static str) {
    super::rules::find(rule).map_or(
        ("内容有问题", "something is wrong with the content"),
        |r| (r.zh, r.en),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test's text, the same in both languages.
    fn t(s: &str) -> Said {
        Said::new(s, s)
    }
    use crate::diag::rule;
    use crate::diag::source::{Source, Withholding};

    fn log_of(d: Diagnostic, facts: Option<&Facts>, path: &str, text: &str) -> String {
        let mut map = SourceMap::default();
        map.insert(path, Source::of(path, text.to_string(), Withholding::No));
        let guard = Guard::new(facts, &map);
        Log::new(&[d], Some(&guard), &map).render_human(Lang::Zh)
    }

    #[test]
    fn a_line_holding_a_withheld_value_is_never_quoted() {
        let path = "content/demo/2024/ex-ante/a.yaml";
        let text = "id: a\nnote: 供应商甲公司\n";
        let d = || Diagnostic::error(rule::UNKNOWN_KEY, path, 2, 1).msg(t("unknown key"));
        let facts = Facts {
            needles: ["供应商甲公司".to_string()].into(),
            known: [path.to_string()].into(),
            ..Facts::default()
        };
        let quiet = log_of(d(), Some(&facts), path, text);
        assert!(
            quiet.contains(path) && !quiet.contains("供应商甲公司"),
            "{quiet}"
        );
        let open = log_of(d(), Some(&Facts::default()), path, text);
        assert!(open.contains("2 | note: 供应商甲公司"), "{open}");
    }

    #[test]
    fn before_validation_a_file_that_may_hold_a_withheld_record_is_only_counted() {
        let path = "content/demo/2024/ex-ante/a.yaml";
        let text = "id: a\nstatus: 不予公开\nx: 1\n";
        let d = Diagnostic::error(rule::BAD_MONEY, path, 3, 1).msg(t("m"));
        let log = log_of(d, None, path, text);
        assert!(
            !log.contains(path) && log.contains("另有 1 个错误"),
            "{log}"
        );
    }
}
