//! Loading: walk the site, read every file and parse it into raw structs, in parallel.
//!
//! The result, [`Sources`], holds what each file says as written (see `raw`), grouped by region
//! and year, plus a diagnostic for every file that cannot be read or parsed. Values are not
//! checked here; that is `validate`'s job.

pub mod cache;
pub mod names;
pub mod raw;
pub mod read;
pub mod walk;
pub mod yaml;

use crate::diag::source::{Source, Withholding};
use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::model::Kind;
use crate::said;
use raw::*;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walk::{Entry, Role};

/// A page written in Markdown with optional front matter.
#[derive(Debug)]
pub struct PageSrc {
    pub path: String,
    pub meta: RawPageMeta,
    pub body: String,
    /// Line of the file where the body starts.
    pub body_line: usize,
}

#[derive(Debug)]
pub struct RecordSrc {
    pub path: String,
    pub kind: Kind,
    pub raw: RawRecord,
    /// The report body of an `.md` evaluation, with the line it starts on.
    pub body: Option<(String, usize)>,
}

#[derive(Debug, Default)]
pub struct YearSrc {
    pub page: Option<PageSrc>,
    pub summary: Option<(String, RawSummary)>,
    pub records: Vec<RecordSrc>,
}

#[derive(Debug, Default)]
pub struct RegionSrc {
    pub file: Option<(String, RawRegion)>,
    /// region.yaml is there but could not be read or parsed (already reported).
    pub unreadable: bool,
    pub years: BTreeMap<String, YearSrc>,
}

/// Everything the site's files say, as written.
#[derive(Debug, Default)]
pub struct Sources {
    pub root: PathBuf,
    pub config: Option<(String, RawConfig)>,
    pub home: Option<PageSrc>,
    pub regions: BTreeMap<String, RegionSrc>,
    /// Site templates overriding the theme's, by name.
    pub templates: Vec<(String, String)>,
    /// Files copied as they are: relative output path and absolute source path.
    pub statics: Vec<(String, PathBuf)>,
}

enum Parsed {
    Config(Box<RawConfig>),
    Home(PageSrc),
    Region(RawRegion),
    YearPage(PageSrc),
    Summary(Box<RawSummary>),
    Records(Vec<RecordSrc>),
    Template(String),
    Static,
}

/// Read and parse the site at `root`. `out_dir` (if inside the site) is not walked.
pub fn load(root: &Path, out_dir: Option<&Path>) -> (Sources, Diagnostics) {
    let mut diags = Diagnostics::default();
    let entries = walk::walk(root, out_dir, &mut diags);
    let parsed = read::read_and_parse(&entries);
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    for (entry, (result, source)) in entries.into_iter().zip(parsed) {
        if let Some(s) = source {
            diags.add_source(&entry.rel, s);
        }
        match result {
            Ok(p) => place(&mut sources, entry, p),
            Err(d) => {
                if let Role::RegionFile { region } = &entry.role {
                    sources
                        .regions
                        .entry(region.clone())
                        .or_default()
                        .unreadable = true;
                }
                diags.extend(d)
            }
        }
    }
    (sources, diags)
}

fn place(s: &mut Sources, entry: Entry, parsed: Parsed) {
    match (entry.role, parsed) {
        (Role::Config, Parsed::Config(c)) => s.config = Some((entry.rel, *c)),
        (Role::HomePage, Parsed::Home(p)) => s.home = Some(p),
        (Role::RegionFile { region }, Parsed::Region(r)) => {
            s.regions.entry(region).or_default().file = Some((entry.rel, r));
        }
        (Role::YearPage { region, year }, Parsed::YearPage(p)) => {
            year_of(s, &region, &year).page = Some(p);
        }
        (Role::Summary { region, year }, Parsed::Summary(sum)) => {
            year_of(s, &region, &year).summary = Some((entry.rel, *sum));
        }
        (Role::Record { region, year, .. }, Parsed::Records(rs)) => {
            year_of(s, &region, &year).records.extend(rs);
        }
        (Role::Template { name }, Parsed::Template(t)) => s.templates.push((name, t)),
        (Role::Static { rel }, Parsed::Static) => s.statics.push((rel, entry.abs)),
        _ => {}
    }
}

fn year_of<'a>(s: &'a mut Sources, region: &str, year: &str) -> &'a mut YearSrc {
    s.regions
        .entry(region.to_string())
        .or_default()
        .years
        .entry(year.to_string())
        .or_default()
}

