//! `gongkai check`: validate, compute and reconcile, without writing anything.

use super::Exit;
use crate::check;
use crate::diag::Lang;
use crate::said;
use std::path::Path;

/// Clean (warnings allowed unless strict), content errors, or I/O errors (see [`Exit`]).
/// `reveal`: show diagnostics about withheld content in full (`--show-withheld`).
pub fn run(site: &Path, json: bool, strict: bool, reveal: bool, lang: Lang) -> Exit {
    let out = crate::out_dir(site, None);
    match check(site, Some(&out)) {
        Ok(mut c) => {
            if strict {
                c.warnings.make_strict();
            }
            let log = super::print_log(&c.warnings, json, reveal, lang);
            if c.warnings.has_errors() {
                if !json {
                    let n = log.error_count();
                    let en = crate::diag::said::count_en(
                        n,
                        "warning is an error",
                        "warnings are errors",
                    );
                    let line = said!(
                        "检查未通过：用了 --strict，{n} 个警告都算作错误",
                        "check failed: {en} under --strict"
                    );
                    eprintln!("{}", line.get(lang));
                }
                return Exit::Content;
            }
            if !json {
                let w = super::warnings(log.warning_count());
                let line = w.map(|lang, w| match lang {
                    Lang::Zh => format!("检查通过：{w}"),
                    Lang::En => format!("ok: {w}"),
                });
                eprintln!("{}", line.get(lang));
            }
            Exit::Ok
        }
        Err(f) => super::failed(f, lang, |d| {
            let log = super::print_log(d, json, reveal, lang);
            if !json {
                let (e, w) = (log.error_count(), log.warning_count());
                let (e, w) = (super::errors(e), super::warnings(w));
                let (e, w) = (e.get(lang), w.get(lang));
                match lang {
                    Lang::Zh => eprintln!("检查未通过：{e}，{w}"),
                    Lang::En => eprintln!("check failed: {e}, {w}"),
                }
            }
        }),
    }
}
