//! The project page (`project.html`): one project of a body across its years, step by step
//! (goal → 事前评估 → each monitoring node → self-evaluation → evaluation), each step's figures
//! as its record's page shows them. The grouping is `view::projects`.

use super::super::basis;
use super::super::cells::*;
use super::super::i18n::I18n;
use super::super::projects::{self, At, Group, Projects};
use super::super::views;
use super::{Frame, region_link};
use crate::disclose::{PublicRegion, PublicSite};
use crate::figures::score;
use crate::model::*;
use serde::Serialize;

/// A link: its name and URL.
#[derive(Serialize, Clone)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// One step of a project's timeline: a record, with the figures its page shows.
#[derive(Serialize)]
pub struct Step {
    /// The kind, with the monitoring node or evaluation type: unique within its year.
    pub label: String,
    pub url: String,
    /// The dates the record states (monitoring node, publication date); empty when none.
    pub date: String,
    /// The amount's name (资金总额, 核定金额, 预算数…) and the amount.
    pub amount_label: String,
    pub amount: Cell,
    pub executed: Cell,
    pub score: Cell,
    /// Grade, conclusion or flag.
    pub result: Cell,
    /// Whether the record is 部分公开.
    pub partial: bool,
}

/// A year of a project's timeline.
#[derive(Serialize)]
pub struct TimelineYear {
    pub year: i32,
    pub heading: String,
    pub steps: Vec<Step>,
}

/// `project.html`.
#[derive(Serialize)]
pub struct ProjectPage {
    pub region: super::RegionLink,
    pub name: String,
    /// Empty when the project has no code.
    pub code: String,
    pub unit: Option<Link>,
    /// 2023年度—2024年度.
    pub years_text: String,
    /// How many records, computed from the records on the site.
    pub count_text: String,
    pub years: Vec<TimelineYear>,
    /// What the page leaves out: records whose project identity is partly withheld.
    pub note: String,
}

/// A month in the page's language: 2024年5月, May 2024.
pub fn month(i: &I18n, m: Month) -> String {
    match chrono::NaiveDate::from_ymd_opt(m.year, m.month, 1) {
        Some(d) if !i.zh() => d.format("%B %Y").to_string(),
        _ => format!("{}年{}月", m.year, m.month),
    }
}

/// A record's step label: its kind, and its monitoring node or evaluation type.
pub fn step_label(i: &I18n, r: &Record) -> String {
    match &r.data {
        RecordData::Monitoring(m) => format!("{} · {}", i.kind(r.kind), month(i, m.node)),
        RecordData::Evaluation(e) => i.name(e.eval_type.zh(), e.eval_type.en()),
        _ => i.kind(r.kind),
    }
}

/// The dates a record states, as text; empty when it states none.
pub fn stated_dates(i: &I18n, r: &Record) -> String {
    let mut out = Vec::new();
    if let RecordData::Monitoring(m) = &r.data {
        out.push(format!(
            "{}{}{}",
            i.t("field_node"),
            i.t("colon"),
            month(i, m.node)
        ));
    }
    if let Some(d) = r.data.published_on() {
        out.push(format!(
            "{}{}{}",
            i.t("field_published_on"),
            i.t("colon"),
            i.date(d)
        ));
    }
    out.join("；")
}

/// The figures of a step as the record's page shows them: amount (with its name), executed,
/// score and result.
fn figures(i: &I18n, r: &Record) -> (String, Cell, Cell, Cell, Cell) {
    let grade = |g: &Option<Pub<Grade>>| opt_cell(i, g, |g| i.name(g.zh(), g.en()));
    match &r.data {
        RecordData::Goal(g) => (
            i.t("field_funds_total"),
            money_cell(i, &g.total),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
        ),
        RecordData::ExAnte(e) => (
            i.t("field_approved"),
            money_cell(i, &e.approved),
            Cell::empty(),
            opt_cell(i, &e.score, decimal),
            cell(i, &e.conclusion, |c| i.name(c.zh(), c.en())),
        ),
        RecordData::Monitoring(m) => (
            i.t("field_budget"),
            money_cell(i, &m.budget),
            money_cell(i, &m.executed),
            Cell::empty(),
            opt_cell(i, &m.flag, |f| i.name(f.zh(), f.en())),
        ),
        RecordData::SelfEvaluation(s) => {
            // The stated score; where none is stated, the score the page computes from the
            // indicators, said to be computed.
            let sc = match (&s.score, score::self_evaluation_score(s)) {
                (Some(p), _) => cell(i, p, decimal),
                (None, Some(c)) => Cell::text(format!("{c}（{}）", i.t("project_score_computed"))),
                (None, None) => Cell::empty(),
            };
            (
                i.t("field_adjusted"),
                money_cell(i, &s.adjusted),
                money_cell(i, &s.executed),
                sc,
                grade(&score::self_evaluation_grade(s)),
            )
        }
        RecordData::Evaluation(e) => (
            i.t("field_funds"),
            money_cell(i, &e.funds),
            Cell::empty(),
            opt_cell(i, &e.score, decimal),
            grade(&e.grade),
        ),
    }
}

/// One step of the timeline.
fn step(i: &I18n, r: &PublicRegion, at: At) -> Step {
    let y = &r.years()[at.0];
    let p = &y.records()[at.1];
    let rec = p.record();
    let (amount_label, amount, executed, score, result) = figures(i, rec);
    Step {
        label: step_label(i, rec),
        url: views::record_url(r, y.year(), rec.kind, &rec.id),
        date: stated_dates(i, rec),
        amount_label,
        amount,
        executed,
        score,
        result,
        partial: p.withheld_fields() + p.withheld_passages() > 0,
    }
}

