//! The disclosure gate: what may be published about a body and year, decided by one model
//! that fails closed.
//!
//! Every withheld amount, score, indicator value or count of the year is a hidden variable; the
//! category of every record the public cannot see (a 不予公开 record's type, node, scope, grade,
//! conclusion, flag; a withheld grade, conclusion or flag) is a slot whose options are
//! enumerated. The relations inside records and every stated figure of summary.yaml are rows
//! over them ([`records`], [`scoring`], [`stated`]). An item that involves no hidden value or
//! category is computed from public values and published. Any other item is published only if,
//! with everything else published, each hidden value's feasible interval (by linear programming,
//! [`lp`]) stays at least the protection margin wide and each hidden category keeps two
//! possibilities; otherwise it is withheld (a record field) or suppressed (a stated figure), or
//! the build fails when the site demands full totals. A relation the model cannot represent is
//! never published where the section has hidden content. The decision reads the true values
//! only to place the truth among the possibilities; what it publishes depends on public values
//! and on whether protection holds. No I/O here.

pub mod lp;
pub mod model;
pub mod records;
pub mod scoring;
pub mod stated;
pub mod verdict;

use crate::model::summary::Summary;
use crate::model::*;
use model::{Candidate, Key, Section};
use std::collections::{BTreeMap, BTreeSet};

/// What the gate decided for one year.
#[derive(Debug, Default)]
pub struct Decision {
    /// Stated figure paths not to publish.
    pub suppressed: BTreeSet<String>,
    /// Record fields to withhold as well, by record index in the year.
    pub fields: BTreeMap<usize, Vec<String>>,
    /// Hidden values the author's own withholding leaves unprotected: (record index, field).
    pub exposed: Vec<(usize, String)>,
    /// Sections whose records hide more categories than the gate can enumerate
    /// ([`model::MAX_ASSIGNMENTS`]), so that it cannot tell whether they are protected: the
    /// index of the section's first record with hidden content, and how many records have it.
    pub undecided: Vec<(usize, usize)>,
    /// Stated figures refused whose publication the site demands (`require_full_totals`).
    pub refused: Vec<String>,
    /// Sections (`ex_ante`, `goals`, …) in which anything is hidden.
    pub hidden_sections: BTreeSet<&'static str>,
}

/// Decide one year. `records` excludes 不列示 records; `margin` is the relative protection.
pub fn decide(records: &[&Record], summary: Option<&Summary>, margin: f64) -> Decision {
    let vocab = records::Vocab::new(summary);
    let mut sections: Vec<Section> = (0..5)
        .map(|_| Section {
            margin,
            ..Section::default()
        })
        .collect();
    let mut fields: Vec<(usize, Candidate)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let sec = records::section_of(r.kind);
        let mut own = Vec::new();
        records::add(&mut sections[sec], &vocab, i, r, &mut own);
        fields.extend(own.into_iter().map(|c| (sec, c)));
    }
    if let Some(s) = summary {
        fields.extend(stated::candidates(s, &vocab, &mut sections));
    }
    let mut d = Decision::default();
    const NAMES: [&str; 5] = [
        "ex_ante",
        "goals",
        "monitoring",
        "self_evaluations",
        "evaluations",
    ];
    for (n, sec) in sections.iter().enumerate() {
        if sec.has_hidden() {
            d.hidden_sections.insert(NAMES[n]);
        }
        let cands: Vec<&Candidate> = fields
            .iter()
            .filter(|(s, _)| *s == n)
            .map(|(_, c)| c)
            .collect();
        decide_section(sec, &cands, &mut d);
    }
    d
}

