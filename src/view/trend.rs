//! A region's key figures across its years: one table (a row per year) and, where at least two
//! years have a figure, a small column chart per figure.
//!
//! Stated and computed figures are two series, never one: each figure has a column (and a chart)
//! of what the body stated and a column of what the site computes from its public records, with
//! the number of records that covers. A year without a value of a series — not stated, withheld
//! by the gate, no records, or a sum that leaves withheld values out — is a gap in that series'
//! chart, and the chart's description says why; it neither drops to zero nor vanishes. No I/O
//! here.

use super::basis;
use super::charts::{self, Column as Col};
use super::dashboard::magnitude;
use super::i18n::I18n;
use super::table::{ColType, Column, DataTable, Datum};
use crate::disclose::{PublicRegion, PublicYear};
use crate::figures::compute::Fig;
use crate::model::Kind;
use crate::model::summary::Value;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// (the figure's name, its chart)
    pub charts: Vec<(String, String)>,
    pub table: DataTable,
    /// Explains the two series and the gaps.
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

/// One year's value of one series, or why it has none.
enum Point {
    Value(i128, String),
    Gap(String),
}

/// A figure of one year: the stated cell, the computed cell and its record count, and the two
/// series' points.
struct Year {
    stated: Datum,
    computed: Datum,
    records: Datum,
    points: [Point; 2],
}

fn gap(i: &I18n, key: &str) -> (Datum, Point) {
    (Datum::empty(), Point::Gap(i.t(key)))
}

/// The stated side: the body's figure as the gate lets it through, else why there is none.
fn stated(i: &I18n, y: &PublicYear, path: &str) -> (Datum, Point) {
    let value = if path == EVALUATIONS {
        basis::stated_count(y, Kind::Evaluation).map(Value::Count)
    } else {
        basis::stated(y, path).cloned()
    };
    if let Some(v) = value {
        let text = super::figure_tables::value_text(i, &v);
        return (Datum::value(i, &v), Point::Value(magnitude(&v), text));
    }
    // Written loosely ("约1600", "40%-50%"): shown as written, no point on the chart.
    if let Some(s) = basis::stated_loose(y, path) {
        return (Datum::stated(i, s), Point::Gap(i.t("trend_gap_loose")));
    }
    let withheld = if path == EVALUATIONS {
        y.suppressed()
            .iter()
            .any(|p| p.starts_with("evaluations.") && p.ends_with(".count"))
    } else {
        y.suppressed().contains(path)
    };
    if withheld {
        let (mut d, p) = gap(i, "trend_gap_withheld");
        d.text = i.t("trend_gap_withheld");
        (d, p)
    } else {
        gap(i, "trend_gap_unstated")
    }
}

/// The computed side: from the public records only; a sum that leaves out withheld values is
/// shown in the table (saying so) and is a gap in the chart.
fn computed(i: &I18n, y: &PublicYear, path: &str) -> (Datum, Datum, Point) {
    let (fig, covered) = if path == EVALUATIONS {
        let n = basis::listed(y, Kind::Evaluation);
        let c = basis::Covered {
            records: n,
            partial: basis::kind_partial(y, Kind::Evaluation),
        };
        let f = (n > 0).then_some(Fig {
            value: Value::Count(n as u64),
            missing: 0,
        });
        (f, c)
    } else {
        (y.figures().get(path).cloned(), basis::coverage(y, path))
    };
    let Some(mut f) = fig else {
        let (d, p) = gap(i, "trend_gap_no_records");
        return (d, Datum::empty(), p);
    };
    // A count includes the 不予公开 records: it is whole, not a sum that leaves them out.
    if let Value::Count(_) = f.value {
        f.missing = 0;
    }
    let mut d = Datum::computed(i, &f);
    if covered.partial {
        d.text.push_str(&basis::paren(i, covered));
    }
    let records = Datum::count(covered.records as u64);
    if f.missing > 0 {
        return (d, records, Point::Gap(i.t("trend_gap_partial_sum")));
    }
    let text = super::figure_tables::value_text(i, &f.value);
    (d, records, Point::Value(magnitude(&f.value), text))
}

fn year(i: &I18n, y: &PublicYear, path: &str) -> Year {
    let (stated, s) = stated(i, y, path);
    let (computed, records, c) = computed(i, y, path);
    Year {
        stated,
        computed,
        records,
        points: [s, c],
    }
}

/// The path standing for the number of evaluations (every type, 不予公开 ones included).
const EVALUATIONS: &str = "evaluations.count";

