//! The self-evaluation's score as the gate models it: total = 执行率 points + Σ indicator
//! points, each indicator's points tied to its actual, target and weight, the grade the band of
//! the total. A value enters the model as a variable when it is withheld. A relation that is
//! linear in the one withheld value is a row; a capped ratio read backwards (a withheld target
//! of a ≥ indicator, a withheld actual of a ≤ indicator) is read through [`Read::Inverse`]; an
//! = indicator (proportional credit, 10号) is linear in its actual on each side of the target,
//! modelled with the true side fixed, its withheld target read through [`Read::EqTarget`]; with
//! two or more withheld inputs the true ratio is fixed (a reader cannot know more), and a
//! withheld adjusted budget with the executed amount shown makes the total and grade
//! unmodelable, so they are not published. Published stated scores and grades are candidates
//! the gate may refuse. No I/O here.

use super::lp::{Lin, Row};
use super::model::*;
use super::records::{Builder, SCORE_FLOOR, grade, hidden_field, num, truth, wan};
use crate::model::*;

/// Half a unit of the last stated decimal of a score (90.5 → 0.05), at least 0.005.
fn half_unit(d: &Decimal) -> f64 {
    0.5 * 10f64.powi(-(d.scale.min(6) as i32))
}

/// Adds the scoring relations of a self-evaluation; published score items become candidates.
pub fn self_evaluation(b: &mut Builder, s: &SelfEvaluation, fields: &mut Vec<Candidate>) {
    if b.rec.disclosure.status == DisclosureStatus::Withheld {
        stub_grade(b, s);
        return;
    }
    // Where 执行率 points are cut loose from the amounts, the total is still modelled with
    // them free in 0–10 (what a reader knows of them from the score alone), but a published
    // score or grade is not: it would tell the points, and through them the withheld budget.
    let (p0, unlinked) = execution_points(b, s);
    if unlinked && !p0.is_constant() {
        // Points = 10 × min(executed / adjusted, 1) with the adjusted budget withheld: not
        // linear in it. A published score or grade may stand only while it tells nothing of
        // the points, i.e. they keep their whole range 0–10 (a guard, not a value: "truth" 5,
        // the middle, and a width of 10 required).
        b.protect("budget.adjusted", Read::Lin(p0.clone()), 5.0, 10.0);
    }
    let (total, modelable) = total_points(b, s, p0, fields);
    let score = Score::of(s);
    let total = Total {
        lin: (modelable && score.identity()).then_some(total),
        modelable,
    };
    let score_hidden = hidden_field(b.rec, "score");
    score_candidate(b, s, &score, score_hidden, &total, fields);
    grade_candidate(b, s, &score, score_hidden, total, fields);
}

/// A stub publishes nothing about its score; its grade (stated, else the band of its score)
/// is a category of its own.
fn stub_grade(b: &mut Builder, s: &SelfEvaluation) {
    let g = s.grade.clone().or_else(|| {
        let sc = s.score.as_ref().map(truth).copied();
        sc.or_else(|| crate::figures::score::self_evaluation_score(s))
            .map(|v| Pub::Shown(Grade::from_score(v)))
    });
    grade(b, g.as_ref(), "grade", None);
}

/// The total of the 执行率 points `p0` and every indicator's points, and whether every
/// indicator could be modelled; the weights, where any is hidden, sum to their true total.
fn total_points(
    b: &mut Builder,
    s: &SelfEvaluation,
    p0: Lin,
    fields: &mut Vec<Candidate>,
) -> (Lin, bool) {
    let mut total = p0;
    let mut modelable = true;
    let mut weights = Vec::new();
    for (k, ind) in s.indicators.iter().enumerate() {
        match indicator(b, (k + 1, ind), s.eq_scoring, fields, &mut weights) {
            Some(p) => total = total.plus(&p, 1.0),
            None => modelable = false,
        }
    }
    if weights.iter().any(|(w, _): &(Lin, f64)| !w.is_constant()) {
        let sum = weights
            .iter()
            .fold(Lin::default(), |acc, (w, _)| acc.plus(w, 1.0));
        let truth_sum: f64 = weights.iter().map(|(_, t)| t).sum();
        b.sec.base.push(Row::between(sum, truth_sum, truth_sum));
    }
    (total, modelable)
}

