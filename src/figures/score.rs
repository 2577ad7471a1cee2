//! Scoring of self-evaluations, as SCHEMA.md states it: 预算执行率 is worth 10 points
//! (min(executed / adjusted, 1) × 10); a ≥ or > indicator scores min(actual / target, 1) × weight;
//! a ≤ or < indicator min(target / actual, 1) × weight; = scores the full weight when equal,
//! else 0; a 定性 indicator states its score. Exact decimals; no I/O here.

use crate::model::*;

/// Working precision of intermediate quotients.
const SCALE: u32 = 6;

/// The 10 points of 预算执行率, or None when a figure is withheld or the budget is zero.
pub fn execution_points(adjusted: &Money, executed: &Money) -> Option<Decimal> {
    let ten = Decimal::from_int(10);
    if adjusted.fen == 0 {
        return None;
    }
    let ratio = Decimal::from_int(executed.fen).div(Decimal::from_int(adjusted.fen), SCALE)?;
    ratio.min(Decimal::from_int(1)).mul(ten)
}

/// An indicator's score: stated, or computed from target, actual and weight.
pub fn indicator_score(i: &Indicator) -> Option<Decimal> {
    if let Some(Pub::Shown(s)) = &i.score {
        return Some(*s);
    }
    let Some(Pub::Shown(weight)) = i.weight else {
        return None;
    };
    let (Some(target), Some(actual)) = (i.target_num, i.actual_num) else {
        return None;
    };
    if i.actual.as_ref().is_none_or(Pub::is_withheld) || i.target.is_withheld() {
        return None;
    }
    let one = Decimal::from_int(1);
    let ratio = match i.op {
        Op::Ge | Op::Gt => {
            if target.is_zero() {
                one
            } else {
                actual.div(target, SCALE)?.min(one)
            }
        }
        Op::Le | Op::Lt => {
            if actual.is_zero() {
                one
            } else {
                target.div(actual, SCALE)?.min(one)
            }
        }
        Op::Eq => {
            if actual == target {
                one
            } else {
                Decimal::zero()
            }
        }
        Op::Qualitative => return None,
    };
    Some(
        std::cmp::max(ratio, Decimal::zero())
            .mul(weight)?
            .round(SCALE),
    )
}

/// Total score: execution points plus every indicator, rounded to 2 decimals; None when any
/// part cannot be computed (withheld, or a qualitative indicator without a score).
pub fn self_evaluation_score(s: &SelfEvaluation) -> Option<Decimal> {
    let (Pub::Shown(adj), Pub::Shown(exe)) = (&s.adjusted, &s.executed) else {
        return None;
    };
    let mut total = execution_points(adj, exe)?;
    for i in &s.indicators {
        total = total.add(indicator_score(i)?)?;
    }
    Some(total.round(2))
}

/// The grade a self-evaluation has: the stated grade, else the band of its stated or
/// computed score. Withheld when the grade cannot be told without withheld values.
pub fn self_evaluation_grade(s: &SelfEvaluation) -> Option<Pub<Grade>> {
    if let Some(g) = &s.grade {
        return Some(g.clone());
    }
    match &s.score {
        Some(Pub::Shown(sc)) => Some(Pub::Shown(Grade::from_score(*sc))),
        Some(Pub::Withheld(r)) => Some(Pub::Withheld(*r)),
        None => self_evaluation_score(s).map(|sc| Pub::Shown(Grade::from_score(sc))),
    }
}
