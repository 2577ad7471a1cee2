//! The year dashboard: ex-ante conclusions with 核减 and 核减率, monitoring by node with 执行率
//! and 黄标/红标, the self-evaluation grade distribution, and evaluations by type with funds.
//!
//! Each panel is a chart and a [`DataTable`] with the same numbers. Where the year has records
//! of a kind, the panel shows the figures computed from the public records only
//! (`PublicYear::figures`): a sum that leaves out withheld values says "公开部分合计 X，另有 N 项
//! 不予公开", and 不予公开 records are counted in their own row, never in a category they might
//! belong to. Where a year has no records of the kind, the panel shows the figures the body
//! stated in summary.yaml. No I/O here.

use super::charts::{self, Bar, BarChart, Part};
use super::i18n::I18n;
use super::table::{ColType, Column, DataTable, Datum};
use crate::disclose::{PublicRegion, PublicYear};
use crate::figures::compute::Fig;
use crate::figures::stated::{By, Group, Value};
use crate::model::*;
use serde::Serialize;

/// One dashboard panel: a chart (inline SVG, may be empty) beside its table.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub id: &'static str,
    pub title: String,
    /// Where the numbers come from, in a sentence.
    pub source: String,
    pub chart: String,
    pub table: DataTable,
}

/// The panels of a year that has something to show, in a fixed order.
pub fn panels(i: &I18n, r: &PublicRegion, y: &PublicYear) -> Vec<Panel> {
    let base = format!("data/{}/{}/", r.id, y.year);
    [
        ex_ante(i, y, &base),
        monitoring(i, y, &base),
        grades(i, y, &base),
        evaluations(i, y, &base),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether the year's panel for `k` is computed from records (else from stated figures).
fn from_records(y: &PublicYear, k: Kind) -> bool {
    y.records.iter().any(|p| p.record.kind == k) || y.stubs.iter().any(|s| s.kind == k)
}

fn source(i: &I18n, computed: bool, partial: bool) -> String {
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

fn partial(g: Option<&Group>) -> bool {
    g.is_some_and(|g| g.coverage == Coverage::Partial)
}

/// A figure's value as a chart length: 分 for money, counts, percentages in hundredths.
pub fn magnitude(v: &Value) -> i128 {
    match v {
        Value::Count(n) => i128::from(*n),
        Value::Money(m) => m.fen,
        Value::Percent(p) => hundredths(p.0),
        Value::Score(d) => hundredths(*d),
    }
}

fn hundredths(d: Decimal) -> i128 {
    let r = d.round(2);
    r.mantissa * 10i128.pow(2 - r.scale.min(2))
}

fn col(i: &I18n, name: &str, key: &str, kind: ColType) -> Column {
    Column::new(name, i.t(key), kind)
}

/// Drop columns (after the first) that are empty in every row.
fn prune(t: &mut DataTable) {
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
fn table(
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

fn sep(i: &I18n) -> &'static str {
    if i.zh() { "；" } else { "; " }
}

/// The description of a bar chart: each bar's label and value text.
fn describe(i: &I18n, intro: String, bars: &[Bar]) -> String {
    let items: Vec<String> = bars
        .iter()
        .map(|b| format!("{}{}{}", b.label, i.t("colon"), b.text))
        .collect();
    format!("{intro}{}", items.join(sep(i)))
}

fn chart(
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

fn fig<'a>(y: &'a PublicYear, path: &str) -> Option<&'a Fig> {
    y.figures.get(path)
}

fn dc(i: &I18n, f: Option<&Fig>) -> Datum {
    f.map(|f| Datum::computed(i, f)).unwrap_or_default()
}

fn ds(i: &I18n, g: &Group, key: &str) -> Datum {
    g.get(key)
        .map(|s| Datum::stated(i, &s.value))
        .unwrap_or_default()
}

fn money_of(f: Option<&Fig>) -> Option<(i128, usize)> {
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

fn ex_ante_columns(i: &I18n) -> Vec<Column> {
    vec![
        col(i, "conclusion", "field_conclusion", ColType::Text),
        col(i, "count", "fig_count", ColType::Integer),
        col(i, "requested", "fig_requested", ColType::Money),
        col(i, "approved", "fig_approved", ColType::Money),
        col(i, "cut", "fig_cut", ColType::Money),
        col(i, "cut_rate", "fig_cut_rate", ColType::Percent),
    ]
}

/// A stacked bar: approved, then the cut, making up the requested amount.
fn cut_bar(i: &I18n, label: String, req: i128, app: i128, rate: &str) -> Bar {
    let cut = (req - app).max(0);
    Bar {
        label,
        text: i.fill(
            "chart_cut_text",
            &[
                ("requested", i.money(&Money::from_fen(req))),
                ("cut", i.money(&Money::from_fen(cut))),
                ("rate", rate.to_string()),
            ],
        ),
        parts: vec![
            Part {
                value: app.min(req),
                class: "bar-main",
            },
            Part {
                value: cut,
                class: "bar-cut",
            },
        ],
    }
}

fn ex_ante(i: &I18n, y: &PublicYear, base: &str) -> Option<Panel> {
    let stated = y.summary.as_ref().and_then(|s| s.ex_ante.as_ref());
    let computed = from_records(y, Kind::ExAnte);
    let (rows, total, bars) = if computed {
        ex_ante_computed(i, y)
    } else {
        ex_ante_stated(i, stated?)
    };
    let title = i.t("dash_ex_ante");
    let t = table(
        format!("{base}ex-ante-conclusions"),
        title.clone(),
        ex_ante_columns(i),
        rows,
        Some(total),
    )?;
    let legend = vec![
        ("bar-main", i.t("fig_approved")),
        ("bar-cut", i.t("fig_cut")),
    ];
    Some(Panel {
        id: "ex-ante",
        chart: chart(i, "ex-ante", &title, 0, bars, legend),
        source: source(i, computed, partial(stated)),
        title,
        table: t,
    })
}

type Built = (Vec<Vec<Datum>>, Vec<Datum>, Vec<Bar>);

fn ex_ante_computed(i: &I18n, y: &PublicYear) -> Built {
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut hidden = 0;
    let row = |label: String, p: &str, rows: &mut Vec<Vec<Datum>>, bars: &mut Vec<Bar>| {
        let (req, app) = (
            fig(y, &format!("{p}.requested")),
            fig(y, &format!("{p}.approved")),
        );
        let (cut, rate) = cut_and_rate(req, app);
        let rate_d = dc(i, rate.as_ref());
        if let (Some((r, 0)), Some((a, 0))) = (money_of(req), money_of(app)) {
            bars.push(cut_bar(i, label.clone(), r, a, &rate_d.text));
        }
        let count = fig(y, &format!("{p}.count"));
        let r = vec![
            Datum::text(label),
            count
                .map(|f| Datum::raw_count(&f.value))
                .unwrap_or_default(),
            dc(i, req),
            dc(i, app),
            dc(i, cut.as_ref()),
            rate_d,
        ];
        rows.push(r);
    };
    for c in Conclusion::ALL {
        let p = format!("ex_ante.by_conclusion.{}", c.zh());
        if let Some(f) = fig(y, &format!("{p}.count")) {
            hidden = f.missing;
            row(i.name(c.zh(), c.en()), &p, &mut rows, &mut bars);
        }
    }
    let mut total_rows = Vec::new();
    let mut total_bars = Vec::new();
    row(
        i.t("row_total"),
        "ex_ante",
        &mut total_rows,
        &mut total_bars,
    );
    if hidden > 0 {
        rows.push(vec![
            Datum::text(i.t("row_conclusion_withheld")),
            Datum::count(hidden as u64),
        ]);
    }
    if bars.len() > 1 {
        bars.extend(total_bars);
    } else if bars.is_empty() {
        bars = total_bars;
    }
    (rows, total_rows.pop().unwrap_or_default(), bars)
}

fn ex_ante_stated(i: &I18n, g: &Group) -> Built {
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let row = |label: String, g: &Group, bars: &mut Vec<Bar>| {
        let amount = |k: &str| match g.get(k).map(|s| &s.value) {
            Some(Value::Money(m)) => Some(m.fen),
            _ => None,
        };
        let (req, app, cut) = (amount("requested"), amount("approved"), amount("cut"));
        let app = app.or(req.zip(cut).map(|(r, c)| r - c));
        let rate = ds(i, g, "cut_rate");
        if let (Some(r), Some(a)) = (req, app) {
            bars.push(cut_bar(i, label.clone(), r, a, &rate.text));
        }
        vec![
            Datum::text(label),
            ds(i, g, "count"),
            ds(i, g, "requested"),
            ds(i, g, "approved"),
            ds(i, g, "cut"),
            rate,
        ]
    };
    for c in g.children.iter().filter(|c| c.by == By::Conclusion) {
        rows.push(row(c.label.clone(), &c.group, &mut bars));
    }
    let mut total_bars = Vec::new();
    let total = row(i.t("row_total"), g, &mut total_bars);
    if rows.is_empty() {
        rows.push(total.clone());
        bars = total_bars;
        return (rows, Vec::new(), bars);
    }
    bars.extend(total_bars);
    (rows, total, bars)
}

impl Datum {
    /// A count figure's plain number (a count includes 不予公开 records, so it is never partial).
    pub fn raw_count(v: &Value) -> Datum {
        Datum::text(super::table::raw(v))
    }
}

fn monitoring_columns(i: &I18n) -> Vec<Column> {
    vec![
        col(i, "node", "field_node", ColType::Text),
        col(i, "count", "fig_count", ColType::Integer),
        col(i, "budget", "fig_budget", ColType::Money),
        col(i, "executed", "fig_executed", ColType::Money),
        col(i, "rate", "fig_rate", ColType::Percent),
        col(i, "yellow", "fig_yellow", ColType::Integer),
        col(i, "red", "fig_red", ColType::Integer),
    ]
}

/// The keys of one monitoring row: project-level, or unit-wide (部门整体).
const PROJECT_KEYS: [&str; 6] = ["count", "budget", "executed", "rate", "yellow", "red"];
const UNIT_KEYS: [&str; 6] = ["units", "unit_budget", "unit_executed", "unit_rate", "", ""];

fn rate_bar(i: &I18n, label: String, rate: &Datum, magnitude: i128, flags: &[&Datum]) -> Bar {
    let mut parts = vec![rate.text.clone()];
    for (d, key) in flags.iter().zip(["chart_yellow", "chart_red"]) {
        if !d.is_empty() {
            parts.push(i.fill(key, &[("n", d.text.clone())]));
        }
    }
    let text = parts.join(" · ");
    Bar {
        label,
        text,
        parts: vec![Part {
            value: magnitude,
            class: "bar-main",
        }],
    }
}

fn monitoring(i: &I18n, y: &PublicYear, base: &str) -> Option<Panel> {
    let computed = from_records(y, Kind::Monitoring);
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let unit_label = |node: &str| format!("{node}{}", i.t("unit_wide_suffix"));
    if computed {
        let nodes: std::collections::BTreeSet<&str> = y
            .figures
            .keys()
            .filter_map(|p| p.strip_prefix("monitoring."))
            .filter_map(|p| p.split('.').next())
            .collect();
        for node in nodes {
            for (keys, label) in [
                (PROJECT_KEYS, node.to_string()),
                (UNIT_KEYS, unit_label(node)),
            ] {
                let f = |k: &str| {
                    (!k.is_empty())
                        .then(|| fig(y, &format!("monitoring.{node}.{k}")))
                        .flatten()
                };
                if f(keys[0]).is_none() {
                    continue;
                }
                let mut row = vec![Datum::text(label.clone())];
                row.extend(keys.iter().map(|k| dc(i, f(k))));
                if let Some(rate) = f(keys[3]).filter(|r| r.missing == 0) {
                    bars.push(rate_bar(
                        i,
                        label,
                        &row[4],
                        magnitude(&rate.value),
                        &[&row[5], &row[6]],
                    ));
                }
                rows.push(row);
            }
        }
    } else {
        let s = y.summary.as_ref()?;
        for (node, g) in &s.monitoring {
            stated_monitoring(i, &node.to_string(), g, &mut rows, &mut bars);
        }
    }
    let title = i.t("dash_monitoring");
    let t = table(
        format!("{base}monitoring-nodes"),
        title.clone(),
        monitoring_columns(i),
        rows,
        None,
    )?;
    Some(Panel {
        id: "monitoring",
        chart: chart(
            i,
            "monitoring",
            &i.t("chart_rate_title"),
            10_000,
            bars,
            Vec::new(),
        ),
        source: source(i, computed, false),
        title,
        table: t,
    })
}

fn stated_monitoring(
    i: &I18n,
    label: &str,
    g: &Group,
    rows: &mut Vec<Vec<Datum>>,
    bars: &mut Vec<Bar>,
) {
    let unit = format!("{label}{}", i.t("unit_wide_suffix"));
    for (keys, label) in [(PROJECT_KEYS, label.to_string()), (UNIT_KEYS, unit)] {
        let mut row = vec![Datum::text(label.clone())];
        row.extend(keys.iter().map(|k| {
            if k.is_empty() {
                Datum::empty()
            } else {
                ds(i, g, k)
            }
        }));
        if let Some(s) = g.get(keys[3]) {
            bars.push(rate_bar(
                i,
                label,
                &row[4],
                magnitude(&s.value),
                &[&row[5], &row[6]],
            ));
        }
        rows.push(row);
    }
    for c in &g.children {
        stated_monitoring(i, &format!("{label} · {}", c.label), &c.group, rows, bars);
    }
}

fn grade_columns(i: &I18n) -> Vec<Column> {
    vec![
        col(i, "grade", "field_grade", ColType::Text),
        col(i, "count", "fig_count", ColType::Integer),
        col(i, "share", "fig_share", ColType::Percent),
    ]
}

fn count_bar(label: String, text: String, n: i128) -> Bar {
    Bar {
        label,
        text,
        parts: vec![Part {
            value: n,
            class: "bar-main",
        }],
    }
}

fn grades(i: &I18n, y: &PublicYear, base: &str) -> Option<Panel> {
    let stated = y.summary.as_ref().and_then(|s| s.self_evaluations.as_ref());
    let computed = from_records(y, Kind::SelfEvaluation);
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut total = Vec::new();
    if computed {
        let count = |p: &str| match fig(y, p).map(|f| &f.value) {
            Some(Value::Count(n)) => *n,
            _ => 0,
        };
        let all = count("self_evaluations.count") + count("self_evaluations.units");
        let (mut graded, mut hidden) = (0, 0);
        for g in Grade::ALL {
            let p = format!("self_evaluations.by_grade.{}", g.zh());
            let Some(f) = fig(y, &format!("{p}.count")) else {
                continue;
            };
            let n = count(&format!("{p}.count"));
            graded += n;
            hidden = f.missing as u64;
            let share = dc(i, fig(y, &format!("{p}.share")));
            let label = i.name(g.zh(), g.en());
            bars.push(count_bar(
                label.clone(),
                format!("{n}（{}）", share.text),
                i128::from(n),
            ));
            rows.push(vec![Datum::text(label), Datum::count(n), share]);
        }
        for (key, n) in [
            ("row_grade_withheld", hidden),
            ("row_ungraded", all.saturating_sub(graded + hidden)),
        ] {
            if n > 0 {
                bars.push(count_bar(i.t(key), n.to_string(), i128::from(n)));
                rows.push(vec![Datum::text(i.t(key)), Datum::count(n), Datum::empty()]);
            }
        }
        total = vec![
            Datum::text(i.t("row_total")),
            Datum::count(all),
            Datum::empty(),
        ];
    } else if let Some(g) = stated {
        for c in g.children.iter().filter(|c| c.by == By::Grade) {
            let n = ds(i, &c.group, "count");
            let share = ds(i, &c.group, "share");
            if let Some(s) = c.group.get("count") {
                let text = if share.is_empty() {
                    n.text.clone()
                } else {
                    format!("{}（{}）", n.text, share.text)
                };
                bars.push(count_bar(c.label.clone(), text, magnitude(&s.value)));
            }
            rows.push(vec![Datum::text(c.label.clone()), n, share]);
        }
        total = vec![
            Datum::text(i.t("row_total")),
            ds(i, g, "count"),
            Datum::empty(),
        ];
    }
    let title = i.t("dash_grades");
    let t = table(
        format!("{base}self-evaluation-grades"),
        title.clone(),
        grade_columns(i),
        rows,
        Some(total),
    )?;
    Some(Panel {
        id: "grades",
        chart: chart(i, "grades", &title, 0, bars, Vec::new()),
        source: source(i, computed, partial(stated)),
        title,
        table: t,
    })
}

fn evaluation_columns(i: &I18n) -> Vec<Column> {
    vec![
        col(i, "type", "field_type", ColType::Text),
        col(i, "count", "fig_count", ColType::Integer),
        col(i, "withheld", "fig_withheld", ColType::Integer),
        col(i, "funds", "fig_funds", ColType::Money),
        col(i, "findings", "fig_findings", ColType::Integer),
        col(i, "rectified", "fig_rectified", ColType::Integer),
    ]
}

fn funds_bar(i: &I18n, label: String, funds: &Datum, fen: i128, count: &str) -> Bar {
    let text = i.fill(
        "chart_funds_text",
        &[("funds", funds.text.clone()), ("count", count.to_string())],
    );
    count_bar(label, text, fen)
}

/// Sum of computed figures; `extra` withheld records are added to what the sum leaves out.
fn sum(figs: &[Option<&Fig>], extra: usize) -> Option<Fig> {
    let mut acc: Option<(Value, usize)> = None;
    for f in figs.iter().flatten() {
        let next = match (acc.take(), &f.value) {
            (None, v) => v.clone(),
            (Some((Value::Money(a), _)), Value::Money(b)) => {
                Value::Money(Money::from_fen(a.fen + b.fen))
            }
            (Some((Value::Count(a), _)), Value::Count(b)) => Value::Count(a + b),
            (Some((v, _)), _) => v,
        };
        let missing = acc.as_ref().map_or(0, |a| a.1);
        acc = Some((next, missing + f.missing));
    }
    acc.map(|(value, missing)| Fig {
        value,
        missing: missing + extra,
    })
}

fn evaluations(i: &I18n, y: &PublicYear, base: &str) -> Option<Panel> {
    let computed = from_records(y, Kind::Evaluation);
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut total = Vec::new();
    if computed {
        let mut per_key: Vec<Vec<Option<&Fig>>> = vec![Vec::new(); 4];
        for t in EvalType::ALL {
            let p = format!("evaluations.{}", t.zh());
            let Some(count) = fig(y, &format!("{p}.count")) else {
                continue;
            };
            let figs: Vec<Option<&Fig>> = ["count", "funds", "findings", "rectified"]
                .iter()
                .map(|k| fig(y, &format!("{p}.{k}")))
                .collect();
            let label = i.name(t.zh(), t.en());
            let funds = dc(i, figs[1]);
            if let Some((fen, 0)) = money_of(figs[1]) {
                bars.push(funds_bar(
                    i,
                    label.clone(),
                    &funds,
                    fen,
                    &super::table::raw(&count.value),
                ));
            }
            rows.push(vec![
                Datum::text(label),
                Datum::raw_count(&count.value),
                Datum::empty(),
                funds,
                dc(i, figs[2]),
                dc(i, figs[3]),
            ]);
            for (n, f) in figs.into_iter().enumerate() {
                per_key[n].push(f);
            }
        }
        let stubs = match fig(y, "evaluations.stubs").map(|f| &f.value) {
            Some(Value::Count(n)) => *n,
            _ => 0,
        };
        if stubs > 0 {
            rows.push(vec![
                Datum::text(i.t("row_type_withheld")),
                Datum::count(stubs),
                Datum::count(stubs),
            ]);
        }
        let n: u64 = per_key[0]
            .iter()
            .flatten()
            .map(|f| match f.value {
                Value::Count(n) => n,
                _ => 0,
            })
            .sum();
        let s = stubs as usize;
        total = vec![
            Datum::text(i.t("row_total")),
            Datum::count(n + stubs),
            if stubs > 0 {
                Datum::count(stubs)
            } else {
                Datum::empty()
            },
            dc(i, sum(&per_key[1], s).as_ref()),
            dc(i, sum(&per_key[2], s).as_ref()),
            dc(i, sum(&per_key[3], s).as_ref()),
        ];
    } else {
        let s = y.summary.as_ref()?;
        for g in &s.evaluations {
            let funds = ds(i, g, "funds");
            if let (Some(Value::Money(m)), Some(c)) =
                (g.get("funds").map(|s| &s.value), g.get("count"))
            {
                bars.push(funds_bar(
                    i,
                    g.label.clone(),
                    &funds,
                    m.fen,
                    &super::table::raw(&c.value),
                ));
            }
            let mut row = vec![
                Datum::text(g.label.clone()),
                ds(i, g, "count"),
                ds(i, g, "withheld"),
                funds,
            ];
            row.extend(["findings", "rectified"].iter().map(|k| ds(i, g, k)));
            rows.push(row);
        }
    }
    let title = i.t("dash_evaluations");
    let total = (!total.is_empty()).then_some(total);
    let t = table(
        format!("{base}evaluations-by-type"),
        title.clone(),
        evaluation_columns(i),
        rows,
        total,
    )?;
    Some(Panel {
        id: "evaluations",
        chart: chart(
            i,
            "evaluations",
            &i.t("chart_funds_title"),
            0,
            bars,
            Vec::new(),
        ),
        source: source(i, computed, false),
        title,
        table: t,
    })
}
