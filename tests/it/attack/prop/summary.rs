//! A generated `summary.yaml`: the figures a body states, computed from the records the site
//! lists (不列示 ones left out, 不予公开 ones counted), rounded to random decimals. A group with
//! `coverage: partial` also covers records that are not on the site: its figures add a random
//! extra to what the records give.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::records::{Built, Status};
use crate::attack::rat::Rat;

#[derive(Clone, Debug)]
pub struct Sum {
    /// Which groups and items are stated, one bit each in turn.
    pub mask: u64,
    /// Decimals of each stated figure, two bits each in turn.
    pub dec: u64,
    /// Which groups have partial coverage (a quarter of them).
    pub partial: u32,
    /// What records off the site add to a partial group: amount (cents) and count.
    pub extra: i128,
    pub extra_n: u32,
}

pub fn sum() -> impl Strategy<Value = Sum> {
    (
        any::<u64>(),
        any::<u64>(),
        (any::<u16>(), any::<u16>()),
        100..50_000i128,
        1..4u32,
    )
        .prop_map(|(mask, dec, (p, q), extra, extra_n)| Sum {
            mask,
            dec,
            partial: u32::from(p & q),
            extra,
            extra_n,
        })
}

/// Draws bits and decimals from a `Sum` in turn.
struct Draw<'a> {
    s: &'a Sum,
    bit: u32,
    dec: u32,
    group: u32,
}

impl Draw<'_> {
    fn on(&mut self) -> bool {
        self.bit += 1;
        self.s.mask >> ((self.bit - 1) % 64) & 1 == 1
    }

    fn dec(&mut self) -> u32 {
        self.dec += 1;
        (self.s.dec >> (2 * ((self.dec - 1) % 32)) & 3) as u32 % 3
    }

    /// Whether the next group is partial, and what off-site records add: (count, amount).
    fn partial(&mut self) -> (bool, i128, Rat) {
        self.group += 1;
        let p = self.s.partial >> ((self.group - 1) % 16) & 1 == 1;
        if p {
            (true, self.s.extra_n.into(), Rat::new(self.s.extra, 100))
        } else {
            (false, 0, Rat::ZERO)
        }
    }

    fn money(&mut self, key: &str, v: Rat) -> Option<String> {
        let d = self.dec();
        self.on().then(|| format!("{key}: \"{}万元\"", v.round(d)))
    }

    fn rate(&mut self, key: &str, part: Rat, whole: Rat) -> Option<String> {
        let d = self.dec();
        let on = self.on() && whole.is_pos();
        on.then(|| format!("{key}: \"{}%\"", (part * Rat::int(100) / whole).round(d)))
    }

    fn count(&mut self, key: &str, n: i128) -> Option<String> {
        self.on().then(|| format!("{key}: {n}"))
    }
}

fn total(recs: &[&Built], key: &str) -> Rat {
    recs.iter()
        .filter_map(|b| b.nums.get(key))
        .fold(Rat::ZERO, |a, &b| a + b)
}

fn group(items: Vec<Option<String>>, partial: bool) -> Option<String> {
    let mut items: Vec<String> = items.into_iter().flatten().collect();
    if items.is_empty() {
        return None;
    }
    if partial {
        items.push("coverage: partial".into());
    }
    Some(format!("{{ {} }}", items.join(", ")))
}

/// Counts by category, the first one raised by `k` off-site records.
fn by(d: &mut Draw, recs: &[&Built], dim: &str, k: i128) -> Option<String> {
    let mut counts: BTreeMap<&str, i128> = BTreeMap::new();
    for b in recs {
        *counts.entry(b.cats[dim].as_str()).or_default() += 1;
    }
    if let Some(first) = counts.values_mut().next() {
        *first += k;
    }
    let n: i128 = counts.values().sum();
    let rows: Vec<String> = counts
        .iter()
        .filter_map(|(c, &v)| {
            let item = if d.on() {
                d.count("count", v)
            } else {
                d.rate("share", Rat::int(v), Rat::int(n))
            };
            item.map(|i| format!("{c}: {{ {i} }}"))
        })
        .collect();
    (!rows.is_empty()).then(|| format!("{{ {} }}", rows.join(", ")))
}

