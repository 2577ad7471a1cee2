//! The numbers of the relations: a stated figure as an interval of integers in a common unit
//! (the one place a stated form becomes numbers), the arithmetic the checks need, and how the
//! numbers are shown in messages. No I/O here.

use crate::model::summary::{Stated, Value};
use crate::model::{Decimal, MoneyUnit};

/// A stated quantity as an interval, in a common unit (分 for money, hundredths of a percent
/// point ×10^4 for rates, units for counts), scaled to integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Iv {
    pub(super) lo: i128,
    pub(super) hi: i128,
}

/// Rates are compared in millionths of a percent point.
pub(super) const RATE_SCALE: u32 = 6;

/// The interval a stated value stands for: the one place a stated form becomes numbers.
pub(super) fn iv(v: &Value) -> Option<Iv> {
    match v {
        Value::Count(n) => Some(Iv {
            lo: i128::from(*n),
            hi: i128::from(*n),
        }),
        Value::Money(m) => Some(Iv {
            lo: m.fen - m.tolerance_fen(),
            hi: m.fen + m.tolerance_fen(),
        }),
        Value::Percent(p) => {
            let t = p.tolerance();
            let lo = p.0.sub(t)?.round(RATE_SCALE);
            let hi = p.0.add(t)?.round(RATE_SCALE);
            Some(Iv {
                lo: scaled(lo)?,
                hi: scaled(hi)?,
            })
        }
        Value::Score(_) | Value::Grade(_) => None,
    }
}

/// An unbounded end, far enough from i128's limits that sums of a few cannot overflow.
pub(super) const HUGE: i128 = i128::MAX / 1024;

/// A stated figure's interval: its rounding when written exactly, else the interval its form
/// gives ("约1600", "1600余", "超过80%", "40%-50%"; see `model::form`).
pub(super) fn iv_of(s: &Stated) -> Option<Iv> {
    if s.form == crate::model::form::Form::Exact {
        return iv(&s.value);
    }
    let b = s.bounds();
    let int = |d: Option<Decimal>, none: i128| -> Option<i128> {
        match (d, &s.value) {
            (None, _) => Some(none),
            (Some(d), Value::Percent(_)) => scaled(d),
            (Some(d), Value::Count(_) | Value::Money(_)) => Some(d.round(0).mantissa),
            (Some(_), Value::Score(_) | Value::Grade(_)) => None,
        }
    };
    Some(Iv {
        lo: int(b.lo, -HUGE)?,
        hi: int(b.hi, HUGE)?,
    })
}

/// The middle of a stated figure's interval; none for an open bound ("超过80%").
pub(super) fn mid_of(s: &Stated) -> Option<i128> {
    let i = iv_of(s)?;
    (i.lo > -HUGE && i.hi < HUGE).then(|| i.lo + (i.hi - i.lo) / 2)
}

/// A decimal at RATE_SCALE as an integer.
pub(super) fn scaled(d: Decimal) -> Option<i128> {
    let d = d.round(RATE_SCALE);
    let shift = RATE_SCALE.checked_sub(d.scale)?;
    d.mantissa.checked_mul(10i128.checked_pow(shift)?)
}

/// part / whole × 100 as an interval at RATE_SCALE.
pub(super) fn ratio(part: Iv, whole: Iv) -> Option<Iv> {
    let pct = |p: i128, w: i128| -> Option<i128> {
        if w <= 0 {
            return None;
        }
        scaled(
            Decimal::from_int(p)
                .mul(Decimal::from_int(100))?
                .div(Decimal::from_int(w), RATE_SCALE)?,
        )
    };
    let lo = pct(part.lo.max(0), whole.hi)?;
    let hi = pct(part.hi, whole.lo).unwrap_or(i128::MAX);
    Some(Iv { lo, hi })
}

pub(super) fn overlaps(a: Iv, b: Iv) -> bool {
    a.lo <= b.hi && b.lo <= a.hi
}

/// How numbers of a relation are shown: counts as integers, money in the unit and with the
/// decimals of the figures involved, rates in percent with two decimals.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shown {
    Count,
    Money(MoneyUnit, u32),
    Rate,
}

pub(super) fn shown_for(figs: &[&Stated]) -> Shown {
    let mut out = None;
    for f in figs {
        match &f.value {
            Value::Money(m) => {
                out = Some(match out {
                    Some(Shown::Money(u, d)) => Shown::Money(u, d.max(m.decimals)),
                    _ => Shown::Money(m.unit, m.decimals),
                })
            }
            Value::Percent(_) if out.is_none() => out = Some(Shown::Rate),
            _ => {}
        }
    }
    out.unwrap_or(Shown::Count)
}

