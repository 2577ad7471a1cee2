//! The pages of a site and the context each is rendered with.
//!
//! `jobs` lists every page (sorted, so output is deterministic); `view_with` builds one page's
//! view from the public model, typed (one struct per template, `view::page_views`). Links are
//! relative (`root` climbs to the site's top), so the output works under any base path and
//! from the file system. No I/O here.

mod about;
mod list;
pub mod portal;
mod project;
mod record;
mod unit;
mod withheld;

pub use list::Memo;
pub use project::{ProjectPage, month};
pub use record::Trail;
pub use unit::UnitPage;

use super::cells::html;
use super::figure_tables::{self, figure_tables};
use super::i18n::I18n;
use super::page_views::*;
use super::views::{self, *};
use crate::disclose::{PublicRegion, PublicSite, PublicYear};
use crate::model::*;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Home,
    About,
    Withheld,
    /// A sorted or filtered view of the withheld register: its index in `withheld::views_of`.
    WithheldView(usize),
    NotFound,
    Region(usize),
    Year(usize, usize),
    List(usize, usize, Kind),
    /// A sorted or filtered view of a list: the view's index in `lists::views_of`.
    ListView(usize, usize, Kind, usize),
    Record(usize, usize, usize),
    Search,
    /// The 公开主体 page, the comparison of the bodies of a year, the 网站地图.
    Bodies,
    Compare(i32),
    SiteMap,
    /// A project of a body, by its slug (`view::projects`).
    Project(usize, String),
    /// A unit of a body with a page: the unit's index in the body's units.
    Unit(usize, usize),
}

/// Every page of the site.
pub fn jobs(site: &PublicSite) -> Vec<Job> {
    jobs_with(site, &body_jobs)
}

/// [`jobs`], each body's pages given by `body` (the `ri`th body's: [`body_jobs`] or the same
/// list kept from before).
pub fn jobs_with(
    site: &PublicSite,
    body: &(dyn Fn(usize, &PublicRegion) -> Vec<Job> + Sync),
) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::About, Job::Withheld, Job::NotFound];
    jobs.extend((0..withheld::views_of(site).len()).map(Job::WithheldView));
    jobs.push(Job::Search);
    jobs.extend([Job::Bodies, Job::SiteMap]);
    jobs.extend(portal::compare_years(site).into_iter().map(Job::Compare));
    // Each body's pages (in parallel: finding a body's projects and list views takes a while).
    let bodies: Vec<Vec<Job>> = site
        .regions()
        .par_iter()
        .enumerate()
        .map(|(ri, r)| body(ri, r))
        .collect();
    jobs.extend(bodies.into_iter().flatten());
    jobs
}

/// The pages of the `ri`th body, in order: made from that body alone.
pub fn body_jobs(ri: usize, r: &PublicRegion) -> Vec<Job> {
    let mut jobs = vec![Job::Region(ri)];
    for (yi, y) in r.years().iter().enumerate() {
        jobs.push(Job::Year(ri, yi));
        for k in Kind::ALL {
            if y.records().iter().any(|p| p.record().kind == *k)
                || y.stubs().iter().any(|s| s.kind() == *k)
            {
                jobs.push(Job::List(ri, yi, *k));
                let views = super::lists::views_of(y, *k).len();
                jobs.extend((0..views).map(|n| Job::ListView(ri, yi, *k, n)));
            }
        }
        for i in 0..y.records().len() {
            jobs.push(Job::Record(ri, yi, i));
        }
    }
    jobs.extend(project::jobs(ri, r));
    jobs
}

/// The path of the base URL ("/yjgk/"), for pages served at any depth (404).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

struct Frame<'a> {
    i: &'a I18n,
    site: &'a PublicSite,
    url: String,
    crumbs: Vec<Crumb>,
    portal: portal::Portal,
}

impl<'a> Frame<'a> {
    fn new(i: &'a I18n, site: &'a PublicSite, url: String) -> Self {
        let crumbs = vec![Crumb {
            title: i.t("site_nav_home"),
            url: String::new(),
        }];
        Frame {
            i,
            site,
            url,
            crumbs,
            portal: portal::Portal::default(),
        }
    }