/// A series' chart, where at least two years have a value; the other years are gaps, and the
/// description says why.
fn series_chart(
    i: &I18n,
    r: &PublicRegion,
    id: String,
    name: &str,
    years: &[(i32, &Point)],
) -> Option<String> {
    if years
        .iter()
        .filter(|(_, p)| matches!(p, Point::Value(..)))
        .count()
        < 2
    {
        return None;
    }
    let mut cols = Vec::new();
    let mut items = Vec::new();
    for (year, p) in years {
        let (text, value, gap, said) = match p {
            Point::Value(v, t) => (t.clone(), *v, false, t.clone()),
            Point::Gap(why) => (i.t("trend_gap_short"), 0, true, why.clone()),
        };
        items.push(format!("{}{}{said}", i.year(*year), i.t("colon")));
        cols.push(Col {
            label: year.to_string(),
            text,
            value,
            gap,
        });
    }
    let desc = items.join(if i.zh() { "；" } else { "; " });
    Some(charts::column_chart(
        &id,
        &format!("{} · {name}", r.name()),
        &desc,
        &cols,
    ))
}

/// A body's key figures over its years: a chart of each series, stated and computed, that
/// has two values or more, and the table of them all (columns with no value left out).
pub fn trend(i: &I18n, r: &PublicRegion) -> Option<Trend> {
    if r.years().is_empty() {
        return None;
    }
    let figures = figures(i);
    let grid: Vec<Vec<Year>> = r
        .years()
        .iter()
        .map(|y| figures.iter().map(|(p, ..)| year(i, y, p)).collect())
        .collect();
    let charts = charts(i, r, &figures, &grid);
    let (columns, rows) = without_empty_columns(columns(i, &figures), rows(r, &grid))?;
    Some(Trend {
        charts,
        table: DataTable {
            file: format!("data/{}/key-figures", r.id()),
            caption: format!("{} · {}", r.name(), i.t("trend_heading")),
            columns,
            rows,
            totals: 0,
        },
        note: i.t("trend_note"),
    })
}

/// A figure of the trend: its path, column name, label and column type.
type Figure = (&'static str, &'static str, String, ColType);

/// The figures of the trend: the key figures, then the number of evaluations.
fn figures(i: &I18n) -> Vec<Figure> {
    KEYS.iter()
        .map(|(p, n, k, t)| (*p, *n, i.t(k), *t))
        .chain([(
            EVALUATIONS,
            "evaluations",
            i.t("headline_evaluations"),
            ColType::Integer,
        )])
        .collect()
}

/// The table's columns: the year, each figure as stated, then each as computed with the
/// number of records it is computed from.
fn columns(i: &I18n, figures: &[Figure]) -> Vec<Column> {
    let mut columns = vec![Column::new("year", i.t("year"), ColType::Text)];
    for (_, name, label, t) in figures {
        columns.push(Column::new(name, label.clone(), *t));
    }
    for (_, name, label, t) in figures {
        let fill = |k: &str| i.fill(k, &[("figure", label.clone())]);
        columns.push(Column::new(
            &format!("{name}_computed"),
            fill("trend_col_computed"),
            *t,
        ));
        columns.push(Column::new(
            &format!("{name}_computed_records"),
            fill("trend_col_records"),
            ColType::Integer,
        ));
    }
    columns
}

/// The table's rows, a year each, in the order of [`columns`].
fn rows(r: &PublicRegion, grid: &[Vec<Year>]) -> Vec<Vec<Datum>> {
    r.years()
        .iter()
        .zip(grid)
        .map(|(y, cells)| {
            let mut row = vec![Datum::text(y.year().to_string())];
            row.extend(cells.iter().map(|c| c.stated.clone()));
            for c in cells {
                row.push(c.computed.clone());
                row.push(c.records.clone());
            }
            row
        })
        .collect()
}

/// The chart of each series (each figure, stated and computed) that has one.
fn charts(
    i: &I18n,
    r: &PublicRegion,
    figures: &[Figure],
    grid: &[Vec<Year>],
) -> Vec<(String, String)> {
    let mut charts = Vec::new();
    for (n, (_, _, label, _)) in figures.iter().enumerate() {
        for (side, key) in ["trend_series_stated", "trend_series_computed"]
            .iter()
            .enumerate()
        {
            let name = i.fill(key, &[("figure", label.clone())]);
            let points: Vec<(i32, &Point)> = r
                .years()
                .iter()
                .zip(grid)
                .map(|(y, cells)| (y.year(), &cells[n].points[side]))
                .collect();
            let id = format!("trend-{n}-{}", ["stated", "computed"][side]);
            if let Some(svg) = series_chart(i, r, id, &name, &points) {
                charts.push((name, svg));
            }
        }
    }
    charts
}

/// The table without its columns that have no value (the year's aside); `None` when no
/// column is left but the year's.
fn without_empty_columns(
    columns: Vec<Column>,
    rows: Vec<Vec<Datum>>,
) -> Option<(Vec<Column>, Vec<Vec<Datum>>)> {
    let keep: Vec<bool> = (0..columns.len())
        .map(|c| c == 0 || rows.iter().any(|r: &Vec<Datum>| !r[c].is_empty()))
        .collect();
    if keep.iter().filter(|k| **k).count() < 2 {
        return None;
    }
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
    Some((columns, rows))
}
