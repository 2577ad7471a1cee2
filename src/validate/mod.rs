//! Validation: raw sources become the typed [`Site`], with a diagnostic for every problem.
//!
//! Per-value rules live in `ctx`, per-record rules in `records`, summary rules in `summary`;
//! site.yaml and region.yaml in `site`; this file holds the cross-file rules: year folders,
//! ids unique per region, year and kind, and a record's region and year matching its path.
//! All problems are collected; no I/O here.

pub mod ctx;
mod kept;
mod portal;
pub mod records;
mod site;
pub use kept::Years;
pub use site::SITE_FOLDERS;
pub mod summary;

use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::load::raw::*;
use crate::load::yaml::pos;
use crate::load::{PageSrc, RecordSrc, RegionSrc, Sources};
use crate::model::value::ValueError;
use crate::model::*;
use crate::said;
use ctx::Ctx;
use rayon::prelude::*;
use site::{config, flag, region};
use std::collections::BTreeMap;

/// Check everything; the site is returned only when there is no error.
pub fn validate(src: &Sources) -> (Option<Site>, Diagnostics) {
    validate_with(src, &mut Years::default())
}

/// [`validate`], taking from `kept` the years validated in an earlier round that no changed
/// file can affect, and keeping there what each year said (the preview's rounds). The site
/// validated must be given back with [`Years::keep`] once it is no longer needed.
pub fn validate_kept(src: &Sources, kept: &mut Years) -> (Option<Site>, Diagnostics) {
    validate_with(src, kept)
}

/// Each self-evaluation is scored by its body's rules (region.yaml's over site.yaml's).
fn set_scoring(regions: &mut [Region], site: &Rules) {
    for g in regions.iter_mut() {
        let eq = g
            .rules
            .as_ref()
            .and_then(|r| r.eq_indicator)
            .or(site.eq_indicator)
            .unwrap_or_default();
        for r in g.years.iter_mut().flat_map(|y| &mut y.records) {
            if let RecordData::SelfEvaluation(s) = &mut r.data {
                s.eq_scoring = eq;
            }
        }
    }
}

fn validate_with(src: &Sources, kept: &mut Years) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let config = config(src, &mut diags);
    let unit = config
        .as_ref()
        .map(|c| c.money_unit)
        .unwrap_or(MoneyUnit::Wan);
    let region_ids: Vec<String> = src.regions.keys().cloned().collect();
    let home = src.home.as_ref().map(|p| page(p, unit, &mut diags));
    let parts: Vec<(&String, &RegionSrc, Years)> = src
        .regions
        .iter()
        .map(|(id, r)| (id, r, kept.of_region(id)))
        .collect();
    // Years of bodies no longer there are let go.
    *kept = Years::default();
    let results: Vec<(Option<Region>, Diagnostics, Years)> = parts
        .into_par_iter()
        .map(|(id, r, mut years)| {
            let mut d = Diagnostics::default();
            let region = region(id, r, &region_ids, unit, &mut d, &mut years);
            (region, d, years)
        })
        .collect();
    let mut regions = Vec::new();
    for (r, d, years) in results {
        diags.extend(d);
        regions.extend(r);
        kept.absorb(years);
    }
    if diags.has_errors() {
        return (None, diags);
    }
    if let Some(c) = &config {
        set_scoring(&mut regions, &c.rules);
    }
    match config {
        Some(config) => (
            Some(Site {
                config,
                home,
                regions,
            }),
            diags,
        ),
        None => (None, diags),
    }
}

fn page(p: &PageSrc, unit: MoneyUnit, diags: &mut Diagnostics) -> Page {
    let mut cx = Ctx::new(&p.path, unit, diags);
    let body = cx.text_at("body", &p.body, p.body_line, 1);
    Page {
        path: p.path.clone(),
        title: p
            .meta
            .title
            .as_ref()
            .map(|s| cx.plain("title", s, &plain_hint())),
        description: p
            .meta
            .description
            .as_ref()
            .map(|s| cx.plain("description", s, &plain_hint())),
        published_on: records::date(&mut cx, &p.meta.published_on).flatten(),
        body,
        body_line: p.body_line,
        segment_lines: crate::model::markers::segment_lines(&p.body)
            .into_iter()
            .map(|l| p.body_line + l - 1)
            .collect(),
    }
}

