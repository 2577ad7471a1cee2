//! The list page (`list.html`): a kind's list of a year, and its sorted and filtered views.

use super::super::i18n::I18n;
use super::super::lists;
use super::super::page_views::*;
use super::super::records;
use super::super::views::{self, count_summary};
use super::{region_link, year_frame};
use crate::disclose::{PublicRegion, PublicSite, PublicYear};
use crate::model::*;

/// What one rendering thread keeps between the pages it renders of one site: the rows of the
/// list it rendered last, since a list and its sorted and filtered views come one after another
/// and share them (a year with thousands of projects has a dozen views).
#[derive(Default)]
pub struct Memo {
    rows: Option<(ListAt, std::sync::Arc<Vec<lists::Row>>)>,
    /// The projects of the body rendered last, and the titles of its year's records (see
    /// `pages::record`).
    pub(super) projects: Option<(usize, std::sync::Arc<crate::view::projects::Projects>)>,
    pub(super) titles: Option<(YearAt, std::sync::Arc<Vec<String>>)>,
}

/// A body's year: region and year index.
type YearAt = (usize, usize);

/// A list: region, year and kind.
type ListAt = (usize, usize, Kind);

impl Memo {
    fn rows(
        &mut self,
        i: &I18n,
        r: &PublicRegion,
        y: &PublicYear,
        at: ListAt,
    ) -> std::sync::Arc<Vec<lists::Row>> {
        match &self.rows {
            Some((key, rows)) if *key == at => rows.clone(),
            _ => {
                let rows = std::sync::Arc::new(lists::rows(i, r, y, at.2));
                self.rows = Some((at, rows.clone()));
                rows
            }
        }
    }
}

/// The links to a list's views: all, the sorts, and the filters grouped by facet.
fn view_nav(
    i: &I18n,
    r: &PublicRegion,
    y: i32,
    k: Kind,
    views: &[lists::View],
    current: Option<usize>,
) -> ViewNav {
    let link = |n: usize, v: &lists::View| ViewLink {
        label: v.label(i, r, k),
        url: v.url(r, y, k),
        current: current == Some(n),
    };
    let sorts: Vec<ViewLink> = views
        .iter()
        .enumerate()
        .filter(|(_, v)| matches!(v, lists::View::Sort(_)))
        .map(|(n, v)| link(n, v))
        .collect();
    let mut filters: Vec<(String, Vec<ViewLink>)> = Vec::new();
    for (n, v) in views.iter().enumerate() {
        let Some((facet, value)) = v.facet(i, r) else {
            continue;
        };
        let l = ViewLink {
            label: value,
            ..link(n, v)
        };
        match filters.last_mut() {
            Some((f, ls)) if *f == facet => ls.push(l),
            _ => filters.push((facet, vec![l])),
        }
    }
    ViewNav {
        all: ViewLink {
            label: i.t("view_all"),
            url: views::list_url(r, y, k),
            current: current.is_none(),
        },
        sorts,
        filters: filters
            .into_iter()
            .map(|(facet, options)| Facet { facet, options })
            .collect(),
    }
}

/// A list's column headers: numeric ones right-aligned, the sorted one with its `aria-sort`.
fn list_columns(
    i: &I18n,
    k: Kind,
    typed: bool,
    rows: &[lists::Row],
    sorted: Option<&lists::Sort>,
) -> Vec<ListColumn> {
    let mut labels = records::list_columns(i, k);
    if typed {
        labels.push(i.t("col_scope"));
    }
    labels
        .into_iter()
        .enumerate()
        .map(|(c, label)| {
            let num = rows
                .iter()
                .any(|row| matches!(row.keys.get(c), Some(Some(lists::Key::Num(_)))));
            // Without a sort the list is in name order (`lists::rows`).
            let aria_sort = match sorted {
                Some(s) if s.col == c && s.desc => "descending",
                Some(s) if s.col == c => "ascending",
                None if c == 0 => "ascending",
                _ => "",
            };
            ListColumn {
                label,
                num,
                aria_sort,
            }
        })
        .collect()
}

pub(super) fn list(
    site: &PublicSite,
    i: &I18n,
    ri: usize,
    yi: usize,
    k: Kind,
    view: Option<usize>,
    memo: &mut Memo,
) -> PageView {
    let r = &site.regions()[ri];
    let y = &r.years()[yi];
    let all = memo.rows(i, r, y, (ri, yi, k));
    let all: &[lists::Row] = &all;
    let stubs = all.iter().filter(|row| row.stub.is_some()).count();
    let views = lists::views_of(y, k);
    let chosen = view.and_then(|n| views.get(n));
    let rows = match chosen {
        Some(v) => lists::apply(v, k, all),
        None => all.to_vec(),
    };
    let sorted = match chosen {
        Some(lists::View::Sort(n)) => lists::sorts(k).get(*n),
        _ => None,
    };
    let typed = lists::typed(y, k);
    let columns = list_columns(i, k, typed, all, sorted);
    let totals = lists::totals::totals(i, k, typed, &rows, columns.len());
    let filtered = matches!(chosen, Some(lists::View::Filter(..)));
    let summary = if filtered {
        count_summary(i, rows.len(), 0)
    } else {
        views::kind_summary(i, y, k)
    };
    let view_label = chosen.map(|v| v.label(i, r, k)).unwrap_or_default();
    let view_ctx = ListPage {
        region: region_link(r),
        year: y.year(),
        kind: KindKey {
            label: i.kind(k),
            key: k.key(),
        },
        summary,
        filter_note: if filtered && stubs > 0 {
            i.fill("filter_stub_note", &[("n", stubs.to_string())])
        } else {
            String::new()
        },
        view_label: view_label.clone(),
        views: view_nav(i, r, y.year(), k, &views, view),
        columns,
        rows,
        totals,
        downloads: list_downloads(i, r, y, k),
    };
    let mut title = format!("{} · {} · {}", r.name(), i.year(y.year()), i.kind(k));
    let url = chosen
        .map(|v| v.url(r, y.year(), k))
        .unwrap_or_else(|| views::list_url(r, y.year(), k));
    let frame = year_frame(site, i, r, y, url).portal(|p| p.column = i.kind(k));
    let frame = match chosen {
        Some(_) => frame
            .crumb(i.kind(k), views::list_url(r, y.year(), k))
            .crumb(view_label.clone(), String::new()),
        None => frame.crumb(i.kind(k), String::new()),
    };
    if chosen.is_some() {
        title = format!("{title}（{view_label}）");
    }
    let mut framed = frame.finish(title.clone(), title, view_ctx);
    if chosen.is_some() {
        // A sorted or filtered view is the list's own content: the list is its canonical page.
        let base = &site.config().base_url;
        framed.page.canonical = format!("{base}{}", views::list_url(r, y.year(), k));
    }
    PageView::List(framed)
}

/// The data files of a kind's list: the records, and their indicators where the kind has them.
fn list_downloads(i: &I18n, r: &PublicRegion, y: &PublicYear, k: Kind) -> Vec<Download> {
    let mut v = vec![Download {
        label: i.kind(k),
        file: views::data_file(r, y.year(), k.folder()),
    }];
    let has_indicators = y.records().iter().any(|p| match &p.record().data {
        RecordData::Goal(g) => p.record().kind == k && !g.indicators.is_empty(),
        RecordData::SelfEvaluation(s) => p.record().kind == k && !s.indicators.is_empty(),
        _ => false,
    });
    if has_indicators {
        v.push(Download {
            label: format!("{} · {}", i.kind(k), i.t("indicators")),
            file: views::data_file(r, y.year(), &format!("{}-indicators", k.folder())),
        });
    }
    v
}
