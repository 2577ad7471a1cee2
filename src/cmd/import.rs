//! `gongkai import`: read a spreadsheet of goals or self-evaluations and write record files.

use crate::Failure;
use crate::import::{Options, import};

/// Exit code: 0 imported, 1 content errors (nothing written), 2 usage or I/O errors.
pub fn run(o: &Options, json: bool) -> i32 {
    match import(o) {
        Ok(done) => {
            super::print_diagnostics(&done.warnings, json);
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
            0
        }
        Err(Failure::Content(d)) => {
            super::print_diagnostics(&d, json);
            if !json {
                eprintln!(
                    "import failed: {} errors; nothing was written",
                    d.error_count()
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