fn year_of(
    region: &str,
    year: i32,
    ys: &crate::load::YearSrc,
    units: &[Unit],
    region_ids: &[String],
    unit: MoneyUnit,
    diags: &mut Diagnostics,
) -> Year {
    let page = ys.page.as_ref().map(|p| page(p, unit, diags));
    let summary = ys.summary.as_ref().map(|(path, raw)| {
        let mut cx = Ctx::new(path, unit, diags);
        summary::summary(&mut cx, path, raw, year)
    });
    if let (Some(p), Some(s), Some((path, raw))) = (&page, &summary, &ys.summary) {
        summary::one_date(&mut Ctx::new(path, unit, diags), p, s, raw);
    }
    let scope = records::Scope2 {
        units,
        regions: region_ids,
    };
    let mut records: Vec<Record> = Vec::new();
    let mut passages = BTreeMap::new();
    let mut seen: BTreeMap<(Kind, String), (String, usize)> = BTreeMap::new();
    for src in &ys.records {
        let Some((rec, secrets)) = record(src, region, year, &scope, unit, diags) else {
            continue;
        };
        let key = (rec.kind, rec.id.clone());
        if let Some((p, l)) = seen.get(&key) {
            diags.push(
                Diagnostic::error(rule::DUPLICATE_ID, &rec.source.path, rec.source.line, 5)
                    .msg({
                        let (id, kind_zh, kind_en) = (&rec.id, rec.kind.zh(), rec.kind.key());
                        said!(
                            "编号 `{id}` 已被 {region} {year} 年的另一条{kind_zh}记录使用",
                            "id `{id}` is already used by another {kind_en} record of {region} {year}"
                        )
                    })
                    .hint(said!(
                        "先用这个编号的记录在 {p}:{l}；同一年同一类记录各用各的编号",
                        "the first is at {p}:{l}; give each record of a kind and year its own id"
                    )),
            );
            continue;
        }
        seen.insert(key.clone(), (rec.source.path.clone(), rec.source.line));
        passages.insert(key, secrets);
        records.push(rec);
    }
    Year {
        year,
        page,
        summary,
        records,
        passages,
    }
}

/// The keys every record shares.
fn common(raw: &RawRecord) -> (&S, &O, &O, &Option<RawDisclosure>) {
    match raw {
        RawRecord::Goal(r) => (&r.id, &r.region, &r.year, &r.disclosure),
        RawRecord::ExAnte(r) => (&r.id, &r.region, &r.year, &r.disclosure),
        RawRecord::Monitoring(r) => (&r.id, &r.region, &r.year, &r.disclosure),
        RawRecord::SelfEvaluation(r) => (&r.id, &r.region, &r.year, &r.disclosure),
        RawRecord::Evaluation(r) => (&r.id, &r.region, &r.year, &r.disclosure),
    }
}

