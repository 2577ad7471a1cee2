//! The year's figure tables: each stated figure beside the one computed from the site's
//! records, with its reconciliation status, and the same tables as a data file. Built from
//! `&PublicSite` only. No I/O here.

mod computed;

use super::basis;
use super::cells::{MoneyScale, html};
use super::i18n::I18n;
use super::table::{ColType, Column, DataTable, Datum};
use crate::disclose::{PublicRegion, PublicYear};
use crate::figures::compute::Fig;
use crate::figures::reconcile::Status;
use crate::model::summary::{Group, Value};
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, Default)]
pub struct FigRow {
    /// The whole label, as the download has it: "其他 · 上级 · 数量".
    pub label: String,
    /// What the row header shows: the last breakdown and the measure ("上级 · 数量").
    pub shown: String,
    /// The breakdowns above it, read by screen readers before `shown` ("其他 · ").
    pub context: String,
    /// How deep in the breakdowns the row is: 0 for the group's own figures.
    pub depth: usize,
    /// A computed amount (分), so the table can show all its amounts in one unit.
    #[serde(skip)]
    pub fen: Option<i128>,
    pub stated: String,
    pub computed: String,
    pub status: &'static str,
    pub explanation: String,
    /// Plain values for the download: stated and computed, and what the computed sum leaves out.
    #[serde(skip)]
    pub data: [super::table::Datum; 2],
    /// The unit of the plain values: 万元, %, 项 or 分.
    #[serde(skip)]
    pub unit: String,
    /// "stated" when the body stated the figure (the computed value is its check), else
    /// "computed".
    #[serde(skip)]
    pub basis: &'static str,
    /// How the computed value covers what the body counts, when there is one.
    #[serde(skip)]
    pub covered: Option<basis::Covered>,
    /// The stated figure as the body wrote it ("0.14亿元", "约1600", "翻一番", "优秀").
    #[serde(skip)]
    pub written: String,
    /// A figure not written exactly: the interval its words give, in `unit` (open ends empty).
    #[serde(skip)]
    pub stated_bounds: (String, String),
}

#[derive(Debug, Clone, Serialize)]
pub struct FigTable {
    pub title: String,
    pub note_html: String,
    pub rows: Vec<FigRow>,
    /// A table of 其他核算数据 (figures the body did not state), shown collapsed.
    pub computed: bool,
}

/// A table's computed amounts in one exact unit (`cells::MoneyScale`); the stated column keeps
/// the body's words.
fn one_unit(i: &I18n, rows: &mut [FigRow]) {
    let scale = MoneyScale::of(i, rows.iter().filter_map(|r| r.fen));
    for r in rows.iter_mut() {
        if let Some(f) = r.fen {
            r.computed = scale.rewrite(i, &r.computed, &Money::from_fen(f));
        }
    }
}

/// A computed figure for display; a partial sum says what it leaves out.
pub fn computed_text(i: &I18n, f: &Fig) -> String {
    let v = value_text(i, &f.value);
    if f.missing == 0 {
        return v;
    }
    i.fill(
        "partial_total",
        &[("value", v), ("withheld", f.missing.to_string())],
    )
}

/// A stated figure as the body wrote it: its unit and decimals, and its words where it was not
/// written exactly ("约1600", "1600余", "40%-50%"; in English "about 1600", …).
pub fn stated_shown(i: &I18n, s: &crate::model::summary::Stated) -> String {
    match (s.exact(), i.lang) {
        // A grade as the body wrote it (优秀, 良好).
        (Some(Value::Grade(_)), Language::Zh) => s.text.trim().to_string(),
        (Some(v), _) => stated_text(i, v),
        (None, Language::Zh) => s.text.trim().to_string(),
        (None, _) => crate::model::form::english(s.text.trim(), &s.form),
    }
}

/// A stated figure as the body wrote it (its unit and decimals), in Chinese pages.
pub fn stated_text(i: &I18n, v: &Value) -> String {
    match v {
        Value::Count(n) => i.int(*n),
        _ => crate::figures::value_text(v, true, i.lang),
    }
}

pub fn value_text(i: &I18n, v: &Value) -> String {
    match v {
        Value::Money(m) => i.money(m),
        Value::Count(n) => i.int(*n),
        other => crate::figures::value_text(other, false, i.lang),
    }
}

pub(super) fn fig_label(i: &I18n, key: &str) -> String {
    i.t(&format!("fig_{key}"))
}

