//! The open-data tables of the public model: one table per record kind and year (with the
//! 不予公开 stubs as rows that carry only their public title and reason), indicator tables, the
//! withheld register and the list of regions.
//!
//! Built from `&PublicSite` only. A withheld value is an empty cell; the row's
//! `withheld_fields` names the columns emptied and `withheld_reason` says why. Money is in 万元
//! as exact decimals. No I/O here.

use crate::disclose::{PublicRecord, PublicRegion, PublicSite, PublicYear};
use crate::figures::score;
use crate::model::*;
use crate::view::cells::plain;
use crate::view::i18n::I18n;
use crate::view::table::{ColType, Column, DataTable, Datum, wan};
use crate::view::views;

/// Cells of one row, and the names and reasons of the withheld ones.
struct Row<'a> {
    i: &'a I18n,
    cells: Vec<Datum>,
    withheld: Vec<&'static str>,
    reasons: Vec<Reason>,
}

impl<'a> Row<'a> {
    fn new(i: &'a I18n) -> Self {
        Row {
            i,
            cells: Vec::new(),
            withheld: Vec::new(),
            reasons: Vec::new(),
        }
    }

    fn text(&mut self, s: impl Into<String>) -> &mut Self {
        self.cells.push(Datum::text(s));
        self
    }

    fn put<T>(
        &mut self,
        name: &'static str,
        v: Option<&Pub<T>>,
        f: impl Fn(&T) -> String,
    ) -> &mut Self {
        match v {
            Some(Pub::Shown(x)) => self.cells.push(Datum::text(f(x))),
            Some(Pub::Withheld(r)) => {
                self.cells.push(Datum::empty());
                self.withheld.push(name);
                if !self.reasons.contains(r) {
                    self.reasons.push(*r);
                }
            }
            None => self.cells.push(Datum::empty()),
        }
        self
    }

    fn money(&mut self, name: &'static str, v: Option<&Pub<Money>>) -> &mut Self {
        self.put(name, v, wan)
    }

    fn words(&mut self, name: &'static str, v: Option<&Pub<Text>>) -> &mut Self {
        let i = self.i;
        self.put(name, v, |t| plain(i, t))
    }

    fn finish(mut self, url: String, disclosure: String) -> Vec<Datum> {
        self.cells.push(Datum::text(url));
        self.cells.push(Datum::text(disclosure));
        self.cells.push(Datum::text(self.withheld.join(" ")));
        let reasons: Vec<String> = self.reasons.iter().map(|r| self.i.reason(*r)).collect();
        self.cells.push(Datum::text(reasons.join(" ")));
        self.cells
    }
}

fn c(i: &I18n, name: &str, key: &str, kind: ColType) -> Column {
    Column::new(name, i.t(key), kind)
}

/// Columns every record table ends with.
fn tail(i: &I18n) -> Vec<Column> {
    vec![
        c(i, "url", "data_url", ColType::Text),
        c(i, "disclosure", "disclosure_status", ColType::Text),
        c(i, "withheld_fields", "data_withheld_fields", ColType::Text),
        c(i, "withheld_reason", "reason", ColType::Text),
    ]
}

fn columns(i: &I18n, k: Kind) -> Vec<Column> {
    use ColType::*;
    let mut v = vec![
        c(i, "id", "data_id", Text),
        c(i, "title", "col_title", Text),
    ];
    let unit = |v: &mut Vec<Column>| {
        v.push(c(i, "project_code", "field_project_code", Text));
        v.push(c(i, "unit_id", "unit_id", Text));
        v.push(c(i, "unit", "field_unit", Text));
    };
    match k {
        Kind::Goal => {
            v.push(c(i, "scope", "field_scope", Text));
            unit(&mut v);
            v.push(c(i, "funds_total", "field_funds_total", Money).phase("approved"));
            v.push(c(i, "funds_fiscal", "field_funds_fiscal", Money).phase("approved"));
            v.push(c(i, "funds_other", "field_funds_other", Money).phase("approved"));
            v.push(c(i, "indicators", "col_indicator_count", Integer));
        }
        Kind::ExAnte => {
            unit(&mut v);
            v.push(c(i, "requested", "field_requested", Money).phase("proposed"));
            v.push(c(i, "approved", "field_approved", Money).phase("approved"));
            v.push(c(i, "cut", "field_cut", Money));
            v.push(c(i, "cut_rate", "field_cut_rate", Percent));
            v.push(c(i, "conclusion", "field_conclusion", Text));
            v.push(c(i, "score", "field_score", Number));
        }
        Kind::Monitoring => {
            v.push(c(i, "node", "field_node", Text));
            v.push(c(i, "scope", "field_scope", Text));
            unit(&mut v);
            v.push(c(i, "budget", "field_budget", Money).phase("adjusted"));
            v.push(c(i, "executed", "field_executed", Money).phase("executed"));
            v.push(c(i, "rate", "field_rate", Percent));
            v.push(c(i, "flag", "field_flag", Text));
        }
        Kind::SelfEvaluation => {
            v.push(c(i, "scope", "field_scope", Text));
            unit(&mut v);
            v.push(c(i, "budget_initial", "field_initial", Money).phase("approved"));
            v.push(c(i, "budget_adjusted", "field_adjusted", Money).phase("adjusted"));
            v.push(c(i, "budget_executed", "field_budget_executed", Money).phase("executed"));
            v.push(c(i, "execution_rate", "field_rate", Percent));
            v.push(c(i, "score", "field_score", Number));
            v.push(c(i, "computed_score", "field_computed_score", Number));
            v.push(c(i, "grade", "field_grade", Text));
        }
        Kind::Evaluation => {
            v.push(c(i, "type", "field_type", Text));
            v.push(c(i, "subject", "field_subject", Text));
            v.push(c(i, "unit_id", "unit_id", Text));
            v.push(c(i, "unit", "field_unit", Text));
            v.push(c(i, "evaluator", "field_evaluator", Text));
            v.push(c(i, "funds", "field_funds", Money));
            v.push(c(i, "score", "field_score", Number));
            v.push(c(i, "grade", "field_grade", Text));
            v.push(c(i, "findings", "field_findings", Integer));
            v.push(c(i, "rectified", "field_rectified", Integer));
            v.push(c(i, "published_on", "field_published_on", Date));
        }
    }
    v.extend(tail(i));
    v
}

