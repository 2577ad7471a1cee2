//! Scoring of self-evaluations per 财预〔2020〕10号 (项目支出绩效评价管理办法) and its 附件
//! 项目支出绩效自评表: 预算执行率 is worth 10 points (min(executed / adjusted, 1) × 10) and the
//! indicators 90. A 正向 (≥, >) indicator scores min(actual / target, 1) × weight; a 反向
//! (≤, <) indicator min(target / actual, 1) × weight; an = indicator scores in proportion to
//! how close it came, (1 − |actual − target| / target) × weight, never below 0; a 定性
//! indicator states its score (the 自评表's bands 100–80% / 80–60% / 60–0% of its weight are a
//! judgement, not a formula). Quotients are truncated, never rounded up, and the total is shown
//! truncated to 2 decimals, so a score never crosses into a higher grade by rounding (89.995 is
//! 89.99, 良). Exact decimals; no I/O here.

use crate::model::*;

/// Working precision of intermediate quotients.
const SCALE: u32 = 6;

/// Points the indicators of a self-evaluation are worth together (10 more are 预算执行率).
pub const INDICATOR_POINTS: i128 = 90;

/// `n / d` truncated toward zero to [`SCALE`] decimals (for non-negative operands: never above
/// the exact quotient); None when `d` is zero or on overflow.
fn quotient_down(n: Decimal, d: Decimal) -> Option<Decimal> {
    let q = n.div(d, SCALE)?;
    let back = q.mul(d)?;
    let over = if d.is_negative() { back < n } else { back > n };
    if over && !q.is_negative() {
        q.sub(Decimal::new(1, SCALE))
    } else {
        Some(q)
    }
}

/// Truncated (not rounded) to `scale` decimals, for a non-negative value.
fn truncate(d: Decimal, scale: u32) -> Decimal {
    let r = d.round(scale);
    if r > d {
        r.sub(Decimal::new(1, scale)).unwrap_or(r)
    } else {
        r
    }
}

/// The 10 points of 预算执行率, or None when a figure is withheld or the budget is zero.
pub fn execution_points(adjusted: &Money, executed: &Money) -> Option<Decimal> {
    if adjusted.fen == 0 {
        return None;
    }
    let ratio = quotient_down(
        Decimal::from_int(executed.fen),
        Decimal::from_int(adjusted.fen),
    )?;
    ratio.min(Decimal::from_int(1)).mul(Decimal::from_int(10))
}

use crate::model::words::Achieved;

impl Achieved {
    /// The band of the weight its score lies in, as fractions: 100%–80% (80% included),
    /// 80%–60% (60% included), 60%–0%; the upper end is included only for 达成.
    pub fn band(self) -> (Decimal, Decimal) {
        let pct = |p: i128| Decimal::new(p, 2);
        match self {
            Achieved::Fully => (pct(80), pct(100)),
            Achieved::Partly => (pct(60), pct(80)),
            Achieved::Not => (pct(0), pct(60)),
        }
    }

    /// Whether `score` of `weight` lies in the band.
    pub fn admits(self, score: Decimal, weight: Decimal) -> bool {
        let (lo, hi) = self.band();
        let (Some(lo), Some(hi)) = (lo.mul(weight), hi.mul(weight)) else {
            return true;
        };
        score >= lo && (score < hi || (self == Achieved::Fully && score <= hi))
    }

    pub fn zh(self) -> &'static str {
        match self {
            Achieved::Fully => "达成年度指标（分值的100%–80%）",
            Achieved::Partly => "部分达成（分值的80%–60%）",
            Achieved::Not => "未达成（分值的60%以下）",
        }
    }
}

/// The points a quantitative indicator earns of `weight`, in [0, weight], the product taken
/// before the quotient so nothing is lost to rounding; None for 定性.
pub fn indicator_points(
    op: Op,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    eq: EqScoring,
) -> Option<Decimal> {
    let (num, den) = match op {
        Op::Eq if eq == EqScoring::AllOrNothing => (
            Decimal::from_int(i128::from(actual == target)),
            Decimal::from_int(1),
        ),
        Op::Ge | Op::Gt if target.is_zero() => (weight, weight),
        Op::Ge | Op::Gt => (actual, target),
        Op::Le | Op::Lt if actual.is_zero() => (weight, weight),
        Op::Le | Op::Lt => (target, actual),
        Op::Eq if target.is_zero() => (
            Decimal::from_int(i128::from(actual.is_zero())),
            Decimal::from_int(1),
        ),
        Op::Eq => {
            let off = actual.sub(target)?.abs()?;
            (target.abs()?.sub(off)?, target.abs()?)
        }
        Op::Qualitative => return None,
    };
    if den.is_zero() {
        return Some(weight);
    }
    let points = quotient_down(weight.mul(num)?, den)?;
    Some(std::cmp::max(points.min(weight), Decimal::zero()))
}