/// Read a file as UTF-8 text within the size budget.
pub fn read_text(rel: &str, abs: &Path) -> Result<String, Diagnostic> {
    let unreadable = |why: Said| {
        Diagnostic::error(rule::UNREADABLE, rel, 0, 0)
            .msg(why)
            .hint(said!(
                "把文件存为 UTF-8 编码的文本，不超过 8 MB",
                "save the file as UTF-8 text, under 8 MB"
            ))
    };
    let cannot = |e: std::io::Error| {
        unreadable(said!("无法读取这个文件：{e}", "cannot read this file: {e}"))
    };
    let meta = std::fs::metadata(abs).map_err(cannot)?;
    if meta.len() > yaml::MAX_FILE_BYTES {
        let (n, max) = (meta.len(), yaml::MAX_FILE_BYTES);
        return Err(unreadable(said!(
            "这个文件有 {n} 字节；内容文件最多 {max} 字节",
            "this file is {n} bytes; content files may be at most {max} bytes"
        ))
        .hint(said!(
            "把其中的记录分成几个文件",
            "split the records into several files"
        )));
    }
    let bytes = std::fs::read(abs).map_err(cannot)?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        unreadable(said!(
            "这个文件不是 UTF-8 编码的文本（第 {at} 字节处）；请在编辑器中另存为 UTF-8",
            "this file is not UTF-8 text (byte {at})"
        ))
    })?;
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(text)
}

/// A file parsed (or its diagnostics), and what diagnostics may quote of it.
type ParsedFile = (Result<Parsed, Diagnostics>, Option<Source>);

/// A file parsed from what reading it gave (`read::read`), and what diagnostics may quote of
/// it (captured here, once: see `diag::source`).
fn parse_read(e: &Entry, read: read::Read) -> ParsedFile {
    let text = match read {
        None => return (Ok(Parsed::Static), None),
        Some(Ok(t)) => t,
        Some(Err(d)) => return (Err(one(d)), None),
    };
    let parsed = parse_text(e, &text);
    // A file that withholds is never quoted: by its parsed records, or (when it does not
    // parse) by any word of withholding in it.
    let withholding = match &parsed {
        Ok(Parsed::Records(rs)) => rs
            .iter()
            .map(|r| withholding(&r.raw))
            .max()
            .unwrap_or(Withholding::No),
        Err(_) if is_sensitive(&text) => Withholding::Part,
        _ => Withholding::No,
    };
    (parsed, Some(Source::of(&e.rel, text, withholding)))
}

/// What a parsed record withholds: a status that is not 公开 or 部分公开 (or cannot be read)
/// counts as the whole record.
fn withholding(raw: &RawRecord) -> Withholding {
    use crate::model::vocab::DisclosureStatus as St;
    let Some(d) = raw.disclosure() else {
        return Withholding::No;
    };
    match d.status.as_ref().map(|s| St::parse(&s.value)) {
        Some(Ok(St::Public | St::Partial)) => Withholding::Part,
        _ => Withholding::Whole,
    }
}

