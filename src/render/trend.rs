//! A region's key figures across its years: one table (a row per year) and, where at least two
//! years have a figure, a small column chart per figure.
//!
//! Each value is the one the body stated for that year, or else the one computed from the
//! public records (marked as computed; a sum without withheld values says so). No I/O here.

use super::charts::{self, Column as Col};
use super::dashboard::magnitude;
use super::i18n::I18n;
use super::table::{ColType, Column, DataTable, Datum};
use crate::disclose::{PublicRegion, PublicYear};
use crate::figures::stated::{Stated, Value};
use crate::model::Kind;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// (the figure's name, its chart)
    pub charts: Vec<(String, String)>,
    pub table: DataTable,
    /// Explains the mark on computed values; empty when every value was stated.
    pub note: String,
}

/// Key figures: path, column name, label key, type.
const KEYS: [(&str, &str, &str, ColType); 6] = [
    ("goals.count", "goals", "headline_goals", ColType::Integer),
    (
        "goals.funds",
        "goal_funds",
        "headline_goal_funds",
        ColType::Money,
    ),
    (
        "ex_ante.count",
        "ex_ante",
        "headline_ex_ante",
        ColType::Integer,
    ),
    (
        "ex_ante.cut_rate",
        "cut_rate",
        "trend_cut_rate",
        ColType::Percent,
    ),
    (
        "self_evaluations.count",
        "self_evaluations",
        "headline_self_evaluations",
        ColType::Integer,
    ),
    (
        "self_evaluations.funds",
        "self_evaluation_funds",
        "trend_self_evaluation_funds",
        ColType::Money,
    ),
];

fn stated<'a>(y: &'a PublicYear, path: &str) -> Option<&'a Stated> {
    y.summary.as_ref()?.figure(path)
}

/// The number of evaluations: records and stubs where there are any, else the stated counts.
fn evaluations(y: &PublicYear) -> Option<(Value, bool)> {
    let n = y
        .records
        .iter()
        .filter(|p| p.record.kind == Kind::Evaluation)
        .count()
        + y.stubs
            .iter()
            .filter(|s| s.kind == Kind::Evaluation)
            .count();
    if n > 0 {
        return Some((Value::Count(n as u64), true));
    }
    let groups = &y.summary.as_ref()?.evaluations;
    let counts: Vec<u64> = groups
        .iter()
        .map(|g| match g.get("count").and_then(Stated::exact) {
            Some(Value::Count(c)) => Some(*c),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!counts.is_empty()).then(|| (Value::Count(counts.iter().sum()), false))
}

/// One cell of the table, and its magnitude for a chart (None when partial or absent).
fn cell(
    i: &I18n,
    y: &PublicYear,
    path: &str,
    marked: &mut bool,
) -> (Datum, Option<(i128, String)>) {
    if let Some(s) = stated(y, path) {
        let d = Datum::stated(i, s);
        // A figure not written exactly has no point on the chart: a gap, its words in the table.
        let point = s
            .exact()
            .map(|v| (magnitude(v), super::views::value_text(i, v)));
        return (d, point);
    }
    match y.figures.get(path) {
        Some(f) => {
            *marked = true;
            let mut d = Datum::computed(i, f);
            d.text.push_str(&i.t("computed_mark"));
            let m = (f.missing == 0)
                .then(|| (magnitude(&f.value), super::views::value_text(i, &f.value)));
            (d, m)
        }
        None => (Datum::empty(), None),
    }
}

pub fn trend(i: &I18n, r: &PublicRegion) -> Option<Trend> {
    if r.years.is_empty() {
        return None;
    }
    let mut columns = vec![Column::new("year", i.t("year"), ColType::Text)];
    columns.extend(KEYS.iter().map(|(_, n, k, t)| Column::new(n, i.t(k), *t)));
    columns.push(Column::new(
        "evaluations",
        i.t("headline_evaluations"),
        ColType::Integer,
    ));
    let mut marked = false;
    let mut rows = Vec::new();
    let mut series: Vec<Vec<Col>> = vec![Vec::new(); columns.len()];
    for y in &r.years {
        let mut row = vec![Datum::text(y.year.to_string())];
        for (n, (path, ..)) in KEYS.iter().enumerate() {
            let (d, m) = cell(i, y, path, &mut marked);
            if let Some((value, text)) = m {
                series[n + 1].push(Col {
                    label: y.year.to_string(),
                    text,
                    value,
                });
            }
            row.push(d);
        }
        match evaluations(y) {
            Some((v, computed)) => {
                let mut d = Datum::value(i, &v);
                if computed {
                    marked = true;
                    d.text.push_str(&i.t("computed_mark"));
                }
                let text = super::views::value_text(i, &v);
                series[KEYS.len() + 1].push(Col {
                    label: y.year.to_string(),
                    text,
                    value: magnitude(&v),
                });
                row.push(d);
            }
            None => row.push(Datum::empty()),
        }
        rows.push(row);
    }
    let keep: Vec<bool> = (0..columns.len())
        .map(|c| c == 0 || rows.iter().any(|r: &Vec<Datum>| !r[c].is_empty()))
        .collect();
    if keep.iter().filter(|k| **k).count() < 2 {
        return None;
    }
    let charts = columns
        .iter()
        .zip(&series)
        .enumerate()
        .filter(|(_, (_, s))| s.len() >= 2)
        .map(|(n, (c, s))| {
            let items: Vec<String> = s
                .iter()
                .map(|c| {
                    format!(
                        "{}{}{}",
                        i.year(c.label.parse().unwrap_or(0)),
                        i.t("colon"),
                        c.text
                    )
                })
                .collect();
            let desc = items.join(if i.zh() { "；" } else { "; " });
            let svg = charts::column_chart(
                &format!("trend-{n}"),
                &format!("{} · {}", r.name, c.label),
                &desc,
                s,
            );
            (c.label.clone(), svg)
        })
        .collect();
    let columns = columns
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c)
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(d, _)| d)
                .collect()
        })
        .collect();
    Some(Trend {
        charts,
        table: DataTable {
            file: format!("data/{}/key-figures", r.id),
            caption: format!("{} · {}", r.name, i.t("trend_heading")),
            columns,
            rows,
            totals: 0,
        },
        note: if marked {
            i.t("computed_mark_note")
        } else {
            String::new()
        },
    })
}
