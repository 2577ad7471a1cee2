//! The model of one section of a year (ex-ante, goals, monitoring, self-evaluations or
//! evaluations) as an attacker sees it: hidden values as LP variables, the categories of
//! records the public cannot see as slots to enumerate, the domain relations as rows, and the
//! published items as candidates that add rows. [`Section::verdict`] decides whether a set of
//! candidates leaves every hidden value its protection interval and every hidden category at
//! least two possibilities. No I/O here.

use super::lp::{EPS, Lin, Lp, Range, Row};
use std::collections::BTreeSet;

/// A dimension in which a record has a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dim {
    Conclusion,
    Scope,
    Node,
    Flag,
    Grade,
    Type,
}

/// A record's category in one dimension: known to the public, or one of a slot's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cat {
    Known(u32),
    Slot(usize),
}

/// A category the public cannot see.
#[derive(Debug, Clone)]
pub struct Slot {
    pub rec: usize,
    pub dim: Dim,
    pub options: Vec<u32>,
    /// How many categories each option stands for (an evaluation-type cell holds several
    /// types, "another node" several months).
    pub sizes: Vec<u32>,
    pub truth: u32,
    /// Whether the category is a secret that must keep two possibilities (a category the
    /// public merely cannot compute is enumerated but not protected).
    pub protected: bool,
}

/// One record of the section.
#[derive(Debug, Clone, Default)]
pub struct Rec {
    pub stub: bool,
    pub cats: Vec<(Dim, Cat)>,
    /// Amounts and counts by name (`requested`, `total`, `budget`, `adjusted`, `funds`, `score`…).
    pub vals: Vec<(&'static str, Lin)>,
}

impl Rec {
    pub fn cat(&self, d: Dim) -> Option<Cat> {
        self.cats.iter().find(|(x, _)| *x == d).map(|(_, c)| *c)
    }

    pub fn val(&self, name: &str) -> Option<Lin> {
        if name == "cut" {
            let (r, a) = (self.val("requested")?, self.val("approved")?);
            return Some(r.plus(&a, -1.0));
        }
        self.vals
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, l)| l.clone())
    }
}

/// Which records a stated figure covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub conds: Vec<(Dim, Vec<u32>)>,
    pub stubs_only: bool,
}

