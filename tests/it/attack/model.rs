//! What the attacker knows, as constraints: one variable per published or withheld quantity of a
//! record (public ones pinned to their printed value, rounded ones to their rounding interval),
//! the relations the content format (docs/format.md) states between them, the categories of withheld records as unknowns,
//! and every aggregate of `figures.csv` as a fact over a group of records.

use std::collections::{BTreeMap, BTreeSet};

use super::lp::{Cmp, Row};
use super::rat::Rat;
use super::reader::Output;

pub const KINDS: [(&str, &str); 5] = [
    ("goals", "绩效目标"),
    ("ex-ante", "事前绩效评估"),
    ("monitoring", "绩效监控"),
    ("self-evaluations", "绩效自评"),
    ("evaluations", "绩效评价"),
];
pub const CONCLUSIONS: [&str; 3] = ["支持", "部分支持", "不支持"];
pub const GRADES: [&str; 4] = ["优", "良", "中", "差"];
pub const FLAGS: [&str; 4] = ["正常", "黄标", "红标", "无"];
pub const TYPES: [&str; 7] = [
    "部门评价",
    "财政重点评价",
    "部门整体评价",
    "财政政策评价",
    "政府购买服务评价",
    "专项债券评价",
    "下级政府财政运行评价",
];
/// A value of a category that no published figure names (any of several such values).
pub const OTHER: &str = "(其他)";

/// One record row (public, partly public, or a 不予公开 stub).
pub struct Rec {
    pub kind: &'static str,
    pub key: String,
    pub stub: bool,
    pub vars: BTreeMap<String, usize>,
    /// dimension → known value, or None when hidden.
    pub cats: BTreeMap<&'static str, Option<String>>,
}

