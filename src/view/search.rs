//! The documents of the search index, made from the public model: each record page, each
//! year's narrative page, and each 不予公开 stub as the lists show it (public title and reason).
//!
//! Only shown values are read: a withheld field is skipped, a withheld passage becomes a break
//! in the indexed text and the fixed marker in the excerpt, so no withheld word can become a
//! token or a snippet. No I/O here.

use super::{records, views};
use crate::disclose::{PublicRecord, PublicRegion, PublicSite, PublicYear, Stub};
use crate::model::markers::{self, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, REASONS, Redacted};
use crate::model::*;
use crate::view::cells::Cell;
use crate::view::i18n::I18n;
use crate::view::projects::Projects;
use pulldown_cmark::{Event, Options, Parser, TagEnd};

mod terms;
pub use terms::{BUILT_IN_SYNONYMS, synonyms};

/// Characters of a result's excerpt.
pub const EXCERPT_CHARS: usize = 160;

/// The kinds of document, by filter key: the year narrative first, then the record kinds.
pub fn kinds(i: &I18n) -> Vec<(String, String)> {
    let mut v = vec![("annual".to_string(), i.t("search_kind_annual"))];
    v.extend(
        Kind::ALL
            .iter()
            .map(|k| (k.folder().to_string(), i.kind(*k))),
    );
    v
}

fn kind_index(k: Kind) -> usize {
    1 + Kind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

/// One searchable page or stub.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Index into the site's regions.
    pub region: usize,
    pub year: i32,
    /// Index into [`kinds`].
    pub kind: usize,
    /// Link, relative to the site's top.
    pub url: String,
    pub title: String,
    /// The unit or subject, when there is one.
    pub unit: String,
    /// The list columns, "申报金额 560.3万元；…".
    pub facts: String,
    pub excerpt: String,
    /// For a stub: the reason it is withheld; empty for a page.
    pub withheld: String,
    /// Text found by the title weight.
    pub strong: String,
    /// Other text found.
    pub weak: String,
    /// The project a record belongs to (the body's index and the project's slug, as
    /// `view::projects` groups the body's records from public values only); empty for a record
    /// of no project or whose code or name is withheld, a stub and a narrative.
    pub project: String,
    /// The record's id (the last part of its address); empty for a stub and a narrative.
    pub slug: String,
}

impl Doc {
    /// The order of documents in the index: newest year first, then by page address. Results of
    /// equal score are shown in this order.
    pub fn sort_key(&self) -> (i32, usize, usize, bool, &str, &str) {
        let stub = !self.withheld.is_empty();
        (
            -self.year,
            self.region,
            self.kind,
            stub,
            &self.url,
            &self.title,
        )
    }
}

/// Every document of the site, in index order.
pub fn collect(site: &PublicSite, i: &I18n) -> Vec<Doc> {
    use rayon::prelude::*;
    let places: Vec<(usize, usize)> = site
        .regions()
        .iter()
        .enumerate()
        .flat_map(|(ri, r)| (0..r.years().len()).map(move |yi| (ri, yi)))
        .collect();
    let parts: Vec<Vec<Doc>> = places
        .par_iter()
        .map(|&(ri, yi)| year_docs(i, ri, &site.regions()[ri], yi))
        .collect();
    let mut docs: Vec<Doc> = parts.into_iter().flatten().collect();
    terms::expand_all(&mut docs, &synonyms(site));
    docs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    docs
}

/// The documents of the `yi`th year of the `ri`th body, in index order (`format::search`
/// makes them a block of the index with their postings).
pub fn year_block_docs(i: &I18n, site: &PublicSite, ri: usize, yi: usize) -> Vec<Doc> {
    let r = &site.regions()[ri];
    let mut docs = year_docs(i, ri, r, yi);
    terms::expand_all(&mut docs, &synonyms(site));
    docs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    docs
}

/// Every (body, year) of the site as indices, in the index's order: newest year first, then by
/// body (as [`Doc::sort_key`]).
pub fn places(site: &PublicSite) -> Vec<(usize, usize)> {
    let mut places: Vec<(usize, usize)> = site
        .regions()
        .iter()
        .enumerate()
        .flat_map(|(ri, r)| (0..r.years().len()).map(move |yi| (ri, yi)))
        .collect();
    places.sort_by_key(|&(ri, yi)| (-site.regions()[ri].years()[yi].year(), ri));
    places
}

