//! View models of the record pages and the per-kind lists, built from the public model.
//!
//! Each record kind decides which facts its page shows (metadata, Markdown sections, the
//! indicator table) and which columns its list has; templates only lay them out. No I/O here.

use super::cells::*;
use super::i18n::I18n;
use crate::disclose::{PublicRecord, PublicRegion};
use crate::figures::score;
use crate::model::words::Achieved;
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub label: String,
    pub cell: Cell,
    /// The page of what the value names (a unit's page); empty when none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    /// A class per column: `num` right-aligns, `status` is 达成情况, `op` the operator.
    pub classes: Vec<&'static str>,
    /// Each row's first cell is the indicator's name, its row header.
    pub rows: Vec<Vec<Cell>>,
}

/// The facts of one record page.
#[derive(Debug, Clone, Serialize)]
pub struct RecordFacts {
    pub title: Cell,
    pub meta: Vec<Meta>,
    pub sections: Vec<Section>,
    pub indicators: Option<Table>,
    pub body_html: String,
}

struct B<'a> {
    i: &'a I18n,
    meta: Vec<Meta>,
    sections: Vec<Section>,
}

impl B<'_> {
    fn m(&mut self, key: &str, cell: Cell) {
        if cell.text.is_empty() && cell.withheld.is_empty() {
            return;
        }
        self.meta.push(Meta {
            label: self.i.t(key),
            cell,
            url: String::new(),
        });
    }

    fn s(&mut self, key: &str, t: &Option<Pub<Text>>) {
        if let Some(t) = t {
            self.sections.push(Section {
                heading: self.i.t(key),
                html: pub_html(self.i, t),
            });
        }
    }
}

fn project_meta(b: &mut B, p: &Option<Project>) {
    if let Some(p) = p {
        let code = opt_cell(b.i, &p.code, |c| c.clone());
        b.m("field_project_code", code);
    }
}

/// The record's title cell: project name, unit-wide title or report title.
pub fn title(i: &I18n, region: &PublicRegion, r: &Record) -> Cell {
    let t = r.title_text(|u| region.unit_name(u));
    let c = text_cell(i, &t);
    match (&r.data, c.withheld.is_empty()) {
        (RecordData::Goal(g), true) if g.scope == Scope::Unit => {
            Cell::text(format!("{}（{}）", c.text, i.t("scope_unit")))
        }
        _ => c,
    }
}

/// What a record's page shows: its title, its facts by kind, its Markdown sections, its
/// indicator table and (an evaluation's) its report.
pub fn facts(i: &I18n, region: &PublicRegion, pr: &PublicRecord) -> RecordFacts {
    let r = pr.record();
    let mut b = B {
        i,
        meta: Vec::new(),
        sections: Vec::new(),
    };
    let mut indicators = None;
    let mut body_html = String::new();
    match &r.data {
        RecordData::Goal(g) => indicators = Some(goal(&mut b, region, g)),
        RecordData::ExAnte(e) => ex_ante(&mut b, region, e),
        RecordData::Monitoring(m) => monitoring(&mut b, region, m),
        RecordData::SelfEvaluation(s) => indicators = Some(self_evaluation(&mut b, region, s)),
        RecordData::Evaluation(e) => body_html = evaluation(&mut b, region, e),
    }
    // An evaluation shows its date among its own facts above; other kinds after theirs.
    if r.kind != Kind::Evaluation
        && let Some(d) = r.data.published_on()
    {
        b.m("field_published_on", Cell::text(i.date(d)));
    }
    RecordFacts {
        title: title(i, region, r),
        meta: b.meta,
        sections: b.sections,
        indicators,
        body_html,
    }
}

/// A unit of the body, by its name.
fn unit(region: &PublicRegion, u: &str) -> Cell {
    Cell::text(region.unit_name(u))
}

/// A goal's facts; its indicator table.
fn goal(b: &mut B, region: &PublicRegion, g: &Goal) -> Table {
    let i = b.i;
    b.m("field_unit", unit(region, &g.unit));
    b.m(
        "field_scope",
        Cell::text(i.name(g.scope.zh(), g.scope.en())),
    );
    project_meta(b, &g.project);
    b.m("field_funds_total", money_cell(i, &g.total));
    b.m("field_funds_fiscal", opt_cell(i, &g.fiscal, |m| i.money(m)));
    b.m("field_funds_other", opt_cell(i, &g.other, |m| i.money(m)));
    b.s("field_objective", &g.objective);
    indicator_table(i, &g.indicators, None)
}

