//! The change list of the 更新记录 page (`changes/`) as plain data, for the page
//! (`format::changes_page`) and for the feed.
//!
//! Made from the public site and the manifest's history (`format::changes`), which names
//! only records that are public now: titles and links come from the public model, never from
//! the manifest. Records taken down and records now withheld appear as counts. No I/O here.

use super::i18n::I18n;
use super::manifest::{Manifest, RecordKey};
use super::{records, views};
use crate::disclose::PublicSite;
use serde::Serialize;

/// Where the page is published.
pub const URL: &str = "changes/";

/// A record named in the change list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub title: String,
    /// Relative to the site's root, like every link.
    pub url: String,
    /// "尉犁县 · 2023年 · 绩效目标".
    pub context: String,
}

/// One publication, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub number: u32,
    /// "第 3 次发布".
    pub title: String,
    /// `2025-06-30`, or empty when the build had no `SOURCE_DATE_EPOCH`.
    pub date: String,
    pub added: Vec<Named>,
    pub updated: Vec<Named>,
    /// "新增 3 项", "更新 2 项": headings of the two lists.
    pub added_title: String,
    pub updated_title: String,
    /// Sentences for the first publication and for what is counted but not named.
    pub notes: Vec<String>,
}

/// The record at `key`, if it is public, with its title and link.
fn find(site: &PublicSite, i: &I18n, key: &RecordKey) -> Option<Named> {
    let r = site.regions().iter().find(|r| r.id() == key.region)?;
    let y = r.years().iter().find(|y| y.year() == key.year)?;
    let rec = y
        .records()
        .iter()
        .map(|p| p.record())
        .find(|rec| rec.id == key.id && rec.kind.folder() == key.kind)?;
    let c = records::title(i, r, rec);
    let title = if c.withheld.is_empty() {
        c.text
    } else {
        c.withheld
    };
    Some(Named {
        title,
        url: views::record_url(r, y.year(), rec.kind, &rec.id),
        context: format!("{} · {} · {}", r.name(), i.year(y.year()), i.kind(rec.kind)),
    })
}

/// The history, newest first, with titles and links from the public site. Records that are
/// not public now are left out.
pub fn entries(site: &PublicSite, i: &I18n, m: &Manifest) -> Vec<Entry> {
    let name = |keys: &[RecordKey]| -> Vec<Named> {
        keys.iter().filter_map(|k| find(site, i, k)).collect()
    };
    m.publications
        .iter()
        .rev()
        .map(|p| {
            let mut notes = Vec::new();
            let n = |key: &str, count: usize| i.fill(key, &[("count", count.to_string())]);
            if p.first {
                notes.push(n("changes_first", p.records));
            }
            if p.removed > 0 {
                notes.push(n("changes_removed", p.removed));
            }
            if p.withheld > 0 {
                notes.push(n("changes_withheld", p.withheld));
            }
            if p.new_withheld > 0 {
                notes.push(n("changes_new_withheld", p.new_withheld));
            }
            let added = name(&p.added);
            let updated = name(&p.updated);
            Entry {
                added_title: n("changes_added", added.len()),
                updated_title: n("changes_updated", updated.len()),
                number: p.number,
                title: i.fill("changes_publication", &[("number", p.number.to_string())]),
                date: p.date.clone().unwrap_or_default(),
                added,
                updated,
                notes,
            }
        })
        .collect()
}