/// The documents of a body's year. A record's project is its group among the body's projects
/// (`view::projects`, across the body's years, as the project pages group them), so a year's
/// documents depend on the body's other years too.
fn year_docs(i: &I18n, ri: usize, r: &PublicRegion, yi: usize) -> Vec<Doc> {
    let y = &r.years()[yi];
    let projects = Projects::of(r);
    let mut docs: Vec<Doc> = narrative(i, ri, r, y).into_iter().collect();
    docs.extend(y.records().iter().enumerate().map(|(n, p)| {
        let project = projects
            .place((yi, n))
            .map(|(g, _)| format!("{ri}\t{}", g.slug))
            .unwrap_or_default();
        record(i, ri, r, y.year(), p, project)
    }));
    docs.extend(y.stubs().iter().map(|s| stub(i, ri, r, y.year(), s)));
    docs
}

fn narrative(i: &I18n, ri: usize, r: &PublicRegion, y: &PublicYear) -> Option<Doc> {
    let page = y.page()?;
    let (text, excerpt) = markdown_plain(i, &page.body);
    let heading = page.title.clone().unwrap_or_else(|| i.t("narrative"));
    Some(Doc {
        region: ri,
        year: y.year(),
        kind: 0,
        url: views::year_url(r, y.year()),
        title: format!("{} · {}", r.name(), heading),
        excerpt: clip(&excerpt),
        strong: heading,
        weak: join(&[r.name(), &text, &i.t("search_kind_annual")]),
        ..Doc::default()
    })
}

fn stub(i: &I18n, ri: usize, r: &PublicRegion, year: i32, s: &Stub) -> Doc {
    let note = s.note().map(|n| markdown_plain(i, n));
    let (note_text, note_excerpt) = note.unwrap_or_default();
    let excerpt = if note_excerpt.trim().is_empty() {
        i.t("search_stub_snippet")
    } else {
        note_excerpt
    };
    Doc {
        region: ri,
        year,
        kind: kind_index(s.kind()),
        url: views::list_url(r, year, s.kind()),
        title: s.title().to_string(),
        excerpt: clip(&excerpt),
        withheld: i.reason(s.reason()),
        strong: s.title().to_string(),
        weak: join(&[r.name(), &i.kind(s.kind()), &note_text]),
        ..Doc::default()
    }
}

fn record(
    i: &I18n,
    ri: usize,
    r: &PublicRegion,
    year: i32,
    p: &PublicRecord,
    project_key: String,
) -> Doc {
    let rec = p.record();
    let title = records::title(i, r, rec);
    let texts = Texts::of(i, rec);
    let mut strong = vec![title.text.clone()];
    let mut weak = vec![
        r.name().to_string(),
        i.kind(rec.kind),
        texts.index.join("\n"),
    ];
    if let Some(n) = &rec.disclosure.note {
        weak.push(markdown_plain(i, n).0);
    }
    let project = rec.project();
    if let Some(Pub::Shown(code)) = project.and_then(|p| p.code.as_ref()) {
        strong.push(code.clone());
    }
    if let Some(Pub::Shown(name)) = project.map(|p| &p.name) {
        strong.push(markdown_plain(i, name).0);
    }
    let shown = terms::shown_facts(i, r, p);
    strong.extend(shown.strong);
    weak.extend(shown.weak);
    let unit = unit_line(i, r, rec);
    weak.push(unit.clone());
    let excerpt = if texts.excerpt.iter().all(|t| t.trim().is_empty()) {
        texts.fallback.join("、")
    } else {
        texts.excerpt.join(" ")
    };
    let facts = facts(i, r, rec);
    Doc {
        region: ri,
        year,
        kind: kind_index(rec.kind),
        url: views::record_url(r, year, rec.kind, &rec.id),
        title: shown_or_marker(&title),
        unit,
        excerpt: clip(if excerpt.trim().is_empty() {
            &facts
        } else {
            &excerpt
        }),
        facts,
        strong: strong.join("\n"),
        weak: weak.join("\n"),
        project: project_key,
        slug: rec.id.clone(),
        ..Doc::default()
    }
}

fn shown_or_marker(c: &Cell) -> String {
    if c.withheld.is_empty() {
        c.text.clone()
    } else {
        c.withheld.clone()
    }
}

/// The unit (or, for an evaluation, its subject), as the record page names it.
fn unit_line(i: &I18n, r: &PublicRegion, rec: &Record) -> String {
    let mut parts: Vec<String> = crate::view::projects::record_unit(rec)
        .map(|u| r.unit_name(u))
        .into_iter()
        .collect();
    if let RecordData::Evaluation(e) = &rec.data {
        parts.push(i.name(e.eval_type.zh(), e.eval_type.en()));
        if let Some(Pub::Shown(ev)) = &e.evaluator {
            parts.push(markdown_plain(i, ev).1);
        }
    }
    parts.join(" · ")
}