/// A self-evaluation's score: stated, computed from its indicators, and the interval a stated
/// score gives the total where the form truncates it.
struct Score {
    stated: Option<f64>,
    computed: Option<f64>,
    truncation: Option<(f64, f64)>,
}

impl Score {
    fn of(s: &SelfEvaluation) -> Score {
        let computed = crate::figures::score::self_evaluation_score(s).map(|d| num(&d));
        // 10号 shows the total truncated: a stated 99.0 is the total 99.0645 as the form
        // writes it.
        let truncation = s.score.as_ref().map(truth).and_then(|st| {
            let (v, ulp) = (num(st), 2.0 * half_unit(st));
            (st.scale <= 2 && computed.is_some_and(|c| c >= v - 1e-9 && c < v + ulp - 1e-9))
                .then_some((v, v + ulp))
        });
        Score {
            stated: s.score.as_ref().map(truth).map(num),
            computed,
            truncation,
        }
    }

    /// The identity holds where the stated score is the computed one (within the 0.05 that
    /// reconciliation allows); where it does not, the stated total is a number of its own.
    fn identity(&self) -> bool {
        match (self.stated, self.computed) {
            (Some(st), Some(c)) => (st - c).abs() <= 0.05 + 1e-9 || self.truncation.is_some(),
            (None, _) => true,
            _ => false,
        }
    }
}

/// The modelled total (`None` where the score is not the total or an indicator could not be
/// modelled).
struct Total {
    lin: Option<Lin>,
    modelable: bool,
}

impl Total {
    /// The templates of a published figure that puts the total within [lo, hi].
    fn within(&self, lo: f64, hi: f64) -> Vec<Tpl> {
        match &self.lin {
            Some(l) => vec![Tpl::Row(Row::between(l.clone(), lo, hi))],
            None if !self.modelable => vec![Tpl::Unmodelable],
            None => vec![],
        }
    }
}

/// The score: protected where withheld; a candidate where stated and published.
fn score_candidate(
    b: &mut Builder,
    s: &SelfEvaluation,
    score: &Score,
    score_hidden: bool,
    total: &Total,
    fields: &mut Vec<Candidate>,
) {
    match (&s.score, score_hidden) {
        (_, true) => {
            // Withheld: stated, or computed where not stated (the site would show that).
            let v = score.stated.or(score.computed);
            if let (Some(l), Some(v)) = (&total.lin, v) {
                b.protect("score", Read::Lin(l.clone()), v, SCORE_FLOOR);
            }
        }
        (Some(st), false) => {
            let v = num(truth(st));
            let tol = half_unit(truth(st)) + score.computed.map_or(0.0, |c| (v - c).abs());
            // A reader takes the total as the stated score truncated where that holds (the
            // tighter reading), else as rounded.
            let (lo, hi) = score.truncation.unwrap_or((v - tol, v + tol));
            fields.push(Candidate {
                key: Key::Field(b.year_index, "score".into()),
                tpls: total.within(lo, hi),
            });
        }
        (None, _) => {}
    }
}

/// The grade: a candidate where stated and published; else a slot bound to the total or to
/// the published score.
fn grade_candidate(
    b: &mut Builder,
    s: &SelfEvaluation,
    score: &Score,
    score_hidden: bool,
    total: Total,
    fields: &mut Vec<Candidate>,
) {
    let g_hidden = hidden_field(b.rec, "grade");
    if let (Some(g), false) = (&s.grade, g_hidden) {
        let (lo, hi) = super::records::band(super::records::grade_index(*truth(g)));
        fields.push(Candidate {
            key: Key::Field(b.year_index, "grade".into()),
            tpls: total.within(lo, hi),
        });
        grade(b, Some(g), "grade", None);
        return;
    }
    // The grade the public sees (the band of a public score), or the one behind a withheld
    // score. Taken as known wherever the public might see it: stricter, never looser.
    let (stated, computed) = (score.stated, score.computed);
    let truth_grade = s
        .grade
        .as_ref()
        .map(|g| *truth(g))
        .or_else(|| stated.or(computed).map(band_of));
    let hidden = g_hidden
        || score_hidden
        || (s.score.is_none() && total.lin.as_ref().is_some_and(|l| !l.is_constant()));
    // A published stated score tells its band whatever the indicators give: where it is not
    // the computed total (so the total's `lin` is none) the grade is still bound to it, unless
    // the body's grade is another (W102), which the score then does not tell.
    let published = match (stated, score_hidden) {
        (Some(v), false) if truth_grade == Some(band_of(v)) => Some(Lin::constant(v)),
        _ => None,
    };
    grade_slot(b, truth_grade, hidden, g_hidden, total.lin.or(published));
}

