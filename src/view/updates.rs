//! Updates: what the site published, newest first, for the home page's "latest updates" and
//! the Atom feed.
//!
//! Each year's disclosure page and each public evaluation report is an [`Update`], dated only
//! by a date the author wrote: the year's `published_on` (`_index.md` front matter or
//! summary.yaml), else the latest `published_on` of its public records; without one it is
//! undated, never dated by the build or the end of the fiscal year. Never the wall clock, so
//! the same input gives the same bytes. Other sources of updates (a change log between publications) can add entries of the
//! same shape before [`latest`] sorts and bounds them. Built from `&PublicSite` only.

use super::i18n::I18n;
use super::records;
use super::views;
use crate::disclose::{PublicRegion, PublicSite, PublicYear};
use crate::model::*;
use chrono::NaiveDate;
use serde::Serialize;

/// One update: a page of the site and when it was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Update {
    /// The page, relative to the site's root: `bozhou/2024/evaluations/x/`.
    pub url: String,
    pub title: String,
    pub summary: String,
    /// What kind of page: 绩效评价, 年度信息, …
    pub category: String,
    /// `None` when no date was given: the update is shown without one, after the dated ones.
    #[serde(skip)]
    pub date: Option<NaiveDate>,
    /// The date in the page's language; empty when undated.
    pub date_text: String,
    /// `2025-06-30`, for `<time datetime>`; empty when undated.
    pub iso_date: String,
}

fn update(
    i: &I18n,
    url: String,
    title: String,
    summary: String,
    category: String,
    date: Option<NaiveDate>,
) -> Update {
    Update {
        url,
        title,
        summary,
        category,
        date_text: date.map(|d| i.date(d)).unwrap_or_default(),
        iso_date: date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        date,
    }
}

fn evaluation_summary(i: &I18n, r: &PublicRegion, e: &Evaluation) -> String {
    let mut parts = vec![
        r.name().to_string(),
        i.name(e.eval_type.zh(), e.eval_type.en()),
    ];
    if let Pub::Shown(m) = &e.funds {
        parts.push(format!(
            "{}{}{}",
            i.t("field_funds"),
            i.t("colon"),
            i.money(m)
        ));
    }
    if let Some(Pub::Shown(s)) = &e.score {
        parts.push(format!("{}{}{s}", i.t("field_score"), i.t("colon")));
    }
    parts.join(" · ")
}

fn year_update(i: &I18n, r: &PublicRegion, y: &PublicYear, latest: Option<NaiveDate>) -> Update {
    let date = y.published_on().or(latest);
    let kinds: Vec<String> = views::kinds(i, r, y)
        .into_iter()
        .map(|k| format!("{} {}", k.label, k.summary))
        .collect();
    let summary = if kinds.is_empty() {
        i.t("update_year_figures")
    } else {
        kinds.join(" · ")
    };
    update(
        i,
        views::year_url(r, y.year()),
        i.fill(
            "year_description",
            &[
                ("region", r.name().to_string()),
                ("year", y.year().to_string()),
            ],
        ),
        summary,
        i.t("update_year"),
        date,
    )
}

/// Every update of the site, in no particular order.
pub fn all(site: &PublicSite, i: &I18n) -> Vec<Update> {
    let mut out = Vec::new();
    for r in site.regions() {
        for y in r.years() {
            let latest = y
                .records()
                .iter()
                .filter_map(|p| p.record().data.published_on())
                .max();
            for p in y.records() {
                let RecordData::Evaluation(e) = &p.record().data else {
                    continue;
                };
                let Some(date) = e.published_on else { continue };
                let t = records::title(i, r, p.record());
                let title = if t.withheld.is_empty() {
                    t.text
                } else {
                    t.withheld
                };
                out.push(update(
                    i,
                    views::record_url(r, y.year(), Kind::Evaluation, &p.record().id),
                    title,
                    evaluation_summary(i, r, e),
                    i.kind(Kind::Evaluation),
                    Some(date),
                ));
            }
            out.push(year_update(i, r, y, latest));
        }
    }
    out
}

/// Newest first (then by page), undated ones last, at most `n`.
pub fn latest(mut updates: Vec<Update>, n: usize) -> Vec<Update> {
    // `None` sorts before every date, so newest first puts the undated last.
    updates.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    updates.truncate(n);
    updates
}
