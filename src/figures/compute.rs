//! Computed figures: counts, sums and rates per year, under the same paths as summary.yaml.
//!
//! The same function serves two purposes: over the full site (every value present) it gives
//! the figures that stated ones are reconciled with; over the public model it gives the figures
//! that may be published, where a withheld value is left out of a sum and counted in
//! [`Fig::missing`] instead. Exact integer arithmetic only; no I/O here.

use crate::model::summary::{Summary, Value};
use crate::model::*;
use std::collections::BTreeMap;

/// One computed figure. `missing` counts records whose value is withheld and so not included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fig {
    pub value: Value,
    pub missing: usize,
}

/// Computed figures of one year, by path (`ex_ante.cut_rate`, `monitoring.2023-05.rate`, …).
pub type Figures = BTreeMap<String, Fig>;

#[derive(Default, Clone, Copy)]
struct Acc {
    fen: i128,
    missing: usize,
    n: usize,
}

impl Acc {
    fn add(&mut self, m: &Pub<Money>) {
        self.n += 1;
        match m {
            Pub::Shown(v) => self.fen += v.fen,
            Pub::Withheld(_) => self.missing += 1,
        }
    }

    fn fig(self) -> Option<Fig> {
        (self.n > 0).then(|| Fig {
            value: Value::Money(Money::from_fen(self.fen)),
            missing: self.missing,
        })
    }
}

fn put(out: &mut Figures, path: String, fig: Option<Fig>) {
    if let Some(f) = fig {
        out.insert(path, f);
    }
}

fn count(n: usize, missing: usize) -> Option<Fig> {
    Some(Fig {
        value: Value::Count(n as u64),
        missing,
    })
}

/// `part / whole` as a percentage with two decimals; missing if either side is incomplete.
fn rate(part: Acc, whole: Acc) -> Option<Fig> {
    if part.n == 0 || whole.n == 0 {
        return None;
    }
    let p = value::percent_of(part.fen, whole.fen, 2)?;
    Some(Fig {
        value: Value::Percent(Percent(p)),
        missing: part.missing.max(whole.missing),
    })
}

/// Figures of one year from its records. `stubs` counts withheld records of each kind that
/// are not among `records` (public model); they count, but add nothing to sums.
pub fn compute(
    records: &[&Record],
    stubs: &BTreeMap<Kind, usize>,
    summary: Option<&Summary>,
) -> Figures {
    let mut out = Figures::new();
    let of = |k: Kind| records.iter().filter(move |r| r.kind == k);
    let stub = |k: Kind| stubs.get(&k).copied().unwrap_or(0);
    ex_ante(
        &mut out,
        of(Kind::ExAnte).filter_map(|r| as_ex_ante(r)),
        stub(Kind::ExAnte),
    );
    goals(&mut out, of(Kind::Goal), stub(Kind::Goal));
    monitoring(&mut out, of(Kind::Monitoring), stub(Kind::Monitoring));
    self_evaluations(
        &mut out,
        of(Kind::SelfEvaluation),
        stub(Kind::SelfEvaluation),
    );
    evaluations(
        &mut out,
        of(Kind::Evaluation),
        stub(Kind::Evaluation),
        summary,
    );
    by_unit(&mut out, records);
    indicators(&mut out, of(Kind::Goal));
    department_share(&mut out);
    out
}

/// Counts and sums per unit of project goals (资金总额) and project self-evaluations (全年预算数):
/// the same records as `count` and `funds`, so the units add up to them.
fn by_unit(out: &mut Figures, records: &[&Record]) {
    let mut acc: BTreeMap<(&str, &str), Acc> = BTreeMap::new();
    for r in records {
        let (section, unit, m) = match &r.data {
            RecordData::Goal(g) if g.scope == Scope::Project => {
                ("goals", g.unit.as_str(), &g.total)
            }
            RecordData::SelfEvaluation(s) if s.scope == Scope::Project => {
                ("self_evaluations", s.unit.as_str(), &s.adjusted)
            }
            _ => continue,
        };
        acc.entry((section, unit)).or_default().add(m);
    }
    for ((section, unit), a) in acc {
        put(
            out,
            format!("{section}.by_unit.{unit}.count"),
            count(a.n, 0),
        );
        put(out, format!("{section}.by_unit.{unit}.funds"), a.fig());
    }
}

