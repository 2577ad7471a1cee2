//! Reconciliation: each stated figure is compared with the computed one where records cover
//! it, within the tolerance its stated decimals imply; each self-evaluation's stated score and
//! grade with the computed ones. Mismatches are warnings (`check --strict` makes them errors).
//! A message never shows a computed value that includes a withheld amount. No I/O here.

use super::compute::{Fig, Figures};
use super::score;
use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::model::form::{self, Form};
use crate::model::summary::{Group, Stated, Summary, Value};
use crate::model::*;
use crate::said;

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
    if s.form == Form::Exact {
        return compare(&s.value, computed);
    }
    if std::mem::discriminant(&s.value) != std::mem::discriminant(computed) {
        return Status::Unchecked;
    }
    if s.bounds().contains(form::number(computed)) {
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
        let partial = Said::new(
            "记录只涵盖该组所涉项目的一部分时，在该组写 `coverage: partial`",
            "if the records cover only some of the projects the group is about, write `coverage: partial` in the group",
        );
        let (message, hint) = if sensitive(&path) {
            (
                said!(
                    "`{path}` 公布为 {written}，与按记录计算的结果不符（计算值含不予公开的数值，不显示）",
                    "`{path}` is stated as {written}, which disagrees with the figure computed from the records (it includes withheld amounts, so it is not shown)"
                )
                .join("；", "; ", &tolerance(&s.value)),
                Said::new(
                    "逐条核对记录与公布数字，改正抄错的一方",
                    "check the records against the stated figure and correct whichever is wrong",
                ),
            )
        } else {
            let computed = show(value);
            let message = if s.form != Form::Exact {
                said!(
                    "`{path}` 公布为 {written}，按记录计算为 {computed}，不在所写的范围之内",
                    "`{path}` is stated as {written}, but computed from the records it is {computed}, outside what is written"
                )
            } else {
                let d = difference(&s.value, value);
                let (dz, de) = (d.zh(), d.en());
                said!(
                    "`{path}` 公布为 {written}，按记录计算为 {computed}，相差 {dz}",
                    "`{path}` is stated as {written}, but computed from the records it is {computed}, a difference of {de}"
                )
                .join("；", "; ", &tolerance(&s.value))
            };
            let hint = said!(
                "逐条核对记录与公布数字，改正抄错的一方：记录无误的，把这里的数字改为 {computed}",
                "check the records against the stated figure and correct whichever is wrong: if the records are right, write {computed} here"
            );
            (message, hint)
        };
        diags.push(
            Diagnostic::error(rule::RECONCILE, &summary.path, s.line, s.col)
                .msg(message)
                .hint(hint.join("；", "; ", &partial)),
        );
    });
    wrong
}

/// Stated minus computed, in the stated figure's terms.
fn difference(a: &Value, b: &Value) -> Said {
    let signed = |neg: bool, t: String| if neg { format!("-{t}") } else { t };
    match (a, b) {
        (Value::Count(x), Value::Count(y)) => {
            let d = *x as i128 - *y as i128;
            said!("{d}", "{d}")
        }
        (Value::Money(x), Value::Money(y)) => {
            let d = signed(
                x.fen < y.fen,
                Money::from_fen((x.fen - y.fen).abs()).format_auto(),
            );
            said!("{d}", "{d}")
        }
        (Value::Percent(x), Value::Percent(y)) => {
            x.0.sub(y.0)
                .map(|d| {
                    let d = d.round(2);
                    said!("{d} 个百分点", "{d} percentage points")
                })
                .unwrap_or_default()
        }
        (Value::Score(x), Value::Score(y)) => x
            .sub(*y)
            .map(|d| said!("{d} 分", "{d} points"))
            .unwrap_or_default(),
        _ => Said::default(),
    }
}

