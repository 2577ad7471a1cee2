//! Sorting and filtering the per-kind lists without JavaScript: a small, fixed set of views of
//! each list, each its own page, linked from the list's header.
//!
//! A view is either a sort (资金总额从高到低, …) or a filter on one facet (unit, monitoring node,
//! flag, grade, conclusion, evaluation type) with a value that occurs in the list. Views live
//! beside the records as `…/goals/_sort_funds/` and `…/goals/_unit_jtj/`: the `_` cannot start a
//! record id, so a view never collides with a record's page. Filters are offered only for a
//! facet with at least two values, so the number of pages stays bounded by the number of units
//! and a few small vocabularies. 不予公开 stubs have no facets: they stay at the end of the full
//! list and of every sort, and are left out of filtered views (which say so). Rows also carry
//! sort keys for the script that sorts a table in place. No I/O here.

use super::cells::Cell;
use super::i18n::I18n;
use super::records;
use super::views;
use crate::disclose::{PublicRecord, PublicRegion, PublicYear};
use crate::figures::score;
use crate::model::*;
use serde::Serialize;

pub mod totals;

/// A sort key of a cell: numbers sort as numbers; an empty or withheld cell sorts last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Key {
    Num(i128),
    Text(String),
}

/// One row of a list: a record, or a stub (no url, no facets).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub url: String,
    /// The page of the row's unit, linked from its unit column; empty when none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unit_url: String,
    pub cells: Vec<Cell>,
    /// One per column; `None` where the cell is empty or withheld.
    pub keys: Vec<Option<Key>>,
    #[serde(skip)]
    pub facets: Vec<(Facet, String)>,
    pub stub: Option<StubView>,
    /// A 部门整体 record (its funds are a unit's, not a project's); never set for a stub.
    #[serde(skip)]
    pub unit_wide: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StubView {
    pub title: String,
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facet {
    Unit,
    Node,
    Flag,
    Grade,
    Conclusion,
    Type,
    /// The withheld register's facets: the body, the year, the kind, the reason.
    Region,
    Year,
    Kind,
    Reason,
}

impl Facet {
    fn slug(self) -> &'static str {
        match self {
            Facet::Unit => "unit",
            Facet::Node => "node",
            Facet::Flag => "flag",
            Facet::Grade => "grade",
            Facet::Conclusion => "conclusion",
            Facet::Type => "type",
            Facet::Region => "region",
            Facet::Year => "year",
            Facet::Kind => "kind",
            Facet::Reason => "reason",
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            Facet::Unit => "field_unit",
            Facet::Node => "field_node",
            Facet::Flag => "field_flag",
            Facet::Grade => "field_grade",
            Facet::Conclusion => "field_conclusion",
            Facet::Type => "field_type",
            Facet::Region => "region",
            Facet::Year => "year",
            Facet::Kind => "kind",
            Facet::Reason => "reason",
        }
    }

    /// The facet's name in the page's language: 单位, 年度.
    pub fn label(self, i: &I18n) -> String {
        i.t(self.label_key())
    }
}

/// A sort of a kind's list: its url slug, its column, whether largest first, and its label.
pub struct Sort {
    pub slug: &'static str,
    pub col: usize,
    pub desc: bool,
    pub label_key: &'static str,
}

const fn s(slug: &'static str, col: usize, desc: bool, label_key: &'static str) -> Sort {
    Sort {
        slug,
        col,
        desc,
        label_key,
    }
}

const GOAL_SORTS: &[Sort] = &[s("funds", 2, true, "sort_funds_desc")];
const EX_ANTE_SORTS: &[Sort] = &[
    s("requested", 2, true, "sort_requested_desc"),
    s("approved", 3, true, "sort_approved_desc"),
];
const MONITORING_SORTS: &[Sort] = &[
    s("budget", 2, true, "sort_budget_desc"),
    s("rate", 4, false, "sort_rate_asc"),
];
const SELF_EVALUATION_SORTS: &[Sort] = &[
    s("funds", 2, true, "sort_funds_desc"),
    s("score", 4, false, "sort_score_asc"),
];
const EVALUATION_SORTS: &[Sort] = &[
    s("funds", 2, true, "sort_funds_desc"),
    s("score", 3, false, "sort_score_asc"),
    s("date", 5, true, "sort_date_desc"),
];

