//! Formats: views → bytes. Every page of the public site as HTML from tera templates, in
//! parallel ([`Renderer`], [`each_page`]), and the other files a site publishes: open data (CSV,
//! JSON), the search index, the feed, the sitemap and robots.txt, the manifest, hashed assets.
//!
//! Takes `&PublicSite` and the views made from it, nothing else, so nothing withheld can be
//! printed. The theme's templates are embedded in the binary; a site's `templates/` override
//! them by name. What is the same on every page (site settings, interface strings, asset names)
//! is set once in tera's global context; each page adds only its own view. No I/O here: the
//! bytes go to `output`.

pub mod bulk;
pub mod canon;
pub mod changes;
pub mod changes_page;
pub mod chrome;
pub mod data;
pub mod datapackage;
pub mod exports;
pub mod feed;
pub mod manifest_v1;
pub mod search;
pub mod sitemap;
pub mod table_json;
pub mod theme;
pub mod xlsx;

use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::disclose::PublicSite;
use crate::model::Language;
use crate::view::i18n::I18n;
use crate::view::page_views::PageView;
use crate::view::pages;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One output file: its path under the output folder (with `/`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where the stylesheet is published (with its content hash) and its bytes.
pub fn stylesheet(css: &str) -> Output {
    asset("style.css", css.as_bytes())
}

/// Where the site script is published (with its content hash) and its bytes.
pub fn script(js: &str) -> Output {
    asset("site.js", js.as_bytes())
}

/// An asset published under `assets/` with a content hash in its name: `search.js` becomes
/// `assets/search.<hash>.js`.
pub fn asset(name: &str, bytes: &[u8]) -> Output {
    let hash = Sha256::digest(bytes);
    let short: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let path = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{short}.{ext}"),
        None => format!("assets/{name}.{short}"),
    };
    Output {
        path,
        bytes: bytes.to_vec(),
    }
}

/// Files every site has besides its pages: robots.txt and the sitemap (through the site's
/// templates).
pub fn extras(
    site: &PublicSite,
    r: &Renderer,
    pages: &[String],
) -> Result<Vec<Output>, crate::diag::Diagnostic> {
    let mut out = sitemap::sitemaps(&r.tera, &site.config().base_url, pages)?;
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config().base_url
    );
    out.push(Output {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    Ok(out)
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    lang: &'a str,
    owner: &'a str,
    description: String,
    sample_data: bool,
    base_url: &'a str,
    /// The host of `base_url` (meta `SiteDomain`); empty when the base is a path.
    domain: &'a str,
    footer: FooterCtx<'a>,
    portal: PortalCtx<'a>,
}

#[derive(Serialize)]
struct FooterCtx<'a> {
    site_code: &'a str,
    icp: &'a str,
    police: &'a str,
    /// The 公安备案 number's page in the national registry; empty when it has no number.
    police_link: String,
    contact: &'a str,
    address: &'a str,
}

#[derive(Serialize)]
struct PortalCtx<'a> {
    logo: &'a str,
    logo_link: &'a str,
    error_report: &'a str,
}

/// The host of an absolute base URL (`https://www.x.gov.cn/yjgk/` → `www.x.gov.cn`).
fn domain(base_url: &str) -> &str {
    match base_url.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or_default(),
        None => "",
    }
}

/// The 全国互联网安全管理服务平台 page of a 公安备案 number (`京公网安备 11010502030143号`):
/// its digits as the record code; empty when it has none.
fn police_link(police: &str) -> String {
    let digits: String = police.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return String::new();
    }
    format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}")
}

/// The tera environment and interface strings of a site.
pub struct Renderer {
    pub tera: tera::Tera,
    pub i18n: I18n,
    assets: serde_json::Map<String, serde_json::Value>,
    /// The names of the theme's templates the site overrides.
    overridden: Vec<String>,
}

impl Renderer {
    /// The site's icon as the templates link it (`assets.favicon`).
    pub fn icon(&self) -> String {
        let icon = self.assets.get("favicon").and_then(|v| v.as_str());
        icon.unwrap_or_default().to_string()
    }

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
    let c = &site.config();
    let i18n = theme::i18n(c.language)
        .map_err(|e| one(Diagnostic::error(rule::TEMPLATE, "themes/default/i18n", 0, 0).msg(e)))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_test("zh", is_zh);
    let mut templates: Vec<(String, String)> = theme::TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut overridden = Vec::new();
    for (name, text) in overrides {
        if templates.iter().any(|(n, _)| n == name) {
            overridden.push(name.clone());
        }
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
        police_link: police_link(o(&f.police)),
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
        domain: domain(&c.base_url),
        footer,
        portal: PortalCtx {
            logo: o(&c.portal.logo),
            logo_link: o(&c.portal.logo_link),
            error_report: o(&c.portal.error_report),
        },
    };
    let g = tera.global_context();
    g.insert("site", &site_ctx);
    g.insert("t", &i18n.table());
    let mut assets = serde_json::Map::new();
    assets.insert("css".into(), css_path.into());
    g.insert("assets", &serde_json::Value::Object(assets.clone()));
    Ok(Renderer {
        tera,
        i18n,
        assets,
        overridden,
    })
}

