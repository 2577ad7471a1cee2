//! publish: every file of a checked site, made from the public model alone and handed to one
//! audited [`Sink`]. The files are, in order: the search index (its file names are known to
//! the templates before any page is rendered), the open data, the pages, the 更新记录 page,
//! the sitemap and robots.txt, the feed, the manifest, the theme's assets and the site's
//! static files. `gongkai build` and `gongkai serve` both run this; only their store differs.

use super::memo::{Kept, Key, Memo, Round};
use super::{Checked, Inputs, Timings, timed};
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::disclose::{PublicSite, Secrets};
use crate::format::{self, Output, Renderer};
use crate::output::audit;
use crate::output::sink::{Sink, Store, Sunk};
use crate::said;
use crate::view::manifest::Manifest;
use crate::view::pages;
use crate::{Failure, output};
use std::sync::Arc;
use std::time::Instant;

/// Told how far a build has come (the command line shows a progress bar).
pub trait Progress: Sync {
    /// A stage starts, with the number of steps it will count (0: not counted).
    fn stage(&self, name: &'static str, steps: usize);
    /// One step of the current stage is done.
    fn step(&self);
}

/// How a site is published, besides the site itself and where its files go.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    pub inputs: Inputs,
    /// The previous publication's manifest (the 更新记录 continues from it).
    pub previous: Option<&'a Manifest>,
    pub progress: Option<&'a dyn Progress>,
    /// Pages of the last round that may be taken as they are (the preview's memo).
    pub memo: Option<&'a Memo>,
}

/// What was published.
pub struct Published {
    /// The HTML pages, by output path, in the order they were listed.
    pub pages: Vec<String>,
    /// Pages rendered, the 更新记录 and 数据下载 pages included (the others were taken from the memo).
    pub rendered: usize,
    pub sunk: Sunk,
    /// Warnings of the rendering (missing interface strings).
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// What the memo keeps of this round, when one was given.
    pub kept: Option<Kept>,
}

/// Publish `checked` into `store`. Every file passes the leak audit; any hit, any static file
/// refused and any template error is a content failure, and the store must then be discarded.
pub fn publish(checked: &Checked, store: &dyn Store, opts: Options) -> Result<Published, Failure> {
    let public = &checked.public;
    let mut t = Vec::new();
    let (mut renderer, assets) = renderer_for(public, &checked.theme)?;
    let mut round = opts.memo.map(|m| {
        m.round(
            public,
            &checked.theme.templates,
            &renderer.icon(),
            &checked.secrets,
        )
    });
    // The audit's automatons need only the secrets: they are built while the search index is
    // (or taken from the memo's last round, made for the same secrets).
    let ((scanner, folded), search) = timed(&mut t, "search", || {
        rayon::join(
            || match round.as_ref().and_then(Round::scanners) {
                Some(s) => s,
                None => (
                    Arc::new(audit_scanner(&checked.secrets)),
                    Arc::new(output::statics::scanner(&checked.secrets)),
                ),
            },
            || search_index(public, &mut renderer, round.as_ref()),
        )
    });
    if let Some(r) = round.as_mut() {
        let search = renderer.tera.global_context().get("search").cloned();
        r.set_search(&serde_json::to_value(search).unwrap_or_default());
    }
    let statics = &checked.theme.statics;
    let static_audit =
        output::statics::StaticAudit::new(&scanner, &folded, &public.config().static_checked);
    let sink = Sink::new(store, &scanner);
    let put = |o: Output| sink.put(&o.path, &o.bytes);
    let downloads = timed(&mut t, "data", || {
        use rayon::prelude::*;
        search
            .into_par_iter()
            .try_for_each(put)
            .and_then(|_| open_data(public, &renderer.i18n, &sink, round.as_ref()))
    })
    .map_err(Failure::Io)?;
    let start = Instant::now();
    let jobs = match round.as_ref() {
        Some(r) => pages::jobs_with(public, &|ri, body| {
            r.body_jobs(body.id(), ri, || pages::body_jobs(ri, body))
        }),
        None => pages::jobs(public),
    };
    let (mut pages, rendered) =
        render_pages(public, &jobs, &renderer, &sink, &opts, round.as_ref())?;
    t.push(("render", start.elapsed()));
    let warnings = format::warnings(&renderer);
    if let Some(p) = opts.progress {
        p.stage("write", 0);
    }
    let site = SiteFiles {
        public,
        jobs: &jobs,
        round: round.as_ref(),
        renderer: &renderer,
        inputs: opts.inputs,
        previous: opts.previous,
        downloads,
    };
    timed(&mut t, "publish", || {
        site_files(&site, &mut pages, assets, &sink)?;
        // Last: a site's static file replaces a generated file of the same path.
        use rayon::prelude::*;
        statics
            .par_iter()
            .try_for_each(|(rel, abs)| match static_audit.read(rel, abs)? {
                Some(bytes) => sink.put(rel, &bytes),
                None => Ok(()),
            })
            .map_err(Failure::Io)
    })?;
    let sunk = sink.finish();
    refuse_leaks(&sunk, static_audit.finish(statics), &checked.warnings)?;
    Ok(Published {
        pages,
        rendered: rendered + 2,
        sunk,
        warnings,
        timings: t,
        kept: round.map(|r| r.kept((scanner.clone(), folded.clone()))),
    })
}

