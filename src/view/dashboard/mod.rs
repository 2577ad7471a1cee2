//! The year dashboard: ex-ante conclusions with 核减 and 核减率, monitoring by node with 执行率
//! and 黄标/红标, the self-evaluation grade distribution, and evaluations by type with funds.
//!
//! Each panel is a chart and a [`DataTable`] with the same numbers. Where the year has records
//! of a kind, the panel shows the figures computed from the public records only
//! (`PublicYear::figures`): a sum that leaves out withheld values says "公开部分合计 X，另有 N 项
//! 不予公开", and 不予公开 records are counted in their own row, never in a category they might
//! belong to. Where a year has no records of the kind, the panel shows the figures the body
//! stated in summary.yaml. No I/O here.

mod evaluations;
mod ex_ante;
mod grades;
mod monitoring;

use super::basis;
use super::cells::{MoneyScale, fen_of_wan};
use super::charts::{self, Bar, BarChart, Part};
use super::i18n::I18n;
use super::table::{ColType, Column, DataTable, Datum};
use crate::disclose::{PublicRegion, PublicYear};
use crate::figures::compute::Fig;
use crate::model::summary::{By, Group, Value};
use crate::model::*;
use serde::Serialize;

/// One dashboard panel: a chart (inline SVG, may be empty) beside its table.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub id: String,
    pub title: String,
    /// Where the numbers come from, in a sentence.
    pub source: String,
    pub chart: String,
    pub table: DataTable,
}

/// What a panel shows: the stated figures, the figures computed from records that are all the
/// body counts, or a computation from records that are a sample of what the body counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Stated,
    Records,
    Sample,
}

impl Mode {
    /// The panel's id: a sample's panel stands beside the stated one, so its id differs.
    pub fn id(self, id: &str) -> String {
        match self {
            Mode::Sample => format!("{id}-records"),
            _ => id.to_string(),
        }
    }
}

type Maker = fn(&I18n, &PublicYear, &str, Mode) -> Option<Panel>;

/// The panels of a year that has something to show, in a fixed order. Where the records of a
/// kind are a sample of what the body states, the stated panel comes first and the computed
/// one follows, titled "据本站 N 条记录计算", with a file of its own: the sample's aggregate is
/// never shown as the year's figure.
pub fn panels(i: &I18n, r: &PublicRegion, y: &PublicYear) -> Vec<Panel> {
    let base = format!("data/{}/{}/", r.id(), y.year());
    let makers: [(Kind, Maker); 4] = [
        (Kind::ExAnte, ex_ante::panel),
        (Kind::Monitoring, monitoring::panel),
        (Kind::SelfEvaluation, grades::panel),
        (Kind::Evaluation, evaluations::panel),
    ];
    let mut out: Vec<Panel> = Vec::new();
    // Computed panels in one exact money unit; a stated panel keeps the body's words.
    let make = |m: Maker, mode: Mode| {
        m(i, y, &base, mode).map(|mut p| {
            one_unit(i, &mut p.table, mode != Mode::Stated);
            p
        })
    };
    for (k, maker) in makers {
        let make = |mode| make(maker, mode);
        if !from_records(y, k) {
            out.extend(make(Mode::Stated));
        } else if !basis::kind_partial(y, k) {
            out.extend(make(Mode::Records));
        } else {
            let stated = make(Mode::Stated);
            let key = if stated.is_some() {
                "dash_source_sample"
            } else {
                "dash_source_sample_alone"
            };
            out.extend(stated);
            if let Some(mut p) = make(Mode::Sample) {
                let n = basis::listed(y, k).to_string();
                p.title = i.fill(
                    "dash_title_records",
                    &[("title", p.title), ("n", n.clone())],
                );
                p.source = i.fill(key, &[("n", n)]);
                p.table.file.push_str("-records");
                p.table.caption = p.title.clone();
                out.push(p);
            }
        }
    }
    out
}

/// A table's amounts in one money unit, exact (`cells::MoneyScale`), and its counts grouped
/// (1,098). Amounts are rewritten only in a table of `computed` figures: a stated amount as
/// the body wrote it ("0.14亿元") is a quote, and its precision is the body's.
pub fn one_unit(i: &I18n, t: &mut DataTable, computed: bool) {
    let money: Vec<bool> = t.columns.iter().map(|c| c.kind == ColType::Money).collect();
    let count: Vec<bool> = t
        .columns
        .iter()
        .map(|c| c.kind == ColType::Integer)
        .collect();
    let fens: Vec<i128> = t
        .rows
        .iter()
        .flat_map(|r| r.iter().zip(&money).filter(|(_, m)| **m))
        .filter_map(|(d, _)| fen_of_wan(&d.raw))
        .collect();
    let scale = MoneyScale::of(i, fens);
    for row in &mut t.rows {
        for (c, d) in row.iter_mut().enumerate() {
            if money.get(c) == Some(&true) {
                if computed && let Some(f) = fen_of_wan(&d.raw) {
                    d.text = scale.rewrite(i, &d.text, &Money::from_fen(f));
                }
            } else if count.get(c) == Some(&true)
                && !d.text.is_empty()
                && d.text.bytes().all(|b| b.is_ascii_digit())
                && let Ok(n) = d.text.parse::<u64>()
            {
                d.text = i.int(n);
            }
        }
    }
}

/// Whether the year's panel for `k` is computed from records (else from stated figures).
pub(super) fn from_records(y: &PublicYear, k: Kind) -> bool {
    y.records().iter().any(|p| p.record().kind == k) || y.stubs().iter().any(|s| s.kind() == k)
}

