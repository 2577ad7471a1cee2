//! Feasibility intervals by linear programming: the least and greatest value a linear
//! expression takes over a set of linear constraints, as an attacker who knows every published
//! figure would compute them. A thin wrapper over `microlp` (pure Rust simplex). Amounts are
//! given in 万元 and scores in points, so coefficients stay within a few orders of magnitude.
//! A solver failure is reported as [`Range::Unknown`]: the gate then treats the item as not
//! proven safe. No I/O here.

use microlp::{ComparisonOp, Error, OptimizationDirection, Problem};

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
}
