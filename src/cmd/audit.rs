//! `gongkai audit`: re-run the leak scan over an existing output folder.

use super::Exit;
use crate::diag::Lang;
use crate::pipeline::publish::{audit_diagnostics, audit_scanner};
use crate::said;
use crate::{check, out_dir};
use std::path::Path;

/// Clean, leaks or content errors, or I/O errors (see [`Exit`]).
pub fn run(site: &Path, out: Option<&Path>, lang: Lang) -> Exit {
    let out = out_dir(site, out);
    if !out.is_dir() {
        let o = out.display();
        return super::io_error(
            said!(
                "{o} 不存在，没有可审查的网站；请先运行 `gongkai build`",
                "there is no output folder at {o}; run `gongkai build` first"
            ),
            lang,
        );
    }
    match check(site, Some(&out)) {
        Ok(c) => {
            let hits = audit_scanner(&c.secrets).scan(&out);
            if hits.is_empty() {
                let o = out.display();
                let (s, i) = (c.secrets.strings.len(), c.secrets.ids.len());
                let (s_en, i_en) = (
                    crate::diag::said::count_en(s, "withheld string", "withheld strings"),
                    crate::diag::said::count_en(i, "id", "ids"),
                );
                let line = said!(
                    "审查通过：{o} 中没有不予公开的内容（查对了 {s} 段不予公开的文字和 {i} 个编号）",
                    "audit: no withheld value found in {o} ({s_en} and {i_en} checked)"
                );
                eprintln!("{}", line.get(lang));
                Exit::Ok
            } else {
                super::print_diagnostics(&audit_diagnostics(&hits), false, lang);
                let n = hits.len();
                let en = crate::diag::said::count_en(n, "file carries", "files carry");
                let line = said!(
                    "审查未通过：{n} 个文件含有不予公开的内容",
                    "audit failed: {en} withheld values"
                );
                eprintln!("{}", line.get(lang));
                Exit::Content
            }
        }
        Err(f) => super::failed(f, lang, |d| {
            super::print_diagnostics(d, false, lang);
        }),
    }
}
