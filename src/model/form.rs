//! How a stated figure was written: exactly ("321", "6.45亿元"), approximately ("约1600",
//! "1600左右"), as a lower bound within its last digit ("1600余", "1200多万元"), as an open bound
//! ("超过80%", "不足10个"), or as a range ("40%-50%", "1.2~1.5亿元"). Each form is an interval
//! of the true value; reconciliation and the disclosure gate read the interval, pages show the
//! figure as written. No I/O here.

use super::Decimal;
use super::summary::Value;

/// The form a stated figure was written in. The figure's `value` is its number (for a range,
/// the lower end); the form says how far the true value may lie from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// "321", "6.45亿元": within the rounding of its last stated digit.
    Exact,
    /// "约1600", "1600左右", "近1600": within half a unit of its last non-zero digit
    /// (约1600 → 1550 to 1650; 约42.5% → 42.45% to 42.55%).
    About,
    /// "1600余", "1200多万元": from the number up to one unit of its last non-zero digit more
    /// (1600余 → 1600 to 1700).
    Over,
    /// "超过80%", "80%以上", "不少于5个": at least the number.
    AtLeast,
    /// "不足10个", "10个以下", "不超过5%": at most the number.
    AtMost,
    /// "40%-50%", "1.2~1.5亿元", "3至5": from the value to this upper end.
    Range(Value),
}

/// A stated figure's interval in its natural unit (count: units; money: 分; percent: percent
/// points; score: points), both ends inclusive; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub lo: Option<Decimal>,
    pub hi: Option<Decimal>,
}

impl Bounds {
    pub fn contains(&self, x: Decimal) -> bool {
        self.lo.is_none_or(|lo| x >= lo) && self.hi.is_none_or(|hi| x <= hi)
    }

    /// The bounds as f64, unbounded ends infinite.
    pub fn f64(&self, per_unit: f64) -> (f64, f64) {
        let f = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(f64::NAN) / per_unit;
        (
            self.lo.map_or(f64::NEG_INFINITY, f),
            self.hi.map_or(f64::INFINITY, f),
        )
    }
}

/// A value's number in its natural unit (see [`Bounds`]).
pub fn number(v: &Value) -> Decimal {
    match v {
        Value::Count(n) => Decimal::from_int(i128::from(*n)),
        Value::Money(m) => Decimal::from_int(m.fen),
        Value::Percent(p) => p.0,
        Value::Score(d) => *d,
        Value::Grade(_) => Decimal::zero(),
    }
}

/// Half a unit of the last stated digit, in the value's natural unit.
fn rounding(v: &Value) -> Decimal {
    match v {
        Value::Count(_) => Decimal::zero(),
        Value::Money(m) => Decimal::from_int(m.tolerance_fen()),
        Value::Percent(p) => p.tolerance(),
        Value::Score(d) => Decimal::new(5, d.scale.saturating_add(1)),
        Value::Grade(_) => Decimal::zero(),
    }
}

/// One unit of the last non-zero digit as written, in the value's natural unit: 1600 → 100,
/// 1.2亿元 → 0.1亿元 in 分, 42.5% → 0.1.
fn place(v: &Value) -> Decimal {
    let digit = |d: Decimal| -> Decimal {
        if d.scale > 0 {
            return Decimal::new(1, d.scale);
        }
        let mut m = d.mantissa.unsigned_abs();
        let mut p: i128 = 1;
        while m >= 10 && m.is_multiple_of(10) {
            m /= 10;
            p = p.saturating_mul(10);
        }
        Decimal::from_int(p)
    };
    match v {
        Value::Count(n) => digit(Decimal::from_int(i128::from(*n))),
        Value::Money(m) => {
            // The amount in its written unit, with its written decimals.
            let factor = m.unit.fen_factor();
            let scaled = Decimal::from_int(m.fen)
                .div(Decimal::from_int(factor), m.decimals)
                .unwrap_or(Decimal::zero());
            let p = digit(scaled);
            p.mul(Decimal::from_int(factor))
                .unwrap_or(Decimal::from_int(factor))
        }
        Value::Percent(p) => digit(p.0),
        Value::Score(d) => digit(*d),
        Value::Grade(_) => Decimal::from_int(1),
    }
}