/// The rows a published item adds, some depending on the categories.
#[derive(Debug, Clone)]
pub enum Tpl {
    Row(Row),
    /// Σ of a value over the records in the filter plus a slack (what a partial coverage
    /// leaves off the site), within bounds.
    Sum(Filter, &'static str, f64, f64, Lin),
    /// How many records are in the filter.
    Count(Filter, f64, f64),
    /// When the records in the filter number the stated count, the slacks are zero.
    Complete(Filter, f64, Vec<Lin>),
    /// (Σ num + slack) / (Σ den + slack) within bounds (a rate).
    Ratio(Filter, &'static str, &'static str, f64, f64, Lin, Lin),
    /// count(num) / count(den) within bounds (a share).
    Share(Filter, Filter, f64, f64),
    /// The average of a value over the records in the filter that have it.
    Avg(Filter, &'static str, f64, f64),
    /// A relation the model does not represent.
    Unmodelable,
}

/// Where a candidate comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// A stated figure of summary.yaml, by path.
    Stated(String),
    /// A published field of a record (record index in the year, field path).
    Field(usize, String),
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub key: Key,
    pub tpls: Vec<Tpl>,
}

/// How a protected value is read from the model.
#[derive(Debug, Clone)]
pub enum Read {
    /// The value is the expression.
    Lin(Lin),
    /// The value is `c / p` for a score `p` in `[0, cap]` (target or actual behind a capped
    /// ratio); `p = cap` means any value up to `c / cap`.
    Inverse { p: Lin, c: f64, cap: f64 },
}

/// A hidden value and the width its feasible interval must keep.
#[derive(Debug, Clone)]
pub struct Protected {
    pub read: Read,
    pub truth: f64,
    /// Least width, whatever the value.
    pub floor: f64,
    /// The values it can take by its nature, where its variables' bounds do not say
    /// (a 核减 is never negative).
    pub domain: Option<(f64, f64)>,
    /// Record index in the year and field path, for messages.
    pub rec: usize,
    pub field: String,
}

/// Assignments of the slots beyond this are not enumerated: the gate then publishes nothing
/// that depends on hidden categories.
pub const MAX_ASSIGNMENTS: usize = 4096;

#[derive(Debug, Clone, Default)]
pub struct Section {
    pub recs: Vec<Rec>,
    /// Year-wide record index of each of `recs`.
    pub index: Vec<usize>,
    pub slots: Vec<Slot>,
    pub bounds: Vec<(f64, f64)>,
    /// Relations that hold whatever is published.
    pub base: Vec<Row>,
    /// Rows that hold when a slot takes an option.
    pub conditional: Vec<(usize, u32, Row)>,
    pub protected: Vec<Protected>,
    /// Relative protection margin (0.1 = 10 %).
    pub margin: f64,
    /// Assignments by set of relevant slots.
    pub memo: Memo,
}

pub type Memo =
    std::cell::RefCell<std::collections::BTreeMap<Vec<usize>, Option<std::rc::Rc<Vec<Vec<u32>>>>>>;

impl Section {
    /// Whether a feasible interval protects a value: at least the margin wide (and never a
    /// point), with the value not at an end of it: at least half the margin on each side,
    /// except where the value's own domain (amounts from 0, scores up to their weight) leaves
    /// less room. A stated total that equals the one withheld record it covers puts the value
    /// at the end of its interval, however wide: that is not protection.
    fn protects(&self, p: &Protected, lo: f64, hi: f64, bounds: &[(f64, f64)]) -> bool {
        let need = (self.margin * p.truth.abs()).max(p.floor);
        let (dlo, dhi) = p.domain.unwrap_or_else(|| domain(&p.read, bounds));
        let side = need / 2.0;
        let below = side.min(p.truth - dlo);
        let above = side.min(dhi - p.truth);
        hi - lo >= need - EPS
            && hi - lo > EPS
            && p.truth - lo >= below - EPS
            && hi - p.truth >= above - EPS
    }
}

/// The values a protected value can take by its variables' bounds alone.
fn domain(r: &Read, bounds: &[(f64, f64)]) -> (f64, f64) {
    match r {
        Read::Lin(l) => {
            let (mut lo, mut hi) = (l.constant, l.constant);
            for (v, c) in l.terms.iter().filter(|(_, c)| *c != 0.0) {
                let (a, b) = bounds[*v];
                let (x, y) = if *c >= 0.0 { (a, b) } else { (b, a) };
                lo += c * x;
                hi += c * y;
            }
            (lo, hi)
        }
        Read::Inverse { .. } => (0.0, f64::INFINITY),
    }
}

/// The exact content of a set of rows, for recognising an LP already solved.
fn row_key(rows: &[Row]) -> Vec<u64> {
    let mut k = Vec::new();
    for r in rows {
        k.push(r.lin.terms.len() as u64);
        for (v, c) in &r.lin.terms {
            k.push(*v as u64);
            k.push(c.to_bits());
        }
        k.extend([r.lin.constant.to_bits(), r.lo.to_bits(), r.hi.to_bits()]);
    }
    k
}

/// What a verdict found wrong: protected values and slots that lost their protection.
#[derive(Debug, Default, PartialEq)]
pub struct Failures {
    pub values: Vec<usize>,
    pub slots: Vec<usize>,
    /// The enumeration was too large or the solver failed.
    pub undecided: bool,
}

impl Failures {
    pub fn ok(&self) -> bool {
        self.values.is_empty() && self.slots.is_empty() && !self.undecided
    }
}

impl Section {
    pub fn var(&mut self, lo: f64, hi: f64) -> Lin {
        self.bounds.push((lo, hi));
        Lin::var(self.bounds.len() - 1)
    }

    pub fn slot(&mut self, rec: usize, dim: Dim, options: Vec<u32>, truth: u32) -> Cat {
        self.slots.push(Slot {
            rec,
            dim,
            sizes: vec![1; options.len()],
            options,
            truth,
            protected: true,
        });
        Cat::Slot(self.slots.len() - 1)
    }

    /// Whether a record may be in the filter, and whether that depends on a slot.
    fn membership(&self, r: &Rec, f: &Filter) -> (bool, bool) {
        if f.stubs_only && !r.stub {
            return (false, false);
        }
        let mut depends = false;
        for (d, set) in &f.conds {
            match r.cat(*d) {
                Some(Cat::Known(v)) if !set.contains(&v) => return (false, false),
                Some(Cat::Known(_)) => {}
                Some(Cat::Slot(s)) => {
                    if !self.slots[s].options.iter().any(|o| set.contains(o)) {
                        return (false, false);
                    }
                    depends = true;
                }
                None => return (false, false),
            }
        }
        (true, depends)
    }

    fn member(&self, r: &Rec, f: &Filter, assign: &[u32]) -> bool {
        if f.stubs_only && !r.stub {
            return false;
        }
        f.conds.iter().all(|(d, set)| match r.cat(*d) {
            Some(Cat::Known(v)) => set.contains(&v),
            Some(Cat::Slot(s)) => set.contains(&assign[s]),
            None => false,
        })
    }

