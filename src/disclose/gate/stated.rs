//! Stated figures of summary.yaml as candidates of the gate: each figure says which records it
//! covers (a filter over their categories) and how it binds them — a count, a sum of amounts
//! within the rounding of the stated decimals, a rate with its base, an average, a share. Where
//! coverage is partial the records on the site are a part of what the body counts, so a sum or
//! count only bounds them from above. A figure the model does not represent is
//! [`Tpl::Unmodelable`]. No I/O here.

use super::lp::Lin;
use super::model::*;
use super::records::{Vocab, grade_index, num, wan};
use crate::model::summary::{By, Group, Stated, Summary, Value};
use crate::model::*;

/// The slack of each (group, field) where coverage is partial: its section and variable.
type Slacks = std::collections::BTreeMap<(String, &'static str), (usize, Lin)>;

/// Every stated figure with its section and candidate. Where coverage is partial, each
/// group's total of a field is the records' sum plus a slack variable (what the body counts
/// beyond the site), shared by every figure of that group.
pub fn candidates(
    summary: &Summary,
    vocab: &Vocab,
    sections: &mut [Section],
) -> Vec<(usize, Candidate)> {
    let mut out = Vec::new();
    let mut slacks = Slacks::new();
    for (section, prefix, g) in summary.sections() {
        let sec = section as usize;
        let base = base_filter(section, &prefix, vocab, g);
        walk(
            &prefix,
            g,
            &base,
            g.coverage == Coverage::Partial,
            &mut |path, f, partial, s, stubs_group| {
                let group = path
                    .rsplit_once('.')
                    .map_or(String::new(), |(p, _)| p.to_string());
                let mut slack = |field: &'static str| -> Lin {
                    if !partial {
                        return Lin::default();
                    }
                    slacks
                        .entry((group.clone(), field))
                        .or_insert_with(|| (sec, sections[sec].var(0.0, f64::INFINITY)))
                        .1
                        .clone()
                };
                let tpls = figure(section, f, partial, s, stubs_group, &mut slack);
                out.push((
                    sec,
                    Candidate {
                        key: Key::Stated(path),
                        tpls,
                    },
                ));
            },
        );
    }
    comparisons(summary, &mut out);
    nest_slacks(&slacks, sections);
    complete_counts(&slacks, &mut out);
    out
}

/// A comparison with last year ties this year's figure to last year's: published only where
/// nothing of the section is hidden (last year's side is the caller's, see `disclose`).
fn comparisons(summary: &Summary, out: &mut Vec<(usize, Candidate)>) {
    for (section, prefix, g) in summary.sections() {
        changes(&prefix, g, &mut |path| {
            out.push((
                section as usize,
                Candidate {
                    key: Key::Stated(path),
                    tpls: vec![Tpl::Unmodelable],
                },
            ))
        });
    }
}

/// What a breakdown's row counts beyond the site is part of what its group counts beyond it.
fn nest_slacks(slacks: &Slacks, sections: &mut [Section]) {
    for ((group, field), (sec, child)) in slacks {
        let Some((parent, _)) = group.rsplit_once(".by_") else {
            continue;
        };
        if let Some((_, whole)) = slacks.get(&(parent.to_string(), *field)) {
            let row = super::lp::Row::between(child.plus(whole, -1.0), f64::NEG_INFINITY, 0.0);
            sections[*sec].base.push(row);
        }
    }
}

/// Where a partial group's stated count equals its records on the site, the site holds all of
/// them: nothing is left for the slack of that group's amounts.
fn complete_counts(slacks: &Slacks, out: &mut [(usize, Candidate)]) {
    for (_, c) in out {
        let Key::Stated(path) = &c.key else { continue };
        let Some(group) = path.strip_suffix(".count") else {
            continue;
        };
        let vars: Vec<Lin> = slacks
            .iter()
            .filter(|((g, _), _)| g == group)
            .map(|(_, (_, l))| l.clone())
            .collect();
        if let (false, Some(Tpl::Count(f, _, hi))) = (vars.is_empty(), c.tpls.first().cloned()) {
            c.tpls.push(Tpl::Complete(f, hi, vars));
        }
    }
}

/// Every comparison with last year of a group and its breakdowns, by path.
pub fn changes(prefix: &str, g: &Group, visit: &mut dyn FnMut(String)) {
    for c in &g.changes {
        visit(format!("{prefix}.vs_last_year.{}", c.key));
    }
    for c in &g.children {
        changes(
            &format!("{prefix}.{}.{}", c.by.key(), c.label),
            &c.group,
            visit,
        );
    }
}

type Visit<'a> = dyn FnMut(String, &Filter, bool, &Stated, bool) + 'a;

