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

mod ids;
mod projects;

use super::fields;
use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::model::*;
use crate::said;
use projects::{project_keys, same_project};
use std::collections::BTreeSet;

/// A place in the sources: file and line (0: the whole file), and for a record the keys of
/// its project (see [`project_keys`]; none for text that is not a record's).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    path: String,
    line: usize,
    keys: Vec<String>,
}

/// A withheld text, where it is withheld, and whether it is withheld as a field or as part of a
/// wholly withheld (不予公开, 不列示) record rather than by an inline marker.
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
        Diagnostic::error(rule, &self.path, self.line, 1)
    }
}

/// Runs every check; `generated` is the text the generator itself publishes (interface
/// strings of the site's language), besides the vocabulary labels added here.
///
/// The checks are independent of each other and run at once; their diagnostics are put
/// together in one fixed order, whatever finished first.
pub fn check(site: &Site, generated: &[String]) -> Diagnostics {
    use rayon::prelude::*;
    let each = |f: &(dyn Fn(&mut Diagnostics) + Sync)| {
        let mut d = Diagnostics::default();
        f(&mut d);
        d
    };
    let ((hidden, public), (ids, projects)) = rayon::join(
        || rayon::join(|| hidden_texts(site), || public_texts(site)),
        || {
            rayon::join(
                || published_ids(site),
                || {
                    let years: Vec<&Year> = site.regions.iter().flat_map(|r| &r.years).collect();
                    years
                        .par_iter()
                        .map(|y| each(&|d| projects::check(&y.records, d)))
                        .collect::<Vec<Diagnostics>>()
                },
            )
        },
    );
    let (elsewhere, (in_generated, by_id)) = rayon::join(
        || each(&|d| published_elsewhere(&hidden, &public, d)),
        || {
            rayon::join(
                || each(&|d| in_generated_text(&hidden, generated, d)),
                || each(&|d| ids::check(&ids, &hidden, d)),
            )
        },
    );
    let mut diags = Diagnostics::default();
    for d in [elsewhere, in_generated, by_id].into_iter().chain(projects) {
        diags.extend(d);
    }
    diags
}

/// The record's data as published: its 部分公开 fields withheld.
fn published_data(r: &Record) -> std::borrow::Cow<'_, RecordData> {
    if r.disclosure.fields.is_empty() {
        return std::borrow::Cow::Borrowed(&r.data);
    }
    let mut data = r.data.clone();
    let reason = r.disclosure.reason.unwrap_or(Reason::Other);
    for (path, _, _) in &r.disclosure.fields {
        fields::withhold(&mut data, path, reason);
    }
    std::borrow::Cow::Owned(data)
}

fn is_public(r: &Record) -> bool {
    matches!(
        r.disclosure.status,
        DisclosureStatus::Public | DisclosureStatus::Partial
    )
}