    /// Whether a candidate tells anything about hidden values or categories; and whether it
    /// covers any record at all.
    pub fn involvement(&self, c: &Candidate) -> (bool, bool) {
        let mut hidden = false;
        let mut covers = false;
        for t in &c.tpls {
            let (filters, names): (Vec<&Filter>, Vec<&str>) = match t {
                Tpl::Row(r) => {
                    covers = true;
                    hidden |= !r.lin.is_constant();
                    continue;
                }
                Tpl::Unmodelable => {
                    covers = true;
                    hidden |= self.has_hidden();
                    continue;
                }
                Tpl::Sum(f, n, ..) | Tpl::Avg(f, n, ..) => (vec![f], vec![*n]),
                Tpl::Count(f, ..) | Tpl::Complete(f, ..) => (vec![f], vec![]),
                Tpl::Ratio(f, a, b, ..) => (vec![f], vec![*a, *b]),
                Tpl::Share(a, b, ..) => (vec![a, b], vec![]),
            };
            for f in filters {
                for r in &self.recs {
                    let (may, depends) = self.membership(r, f);
                    if !may {
                        continue;
                    }
                    covers = true;
                    hidden |= depends;
                    hidden |= names
                        .iter()
                        .any(|n| r.val(n).is_some_and(|l| !l.is_constant()));
                }
            }
        }
        (hidden, covers)
    }

    /// The dimensions of protected hidden categories on which a candidate's records depend.
    pub fn hidden_dims(&self, c: &Candidate) -> Vec<Dim> {
        let mut out = Vec::new();
        for t in &c.tpls {
            let filters: Vec<&Filter> = match t {
                Tpl::Sum(f, ..)
                | Tpl::Count(f, ..)
                | Tpl::Complete(f, ..)
                | Tpl::Ratio(f, ..)
                | Tpl::Avg(f, ..) => vec![f],
                Tpl::Share(a, b, ..) => vec![a, b],
                Tpl::Row(_) | Tpl::Unmodelable => vec![],
            };
            for (d, _) in filters.iter().flat_map(|f| &f.conds) {
                let hidden = self.slots.iter().any(|s| s.dim == *d && s.protected);
                if hidden && !out.contains(d) {
                    out.push(*d);
                }
            }
        }
        out
    }

    /// Whether a candidate's rows hold for the true values.
    pub fn holds(&self, c: &Candidate) -> bool {
        let truth: Vec<u32> = self.slots.iter().map(|s| s.truth).collect();
        let mut lp = Lp {
            bounds: self.bounds.clone(),
            rows: self.base.clone(),
        };
        for t in &c.tpls {
            if self.rows(t, &truth, &mut lp.rows).is_none() {
                return false;
            }
        }
        lp.feasible() == Some(true)
    }

    /// Whether anything in the section is hidden.
    pub fn has_hidden(&self) -> bool {
        !self.protected.is_empty() || !self.slots.is_empty()
    }

    /// The rows a template adds under an assignment, or None when the assignment contradicts it.
    fn rows(&self, t: &Tpl, assign: &[u32], out: &mut Vec<Row>) -> Option<()> {
        let sum = |f: &Filter, name: &str| -> (Lin, f64) {
            let mut l = Lin::default();
            let mut n = 0.0;
            for r in self.recs.iter().filter(|r| self.member(r, f, assign)) {
                if let Some(v) = r.val(name) {
                    l = l.plus(&v, 1.0);
                    n += 1.0;
                }
            }
            (l, n)
        };
        let count = |f: &Filter| {
            self.recs
                .iter()
                .filter(|r| self.member(r, f, assign))
                .count() as f64
        };
        match t {
            Tpl::Row(r) => out.push(r.clone()),
            Tpl::Unmodelable => return None,
            Tpl::Sum(f, n, lo, hi, slack) => {
                out.push(Row::between(sum(f, n).0.plus(slack, 1.0), *lo, *hi))
            }
            Tpl::Count(f, lo, hi) => {
                let n = count(f);
                if n < lo - EPS || n > hi + EPS {
                    return None;
                }
            }
            Tpl::Ratio(f, num, den, lo, hi, sa, sb) => {
                let (a, b) = (sum(f, num).0.plus(sa, 1.0), sum(f, den).0.plus(sb, 1.0));
                out.push(Row::between(a.plus(&b, -lo), 0.0, f64::INFINITY));
                out.push(Row::between(a.plus(&b, -hi), f64::NEG_INFINITY, 0.0));
            }
            Tpl::Complete(f, n, slacks) => {
                if count(f) >= n - EPS {
                    out.extend(slacks.iter().map(|l| Row::between(l.clone(), 0.0, 0.0)));
                }
            }
            Tpl::Share(num, den, lo, hi) => {
                let (a, b) = (count(num), count(den));
                if b == 0.0 || a / b < lo - EPS || a / b > hi + EPS {
                    return None;
                }
            }
            Tpl::Avg(f, name, lo, hi) => {
                let (s, n) = sum(f, name);
                out.push(Row::between(
                    s.plus(&Lin::constant(n), -lo),
                    0.0,
                    f64::INFINITY,
                ));
                out.push(Row::between(
                    s.plus(&Lin::constant(n), -hi),
                    f64::NEG_INFINITY,
                    0.0,
                ));
            }
        }
        Some(())
    }