/// A content failure when the audit found a withheld value in any file or refused a static
/// file (`refused`); its diagnostics say as little as the check's (`warnings`' facts).
fn refuse_leaks(
    sunk: &Sunk,
    mut refused: Diagnostics,
    warnings: &Diagnostics,
) -> Result<(), Failure> {
    if sunk.hits.is_empty() && refused.error_count() == 0 {
        return Ok(());
    }
    refused.extend(audit_diagnostics(&sunk.hits));
    if let Some(f) = warnings.facts() {
        refused.set_facts(f.clone());
    }
    Err(Failure::Content(refused))
}

/// What the files made from the whole site after its pages are made from.
struct SiteFiles<'a> {
    public: &'a PublicSite,
    /// The pages, in the order they were made.
    jobs: &'a [pages::Job],
    /// The memo's round, when there is one.
    round: Option<&'a Round<'a>>,
    renderer: &'a Renderer,
    inputs: Inputs,
    previous: Option<&'a Manifest>,
    /// The site-wide open data, for the 数据下载 page.
    downloads: Vec<format::bulk::DataFile>,
}

/// The 更新记录 and 数据下载 pages (their paths added to `pages`), the sitemap and robots.txt, the feed, the
/// manifest and the theme's assets, into the sink.
fn site_files(
    s: &SiteFiles,
    pages: &mut Vec<String>,
    assets: Vec<Output>,
    sink: &Sink,
) -> Result<(), Failure> {
    let (public, renderer) = (s.public, s.renderer);
    let hash = |key: &crate::view::manifest::RecordKey, p: &crate::disclose::PublicRecord| {
        let make = || format::changes::record_hash(p);
        match s.round {
            Some(r) => r.record_hash(key, make),
            None => make(),
        }
    };
    let records = format::changes::published(public, &hash);
    let manifest = format::changes::next(s.previous, records, public, s.inputs.date_text());
    let changes = changes_page(public, renderer, &manifest)?;
    pages.push(changes.path.clone());
    let data = format::bulk::page(public, renderer, s.downloads.clone()).map_err(content)?;
    pages.push(data.path.clone());
    let mut files = vec![changes, data];
    let listed = in_sitemap(s.jobs, pages);
    files.extend(format::extras(public, renderer, &listed).map_err(content)?);
    files.push(feed(public, renderer, &manifest, s.inputs)?);
    files.push(format::changes::output(&manifest));
    files.extend(assets);
    use rayon::prelude::*;
    files
        .into_par_iter()
        .try_for_each(|o| sink.put(&o.path, &o.bytes))
        .map_err(Failure::Io)
}

/// The pages the sitemap lists: all but the sorted and filtered views of lists and of the
/// withheld register, whose canonical page is the list or the register itself. `pages` are in
/// job order, then the pages made after.
fn in_sitemap(jobs: &[pages::Job], pages: &[String]) -> Vec<String> {
    let view = |n: usize| {
        matches!(
            jobs.get(n),
            Some(pages::Job::ListView(..) | pages::Job::WithheldView(_))
        )
    };
    let listed = pages.iter().enumerate().filter(|(n, _)| !view(*n));
    listed.map(|(_, p)| p.clone()).collect()
}