/// An indicator's score: stated, or computed from target, actual and weight, an `=`
/// indicator by the body's rule `eq`.
pub fn indicator_score(i: &Indicator, eq: EqScoring) -> Option<Decimal> {
    if let Some(Pub::Shown(s)) = &i.score {
        return Some(*s);
    }
    let Some(Pub::Shown(weight)) = i.weight else {
        return None;
    };
    let (Some(target), Some(actual)) = (i.target_num(), i.actual_num()) else {
        return None;
    };
    if i.actual.as_ref().is_none_or(Pub::is_withheld) || i.target.is_withheld() {
        return None;
    }
    indicator_points(i.op, target, actual, weight, eq)
}

/// How far an indicator was achieved, told from its shown target, operator and actual alone
/// (never its weight or score): a 定性 indicator by the 自评表's words its actual begins with
/// ([`Achieved::read`]); a quantitative one is 达成 when it earns its full points by
/// [`indicator_points`] (an `=` indicator only when exact) and, for `>` and `<`, the actual is
/// not equal to the target; else 未达成. None when target or actual is withheld, missing or not
/// a number, so no status is ever told from a withheld value.
pub fn indicator_achieved(i: &Indicator) -> Option<Achieved> {
    let actual = i.actual.as_ref()?.shown()?;
    i.target.shown()?;
    if i.op == Op::Qualitative {
        return Achieved::read(actual);
    }
    let (target, actual) = (i.target_num()?, i.actual_num()?);
    let one = Decimal::from_int(1);
    let full = indicator_points(i.op, target, actual, one, EqScoring::AllOrNothing)? == one;
    let strict_miss = matches!(i.op, Op::Gt | Op::Lt) && actual == target;
    Some(if full && !strict_miss {
        Achieved::Fully
    } else {
        Achieved::Not
    })
}

/// An indicator's score as shown: a stated one as written (to 2 decimals at most), a computed
/// one always with 2 decimals, so a column of computed scores reads alike ("40.00", "29.40").
pub fn indicator_score_text(i: &Indicator, score: Decimal) -> String {
    if matches!(i.score, Some(Pub::Shown(_))) {
        score.round(2).to_string()
    } else {
        score.to_fixed(2)
    }
}

/// The total as computed, unrounded (to the working precision): execution points plus every
/// indicator; None when any part cannot be computed (withheld, or a qualitative indicator
/// without a score). Grades are told from this, never from a rounded total.
pub fn self_evaluation_total(s: &SelfEvaluation) -> Option<Decimal> {
    let (Pub::Shown(adj), Pub::Shown(exe)) = (&s.adjusted, &s.executed) else {
        return None;
    };
    let mut total = execution_points(adj, exe)?;
    for i in &s.indicators {
        total = total.add(indicator_score(i, s.eq_scoring)?)?;
    }
    Some(total)
}

