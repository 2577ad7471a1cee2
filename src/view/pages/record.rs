//! The record page (`record.html`): one record's facts, what of it is withheld, the dates it
//! states, its unit's page, and its place in its project's timeline (the project's page and the
//! previous and next steps). Its title and heading name project, kind (and monitoring node),
//! year and body; where two records of a year would still read alike, the unit and then the
//! record id tell them apart.

use super::super::cells::{Cell, html};
use super::super::i18n::I18n;
use super::super::page_views::*;
use super::super::projects::{self, At, Identity, Projects};
use super::super::records::{self, Meta};
use super::super::views;
use super::project::{Link, month, project_title, step_label};
use super::{Memo, PageView, region_link, year_frame};
use crate::disclose::{PublicRegion, PublicSite, PublicYear};
use crate::model::*;
use serde::Serialize;
use std::sync::Arc;

/// A neighbouring step of a record in its project's timeline.
#[derive(Serialize)]
pub struct Neighbour {
    /// 上一环节 / 下一环节.
    pub rel: String,
    /// Year, kind and node of the step: unique on the page.
    pub label: String,
    pub url: String,
}

/// A record's place among its project's records.
#[derive(Serialize)]
pub struct Trail {
    /// The project's page; `None` when the record's project identity is withheld.
    pub project: Option<Link>,
    /// Why the record is not linked to a project (its name or code is withheld); else empty.
    pub note: String,
    pub neighbours: Vec<Neighbour>,
}

impl Memo {
    /// The projects of the `ri`th body, made once per body and thread.
    pub(super) fn projects(&mut self, site: &PublicSite, ri: usize) -> Arc<Projects> {
        match &self.projects {
            Some((at, p)) if *at == ri => p.clone(),
            _ => {
                let p = Arc::new(Projects::of(&site.regions()[ri]));
                self.projects = Some((ri, p.clone()));
                p
            }
        }
    }

    /// The titles of a year's records, made once per year and thread.
    fn titles(&mut self, i: &I18n, r: &PublicRegion, y: &PublicYear, at: At) -> Arc<Vec<String>> {
        match &self.titles {
            Some((k, t)) if *k == at => t.clone(),
            _ => {
                let t = Arc::new(year_titles(i, r, y));
                self.titles = Some((at, t.clone()));
                t
            }
        }
    }
}

/// A record's title cell as text: the project name, or its withheld marker.
fn title_text(c: &Cell) -> String {
    if c.withheld.is_empty() {
        c.text.clone()
    } else {
        c.withheld.clone()
    }
}

/// The heading of a record after its title: kind (and node or evaluation type), year, body.
fn heading(i: &I18n, r: &PublicRegion, y: &PublicYear, rec: &Record) -> String {
    format!(
        "{} · {} · {}",
        step_label(i, rec),
        i.year(y.year()),
        r.name()
    )
}

/// The distinguishing title of every record of a year: title and step; where two read alike,
/// with the unit; where still alike, with the record id.
fn year_titles(i: &I18n, r: &PublicRegion, y: &PublicYear) -> Vec<String> {
    let base: Vec<String> = y
        .records()
        .iter()
        .map(|p| {
            let rec = p.record();
            format!(
                "{} · {}",
                title_text(&records::title(i, r, rec)),
                step_label(i, rec)
            )
        })
        .collect();
    let with = |names: &[String], n: usize, extra: &dyn Fn(&Record) -> String| {
        let rec = y.records()[n].record();
        let dup = names.iter().filter(|t| **t == names[n]).count() > 1;
        if dup {
            format!("{} · {}", names[n], extra(rec))
        } else {
            names[n].clone()
        }
    };
    let unit = |rec: &Record| {
        projects::record_unit(rec)
            .map(|u| r.unit_name(u))
            .unwrap_or_else(|| rec.id.clone())
    };
    let by_unit: Vec<String> = (0..base.len()).map(|n| with(&base, n, &unit)).collect();
    (0..base.len())
        .map(|n| with(&by_unit, n, &|rec: &Record| rec.id.clone()))
        .collect()
}

/// The dates a record's page shows: the fiscal year, the dates the record states, and the
/// site's publication date of the year where known (labelled as the site's).
fn dates(i: &I18n, y: &PublicYear, rec: &Record) -> Vec<Meta> {
    let meta = |key: &str, text: String| Meta {
        label: i.t(key),
        cell: Cell::text(text),
        url: String::new(),
    };
    let mut out = vec![meta("record_fiscal_year", i.year(y.year()))];
    if let RecordData::Monitoring(m) = &rec.data {
        out.push(meta("field_node", month(i, m.node)));
    }
    if let Some(d) = rec.data.published_on() {
        out.push(meta("record_stated_date", i.date(d)));
    }
    if let Some(d) = y.published_on() {
        out.push(meta("record_site_date", i.date(d)));
    }
    out
}