/// An ex-ante assessment's facts, with its cut where both amounts are shown.
fn ex_ante(b: &mut B, region: &PublicRegion, e: &ExAnte) {
    let i = b.i;
    b.m("field_unit", unit(region, &e.unit));
    project_meta(b, &Some(e.project.clone()));
    b.m("field_requested", money_cell(i, &e.requested));
    b.m("field_approved", money_cell(i, &e.approved));
    if let (Pub::Shown(q), Pub::Shown(a)) = (&e.requested, &e.approved) {
        let cut = Money::from_fen(q.fen - a.fen);
        b.m("field_cut", Cell::text(i.money(&cut)));
        b.m("field_cut_rate", rate(i, &Pub::Shown(cut), &e.requested));
    }
    b.m(
        "field_conclusion",
        cell(i, &e.conclusion, |c| i.name(c.zh(), c.en())),
    );
    b.m("field_score", opt_cell(i, &e.score, decimal));
    b.s("field_note", &e.note);
}

/// A monitoring record's facts.
fn monitoring(b: &mut B, region: &PublicRegion, m: &Monitoring) {
    let i = b.i;
    b.m("field_node", Cell::text(m.node.to_string()));
    b.m("field_unit", unit(region, &m.unit));
    project_meta(b, &m.project);
    b.m("field_budget", money_cell(i, &m.budget));
    b.m("field_executed", money_cell(i, &m.executed));
    b.m("field_rate", rate(i, &m.executed, &m.budget));
    b.m(
        "field_flag",
        opt_cell(i, &m.flag, |f| i.name(f.zh(), f.en())),
    );
    b.s("field_deviation", &m.deviation);
    b.s("field_measures", &m.measures);
}

/// A self-evaluation's facts, with the score computed from its indicators; its indicator
/// table with actuals and scores.
fn self_evaluation(b: &mut B, region: &PublicRegion, s: &SelfEvaluation) -> Table {
    let i = b.i;
    b.m("field_unit", unit(region, &s.unit));
    b.m(
        "field_scope",
        Cell::text(i.name(s.scope.zh(), s.scope.en())),
    );
    project_meta(b, &s.project);
    b.m("field_initial", opt_cell(i, &s.initial, |m| i.money(m)));
    b.m("field_adjusted", money_cell(i, &s.adjusted));
    b.m("field_budget_executed", money_cell(i, &s.executed));
    b.m("field_rate", rate(i, &s.executed, &s.adjusted));
    b.m("field_score", opt_cell(i, &s.score, decimal));
    if let (Some(c), false) = (
        score::self_evaluation_score(s),
        s.score.as_ref().is_some_and(Pub::is_withheld),
    ) {
        b.m("field_computed_score", Cell::text(c.to_string()));
    }
    let grade = score::self_evaluation_grade(s);
    b.m(
        "field_grade",
        opt_cell(i, &grade, |g| i.name(g.zh(), g.en())),
    );
    b.s("field_planned", &s.planned);
    b.s("field_achieved", &s.achieved);
    indicator_table(i, &s.indicators, Some(s.eq_scoring))
}

/// An evaluation's facts (with its date); its report as HTML.
fn evaluation(b: &mut B, region: &PublicRegion, e: &Evaluation) -> String {
    let i = b.i;
    b.m(
        "field_type",
        Cell::text(i.name(e.eval_type.zh(), e.eval_type.en())),
    );
    let subject = match &e.subject {
        Subject::Project(p) => text_cell(i, &p.name),
        Subject::Unit(u) => unit(region, u),
        Subject::Region(_) => Cell::text(region.name().to_string()),
    };
    b.m("field_subject", subject);
    if let Some(u) = &e.unit {
        b.m("field_unit", unit(region, u));
    }
    b.m(
        "field_evaluator",
        opt_cell(i, &e.evaluator, |t| plain(i, t)),
    );
    b.m("field_funds", money_cell(i, &e.funds));
    b.m("field_score", opt_cell(i, &e.score, decimal));
    b.m(
        "field_grade",
        opt_cell(i, &e.grade, |g| i.name(g.zh(), g.en())),
    );
    b.m("field_findings", opt_cell(i, &e.findings, u64::to_string));
    b.m("field_rectified", opt_cell(i, &e.rectified, u64::to_string));
    if let Some(d) = e.published_on {
        b.m("field_published_on", Cell::text(i.date(d)));
    }
    e.body
        .as_ref()
        .map(|body| pub_html(i, body))
        .unwrap_or_default()
}

