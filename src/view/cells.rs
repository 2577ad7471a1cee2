//! Display cells: public values formatted for a page, or the fixed marker of a withheld one.
//!
//! A [`Cell`] is what templates print for a value. It is made from the public model only, so a
//! withheld value can only ever become its marker. No I/O here.

use super::i18n::I18n;
use super::markdown;
use crate::model::markers::Redacted;
use crate::model::text::Segment;
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The marker shown instead of a withheld value; empty when shown.
    pub withheld: String,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            withheld: String::new(),
        }
    }

    pub fn empty() -> Cell {
        Cell::text("")
    }

    pub fn withheld(i: &I18n, r: Reason) -> Cell {
        Cell {
            text: String::new(),
            withheld: i.marker(r),
        }
    }
}

/// A public value, formatted, or its marker.
pub fn cell<T>(i: &I18n, v: &Pub<T>, f: impl Fn(&T) -> String) -> Cell {
    match v {
        Pub::Shown(x) => Cell::text(f(x)),
        Pub::Withheld(r) => Cell::withheld(i, *r),
    }
}

pub fn opt_cell<T>(i: &I18n, v: &Option<Pub<T>>, f: impl Fn(&T) -> String) -> Cell {
    match v {
        Some(p) => cell(i, p, f),
        None => Cell::empty(),
    }
}

/// Text with inline markers as plain text (markers in the page's language).
pub fn plain(i: &I18n, t: &Text) -> String {
    let mut out = String::new();
    for s in &t.segments {
        match s {
            Segment::Text(x) => out.push_str(x),
            Segment::Withheld { reason, .. } => {
                out.push_str(&crate::model::markers::marker_text(reason, i.marker_lang()));
            }
        }
    }
    out
}

pub fn text_cell(i: &I18n, t: &Pub<Text>) -> Cell {
    cell(i, t, |x| plain(i, x))
}

pub fn money_cell(i: &I18n, m: &Pub<Money>) -> Cell {
    cell(i, m, |x| i.money(x))
}

/// Markdown text as sanitised HTML (withheld passages as fixed markers).
pub fn html(i: &I18n, t: &Text) -> String {
    let r = Redacted {
        segments: t.segments.clone(),
        secrets: Vec::new(),
    };
    markdown::to_html(&r.placeholder_text(), i.marker_lang())
}

/// A Markdown field as HTML, or the marker of a withheld field as HTML.
pub fn pub_html(i: &I18n, t: &Pub<Text>) -> String {
    match t {
        Pub::Shown(x) => html(i, x),
        Pub::Withheld(r) => format!(
            "<div class=\"withheld-block\" role=\"note\"><p>{}</p></div>",
            escape(&i.marker(*r))
        ),
    }
}

/// Minimal HTML escaping for the few strings Rust puts into HTML itself.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// 执行率 of two public amounts, if both are shown and the base is not zero.
pub fn rate(i: &I18n, part: &Pub<Money>, whole: &Pub<Money>) -> Cell {
    match (part, whole) {
        (Pub::Shown(p), Pub::Shown(w)) => match value::percent_of(p.fen, w.fen, 2) {
            Some(d) => Cell::text(format!("{}%", d.to_fixed(2))),
            None => Cell::empty(),
        },
        (Pub::Withheld(r), _) | (_, Pub::Withheld(r)) => Cell::withheld(i, *r),
    }
}

pub fn decimal(d: &Decimal) -> String {
    d.to_string()
}