/// Indicators of goals: how many, how many per goal, and the share that is quantifiable.
fn indicators<'a>(out: &mut Figures, goals: impl Iterator<Item = &'a &'a Record>) {
    let (mut n_goals, mut total, mut quantifiable) = (0i128, 0i128, 0i128);
    for r in goals {
        if let RecordData::Goal(g) = &r.data {
            n_goals += 1;
            total += g.indicators.len() as i128;
            quantifiable += g
                .indicators
                .iter()
                .filter(|i| i.op != Op::Qualitative)
                .count() as i128;
        }
    }
    if total == 0 {
        return;
    }
    put(out, "goals.indicators".into(), count(total as usize, 0));
    let per_goal = Decimal::from_int(total).div(Decimal::from_int(n_goals), 1);
    put(
        out,
        "goals.indicators_per_goal".into(),
        per_goal.map(|d| Fig {
            value: Value::Score(d),
            missing: 0,
        }),
    );
    let share = value::percent_of(quantifiable, total, 2);
    put(
        out,
        "goals.quantifiable_share".into(),
        share.map(|d| Fig {
            value: Value::Percent(Percent(d)),
            missing: 0,
        }),
    );
}

/// The share of the year's project funds that 部门评价 covers (self-evaluated funds, else goals).
fn department_share(out: &mut Figures) {
    let money = |out: &Figures, p: &str| match out.get(p) {
        Some(Fig {
            value: Value::Money(m),
            missing: 0,
        }) => Some(m.fen),
        _ => None,
    };
    let Some(part) = money(out, "evaluations.部门评价.funds") else {
        return;
    };
    let Some(whole) = money(out, "self_evaluations.funds").or_else(|| money(out, "goals.funds"))
    else {
        return;
    };
    let share = value::percent_of(part, whole, 2).map(|d| Fig {
        value: Value::Percent(Percent(d)),
        missing: 0,
    });
    put(out, "evaluations.部门评价.share_of_funds".into(), share);
}

fn as_ex_ante(r: &Record) -> Option<&ExAnte> {
    match &r.data {
        RecordData::ExAnte(e) => Some(e),
        _ => None,
    }
}

fn ex_ante<'a>(out: &mut Figures, items: impl Iterator<Item = &'a ExAnte>, stubs: usize) {
    let items: Vec<&ExAnte> = items.collect();
    if items.is_empty() && stubs == 0 {
        return;
    }
    let (mut req, mut app) = (Acc::default(), Acc::default());
    for e in &items {
        req.add(&e.requested);
        app.add(&e.approved);
    }
    req.missing += stubs;
    app.missing += stubs;
    let cut = Acc {
        fen: req.fen - app.fen,
        missing: req.missing.max(app.missing),
        n: req.n,
    };
    put(out, "ex_ante.count".into(), count(items.len() + stubs, 0));
    put(out, "ex_ante.requested".into(), req.fig());
    put(out, "ex_ante.approved".into(), app.fig());
    put(out, "ex_ante.cut".into(), cut.fig());
    put(out, "ex_ante.cut_rate".into(), rate(cut, req));
    let hidden = items.iter().filter(|e| e.conclusion.is_withheld()).count() + stubs;
    put(out, "ex_ante.by_conclusion.hidden".into(), count(hidden, 0));
    for c in Conclusion::ALL {
        let of_c: Vec<&&ExAnte> = items
            .iter()
            .filter(|e| e.conclusion.shown() == Some(c))
            .collect();
        if of_c.is_empty() {
            continue;
        }
        let (mut r, mut a) = (Acc::default(), Acc::default());
        for e in &of_c {
            r.add(&e.requested);
            a.add(&e.approved);
        }
        // Records whose conclusion is hidden may belong here: the sums leave them out and say so.
        r.missing += hidden;
        a.missing += hidden;
        let p = format!("ex_ante.by_conclusion.{}", c.zh());
        put(out, format!("{p}.count"), count(of_c.len(), hidden));
        put(out, format!("{p}.requested"), r.fig());
        put(out, format!("{p}.approved"), a.fig());
    }
}