fn rate_of(part: &Pub<Money>, whole: &Pub<Money>) -> Option<Pub<String>> {
    match (part, whole) {
        (Pub::Shown(p), Pub::Shown(w)) => {
            value::percent_of(p.fen, w.fen, 2).map(|d| Pub::Shown(d.to_string()))
        }
        (Pub::Withheld(_), _) | (_, Pub::Withheld(_)) => None,
    }
}

fn project(row: &mut Row, p: Option<&Project>, unit_id: &str, unit: String) {
    let code = p.and_then(|p| p.code.as_ref());
    row.put("project_code", code, String::clone)
        .text(unit_id)
        .text(unit);
}

fn name<T: Copy>(i: &I18n, v: T, zh: fn(T) -> &'static str, en: fn(T) -> &'static str) -> String {
    i.name(zh(v), en(v))
}

fn ex_ante_cells(i: &I18n, row: &mut Row, e: &ExAnte) {
    row.money("requested", Some(&e.requested))
        .money("approved", Some(&e.approved));
    let cut = match (&e.requested, &e.approved) {
        (Pub::Shown(q), Pub::Shown(a)) => Some(Pub::Shown(Money::from_fen(q.fen - a.fen))),
        _ => None,
    };
    let cut_rate = cut.as_ref().and_then(|c| rate_of(c, &e.requested));
    row.put("", cut.as_ref(), wan)
        .put("", cut_rate.as_ref(), String::clone);
    row.put("conclusion", Some(&e.conclusion), |c| {
        name(i, *c, Conclusion::zh, Conclusion::en)
    });
    row.put("score", e.score.as_ref(), Decimal::to_string);
}

fn self_evaluation_cells(i: &I18n, row: &mut Row, s: &SelfEvaluation) {
    row.money("budget_initial", s.initial.as_ref())
        .money("budget_adjusted", Some(&s.adjusted))
        .money("budget_executed", Some(&s.executed));
    let rate = rate_of(&s.executed, &s.adjusted);
    row.put("", rate.as_ref(), String::clone);
    row.put("score", s.score.as_ref(), Decimal::to_string);
    // the computed score is not shown when the stated one is withheld: it would reveal it
    let computed = score::self_evaluation_score(s)
        .filter(|_| !s.score.as_ref().is_some_and(Pub::is_withheld))
        .map(Pub::Shown);
    row.put("", computed.as_ref(), Decimal::to_string);
    let grade = score::self_evaluation_grade(s);
    row.put("grade", grade.as_ref(), |g| {
        name(i, *g, Grade::zh, Grade::en)
    });
}

fn evaluation_cells(i: &I18n, row: &mut Row, r: &PublicRegion, e: &Evaluation) {
    row.text(name(i, e.eval_type, EvalType::zh, EvalType::en));
    match &e.subject {
        Subject::Project(p) => row.words("subject", Some(&p.name)),
        Subject::Unit(u) => row.text(r.unit_name(u)),
        Subject::Region(_) => row.text(r.name().to_string()),
    };
    let u = e.unit.clone().unwrap_or_default();
    let unit = if u.is_empty() {
        String::new()
    } else {
        r.unit_name(&u)
    };
    row.text(u).text(unit);
    row.words("evaluator", e.evaluator.as_ref())
        .money("funds", Some(&e.funds));
    row.put("score", e.score.as_ref(), Decimal::to_string);
    row.put("grade", e.grade.as_ref(), |g| {
        name(i, *g, Grade::zh, Grade::en)
    });
    row.put("findings", e.findings.as_ref(), u64::to_string);
    row.put("rectified", e.rectified.as_ref(), u64::to_string);
    row.text(e.published_on.map(|d| d.to_string()).unwrap_or_default());
}

