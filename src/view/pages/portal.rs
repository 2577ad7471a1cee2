//! The portal's pages and frame (政府网站发展指引): the main navigation with its current
//! section, the year switcher of a body's pages, the page's 栏目 and article for the meta tags,
//! the list of bodies (公开主体), a comparison of the bodies of each year, and the 网站地图.
//!
//! Every figure here is one a year page already shows, as it shows it: the headline figures of
//! `views::headline`, stated or computed and labelled so (`view::basis`). Nothing is summed or
//! counted across bodies. No I/O here.

use super::super::i18n::I18n;
use super::super::views::{self, Headline, KindLink};
use super::Frame;
use crate::disclose::{PublicRegion, PublicSite};
use serde::Serialize;

/// The portal parts of every page's frame.
#[derive(Serialize, Default, Clone, Debug, PartialEq, Eq)]
pub struct Portal {
    /// The page's section (栏目, meta `ColumnName`).
    pub column: String,
    /// The kind of section (meta `ColumnType`).
    pub column_type: String,
    /// The title of a record page (meta `ArticleTitle`); empty on other pages.
    pub article_title: String,
    /// The date the record says it was published (`YYYY-MM-DD`, meta `PubDate`); empty when
    /// the record gives none: a date is never made up.
    pub pub_date: String,
    /// The body's years (the year switcher), on a body's page and its years' pages.
    pub years: Vec<YearTab>,
    /// The comparison page of the year, on a year's page.
    pub compare: String,
}

/// One year of the switcher.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct YearTab {
    pub year: i32,
    pub url: String,
    pub current: bool,
}

/// The main navigation: interface key and URL of each section, in order.
pub const NAV: &[(&str, &str)] = &[
    ("site_nav_home", ""),
    ("nav_bodies", "bodies/"),
    ("nav_data", "data/"),
    ("nav_search", "search/"),
    ("nav_withheld", "withheld/"),
    ("nav_changes", "changes/"),
    ("nav_about", "about/"),
];

/// Where the comparison of the bodies of `year` is published.
pub fn compare_url(year: i32) -> String {
    format!("compare/{year}/")
}

/// Which section of the navigation a page (by URL) belongs to: its index in [`NAV`], and
/// whether the page is the section's own page. A body's pages and the comparisons belong to
/// 公开主体.
pub fn section(site: &PublicSite, url: &str) -> Option<(usize, bool)> {
    if let Some(n) = NAV.iter().position(|(_, u)| *u == url) {
        return Some((n, true));
    }
    let first = url.split('/').next().unwrap_or_default();
    let body = first == "compare" || site.regions().iter().any(|r| r.id() == first);
    if body {
        return Some((1, false));
    }
    NAV.iter()
        .position(|(_, u)| !u.is_empty() && url.starts_with(u))
        .map(|n| (n, false))
}

/// The kind of section for the `ColumnType` meta tag.
fn column_type(i: &I18n, nav: Option<usize>) -> String {
    let key = match nav.map(|n| NAV[n].1) {
        Some("bodies/" | "withheld/" | "changes/") => "column_type_disclosure",
        Some("data/") => "column_type_data",
        _ => "column_type_service",
    };
    i.t(key)
}

/// The navigation with its current item, and the frame's portal parts with the page's section
/// (the page's title when it belongs to none) and its type.
pub(super) fn frame(
    site: &PublicSite,
    i: &I18n,
    url: &str,
    mut portal: Portal,
    title: &str,
) -> (Vec<crate::view::page_views::Nav>, Portal) {
    let (nav, column, column_type) = nav(site, i, url);
    if portal.column.is_empty() {
        portal.column = if column.is_empty() {
            title.to_string()
        } else {
            column
        };
    }
    portal.column_type = column_type;
    (nav, portal)
}

/// The comparison page of the latest year (empty when the site has no year).
pub(super) fn latest_compare(site: &PublicSite) -> String {
    let latest = compare_years(site).first().copied();
    latest.map(compare_url).unwrap_or_default()
}

/// The navigation with its current item, and the page's section name and type.
fn nav(
    site: &PublicSite,
    i: &I18n,
    url: &str,
) -> (Vec<crate::view::page_views::Nav>, String, String) {
    let at = section(site, url);
    let nav = NAV
        .iter()
        .enumerate()
        .map(|(n, (k, u))| crate::view::page_views::Nav {
            title: i.t(k),
            url: u.to_string(),
            current: match at {
                Some((m, true)) if m == n => "page",
                Some((m, false)) if m == n => "true",
                _ => "",
            },
        })
        .collect();
    let column = at.map(|(n, _)| i.t(NAV[n].0)).unwrap_or_default();
    (nav, column, column_type(i, at.map(|(n, _)| n)))
}

/// The year switcher of a body: each of its years, `current` marked.
pub(super) fn years(r: &PublicRegion, current: Option<i32>) -> Vec<YearTab> {
    r.years()
        .iter()
        .rev()
        .map(|y| YearTab {
            year: y.year(),
            url: views::year_url(r, y.year()),
            current: Some(y.year()) == current,
        })
        .collect()
}

/// `compare.html`: the bodies that have a year, side by side with the year page's headline
/// figures.
#[derive(Serialize)]
pub struct ComparePage {
    pub year: i32,
    /// The figures' labels, one column each.
    pub columns: Vec<String>,
    pub rows: Vec<CompareRow>,
    /// Every year with a comparison, newest first, this one marked.
    pub years: Vec<YearTab>,
}