fn goals<'a>(out: &mut Figures, items: impl Iterator<Item = &'a &'a Record>, stubs: usize) {
    let (mut projects, mut units) = (Acc::default(), Acc::default());
    for r in items {
        if let RecordData::Goal(g) = &r.data {
            match g.scope {
                Scope::Project => projects.add(&g.total),
                Scope::Unit => units.add(&g.total),
            }
        }
    }
    if projects.n + units.n + stubs == 0 {
        return;
    }
    projects.missing += stubs;
    put(out, "goals.count".into(), count(projects.n + stubs, stubs));
    put(out, "goals.funds".into(), projects.fig());
    if units.n > 0 {
        put(out, "goals.units".into(), count(units.n, 0));
        put(out, "goals.unit_funds".into(), units.fig());
    }
}

/// Per node. A 不予公开 monitoring record's node is hidden: it may belong to any node, so each
/// node's figures say that `stubs` records may be left out.
fn monitoring<'a>(out: &mut Figures, items: impl Iterator<Item = &'a &'a Record>, stubs: usize) {
    let mut nodes: BTreeMap<Month, Vec<&Monitoring>> = BTreeMap::new();
    for r in items {
        if let RecordData::Monitoring(m) = &r.data {
            nodes.entry(m.node).or_default().push(m);
        }
    }
    for (node, ms) in nodes {
        let p = format!("monitoring.{node}");
        let (mut b, mut e, mut ub, mut ue) = (
            Acc::default(),
            Acc::default(),
            Acc::default(),
            Acc::default(),
        );
        let (mut yellow, mut red, mut hidden_flags) = (0, 0, 0);
        for m in &ms {
            match m.scope {
                Scope::Project => {
                    b.add(&m.budget);
                    e.add(&m.executed);
                }
                Scope::Unit => {
                    ub.add(&m.budget);
                    ue.add(&m.executed);
                }
            }
            match &m.flag {
                Some(Pub::Shown(Flag::Yellow)) => yellow += 1,
                Some(Pub::Shown(Flag::Red)) => red += 1,
                Some(Pub::Withheld(_)) => hidden_flags += 1,
                _ => {}
            }
        }
        for acc in [&mut b, &mut e, &mut ub, &mut ue] {
            acc.missing += stubs;
        }
        if b.n > 0 {
            put(out, format!("{p}.count"), count(b.n, stubs));
            put(out, format!("{p}.budget"), b.fig());
            put(out, format!("{p}.executed"), e.fig());
            put(out, format!("{p}.rate"), rate(e, b));
        }
        put(
            out,
            format!("{p}.yellow"),
            count(yellow, hidden_flags + stubs),
        );
        put(out, format!("{p}.red"), count(red, hidden_flags + stubs));
        if ub.n > 0 {
            put(out, format!("{p}.units"), count(ub.n, stubs));
            put(out, format!("{p}.unit_budget"), ub.fig());
            put(out, format!("{p}.unit_executed"), ue.fig());
            put(out, format!("{p}.unit_rate"), rate(ue, ub));
        }
    }
}

fn self_evaluations<'a>(
    out: &mut Figures,
    items: impl Iterator<Item = &'a &'a Record>,
    stubs: usize,
) {
    let mut funds = Acc::default();
    let mut units = 0;
    let mut grades: BTreeMap<Grade, usize> = BTreeMap::new();
    let mut hidden_grades = stubs;
    for r in items {
        let RecordData::SelfEvaluation(s) = &r.data else {
            continue;
        };
        // `count`, `funds` and `by_grade` cover project self-evaluations only; 部门整体 ones
        // are counted in `units`.
        if s.scope == Scope::Unit {
            units += 1;
            continue;
        }
        funds.add(&s.adjusted);
        match super::score::self_evaluation_grade(s) {
            Some(Pub::Shown(g)) => *grades.entry(g).or_default() += 1,
            Some(Pub::Withheld(_)) => hidden_grades += 1,
            None => {}
        }
    }
    if funds.n + units + stubs == 0 {
        return;
    }
    funds.missing += stubs;
    put(
        out,
        "self_evaluations.count".into(),
        count(funds.n + stubs, stubs),
    );
    put(out, "self_evaluations.funds".into(), funds.fig());
    if units > 0 {
        put(out, "self_evaluations.units".into(), count(units, 0));
    }
    put(
        out,
        "self_evaluations.by_grade.hidden".into(),
        count(hidden_grades, 0),
    );
    let total = (funds.n + stubs) as i128;
    for (g, n) in grades {
        let p = format!("self_evaluations.by_grade.{}", g.zh());
        put(out, format!("{p}.count"), count(n, hidden_grades));
        let share = value::percent_of(n as i128, total, 2).map(|d| Fig {
            value: Value::Percent(Percent(d)),
            missing: hidden_grades,
        });
        put(out, format!("{p}.share"), share);
    }
}

