//! `feed.xml`: an Atom feed (RFC 4287) of the site's updates, newest first, at most
//! [`MAX_ENTRIES`].
//!
//! Entries come from `render::updates` (built from `&PublicSite` only), plus any `extra`
//! entries a caller adds (such as a change log between publications). Dates are those the
//! authors wrote, never the wall clock, so the feed is the same bytes for the same input.
//! Atom requires an `updated` on the feed and on every entry: an entry without a date of its
//! own (a year page whose `published_on` is not given) carries the build's date from
//! `SOURCE_DATE_EPOCH` (a day in China Standard Time, as on the 更新记录) there and no `published`; the feed's `updated` is its newest dated
//! entry, else the build's date.

use crate::disclose::PublicSite;
use crate::render::Output;
use crate::render::i18n::I18n;
use crate::render::updates::{self, Update};

/// Most entries in the feed.
pub const MAX_ENTRIES: usize = 50;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn day(d: chrono::NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The build's date, for what Atom requires dated and the content does not date.
fn build_stamp(date: Option<chrono::NaiveDate>) -> String {
    date.map(day)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// The feed of the site's updates and `extra` ones; `date` is the build's (see
/// [`Inputs`](crate::pipeline::Inputs)).
pub fn feed(
    site: &PublicSite,
    i: &I18n,
    extra: Vec<Update>,
    date: Option<chrono::NaiveDate>,
) -> Output {
    let c = &site.config;
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
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>gongkai</generator>\n",
        c.language.code(),
        esc(&c.title),
        esc(&i.t("feed_subtitle")),
        esc(&c.base_url),
        esc(&c.base_url),
        esc(&c.base_url),
        esc(author),
    );
    for e in &entries {
        let url = esc(&format!("{}{}", c.base_url, e.url));
        let (updated, published) = match e.date {
            Some(d) => (day(d), format!("\n    <published>{}</published>", day(d))),
            None => (build_stamp(date), String::new()),
        };
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{updated}</updated>{published}\n    <category term=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            esc(&e.title),
            esc(&e.category),
            esc(&e.summary),
        ));
    }
    s.push_str("</feed>\n");
    Output {
        path: "feed.xml".into(),
        bytes: s.into_bytes(),
    }
}