pub(super) fn fmt(x: i128, how: Shown) -> String {
    match how {
        Shown::Count => x.to_string(),
        Shown::Money(u, d) => crate::model::Money::from_fen(x).format(u, d),
        Shown::Rate => format!("{}%", Decimal::new(x, RATE_SCALE).to_fixed(2)),
    }
}

/// A difference: its size, in 个百分点 for rates.
pub(super) fn diff_zh(x: i128, how: Shown) -> String {
    match how {
        Shown::Rate => format!("{} 个百分点", Decimal::new(x.abs(), RATE_SCALE).to_fixed(2)),
        _ => fmt(x.abs(), how),
    }
}

pub(super) fn diff_en(x: i128, how: Shown) -> String {
    match how {
        Shown::Rate => format!(
            "{} percentage points",
            Decimal::new(x.abs(), RATE_SCALE).to_fixed(2)
        ),
        _ => fmt(x.abs(), how),
    }
}

/// An end of a range: one decimal more than the figures, so rounding does not blur it.
pub(super) fn end(x: i128, how: Shown) -> String {
    match how {
        Shown::Count => x.to_string(),
        Shown::Money(u, d) => crate::model::Money::from_fen(x).format(u, d + 1),
        Shown::Rate => format!("{}%", Decimal::new(x, RATE_SCALE).to_fixed(3)),
    }
}

pub(super) fn range_zh(i: Iv, how: Shown) -> String {
    if i.lo == i.hi {
        fmt(i.lo, how)
    } else if i.hi == i128::MAX {
        format!("{} 以上", end(i.lo, how))
    } else {
        format!("{} 至 {}", end(i.lo, how), end(i.hi, how))
    }
}

pub(super) fn range_en(i: Iv, how: Shown) -> String {
    if i.lo == i.hi {
        fmt(i.lo, how)
    } else if i.hi == i128::MAX {
        format!("{} or more", end(i.lo, how))
    } else {
        format!("{} to {}", end(i.lo, how), end(i.hi, how))
    }
}

/// What a figure key counts, in Chinese.
pub(super) fn key_zh(key: &str) -> &'static str {
    match key {
        "count" => "项目数",
        "requested" => "申报资金",
        "approved" => "审核资金",
        "cut" => "核减资金",
        "cut_rate" => "核减率",
        "score" => "分数",
        "funds" => "资金",
        "units" => "单位数",
        "unit_funds" => "部门整体资金",
        "budget" => "预算数",
        "executed" => "执行数",
        "rate" => "执行率",
        "yellow" => "黄标项目数",
        "red" => "红标项目数",
        "first_yellow" => "初次黄标项目数",
        "unit_budget" => "部门整体预算数",
        "unit_executed" => "部门整体执行数",
        "unit_rate" => "部门整体执行率",
        "suspended" => "中止项目数",
        "withheld" => "不予公开数",
        "findings" => "问题和建议数",
        "rectified" => "已整改数",
        "share" => "占比",
        _ => "数字",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Money, MoneyUnit, Percent};

    fn money(s: &str) -> Value {
        Value::Money(Money::parse(s, MoneyUnit::Wan).unwrap())
    }

    fn pct(s: &str) -> Value {
        Value::Percent(Percent::parse(s).unwrap())
    }

    #[test]
    fn a_rate_agrees_within_the_rounding_of_its_parts() {
        let q = ratio(
            iv(&money("4.66亿元")).unwrap(),
            iv(&money("6.45亿元")).unwrap(),
        )
        .unwrap();
        assert!(overlaps(iv(&pct("72.2%")).unwrap(), q));
        assert!(!overlaps(iv(&pct("75.1%")).unwrap(), q));
        let q = ratio(
            iv(&money("1.33亿元")).unwrap(),
            iv(&money("4.68亿元")).unwrap(),
        )
        .unwrap();
        assert!(overlaps(iv(&pct("28.4%")).unwrap(), q));
    }

    #[test]
    fn exact_figures_leave_little_room() {
        let q = ratio(
            iv(&money("675.65万元")).unwrap(),
            iv(&money("2453.5万元")).unwrap(),
        )
        .unwrap();
        assert!(overlaps(iv(&pct("27.54%")).unwrap(), q));
        assert!(!overlaps(iv(&pct("27.60%")).unwrap(), q));
    }
}