fn evaluations<'a>(
    out: &mut Figures,
    items: impl Iterator<Item = &'a &'a Record>,
    stubs: usize,
    summary: Option<&Summary>,
) {
    let evs: Vec<(&Record, &Evaluation)> = items
        .filter_map(|r| match &r.data {
            RecordData::Evaluation(e) => Some((*r, e.as_ref())),
            _ => None,
        })
        .collect();
    if evs.is_empty() && stubs == 0 {
        return;
    }
    let mut groups: Vec<(String, Vec<EvalType>)> = EvalType::ALL
        .iter()
        .map(|t| (t.zh().to_string(), vec![*t]))
        .collect();
    if let Some(s) = summary {
        for g in &s.evaluations {
            if !groups.iter().any(|(l, _)| *l == g.label) {
                groups.push((g.label.clone(), g.types.clone()));
            }
        }
    }
    for (label, types) in groups {
        let of: Vec<&Evaluation> = evs
            .iter()
            .filter(|(_, e)| types.contains(&e.eval_type))
            .map(|(_, e)| *e)
            .collect();
        let withheld = evs
            .iter()
            .filter(|(r, e)| {
                types.contains(&e.eval_type) && r.disclosure.status == DisclosureStatus::Withheld
            })
            .count();
        if of.is_empty() {
            continue;
        }
        let p = format!("evaluations.{label}");
        let mut funds = Acc::default();
        for e in &of {
            funds.add(&e.funds);
        }
        put(out, format!("{p}.count"), count(of.len(), 0));
        put(out, format!("{p}.funds"), funds.fig());
        put(
            out,
            format!("{p}.findings"),
            counted(of.iter().map(|e| e.findings.as_ref())),
        );
        put(
            out,
            format!("{p}.rectified"),
            counted(of.iter().map(|e| e.rectified.as_ref())),
        );
        put(out, format!("{p}.withheld"), count(withheld, 0));
        grades_of(out, &p, &of);
    }
    put(out, "evaluations.stubs".into(), count(stubs, 0));
}

/// A sum of optional counts, or nothing when no record states one.
fn counted<'a>(values: impl Iterator<Item = Option<&'a Pub<u64>>>) -> Option<Fig> {
    let (mut sum, mut missing, mut stated) = (0u64, 0, false);
    for v in values.flatten() {
        stated = true;
        match v {
            Pub::Shown(n) => sum += n,
            Pub::Withheld(_) => missing += 1,
        }
    }
    stated.then_some(Fig {
        value: Value::Count(sum),
        missing,
    })
}

/// Grades of evaluations in a group, and how many public records of it hide theirs. 不予公开
/// stubs have no public type: the view adds them once to every group's figures
/// (`view::views::shown_fig`), so they are not counted here as well.
fn grades_of(out: &mut Figures, prefix: &str, evs: &[&Evaluation]) {
    let mut grades: BTreeMap<Grade, usize> = BTreeMap::new();
    let mut hidden = 0;
    for e in evs {
        match &e.grade {
            Some(Pub::Shown(g)) => *grades.entry(*g).or_default() += 1,
            Some(Pub::Withheld(_)) => hidden += 1,
            None => {}
        }
    }
    for (g, n) in grades {
        put(
            out,
            format!("{prefix}.by_grade.{}.count", g.zh()),
            count(n, hidden),
        );
    }
    put(out, format!("{prefix}.by_grade.hidden"), count(hidden, 0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::summary::Value;

    #[test]
    fn rates_are_part_over_whole_to_two_decimals() {
        let acc = |fen: i128| Acc {
            fen,
            missing: 0,
            n: 1,
        };
        let cut = rate(acc(67_565), acc(245_350)).unwrap();
        assert_eq!(
            cut.value,
            Value::Percent(Percent(Decimal::parse("27.54").unwrap()))
        );
        let executed = rate(acc(13_300), acc(46_800)).unwrap();
        assert_eq!(
            executed.value,
            Value::Percent(Percent(Decimal::parse("28.42").unwrap()))
        );
    }
}
