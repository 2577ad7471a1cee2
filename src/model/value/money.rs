//! Money: exact integer 分 that remembers the unit (元, 万元, 亿元) and the
//! decimals it was stated with, so a stated figure can be reconciled with a
//! computed one within its rounding tolerance; parsing, tolerance and display
//! with digit grouping. Re-exported from [`super`]. No I/O here.

use super::{Decimal, ValueError, normalize, number_error, parse_number, pow10};
use crate::said;

/// The unit a money amount is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoneyUnit {
    Yuan,
    Wan,
    Yi,
}

impl MoneyUnit {
    /// Number of decimal digits between 分 and this unit.
    fn digits(self) -> u32 {
        match self {
            MoneyUnit::Yuan => 2,
            MoneyUnit::Wan => 6,
            MoneyUnit::Yi => 10,
        }
    }

    /// 分 in one of this unit: 100, 1_000_000, 10_000_000_000.
    pub fn fen_factor(self) -> i128 {
        10i128.pow(self.digits())
    }

    pub fn zh(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }

    /// `"元"`, `"万元"` or `"亿元"` (trimmed).
    pub fn parse(s: &str) -> Option<MoneyUnit> {
        [MoneyUnit::Yuan, MoneyUnit::Wan, MoneyUnit::Yi]
            .into_iter()
            .find(|u| u.zh() == s.trim())
    }
}

/// Largest amount accepted: 10^15 元, in 分.
const MAX_FEN: i128 = 100_000_000_000_000_000;

/// Exact money as integer 分, remembering how it was stated (unit and decimals) for tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub fen: i128,
    pub unit: MoneyUnit,
    pub decimals: u32,
}

impl Money {
    /// Parses `"2453.5万元"`, `"1.34亿元"`, `"36560元"`, or a bare number in `default_unit`.
    pub fn parse(s: &str, default_unit: MoneyUnit) -> Result<Money, ValueError> {
        let example = || {
            said!(
                "写一个带单位的金额，如 \"2453.5万元\"",
                "write an amount like \"2453.5万元\""
            )
        };
        let t = normalize(s);
        if t.is_empty() {
            return Err(ValueError::new(
                said!("金额是空的", "the amount of money is empty"),
                example(),
            ));
        }
        let (num, unit) = split_unit(&t, default_unit)?;
        let num = num.trim();
        let u = unit.zh();
        if let Some(pos) = num.strip_prefix('-') {
            let msg = said!(
                "\"{t}\" 是负数，金额不能是负数",
                "\"{t}\" is negative; amounts of money cannot be negative"
            );
            let pos = pos.trim();
            return Err(ValueError::new(
                msg,
                said!("写成 \"{pos}{u}\"", "write \"{pos}{u}\""),
            ));
        }
        let d = parse_number(num)
            .map_err(|e| number_error(&t, ["金额", "amount of money"], e, u, example()))?;
        let fen = to_fen(&t, d, unit)?;
        Ok(Money {
            fen,
            unit,
            decimals: d.scale,
        })
    }

    /// An exact computed amount: unit 元, 2 decimals (tolerance 0).
    pub fn from_fen(fen: i128) -> Money {
        Money {
            fen,
            unit: MoneyUnit::Yuan,
            decimals: 2,
        }
    }

    /// Half of one unit of the last stated digit, in 分, rounded down: `"0.14亿元"` → 50_000_000.
    pub fn tolerance_fen(&self) -> i128 {
        pow10(self.decimals).map_or(0, |p| self.unit.fen_factor() / p / 2)
    }

    /// Whether a computed amount rounds to this stated one: `|fen - computed| <= tolerance`.
    pub fn matches(&self, computed_fen: i128) -> bool {
        self.fen
            .checked_sub(computed_fen)
            .and_then(i128::checked_abs)
            .is_some_and(|d| d <= self.tolerance_fen())
    }

    /// The exact value in `unit`, trailing zeros removed: 2453.5万元 in 亿元 is `0.24535`.
    pub fn as_decimal_in(&self, unit: MoneyUnit) -> Decimal {
        Decimal::new(self.fen, unit.digits()).normalized()
    }