    /// The portal parts of the frame (section, article, years), set by the page.
    fn portal(mut self, f: impl FnOnce(&mut portal::Portal)) -> Self {
        f(&mut self.portal);
        self
    }

    fn crumb(mut self, title: String, url: String) -> Self {
        self.crumbs.push(Crumb { title, url });
        self
    }

    /// The page context: common parts plus the page's own `view` keys.
    fn finish<V: Serialize>(self, title: String, description: String, view: V) -> Framed<V> {
        let (nav, portal) = portal::frame(self.site, self.i, &self.url, self.portal, &title);
        let root = if self.url == "404.html" {
            base_path(&self.site.config().base_url)
        } else {
            root_for(&self.url)
        };
        let canonical = if self.url == "404.html" {
            String::new()
        } else {
            format!("{}{}", self.site.config().base_url, self.url)
        };
        Framed {
            root,
            page: PageMeta {
                title,
                description,
                canonical,
                breadcrumbs: self.crumbs,
            },
            nav,
            portal,
            view,
        }
    }
}

/// Template name, output path and typed view ([`PageView`]) of one page: the page's bytes are
/// a function of these and the template environment alone. The renderer takes the view as
/// its context ([`PageView::context`]); the preview memo hashes its serialisation.
pub fn view_with(
    site: &PublicSite,
    i: &I18n,
    job: &Job,
    memo: &mut Memo,
) -> (&'static str, String, PageView) {
    let (template, url, ctx) = match job {
        Job::Home => ("home.html", String::new(), home(site, i)),
        Job::About => ("about.html", "about/".into(), about::about(site, i)),
        Job::Withheld | Job::WithheldView(_) => {
            let view = match job {
                Job::WithheldView(n) => Some(*n),
                _ => None,
            };
            let (url, page) = withheld::page(site, i, view);
            ("withheld.html", url, page)
        }
        Job::NotFound => (
            "404.html",
            "404.html".into(),
            PageView::NotFound(Frame::new(i, site, "404.html".into()).finish(
                i.t("not_found_title"),
                String::new(),
                NotFoundPage {},
            )),
        ),
        Job::Region(ri) => (
            "region.html",
            views::region_url(&site.regions()[*ri]),
            region(site, i, *ri),
        ),
        Job::Year(ri, yi) => {
            let r = &site.regions()[*ri];
            (
                "year.html",
                views::year_url(r, r.years()[*yi].year()),
                year(site, i, *ri, *yi),
            )
        }
        Job::List(ri, yi, k) => {
            let r = &site.regions()[*ri];
            (
                "list.html",
                views::list_url(r, r.years()[*yi].year(), *k),
                list::list(site, i, *ri, *yi, *k, None, memo),
            )
        }
        Job::Search => ("search.html", "search/".into(), search(site, i)),
        Job::Bodies => ("bodies.html", "bodies/".into(), portal::bodies(site, i)),
        Job::Compare(y) => (
            "compare.html",
            portal::compare_url(*y),
            portal::compare(site, i, *y),
        ),
        Job::SiteMap => (
            "sitemap.html",
            portal::SITE_MAP_URL.into(),
            portal::site_map(site, i),
        ),
        Job::ListView(ri, yi, k, n) => {
            let r = &site.regions()[*ri];
            let y = &r.years()[*yi];
            let url = super::lists::views_of(y, *k)
                .get(*n)
                .map(|v| v.url(r, y.year(), *k))
                .unwrap_or_default();
            (
                "list.html",
                url,
                list::list(site, i, *ri, *yi, *k, Some(*n), memo),
            )
        }
        Job::Record(ri, yi, n) => {
            let r = &site.regions()[*ri];
            let y = &r.years()[*yi];
            let rec = y.records()[*n].record();
            (
                "record.html",
                views::record_url(r, y.year(), rec.kind, &rec.id),
                record::record(site, i, (*ri, *yi, *n), memo),
            )
        }
        Job::Project(ri, slug) => project::project_page(site, i, (*ri, slug), memo),
        Job::Unit(ri, ui) => project::unit_page(site, i, (*ri, *ui), memo),
    };
    let path = if url.ends_with(".html") {
        url
    } else {
        format!("{url}index.html")
    };
    (template, path, ctx)
}

