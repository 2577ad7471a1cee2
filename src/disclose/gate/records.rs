//! From a year's records to the sections of the gate's model: each hidden amount, score or
//! count becomes a variable, each category the public cannot see a slot, and the relations
//! inside a record (资金总额 = 财政拨款 + 其他资金; the self-evaluation score as 执行率 points
//! plus indicator points; a grade as the band of its score) become rows. Where a relation is
//! not linear, the model either fixes the true ratio (a stronger assumption than any reader
//! can make, so the verdict only gets stricter) or marks the record's derived items as
//! unmodelable, so that they are not published. No I/O here.

use super::lp::{Lin, Row};
use super::model::*;
use crate::model::summary::Summary;
use crate::model::*;

/// Amounts are modelled in 万元.
pub fn wan(m: &Money) -> f64 {
    m.fen as f64 / 1_000_000.0
}

pub fn num(d: &Decimal) -> f64 {
    d.mantissa as f64 / 10f64.powi(d.scale as i32)
}

/// Least width of an amount's interval (万元) and of a score's (points).
pub const AMOUNT_FLOOR: f64 = 1.0;
pub const SCORE_FLOOR: f64 = 1.0;
pub const COUNT_FLOOR: f64 = 1.0;

/// The grade bands, as [lo, hi] score intervals (upper ends just below the next band).
pub fn band(g: u32) -> (f64, f64) {
    match g {
        0 => (90.0, f64::INFINITY),
        1 => (80.0, 89.999_999),
        2 => (60.0, 79.999_999),
        _ => (f64::NEG_INFINITY, 59.999_999),
    }
}

pub fn grade_index(g: Grade) -> u32 {
    Grade::ALL.iter().position(|x| *x == g).unwrap_or(0) as u32
}

/// No grade at all (an evaluation that states none).
pub const NO_GRADE: u32 = 4;

pub fn hidden_field(r: &Record, path: &str) -> bool {
    match r.disclosure.status {
        DisclosureStatus::Withheld => true,
        DisclosureStatus::Partial => r.disclosure.fields.iter().any(|(f, _, _)| f == path),
        _ => false,
    }
}

/// Adds a value to a record of the section: a constant when public, else a protected variable.
pub struct Builder<'a> {
    pub sec: &'a mut Section,
    pub year_index: usize,
    pub rec: &'a Record,
    pub out: Rec,
}

impl Builder<'_> {
    /// A value that is hidden when `hidden`; `floor` is its least protection width.
    pub fn value(
        &mut self,
        field: &str,
        truth: f64,
        hidden: bool,
        bounds: (f64, f64),
        floor: f64,
    ) -> Lin {
        if !hidden {
            return Lin::constant(truth);
        }
        let l = self.sec.var(bounds.0, bounds.1);
        self.protect(field, Read::Lin(l.clone()), truth, floor);
        l
    }

    pub fn protect(&mut self, field: &str, read: Read, truth: f64, floor: f64) {
        self.sec.protected.push(Protected {
            read,
            truth,
            floor,
            rec: self.year_index,
            field: field.to_string(),
            domain: None,
        });
    }

    pub fn money(&mut self, name: &'static str, field: &str, m: &Pub<Money>, truth: &Money) {
        let hidden = self.rec.disclosure.status == DisclosureStatus::Withheld
            || m.is_withheld()
            || hidden_field(self.rec, field);
        let l = self.value(
            field,
            wan(truth),
            hidden,
            (0.0, f64::INFINITY),
            AMOUNT_FLOOR,
        );
        self.out.vals.push((name, l));
    }

    pub fn category(&mut self, dim: Dim, hidden: bool, options: Vec<u32>, truth: u32) {
        let idx = self.sec.recs.len();
        let c = if hidden {
            self.sec.slot(idx, dim, options, truth)
        } else {
            Cat::Known(truth)
        };
        self.out.cats.push((dim, c));
    }

    /// How many categories each option of this record's slot in `dim` stands for.
    pub fn sizes(&mut self, dim: Dim, size: impl Fn(u32) -> u32) {
        if let Some(Cat::Slot(s)) = self.out.cat(dim) {
            let slot = &mut self.sec.slots[s];
            slot.sizes = slot.options.iter().map(|o| size(*o)).collect();
        }
    }

    pub fn finish(self) {
        self.sec.recs.push(self.out);
        self.sec.index.push(self.year_index);
    }
}

