//! The model of one section of a year (ex-ante, goals, monitoring, self-evaluations or
//! evaluations) as an attacker sees it: hidden values as LP variables, the categories of
//! records the public cannot see as slots to enumerate, the domain relations as rows, and the
//! published items as candidates that add rows; `verdict.rs` judges them. No I/O here.

use super::lp::{Blocks, EPS, Lin, Lp, Row, Solved};

/// A dimension in which a record has a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// Add the value `name` to `l` ([`Rec::val`] without a copy); false when there is none.
    pub fn add_to(&self, name: &str, l: &mut Lin) -> bool {
        let add = |l: &mut Lin, v: &Lin| {
            l.terms.extend_from_slice(&v.terms);
            l.constant += v.constant;
        };
        if name == "cut" {
            return self.val(name).map(|v| add(l, &v)).is_some();
        }
        let v = self.vals.iter().find(|(n, _)| *n == name);
        v.map(|(_, v)| add(l, v)).is_some()
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

impl Candidate {
    /// The record filters its templates count or sum over.
    pub fn filters(&self) -> impl Iterator<Item = &Filter> {
        self.tpls.iter().flat_map(|t| match t {
            Tpl::Sum(f, ..)
            | Tpl::Count(f, ..)
            | Tpl::Complete(f, ..)
            | Tpl::Ratio(f, ..)
            | Tpl::Avg(f, ..) => vec![f],
            Tpl::Share(a, b, ..) => vec![a, b],
            Tpl::Row(_) | Tpl::Unmodelable => vec![],
        })
    }

    /// The categories its figures are broken down by.
    pub fn dims(&self) -> impl Iterator<Item = Dim> + '_ {
        self.filters().flat_map(|f| f.conds.iter().map(|(d, _)| *d))
    }
}

/// How a protected value is read from the model.
#[derive(Debug, Clone)]
pub enum Read {
    /// The value is the expression.
    Lin(Lin),
    /// The value is `c / p` for a score `p` in `[0, cap]` (target or actual behind a capped
    /// ratio); `p = cap` means any value up to `c / cap`.
    Inverse { p: Lin, c: f64, cap: f64 },
    /// The withheld target of an = indicator with points `p` of weight `w` and `aw` = actual
    /// × w, on its true side: below the actual (`over`) t = aw / (2w − p), any t up to half
    /// the actual where p = 0; else t = aw / p.
    EqTarget { p: Lin, aw: f64, w: f64, over: bool },
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
    /// LP answers by the exact content of the blocks asked about.
    pub solved: Solved,
    /// The records each filter may cover, by filter (`Section::candidates`).
    pub covered: Covered,
}

/// For each filter (its conditions and whether only stubs count), the records it may cover, in
/// order, each with whether that depends on a slot; with how many records there were.
pub type Covered = std::cell::RefCell<
    std::collections::HashMap<
        (Vec<(Dim, Vec<u32>)>, bool),
        (usize, std::rc::Rc<Vec<(usize, bool)>>),
    >,
>;