type Told = Vec<(&'static str, Option<String>)>;

/// The YAML of `s` over `recs` (empty when it states nothing), and the partial groups.
pub fn render(s: &Sum, recs: &[Built]) -> (String, Told) {
    let mut d = Draw {
        s,
        bit: 0,
        dec: 0,
        group: 0,
    };
    let listed: Vec<&Built> = recs
        .iter()
        .filter(|b| b.status != Status::Excluded)
        .collect();
    let mut told = Vec::new();
    let mut yaml = String::new();
    type Part = fn(&mut Draw, &[&Built], &mut Told) -> Option<String>;
    let parts: [(&str, &str, Part); 5] = [
        ("ex-ante", "ex_ante", ex_ante),
        ("goals", "goals", goals),
        ("monitoring", "monitoring", monitoring),
        ("self-evaluations", "self_evaluations", self_evaluations),
        ("evaluations", "evaluations", evaluations),
    ];
    for (dir, key, part) in parts {
        let of: Vec<&Built> = listed.iter().copied().filter(|b| b.dir == dir).collect();
        if !of.is_empty()
            && d.on()
            && let Some(g) = part(&mut d, &of, &mut told)
        {
            yaml.push_str(&format!("{key}: {g}\n"));
        }
    }
    (yaml, told)
}

fn ex_ante(d: &mut Draw, e: &[&Built], told: &mut Told) -> Option<String> {
    let (p, k, x) = d.partial();
    let (req, app) = (
        total(e, "requested") + x,
        total(e, "approved") + x / Rat::int(2),
    );
    let by = by(d, e, "conclusion", k).map(|b| format!("by_conclusion: {b}"));
    let items = vec![
        d.count("count", e.len() as i128 + k),
        d.money("requested", req),
        d.money("approved", app),
        d.money("cut", req - app),
        d.rate("cut_rate", req - app, req),
        by.filter(|_| d.on()),
    ];
    if p {
        told.push(("ex-ante", None));
    }
    group(items, p)
}

fn goals(d: &mut Draw, g: &[&Built], told: &mut Told) -> Option<String> {
    let (p, k, x) = d.partial();
    let items = vec![
        d.count("count", g.len() as i128 + k),
        d.money("funds", total(g, "funds") + x),
    ];
    if p {
        told.push(("goals", None));
    }
    group(items, p)
}

fn monitoring(d: &mut Draw, m: &[&Built], told: &mut Told) -> Option<String> {
    let mut rows = Vec::new();
    for (node, rs) in groups(m, "node") {
        let (p, k, x) = d.partial();
        let (budget, exec) = (total(&rs, "budget") + x, total(&rs, "executed"));
        let flags = |f: &str| rs.iter().filter(|b| b.cats["flag"] == f).count() as i128;
        let items = vec![
            d.count("count", rs.len() as i128 + k),
            d.money("budget", budget),
            d.money("executed", exec),
            d.rate("rate", exec, budget),
            d.count("yellow", flags("黄标")),
            d.count("red", flags("红标")),
        ];
        if p {
            told.push(("monitoring", Some(node.clone())));
        }
        if let Some(g) = group(items, p) {
            rows.push(format!("\"{node}\": {g}"));
        }
    }
    (!rows.is_empty()).then(|| format!("{{ {} }}", rows.join(", ")))
}

fn self_evaluations(d: &mut Draw, se: &[&Built], told: &mut Told) -> Option<String> {
    let (p, k, x) = d.partial();
    let by = by(d, se, "grade", k).map(|b| format!("by_grade: {b}"));
    let items = vec![
        d.count("count", se.len() as i128 + k),
        d.money("funds", total(se, "funds") + x),
        by.filter(|_| d.on()),
    ];
    if p {
        told.push(("self-evaluations", None));
    }
    group(items, p)
}

fn evaluations(d: &mut Draw, ev: &[&Built], told: &mut Told) -> Option<String> {
    let mut rows = Vec::new();
    for (ty, rs) in groups(ev, "type") {
        let (p, k, x) = d.partial();
        let n = rs.len() as i128 + k;
        let stubs = rs.iter().filter(|b| b.status == Status::Stub).count() as i128;
        let score = (total(&rs, "score") + Rat::int(80 * k)) / Rat::int(n);
        let sd = 1 + d.dec() % 2;
        let int = |r: Rat| r.round(0).parse::<i128>().unwrap();
        let items = vec![
            d.count("count", n),
            d.money("funds", total(&rs, "funds") + x),
            d.count("withheld", stubs),
            d.on().then(|| format!("score: \"{}\"", score.round(sd))),
            d.count("findings", int(total(&rs, "findings")) + k),
            d.count("rectified", int(total(&rs, "rectified"))),
        ];
        if p {
            told.push(("evaluations", Some(ty.clone())));
        }
        if let Some(g) = group(items, p) {
            rows.push(format!("{ty}: {g}"));
        }
    }
    (!rows.is_empty()).then(|| format!("{{ {} }}", rows.join(", ")))
}

fn groups<'a>(recs: &[&'a Built], dim: &str) -> BTreeMap<String, Vec<&'a Built>> {
    let mut g: BTreeMap<String, Vec<&Built>> = BTreeMap::new();
    for b in recs {
        g.entry(b.cats[dim].clone()).or_default().push(b);
    }
    g
}
