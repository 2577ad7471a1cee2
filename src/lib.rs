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
use std::sync::Arc;
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
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Time spent in work done inside the render stage as pages stream through it (the leak
    /// audit, writing files), summed over threads.
    pub within: Vec<(&'static str, Duration)>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
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
/// The parsed records are dropped as soon as they are validated (only the templates and
/// static files stay in `sources`), so a large site is never held three times over.
pub fn check(site_dir: &Path, exclude: Option<&Path>) -> Result<Checked, Failure> {
    let mut t = Vec::new();
    let (mut sources, diags) = timed(&mut t, "load", || load::load(site_dir, exclude));
    let (site, diags) = validated(&sources, diags, &mut t, None)?;
    sources.regions.clear();
    sources.home = None;
    let (public, secrets, warnings) = disclosed(&site, diags, &mut t)?;
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
    diags: Diagnostics,
    t: &mut Vec<(&'static str, Duration)>,
) -> Result<(PublicSite, Secrets, Diagnostics), Failure> {
    let (site, diags) = validated(sources, diags, t, None)?;
    disclosed(&site, diags, t)
}

/// Whether none of a year folder's files changed since the last build: (region, year folder).
pub type Unchanged<'a> = dyn Fn(&str, &str) -> bool + Sync + 'a;

/// [`examine`] for `gongkai serve`: a year folder is validated again only when
/// `unchanged(region, year)` does not hold (see [`validate::validate_reusing`]).
pub fn examine_reusing(
    sources: &load::Sources,
    diags: Diagnostics,
    t: &mut Vec<(&'static str, Duration)>,
    kept: &mut validate::Years,
    unchanged: &Unchanged<'_>,
) -> Result<(PublicSite, Secrets, Diagnostics), Failure> {
    let (site, diags) = validated(sources, diags, t, Some((kept, unchanged)))?;
    disclosed(&site, diags, t)
}

fn validated(
    sources: &load::Sources,
    mut diags: Diagnostics,
    t: &mut Vec<(&'static str, Duration)>,
    reuse: Option<(&mut validate::Years, &Unchanged<'_>)>,
) -> Result<(model::Site, Diagnostics), Failure> {
    let (site, d) = timed(t, "validate", || match reuse {
        Some((kept, unchanged)) => validate::validate_reusing(sources, kept, unchanged),
        None => validate::validate(sources),
    });
    diags.extend(d);
    match site.filter(|_| !diags.has_errors()) {
        Some(site) => Ok((site, diags)),
        None => {
            diags.sort();
            Err(Failure::Content(diags))
        }
    }
}

fn disclosed(
    site: &model::Site,
    mut diags: Diagnostics,
    t: &mut Vec<(&'static str, Duration)>,
) -> Result<(PublicSite, Secrets, Diagnostics), Failure> {
    let (figures, mut d) = timed(t, "figure", || figures::figure(site));
    d.mark_computed();
    diags.extend(d);
    // The gate's own diagnostics say what cannot be published, never a value: not `computed`.
    let (public, mut secrets, d) = timed(t, "disclose", || disclose::disclose(site, &figures));
    let mut public_texts = public.public_texts();
    let generated: Vec<String> = render::theme::i18n(public.config.language)
        .map(|i| i.table().into_values().collect())
        .unwrap_or_default();
    // Every withheld text that `prune` would drop is an error here (E045), or public by the
    // author's `linked: true`: nothing is dropped from the audit silently.
    diags.extend(disclose::crossref::check(site, &generated));
    public_texts.extend(generated);
    secrets.prune(&public_texts);
    diags.extend(d);
    // Decided once, for every log of this run: what may be said about withheld content.
    diags.set_facts(Arc::new(disclose::facts::facts(site, &public, &secrets)));
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
/// names the environment learns) and the open data.
pub fn site_files(public: &PublicSite, renderer: &mut render::Renderer) -> Vec<render::Output> {
    site_files_reusing(public, renderer, None, None)
        .into_iter()
        .map(|(path, bytes)| render::Output {
            path,
            bytes: Arc::try_unwrap(bytes).unwrap_or_else(|b| b.to_vec()),
        })
        .collect()
}

/// What `gongkai serve` keeps of the site-wide files between builds.
#[derive(Default)]
pub struct SiteReuse {
    pub data: publish::data::Reuse,
    pub docs: publish::search::docs::Reuse,
}

/// [`site_files`], making again only the parts of a year that changed since `before` (a site
/// built with the same settings and templates), from what `reuse` kept; the files of the parts
/// kept are shared with the last build's, not copied.
pub fn site_files_reusing(
    public: &PublicSite,
    renderer: &mut render::Renderer,
    before: Option<&PublicSite>,
    reuse: Option<&mut SiteReuse>,
) -> Vec<publish::data::Shared> {
    let i = &renderer.i18n;
    let (docs_reuse, data_reuse) = match reuse {
        Some(r) => (Some(&mut r.docs), Some(&mut r.data)),
        None => (None, None),
    };
    let (search, data) = rayon::join(
        || match docs_reuse {
            Some(r) => {
                let blocks = publish::search::docs::collect_blocks(public, i, before, r);
                publish::search::build_from_blocks(public, i, &blocks, render::theme::SEARCH_JS)
            }
            None => publish::search::build(public, i, render::theme::SEARCH_JS),
        },
        || match data_reuse {
            Some(r) => publish::data::data_files_reusing(public, i, before, r),
            None => publish::data::data_files_reusing(public, i, None, &mut Default::default()),
        },
    );
    let mut files: Vec<publish::data::Shared> = learn_search(renderer, search)
        .into_iter()
        .map(|o| (o.path, Arc::new(o.bytes)))
        .collect();
    files.extend(data);
    files
}

/// The search index's files; the template environment learns their names.
pub fn search_index(public: &PublicSite, renderer: &mut render::Renderer) -> Vec<render::Output> {
    let search = publish::search::build(public, &renderer.i18n, render::theme::SEARCH_JS);
    learn_search(renderer, search)
}

/// Tell the template environment the search index's file names; returns its files.
fn learn_search(
    renderer: &mut render::Renderer,
    search: publish::search::Search,
) -> Vec<render::Output> {
    renderer
        .tera
        .global_context()
        .insert("search", &search.paths());
    search.files
}

/// The Atom feed: the site's updates and each dated publication of the 更新记录.
pub fn feed(
    public: &PublicSite,
    renderer: &render::Renderer,
    manifest: &publish::changes::Manifest,
) -> Result<render::Output, Failure> {
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
                date: Some(date),
            })
        })
        .collect();
    publish::feed::feed(public, renderer, publications).map_err(content)
}

/// One template diagnostic as a failed build.
fn content(d: Diagnostic) -> Failure {
    let mut ds = Diagnostics::default();
    ds.push(d);
    Failure::Content(ds)
}

/// Build the site at `site_dir` into `out`. The previous output is replaced only when the new
/// one is complete and has passed the leak audit.
pub fn build(site_dir: &Path, out: &Path) -> Result<Report, Failure> {
    build_with(site_dir, out, Options::default())
}

/// [`build`], with a progress report and the previous publication's manifest from elsewhere.
///
/// Pages are rendered in parallel and each goes straight through the leak audit into the
/// staging folder (`publish::sink`), so memory does not grow with the number of pages; the
/// staging folder is swapped in only if nothing failed and the audit found nothing.
pub fn build_with(site_dir: &Path, out: &Path, opts: Options) -> Result<Report, Failure> {
    let start = Instant::now();
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
    // Only the templates and static files are needed from here on: the parsed records go.
    let load::Sources {
        templates, statics, ..
    } = sources;
    let (mut renderer, assets) = renderer_for(&public, &templates)?;
    let manifest_path = opts
        .previous
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.join(publish::changes::MANIFEST_PATH));
    let (previous, note) = previous_manifest(&manifest_path, opts.previous.is_some())?;
    // The audit's automaton needs only the secrets: it is built while the search index is.
    let (scanner, search) = timed(&mut timings, "search", || {
        rayon::join(
            || audit_scanner(&secrets),
            || search_index(&public, &mut renderer),
        )
    });
    let folded = publish::statics::scanner(&secrets);
    let static_audit =
        publish::statics::StaticAudit::new(&scanner, &folded, &public.config.static_checked);
    drop(secrets);
    let staging = publish::clean_stale(out)
        .and_then(|_| publish::staging_dir(out))
        .with_context(|| format!("publishing into {}", out.display()))
        .map_err(Failure::Io)?;
    let discard = |f: Failure| {
        let _ = std::fs::remove_dir_all(&staging);
        f
    };
    let sink = publish::sink::Sink::new(&staging, &scanner);
    let put = |o: render::Output| sink.put(&o.path, &o.bytes);
    timed(&mut timings, "data", || {
        use rayon::prelude::*;
        search
            .into_par_iter()
            .try_for_each(put)
            .and_then(|_| publish::data::each_data_file(&public, &renderer.i18n, &put))
    })
    .with_context(|| format!("publishing into {}", out.display()))
    .map_err(|e| discard(Failure::Io(e)))?;
    let jobs = render::pages::jobs(&public);
    progress("render", jobs.len());
    let put_page = |path: String, bytes: &[u8]| {
        if let Some(p) = opts.progress {
            p.step()
        }
        sink.put(&path, bytes)
    };
    let render_start = Instant::now();
    let mut pages = match render::render_each(&public, &renderer, &jobs, &put_page) {
        Ok(p) => p,
        Err(render::Stop::Template(d)) => return Err(discard(Failure::Content(d))),
        Err(render::Stop::Sink(e)) => return Err(discard(Failure::Io(e))),
    };
    drop(jobs);
    timings.push(("render", render_start.elapsed()));
    warnings.extend(render::warnings(&renderer));
    progress("write", 0);
    let rest = timed(&mut timings, "publish", || -> Result<(), Failure> {
        let records =
            publish::changes::published(&public, &|_, p| publish::changes::record_hash(p));
        let date = std::env::var("SOURCE_DATE_EPOCH").ok();
        let manifest = publish::changes::next(
            previous.as_ref(),
            records,
            &public,
            publish::changes::date_of_epoch(date.as_deref()),
        );
        let changes = changes_page(&public, &renderer, &manifest)?;
        pages.push(changes.path.clone());
        let mut files = vec![changes];
        files.extend(publish::extras(&public, &renderer, &pages).map_err(content)?);
        files.push(feed(&public, &renderer, &manifest)?);
        files.push(publish::changes::output(&manifest));
        files.extend(assets);
        use rayon::prelude::*;
        files
            .into_par_iter()
            .try_for_each(|o| sink.put(&o.path, &o.bytes))
            .and_then(|_| {
                statics
                    .par_iter()
                    .try_for_each(|(rel, abs)| match static_audit.read(rel, abs)? {
                        Some(bytes) => sink.put(rel, &bytes),
                        None => Ok(()),
                    })
            })
            .with_context(|| format!("publishing into {}", out.display()))
            .map_err(Failure::Io)
    });
    let sunk = sink.finish();
    rest.map_err(discard)?;
    let mut refused = static_audit.finish(&statics);
    if !sunk.hits.is_empty() || refused.error_count() > 0 {
        refused.extend(audit_diagnostics(&sunk.hits));
        if let Some(f) = warnings.facts() {
            refused.set_facts(f.clone());
        }
        return Err(discard(Failure::Content(refused)));
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
        pages: pages.len(),
        notes: note.into_iter().collect(),
        files: sunk.files,
        warnings,
        timings,
        within: vec![("audit", sunk.audit), ("write", sunk.write)],
        elapsed: start.elapsed(),
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

/// The leak audit's scanner for a site's withheld strings and ids.
pub fn audit_scanner(secrets: &Secrets) -> audit::Scanner {
    let strings: Vec<String> = secrets.strings.iter().cloned().collect();
    let ids: Vec<String> = secrets.ids.iter().cloned().collect();
    let constant: Vec<&[u8]> = render::theme::CONSTANT_ASSETS
        .iter()
        .map(|a| a.as_bytes())
        .collect();
    audit::Scanner::new(&strings, &ids, &constant)
}

/// Scan an output folder for every withheld string and id.
pub fn audit_scan(dir: &Path, secrets: &Secrets) -> Vec<audit::Hit> {
    audit_scanner(secrets).scan(dir)
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
