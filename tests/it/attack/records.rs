//! Per-record knowledge: each record row of the data files becomes variables tied by the
//! identities the content format (docs/format.md) states (资金总额 = 财政拨款 + 其他资金, 核减 = 申报 − 审核, 执行率,
//! the self-evaluation score as execution points plus indicator scores, grade bands).

use std::collections::BTreeMap;

use super::lp::Cmp;
use super::model::{Derived, Model, OTHER, Rec, band, num, row};
use super::rat::Rat;
use super::reader::Output;

type Cells = BTreeMap<String, String>;

/// Columns that are printed as the author wrote them (exact); all others are computed and
/// rounded when printed.
const EXACT: [&str; 13] = [
    "funds_total",
    "funds_fiscal",
    "funds_other",
    "requested",
    "approved",
    "budget",
    "executed",
    "budget_initial",
    "budget_adjusted",
    "budget_executed",
    "funds",
    "findings",
    "rectified",
];

pub fn load_all(m: &mut Model, out: &Output) {
    for (kind, cols, dims) in [
        (
            "goals",
            &["funds_total", "funds_fiscal", "funds_other"][..],
            &["unit"][..],
        ),
        (
            "ex-ante",
            &["requested", "approved", "cut", "cut_rate", "score"],
            &["unit", "conclusion"],
        ),
        (
            "monitoring",
            &["budget", "executed", "rate"],
            &["unit", "node", "flag"],
        ),
        (
            "self-evaluations",
            &[
                "budget_initial",
                "budget_adjusted",
                "budget_executed",
                "execution_rate",
                "score",
                "computed_score",
            ],
            &["unit", "grade"],
        ),
        (
            "evaluations",
            &["funds", "score", "findings", "rectified"],
            &["unit", "type", "grade"],
        ),
    ] {
        for (i, cells) in out.table(kind).iter().enumerate() {
            let rec = record(m, kind, i, cells, cols, dims);
            relate(m, &rec, cells);
            if kind == "self-evaluations" {
                score_parts(m, &rec, cells, out);
            }
            m.recs.push(rec);
        }
    }
}