fn band_of(v: f64) -> Grade {
    Grade::from_score(Decimal::new((v * 10_000.0).round() as i128, 4))
}

/// A grade that is not itself a published candidate: known, or a slot bound to the score.
/// The slot must keep two possibilities only where the author withheld the grade itself: a
/// grade merely not computable from public values (an indicator's actual withheld) is not a
/// secret of its own.
fn grade_slot(b: &mut Builder, g: Option<Grade>, hidden: bool, secret: bool, score: Option<Lin>) {
    let no = super::records::NO_GRADE;
    let t = g.map_or(no, super::records::grade_index);
    if !hidden || t == no {
        b.category(Dim::Grade, false, vec![t], t);
        return;
    }
    b.category(Dim::Grade, true, (0..4).collect(), t);
    if let Some(Cat::Slot(s)) = b.out.cat(Dim::Grade) {
        b.sec.slots[s].protected = secret;
    }
    if let (Some(Cat::Slot(s)), Some(score)) = (b.out.cat(Dim::Grade), score) {
        for o in 0..4 {
            let (lo, hi) = super::records::band(o);
            b.sec
                .conditional
                .push((s, o, Row::between(score.clone(), lo, hi)));
        }
    }
}

/// 执行率 points, min(executed / adjusted, 1) × 10, and whether they are cut loose from the
/// amounts (adjusted withheld, executed shown: not linear, so nothing built on them is published).
fn execution_points(b: &mut Builder, s: &SelfEvaluation) -> (Lin, bool) {
    let (a, e) = (wan(truth(&s.adjusted)), wan(truth(&s.executed)));
    let (al, el) = (
        b.out.val("adjusted").unwrap_or_default(),
        b.out.val("executed").unwrap_or_default(),
    );
    match (al.is_constant(), el.is_constant()) {
        (true, true) => (
            Lin::constant(if a > 0.0 {
                (e / a).min(1.0) * 10.0
            } else {
                0.0
            }),
            a <= 0.0,
        ),
        (true, false) if a > 0.0 => {
            let p = b.sec.var(0.0, 10.0);
            if e <= a {
                b.sec
                    .base
                    .push(Row::between(p.plus(&el, -10.0 / a), 0.0, 0.0));
                b.sec.base.push(Row::between(el, f64::NEG_INFINITY, a));
            } else {
                b.sec.base.push(Row::between(p.clone(), 10.0, 10.0));
                b.sec.base.push(Row::between(el, a, f64::INFINITY));
            }
            (p, false)
        }
        (false, false) if a > 0.0 => {
            // Both withheld: a reader learns their ratio at most; assume it known.
            let r = e / a;
            b.sec.base.push(Row::between(el.plus(&al, -r), 0.0, 0.0));
            (Lin::constant(r.min(1.0) * 10.0), false)
        }
        _ => (b.sec.var(0.0, 10.0), true),
    }
}

