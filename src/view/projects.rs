//! Projects and units across a body's years: which public records are one project, in what
//! order its steps come, and which units have a page. Made from one `&PublicRegion` alone.
//!
//! **Identity.** A record belongs to a project when it names one whose name is shown whole (no
//! withheld passage in it) and whose code, if it has one, is shown. Records with a code are one
//! project per code. A record without a code joins the coded project of the same name and unit
//! when exactly one coded project has that name and unit; otherwise the records without a code
//! are one project per (name, unit). An evaluation that names no unit joins the one project of
//! its name when there is exactly one; else it is a project of its own.
//!
//! **Withheld identity.** A record whose project name or code is withheld (`project.name`,
//! `project.code`, `subject.project.*`, or an inline withheld passage in the name) is never
//! grouped, linked, counted or ordered into a project: placing it would tell the reader its
//! withheld name or code. Withheld records (stubs) are not in the public model at all.
//!
//! **Slug.** A coded project's slug is its code in lower case where the code is made of ASCII
//! letters, digits, `-` and `_` (and no other code has the same slug); otherwise, and for a
//! project without a code, `p-` and the first 12 hex digits of the SHA-256 of its public
//! identity: deterministic, and made of public values only.
//! No I/O here.

use crate::disclose::PublicRegion;
use crate::model::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// A record of the body: (year index, record index in that year).
pub type At = (usize, usize);

/// What a record says of the project it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// The record names no project (部门整体, an evaluation of a unit or the body).
    None,
    /// Its project name or code is withheld, wholly or in part: it joins no project.
    Withheld,
    /// A shown code, with the shown name and the record's unit.
    Coded(String, String, Option<String>),
    /// A shown name and the record's unit, no code.
    Named(String, Option<String>),
}

/// The unit a record is of: its `unit`, an evaluation's `unit` or its subject unit.
pub fn record_unit(r: &Record) -> Option<&str> {
    match &r.data {
        RecordData::Goal(g) => Some(&g.unit),
        RecordData::ExAnte(e) => Some(&e.unit),
        RecordData::Monitoring(m) => Some(&m.unit),
        RecordData::SelfEvaluation(s) => Some(&s.unit),
        RecordData::Evaluation(e) => match (&e.unit, &e.subject) {
            (Some(u), _) | (None, Subject::Unit(u)) => Some(u),
            _ => None,
        },
    }
}

/// The project identity of a record, from its public values only.
pub fn identity(r: &Record) -> Identity {
    let Some(p) = r.project() else {
        return Identity::None;
    };
    let name = match &p.name {
        Pub::Shown(t) if t.withheld_count() == 0 => t.public_plain().trim().to_string(),
        _ => return Identity::Withheld,
    };
    if name.is_empty() {
        return Identity::None;
    }
    let unit = record_unit(r).map(str::to_string);
    match &p.code {
        Some(Pub::Withheld(_)) => Identity::Withheld,
        Some(Pub::Shown(c)) if !c.trim().is_empty() => {
            Identity::Coded(c.trim().to_string(), name, unit)
        }
        _ => Identity::Named(name, unit),
    }
}

/// One project of a body: its public identity and its records in timeline order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub slug: String,
    /// The shown code; `None` for a project without one.
    pub code: Option<String>,
    /// The name of its latest record.
    pub name: String,
    /// The unit of its latest record that names one.
    pub unit: Option<String>,
    /// Its records, in timeline order (see [`step_order`]).
    pub steps: Vec<At>,
}

/// The projects of a body, and where each record is in them.
#[derive(Debug, Clone, Default)]
pub struct Projects {
    /// By slug.
    pub groups: Vec<Group>,
    /// Record → (group index, position in its steps).
    place: BTreeMap<At, (usize, usize)>,
    /// The ids of the units that have a page ([`units_with_pages`]).
    pub units: BTreeSet<String>,
}

/// Where a record's step comes in a year: goal → 事前评估 → each monitoring node (by node) →
/// self-evaluation → evaluation(s) (by date, then id).
pub fn step_order(r: &Record) -> (u8, Option<Month>, Option<chrono::NaiveDate>, &str) {
    let stage = match r.kind {
        Kind::Goal => 0,
        Kind::ExAnte => 1,
        Kind::Monitoring => 2,
        Kind::SelfEvaluation => 3,
        Kind::Evaluation => 4,
    };
    let node = match &r.data {
        RecordData::Monitoring(m) => Some(m.node),
        _ => None,
    };
    (stage, node, r.data.published_on(), &r.id)
}

/// Group key while grouping: a code, or (name, unit).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Code(String),
    Named(String, Option<String>),
}