fn record(
    m: &mut Model,
    kind: &'static str,
    i: usize,
    cells: &Cells,
    cols: &[&'static str],
    dims: &[&'static str],
) -> Rec {
    let stub = cells.get("disclosure").is_some_and(|d| d == "不予公开");
    let key = match cells.get("id") {
        Some(id) if !stub => id.clone(),
        _ => format!("#{}", i + 1),
    };
    let mut rec = Rec {
        kind,
        key,
        stub,
        vars: BTreeMap::new(),
        cats: BTreeMap::new(),
    };
    for &c in cols {
        let v = m.var(format!("{kind}/{}/{c}", rec.key));
        if c == "computed_score" {
            m.pin_truncated(v, cells.get(c));
        } else {
            m.pin(v, cells.get(c), EXACT.contains(&c));
        }
        if matches!(c, "score" | "computed_score") {
            m.cap(v, Rat::int(100));
        }
        rec.vars.insert(c.to_string(), v);
    }
    for &d in dims {
        let col = if d == "unit" { "unit_id" } else { d };
        let mut known = cells.get(col).filter(|v| !v.contains("不予公开")).cloned();
        if d == "unit" && stub {
            // Unit breakdowns count public records only (a stub's unit is not published).
            known = Some(OTHER.to_string());
        }
        rec.cats.insert(d, known);
    }
    rec
}

fn has(cells: &Cells, col: &str) -> bool {
    cells.contains_key(col)
        || cells
            .get("withheld_fields")
            .is_some_and(|w| w.split([',', ';', ' ']).any(|f| f == col))
}

fn relate(m: &mut Model, rec: &Rec, cells: &Cells) {
    let v = |c: &str| rec.vars[c];
    let (one, neg) = (Rat::ONE, -Rat::ONE);
    match rec.kind {
        "goals" if !rec.stub && has(cells, "funds_fiscal") && has(cells, "funds_other") => {
            let t = [
                (v("funds_total"), one),
                (v("funds_fiscal"), neg),
                (v("funds_other"), neg),
            ];
            m.base.push(row(&t, Cmp::Eq, Rat::ZERO));
        }
        "ex-ante" => {
            let t = [(v("cut"), one), (v("requested"), neg), (v("approved"), one)];
            m.base.push(row(&t, Cmp::Eq, Rat::ZERO));
            m.rate(
                v("cut_rate"),
                v("cut"),
                v("requested"),
                cells.get("cut_rate"),
            );
        }
        "monitoring" => m.rate(v("rate"), v("executed"), v("budget"), cells.get("rate")),
        "self-evaluations" => {
            let (e, a) = (v("budget_executed"), v("budget_adjusted"));
            m.rate(v("execution_rate"), e, a, cells.get("execution_rate"));
            if !rec.stub {
                stated_score(m, rec, cells);
            }
        }
        "evaluations" => {
            let t = [(v("rectified"), one), (v("findings"), neg)];
            m.base.push(row(&t, Cmp::Le, Rat::ZERO));
        }
        _ => {}
    }
    if let (Some(s), Some(Some(g))) = (
        rec.vars.get("computed_score").or(rec.vars.get("score")),
        rec.cats.get("grade"),
    ) {
        let rows = band(*s, g);
        m.base.extend(rows);
    }
}

/// A stated score is the computed total as 财预〔2020〕10号 shows it, truncated to its decimals
/// (docs/format.md: "gongkai computes its own and compares"): at most one unit of its last
/// decimal below the total, never above it; a withheld one is taken as truncated to whole points
/// at least. A site whose stated score disagrees is not assumed here: the attacker only assumes
/// what a consistent body publishes.
fn stated_score(m: &mut Model, rec: &Rec, cells: &Cells) {
    let u = match cells.get("score").and_then(|c| num(c)) {
        Some((_, d)) => Rat::ulp(d),
        None if has(cells, "score") => Rat::ulp(0),
        None => return,
    };
    let t = [
        (rec.vars["computed_score"], Rat::ONE),
        (rec.vars["score"], -Rat::ONE),
    ];
    m.base.push(row(&t, Cmp::Ge, Rat::ZERO));
    m.base.push(row(&t, Cmp::Le, u));
}

/// computed score = execution points + Σ indicator scores, for a record with a page.
fn score_parts(m: &mut Model, rec: &Rec, cells: &Cells, out: &Output) {
    if rec.stub {
        return;
    }
    let p = m.var(format!("self-evaluations/{}/execution_points", rec.key));
    m.cap(p, Rat::int(10));
    let mut sum = vec![(rec.vars["computed_score"], Rat::ONE), (p, -Rat::ONE)];
    let (e, a) = (rec.vars["budget_executed"], rec.vars["budget_adjusted"]);
    if let Some((adj, _)) = cells.get("budget_adjusted").and_then(|c| num(c)) {
        let below = vec![
            row(&[(e, Rat::ONE)], Cmp::Le, adj),
            row(&[(e, Rat::int(10)), (p, -adj)], Cmp::Eq, Rat::ZERO),
        ];
        let above = vec![
            row(&[(e, Rat::ONE)], Cmp::Ge, adj),
            row(&[(p, Rat::ONE)], Cmp::Eq, Rat::int(10)),
        ];
        m.branches.push([below, above]);
    }
    let _ = a;
    for ind in out
        .table("self-evaluations-indicators")
        .iter()
        .filter(|r| r.get("record_id") == Some(&rec.key))
    {
        let n = ind.get("n").cloned().unwrap_or_default();
        let s = m.var(format!("self-evaluations/{}/indicators.{n}.score", rec.key));
        sum.push((s, -Rat::ONE));
        indicator(m, rec, ind, s, &n);
    }
    m.base.push(row(&sum, Cmp::Eq, Rat::ZERO));
}

fn indicator(m: &mut Model, rec: &Rec, ind: &Cells, s: usize, n: &str) {
    // The CSV escapes a cell starting with = against formula injection: "'=".
    let op = ind
        .get("op")
        .map_or("", |o| o.strip_prefix('\'').unwrap_or(o));
    let weight = ind.get("weight").and_then(|w| num(w)).map(|w| w.0);
    m.cap(s, weight.unwrap_or(Rat::int(100)));
    m.pin(s, ind.get("score"), op == "定性");
    // 10号: a 定性 score lies in the band of how far its actual says it was achieved.
    if let (true, Some(w), Some(a)) = (op == "定性", weight, ind.get("actual")) {
        let band = if a.starts_with("未达成") {
            Some((0, 60))
        } else if a.starts_with("部分达成") || a.starts_with("基本达成") {
            Some((60, 80))
        } else if a.starts_with("达成") {
            Some((80, 100))
        } else {
            None
        };
        if let Some((lo, hi)) = band {
            m.base
                .push(row(&[(s, Rat::ONE)], Cmp::Ge, w * Rat::new(lo, 100)));
            m.base
                .push(row(&[(s, Rat::ONE)], Cmp::Le, w * Rat::new(hi, 100)));
        }
    }
    let target = ind.get("target").and_then(|t| num(t)).map(|t| t.0);
    let actual = ind.get("actual").and_then(|t| num(t)).map(|t| t.0);
    let (Some(w), Some(t)) = (weight, target) else {
        return;
    };
    let ge = matches!(op, "≥" | ">");
    let eq = op == "=";
    if !ge && !eq && !matches!(op, "≤" | "<") || t.is_zero() {
        return;
    }
    match actual {
        Some(act) if !ind.contains_key("score") => {
            // 10号: ≥ min(a/t, 1)·w; ≤ min(t/a, 1)·w; = (1 − |a − t| / t)·w, at least 0.
            let ratio = if eq {
                let off = if act > t { act - t } else { t - act };
                Rat::ONE - off / t
            } else if ge {
                act / t
            } else if act.is_zero() {
                Rat::ONE
            } else {
                t / act
            };
            let score = if ratio > Rat::ONE {
                w
            } else if ratio.is_neg() {
                Rat::ZERO
            } else {
                ratio * w
            };
            m.base.push(row(&[(s, Rat::ONE)], Cmp::Eq, score));
        }
        Some(_) => {}
        None if has(ind, "actual") => m.derived.push(Derived {
            name: format!("self-evaluations/{}/indicators.{n}.actual", rec.key),
            score: s,
            ge,
            eq,
            target: t,
            weight: w,
        }),
        None => {}
    }
}
