//! The self-evaluation panel: how many have each grade (优/良/中/差), with withheld and
//! ungraded ones in rows of their own. No I/O here.

use super::*;

fn grade_columns(i: &I18n) -> Vec<Column> {
    vec![
        col(i, "grade", "field_grade", ColType::Text),
        col(i, "count", "fig_count", ColType::Integer),
        col(i, "share", "fig_share", ColType::Percent),
    ]
}

pub(super) fn panel(i: &I18n, y: &PublicYear, base: &str, mode: Mode) -> Option<Panel> {
    let summary = y.summary().and_then(|s| s.self_evaluations.as_ref());
    let computed = mode != Mode::Stated;
    let (rows, total, bars) = if computed {
        from_figures(i, y)
    } else {
        stated(i, summary?)
    };
    // A share chart: the bars are parts of the whole, drawn on a scale of the total (100%).
    let scale = total
        .get(1)
        .and_then(|d| d.raw.parse::<i128>().ok())
        .unwrap_or(0);
    let title = i.t("dash_grades");
    let file = format!("{base}self-evaluation-grades");
    let t = table(file, title.clone(), grade_columns(i), rows, Some(total))?;
    Some(Panel {
        id: mode.id("grades"),
        chart: chart(i, &mode.id("grades"), &title, scale, bars, Vec::new()),
        source: source(i, computed, partial(summary)),
        title,
        table: t,
    })
}

/// A row per grade among the public records, then withheld grades and records without one.
fn from_figures(i: &I18n, y: &PublicYear) -> Built {
    let (mut rows, mut bars) = (Vec::new(), Vec::new());
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
        let text = format!("{n}（{}）", share.text);
        bars.push(count_bar(label.clone(), text, i128::from(n)));
        rows.push(vec![Datum::text(label), Datum::count(n), share]);
    }
    let ungraded = all.saturating_sub(graded + hidden);
    for (key, n) in [("row_grade_withheld", hidden), ("row_ungraded", ungraded)] {
        if n > 0 {
            bars.push(count_bar(i.t(key), n.to_string(), i128::from(n)));
            rows.push(vec![Datum::text(i.t(key)), Datum::count(n), Datum::empty()]);
        }
    }
    let total = vec![
        Datum::text(i.t("row_total")),
        Datum::count(all),
        Datum::empty(),
    ];
    (rows, total, bars)
}

/// The grades the body stated (`by_grade`).
fn stated(i: &I18n, g: &Group) -> Built {
    let (mut rows, mut bars) = (Vec::new(), Vec::new());
    for c in g.children.iter().filter(|c| c.by == By::Grade) {
        let n = ds(i, &c.group, "count");
        let share = ds(i, &c.group, "share");
        if let Some(s) = c.group.get("count").filter(|s| s.exact().is_some()) {
            let text = if share.is_empty() {
                n.text.clone()
            } else {
                format!("{}（{}）", n.text, share.text)
            };
            bars.push(count_bar(c.label.clone(), text, magnitude(&s.value)));
        }
        rows.push(vec![Datum::text(c.label.clone()), n, share]);
    }
    let total = vec![
        Datum::text(i.t("row_total")),
        ds(i, g, "count"),
        Datum::empty(),
    ];
    (rows, total, bars)
}
