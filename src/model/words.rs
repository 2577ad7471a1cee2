//! What figures and indicators say in words: how a comparison with last year reads
//! ("增长12.5%", "翻一番", "持平") and the interval it gives, the number an indicator's target or
//! actual is written as, and how far a 定性 indicator was achieved by its own words. Read by
//! validation and by figures alike; no I/O here.

use super::form::{self, Bounds, Form};
use super::summary::Value;
use super::{Decimal, Percent};

const UP: &[&str] = &["增长", "增加", "提高", "上升", "多", "+", "＋"];
const DOWN: &[&str] = &["下降", "减少", "降低", "下滑", "少", "-", "－", "−"];

/// How a written comparison reads: its sign and the magnitude text after the sign word
/// ("增长12.5%" → (+, "12.5%")); 翻一番/翻两番/持平 are their own words. `None` when it is
/// none of these.
pub fn parse_words(text: &str) -> Option<Words> {
    let t = text
        .trim()
        .trim_start_matches("较上年")
        .trim_start_matches("比上年");
    let t = t.trim_start_matches("同比").trim();
    match t {
        "翻一番" | "翻了一番" => return Some(Words::Times(2)),
        "翻两番" | "翻了两番" => return Some(Words::Times(4)),
        "持平" | "基本持平" => return Some(Words::Flat),
        _ => {}
    }
    for (words, up) in [(UP, true), (DOWN, false)] {
        for w in words {
            if let Some(rest) = t.strip_prefix(w) {
                let rest = rest.trim_start_matches('了').trim();
                if rest.starts_with(|c: char| c.is_ascii_digit())
                    || form::shape(rest) != form::Shape::One(form::Written::Exact, rest.into())
                {
                    return Some(Words::Signed(up, rest.to_string()));
                }
            }
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Words {
    /// 翻一番 (×2), 翻两番 (×4).
    Times(u32),
    /// 持平.
    Flat,
    /// Up (true) or down, by the text that follows.
    Signed(bool, String),
}

/// Bounds negated (a decrease).
pub fn negated(b: Bounds) -> Bounds {
    let neg = |d: Decimal| Decimal::zero().sub(d);
    Bounds {
        lo: b.hi.and_then(neg),
        hi: b.lo.and_then(neg),
    }
}

/// A percent change of the words 翻一番, 翻两番, 持平: doubling read loosely (±10 points), as
/// reports use it; 持平 within ±1%.
pub fn fixed(words: &Words) -> Option<Bounds> {
    let (lo, hi) = match words {
        Words::Times(k) => {
            let c = i128::from(*k - 1) * 100;
            (c - 10, c + 10)
        }
        Words::Flat => (-1, 1),
        Words::Signed(..) => return None,
    };
    Some(Bounds {
        lo: Some(Decimal::from_int(lo)),
        hi: Some(Decimal::from_int(hi)),
    })
}

/// A percent's bounds in percent points, its form applied.
pub fn percent_bounds(p: Percent, f: &Form) -> Bounds {
    let b = form::bounds(&Value::Percent(p), f);
    // A change's magnitude is not a share: it may exceed 100% and is never below 0 here.
    Bounds {
        lo: b.lo.map(|d| d.max(Decimal::zero())),
        hi: b.hi,
    }
}

/// The number an indicator's target or actual is written as: `"98"`, `"98%"`, `"98 %"`,
/// `"1,200"`, `"86公里"` (a unit after the number). None when there is no leading number or
/// more digits follow it (`"1.2~1.5"`, `"约98"`): such a value cannot be scored by formula.
pub fn figure_number(s: &str) -> Option<Decimal> {
    let t = super::value::normalize(s).replace(',', "");
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && matches!(c, '-' | '+'))))
        .map_or(t.len(), |(i, _)| i);
    let (number, rest) = t.split_at(end);
    if rest.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Decimal::parse(number.trim_start_matches('+')).ok()
}

/// How far a 定性 indicator was achieved, as its `actual` says at its start (财预〔2020〕10号,
/// 附件 自评表): 达成年度指标, 部分达成年度指标并具有一定效果, 未达成年度指标且效果较差.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achieved {
    Fully,
    Partly,
    Not,
}

impl Achieved {
    /// Read from a 定性 actual that begins with the 自评表's words: 达成 (已达成, 全部达成),
    /// 部分达成 (基本达成), 未达成.
    pub fn read(actual: &str) -> Option<Achieved> {
        let t = actual.trim();
        // Only the form's own words: "完成…" in a 定性 actual often describes work, not a level.
        const NOT: &[&str] = &["未达成", "没有达成"];
        const PARTLY: &[&str] = &["部分达成", "基本达成"];
        const FULLY: &[&str] = &["达成", "已达成", "全部达成"];
        let starts = |ws: &[&str]| ws.iter().any(|w| t.starts_with(w));
        if starts(NOT) {
            Some(Achieved::Not)
        } else if starts(PARTLY) {
            Some(Achieved::Partly)
        } else if starts(FULLY) {
            Some(Achieved::Fully)
        } else {
            None
        }
    }
}
