//! Relations among stated figures: a rate equals part over whole; categories add up to their
//! total; 核减 is 申报 minus 审核; counts of a part do not exceed the whole. Every check allows
//! for the rounding the stated decimals imply (interval arithmetic), so 72.2% agrees with
//! 4.66亿元 / 6.45亿元. Each disagreement is one warning at the figure's line. No I/O here.

use super::stated::{By, Group, Stated, Summary, Value};
use crate::diag::{Diagnostic, rule};
use crate::model::{Decimal, Money};

/// A stated quantity as an interval, in a common unit (分 for money, hundredths of a percent
/// point ×10^4 for rates, units for counts), scaled to integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Iv {
    lo: i128,
    hi: i128,
}

/// Rates are compared in millionths of a percent point.
const RATE_SCALE: u32 = 6;

fn iv(v: &Value) -> Option<Iv> {
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
const HUGE: i128 = i128::MAX / 1024;

/// A stated figure as an interval: the rounding of an exact figure, or the interval its form
/// gives ("约1600", "1600余", "超过80%", "40%-50%").
fn ivs(s: &Stated) -> Option<Iv> {
    if s.form == super::form::Form::Exact {
        return iv(&s.value);
    }
    let b = s.bounds();
    let int = |d: Option<crate::model::Decimal>, none: i128| -> Option<i128> {
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

/// A decimal at RATE_SCALE as an integer.
fn scaled(d: Decimal) -> Option<i128> {
    let d = d.round(RATE_SCALE);
    let shift = RATE_SCALE.checked_sub(d.scale)?;
    d.mantissa.checked_mul(10i128.checked_pow(shift)?)
}

/// part / whole × 100 as an interval at RATE_SCALE.
fn ratio(part: Iv, whole: Iv) -> Option<Iv> {
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

fn overlaps(a: Iv, b: Iv) -> bool {
    a.lo <= b.hi && b.lo <= a.hi
}

/// Stated figures that contradict each other: where, which figures, and what to say about it
/// in English (the build's warning) and in Chinese (the year page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub col: usize,
    pub paths: Vec<String>,
    pub en: String,
    pub zh: String,
}

impl Finding {
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::error(rule::STATED_RELATION, file, self.line, self.col)
            .msg(self.en.clone())
            .hint("the stated figures contradict each other beyond rounding: check the report they were copied from, and explain a known discrepancy in the group's `note`")
    }
}

fn finding(at: &Stated, paths: &[String], en: String, zh: String) -> Finding {
    Finding {
        line: at.line,
        col: at.col,
        paths: paths.to_vec(),
        en,
        zh,
    }
}

/// Check every relation among the stated figures of a summary.
pub fn check(summary: &Summary) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, prefix, g) in summary.sections() {
        group(&prefix, g, &mut out);
    }
    coverage_of_monitoring(summary, &mut out);
    out
}

/// A group's count, or the sum of its categories' counts when only those are stated.
fn count_of(g: &Group) -> Option<(u64, &Stated)> {
    if let Some(s) = g.get("count") {
        return match s.exact() {
            Some(Value::Count(n)) => Some((*n, s)),
            _ => None,
        };
    }
    let parts: Vec<(u64, &Stated)> = g
        .children
        .iter()
        .filter(|c| c.by == By::Category)
        .map(|c| count_of(&c.group))
        .collect::<Option<_>>()?;
    let first = parts.first()?.1;
    Some((parts.iter().map(|(n, _)| n).sum(), first))
}

/// At the year's last monitoring node (August or later), every project with a goal is
/// monitored: the node's project count equals the goals' count.
fn coverage_of_monitoring(summary: &Summary, out: &mut Vec<Finding>) {
    let (Some(goals), Some((node, g))) = (&summary.goals, summary.monitoring.last()) else {
        return;
    };
    let (Some(Value::Count(goal_count)), Some((monitored, at))) =
        (goals.get("count").and_then(Stated::exact), count_of(g))
    else {
        return;
    };
    if node.month >= 8 && monitored != *goal_count {
        let paths = [
            format!("monitoring.{node}.count"),
            "goals.count".to_string(),
        ];
        out.push(finding(
            at,
            &paths,
            format!("monitoring at {node} covers {monitored} projects but `goals.count` is {goal_count}: at the year's last node every project with a goal is monitored"),
            format!("{node} 绩效监控覆盖 {monitored} 个项目，而设定绩效目标的项目为 {goal_count} 个；年度最后一次监控应覆盖全部设定绩效目标的项目，两者口径不一致。"),
        ));
    }
}

