//! 其他核算数据: the figures computed from the public records that the body did not state,
//! one table per kind (in the order of the kinds), each row ordered by its breakdown — the
//! kind's own figures first, then its categories (grades, conclusions, nodes, evaluation types
//! in their vocabulary's order), then its units by name in pinyin order — and then by measure
//! (count, amounts, rates, counts of flags and findings). A unit is named, never shown by id; a
//! breakdown's rows are indented under the figure they break down. No I/O here.

use super::{FigRow, FigTable, computed_text, fig_label, money_fen, shown_fig, unit_of};
use crate::disclose::{PublicRegion, PublicYear};
use crate::model::*;
use crate::view::basis;
use crate::view::collate;
use crate::view::i18n::I18n;
use crate::view::table::Datum;
use std::cmp::Ordering;

/// The sections of figure paths in the order of the kinds.
const SECTIONS: [&str; 5] = [
    "goals",
    "ex_ante",
    "monitoring",
    "self_evaluations",
    "evaluations",
];

/// Measures in the order a reader expects them: how many, how much, how well, what was found.
const MEASURES: [&str; 23] = [
    "count",
    "units",
    "requested",
    "approved",
    "cut",
    "cut_rate",
    "funds",
    "unit_funds",
    "budget",
    "executed",
    "rate",
    "unit_budget",
    "unit_executed",
    "unit_rate",
    "yellow",
    "red",
    "share",
    "indicators",
    "indicators_per_goal",
    "quantifiable_share",
    "findings",
    "rectified",
    "withheld",
];

/// One step of a breakdown: how it is broken down (`by_unit`, `by_grade`, or "" for a node or
/// an evaluation type), its value as in the path, and its name on the page.
#[derive(Debug, Clone)]
struct Step {
    by: String,
    name: String,
    /// Units after every other breakdown; within a breakdown, the vocabulary's order.
    rank: (u8, usize),
}

struct Parsed {
    section: usize,
    steps: Vec<Step>,
    measure: String,
}

fn vocab_rank<T: Copy>(
    i: &I18n,
    all: &[T],
    v: &str,
    zh: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> Option<(usize, String)> {
    all.iter()
        .position(|x| zh(*x) == v || en(*x) == v)
        .map(|n| (n, i.name(zh(all[n]), en(all[n]))))
}

fn step(i: &I18n, r: &PublicRegion, by: &str, v: &str) -> Step {
    let vocab = vocab_rank(i, Grade::ALL, v, Grade::zh, Grade::en)
        .or_else(|| vocab_rank(i, Conclusion::ALL, v, Conclusion::zh, Conclusion::en))
        .or_else(|| vocab_rank(i, EvalType::ALL, v, EvalType::zh, EvalType::en))
        .or_else(|| vocab_rank(i, Flag::ALL, v, Flag::zh, Flag::en));
    let (rank, name) = match (by, vocab) {
        ("by_unit", _) => ((2, 0), r.unit_name(v)),
        (_, Some((n, name))) => ((1, n), name),
        _ => ((1, usize::MAX), v.to_string()),
    };
    Step {
        by: by.to_string(),
        name,
        rank,
    }
}

fn parse(i: &I18n, r: &PublicRegion, path: &str) -> Option<Parsed> {
    let parts: Vec<&str> = path.split('.').collect();
    let (measure, middle) = parts.split_last()?;
    let (section, middle) = middle.split_first()?;
    let section = SECTIONS.iter().position(|s| s == section)?;
    let mut steps = Vec::new();
    let mut it = middle.iter();
    while let Some(p) = it.next() {
        if p.starts_with("by_") {
            let v = it.next()?;
            steps.push(step(i, r, p, v));
        } else {
            steps.push(step(i, r, "", p));
        }
    }
    Some(Parsed {
        section,
        steps,
        measure: measure.to_string(),
    })
}

fn cmp_steps(a: &[Step], b: &[Step]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = x
            .rank
            .cmp(&y.rank)
            .then_with(|| collate::cmp(&x.name, &y.name))
            .then_with(|| x.by.cmp(&y.by));
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn measure_rank(m: &str) -> usize {
    MEASURES
        .iter()
        .position(|x| *x == m)
        .unwrap_or(MEASURES.len())
}

fn cmp_parsed(a: &Parsed, b: &Parsed) -> Ordering {
    a.section
        .cmp(&b.section)
        .then_with(|| cmp_steps(&a.steps, &b.steps))
        .then_with(|| measure_rank(&a.measure).cmp(&measure_rank(&b.measure)))
        .then_with(|| a.measure.cmp(&b.measure))
}

/// The breakdowns of a figure path by name (units by their names) and its measure's label.
pub(super) fn crumbs(i: &I18n, r: &PublicRegion, path: &str) -> Option<(Vec<String>, String)> {
    let p = parse(i, r, path)?;
    Some((
        p.steps.into_iter().map(|s| s.name).collect(),
        fig_label(i, &p.measure),
    ))
}

fn row(i: &I18n, y: &PublicYear, path: &str, p: &Parsed) -> Option<FigRow> {
    let f = shown_fig(y, path)?;
    let names: Vec<&str> = p.steps.iter().map(|s| s.name.as_str()).collect();
    let row = FigRow {
        computed: computed_text(i, &f),
        status: "computed",
        data: [Datum::empty(), Datum::computed(i, &f)],
        unit: unit_of(i, &f.value),
        basis: basis::COMPUTED,
        covered: Some(basis::coverage(y, path)),
        fen: money_fen(Some(&f)),
        ..FigRow::default()
    };
    let mut row = row.placed(&names, fig_label(i, &p.measure));
    // The download names the kind too: its rows are read apart from the page's tables.
    row.label = format!(
        "{} · {}",
        i.t(&format!("section_{}", SECTIONS[p.section])),
        row.label
    );
    Some(row)
}

/// The tables of 其他核算数据: a table per kind, its rows ordered and named as above.
pub(super) fn tables(
    i: &I18n,
    r: &PublicRegion,
    y: &PublicYear,
    stated: &std::collections::BTreeSet<String>,
) -> Vec<FigTable> {
    let mut parsed: Vec<(&String, Parsed)> = y
        .figures()
        .keys()
        .filter(|p| !stated.contains(*p) && !p.ends_with(".stubs") && !p.ends_with(".hidden"))
        .filter_map(|p| parse(i, r, p).map(|x| (p, x)))
        .collect();
    parsed.sort_by(|a, b| cmp_parsed(&a.1, &b.1));
    let mut out: Vec<(usize, FigTable)> = Vec::new();
    for (path, p) in &parsed {
        let Some(row) = row(i, y, path, p) else {
            continue;
        };
        match out.last_mut() {
            Some((s, t)) if *s == p.section => t.rows.push(row),
            _ => out.push((
                p.section,
                FigTable {
                    title: format!(
                        "{} · {}",
                        i.t("section_computed"),
                        i.t(&format!("section_{}", SECTIONS[p.section]))
                    ),
                    note_html: String::new(),
                    rows: vec![row],
                    computed: true,
                },
            )),
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}
