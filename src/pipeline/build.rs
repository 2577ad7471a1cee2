//! `gongkai build`: check, publish into a staging folder beside the output, and swap it in only
//! when the site is complete and the leak audit found nothing. A failed build removes its
//! staging folder and leaves the previous output exactly as it was.

use super::cache::Cache;
use super::publish::{Options, Progress, publish};
use super::{Inputs, Timings, check, timed};
use crate::diag::told::{self, Tell};
use crate::diag::{Diagnostics, Lang, Said};
use crate::format::changes;
use crate::output::sink::Folder;
use crate::said;
use crate::view::manifest::Manifest;
use crate::{Failure, output};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a successful build did.
pub struct Report {
    pub records: usize,
    pub withheld: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Things the person building should know that are not content problems.
    pub notes: Vec<Said>,
    pub files: usize,
    pub warnings: Diagnostics,
    /// Wall time of each stage, in order.
    pub timings: Timings,
    /// Time spent in work done inside the render stage as pages stream through it (the leak
    /// audit, writing files), summed over threads.
    pub within: Timings,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// How a build runs, besides its site and output folders.
#[derive(Default, Clone, Copy)]
pub struct BuildOptions<'a> {
    pub inputs: Inputs,
    /// The previous publication's manifest, when it is not in the output folder.
    pub previous: Option<&'a Path>,
    pub progress: Option<&'a dyn Progress>,
    /// The persistent cache's folder (see [`super::cache`]); `None` builds without one.
    pub cache: Option<&'a Path>,
}

/// The cache folder a build uses unless told otherwise: beside the output, named after it
/// (`.gongkai-cache-public` for `public`).
pub fn default_cache_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .unwrap_or(Path::new("."))
        .join(format!(".gongkai-cache-{name}"))
}

/// The output folder for a site: `OUT` as given, or `SITE/public`.
pub fn out_dir(site_dir: &Path, out: Option<&Path>) -> PathBuf {
    out.map(Path::to_path_buf)
        .unwrap_or_else(|| site_dir.join("public"))
}

/// Build the site at `site_dir` into `out`. The previous output is replaced only when the new
/// one is complete and has passed the leak audit.
pub fn build(site_dir: &Path, out: &Path, opts: BuildOptions) -> Result<Report, Failure> {
    let start = Instant::now();
    let manifest_path = opts
        .previous
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.join(changes::MANIFEST_PATH));
    let mut checked = check(site_dir, Some(out))?;
    let (previous, note) = previous_manifest(&manifest_path, opts.previous.is_some())?;
    // Only the templates and static files are needed from here on: the parsed records went.
    let mut timings = std::mem::take(&mut checked.timings);
    let staging = output::clean_stale(out)
        .and_then(|_| output::staging_dir(out))
        .told(|| publishing_into(out))
        .map_err(Failure::Io)?;
    let folder = Folder::new(&staging);
    let cache = opts.cache.map(Cache::new);
    let memo = timed(&mut timings, "cache", || cache.as_ref().map(Cache::memo));
    let published = publish(
        &checked,
        &folder,
        Options {
            inputs: opts.inputs,
            previous: previous.as_ref(),
            progress: opts.progress,
            memo: memo.as_ref(),
        },
    );
    let published = match published {
        Ok(p) => p,
        Err(f) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(match f {
                Failure::Io(e) => {
                    Failure::Io(Err::<(), _>(e).told(|| publishing_into(out)).unwrap_err())
                }
                content => content,
            });
        }
    };
    timings.extend(published.timings);
    let mut notes: Vec<Said> = note.into_iter().collect();
    if let (Some(cache), Some(memo), Some(kept)) = (&cache, &memo, &published.kept) {
        let replaced = checked
            .theme
            .statics
            .iter()
            .map(|(r, _)| r.as_str())
            .collect();
        let saved = timed(&mut timings, "keep", || {
            cache.save(memo, kept, &staging, &replaced)
        });
        if let Err(e) = saved {
            notes.push(Said::new(
                format!("{}；下次构建将不使用缓存", told::text(&e, Lang::Zh)),
                format!(
                    "{}; the next build will not use the cache",
                    told::text(&e, Lang::En)
                ),
            ));
        }
    }
    timed(&mut timings, "swap", || output::swap(&staging, out)).map_err(Failure::Io)?;
    let mut warnings = checked.warnings;
    warnings.extend(published.warnings);
    let years = || checked.public.regions().iter().flat_map(|r| r.years());
    Ok(Report {
        records: years().map(|y| y.records().len()).sum(),
        withheld: years().map(|y| y.stubs().len()).sum(),
        pages: published.pages.len(),
        notes,
        files: published.sunk.files,
        warnings,
        timings,
        within: vec![
            ("audit", published.sunk.audit),
            ("write", published.sunk.write),
        ],
        elapsed: start.elapsed(),
    })
}

/// `无法发布到 OUT` / `publishing into OUT`, before the reason.
fn publishing_into(out: &Path) -> Said {
    let o = out.display();
    said!("无法生成网站到 {o}", "publishing into {o}")
}

/// The previous publication's manifest, if any. One that cannot be read starts the history
/// again, with a note, unless it was named on the command line.
pub fn previous_manifest(
    path: &Path,
    explicit: bool,
) -> Result<(Option<Manifest>, Option<Said>), Failure> {
    if explicit && !path.is_file() {
        let p = path.display();
        return Err(Failure::Io(told::told(said!(
            "`--previous` 给出的上次发布清单 {p} 不存在；请写上次生成的网站中 `manifest.json` 的路径",
            "the previous manifest {p} does not exist"
        ))));
    }
    match changes::read_previous(path) {
        Ok(m) => Ok((m, None)),
        Err(e) if explicit => Err(Failure::Io(e)),
        Err(e) => Ok((
            None,
            Some(Said::new(
                format!("{}；更新记录将从头开始", told::text(&e, Lang::Zh)),
                format!(
                    "{}; the change history (更新记录) starts again",
                    told::text(&e, Lang::En)
                ),
            )),
        )),
    }
}