fn group(prefix: &str, g: &Group, out: &mut Vec<Finding>) {
    for (rate, part, whole) in [
        ("cut_rate", "cut", "requested"),
        ("rate", "executed", "budget"),
        ("unit_rate", "unit_executed", "unit_budget"),
    ] {
        rate_rule(prefix, g, rate, part, whole, out);
    }
    cut_rule(prefix, g, out);
    for (part, whole) in [
        ("withheld", "count"),
        ("rectified", "findings"),
        ("red", "count"),
        ("yellow", "count"),
        ("suspended", "count"),
    ] {
        not_above(prefix, g, part, whole, out);
    }
    for by in [By::Conclusion, By::Grade, By::Category] {
        sums(prefix, g, by, out);
    }
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        if c.by == By::Grade {
            share_rule(&p, &c.group, g, out);
        }
        group(&p, &c.group, out);
    }
}

fn rate_rule(prefix: &str, g: &Group, rate: &str, part: &str, whole: &str, out: &mut Vec<Finding>) {
    let (Some(r), Some(p), Some(w)) = (g.get(rate), g.get(part), g.get(whole)) else {
        return;
    };
    let (Some(ri), Some(pi), Some(wi)) = (ivs(r), ivs(p), ivs(w)) else {
        return;
    };
    let Some(q) = ratio(pi, wi) else { return };
    if !overlaps(ri, q) {
        let exact = match (p.exact(), w.exact()) {
            (Some(Value::Money(a)), Some(Value::Money(b))) => {
                crate::model::value::percent_of(a.fen, b.fen, 2).map(|d| format!("{d}%"))
            }
            _ => None,
        };
        let exact = exact.unwrap_or_default();
        let (rv, pv, wv) = (r.written.clone(), p.written.clone(), w.written.clone());
        let paths = [
            format!("{prefix}.{rate}"),
            format!("{prefix}.{part}"),
            format!("{prefix}.{whole}"),
        ];
        out.push(finding(r, &paths, format!("`{prefix}.{rate}` is stated as {rv} but {part} / {whole} = {pv} / {wv} gives {exact}"), format!("{} 公布为 {rv}，按 {pv} ÷ {wv} 计算为 {exact}，两者不符。", paths[0])));
    }
}

fn cut_rule(prefix: &str, g: &Group, out: &mut Vec<Finding>) {
    let (Some(c), Some(r), Some(a)) = (g.get("cut"), g.get("requested"), g.get("approved")) else {
        return;
    };
    let (Some(ci), Some(ri), Some(ai)) = (ivs(c), ivs(r), ivs(a)) else {
        return;
    };
    let diff = Iv {
        lo: ri.lo - ai.hi,
        hi: ri.hi - ai.lo,
    };
    if !overlaps(ci, diff) {
        let (cv, rv, av) = (c.written.clone(), r.written.clone(), a.written.clone());
        let paths = [
            format!("{prefix}.cut"),
            format!("{prefix}.requested"),
            format!("{prefix}.approved"),
        ];
        out.push(finding(
            c,
            &paths,
            format!("`{prefix}.cut` is stated as {cv} but requested − approved = {rv} − {av}"),
            format!("{} 公布为 {cv}，与申报 {rv} 减审核 {av} 不符。", paths[0]),
        ));
    }
}