/// The figure tables of a year: every stated figure with its computed twin, then, collapsed,
/// the computed figures the body did not state (`computed`).
pub fn figure_tables(i: &I18n, r: &PublicRegion, y: &PublicYear) -> Vec<FigTable> {
    let mut tables = Vec::new();
    let mut stated_paths = std::collections::BTreeSet::new();
    if let Some(s) = &y.summary() {
        for (section, prefix, g) in s.sections() {
            let title = match section {
                crate::model::summary::Section::Monitoring => {
                    format!("{} · {}", i.t("section_monitoring"), g.label)
                }
                crate::model::summary::Section::Evaluations => {
                    format!("{} · {}", i.t("section_evaluations"), g.label)
                }
                other => i.t(&format!("section_{}", other.key())),
            };
            let mut rows = Vec::new();
            group_rows(i, y, &prefix, &[], g, &mut rows, &mut stated_paths);
            withheld_rows(i, r, y, &prefix, &mut rows, &mut stated_paths);
            let note_html = g.note.as_ref().map(|n| html(i, n)).unwrap_or_default();
            tables.push(FigTable {
                title,
                note_html,
                rows,
                computed: false,
            });
        }
    }
    tables.extend(computed::tables(i, r, y, &stated_paths));
    for t in &mut tables {
        one_unit(i, &mut t.rows);
    }
    tables
}

/// A computed figure as it may be shown. 不予公开 evaluations are stubs without a type, so any
/// of them may belong to any evaluation group: a group's sums leave them all out, and its count
/// of withheld reports cannot be computed from the public records.
pub(super) fn shown_fig(y: &PublicYear, path: &str) -> Option<Fig> {
    let f = y.figures().get(path)?;
    let Some(rest) = path.strip_prefix("evaluations.") else {
        return Some(f.clone());
    };
    let stubs = y
        .stubs()
        .iter()
        .filter(|s| s.kind() == Kind::Evaluation)
        .count();
    if stubs == 0 {
        return Some(f.clone());
    }
    if rest.ends_with(".withheld") {
        return None;
    }
    Some(Fig {
        value: f.value.clone(),
        missing: f.missing + stubs,
    })
}

/// The rows of a group's figures, of its comparisons with last year, then of the groups of its
/// breakdowns (indented under the group, named after it); `seen` gathers the figures' paths.
pub(super) fn group_rows(
    i: &I18n,
    y: &PublicYear,
    prefix: &str,
    crumbs: &[String],
    g: &Group,
    rows: &mut Vec<FigRow>,
    seen: &mut std::collections::BTreeSet<String>,
) {
    for s in &g.figures {
        let path = format!("{prefix}.{}", s.key);
        seen.insert(path.clone());
        rows.push(figure_row(i, y, &path, g, s).placed(crumbs, fig_label(i, s.key)));
    }
    for c in &g.changes {
        let measure = i.fill("fig_vs_last_year", &[("figure", fig_label(i, c.key))]);
        rows.push(change_row(i, y, prefix, c).placed(crumbs, measure));
    }
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        let mut under = crumbs.to_vec();
        under.push(c.label.clone());
        group_rows(i, y, &p, &under, &c.group, rows, seen);
    }
}

/// A stated figure's row, beside the figure computed from the public records where there is
/// one, with its reconciliation status.
fn figure_row(
    i: &I18n,
    y: &PublicYear,
    path: &str,
    g: &Group,
    s: &crate::model::summary::Stated,
) -> FigRow {
    let computed = shown_fig(y, path);
    let computed = computed.as_ref();
    let status = y.status().get(path).copied().unwrap_or(Status::Unchecked);
    let (status, explanation) = match (status, computed) {
        (Status::Agrees, _) => ("ok", String::new()),
        (Status::Differs, _) => ("mismatch", i.t("explain_mismatch")),
        (Status::Unchecked, _) if g.coverage == Coverage::Partial => {
            ("unchecked", i.t("explain_partial"))
        }
        (Status::Unchecked, _) => ("unchecked", String::new()),
        (Status::Withheld, _) => ("unchecked", i.t("explain_withheld")),
    };
    let covered = computed.map(|_| basis::coverage(y, path));
    let computed_shown = computed.map(|f| {
        let mut t = computed_text(i, f);
        if let Some(c) = covered.filter(|c| c.partial) {
            t.push_str(&basis::paren(i, c));
        }
        t
    });
    FigRow {
        fen: money_fen(computed),
        stated: stated_shown(i, s),
        computed: computed_shown.unwrap_or_default(),
        basis: basis::STATED,
        covered,
        status,
        explanation,
        data: [
            Datum::stated(i, s),
            computed.map(|f| Datum::computed(i, f)).unwrap_or_default(),
        ],
        unit: unit_of(i, &s.value),
        written: s.text.trim().to_string(),
        stated_bounds: stated_bounds(s),
        ..FigRow::default()
    }
}

