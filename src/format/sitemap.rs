//! sitemap.xml: every public page, as the sitemaps.org protocol describes; past 50,000 URLs a
//! sitemap index with numbered parts. Built from the pages' paths only, through the theme's
//! `sitemap.xml` and `sitemap-index.xml` templates (a site's `templates/` override them), which
//! escape as every `.xml` template is escaped.

use super::{Output, template_error};
use crate::diag::Diagnostic;

const PER_FILE: usize = 50_000;

/// The template of a list of pages.
pub const URLSET: &str = "sitemap.xml";
/// The template of the index of parts.
pub const INDEX: &str = "sitemap-index.xml";

/// The public URL of a page output (`a/index.html` → `{base}a/`).
fn page_url(base: &str, path: &str) -> Option<String> {
    if path == "404.html" || !path.ends_with(".html") {
        return None;
    }
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    Some(format!("{base}{dir}"))
}

/// Render `template` with `list` (absolute URLs) as `name`.
fn render(
    tera: &tera::Tera,
    template: &str,
    name: &'static str,
    list: &[String],
) -> Result<Vec<u8>, Diagnostic> {
    let mut ctx = tera::Context::new();
    ctx.insert(name, list);
    tera.render(template, &ctx)
        .map(String::into_bytes)
        .map_err(|e| template_error(template, &e))
}

/// sitemap.xml (and sitemap-N.xml parts when needed).
pub fn sitemaps(
    tera: &tera::Tera,
    base: &str,
    pages: &[String],
) -> Result<Vec<Output>, Diagnostic> {
    let mut urls: Vec<String> = pages.iter().filter_map(|p| page_url(base, p)).collect();
    urls.sort();
    if urls.len() <= PER_FILE {
        return Ok(vec![Output {
            path: "sitemap.xml".into(),
            bytes: render(tera, URLSET, "urls", &urls)?,
        }]);
    }
    let mut out = Vec::new();
    let mut parts = Vec::new();
    for (n, chunk) in urls.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        parts.push(format!("{base}{name}"));
        out.push(Output {
            path: name,
            bytes: render(tera, URLSET, "urls", chunk)?,
        });
    }
    out.push(Output {
        path: "sitemap.xml".into(),
        bytes: render(tera, INDEX, "sitemaps", &parts)?,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The theme's sitemap templates, escaped as the renderer escapes `.xml`.
    fn tera() -> tera::Tera {
        let mut t = tera::Tera::new();
        t.autoescape_on(vec![".html", ".xml"]);
        let theme = crate::format::theme::TEMPLATES.iter();
        t.add_raw_templates(
            theme
                .filter(|(n, _)| n.starts_with("sitemap") && n.ends_with(".xml"))
                .copied(),
        )
        .unwrap();
        t
    }

    fn page(p: &str) -> String {
        p.to_string()
    }

    #[test]
    fn lists_pages_but_not_404_or_assets() {
        let s = sitemaps(
            &tera(),
            "https://x.cn/y/",
            &[
                page("index.html"),
                page("404.html"),
                page("a/b/index.html"),
                page("assets/s.css"),
            ],
        )
        .unwrap();
        let text = String::from_utf8(s[0].bytes.clone()).unwrap();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://x.cn/y/</loc></url>\n  <url><loc>https://x.cn/y/a/b/</loc></url>\n</urlset>\n"
        );
    }

    #[test]
    fn splits_into_an_index_past_fifty_thousand() {
        let pages: Vec<String> = (0..50_001)
            .map(|i| page(&format!("p{i}/index.html")))
            .collect();
        let s = sitemaps(&tera(), "https://x.cn/?a=1&b=<'\">/", &pages).unwrap();
        assert_eq!(s.len(), 3);
        let index = String::from_utf8_lossy(&s[2].bytes);
        assert!(index.contains("<sitemapindex"));
        assert!(
            index.contains("<loc>https://x.cn/?a=1&amp;b=&lt;&#39;&quot;&gt;/sitemap-2.xml</loc>"),
            "{index}"
        );
    }
}