/// The open data, part by part (a body's year from the memo's round when there is one), the
/// site-wide tables, then the package descriptor. Without a memo, a part's files are let go
/// once stored. Returns what the 数据下载 page lists.
fn open_data(
    public: &PublicSite,
    i: &crate::view::i18n::I18n,
    sink: &Sink,
    round: Option<&Round>,
) -> anyhow::Result<Vec<format::bulk::DataFile>> {
    use crate::format::data::{self, Part};
    use crate::format::datapackage::{self, Described};
    use rayon::prelude::*;
    let described: Vec<Vec<Described>> = data::parts(public)
        .into_par_iter()
        .map(|part| {
            let make = || data::make_part(public, i, part);
            let year = |ri: usize, yi: usize| {
                let r = &public.regions()[ri];
                (r.id(), r.years()[yi].year())
            };
            // `clean`: taken from the memo and audited clean against the same withheld strings.
            match (round, part) {
                (Some(r), Part::Year(ri, yi)) => {
                    let (part, taken) = r.data(year(ri, yi), make);
                    for (path, body) in &part.files {
                        put_body(sink, path, body, taken && r.clean)?;
                    }
                    Ok(part.described)
                }
                _ => {
                    let made = make();
                    for (path, bytes) in &made.files {
                        sink.put(path, bytes)?;
                    }
                    Ok(made.described)
                }
            }
        })
        .collect::<anyhow::Result<_>>()?;
    // A site-wide table equal to the memo's last one is taken with its files (audited again
    // unless the withheld strings and ids are the same).
    // Each table is made, written and let go in turn, one at a time (each in parallel: its
    // years' parts, its three files, their audit): the tables of a large site are as large as
    // its records.
    let bulk: Vec<(Described, format::bulk::DataFile)> = format::bulk::which()
        .into_iter()
        .filter_map(|which| match round {
            Some(r) => {
                let made = r.bulk(public, i, which, |b| format::bulk::make(i, b));
                made.map(|(made, taken)| -> anyhow::Result<_> {
                    made.files.par_iter().try_for_each(|(path, body)| {
                        put_body(sink, path, body, taken && r.clean)
                    })?;
                    Ok((made.described, made.data_file))
                })
            }
            None => {
                let b = format::bulk::table(public, i, which.0, which.1)?;
                let made = format::bulk::make(i, &b);
                drop(b);
                let put = made
                    .files
                    .into_par_iter()
                    .try_for_each(|f| sink.put(&f.path, &f.bytes));
                Some(put.map(|()| (made.described, made.data_file)))
            }
        })
        .collect::<anyhow::Result<_>>()?;
    let mut all: Vec<&Described> = described.iter().flatten().collect();
    all.extend(bulk.iter().map(|(d, _)| d));
    let package = datapackage::package(public, i, &all);
    sink.put(&package.path, &package.bytes)?;
    Ok(bulk.into_iter().map(|(_, f)| f).collect())
}

/// Render every page into the sink, or take it from the memo's round; returns the pages' paths
/// in job order and how many were rendered.
fn render_pages(
    public: &PublicSite,
    jobs: &[pages::Job],
    renderer: &Renderer,
    sink: &Sink,
    opts: &Options,
    round: Option<&Round>,
) -> Result<(Vec<String>, usize), Failure> {
    if let Some(p) = opts.progress {
        p.stage("render", jobs.len());
    }
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let each = |page: format::Page<'_>| {
        let path = match round {
            None => {
                let (path, bytes) = page.render().map_err(one)?;
                sink.put(&path, bytes).map_err(format::Stop::Sink)?;
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                path
            }
            Some(round) => from_memo(public, page, round, sink, &rendered)?,
        };
        if let Some(p) = opts.progress {
            p.step()
        }
        Ok(path)
    };
    match format::each_page(public, renderer, jobs, &each) {
        Ok(paths) => Ok((paths, rendered.into_inner())),
        Err(format::Stop::Template(d)) => Err(Failure::Content(d)),
        Err(format::Stop::Sink(e)) => Err(Failure::Io(e)),
    }
}

/// One page through the memo's round: taken when its body's year or its view is unchanged,
/// rendered otherwise; stored either way.
fn from_memo(
    public: &PublicSite,
    mut page: format::Page<'_>,
    round: &Round,
    sink: &Sink,
    rendered: &std::sync::atomic::AtomicUsize,
) -> Result<String, format::Stop<anyhow::Error>> {
    let key = Key::of(public, page.job());
    let taken = |p: &crate::pipeline::memo::Page| {
        put_body(sink, &p.path, &p.bytes, round.clean).map_err(format::Stop::Sink)?;
        Ok(p.path.clone())
    };
    if let Some(p) = round.unchanged(&key) {
        return taken(p);
    }
    let view = page.view();
    let (same, hash) = round.same_view(&key, &view);
    if let Some(p) = same {
        return taken(p);
    }
    let (path, bytes) = page.render_view(view).map_err(one)?;
    let bytes = Arc::new(bytes.to_vec());
    sink.put_shared(&path, &bytes, false)
        .map_err(format::Stop::Sink)?;
    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    round.rendered(key, path.clone(), bytes, hash);
    Ok(path)
}

/// A file of the memo into the sink, from memory or from the persistent cache; `clean` as for
/// [`Sink::put_shared`].
fn put_body(
    sink: &Sink,
    path: &str,
    body: &crate::pipeline::memo::Body,
    clean: bool,
) -> anyhow::Result<()> {
    use crate::pipeline::memo::Body;
    match body {
        Body::Mem(bytes) => sink.put_shared(path, bytes, clean),
        Body::Blob(b) => sink.put_file(path, b.path(), b.size(), clean),
        // A file of this round is never taken again in it.
        Body::Stored => Err(anyhow::anyhow!("{path} taken twice")),
    }
}

