//! The typed views of the pages: one struct per template, with the frame every page has
//! (`Framed`). Field names and shapes are exactly what the templates in `themes/` read.
//!
//! The renderer takes a page's view as it is ([`PageView::context`], serialised straight into
//! tera's values); the preview memo hashes its serialisation as JSON, streamed into the hasher.

use super::cells::Cell;
use super::changes::Entry;
use super::dashboard::Panel;
use super::figure_tables::FigTable;
use super::lists::Row;
use super::records::{Meta, Section, Table};
use super::trend::Trend;
use super::updates::Update;
use super::views::{Headline, KindLink, LabelValue};
use serde::Serialize;

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone, PartialEq, Eq)]
pub struct Nav {
    pub title: String,
    pub url: String,
    /// `aria-current`: "page" on the item's own page, "true" within its section, else empty.
    pub current: &'static str,
}

/// `page`: what the layout (`base.html`) reads of every page.
#[derive(Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Empty for the 404 page, which is served at any path.
    pub canonical: String,
    pub breadcrumbs: Vec<Crumb>,
}

/// A page's whole context: the frame every page has, and its template's own keys at the top
/// level beside it.
#[derive(Serialize)]
pub struct Framed<V> {
    /// Climbs from the page to the site's top (the base path for the 404 page).
    pub root: String,
    pub page: PageMeta,
    pub nav: Vec<Nav>,
    /// The 政府网站发展指引 parts of the frame: the page's section (栏目), its article title
    /// and date, and the body's years (`view::pages::portal`).
    pub portal: super::pages::portal::Portal,
    #[serde(flatten)]
    pub view: V,
}

/// One page's view, by template (serialised as the page's view alone, without a tag).
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageView {
    Home(Framed<HomePage>),
    About(Framed<AboutPage>),
    Withheld(Framed<WithheldPage>),
    NotFound(Framed<NotFoundPage>),
    Search(Framed<SearchPage>),
    Region(Framed<RegionPage>),
    Year(Framed<YearPage>),
    List(Framed<ListPage>),
    Record(Framed<RecordPage>),
    Compare(Framed<super::pages::portal::ComparePage>),
    Bodies(Framed<super::pages::portal::BodiesPage>),
    SiteMap(Framed<super::pages::portal::SiteMapPage>),
    Project(Framed<super::pages::ProjectPage>),
    Unit(Framed<super::pages::UnitPage>),
}

impl PageView {
    /// The view as tera's context: its top-level keys (the frame's and the template's own)
    /// become the context's variables.
    pub fn context(&self) -> tera::TeraResult<tera::Context> {
        tera::Context::from_serialize(self)
    }

    /// What the header, navigation and footer (`header.html`, `footer.html`) read of the page:
    /// its `root` and `nav`.
    pub fn chrome(&self) -> (&str, &[Nav]) {
        macro_rules! frame {
            ($($v:ident),*) => {
                match self {
                    $(PageView::$v(f) => (&f.root, &f.nav),)*
                }
            };
        }
        frame!(
            Home, About, Withheld, NotFound, Search, Region, Year, List, Record, Compare, Bodies,
            SiteMap, Project, Unit
        )
    }
}

/// `404.html`: the frame alone.
#[derive(Serialize)]
pub struct NotFoundPage {}

/// `about.html`.
#[derive(Serialize)]
pub struct AboutPage {
    pub about_html: String,
    pub about_sections: Vec<AboutSection>,
}

#[derive(Serialize)]
pub struct AboutSection {
    pub title: String,
    pub html: String,
}

