//! The evaluations panel: count and funds of each evaluation type; 不予公开 reports have no
//! public type and are counted in a row of their own. No I/O here.

use super::*;

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

pub(super) fn panel(i: &I18n, y: &PublicYear, base: &str, mode: Mode) -> Option<Panel> {
    let computed = mode != Mode::Stated;
    let (rows, total, bars) = if computed {
        from_figures(i, y)
    } else {
        stated(i, &y.summary()?.evaluations)
    };
    let title = i.t("dash_evaluations");
    let total = (!total.is_empty()).then_some(total);
    let file = format!("{base}evaluations-by-type");
    let t = table(file, title.clone(), evaluation_columns(i), rows, total)?;
    let chart_title = i.t("chart_funds_title");
    Some(Panel {
        id: mode.id("evaluations"),
        chart: chart(
            i,
            &mode.id("evaluations"),
            &chart_title,
            0,
            bars,
            Vec::new(),
        ),
        source: source(i, computed, false),
        title,
        table: t,
    })
}

fn count_of(f: Option<&Fig>) -> u64 {
    match f.map(|f| &f.value) {
        Some(Value::Count(n)) => *n,
        _ => 0,
    }
}

/// A row per evaluation type with public records, one for the 不予公开 ones, and the total.
fn from_figures(i: &I18n, y: &PublicYear) -> Built {
    let (mut rows, mut bars) = (Vec::new(), Vec::new());
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
            let n = crate::view::table::raw(&count.value);
            bars.push(funds_bar(i, label.clone(), &funds, fen, &n));
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
    let stubs = count_of(fig(y, "evaluations.stubs"));
    if stubs > 0 {
        let label = Datum::text(i.t("row_type_withheld"));
        rows.push(vec![label, Datum::count(stubs), Datum::count(stubs)]);
    }
    let n: u64 = per_key[0].iter().map(|f| count_of(*f)).sum();
    let s = stubs as usize;
    let total = vec![
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
    (rows, total, bars)
}

/// A row per group the body stated (a type, or a label covering several).
fn stated(i: &I18n, groups: &[Group]) -> Built {
    let (mut rows, mut bars) = (Vec::new(), Vec::new());
    for g in groups {
        let funds = ds(i, g, "funds");
        if let (Some(Value::Money(m)), Some(c)) =
            (g.get("funds").and_then(|s| s.exact()), g.get("count"))
        {
            let n = crate::view::figure_tables::stated_shown(i, c);
            bars.push(funds_bar(i, g.label.clone(), &funds, m.fen, &n));
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
    (rows, Vec::new(), bars)
}