fn one(d: Diagnostic) -> format::Stop<anyhow::Error> {
    let mut ds = Diagnostics::default();
    ds.push(d);
    format::Stop::Template(ds)
}

/// The template environment with the theme's assets (stylesheet, script) named in it, and
/// those assets' files.
pub fn renderer_for(
    public: &PublicSite,
    theme: &super::Theme,
) -> Result<(Renderer, Vec<Output>), Failure> {
    let css = format::stylesheet(format::theme::STYLE_CSS);
    let js = format::script(format::theme::SITE_JS);
    let icon = format::asset("favicon.svg", format::theme::FAVICON_SVG.as_bytes());
    let mut renderer =
        format::renderer(public, &theme.templates, &css.path).map_err(Failure::Content)?;
    renderer.add_asset("js", &js.path);
    // A site's own icon replaces the theme's.
    let own = ["favicon.svg", "favicon.ico"]
        .into_iter()
        .find(|f| theme.statics.iter().any(|(rel, _)| rel == f));
    renderer.add_asset("favicon", own.unwrap_or(&icon.path));
    Ok((renderer, vec![css, js, icon]))
}

/// The search index's files, made of each body's year's documents (from the memo's round when
/// there is one); the template environment learns their names.
fn search_index(
    public: &PublicSite,
    renderer: &mut Renderer,
    round: Option<&Round>,
) -> Vec<Output> {
    use crate::format::search;
    use crate::view::search as docs;
    use rayon::prelude::*;
    let i = &renderer.i18n;
    let blocks: Vec<Arc<search::Block>> = docs::places(public)
        .into_par_iter()
        .map(|(ri, yi)| {
            let make = || search::year_block(i, public, ri, yi);
            match round {
                Some(r) => {
                    let unit = (
                        public.regions()[ri].id(),
                        public.regions()[ri].years()[yi].year(),
                    );
                    r.block(unit, ri, make)
                }
                None => Arc::new(make()),
            }
        })
        .collect();
    let search = search::build_from_blocks(public, i, &blocks, format::theme::SEARCH_JS);
    renderer
        .tera
        .global_context()
        .insert("search", &search.paths());
    search.files
}

/// The Atom feed: the site's updates and each dated publication of the 更新记录.
fn feed(
    public: &PublicSite,
    renderer: &Renderer,
    manifest: &Manifest,
    inputs: Inputs,
) -> Result<Output, Failure> {
    let i = &renderer.i18n;
    let publications = crate::view::changes::entries(public, i, manifest)
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
            Some(crate::view::updates::Update {
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
    format::feed::feed(public, renderer, publications, inputs.date).map_err(content)
}

/// The 更新记录 page for `manifest`.
fn changes_page(
    public: &PublicSite,
    renderer: &Renderer,
    manifest: &Manifest,
) -> Result<Output, Failure> {
    format::changes_page::page(public, renderer, manifest).map_err(content)
}

/// One template diagnostic as a failed build.
fn content(d: Diagnostic) -> Failure {
    let mut ds = Diagnostics::default();
    ds.push(d);
    Failure::Content(ds)
}

/// The leak audit's scanner for a site's withheld strings and ids.
pub fn audit_scanner(secrets: &Secrets) -> audit::Scanner {
    let strings: Vec<String> = secrets.strings.iter().cloned().collect();
    let ids: Vec<String> = secrets.ids.iter().cloned().collect();
    let constant: Vec<&[u8]> = format::theme::CONSTANT_ASSETS
        .iter()
        .map(|a| a.as_bytes())
        .collect();
    audit::Scanner::new(&strings, &ids, &constant)
}

/// Audit hits as diagnostics: file and offset, never the value.
pub fn audit_diagnostics(hits: &[audit::Hit]) -> Diagnostics {
    let mut d = Diagnostics::default();
    for h in hits {
        let msg = match h.offset {
            Some(o) => said!(
                "生成的这个文件中（第 {o} 字节处）出现了不予公开的内容",
                "a withheld value appears in the output at byte {o} of this file"
            ),
            None => said!(
                "生成的这个文件或文件夹的名称中出现了不予公开的内容",
                "a withheld value appears in the name of this output file or folder"
            ),
        };
        d.push(
            Diagnostic::error(rule::AUDIT, h.path.clone(), 0, 0)
                .msg(msg)
                .hint(said!(
                    "构建已停止，原有网站保持不变。可能是网站模板或静态文件印出了不予公开的内容，或同一段文字也写在了公开的字段中：找出并改掉它",
                    "the build was stopped and the previous output left in place; a site template or static file prints withheld content, or the same text is also written in a public field"
                )),
        );
    }
    d
}