/// The section a record kind belongs to.
pub fn section_of(k: Kind) -> usize {
    match k {
        Kind::ExAnte => 0,
        Kind::Goal => 1,
        Kind::Monitoring => 2,
        Kind::SelfEvaluation => 3,
        Kind::Evaluation => 4,
    }
}

/// Categories of a section's dimensions that stated figures name.
pub struct Vocab {
    /// Monitoring nodes that summary.yaml states; any other node is option `nodes.len()`.
    pub nodes: Vec<Month>,
    /// Evaluation type → cell (types that every stated group treats alike share a cell).
    pub cells: Vec<(EvalType, u32)>,
    pub n_cells: u32,
}

impl Vocab {
    pub fn new(summary: Option<&Summary>) -> Vocab {
        let nodes: Vec<Month> = summary
            .map(|s| s.monitoring.iter().map(|(m, _)| *m).collect())
            .unwrap_or_default();
        let mut sigs: Vec<Vec<bool>> = Vec::new();
        let mut cells = Vec::new();
        for t in EvalType::ALL {
            let sig: Vec<bool> = summary
                .map(|s| s.evaluations.iter().map(|g| g.types.contains(t)).collect())
                .unwrap_or_default();
            let id = match sigs.iter().position(|x| *x == sig) {
                Some(i) => i,
                None => {
                    sigs.push(sig);
                    sigs.len() - 1
                }
            };
            cells.push((*t, id as u32));
        }
        Vocab {
            nodes,
            cells,
            n_cells: sigs.len() as u32,
        }
    }

    pub fn node(&self, m: Month) -> u32 {
        self.nodes
            .iter()
            .position(|x| *x == m)
            .unwrap_or(self.nodes.len()) as u32
    }

    pub fn cell(&self, t: EvalType) -> u32 {
        self.cells
            .iter()
            .find(|(x, _)| *x == t)
            .map_or(0, |(_, c)| *c)
    }
}

fn opts(n: u32) -> Vec<u32> {
    (0..n).collect()
}

fn scope_index(s: Scope) -> u32 {
    match s {
        Scope::Project => 0,
        Scope::Unit => 1,
    }
}

/// Adds one record to its section: its kind's categories, amounts, scores and counts, and the
/// relations between them.
pub fn add(
    sec: &mut Section,
    vocab: &Vocab,
    year_index: usize,
    r: &Record,
    fields: &mut Vec<Candidate>,
) {
    let stub = r.disclosure.status == DisclosureStatus::Withheld;
    let mut b = Builder {
        sec,
        year_index,
        rec: r,
        out: Rec {
            stub,
            ..Rec::default()
        },
    };
    match &r.data {
        RecordData::ExAnte(e) => ex_ante(&mut b, e),
        RecordData::Goal(g) => goal(&mut b, g),
        RecordData::Monitoring(m) => monitoring(&mut b, vocab, m),
        RecordData::SelfEvaluation(s) => self_evaluation(&mut b, s, fields),
        RecordData::Evaluation(e) => evaluation(&mut b, vocab, e),
    }
    b.finish();
}

/// An ex-ante assessment: its conclusion, the amounts requested and approved, the cut between
/// them, and its score.
fn ex_ante(b: &mut Builder, e: &ExAnte) {
    let (r, stub) = (b.rec, b.out.stub);
    let c = Conclusion::ALL
        .iter()
        .position(|x| Some(x) == e.conclusion_truth())
        .unwrap_or(0) as u32;
    b.category(
        Dim::Conclusion,
        stub || e.conclusion.is_withheld() || hidden_field(r, "conclusion"),
        opts(3),
        c,
    );
    b.money("requested", "requested", &e.requested, truth(&e.requested));
    b.money("approved", "approved", &e.approved, truth(&e.approved));
    cut(b, e);
    score(b, &e.score);
}

