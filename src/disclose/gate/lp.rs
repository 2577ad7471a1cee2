//! Feasibility intervals by linear programming: the least and greatest value a linear
//! expression takes over a set of linear constraints, as an attacker who knows every published
//! figure would compute them. A thin wrapper over `microlp` (pure Rust simplex). Amounts are
//! given in 万元 and scores in points, so coefficients stay within a few orders of magnitude.
//! A solver failure is reported as [`Range::Unknown`]: the gate then treats the item as not
//! proven safe. No I/O here.

use microlp::{ComparisonOp, Error, OptimizationDirection, Problem};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

/// A linear expression: `Σ coef × var + constant`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lin {
    pub terms: Vec<(usize, f64)>,
    pub constant: f64,
}

impl Lin {
    pub fn constant(c: f64) -> Lin {
        Lin {
            terms: Vec::new(),
            constant: c,
        }
    }

    pub fn var(v: usize) -> Lin {
        Lin {
            terms: vec![(v, 1.0)],
            constant: 0.0,
        }
    }

    pub fn is_constant(&self) -> bool {
        self.terms.iter().all(|(_, c)| *c == 0.0)
    }

    pub fn plus(&self, o: &Lin, k: f64) -> Lin {
        let mut terms = self.terms.clone();
        terms.extend(o.terms.iter().map(|(v, c)| (*v, c * k)));
        Lin {
            terms,
            constant: self.constant + k * o.constant,
        }
    }
}

/// `lo ≤ expr ≤ hi`; either side may be infinite.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub lin: Lin,
    pub lo: f64,
    pub hi: f64,
}

impl Row {
    pub fn between(lin: Lin, lo: f64, hi: f64) -> Row {
        Row { lin, lo, hi }
    }
}

/// Slack allowed for rows whose bounds are exact (f64 round-off only).
pub const EPS: f64 = 1e-7;

/// The feasible values of an expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    Infeasible,
    /// Least and greatest value; infinite where unbounded.
    Known(f64, f64),
    /// The solver gave no answer: treat as unsafe.
    Unknown,
}

/// Variables with bounds, and rows over them.
#[derive(Debug, Clone, Default)]
pub struct Lp {
    pub bounds: Vec<(f64, f64)>,
    pub rows: Vec<Row>,
}

impl Lp {
    /// Least and greatest value of `obj` over the constraints.
    pub fn range(&self, obj: &Lin) -> Range {
        let lo = match self.optimum(obj, OptimizationDirection::Minimize) {
            Ok(v) => v,
            Err(r) => return r,
        };
        let hi = match self.optimum(obj, OptimizationDirection::Maximize) {
            Ok(v) => v,
            Err(r) => return r,
        };
        Range::Known(lo, hi)
    }

    /// Whether any point meets every row.
    pub fn feasible(&self) -> Option<bool> {
        match self.optimum(&Lin::default(), OptimizationDirection::Minimize) {
            Ok(_) => Some(true),
            Err(Range::Infeasible) => Some(false),
            Err(_) => None,
        }
    }

    fn optimum(&self, obj: &Lin, dir: OptimizationDirection) -> Result<f64, Range> {
        let mut coef = vec![0.0; self.bounds.len()];
        for (v, c) in &obj.terms {
            coef[*v] += c;
        }
        let mut p = Problem::new(dir);
        let vars: Vec<_> = self
            .bounds
            .iter()
            .zip(&coef)
            .map(|(b, c)| p.add_var(*c, *b))
            .collect();
        for row in &self.rows {
            let mut terms: Vec<(microlp::Variable, f64)> = Vec::new();
            for (v, c) in &row.lin.terms {
                match terms.iter_mut().find(|(x, _)| *x == vars[*v]) {
                    Some(t) => t.1 += c,
                    None => terms.push((vars[*v], *c)),
                }
            }
            terms.retain(|(_, c)| *c != 0.0);
            let (lo, hi) = (row.lo - row.lin.constant, row.hi - row.lin.constant);
            if terms.is_empty() {
                if lo > EPS || hi < -EPS {
                    return Err(Range::Infeasible);
                }
                continue;
            }
            if lo == hi {
                p.add_constraint(&terms, ComparisonOp::Eq, lo);
                continue;
            }
            if lo.is_finite() {
                p.add_constraint(&terms, ComparisonOp::Ge, lo);
            }
            if hi.is_finite() {
                p.add_constraint(&terms, ComparisonOp::Le, hi);
            }
        }
        match p.solve() {
            Ok(outcome) => match outcome.into_solution() {
                Ok(s) => Ok(s.objective() + obj.constant),
                Err(_) => Err(Range::Unknown),
            },
            Err(Error::Infeasible) => Err(Range::Infeasible),
            Err(Error::Unbounded) => Ok(match dir {
                OptimizationDirection::Minimize => f64::NEG_INFINITY,
                OptimizationDirection::Maximize => f64::INFINITY,
            }),
            Err(_) => Err(Range::Unknown),
        }
    }
}

