//! The planned records checked exactly as `gongkai check` will check them, before any is
//! written: parsed by the site's loader, then validated with the whole site (ids, units,
//! values), figured and disclosed by the same driver as `gongkai check` (`pipeline`). An error in a planned record stops the import (E096) and names the
//! cells it came from; the warnings check will give about it are returned to be shown.
//! Problems elsewhere in the site are not this import's and are left to `gongkai check`.
//! No I/O here: the sources were loaded by the caller.

use super::write::Planned;
use super::{Errs, Target};
use crate::diag::Said;
use crate::diag::source::Withholding;
use crate::diag::{Diagnostics, rule};
use crate::load::raw::RawRecord;
use crate::load::{RecordSrc, Sources, yaml};
use crate::model::Kind;
use crate::said;

/// Check the planned records within the site; returns the warnings about them.
pub fn verify(files: &[Planned], mut sources: Sources, t: &Target, errs: &mut Errs) -> Diagnostics {
    let mut new = Vec::new();
    for f in files {
        let raw = match t.kind {
            Kind::Goal => yaml::parse(&f.rel, &f.text).map(RawRecord::Goal),
            _ => yaml::parse(&f.rel, &f.text).map(RawRecord::SelfEvaluation),
        };
        match raw {
            Ok(raw) => new.push(RecordSrc {
                path: f.rel.clone(),
                kind: t.kind,
                raw,
                body: None,
            }),
            Err(d) => invalid(f, d.rule, &d.message, errs),
        }
    }
    let year = sources
        .regions
        .entry(t.region.clone())
        .or_default()
        .years
        .entry(t.year.to_string())
        .or_default();
    year.records
        .retain(|r| !files.iter().any(|f| f.rel == r.path));
    year.records.extend(new);
    let summary = format!("content/{}/{}/summary.yaml", t.region, t.year);
    let ours = |path: &str| files.iter().any(|f| f.rel == path);
    let mut diags = all_diagnostics(sources);
    for d in diags.items.iter().filter(|d| d.is_error() && ours(&d.path)) {
        if let Some(f) = files.iter().find(|f| f.rel == d.path) {
            invalid(f, d.rule, &d.message, errs);
        }
    }
    diags
        .items
        .retain(|d| !d.is_error() && (ours(&d.path) || d.path == summary));
    for f in files {
        diags.capture(&f.rel, &f.text, Withholding::No);
    }
    diags
}

/// Every diagnostic `gongkai check` gives on `sources`: the same driver's check.
fn all_diagnostics(sources: Sources) -> Diagnostics {
    match crate::pipeline::diagnose(sources) {
        Ok(checked) => checked.warnings,
        Err(diags) => diags,
    }
}

fn invalid(f: &Planned, inner_rule: &str, message: &Said, errs: &mut Errs) {
    let rel = &f.rel;
    let (zh, en) = (message.zh(), message.en());
    let msg = said!(
        "这里读出的记录写成 {rel} 后通不过 `gongkai check`：[{inner_rule}] {zh}",
        "the record read here would not pass `gongkai check` as {rel}: [{inner_rule}] {en}"
    );
    let hint = Said::new(
        "请改正这条记录所在的单元格；如果单元格看起来没有问题，这是 gongkai import 的缺陷，请连同电子表格一起报告",
        "correct the cells of this record; if they look right, this is a bug in gongkai import: please report it with the spreadsheet",
    );
    // the origin, as `Errs::cell` puts an address first (it reads "cells not shown" when the
    // record's kept disclosure withholds something)
    let msg = msg.map(|lang, m| match lang {
        crate::diag::Lang::Zh => format!("{}：{m}", f.origin.zh()),
        crate::diag::Lang::En => format!("{}: {m}", f.origin.en()),
    });
    errs.file(rule::IMPORT_INVALID, msg, hint);
}
