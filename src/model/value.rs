//! Scalar values of gongkai records: exact decimals, money (integer 分 that
//! remembers the unit and decimals it was stated in, so a stated figure can be
//! reconciled with a computed one within its rounding tolerance), percentages,
//! months, dates, counts and record ids. Parsers accept full-width digits and
//! spaces and return a plain-English [`ValueError`] whose hint says what to
//! write instead. Arithmetic is exact `i128` integer arithmetic with checked
//! overflow; nothing here panics or uses floating point. No I/O here.
//!
//! Decimals live in the child module `value/decimal.rs`, money in `value/money.rs`, months,
//! dates and ids in `value/text.rs`; all are re-exported here, so every type is `value::X`.

mod decimal;
mod money;
mod text;

pub use decimal::*;

pub use money::{Money, MoneyUnit, sum_fen};
pub use text::{Month, parse_date, validate_id};

use crate::diag::Said;
use crate::said;
use std::fmt;
use std::hash::Hash;

/// A problem with a value, for a diagnostic, in Chinese and in English. `message` says what is
/// wrong, `hint` what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    pub message: ValueText,
    pub hint: ValueText,
    /// A hint that does not depend on the value written (the values an enumeration allows):
    /// shown instead of `hint` in a record that withholds content.
    pub public_hint: Option<Said>,
}

impl ValueError {
    pub fn new(message: impl Into<Said>, hint: impl Into<Said>) -> Self {
        ValueError {
            message: ValueText(message.into()),
            hint: ValueText(hint.into()),
            public_hint: None,
        }
    }

    /// With a hint that may be shown in a record that withholds content.
    pub fn public(mut self, hint: Said) -> Self {
        self.public_hint = Some(hint);
        self
    }
}

/// A value error's message or hint, in both languages (a [`Said`], which it dereferences to).
/// Formatted with `{}` it gives the English text, as value errors read before they were said
/// in two languages: a caller that builds a message of its own from it should say it in both
/// languages with [`Said::map`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueText(pub Said);

impl std::ops::Deref for ValueText {
    type Target = Said;
    fn deref(&self) -> &Said {
        &self.0
    }
}

impl From<ValueText> for Said {
    fn from(t: ValueText) -> Said {
        t.0
    }
}

impl fmt::Display for ValueText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.en())
    }
}

impl fmt::Display for ValueError {
    /// The English text (for test failures and logs of programmers).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message.en(), self.hint.en())
    }
}

impl std::error::Error for ValueError {}

/// A percentage as written, in percent points: `Percent(27.54)` is `"27.54%"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percent(pub Decimal);

impl Percent {
    /// Parses `"27.54%"` (also `％`, spaces, negative values); the sign is required.
    pub fn parse(s: &str) -> Result<Percent, ValueError> {
        let t = normalize(s);
        if t.is_empty() {
            return Err(ValueError::new(
                said!("百分比是空的", "the percentage is empty"),
                percent_example(),
            ));
        }
        let Some(num) = t.strip_suffix('%') else {
            let msg = said!("\"{t}\" 没有百分号 %", "\"{t}\" has no % sign");
            let hint = match parse_number(&t) {
                Ok(d) => said!("写成 \"{d}%\"", "write \"{d}%\""),
                Err(_) => percent_example(),
            };
            return Err(ValueError::new(msg, hint));
        };
        parse_number(num.trim())
            .map(Percent)
            .map_err(|e| number_error(&t, ["百分比", "percentage"], e, "%", percent_example()))
    }

    /// Half a unit of the last stated digit, in percent points: `"28.4%"` → 0.05.
    pub fn tolerance(&self) -> Decimal {
        Decimal::new(5, self.0.scale.saturating_add(1))
    }