    /// Slots any template or conditional row reads; the others cannot lose an option.
    fn relevant_slots(&self, cands: &[&Candidate]) -> Vec<usize> {
        let mut dims: BTreeSet<Dim> = BTreeSet::new();
        for c in cands {
            for t in &c.tpls {
                match t {
                    Tpl::Sum(f, ..)
                    | Tpl::Count(f, ..)
                    | Tpl::Complete(f, ..)
                    | Tpl::Ratio(f, ..)
                    | Tpl::Avg(f, ..) => dims.extend(f.conds.iter().map(|(d, _)| *d)),
                    Tpl::Share(a, b, ..) => {
                        dims.extend(a.conds.iter().chain(&b.conds).map(|(d, _)| *d))
                    }
                    Tpl::Row(_) | Tpl::Unmodelable => {}
                }
            }
        }
        let conditional: BTreeSet<usize> = self.conditional.iter().map(|(s, _, _)| *s).collect();
        (0..self.slots.len())
            .filter(|s| dims.contains(&self.slots[*s].dim) || conditional.contains(s))
            .collect()
    }

    /// Every assignment of the relevant slots, or None when there are more than
    /// [`MAX_ASSIGNMENTS`].
    /// [`Self::assignments`], computed once per set of relevant slots.
    fn assignments_memo(&self, relevant: &[usize]) -> Option<std::rc::Rc<Vec<Vec<u32>>>> {
        if let Some(a) = self.memo.borrow().get(relevant) {
            return a.clone();
        }
        let a = self.assignments(relevant).map(std::rc::Rc::new);
        self.memo.borrow_mut().insert(relevant.to_vec(), a.clone());
        a
    }

    fn assignments(&self, relevant: &[usize]) -> Option<Vec<Vec<u32>>> {
        let truth: Vec<u32> = self.slots.iter().map(|s| s.truth).collect();
        let mut out = Vec::new();
        let mut cur = truth.clone();
        if !self.enumerate(relevant, 0, &mut cur, &mut out) {
            return None;
        }
        Some(out)
    }

    fn enumerate(
        &self,
        rel: &[usize],
        i: usize,
        cur: &mut Vec<u32>,
        out: &mut Vec<Vec<u32>>,
    ) -> bool {
        if i == rel.len() {
            if out.len() >= MAX_ASSIGNMENTS {
                return false;
            }
            out.push(cur.clone());
            return true;
        }
        let s = rel[i];
        for o in self.slots[s].options.clone() {
            cur[s] = o;
            if !self.enumerate(rel, i + 1, cur, out) {
                return false;
            }
        }
        true
    }

    /// Whether publishing `cands` (with every hidden value's relations) keeps each hidden value
    /// its protection interval and each hidden category two possibilities.
    pub fn verdict(&self, cands: &[&Candidate]) -> Failures {
        self.judge_all(cands, true)
    }

    /// Whether publishing `cands` is safe, stopping at the first failure.
    pub fn safe(&self, cands: &[&Candidate]) -> bool {
        self.judge_all(cands, false).ok()
    }