/// The tolerance a stated figure's written decimals allow.
fn tolerance(v: &Value) -> Said {
    match v {
        Value::Count(_) => Said::new("数量须完全一致", "counts must agree exactly"),
        Value::Money(m) => {
            let t = Money::from_fen(m.tolerance_fen()).format(m.unit, m.decimals + 1);
            said!(
                "按所写小数位，容差为 ±{t}",
                "the decimals written allow ±{t}"
            )
        }
        Value::Percent(p) => {
            let t = p.tolerance();
            said!(
                "按所写小数位，容差为 ±{t} 个百分点",
                "the decimals written allow ±{t} percentage points"
            )
        }
        Value::Score(_) => Said::new("分数容差为 ±0.05 分", "scores may differ by 0.05 points"),
        Value::Grade(_) => Said::new("等级须一致", "grades must be the same"),
    }
}

/// A self-evaluation's stated score and grade against the computed ones.
pub fn self_evaluation(r: &Record, s: &SelfEvaluation, diags: &mut Diagnostics) {
    let quiet = r.disclosure.status != DisclosureStatus::Public;
    let computed = score::self_evaluation_score(s);
    if let (Some(Pub::Shown(stated)), Some(c)) = (&s.score, computed)
        && !within(*stated, c)
    {
        diags.push(score_mismatch(r, *stated, c, quiet));
    }
    let basis = match &s.score {
        Some(Pub::Shown(sc)) => Some(*sc),
        _ => computed,
    };
    if let (Some(Pub::Shown(g)), Some(sc)) = (&s.grade, basis) {
        let band = Grade::from_score(sc);
        if *g != band {
            diags.push(grade_mismatch(r, *g, band, sc, quiet));
        }
    }
}

/// The stated score of a self-evaluation differs from the computed one `c`; a record that
/// withholds anything (`quiet`) is told so without either value.
fn score_mismatch(r: &Record, stated: Decimal, c: Decimal, quiet: bool) -> Diagnostic {
    let check = Said::new(
        "请核对每项指标的实际完成值（`actual`）、分值（`weight`）和得分（`score`），以及预算数和执行数（预算执行率占10分）",
        "check each indicator's actual value (`actual`), weight (`weight`) and points (`score`), and the budget figures (预算执行率 is worth 10 points)",
    );
    let (message, hint) = if quiet {
        (
            Said::new(
                "填报的自评得分（`score`）与按各项指标计算的得分不一致",
                "the stated `score` differs from the score computed from the indicators",
            ),
            check,
        )
    } else {
        (
            said!(
                "填报的自评得分（`score`）为 {stated} 分，按各项指标计算为 {c} 分，两者不一致",
                "the stated `score` is {stated}, but the indicators give {c}"
            ),
            check.join(
                "；核对无误的，",
                "; if they are right, ",
                &said!("把 `score` 改为 {c}", "write `score: {c}`"),
            ),
        )
    };
    Diagnostic::error(
        rule::SCORE_MISMATCH,
        &r.source.path,
        r.source.score().0,
        r.source.score().1,
    )
    .msg(message)
    .hint(hint)
}

/// The stated grade `g` of a self-evaluation is not the `band` of its score `sc`; a record
/// that withholds anything (`quiet`) is told so without either value.
fn grade_mismatch(r: &Record, g: Grade, band: Grade, sc: Decimal, quiet: bool) -> Diagnostic {
    let bands = Said::new(
        "90分（含）以上为优，80分（含）至90分为良，60分（含）至80分为中，60分以下为差",
        "优 is 90 and above, 良 80 to under 90, 中 60 to under 80, 差 under 60",
    );
    let (message, hint) = if quiet {
        (
            Said::new(
                "填报的等级（`grade`）与得分所在的等级区间不符",
                "the stated `grade` does not match the band of the score",
            ),
            bands,
        )
    } else {
        let (g, band) = (g.zh(), band.zh());
        (
            said!(
                "填报的等级（`grade`）为{g}，但得分 {sc} 分对应的等级是{band}",
                "the stated `grade` is {g}, but the score {sc} is in the {band} band"
            ),
            bands.join(
                "。",
                "; ",
                &said!(
                    "请把 `grade` 改为 `{band}`，或核对 `score`",
                    "write `grade: {band}`, or check `score`"
                ),
            ),
        )
    };
    Diagnostic::error(
        rule::GRADE_MISMATCH,
        &r.source.path,
        r.source.grade().0,
        r.source.grade().1,
    )
    .msg(message)
    .hint(hint)
}