/// The points of one indicator as the model sees them, or None when they cannot be modelled.
fn indicator(
    b: &mut Builder,
    (n, ind): (usize, &Indicator),
    eq_rule: EqScoring,
    fields: &mut Vec<Candidate>,
    weights: &mut Vec<(Lin, f64)>,
) -> Option<Lin> {
    let path = |f: &str| format!("indicators.{n}.{f}");
    let hid = |f: &str| hidden_field(b.rec, &path(f));
    let w_truth = ind.weight.as_ref().map(|w| num(truth(w)));
    let w = match w_truth {
        Some(wt) => {
            let l = b.value(
                &path("weight"),
                wt,
                hid("weight"),
                (0.0, 100.0),
                SCORE_FLOOR,
            );
            weights.push((l.clone(), wt));
            Some(l)
        }
        None => None,
    };
    let cap = w_truth.unwrap_or(100.0);
    let stated = ind.score.as_ref().map(truth).map(num);
    let (a_hid, t_hid) = (hid("actual"), hid("target"));
    let numeric =
        ind.op != Op::Qualitative && ind.target_num().is_some() && ind.actual_num().is_some();
    let any_hidden = a_hid || t_hid || hid("score") || w.as_ref().is_some_and(|l| !l.is_constant());
    if !any_hidden {
        // Everything about this indicator is public: its points are a public number.
        let computed = crate::figures::score::indicator_score(ind, eq_rule).map(|d| num(&d));
        return stated
            .or(computed)
            .map(Lin::constant)
            .or(Some(Lin::constant(0.0)));
    }
    let p = b.sec.var(0.0, cap);
    if let Some(wl) = &w
        && !wl.is_constant()
    {
        b.sec
            .base
            .push(Row::between(p.plus(wl, -1.0), f64::NEG_INFINITY, 0.0));
    }
    if hid("score") {
        // A 定性 indicator's public actual may bound its points.
        let public_weight = w_truth.filter(|_| w.as_ref().is_none_or(Lin::is_constant));
        if let (false, Some(wt)) = (a_hid, public_weight) {
            achieved_band(b, ind, wt, &p);
        }
        // Withheld: stated, or computed where not stated (the site would show that).
        let computed = crate::figures::score::indicator_score(ind, eq_rule).map(|d| num(&d));
        if let Some(v) = stated.or(computed) {
            b.protect(&path("score"), Read::Lin(p.clone()), v, SCORE_FLOOR);
        }
    } else if let Some(v) = stated {
        let tol = ind
            .score
            .as_ref()
            .map(|s| 0.5 * 10f64.powi(-(truth(s).scale.min(6) as i32)))
            .unwrap_or(0.005);
        fields.push(Candidate {
            key: Key::Field(b.year_index, path("score")),
            tpls: vec![Tpl::Row(Row::between(p.clone(), v - tol, v + tol))],
        });
    }
    if numeric {
        link(b, (n, ind), eq_rule, &p, w.as_ref(), cap)?;
    } else if a_hid && stated.is_none() {
        return None;
    }
    Some(p)
}

/// A 定性 indicator whose public actual says how far it was achieved puts its points `p` in
/// that band of its public weight `wt` (10号): a reader knows as much.
fn achieved_band(b: &mut Builder, ind: &Indicator, wt: f64, p: &Lin) {
    if let (Op::Qualitative, Some(a), Some(sc)) = (ind.op, ind.actual.as_ref(), ind.score.as_ref())
        && let Some(level) = crate::model::words::Achieved::read(truth::<String>(a))
    {
        let wd = Decimal::new((wt * 10_000.0).round() as i128, 4);
        if level.admits(*truth(sc), wd) {
            let (lo, hi) = level.band();
            b.sec
                .base
                .push(Row::between(p.clone(), num(&lo) * wt, num(&hi) * wt));
        }
    }
}

