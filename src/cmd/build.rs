//! `gongkai build`: check, render, publish, audit and swap in the new site.

use crate::{Failure, build, out_dir};
use std::path::Path;

/// Exit code: 0 built, 1 content errors, 2 I/O errors.
pub fn run(site: &Path, out: Option<&Path>, timings: bool) -> i32 {
    let out = out_dir(site, out);
    match build(site, &out) {
        Ok(report) => {
            super::print_diagnostics(&report.warnings, false);
            let total: f64 = report.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
            if timings {
                for (stage, d) in &report.timings {
                    eprintln!("{stage:>9}: {:>8.1} ms", d.as_secs_f64() * 1000.0);
                }
            }
            eprintln!(
                "built {} records ({} withheld), {} files, {} warnings in {:.2} s → {}",
                report.records,
                report.withheld,
                report.files,
                report.warnings.warning_count(),
                total,
                out.display()
            );
            0
        }
        Err(Failure::Content(d)) => {
            super::print_diagnostics(&d, false);
            eprintln!(
                "build stopped: {} errors; the previous output was left as it was",
                d.error_count()
            );
            1
        }
        Err(Failure::Io(e)) => {
            eprintln!("error: {e:#}");
            2
        }
    }
}
