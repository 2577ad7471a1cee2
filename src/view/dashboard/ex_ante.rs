//! The ex-ante panel: conclusions with requested, approved, 核减 and 核减率, as a stacked bar
//! (approved, then the cut) per conclusion. No I/O here.

use super::*;

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

pub(super) fn panel(i: &I18n, y: &PublicYear, base: &str, mode: Mode) -> Option<Panel> {
    let stated = y.summary().and_then(|s| s.ex_ante.as_ref());
    let computed = mode != Mode::Stated;
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
        id: mode.id("ex-ante"),
        chart: chart(i, &mode.id("ex-ante"), &title, 0, bars, legend),
        source: source(i, computed, partial(stated)),
        title,
        table: t,
    })
}

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
        let amount = |k: &str| match g.get(k).and_then(|s| s.exact()) {
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
