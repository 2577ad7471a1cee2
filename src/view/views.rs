//! View models of the site-level pages: home, region, year dashboard, withheld register (the
//! year's figure tables are in `figure_tables`).
//!
//! Built from `&PublicSite` only. Figures are shown stated beside computed; a computed sum
//! that leaves out withheld values says so ("公开部分合计 X，另有 N 项不予公开"). No I/O here.

use super::basis;
use super::cells::Cell;
use super::figure_tables::{computed_text, stated_shown, value_text};
use super::i18n::I18n;
use crate::disclose::{PublicRegion, PublicSite, PublicYear};
use crate::model::summary::Value;
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LabelValue {
    pub label: String,
    pub value: String,
    /// What the figure includes, shown as a tooltip; empty when the label says it all.
    pub hint: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindLink {
    pub label: String,
    pub url: String,
    pub total: usize,
    pub withheld: usize,
    pub summary: String,
}

pub fn region_url(r: &PublicRegion) -> String {
    format!("{}/", r.id())
}

pub fn year_url(r: &PublicRegion, y: i32) -> String {
    format!("{}/{y}/", r.id())
}

pub fn list_url(r: &PublicRegion, y: i32, k: Kind) -> String {
    format!("{}/{y}/{}/", r.id(), k.folder())
}

pub fn record_url(r: &PublicRegion, y: i32, k: Kind, id: &str) -> String {
    format!("{}/{y}/{}/{id}/", r.id(), k.folder())
}

/// A download under `/data/`, without extension: `data/bozhou/2024/goals`.
pub fn data_file(r: &PublicRegion, y: i32, stem: &str) -> String {
    format!("data/{}/{y}/{stem}", r.id())
}

/// "共 N 项，其中 M 项不予公开" (or without the second half when nothing is withheld).
pub fn count_summary(i: &I18n, total: usize, withheld: usize) -> String {
    let args = [
        ("total", total.to_string()),
        ("withheld", withheld.to_string()),
    ];
    if withheld == 0 {
        i.fill("count_summary_plain", &args)
    } else {
        i.fill("count_summary", &args)
    }
}

/// Whether a record is unit-wide (部门整体): counted apart from project records.
fn unit_wide(r: &Record) -> bool {
    match &r.data {
        RecordData::Goal(g) => g.scope == Scope::Unit,
        RecordData::Monitoring(m) => m.scope == Scope::Unit,
        RecordData::SelfEvaluation(s) => s.scope == Scope::Unit,
        _ => false,
    }
}

/// The one count of a kind's records in a year, as every page states it: all records listed
/// (public ones and 不予公开 stubs), saying how many are withheld and how many of the public
/// ones are 部门整体 — so the project count of the headline cards is the rest.
pub fn kind_summary(i: &I18n, y: &PublicYear, k: Kind) -> String {
    let shown = y.records().iter().filter(|p| p.record().kind == k).count();
    let withheld = y.stubs().iter().filter(|s| s.kind() == k).count();
    let units = y
        .records()
        .iter()
        .filter(|p| p.record().kind == k && unit_wide(p.record()))
        .count();
    let mut text = count_summary(i, shown + withheld, withheld);
    if units > 0 {
        text.push_str(&i.fill("count_units_suffix", &[("units", units.to_string())]));
    }
    text.push_str(&partial_note(i, y, k));
    text
}

/// Where the records of kind `k` are a part of what the body states, says so after the count
/// of records on the site, with the body's own count where one figure gives it; else empty.
pub fn partial_note(i: &I18n, y: &PublicYear, k: Kind) -> String {
    if !basis::kind_partial(y, k) {
        return String::new();
    }
    match basis::stated_count(y, k) {
        Some(n) => i.fill("count_partial_stated", &[("stated", i.int(n))]),
        None => i.t("count_partial"),
    }
}

/// Record kinds present in a year, with their counts.
pub fn kinds(i: &I18n, r: &PublicRegion, y: &PublicYear) -> Vec<KindLink> {
    Kind::ALL
        .iter()
        .filter_map(|k| {
            let shown = y.records().iter().filter(|p| p.record().kind == *k).count();
            let withheld = y.stubs().iter().filter(|s| s.kind() == *k).count();
            let total = shown + withheld;
            (total > 0).then(|| KindLink {
                label: i.kind(*k),
                url: list_url(r, y.year(), *k),
                total,
                withheld,
                summary: kind_summary(i, y, *k),
            })
        })
        .collect()
}

/// A headline figure of a year's card: the body's stated figure where it states one, else the
/// one computed from the site's records; each says which (`basis`, `basis_text`). Where records
/// are partial, the computation is shown beside the stated figure (`beside`), never in its place.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub label: String,
    pub value: String,
    /// What the figure includes, shown as a tooltip.
    pub hint: String,
    /// "stated" or "computed".
    pub basis: &'static str,
    /// "本单位公布", "据本站记录计算" or "据本站 N 条记录计算".
    pub basis_text: String,
    /// The partial computation beside a stated figure: "据本站 N 条记录计算：X"; else empty.
    pub beside: String,
}

