//! The site's own `static/` files, read once when a site is built or previewed (never served
//! from disk later) and inspected by the static-file leak audit (`audit::statics`): a file
//! through a symbolic link is refused, a file holding a withheld value in any encoding,
//! case or tagging stops the build, and a file the audit cannot read (PDF, images) is
//! published only when site.yaml lists it under `static_checked:` as checked by a person.
//! Every problem is collected as a diagnostic naming the file, never the value.

use crate::diag::told::{self, Tell};
use crate::diag::{Diagnostic, Diagnostics, Lang, rule};
use crate::disclose::Secrets;
use crate::output::audit::Scanner;
use crate::output::audit::statics::{Finding, StaticScanner};
use crate::said;
use anyhow::Result;
use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::Path;
use std::sync::Mutex;

/// The audit of one build's static files: what it found so far.
pub struct StaticAudit<'a> {
    raw: &'a Scanner,
    folded: &'a StaticScanner,
    checked: BTreeSet<String>,
    diags: Mutex<Vec<Diagnostic>>,
}

impl<'a> StaticAudit<'a> {
    /// `raw` is the build's audit of output bytes, `folded` the static files' audit (see
    /// [`scanner`]); `checked` the files site.yaml lists.
    pub fn new(raw: &'a Scanner, folded: &'a StaticScanner, checked: &[String]) -> StaticAudit<'a> {
        StaticAudit {
            raw,
            folded,
            checked: checked.iter().cloned().collect(),
            diags: Mutex::new(Vec::new()),
        }
    }

    /// Read the static file `rel` (under `static/`) from `abs`, refusing a symbolic link, and
    /// inspect it. The bytes are returned even when they fail the audit (the build is stopped
    /// by the diagnostics, see [`StaticAudit::finish`]); `None` when the file was refused.
    pub fn read(&self, rel: &str, abs: &Path) -> Result<Option<Vec<u8>>> {
        let Some(bytes) = read_no_follow(abs)? else {
            self.push(
                Diagnostic::error(rule::SYMLINK, format!("static/{rel}"), 0, 0)
                    .msg(said!(
                        "这是一个符号链接，不能发布",
                        "this is a symbolic link, which cannot be published"
                    ))
                    .hint(said!(
                        "把链接换成文件本身（复制真实文件到 static/ 中）",
                        "replace the link with the file itself (copy the real file into static/)"
                    )),
            );
            return Ok(None);
        };
        self.inspect(rel, &bytes);
        Ok(Some(bytes))
    }

    /// Inspect bytes of the static file `rel`. A hit of the plain audit is left to the sink,
    /// which reports it when the file is written.
    pub fn inspect(&self, rel: &str, bytes: &[u8]) {
        if self.raw.bytes(rel, bytes).is_some() {
            return;
        }
        let path = format!("static/{rel}");
        match self.folded.inspect(rel, bytes) {
            Finding::Clean => {}
            Finding::Leak { how } => self.push(
                Diagnostic::error(rule::AUDIT, path, 0, 0)
                    .msg(said!(
                        "这个静态文件含有不予公开的内容（按 {how} 读取，不分大小写、去掉标签后查到）",
                        "this static file holds withheld content (found in its text read as {how}, ignoring case and tags)"
                    ))
                    .hint(said!(
                        "删除或改写该文件中不予公开的内容后再发布；构建已停止，原有网站保持不变",
                        "remove or rewrite the withheld content in this file, then build again; the build was stopped and the previous site left as it was"
                    )),
            ),
            Finding::Opaque { what } if !self.checked.contains(rel) => self.push(
                Diagnostic::error(rule::AUDIT, path, 0, 0)
                    .msg(what.map(|lang, what| match lang {
                        Lang::Zh => format!("无法自动检查这个静态文件是否含有不予公开的内容：{what}"),
                        Lang::En => format!("gongkai cannot check whether this static file holds withheld content: it is {what}"),
                    }))
                    .hint(said!(
                        "请人工核对该文件不含任何不予公开的内容后，在 site.yaml 中写 `static_checked: [{rel}]`（已有该项时加到列表中）；或删除该文件，或改用可检查的格式（文本、HTML、.docx、.xlsx）",
                        "once a person has checked that the file holds nothing withheld, write `static_checked: [{rel}]` in site.yaml (or add it to the list there); or remove the file, or use a format that can be checked (text, HTML, .docx, .xlsx)"
                    )),
            ),
            Finding::Opaque { .. } => {}
        }
    }

    fn push(&self, d: Diagnostic) {
        self.diags.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    /// Every problem found, sorted, with an entry of `static_checked` that names no static
    /// file among `statics` (a misspelt path must not pass silently).
    pub fn finish(self, statics: &[(String, std::path::PathBuf)]) -> Diagnostics {
        let mut found = self.diags.into_inner().unwrap_or_else(|e| e.into_inner());
        let present: BTreeSet<&str> = statics.iter().map(|(r, _)| r.as_str()).collect();
        for rel in self
            .checked
            .iter()
            .filter(|r| !present.contains(r.as_str()))
        {
            found.push(
                Diagnostic::error(rule::CONFIG, "site.yaml", 0, 0)
                    .msg(said!(
                        "`static_checked` 列出的 `{rel}` 不是 static/ 中的文件",
                        "`{rel}`, listed in `static_checked`, is not a file in static/"
                    ))
                    .hint(said!(
                        "写 static/ 下的文件路径，如 `static_checked: [files/report.pdf]`；删除已不存在的文件的条目",
                        "write paths under static/, e.g. `static_checked: [files/report.pdf]`; remove entries for files that are gone"
                    )),
            );
        }
        found.sort_by(|a, b| (&a.path, a.rule, &a.message).cmp(&(&b.path, b.rule, &b.message)));
        let mut d = Diagnostics::default();
        for f in found {
            d.push(f);
        }
        d
    }
}

/// The static files' audit of a site's withheld strings and ids.
pub fn scanner(secrets: &Secrets) -> StaticScanner {
    let strings: Vec<String> = secrets.strings.iter().cloned().collect();
    let ids: Vec<String> = secrets.ids.iter().cloned().collect();
    StaticScanner::new(&strings, &ids)
}

/// A file's bytes, or `None` when the path is a symbolic link (not followed).
fn read_no_follow(abs: &Path) -> Result<Option<Vec<u8>>> {
    let meta = std::fs::symlink_metadata(abs).told(|| told::reading(abs))?;
    if meta.file_type().is_symlink() {
        return Ok(None);
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        open.custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = match open.open(abs) {
        Ok(f) => f,
        #[cfg(target_os = "linux")]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e).told(|| told::reading(abs)),
    };
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).told(|| told::reading(abs))?;
    Ok(Some(bytes))
}