impl Projects {
    /// The projects of `r`'s public records.
    pub fn of(r: &PublicRegion) -> Projects {
        let mut idents: Vec<(At, Identity)> = Vec::new();
        for (yi, y) in r.years().iter().enumerate() {
            for (n, p) in y.records().iter().enumerate() {
                idents.push(((yi, n), identity(p.record())));
            }
        }
        // Which codes each (name, unit) and each name has among coded records.
        let mut coded: BTreeMap<(&str, Option<&str>), BTreeSet<&str>> = BTreeMap::new();
        for (_, id) in &idents {
            if let Identity::Coded(c, name, unit) = id {
                coded.entry((name, unit.as_deref())).or_default().insert(c);
            }
        }
        let mut keyed: BTreeMap<Key, Vec<At>> = BTreeMap::new();
        let mut names: BTreeMap<&str, BTreeSet<Key>> = BTreeMap::new();
        let mut unitless: Vec<(At, &str)> = Vec::new();
        for (at, id) in &idents {
            let (key, name) = match id {
                Identity::Coded(c, name, _) => (Key::Code(c.clone()), name),
                Identity::Named(name, None) => {
                    unitless.push((*at, name));
                    continue;
                }
                Identity::Named(name, Some(u)) => match coded.get(&(name.as_str(), Some(u))) {
                    Some(codes) if codes.len() == 1 => {
                        let code = codes.iter().next().copied().unwrap_or_default();
                        (Key::Code(code.to_string()), name)
                    }
                    _ => (Key::Named(name.clone(), Some(u.clone())), name),
                },
                Identity::None | Identity::Withheld => continue,
            };
            names.entry(name).or_default().insert(key.clone());
            keyed.entry(key).or_default().push(*at);
        }
        for (at, name) in unitless {
            let key = match names.get(name) {
                Some(keys) if keys.len() == 1 => keys.iter().next().cloned(),
                _ => None,
            };
            let key = key.unwrap_or_else(|| Key::Named(name.to_string(), None));
            keyed.entry(key).or_default().push(at);
        }
        Projects::from_keyed(r, keyed)
    }

    fn from_keyed(r: &PublicRegion, keyed: BTreeMap<Key, Vec<At>>) -> Projects {
        let rec = |at: &At| r.years()[at.0].records()[at.1].record();
        let mut groups: Vec<Group> = keyed
            .into_iter()
            .map(|(key, mut steps)| {
                steps.sort_by(|a, b| {
                    (r.years()[a.0].year(), step_order(rec(a)))
                        .cmp(&(r.years()[b.0].year(), step_order(rec(b))))
                });
                let last_name = steps.iter().rev().find_map(|at| match identity(rec(at)) {
                    Identity::Coded(_, n, _) | Identity::Named(n, _) => Some(n),
                    _ => None,
                });
                let unit = steps
                    .iter()
                    .rev()
                    .find_map(|at| record_unit(rec(at)).map(str::to_string));
                let (slug, code) = match &key {
                    Key::Code(c) => (code_slug(c), Some(c.clone())),
                    Key::Named(n, u) => (hashed(n, u.as_deref()), None),
                };
                Group {
                    slug,
                    code,
                    name: last_name.unwrap_or_default(),
                    unit,
                    steps,
                }
            })
            .collect();
        // Two codes that differ only in case would share a slug: each then takes its hash.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for g in &groups {
            *seen.entry(g.slug.clone()).or_default() += 1;
        }
        for g in &mut groups {
            if let (Some(c), Some(2..)) = (&g.code, seen.get(&g.slug)) {
                g.slug = short_hash(&["code", c]);
            }
        }
        groups.sort_by(|a, b| a.slug.cmp(&b.slug));
        let mut place = BTreeMap::new();
        for (g, group) in groups.iter().enumerate() {
            for (pos, at) in group.steps.iter().enumerate() {
                place.insert(*at, (g, pos));
            }
        }
        let units = units_with_pages(r)
            .into_iter()
            .map(str::to_string)
            .collect();
        Projects {
            groups,
            place,
            units,
        }
    }

    /// The project of a record and its position in the project's steps.
    pub fn place(&self, at: At) -> Option<(&Group, usize)> {
        let (g, pos) = *self.place.get(&at)?;
        Some((&self.groups[g], pos))
    }

    /// The project with `slug`.
    pub fn by_slug(&self, slug: &str) -> Option<&Group> {
        self.groups
            .binary_search_by(|g| g.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.groups[i])
    }
}

/// A code as a slug: itself when URL-safe, else its hash.
fn code_slug(code: &str) -> String {
    let safe = code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if safe && !code.to_ascii_lowercase().starts_with("p-") {
        code.to_ascii_lowercase()
    } else {
        short_hash(&["code", code])
    }
}

fn hashed(name: &str, unit: Option<&str>) -> String {
    short_hash(&["name", name, unit.unwrap_or("")])
}

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let hex: String = d.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("p-{hex}")
}

/// The ids of the units of `r` that have a page: those with at least one public record.
pub fn units_with_pages(r: &PublicRegion) -> BTreeSet<&str> {
    let used: BTreeSet<&str> = r
        .years()
        .iter()
        .flat_map(|y| y.records())
        .filter_map(|p| record_unit(p.record()))
        .collect();
    r.units()
        .iter()
        .map(|u| u.id.as_str())
        .filter(|u| used.contains(u))
        .collect()
}

/// The URL of a project's page.
pub fn project_url(r: &PublicRegion, slug: &str) -> String {
    format!("{}/projects/{slug}/", r.id())
}

/// The URL of a unit's page.
pub fn unit_url(r: &PublicRegion, unit: &str) -> String {
    format!("{}/units/{unit}/", r.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_the_code_in_lower_case_or_a_stable_hash() {
        assert_eq!(code_slug("652700240003"), "652700240003");
        assert_eq!(code_slug("XM-001"), "xm-001");
        // Not URL-safe, or like a hashed slug: hashed, and stable.
        let odd = code_slug("项目/01");
        assert!(odd.starts_with("p-") && odd.len() == 14, "{odd}");
        assert_eq!(odd, code_slug("项目/01"));
        assert_ne!(code_slug("P-123"), "p-123");
        // A name's hash differs by unit, and from a code's.
        assert_ne!(hashed("公路", Some("jtj")), hashed("公路", Some("czj")));
        assert_ne!(hashed("x", None), short_hash(&["code", "x"]));
    }
}