/// The interval a stated figure of this form gives its true value.
pub fn bounds(v: &Value, form: &Form) -> Bounds {
    let n = number(v);
    let r = rounding(v);
    let lo = |x: Decimal, t: Decimal| x.sub(t);
    let hi = |x: Decimal, t: Decimal| x.add(t);
    match form {
        Form::Exact => Bounds {
            lo: lo(n, r),
            hi: hi(n, r),
        },
        Form::About => {
            let half = place(v).mul(Decimal::new(5, 1)).unwrap_or(r).max(r);
            Bounds {
                lo: lo(n, half),
                hi: hi(n, half),
            }
        }
        Form::Over => Bounds {
            lo: Some(n),
            hi: n.add(place(v)),
        },
        Form::AtLeast => Bounds {
            lo: lo(n, r),
            hi: None,
        },
        Form::AtMost => Bounds {
            lo: None,
            hi: hi(n, r),
        },
        Form::Range(top) => Bounds {
            lo: lo(n, r),
            hi: hi(number(top), rounding(top)),
        },
    }
    .clamped(v)
}

impl Bounds {
    /// Counts, amounts and scores are never negative; a count is a whole number.
    fn clamped(self, v: &Value) -> Bounds {
        let floor = !matches!(v, Value::Percent(_));
        let b = if matches!(v, Value::Count(_)) {
            Bounds {
                lo: self.lo.map(|d| whole(d, true)),
                hi: self.hi.map(|d| whole(d, false)),
            }
        } else {
            self
        };
        Bounds {
            lo: match (floor, b.lo) {
                (true, Some(l)) if l < Decimal::zero() => Some(Decimal::zero()),
                (true, None) => Some(Decimal::zero()),
                (_, l) => l,
            },
            hi: b.hi,
        }
    }
}

/// The whole number at or above (`up`) or at or below a decimal.
fn whole(d: Decimal, up: bool) -> Decimal {
    let Some(p) = 10i128.checked_pow(d.scale) else {
        return Decimal::zero();
    };
    let (q, r) = (d.mantissa.div_euclid(p), d.mantissa.rem_euclid(p));
    Decimal::from_int(if up && r != 0 { q + 1 } else { q })
}

/// The shape of a written figure: its form and the one or two number texts in it (a range's
/// lower end carries the upper end's unit when it has none: "40-50%" → "40%", "50%").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    One(Written, String),
    Range(String, String),
}

/// The forms other than a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Exact,
    About,
    Over,
    AtLeast,
    AtMost,
}

const ABOUT_PREFIX: &[&str] = &["大约", "大概", "将近", "接近", "约", "近"];
const ABOUT_SUFFIX: &[&str] = &["左右", "上下"];
const AT_LEAST_PREFIX: &[&str] = &[
    "超过",
    "多于",
    "高于",
    "大于",
    "不少于",
    "不低于",
    "不小于",
    "逾",
];
const AT_LEAST_SUFFIX: &[&str] = &["以上"];
const AT_MOST_PREFIX: &[&str] = &[
    "不到",
    "不足",
    "少于",
    "低于",
    "小于",
    "不超过",
    "不高于",
    "不大于",
];
const AT_MOST_SUFFIX: &[&str] = &["以下", "以内"];
const RANGE_SEPARATORS: &[char] = &['-', '–', '—', '~', '～', '至', '到'];

/// Splits a written figure into its form and number text(s); an exact figure is returned as
/// written.
pub fn shape(text: &str) -> Shape {
    let t = text.trim();
    for (prefixes, suffixes, w) in [
        (ABOUT_PREFIX, ABOUT_SUFFIX, Written::About),
        (AT_LEAST_PREFIX, AT_LEAST_SUFFIX, Written::AtLeast),
        (AT_MOST_PREFIX, AT_MOST_SUFFIX, Written::AtMost),
    ] {
        for p in prefixes {
            if let Some(rest) = t.strip_prefix(p)
                && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            {
                return Shape::One(w, rest.trim().to_string());
            }
        }
        for s in suffixes {
            if let Some(rest) = t.strip_suffix(s)
                && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            {
                return Shape::One(w, rest.trim().to_string());
            }
        }
    }
    // 余/多 right after the number or after 万/亿: "1600余", "1200多万元", "1.2亿余元".
    if let Some(i) = t.find(['余', '多'])
        && t[..i]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
        && t[..i]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit() || c == '万' || c == '亿')
    {
        let len = '余'.len_utf8();
        let rest = format!("{}{}", &t[..i], &t[i + len..]);
        return Shape::One(Written::Over, rest.trim().to_string());
    }
    // A range: a separator with a number on each side ("-" after a digit, %, or unit only).
    for (i, c) in t.char_indices() {
        if !RANGE_SEPARATORS.contains(&c) || i == 0 {
            continue;
        }
        let (a, b) = (t[..i].trim(), t[i + c.len_utf8()..].trim());
        let a_ok = a.chars().last().is_some_and(|x| {
            x.is_ascii_digit() || x == '%' || x == '％' || x == '元' || x == '万' || x == '亿'
        }) && a.starts_with(|x: char| x.is_ascii_digit());
        let b_ok = b.starts_with(|x: char| x.is_ascii_digit());
        if a_ok && b_ok {
            let unit = b.trim_start_matches(|x: char| x.is_ascii_digit() || x == '.' || x == ',');
            let lo = if a.ends_with(|x: char| x.is_ascii_digit()) {
                format!("{a}{unit}")
            } else {
                a.to_string()
            };
            return Shape::Range(lo, b.to_string());
        }
    }
    Shape::One(Written::Exact, t.to_string())
}

