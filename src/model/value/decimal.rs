//! Exact decimals: parsing (full-width digits and spaces, exponents, grouping commas refused
//! with a hint), arithmetic on `i128` with checked overflow, comparison and display. No floating
//! point, no I/O here.

use super::ValueError;
use crate::diag::Said;
use crate::said;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Most decimal places any parser accepts.
pub const MAX_DECIMALS: u32 = 12;
/// Most significant digits any parser accepts (keeps every parsed value far from `i128` limits).
pub(super) const MAX_DIGITS: usize = 30;

pub(super) fn pow10(k: u32) -> Option<i128> {
    10i128.checked_pow(k)
}

/// Full-width ASCII forms (digits, ．－％，) become ASCII, the ideographic space a space; trimmed.
pub(crate) fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    mapped.trim().to_string()
}

/// Why a number did not parse, and the corrected number when one can be derived.
pub(super) struct NumErr {
    /// Why, in Chinese and in English.
    reason: [&'static str; 2],
    fix: Option<String>,
}

pub(super) const NOT_A_NUMBER: [&str; 2] = ["这不是一个数", "it is not a number"];

pub(super) fn num_err(reason: [&'static str; 2], fix: Option<Decimal>) -> NumErr {
    NumErr {
        reason,
        fix: fix.map(|d| d.to_string()),
    }
}

/// Strict form only: digits, optionally `.` and more digits.
pub(super) fn plain(neg: bool, body: &str) -> Result<Decimal, NumErr> {
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (frac.is_empty() && body.contains('.')) {
        return Err(num_err(NOT_A_NUMBER, None));
    }
    if frac.len() > MAX_DECIMALS as usize {
        return Err(num_err(
            ["小数点后超过 12 位", "it has more than 12 decimal places"],
            None,
        ));
    }
    if int.trim_start_matches('0').len() + frac.len() > MAX_DIGITS {
        return Err(num_err(
            ["超过 30 位数字", "it has more than 30 digits"],
            None,
        ));
    }
    let mut m: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        m = m
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(b - b'0')))
            .ok_or(num_err(["数字位数太多", "it has too many digits"], None))?;
    }
    Ok(Decimal {
        mantissa: if neg { -m } else { m },
        scale: frac.len() as u32,
    })
}

/// Parses a trimmed, normalised number, diagnosing common mistakes.
pub(super) fn parse_number(t: &str) -> Result<Decimal, NumErr> {
    let (neg, body) = t.strip_prefix('-').map_or((false, t), |b| (true, b));
    match plain(neg, body) {
        Err(e) if e.reason == NOT_A_NUMBER => {}
        other => return other,
    }
    let lower = body.to_ascii_lowercase();
    if ["nan", "inf", "infinity"].contains(&lower.as_str()) {
        return Err(num_err(
            ["这不是一个有限的数", "it is not a finite number"],
            None,
        ));
    }
    if let Some(b) = body.strip_prefix('+') {
        return Err(num_err(
            ["数字前面不写 + 号", "numbers are written without a + sign"],
            plain(neg, b).ok(),
        ));
    }
    if body.contains(',') {
        let fix = plain(neg, &body.replace(',', "")).ok();
        return Err(num_err(
            [
                "数字里不能有逗号（千位分隔符）",
                "commas are not allowed in numbers",
            ],
            fix,
        ));
    }
    if body.starts_with('.') {
        let fix = plain(neg, &format!("0{body}")).ok();
        return Err(num_err(
            [
                "数字不能以小数点开头",
                "a number cannot start with a decimal point",
            ],
            fix,
        ));
    }
    if let Some(b) = body.strip_suffix('.') {
        return Err(num_err(
            [
                "数字不能以小数点结尾",
                "a number cannot end with a decimal point",
            ],
            plain(neg, b).ok(),
        ));
    }
    if let Some((m, e)) = body.split_once(['e', 'E']) {
        let fix = plain(neg, m)
            .ok()
            .zip(e.parse::<i32>().ok())
            .and_then(|(d, e)| shift(d, e));
        return Err(num_err(
            [
                "不能用科学计数法（如 1e5）",
                "scientific notation is not allowed",
            ],
            fix,
        ));
    }
    Err(num_err(NOT_A_NUMBER, None))
}

