//! sitemap.xml: every public page, as the sitemaps.org protocol describes; past 50,000 URLs a
//! sitemap index with numbered parts. Built from the pages' paths only.

use crate::render::Output;

const PER_FILE: usize = 50_000;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The public URL of a page output (`a/index.html` → `{base}a/`).
fn page_url(base: &str, path: &str) -> Option<String> {
    if path == "404.html" || !path.ends_with(".html") {
        return None;
    }
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    Some(format!("{base}{dir}"))
}

fn urlset(urls: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        s.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(u)));
    }
    s.push_str("</urlset>\n");
    s
}

/// sitemap.xml (and sitemap-N.xml parts when needed).
pub fn sitemaps(base: &str, pages: &[String]) -> Vec<Output> {
    let mut urls: Vec<String> = pages.iter().filter_map(|p| page_url(base, p)).collect();
    urls.sort();
    if urls.len() <= PER_FILE {
        return vec![Output {
            path: "sitemap.xml".into(),
            bytes: urlset(&urls).into_bytes(),
        }];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&format!("{base}{name}"))
        ));
        out.push(Output {
            path: name,
            bytes: urlset(chunk).into_bytes(),
        });
    }
    index.push_str("</sitemapindex>\n");
    out.push(Output {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(p: &str) -> String {
        p.to_string()
    }

    #[test]
    fn lists_pages_but_not_404_or_assets() {
        let s = sitemaps(
            "https://x.cn/y/",
            &[
                page("index.html"),
                page("404.html"),
                page("a/b/index.html"),
                page("assets/s.css"),
            ],
        );
        let text = String::from_utf8(s[0].bytes.clone()).unwrap();
        assert!(text.contains("<loc>https://x.cn/y/</loc>"));
        assert!(text.contains("<loc>https://x.cn/y/a/b/</loc>"));
        assert!(!text.contains("404"));
        assert!(!text.contains("assets"));
    }

    #[test]
    fn splits_into_an_index_past_fifty_thousand() {
        let pages: Vec<String> = (0..50_001)
            .map(|i| page(&format!("p{i}/index.html")))
            .collect();
        let s = sitemaps("https://x.cn/", &pages);
        assert_eq!(s.len(), 3);
        assert!(String::from_utf8_lossy(&s[2].bytes).contains("<sitemapindex"));
    }
}
