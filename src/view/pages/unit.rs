//! The unit page (`unit.html`): the public records of one unit of a body across its years,
//! by year and kind, each linked with its project's page where it has one. A unit has a page
//! when it has at least one public record (`view::projects::units_with_pages`); its counts are
//! of the records listed, computed from the records on the site.

use super::super::basis;
use super::super::cells::Cell;
use super::super::i18n::I18n;
use super::super::projects::{self, Projects, record_unit, step_order};
use super::super::records;
use super::super::views;
use super::project::{Link, stated_dates, step_label};
use super::{Frame, region_link};
use crate::disclose::PublicSite;
use serde::Serialize;

/// A record in a unit's list.
#[derive(Serialize)]
pub struct UnitRecord {
    pub title: Cell,
    /// The step label (kind, monitoring node or evaluation type) and year, read after the title
    /// so that each link's name is unique on the page.
    pub label: String,
    pub url: String,
    pub date: String,
    pub project: Option<Link>,
}

/// A kind's records of a year.
#[derive(Serialize)]
pub struct UnitKind {
    pub kind: String,
    pub records: Vec<UnitRecord>,
}

#[derive(Serialize)]
pub struct UnitYear {
    pub year: i32,
    pub heading: String,
    pub kinds: Vec<UnitKind>,
}

/// `unit.html`.
#[derive(Serialize)]
pub struct UnitPage {
    pub region: super::RegionLink,
    pub name: String,
    pub count_text: String,
    /// Newest first.
    pub years: Vec<UnitYear>,
}

/// The page of the `ui`th unit of the `ri`th body.
pub(super) fn unit(
    site: &PublicSite,
    i: &I18n,
    ri: usize,
    ui: usize,
    projects: &Projects,
) -> super::PageView {
    let r = &site.regions()[ri];
    let u = &r.units()[ui];
    let mut years = Vec::new();
    let mut count = 0;
    for (yi, y) in r.years().iter().enumerate().rev() {
        let mut mine: Vec<usize> = (0..y.records().len())
            .filter(|n| record_unit(y.records()[*n].record()) == Some(u.id.as_str()))
            .collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by_key(|n| step_order(y.records()[*n].record()));
        count += mine.len();
        let mut kinds: Vec<UnitKind> = Vec::new();
        for n in mine {
            let rec = y.records()[n].record();
            let project = projects.place((yi, n)).map(|(g, _)| Link {
                name: project_title_in_unit(g),
                url: projects::project_url(r, &g.slug),
            });
            let row = UnitRecord {
                title: records::title(i, r, rec),
                label: format!("{} · {}", step_label(i, rec), i.year(y.year())),
                url: views::record_url(r, y.year(), rec.kind, &rec.id),
                date: stated_dates(i, rec),
                project,
            };
            match kinds.last_mut() {
                Some(k) if k.kind == i.kind(rec.kind) => k.records.push(row),
                _ => kinds.push(UnitKind {
                    kind: i.kind(rec.kind),
                    records: vec![row],
                }),
            }
        }
        years.push(UnitYear {
            year: y.year(),
            heading: i.year(y.year()),
            kinds,
        });
    }
    let count_text = format!(
        "{}{}{}",
        basis::computed_label(
            i,
            basis::Covered {
                records: count,
                partial: false
            }
        ),
        i.t("colon"),
        i.fill("unit_count", &[("n", i.int(count as u64))])
    );
    let view = UnitPage {
        region: region_link(r),
        name: u.name.clone(),
        count_text,
        years,
    };
    let title = format!("{} · {} · {}", u.name, i.t("unit_kind"), r.name());
    let desc = i.fill(
        "unit_description",
        &[("name", u.name.clone()), ("region", r.name().to_string())],
    );
    super::PageView::Unit(
        Frame::new(i, site, projects::unit_url(r, &u.id))
            .crumb(r.name().to_string(), views::region_url(r))
            .crumb(u.name.clone(), String::new())
            .finish(title, desc, view),
    )
}

/// A project's name on its unit's page: with its code, without the unit.
fn project_title_in_unit(g: &projects::Group) -> String {
    match &g.code {
        Some(c) => format!("{}（{c}）", g.name),
        None => g.name.clone(),
    }
}
