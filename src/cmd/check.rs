//! `gongkai check`: validate, compute and reconcile, without writing anything.

use crate::{Failure, check};
use std::path::Path;

/// Exit code: 0 clean (warnings allowed unless strict), 1 content errors, 2 I/O errors.
pub fn run(site: &Path, json: bool, strict: bool) -> i32 {
    let out = crate::out_dir(site, None);
    match check(site, Some(&out)) {
        Ok(mut c) => {
            if strict {
                c.warnings.make_strict();
            }
            super::print_diagnostics(&c.warnings, json);
            if c.warnings.has_errors() {
                if !json {
                    eprintln!(
                        "check failed: {} warnings are errors under --strict",
                        c.warnings.error_count()
                    );
                }
                return 1;
            }
            if !json {
                eprintln!("ok: {} warnings", c.warnings.warning_count());
            }
            0
        }
        Err(Failure::Content(d)) => {
            super::print_diagnostics(&d, json);
            if !json {
                eprintln!(
                    "check failed: {} errors, {} warnings",
                    d.error_count(),
                    d.warning_count()
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