/// The list columns after the title and unit, as "label value" pairs; a withheld value as its
/// marker.
fn facts(i: &I18n, r: &PublicRegion, rec: &Record) -> String {
    let labels = records::list_columns(i, rec.kind);
    let cells = records::list_cells(i, r, rec);
    let unit = i.t("field_unit");
    let sep = if i.zh() { "；" } else { "; " };
    let colon = if i.zh() { "：" } else { ": " };
    labels
        .iter()
        .zip(&cells)
        .skip(1)
        .filter(|(l, c)| **l != unit && !(c.text.is_empty() && c.withheld.is_empty()))
        .map(|(l, c)| format!("{l}{colon}{}", shown_or_marker(c)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A record's shown text fields: what is indexed, and the excerpt (with markers).
#[derive(Default)]
struct Texts {
    index: Vec<String>,
    excerpt: Vec<String>,
    /// The shown indicator names: the excerpt of a record without prose.
    fallback: Vec<String>,
}

impl Texts {
    fn of(i: &I18n, rec: &Record) -> Texts {
        let mut t = Texts::default();
        let prose = |t: &mut Texts, v: &Option<Pub<Text>>| {
            if let Some(Pub::Shown(x)) = v {
                let (index, excerpt) = markdown_plain(i, x);
                t.index.push(index);
                t.excerpt.push(excerpt);
            }
        };
        match &rec.data {
            RecordData::Goal(g) => {
                prose(&mut t, &g.objective);
                t.indicators(i, &g.indicators);
            }
            RecordData::ExAnte(e) => prose(&mut t, &e.note),
            RecordData::Monitoring(m) => {
                prose(&mut t, &m.deviation);
                prose(&mut t, &m.measures);
            }
            RecordData::SelfEvaluation(s) => {
                prose(&mut t, &s.achieved);
                prose(&mut t, &s.planned);
                t.indicators(i, &s.indicators);
            }
            RecordData::Evaluation(e) => prose(&mut t, &e.body),
        }
        t
    }

    /// Indicator names and deviations are searched, not excerpted.
    fn indicators(&mut self, i: &I18n, inds: &[Indicator]) {
        for ind in inds {
            for t in [Some(&ind.name), ind.deviation.as_ref()]
                .into_iter()
                .flatten()
            {
                if let Pub::Shown(x) = t {
                    let (index, excerpt) = markdown_plain(i, x);
                    self.index.push(index);
                    if std::ptr::eq(t, &ind.name) {
                        self.fallback.push(excerpt.trim().to_string());
                    }
                }
            }
        }
    }
}

/// Markdown text as plain text: (for the index, with a line break where a passage is withheld;
/// for the excerpt, with the fixed marker there). Markup is dropped, raw HTML kept as the text
/// the page shows.
pub fn markdown_plain(i: &I18n, t: &Text) -> (String, String) {
    let source = Redacted {
        segments: t.segments.clone(),
        secrets: Vec::new(),
    }
    .placeholder_text();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut text = String::with_capacity(source.len());
    for event in Parser::new_ext(&source, options) {
        match event {
            Event::Text(s)
            | Event::Code(s)
            | Event::Html(s)
            | Event::InlineHtml(s)
            | Event::InlineMath(s)
            | Event::DisplayMath(s) => text.push_str(&s),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push('\n'),
            Event::End(end) if is_block(end) => text.push('\n'),
            _ => {}
        }
    }
    (
        replace_placeholders(&text, |_| "\n".to_string()),
        replace_placeholders(&text, |reason| {
            markers::marker_text(reason, i.marker_lang())
        }),
    )
}

fn is_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

/// Each placeholder token ("\u{E000}S3\u{E001}") replaced by `with(reason)`.
fn replace_placeholders(text: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PLACEHOLDER_OPEN.len_utf8()..];
        let Some(end) = after.find(PLACEHOLDER_CLOSE) else {
            rest = after;
            break;
        };
        let index: usize = after[..end]
            .trim_start_matches(['B', 'S'])
            .parse()
            .unwrap_or(REASONS.len() - 1);
        out.push_str(&with(REASONS[index.min(REASONS.len() - 1)]));
        rest = &after[end + PLACEHOLDER_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn join(parts: &[&str]) -> String {
    parts.join("\n")
}

/// Whitespace collapsed, cut to [`EXCERPT_CHARS`] characters with an ellipsis.
pub fn clip(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let mut s: String = flat.chars().take(EXCERPT_CHARS).collect();
    s.push('…');
    s
}

/// Every displayed string of a document with tabs and line breaks made spaces: the index's
/// files separate fields with tabs and documents with line breaks.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