/// Ties an indicator's points to its actual, target and weight. Where the stated score differs
/// from the rule's, the rows allow that difference.
fn link(
    b: &mut Builder,
    (n, ind): (usize, &Indicator),
    eq_rule: EqScoring,
    p: &Lin,
    w: Option<&Lin>,
    cap: f64,
) -> Option<()> {
    let path = |f: &str| format!("indicators.{n}.{f}");
    let (a, t) = (num(&ind.actual_num()?), num(&ind.target_num()?));
    let (a_hid, t_hid) = (
        hidden_field(b.rec, &path("actual")),
        hidden_field(b.rec, &path("target")),
    );
    let w = w.cloned().unwrap_or(Lin::constant(cap));
    let ratio = match ind.op {
        Op::Ge | Op::Gt if t > 0.0 => (a / t).min(1.0),
        Op::Le | Op::Lt if a > 0.0 => (t / a).min(1.0),
        Op::Eq => eq_ratio(a, t, eq_rule),
        _ => 1.0,
    };
    let d = ind
        .score
        .as_ref()
        .map_or(0.0, |s| (num(truth(s)) - ratio * cap).abs());
    match (ind.op, eq_rule) {
        (Op::Eq, EqScoring::AllOrNothing) => {
            all_or_nothing_link(b, n, (a, t), (a_hid, t_hid), &w, ratio, d, p);
        }
        (Op::Eq, _) => eq_link(b, n, (a, t), (a_hid, t_hid), &w, ratio, d, p),
        _ => {
            let ge = matches!(ind.op, Op::Ge | Op::Gt);
            capped_link(b, (n, ge), (a, t), (a_hid, t_hid), &w, (ratio, d), p, cap)?;
        }
    }
    Some(())
}

/// An = indicator scored all or nothing: the points tell whether actual equals target.
#[allow(clippy::too_many_arguments)]
fn all_or_nothing_link(
    b: &mut Builder,
    n: usize,
    (a, t): (f64, f64),
    (a_hid, t_hid): (bool, bool),
    w: &Lin,
    ratio: f64,
    d: f64,
    p: &Lin,
) {
    let path = |f: &str| format!("indicators.{n}.{f}");
    let al = b.value(&path("actual"), a, a_hid, (0.0, f64::INFINITY), 0.0);
    let tl = b.value(&path("target"), t, t_hid, (0.0, f64::INFINITY), 0.0);
    b.sec.base.push(Row::between(p.plus(w, -ratio), -d, d));
    if a == t && (a_hid || t_hid) {
        b.sec.base.push(Row::between(al.plus(&tl, -1.0), 0.0, 0.0));
    }
}

/// A ≥ (`ge`) or ≤ indicator: its points are the capped ratio of numerator to denominator (a ≥
/// indicator scores actual / target, a ≤ indicator target / actual) times its weight. `None`
/// where the withheld values cannot be modelled.
#[allow(clippy::too_many_arguments)]
fn capped_link(
    b: &mut Builder,
    (n, ge): (usize, bool),
    (a, t): (f64, f64),
    (a_hid, t_hid): (bool, bool),
    w: &Lin,
    (ratio, d): (f64, f64),
    p: &Lin,
    cap: f64,
) -> Option<()> {
    let path = |f: &str| format!("indicators.{n}.{f}");
    let eq = |l: Lin| Row::between(l, -d, d);
    let w_hid = !w.is_constant();
    let (num_hid, den_hid) = if ge { (a_hid, t_hid) } else { (t_hid, a_hid) };
    let (num_v, den_v) = if ge { (a, t) } else { (t, a) };
    let (num_f, den_f) = if ge {
        ("actual", "target")
    } else {
        ("target", "actual")
    };
    match (num_hid, den_hid, w_hid) {
        (false, false, _) => b.sec.base.push(eq(p.plus(w, -ratio))),
        (true, false, false) if den_v > 0.0 => {
            // Points are linear in the withheld numerator below the cap.
            let nl = b.value(&path(num_f), num_v, true, (0.0, f64::INFINITY), 0.0);
            if num_v <= den_v {
                b.sec.base.push(eq(p.plus(&nl, -cap / den_v)));
                b.sec.base.push(Row::between(nl, f64::NEG_INFINITY, den_v));
            } else {
                b.sec.base.push(eq(p.plus(&Lin::constant(cap), -1.0)));
                b.sec.base.push(Row::between(nl, den_v, f64::INFINITY));
            }
        }
        (false, true, false) => {
            // The withheld denominator is read back from the points: c / points.
            b.protect(
                &path(den_f),
                Read::Inverse {
                    p: p.clone(),
                    c: cap * num_v,
                    cap,
                },
                den_v,
                0.0,
            );
        }
        (true, true, false) => {
            // Both withheld: their scale is free, whatever the points.
            b.value(&path(num_f), num_v, true, (0.0, f64::INFINITY), 0.0);
            b.value(&path(den_f), den_v, true, (0.0, f64::INFINITY), 0.0);
        }
        (nh, dh, true) => {
            // The weight withheld: fix the true ratio (no reader can know more).
            b.sec.base.push(eq(p.plus(w, -ratio)));
            let nl = b.value(&path(num_f), num_v, nh, (0.0, f64::INFINITY), 0.0);
            let dl = b.value(&path(den_f), den_v, dh, (0.0, f64::INFINITY), 0.0);
            if nh != dh {
                let row = if ratio < 1.0 {
                    Row::between(nl.plus(&dl, -ratio), 0.0, 0.0)
                } else {
                    Row::between(nl.plus(&dl, -1.0), 0.0, f64::INFINITY)
                };
                b.sec.base.push(row);
            }
        }
        _ => return None,
    }
    Some(())
}