pub enum Measure {
    Count,
    Stubs,
    Sum(&'static str),
    Rate(&'static str, &'static str),
    Share,
    Avg(&'static str),
}

/// A published aggregate: `measure` over the records of `kind` matching `filters` lies in
/// [lo, hi] (or only ≤ hi: `at_least`, for a partial coverage that may count more records).
pub struct Fact {
    pub kind: &'static str,
    pub filters: Vec<(&'static str, String)>,
    pub measure: Measure,
    pub lo: Rat,
    pub hi: Rat,
    pub at_least: bool,
}

/// A withheld indicator actual, known through its score variable.
pub struct Derived {
    pub name: String,
    pub score: usize,
    pub ge: bool,
    /// An = indicator: the actual may lie on either side of the target.
    pub eq: bool,
    pub target: Rat,
    pub weight: Rat,
}

#[derive(Default)]
pub struct Model {
    pub names: Vec<String>,
    pub base: Vec<Row>,
    pub recs: Vec<Rec>,
    pub facts: Vec<Fact>,
    /// Two-way cases (execution points below or at the cap).
    pub branches: Vec<[Vec<Row>; 2]>,
    pub derived: Vec<Derived>,
    /// dimension → the values a hidden category may take.
    pub domains: BTreeMap<&'static str, Vec<String>>,
    /// Stated groups the attacker is told cover more records than the site shows (kind, and
    /// the node or type of the group, None for the whole kind). The site does not say which
    /// groups are `coverage: partial`; the attacker is given it, as the worst case.
    pub partial: Vec<(&'static str, Option<String>)>,
}

pub fn row(terms: &[(usize, Rat)], cmp: Cmp, rhs: Rat) -> Row {
    Row {
        terms: terms.to_vec(),
        cmp,
        rhs,
    }
}

pub fn num(s: &str) -> Option<(Rat, u32)> {
    Rat::parse(s)
}

impl Model {
    pub fn var(&mut self, name: String) -> usize {
        self.names.push(name);
        self.names.len() - 1
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Pins `v` to a printed cell: exactly, or to its rounding interval.
    pub fn pin(&mut self, v: usize, cell: Option<&String>, exact: bool) {
        let Some((x, d)) = cell.and_then(|c| num(c)) else {
            return;
        };
        if exact {
            self.base.push(row(&[(v, Rat::ONE)], Cmp::Eq, x));
        } else {
            let h = Rat::half_ulp(d);
            self.base.push(row(&[(v, Rat::ONE)], Cmp::Ge, x - h));
            self.base.push(row(&[(v, Rat::ONE)], Cmp::Le, x + h));
        }
    }

    /// Pins `v` to a printed figure that is `v` truncated (a computed self-evaluation total,
    /// 财预〔2020〕10号): `v` lies in `[x, x + one unit of the last decimal]`.
    pub fn pin_truncated(&mut self, v: usize, cell: Option<&String>) {
        let Some((x, d)) = cell.and_then(|c| num(c)) else {
            return;
        };
        self.base.push(row(&[(v, Rat::ONE)], Cmp::Ge, x));
        self.base
            .push(row(&[(v, Rat::ONE)], Cmp::Le, x + Rat::ulp(d)));
    }

    /// Whether the attacker was told that `f`'s stated group has partial coverage.
    pub fn told(&self, f: &Fact) -> bool {
        self.partial.iter().any(|(k, g)| {
            *k == f.kind
                && g.as_ref()
                    .is_none_or(|g| f.filters.iter().any(|(_, v)| v == g))
        })
    }

    pub fn cap(&mut self, v: usize, max: Rat) {
        self.base.push(row(&[(v, Rat::ONE)], Cmp::Le, max));
    }

    /// `rate` (in percent points) is `part / whole`: exact when `whole` is printed, else the
    /// two inequalities a printed rate gives.
    pub fn rate(&mut self, rate: usize, part: usize, whole: usize, rate_cell: Option<&String>) {
        let hundred = Rat::int(100);
        if let Some((r, d)) = rate_cell.and_then(|c| num(c)) {
            let h = Rat::half_ulp(d);
            for (bound, cmp) in [(r - h, Cmp::Ge), (r + h, Cmp::Le)] {
                let t = [(part, hundred), (whole, -bound)];
                self.base.push(row(&t, cmp, Rat::ZERO));
            }
        }
        let _ = rate;
    }

    pub fn load(out: &Output) -> Model {
        Model::load_told(out, Vec::new())
    }

    /// `load`, told which stated groups have partial coverage.
    pub fn load_told(out: &Output, partial: Vec<(&'static str, Option<String>)>) -> Model {
        let mut m = Model {
            partial,
            ..Model::default()
        };
        let units: BTreeSet<String> = KINDS
            .iter()
            .flat_map(|(k, _)| {
                out.table(k)
                    .iter()
                    .filter_map(|r| r.get("unit_id").cloned())
            })
            .collect();
        m.domains.insert("unit", units.into_iter().collect());
        m.domains.insert("conclusion", strs(&CONCLUSIONS));
        m.domains.insert("grade", strs(&GRADES));
        m.domains.insert("flag", strs(&FLAGS));
        super::records::load_all(&mut m, out);
        super::facts::load_figures(&mut m, out);
        m.fill_domains(out);
        m
    }

    /// Node and type domains: the values any published figure or row names, plus OTHER when
    /// values nobody names remain possible.
    fn fill_domains(&mut self, out: &Output) {
        let mut nodes: BTreeSet<String> = out
            .table("monitoring")
            .iter()
            .filter_map(|r| r.get("node").cloned())
            .collect();
        let mut types: BTreeSet<String> = out
            .table("evaluations")
            .iter()
            .filter_map(|r| r.get("type").cloned())
            .collect();
        for f in &self.facts {
            for (d, v) in &f.filters {
                match *d {
                    "node" => nodes.insert(v.clone()),
                    "type" => types.insert(v.clone()),
                    _ => false,
                };
            }
        }
        let mut nodes: Vec<String> = nodes.into_iter().collect();
        if nodes.len() < 12 {
            nodes.push(OTHER.into());
        }
        let mut types: Vec<String> = types.into_iter().collect();
        if types.len() + 1 < TYPES.len() {
            types.push(OTHER.into());
        } else if types.len() + 1 == TYPES.len() {
            let rest = TYPES
                .iter()
                .find(|t| !types.contains(&t.to_string()))
                .unwrap();
            types.push(rest.to_string());
        }
        self.domains.insert("node", nodes);
        self.domains.insert("type", types);
    }
}

pub fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Score band of a grade, as rows on the score variable (bounds taken non-strict).
pub fn band(score: usize, grade: &str) -> Vec<Row> {
    let (lo, hi) = match grade {
        "优" => (90, 100),
        "良" => (80, 90),
        "中" => (60, 80),
        "差" => (0, 60),
        _ => return Vec::new(),
    };
    vec![
        row(&[(score, Rat::ONE)], Cmp::Ge, Rat::int(lo)),
        row(&[(score, Rat::ONE)], Cmp::Le, Rat::int(hi)),
    ]
}