pub type Memo =
    std::cell::RefCell<std::collections::BTreeMap<Vec<usize>, Option<std::rc::Rc<Vec<Vec<u32>>>>>>;

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

    /// The records `f` may cover, in order, each with whether that depends on a slot: every
    /// other record is outside it whatever the slots' options (a category known to be outside
    /// it, or none, or not a stub where only stubs count), and one that does not depend on a
    /// slot is inside it whatever they are. Worked out once per filter.
    fn candidates(&self, f: &Filter) -> std::rc::Rc<Vec<(usize, bool)>> {
        let key = (f.conds.clone(), f.stubs_only);
        if let Some((n, c)) = self.covered.borrow().get(&key)
            && *n == self.recs.len()
        {
            return c.clone();
        }
        let list: Vec<(usize, bool)> = self
            .recs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                if f.stubs_only && !r.stub {
                    return None;
                }
                let mut depends = false;
                for (d, set) in &f.conds {
                    match r.cat(*d)? {
                        Cat::Known(v) if !set.contains(&v) => return None,
                        Cat::Known(_) => {}
                        Cat::Slot(_) => depends = true,
                    }
                }
                Some((i, depends))
            })
            .collect();
        let list = std::rc::Rc::new(list);
        self.covered
            .borrow_mut()
            .insert(key, (self.recs.len(), list.clone()));
        list
    }

    /// The records in `f` under the slots' options `assign`, in order.
    fn members<'s>(&'s self, f: &'s Filter, assign: &'s [u32]) -> impl Iterator<Item = &'s Rec> {
        let list = self.candidates(f);
        (0..list.len()).filter_map(move |n| {
            let (i, depends) = list[n];
            let r = &self.recs[i];
            (!depends || self.member(r, f, assign)).then_some(r)
        })
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
        for d in c.dims() {
            let hidden = self.slots.iter().any(|s| s.dim == d && s.protected);
            if hidden && !out.contains(&d) {
                out.push(d);
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
        Blocks::new(&lp).feasible(&self.solved) == Some(true)
    }

    /// Whether anything in the section is hidden.
    pub fn has_hidden(&self) -> bool {
        !self.protected.is_empty() || !self.slots.is_empty()
    }

    /// The rows a template adds under an assignment, or None when the assignment contradicts it.
    pub(super) fn rows(&self, t: &Tpl, assign: &[u32], out: &mut Vec<Row>) -> Option<()> {
        let sum = |f: &Filter, name: &str| -> (Lin, f64) {
            let mut l = Lin::default();
            let mut n = 0.0;
            for r in self.members(f, assign) {
                if r.add_to(name, &mut l) {
                    n += 1.0;
                }
            }
            (l, n)
        };
        let count = |f: &Filter| self.members(f, assign).count() as f64;
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
                // An open end ("超过80%") binds nothing on its side.
                if lo.is_finite() {
                    out.push(Row::between(a.plus(&b, -lo), 0.0, f64::INFINITY));
                }
                if hi.is_finite() {
                    out.push(Row::between(a.plus(&b, -hi), f64::NEG_INFINITY, 0.0));
                }
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
                if lo.is_finite() {
                    out.push(Row::between(
                        s.plus(&Lin::constant(n), -lo),
                        0.0,
                        f64::INFINITY,
                    ));
                }
                if hi.is_finite() {
                    out.push(Row::between(
                        s.plus(&Lin::constant(n), -hi),
                        f64::NEG_INFINITY,
                        0.0,
                    ));
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records a filter covers under an assignment, as worked out once per filter
    /// ([`Section::members`]), are those a check of every record finds, in the same order,
    /// for every filter over two dimensions and every assignment of two slots — also after a
    /// record is added to the section.
    #[test]
    fn members_of_a_filter_are_those_every_record_check_finds() {
        let rec = |stub: bool, cats: Vec<(Dim, Cat)>| Rec {
            stub,
            cats,
            vals: Vec::new(),
        };
        let mut sec = Section {
            recs: vec![
                rec(
                    false,
                    vec![(Dim::Type, Cat::Known(1)), (Dim::Grade, Cat::Known(2))],
                ),
                rec(
                    true,
                    vec![(Dim::Type, Cat::Slot(0)), (Dim::Grade, Cat::Known(1))],
                ),
                rec(false, vec![(Dim::Type, Cat::Known(2))]),
                rec(
                    true,
                    vec![(Dim::Type, Cat::Known(1)), (Dim::Grade, Cat::Slot(1))],
                ),
                rec(
                    false,
                    vec![(Dim::Type, Cat::Slot(0)), (Dim::Grade, Cat::Slot(1))],
                ),
            ],
            ..Section::default()
        };
        let sets: Vec<Vec<u32>> = vec![vec![], vec![1], vec![2], vec![1, 2], vec![3]];
        let mut filters = vec![Filter::default()];
        for stubs_only in [false, true] {
            for t in &sets {
                for g in &sets {
                    let mut conds = vec![(Dim::Type, t.clone())];
                    if !g.is_empty() {
                        conds.push((Dim::Grade, g.clone()));
                    }
                    filters.push(Filter { conds, stubs_only });
                }
            }
        }
        let check = |sec: &Section| {
            for f in &filters {
                for a in 0..4u32 {
                    for b in 0..4u32 {
                        let assign = [a, b];
                        let every: Vec<*const Rec> = sec
                            .recs
                            .iter()
                            .filter(|r| sec.member(r, f, &assign))
                            .map(|r| r as *const Rec)
                            .collect();
                        let once: Vec<*const Rec> =
                            sec.members(f, &assign).map(|r| r as *const Rec).collect();
                        assert_eq!(once, every, "{f:?} under {assign:?}");
                    }
                }
            }
        };
        check(&sec);
        sec.recs.push(rec(
            false,
            vec![(Dim::Type, Cat::Known(1)), (Dim::Grade, Cat::Known(1))],
        ));
        check(&sec);
    }
}