fn record(
    src: &RecordSrc,
    region: &str,
    year: i32,
    scope: &records::Scope2,
    unit: MoneyUnit,
    diags: &mut Diagnostics,
) -> Option<(Record, Vec<String>)> {
    let (id_s, region_s, year_s, disc) = common(&src.raw);
    let mut cx = Ctx::new(&src.path, unit, diags);
    cx.quiet = disc.is_some()
        || src
            .body
            .as_ref()
            .is_some_and(|(b, _)| crate::load::is_sensitive(b));
    let disclosure = disc.as_ref().map(|d| disclosure(&mut cx, d));
    let id = cx.id("id", id_s);
    in_its_folder(&mut cx, region_s, year_s, region, year);
    let data = match &src.raw {
        RawRecord::Goal(r) => records::goal(&mut cx, r, scope),
        RawRecord::ExAnte(r) => records::ex_ante(&mut cx, r, scope),
        RawRecord::Monitoring(r) => records::monitoring(&mut cx, r, scope, year),
        RawRecord::SelfEvaluation(r) => records::self_evaluation(&mut cx, r, scope),
        RawRecord::Evaluation(r) => records::evaluation(
            &mut cx,
            r,
            scope,
            src.body.as_ref().map(|(b, l)| (b.as_str(), *l)),
        ),
    };
    let secrets = std::mem::take(&mut cx.secrets);
    let record = Record {
        kind: src.kind,
        id: id?,
        source: {
            let (score, grade) = match &src.raw {
                RawRecord::SelfEvaluation(r) => (&r.score, &r.grade),
                RawRecord::Evaluation(r) => (&r.score, &r.grade),
                _ => (&None, &None),
            };
            SourceRef {
                path: src.path.clone(),
                line: pos(id_s).0,
                score_at: score.as_ref().map(pos),
                grade_at: grade.as_ref().map(pos),
            }
        },
        disclosure: disclosure.unwrap_or(Some(Disclosure::default()))?,
        data: data?,
    };
    Some((record, secrets))
}

/// A record's `region:` and `year:`, when written, are those of the folder it is in.
fn in_its_folder(cx: &mut Ctx, region_s: &O, year_s: &O, region: &str, year: i32) {
    if let Some(r) = region_s
        && r.value != region
    {
        let v = &r.value;
        let e = ValueError::new(
            said!(
                "这条记录写的地区是 `{v}`，但它在 `{region}` 的文件夹里",
                "this record says region `{v}` but is in the folder of `{region}`"
            ),
            said!(
                "删去 `region:`（地区由文件夹决定），或把文件移到 content/{v}/",
                "remove `region:` (it comes from the folder), or move the file to content/{v}/"
            ),
        );
        cx.bad(rule::PATH_MISMATCH, "region", r, e);
    }
    if let Some(y) = year_s
        && y.value != year.to_string()
    {
        let v = &y.value;
        let e = ValueError::new(
            said!(
                "这条记录写的年度是 {v}，但它在 {year} 年的文件夹里",
                "this record says year {v} but is in the folder of {year}"
            ),
            said!(
                "删去 `year:`（年度由文件夹决定），或把文件移到 {v} 年的文件夹",
                "remove `year:` (it comes from the folder), or move the file to the {v} folder"
            ),
        );
        cx.bad(rule::PATH_MISMATCH, "year", y, e);
    }
}

/// What to write instead of a redaction marker in a text published as it stands.
fn plain_hint() -> Said {
    said!(
        "这段文字原样公开：请删去标记，改写成可以公开的文字；要隐去的内容写在可以带标记的字段（项目名称、绩效目标、说明、正文等），或把整条记录设为不予公开",
        "this text is published as written: remove the marker and write text that can be published; put what is withheld in a field that can carry markers (a project name, an objective, a note, the body …), or withhold the whole record"
    )
}

fn public_title_hint() -> Said {
    said!(
        "`public_title` 是代替原标题公开的文字，整段公开：请删去标记，写一个可以公开的标题，例如“某项目绩效评价报告（不予公开）”",
        "`public_title` is published in place of the title, as written: remove the marker and write a title that can be published, e.g. 某项目绩效评价报告（不予公开）"
    )
}

fn disclosure(cx: &mut Ctx, d: &RawDisclosure) -> Option<Disclosure> {
    let status = match &d.status {
        Some(s) => cx.vocab("disclosure.status", s, DisclosureStatus::parse)?,
        None => DisclosureStatus::Public,
    };
    let reason = d
        .reason
        .as_ref()
        .map(|r| cx.vocab("disclosure.reason", r, Reason::parse));
    let note = d.note.as_ref().map(|n| cx.text("disclosure.note", n));
    let at = d.status.as_ref().map(pos).unwrap_or((0, 0));
    if !says_why(cx, status, reason.is_some(), at) || !keys_fit_status(cx, d, status, at) {
        return None;
    }
    let linked = linked(cx, d, status)?;
    Some(Disclosure {
        linked,
        status,
        reason: reason.flatten(),
        note,
        fields: d
            .fields
            .iter()
            .map(|f| (f.value.clone(), pos(f).0, pos(f).1))
            .collect(),
        public_title: d
            .public_title
            .as_ref()
            .map(|t| cx.plain("disclosure.public_title", t, &public_title_hint())),
    })
}