/// An = indicator's share of its weight: 1 − |actual − target| / target, in [0, 1]; all or
/// nothing where that is the body's rule.
fn eq_ratio(a: f64, t: f64, rule: EqScoring) -> f64 {
    if t == 0.0 || rule == EqScoring::AllOrNothing {
        f64::from(u8::from(a == t))
    } else {
        (1.0 - (a - t).abs() / t.abs()).clamp(0.0, 1.0)
    }
}

/// Ties an = indicator's points to its actual and target. The points are linear in the actual
/// on each side of the target (w·a/t below it, w·(2 − a/t) above it, 0 from twice the target):
/// the true side is fixed, which no reader can know, so the model is stricter than any reader.
/// A withheld target alone is read back from the points on its true side ([`Read::EqTarget`]);
/// otherwise the true ratio is fixed and the withheld values tied to it.
#[allow(clippy::too_many_arguments)]
fn eq_link(
    b: &mut Builder,
    n: usize,
    (a, t): (f64, f64),
    (a_hid, t_hid): (bool, bool),
    w: &Lin,
    ratio: f64,
    d: f64,
    p: &Lin,
) {
    let path = |f: &str| format!("indicators.{n}.{f}");
    let eq = |l: Lin| Row::between(l, -d, d);
    let w_hid = !w.is_constant();
    let cap = if w_hid { 0.0 } else { w.constant };
    match (a_hid, t_hid, w_hid) {
        (false, false, _) => b.sec.base.push(eq(p.plus(w, -ratio))),
        (true, false, false) if t > 0.0 => {
            let al = b.value(&path("actual"), a, true, (0.0, f64::INFINITY), 0.0);
            if a <= t {
                b.sec.base.push(eq(p.plus(&al, -cap / t)));
                b.sec.base.push(Row::between(al, f64::NEG_INFINITY, t));
            } else if a < 2.0 * t {
                b.sec.base.push(eq(p
                    .plus(&al, cap / t)
                    .plus(&Lin::constant(-2.0 * cap), 1.0)));
                b.sec.base.push(Row::between(al, t, 2.0 * t));
            } else {
                b.sec.base.push(eq(p.clone()));
                b.sec.base.push(Row::between(al, 2.0 * t, f64::INFINITY));
            }
        }
        (false, true, false) if a > 0.0 && t > 0.0 => b.protect(
            &path("target"),
            Read::EqTarget {
                p: p.clone(),
                aw: a * cap,
                w: cap,
                over: a > t,
            },
            t,
            0.0,
        ),
        _ => {
            // Two or more withheld (or a zero): fix the true ratio and the side.
            b.sec.base.push(eq(p.plus(w, -ratio)));
            let al = b.value(&path("actual"), a, a_hid, (0.0, f64::INFINITY), 0.0);
            let tl = b.value(&path("target"), t, t_hid, (0.0, f64::INFINITY), 0.0);
            if a_hid || t_hid {
                let k = if a <= t { ratio } else { 2.0 - ratio };
                let row = if ratio > 0.0 || a <= t {
                    Row::between(al.plus(&tl, -k), 0.0, 0.0)
                } else {
                    Row::between(al.plus(&tl, -2.0), 0.0, f64::INFINITY)
                };
                b.sec.base.push(row);
            }
        }
    }
}
