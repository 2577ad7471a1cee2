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
    lang: Lang,
}

impl Bar {
    fn new(lang: Lang) -> Bar {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Bar {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            enabled,
            lang,
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, steps: usize) {
        self.bar.set_message(name);
        if steps > BAR_FROM && self.enabled {
            let template = match self.lang {
                Lang::Zh => "{msg:>9} [{bar:40}] {pos}/{len} 个页面",
                Lang::En => "{msg:>9} [{bar:40}] {pos}/{len} pages",
            };
            let style = ProgressStyle::with_template(template)
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

/// `--cache DIR` and `--no-cache`.
#[derive(Clone, Copy, Default)]
pub struct CacheChoice<'a> {
    pub dir: Option<&'a Path>,
    pub off: bool,
}

/// Built, content errors, or I/O errors (see [`Exit`]).
pub fn run(
    site: &Path,
    out: Option<&Path>,
    previous: Option<&Path>,
    cache: CacheChoice,
    timings: bool,
    json: bool,
    lang: Lang,
) -> Exit {
    let out = out_dir(site, out);
    let bar = Bar::new(lang);
    let cache_dir = match cache {
        CacheChoice { off: true, .. } => None,
        CacheChoice { dir: Some(d), .. } => Some(d.to_path_buf()),
        CacheChoice { dir: None, .. } => Some(crate::pipeline::build::default_cache_dir(&out)),
    };
    let opts = BuildOptions {
        inputs: super::inputs(lang),
        previous,
        progress: Some(&bar),
        cache: cache_dir.as_deref(),
    };
    let result = build(site, &out, opts);
    bar.bar.finish_and_clear();
    match result {
        Ok(report) => {
            let log = super::print_diagnostics(&report.warnings, json, lang);
            for note in &report.notes {
                let note = note.get(lang);
                match lang {
                    Lang::Zh => eprintln!("提示：{note}"),
                    Lang::En => eprintln!("note: {note}"),
                }
            }
            let total = report.elapsed.as_secs_f64();
            if timings {
                for (stage, d) in &report.timings {
                    eprintln!("{stage:>10}: {:>8.1} ms", d.as_secs_f64() * 1000.0);
                    if *stage == "render" {
                        for (part, d) in &report.within {
                            let ms = d.as_secs_f64() * 1000.0;
                            match lang {
                                Lang::Zh => {
                                    eprintln!("{:>10}  其中 {part} 用 CPU {ms:>8.1} ms", "")
                                }
                                Lang::En => {
                                    eprintln!("{:>10}  {ms:>8.1} ms CPU of it in {part}", "")
                                }
                            }
                        }
                    }
                }
            }
            let (r, w, p, f) = (report.records, report.withheld, report.pages, report.files);
            let warnings = super::warnings(log.warning_count());
            let (o, warnings) = (out.display(), warnings.get(lang));
            match lang {
                Lang::Zh => eprintln!(
                    "已生成网站：{r} 条公开的记录，{w} 条不予公开的条目，{p} 个页面，{f} 个文件，{warnings}，用时 {total:.2} 秒 → {o}"
                ),
                Lang::En => {
                    let r = crate::diag::said::count_en(r, "record", "records");
                    let p = crate::diag::said::count_en(p, "page", "pages");
                    let f = crate::diag::said::count_en(f, "file", "files");
                    eprintln!(
                        "built {r} ({w} withheld), {p}, {f}, {warnings} in {total:.2} s → {o}"
                    )
                }
            }
            Exit::Ok
        }
        Err(f) => super::failed(f, lang, |d| {
            let log = super::print_diagnostics(d, json, lang);
            let errors = super::errors(log.error_count());
            let errors = errors.get(lang);
            match lang {
                Lang::Zh => eprintln!("构建已停止：{errors}；原有网站保持不变"),
                Lang::En => {
                    eprintln!("build stopped: {errors}; the previous output was left as it was")
                }
            }
        }),
    }
}
