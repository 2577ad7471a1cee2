//! `gongkai audit`: re-run the leak scan over an existing output folder.

use crate::pipeline::publish::{audit_diagnostics, audit_scanner};
use crate::{Failure, check, out_dir};
use std::path::Path;

/// Exit code: 0 clean, 1 leaks or content errors, 2 I/O errors.
pub fn run(site: &Path, out: Option<&Path>) -> i32 {
    let out = out_dir(site, out);
    if !out.is_dir() {
        eprintln!(
            "error: there is no output folder at {}; run `gongkai build` first",
            out.display()
        );
        return 2;
    }
    match check(site, Some(&out)) {
        Ok(c) => {
            let hits = audit_scanner(&c.secrets).scan(&out);
            if hits.is_empty() {
                eprintln!(
                    "audit: no withheld value found in {} ({} withheld strings and {} ids checked)",
                    out.display(),
                    c.secrets.strings.len(),
                    c.secrets.ids.len()
                );
                0
            } else {
                super::print_diagnostics(&audit_diagnostics(&hits), false);
                eprintln!("audit failed: {} files carry withheld values", hits.len());
                1
            }
        }
        Err(Failure::Content(d)) => {
            super::print_diagnostics(&d, false);
            1
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}
