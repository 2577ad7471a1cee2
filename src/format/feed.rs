//! `feed.xml`: an Atom feed (RFC 4287) of the site's updates, newest first, at most
//! [`MAX_ENTRIES`].
//!
//! Entries come from `view::updates` (built from `&PublicSite` only), plus any `extra`
//! entries a caller adds (such as a change log between publications). Dates are those the
//! authors wrote, never the wall clock, so the feed is the same bytes for the same input.
//! Atom requires an `updated` on the feed and on every entry: an entry without a date of its
//! own (a year page whose `published_on` is not given) carries the build's date from
//! `SOURCE_DATE_EPOCH` (a day in China Standard Time, as on the 更新记录) there and no `published`; the feed's `updated` is its newest dated
//! entry, else the build's date.

use super::{Output, Renderer, template_error};
use crate::diag::Diagnostic;
use crate::disclose::PublicSite;
use crate::view::updates::{self, Update};
use serde::Serialize;

/// Most entries in the feed.
pub const MAX_ENTRIES: usize = 50;

/// The theme template of the feed; a site's `templates/feed.xml` overrides it.
pub const TEMPLATE: &str = "feed.xml";

/// What the template gets as `feed` (escaped by the template environment, as every `.xml`).
#[derive(Serialize)]
struct FeedCtx<'a> {
    lang: &'a str,
    title: &'a str,
    subtitle: String,
    base_url: &'a str,
    updated: String,
    author: &'a str,
    entries: Vec<EntryCtx>,
}

#[derive(Serialize)]
struct EntryCtx {
    title: String,
    /// Absolute: the site's base URL and the entry's page.
    url: String,
    updated: String,
    /// Only for an entry with a date of its own.
    published: Option<String>,
    category: String,
    summary: String,
}

fn day(d: chrono::NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The build's date, for what Atom requires dated and the content does not date.
fn build_stamp(date: Option<chrono::NaiveDate>) -> String {
    date.map(day)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// The feed of the site's updates and `extra` ones, through the `feed.xml` template; `date` is
/// the build's (see [`Inputs`](crate::pipeline::Inputs)).
pub fn feed(
    site: &PublicSite,
    r: &Renderer,
    extra: Vec<Update>,
    date: Option<chrono::NaiveDate>,
) -> Result<Output, Diagnostic> {
    let (c, i) = (&site.config(), &r.i18n);
    let mut all = updates::all(site, i);
    all.extend(extra);
    let entries = updates::latest(all, MAX_ENTRIES);
    let updated = entries
        .iter()
        .find_map(|e| e.date)
        .map(day)
        .unwrap_or_else(|| build_stamp(date));
    let author = if c.owner.is_empty() {
        &c.title
    } else {
        &c.owner
    };
    let entries = entries
        .into_iter()
        .map(|e| EntryCtx {
            url: format!("{}{}", c.base_url, e.url),
            updated: e.date.map(day).unwrap_or_else(|| build_stamp(date)),
            published: e.date.map(day),
            title: e.title,
            category: e.category,
            summary: e.summary,
        })
        .collect();
    let ctx = FeedCtx {
        lang: c.language.code(),
        title: &c.title,
        subtitle: i.t("feed_subtitle"),
        base_url: &c.base_url,
        updated,
        author,
        entries,
    };
    let mut context = tera::Context::new();
    context.insert("feed", &ctx);
    let xml = r
        .tera
        .render(TEMPLATE, &context)
        .map_err(|e| template_error(TEMPLATE, &e))?;
    Ok(Output {
        path: "feed.xml".into(),
        bytes: xml.into_bytes(),
    })
}