fn home(site: &PublicSite, i: &I18n) -> PageView {
    let (records, stubs) = site
        .regions()
        .iter()
        .flat_map(|r| r.years())
        .fold((0, 0), |(a, b), y| {
            (a + y.records().len(), b + y.stubs().len())
        });
    let intro_html = site
        .home()
        .as_ref()
        .map(|p| html(i, &p.body))
        .unwrap_or_default();
    let title = site
        .home()
        .as_ref()
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| site.config().title.clone());
    let desc = site
        .config()
        .description
        .clone()
        .unwrap_or_else(|| i.t("site_description"));
    let view = HomePage {
        intro_html,
        regions: home_regions(site, i),
        totals: home_totals(site, i, records, stubs),
        totals_note: i.fill(
            "totals_note",
            &[
                ("total", (records + stubs).to_string()),
                ("shown", records.to_string()),
                ("withheld", stubs.to_string()),
            ],
        ),
        updates: super::updates::latest(super::updates::all(site, i), 8),
    };
    PageView::Home(
        Frame {
            crumbs: Vec::new(),
            ..Frame::new(i, site, String::new())
        }
        .portal(|p| p.compare = portal::latest_compare(site))
        .finish(title, desc, view),
    )
}

/// Every body with its years, newest first, and each year's headline figures.
fn home_regions(site: &PublicSite, i: &I18n) -> Vec<HomeRegion> {
    site.regions()
        .iter()
        .map(|r| HomeRegion {
            name: r.name().to_string(),
            level: i.name(r.level().zh(), r.level().en()),
            url: views::region_url(r),
            years: r
                .years()
                .iter()
                .rev()
                .map(|y| HomeYear {
                    year: y.year(),
                    url: views::year_url(r, y.year()),
                    headline: headline(i, y),
                })
                .collect(),
        })
        .collect()
}

/// The site's totals: bodies, 公开事项 (the records with a page, as 更新记录 counts them) and
/// 不予公开 ones apart.
fn home_totals(site: &PublicSite, i: &I18n, records: usize, stubs: usize) -> Vec<LabelValue> {
    vec![
        LabelValue {
            label: i.t("total_regions"),
            value: site.regions().len().to_string(),
            hint: String::new(),
        },
        LabelValue {
            label: i.t("total_records"),
            value: records.to_string(),
            hint: i.t("total_records_hint"),
        },
        LabelValue {
            label: i.t("total_withheld"),
            value: stubs.to_string(),
            hint: i.t("total_withheld_hint"),
        },
    ]
}

fn region(site: &PublicSite, i: &I18n, ri: usize) -> PageView {
    let r = &site.regions()[ri];
    let years = r
        .years()
        .iter()
        .rev()
        .map(|y| RegionYear {
            year: y.year(),
            url: views::year_url(r, y.year()),
            figures: headline(i, y),
            kinds: kinds(i, r, y),
        })
        .collect();
    let view = RegionPage {
        region: RegionHead {
            name: r.name().to_string(),
            level: i.name(r.level().zh(), r.level().en()),
            code: r.code().unwrap_or_default().to_string(),
        },
        years,
        units: project::unit_names(r),
        trend: super::trend::trend(i, r),
    };
    let desc = i.fill("region_description", &[("region", r.name().to_string())]);
    PageView::Region(
        Frame::new(i, site, views::region_url(r))
            .crumb(r.name().to_string(), String::new())
            .portal(|p| p.years = portal::years(r, None))
            .finish(r.name().to_string(), desc, view),
    )
}

fn year_frame<'a>(
    site: &'a PublicSite,
    i: &'a I18n,
    r: &PublicRegion,
    y: &PublicYear,
    url: String,
) -> Frame<'a> {
    Frame::new(i, site, url)
        .crumb(r.name().to_string(), views::region_url(r))
        .crumb(i.year(y.year()), views::year_url(r, y.year()))
}