/// `d × 10^e`, when it stays within the parser's limits.
pub(super) fn shift(d: Decimal, e: i32) -> Option<Decimal> {
    let scale = i64::from(d.scale) - i64::from(e);
    let r = if scale >= 0 {
        Decimal {
            mantissa: d.mantissa,
            scale: u32::try_from(scale).ok()?,
        }
    } else {
        let m = d
            .mantissa
            .checked_mul(pow10(u32::try_from(-scale).ok()?)?)?;
        Decimal {
            mantissa: m,
            scale: 0,
        }
    };
    (r.scale <= MAX_DECIMALS && r.mantissa.unsigned_abs() < 10u128.pow(MAX_DIGITS as u32))
        .then_some(r)
}

/// Turns a number error into a [`ValueError`]; `suffix` is appended to a corrected number in the hint.
pub(super) fn number_error(
    orig: &str,
    what: [&str; 2],
    e: NumErr,
    suffix: &str,
    fallback: Said,
) -> ValueError {
    let hint = match e.fix {
        Some(f) => said!("写成 \"{f}{suffix}\"", "write \"{f}{suffix}\""),
        None => fallback,
    };
    let orig = orig.trim();
    let [what_zh, what_en] = what;
    let [why_zh, why_en] = e.reason;
    ValueError::new(
        said!(
            "\"{orig}\" 不是有效的{what_zh}：{why_zh}",
            "\"{orig}\" is not a valid {what_en}: {why_en}"
        ),
        hint,
    )
}

/// Exact decimal: value = mantissa × 10^-scale. Ord/Eq by numeric value (1.50 == 1.5).
///
/// Arithmetic that can overflow (`add`, `sub`, `mul`, `abs`, `div`) returns `None` instead.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

#[expect(
    clippy::should_implement_trait,
    reason = "add/sub/mul return Option on overflow, so std::ops does not fit"
)]
impl Decimal {
    pub const fn new(mantissa: i128, scale: u32) -> Decimal {
        Decimal { mantissa, scale }
    }

    /// Parses `"86"`, `"-3"`, `"98.50"`, `"0.5"`; at most 12 decimals and 30 digits.
    pub fn parse(s: &str) -> Result<Decimal, ValueError> {
        let t = normalize(s);
        if t.is_empty() {
            return Err(ValueError::new(
                said!("这个数是空的", "the number is empty"),
                said!("写一个数，如 \"98.5\"", "write a number like \"98.5\""),
            ));
        }
        parse_number(&t).map_err(|e| {
            number_error(
                s,
                ["数", "number"],
                e,
                "",
                said!(
                    "写一个普通的数，如 \"98.5\"",
                    "write a plain number like \"98.5\""
                ),
            )
        })
    }

    pub fn from_int(i: i128) -> Decimal {
        Decimal {
            mantissa: i,
            scale: 0,
        }
    }

    pub fn zero() -> Decimal {
        Decimal::from_int(0)
    }

    /// Both mantissas at the larger scale.
    fn align(self, o: Decimal) -> Option<(i128, i128, u32)> {
        let s = self.scale.max(o.scale);
        let a = self.mantissa.checked_mul(pow10(s - self.scale)?)?;
        let b = o.mantissa.checked_mul(pow10(s - o.scale)?)?;
        Some((a, b, s))
    }

    /// Exact sum; `None` on overflow.
    pub fn add(self, o: Decimal) -> Option<Decimal> {
        let (a, b, s) = self.align(o)?;
        Some(Decimal {
            mantissa: a.checked_add(b)?,
            scale: s,
        })
    }

    /// Exact difference; `None` on overflow.
    pub fn sub(self, o: Decimal) -> Option<Decimal> {
        let (a, b, s) = self.align(o)?;
        Some(Decimal {
            mantissa: a.checked_sub(b)?,
            scale: s,
        })
    }

    /// Exact product; `None` on overflow.
    pub fn mul(self, o: Decimal) -> Option<Decimal> {
        let m = self.mantissa.checked_mul(o.mantissa)?;
        Some(Decimal {
            mantissa: m,
            scale: self.scale.checked_add(o.scale)?,
        })
    }

