//! Figures placed in narratives: `{{ figure(path="ex_ante.cut_rate") }}` in a year's
//! `_index.md` becomes the figure, so reports quote computed numbers instead of retyping them.
//!
//! A path names a stated figure of summary.yaml or a computed one (the same paths). The stated
//! value is placed as written; otherwise the public computed value, with its "另有 N 项不予公开"
//! note when it leaves withheld values out. An unknown path, an unknown directive, or a figure
//! withheld for derivability is an error. Runs on the public model; no I/O here.

use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::figures::compute::Figures;
use crate::figures::reconcile;
use crate::figures::value_text;
use crate::model::summary::{Summary, Value};
use crate::model::text::Segment;
use crate::model::{Language, Page, Text};
use crate::said;
use std::collections::{BTreeMap, BTreeSet};

/// What a year's narrative can quote.
pub struct Quotable<'a> {
    pub summary: Option<&'a Summary>,
    pub figures: &'a Figures,
    pub suppressed: &'a BTreeSet<String>,
    pub lang: Language,
}

impl Quotable<'_> {
    fn stated(&self) -> BTreeMap<String, Value> {
        let mut m = BTreeMap::new();
        if let Some(s) = self.summary {
            reconcile::each_stated(s, |path, _, st| {
                m.insert(path, st.value.clone());
            });
        }
        m
    }

    /// The text for `path`, or a message and hint.
    fn value(
        &self,
        stated: &BTreeMap<String, Value>,
        path: &str,
    ) -> Result<String, (&'static str, Said, Said)> {
        if self.suppressed.contains(path) {
            return Err((
                rule::FIGURE_WITHHELD,
                said!(
                    "叙述中不能引用 `{path}`：公布这个数字会让读者推算出不予公开的数值",
                    "the figure `{path}` cannot be placed: publishing it would let readers compute a withheld value"
                ),
                Said::new(
                    "改为引用只含公开部分的数字，或在叙述中删去这个数字",
                    "quote a figure of the public part instead, or leave the figure out of the narrative",
                ),
            ));
        }
        if let Some(v) = stated.get(path) {
            return Ok(value_text(v, true, self.lang));
        }
        if let Some(f) = self.figures.get(path) {
            let v = value_text(&f.value, false, self.lang);
            return Ok(match (f.missing, self.lang) {
                (0, _) => v,
                (n, Language::Zh) => format!("{v}（公开部分，另有 {n} 项不予公开）"),
                (n, Language::En) => format!("{v} (public part; {n} withheld)"),
            });
        }
        let mut known: Vec<&str> = stated
            .keys()
            .map(String::as_str)
            .chain(self.figures.keys().map(String::as_str))
            .filter(|p| !p.ends_with(".hidden") && !p.ends_with(".stubs"))
            .collect();
        known.sort();
        known.dedup();
        let close = known
            .iter()
            .map(|k| (strsim::levenshtein(path, k), *k))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, k)| k);
        let hint = match close {
            Some(k) => said!(
                "是不是要写 `{k}`？路径的写法与 summary.yaml 相同，如 `ex_ante.cut_rate`",
                "did you mean `{k}`? paths are those of summary.yaml, e.g. `ex_ante.cut_rate`"
            ),
            None => {
                let some = known
                    .iter()
                    .take(12)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                said!(
                    "路径的写法与 summary.yaml 相同；本年度有这些数字：{some}",
                    "paths are those of summary.yaml; this year has: {some}"
                )
            }
        };
        Err((
            rule::FIGURE_PATH,
            said!(
                "本年度没有 `{path}` 这个数字",
                "there is no figure `{path}` for this year"
            ),
            hint,
        ))
    }
}

/// Parse `figure(path="…")` (single or double quotes, spaces allowed).
fn directive(inner: &str) -> Option<&str> {
    let rest = inner
        .trim()
        .strip_prefix("figure")?
        .trim_start()
        .strip_prefix('(')?
        .trim_start()
        .strip_prefix("path")?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let (path, tail) = rest[1..].split_once(quote)?;
    (tail.trim() == ")").then_some(path)
}

/// Replace every directive in a page's text; each problem is a diagnostic at its line.
pub fn place(page: &Page, q: Option<&Quotable>, diags: &mut Diagnostics) -> Text {
    let stated = q.map(Quotable::stated).unwrap_or_default();
    let mut line = page.body_line;
    let mut out = Vec::with_capacity(page.body.segments.len());
    for (i, seg) in page.body.segments.iter().enumerate() {
        if let Some(start) = page.segment_lines.get(i) {
            line = *start;
        }
        let Segment::Text(t) = seg else {
            out.push(seg.clone());
            continue;
        };
        let mut text = String::with_capacity(t.len());
        let mut rest = t.as_str();
        while let Some(open) = rest.find("{{") {
            text.push_str(&rest[..open]);
            line += rest[..open].matches('\n').count();
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                diags.push(err(
                    page,
                    line,
                    Said::new("`{{` 没有对应的 `}}`", "`{{` is never closed"),
                    Said::new(
                        "引用数字的写法是 {{ figure(path=\"ex_ante.cut_rate\") }}",
                        "write a figure as {{ figure(path=\"ex_ante.cut_rate\") }}",
                    ),
                ));
                rest = after;
                continue;
            };
            let inner = &after[..close];
            match (directive(inner), q) {
                (Some(path), Some(q)) => match q.value(&stated, path) {
                    Ok(v) => text.push_str(&v),
                    Err((r, m, h)) => diags.push(err(page, line, m, h).with_rule(r)),
                },
                (Some(_), None) => diags.push(err(
                    page,
                    line,
                    Said::new(
                        "只有年度文件夹中的 _index.md 可以引用数字",
                        "figures can be placed only in a year's _index.md",
                    ),
                    Said::new(
                        "把这个数字引用移到它所属年度的 _index.md 中",
                        "move the figure to the narrative of the year it belongs to",
                    ),
                )),
                (None, _) => diags.push(err(
                    page,
                    line,
                    Said::new(
                        "`{{` 与 `}}` 之间只能写 `figure(path=\"…\")`",
                        "only `figure(path=\"…\")` may stand between `{{` and `}}`",
                    ),
                    Said::new(
                        "引用数字的写法是 {{ figure(path=\"ex_ante.cut_rate\") }}；这里不是引用数字的，删去两侧的花括号",
                        "write a figure as {{ figure(path=\"ex_ante.cut_rate\") }}, or remove the braces",
                    ),
                )),
            }
            line += inner.matches('\n').count();
            rest = &after[close + 2..];
        }
        line += rest.matches('\n').count();
        text.push_str(rest);
        out.push(Segment::Text(text));
    }
    Text { segments: out }
}

fn err(page: &Page, line: usize, message: Said, hint: Said) -> Diagnostic {
    Diagnostic::error(rule::FIGURE_PATH, &page.path, line, 1)
        .msg(message)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse_with_either_quote_and_spaces() {
        assert_eq!(
            directive(" figure(path=\"ex_ante.cut_rate\") "),
            Some("ex_ante.cut_rate")
        );
        assert_eq!(
            directive("figure( path = 'goals.funds' )"),
            Some("goals.funds")
        );
        assert_eq!(directive("figures(path=\"x\")"), None);
        assert_eq!(directive("figure(path=\"x\") | safe"), None);
    }
}
