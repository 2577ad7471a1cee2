//! The record files: what each will hold (YAML in the layout of docs/format.md), whether it may be
//! written, and writing them all at once.
//!
//! A file that exists is replaced only with `--force`, and then its `disclosure:` is carried
//! over, so re-importing never publishes what was withheld; a file that cannot be read, or
//! holds several records, is never replaced. An id already used by another file of the same
//! kind and year is refused. Strings are quoted unless they are plain words, money is always a
//! quoted string with its unit, and the writing goes through temporary files renamed into
//! place once all are written.

use super::draft::Amounts;
use super::resolve::Record;
use super::{Errs, Options, Target};
use crate::diag::{Said, Tell, rule};
use crate::load::Sources;
use crate::load::raw::{RawDisclosure, RawRecord};
use crate::model::{DisclosureStatus, Kind, Op, Scope};
use crate::said;
use std::fmt::Write as _;
use std::path::PathBuf;

/// One record file to write.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Path relative to the site, with `/`.
    pub rel: String,
    pub abs: PathBuf,
    pub text: String,
    pub id: String,
    /// The project's or unit's name, for the report.
    pub title: Said,
    /// Where in the spreadsheet it was read (a cell range), for the report.
    pub origin: Said,
    /// It replaces an existing file (`--force`).
    pub replaces: bool,
    /// The existing file's `disclosure:` was carried over.
    pub kept_disclosure: bool,
    /// The cell each field was read from, by field path.
    pub cells: super::cellmap::Cells,
}

/// The files to write; a record that may not be written is reported.
pub fn plan(
    records: &[Record],
    t: &Target,
    sources: &Sources,
    o: &Options,
    errs: &mut Errs,
) -> Vec<Planned> {
    let existing = existing(sources, t);
    let source = o
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for r in records {
        let rel = format!("{}/{}.yaml", t.folder(), r.id);
        let abs = t.site.join(&rel);
        let Some((replaces, old)) = may_write(r, &rel, abs.exists(), &existing, o.force, errs)
        else {
            continue;
        };
        let disclosure = old.and_then(disclosure_of);
        let fields = match old {
            Some(raw) => match kept_fields(r, &rel, &abs, raw, errs) {
                Some(f) => f,
                None => continue,
            },
            None => Vec::new(),
        };
        out.push(Planned {
            text: render(r, t.kind, &source, disclosure, &fields),
            rel,
            abs,
            id: r.id.clone(),
            title: title(r, disclosure),
            origin: match withholds(disclosure) {
                true => said!("不显示所在的单元格", "cells not shown"),
                false => Said::new(&r.draft.origin, &r.draft.origin),
            },
            replaces,
            kept_disclosure: disclosure.is_some(),
            cells: r.draft.cells.clone(),
        });
    }
    out
}

/// Path, and id and record, of each record already there.
type Existing<'s> = Vec<(String, (String, &'s RawRecord))>;

/// The `disclosure:` of a goal or self-evaluation.
fn disclosure_of(raw: &RawRecord) -> Option<&RawDisclosure> {
    match raw {
        RawRecord::Goal(g) => g.disclosure.as_ref(),
        RawRecord::SelfEvaluation(e) => e.disclosure.as_ref(),
        _ => None,
    }
}

/// The withheld fields to keep from the file at `abs` that `r` replaces (see `keep`); `None`
/// (reported) when they cannot be kept.
fn kept_fields(
    r: &Record,
    rel: &str,
    abs: &std::path::Path,
    old: &RawRecord,
    errs: &mut Errs,
) -> Option<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(abs) else {
        let msg = said!(
            "{rel} 无法读取，不能确认它的不予公开设置可以保留",
            "{rel} cannot be read, so gongkai cannot make sure what it withholds is kept"
        );
        errs.cell(
            rule::IMPORT_EXISTS,
            &r.draft.origin,
            msg,
            said!(
                "检查文件权限后再导入",
                "check the file permissions, then import again"
            ),
        );
        return None;
    };
    super::keep::fields(r, rel, old, disclosure_of(old), &text, errs)
}

