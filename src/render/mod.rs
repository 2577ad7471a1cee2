//! Rendering: every page of the public site as HTML, from tera templates, in parallel.
//!
//! Takes `&PublicSite` and nothing else, so nothing withheld can be printed. The theme's
//! templates are embedded in the binary; a site's `templates/` override them by name. What is
//! the same on every page (site settings, interface strings, asset names) is set once in tera's
//! global context; each page adds only its own view. No I/O here: output goes to `publish`.

pub mod basis;
pub mod cells;
pub mod changes;
pub mod charts;
pub mod dashboard;
pub mod i18n;
pub mod lists;
pub mod markdown;
pub mod nesting;
pub mod pages;
pub mod records;
pub mod table;
pub mod theme;
pub mod trend;
pub mod updates;
pub mod values;
pub mod views;

use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::disclose::PublicSite;
use crate::model::Language;
use i18n::I18n;
use rayon::prelude::*;
use serde::Serialize;

/// One output file: its path under the output folder (with `/`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    lang: &'a str,
    owner: &'a str,
    description: String,
    sample_data: bool,
    base_url: &'a str,
    footer: FooterCtx<'a>,
}

#[derive(Serialize)]
struct FooterCtx<'a> {
    site_code: &'a str,
    icp: &'a str,
    police: &'a str,
    contact: &'a str,
    address: &'a str,
}

/// The tera environment and interface strings of a site.
pub struct Renderer {
    pub tera: tera::Tera,
    pub i18n: I18n,
    assets: serde_json::Map<String, serde_json::Value>,
}

impl Renderer {
    /// Make an asset's published path available to templates as `assets.<name>`.
    pub fn add_asset(&mut self, name: &str, path: &str) {
        self.assets.insert(name.to_string(), path.into());
        let assets = serde_json::Value::Object(self.assets.clone());
        self.tera.global_context().insert("assets", &assets);
    }
}

/// Build the environment: theme templates, the site's overrides, globals.
pub fn renderer(
    site: &PublicSite,
    overrides: &[(String, String)],
    css_path: &str,
) -> Result<Renderer, Diagnostics> {
    let c = &site.config;
    let i18n = theme::i18n(c.language)
        .map_err(|e| one(Diagnostic::error(rule::TEMPLATE, "themes/default/i18n", 0, 0).msg(e)))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut templates: Vec<(String, String)> = theme::TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (name, text) in overrides {
        templates.retain(|(n, _)| n != name);
        templates.push((name.clone(), text.clone()));
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(one(template_error("templates", &e)));
    }
    let f = &c.footer;
    fn o(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("")
    }
    let footer = FooterCtx {
        site_code: o(&f.site_code),
        icp: o(&f.icp),
        police: o(&f.police),
        contact: o(&f.contact),
        address: o(&f.address),
    };
    let site_ctx = SiteCtx {
        title: &c.title,
        lang: c.language.code(),
        owner: &c.owner,
        description: c
            .description
            .clone()
            .unwrap_or_else(|| i18n.t("site_description")),
        sample_data: c.sample_data,
        base_url: &c.base_url,
        footer,
    };
    let g = tera.global_context();
    g.insert("site", &site_ctx);
    g.insert("t", &i18n.table());
    let mut assets = serde_json::Map::new();
    assets.insert("css".into(), css_path.into());
    g.insert("assets", &serde_json::Value::Object(assets.clone()));
    Ok(Renderer { tera, i18n, assets })
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::default();
    ds.push(d);
    ds
}

pub(crate) fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        src = s.source();
    }
    Diagnostic::error(rule::TEMPLATE, format!("templates/{name}"), 0, 0)
        .msg(format!("template error: {chain}"))
        .hint("fix the template named here; a site's templates/ override the theme's by the same name")
}

/// Render every page. All template errors are reported; nothing is returned if any.
pub fn render(site: &PublicSite, r: &Renderer) -> Result<Vec<Output>, Diagnostics> {
    render_jobs(site, r, &pages::jobs(site), &|| {})
}

/// Render the given pages, calling `tick` as each is done (for a progress bar), and keep them
/// in job order. All template errors are reported; nothing is returned if any.
pub fn render_jobs(
    site: &PublicSite,
    r: &Renderer,
    jobs: &[pages::Job],
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Output>, Diagnostics> {
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map_init(
            || (Vec::new(), pages::Memo::default()),
            |(buf, memo), job| {
                let path = render_one(site, r, job, buf, memo)?;
                tick();
                Ok(Output {
                    path,
                    bytes: buf.clone(),
                })
            },
        )
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for res in results {
        match res {
            Ok(o) => out.push(o),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(out)
}

/// Render one page into `buf` (cleared first); returns its output path.
fn render_one(
    site: &PublicSite,
    r: &Renderer,
    job: &pages::Job,
    buf: &mut Vec<u8>,
    memo: &mut pages::Memo,
) -> Result<String, Diagnostic> {
    let (template, path, ctx) = pages::context_with(site, &r.i18n, job, memo);
    buf.clear();
    r.tera
        .render_to(template, &ctx, &mut *buf)
        .map_err(|e| template_error(template, &e))?;
    Ok(path)
}

/// What takes each rendered page (its path and bytes) from [`render_each`].
pub type PageSink<'a, E> = dyn Fn(String, &[u8]) -> Result<(), E> + Sync + 'a;

/// Why [`render_each`] stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// Template errors (every one).
    Template(Diagnostics),
    /// The first error the consumer of pages returned.
    Sink(E),
}

/// Render the given pages in parallel, each into a buffer reused by its thread, and hand each
/// page to `each` (path, bytes) as soon as it is rendered: nothing is kept, so memory does not
/// grow with the site. Returns the pages' paths in job order. Every template error is
/// reported; `each`'s first error stops the rendering.
pub fn render_each<E: Send>(
    site: &PublicSite,
    r: &Renderer,
    jobs: &[pages::Job],
    each: &PageSink<'_, E>,
) -> Result<Vec<String>, Stop<E>> {
    let stop = std::sync::atomic::AtomicBool::new(false);
    let results: Vec<Result<String, Stop<E>>> = jobs
        .par_iter()
        .map_init(
            || (Vec::new(), pages::Memo::default()),
            |(buf, memo), job| {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return Ok(String::new());
                }
                let path = render_one(site, r, job, buf, memo).map_err(|d| {
                    let mut ds = Diagnostics::default();
                    ds.push(d);
                    Stop::Template(ds)
                })?;
                each(path.clone(), buf).map_err(|e| {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    Stop::Sink(e)
                })?;
                Ok(path)
            },
        )
        .collect();
    let mut paths = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for res in results {
        match res {
            Ok(p) => paths.push(p),
            Err(Stop::Template(d)) => diags.extend(d),
            Err(Stop::Sink(e)) => return Err(Stop::Sink(e)),
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(Stop::Template(diags));
    }
    Ok(paths)
}

/// Warnings from rendering (missing interface strings).
pub fn warnings(r: &Renderer) -> Diagnostics {
    let lang = match r.i18n.lang {
        Language::Zh => "zh-CN",
        Language::En => "en",
    };
    r.i18n.warnings(&format!("themes/default/i18n/{lang}.json"))
}
