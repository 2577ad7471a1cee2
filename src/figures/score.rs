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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn ind(op: Op, target: &str, actual: &str, weight: &str) -> Indicator {
        Indicator {
            level1: Level1::Output,
            level2: Level2::Quantity,
            name: Pub::Shown(Text::plain("x")),
            op,
            target: Pub::Shown(target.into()),
            target_num: Decimal::parse(target).ok(),
            unit: None,
            weight: Some(Pub::Shown(d(weight))),
            actual: Some(Pub::Shown(actual.into())),
            actual_num: Decimal::parse(actual).ok(),
            score: None,
            deviation: None,
        }
    }

    #[test]
    fn a_le_indicator_over_its_target_loses_points_in_proportion() {
        // target 30, actual 32, weight 15: 30 / 32 × 15 = 14.0625 → 14.06
        assert_eq!(
            indicator_score(&ind(Op::Le, "30", "32", "15"))
                .unwrap()
                .round(2),
            d("14.06")
        );
    }

    #[test]
    fn a_ge_indicator_is_capped_at_its_weight() {
        assert_eq!(
            indicator_score(&ind(Op::Ge, "86", "88", "20"))
                .unwrap()
                .round(2),
            d("20")
        );
        // 43 of 86 is half of 20 points
        assert_eq!(
            indicator_score(&ind(Op::Ge, "86", "43", "20"))
                .unwrap()
                .round(2),
            d("10")
        );
    }

    #[test]
    fn an_eq_indicator_scores_all_or_nothing_and_qualitative_needs_a_stated_score() {
        assert_eq!(
            indicator_score(&ind(Op::Eq, "1", "1", "5")).unwrap(),
            d("5")
        );
        assert_eq!(
            indicator_score(&ind(Op::Eq, "1", "2", "5")).unwrap(),
            d("0")
        );
        assert_eq!(
            indicator_score(&ind(Op::Qualitative, "有效改善", "明显改善", "5")),
            None
        );
    }

    #[test]
    fn execution_is_worth_ten_points() {
        let m = |s: &str| Money::parse(s, MoneyUnit::Wan).unwrap();
        // 128.73 / 135.5 = 0.95004 → 9.5004 points
        assert_eq!(
            execution_points(&m("135.5"), &m("128.73"))
                .unwrap()
                .round(2),
            d("9.50")
        );
        assert_eq!(execution_points(&m("100"), &m("120")).unwrap(), d("10"));
    }

    #[test]
    fn grades_follow_the_bands() {
        assert_eq!(Grade::from_score(d("90")), Grade::Excellent);
        assert_eq!(Grade::from_score(d("89.99")), Grade::Good);
        assert_eq!(Grade::from_score(d("60")), Grade::Fair);
        assert_eq!(Grade::from_score(d("59.99")), Grade::Poor);
    }
}
