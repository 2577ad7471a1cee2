//! The withheld register (`withheld.html`) and its sorted and filtered views, made with the
//! list machinery (`lists::View`, `lists::apply_in`): each view its own page under
//! `withheld/` (`_sort_year/`, `_region_bozhou/`, `_year_2024/`, `_kind_goals/`,
//! `_reason_commercial/`), so the register sorts and filters without script; the script that
//! sorts and filters a list's table in place enhances it the same way.
//!
//! The register shows only what it showed before: a stub's title, kind, body, year, reason and
//! note, and a 部分公开 record's title (or its marker), kind, body, year and counts of withheld
//! fields and passages. Views sort and filter by these alone; a reason is a stub's, so a view by
//! reason lists stubs only and says so.

use super::super::cells::Cell;
use super::super::i18n::I18n;
use super::super::lists::{self, Facet, Key, Row, Sort, View};
use super::super::page_views::*;
use super::super::views::{self, PartialEntry, WithheldEntry};
use super::Frame;
use crate::disclose::PublicSite;
use crate::model::*;

const fn sort(slug: &'static str, col: usize, desc: bool, label_key: &'static str) -> Sort {
    Sort {
        slug,
        col,
        desc,
        label_key,
    }
}

/// The register's sorts (columns: title, kind, body, year, reason, note).
const SORTS: &[Sort] = &[
    sort("title", 0, false, "sort_title_asc"),
    sort("region", 2, false, "sort_region_asc"),
    sort("year", 3, true, "sort_year_desc"),
    sort("kind", 1, false, "sort_kind_asc"),
    sort("reason", 4, false, "sort_reason_asc"),
];

/// The register's filters, in the order they are offered.
const FACETS: &[Facet] = &[Facet::Region, Facet::Year, Facet::Kind, Facet::Reason];

fn kind_key(k: Kind) -> Key {
    Key::Num(Kind::ALL.iter().position(|x| *x == k).unwrap_or(0) as i128)
}

fn facets(at: &(String, Kind, Option<Reason>), year: i32) -> Vec<(Facet, String)> {
    let mut v = vec![
        (Facet::Region, at.0.clone()),
        (Facet::Year, year.to_string()),
        (Facet::Kind, at.1.folder().to_string()),
    ];
    if let Some(r) = at.2 {
        v.push((Facet::Reason, r.en().to_string()));
    }
    v
}

fn entry_row(e: &WithheldEntry) -> Row {
    let text = |s: &str| Cell::text(s.to_string());
    let name = |s: &str| (!s.is_empty()).then(|| Key::Text(s.to_string()));
    Row {
        url: e.url.clone(),
        unit_url: String::new(),
        cells: vec![
            text(&e.title),
            text(&e.kind),
            text(&e.region),
            Cell::text(e.year.to_string()),
            text(&e.reason),
            text(&e.note),
        ],
        keys: vec![
            name(&e.title),
            Some(kind_key(e.at.1)),
            name(&e.region),
            Some(Key::Num(e.year.into())),
            name(&e.reason),
            name(&e.note),
        ],
        facets: facets(&e.at, e.year),
        stub: None,
        unit_wide: false,
    }
}

fn partial_row(p: &PartialEntry) -> Row {
    let title = (p.title.withheld.is_empty() && !p.title.text.is_empty())
        .then(|| Key::Text(p.title.text.clone()));
    Row {
        url: p.url.clone(),
        unit_url: String::new(),
        cells: vec![
            p.title.clone(),
            Cell::text(p.kind.clone()),
            Cell::text(p.region.clone()),
            Cell::text(p.year.to_string()),
            Cell::text(p.fields.to_string()),
            Cell::text(p.passages.to_string()),
        ],
        keys: vec![
            title,
            Some(kind_key(p.at.1)),
            Some(Key::Text(p.region.clone())),
            Some(Key::Num(p.year.into())),
            Some(Key::Num(p.fields as i128)),
            Some(Key::Num(p.passages as i128)),
        ],
        facets: facets(&p.at, p.year),
        stub: None,
        unit_wide: false,
    }
}

/// The register's rows: the 不予公开 entries and the 部分公开 records.
fn rows(i: &I18n, site: &PublicSite) -> (Vec<Row>, Vec<Row>) {
    let (entries, partial) = views::register(i, site);
    (
        entries.iter().map(entry_row).collect(),
        partial.iter().map(partial_row).collect(),
    )
}

/// The register's views: its sorts, then a filter for each body, year, kind and reason that
/// has at least two values among its rows (the facets of `views::register`'s entries).
pub(super) fn views_of(site: &PublicSite) -> Vec<View> {
    let mut values = Vec::new();
    for r in site.regions() {
        for y in r.years() {
            for s in y.stubs() {
                let at = (r.id().to_string(), s.kind(), Some(s.reason()));
                values.extend(facets(&at, y.year()));
            }
            for p in y
                .records()
                .iter()
                .filter(|p| p.withheld_fields() + p.withheld_passages() > 0)
            {
                let at = (r.id().to_string(), p.record().kind, None);
                values.extend(facets(&at, y.year()));
            }
        }
    }
    // A register of fewer than two rows has nothing to sort or filter.
    let rows = values.iter().filter(|(f, _)| *f == Facet::Region).count();
    if rows < 2 {
        return Vec::new();
    }
    lists::views_in(SORTS, FACETS, values)
}