    /// Whether a computed percentage (in percent points) rounds to this stated one.
    pub fn matches(&self, computed: Decimal) -> bool {
        self.0
            .sub(computed)
            .and_then(Decimal::abs)
            .is_some_and(|d| d <= self.tolerance())
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// `part / whole × 100`, rounded half away from zero to `scale` decimals; `None` if `whole` is 0.
pub fn percent_of(part: i128, whole: i128, scale: u32) -> Option<Decimal> {
    Decimal::from_int(part.checked_mul(100)?).div(Decimal::from_int(whole), scale)
}

fn percent_example() -> Said {
    said!(
        "写一个百分比，如 \"27.54%\"",
        "write a percentage like \"27.54%\""
    )
}

/// Parses a whole number of zero or more: `"86"`.
pub fn parse_count(s: &str) -> Result<u64, ValueError> {
    let example = || {
        said!(
            "写一个大于或等于 0 的整数，如 \"86\"",
            "write a whole number of zero or more, like \"86\""
        )
    };
    let t = normalize(s);
    if t.is_empty() {
        return Err(ValueError::new(
            said!("个数是空的", "the count is empty"),
            example(),
        ));
    }
    let d = parse_number(&t).map_err(|e| number_error(&t, ["个数", "count"], e, "", example()))?;
    if d.is_negative() {
        return Err(ValueError::new(
            said!(
                "\"{t}\" 是负数，个数不能是负数",
                "\"{t}\" is negative; a count cannot be"
            ),
            example(),
        ));
    }
    if d.scale > 0 {
        let whole = d.normalized();
        let hint = if whole.scale == 0 {
            said!("写成 \"{whole}\"", "write \"{whole}\"")
        } else {
            example()
        };
        return Err(ValueError::new(
            said!("\"{t}\" 不是整数", "\"{t}\" is not a whole number"),
            hint,
        ));
    }
    u64::try_from(d.mantissa).map_err(|_| {
        ValueError::new(
            said!(
                "\"{t}\" 太大了，不像一个个数",
                "\"{t}\" is too large for a count"
            ),
            example(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).expect(s)
    }

    /// The hint for a rejected number.
    fn hint(s: &str) -> String {
        Decimal::parse(s).expect_err(s).hint.en().to_string()
    }

    #[test]
    fn decimal_parses_and_displays_as_stated() {
        assert_eq!(d("86"), Decimal::new(86, 0));
        assert_eq!(d("-3"), Decimal::from_int(-3));
        assert_eq!((d("98.50").mantissa, d("98.50").scale), (9850, 2));
        assert_eq!(d("98.50").to_string(), "98.50");
        assert_eq!(d("0.5").to_string(), "0.5");
        assert_eq!(d("-0.05").to_string(), "-0.05");
        assert_eq!(d(" １２．５\u{3000}").to_string(), "12.5");
        assert_eq!(d("0.000000000001"), Decimal::new(1, 12));
    }

    #[test]
    fn decimal_rejections_say_what_to_write() {
        assert_eq!(hint("1,000"), "write \"1000\"");
        assert_eq!(hint(".5"), "write \"0.5\"");
        assert_eq!(hint("5."), "write \"5\"");
        assert_eq!(hint("+3"), "write \"3\"");
        assert_eq!(hint("1e5"), "write \"100000\"");
        assert_eq!(hint("-1.5E-2"), "write \"-0.015\"");
        let e = Decimal::parse("1,000").unwrap_err();
        assert!(
            e.message.en().contains("\"1,000\"") && e.message.en().contains("commas"),
            "{e}"
        );
        for bad in [
            "", "  ", "NaN", "inf", "abc", "1.2.3", "--1", "1 000", "1e99999",
        ] {
            let e = Decimal::parse(bad).expect_err(bad);
            assert!(
                !e.message.en().is_empty() && e.hint.en().starts_with("write"),
                "{bad}: {e}"
            );
        }
        let e = Decimal::parse("0.1234567890123").unwrap_err();
        assert!(e.message.en().contains("12 decimal places"), "{e}");
        assert!(Decimal::parse(&"9".repeat(31)).is_err());
        assert!(Decimal::parse(&"9".repeat(5000)).is_err());
        assert!(Decimal::parse(&"+".repeat(5000)).is_err());
    }

    #[test]
    fn decimal_equality_hash_and_order_across_scales() {
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("0.00"), Decimal::zero());
        assert_ne!(d("1.05"), d("1.5"));
        let set: HashSet<Decimal> = [d("1.50"), d("1.5"), d("1.500"), d("2")].into();
        assert_eq!(set.len(), 2);
        assert!(d("0.999") < d("1"));
        assert!(d("-1.5") < d("-1.49"));
        assert!(d("10") > d("9.99999"));
        assert!(d("-0.001") < Decimal::zero());
        let tiny = Decimal::new(1, 4_000_000_000);
        assert!(Decimal::zero() < tiny && tiny < Decimal::new(1, 38));
        assert!(Decimal::new(i128::MAX, 0) > Decimal::new(i128::MAX, 1));
        assert!(Decimal::new(i128::MIN, 0) < Decimal::new(-1, 50));
        assert_eq!(d("3").min(d("2.99")), d("2.99"));
        assert_eq!(d("-2.5").abs(), Some(d("2.5")));
        assert_eq!(Decimal::new(i128::MIN, 0).abs(), None);
    }

    #[test]
    fn decimal_arithmetic_is_exact_and_checked() {
        assert_eq!(d("0.1").add(d("0.2")), Some(d("0.3")));
        assert_eq!(d("1").sub(d("1.25")), Some(d("-0.25")));
        assert_eq!(d("1.5").mul(d("-0.2")), Some(d("-0.3")));
        let max = Decimal::from_int(i128::MAX);
        assert_eq!(max.add(Decimal::from_int(1)), None);
        assert_eq!(Decimal::from_int(i128::MIN).sub(Decimal::from_int(1)), None);
        assert_eq!(max.mul(Decimal::from_int(2)), None);
        assert_eq!(Decimal::new(1, 0).add(Decimal::new(1, 60)), None);
    }

    #[test]
    fn div_rounds_half_away_from_zero() {
        // 30 / 32 × 15 = 450 / 32 = 14.0625
        let q = |a: i128, b: i128, s| Decimal::from_int(a).div(Decimal::from_int(b), s);
        assert_eq!(q(450, 32, 2).map(|x| x.to_string()), Some("14.06".into()));
        assert_eq!(q(450, 32, 3).map(|x| x.to_string()), Some("14.063".into()));
        assert_eq!(q(-450, 32, 3), Some(d("-14.063")));
        assert_eq!(q(450, -32, 4), Some(d("-14.0625")));
        assert_eq!(q(1, 0, 2), None);
        assert_eq!(d("7.5").div(d("0.25"), 0), Some(d("30")));
        assert_eq!(d("1").div(d("3"), 0), Some(d("0")));
        assert_eq!(Decimal::new(i128::MAX, 0).div(d("0.1"), 0), None);
        assert_eq!(
            Decimal::new(i128::MIN, 0).div(Decimal::from_int(-1), 0),
            None
        );
        assert_eq!(Decimal::new(1, 0).div(Decimal::new(1, 0), u32::MAX), None);
    }

    #[test]
    fn round_and_to_fixed() {
        assert_eq!(d("2.5").round(0), d("3"));
        assert_eq!(d("-2.5").round(0), d("-3"));
        assert_eq!(d("2.449").round(1), d("2.4"));
        assert_eq!(d("2.45").round(1), d("2.5"));
        assert_eq!(d("1.5").round(3).to_string(), "1.5");
        assert_eq!(Decimal::new(i128::MIN, 50).round(0), Decimal::zero());
        assert_eq!(d("27.5382").to_fixed(2), "27.54");
        assert_eq!(d("3").to_fixed(2), "3.00");
        assert_eq!(d("1.5").to_fixed(3), "1.500");
        assert_eq!(d("-0.004").to_fixed(2), "0.00");
        assert_eq!(d("0.125").to_fixed(0), "0");
        assert_eq!(d("0.5").to_fixed(0), "1");
    }

    #[test]
    fn percent_parses_and_matches_within_half_a_last_digit() {
        let p = Percent::parse("27.54%").unwrap();
        assert_eq!((p.0, p.to_string()), (d("27.54"), "27.54%".to_string()));
        assert_eq!(Percent::parse(" 27.54 ％ ").unwrap(), p);
        assert_eq!(Percent::parse("-3%").unwrap().to_string(), "-3%");
        assert_eq!(
            Percent::parse("27.54").unwrap_err().hint.en(),
            "write \"27.54%\""
        );
        assert_eq!(
            Percent::parse("1,5%").unwrap_err().hint.en(),
            "write \"15%\""
        );
        assert!(Percent::parse("%").is_err() && Percent::parse("").is_err());
        assert!(
            Percent::parse("abc")
                .unwrap_err()
                .hint
                .en()
                .contains("27.54%")
        );
        let p = Percent::parse("28.4%").unwrap();
        assert_eq!(p.tolerance(), d("0.05"));
        assert!(p.matches(d("28.42")) && p.matches(d("28.45")) && p.matches(d("28.35")));
        assert!(!p.matches(d("28.46")) && !p.matches(d("28.34")));
        assert!(!p.matches(Decimal::new(i128::MIN, 0)));
    }

    #[test]
    fn percent_of_rounds() {
        assert_eq!(percent_of(67565, 245350, 2), Some(d("27.54")));
        assert_eq!(percent_of(13300, 46800, 2), Some(d("28.42")));
        // 675.65万元 of 2453.5万元, in 分
        assert_eq!(
            percent_of(6_756_500_000, 24_535_000_000, 2),
            Some(d("27.54"))
        );
        assert_eq!(percent_of(1, 8, 1), Some(d("12.5")));
        assert_eq!(percent_of(-1, 8, 0), Some(d("-13")));
        assert_eq!(percent_of(2, 3, 0), Some(d("67")));
        assert_eq!(percent_of(1, 0, 2), None);
        assert_eq!(percent_of(i128::MAX, 1, 2), None);
    }

    #[test]
    fn counts_are_whole_and_non_negative() {
        assert_eq!(parse_count("86"), Ok(86));
        assert_eq!(parse_count(" ８６ "), Ok(86));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("86.0").unwrap_err().hint.en(), "write \"86\"");
        assert_eq!(parse_count("1e3").unwrap_err().hint.en(), "write \"1000\"");
        let e = parse_count("1.5").unwrap_err();
        assert!(
            e.message.en().contains("whole number") && e.hint.en().contains("86"),
            "{e}"
        );
        assert!(
            parse_count("-1")
                .unwrap_err()
                .message
                .en()
                .contains("negative")
        );
        assert!(
            parse_count("18446744073709551616")
                .unwrap_err()
                .message
                .en()
                .contains("too large")
        );
        assert!(parse_count("").is_err() && parse_count("many").is_err());
    }

    #[test]
    fn value_error_displays_message_and_hint() {
        let e = ValueError::new(
            Said::new("\"x\" 不对", "\"x\" is wrong"),
            Said::new("写 \"y\"", "write \"y\""),
        );
        assert_eq!(e.to_string(), "\"x\" is wrong; write \"y\"");
    }
}