/// The sorts offered for each kind (columns as in `records::list_columns`).
pub fn sorts(k: Kind) -> &'static [Sort] {
    match k {
        Kind::Goal => GOAL_SORTS,
        Kind::ExAnte => EX_ANTE_SORTS,
        Kind::Monitoring => MONITORING_SORTS,
        Kind::SelfEvaluation => SELF_EVALUATION_SORTS,
        Kind::Evaluation => EVALUATION_SORTS,
    }
}

/// A view of a list: a sort or a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Sort(usize),
    Filter(Facet, String),
}

impl View {
    /// The folder of the view under the list: `_sort_funds`, `_unit_jtj`.
    pub fn slug(&self, k: Kind) -> String {
        self.slug_in(sorts(k))
    }

    /// The folder of the view of a list whose sorts are `sorts`.
    pub fn slug_in(&self, sorts: &[Sort]) -> String {
        match self {
            View::Sort(n) => format!("_sort_{}", sorts[*n].slug),
            View::Filter(f, v) => format!("_{}_{v}", f.slug()),
        }
    }

    pub fn url(&self, r: &PublicRegion, y: i32, k: Kind) -> String {
        format!("{}{}/", views::list_url(r, y, k), self.slug(k))
    }

    /// What the view shows: "资金总额从高到低", "单位：水利局".
    pub fn label(&self, i: &I18n, r: &PublicRegion, k: Kind) -> String {
        match self {
            View::Sort(n) => i.t(sorts(k)[*n].label_key),
            View::Filter(f, v) => format!(
                "{}{}{}",
                i.t(f.label_key()),
                i.t("colon"),
                self.value_label(i, r, *f, v)
            ),
        }
    }

    fn value_label(&self, i: &I18n, r: &PublicRegion, f: Facet, v: &str) -> String {
        facet_label(i, r, f, v)
    }

    /// The filter's facet name and value name, for grouping links.
    pub fn facet(&self, i: &I18n, r: &PublicRegion) -> Option<(String, String)> {
        match self {
            View::Sort(_) => None,
            View::Filter(f, v) => Some((i.t(f.label_key()), facet_label(i, r, *f, v))),
        }
    }
}

fn money_key(m: &Pub<Money>) -> Option<Key> {
    m.shown().map(|m| Key::Num(m.fen))
}

fn hundredths(d: Decimal) -> Key {
    let r = d.round(2);
    Key::Num(r.mantissa * 10i128.pow(2 - r.scale.min(2)))
}

fn rate_key(part: &Pub<Money>, whole: &Pub<Money>) -> Option<Key> {
    let (p, w) = (part.shown()?, whole.shown()?);
    value::percent_of(p.fen, w.fen, 2).map(hundredths)
}

fn text_key(c: &Cell) -> Option<Key> {
    (!c.text.is_empty()).then(|| Key::Text(c.text.clone()))
}

fn opt_num(v: &Option<Pub<Decimal>>) -> Option<Key> {
    v.as_ref().and_then(|p| p.shown()).map(|d| hundredths(*d))
}

