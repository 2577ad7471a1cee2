//! Cross-record checks on withheld content, run on the validated site before anything is
//! published. A withheld value is only withheld if no other published place gives it back:
//! - a withheld text that also stands in published text (another record, a stub's title or
//!   note, a name, a narrative) or in the generator's own interface text is an error naming
//!   both places (E045) — the leak audit could never tell such a text from a leak;
//! - a withheld amount equal to a published amount of the same project (same code, else same
//!   name and unit, or same id) is an error naming both places (E045);
//! - an id published in URLs that equals, contains, or is a SHA-256 hex prefix of a withheld
//!   value is an error (E046);
//! - a 不予公开 record that shares its project or id with a published record is identified
//!   by elimination, an error (E047) unless the author marks it `linked: true`.
//!
//! No message repeats a withheld value. No I/O here.

use super::fields;
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::model::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// A place in the sources: file and line (0: the whole file), and for a record the keys of
/// its project (see [`project_keys`]; none for text that is not a record's).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    path: String,
    line: usize,
    keys: Vec<String>,
}

/// A withheld text, where it is withheld, and whether only as part of a wholly withheld
/// (不予公开, 不列示) record rather than by a `fields` path or an inline marker.
type Hidden = (String, Place, bool);

impl Place {
    fn of(r: &Record) -> Place {
        Place {
            path: r.source.path.clone(),
            line: r.source.line,
            keys: project_keys(r),
        }
    }

    fn file(path: impl Into<String>) -> Place {
        Place {
            path: path.into(),
            line: 0,
            keys: Vec::new(),
        }
    }

    fn show(&self) -> String {
        match self.line {
            0 => self.path.clone(),
            n => format!("{}:{n}", self.path),
        }
    }

    fn error(&self, rule: &'static str) -> Diagnostic {
        Diagnostic::error(rule, &self.path, self.line, 1).quiet(true)
    }
}

/// Runs every check; `generated` is the text the generator itself publishes (interface
/// strings of the site's language), besides the vocabulary labels added here.
pub fn check(site: &Site, generated: &[String]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let hidden = hidden_texts(site);
    let public = public_texts(site);
    published_elsewhere(&hidden, &public, &mut diags);
    in_generated_text(&hidden, generated, &mut diags);
    derived_ids(site, &hidden, &mut diags);
    for year in site.regions.iter().flat_map(|r| &r.years) {
        amounts_published_elsewhere(&year.records, &mut diags);
        identified_by_elimination(&year.records, &mut diags);
    }
    diags
}

/// The record's data as published: its 部分公开 fields withheld.
fn published_data(r: &Record) -> RecordData {
    let mut data = r.data.clone();
    let reason = r.disclosure.reason.unwrap_or(Reason::Other);
    for (path, _, _) in &r.disclosure.fields {
        fields::withhold(&mut data, path, reason);
    }
    data
}

fn is_public(r: &Record) -> bool {
    matches!(
        r.disclosure.status,
        DisclosureStatus::Public | DisclosureStatus::Partial
    )
}

/// The project name and code of a record, which `linked: true` makes public.
fn project_texts(r: &Record) -> Vec<String> {
    let p = match &r.data {
        RecordData::Goal(g) => g.project.as_ref(),
        RecordData::ExAnte(e) => Some(&e.project),
        RecordData::Monitoring(m) => m.project.as_ref(),
        RecordData::SelfEvaluation(s) => s.project.as_ref(),
        RecordData::Evaluation(e) => match &e.subject {
            Subject::Project(p) => Some(p),
            _ => None,
        },
    };
    let Some(p) = p else { return Vec::new() };
    let mut out = Vec::new();
    if let Pub::Shown(n) = &p.name {
        out.push(n.public_plain().trim().to_string());
    }
    if let Some(Pub::Shown(c)) = &p.code {
        out.push(c.trim().to_string());
    }
    out
}

/// The title of a 不予公开 record's stub: with `linked: true`, the register names the project
/// (its public name, which the author accepts may be known), unless the title already does.
pub fn linked_title(r: &Record, title: String) -> String {
    if !r.disclosure.linked {
        return title;
    }
    match project_texts(r).first() {
        Some(name) if !title.contains(name.as_str()) => format!("{name}：{title}"),
        _ => title,
    }
}