/// Total score as shown: [`self_evaluation_total`] truncated to 2 decimals (89.995 → 89.99),
/// so the shown score and its grade always agree.
pub fn self_evaluation_score(s: &SelfEvaluation) -> Option<Decimal> {
    self_evaluation_total(s).map(|t| truncate(t, 2))
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
        None => self_evaluation_total(s).map(|sc| Pub::Shown(Grade::from_score(sc))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::words::figure_number;

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
            unit: None,
            weight: Some(Pub::Shown(d(weight))),
            actual: Some(Pub::Shown(actual.into())),
            score: None,
            deviation: None,
        }
    }

    fn eval(adjusted: Money, executed: Money) -> SelfEvaluation {
        SelfEvaluation {
            scope: Scope::Project,
            project: None,
            unit: "单位".into(),
            initial: None,
            adjusted: Pub::Shown(adjusted),
            executed: Pub::Shown(executed),
            planned: None,
            achieved: None,
            indicators: vec![],
            score: None,
            grade: None,
            published_on: None,
            eq_scoring: EqScoring::Proportional,
        }
    }

    #[test]
    fn a_le_indicator_over_its_target_loses_points_in_proportion() {
        // target 30, actual 32, weight 15: 30 / 32 × 15 = 14.0625 → 14.06
        assert_eq!(
            indicator_score(&ind(Op::Le, "30", "32", "15"), EqScoring::Proportional)
                .unwrap()
                .round(2),
            d("14.06")
        );
    }

    #[test]
    fn a_ge_indicator_is_capped_at_its_weight() {
        assert_eq!(
            indicator_score(&ind(Op::Ge, "86", "88", "20"), EqScoring::Proportional)
                .unwrap()
                .round(2),
            d("20")
        );
        // 43 of 86 is half of 20 points
        assert_eq!(
            indicator_score(&ind(Op::Ge, "86", "43", "20"), EqScoring::Proportional)
                .unwrap()
                .round(2),
            d("10")
        );
    }

    #[test]
    fn a_missed_eq_indicator_earns_proportional_credit() {
        // 财预〔2020〕10号 case of the issue: target 100, actual 98, weight 30 → 29.4, not 0
        assert_eq!(
            indicator_score(&ind(Op::Eq, "100", "98", "30"), EqScoring::Proportional).unwrap(),
            d("29.4")
        );
        // over the target loses the same way; twice the target or more earns nothing
        assert_eq!(
            indicator_score(&ind(Op::Eq, "100", "105", "20"), EqScoring::Proportional).unwrap(),
            d("19")
        );
        assert_eq!(
            indicator_score(&ind(Op::Eq, "100", "250", "20"), EqScoring::Proportional).unwrap(),
            d("0")
        );
        assert_eq!(
            indicator_score(&ind(Op::Eq, "1", "1", "5"), EqScoring::Proportional).unwrap(),
            d("5")
        );
        assert_eq!(
            indicator_score(
                &ind(Op::Qualitative, "有效改善", "明显改善", "5"),
                EqScoring::Proportional
            ),
            None
        );
    }

    #[test]
    fn achievement_is_told_from_the_operator_or_the_words() {
        let a = |op, t, x| indicator_achieved(&ind(op, t, x, "10"));
        assert_eq!(a(Op::Ge, "86", "86"), Some(Achieved::Fully));
        assert_eq!(a(Op::Ge, "86", "85.99"), Some(Achieved::Not));
        assert_eq!(a(Op::Le, "30", "30.01"), Some(Achieved::Not));
        assert_eq!(a(Op::Eq, "100%", "100"), Some(Achieved::Fully));
        assert_eq!(a(Op::Eq, "100", "99"), Some(Achieved::Not));
        assert_eq!(a(Op::Gt, "5", "5"), Some(Achieved::Not));
        assert_eq!(a(Op::Lt, "0", "0"), Some(Achieved::Not));
        assert_eq!(a(Op::Ge, "5", "约6"), None);
        assert_eq!(
            a(Op::Qualitative, "有效", "部分达成"),
            Some(Achieved::Partly)
        );
        assert_eq!(a(Op::Qualitative, "有效", "明显改善"), None);
        let mut withheld = ind(Op::Ge, "86", "88", "10");
        withheld.target = Pub::Withheld(Reason::StateSecret);
        assert_eq!(indicator_achieved(&withheld), None);
    }

    #[test]
    fn a_body_scoring_eq_all_or_nothing_gets_its_rule() {
        let aon = EqScoring::AllOrNothing;
        assert_eq!(
            indicator_score(&ind(Op::Eq, "100", "98", "30"), aon),
            Some(d("0"))
        );
        assert_eq!(
            indicator_score(&ind(Op::Eq, "100", "100", "30"), aon),
            Some(d("30"))
        );
        // the rule is the body's for = only: ≥ stays proportional
        assert_eq!(
            indicator_score(&ind(Op::Ge, "100", "98", "30"), aon),
            Some(d("29.4"))
        );
    }

    #[test]
    fn a_missed_eq_indicator_changes_the_grade_only_as_far_as_it_missed() {
        let m = |s: &str| Money::parse(s, MoneyUnit::Wan).unwrap();
        let s = SelfEvaluation {
            indicators: vec![
                ind(Op::Eq, "100", "98", "30"),
                ind(Op::Ge, "86", "86", "60"),
            ],
            ..eval(m("100"), m("100"))
        };
        // 10 + 29.4 + 60 = 99.4: 优, not 70 (中) as all-or-nothing scoring gave
        assert_eq!(self_evaluation_score(&s), Some(d("99.4")));
        assert_eq!(
            self_evaluation_grade(&s),
            Some(Pub::Shown(Grade::Excellent))
        );
    }

    #[test]
    fn a_score_just_under_ninety_is_not_rounded_up_into_excellent() {
        let m = |s: &str| Money::parse(s, MoneyUnit::Wan).unwrap();
        // 10 + 79.995 / 80 × 80 = 89.995
        let s = SelfEvaluation {
            indicators: vec![ind(Op::Ge, "80", "79.995", "80")],
            ..eval(m("100"), m("100"))
        };
        assert_eq!(self_evaluation_total(&s), Some(d("89.995")));
        assert_eq!(self_evaluation_score(&s), Some(d("89.99")));
        assert_eq!(self_evaluation_grade(&s), Some(Pub::Shown(Grade::Good)));
    }

    #[test]
    fn actuals_written_with_a_percent_sign_or_unit_are_read() {
        assert_eq!(figure_number("98%"), Some(d("98")));
        assert_eq!(figure_number("９８．５％"), Some(d("98.5")));
        assert_eq!(figure_number("1,200 公里"), Some(d("1200")));
        assert_eq!(figure_number("约98"), None);
        assert_eq!(figure_number("40%-50%"), None);
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
