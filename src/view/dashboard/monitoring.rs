//! The monitoring panel: each node's count, budget, executed, 执行率 and 黄标/红标, project-level
//! and unit-wide, with the 执行率 on a 100% scale. No I/O here.

use super::*;

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

pub(super) fn panel(i: &I18n, y: &PublicYear, base: &str, mode: Mode) -> Option<Panel> {
    let computed = mode != Mode::Stated;
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    if computed {
        from_figures(i, y, &mut rows, &mut bars);
    } else {
        for (node, g) in &y.summary()?.monitoring {
            stated_monitoring(i, &node.to_string(), g, &mut rows, &mut bars);
        }
    }
    let title = i.t("dash_monitoring");
    let file = format!("{base}monitoring-nodes");
    let t = table(file, title.clone(), monitoring_columns(i), rows, None)?;
    let chart_title = i.t("chart_rate_title");
    Some(Panel {
        id: mode.id("monitoring"),
        chart: chart(
            i,
            &mode.id("monitoring"),
            &chart_title,
            10_000,
            bars,
            Vec::new(),
        ),
        source: source(i, computed, false),
        title,
        table: t,
    })
}

/// A row per node (and one per node for unit-wide monitoring) from the public records.
fn from_figures(i: &I18n, y: &PublicYear, rows: &mut Vec<Vec<Datum>>, bars: &mut Vec<Bar>) {
    let nodes: std::collections::BTreeSet<&str> = y
        .figures()
        .keys()
        .filter_map(|p| p.strip_prefix("monitoring."))
        .filter_map(|p| p.split('.').next())
        .collect();
    for node in nodes {
        let unit = format!("{node}{}", i.t("unit_wide_suffix"));
        for (keys, label) in [(PROJECT_KEYS, node.to_string()), (UNIT_KEYS, unit)] {
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
                let m = magnitude(&rate.value);
                bars.push(rate_bar(i, label, &row[4], m, &[&row[5], &row[6]]));
            }
            rows.push(row);
        }
    }
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
        if let Some(s) = g.get(keys[3]).filter(|s| s.exact().is_some()) {
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