/// Whether `r` may be written to `rel`: whether that replaces a file, and the disclosure to
/// keep from it. `None` (reported) when its id is taken or the file may not be replaced.
fn may_write<'s>(
    r: &Record,
    rel: &str,
    exists: bool,
    existing: &Existing<'s>,
    force: bool,
    errs: &mut Errs,
) -> Option<(bool, Option<&'s RawRecord>)> {
    let refuse = |errs: &mut Errs, msg: Said, hint: Said| {
        errs.cell(rule::IMPORT_EXISTS, &r.draft.origin, msg, hint);
        None
    };
    if let Some((path, _)) = existing.iter().find(|(p, (id, _))| *id == r.id && p != rel) {
        let id = &r.id;
        let msg = said!(
            "编号 `{id}` 已被 {path} 使用",
            "id `{id}` is already used by {path}"
        );
        return refuse(
            errs,
            msg,
            said!(
                "那条记录是以另一个文件名导入过的同一个项目，或者另一条记录用了这个编号：删除其中一个，或给其中一个改名",
                "that record is the same project imported under another file name, or another record took the id: remove or rename one of them"
            ),
        );
    }
    if !exists {
        return Some((false, None));
    }
    if !force {
        let msg = said!("{rel} 已经存在", "{rel} already exists");
        return refuse(
            errs,
            msg,
            said!(
                "加上 --force 再运行一次就会替换它（它的公开设置会保留），或者先删除这个文件",
                "run again with --force to replace it (its disclosure settings are kept), or remove the file"
            ),
        );
    }
    let here: Vec<&RawRecord> = existing
        .iter()
        .filter(|(p, _)| p == rel)
        .map(|(_, (_, d))| *d)
        .collect();
    let hint = said!(
        "运行 `gongkai check` 并改正这个文件，或把其中的记录移到别的文件，然后再导入",
        "run `gongkai check` and correct the file, or move its records elsewhere, then import again"
    );
    match here.as_slice() {
        [one] => Some((true, Some(*one))),
        [] => refuse(
            errs,
            said!(
                "{rel} 已经存在但无法读取，所以不能保留它的公开设置",
                "{rel} exists but cannot be read, so its disclosure settings cannot be kept"
            ),
            hint,
        ),
        many => {
            let n = many.len();
            refuse(
                errs,
                said!(
                    "{rel} 中有 {n} 条记录；导入只能替换只有一条记录的文件",
                    "{rel} holds {n} records; an import replaces a file of one record only"
                ),
                hint,
            )
        }
    }
}

/// The record's name for the report; not shown for a record whose kept disclosure withholds
/// something, as no build message shows withheld content.
fn title(r: &Record, disclosure: Option<&RawDisclosure>) -> Said {
    if withholds(disclosure) {
        return said!(
            "（含不予公开内容的记录）",
            "(a record that withholds content)"
        );
    }
    match &r.draft.name {
        Some(n) => Said::new(&n.text, &n.text),
        None => {
            let unit = &r.draft.unit.text;
            said!("{unit}（部门整体）", "{unit} (部门整体)")
        }
    }
}

fn withholds(d: Option<&RawDisclosure>) -> bool {
    d.is_some_and(|d| {
        d.status
            .as_ref()
            .is_some_and(|s| DisclosureStatus::parse(&s.value) != Ok(DisclosureStatus::Public))
    })
}

/// Path, id and disclosure of every record of this region, year and kind already in the site.
fn existing<'s>(sources: &'s Sources, t: &Target) -> Existing<'s> {
    let Some(year) = sources
        .regions
        .get(&t.region)
        .and_then(|r| r.years.get(&t.year.to_string()))
    else {
        return Vec::new();
    };
    year.records
        .iter()
        .filter(|s| s.kind == t.kind)
        .filter_map(|s| {
            let id = match &s.raw {
                RawRecord::Goal(g) => &g.id,
                RawRecord::SelfEvaluation(e) => &e.id,
                _ => return None,
            };
            Some((s.path.clone(), (id.value.clone(), &s.raw)))
        })
        .collect()
}