fn not_above(prefix: &str, g: &Group, part: &str, whole: &str, out: &mut Vec<Finding>) {
    let (Some(p), Some(w)) = (g.get(part), g.get(whole)) else {
        return;
    };
    let (Some(pi), Some(wi)) = (ivs(p), ivs(w)) else {
        return;
    };
    if pi.lo > wi.hi {
        let (pv, wv) = (p.written.clone(), w.written.clone());
        let paths = [format!("{prefix}.{part}"), format!("{prefix}.{whole}")];
        out.push(finding(
            p,
            &paths,
            format!("`{prefix}.{part}` ({pv}) is more than `{prefix}.{whole}` ({wv})"),
            format!("{}（{pv}）大于 {}（{wv}）。", paths[0], paths[1]),
        ));
    }
}

/// A by_grade share is the grade's count over the group's count.
fn share_rule(prefix: &str, g: &Group, parent: &Group, out: &mut Vec<Finding>) {
    let (Some(s), Some(n), Some(total)) = (g.get("share"), g.get("count"), parent.get("count"))
    else {
        return;
    };
    let (Some(si), Some(ni), Some(ti)) = (ivs(s), ivs(n), ivs(total)) else {
        return;
    };
    let Some(q) = ratio(ni, ti) else { return };
    if !overlaps(si, q) {
        let (sv, nv, tv) = (s.written.clone(), n.written.clone(), total.written.clone());
        let paths = [format!("{prefix}.share"), format!("{prefix}.count")];
        out.push(finding(
            s,
            &paths,
            format!("`{prefix}.share` is stated as {sv} but {nv} of {tv} is not that share"),
            format!("{} 公布为 {sv}，与 {nv} ÷ {tv} 不符。", paths[0]),
        ));
    }
}

/// Breakdowns add up: never above the total; equal when two or more parts are stated and, for
/// conclusions and grades, every category is listed.
fn sums(prefix: &str, g: &Group, by: By, out: &mut Vec<Finding>) {
    let children: Vec<&Group> = g
        .children
        .iter()
        .filter(|c| c.by == by)
        .map(|c| &c.group)
        .collect();
    if children.is_empty() {
        return;
    }
    let complete = match by {
        By::Conclusion => children.len() == 3,
        By::Grade => children.len() == 4,
        By::Category => children.len() >= 2,
    };
    for total in &g.figures {
        if !matches!(total.value, Value::Count(_) | Value::Money(_)) {
            continue;
        }
        let parts: Vec<&Stated> = children.iter().filter_map(|c| c.get(total.key)).collect();
        let Some(ti) = ivs(total) else { continue };
        let mut sum = Iv { lo: 0, hi: 0 };
        for p in &parts {
            if let Some(pi) = ivs(p) {
                sum = Iv {
                    lo: sum.lo + pi.lo,
                    hi: sum.hi + pi.hi,
                };
            }
        }
        let all = parts.len() == children.len() && complete;
        let wrong = sum.lo > ti.hi || (all && sum.hi < ti.lo);
        if wrong && !parts.is_empty() {
            let shown = sum_text(&parts, &total.value);
            let tv = total.written.clone();
            let path = format!("{prefix}.{}", total.key);
            let mut paths = vec![path.clone()];
            paths.extend(
                g.children
                    .iter()
                    .filter(|c| c.by == by)
                    .map(|c| format!("{prefix}.{}.{}.{}", by.key(), c.label, total.key)),
            );
            out.push(finding(
                total,
                &paths,
                format!(
                    "the {} parts of `{path}` add up to {shown}, not {tv}",
                    by.key().trim_start_matches("by_")
                ),
                format!("{path} 的各分项合计为 {shown}，与公布的 {tv} 不符。"),
            ));
        }
    }
}

fn sum_text(parts: &[&Stated], like: &Value) -> String {
    match like {
        Value::Money(_) => {
            let fen: i128 = parts
                .iter()
                .filter_map(|p| {
                    if let Value::Money(m) = &p.value {
                        Some(m.fen)
                    } else {
                        None
                    }
                })
                .sum();
            Money::from_fen(fen).format_auto()
        }
        _ => parts
            .iter()
            .filter_map(|p| {
                if let Value::Count(n) = p.value {
                    Some(n)
                } else {
                    None
                }
            })
            .sum::<u64>()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MoneyUnit, Percent};

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
