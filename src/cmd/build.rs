//! `gongkai build`: check, render, publish, audit and swap in the new site, with a progress
//! bar for large sites on a terminal and a one-line summary at the end.

use super::Exit;
use crate::diag::Lang;
use crate::{BuildOptions, Progress, build, out_dir};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

/// Sites with more pages than this get a progress bar.
const BAR_FROM: usize = 300;

/// A progress bar on stderr, shown only for large builds on a terminal outside CI.
struct Bar {
    bar: ProgressBar,
    enabled: bool,
}

impl Bar {
    fn new() -> Bar {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Bar {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            enabled,
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, steps: usize) {
        self.bar.set_message(name);
        if steps > BAR_FROM && self.enabled {
            let style = ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len} pages")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            self.bar.set_style(style);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        if steps > 0 {
            self.bar.set_length(steps as u64);
            self.bar.set_position(0);
        } else if !self.bar.is_hidden() {
            let style = ProgressStyle::with_template("{msg:>9} {spinner}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            self.bar.set_style(style);
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
    }

    fn step(&self) {
        self.bar.inc(1);
    }
}

/// Built, content errors, or I/O errors (see [`Exit`]).
pub fn run(
    site: &Path,
    out: Option<&Path>,
    previous: Option<&Path>,
    timings: bool,
    lang: Lang,
) -> Exit {
    let out = out_dir(site, out);
    let bar = Bar::new();
    let opts = BuildOptions {
        inputs: super::inputs(lang),
        previous,
        progress: Some(&bar),
    };
    let result = build(site, &out, opts);
    bar.bar.finish_and_clear();
    match result {
        Ok(report) => {
            let log = super::print_diagnostics(&report.warnings, false, lang);
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            let total = report.elapsed.as_secs_f64();
            if timings {
                for (stage, d) in &report.timings {
                    eprintln!("{stage:>10}: {:>8.1} ms", d.as_secs_f64() * 1000.0);
                    if *stage == "render" {
                        for (part, d) in &report.within {
                            eprintln!(
                                "{:>10}  {:>8.1} ms CPU of it in {part}",
                                "",
                                d.as_secs_f64() * 1000.0
                            );
                        }
                    }
                }
            }
            eprintln!(
                "built {} records ({} withheld), {} pages, {} files, {} warnings in {:.2} s → {}",
                report.records,
                report.withheld,
                report.pages,
                report.files,
                log.warning_count(),
                total,
                out.display()
            );
            Exit::Ok
        }
        Err(f) => super::failed(f, |d| {
            let log = super::print_diagnostics(d, false, lang);
            eprintln!(
                "build stopped: {} errors; the previous output was left as it was",
                log.error_count()
            );
        }),
    }
}