/// Sort keys of a record's list cells, column by column.
fn keys(cells: &[Cell], rec: &Record) -> Vec<Option<Key>> {
    let mut k: Vec<Option<Key>> = cells.iter().map(text_key).collect();
    let mut set = |n: usize, v: Option<Key>| {
        if let Some(slot) = k.get_mut(n) {
            *slot = v;
        }
    };
    match &rec.data {
        RecordData::Goal(g) => {
            set(2, money_key(&g.total));
            set(3, Some(Key::Num(g.indicators.len() as i128)));
        }
        RecordData::ExAnte(e) => {
            set(2, money_key(&e.requested));
            set(3, money_key(&e.approved));
        }
        RecordData::Monitoring(m) => {
            set(2, money_key(&m.budget));
            set(3, money_key(&m.executed));
            set(4, rate_key(&m.executed, &m.budget));
        }
        RecordData::SelfEvaluation(s) => {
            set(2, money_key(&s.adjusted));
            set(3, money_key(&s.executed));
            set(4, opt_num(&s.score));
        }
        RecordData::Evaluation(e) => {
            set(2, money_key(&e.funds));
            set(3, opt_num(&e.score));
            set(5, e.published_on.map(|d| Key::Text(d.to_string())));
        }
    }
    k
}

/// The facets of a record: (facet, url value).
fn facets(rec: &Record) -> Vec<(Facet, String)> {
    let unit = |u: &str| (Facet::Unit, u.to_string());
    let mut v = Vec::new();
    match &rec.data {
        RecordData::Goal(g) => v.push(unit(&g.unit)),
        RecordData::ExAnte(e) => {
            v.push(unit(&e.unit));
            if let Pub::Shown(c) = &e.conclusion {
                v.push((Facet::Conclusion, c.en().to_string()));
            }
        }
        RecordData::Monitoring(m) => {
            v.push(unit(&m.unit));
            v.push((Facet::Node, m.node.to_string()));
            if let Some(Pub::Shown(f)) = &m.flag {
                v.push((Facet::Flag, f.en().to_string()));
            }
        }
        RecordData::SelfEvaluation(s) => {
            v.push(unit(&s.unit));
            if let Some(Pub::Shown(g)) = score::self_evaluation_grade(s) {
                v.push((Facet::Grade, g.en().to_string()));
            }
        }
        RecordData::Evaluation(e) => {
            v.push((Facet::Type, e.eval_type.en().to_string()));
            if let Some(u) = &e.unit {
                v.push(unit(u));
            }
        }
    }
    v
}