/// An indicator table; a self-evaluation's (with actuals, 达成情况 and scores) scored by
/// `scoring`. The columns a reader looks for come first (name, operator, target, actual,
/// 达成情况), the levels last; the name is each row's header.
fn indicator_table(i: &I18n, inds: &[Indicator], scoring: Option<EqScoring>) -> Table {
    let actuals = scoring.is_some();
    let mut cols: Vec<(&str, &'static str)> = vec![("col_level3", ""), ("col_op", "op")];
    cols.push(("col_target", ""));
    if actuals {
        cols.extend([("col_actual", ""), ("col_achieved", "status")]);
    }
    cols.push(("col_weight", "num"));
    if actuals {
        cols.extend([("col_score", "num"), ("col_deviation", "")]);
    }
    cols.extend([("col_level1", ""), ("col_level2", "")]);
    let rows = inds
        .iter()
        .map(|ind| indicator_row(i, ind, scoring))
        .collect();
    Table {
        columns: cols.iter().map(|(k, _)| i.t(k)).collect(),
        classes: cols.iter().map(|(_, c)| *c).collect(),
        rows,
    }
}

/// One row of [`indicator_table`], in its column order.
fn indicator_row(i: &I18n, ind: &Indicator, scoring: Option<EqScoring>) -> Vec<Cell> {
    let unit = ind.unit.clone().unwrap_or_default();
    let with_unit = |v: &String| {
        if unit.is_empty() || ind.op == Op::Qualitative {
            v.clone()
        } else {
            format!("{v}{unit}")
        }
    };
    let mut row = vec![
        text_cell(i, &ind.name),
        Cell::text(match ind.op {
            Op::Qualitative => i.name(ind.op.zh(), ind.op.en()),
            op => op.zh().to_string(),
        }),
        cell(i, &ind.target, with_unit),
    ];
    if let Some(eq) = scoring {
        row.push(opt_cell(i, &ind.actual, with_unit));
        row.push(achieved_cell(i, ind));
        row.push(opt_cell(i, &ind.weight, decimal));
        row.push(match &ind.score {
            Some(Pub::Withheld(r)) => Cell::withheld(i, *r),
            _ => score::indicator_score(ind, eq)
                .map(|d| Cell::text(score::indicator_score_text(ind, d)))
                .unwrap_or_else(Cell::empty),
        });
        row.push(opt_cell(i, &ind.deviation, |t| plain(i, t)));
    } else {
        row.push(opt_cell(i, &ind.weight, decimal));
    }
    row.push(Cell::text(i.name(ind.level1.zh(), ind.level1.en())));
    row.push(Cell::text(i.name(ind.level2.zh(), ind.level2.en())));
    row
}

/// 达成情况 of an indicator, from its shown target and actual only
/// ([`score::indicator_achieved`]): the marker where either is withheld (a status would
/// narrow the withheld value), "—" where it cannot be told.
pub fn achieved_cell(i: &I18n, ind: &Indicator) -> Cell {
    let withheld = match (&ind.actual, &ind.target) {
        (Some(Pub::Withheld(r)), _) | (_, Pub::Withheld(r)) => Some(*r),
        _ => None,
    };
    if let Some(r) = withheld {
        return Cell::withheld(i, r);
    }
    let key = match score::indicator_achieved(ind) {
        Some(Achieved::Fully) => "achieved_fully",
        Some(Achieved::Partly) => "achieved_partly",
        Some(Achieved::Not) => "achieved_not",
        None => return Cell::text("—"),
    };
    Cell::text(i.t(key))
}

/// Columns of a kind's list.
pub fn list_columns(i: &I18n, kind: Kind) -> Vec<String> {
    let keys: &[&str] = match kind {
        Kind::Goal => &[
            "col_title",
            "field_unit",
            "field_funds_total",
            "col_indicator_count",
        ],
        Kind::ExAnte => &[
            "col_title",
            "field_unit",
            "field_requested",
            "field_approved",
            "field_conclusion",
        ],
        Kind::Monitoring => &[
            "col_title",
            "field_node",
            "field_budget",
            "field_executed",
            "field_rate",
            "field_flag",
        ],
        Kind::SelfEvaluation => &[
            "col_title",
            "field_unit",
            "field_adjusted",
            "field_budget_executed",
            "field_score",
            "field_grade",
        ],
        Kind::Evaluation => &[
            "col_title",
            "field_type",
            "field_funds",
            "field_score",
            "field_grade",
            "field_published_on",
        ],
    };
    keys.iter().map(|k| i.t(k)).collect()
}

/// A monitoring record's title with its node, so the links to two nodes of one project differ
/// (unless the title already names the month).
fn with_node(i: &I18n, c: Cell, node: Month) -> Cell {
    let iso = node.to_string();
    let zh = format!("{}年{}月", node.year, node.month);
    suffixed(i, c, &iso, &[&iso, &zh])
}

/// A unit-wide self-evaluation's title (the unit's name) marked as such, so its link differs
/// from the link to the unit's records beside it (unless the title already says so).
fn with_scope(i: &I18n, c: Cell) -> Cell {
    let scope = i.t("scope_unit");
    suffixed(i, c, &scope, &[&scope])
}

/// `c` with `（suffix）` after it, unless withheld or it already holds one of `already`.
fn suffixed(i: &I18n, c: Cell, suffix: &str, already: &[&str]) -> Cell {
    if !c.withheld.is_empty() || already.iter().any(|a| c.text.contains(a)) {
        return c;
    }
    Cell::text(if i.zh() {
        format!("{}（{suffix}）", c.text)
    } else {
        format!("{} ({suffix})", c.text)
    })
}

/// One list row: the title first, then the kind's columns.
pub fn list_cells(i: &I18n, region: &PublicRegion, r: &Record) -> Vec<Cell> {
    let unit = |u: &str| Cell::text(region.unit_name(u));
    let mut cells = vec![match &r.data {
        RecordData::Monitoring(m) => with_node(i, title(i, region, r), m.node),
        RecordData::SelfEvaluation(s) if s.scope == Scope::Unit => {
            with_scope(i, title(i, region, r))
        }
        _ => title(i, region, r),
    }];
    match &r.data {
        RecordData::Goal(g) => cells.extend([
            unit(&g.unit),
            money_cell(i, &g.total),
            Cell::text(g.indicators.len().to_string()),
        ]),
        RecordData::ExAnte(e) => cells.extend([
            unit(&e.unit),
            money_cell(i, &e.requested),
            money_cell(i, &e.approved),
            cell(i, &e.conclusion, |c| i.name(c.zh(), c.en())),
        ]),
        RecordData::Monitoring(m) => cells.extend([
            Cell::text(m.node.to_string()),
            money_cell(i, &m.budget),
            money_cell(i, &m.executed),
            rate(i, &m.executed, &m.budget),
            opt_cell(i, &m.flag, |f| i.name(f.zh(), f.en())),
        ]),
        RecordData::SelfEvaluation(s) => {
            let grade = score::self_evaluation_grade(s);
            cells.extend([
                unit(&s.unit),
                money_cell(i, &s.adjusted),
                money_cell(i, &s.executed),
                opt_cell(i, &s.score, decimal),
                opt_cell(i, &grade, |g| i.name(g.zh(), g.en())),
            ])
        }
        RecordData::Evaluation(e) => cells.extend([
            Cell::text(i.name(e.eval_type.zh(), e.eval_type.en())),
            money_cell(i, &e.funds),
            opt_cell(i, &e.score, decimal),
            opt_cell(i, &e.grade, |g| i.name(g.zh(), g.en())),
            Cell::text(e.published_on.map(|d| i.date(d)).unwrap_or_default()),
        ]),
    }
    cells
}