/// A record that is not 公开 says why.
fn says_why(cx: &mut Ctx, status: DisclosureStatus, has_reason: bool, at: (usize, usize)) -> bool {
    if status != DisclosureStatus::Public && !has_reason {
        cx.at(
            rule::MISSING_REASON,
            at.0,
            at.1,
            {
                let st = status.zh();
                said!(
                    "{st}的记录要写明理由",
                    "a record that is {st} must say why"
                )
            },
            said!(
                "加上 `reason:`，写其中一个：`国家秘密`、`工作秘密`、`敏感信息`、`个人信息`、`商业秘密`、`其他`",
                "add `reason:` with one of 国家秘密, 工作秘密, 敏感信息, 个人信息, 商业秘密, 其他"
            ),
        );
        return false;
    }
    true
}

/// `fields` only and always in a 部分公开 record; `public_title` only in a 不予公开 one.
fn keys_fit_status(
    cx: &mut Ctx,
    d: &RawDisclosure,
    status: DisclosureStatus,
    at: (usize, usize),
) -> bool {
    if status == DisclosureStatus::Partial && d.fields.is_empty() {
        cx.at(
            rule::DISCLOSURE_RULE,
            at.0,
            at.1,
            said!(
                "部分公开的记录要列出不公开的字段",
                "a 部分公开 record must list the fields it withholds"
            ),
            said!(
                "加上 `fields: [evaluator, indicators.3.actual]`，写出每个不公开的字段",
                "add `fields: [evaluator, indicators.3.actual]` naming each withheld field"
            ),
        );
        return false;
    }
    if status != DisclosureStatus::Partial && !d.fields.is_empty() {
        let (l, c) = pos(&d.fields[0]);
        cx.at(
            rule::DISCLOSURE_RULE,
            l,
            c,
            {
                let st = status.zh();
                said!(
                    "`fields` 只用于部分公开的记录，而这条记录是{st}",
                    "`fields` only applies to 部分公开 records, but this one is {st}"
                )
            },
            said!(
                "只隐去这些字段就写 `status: 部分公开`，否则删去 `fields:`",
                "write `status: 部分公开` to withhold only these fields, or remove `fields:`"
            ),
        );
        return false;
    }
    if let (Some(t), false) = (&d.public_title, status == DisclosureStatus::Withheld) {
        let (l, c) = pos(t);
        cx.at(
            rule::DISCLOSURE_RULE,
            l,
            c,
            said!(
                "`public_title` 只用于不予公开的记录",
                "`public_title` only applies to 不予公开 records"
            ),
            said!(
                "删去 `public_title:`：公开的记录显示它自己的标题",
                "remove `public_title:`: a published record shows its own title"
            ),
        );
        return false;
    }
    true
}

/// `linked`: true or false, and true only in a 不予公开 record.
fn linked(cx: &mut Ctx, d: &RawDisclosure, status: DisclosureStatus) -> Option<bool> {
    let linked = flag(cx, "disclosure.linked", &d.linked)?;
    if let (Some(t), true) = (&d.linked, linked && status != DisclosureStatus::Withheld) {
        let (l, c) = pos(t);
        cx.at(
            rule::DISCLOSURE_RULE,
            l,
            c,
            said!(
                "`linked` 只用于不予公开的记录",
                "`linked` only applies to 不予公开 records"
            ),
            said!(
                "删去 `linked:`：公开、部分公开的记录本来就显示所属项目，不列示的记录不留任何痕迹",
                "remove `linked:`: public and partly public records show their project anyway, and excluded records leave no trace"
            ),
        );
        return None;
    }
    Some(linked)
}