fn year(site: &PublicSite, i: &I18n, ri: usize, yi: usize) -> PageView {
    let r = &site.regions()[ri];
    let y = &r.years()[yi];
    let narrative_html = y
        .page()
        .as_ref()
        .map(|p| html(i, &p.body))
        .unwrap_or_default();
    let summary_note = y
        .summary()
        .as_ref()
        .and_then(|s| s.note.as_ref())
        .map(|n| html(i, n))
        .unwrap_or_default();
    let title = y
        .page()
        .as_ref()
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| format!("{} {}", r.name(), i.year(y.year())));
    let figures = figure_tables(i, r, y);
    let figures_file = if figures.is_empty() {
        String::new()
    } else {
        figure_tables::figures_data(i, r, y, &figures).file
    };
    let (computed, figures): (Vec<_>, Vec<_>) = figures.into_iter().partition(|t| t.computed);
    let n: usize = computed.iter().map(|t| t.rows.len()).sum();
    let view = YearPage {
        region: region_link(r),
        year: y.year(),
        narrative_html: format!("{narrative_html}{summary_note}"),
        dashboard: super::dashboard::panels(i, r, y),
        figures,
        computed_summary: i.fill("computed_figures_summary", &[("n", i.int(n as u64))]),
        computed,
        figures_file,
        findings: y
            .findings()
            .iter()
            .filter(|f| f.acknowledged.is_none())
            .map(|f| finding_text(i, f))
            .collect(),
        explained: y
            .findings()
            .iter()
            .filter_map(|f| {
                f.acknowledged.as_ref().map(|e| Explained {
                    text: finding_text(i, f),
                    explanation: e.clone(),
                })
            })
            .collect(),
        kinds: kinds(i, r, y),
    };
    let desc = i.fill(
        "year_description",
        &[
            ("region", r.name().to_string()),
            ("year", y.year().to_string()),
        ],
    );
    let mut f = year_frame(site, i, r, y, views::year_url(r, y.year())).portal(|p| {
        p.years = portal::years(r, Some(y.year()));
        p.compare = portal::compare_url(y.year());
        p.pub_date = y.published_on().map(|d| d.to_string()).unwrap_or_default();
    });
    if let Some(last) = f.crumbs.last_mut() {
        last.url = String::new();
    }
    PageView::Year(f.finish(format!("{} · {}", r.name(), title), desc, view))
}

fn region_link(r: &PublicRegion) -> RegionLink {
    RegionLink {
        name: r.name().to_string(),
        url: views::region_url(r),
    }
}

/// A finding as a reader sees it: in the page's language, figure paths without backticks.
fn finding_text(i: &I18n, f: &crate::figures::relations::Finding) -> String {
    let t = if i.zh() { &f.zh } else { &f.en };
    t.replace('`', "")
}

/// The search page: the filters' choices, and a way to browse by region and year without
/// the script.
fn search(site: &PublicSite, i: &I18n) -> PageView {
    let regions = site
        .regions()
        .iter()
        .map(|r| SearchRegion {
            id: r.id().to_string(),
            name: r.name().to_string(),
            url: views::region_url(r),
            years: r
                .years()
                .iter()
                .rev()
                .map(|y| YearLink {
                    year: y.year(),
                    url: views::year_url(r, y.year()),
                })
                .collect(),
        })
        .collect();
    let kinds = super::search::kinds(i)
        .into_iter()
        .map(|(key, label)| KindChoice { key, label })
        .collect();
    let view = SearchPage {
        regions,
        years: site.years_newest_first(),
        kinds,
    };
    PageView::Search(
        Frame::new(i, site, "search/".into())
            .crumb(i.t("search_title"), String::new())
            .finish(i.t("search_title"), i.t("search_description"), view),
    )
}

/// The context of a page made outside this module (the 更新记录 page): the parts every page
/// has, a breadcrumb to itself, and the page's own `view` keys.
pub fn extra_context(
    site: &PublicSite,
    i: &I18n,
    url: &str,
    title: String,
    description: String,
    view: impl Serialize,
) -> tera::Context {
    let ctx = Frame::new(i, site, url.to_string())
        .crumb(title.clone(), String::new())
        .finish(title, description, view);
    tera::Context::from_serialize(&ctx).unwrap_or_default()
}
