//! Derivability: no published figure may let a reader recover a withheld amount or category.
//!
//! Every withheld amount of a year is a hidden variable. Relations a reader can use are
//! collected: the identities inside a record (资金总额 = 财政拨款 + 其他资金) and every stated
//! total of summary.yaml that covers the records (a total minus its published parts). They are
//! accepted one by one, as a system (`solve`), and a stated total whose publication would pin
//! down any hidden value is withheld from the site — its public part is shown instead — or, when
//! the site demands full totals, the build fails naming it. Stated category counts (by grade,
//! conclusion, type) are checked the same way against the categories left hidden. No I/O here.

use super::solve::{Row, System};
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::figures::compute::Figures;
use crate::figures::reconcile;
use crate::figures::stated::{By, Group, Stated, Summary, Value};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// What derivability decided for one year.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Stated figure paths that must not be published.
    pub suppressed: BTreeSet<String>,
    pub diags: Diagnostics,
}

/// Money fields of a record, by field path.
fn money_fields(d: &RecordData) -> Vec<(&'static str, &Pub<Money>)> {
    let mut v: Vec<(&'static str, &Pub<Money>)> = Vec::new();
    match d {
        RecordData::Goal(g) => {
            v.push(("funds.total", &g.total));
            v.extend(g.fiscal.as_ref().map(|m| ("funds.fiscal", m)));
            v.extend(g.other.as_ref().map(|m| ("funds.other", m)));
        }
        RecordData::ExAnte(e) => v.extend([("requested", &e.requested), ("approved", &e.approved)]),
        RecordData::Monitoring(m) => v.extend([("budget", &m.budget), ("executed", &m.executed)]),
        RecordData::SelfEvaluation(s) => {
            v.extend(s.initial.as_ref().map(|m| ("budget.initial", m)));
            v.extend([
                ("budget.adjusted", &s.adjusted),
                ("budget.executed", &s.executed),
            ]);
        }
        RecordData::Evaluation(e) => v.push(("funds", &e.funds)),
    }
    v
}

fn hidden(r: &Record, field: &str) -> bool {
    match r.disclosure.status {
        DisclosureStatus::Withheld => true,
        DisclosureStatus::Partial => r.disclosure.fields.iter().any(|(f, _, _)| f == field),
        _ => false,
    }
}

/// Hidden variables: (record index, field) → variable number.
struct Vars {
    index: BTreeMap<(usize, &'static str), usize>,
}

impl Vars {
    fn new(records: &[&Record]) -> Vars {
        let mut index = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            for (f, _) in money_fields(&r.data) {
                if hidden(r, f) {
                    let n = index.len();
                    index.insert((i, f), n);
                }
            }
        }
        Vars { index }
    }

    fn term(&self, rec: usize, field: &'static str, coef: i64) -> Option<(usize, i64)> {
        self.index.get(&(rec, field)).map(|v| (*v, coef))
    }
}

/// Check one year. `records` excludes 不列示 records; `public` are the public figures.
pub fn check_year(
    records: &[&Record],
    summary: Option<&Summary>,
    full: &Figures,
    public: &Figures,
    require_full: bool,
) -> Outcome {
    let mut out = Outcome::default();
    let vars = Vars::new(records);
    let mut system = System::new(vars.index.len());
    for (i, r) in records.iter().enumerate() {
        if let Some(row) = record_identity(&vars, i, r) {
            let determined = system.add_and_check(&row);
            if determined && r.disclosure.status == DisclosureStatus::Partial {
                out.diags.push(
                    Diagnostic::error(rule::DERIVABLE, &r.source.path, r.source.line, 1)
                        .msg("a withheld amount of this record can be computed from the amounts it still shows (资金总额 = 财政拨款 + 其他资金)")
                        .hint("withhold the other amounts of `funds` as well, e.g. `fields: [funds.total, funds.fiscal, funds.other]`")
                        .quiet(true),
                );
            }
        }
    }
    let Some(summary) = summary else { return out };
    reconcile::each_stated(summary, |path, _, s| {
        if !covered(summary, &path) || !full.contains_key(&path) {
            return;
        }
        let Some(row) = stated_row(&vars, records, summary, &path, s) else {
            return;
        };
        if !system.add_unless_determined(&row) {
            out.suppressed.insert(path.clone());
            if require_full {
                out.diags.push(full_total_error(&summary.path, &path, s));
            }
        }
    });
    rates(summary, require_full, &mut out);
    categories(summary, public, require_full, &mut out);
    out
}

/// A stated rate ties its two amounts together: with the rate and one amount published, the
/// other can be computed. A rate whose amounts are not both published is withheld too.
fn rates(summary: &Summary, require_full: bool, out: &mut Outcome) {
    const RATES: [(&str, &str, &str); 3] = [
        ("cut_rate", "cut", "requested"),
        ("rate", "executed", "budget"),
        ("unit_rate", "unit_executed", "unit_budget"),
    ];
    let mut add = Vec::new();
    reconcile::each_stated(summary, |path, _, s| {
        let Some((prefix, key)) = path.rsplit_once('.') else {
            return;
        };
        if let Some((_, num, den)) = RATES.iter().find(|(r, _, _)| *r == key)
            && [num, den]
                .iter()
                .any(|k| out.suppressed.contains(&format!("{prefix}.{k}")))
        {
            add.push((path, s.clone()));
        }
    });
    for (path, s) in add {
        if out.suppressed.insert(path.clone()) && require_full {
            out.diags.push(full_total_error(&summary.path, &path, &s));
        }
    }
}

fn full_total_error(file: &str, path: &str, s: &Stated) -> Diagnostic {
    Diagnostic::error(rule::DERIVABLE, file, s.line, s.col)
        .msg(format!("publishing `{path}` in full would let readers compute a withheld value from the published parts"))
        .hint("site.yaml demands full totals (`require_full_totals: true`): disclose more of the records in this total, or remove that setting to publish the public part only")
}

fn covered(summary: &Summary, path: &str) -> bool {
    let mut ok = true;
    for (_, prefix, g) in summary.sections() {
        walk_groups(&prefix, g, &mut |p, g| {
            if path.starts_with(&format!("{p}.")) && g.coverage == Coverage::Partial {
                ok = false;
            }
        });
    }
    ok
}

fn walk_groups(prefix: &str, g: &Group, f: &mut dyn FnMut(&str, &Group)) {
    f(prefix, g);
    for c in &g.children {
        walk_groups(&format!("{prefix}.{}.{}", c.by.key(), c.label), &c.group, f);
    }
}

/// 资金总额 = 财政拨款 + 其他资金, as hidden terms, when the record states all three.
fn record_identity(vars: &Vars, i: usize, r: &Record) -> Option<Row> {
    let RecordData::Goal(g) = &r.data else {
        return None;
    };
    if g.fiscal.is_none() || g.other.is_none() {
        return None;
    }
    let row: Row = [
        vars.term(i, "funds.total", 1),
        vars.term(i, "funds.fiscal", -1),
        vars.term(i, "funds.other", -1),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!row.is_empty()).then_some(row)
}

/// The hidden terms of a stated money figure: which records and fields it sums.
fn stated_row(
    vars: &Vars,
    records: &[&Record],
    summary: &Summary,
    path: &str,
    s: &Stated,
) -> Option<Row> {
    if !matches!(s.value, Value::Money(_)) {
        return None;
    }
    let parts: Vec<&str> = path.split('.').collect();
    let key = *parts.last()?;
    let mut row = Row::new();
    for (i, r) in records.iter().enumerate() {
        let terms: &[(&'static str, i64)] = match (&r.data, parts[0], key) {
            (RecordData::ExAnte(e), "ex_ante", _) if in_conclusion(&parts, e) => match key {
                "requested" => &[("requested", 1)],
                "approved" => &[("approved", 1)],
                "cut" => &[("requested", 1), ("approved", -1)],
                _ => &[],
            },
            (RecordData::Goal(g), "goals", "funds") if g.scope == Scope::Project => {
                &[("funds.total", 1)]
            }
            (RecordData::Goal(g), "goals", "unit_funds") if g.scope == Scope::Unit => {
                &[("funds.total", 1)]
            }
            (RecordData::Monitoring(m), "monitoring", _)
                if parts.get(1) == Some(&m.node.to_string().as_str()) =>
            {
                match (m.scope, key) {
                    (Scope::Project, "budget") | (Scope::Unit, "unit_budget") => &[("budget", 1)],
                    (Scope::Project, "executed") | (Scope::Unit, "unit_executed") => {
                        &[("executed", 1)]
                    }
                    _ => &[],
                }
            }
            (RecordData::SelfEvaluation(se), "self_evaluations", "funds")
                if se.scope == Scope::Project =>
            {
                &[("budget.adjusted", 1)]
            }
            (RecordData::Evaluation(e), "evaluations", "funds")
                if parts.len() == 3 && group_types(summary, parts[1]).contains(&e.eval_type) =>
            {
                &[("funds", 1)]
            }
            _ => &[],
        };
        row.extend(terms.iter().filter_map(|(f, c)| vars.term(i, f, *c)));
    }
    (!row.is_empty()).then_some(row)
}

/// Whether an ex-ante record belongs to the conclusion named in a `by_conclusion` path. A
/// record whose conclusion is withheld is counted in every conclusion, to be safe.
fn in_conclusion(parts: &[&str], e: &ExAnte) -> bool {
    match parts {
        ["ex_ante", "by_conclusion", c, _] => e.conclusion.shown().is_none_or(|x| x.zh() == *c),
        ["ex_ante", _] => true,
        _ => false,
    }
}

fn group_types(summary: &Summary, label: &str) -> Vec<EvalType> {
    summary
        .evaluations
        .iter()
        .find(|g| g.label == label)
        .map(|g| g.types.clone())
        .unwrap_or_default()
}

/// Stated category counts against the categories the public cannot see: if the counts left
/// over after the published records all fall in one category, the hidden ones are in it.
fn categories(summary: &Summary, public: &Figures, require_full: bool, out: &mut Outcome) {
    let count = |p: &str| match public.get(p).map(|f| &f.value) {
        Some(Value::Count(n)) => *n,
        _ => 0,
    };
    for (_, prefix, g) in summary.sections() {
        for by in [By::Grade, By::Conclusion] {
            let hidden = count(&format!("{prefix}.{}.hidden", by.key()));
            let leak = hidden > 0
                && g.children.iter().filter(|c| c.by == by).any(|c| {
                    let shown = count(&format!("{prefix}.{}.{}.count", by.key(), c.label));
                    matches!(c.group.get("count").map(|s| &s.value), Some(Value::Count(n)) if n.checked_sub(shown) == Some(hidden))
                });
            if !leak {
                continue;
            }
            for c in g.children.iter().filter(|c| c.by == by) {
                for s in &c.group.figures {
                    let path = format!("{prefix}.{}.{}.{}", by.key(), c.label, s.key);
                    if out.suppressed.insert(path.clone()) && require_full {
                        out.diags.push(full_total_error(&summary.path, &path, s));
                    }
                }
            }
        }
    }
    evaluation_types(summary, public, out);
}

/// Per-type evaluation counts: 不予公开 stubs show no type, so a type count that leaves all of
/// them in one type reveals it — unless the body states that many withheld in that group.
fn evaluation_types(summary: &Summary, public: &Figures, out: &mut Outcome) {
    let stubs = match public.get("evaluations.stubs").map(|f| &f.value) {
        Some(Value::Count(n)) => *n,
        _ => 0,
    };
    if stubs == 0 {
        return;
    }
    for g in &summary.evaluations {
        let Some(Value::Count(stated)) = g.get("count").map(|s| &s.value) else {
            continue;
        };
        let shown = match public
            .get(&format!("evaluations.{}.count", g.label))
            .map(|f| &f.value)
        {
            Some(Value::Count(n)) => *n,
            _ => 0,
        };
        let declared =
            matches!(g.get("withheld").map(|s| &s.value), Some(Value::Count(w)) if *w == stubs);
        if stated.checked_sub(shown) == Some(stubs)
            && !declared
            && g.types.len() < EvalType::ALL.len()
        {
            out.suppressed
                .insert(format!("evaluations.{}.count", g.label));
        }
    }
}
