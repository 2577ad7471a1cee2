//! `gongkai import`: read a spreadsheet of goals or self-evaluations and write record files.

use super::Exit;
use crate::diag::Lang;
use crate::import::{Options, import};

/// Imported, content errors (nothing written), or usage or I/O errors (see [`Exit`]).
pub fn run(o: &Options, json: bool, lang: Lang) -> Exit {
    match import(o) {
        Ok(done) => {
            super::print_diagnostics(&done.warnings, json, lang);
            for (name, why) in &done.skipped {
                eprintln!("skipped sheet {name}: {why}");
            }
            let verb = if o.dry_run { "would write" } else { "wrote" };
            for f in &done.files {
                let mut notes = vec![f.origin.clone()];
                if f.replaces {
                    notes.push("replaced".into());
                }
                if f.kept_disclosure {
                    notes.push("disclosure kept".into());
                }
                let line = format!("{verb} {}  {} ({})", f.rel, f.title, notes.join("; "));
                // stdout carries the JSON diagnostics in --format json
                if json {
                    eprintln!("{line}");
                } else {
                    println!("{line}");
                }
            }
            if !json {
                let what = if o.dry_run { "checked" } else { "imported" };
                eprintln!(
                    "{what} {} records, {} warnings{}",
                    done.files.len(),
                    done.warnings.warning_count(),
                    if o.dry_run {
                        "; nothing was written (--dry-run)"
                    } else {
                        ""
                    }
                );
            }
            Exit::Ok
        }
        Err(f) => super::failed(f, |d| {
            super::print_diagnostics(d, json, lang);
            if !json {
                eprintln!(
                    "import failed: {} errors; nothing was written",
                    d.error_count()
                );
            }
        }),
    }
}