/// One record's row.
fn record_row(i: &I18n, base: &str, r: &PublicRegion, y: i32, p: &PublicRecord) -> Vec<Datum> {
    let rec = p.record();
    let mut row = Row::new(i);
    row.text(rec.id.clone());
    let title = rec.title_text(|u| r.unit_name(u));
    row.words("title", Some(&title));
    let unit = |u: &str| r.unit_name(u);
    let scope = |s: Scope| name(i, s, Scope::zh, Scope::en);
    match &rec.data {
        RecordData::Goal(g) => {
            row.text(scope(g.scope));
            project(&mut row, g.project.as_ref(), &g.unit, unit(&g.unit));
            row.money("funds_total", Some(&g.total))
                .money("funds_fiscal", g.fiscal.as_ref())
                .money("funds_other", g.other.as_ref())
                .text(g.indicators.len().to_string());
        }
        RecordData::ExAnte(e) => {
            project(&mut row, Some(&e.project), &e.unit, unit(&e.unit));
            ex_ante_cells(i, &mut row, e);
        }
        RecordData::Monitoring(m) => {
            row.text(m.node.to_string()).text(scope(m.scope));
            project(&mut row, m.project.as_ref(), &m.unit, unit(&m.unit));
            row.money("budget", Some(&m.budget))
                .money("executed", Some(&m.executed));
            row.put("", rate_of(&m.executed, &m.budget).as_ref(), String::clone);
            row.put("flag", m.flag.as_ref(), |f| name(i, *f, Flag::zh, Flag::en));
        }
        RecordData::SelfEvaluation(s) => {
            row.text(scope(s.scope));
            project(&mut row, s.project.as_ref(), &s.unit, unit(&s.unit));
            self_evaluation_cells(i, &mut row, s);
        }
        RecordData::Evaluation(e) => evaluation_cells(i, &mut row, r, e),
    }
    let url = format!("{base}{}", views::record_url(r, y, rec.kind, &rec.id));
    row.finish(
        url,
        name(
            i,
            p.shown_status(),
            DisclosureStatus::zh,
            DisclosureStatus::en,
        ),
    )
}

/// The table of one kind in one year: public records, then 不予公开 stubs.
pub fn kind_table(
    i: &I18n,
    site: &PublicSite,
    r: &PublicRegion,
    y: &PublicYear,
    k: Kind,
) -> DataTable {
    let base = &site.config().base_url;
    let columns = columns(i, k);
    let width = columns.len();
    let mut rows: Vec<Vec<Datum>> = y
        .records()
        .iter()
        .filter(|p| p.record().kind == k)
        .map(|p| record_row(i, base, r, y.year(), p))
        .collect();
    for s in y.stubs().iter().filter(|s| s.kind() == k) {
        let mut row = vec![Datum::empty(), Datum::text(s.title().to_string())];
        row.resize(width - 3, Datum::empty());
        row.push(Datum::text(i.name(
            DisclosureStatus::Withheld.zh(),
            DisclosureStatus::Withheld.en(),
        )));
        row.push(Datum::empty());
        row.push(Datum::text(i.reason(s.reason())));
        rows.push(row);
    }
    DataTable {
        file: views::data_file(r, y.year(), k.folder()),
        caption: format!("{} {} · {}", r.name(), i.year(y.year()), i.kind(k)),
        columns,
        rows,
        totals: 0,
    }
}

fn indicator_columns(i: &I18n) -> Vec<Column> {
    use ColType::*;
    let mut v = vec![
        c(i, "record_id", "data_record_id", Text),
        c(i, "record_title", "col_title", Text),
        c(i, "n", "data_indicator_n", Integer),
        c(i, "level1", "col_level1", Text),
        c(i, "level2", "col_level2", Text),
        c(i, "name", "col_level3", Text),
        c(i, "op", "col_op", Text),
        c(i, "target", "col_target", Text),
        c(i, "unit", "unit", Text),
        c(i, "weight", "col_weight", Number),
        c(i, "actual", "col_actual", Text),
        c(i, "score", "col_score", Number),
        c(i, "deviation", "col_deviation", Text),
    ];
    v.push(c(i, "withheld_fields", "data_withheld_fields", Text));
    v.push(c(i, "withheld_reason", "reason", Text));
    v
}