fn walk(prefix: &str, g: &Group, f: &Filter, partial: bool, visit: &mut Visit) {
    for s in &g.figures {
        visit(format!("{prefix}.{}", s.key), f, partial, s, false);
    }
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        let partial = partial || c.group.coverage == Coverage::Partial;
        let child = match c.by {
            By::Grade => Grade::ALL
                .iter()
                .find(|x| x.zh() == c.label)
                .map(|x| with(f, Dim::Grade, vec![grade_index(*x)])),
            By::Conclusion => Conclusion::ALL
                .iter()
                .position(|x| x.zh() == c.label)
                .map(|i| with(f, Dim::Conclusion, vec![i as u32])),
            By::Category => None,
        };
        match child {
            Some(cf) => walk(&p, &c.group, &cf, partial, visit),
            None => {
                // A category the records do not carry: nothing ties it to them.
                for s in &c.group.figures {
                    visit(format!("{p}.{}", s.key), f, partial, s, true);
                }
            }
        }
    }
}

fn with(f: &Filter, d: Dim, set: Vec<u32>) -> Filter {
    let mut f = f.clone();
    f.conds.push((d, set));
    f
}

fn base_filter(
    section: crate::model::summary::Section,
    prefix: &str,
    vocab: &Vocab,
    g: &Group,
) -> Filter {
    use crate::model::summary::Section as S;
    match section {
        S::Monitoring => {
            let node = prefix
                .strip_prefix("monitoring.")
                .and_then(|m| vocab.nodes.iter().position(|x| x.to_string() == m));
            Filter {
                conds: vec![(Dim::Node, vec![node.unwrap_or(vocab.nodes.len()) as u32])],
                stubs_only: false,
            }
        }
        S::Evaluations => {
            let mut cells: Vec<u32> = g.types.iter().map(|t| vocab.cell(*t)).collect();
            if g.types.is_empty()
                && let Some(t) = EvalType::ALL.iter().find(|t| t.zh() == g.label)
            {
                cells.push(vocab.cell(*t));
            }
            cells.sort_unstable();
            cells.dedup();
            Filter {
                conds: vec![(Dim::Type, cells)],
                stubs_only: false,
            }
        }
        _ => Filter::default(),
    }
}

/// The scope a key counts: projects, units, or both.
fn scope(section: crate::model::summary::Section, key: &str) -> Option<u32> {
    use crate::model::summary::Section as S;
    match (section, key) {
        (S::Goals | S::SelfEvaluations, "count" | "funds") => Some(0),
        (S::Goals, "units" | "unit_funds") | (S::SelfEvaluations, "units") => Some(1),
        (S::Monitoring, "count" | "budget" | "executed" | "rate") => Some(0),
        (S::Monitoring, "units" | "unit_budget" | "unit_executed" | "unit_rate") => Some(1),
        _ => None,
    }
}

