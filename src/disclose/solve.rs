//! Which hidden values a set of published linear relations pins down.
//!
//! Each relation is a published sum: known constants plus hidden values with integer
//! coefficients (usually +1 or −1). The constants do not matter for what can be derived; the
//! structure does. A hidden value is determined exactly when its unit vector lies in the row
//! space of the relations. We keep the relations in reduced row echelon form over the rationals
//! (exact integer rows, normalised by their gcd), so accepting relations one by one is cheap.
//! No I/O here.

/// One relation: (hidden variable, coefficient) terms.
pub type Row = Vec<(usize, i64)>;

/// Relations accepted so far, in reduced row echelon form.
#[derive(Debug, Clone, Default)]
pub struct System {
    /// Dense rows over `n` variables; `pivots[k]` is the pivot column of `rows[k]`.
    rows: Vec<Vec<i128>>,
    pivots: Vec<usize>,
    /// Non-zero entries of each row: a row with one pins its pivot variable down.
    nonzero: Vec<usize>,
    n: usize,
}

fn nonzero(row: &[i128]) -> usize {
    row.iter().filter(|x| **x != 0).count()
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn normalise(row: &mut [i128]) {
    let g = row.iter().fold(0, |g, &x| gcd(g, x));
    if g > 1 {
        row.iter_mut().for_each(|x| *x /= g);
    }
    if let Some(first) = row.iter().find(|x| **x != 0)
        && *first < 0
    {
        row.iter_mut().for_each(|x| *x = -*x);
    }
}

/// `target -= (target[col] / pivot_row[col]) * pivot_row`, kept integral by scaling `target`.
fn eliminate(target: &mut [i128], pivot_row: &[i128], col: usize) {
    let t = target[col];
    if t == 0 {
        return;
    }
    let p = pivot_row[col];
    let g = gcd(t, p);
    let (ft, fp) = (p / g, t / g);
    for (x, y) in target.iter_mut().zip(pivot_row) {
        *x = *x * ft - *y * fp;
    }
    normalise(target);
}

impl System {
    pub fn new(n: usize) -> System {
        System {
            rows: Vec::new(),
            pivots: Vec::new(),
            nonzero: Vec::new(),
            n,
        }
    }

    fn dense(&self, row: &Row) -> Vec<i128> {
        let mut d = vec![0i128; self.n];
        for &(v, c) in row {
            if v < self.n {
                d[v] += i128::from(c);
            }
        }
        d
    }

    /// The system with `row` added (a redundant row changes nothing).
    pub fn with(&self, row: &Row) -> System {
        let mut next = self.clone();
        next.add(row);
        next
    }

    /// Add a relation, keeping the rows reduced.
    pub fn add(&mut self, row: &Row) {
        if let Some((d, p)) = self.reduced(row) {
            let touched = self.touched(&d, p);
            self.apply(d, p, touched);
        }
    }

    /// `row` reduced by the accepted relations, with its pivot; None when it is redundant.
    fn reduced(&self, row: &Row) -> Option<(Vec<i128>, usize)> {
        let mut d = self.dense(row);
        for (k, &p) in self.pivots.iter().enumerate() {
            eliminate(&mut d, &self.rows[k], p);
        }
        let p = d.iter().position(|x| *x != 0)?;
        normalise(&mut d);
        Some((d, p))
    }

    /// The accepted rows that a new pivot row `d` at column `p` changes, as they become.
    fn touched(&self, d: &[i128], p: usize) -> Vec<(usize, Vec<i128>)> {
        let mut out = Vec::new();
        for (k, r) in self.rows.iter().enumerate() {
            if r[p] != 0 {
                let mut r = r.clone();
                eliminate(&mut r, d, p);
                out.push((k, r));
            }
        }
        out
    }

    fn apply(&mut self, d: Vec<i128>, p: usize, touched: Vec<(usize, Vec<i128>)>) {
        for (k, r) in touched {
            self.nonzero[k] = nonzero(&r);
            self.rows[k] = r;
        }
        self.nonzero.push(nonzero(&d));
        self.rows.push(d);
        self.pivots.push(p);
    }

    /// Add `row` unless the system would then determine a variable; whether it was added.
    /// The same as `with` and `any_determined` on the result, without copying the system:
    /// only the rows the new pivot changes are recomputed.
    pub fn add_unless_determined(&mut self, row: &Row) -> bool {
        let Some((d, p)) = self.reduced(row) else {
            return !self.any_determined();
        };
        let touched = self.touched(&d, p);
        let untouched_unit = self
            .rows
            .iter()
            .zip(&self.nonzero)
            .any(|(r, n)| r[p] == 0 && *n == 1);
        if nonzero(&d) == 1 || untouched_unit || touched.iter().any(|(_, r)| nonzero(r) == 1) {
            return false;
        }
        self.apply(d, p, touched);
        true
    }

    /// Add `row`; whether any variable is determined afterwards.
    pub fn add_and_check(&mut self, row: &Row) -> bool {
        self.add(row);
        self.any_determined()
    }

    /// For each variable, whether the accepted relations determine its value.
    pub fn determined(&self) -> Vec<bool> {
        let mut out = vec![false; self.n];
        for (n, &p) in self.nonzero.iter().zip(&self.pivots) {
            if *n == 1 {
                out[p] = true;
            }
        }
        out
    }

    /// Whether any variable is determined.
    pub fn any_determined(&self) -> bool {
        self.nonzero.contains(&1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hidden_term_under_a_total_is_determined() {
        let s = System::new(2).with(&vec![(0, 1)]);
        assert_eq!(s.determined(), vec![true, false]);
    }

    #[test]
    fn two_hidden_terms_are_not_but_a_second_table_isolates_them() {
        // A unit total covering records 0 and 1, and a type total covering records 1 and 2.
        let s = System::new(3).with(&vec![(0, 1), (1, 1)]);
        assert!(!s.any_determined());
        let s = s.with(&vec![(1, 1), (2, 1)]);
        assert!(!s.any_determined());
        // A grand total over all three: 0+1+2 minus (1+2) leaves 0, and so on.
        let s = s.with(&vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(s.determined(), vec![true, true, true]);
    }

    #[test]
    fn differences_are_handled() {
        // cut = requested − approved with approved hidden, and requested hidden in a total.
        let s = System::new(2)
            .with(&vec![(0, 1), (1, -1)])
            .with(&vec![(0, 1)]);
        assert_eq!(s.determined(), vec![true, true]);
    }

    #[test]
    fn redundant_rows_change_nothing() {
        let s = System::new(2)
            .with(&vec![(0, 1), (1, 1)])
            .with(&vec![(0, 2), (1, 2)]);
        assert!(!s.any_determined());
    }

    /// An independent solver: ranks over the prime field GF(2^61 − 1). A variable is determined
    /// exactly when adding its unit vector does not raise the rank.
    mod independent {
        const P: u128 = (1 << 61) - 1;

        fn inv(a: u128) -> u128 {
            let (mut r, mut b, mut e) = (1u128, a % P, P - 2);
            while e > 0 {
                if e & 1 == 1 {
                    r = r * b % P;
                }
                b = b * b % P;
                e >>= 1;
            }
            r
        }

        pub fn rank(mut m: Vec<Vec<u128>>) -> usize {
            let cols = m.first().map_or(0, Vec::len);
            let mut rank = 0;
            for c in 0..cols {
                let Some(p) = (rank..m.len()).find(|&r| m[r][c] != 0) else {
                    continue;
                };
                m.swap(rank, p);
                let iv = inv(m[rank][c]);
                let pivot: Vec<u128> = m[rank].iter().map(|x| x * iv % P).collect();
                for (r, row) in m.iter_mut().enumerate() {
                    if r != rank && row[c] != 0 {
                        let f = row[c];
                        for (x, y) in row.iter_mut().zip(&pivot) {
                            *x = (*x + P - f * y % P) % P;
                        }
                    }
                }
                m[rank] = pivot;
                rank += 1;
            }
            rank
        }

        pub fn dense(n: usize, rows: &[super::Row]) -> Vec<Vec<u128>> {
            rows.iter()
                .map(|r| {
                    let mut d = vec![0u128; n];
                    for &(v, c) in r {
                        d[v] = (d[v] + (c.rem_euclid(P as i64)) as u128) % P;
                    }
                    d
                })
                .collect()
        }

        pub fn determined(n: usize, rows: &[super::Row]) -> Vec<bool> {
            let m = dense(n, rows);
            let base = rank(m.clone());
            (0..n)
                .map(|i| {
                    let mut with = m.clone();
                    let mut e = vec![0u128; n];
                    e[i] = 1;
                    with.push(e);
                    rank(with) == base
                })
                .collect()
        }
    }

    fn arb_rows() -> impl proptest::strategy::Strategy<Value = (usize, Vec<Row>)> {
        use proptest::prelude::*;
        (1usize..8).prop_flat_map(|n| {
            let term = (0..n, prop_oneof![Just(1i64), Just(-1i64), Just(2i64)]);
            let row = proptest::collection::vec(term, 1..5);
            (Just(n), proptest::collection::vec(row, 0..7))
        })
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_an_independent_solver((n, rows) in arb_rows()) {
            let mut s = System::new(n);
            for r in &rows {
                s.add(r);
            }
            proptest::prop_assert_eq!(s.determined(), independent::determined(n, &rows));
        }

        #[test]
        fn adding_in_place_agrees_with_copying((n, rows) in arb_rows()) {
            let (mut copied, mut in_place) = (System::new(n), System::new(n));
            for r in &rows {
                let next = copied.with(r);
                let accepted = !next.any_determined();
                if accepted {
                    copied = next;
                }
                proptest::prop_assert_eq!(in_place.add_unless_determined(r), accepted);
                proptest::prop_assert_eq!(&in_place.rows, &copied.rows);
            }
            let mut always = System::new(n);
            for (i, r) in rows.iter().enumerate() {
                let expected = System::new(n);
                let expected = rows[..=i].iter().fold(expected, |s, r| s.with(r));
                proptest::prop_assert_eq!(always.add_and_check(r), expected.any_determined());
                proptest::prop_assert_eq!(always.determined(), expected.determined());
            }
        }

        #[test]
        fn greedy_acceptance_never_pins_a_value((n, rows) in arb_rows()) {
            let mut s = System::new(n);
            let mut accepted = Vec::new();
            for r in &rows {
                let next = s.with(r);
                if !next.any_determined() {
                    s = next;
                    accepted.push(r.clone());
                }
            }
            proptest::prop_assert!(independent::determined(n, &accepted).iter().all(|d| !d));
        }
    }
}