/// Every indicator of the goals or self-evaluations of one year.
pub fn indicator_table(i: &I18n, r: &PublicRegion, y: &PublicYear, k: Kind) -> Option<DataTable> {
    let mut rows = Vec::new();
    for p in y.records().iter().filter(|p| p.record().kind == k) {
        let (inds, eq) = match &p.record().data {
            RecordData::Goal(g) => (&g.indicators, EqScoring::default()),
            RecordData::SelfEvaluation(s) => (&s.indicators, s.eq_scoring),
            _ => return None,
        };
        let title = crate::view::records::title(i, r, p.record());
        for (n, ind) in inds.iter().enumerate() {
            let mut row = Row::new(i);
            row.text(p.record().id.clone())
                .text(title.text.clone())
                .text((n + 1).to_string());
            row.text(name(i, ind.level1, Level1::zh, Level1::en));
            row.text(name(i, ind.level2, Level2::zh, Level2::en));
            row.words("name", Some(&ind.name));
            row.text(match ind.op {
                Op::Qualitative => i.name(ind.op.zh(), ind.op.en()),
                op => op.zh().to_string(),
            });
            row.put("target", Some(&ind.target), String::clone);
            row.text(ind.unit.clone().unwrap_or_default());
            row.put("weight", ind.weight.as_ref(), Decimal::to_string);
            row.put("actual", ind.actual.as_ref(), String::clone);
            let sc = match &ind.score {
                Some(Pub::Withheld(r)) => Some(Pub::Withheld(*r)),
                _ if k == Kind::SelfEvaluation => score::indicator_score(ind, eq).map(Pub::Shown),
                _ => None,
            };
            row.put("score", sc.as_ref(), |d| {
                score::indicator_score_text(ind, *d)
            });
            row.words("deviation", ind.deviation.as_ref());
            let mut cells = row.finish(String::new(), String::new());
            cells.drain(cells.len() - 4..cells.len() - 2);
            rows.push(cells);
        }
    }
    (!rows.is_empty()).then(|| DataTable {
        file: views::data_file(r, y.year(), &format!("{}-indicators", k.folder())),
        caption: format!(
            "{} {} · {} · {}",
            r.name(),
            i.year(y.year()),
            i.kind(k),
            i.t("indicators")
        ),
        columns: indicator_columns(i),
        rows,
        totals: 0,
    })
}

/// The withheld register: every 不予公开 stub with its kind, place and reason.
pub fn withheld_table(i: &I18n, site: &PublicSite) -> DataTable {
    let (entries, _) = views::register(i, site);
    let columns = vec![
        c(i, "title", "title", ColType::Text),
        c(i, "kind", "kind", ColType::Text),
        c(i, "region", "region", ColType::Text),
        c(i, "year", "year", ColType::Integer),
        c(i, "reason", "reason", ColType::Text),
        c(i, "note", "note", ColType::Text),
    ];
    let rows = entries
        .into_iter()
        .map(|e| {
            vec![
                Datum::text(e.title),
                Datum::text(e.kind),
                Datum::text(e.region),
                Datum::count(e.year as u64),
                Datum::text(e.reason),
                Datum::text(e.note),
            ]
        })
        .collect();
    DataTable {
        file: "data/withheld".into(),
        caption: i.t("withheld_register"),
        columns,
        rows,
        totals: 0,
    }
}

/// The publishing bodies: id, name, level, code, years and counts.
pub fn regions_table(i: &I18n, site: &PublicSite) -> DataTable {
    let columns = vec![
        c(i, "id", "data_id", ColType::Text),
        c(i, "name", "region", ColType::Text),
        c(i, "level", "region_level", ColType::Text),
        c(i, "code", "region_code", ColType::Text),
        c(i, "years", "years", ColType::Text),
        c(i, "records", "total_records", ColType::Integer),
        c(i, "withheld", "total_withheld", ColType::Integer),
    ];
    let rows = site
        .regions()
        .iter()
        .map(|r| {
            let years: Vec<String> = r.years().iter().map(|y| y.year().to_string()).collect();
            let shown: usize = r.years().iter().map(|y| y.records().len()).sum();
            let stubs: usize = r.years().iter().map(|y| y.stubs().len()).sum();
            vec![
                Datum::text(r.id().to_string()),
                Datum::text(r.name().to_string()),
                Datum::text(i.name(r.level().zh(), r.level().en())),
                Datum::text(r.code().unwrap_or_default()),
                Datum::text(years.join(" ")),
                Datum::count((shown + stubs) as u64),
                Datum::count(stubs as u64),
            ]
        })
        .collect();
    DataTable {
        file: "data/regions".into(),
        caption: i.t("regions"),
        columns,
        rows,
        totals: 0,
    }
}