/// What one stated figure says of the records it covers, as the gate's templates.
fn figure(
    section: crate::model::summary::Section,
    f: &Filter,
    partial: bool,
    s: &Stated,
    by_category: bool,
    slack: &mut dyn FnMut(&'static str) -> Lin,
) -> Vec<Tpl> {
    if by_category {
        return vec![Tpl::Unmodelable];
    }
    let f = scoped(section, f, s.key);
    let given = Given {
        exact: s.form == crate::model::form::Form::Exact,
        bounds: s.bounds(),
        partial,
    };
    let tpl = match &s.value {
        Value::Count(n) => count(f, s.key, given.upper(*n as f64, 0.0)),
        Value::Money(m) => money(section, f, s.key, m, &given, slack),
        Value::Percent(p) => percent(f, s.key, p, &given, slack),
        Value::Score(d) if s.key == "score" => score(f, d, &given),
        _ => Tpl::Unmodelable,
    };
    vec![tpl]
}

/// The records a figure covers: its group's, of the scope its key counts. A self-evaluation
/// grade's count and share cover project records only, as `count` does.
fn scoped(section: crate::model::summary::Section, f: &Filter, key: &str) -> Filter {
    use crate::model::summary::Section as S;
    let graded = f.conds.iter().any(|(d, _)| *d == Dim::Grade);
    match scope(section, key) {
        Some(sc) => with(f, Dim::Scope, vec![sc]),
        None if graded && section == S::SelfEvaluations && key == "share" => {
            with(f, Dim::Scope, vec![0])
        }
        None => f.clone(),
    }
}

/// The interval a figure gives: its rounding when written exactly; its form's interval when
/// written "约1600", "1600余", "超过80%" or "40%-50%". Where coverage is partial, only its top
/// binds the records.
struct Given {
    exact: bool,
    bounds: crate::model::form::Bounds,
    partial: bool,
}

impl Given {
    /// The interval of a figure of value `v` written to within `tol`, in the gate's unit
    /// (`per_unit` of the figure's natural unit).
    fn within(&self, v: f64, tol: f64, per_unit: f64) -> (f64, f64) {
        if self.exact {
            (v - tol, v + tol)
        } else {
            self.bounds.f64(per_unit)
        }
    }

    /// [`Given::within`] in the figure's own unit, open below where coverage is partial.
    fn upper(&self, v: f64, tol: f64) -> (f64, f64) {
        let (lo, hi) = self.within(v, tol, 1.0);
        if self.partial {
            (f64::NEG_INFINITY, hi)
        } else {
            (lo, hi)
        }
    }
}

/// The body's total of a field: the slack of what it counts beyond the site (the cut's is the
/// requested slack less the approved one).
fn total(slack: &mut dyn FnMut(&'static str) -> Lin, field: &'static str) -> Lin {
    if field == "cut" {
        slack("requested").plus(&slack("approved"), -1.0)
    } else {
        slack(field)
    }
}

/// A count: of records, of 不予公开 ones, of flagged ones, or a sum of their findings.
fn count(f: Filter, key: &str, (lo, hi): (f64, f64)) -> Tpl {
    match key {
        "count" | "units" => Tpl::Count(f, lo, hi),
        "withheld" => Tpl::Count(
            Filter {
                stubs_only: true,
                ..f
            },
            lo,
            hi,
        ),
        "yellow" | "red" => {
            let flag = if key == "yellow" { 1 } else { 2 };
            Tpl::Count(with(&f, Dim::Flag, vec![flag]), lo, hi)
        }
        "findings" => Tpl::Sum(f, "findings", lo, hi, Lin::default()),
        "rectified" => Tpl::Sum(f, "rectified", lo, hi, Lin::default()),
        // Counts the records do not carry (中止, first yellow flags): publishable only where
        // nothing in the section is hidden.
        _ => Tpl::Unmodelable,
    }
}

/// An amount: the sum of a field of the records (plus the slack, where coverage is partial).
fn money(
    section: crate::model::summary::Section,
    f: Filter,
    key: &str,
    m: &Money,
    given: &Given,
    slack: &mut dyn FnMut(&'static str) -> Lin,
) -> Tpl {
    use crate::model::summary::Section as S;
    let field = match (section, key) {
        (S::ExAnte, "requested") => "requested",
        (S::ExAnte, "approved") => "approved",
        (S::ExAnte, "cut") => "cut",
        (S::Goals, "funds" | "unit_funds") => "total",
        (S::SelfEvaluations, "funds") => "adjusted",
        (S::Evaluations, "funds") => "funds",
        (S::Monitoring, "budget" | "unit_budget") => "budget",
        (S::Monitoring, "executed" | "unit_executed") => "executed",
        _ => return Tpl::Unmodelable,
    };
    let tol = m.tolerance_fen() as f64 / 1_000_000.0;
    // Partial coverage is the slack's part: the stated total binds records + slack.
    let (lo, hi) = given.within(wan(m), tol, 1_000_000.0);
    Tpl::Sum(f, field, lo, hi, total(slack, field))
}

/// A rate (the cut's, the execution's) of two sums, or a share of the records.
fn percent(
    f: Filter,
    key: &str,
    p: &Percent,
    given: &Given,
    slack: &mut dyn FnMut(&'static str) -> Lin,
) -> Tpl {
    let (v, tol) = (num(&p.0) / 100.0, num(&p.tolerance()) / 100.0);
    let (lo, hi) = given.within(v, tol, 100.0);
    match key {
        "cut_rate" => Tpl::Ratio(
            f,
            "cut",
            "requested",
            lo,
            hi,
            total(slack, "cut"),
            total(slack, "requested"),
        ),
        "rate" | "unit_rate" => Tpl::Ratio(
            f,
            "executed",
            "budget",
            lo,
            hi,
            total(slack, "executed"),
            total(slack, "budget"),
        ),
        "share" if !given.partial => {
            let mut den = f.clone();
            den.conds.retain(|(d, _)| *d != Dim::Grade);
            Tpl::Share(f, den, lo, hi)
        }
        _ => Tpl::Unmodelable,
    }
}

/// An average score, where every record it covers is on the site.
fn score(f: Filter, d: &Decimal, given: &Given) -> Tpl {
    if given.partial {
        return Tpl::Unmodelable;
    }
    let tol = 0.5 * 10f64.powi(-(d.scale.min(6) as i32));
    let (lo, hi) = given.within(num(d), tol, 1.0);
    Tpl::Avg(f, "score", lo, hi)
}
