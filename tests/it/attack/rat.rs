//! Exact rationals over i128 for the attacker's solver: small sites only, so every operation is
//! checked and an overflow panics (it would mean a site too large for this solver, not a leak).

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rat {
    n: i128,
    d: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rat {
    pub const ZERO: Rat = Rat { n: 0, d: 1 };
    pub const ONE: Rat = Rat { n: 1, d: 1 };

    pub fn new(n: i128, d: i128) -> Rat {
        assert!(d != 0, "division by zero in the attacker's solver");
        let g = gcd(n, d).max(1);
        let s = if d < 0 { -1 } else { 1 };
        Rat {
            n: s * n / g,
            d: s * d / g,
        }
    }

    pub fn int(n: i128) -> Rat {
        Rat { n, d: 1 }
    }

    /// A decimal as printed ("12.340"): its exact value and the number of decimals written.
    pub fn parse(s: &str) -> Option<(Rat, u32)> {
        let s = s.trim();
        let (neg, body) = s.strip_prefix('-').map_or((false, s), |b| (true, b));
        let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
        if whole.is_empty() && frac.is_empty() {
            return None;
        }
        if !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
            || frac.len() > 12
        {
            return None;
        }
        let digits: i128 = format!("{whole}{frac}").parse().ok()?;
        let r = Rat::new(digits, 10i128.pow(frac.len() as u32));
        Some((if neg { -r } else { r }, frac.len() as u32))
    }

    /// Half a unit of the `decimals`-th decimal: the rounding radius of a printed figure.
    pub fn half_ulp(decimals: u32) -> Rat {
        Rat::new(1, 2 * 10i128.pow(decimals))
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    pub fn is_neg(self) -> bool {
        self.n < 0
    }

    pub fn is_pos(self) -> bool {
        self.n > 0
    }

    pub fn abs(self) -> Rat {
        Rat {
            n: self.n.abs(),
            d: self.d,
        }
    }

    /// The decimal text of `self` rounded half up to `decimals` places (self ≥ 0).
    pub fn round(self, decimals: u32) -> String {
        let scale = 10i128.pow(decimals);
        let q = ck(ck(self.n.checked_mul(2 * scale)).checked_add(self.d)) / (2 * self.d);
        if decimals == 0 {
            return q.to_string();
        }
        let s = scale as usize;
        format!("{}.{:0w$}", q / scale, q % scale, w = s.ilog10() as usize)
    }

    /// Truncated (toward zero, never rounded up) to `decimals`, as text: how 财预〔2020〕10号
    /// totals are shown (89.996 → "89.99").
    pub fn trunc(self, decimals: u32) -> String {
        assert!(!self.is_neg(), "truncating a negative score");
        let scale = 10i128.pow(decimals);
        let q = ck(self.n.checked_mul(scale)) / self.d;
        if decimals == 0 {
            return q.to_string();
        }
        let s = scale as usize;
        format!("{}.{:0w$}", q / scale, q % scale, w = s.ilog10() as usize)
    }

    /// One unit of the `decimals`-th decimal: how far a truncated figure may lie below the value.
    pub fn ulp(decimals: u32) -> Rat {
        Rat::new(1, 10i128.pow(decimals))
    }

    pub fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }
}

fn ck(v: Option<i128>) -> i128 {
    v.expect("i128 overflow in the attacker's solver: site too large for it")
}

impl Add for Rat {
    type Output = Rat;
    fn add(self, o: Rat) -> Rat {
        let g = gcd(self.d, o.d);
        let (a, b) = (self.d / g, o.d / g);
        let n = ck(ck(self.n.checked_mul(b)).checked_add(ck(o.n.checked_mul(a))));
        Rat::new(n, ck(self.d.checked_mul(b)))
    }
}

impl Neg for Rat {
    type Output = Rat;
    fn neg(self) -> Rat {
        Rat {
            n: -self.n,
            d: self.d,
        }
    }
}

impl Sub for Rat {
    type Output = Rat;
    fn sub(self, o: Rat) -> Rat {
        self + -o
    }
}

impl Mul for Rat {
    type Output = Rat;
    fn mul(self, o: Rat) -> Rat {
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        let n = ck((self.n / g1).checked_mul(o.n / g2));
        Rat::new(n, ck((self.d / g2).checked_mul(o.d / g1)))
    }
}

impl Div for Rat {
    type Output = Rat;
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, o: Rat) -> Rat {
        self * Rat::new(o.d, o.n)
    }
}

impl Ord for Rat {
    fn cmp(&self, o: &Rat) -> Ordering {
        (*self - *o).n.cmp(&0)
    }
}

impl PartialOrd for Rat {
    fn partial_cmp(&self, o: &Rat) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Debug for Rat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d == 1 {
            write!(f, "{}", self.n)
        } else {
            write!(f, "{:.4}", self.to_f64())
        }
    }
}