/// Every withheld text of every record, with the record's place.
fn hidden_texts(site: &Site) -> Vec<Hidden> {
    let mut out = Vec::new();
    for year in site.regions.iter().flat_map(|r| &r.years) {
        for r in &year.records {
            out.extend(record_secrets(r, &year.records));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A linked record's texts that its project's public records publish word for word (its
/// name, code, the goal's indicator names): the author declared the record to be that
/// project's, so these say nothing more.
fn linked_public(r: &Record, year: &[Record]) -> Vec<String> {
    let mut out = project_texts(r);
    for p in year.iter().filter(|p| is_public(p) && same_project(r, p)) {
        out.extend(fields::text_forms(&published_data(p)));
    }
    out
}

/// The withheld texts of one record, with its place; `year` holds the records of its year.
fn record_secrets(r: &Record, year: &[Record]) -> Vec<Hidden> {
    let mut texts: Vec<(String, bool)> = r.secrets.iter().map(|t| (t.clone(), false)).collect();
    match r.disclosure.status {
        DisclosureStatus::Withheld | DisclosureStatus::Excluded => {
            let mut all = fields::text_forms(&r.data);
            if r.disclosure.linked {
                let named = linked_public(r, year);
                all.retain(|t| !named.contains(t));
            }
            texts.extend(all.into_iter().map(|t| (t, true)));
        }
        DisclosureStatus::Partial => {
            let mut data = r.data.clone();
            for (path, _, _) in &r.disclosure.fields {
                let forms = fields::withhold(&mut data, path, Reason::Other).unwrap_or_default();
                texts.extend(forms.into_iter().map(|t| (t, false)));
            }
        }
        DisclosureStatus::Public => {}
    }
    let place = Place::of(r);
    texts
        .into_iter()
        .map(|(t, whole)| (t.trim().to_string(), whole))
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, whole)| (t, place.clone(), whole))
        .collect()
}

/// The texts an indicator publishes besides its name and deviation.
fn indicator_values(data: &RecordData) -> Vec<String> {
    let list = match data {
        RecordData::Goal(g) => &g.indicators,
        RecordData::SelfEvaluation(s) => &s.indicators,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for i in list {
        out.extend(i.target.shown().cloned());
        out.extend(i.unit.clone());
        out.extend(i.actual.as_ref().and_then(|a| a.shown().cloned()));
    }
    out
}

fn page_texts(p: &Page) -> Vec<String> {
    let mut out = vec![p.body.public_plain()];
    out.extend(p.title.clone());
    out.extend(p.description.clone());
    out
}

/// Every text the site publishes from its content, with the place it is written.
fn public_texts(site: &Site) -> Vec<(String, Place)> {
    let c = &site.config;
    let f = &c.footer;
    let mut out: Vec<(String, Place)> = [Some(&c.title), Some(&c.owner), c.description.as_ref()]
        .into_iter()
        .chain([&f.site_code, &f.icp, &f.police, &f.contact, &f.address].map(Option::as_ref))
        .flatten()
        .map(|t| (t.clone(), Place::file("site.yaml")))
        .collect();
    if let Some(p) = &site.home {
        out.extend(page_texts(p).into_iter().map(|t| (t, Place::file(&p.path))));
    }
    for region in &site.regions {
        let file = Place::file(format!("content/{}/region.yaml", region.id));
        out.push((region.name.clone(), file.clone()));
        out.extend(region.units.iter().map(|u| (u.name.clone(), file.clone())));
        for y in &region.years {
            if let Some(p) = &y.page {
                out.extend(page_texts(p).into_iter().map(|t| (t, Place::file(&p.path))));
            }
            for r in &y.records {
                out.extend(record_texts(r).into_iter().map(|t| (t, Place::of(r))));
            }
        }
    }
    out
}

/// What a record publishes as text: its page, or its stub in the withheld register.
fn record_texts(r: &Record) -> Vec<String> {
    let d = &r.disclosure;
    match d.status {
        DisclosureStatus::Excluded => Vec::new(),
        DisclosureStatus::Withheld => {
            let mut out: Vec<String> = d.public_title.iter().cloned().collect();
            out.extend(d.note.as_ref().map(Text::public_plain));
            out
        }
        DisclosureStatus::Public | DisclosureStatus::Partial => {
            let data = published_data(r);
            let mut out = fields::text_forms(&data);
            out.extend(indicator_values(&data));
            out.extend(d.note.as_ref().map(Text::public_plain));
            out.push(r.id.clone());
            out
        }
    }
}

/// Whether a withheld text is worth searching for: what the leak audit searches for.
fn searched(t: &str) -> bool {
    t.chars().count() >= 2 && Decimal::parse(t).is_err()
}

/// Whether a withheld text published at `at` gives it away. A text withheld on its own (a
/// `fields` path, an inline marker) always does. A text of a wholly withheld record does when
/// it stands in a narrative, a name or site.yaml, in the record's own stub, or in a record of
/// the same project (or id) in the same year; standing in an unrelated record, which
/// publishes it for its own reason (a common indicator name), it tells nothing of this record,
/// and the leak audit does not search for it.
fn gives_away(from: &Place, whole: bool, at: &Place) -> bool {
    !whole || at.keys.is_empty() || at.keys.iter().any(|k| from.keys.contains(k))
}

/// E045: a withheld text that stands in published text.
fn published_elsewhere(hidden: &[Hidden], public: &[(String, Place)], diags: &mut Diagnostics) {
    let needles: Vec<&Hidden> = hidden.iter().filter(|(t, _, _)| searched(t)).collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(needles.iter().map(|(t, _, _)| t)) else {
        return;
    };
    let mut seen = BTreeSet::new();
    for (text, at) in public {
        for m in ac.find_overlapping_iter(text.as_str()) {
            let (_, from, whole) = needles[m.pattern().as_usize()];
            if gives_away(from, *whole, at) && seen.insert((from.clone(), at.clone())) {
                let other = at.show();
                diags.push(
                    from.error(rule::PUBLISHED_TWICE)
                        .msg(format!(
                            "这条记录不予公开的一段文字，在 {other} 又公开了：隐去它没有用，公开的那一处会把它泄露出去"
                        ))
                        .hint(format!(
                            "两处选一：在 {other} 也隐去这段文字（`[…]{{redact 理由}}` 或 `disclosure.fields`），或确认它可以公开、这里不再隐去；不予公开的记录有意公开项目名称时，写 `linked: true`"
                        )),
                );
            }
        }
    }
}

/// The labels of every enumeration, in Chinese and English: text the generator publishes.
fn vocabulary() -> Vec<&'static str> {
    macro_rules! labels {
        ($($t:ty),*) => {{
            let mut v: Vec<&'static str> = Vec::new();
            $(for x in <$t>::ALL { v.push(x.zh()); v.push(x.en()); })*
            v
        }};
    }
    labels!(
        DisclosureStatus,
        Reason,
        RegionLevel,
        Scope,
        Level1,
        Level2,
        Op,
        Conclusion,
        Flag,
        Grade,
        EvalType,
        Kind
    )
}

/// E045: a withheld text (of any status, 不列示 included) that is, or is part of, text the
/// generator publishes on its own. The page shows those characters whatever the records say,
/// so the leak audit would find them and fail the build (E080) while proving nothing; it is
/// reported here instead, without the text. It is not silently dropped from the audit: a
/// withheld text the audit cannot check is not published.
fn in_generated_text(hidden: &[Hidden], generated: &[String], diags: &mut Diagnostics) {
    let labels: Vec<&str> = vocabulary()
        .into_iter()
        .chain(generated.iter().map(String::as_str))
        .collect();
    let mut seen = BTreeSet::new();
    for (text, at, _) in hidden.iter().filter(|(t, _, _)| searched(t)) {
        if labels.iter().any(|l| l.contains(text.as_str())) && seen.insert(at) {
            diags.push(
                at.error(rule::PUBLISHED_TWICE)
                    .msg("这条记录不予公开（或不列示）的一段文字，与网站自动生成的界面文字相同或是其中一部分：页面上本来就有这些字，无法检查它有没有泄露")
                    .hint("把这段文字写完整些（例如带上项目或单位名称），使它不再与界面文字相同；如果它本可公开，就不要隐去"),
            );
        }
    }
}

/// A text folded as ids are written: lower case, runs of other characters as one `-`.
fn slug(t: &str) -> String {
    let mut out = String::new();
    for c in t.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// How an id is made from a withheld text, if it is.
fn derived(id: &str, text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    if id == lower || id == slug(&lower) {
        return Some("等于");
    }
    let ascii = lower.is_ascii() && lower.chars().count() >= 4;
    if ascii && (id.contains(&lower) || id.contains(&slug(&lower))) {
        return Some("包含");
    }
    let hex: String = Sha256::digest(text.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let hashed = std::iter::once(id)
        .chain(id.split('-'))
        .any(|s| s.len() >= 8 && s.bytes().all(|b| b.is_ascii_hexdigit()) && hex.starts_with(s));
    hashed.then_some("是 SHA-256 散列值的前缀，取自")
}

/// E046: an id published in URLs made from a withheld value.
fn derived_ids(site: &Site, hidden: &[Hidden], diags: &mut Diagnostics) {
    let mut ids: Vec<(&str, Place)> = Vec::new();
    for region in &site.regions {
        let file = Place::file(format!("content/{}/region.yaml", region.id));
        ids.push((&region.id, file.clone()));
        ids.extend(region.units.iter().map(|u| (u.id.as_str(), file.clone())));
        for r in region.years.iter().flat_map(|y| &y.records) {
            if is_public(r) {
                ids.push((&r.id, Place::of(r)));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (id, at) in &ids {
        for (text, from, _) in hidden {
            let Some(how) = derived(id, text) else {
                continue;
            };
            if seen.insert((at.clone(), from.clone())) {
                let from = from.show();
                diags.push(
                    at.error(rule::DERIVED_ID)
                        .msg(format!(
                            "这里的 id 会出现在网址中，但它{how} {from} 不予公开的一个值：公众可以从网址读出或核对这个值"
                        ))
                        .hint("换一个与不予公开内容无关的 id，例如按年份和顺序编号：`yl-2024-01`"),
                );
            }
        }
    }
}

/// The keys that tie a record to its project: code, name and unit, id (original values).
fn project_keys(r: &Record) -> Vec<String> {
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

fn same_project(a: &Record, b: &Record) -> bool {
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

/// E045: a withheld amount equal to a published amount of another record of the same project.
fn amounts_published_elsewhere(records: &[Record], diags: &mut Diagnostics) {
    for r in records {
        let hidden = withheld_amounts(r);
        if hidden.is_empty() {
            continue;
        }
        for p in records
            .iter()
            .filter(|p| is_public(p) && !std::ptr::eq(*p, r))
        {
            let shown = amounts(&published_data(p));
            if !same_project(r, p) || !shown.iter().any(|(_, f)| hidden.contains(f)) {
                continue;
            }
            let other = Place::of(p).show();
            diags.push(
                Place::of(r)
                    .error(rule::PUBLISHED_TWICE)
                    .msg(format!(
                        "这条记录不予公开的一个金额，与同一项目在 {other} 公开的金额相同：公众可以从那里读到它"
                    ))
                    .hint(format!(
                        "在 {other} 也隐去这个金额（写入 `disclosure.fields`），或在这里公开它"
                    )),
            );
        }
    }
}

/// E047: a 不予公开 record tied to a published record of the same project or id: comparing
/// the lists of each kind tells whose it is.
fn identified_by_elimination(records: &[Record], diags: &mut Diagnostics) {
    let withheld = records
        .iter()
        .filter(|r| r.disclosure.status == DisclosureStatus::Withheld && !r.disclosure.linked);
    for w in withheld {
        let Some(p) = records.iter().find(|p| is_public(p) && same_project(w, p)) else {
            continue;
        };
        let other = Place::of(p).show();
        diags.push(
            Place::of(w)
                .error(rule::IDENTIFIED)
                .msg(format!(
                    "这条不予公开的记录与 {other} 公开的记录属于同一项目（项目编码、项目名称和单位，或 id 相同）：对照各类记录的清单，公众就能认出它是哪个项目的"
                ))
                .hint("如果可以让公众知道它属于哪个项目，在 `disclosure` 中加上 `linked: true`（不予公开清单会写出项目名称）；否则把这个项目的其他记录也设为不予公开，或改用不同的 id"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_from_withheld_values_are_recognised() {
        assert_eq!(derived("xm-001", "XM-001"), Some("等于"));
        assert_eq!(derived("acme-audit-2024", "ACME Audit"), Some("包含"));
        assert_eq!(derived("road-acme", "acme"), Some("包含"));
        assert_eq!(derived("road-acm", "acm1"), None, "too short to contain");
        assert_eq!(derived("road", "乡村道路"), None);
        let hex: String = Sha256::digest("某公司".as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(derived(&hex[..8], "某公司").is_some());
        assert!(derived(&format!("r-{}", &hex[..10]), "某公司").is_some());
        assert_eq!(
            derived(&hex[..7], "某公司"),
            None,
            "fewer than 8 hex digits"
        );
    }

    #[test]
    fn a_whole_record_text_gives_itself_away_only_where_tied_to_it() {
        let at = |keys: &[&str]| Place {
            path: "p".into(),
            line: 1,
            keys: keys.iter().map(|k| k.to_string()).collect(),
        };
        let from = at(&["a", "b"]);
        assert!(
            gives_away(&from, false, &at(&["z"])),
            "explicitly withheld: anywhere"
        );
        assert!(
            gives_away(&from, true, &at(&[])),
            "narratives, names, site.yaml"
        );
        assert!(gives_away(&from, true, &at(&["b"])), "same project");
        assert!(!gives_away(&from, true, &at(&["z"])), "an unrelated record");
    }
}
