//! A stated figure's comparison with last year ("较上年增长12.5%", "翻一番", "减少3个"), written
//! under a group's `vs_last_year:` by the key of the figure it compares. Where both years state
//! that figure, the comparison is checked against them with the rounding of every stated
//! decimal; a comparison that does not hold is one warning (W105) and shows on the year page.
//! No I/O here.

use super::form::{self, Bounds, Form};
use super::relations::Finding;
use super::stated::{Group, Stated, Summary, Value};
use crate::model::{Decimal, Percent};

pub use crate::model::summary::{Change, Delta};

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

/// Check every comparison of `this` year's summary against `last` year's stated figures.
pub fn check(this: &Summary, last: Option<&Summary>) -> Vec<Finding> {
    let Some(last) = last else { return Vec::new() };
    let mut out = Vec::new();
    for (_, prefix, g) in this.sections() {
        let before = last
            .sections()
            .into_iter()
            .find(|(_, p, _)| *p == prefix)
            .map(|(_, _, g)| g);
        group(&prefix, g, before, &mut out);
    }
    out
}

fn group(prefix: &str, g: &Group, before: Option<&Group>, out: &mut Vec<Finding>) {
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        group(
            &p,
            &c.group,
            before.and_then(|b| b.child(c.by, &c.label)),
            out,
        );
    }
    for c in &g.changes {
        let (Some(now), Some(then)) = (g.get(c.key), before.and_then(|b| b.get(c.key))) else {
            continue;
        };
        if !holds(c, now, then) {
            let path = format!("{prefix}.vs_last_year.{}", c.key);
            let paths = vec![path.clone(), format!("{prefix}.{}", c.key)];
            out.push(Finding {
                relation: "vs_last_year",
                hint_en:
                    "check the comparison against this year's and last year's figures in the report"
                        .into(),
                hint_zh: "核对报告中“较上年”的说法与两年公布的数字".into(),
                acknowledged: None,
                line: c.line,
                col: c.col,
                paths,
                en: format!(
                    "`{path}` says {} but last year's `{prefix}.{}` is {} and this year's is {}",
                    c.written,
                    c.key,
                    then.text.trim(),
                    now.text.trim()
                ),
                zh: format!(
                    "{path} 公布为“{}”，而上年公布的 {prefix}.{} 为 {}、本年为 {}，两者不符。",
                    c.written,
                    c.key,
                    then.text.trim(),
                    now.text.trim()
                ),
            });
        }
    }
}

/// Whether a comparison can hold for some values within both years' stated figures.
fn holds(c: &Change, now: &Stated, then: &Stated) -> bool {
    let (n, t) = (now.bounds(), then.bounds());
    let (Some(nlo), Some(tlo)) = (n.lo, t.lo) else {
        return true;
    };
    match &c.delta {
        Delta::Amount(d) => {
            // now − then spans [nlo − thi, nhi − tlo].
            let lo = t.hi.and_then(|th| nlo.sub(th));
            let hi = n.hi.and_then(|nh| nh.sub(tlo));
            overlap(Bounds { lo, hi }, *d)
        }
        Delta::Percent(d) => {
            // (now / then − 1) × 100 spans [nlo / thi, nhi / tlo] − 1, in percent points.
            let pct = |a: Decimal, b: Decimal| -> Option<Decimal> {
                if b <= Decimal::zero() {
                    return None;
                }
                a.mul(Decimal::from_int(100))?
                    .div(b, 6)?
                    .sub(Decimal::from_int(100))
            };
            let lo = t.hi.and_then(|th| pct(nlo, th));
            let hi = n.hi.and_then(|nh| pct(nh, tlo));
            if tlo <= Decimal::zero() {
                return true;
            }
            overlap(Bounds { lo, hi }, *d)
        }
    }
}

fn overlap(a: Bounds, b: Bounds) -> bool {
    let le = |x: Option<Decimal>, y: Option<Decimal>| match (x, y) {
        (Some(x), Some(y)) => x <= y,
        _ => true,
    };
    le(a.lo, b.hi) && le(b.lo, a.hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_as_reports_write_them() {
        assert_eq!(parse_words("翻一番"), Some(Words::Times(2)));
        assert_eq!(parse_words("较上年翻一番"), Some(Words::Times(2)));
        assert_eq!(
            parse_words("增长12.5%"),
            Some(Words::Signed(true, "12.5%".into()))
        );
        assert_eq!(
            parse_words("同比下降约3%"),
            Some(Words::Signed(false, "约3%".into()))
        );
        assert_eq!(parse_words("减少3"), Some(Words::Signed(false, "3".into())));
        assert_eq!(parse_words("+20%"), Some(Words::Signed(true, "20%".into())));
        assert_eq!(parse_words("很多"), None);
    }
}