/// `withheld.html`: the register of what is not published, wholly or in part.
#[derive(Serialize)]
pub struct WithheldPage {
    /// The policy, on the register itself (not on its views).
    pub policy_html: String,
    /// The 不予公开 entries: title, kind, body, year, reason, note.
    pub entries: Vec<super::lists::Row>,
    /// The 部分公开 records: title, kind, body, year, withheld fields, withheld passages.
    pub partial: Vec<super::lists::Row>,
    pub summary: String,
    pub data_file: &'static str,
    /// The download's label: on a view, it says the file is the whole register.
    pub data_label: String,
    /// The register's sorted and filtered views, as a list's.
    pub views: ViewNav,
    /// What the view shows ("年度：2024年"); empty on the register itself.
    pub view_label: String,
    /// The column the view sorts by, and whether largest first.
    pub sorted_col: Option<usize>,
    pub sorted_desc: bool,
    /// Why the 部分公开 table is not filtered in this view, where it is not.
    pub partial_note: String,
}

/// `search.html`: the filters' choices, and the regions and years to browse without script.
#[derive(Serialize)]
pub struct SearchPage {
    pub regions: Vec<SearchRegion>,
    pub years: Vec<i32>,
    pub kinds: Vec<KindChoice>,
}

#[derive(Serialize)]
pub struct SearchRegion {
    pub id: String,
    pub name: String,
    pub url: String,
    pub years: Vec<YearLink>,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
}

#[derive(Serialize)]
pub struct KindChoice {
    pub key: String,
    pub label: String,
}

/// `home.html`: the introduction, the regions and their years, the site's totals and the
/// latest updates.
#[derive(Serialize)]
pub struct HomePage {
    pub intro_html: String,
    pub regions: Vec<HomeRegion>,
    pub totals: Vec<LabelValue>,
    pub totals_note: String,
    pub updates: Vec<Update>,
}

#[derive(Serialize)]
pub struct HomeRegion {
    pub name: String,
    pub level: String,
    pub url: String,
    pub years: Vec<HomeYear>,
}

#[derive(Serialize)]
pub struct HomeYear {
    pub year: i32,
    pub url: String,
    pub headline: Vec<Headline>,
}

/// `region.html`: a region's years, units and trend.
#[derive(Serialize)]
pub struct RegionPage {
    pub region: RegionHead,
    pub years: Vec<RegionYear>,
    pub units: Vec<UnitName>,
    pub trend: Option<Trend>,
}

#[derive(Serialize)]
pub struct RegionHead {
    pub name: String,
    pub level: String,
    /// Empty when the region has no code.
    pub code: String,
}

#[derive(Serialize)]
pub struct RegionYear {
    pub year: i32,
    pub url: String,
    pub figures: Vec<Headline>,
    pub kinds: Vec<KindLink>,
}

#[derive(Serialize)]
pub struct UnitName {
    pub id: String,
    pub name: String,
    /// The unit's page; empty when it has none.
    pub url: String,
}

/// The region a year's pages belong to, with its page.
#[derive(Serialize)]
pub struct RegionLink {
    pub name: String,
    pub url: String,
}

/// `year.html`: a body's year, its dashboard, stated figures and findings.
#[derive(Serialize)]
pub struct YearPage {
    pub region: RegionLink,
    pub year: i32,
    pub narrative_html: String,
    pub dashboard: Vec<Panel>,
    pub figures: Vec<FigTable>,
    /// 其他核算数据: the computed figures the body did not state, shown collapsed.
    pub computed: Vec<FigTable>,
    /// The collapsed section's summary: how many figures it holds.
    pub computed_summary: String,
    /// Empty when there are no figures.
    pub figures_file: String,
    /// The findings not acknowledged, as text.
    pub findings: Vec<String>,
    pub explained: Vec<Explained>,
    pub kinds: Vec<KindLink>,
}

/// A finding the body acknowledged, with its explanation.
#[derive(Serialize)]
pub struct Explained {
    pub text: String,
    pub explanation: String,
}

/// `list.html`: a kind's list of a year, or one of its sorted or filtered views.
#[derive(Serialize)]
pub struct ListPage {
    pub region: RegionLink,
    pub year: i32,
    pub kind: KindKey,
    pub summary: String,
    /// Under a filter, how many withheld entries it cannot place; empty otherwise.
    pub filter_note: String,
    /// The view's label; empty for the whole list.
    pub view_label: String,
    pub views: ViewNav,
    pub columns: Vec<ListColumn>,
    pub rows: Vec<Row>,
    /// The sums of the rows shown (their public amounts only); none under two rows.
    pub totals: Vec<super::lists::totals::TotalRow>,
    pub downloads: Vec<Download>,
}