/// Headline figures of a year for cards. Each has one definition, the same as summary.yaml's
/// key of that path, said in its hint: goals and self-evaluations count projects (部门整体
/// records are counted apart, see [`kind_summary`]); ex-ante assessments and evaluations count
/// every record, 不予公开 ones included. A stated figure is the headline; a computed one only
/// where the body states none, labelled as computed (with its record count when partial).
pub fn headline(i: &I18n, y: &PublicYear) -> Vec<Headline> {
    let mut out = Vec::new();
    for (path, key) in [
        ("goals.count", "headline_goals"),
        ("goals.funds", "headline_goal_funds"),
        ("ex_ante.count", "headline_ex_ante"),
        ("self_evaluations.count", "headline_self_evaluations"),
    ] {
        let stated = y
            .summary()
            .as_ref()
            .and_then(|s| s.figure(path))
            .map(|f| stated_shown(i, f));
        // A count includes the 不予公开 records: it is whole, never "公开部分合计".
        let computed = y.figures().get(path).map(|f| {
            let text = match f.value {
                Value::Count(_) => value_text(i, &f.value),
                _ => computed_text(i, f),
            };
            (text, basis::coverage(y, path))
        });
        if let Some(h) = one_headline(i, key, stated, computed) {
            out.push(h);
        }
    }
    let evals = basis::listed(y, Kind::Evaluation);
    let stated = basis::stated_count(y, Kind::Evaluation).map(|n| i.int(n));
    let computed = (evals > 0).then(|| {
        let partial = basis::kind_partial(y, Kind::Evaluation);
        let c = basis::Covered {
            records: evals,
            partial,
        };
        (i.int(evals as u64), c)
    });
    if let Some(h) = one_headline(i, "headline_evaluations", stated, computed) {
        out.push(h);
    }
    out
}

fn one_headline(
    i: &I18n,
    key: &str,
    stated: Option<String>,
    computed: Option<(String, basis::Covered)>,
) -> Option<Headline> {
    let (label, hint) = (i.t(key), i.t(&format!("{key}_hint")));
    match (stated, computed) {
        (Some(value), computed) => Some(Headline {
            label,
            value,
            hint,
            basis: basis::STATED,
            basis_text: basis::stated_label(i),
            beside: computed
                .filter(|(_, c)| c.partial)
                .map(|(v, c)| format!("{}{}{v}", basis::computed_label(i, c), i.t("colon")))
                .unwrap_or_default(),
        }),
        (None, Some((value, c))) => Some(Headline {
            label,
            value,
            hint,
            basis: basis::COMPUTED,
            basis_text: basis::computed_label(i, c),
            beside: String::new(),
        }),
        (None, None) => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct WithheldEntry {
    pub title: String,
    pub kind: String,
    pub region: String,
    pub year: i32,
    pub reason: String,
    pub note: String,
    pub url: String,
    /// What the register's views sort and filter by: the body's id, the kind, the reason.
    #[serde(skip)]
    pub at: (String, Kind, Option<Reason>),
}

#[derive(Debug, Clone, Serialize)]
pub struct PartialEntry {
    pub title: Cell,
    pub url: String,
    pub kind: String,
    pub region: String,
    pub year: i32,
    pub fields: usize,
    pub passages: usize,
    #[serde(skip)]
    pub at: (String, Kind, Option<Reason>),
}

/// The withheld register: every 不予公开 stub, and every page with withheld fields or passages.
pub fn register(i: &I18n, site: &PublicSite) -> (Vec<WithheldEntry>, Vec<PartialEntry>) {
    let mut entries = Vec::new();
    let mut partial = Vec::new();
    for r in site.regions() {
        for y in r.years() {
            for s in y.stubs() {
                entries.push(WithheldEntry {
                    title: s.title().to_string(),
                    kind: i.kind(s.kind()),
                    region: r.name().to_string(),
                    year: y.year(),
                    reason: i.reason(s.reason()),
                    note: s
                        .note()
                        .as_ref()
                        .map(|n| super::cells::plain(i, n))
                        .unwrap_or_default(),
                    url: list_url(r, y.year(), s.kind()),
                    at: (r.id().to_string(), s.kind(), Some(s.reason())),
                });
            }
            for p in y
                .records()
                .iter()
                .filter(|p| p.withheld_fields() + p.withheld_passages() > 0)
            {
                partial.push(PartialEntry {
                    title: super::records::title(i, r, p.record()),
                    url: record_url(r, y.year(), p.record().kind, &p.record().id),
                    kind: i.kind(p.record().kind),
                    region: r.name().to_string(),
                    year: y.year(),
                    fields: p.withheld_fields(),
                    passages: p.withheld_passages(),
                    at: (r.id().to_string(), p.record().kind, None),
                });
            }
        }
    }
    (entries, partial)
}
