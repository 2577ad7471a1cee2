//! gongkai (公开): a static site generator for budget performance disclosure.
//!
//! A site is read, checked and published in stages, each a module named by its verb (see
//! DESIGN.md): `load` → `validate` → `figures` → `disclose` → `render` → `publish` → `audit`
//! → swap. [`build`] reads like that list. Withheld content is removed once, in `disclose`;
//! everything after it sees only the public model.

pub mod audit;
pub mod cmd;
pub mod diag;
pub mod disclose;
pub mod figures;
pub mod import;
pub mod load;
pub mod model;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;

use anyhow::Context as _;
use diag::{Diagnostic, Diagnostics, rule};
use disclose::{PublicSite, Secrets};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a build or check stopped.
#[derive(Debug)]
pub enum Failure {
    /// Content errors: the site must be corrected (exit code 1).
    Content(Diagnostics),
    /// Could not read or write files (exit code 2).
    Io(anyhow::Error),
}

/// What a successful check found.
pub struct Checked {
    pub public: PublicSite,
    pub secrets: Secrets,
    pub warnings: Diagnostics,
    pub sources: load::Sources,
    pub timings: Vec<(&'static str, Duration)>,
}

/// What a successful build did.
pub struct Report {
    pub records: usize,
    pub withheld: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Things the person building should know that are not content problems.
    pub notes: Vec<String>,
    pub files: usize,
    pub warnings: Diagnostics,
    pub timings: Vec<(&'static str, Duration)>,
}

fn timed<T>(
    timings: &mut Vec<(&'static str, Duration)>,
    stage: &'static str,
    f: impl FnOnce() -> T,
) -> T {
    let start = Instant::now();
    let v = f();
    timings.push((stage, start.elapsed()));
    v
}

/// load → validate → figure → disclose: everything but writing. `exclude` is not walked.
pub fn check(site_dir: &Path, exclude: Option<&Path>) -> Result<Checked, Failure> {
    let mut t = Vec::new();
    let (sources, diags) = timed(&mut t, "load", || load::load(site_dir, exclude));
    let (public, secrets, warnings) = examine(&sources, diags, &mut t)?;
    Ok(Checked {
        public,
        secrets,
        warnings,
        sources,
        timings: t,
    })
}

/// validate → figure → disclose, on sources already loaded (with the loading's diagnostics).
pub fn examine(
    sources: &load::Sources,
    mut diags: Diagnostics,
    t: &mut Vec<(&'static str, Duration)>,
) -> Result<(PublicSite, Secrets, Diagnostics), Failure> {
    let (site, d) = timed(t, "validate", || validate::validate(sources));
    diags.extend(d);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        diags.sort();
        return Err(Failure::Content(diags));
    };
    let (figures, d) = timed(t, "figure", || figures::figure(&site));
    diags.extend(d);
    let (public, mut secrets, d) = timed(t, "disclose", || disclose::disclose(&site, &figures));
    let mut public_texts = public.public_texts();
    if let Ok(i) = render::theme::i18n(public.config.language) {
        public_texts.extend(i.table().into_values());
    }
    secrets.prune(&public_texts);
    diags.extend(d);
    diags.sort();
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    Ok((public, secrets, diags))
}

/// The output folder for a site: `OUT` as given, or `SITE/public`.
pub fn out_dir(site_dir: &Path, out: Option<&Path>) -> PathBuf {
    out.map(Path::to_path_buf)
        .unwrap_or_else(|| site_dir.join("public"))
}

/// Told how far a build has come (the command line shows a progress bar).
pub trait Progress: Sync {
    /// A stage starts, with the number of steps it will count (0: not counted).
    fn stage(&self, name: &'static str, steps: usize);
    /// One step of the current stage is done.
    fn step(&self);
}

/// How a build runs, besides its site and output folders.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// The previous publication's manifest, when it is not in the output folder.
    pub previous: Option<&'a Path>,
    pub progress: Option<&'a dyn Progress>,
}

/// The template environment with the theme's assets (stylesheet, script) named in it, and
/// those assets' files.
pub fn renderer_for(
    public: &PublicSite,
    templates: &[(String, String)],
) -> Result<(render::Renderer, Vec<render::Output>), Failure> {
    let css = publish::stylesheet(render::theme::STYLE_CSS);
    let js = publish::script(render::theme::SITE_JS);
    let mut renderer = render::renderer(public, templates, &css.path).map_err(Failure::Content)?;
    renderer.add_asset("js", &js.path);
    Ok((renderer, vec![css, js]))
}

/// The files made from the whole public site besides its pages: the search index (whose
/// names the environment learns), the open data and the feed.
pub fn site_files(public: &PublicSite, renderer: &mut render::Renderer) -> Vec<render::Output> {
    let search = publish::search::build(public, &renderer.i18n, render::theme::SEARCH_JS);
    renderer
        .tera
        .global_context()
        .insert("search", &search.paths());
    let mut files = search.files;
    files.extend(publish::data::data_files(public, &renderer.i18n));
    files
}

/// The Atom feed: the site's updates and each dated publication of the 更新记录.
pub fn feed(
    public: &PublicSite,
    renderer: &render::Renderer,
    manifest: &publish::changes::Manifest,
) -> render::Output {
    let i = &renderer.i18n;
    let publications = render::changes::entries(public, i, manifest)
        .into_iter()
        .filter_map(|e| {
            let date = chrono::NaiveDate::parse_from_str(&e.date, "%Y-%m-%d").ok()?;
            let mut summary: Vec<String> = Vec::new();
            for (title, list) in [(&e.added_title, &e.added), (&e.updated_title, &e.updated)] {
                if !list.is_empty() {
                    let names: Vec<&str> = list.iter().map(|n| n.title.as_str()).collect();
                    summary.push(format!("{title}：{}", names.join("、")));
                }
            }
            summary.extend(e.notes);
            Some(render::updates::Update {
                url: "changes/".into(),
                title: format!("{} · {}", i.t("changes_title"), e.title),
                summary: summary.join(" "),
                category: i.t("changes_title"),
                date_text: e.date.clone(),
                iso_date: e.date,
                date,
            })
        })
        .collect();
    publish::feed::feed(public, i, publications)
}

/// Build the site at `site_dir` into `out`. The previous output is replaced only when the new
/// one is complete and has passed the leak audit.
pub fn build(site_dir: &Path, out: &Path) -> Result<Report, Failure> {
    build_with(site_dir, out, Options::default())
}

/// [`build`], with a progress report and the previous publication's manifest from elsewhere.
pub fn build_with(site_dir: &Path, out: &Path, opts: Options) -> Result<Report, Failure> {
    let progress = |name, steps| {
        if let Some(p) = opts.progress {
            p.stage(name, steps)
        }
    };
    let checked = check(site_dir, Some(out))?;
    let Checked {
        public,
        secrets,
        mut warnings,
        sources,
        mut timings,
    } = checked;
    let (mut renderer, assets) = renderer_for(&public, &sources.templates)?;
    let site_wide = timed(&mut timings, "search", || {
        site_files(&public, &mut renderer)
    });
    let jobs = render::pages::jobs(&public);
    progress("render", jobs.len());
    let tick = || {
        if let Some(p) = opts.progress {
            p.step()
        }
    };
    let mut outputs = timed(&mut timings, "render", || {
        render::render_jobs(&public, &renderer, &jobs, &tick)
    })
    .map_err(Failure::Content)?;
    warnings.extend(render::warnings(&renderer));
    let manifest_path = opts
        .previous
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.join(publish::changes::MANIFEST_PATH));
    let (previous, note) = previous_manifest(&manifest_path, opts.previous.is_some())?;
    let records = publish::changes::published(&public, &|_, p| publish::changes::record_hash(p));
    let date = std::env::var("SOURCE_DATE_EPOCH").ok();
    let manifest = publish::changes::next(
        previous.as_ref(),
        records,
        &public,
        publish::changes::date_of_epoch(date.as_deref()),
    );
    outputs.push(changes_page(&public, &renderer, &manifest)?);
    let pages = outputs.len();
    let extras = publish::extras(&public, &outputs);
    outputs.extend(extras);
    outputs.extend(site_wide);
    outputs.push(feed(&public, &renderer, &manifest));
    outputs.push(publish::changes::output(&manifest));
    outputs.extend(assets);
    progress("write", 0);
    let staging = timed(&mut timings, "publish", || {
        write(out, &outputs, &sources.statics)
    })
    .map_err(Failure::Io)?;
    progress("audit", 0);
    let hits = timed(&mut timings, "audit", || audit_scan(&staging, &secrets));
    if !hits.is_empty() {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Failure::Content(audit_diagnostics(&hits)));
    }
    timed(&mut timings, "swap", || publish::swap(&staging, out)).map_err(Failure::Io)?;
    let records = public
        .regions
        .iter()
        .flat_map(|r| &r.years)
        .map(|y| y.records.len())
        .sum();
    let withheld = public
        .regions
        .iter()
        .flat_map(|r| &r.years)
        .map(|y| y.stubs.len())
        .sum();
    Ok(Report {
        records,
        withheld,
        pages,
        notes: note.into_iter().collect(),
        files: outputs.len(),
        warnings,
        timings,
    })
}

/// The 更新记录 page for `manifest`.
pub fn changes_page(
    public: &PublicSite,
    renderer: &render::Renderer,
    manifest: &publish::changes::Manifest,
) -> Result<render::Output, Failure> {
    render::changes::page(public, renderer, manifest).map_err(|d| {
        let mut ds = Diagnostics::default();
        ds.push(d);
        Failure::Content(ds)
    })
}

/// The previous publication's manifest, if any. One that cannot be read starts the history
/// again, with a note, unless it was named on the command line.
pub fn previous_manifest(
    path: &Path,
    explicit: bool,
) -> Result<(Option<publish::changes::Manifest>, Option<String>), Failure> {
    if explicit && !path.is_file() {
        return Err(Failure::Io(anyhow::anyhow!(
            "the previous manifest {} does not exist",
            path.display()
        )));
    }
    match publish::changes::read_previous(path) {
        Ok(m) => Ok((m, None)),
        Err(e) if explicit => Err(Failure::Io(e)),
        Err(e) => Ok((
            None,
            Some(format!("{e:#}; the change history (更新记录) starts again")),
        )),
    }
}

fn write(
    out: &Path,
    outputs: &[render::Output],
    statics: &[(String, PathBuf)],
) -> anyhow::Result<PathBuf> {
    publish::clean_stale(out)?;
    let staging = publish::staging_dir(out)?;
    let result = publish::write_all(&staging, outputs)
        .and_then(|_| publish::copy_statics(&staging, statics));
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e).with_context(|| format!("publishing into {}", out.display()));
    }
    Ok(staging)
}

/// Scan an output folder for every withheld string and id.
pub fn audit_scan(dir: &Path, secrets: &Secrets) -> Vec<audit::Hit> {
    let strings: Vec<String> = secrets.strings.iter().cloned().collect();
    let ids: Vec<String> = secrets.ids.iter().cloned().collect();
    let constant: Vec<&[u8]> = render::theme::CONSTANT_ASSETS
        .iter()
        .map(|a| a.as_bytes())
        .collect();
    audit::scan(dir, &strings, &ids, &constant)
}

/// Audit hits as diagnostics: file and offset, never the value.
pub fn audit_diagnostics(hits: &[audit::Hit]) -> Diagnostics {
    let mut d = Diagnostics::default();
    for h in hits {
        let msg = match h.offset {
            Some(o) => format!("a withheld value appears in the output at byte {o} of this file"),
            None => {
                "a withheld value appears in the name of this output file or folder".to_string()
            }
        };
        d.push(
            Diagnostic::error(rule::AUDIT, h.path.clone(), 0, 0)
                .msg(msg)
                .hint("the build was stopped and the previous output left in place; a site template or static file prints withheld content, or the same text is also written in a public field"),
        );
    }
    d
}