/// A figure as written, for pages in English: the form in words, the numbers as written.
pub fn english(written: &str, form: &Form) -> String {
    if *form == Form::Exact {
        return written.to_string();
    }
    english_words(written)
}

/// Any written figure in English words, its numbers as written: "约1600" → "about 1600".
pub fn english_words(written: &str) -> String {
    match shape(written) {
        Shape::One(Written::Exact, _) => written.to_string(),
        Shape::One(Written::About, n) => format!("about {n}"),
        Shape::One(Written::Over, n) => format!("over {n}"),
        Shape::One(Written::AtLeast, n) => format!("at least {n}"),
        Shape::One(Written::AtMost, n) => format!("at most {n}"),
        Shape::Range(a, b) => format!("{a} to {b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, MoneyUnit, Percent};

    fn count_bounds(text: &str) -> (Option<i128>, Option<i128>) {
        let (form, v) = match shape(text) {
            Shape::One(w, n) => (
                match w {
                    Written::Exact => Form::Exact,
                    Written::About => Form::About,
                    Written::Over => Form::Over,
                    Written::AtLeast => Form::AtLeast,
                    Written::AtMost => Form::AtMost,
                },
                Value::Count(n.parse().unwrap()),
            ),
            Shape::Range(a, b) => (
                Form::Range(Value::Count(b.parse().unwrap())),
                Value::Count(a.parse().unwrap()),
            ),
        };
        let b = bounds(&v, &form);
        (b.lo.map(|d| d.mantissa), b.hi.map(|d| d.mantissa))
    }

    #[test]
    fn counts_take_the_interval_their_words_give() {
        assert_eq!(count_bounds("321"), (Some(321), Some(321)));
        assert_eq!(count_bounds("约1600"), (Some(1550), Some(1650)));
        assert_eq!(count_bounds("1600左右"), (Some(1550), Some(1650)));
        assert_eq!(count_bounds("1600余"), (Some(1600), Some(1700)));
        assert_eq!(count_bounds("10多"), (Some(10), Some(20)));
        assert_eq!(count_bounds("超过50"), (Some(50), None));
        assert_eq!(count_bounds("50以上"), (Some(50), None));
        assert_eq!(count_bounds("不足10"), (Some(0), Some(10)));
        assert_eq!(count_bounds("3至5"), (Some(3), Some(5)));
        assert_eq!(count_bounds("3-5"), (Some(3), Some(5)));
    }

    #[test]
    fn ranges_carry_the_upper_ends_unit_to_a_bare_lower_end() {
        assert_eq!(shape("40-50%"), Shape::Range("40%".into(), "50%".into()));
        assert_eq!(shape("40%～50%"), Shape::Range("40%".into(), "50%".into()));
        assert_eq!(
            shape("1.2~1.5亿元"),
            Shape::Range("1.2亿元".into(), "1.5亿元".into())
        );
        // A negative number is not a range.
        assert_eq!(shape("-3%"), Shape::One(Written::Exact, "-3%".into()));
        assert_eq!(
            shape("1200多万元"),
            Shape::One(Written::Over, "1200万元".into())
        );
        assert_eq!(
            shape("1.2亿余元"),
            Shape::One(Written::Over, "1.2亿元".into())
        );
    }

    #[test]
    fn amounts_and_rates_widen_by_their_last_digit() {
        let m = Money::parse("1200万元", MoneyUnit::Wan).unwrap();
        let b = bounds(&Value::Money(m), &Form::Over);
        assert_eq!(b.lo, Some(Decimal::from_int(1_200 * 1_000_000)));
        assert_eq!(b.hi, Some(Decimal::from_int(1_300 * 1_000_000)));
        let p = Percent::parse("40%").unwrap();
        let b = bounds(&Value::Percent(p), &Form::About);
        assert_eq!(b.lo, Some(Decimal::from_int(35)));
        assert_eq!(b.hi, Some(Decimal::from_int(45)));
        let r = bounds(
            &Value::Percent(p),
            &Form::Range(Value::Percent(Percent::parse("50%").unwrap())),
        );
        assert!(r.contains(Decimal::from_int(45)) && !r.contains(Decimal::from_int(51)));
    }
}