    /// `self / o` rounded half away from zero to `scale` decimals; `None` if `o` is zero or on overflow.
    pub fn div(self, o: Decimal, scale: u32) -> Option<Decimal> {
        if o.mantissa == 0 {
            return None;
        }
        // self/o = (a × 10^-sa) / (b × 10^-sb); scaled by 10^scale: a × 10^(scale+sb-sa) / b.
        let e = i64::from(scale) + i64::from(o.scale) - i64::from(self.scale);
        let k = u32::try_from(e.unsigned_abs()).ok()?;
        let (n, d) = if e >= 0 {
            (self.mantissa.checked_mul(pow10(k)?)?, o.mantissa)
        } else {
            (self.mantissa, o.mantissa.checked_mul(pow10(k)?)?)
        };
        let (nm, dm) = (n.unsigned_abs(), d.unsigned_abs());
        let (mut q, r) = (nm / dm, nm % dm);
        if r >= dm - r {
            q += 1; // q ≤ nm / 2 here since dm ≥ 2, so no overflow
        }
        let q = i128::try_from(q).ok()?;
        Some(Decimal {
            mantissa: if (n < 0) != (d < 0) { -q } else { q },
            scale,
        })
    }

    /// Rounded half away from zero to `scale` decimals (unchanged if already that precise).
    pub fn round(self, scale: u32) -> Decimal {
        if scale >= self.scale {
            return self;
        }
        let m = self.mantissa.unsigned_abs();
        let q = match 10u128.checked_pow(self.scale - scale) {
            // |m| < 2^127 < half of 10^39: rounds to zero
            None => 0,
            Some(p) => m / p + u128::from(m % p >= p - m % p),
        };
        let q = i128::try_from(q).unwrap_or(i128::MAX); // q ≤ |m| / 10 + 1: always fits
        Decimal {
            mantissa: if self.mantissa < 0 { -q } else { q },
            scale,
        }
    }

    /// The same value with trailing zero decimals removed (`1.50` → `1.5`, `0.00` → `0`).
    pub fn normalized(self) -> Decimal {
        if self.mantissa == 0 {
            return Decimal::zero();
        }
        let mut d = self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d = Decimal {
                mantissa: d.mantissa / 10,
                scale: d.scale - 1,
            };
        }
        d
    }

    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    pub fn min(self, o: Decimal) -> Decimal {
        if o < self { o } else { self }
    }

    /// Absolute value; `None` only for a mantissa of `i128::MIN`.
    pub fn abs(self) -> Option<Decimal> {
        Some(Decimal {
            mantissa: self.mantissa.checked_abs()?,
            scale: self.scale,
        })
    }

    /// Rounded half away from zero and shown with exactly `decimals` decimals: `"27.54"`.
    pub fn to_fixed(self, decimals: u32) -> String {
        let r = self.round(decimals);
        let mut s = r.to_string();
        if decimals > r.scale {
            if r.scale == 0 {
                s.push('.');
            }
            s.extend(std::iter::repeat_n('0', (decimals - r.scale) as usize));
        }
        s
    }
}

impl fmt::Display for Decimal {
    /// Shows exactly `scale` decimals: `98.50` stays `"98.50"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// Compares |a| × 10^-sa with |b| × 10^-sb without overflow.
pub(super) fn cmp_magnitude(a: u128, sa: u32, b: u128, sb: u32) -> Ordering {
    match sa.cmp(&sb) {
        Ordering::Equal => a.cmp(&b),
        // a × 10^(sb-sa) vs b; if that product overflows u128 it exceeds b
        Ordering::Less => match 10u128.checked_pow(sb - sa).and_then(|p| a.checked_mul(p)) {
            Some(x) => x.cmp(&b),
            None => Ordering::Greater,
        },
        Ordering::Greater => cmp_magnitude(b, sb, a, sa).reverse(),
    }
}

impl Ord for Decimal {
    fn cmp(&self, o: &Self) -> Ordering {
        let (a, b) = (self.normalized(), o.normalized());
        match a.mantissa.signum().cmp(&b.mantissa.signum()) {
            Ordering::Equal => {}
            other => return other,
        }
        let m = cmp_magnitude(
            a.mantissa.unsigned_abs(),
            a.scale,
            b.mantissa.unsigned_abs(),
            b.scale,
        );
        if a.mantissa < 0 { m.reverse() } else { m }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.normalized(), o.normalized());
        a.mantissa == b.mantissa && a.scale == b.scale
    }
}

impl Eq for Decimal {}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let n = self.normalized();
        (n.mantissa, n.scale).hash(h);
    }
}