pub(super) fn source(i: &I18n, computed: bool, partial: bool) -> String {
    match (computed, partial) {
        (true, false) => i.t("dash_source_records"),
        (true, true) => format!(
            "{}{}",
            i.t("dash_source_records"),
            i.t("dash_source_partial")
        ),
        (false, _) => i.t("dash_source_stated"),
    }
}

pub(super) fn partial(g: Option<&Group>) -> bool {
    g.is_some_and(|g| g.coverage == Coverage::Partial)
}

/// A figure's value as a chart length: 分 for money, counts, percentages in hundredths.
pub fn magnitude(v: &Value) -> i128 {
    match v {
        Value::Count(n) => i128::from(*n),
        Value::Money(m) => m.fen,
        Value::Percent(p) => hundredths(p.0),
        Value::Score(d) => hundredths(*d),
        Value::Grade(_) => 0,
    }
}

pub(super) fn hundredths(d: Decimal) -> i128 {
    let r = d.round(2);
    r.mantissa * 10i128.pow(2 - r.scale.min(2))
}

pub(super) fn col(i: &I18n, name: &str, key: &str, kind: ColType) -> Column {
    Column::new(name, i.t(key), kind)
}

/// Drop columns (after the first) that are empty in every row.
pub(super) fn prune(t: &mut DataTable) {
    let keep: Vec<bool> = (0..t.columns.len())
        .map(|c| {
            c == 0
                || t.rows
                    .iter()
                    .any(|r| r.get(c).is_some_and(|d| !d.is_empty()))
        })
        .collect();
    let mut n = 0;
    t.columns.retain(|_| {
        n += 1;
        keep[n - 1]
    });
    for row in &mut t.rows {
        let mut n = 0;
        row.retain(|_| {
            n += 1;
            keep[n - 1]
        });
    }
}

/// A table with rows that have at least one value besides their label; None if none has.
pub(super) fn table(
    file: String,
    caption: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Datum>>,
    totals: Option<Vec<Datum>>,
) -> Option<DataTable> {
    let width = columns.len();
    let mut rows: Vec<Vec<Datum>> = rows
        .into_iter()
        .filter(|r| r.iter().skip(1).any(|d| !d.is_empty()))
        .map(|mut r| {
            r.resize(width, Datum::empty());
            r
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut t = DataTable {
        file,
        caption,
        columns,
        rows: Vec::new(),
        totals: 0,
    };
    if let Some(mut tr) = totals.filter(|_| rows.len() > 1) {
        tr.resize(width, Datum::empty());
        rows.push(tr);
        t.totals = 1;
    }
    t.rows = rows;
    prune(&mut t);
    Some(t)
}

pub(super) fn sep(i: &I18n) -> &'static str {
    if i.zh() { "；" } else { "; " }
}

/// The description of a bar chart: each bar's label and value text.
pub(super) fn describe(i: &I18n, intro: String, bars: &[Bar]) -> String {
    let items: Vec<String> = bars
        .iter()
        .map(|b| format!("{}{}{}", b.label, i.t("colon"), b.text))
        .collect();
    format!("{intro}{}", items.join(sep(i)))
}

pub(super) fn chart(
    i: &I18n,
    id: &str,
    title: &str,
    scale: i128,
    bars: Vec<Bar>,
    legend: Vec<(&'static str, String)>,
) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let desc = describe(i, i.t("chart_desc_intro"), &bars);
    charts::bar_chart(&BarChart {
        id: format!("chart-{id}"),
        title: title.to_string(),
        desc,
        scale,
        bars,
        legend,
    })
}

pub(super) fn fig<'a>(y: &'a PublicYear, path: &str) -> Option<&'a Fig> {
    y.figures().get(path)
}

pub(super) fn dc(i: &I18n, f: Option<&Fig>) -> Datum {
    f.map(|f| Datum::computed(i, f)).unwrap_or_default()
}

pub(super) fn ds(i: &I18n, g: &Group, key: &str) -> Datum {
    g.get(key).map(|s| Datum::stated(i, s)).unwrap_or_default()
}

pub(super) fn money_of(f: Option<&Fig>) -> Option<(i128, usize)> {
    match f {
        Some(Fig {
            value: Value::Money(m),
            missing,
        }) => Some((m.fen, *missing)),
        _ => None,
    }
}

/// `requested − approved` and `cut / requested` as figures, when both sums exist.
fn cut_and_rate(req: Option<&Fig>, app: Option<&Fig>) -> (Option<Fig>, Option<Fig>) {
    let (Some((r, rm)), Some((a, am))) = (money_of(req), money_of(app)) else {
        return (None, None);
    };
    let missing = rm.max(am);
    let cut = Fig {
        value: Value::Money(Money::from_fen(r - a)),
        missing,
    };
    let rate = value::percent_of(r - a, r, 2).map(|d| Fig {
        value: Value::Percent(Percent(d)),
        missing,
    });
    (Some(cut), rate)
}

pub(super) fn count_bar(label: String, text: String, n: i128) -> Bar {
    Bar {
        label,
        text,
        parts: vec![Part {
            value: n,
            class: "bar-main",
        }],
    }
}

impl Datum {
    /// A count figure's plain number (a count includes 不予公开 records, so it is never partial).
    pub fn raw_count(v: &Value) -> Datum {
        Datum::text(super::table::raw(v))
    }
}

/// A panel's rows, its total row and its bars.
pub(super) type Built = (Vec<Vec<Datum>>, Vec<Datum>, Vec<Bar>);