    /// Rounded half away from zero, `,`-grouped: `"12,345.60万元"`.
    pub fn format(&self, unit: MoneyUnit, decimals: u32) -> String {
        group(&self.as_decimal_in(unit).to_fixed(decimals)) + unit.zh()
    }

    /// Decimals needed to write this amount exactly in `unit`: 14557万元 in 万元 is 0, 2453.5万元
    /// is 1, 36560元 in 万元 is 3.
    pub fn exact_decimals(&self, unit: MoneyUnit) -> u32 {
        self.as_decimal_in(unit).scale
    }

    /// Exactly, `,`-grouped, with at least `decimals` decimals: `"14,557.00万元"`.
    pub fn format_exact(&self, unit: MoneyUnit, decimals: u32) -> String {
        self.format(unit, decimals.max(self.exact_decimals(unit)))
    }

    /// From 1亿元 up `"1.34亿元"`; below, 万元 with at most 2 decimals: `"2,453.5万元"`, `"0万元"`.
    pub fn format_auto(&self) -> String {
        if self.fen.unsigned_abs() >= MoneyUnit::Yi.fen_factor().unsigned_abs() {
            return self.format(MoneyUnit::Yi, 2);
        }
        group(
            &self
                .as_decimal_in(MoneyUnit::Wan)
                .round(2)
                .normalized()
                .to_string(),
        ) + "万元"
    }
}

/// The number and the unit of an amount as written (`t` normalised): `万元`, `亿元`, `元`, or
/// none (the default unit); `万`/`亿` without `元` is an error that says what to write.
fn split_unit(t: &str, default_unit: MoneyUnit) -> Result<(&str, MoneyUnit), ValueError> {
    if let Some(r) = t.strip_suffix('元') {
        let r = r.trim_end();
        return Ok(if let Some(r) = r.strip_suffix('万') {
            (r, MoneyUnit::Wan)
        } else if let Some(r) = r.strip_suffix('亿') {
            (r, MoneyUnit::Yi)
        } else {
            (r, MoneyUnit::Yuan)
        });
    }
    if let Some(r) = t.strip_suffix('万').or_else(|| t.strip_suffix('亿')) {
        let fixed = format!("{}{}元", r.trim_end(), &t[r.len()..]);
        let msg = said!(
            "\"{t}\" 缺少“元”：“万”“亿”后面要写“元”",
            "\"{t}\" has no currency: 万 and 亿 must be followed by 元"
        );
        return Err(ValueError::new(
            msg,
            said!("写成 \"{fixed}\"", "write \"{fixed}\""),
        ));
    }
    Ok((t, default_unit))
}

/// The amount `d` in `unit` as whole 分: an error when finer than 1 分 or over 10^15 元.
fn to_fen(t: &str, d: Decimal, unit: MoneyUnit) -> Result<i128, ValueError> {
    let u = unit.zh();
    let too_big = || {
        let msg = said!("\"{t}\" 超过 10^15 元", "\"{t}\" is more than 10^15 元");
        ValueError::new(
            msg,
            said!(
                "核对数字和单位（元、万元或亿元）",
                "check the number and its unit (元, 万元 or 亿元)"
            ),
        )
    };
    let scaled = d
        .mantissa
        .checked_mul(unit.fen_factor())
        .ok_or_else(too_big)?;
    let div = pow10(d.scale).ok_or_else(too_big)?;
    if scaled % div != 0 {
        let rounded = d.to_fixed(unit.digits().min(d.scale));
        let msg = said!(
            "\"{t}\" 精确到了分以下（最小单位是 1 分，即 0.01元）",
            "\"{t}\" is more precise than 1 分 (0.01元)"
        );
        let hint = said!(
            "四舍五入到分，如写成 \"{rounded}{u}\"",
            "round to whole 分, e.g. write \"{rounded}{u}\""
        );
        return Err(ValueError::new(msg, hint));
    }
    let fen = scaled / div;
    if fen > MAX_FEN {
        return Err(too_big());
    }
    Ok(fen)
}