/// Tera test `zh`: a name written in Chinese alone (Han characters, no Latin letters), which a
/// page in another language marks `lang="zh-CN"` so a screen reader speaks it in Chinese.
fn is_zh(v: &tera::Value, _: tera::Kwargs, _: &tera::State) -> bool {
    v.as_str().is_some_and(|s| {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            && !s.chars().any(|c| c.is_ascii_alphabetic())
    })
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
        .msg(crate::said!("模板有错：{chain}", "template error: {chain}"))
        .hint(crate::said!(
            "改正这里所说的模板；站点 templates/ 中的模板会代替主题中同名的模板",
            "fix the template named here; a site's templates/ override the theme's by the same name"
        ))
}

/// One page to be made, on the thread that makes it: [`Page::render`] renders it into the
/// thread's buffer; a caller that already has the page's bytes need not.
pub struct Page<'b> {
    site: &'b PublicSite,
    r: &'b Renderer,
    job: &'b pages::Job,
    buf: &'b mut Vec<u8>,
    memo: &'b mut pages::Memo,
    chrome: Option<&'b chrome::Chrome>,
    made: &'b mut chrome::Made,
}

/// One page's template, output path and view: its bytes are a function of these and the
/// template environment alone.
pub struct View {
    pub template: &'static str,
    pub path: String,
    pub view: PageView,
}

impl<'b> Page<'b> {
    pub fn job(&self) -> &'b pages::Job {
        self.job
    }

    /// The page's view, to be rendered with [`Page::render_view`].
    pub fn view(&mut self) -> View {
        let (template, path, view) = pages::view_with(self.site, &self.r.i18n, self.job, self.memo);
        View {
            template,
            path,
            view,
        }
    }

    /// Render the page: its output path and bytes (valid until the thread's next page).
    pub fn render(mut self) -> Result<(String, &'b [u8]), Diagnostic> {
        let view = self.view();
        self.render_view(view)
    }

    /// Render `view` (this page's): its output path and bytes.
    pub fn render_view(self, view: View) -> Result<(String, &'b [u8]), Diagnostic> {
        let error = |e| template_error(view.template, &e);
        let mut ctx = view.view.context().map_err(error)?;
        let full = &self.r.tera;
        let env = chrome::env_for(
            self.chrome,
            self.made,
            full,
            view.template,
            &view.view,
            &mut ctx,
        )
        .map_err(error)?;
        self.buf.clear();
        env.render_to(view.template, &ctx, &mut *self.buf)
            .map_err(error)?;
        Ok((view.path, self.buf.as_slice()))
    }
}

/// Why [`each_page`] stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// Template errors (every one).
    Template(Diagnostics),
    /// The first error the consumer of pages returned.
    Sink(E),
}

/// Hand each of `jobs` to `each` in parallel, as a [`Page`] rendered into a buffer reused by
/// its thread; `each` returns the page's path. Nothing is kept, so memory does not grow with
/// the site. Returns the pages' paths in job order. Every template error is reported;
/// `each`'s first other error stops the rendering.
pub fn each_page<E: Send>(
    site: &PublicSite,
    r: &Renderer,
    jobs: &[pages::Job],
    each: &(dyn Fn(Page<'_>) -> Result<String, Stop<E>> + Sync),
) -> Result<Vec<String>, Stop<E>> {
    let stop = std::sync::atomic::AtomicBool::new(false);
    let chrome = chrome::Chrome::new(&r.tera, &r.overridden);
    let results: Vec<Result<String, Stop<E>>> = jobs
        .par_iter()
        .map_init(
            || (Vec::new(), pages::Memo::default(), chrome::Made::default()),
            |(buf, memo, made), job| {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return Ok(String::new());
                }
                let page = Page {
                    site,
                    r,
                    job,
                    buf,
                    memo,
                    chrome: chrome.as_ref(),
                    made,
                };
                each(page).inspect_err(|e| {
                    if matches!(e, Stop::Sink(_)) {
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                })
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

/// tera makes a hash map (ahash) for every call, loop and component it renders, and each map
/// draws a seed from ahash's one process-wide atomic counter: two threads rendering pages took
/// turns on that counter's cache line (some 2% of a build's CPU). Each thread counts on its
/// own instead. The maps' keys still come from ahash's random per-process seeds (its
/// `runtime-rng`); what rendering prints never depends on a map's order. Set before any map is
/// made; if ahash's own source is in place already, it stays. The binary and the benchmarks call it first thing.
pub fn hash_seeds_per_thread() {
    struct PerThread;
    impl ahash::random_state::RandomSource for PerThread {
        fn gen_hasher_seed(&self) -> usize {
            thread_local! {
                static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
            }
            NEXT.with(|n| {
                // The counter's own address differs from thread to thread.
                let step = n as *const _ as usize;
                let seed = n.get().wrapping_add(step);
                n.set(seed);
                seed
            })
        }
    }
    let _ = ahash::random_state::set_random_source(PerThread);
}
