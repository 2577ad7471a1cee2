//! `gongkai audit`: re-run the leak scan over an existing output folder.

use super::Exit;
use crate::diag::Lang;
use crate::pipeline::publish::{audit_diagnostics, audit_scanner};
use crate::{check, out_dir};
use std::path::Path;

/// Clean, leaks or content errors, or I/O errors (see [`Exit`]).
pub fn run(site: &Path, out: Option<&Path>, lang: Lang) -> Exit {
    let out = out_dir(site, out);
    if !out.is_dir() {
        return super::io_error(format_args!(
            "there is no output folder at {}; run `gongkai build` first",
            out.display()
        ));
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
                Exit::Ok
            } else {
                super::print_diagnostics(&audit_diagnostics(&hits), false, lang);
                eprintln!("audit failed: {} files carry withheld values", hits.len());
                Exit::Content
            }
        }
        Err(f) => super::failed(f, |d| {
            super::print_diagnostics(d, false, lang);
        }),
    }
}