/// The project name and code of a record, which `linked: true` makes public.
fn project_texts(r: &Record) -> Vec<String> {
    let Some(p) = r.project() else {
        return Vec::new();
    };
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

/// Every id published in URLs: regions, units and public records, with where each is written.
fn published_ids(site: &Site) -> Vec<(&str, Place)> {
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
    ids
}

/// Every withheld text of every record, with the record's place.
fn hidden_texts(site: &Site) -> Vec<Hidden> {
    let mut out = Vec::new();
    for year in site.regions.iter().flat_map(|r| &r.years) {
        for r in &year.records {
            out.extend(record_secrets(r, year));
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

/// The withheld texts of one record, with its place; `year` is the year it is of.
fn record_secrets(r: &Record, year: &Year) -> Vec<Hidden> {
    let mut texts: Vec<(String, bool)> = year
        .passages_of(r)
        .iter()
        .map(|t| (t.clone(), false))
        .collect();
    match r.disclosure.status {
        DisclosureStatus::Withheld | DisclosureStatus::Excluded => {
            let mut all = fields::text_forms(&r.data);
            if r.disclosure.linked {
                let named = linked_public(r, &year.records);
                all.retain(|t| !named.contains(t));
            }
            texts.extend(all.into_iter().map(|t| (t, true)));
        }
        DisclosureStatus::Partial => {
            let mut data = r.data.clone();
            for (path, _, _) in &r.disclosure.fields {
                // A withheld field's text (an indicator name, say) given away only where it
                // ties to this record, like a wholly withheld record's: an unrelated record
                // publishing the same words (a common indicator name) says nothing of this one.
                let forms = fields::withhold(&mut data, path, Reason::Other).unwrap_or_default();
                texts.extend(forms.into_iter().map(|t| (t, true)));
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

/// Every text the site publishes from its content, by the place it is written (in the order
/// of the site's files).
fn public_texts(site: &Site) -> Vec<(Place, Vec<String>)> {
    let c = &site.config;
    let f = &c.footer;
    let config: Vec<String> = [Some(&c.title), Some(&c.owner), c.description.as_ref()]
        .into_iter()
        .chain([&f.site_code, &f.icp, &f.police, &f.contact, &f.address].map(Option::as_ref))
        .flatten()
        .cloned()
        .collect();
    let mut out = vec![(Place::file("site.yaml"), config)];
    if let Some(p) = &site.home {
        out.push((Place::file(&p.path), page_texts(p)));
    }
    for region in &site.regions {
        let file = Place::file(format!("content/{}/region.yaml", region.id));
        let mut names = vec![region.name.clone()];
        names.extend(region.units.iter().map(|u| u.name.clone()));
        out.push((file, names));
        for y in &region.years {
            if let Some(p) = &y.page {
                out.push((Place::file(&p.path), page_texts(p)));
            }
            for r in &y.records {
                out.push((Place::of(r), record_texts(r)));
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

/// Whether a withheld text published at `at` gives it away. A phrase withheld by an inline
/// marker always does. A withheld field's text, or a text of a wholly withheld record, does when
/// it stands in a narrative, a name or site.yaml, in the record's own stub, or in a record of
/// the same project (or id) in the same year; standing in an unrelated record, which
/// publishes it for its own reason (a common indicator name), it tells nothing of this record,
/// and the leak audit does not search for it. ([`Sources::given_away`] applies it to every
/// place a text is withheld at.)
#[cfg(test)]
fn gives_away(from: &Place, whole: bool, at: &Place) -> bool {
    !whole || at.keys.is_empty() || at.keys.iter().any(|k| from.keys.contains(k))
}

/// The places a withheld text is withheld at, indexed for [`gives_away`]: a common text (an
/// indicator name of many withheld records) is searched for once, and a public text that
/// holds it is paired only with the places it gives away.
#[derive(Default)]
struct Sources<'h> {
    /// Withheld by a marker: given away anywhere.
    marked: Vec<&'h Place>,
    /// Withheld with a whole record or field: given away where untied to a record.
    whole: Vec<&'h Place>,
    /// The same, by project key: given away in a record of that project.
    by_key: std::collections::HashMap<&'h str, Vec<&'h Place>>,
}

impl<'h> Sources<'h> {
    fn add(&mut self, from: &'h Place, whole: bool) {
        if !whole {
            self.marked.push(from);
            return;
        }
        self.whole.push(from);
        for k in &from.keys {
            self.by_key.entry(k.as_str()).or_default().push(from);
        }
    }

    /// The places whose withheld text `at` gives away (each once, in order).
    fn given_away(&self, at: &Place) -> BTreeSet<&'h Place> {
        let mut out: BTreeSet<&Place> = self.marked.iter().copied().collect();
        if at.keys.is_empty() {
            out.extend(self.whole.iter().copied());
        } else {
            for k in &at.keys {
                out.extend(self.by_key.get(k.as_str()).into_iter().flatten().copied());
            }
        }
        out
    }
}

/// E045: a withheld text that stands in published text.
fn published_elsewhere(
    hidden: &[Hidden],
    public: &[(Place, Vec<String>)],
    diags: &mut Diagnostics,
) {
    let mut by_text: std::collections::BTreeMap<&str, Sources> = Default::default();
    for (t, from, whole) in hidden.iter().filter(|(t, _, _)| searched(t)) {
        by_text.entry(t.as_str()).or_default().add(from, *whole);
    }
    let needles: Vec<&Sources> = by_text.values().collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(by_text.keys()) else {
        return;
    };
    let mut seen: BTreeSet<(&Place, &Place)> = BTreeSet::new();
    for (at, text) in public
        .iter()
        .flat_map(|(at, texts)| texts.iter().map(move |t| (at, t)))
    {
        for m in ac.find_overlapping_iter(text.as_str()) {
            for from in needles[m.pattern().as_usize()].given_away(at) {
                if !seen.insert((from, at)) {
                    continue;
                }
                let other = at.show();
                diags.push(
                    from.error(rule::PUBLISHED_TWICE)
                        .msg(said!(
                            "这条记录不予公开的一段文字，在 {other} 又公开了：隐去它没有用，公开的那一处会把它泄露出去",
                            "a withheld passage of this record is published again at {other}: withholding it here does not help, as the other place gives it away"
                        ))
                        .hint(said!(
                            "两处选一：在 {other} 也隐去这段文字（`[…]{{redact 理由}}` 或 `disclosure.fields`），或确认它可以公开、这里不再隐去；不予公开的记录有意公开项目名称时，写 `linked: true`",
                            "choose one: withhold the passage at {other} too (`[…]{{redact 理由}}` or `disclosure.fields`), or confirm it may be published and stop withholding it here; if a withheld record is meant to show its project's name, write `linked: true`"
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
    // Which withheld texts stand in some label: one search of the labels for all of them.
    let texts: Vec<&str> = hidden
        .iter()
        .map(|(t, _, _)| t.as_str())
        .filter(|t| searched(t))
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&texts) else {
        // Too many to search at once (not seen): one by one.
        return in_generated_text_each(hidden, &labels, diags);
    };
    let mut inside: BTreeSet<&str> = BTreeSet::new();
    for l in &labels {
        inside.extend(
            ac.find_overlapping_iter(*l)
                .map(|m| texts[m.pattern().as_usize()]),
        );
    }
    let mut seen = BTreeSet::new();
    for (text, at, _) in hidden.iter() {
        if inside.contains(text.as_str()) && seen.insert(at) {
            diags.push(generated_error(at));
        }
    }
}

/// [`in_generated_text`], each withheld text searched for in each label.
fn in_generated_text_each(hidden: &[Hidden], labels: &[&str], diags: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for (text, at, _) in hidden.iter().filter(|(t, _, _)| searched(t)) {
        if labels.iter().any(|l| l.contains(text.as_str())) && seen.insert(at) {
            diags.push(generated_error(at));
        }
    }
}

fn generated_error(at: &Place) -> Diagnostic {
    at.error(rule::PUBLISHED_TWICE)
        .msg(Said::new(
            "这条记录不予公开（或不列示）的一段文字，与网站自动生成的界面文字相同，或是界面文字的一部分：页面上本来就有这些字，无法检查它有没有泄露",
            "a withheld (or 不列示) passage of this record is the same as, or part of, text the site generates by itself: those characters are on the pages anyway, so whether the passage leaks cannot be checked",
        ))
        .hint(Said::new(
            "把这段文字写完整些（例如带上项目或单位名称），使它不再与界面文字相同；如果它本可公开，就不要隐去",
            "write the passage out more fully (with the project's or unit's name, say) so that it no longer matches the generated text; if it may be published, do not withhold it",
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one search of the labels for every withheld text finds what searching for each text
    /// in each label finds: every place whose text is a label or part of one, once each.
    #[test]
    fn withheld_texts_in_generated_labels_are_found_by_one_search() {
        let at = |line: usize| Place {
            path: format!("content/a/2024/goals/g{line}.yaml"),
            line,
            keys: Vec::new(),
        };
        let generated = vec!["不予公开的记录".to_string(), "按年度浏览".to_string()];
        let hidden: Vec<Hidden> = vec![
            ("不予公开".into(), at(1), true),
            ("某供应商".into(), at(2), true),
            ("年度".into(), at(3), false),
            ("年度".into(), at(4), true),
            ("度".into(), at(5), true),
            ("按年度浏览".into(), at(3), true),
            ("12.5".into(), at(6), true),
            ("浏览全部".into(), at(7), true),
        ];
        let lines = |d: &Diagnostics| d.items.iter().map(|d| d.line).collect::<Vec<_>>();
        let mut one = Diagnostics::default();
        in_generated_text(&hidden, &generated, &mut one);
        assert_eq!(lines(&one), vec![1, 3, 4]);
        let labels: Vec<&str> = vocabulary()
            .into_iter()
            .chain(generated.iter().map(String::as_str))
            .collect();
        let mut each = Diagnostics::default();
        in_generated_text_each(&hidden, &labels, &mut each);
        assert_eq!(one.items, each.items);
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

    #[test]
    fn the_index_of_sources_pairs_a_public_text_with_the_places_it_gives_away() {
        let place = |line: usize, keys: &[&str]| Place {
            path: "p".into(),
            line,
            keys: keys.iter().map(|k| k.to_string()).collect(),
        };
        let keys: [&[&str]; 5] = [&[], &["a"], &["b"], &["a", "b"], &["c"]];
        let hidden: Vec<(Place, bool)> = (0..20)
            .map(|i| (place(i, keys[i % 5]), i % 3 == 0))
            .collect();
        let mut sources = Sources::default();
        for (from, whole) in &hidden {
            sources.add(from, *whole);
        }
        for k in keys {
            let at = place(99, k);
            let want: BTreeSet<&Place> = hidden
                .iter()
                .filter(|(from, whole)| gives_away(from, *whole, &at))
                .map(|(from, _)| from)
                .collect();
            assert_eq!(sources.given_away(&at), want, "at {k:?}");
        }
    }
}
