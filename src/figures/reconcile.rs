//! Reconciliation: each stated figure is compared with the computed one where records cover
//! it, within the tolerance its stated decimals imply; each self-evaluation's stated score and
//! grade with the computed ones. Mismatches are warnings (`check --strict` makes them errors).
//! A message never shows a computed value that includes a withheld amount. No I/O here.

use super::compute::{Fig, Figures};
use super::score;
use super::stated::{Group, Stated, Summary, Value};
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::model::*;

/// The result of comparing one stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Agrees,
    Differs,
    /// No records cover it, or coverage is partial.
    Unchecked,
    /// Withheld values take part: whether it agrees is not published.
    Withheld,
}

pub fn compare(stated: &Value, computed: &Value) -> Status {
    let ok = match (stated, computed) {
        (Value::Count(a), Value::Count(b)) => a == b,
        (Value::Money(a), Value::Money(b)) => a.matches(b.fen),
        (Value::Percent(a), Value::Percent(b)) => a.matches(b.0),
        (Value::Score(a), Value::Score(b)) => within(*a, *b),
        _ => return Status::Unchecked,
    };
    if ok { Status::Agrees } else { Status::Differs }
}

/// A stated figure against a computed one: within the stated rounding when written exactly,
/// within the interval its form gives when written approximately, as a bound or a range.
pub fn compare_stated(s: &Stated, computed: &Value) -> Status {
    if s.form == super::form::Form::Exact {
        return compare(&s.value, computed);
    }
    if std::mem::discriminant(&s.value) != std::mem::discriminant(computed) {
        return Status::Unchecked;
    }
    if s.bounds().contains(super::form::number(computed)) {
        Status::Agrees
    } else {
        Status::Differs
    }
}

/// Scores agree within 0.05 points (a score stated to one decimal).
fn within(a: Decimal, b: Decimal) -> bool {
    let tolerance = Decimal {
        mantissa: 5,
        scale: 2,
    };
    a.sub(b)
        .and_then(Decimal::abs)
        .is_some_and(|d| d <= tolerance)
}

pub fn show(v: &Value) -> String {
    super::value_text(v, false, Language::Zh)
}

/// Walk every stated figure with its path, in order.
pub fn each_stated<'a>(summary: &'a Summary, mut f: impl FnMut(String, &'a Group, &'a Stated)) {
    fn walk<'a>(prefix: &str, g: &'a Group, f: &mut dyn FnMut(String, &'a Group, &'a Stated)) {
        for s in &g.figures {
            f(format!("{prefix}.{}", s.key), g, s);
        }
        for c in &g.children {
            walk(&format!("{prefix}.{}.{}", c.by.key(), c.label), &c.group, f);
        }
    }
    for (_, prefix, g) in summary.sections() {
        walk(&prefix, g, &mut f);
    }
}

/// Whether a group's figures are checked (its own coverage and its ancestors').
fn covered(summary: &Summary, path: &str) -> bool {
    let mut partial = false;
    each_group(summary, |p, g| {
        if path.starts_with(&format!("{p}.")) && g.coverage == Coverage::Partial {
            partial = true;
        }
    });
    !partial
}

fn each_group<'a>(summary: &'a Summary, mut f: impl FnMut(&str, &'a Group)) {
    fn walk<'a>(prefix: &str, g: &'a Group, f: &mut dyn FnMut(&str, &'a Group)) {
        f(prefix, g);
        for c in &g.children {
            walk(&format!("{prefix}.{}.{}", c.by.key(), c.label), &c.group, f);
        }
    }
    for (_, prefix, g) in summary.sections() {
        walk(&prefix, g, &mut f);
    }
}

/// Status of the stated figure at `path` against the full computation.
pub fn status_of(summary: &Summary, full: &Figures, path: &str, s: &Stated) -> Status {
    match full.get(path) {
        Some(fig) if covered(summary, path) => compare_stated(s, &fig.value),
        _ => Status::Unchecked,
    }
}