/// Greedy, in a fixed order: record fields first, then stated figures as summary.yaml lists
/// them. All at once when that passes; one by one otherwise.
fn decide_section(sec: &Section, cands: &[&Candidate], d: &mut Decision) {
    if !sec.has_hidden() {
        return;
    }
    let (free, pending) = free_and_pending(sec, cands);
    let base = sec.verdict(&free);
    if !base.ok() {
        expose(sec, &base, d);
        pending.iter().for_each(|c| refuse(c, d));
        return;
    }
    let all: Vec<&Candidate> = free.iter().chain(&pending).copied().collect();
    if pending.is_empty() || sec.safe(&all) {
        return;
    }
    let (refused, dims) = one_by_one(sec, &free, &pending);
    // A record's category refused here (its grade, say, which would bound its withheld score)
    // is withheld on the site, but the model still counts it as known: a breakdown by that
    // category, accepted beside it, would give it back. Such breakdowns are refused too.
    let withheld_dims: Vec<model::Dim> = refused
        .iter()
        .filter_map(|c| match &c.key {
            Key::Field(_, f) => field_dim(f),
            Key::Stated(_) => None,
        })
        .collect();
    // Which row of a breakdown by a hidden category was refused for naming the category would
    // point at the category of the withheld records: such a breakdown is published whole or not
    // at all.
    let gives_back = |c: &Candidate| {
        matches!(c.key, Key::Stated(_)) && c.dims().any(|x| withheld_dims.contains(&x))
    };
    for c in &free {
        if gives_back(c) {
            refuse(c, d);
        }
    }
    for c in pending {
        let whole = sec.hidden_dims(c).iter().any(|x| dims.contains(x)) || gives_back(c);
        if whole || refused.iter().any(|r| std::ptr::eq(*r, c)) {
            refuse(c, d);
        }
    }
}

/// Items computed from public values are published (free); those that hold for the true
/// values still take part in every verdict (a stated count that equals the records on the
/// site says there is nothing beyond them). Items that involve hidden values are pending.
fn free_and_pending<'c>(
    sec: &Section,
    cands: &[&'c Candidate],
) -> (Vec<&'c Candidate>, Vec<&'c Candidate>) {
    let mut free: Vec<&Candidate> = Vec::new();
    let mut pending = Vec::new();
    for c in cands {
        match sec.involvement(c) {
            (true, true) => pending.push(*c),
            (false, true) if sec.holds(c) => free.push(*c),
            _ => {}
        }
    }
    (free, pending)
}

/// What the free items alone expose, for the caller to report; where the verdict could not be
/// reached, the section's records with hidden content (never a record that hides nothing).
fn expose(sec: &Section, base: &verdict::Failures, d: &mut Decision) {
    for v in &base.values {
        let p = &sec.protected[*v];
        d.exposed.push((p.rec, p.field.clone()));
    }
    for s in &base.slots {
        let slot = &sec.slots[*s];
        d.exposed
            .push((sec.index[slot.rec], dim_field(slot.dim).to_string()));
    }
    if base.undecided && base.values.is_empty() && base.slots.is_empty() {
        let hiding: BTreeSet<usize> = sec
            .slots
            .iter()
            .map(|s| sec.index[s.rec])
            .chain(sec.protected.iter().map(|p| p.rec))
            .collect();
        let first = hiding.first().or(sec.index.first()).copied().unwrap_or(0);
        d.undecided.push((first, hiding.len()));
    }
}

/// The pending items accepted one by one beside the free ones: those refused, and the hidden
/// categories that lost possibilities through one of them.
fn one_by_one<'c>(
    sec: &Section,
    free: &[&'c Candidate],
    pending: &[&'c Candidate],
) -> (Vec<&'c Candidate>, Vec<model::Dim>) {
    let mut accepted = free.to_vec();
    let mut refused: Vec<&Candidate> = Vec::new();
    let mut dims: Vec<model::Dim> = Vec::new();
    for c in pending {
        accepted.push(c);
        if sec.safe(&accepted) {
            continue;
        }
        // Refused: ask again in full whether a category lost its possibilities.
        if !sec.verdict(&accepted).slots.is_empty() {
            dims.extend(sec.hidden_dims(c));
        }
        accepted.pop();
        refused.push(c);
    }
    (refused, dims)
}

fn refuse(c: &Candidate, d: &mut Decision) {
    match &c.key {
        Key::Stated(p) => {
            d.suppressed.insert(p.clone());
            d.refused.push(p.clone());
        }
        Key::Field(rec, f) => d.fields.entry(*rec).or_default().push(f.clone()),
    }
}

/// The category a record field is, if it is one (the inverse of [`dim_field`]).
fn field_dim(f: &str) -> Option<model::Dim> {
    use model::Dim::*;
    [Conclusion, Scope, Node, Flag, Grade, Type]
        .into_iter()
        .find(|d| dim_field(*d) == f)
}

fn dim_field(d: model::Dim) -> &'static str {
    use model::Dim::*;
    match d {
        Conclusion => "conclusion",
        Scope => "scope",
        Node => "node",
        Flag => "flag",
        Grade => "grade",
        Type => "type",
    }
}
