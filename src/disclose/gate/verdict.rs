//! The verdict on a section: whether a set of published items leaves every hidden value its
//! protection interval under the true categories, and every protected category at least two
//! possibilities over every assignment of the categories that fits what is published. Every
//! assignment of the relevant slots is enumerated; LPs are solved per assignment, once per
//! distinct set of rows. No I/O here.

use super::lp::{Blocks, EPS, Lp, Range, Row, Solved};
use super::model::*;
use std::collections::BTreeSet;

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
        Read::Inverse { .. } | Read::EqTarget { .. } => (0.0, f64::INFINITY),
    }
}

/// Widen each value's hull by its range under one more assignment.
fn widen(hull: &mut [Option<(f64, f64)>], ranges: Vec<(f64, f64)>) {
    for (h, r) in hull.iter_mut().zip(ranges) {
        *h = Some(match *h {
            Some((lo, hi)) => (lo.min(r.0), hi.max(r.1)),
            None => r,
        });
    }
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
    /// No verdict: the enumeration was too large or the solver failed.
    fn undecided() -> Failures {
        Failures {
            undecided: true,
            ..Failures::default()
        }
    }

    pub fn ok(&self) -> bool {
        self.values.is_empty() && self.slots.is_empty() && !self.undecided
    }
}

impl Section {
    /// Slots any template or conditional row reads; the others cannot lose an option.
    fn relevant_slots(&self, cands: &[&Candidate]) -> Vec<usize> {
        let mut dims: BTreeSet<Dim> = BTreeSet::new();
        for c in cands {
            dims.extend(c.dims());
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
        let relevant = self.relevant_slots(cands);
        let Some(assignments) = self.assignments_memo(&relevant) else {
            return Failures::undecided();
        };
        let mut seen: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); self.slots.len()];
        let mut truth_seen = false;
        // A withheld grade nobody can read (a protected slot, which keeps two possibilities
        // or the verdict fails) is not taken as learned: values are judged over the hull of
        // the assignments that differ from the truth only in such grades. Every other category
        // is taken at its truth (a reader may learn a type or a unit from a title).
        let hull_slots = self.unreadable_grades(&relevant);
        let near_truth = |assign: &[u32]| {
            relevant
                .iter()
                .all(|s| assign[*s] == self.slots[*s].truth || hull_slots.contains(s))
        };
        let mut hull: Vec<Option<(f64, f64)>> = vec![None; self.protected.len()];
        for assign in assignments.iter() {
            let rows = match self.assignment_rows(assign, cands) {
                Ok(Some(rows)) => rows,
                Ok(None) => continue,
                Err(()) => return Failures::undecided(),
            };
            let truth = relevant.iter().all(|s| assign[*s] == self.slots[*s].truth);
            let lp = Lp {
                bounds: self.bounds.clone(),
                rows,
            };
            if near_truth(assign) {
                // Every hidden value keeps its interval under the true categories (but the
                // unreadable grades), so that a reader who learns a record's category (from its
                // title, say) learns no more.
                match self.ranges_under(&lp) {
                    Ok(Some(ranges)) => {
                        truth_seen |= truth;
                        widen(&mut hull, ranges);
                    }
                    // Infeasible: this assignment is not one the published items allow.
                    Ok(None) if !truth => continue,
                    Ok(None) | Err(()) => return Failures::undecided(),
                }
            } else {
                // Assignments that differ only in categories no row reads give the same blocks.
                match Blocks::new(&lp).feasible(&self.solved) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Failures::undecided(),
                }
            }
            for s in &relevant {
                seen[*s].insert(assign[*s]);
            }
            // Without unreadable grades the truth alone is judged: a check may stop at once.
            if !full && truth && hull_slots.is_empty() && self.any_exposed(&hull) {
                break;
            }
        }
        let exposed = self.exposed(&hull);
        // A check that stopped early has found its answer; otherwise the true assignment must
        // have been judged.
        let stopped = !full && !exposed.is_empty();
        if !truth_seen && !stopped {
            return Failures::undecided();
        }
        let mut fail = Failures {
            values: exposed.into_iter().collect(),
            ..Failures::default()
        };
        self.judge(&relevant, &seen, &mut fail);
        fail
    }

    /// The slots among `relevant` of withheld grades nobody can read (protected).
    fn unreadable_grades(&self, relevant: &[usize]) -> Vec<usize> {
        relevant
            .iter()
            .copied()
            .filter(|s| self.slots[*s].protected && self.slots[*s].dim == Dim::Grade)
            .collect()
    }

    /// The rows of the model under one assignment of the categories: the base rows, the rows
    /// of the categories assigned, and those of every candidate's templates. `Ok(None)` where
    /// a template cannot hold under the assignment (it is not one the candidates allow);
    /// `Err` where a template is unmodelable.
    fn assignment_rows(
        &self,
        assign: &[u32],
        cands: &[&Candidate],
    ) -> Result<Option<Vec<Row>>, ()> {
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
                        return Err(());
                    }
                    return Ok(None);
                }
            }
        }
        Ok(Some(rows))
    }

    /// The protected values that lose their interval over the hull of their ranges (an empty
    /// hull: the value's reading is infeasible everywhere, as before).
    fn exposed(&self, hull: &[Option<(f64, f64)>]) -> BTreeSet<usize> {
        let mut exposed = BTreeSet::new();
        for (i, h) in hull.iter().enumerate() {
            if let Some((lo, hi)) = h
                && lo <= hi
                && !self.protects(&self.protected[i], *lo, *hi, &self.bounds)
            {
                exposed.insert(i);
            }
        }
        exposed
    }

    /// Whether a protected value loses its interval over these ranges.
    fn any_exposed(&self, hull: &[Option<(f64, f64)>]) -> bool {
        hull.iter().enumerate().any(|(i, h)| {
            h.is_some_and(|(lo, hi)| {
                lo <= hi && !self.protects(&self.protected[i], lo, hi, &self.bounds)
            })
        })
    }

    /// Under one LP: None when infeasible, else the range of every protected value (an empty
    /// range where its reading is infeasible). Err when the solver gives no answer.
    fn ranges_under(&self, lp: &Lp) -> Result<Option<Vec<(f64, f64)>>, ()> {
        let blocks = Blocks::new(lp);
        match blocks.feasible(&self.solved) {
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
        for p in &self.protected {
            let range = match &p.read {
                // A value no row reads keeps the bounds of its variable.
                Read::Lin(l) if l.terms.len() == 1 && !used[l.terms[0].0] && l.terms[0].1 > 0.0 => {
                    let (v, c) = l.terms[0];
                    let (lo, hi) = lp.bounds[v];
                    Some((lo * c + l.constant, hi * c + l.constant))
                }
                r => read(&blocks, r, &self.solved),
            };
            match range {
                Some((lo, hi)) if lo > hi => out.push((f64::INFINITY, f64::NEG_INFINITY)),
                Some(r) => out.push(r),
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

/// The feasible interval of a protected value under one (feasible) LP.
fn read(lp: &Blocks, r: &Read, solved: &Solved) -> Option<(f64, f64)> {
    match r {
        Read::Lin(l) => match lp.range(l, solved) {
            Range::Known(lo, hi) => Some((lo, hi)),
            Range::Infeasible => Some((f64::INFINITY, f64::NEG_INFINITY)),
            Range::Unknown => None,
        },
        Read::Inverse { p, c, cap } => match lp.range(p, solved) {
            Range::Known(plo, phi) => {
                let lo = if phi >= cap - EPS { 0.0 } else { c / phi };
                let hi = if plo <= EPS { f64::INFINITY } else { c / plo };
                Some((lo, hi))
            }
            Range::Infeasible => Some((f64::INFINITY, f64::NEG_INFINITY)),
            Range::Unknown => None,
        },
        Read::EqTarget { p, aw, w, over } => match lp.range(p, solved) {
            Range::Known(plo, phi) if *over => {
                let lo = if plo <= EPS {
                    0.0
                } else {
                    aw / (2.0 * w - plo)
                };
                Some((lo, aw / (2.0 * w - phi).max(EPS)))
            }
            Range::Known(plo, phi) => {
                let hi = if plo <= EPS { f64::INFINITY } else { aw / plo };
                Some((aw / phi.max(EPS), hi))
            }
            Range::Infeasible => Some((f64::INFINITY, f64::NEG_INFINITY)),
            Range::Unknown => None,
        },
    }
}
