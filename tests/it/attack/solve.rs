//! The attack: every assignment of the hidden categories (and of the two cases of each execution
//! points term) is tried; each feasible one gives, by exact LP, every hidden value's min and max.
//! The union over feasible assignments is what the published site leaves open.

use std::collections::{BTreeMap, BTreeSet};

use super::lp::{Cmp, Row, feasible};
use super::model::{Fact, Measure, Model, band, row};
use super::rat::Rat;

/// Above this many assignments a site is too large for exhaustive search.
const MAX_ASSIGNMENTS: usize = 20_000;

/// A value's feasible interval; `None` as max means unbounded.
pub type Interval = (Rat, Option<Rat>);

#[derive(Debug, Default)]
pub struct Report {
    pub values: BTreeMap<String, Interval>,
    pub cats: BTreeMap<String, BTreeSet<String>>,
    pub feasible: usize,
}

impl Report {
    pub fn value(&self, name: &str) -> Interval {
        *self
            .values
            .get(name)
            .unwrap_or_else(|| panic!("no variable {name}: {:?}", self.values.keys()))
    }

    pub fn cat(&self, name: &str) -> &BTreeSet<String> {
        self.cats
            .get(name)
            .unwrap_or_else(|| panic!("no hidden category {name}: {:?}", self.cats.keys()))
    }
}

struct Slot {
    rec: usize,
    dim: &'static str,
    domain: Vec<String>,
}

/// How many assignments `solve` would try (hidden categories × execution-points cases).
pub fn assignments(m: &Model) -> usize {
    let (slots, branches) = (slots(m), m.branches.len() as u32);
    slots.iter().map(|s| s.domain.len()).product::<usize>() * 2usize.pow(branches)
}

fn slots(m: &Model) -> Vec<Slot> {
    m.recs
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.cats
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(move |(d, _)| (i, *d))
        })
        .map(|(rec, dim)| Slot {
            rec,
            dim,
            domain: domain(m, rec, dim),
        })
        .collect()
}

/// Solves for the variables named in `targets` (and for every hidden category).
pub fn solve(m: &Model, targets: &[String]) -> Report {
    let slots = slots(m);
    let sizes: Vec<usize> = slots
        .iter()
        .map(|s| s.domain.len())
        .chain(m.branches.iter().map(|_| 2))
        .collect();
    let total: usize = sizes.iter().product();
    assert!(
        total <= MAX_ASSIGNMENTS,
        "{total} assignments: site too large for the attacker"
    );
    let mut rep = Report::default();
    let mut pick = vec![0usize; sizes.len()];
    for _ in 0..total {
        try_one(m, &slots, &pick, targets, &mut rep);
        for (p, s) in pick.iter_mut().zip(&sizes) {
            *p += 1;
            if *p < *s {
                break;
            }
            *p = 0;
        }
    }
    rep
}

fn domain(m: &Model, rec: usize, dim: &str) -> Vec<String> {
    let mut d = m.domains[dim].clone();
    let r = &m.recs[rec];
    if r.stub && matches!((r.kind, dim), ("evaluations", "grade")) {
        d.push("无".into());
    }
    d
}

fn try_one(m: &Model, slots: &[Slot], pick: &[usize], targets: &[String], rep: &mut Report) {
    let mut cats: Vec<BTreeMap<&str, String>> = m
        .recs
        .iter()
        .map(|r| {
            r.cats
                .iter()
                .filter_map(|(d, v)| v.clone().map(|v| (*d, v)))
                .collect()
        })
        .collect();
    let mut rows: Vec<Row> = m.base.clone();
    for (s, &p) in slots.iter().zip(pick) {
        let v = s.domain[p].clone();
        if s.dim == "grade" {
            let r = &m.recs[s.rec];
            if let Some(&sv) = r.vars.get("computed_score").or(r.vars.get("score")) {
                rows.extend(band(sv, &v));
            }
        }
        cats[s.rec].insert(s.dim, v);
    }
    for (b, &p) in m.branches.iter().zip(&pick[slots.len()..]) {
        rows.extend(b[p].iter().cloned());
    }
    for f in &m.facts {
        match fact_rows(m, &cats, f) {
            Some(r) => rows.extend(r),
            None => return,
        }
    }
    let Some(tab) = feasible(m.names.len(), &rows) else {
        return;
    };
    rep.feasible += 1;
    for (s, &p) in slots.iter().zip(pick) {
        let name = format!("{}/{}/{}", m.recs[s.rec].kind, m.recs[s.rec].key, s.dim);
        rep.cats
            .entry(name)
            .or_default()
            .insert(s.domain[p].clone());
    }
    for name in targets {
        let Some(v) = m.index(name) else { continue };
        let min = tab.minimize(&[(v, Rat::ONE)]).expect("values are ≥ 0");
        let max = tab.maximize(&[(v, Rat::ONE)]);
        widen(rep, name, (min, max));
    }
    for d in &m.derived {
        let smin = tab.minimize(&[(d.score, Rat::ONE)]).unwrap();
        let smax = tab.maximize(&[(d.score, Rat::ONE)]).unwrap();
        widen(
            rep,
            &d.name,
            actual_interval((d.ge, d.eq), d.target, d.weight, smin, smax),
        );
    }
}

