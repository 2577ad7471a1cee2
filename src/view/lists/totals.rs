//! The sums under a list and its one money unit: each money column's total over the public
//! amounts of the rows listed, never a withheld one. No I/O here.

use super::{Facet, Key, Row};
use crate::model::*;
use crate::view::cells::MoneyScale;
use crate::view::i18n::I18n;
use serde::Serialize;

/// The columns of a kind's list holding amounts of money (columns as in
/// `records::list_columns`).
pub fn money_columns(k: Kind) -> &'static [usize] {
    match k {
        Kind::Goal | Kind::Evaluation => &[2],
        Kind::ExAnte | Kind::Monitoring | Kind::SelfEvaluation => &[2, 3],
    }
}

/// The list's one money unit: every shown amount of its rows, exact (`cells::MoneyScale`).
pub(super) fn one_unit(i: &I18n, k: Kind, rows: &mut [Row]) -> MoneyScale {
    let cols = money_columns(k);
    let fens = rows.iter().flat_map(|r| {
        cols.iter().filter_map(|c| match r.keys.get(*c) {
            Some(Some(Key::Num(f))) => Some(*f),
            _ => None,
        })
    });
    let scale = MoneyScale::of(i, fens.collect::<Vec<_>>());
    for r in rows.iter_mut() {
        for c in cols {
            if let (Some(Some(Key::Num(f))), Some(cell)) = (r.keys.get(*c), r.cells.get_mut(*c))
                && cell.withheld.is_empty()
            {
                cell.text = scale.text(&Money::from_fen(*f));
            }
        }
    }
    scale
}

/// The total rows of a list as shown: each money column's sum over the public amounts of the
/// rows listed — projects and 部门整体 apart where the list has both, as a unit's funds are not
/// one more project's. An amount that is withheld is left out, and so is every 不予公开 stub
/// (whose type is not public either, so each total counts them); the cell says how many were
/// left out. Nothing withheld is ever added in.
#[derive(Debug, Clone, Serialize)]
pub struct TotalRow {
    pub label: String,
    pub note: String,
    /// One per column after the first; empty where the column is not summed.
    pub cells: Vec<String>,
}

///
/// A monitoring list is summed only where it holds one node: the nodes of a year report on the
/// same projects, so a sum across nodes would count each project once per node.
pub fn totals(i: &I18n, k: Kind, typed: bool, rows: &[Row], columns: usize) -> Vec<TotalRow> {
    let records = rows.iter().filter(|r| r.stub.is_none()).count();
    let mut nodes: Vec<&String> = rows
        .iter()
        .flat_map(|r| r.facets.iter())
        .filter(|(f, _)| *f == Facet::Node)
        .map(|(_, v)| v)
        .collect();
    nodes.sort();
    nodes.dedup();
    if rows.len() < 2 || records == 0 || (k == Kind::Monitoring && nodes.len() > 1) {
        return Vec::new();
    }
    let stubs: Vec<&Row> = rows.iter().filter(|r| r.stub.is_some()).collect();
    let groups: Vec<(String, bool)> = if typed {
        [(false, "list_total_projects"), (true, "list_total_units")]
            .into_iter()
            .filter(|(u, _)| rows.iter().any(|r| r.stub.is_none() && r.unit_wide == *u))
            .map(|(u, key)| (i.t(key), u))
            .collect()
    } else {
        vec![(i.t("list_total"), false)]
    };
    groups
        .into_iter()
        .map(|(label, unit_wide)| {
            let mut of: Vec<&Row> = rows
                .iter()
                .filter(|r| r.stub.is_none() && (!typed || r.unit_wide == unit_wide))
                .collect();
            of.extend(&stubs);
            TotalRow {
                label,
                note: i.t("list_total_note"),
                cells: total_cells(i, k, &of, columns),
            }
        })
        .collect()
}

fn total_cells(i: &I18n, k: Kind, rows: &[&Row], columns: usize) -> Vec<String> {
    let cols = money_columns(k);
    let scale = MoneyScale::of(
        i,
        rows.iter()
            .flat_map(|r| cols.iter().filter_map(|c| money_at(r, *c)))
            .collect::<Vec<_>>(),
    );
    (1..columns)
        .map(|c| {
            if !cols.contains(&c) {
                return String::new();
            }
            let sum: i128 = rows.iter().filter_map(|r| money_at(r, c)).sum();
            let left_out = rows
                .iter()
                .filter(|r| {
                    r.stub.is_some() || r.cells.get(c).is_some_and(|x| !x.withheld.is_empty())
                })
                .count();
            let value = scale.text(&Money::from_fen(sum));
            if left_out == 0 {
                value
            } else {
                i.fill(
                    "partial_total",
                    &[("value", value), ("withheld", i.int(left_out as u64))],
                )
            }
        })
        .collect()
}

/// A row's public amount in column `c`, in 分: none where it is withheld or empty.
fn money_at(r: &Row, c: usize) -> Option<i128> {
    match (r.keys.get(c), r.cells.get(c)) {
        (Some(Some(Key::Num(f))), Some(cell)) if cell.withheld.is_empty() && r.stub.is_none() => {
            Some(*f)
        }
        _ => None,
    }
}
