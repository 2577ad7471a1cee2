//! `gongkai check`: validate, compute and reconcile, without writing anything.

use super::Exit;
use crate::check;
use crate::diag::Lang;
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
                    eprintln!(
                        "check failed: {} warnings are errors under --strict",
                        log.error_count()
                    );
                }
                return Exit::Content;
            }
            if !json {
                eprintln!("ok: {} warnings", log.warning_count());
            }
            Exit::Ok
        }
        Err(f) => super::failed(f, |d| {
            let log = super::print_log(d, json, reveal, lang);
            if !json {
                eprintln!(
                    "check failed: {} errors, {} warnings",
                    log.error_count(),
                    log.warning_count()
                );
            }
        }),
    }
}