fn widen(rep: &mut Report, name: &str, iv: Interval) {
    let e = rep.values.entry(name.to_string()).or_insert(iv);
    e.0 = e.0.min(iv.0);
    e.1 = match (e.1, iv.1) {
        (Some(a), Some(b)) => Some(a.max(b)),
        _ => None,
    };
}

/// An indicator's actual from its score's interval: ≥ scores min(a/t,1)·w, ≤ min(t/a,1)·w,
/// = (1 − |a − t|/t)·w at least 0 (a reader does not know the side: the hull of both).
fn actual_interval((ge, eq): (bool, bool), t: Rat, w: Rat, smin: Rat, smax: Rat) -> Interval {
    if eq {
        let two = Rat::int(2);
        (
            t * smin / w,
            (!smin.is_zero()).then(|| t * (two - smin / w)),
        )
    } else if ge {
        (t * smin / w, (smax < w).then(|| t * smax / w))
    } else {
        let lo = if smax < w { w * t / smax } else { Rat::ZERO };
        (lo, (!smin.is_zero()).then(|| w * t / smin))
    }
}

/// The rows a fact gives under one assignment, or None when the assignment contradicts it.
fn fact_rows(m: &Model, cats: &[BTreeMap<&str, String>], f: &Fact) -> Option<Vec<Row>> {
    let of_kind = |i: &usize| m.recs[*i].kind == f.kind;
    let all: Vec<usize> = (0..m.recs.len()).filter(of_kind).collect();
    let members: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| f.filters.iter().all(|(d, v)| cats[i].get(d) == Some(v)))
        .collect();
    let within = |n: Rat| {
        if f.at_least {
            n <= f.hi
        } else {
            f.lo <= n && n <= f.hi
        }
    };
    let sum = |col: &str, k: Rat| -> Vec<(usize, Rat)> {
        members
            .iter()
            .filter_map(|&i| m.recs[i].vars.get(col).map(|&v| (v, k)))
            .collect()
    };
    let count = Rat::int(members.len() as i128);
    Some(match f.measure {
        Measure::Count => within(count).then(Vec::new)?,
        Measure::Stubs => within(Rat::int(
            members.iter().filter(|&&i| m.recs[i].stub).count() as i128,
        ))
        .then(Vec::new)?,
        // A stated share, rate or average over more records than the site shows says nothing
        // about the ones it shows.
        Measure::Share | Measure::Avg(_) | Measure::Rate(_, _) if f.at_least => Vec::new(),
        Measure::Share if all.is_empty() => return None,
        Measure::Share => {
            within(count * Rat::int(100) / Rat::int(all.len() as i128)).then(Vec::new)?
        }
        Measure::Sum(c) => bounds(sum(c, Rat::ONE), f),
        Measure::Avg(_) if members.is_empty() => return None,
        Measure::Avg(c) => bounds(
            sum(c, Rat::ONE),
            &Fact {
                lo: f.lo * count,
                hi: f.hi * count,
                ..clone(f)
            },
        ),
        Measure::Rate(p, w) => {
            let mut lo = sum(p, Rat::int(100));
            lo.extend(sum(w, -f.lo));
            let mut hi = sum(p, Rat::int(100));
            hi.extend(sum(w, -f.hi));
            vec![row(&lo, Cmp::Ge, Rat::ZERO), row(&hi, Cmp::Le, Rat::ZERO)]
        }
    })
}

fn clone(f: &Fact) -> Fact {
    Fact {
        kind: f.kind,
        filters: f.filters.clone(),
        measure: Measure::Count,
        lo: f.lo,
        hi: f.hi,
        at_least: f.at_least,
    }
}

fn bounds(terms: Vec<(usize, Rat)>, f: &Fact) -> Vec<Row> {
    let mut v = vec![row(&terms, Cmp::Le, f.hi)];
    if !f.at_least {
        v.push(row(&terms, Cmp::Ge, f.lo));
    }
    v
}
