//! Records of one project in one year: the same project code, else the same name and unit,
//! or the same id. A withheld amount equal to a published amount of the same project is given
//! away (E045); a 不予公开 record that a published record of the same project ties to its
//! project is identified by elimination (E047) unless the author marks it `linked: true`.
//! Public records are indexed by key, so each withheld record is compared with its project's
//! records only. No I/O here; messages never repeat a value.

use super::{Place, is_public, published_data};
use crate::diag::{Diagnostics, Said, rule};
use crate::model::*;
use crate::said;
use std::collections::{BTreeMap, BTreeSet};

/// The keys that tie a record to its project: code, name and unit, id (original values).
pub(super) fn project_keys(r: &Record) -> Vec<String> {
    let (p, unit) = match &r.data {
        RecordData::Goal(g) => (g.project.as_ref(), Some(&g.unit)),
        RecordData::ExAnte(e) => (Some(&e.project), Some(&e.unit)),
        RecordData::Monitoring(m) => (m.project.as_ref(), Some(&m.unit)),
        RecordData::SelfEvaluation(s) => (s.project.as_ref(), Some(&s.unit)),
        RecordData::Evaluation(e) => match &e.subject {
            Subject::Project(p) => (Some(p), e.unit.as_ref()),
            _ => (None, None),
        },
    };
    // Scoped to the year folder: content/<region>/<year>/…
    let year: Vec<&str> = r.source.path.splitn(4, '/').take(3).collect();
    let year = year.join("/");
    let mut keys = vec![format!("{year}\u{0}id\u{0}{}", r.id)];
    if let Some(p) = p {
        if let Some(Pub::Shown(code)) = &p.code {
            keys.push(format!("{year}\u{0}code\u{0}{}", code.trim()));
        }
        if let (Pub::Shown(name), Some(unit)) = (&p.name, unit) {
            let name = name.public_plain();
            keys.push(format!("{year}\u{0}name\u{0}{}\u{0}{unit}", name.trim()));
        }
    }
    keys
}

pub(super) fn same_project(a: &Record, b: &Record) -> bool {
    let keys = project_keys(a);
    project_keys(b).iter().any(|k| keys.contains(k))
}

/// The amounts a record's data shows, by field path.
fn amounts(data: &RecordData) -> Vec<(&'static str, i128)> {
    let list: Vec<(&'static str, Option<&Pub<Money>>)> = match data {
        RecordData::Goal(g) => vec![
            ("funds.total", Some(&g.total)),
            ("funds.fiscal", g.fiscal.as_ref()),
            ("funds.other", g.other.as_ref()),
        ],
        RecordData::ExAnte(e) => vec![
            ("requested", Some(&e.requested)),
            ("approved", Some(&e.approved)),
        ],
        RecordData::Monitoring(m) => {
            vec![("budget", Some(&m.budget)), ("executed", Some(&m.executed))]
        }
        RecordData::SelfEvaluation(s) => vec![
            ("budget.initial", s.initial.as_ref()),
            ("budget.adjusted", Some(&s.adjusted)),
            ("budget.executed", Some(&s.executed)),
        ],
        RecordData::Evaluation(e) => vec![("funds", Some(&e.funds))],
    };
    list.into_iter()
        .filter_map(|(k, m)| m.and_then(Pub::shown).map(|m| (k, m.fen)))
        .collect()
}

/// The amounts a record withholds: its 部分公开 fields, or all of a linked 不予公开 record.
fn withheld_amounts(r: &Record) -> Vec<i128> {
    let all = amounts(&r.data);
    match r.disclosure.status {
        DisclosureStatus::Partial => {
            let shown = amounts(&published_data(r));
            all.into_iter()
                .filter(|a| !shown.contains(a))
                .map(|(_, fen)| fen)
                .collect()
        }
        DisclosureStatus::Withheld if r.disclosure.linked => {
            all.into_iter().map(|(_, f)| f).collect()
        }
        _ => Vec::new(),
    }
}

/// The public records of one year by project key, each record once per key.
fn index(records: &[Record]) -> BTreeMap<String, Vec<usize>> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (n, r) in records.iter().enumerate().filter(|(_, r)| is_public(r)) {
        for k in project_keys(r) {
            by_key.entry(k).or_default().push(n);
        }
    }
    by_key
}

/// The public records (other than `r`) of `r`'s project, in order.
fn relatives(r: &Record, records: &[Record], by_key: &BTreeMap<String, Vec<usize>>) -> Vec<usize> {
    let found: BTreeSet<usize> = project_keys(r)
        .iter()
        .filter_map(|k| by_key.get(k))
        .flatten()
        .copied()
        .filter(|&n| !std::ptr::eq(&records[n], r))
        .collect();
    found.into_iter().collect()
}

/// Both checks for the records of one year.
pub(super) fn check(records: &[Record], diags: &mut Diagnostics) {
    let by_key = index(records);
    for r in records {
        let hidden = withheld_amounts(r);
        let unlinked = r.disclosure.status == DisclosureStatus::Withheld && !r.disclosure.linked;
        if hidden.is_empty() && !unlinked {
            continue;
        }
        let relatives = relatives(r, records, &by_key);
        if unlinked && let Some(&p) = relatives.first() {
            identified(r, &records[p], diags);
        }
        for &p in &relatives {
            let shown = amounts(&published_data(&records[p]));
            if shown.iter().any(|(_, f)| hidden.contains(f)) {
                amount_shown(r, &records[p], diags);
            }
        }
    }
}

/// E045: a withheld amount of `r` equals a published amount of `p`, of the same project.
fn amount_shown(r: &Record, p: &Record, diags: &mut Diagnostics) {
    let other = Place::of(p).show();
    diags.push(
        Place::of(r)
            .error(rule::PUBLISHED_TWICE)
            .msg(said!(
                "这条记录不予公开的一个金额，与同一项目在 {other} 公开的金额相同：公众可以从那里读到它",
                "a withheld amount of this record equals an amount published for the same project at {other}: anyone can read it there"
            ))
            .hint(said!(
                "在 {other} 也隐去这个金额（写入 `disclosure.fields`），或在这里公开它",
                "withhold that amount at {other} too (list it in `disclosure.fields`), or publish it here"
            )),
    );
}

/// E047: the 不予公开 record `w` shares its project or id with the published record `p`:
/// comparing the lists of each kind tells whose it is.
fn identified(w: &Record, p: &Record, diags: &mut Diagnostics) {
    let other = Place::of(p).show();
    diags.push(
        Place::of(w)
            .error(rule::IDENTIFIED)
            .msg(said!(
                "这条不予公开的记录与 {other} 公开的记录属于同一项目（项目编码、项目名称和单位，或 id 相同）：对照各类记录的清单，公众就能认出它是哪个项目的",
                "this withheld record belongs to the same project as the record published at {other} (same project code, same project name and unit, or same id): comparing the lists of each kind tells anyone which project it is"
            ))
            .hint(Said::new(
                "如果可以让公众知道它属于哪个项目，在 `disclosure` 中加上 `linked: true`（不予公开清单会写出项目名称）；否则把这个项目的其他记录也设为不予公开，或改用不同的 id",
                "if the public may know which project it belongs to, add `linked: true` to `disclosure` (the list of withheld records then names the project); otherwise withhold the project's other records too, or use a different id",
            )),
    );
}