/// The cut (核减) of an ex-ante assessment, protected when either of its parts is hidden, and
/// the approved amount at most the requested one where it is so.
fn cut(b: &mut Builder, e: &ExAnte) {
    let (q, a) = (
        b.out.val("requested").unwrap_or_default(),
        b.out.val("approved").unwrap_or_default(),
    );
    if !q.is_constant() || !a.is_constant() {
        // 核减 of the record: withheld with either of its parts.
        let cut = wan(truth(&e.requested)) - wan(truth(&e.approved));
        b.protect("cut", Read::Lin(q.plus(&a, -1.0)), cut, AMOUNT_FLOOR);
        if cut >= 0.0 {
            b.sec.protected.last_mut().expect("just pushed").domain = Some((0.0, f64::INFINITY));
        }
    }
    if wan(truth(&e.approved)) <= wan(truth(&e.requested)) {
        let (q, a) = (
            b.out.val("requested").unwrap_or_default(),
            b.out.val("approved").unwrap_or_default(),
        );
        b.sec
            .base
            .push(Row::between(q.plus(&a, -1.0), 0.0, f64::INFINITY));
    }
}

/// A performance goal: its scope and its funds, whose total is the sum of its parts where it is.
fn goal(b: &mut Builder, g: &Goal) {
    let stub = b.out.stub;
    b.category(Dim::Scope, stub, opts(2), scope_index(g.scope));
    b.money("total", "funds.total", &g.total, truth(&g.total));
    if !stub && let (Some(f), Some(o)) = (&g.fiscal, &g.other) {
        b.money("fiscal", "funds.fiscal", f, truth(f));
        b.money("other", "funds.other", o, truth(o));
        let (t, f, o) = (truth(&g.total), truth(f), truth(o));
        if t.fen == f.fen + o.fen {
            let l = b
                .out
                .val("total")
                .unwrap_or_default()
                .plus(&b.out.val("fiscal").unwrap_or_default(), -1.0)
                .plus(&b.out.val("other").unwrap_or_default(), -1.0);
            b.sec.base.push(Row::between(l, 0.0, 0.0));
        }
    }
}

/// A monitoring record: its node, scope and flag, its budget and what was executed.
fn monitoring(b: &mut Builder, vocab: &Vocab, m: &Monitoring) {
    let (r, stub) = (b.rec, b.out.stub);
    b.category(
        Dim::Node,
        stub,
        opts(vocab.nodes.len() as u32 + 1),
        vocab.node(m.node),
    );
    let other = 12u32.saturating_sub(vocab.nodes.len() as u32).max(1);
    let n_nodes = vocab.nodes.len() as u32;
    b.sizes(Dim::Node, |o| if o == n_nodes { other } else { 1 });
    b.category(Dim::Scope, stub, opts(2), scope_index(m.scope));
    let flag = match m.flag.as_ref().map(truth) {
        Some(Flag::Yellow) => 1,
        Some(Flag::Red) => 2,
        _ => 0,
    };
    let hidden = stub || m.flag.as_ref().is_some_and(Pub::is_withheld) || hidden_field(r, "flag");
    b.category(Dim::Flag, hidden, opts(3), flag);
    b.money("budget", "budget", &m.budget, truth(&m.budget));
    b.money("executed", "executed", &m.executed, truth(&m.executed));
}

/// A self-evaluation: its scope, its budget's amounts, and its score and grade (`scoring`).
fn self_evaluation(b: &mut Builder, s: &SelfEvaluation, fields: &mut Vec<Candidate>) {
    b.category(Dim::Scope, b.out.stub, opts(2), scope_index(s.scope));
    b.money(
        "adjusted",
        "budget.adjusted",
        &s.adjusted,
        truth(&s.adjusted),
    );
    b.money(
        "executed",
        "budget.executed",
        &s.executed,
        truth(&s.executed),
    );
    if let Some(i) = &s.initial {
        b.money("initial", "budget.initial", i, truth(i));
    }
    super::scoring::self_evaluation(b, s, fields);
}

