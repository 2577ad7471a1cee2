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

/// The one money unit of a table: 万元 on Chinese pages, yuan on English ones, with as many
/// decimals as the table's most precise amount needs, so every amount is exact (1.46亿元 never
/// stands for 14,557.00万元) and the column lines up. Amounts are exact 分 throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyScale {
    unit: MoneyUnit,
    decimals: u32,
}

impl MoneyScale {
    /// The scale of a table whose amounts (in 分) are `fens`: at least 2 decimals in 万元
    /// (cents in yuan are shown only when some amount has them).
    pub fn of(i: &I18n, fens: impl IntoIterator<Item = i128>) -> MoneyScale {
        let unit = if i.zh() {
            MoneyUnit::Wan
        } else {
            MoneyUnit::Yuan
        };
        let least = if i.zh() { 2 } else { 0 };
        let decimals = fens
            .into_iter()
            .map(|f| Money::from_fen(f).exact_decimals(unit))
            .fold(least, u32::max);
        MoneyScale { unit, decimals }
    }

    /// An amount in this scale: `14,557.00万元`, `145,570,000 yuan`.
    pub fn text(&self, m: &Money) -> String {
        let s = m.format_exact(self.unit, self.decimals);
        match self.unit {
            MoneyUnit::Yuan => s.replace('元', " yuan"),
            _ => s,
        }
    }

    /// An amount shown by `I18n::money` inside `text` (a computed figure, a partial total)
    /// rewritten in this scale; other text is left as it is.
    pub fn rewrite(&self, i: &I18n, text: &str, m: &Money) -> String {
        let auto = i.money(m);
        if text.contains(&auto) {
            text.replacen(&auto, &self.text(m), 1)
        } else {
            text.to_string()
        }
    }
}

/// An exact amount in 万元 (a data table's plain value, `2453.5`) as 分.
pub fn fen_of_wan(raw: &str) -> Option<i128> {
    let d = Decimal::parse(raw).ok()?;
    let up = 6u32.checked_sub(d.scale)?;
    d.mantissa.checked_mul(10i128.checked_pow(up)?)
}

#[cfg(test)]
mod scale_tests {
    use super::*;

    fn i18n(lang: Language) -> I18n {
        I18n::new(lang, "{}", "{}").unwrap()
    }

    #[test]
    fn one_unit_exact_per_table() {
        let zh = i18n(Language::Zh);
        let s = MoneyScale::of(&zh, [14_557_000_000, 2_453_500_000]);
        assert_eq!(s.text(&Money::from_fen(14_557_000_000)), "14,557.00万元");
        let s = MoneyScale::of(&zh, [3_656_000, 2_453_500_000]);
        assert_eq!(s.text(&Money::from_fen(2_453_500_000)), "2,453.500万元");
        let en = i18n(Language::En);
        let s = MoneyScale::of(&en, [14_557_000_000]);
        assert_eq!(s.text(&Money::from_fen(14_557_000_000)), "145,570,000 yuan");
        assert_eq!(fen_of_wan("2453.5"), Some(2_453_500_000));
        assert_eq!(fen_of_wan("0.0001"), Some(100));
        assert_eq!(fen_of_wan("x"), None);
    }
}