/// Inserts `,` every three digits of the integer part of a formatted number.
fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Sum of moneys in 分. Saturates at the `i128` limits, which parsed amounts (≤ 10^17 分 each) cannot reach.
pub fn sum_fen<'a>(it: impl IntoIterator<Item = &'a Money>) -> i128 {
    it.into_iter()
        .fold(0i128, |acc, m| acc.saturating_add(m.fen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MoneyUnit::{Wan, Yi, Yuan};

    fn m(s: &str) -> Money {
        Money::parse(s, Wan).expect(s)
    }

    fn err(s: &str) -> ValueError {
        Money::parse(s, Wan).expect_err(s)
    }

    #[test]
    fn units() {
        assert_eq!(Wan.fen_factor(), 1_000_000);
        assert_eq!((Yuan.fen_factor(), Yi.fen_factor()), (100, 10_000_000_000));
        assert_eq!(MoneyUnit::parse(" 亿元 "), Some(Yi));
        assert_eq!((MoneyUnit::parse("万"), Wan.zh()), (None, "万元"));
    }

    #[test]
    fn parses_every_form() {
        let fields = |s| (m(s).fen, m(s).unit, m(s).decimals);
        assert_eq!(fields("2453.5万元"), (2_453_500_000, Wan, 1));
        assert_eq!(fields("1.34亿元"), (13_400_000_000, Yi, 2));
        assert_eq!(fields("36560元"), (3_656_000, Yuan, 0));
        assert_eq!(fields("135.5"), (135_500_000, Wan, 1));
        assert_eq!(Money::parse("135.5", Yuan).unwrap().fen, 13_550);
        assert_eq!(fields("１２万元"), (12_000_000, Wan, 0));
        assert_eq!(fields(" 12 万元 "), (12_000_000, Wan, 0));
        assert_eq!(fields("12\u{3000}万元"), (12_000_000, Wan, 0));
        assert_eq!(fields("0.01元"), (1, Yuan, 2));
        assert_eq!(fields("1.000元"), (100, Yuan, 3));
        assert_eq!(fields("0万元"), (0, Wan, 0));
        assert_eq!(m("10000000亿元").fen, 100_000_000_000_000_000);
    }

    #[test]
    fn rejections_are_explained() {
        assert_eq!(err("12万").hint.en(), "write \"12万元\"");
        assert!(err("12万").message.en().contains("元"));
        assert_eq!(err("3.5 亿").hint.en(), "write \"3.5亿元\"");
        assert_eq!(err("1,000万元").hint.en(), "write \"1000万元\"");
        assert_eq!(err("-5万元").hint.en(), "write \"5万元\"");
        assert!(err("-5万元").message.en().contains("negative"));
        assert_eq!(err("1e3元").hint.en(), "write \"1000元\"");
        let e = err("0.001元");
        assert!(
            e.message.en().contains("1 分") && e.hint.en().contains("\"0.00元\""),
            "{e}"
        );
        assert!(err("10000001亿元").message.en().contains("10^15"));
        assert!(
            err(&format!("{}亿元", "9".repeat(29)))
                .message
                .en()
                .contains("10^15")
        );
        for bad in [
            "",
            "abc",
            "元",
            "万元",
            "12块",
            "1.2.3万元",
            "NaN元",
            &"9".repeat(400),
        ] {
            let e = err(bad);
            assert!(
                e.message.en().len() > 5 && e.hint.en().starts_with("write"),
                "{bad}: {e}"
            );
        }
        assert_eq!(err("abc").hint.en(), "write an amount like \"2453.5万元\"");
    }

    #[test]
    fn tolerance_is_half_the_last_stated_digit() {
        assert_eq!(m("0.14亿元").tolerance_fen(), 50_000_000);
        assert_eq!(m("36560元").tolerance_fen(), 50);
        assert_eq!(m("2453.5万元").tolerance_fen(), 50_000);
        assert_eq!(m("28.4").tolerance_fen(), 50_000);
        assert_eq!(Money::from_fen(7).tolerance_fen(), 0);
        assert!(m("0.14亿元").matches(1_365_000_000)); // 1365万元
        assert!(m("0.14亿元").matches(1_450_000_000) && !m("0.14亿元").matches(1_450_000_001));
        assert!(!m("2453.5万元").matches(2_453_700_000)); // 2453.7万元
        assert!(m("2453.5万元").matches(2_453_540_000));
        assert!(Money::from_fen(7).matches(7) && !Money::from_fen(7).matches(8));
        assert!(!Money::from_fen(i128::MAX).matches(-1));
    }

    #[test]
    fn formats_with_grouping_and_rounding() {
        assert_eq!(m("12345.6万元").format(Wan, 2), "12,345.60万元");
        assert_eq!(m("12345.6万元").format(Yuan, 0), "123,456,000元");
        assert_eq!(m("2453.5万元").format(Yi, 4), "0.2454亿元");
        assert_eq!(m("2453.5万元").as_decimal_in(Yi).to_string(), "0.24535");
        assert_eq!(m("0.125万元").format(Wan, 2), "0.13万元");
        assert_eq!(Money::from_fen(-1_250_000).format(Wan, 1), "-1.3万元");
        assert_eq!(
            Money::from_fen(-123_456_789).format(Yuan, 2),
            "-1,234,567.89元"
        );
        assert_eq!(Money::from_fen(99_999).format(Yuan, 2), "999.99元");
        let min = "-17,014,118,346,046,923,173,168,730,372亿元";
        assert_eq!(Money::from_fen(i128::MIN).format(Yi, 0), min);
    }

    #[test]
    fn format_exact_never_rounds() {
        assert_eq!(m("1.4557亿元").format_exact(Wan, 2), "14,557.00万元");
        assert_eq!(m("36560元").format_exact(Wan, 2), "3.656万元");
        assert_eq!(m("36560元").exact_decimals(Wan), 3);
        assert_eq!(m("14557万元").exact_decimals(Wan), 0);
        assert_eq!(Money::from_fen(1).format_exact(Yuan, 0), "0.01元");
    }

    #[test]
    fn format_auto_picks_the_unit() {
        assert_eq!(m("1.34亿元").format_auto(), "1.34亿元");
        assert_eq!(m("1亿元").format_auto(), "1.00亿元");
        assert_eq!(m("2453.5万元").format_auto(), "2,453.5万元");
        assert_eq!(m("365600元").format_auto(), "36.56万元");
        assert_eq!(m("500元").format_auto(), "0.05万元");
        assert_eq!(m("36560元").format_auto(), "3.66万元");
        assert_eq!(m("9999.99万元").format_auto(), "9,999.99万元");
        assert_eq!(Money::from_fen(0).format_auto(), "0万元");
        assert_eq!(Money::from_fen(-1).format_auto(), "0万元");
        assert_eq!(Money::from_fen(-20_000_000_000).format_auto(), "-2.00亿元");
    }

    #[test]
    fn sums() {
        let all = [m("1.34亿元"), m("2453.5万元"), m("36560元")];
        assert_eq!(sum_fen(&all), 13_400_000_000 + 2_453_500_000 + 3_656_000);
        assert_eq!(sum_fen(&[]), 0);
        assert_eq!(
            sum_fen(&[Money::from_fen(i128::MAX), Money::from_fen(1)]),
            i128::MAX
        );
    }

    #[test]
    fn round_trips_over_a_deterministic_range() {
        for i in 0..4000i128 {
            let fen = (i * 7_919_317) % 1_000_000_000_000;
            let s = format!("{}.{:02}元", fen / 100, fen % 100);
            let y = Money::parse(&s, Wan).expect(&s);
            assert_eq!((y.fen, y.unit, y.decimals), (fen, Yuan, 2), "{s}");
            assert_eq!(y.format(Yuan, 2).replace(',', ""), s);
            let w = Decimal::new(i * 37, 2);
            let s = format!("{w}万元");
            let x = Money::parse(&s, Yuan).expect(&s);
            assert_eq!(x.fen, i * 370_000, "{s}");
            assert_eq!(x.format(Wan, 2).replace(',', ""), s);
            let auto = Money::parse(&y.format_auto().replace(',', ""), Yuan).unwrap();
            assert!(auto.matches(fen), "{} vs {fen}", y.format_auto());
        }
    }
}