fn url(v: &View) -> String {
    format!("withheld/{}/", v.slug_in(SORTS))
}

fn value_label(i: &I18n, site: &PublicSite, f: Facet, v: &str) -> String {
    match f {
        Facet::Region => site
            .regions()
            .iter()
            .find(|r| r.id() == v)
            .map_or_else(|| v.to_string(), |r| r.name().to_string()),
        _ => lists::value_label(i, f, v),
    }
}

fn label(i: &I18n, site: &PublicSite, v: &View) -> String {
    match v {
        View::Sort(n) => i.t(SORTS[*n].label_key),
        View::Filter(f, x) => format!(
            "{}{}{}",
            f.label(i),
            i.t("colon"),
            value_label(i, site, *f, x)
        ),
    }
}

/// The links to the register's views, as a list's (`list.html`'s `views`).
fn nav(i: &I18n, site: &PublicSite, views: &[View], current: Option<usize>) -> ViewNav {
    let link = |n: usize, v: &View| ViewLink {
        label: label(i, site, v),
        url: url(v),
        current: current == Some(n),
    };
    let mut filters: Vec<super::super::page_views::Facet> = Vec::new();
    for (n, v) in views.iter().enumerate() {
        let View::Filter(f, x) = v else { continue };
        let l = ViewLink {
            label: value_label(i, site, *f, x),
            ..link(n, v)
        };
        match filters.last_mut() {
            Some(g) if g.facet == f.label(i) => g.options.push(l),
            _ => filters.push(super::super::page_views::Facet {
                facet: f.label(i),
                options: vec![l],
            }),
        }
    }
    ViewNav {
        all: ViewLink {
            label: i.t("view_all"),
            url: "withheld/".into(),
            current: current.is_none(),
        },
        sorts: views
            .iter()
            .enumerate()
            .filter(|(_, v)| matches!(v, View::Sort(_)))
            .map(|(n, v)| link(n, v))
            .collect(),
        filters,
    }
}

/// The register, or its view `view` (an index into `views_of`): the output path and the page.
pub(super) fn page(site: &PublicSite, i: &I18n, view: Option<usize>) -> (String, PageView) {
    let (all_entries, all_partial) = rows(i, site);
    let views = views_of(site);
    let chosen = view.and_then(|n| views.get(n));
    let (entries, partial) = match chosen {
        // A sort by reason orders the stubs; 部分公开 records have no reason column.
        Some(v @ View::Sort(n)) if SORTS[*n].slug == "reason" => {
            (lists::apply_in(v, SORTS, &all_entries), all_partial)
        }
        Some(v) => (
            lists::apply_in(v, SORTS, &all_entries),
            lists::apply_in(v, SORTS, &all_partial),
        ),
        None => (all_entries, all_partial),
    };
    let by_reason = matches!(chosen, Some(View::Filter(Facet::Reason, _)));
    let summary = i.fill(
        if by_reason {
            "register_summary_reason"
        } else {
            "register_summary"
        },
        &[
            ("withheld", i.int(entries.len() as u64)),
            ("partial", i.int(partial.len() as u64)),
        ],
    );
    let view_label = chosen.map(|v| label(i, site, v)).unwrap_or_default();
    let sorted = match chosen {
        Some(View::Sort(n)) => Some(&SORTS[*n]),
        _ => None,
    };
    let page_url = chosen.map(url).unwrap_or_else(|| "withheld/".into());
    let ctx = WithheldPage {
        policy_html: if chosen.is_none() {
            i.t("withheld_policy_html")
        } else {
            String::new()
        },
        entries,
        partial,
        summary,
        data_file: "data/withheld",
        data_label: i.t(if chosen.is_some() {
            "register_download_all"
        } else {
            "download_table"
        }),
        views: nav(i, site, &views, view),
        view_label: view_label.clone(),
        sorted_col: sorted.map(|s| s.col),
        sorted_desc: sorted.is_some_and(|s| s.desc),
        partial_note: if by_reason {
            i.t("register_reason_note")
        } else {
            String::new()
        },
    };
    let mut frame = Frame::new(i, site, page_url.clone());
    let mut title = i.t("withheld_register");
    frame = if chosen.is_some() {
        title = format!("{title}（{view_label}）");
        frame
            .crumb(i.t("withheld_register"), "withheld/".into())
            .crumb(view_label, String::new())
    } else {
        frame.crumb(i.t("withheld_register"), String::new())
    };
    let mut framed = frame.finish(title, i.t("withheld_description"), ctx);
    // A view is the register in another order or a part of it: the register is the page.
    framed.page.canonical = format!("{}withheld/", site.config().base_url);
    (page_url, PageView::Withheld(framed))
}