fn vocab_label<T: Copy>(
    i: &I18n,
    all: &[T],
    value: &str,
    zh: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> String {
    all.iter()
        .find(|v| en(**v) == value)
        .map(|v| i.name(zh(*v), en(*v)))
        .unwrap_or_else(|| value.to_string())
}

/// The label of a facet value: a unit's name, a node, or a vocabulary name.
fn facet_label(i: &I18n, r: &PublicRegion, f: Facet, value: &str) -> String {
    match f {
        Facet::Unit => r.unit_name(value),
        _ => value_label(i, f, value),
    }
}

/// The label of a facet value that needs no body to name it: a vocabulary name, a kind, a
/// year; a unit or a body is its id here (their names are the body's, `facet_label`).
pub fn value_label(i: &I18n, f: Facet, value: &str) -> String {
    match f {
        Facet::Unit | Facet::Node | Facet::Region => value.to_string(),
        Facet::Flag => vocab_label(i, Flag::ALL, value, Flag::zh, Flag::en),
        Facet::Grade => vocab_label(i, Grade::ALL, value, Grade::zh, Grade::en),
        Facet::Conclusion => vocab_label(i, Conclusion::ALL, value, Conclusion::zh, Conclusion::en),
        Facet::Type => vocab_label(i, EvalType::ALL, value, EvalType::zh, EvalType::en),
        Facet::Reason => vocab_label(i, Reason::ALL, value, Reason::zh, Reason::en),
        Facet::Kind => Kind::from_folder(value).map_or_else(|| value.to_string(), |k| i.kind(k)),
        Facet::Year => value
            .parse()
            .map_or_else(|_| value.to_string(), |y| i.year(y)),
    }
}

fn record_row(i: &I18n, r: &PublicRegion, y: i32, p: &PublicRecord, typed: bool) -> Row {
    let rec = p.record();
    let mut cells = records::list_cells(i, r, rec);
    let mut keys = keys(&cells, rec);
    if typed {
        let t = Cell::text(scope_name(i, scope(rec)));
        keys.push(text_key(&t));
        cells.push(t);
    }
    Row {
        url: views::record_url(r, y, rec.kind, &rec.id),
        unit_url: super::projects::record_unit(rec)
            .filter(|u| r.units().iter().any(|x| x.id == *u))
            .map(|u| super::projects::unit_url(r, u))
            .unwrap_or_default(),
        keys,
        cells,
        facets: facets(rec),
        stub: None,
        unit_wide: scope(rec) == Scope::Unit,
    }
}

/// Whether a record is a project's or a whole unit's (部门整体); kinds without one are projects.
fn scope(rec: &Record) -> Scope {
    match &rec.data {
        RecordData::Goal(g) => g.scope,
        RecordData::Monitoring(m) => m.scope,
        RecordData::SelfEvaluation(s) => s.scope,
        _ => Scope::Project,
    }
}

fn scope_name(i: &I18n, s: Scope) -> String {
    i.t(match s {
        Scope::Unit => "scope_unit",
        _ => "scope_project",
    })
}

/// Whether a kind's list has a type column (项目 / 部门整体): where 部门整体 records share the
/// list with projects, their funds would otherwise read as one more project's.
pub fn typed(y: &PublicYear, k: Kind) -> bool {
    y.records()
        .iter()
        .any(|p| p.record().kind == k && scope(p.record()) == Scope::Unit)
}

/// The views of a kind's list: its sorts, then a filter for each value of each facet that
/// has at least two values among the public records.
pub fn views_of(y: &PublicYear, k: Kind) -> Vec<View> {
    let values: Vec<(Facet, String)> = y
        .records()
        .iter()
        .filter(|p| p.record().kind == k)
        .flat_map(|p| facets(p.record()))
        .collect();
    views_in(
        sorts(k),
        &[
            Facet::Unit,
            Facet::Node,
            Facet::Flag,
            Facet::Grade,
            Facet::Conclusion,
            Facet::Type,
        ],
        values,
    )
}

/// The views of a list with `sorts`: each sort, then a filter for each value of each of
/// `facets` (in that order) that has at least two values among `values`.
pub fn views_in(sorts: &[Sort], facets: &[Facet], mut values: Vec<(Facet, String)>) -> Vec<View> {
    values.sort();
    values.dedup();
    let mut views: Vec<View> = (0..sorts.len()).map(View::Sort).collect();
    for f in facets.iter().copied() {
        let of: Vec<&(Facet, String)> = values.iter().filter(|v| v.0 == f).collect();
        if of.len() >= 2 {
            views.extend(of.into_iter().map(|(f, v)| View::Filter(*f, v.clone())));
        }
    }
    views
}

/// The rows of a kind's list: records by name in pinyin order (a record whose title is
/// withheld after them, by id), then stubs by title; amounts in one unit.
pub fn rows(i: &I18n, r: &PublicRegion, y: &PublicYear, k: Kind) -> Vec<Row> {
    let typed = typed(y, k);
    let mut rows: Vec<Row> = y
        .records()
        .iter()
        .filter(|p| p.record().kind == k)
        .map(|p| record_row(i, r, y.year(), p, typed))
        .collect();
    rows.sort_by(|a, b| by_name(&a.cells[0], &b.cells[0]));
    totals::one_unit(i, k, &mut rows);
    let columns = records::list_columns(i, k).len() + usize::from(typed);
    for s in y.stubs().iter().filter(|s| s.kind() == k) {
        let note = s
            .note()
            .as_ref()
            .map(|n| super::cells::plain(i, n))
            .unwrap_or_default();
        rows.push(Row {
            url: String::new(),
            unit_url: String::new(),
            cells: vec![Cell::text(s.title().to_string())],
            keys: vec![None; columns],
            facets: Vec::new(),
            unit_wide: false,
            stub: Some(StubView {
                title: s.title().to_string(),
                reason: i.reason(s.reason()),
                note,
            }),
        });
    }
    let first_stub = rows
        .iter()
        .position(|r| r.stub.is_some())
        .unwrap_or(rows.len());
    rows[first_stub..].sort_by(|a, b| by_name(&a.cells[0], &b.cells[0]));
    rows
}

/// Two title cells in pinyin order; a withheld title after every shown one (the sort is
/// stable, so those keep their order by id).
fn by_name(a: &Cell, b: &Cell) -> std::cmp::Ordering {
    match (a.withheld.is_empty(), b.withheld.is_empty()) {
        (true, true) => super::collate::cmp(&a.text, &b.text),
        (x, y) => y.cmp(&x),
    }
}

/// The rows of a view: sorted (stubs last, empty cells after the others), or filtered.
pub fn apply(view: &View, k: Kind, rows: &[Row]) -> Vec<Row> {
    apply_in(view, sorts(k), rows)
}

/// Two sort keys: numbers by value, names in pinyin order (`collate`).
fn cmp_key(a: &Key, b: &Key) -> std::cmp::Ordering {
    match (a, b) {
        (Key::Text(x), Key::Text(y)) => super::collate::cmp(x, y),
        _ => a.cmp(b),
    }
}

/// The rows of a view of a list whose sorts are `sorts`.
pub fn apply_in(view: &View, sorts: &[Sort], rows: &[Row]) -> Vec<Row> {
    match view {
        View::Sort(n) => {
            let sort = &sorts[*n];
            let mut v: Vec<Row> = rows.to_vec();
            v.sort_by(|a, b| {
                fn key(r: &Row, col: usize) -> Option<&Key> {
                    r.keys.get(col).and_then(Option::as_ref)
                }
                match (key(a, sort.col), key(b, sort.col)) {
                    (Some(x), Some(y)) if sort.desc => cmp_key(y, x),
                    (Some(x), Some(y)) => cmp_key(x, y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            });
            v
        }
        View::Filter(f, value) => rows
            .iter()
            .filter(|r| r.facets.iter().any(|(a, b)| a == f && b == value))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(url: &str, key: Option<i128>, facets: &[(Facet, &str)]) -> Row {
        Row {
            url: url.into(),
            unit_url: String::new(),
            cells: Vec::new(),
            keys: vec![None, None, key.map(Key::Num)],
            facets: facets.iter().map(|(f, v)| (*f, v.to_string())).collect(),
            stub: None,
            unit_wide: false,
        }
    }

    #[test]
    fn sorting_puts_empty_cells_and_stubs_last_and_keeps_ties_in_order() {
        let rows = vec![
            row("a", Some(5), &[]),
            row("b", None, &[]),
            row("c", Some(9), &[]),
            row("d", Some(5), &[]),
        ];
        let urls = |v: Vec<Row>| v.into_iter().map(|r| r.url).collect::<Vec<_>>();
        assert_eq!(
            urls(apply(&View::Sort(0), Kind::Goal, &rows)),
            ["c", "a", "d", "b"]
        );
        assert_eq!(
            urls(apply(&View::Sort(1), Kind::Monitoring, &{
                let mut r = rows.clone();
                for x in &mut r {
                    x.keys.extend([None, x.keys[2].clone()]);
                }
                r
            })),
            ["a", "d", "c", "b"]
        );
    }

    #[test]
    fn filters_keep_matching_records_only() {
        let rows = vec![
            row("a", None, &[(Facet::Unit, "jtj")]),
            row("b", None, &[(Facet::Unit, "slj")]),
            row("stub", None, &[]),
        ];
        let v = View::Filter(Facet::Unit, "slj".into());
        let out = apply(&v, Kind::Goal, &rows);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].url, "b");
        assert_eq!(v.slug(Kind::Goal), "_unit_slj");
        assert_eq!(View::Sort(0).slug(Kind::Evaluation), "_sort_funds");
    }
}