    fn judge_all(&self, cands: &[&Candidate], full: bool) -> Failures {
        let mut fail = Failures::default();
        let relevant = self.relevant_slots(cands);
        let Some(assignments) = self.assignments_memo(&relevant) else {
            fail.undecided = true;
            return fail;
        };
        let mut seen: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); self.slots.len()];
        let mut exposed: BTreeSet<usize> = BTreeSet::new();
        let mut truth_seen = false;
        // Assignments that differ only in categories no row reads give the same LP.
        let mut feasible: std::collections::HashMap<Vec<u64>, bool> = Default::default();
        'outer: for assign in assignments.iter() {
            let mut rows = self.base.clone();
            for (s, o, row) in &self.conditional {
                if assign[*s] == *o {
                    rows.push(row.clone());
                }
            }
            for c in cands {
                for t in &c.tpls {
                    if self.rows(t, assign, &mut rows).is_none() {
                        if matches!(t, Tpl::Unmodelable) {
                            fail.undecided = true;
                            return fail;
                        }
                        continue 'outer;
                    }
                }
            }
            let truth = relevant.iter().all(|s| assign[*s] == self.slots[*s].truth);
            let lp = Lp {
                bounds: self.bounds.clone(),
                rows,
            };
            if truth {
                // Every hidden value keeps its interval under the true categories, so that a
                // reader who learns a record's category (from its title, say) learns no more.
                match self.exposed_under(&lp) {
                    Ok(Some(values)) => {
                        truth_seen = true;
                        exposed.extend(values);
                    }
                    Ok(None) | Err(()) => {
                        fail.undecided = true;
                        return fail;
                    }
                }
            } else {
                let key = row_key(&lp.rows);
                let ok = match feasible.get(&key) {
                    Some(ok) => *ok,
                    None => match lp.feasible() {
                        Some(ok) => *feasible.entry(key).or_insert(ok),
                        None => {
                            fail.undecided = true;
                            return fail;
                        }
                    },
                };
                if !ok {
                    continue;
                }
            }
            for s in &relevant {
                seen[*s].insert(assign[*s]);
            }
            if !full && !exposed.is_empty() {
                break;
            }
        }
        // A check that stopped early has found its answer; otherwise the true assignment must
        // have been judged.
        let stopped = !full && !exposed.is_empty();
        if !truth_seen && !stopped {
            fail.undecided = true;
            return fail;
        }
        fail.values = exposed.into_iter().collect();
        self.judge(&relevant, &seen, &mut fail);
        fail
    }

    /// Under one LP: None when infeasible, else the protected values that lose their
    /// interval. Every hidden value keeps its interval whatever the hidden categories turn out
    /// to be: a reader who learns a record's category (from its title, say) learns no more.
    /// Err when the solver gives no answer.
    fn exposed_under(&self, lp: &Lp) -> Result<Option<Vec<usize>>, ()> {
        match lp.feasible() {
            Some(true) => {}
            Some(false) => return Ok(None),
            None => return Err(()),
        }
        let mut used = vec![false; lp.bounds.len()];
        for r in &lp.rows {
            for (v, c) in &r.lin.terms {
                used[*v] |= *c != 0.0;
            }
        }
        let mut out = Vec::new();
        for (i, p) in self.protected.iter().enumerate() {
            let range = match &p.read {
                // A value no row reads keeps the bounds of its variable.
                Read::Lin(l) if l.terms.len() == 1 && !used[l.terms[0].0] && l.terms[0].1 > 0.0 => {
                    let (v, c) = l.terms[0];
                    let (lo, hi) = lp.bounds[v];
                    Some((lo * c + l.constant, hi * c + l.constant))
                }
                r => read(lp, r),
            };
            match range {
                Some((lo, hi)) if lo > hi => {}
                Some((lo, hi)) => {
                    if !self.protects(p, lo, hi, &lp.bounds) {
                        out.push(i);
                    }
                }
                None => return Err(()),
            }
        }
        Ok(Some(out))
    }

    /// Each hidden category must keep two possibilities over the feasible assignments.
    fn judge(&self, relevant: &[usize], seen: &[BTreeSet<u32>], fail: &mut Failures) {
        for s in relevant {
            let slot = &self.slots[*s];
            if !slot.protected {
                continue;
            }
            let options = seen[*s].clone();
            let possibilities: u32 = options
                .iter()
                .map(|o| {
                    slot.options
                        .iter()
                        .position(|x| x == o)
                        .map_or(1, |i| slot.sizes[i])
                })
                .sum();
            if possibilities < 2 {
                fail.slots.push(*s);
            }
        }
    }
}

/// The feasible interval of a protected value under one LP.
fn read(lp: &Lp, r: &Read) -> Option<(f64, f64)> {
    match r {
        Read::Lin(l) => match lp.range(l) {
            Range::Known(lo, hi) => Some((lo, hi)),
            Range::Infeasible => Some((f64::INFINITY, f64::NEG_INFINITY)),
            Range::Unknown => None,
        },
        Read::Inverse { p, c, cap } => match lp.range(p) {
            Range::Known(plo, phi) => {
                let lo = if phi >= cap - EPS { 0.0 } else { c / phi };
                let hi = if plo <= EPS { f64::INFINITY } else { c / plo };
                Some((lo, hi))
            }
            Range::Infeasible => Some((f64::INFINITY, f64::NEG_INFINITY)),
            Range::Unknown => None,
        },
    }
}
