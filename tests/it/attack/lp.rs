//! A small exact linear program: variables x ≥ 0, rows `Σ a·x (≤|≥|=) b`, two-phase simplex with
//! Bland's rule over exact rationals. Written for the attacker tests only (dense, no scaling):
//! it must stay independent of `src/disclose`, which it judges.

use super::rat::Rat;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Le,
    Ge,
    Eq,
}

/// One linear constraint.
#[derive(Clone, Debug)]
pub struct Row {
    pub terms: Vec<(usize, Rat)>,
    pub cmp: Cmp,
    pub rhs: Rat,
}

/// A feasible basis found by phase one, ready to optimise any objective.
#[derive(Clone)]
pub struct Tableau {
    t: Vec<Vec<Rat>>,
    basis: Vec<usize>,
    n: usize,
    usable: usize,
    /// Column of the right-hand side (kept here: a program may have no rows at all).
    width: usize,
}

/// Phase one: a feasible basis for `rows` over `n` variables, or None when infeasible.
pub fn feasible(n: usize, rows: &[Row]) -> Option<Tableau> {
    let m = rows.len();
    let slacks = rows.iter().filter(|r| r.cmp != Cmp::Eq).count();
    let arts = rows
        .iter()
        .filter(|r| (r.cmp == Cmp::Ge) != r.rhs.is_neg() || r.cmp == Cmp::Eq)
        .count();
    let width = n + slacks + arts;
    let (mut t, mut basis) = (Vec::with_capacity(m), Vec::with_capacity(m));
    let (mut s, mut a) = (n, n + slacks);
    let mut art_rows = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let mut line = vec![Rat::ZERO; width + 1];
        let flip = r.rhs.is_neg();
        let sign = if flip { -Rat::ONE } else { Rat::ONE };
        for &(j, c) in &r.terms {
            line[j] = line[j] + c * sign;
        }
        line[width] = r.rhs * sign;
        let cmp = match (r.cmp, flip) {
            (Cmp::Le, true) => Cmp::Ge,
            (Cmp::Ge, true) => Cmp::Le,
            (c, _) => c,
        };
        if r.cmp != Cmp::Eq {
            line[s] = if cmp == Cmp::Le { Rat::ONE } else { -Rat::ONE };
            s += 1;
        }
        if cmp == Cmp::Le {
            basis.push(s - 1);
        } else {
            line[a] = Rat::ONE;
            basis.push(a);
            art_rows.push(i);
            a += 1;
        }
        t.push(line);
    }
    let mut tab = Tableau {
        t,
        basis,
        n,
        usable: width,
        width,
    };
    let cost: Vec<(usize, Rat)> = (n + slacks..width).map(|j| (j, -Rat::ONE)).collect();
    let best = tab.optimise(&cost).expect("phase one is bounded");
    if best.is_neg() {
        return None;
    }
    tab.drive_out(n + slacks);
    Some(tab)
}

impl Tableau {
    /// Maximum of `c·x` over the feasible set; None when unbounded.
    pub fn maximize(&self, c: &[(usize, Rat)]) -> Option<Rat> {
        let mut t = self.clone();
        t.optimise(c)
    }

    /// Minimum of `c·x`; None when unbounded below.
    pub fn minimize(&self, c: &[(usize, Rat)]) -> Option<Rat> {
        let neg: Vec<(usize, Rat)> = c.iter().map(|&(j, v)| (j, -v)).collect();
        self.maximize(&neg).map(|v| -v)
    }

    fn rhs(&self) -> usize {
        self.width
    }

    fn optimise(&mut self, c: &[(usize, Rat)]) -> Option<Rat> {
        let w = self.rhs();
        let mut cost = vec![Rat::ZERO; w];
        for &(j, v) in c {
            cost[j] = cost[j] + v;
        }
        let mut red = cost.clone();
        for (i, row) in self.t.iter().enumerate() {
            let cb = cost[self.basis[i]];
            if !cb.is_zero() {
                for j in 0..w {
                    red[j] = red[j] - cb * row[j];
                }
            }
        }
        loop {
            let Some(col) = (0..self.usable).find(|&j| red[j].is_pos()) else {
                return Some(
                    self.basis
                        .iter()
                        .enumerate()
                        .fold(Rat::ZERO, |acc, (i, &b)| acc + cost[b] * self.t[i][w]),
                );
            };
            let row = self.ratio(col)?;
            self.pivot(row, col);
            let f = red[col];
            for (r, &v) in red.iter_mut().zip(&self.t[row]) {
                *r = *r - f * v;
            }
        }
    }

    fn ratio(&self, col: usize) -> Option<usize> {
        let w = self.rhs();
        let mut best: Option<(Rat, usize, usize)> = None;
        for (i, row) in self.t.iter().enumerate() {
            if row[col].is_pos() {
                let q = row[w] / row[col];
                let better = match best {
                    None => true,
                    Some((bq, _, bb)) => q < bq || (q == bq && self.basis[i] < bb),
                };
                if better {
                    best = Some((q, i, self.basis[i]));
                }
            }
        }
        best.map(|(_, i, _)| i)
    }

    fn pivot(&mut self, row: usize, col: usize) {
        let p = self.t[row][col];
        for v in self.t[row].iter_mut() {
            *v = *v / p;
        }
        let prow = self.t[row].clone();
        for (i, line) in self.t.iter_mut().enumerate() {
            let f = line[col];
            if i != row && !f.is_zero() {
                for (v, &pv) in line.iter_mut().zip(&prow) {
                    if !pv.is_zero() {
                        *v = *v - f * pv;
                    }
                }
            }
        }
        self.basis[row] = col;
    }

    /// After phase one: artificial columns leave the basis (or their redundant rows go), and
    /// may never enter again.
    fn drive_out(&mut self, first_art: usize) {
        let mut i = 0;
        while i < self.t.len() {
            if self.basis[i] >= first_art {
                match (0..first_art).find(|&j| !self.t[i][j].is_zero()) {
                    Some(j) => self.pivot(i, j),
                    None => {
                        self.t.remove(i);
                        self.basis.remove(i);
                        continue;
                    }
                }
            }
            i += 1;
        }
        self.usable = first_art;
        let _ = self.n;
    }
}