/// Reconcile a year's summary with the full computation. `sensitive` tells whether a figure's
/// computation includes withheld values (then the computed value is not printed).
/// Returns the paths of the stated figures that disagree with the records.
pub fn summary(
    summary: &Summary,
    full: &Figures,
    sensitive: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> std::collections::BTreeSet<String> {
    let mut wrong = std::collections::BTreeSet::new();
    each_stated(summary, |path, _, s| {
        if status_of(summary, full, &path, s) != Status::Differs {
            return;
        }
        wrong.insert(path.clone());
        let Some(Fig { value, .. }) = full.get(&path) else {
            return;
        };
        let written = s.text.trim();
        let message = if sensitive(&path) {
            format!(
                "`{path}` 公布为 {written}，与记录合计不符（计算值含不予公开的数值，不显示）；{}",
                tolerance(&s.value)
            )
        } else if s.form != super::form::Form::Exact {
            format!(
                "`{path}` 公布为 {written}，按记录计算为 {}，不在所写的范围之内",
                show(value),
            )
        } else {
            format!(
                "`{path}` 公布为 {written}，按记录计算为 {}，相差 {}；{}",
                show(value),
                difference(&s.value, value),
                tolerance(&s.value)
            )
        };
        diags.push(
            Diagnostic::error(rule::RECONCILE, &summary.path, s.line, s.col)
                .msg(message)
                .hint("逐条核对记录与公布数字：改正抄错的一方；记录只是公布数字所涉项目的一部分时，在该组写 `coverage: partial`"),
        );
    });
    wrong
}

/// Stated minus computed, in the stated figure's terms.
fn difference(a: &Value, b: &Value) -> String {
    let signed = |neg: bool, t: String| if neg { format!("-{t}") } else { t };
    match (a, b) {
        (Value::Count(x), Value::Count(y)) => (*x as i128 - *y as i128).to_string(),
        (Value::Money(x), Value::Money(y)) => signed(
            x.fen < y.fen,
            Money::from_fen((x.fen - y.fen).abs()).format_auto(),
        ),
        (Value::Percent(x), Value::Percent(y)) => {
            x.0.sub(y.0)
                .map(|d| format!("{} 个百分点", d.round(2)))
                .unwrap_or_default()
        }
        (Value::Score(x), Value::Score(y)) => {
            x.sub(*y).map(|d| format!("{d} 分")).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The tolerance a stated figure's written decimals allow.
fn tolerance(v: &Value) -> String {
    match v {
        Value::Count(_) => "项目数、单位数须完全一致".to_string(),
        Value::Money(m) => format!(
            "按所写小数位，容差为 ±{}",
            Money::from_fen(m.tolerance_fen()).format(m.unit, m.decimals + 1)
        ),
        Value::Percent(p) => format!("按所写小数位，容差为 ±{} 个百分点", p.tolerance()),
        Value::Score(_) => "分数容差为 ±0.05 分".to_string(),
        Value::Grade(_) => "等级须一致".to_string(),
    }
}

/// A self-evaluation's stated score and grade against the computed ones.
pub fn self_evaluation(r: &Record, s: &SelfEvaluation, diags: &mut Diagnostics) {
    let quiet = r.disclosure.status != DisclosureStatus::Public;
    let computed = score::self_evaluation_score(s);
    if let (Some(Pub::Shown(stated)), Some(c)) = (&s.score, computed)
        && !within(*stated, c)
    {
        let message = if quiet {
            "the stated `score` differs from the score computed from the indicators".to_string()
        } else {
            format!(
                "the stated `score` {stated} differs from the score computed from the indicators, {c}"
            )
        };
        diags.push(
                Diagnostic::error(
                    rule::SCORE_MISMATCH,
                    &r.source.path,
                    r.source.score().0,
                    r.source.score().1,
                )
                    .msg(message)
                    .hint("check each indicator's actual value, weight and score, and the budget figures (预算执行率 counts 10 points)"),
            );
    }
    let basis = match &s.score {
        Some(Pub::Shown(sc)) => Some(*sc),
        _ => computed,
    };
    if let (Some(Pub::Shown(g)), Some(sc)) = (&s.grade, basis) {
        let band = Grade::from_score(sc);
        if *g != band {
            let message = if quiet {
                "the stated `grade` does not match the band of the score".to_string()
            } else {
                format!(
                    "the stated `grade` {} does not match the score {sc}, which is {}",
                    g.zh(),
                    band.zh()
                )
            };
            diags.push(
                Diagnostic::error(
                    rule::GRADE_MISMATCH,
                    &r.source.path,
                    r.source.grade().0,
                    r.source.grade().1,
                )
                .msg(message)
                .hint("优 is 90 and above, 良 80 to under 90, 中 60 to under 80, 差 under 60"),
            );
        }
    }
}