/// An evaluation: its type, funds, score and grade, and its counts of findings.
fn evaluation(b: &mut Builder, vocab: &Vocab, e: &Evaluation) {
    b.category(
        Dim::Type,
        b.out.stub,
        opts(vocab.n_cells),
        vocab.cell(e.eval_type),
    );
    b.sizes(Dim::Type, |o| {
        vocab.cells.iter().filter(|(_, c)| *c == o).count() as u32
    });
    b.money("funds", "funds", &e.funds, truth(&e.funds));
    let sc = score(b, &e.score);
    grade(b, e.grade.as_ref(), "grade", sc);
    findings(b, e);
}

/// An evaluation's counts of findings and of those rectified, the second at most the first
/// where it is so.
fn findings(b: &mut Builder, e: &Evaluation) {
    let (r, stub) = (b.rec, b.out.stub);
    for (name, v) in [("findings", &e.findings), ("rectified", &e.rectified)] {
        if let Some(v) = v {
            let hidden = stub || v.is_withheld() || hidden_field(r, name);
            let l = b.value(
                name,
                *truth(v) as f64,
                hidden,
                (0.0, f64::INFINITY),
                COUNT_FLOOR,
            );
            b.out.vals.push((name, l));
        }
    }
    // 已整改 never exceeds 问题条数 (where true): a reader may assume it.
    if let (Some(f), Some(rc)) = (b.out.val("findings"), b.out.val("rectified"))
        && e.rectified.as_ref().map(truth) <= e.findings.as_ref().map(truth)
    {
        b.sec
            .base
            .push(Row::between(rc.plus(&f, -1.0), f64::NEG_INFINITY, 0.0));
    }
}

/// A score of 0–100 (ex-ante, evaluation).
fn score(b: &mut Builder, s: &Option<Pub<Decimal>>) -> Option<(Lin, f64)> {
    let s = s.as_ref()?;
    let hidden = b.rec.disclosure.status == DisclosureStatus::Withheld
        || s.is_withheld()
        || hidden_field(b.rec, "score");
    let l = b.value("score", num(truth(s)), hidden, (0.0, 100.0), SCORE_FLOOR);
    b.out.vals.push(("score", l.clone()));
    Some((l, num(truth(s))))
}

/// A grade: known, or a slot whose options bind the score (expression, true value) to their
/// bands — where the record's grade is the band of its score: a grade that contradicts its own
/// score (W102) binds nothing a reader could rely on.
pub fn grade(b: &mut Builder, g: Option<&Pub<Grade>>, field: &str, score: Option<(Lin, f64)>) {
    let stub = b.rec.disclosure.status == DisclosureStatus::Withheld;
    let t = g.map(|g| grade_index(*truth(g))).unwrap_or(NO_GRADE);
    let hidden = stub || g.is_some_and(Pub::is_withheld) || hidden_field(b.rec, field);
    let options = if stub || g.is_none() {
        opts(5)
    } else {
        opts(4)
    };
    b.category(Dim::Grade, hidden, options.clone(), t);
    let Some((score, v)) = score else { return };
    let (lo, hi) = band(t);
    if t < NO_GRADE && (v < lo || v > hi) {
        return;
    }
    match b.out.cat(Dim::Grade) {
        Some(Cat::Slot(s)) => {
            for o in options.into_iter().filter(|o| *o < NO_GRADE) {
                let (lo, hi) = band(o);
                b.sec
                    .conditional
                    .push((s, o, Row::between(score.clone(), lo, hi)));
            }
        }
        Some(Cat::Known(k)) if k < NO_GRADE && !score.is_constant() => {
            let (lo, hi) = band(k);
            b.sec.base.push(Row::between(score, lo, hi));
        }
        _ => {}
    }
}

/// The value behind a `Pub`: before disclosure every value is still present.
pub fn truth<T>(p: &Pub<T>) -> &T {
    match p {
        Pub::Shown(v) => v,
        Pub::Withheld(_) => unreachable!("the gate runs before disclosure"),
    }
}

impl ExAnte {
    fn conclusion_truth(&self) -> Option<&Conclusion> {
        self.conclusion.shown()
    }
}
