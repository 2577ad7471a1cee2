//! The preview's leak audit: the same as `gongkai build`'s, over the files the preview would
//! serve. Every file is searched for every withheld string and id (its path and its bytes), and
//! the site's static files go through the static-file audit when they are read; a hit fails the
//! preview's build, so the last good pages stay served under the error overlay.
//!
//! Incremental like the rest of the preview: the scanners are made again only when the withheld
//! strings change, and a file is searched again only when its bytes are new (a file whose bytes
//! are shared with one found clean, same allocation, is not). The clean files' bytes are held
//! here, so an allocation is never reused for other bytes while it counts as clean.

use super::files::Files;
use crate::audit::Scanner;
use crate::audit::statics::StaticScanner;
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::disclose::Secrets;
use crate::publish::data::Shared;
use crate::publish::statics::{self, StaticAudit};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

type Key = (BTreeSet<String>, BTreeSet<String>);

/// The scanners of the last build's secrets, and the files found clean with them.
#[derive(Default)]
pub struct Audit {
    scanners: Option<(Key, Scanner, StaticScanner)>,
    clean: HashMap<String, Arc<Vec<u8>>>,
}

impl Audit {
    /// Make the scanners for `secrets`, unless they are those of the last build.
    pub fn prepare(&mut self, secrets: &Secrets) {
        let key = (secrets.strings.clone(), secrets.ids.clone());
        if self.scanners.as_ref().is_some_and(|(k, _, _)| *k == key) {
            return;
        }
        self.clean.clear();
        let raw = crate::audit_scanner(secrets);
        let folded = statics::scanner(secrets);
        self.scanners = Some((key, raw, folded));
    }

    /// Read and audit the site's static files (output path → file on disk): their bytes, and
    /// the problems found. Call [`Audit::prepare`] first.
    pub fn statics(
        &self,
        statics: &[(String, PathBuf)],
        checked: &[String],
    ) -> (Vec<Shared>, Diagnostics) {
        let Some((_, raw, folded)) = &self.scanners else {
            return (Vec::new(), refused("the audit was not prepared"));
        };
        let audit = StaticAudit::new(raw, folded, checked);
        let mut files = Vec::new();
        let mut errors = Diagnostics::default();
        for (rel, abs) in statics {
            match audit.read(rel, abs) {
                Ok(Some(bytes)) => files.push((rel.clone(), Arc::new(bytes))),
                Ok(None) => {}
                Err(e) => errors.push(
                    Diagnostic::error(rule::UNREADABLE, format!("static/{rel}"), 0, 0)
                        .msg(format!("无法读取这个静态文件：{e:#}")),
                ),
            }
        }
        let mut found = audit.finish(statics);
        found.extend(errors);
        (files, found)
    }

    /// Search every file not found clean before; the hits as `gongkai build` reports them.
    pub fn files(&mut self, files: &Files) -> Diagnostics {
        let Some((_, raw, _)) = &self.scanners else {
            return refused("the audit was not prepared");
        };
        let mut hits = Vec::new();
        let mut clean = HashMap::with_capacity(files.len());
        for (path, bytes) in files.iter() {
            let known = self.clean.get(path).is_some_and(|b| Arc::ptr_eq(b, bytes));
            let found = if known {
                Vec::new()
            } else {
                raw.file(path, bytes)
            };
            if found.is_empty() {
                clean.insert(path.clone(), bytes.clone());
            }
            hits.extend(found);
        }
        self.clean = clean;
        crate::audit::sort(&mut hits);
        crate::audit_diagnostics(&hits)
    }
}

/// A failed audit that could not run: nothing is served from this build.
fn refused(why: &str) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.push(
        Diagnostic::error(rule::AUDIT, "", 0, 0)
            .msg(format!("预览的泄密检查未能运行（{why}），本次结果不予显示")),
    );
    d
}