/// A string as a YAML scalar: plain when it is a plain word, else double-quoted (JSON escapes
/// are YAML escapes).
pub fn scalar(s: &str) -> String {
    let ident = s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(&s);
    let words =
        s.chars().next().is_some_and(|c| !c.is_ascii()) && s.chars().all(|c| c.is_alphanumeric());
    if ident || words {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A number plain (`86`, `9.5`), anything else as a string.
fn number(s: &str) -> String {
    let t = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if digits(int) && digits(frac) {
        s.to_string()
    } else {
        scalar(s)
    }
}

/// The YAML text of a record.
/// `fields`: the withheld field paths to write (the disclosure's, renumbered by `keep`).
pub fn render(
    r: &Record,
    kind: Kind,
    source: &str,
    disclosure: Option<&RawDisclosure>,
    fields: &[String],
) -> String {
    let d = &r.draft;
    let mut y = String::new();
    let tidy = |s: &str| s.replace(|c: char| c.is_control(), " ");
    let _ = writeln!(
        y,
        "# Imported by `gongkai import` from {}, {}.",
        tidy(source),
        tidy(&d.origin)
    );
    let _ = writeln!(y, "id: {}", scalar(&r.id));
    if let Some(disc) = disclosure {
        write_disclosure(&mut y, disc, fields);
    }
    let scope = match d.scope {
        Scope::Project => "project",
        Scope::Unit => "unit",
    };
    let _ = writeln!(y, "scope: {scope}");
    if let Some(name) = &d.name {
        y.push_str("project:\n");
        if let Some(code) = &d.code {
            let _ = writeln!(y, "  code: {}", quoted(code));
        }
        let _ = writeln!(y, "  name: {}", scalar(&name.text));
    }
    let _ = writeln!(y, "unit: {}", scalar(&r.unit));
    write_amounts(&mut y, &d.amounts);
    if kind == Kind::Goal {
        if let Some(o) = &d.objective {
            let _ = writeln!(y, "objective: {}", scalar(o));
        }
    } else if d.planned.is_some() || d.achieved.is_some() {
        y.push_str("objective:\n");
        for (k, v) in [("planned", &d.planned), ("actual", &d.achieved)] {
            if let Some(v) = v {
                let _ = writeln!(y, "  {k}: {}", scalar(v));
            }
        }
    }
    write_indicators(&mut y, r);
    if let Some(s) = &d.score {
        let _ = writeln!(y, "score: {}", number(s));
    }
    if let Some(g) = d.grade {
        let _ = writeln!(y, "grade: {}", g.zh());
    }
    y
}

fn write_disclosure(y: &mut String, d: &RawDisclosure, fields: &[String]) {
    y.push_str("disclosure:\n");
    for (k, v) in [
        ("status", &d.status),
        ("reason", &d.reason),
        ("note", &d.note),
        ("public_title", &d.public_title),
    ] {
        if let Some(v) = v {
            let _ = writeln!(y, "  {k}: {}", quoted(&v.value));
        }
    }
    // `linked` is a flag: kept when it is one (anything else was refused by `check` already).
    match d.linked.as_ref().map(|v| v.value.trim()) {
        Some("true" | "yes") => y.push_str("  linked: true\n"),
        Some("false" | "no") => y.push_str("  linked: false\n"),
        _ => {}
    }
    if !fields.is_empty() {
        let fields: Vec<String> = fields.iter().map(|f| quoted(f)).collect();
        let _ = writeln!(y, "  fields: [{}]", fields.join(", "));
    }
}

fn write_amounts(y: &mut String, a: &Amounts) {
    let (key, items) = match a {
        Amounts::Goal {
            total,
            fiscal,
            other,
        } => (
            "funds",
            [
                ("total", Some(total)),
                ("fiscal", fiscal.as_ref()),
                ("other", other.as_ref()),
            ],
        ),
        Amounts::SelfEvaluation {
            initial,
            adjusted,
            executed,
        } => (
            "budget",
            [
                ("initial", initial.as_ref()),
                ("adjusted", Some(adjusted)),
                ("executed", Some(executed)),
            ],
        ),
    };
    let _ = writeln!(y, "{key}:");
    for (k, v) in items {
        if let Some(v) = v {
            let _ = writeln!(y, "  {k}: {}", quoted(v));
        }
    }
}

fn write_indicators(y: &mut String, r: &Record) {
    y.push_str("indicators:\n");
    for i in &r.draft.indicators {
        let _ = writeln!(y, "  - level1: {}", i.level1.zh());
        let _ = writeln!(y, "    level2: {}", i.level2.zh());
        let _ = writeln!(y, "    name: {}", scalar(&i.name));
        let _ = writeln!(y, "    op: {}", scalar(i.value.op.zh()));
        let target = match i.value.op {
            Op::Qualitative => scalar(&i.value.target),
            _ => number(&i.value.target),
        };
        let _ = writeln!(y, "    target: {target}");
        if let Some(u) = &i.value.unit {
            let _ = writeln!(y, "    unit: {}", scalar(u));
        }
        for (k, v) in [
            ("weight", &i.weight),
            ("actual", &i.actual),
            ("score", &i.score),
        ] {
            if let Some(v) = v {
                let _ = writeln!(y, "    {k}: {}", number(v));
            }
        }
        if let Some(dv) = &i.deviation {
            let _ = writeln!(y, "    deviation: {}", scalar(dv));
        }
    }
}

/// Write every planned file: each to a temporary name first, then all renamed into place.
pub fn commit(files: &[Planned]) -> anyhow::Result<()> {
    let mut temps: Vec<(PathBuf, &PathBuf)> = Vec::new();
    let cleanup = |temps: &[(PathBuf, &PathBuf)]| {
        for (tmp, _) in temps {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for f in files {
        let tmp = f.abs.with_extension("yaml.import-tmp");
        let written = f
            .abs
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&tmp, &f.text))
            .told(|| crate::diag::told::writing(&f.abs));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&temps);
            return Err(e);
        }
        temps.push((tmp, &f.abs));
    }
    for (i, (tmp, dest)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, dest) {
            cleanup(&temps[i..]);
            return Err(e).told(|| crate::diag::told::writing(dest));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_unless_plain_words() {
        assert_eq!(scalar("产出指标"), "产出指标");
        assert_eq!(scalar("jtj"), "jtj");
        assert_eq!(scalar("p-1a2b3c4d"), "p-1a2b3c4d");
        assert_eq!(scalar("≥"), "\"≥\"");
        assert_eq!(scalar("%"), "\"%\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("完成 86 公里"), "\"完成 86 公里\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("- x"), "\"- x\"");
        assert_eq!(scalar("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(number("86"), "86");
        assert_eq!(number("98.50"), "98.50");
        assert_eq!(number("1e3"), "\"1e3\"");
        assert_eq!(number("88公里"), "\"88公里\"");
    }
}