/// The amount of a computed money figure, in 分.
fn money_fen(f: Option<&Fig>) -> Option<i128> {
    match f.map(|f| &f.value) {
        Some(Value::Money(m)) => Some(m.fen),
        _ => None,
    }
}

impl FigRow {
    /// The row named under the breakdowns `crumbs` ("其他", "上级") with its `measure`: the
    /// whole label for the download, the last breakdown and the measure for the page, the rest
    /// for screen readers, indented one step per breakdown.
    fn placed<S: AsRef<str>>(mut self, crumbs: &[S], measure: String) -> FigRow {
        let names: Vec<&str> = crumbs.iter().map(AsRef::as_ref).collect();
        self.label = names.iter().map(|n| format!("{n} · ")).collect::<String>() + &measure;
        self.shown = match names.last() {
            Some(last) => format!("{last} · {measure}"),
            None => measure,
        };
        self.context = names[..names.len().saturating_sub(1)]
            .iter()
            .map(|n| format!("{n} · "))
            .collect();
        self.depth = names.len();
        self
    }
}

/// A comparison with last year's row, marked where a finding contradicts it.
fn change_row(i: &I18n, y: &PublicYear, prefix: &str, c: &crate::model::summary::Change) -> FigRow {
    let path = format!("{prefix}.vs_last_year.{}", c.key);
    let contradicted = y.findings().iter().any(|f| f.paths.contains(&path));
    let (status, explanation) = if contradicted {
        ("mismatch", i.t("explain_mismatch"))
    } else {
        ("unchecked", String::new())
    };
    let shown = change_text(i, &c.written);
    FigRow {
        stated: shown.clone(),
        computed: String::new(),
        basis: basis::STATED,
        covered: None,
        status,
        explanation,
        data: [
            Datum {
                raw: String::new(),
                ..Datum::text(shown)
            },
            Datum::empty(),
        ],
        unit: String::new(),
        written: c.written.clone(),
        ..FigRow::default()
    }
}

/// A figure not written exactly: the ends of the interval its words give, in the unit of its
/// plain value (万元 for money, percent points, counts); an open end is empty.
pub(super) fn stated_bounds(s: &crate::model::summary::Stated) -> (String, String) {
    if s.exact().is_some() {
        return Default::default();
    }
    let b = s.bounds();
    let show = |d: Option<crate::model::Decimal>| -> String {
        let Some(d) = d else { return String::new() };
        match &s.value {
            Value::Money(_) => d
                .div(crate::model::Decimal::from_int(1_000_000), 6)
                .map(|w| w.normalized().to_string())
                .unwrap_or_default(),
            _ => d.normalized().to_string(),
        }
    };
    let lo = if matches!(s.value, Value::Percent(_)) || b.lo.is_some_and(|d| !d.is_zero()) {
        show(b.lo)
    } else {
        // Counts and amounts are never below 0: an open lower end is 0.
        "0".to_string()
    };
    (lo, show(b.hi))
}

/// A comparison with last year as the body wrote it; in English, in words.
pub(super) fn change_text(i: &I18n, written: &str) -> String {
    use crate::model::words::{Words, parse_words};
    if i.lang == Language::Zh {
        return written.to_string();
    }
    match parse_words(written) {
        Some(Words::Times(2)) => "doubled".into(),
        Some(Words::Times(k)) => format!("{k} times"),
        Some(Words::Flat) => "flat".into(),
        Some(Words::Signed(up, rest)) => format!(
            "{} {}",
            if up { "up" } else { "down" },
            crate::model::form::english_words(&rest)
        ),
        None => written.to_string(),
    }
}