/// Answers of LPs already solved, by their exact content: a model re-judged under another
/// assignment of the categories, or with one more published item, mostly asks again about
/// blocks whose rows did not change.
#[derive(Debug, Clone, Default)]
pub struct Solved {
    answers: RefCell<HashMap<Vec<u64>, Answer>>,
}

#[derive(Debug, Clone, Copy)]
enum Answer {
    Feasible(Option<bool>),
    Range(Range),
}

/// Answers kept before the memo is emptied (keys are a block's rows: a few KB at most).
const MAX_SOLVED: usize = 200_000;

impl Solved {
    fn get_or(&self, key: Vec<u64>, solve: impl FnOnce() -> Answer) -> Answer {
        if let Some(a) = self.answers.borrow().get(&key) {
            return *a;
        }
        let a = solve();
        let mut answers = self.answers.borrow_mut();
        if answers.len() >= MAX_SOLVED {
            answers.clear();
        }
        answers.insert(key, a);
        a
    }
}

/// An LP split into independent blocks: variables linked through rows. The feasible set is
/// the product of the blocks' feasible sets, so an expression's range over the whole LP is its
/// range over the blocks of its variables, once every block is feasible. Each block is solved
/// alone (smaller LPs) and its answers are remembered in [`Solved`].
pub struct Blocks<'a> {
    lp: &'a Lp,
    /// The block of each variable (its union-find root).
    root: Vec<usize>,
    /// The rows of each block, by root, in the LP's order.
    rows: BTreeMap<usize, Vec<usize>>,
    /// Whether the rows that read no variable hold, and every variable's bounds admit a value.
    constant_ok: bool,
    /// [`Self::feasible`], once asked.
    feasible: Cell<Option<Option<bool>>>,
}