#[derive(Serialize)]
pub struct CompareRow {
    pub name: String,
    pub level: String,
    /// The body's page of the year.
    pub url: String,
    /// One cell per column: the year page's figure, or None where it shows none.
    pub cells: Vec<Option<Headline>>,
}

/// The headline keys in the order a year's card shows them (`views::headline`).
const HEADLINE_KEYS: &[&str] = &[
    "headline_goals",
    "headline_goal_funds",
    "headline_ex_ante",
    "headline_self_evaluations",
    "headline_evaluations",
];

/// The years of the site with a comparison page, newest first.
pub fn compare_years(site: &PublicSite) -> Vec<i32> {
    site.years_newest_first()
}

/// The comparison page of `year`.
pub(super) fn compare(site: &PublicSite, i: &I18n, year: i32) -> super::PageView {
    let bodies: Vec<(&PublicRegion, Vec<Headline>)> = site
        .regions()
        .iter()
        .filter_map(|r| {
            let y = r.years().iter().find(|y| y.year() == year)?;
            Some((r, views::headline(i, y)))
        })
        .collect();
    let mut columns: Vec<String> = HEADLINE_KEYS.iter().map(|k| i.t(k)).collect();
    for (_, hs) in &bodies {
        for h in hs {
            if !columns.contains(&h.label) {
                columns.push(h.label.clone());
            }
        }
    }
    columns.retain(|c| {
        bodies
            .iter()
            .any(|(_, hs)| hs.iter().any(|h| &h.label == c))
    });
    let rows = bodies
        .into_iter()
        .map(|(r, hs)| CompareRow {
            name: r.name().to_string(),
            level: i.name(r.level().zh(), r.level().en()),
            url: views::year_url(r, year),
            cells: columns
                .iter()
                .map(|c| hs.iter().find(|h| &h.label == c).cloned())
                .collect(),
        })
        .collect();
    let years = compare_years(site)
        .into_iter()
        .map(|y| YearTab {
            year: y,
            url: compare_url(y),
            current: y == year,
        })
        .collect();
    let view = ComparePage {
        year,
        columns,
        rows,
        years,
    };
    let title = i.fill("compare_title", &[("year", year.to_string())]);
    let desc = i.fill("compare_description", &[("year", year.to_string())]);
    super::PageView::Compare(
        Frame::new(i, site, compare_url(year))
            .crumb(i.t("nav_bodies"), "bodies/".into())
            .crumb(title.clone(), String::new())
            .finish(title, desc, view),
    )
}

/// `bodies.html`: every body with its years, and the comparisons of each year.
#[derive(Serialize)]
pub struct BodiesPage {
    pub bodies: Vec<Body>,
    pub compare: Vec<YearTab>,
}

#[derive(Serialize)]
pub struct Body {
    pub name: String,
    pub level: String,
    pub url: String,
    pub years: Vec<YearTab>,
}

fn bodies_list(site: &PublicSite, i: &I18n) -> Vec<Body> {
    site.regions()
        .iter()
        .map(|r| Body {
            name: r.name().to_string(),
            level: i.name(r.level().zh(), r.level().en()),
            url: views::region_url(r),
            years: years(r, None),
        })
        .collect()
}

fn compare_links(site: &PublicSite) -> Vec<YearTab> {
    compare_years(site)
        .into_iter()
        .map(|y| YearTab {
            year: y,
            url: compare_url(y),
            current: false,
        })
        .collect()
}

pub(super) fn bodies(site: &PublicSite, i: &I18n) -> super::PageView {
    let view = BodiesPage {
        bodies: bodies_list(site, i),
        compare: compare_links(site),
    };
    super::PageView::Bodies(
        Frame::new(i, site, "bodies/".into())
            .crumb(i.t("nav_bodies"), String::new())
            .finish(i.t("nav_bodies"), i.t("bodies_description"), view),
    )
}

/// `sitemap.html`, the 网站地图: every section, every comparison, every body's years and
/// their lists.
#[derive(Serialize)]
pub struct SiteMapPage {
    pub sections: Vec<SectionLink>,
    pub compare: Vec<YearTab>,
    pub bodies: Vec<MapBody>,
}

#[derive(Serialize)]
pub struct SectionLink {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct MapBody {
    pub name: String,
    pub url: String,
    pub years: Vec<MapYear>,
}

#[derive(Serialize)]
pub struct MapYear {
    pub year: i32,
    pub url: String,
    pub kinds: Vec<KindLink>,
}

/// Where the 网站地图 is published.
pub const SITE_MAP_URL: &str = "sitemap/";

pub(super) fn site_map(site: &PublicSite, i: &I18n) -> super::PageView {
    let sections = NAV
        .iter()
        .map(|(k, u)| SectionLink {
            title: i.t(k),
            url: u.to_string(),
        })
        .collect();
    let bodies = site
        .regions()
        .iter()
        .map(|r| MapBody {
            name: r.name().to_string(),
            url: views::region_url(r),
            years: r
                .years()
                .iter()
                .rev()
                .map(|y| MapYear {
                    year: y.year(),
                    url: views::year_url(r, y.year()),
                    kinds: views::kinds(i, r, y),
                })
                .collect(),
        })
        .collect();
    let view = SiteMapPage {
        sections,
        compare: compare_links(site),
        bodies,
    };
    super::PageView::SiteMap(
        Frame::new(i, site, SITE_MAP_URL.into())
            .crumb(i.t("site_map_title"), String::new())
            .finish(i.t("site_map_title"), i.t("site_map_description"), view),
    )
}