fn parse_text(e: &Entry, text: &str) -> Result<Parsed, Diagnostics> {
    let path = e.rel.as_str();
    Ok(match &e.role {
        Role::Config => Parsed::Config(Box::new(yaml::parse(path, text).map_err(one)?)),
        Role::HomePage => Parsed::Home(parse_page(path, text).map_err(one)?),
        Role::RegionFile { .. } => Parsed::Region(yaml::parse(path, text).map_err(one)?),
        Role::YearPage { .. } => Parsed::YearPage(parse_page(path, text).map_err(one)?),
        Role::Summary { .. } => {
            yaml::check_budget(path, text).map_err(one)?;
            Parsed::Summary(Box::new(yaml::parse(path, text).map_err(one)?))
        }
        Role::Record { kind, markdown, .. } => {
            Parsed::Records(parse_records(path, text, *kind, *markdown).map_err(one)?)
        }
        Role::Template { .. } => Parsed::Template(text.to_string()),
        Role::Static { .. } => Parsed::Static,
    })
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

/// A file that may withhold something: its lines are never quoted in parse errors.
pub fn is_sensitive(text: &str) -> bool {
    text.contains("disclosure") || text.contains("redact")
}

/// Split `---` front matter from a Markdown body. The YAML keeps the file's line numbers.
fn split_front_matter(text: &str) -> Option<(String, String, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut yaml = String::from("\n");
    let mut line_no = 1;
    for line in lines.by_ref() {
        line_no += 1;
        if line.trim_end() == "---" {
            let body: String = lines.collect();
            return Some((yaml, body, line_no + 1));
        }
        yaml.push_str(line);
    }
    None
}

fn parse_page(path: &str, text: &str) -> Result<PageSrc, Diagnostic> {
    let (meta, body, body_line) = match split_front_matter(text) {
        Some((yaml_text, body, line)) => {
            let meta: RawPageMeta = if yaml_text.trim().is_empty() {
                RawPageMeta::default()
            } else {
                yaml::parse(path, &yaml_text)?
            };
            (meta, body, line)
        }
        None if text.starts_with("---") => return Err(unclosed_front_matter(path)),
        None => (RawPageMeta::default(), text.to_string(), 1),
    };
    Ok(PageSrc {
        path: path.to_string(),
        meta,
        body,
        body_line,
    })
}

fn unclosed_front_matter(path: &str) -> Diagnostic {
    Diagnostic::error(rule::FRONT_MATTER, path, 1, 1)
        .msg(said!(
            "开头的 YAML 部分没有结束",
            "the front matter is never closed"
        ))
        .hint(said!(
            "在开头的 YAML 部分之后加一行，只写 `---`",
            "end the YAML front matter with a line containing only `---`"
        ))
}

/// The records of one record file (`kind` by its folder; `markdown` for an `.md` evaluation).
pub fn parse_records(
    path: &str,
    text: &str,
    kind: Kind,
    markdown: bool,
) -> Result<Vec<RecordSrc>, Diagnostic> {
    if markdown {
        let (yaml_text, body, line) = split_front_matter(text).ok_or_else(|| {
            if text.starts_with("---") {
                unclosed_front_matter(path)
            } else {
                Diagnostic::error(rule::FRONT_MATTER, path, 1, 1)
                    .msg(said!(
                        "用 Markdown 写的评价报告必须以 YAML 部分开头",
                        "an evaluation written in Markdown must start with YAML front matter"
                    ))
                    .hint(said!(
                        "在文件开头用两行 `---` 夹住这条记录的各个键，之后再写报告正文",
                        "put the record's keys between two lines of `---` at the top, then the report body"
                    ))
            }
        })?;
        let raw: RawEvaluation = yaml::parse(path, &yaml_text)?;
        return Ok(vec![RecordSrc {
            path: path.to_string(),
            kind,
            raw: RawRecord::Evaluation(Box::new(raw)),
            body: Some((body, line)),
        }]);
    }
    let list = top_level_is_list(text);
    let raws = match kind {
        Kind::Goal => many(path, text, list, RawRecord::Goal)?,
        Kind::ExAnte => many(path, text, list, RawRecord::ExAnte)?,
        Kind::Monitoring => many(path, text, list, RawRecord::Monitoring)?,
        Kind::SelfEvaluation => many(path, text, list, RawRecord::SelfEvaluation)?,
        Kind::Evaluation => many(path, text, list, |r| RawRecord::Evaluation(Box::new(r)))?,
    };
    Ok(raws
        .into_iter()
        .map(|raw| RecordSrc {
            path: path.to_string(),
            kind,
            raw,
            body: None,
        })
        .collect())
}

fn many<T: DeserializeOwned>(
    path: &str,
    text: &str,
    list: bool,
    wrap: impl Fn(T) -> RawRecord,
) -> Result<Vec<RawRecord>, Diagnostic> {
    if list {
        let v: Vec<T> = yaml::parse(path, text)?;
        Ok(v.into_iter().map(wrap).collect())
    } else {
        Ok(vec![wrap(yaml::parse(path, text)?)])
    }
}

/// Whether the document's first node is a list (`- …` or `[`).
fn top_level_is_list(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---" && !l.starts_with('%'))
        .is_some_and(|l| l.starts_with("- ") || l == "-" || l.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_keeps_line_numbers() {
        let (yaml, body, line) = split_front_matter("---\nid: a\ntitle: b\n---\n# 正文\n").unwrap();
        assert_eq!(yaml, "\nid: a\ntitle: b\n");
        assert_eq!(body, "# 正文\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn detects_list_documents() {
        assert!(top_level_is_list("# c\n- id: a\n"));
        assert!(!top_level_is_list("id: a\n"));
    }
}