fn find(parent: &mut [usize], mut v: usize) -> usize {
    while parent[v] != v {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    v
}

impl<'a> Blocks<'a> {
    pub fn new(lp: &'a Lp) -> Blocks<'a> {
        let mut parent: Vec<usize> = (0..lp.bounds.len()).collect();
        for row in &lp.rows {
            let mut vars = row
                .lin
                .terms
                .iter()
                .filter(|(_, c)| *c != 0.0)
                .map(|(v, _)| *v);
            if let Some(first) = vars.next() {
                let a = find(&mut parent, first);
                for v in vars {
                    let b = find(&mut parent, v);
                    parent[b] = a;
                }
            }
        }
        let root: Vec<usize> = (0..parent.len()).map(|v| find(&mut parent, v)).collect();
        let mut rows: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        // A variable no row reads is in no block: its bounds alone must admit a value.
        let mut constant_ok = lp.bounds.iter().all(|(lo, hi)| lo <= hi);
        for (i, row) in lp.rows.iter().enumerate() {
            match row.lin.terms.iter().find(|(_, c)| *c != 0.0) {
                Some((v, _)) => rows.entry(root[*v]).or_default().push(i),
                None => {
                    let (lo, hi) = (row.lo - row.lin.constant, row.hi - row.lin.constant);
                    constant_ok &= lo <= EPS && hi >= -EPS;
                }
            }
        }
        Blocks {
            lp,
            root,
            rows,
            constant_ok,
            feasible: Cell::new(None),
        }
    }

    /// Whether any point meets every row: every block alone.
    pub fn feasible(&self, solved: &Solved) -> Option<bool> {
        if let Some(f) = self.feasible.get() {
            return f;
        }
        let f = self.solve_feasible(solved);
        self.feasible.set(Some(f));
        f
    }

    fn solve_feasible(&self, solved: &Solved) -> Option<bool> {
        if !self.constant_ok {
            return Some(false);
        }
        let mut unknown = false;
        for &r in self.rows.keys() {
            let (sub, _, key) = self.sub(&[r], None);
            match solved.get_or(key, || Answer::Feasible(sub.feasible())) {
                Answer::Feasible(Some(true)) => {}
                Answer::Feasible(Some(false)) => return Some(false),
                _ => unknown = true,
            }
        }
        (!unknown).then_some(true)
    }

    /// Least and greatest value of `obj` over the constraints, as [`Lp::range`].
    pub fn range(&self, obj: &Lin, solved: &Solved) -> Range {
        match self.feasible(solved) {
            Some(true) => {}
            Some(false) => return Range::Infeasible,
            None => return Range::Unknown,
        }
        let mut roots: Vec<usize> = obj
            .terms
            .iter()
            .filter(|(_, c)| *c != 0.0)
            .map(|(v, _)| self.root[*v])
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.is_empty() {
            return Range::Known(obj.constant, obj.constant);
        }
        let (sub, obj, key) = self.sub(&roots, Some(obj));
        let obj = obj.unwrap_or_default();
        match solved.get_or(key, || Answer::Range(sub.range(&obj))) {
            Answer::Range(r) => r,
            Answer::Feasible(_) => Range::Unknown,
        }
    }

    /// The LP of the blocks `roots` alone with its variables numbered in order, the objective
    /// in that numbering, and the key of their exact content.
    fn sub(&self, roots: &[usize], obj: Option<&Lin>) -> (Lp, Option<Lin>, Vec<u64>) {
        let mut next = 0;
        let local: Vec<Option<usize>> = self
            .root
            .iter()
            .map(|r| {
                roots.binary_search(r).ok().map(|_| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let renumber = |l: &Lin| Lin {
            terms: l
                .terms
                .iter()
                .filter_map(|(v, c)| local[*v].map(|n| (n, *c)))
                .collect(),
            constant: l.constant,
        };
        let mut sub = Lp::default();
        let mut key: Vec<u64> = vec![u64::from(obj.is_some())];
        for (v, n) in local.iter().enumerate() {
            if n.is_some() {
                let (lo, hi) = self.lp.bounds[v];
                sub.bounds.push((lo, hi));
                key.extend([lo.to_bits(), hi.to_bits()]);
            }
        }
        let mut rows: Vec<usize> = roots
            .iter()
            .flat_map(|r| self.rows.get(r).into_iter().flatten().copied())
            .collect();
        rows.sort_unstable();
        for i in rows {
            let row = &self.lp.rows[i];
            let lin = renumber(&row.lin);
            push_key(&mut key, &lin);
            key.extend([row.lo.to_bits(), row.hi.to_bits()]);
            sub.rows.push(Row::between(lin, row.lo, row.hi));
        }
        let obj = obj.map(renumber);
        if let Some(o) = &obj {
            key.push(u64::MAX);
            push_key(&mut key, o);
        }
        (sub, obj, key)
    }
}

fn push_key(key: &mut Vec<u64>, lin: &Lin) {
    key.push(lin.terms.len() as u64);
    for (v, c) in &lin.terms {
        key.extend([*v as u64, c.to_bits()]);
    }
    key.push(lin.constant.to_bits());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_with_one_hidden_part_pins_it_and_with_two_leaves_an_interval() {
        // x + 30 = 100, x ≥ 0: x is 70 exactly.
        let mut lp = Lp {
            bounds: vec![(0.0, f64::INFINITY), (0.0, f64::INFINITY)],
            rows: vec![],
        };
        lp.rows.push(Row::between(
            Lin::var(0).plus(&Lin::constant(30.0), 1.0),
            100.0,
            100.0,
        ));
        let Range::Known(lo, hi) = lp.range(&Lin::var(0)) else {
            panic!()
        };
        assert!((lo - 70.0).abs() < 1e-6 && (hi - 70.0).abs() < 1e-6);
        // x + y = 70: each between 0 and 70.
        lp.rows[0] = Row::between(Lin::var(0).plus(&Lin::var(1), 1.0), 70.0, 70.0);
        assert_eq!(lp.range(&Lin::var(1)), Range::Known(0.0, 70.0));
        // y unbounded above without the row.
        lp.rows.clear();
        assert_eq!(lp.range(&Lin::var(1)), Range::Known(0.0, f64::INFINITY));
        // contradictory rows
        lp.rows.push(Row::between(Lin::var(0), 5.0, 5.0));
        lp.rows.push(Row::between(Lin::var(0), 6.0, 7.0));
        assert_eq!(lp.range(&Lin::var(1)), Range::Infeasible);
    }

    /// Random LPs of a few blocks (sums and bounds over 2–4 variables each, some linked, some
    /// contradictory): the blocks' answers are the whole LP's, asked twice (the second time
    /// from the memo).
    #[test]
    fn blocks_give_the_whole_lps_ranges() {
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let solved = Solved::default();
        for _ in 0..200 {
            let vars = 2 + next(7) as usize;
            let mut lp = Lp {
                bounds: (0..vars).map(|_| (0.0, 10.0 + next(90) as f64)).collect(),
                rows: Vec::new(),
            };
            for _ in 0..next(5) {
                let a = next(vars as u64) as usize;
                let b = next(vars as u64) as usize;
                let lin = Lin::var(a).plus(&Lin::var(b), if next(2) == 0 { 1.0 } else { -1.0 });
                let lo = next(60) as f64 - 20.0;
                lp.rows.push(Row::between(lin, lo, lo + next(30) as f64));
            }
            if next(4) == 0 {
                lp.rows
                    .push(Row::between(Lin::constant(next(3) as f64), 0.0, 1.0));
            }
            let blocks = Blocks::new(&lp);
            assert_eq!(blocks.feasible(&solved), lp.feasible(), "{lp:?}");
            for v in 0..vars {
                let obj = Lin::var(v).plus(&Lin::var((v + 1) % vars), 0.5);
                let (whole, split) = (lp.range(&obj), blocks.range(&obj, &solved));
                let again = Blocks::new(&lp).range(&obj, &solved);
                assert_eq!(split, again);
                match (whole, split) {
                    (Range::Known(a, b), Range::Known(c, d)) => {
                        assert!(
                            (a - c).abs() < 1e-6 && (b - d).abs() < 1e-6,
                            "{lp:?} {obj:?}"
                        )
                    }
                    (w, s) => assert_eq!(w, s, "{lp:?} {obj:?}"),
                }
            }
        }
        assert!(!solved.answers.borrow().is_empty());
    }
}
