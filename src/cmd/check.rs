//! `gongkai check`: validate, compute and reconcile, without writing anything.

use crate::{Failure, check};
use std::path::Path;

/// Exit code: 0 clean (warnings allowed unless strict), 1 content errors, 2 I/O errors.
/// `reveal`: show diagnostics about withheld content in full (`--show-withheld`).
pub fn run(site: &Path, json: bool, strict: bool, reveal: bool) -> i32 {
    let out = crate::out_dir(site, None);
    match check(site, Some(&out)) {
        Ok(mut c) => {
            if strict {
                c.warnings.make_strict();
            }
            let log = super::print_log(&c.warnings, json, reveal);
            if c.warnings.has_errors() {
                if !json {
                    eprintln!(
                        "check failed: {} warnings are errors under --strict",
                        log.error_count()
                    );
                }
                return 1;
            }
            if !json {
                eprintln!("ok: {} warnings", log.warning_count());
            }
            0
        }
        Err(Failure::Content(d)) => {
            let log = super::print_log(&d, json, reveal);
            if !json {
                eprintln!(
                    "check failed: {} errors, {} warnings",
                    log.error_count(),
                    log.warning_count()
                );
            }
            1
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}