/// Stated totals left out because they would reveal a withheld value: the public part only,
/// where the public records give one. A suppressed figure without a public part is not listed
/// at all: its label (a grade, a conclusion, an evaluation type) would say that the body stated
/// it, and so that a withheld record may be of that category.
pub(super) fn withheld_rows(
    i: &I18n,
    r: &PublicRegion,
    y: &PublicYear,
    prefix: &str,
    rows: &mut Vec<FigRow>,
    seen: &mut std::collections::BTreeSet<String>,
) {
    for path in y
        .suppressed()
        .iter()
        .filter(|p| p.starts_with(&format!("{prefix}.")))
    {
        seen.insert(path.clone());
        let fig = shown_fig(y, path);
        if fig.is_none() {
            continue;
        }
        let Some((crumbs, measure)) = computed::crumbs(i, r, path) else {
            continue;
        };
        let row = FigRow {
            fen: money_fen(fig.as_ref()),
            stated: String::new(),
            computed: fig
                .as_ref()
                .map(|f| computed_text(i, f))
                .unwrap_or_default(),
            status: "withheld_total",
            explanation: i.t("explain_withheld_total"),
            data: [
                Datum::empty(),
                fig.as_ref()
                    .map(|f| Datum::computed(i, f))
                    .unwrap_or_else(Datum::empty),
            ],
            unit: fig
                .as_ref()
                .map(|f| unit_of(i, &f.value))
                .unwrap_or_default(),
            basis: basis::COMPUTED,
            covered: Some(basis::coverage(y, path)),
            ..FigRow::default()
        };
        let mut row = row.placed(&crumbs, measure);
        row.label = format!(
            "{} · {}",
            i.t(&format!("section_{}", path.split('.').next().unwrap_or(""))),
            row.label
        );
        rows.push(row);
    }
}

/// The unit of a figure's plain value in downloads.
pub(super) fn unit_of(i: &I18n, v: &Value) -> String {
    i.t(match v {
        Value::Count(_) => "data_unit_count",
        Value::Money(_) => "data_unit_money",
        Value::Percent(_) => "data_unit_percent",
        Value::Score(_) => "data_unit_score",
        Value::Grade(_) => "data_unit_grade",
    })
}

/// Every figure table of a year as one download: section, item, stated, computed, status.
pub fn figures_data(i: &I18n, r: &PublicRegion, y: &PublicYear, tables: &[FigTable]) -> DataTable {
    let columns = vec![
        Column::new("section", i.t("data_section"), ColType::Text),
        Column::new("item", i.t("item"), ColType::Text),
        Column::new("stated", i.t("stated"), ColType::Number),
        Column::new("computed", i.t("computed"), ColType::Number),
        Column::new("unit", i.t("unit"), ColType::Text),
        Column::new("status", i.t("check_status"), ColType::Text),
        Column::new("basis", i.t("data_basis"), ColType::Text),
        Column::new(
            "computed_records",
            i.t("data_computed_records"),
            ColType::Integer,
        ),
        Column::new(
            "computed_coverage",
            i.t("data_computed_coverage"),
            ColType::Text,
        ),
        Column::new(
            "stated_as_written",
            i.t("data_stated_as_written"),
            ColType::Text,
        ),
        Column::new("stated_low", i.t("data_stated_low"), ColType::Number),
        Column::new("stated_high", i.t("data_stated_high"), ColType::Number),
    ];
    let rows = tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().map(|row| {
                let status = match row.status {
                    "ok" => i.t("status_ok"),
                    "mismatch" => i.t("status_mismatch"),
                    "computed" => i.t("status_computed"),
                    _ => i.t("status_not_checked"),
                };
                vec![
                    Datum::text(t.title.clone()),
                    Datum::text(row.label.clone()),
                    row.data[0].clone(),
                    row.data[1].clone(),
                    Datum::text(row.unit.clone()),
                    Datum::text(status),
                    Datum::text(row.basis),
                    row.covered
                        .map(|c| Datum::count(c.records as u64))
                        .unwrap_or_default(),
                    Datum::text(match row.covered {
                        Some(c) if c.partial => "partial",
                        Some(_) => "complete",
                        None => "",
                    }),
                    Datum::text(row.written.clone()),
                    Datum::text(row.stated_bounds.0.clone()),
                    Datum::text(row.stated_bounds.1.clone()),
                ]
            })
        })
        .collect();
    DataTable {
        file: format!("data/{}/{}/figures", r.id(), y.year()),
        caption: format!("{} {} · {}", r.name(), i.year(y.year()), i.t("figures")),
        columns,
        rows,
        totals: 0,
    }
}