/// The record's place in its project: the project's page and the previous and next steps.
fn trail(i: &I18n, r: &PublicRegion, projects: &Projects, at: At, rec: &Record) -> Option<Trail> {
    match projects::identity(rec) {
        Identity::None => return None,
        Identity::Withheld => {
            return Some(Trail {
                project: None,
                note: i.t("record_project_withheld"),
                neighbours: Vec::new(),
            });
        }
        _ => {}
    }
    let (g, pos) = projects.place(at)?;
    let step = |rel: &str, at: &At| {
        let y = &r.years()[at.0];
        let rec = y.records()[at.1].record();
        Neighbour {
            rel: i.t(rel),
            label: format!("{} · {}", i.year(y.year()), step_label(i, rec)),
            url: views::record_url(r, y.year(), rec.kind, &rec.id),
        }
    };
    let mut neighbours = Vec::new();
    if let Some(prev) = pos.checked_sub(1).and_then(|p| g.steps.get(p)) {
        neighbours.push(step("record_previous", prev));
    }
    if let Some(next) = g.steps.get(pos + 1) {
        neighbours.push(step("record_next", next));
    }
    if neighbours.len() == 2 && neighbours[0].label == neighbours[1].label {
        for (n, s) in neighbours.iter_mut().zip([pos - 1, pos + 1]) {
            let rec = r.years()[g.steps[s].0].records()[g.steps[s].1].record();
            n.label = format!("{} · {}", n.label, rec.id);
        }
    }
    Some(Trail {
        project: Some(Link {
            name: project_title(r, g),
            url: projects::project_url(r, &g.slug),
        }),
        note: String::new(),
        neighbours,
    })
}

pub(super) fn record(
    site: &PublicSite,
    i: &I18n,
    (ri, yi, n): (usize, usize, usize),
    memo: &mut Memo,
) -> PageView {
    let r = &site.regions()[ri];
    let y = &r.years()[yi];
    let p = &y.records()[n];
    let rec = p.record();
    let projects = memo.projects(site, ri);
    let titles = memo.titles(i, r, y, (ri, yi));
    let mut facts = records::facts(i, r, p);
    if let Some(u) = projects::record_unit(rec).filter(|u| projects.units.contains(*u)) {
        let label = i.t("field_unit");
        for m in facts.meta.iter_mut().filter(|m| m.label == label) {
            m.url = projects::unit_url(r, u);
        }
    }
    let d = &rec.disclosure;
    let status = p.shown_status();
    let disclosure = (status != DisclosureStatus::Public).then(|| DisclosureNote {
        status: i.name(status.zh(), status.en()),
        reason: d.reason.map(|x| i.reason(x)).unwrap_or_default(),
        note_html: d.note.as_ref().map(|n| html(i, n)).unwrap_or_default(),
        fields: p.withheld_fields(),
        passages: p.withheld_passages(),
    });
    let crumb = title_text(&facts.title);
    let view = RecordPage {
        region: region_link(r),
        year: y.year(),
        kind: KindLabel {
            label: i.kind(rec.kind),
            url: views::list_url(r, y.year(), rec.kind),
        },
        heading: heading(i, r, y, rec),
        title: facts.title,
        dates: dates(i, y, rec),
        meta: facts.meta,
        trail: trail(i, r, &projects, (yi, n), rec).map(Box::new),
        disclosure,
        sections: facts.sections,
        indicators: facts.indicators,
        indicators_file: views::data_file(
            r,
            y.year(),
            &format!("{}-indicators", rec.kind.folder()),
        ),
        record_file: views::data_file(r, y.year(), rec.kind.folder()),
        body_html: facts.body_html,
    };
    let title = format!("{} · {} · {}", titles[n], i.year(y.year()), r.name());
    let desc = format!("{} · {} · {}", r.name(), i.year(y.year()), i.kind(rec.kind));
    let frame = year_frame(
        site,
        i,
        r,
        y,
        views::record_url(r, y.year(), rec.kind, &rec.id),
    )
    .crumb(i.kind(rec.kind), views::list_url(r, y.year(), rec.kind))
    .crumb(crumb.clone(), String::new())
    .portal(|f| {
        f.column = i.kind(rec.kind);
        f.article_title = crumb;
        f.pub_date = rec
            .data
            .published_on()
            .map(|d| d.to_string())
            .unwrap_or_default();
    })
    .finish(title, desc, view);
    PageView::Record(frame)
}