#[derive(Serialize)]
pub struct KindKey {
    pub label: String,
    pub key: &'static str,
}

/// The links to a list's views: all, the sorts, and the filters grouped by facet.
#[derive(Serialize)]
pub struct ViewNav {
    pub all: ViewLink,
    pub sorts: Vec<ViewLink>,
    pub filters: Vec<Facet>,
}

#[derive(Serialize)]
pub struct ViewLink {
    pub label: String,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Facet {
    pub facet: String,
    pub options: Vec<ViewLink>,
}

/// A list's column header: numeric ones right-aligned, the sorted one with its `aria-sort`.
#[derive(Serialize)]
pub struct ListColumn {
    pub label: String,
    pub num: bool,
    /// `ascending`, `descending`, or empty.
    pub aria_sort: &'static str,
}

/// A data file of a list.
#[derive(Serialize)]
pub struct Download {
    pub label: String,
    pub file: String,
}

/// `record.html`: one record, its facts and what of it is withheld.
#[derive(Serialize)]
pub struct RecordPage {
    pub region: RegionLink,
    pub year: i32,
    pub kind: KindLabel,
    pub title: Cell,
    /// After the title in the heading: kind (and node), year, body.
    pub heading: String,
    /// The fiscal year and the dates the record states (never guessed).
    pub dates: Vec<Meta>,
    pub meta: Vec<Meta>,
    /// The record's project page and neighbouring steps; `None` when it names no project.
    pub trail: Option<Box<super::pages::Trail>>,
    /// None when the record is wholly public.
    pub disclosure: Option<DisclosureNote>,
    pub sections: Vec<Section>,
    pub indicators: Option<Table>,
    pub indicators_file: String,
    pub record_file: String,
    pub body_html: String,
}

/// A kind's name and its list's page.
#[derive(Serialize)]
pub struct KindLabel {
    pub label: String,
    pub url: String,
}

/// What a record's page says of its disclosure when it is not wholly public.
#[derive(Serialize)]
pub struct DisclosureNote {
    pub status: String,
    /// Empty when no reason is given.
    pub reason: String,
    pub note_html: String,
    /// How many fields and passages are withheld.
    pub fields: usize,
    pub passages: usize,
}

/// `changes.html`, the 更新记录 page (made by `format::changes_page`, through
/// `pages::extra_context`).
#[derive(Serialize)]
pub struct ChangesPage {
    pub intro: String,
    pub publications: Vec<Entry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_framed_view_has_its_keys_beside_the_frame() {
        let page = PageView::About(Framed {
            root: "../".into(),
            page: PageMeta {
                title: "t".into(),
                description: "d".into(),
                canonical: "https://x/about/".into(),
                breadcrumbs: vec![Crumb {
                    title: "首页".into(),
                    url: String::new(),
                }],
            },
            nav: Vec::new(),
            portal: Default::default(),
            view: AboutPage {
                about_html: "<p>a</p>".into(),
                about_sections: Vec::new(),
            },
        });
        let json = serde_json::json!({
                "root": "../",
                "page": { "title": "t", "description": "d", "canonical": "https://x/about/",
                          "breadcrumbs": [{ "title": "首页", "url": "" }] },
                "nav": [],
                "portal": { "column": "", "column_type": "", "article_title": "", "pub_date": "",
                            "years": [], "compare": "" },
                "about_html": "<p>a</p>",
                "about_sections": [],
        });
        assert_eq!(serde_json::to_value(&page).unwrap(), json);
        // The renderer's context is what the JSON would give tera.
        assert_eq!(
            page.context().unwrap(),
            tera::Context::from_serialize(&json).unwrap()
        );
    }
}