/// A project's steps by year; two steps of one year with the same label get the record id.
fn timeline(i: &I18n, r: &PublicRegion, g: &Group) -> Vec<TimelineYear> {
    let mut years: Vec<TimelineYear> = Vec::new();
    for at in &g.steps {
        let year = r.years()[at.0].year();
        let s = step(i, r, *at);
        match years.last_mut() {
            Some(y) if y.year == year => y.steps.push(s),
            _ => years.push(TimelineYear {
                year,
                heading: i.year(year),
                steps: vec![s],
            }),
        }
    }
    for y in &mut years {
        let labels: Vec<String> = y.steps.iter().map(|s| s.label.clone()).collect();
        for (n, s) in y.steps.iter_mut().enumerate() {
            if labels.iter().filter(|l| **l == labels[n]).count() > 1 {
                let id = s.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                s.label = format!("{} · {id}", s.label);
            }
        }
    }
    years
}

/// The project's title: its name, code and unit, so that no two projects' titles are alike.
pub fn project_title(r: &PublicRegion, g: &Group) -> String {
    let mut t = g.name.clone();
    if let Some(c) = &g.code {
        t = format!("{t}（{c}）");
    }
    if let Some(u) = &g.unit {
        t = format!("{t} · {}", r.unit_name(u));
    }
    t
}

/// The project page of the `gi`th project of the `ri`th body.
pub(super) fn project(
    site: &PublicSite,
    i: &I18n,
    ri: usize,
    projects: &Projects,
    gi: usize,
) -> super::PageView {
    let r = &site.regions()[ri];
    let g = &projects.groups[gi];
    let years = timeline(i, r, g);
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a.year != b.year => format!("{}—{}", a.heading, b.heading),
        (Some(a), _) => a.heading.clone(),
        _ => String::new(),
    };
    let count_text = format!(
        "{}{}{}",
        basis::computed_label(
            i,
            basis::Covered {
                records: g.steps.len(),
                partial: false
            }
        ),
        i.t("colon"),
        i.fill("project_count", &[("n", i.int(g.steps.len() as u64))])
    );
    let unit = g
        .unit
        .as_ref()
        .filter(|u| projects.units.contains(*u))
        .map(|u| Link {
            name: r.unit_name(u),
            url: projects::unit_url(r, u),
        });
    let view = ProjectPage {
        region: region_link(r),
        name: g.name.clone(),
        code: g.code.clone().unwrap_or_default(),
        unit,
        years_text: span,
        count_text,
        years,
        note: i.t("project_note"),
    };
    let title = format!(
        "{} · {} · {}",
        project_title(r, g),
        i.t("project_kind"),
        r.name()
    );
    let url = projects::project_url(r, &g.slug);
    let desc = i.fill(
        "project_description",
        &[("name", g.name.clone()), ("region", r.name().to_string())],
    );
    super::PageView::Project(
        Frame::new(i, site, url)
            .crumb(r.name().to_string(), views::region_url(r))
            .crumb(project_title(r, g), String::new())
            .finish(title, desc, view),
    )
}

/// The project and unit pages of the `ri`th body: every project by slug, then every unit
/// with a page.
pub(super) fn jobs(ri: usize, r: &PublicRegion) -> Vec<super::Job> {
    let p = Projects::of(r);
    let mut jobs: Vec<super::Job> = p
        .groups
        .iter()
        .map(|g| super::Job::Project(ri, g.slug.clone()))
        .collect();
    jobs.extend(
        r.units()
            .iter()
            .enumerate()
            .filter(|(_, u)| p.units.contains(&u.id))
            .map(|(ui, _)| super::Job::Unit(ri, ui)),
    );
    jobs
}

/// Template, URL and view of the page of the project `slug` of the `ri`th body.
pub(super) fn project_page(
    site: &PublicSite,
    i: &I18n,
    (ri, slug): (usize, &str),
    memo: &mut super::Memo,
) -> (&'static str, String, super::PageView) {
    let r = &site.regions()[ri];
    let p = memo.projects(site, ri);
    let gi = p
        .groups
        .binary_search_by(|g| g.slug.as_str().cmp(slug))
        .unwrap_or_default();
    (
        "project.html",
        projects::project_url(r, slug),
        project(site, i, ri, &p, gi),
    )
}

/// Template, URL and view of the page of the `ui`th unit of the `ri`th body.
pub(super) fn unit_page(
    site: &PublicSite,
    i: &I18n,
    (ri, ui): (usize, usize),
    memo: &mut super::Memo,
) -> (&'static str, String, super::PageView) {
    let r = &site.regions()[ri];
    let p = memo.projects(site, ri);
    (
        "unit.html",
        projects::unit_url(r, &r.units()[ui].id),
        super::unit::unit(site, i, ri, ui, &p),
    )
}

/// The units of a body, each with its page where it has one.
pub(super) fn unit_names(r: &PublicRegion) -> Vec<super::UnitName> {
    let with_pages = projects::units_with_pages(r);
    r.units()
        .iter()
        .map(|u| super::UnitName {
            id: u.id.clone(),
            name: u.name.clone(),
            url: if with_pages.contains(u.id.as_str()) {
                projects::unit_url(r, &u.id)
            } else {
                String::new()
            },
        })
        .collect()
}
