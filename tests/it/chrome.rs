//! The header, navigation and footer are made once per (depth, section) and reused
//! (`format::chrome`): a site overriding the layout or the partials gets exactly what rendering
//! its templates in full gives, page by page.

use crate::support::{Site, replace_once, snapshot};

const THEME: &str = "themes/default/templates";

/// Every output file of a build of `site`.
fn built(site: &Site) -> Vec<(String, Vec<u8>)> {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&site.path().join("public"))
}

fn theme(name: &str) -> String {
    let path = crate::support::repo().join(THEME).join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The theme's `base.html` with its partials written out in it, as a site copying the layout
/// before it had partials would have it.
fn inlined_base() -> String {
    let base = replace_once(
        &theme("base.html"),
        "{% include \"header.html\" %}",
        &partial("header.html"),
    );
    replace_once(
        &base,
        "{% include \"footer.html\" %}",
        &partial("footer.html"),
    )
}

/// A partial of the theme without its closing comment (which trims the space around it).
fn partial(name: &str) -> String {
    let text = theme(name);
    let end = text.rfind("\n{#-").unwrap();
    text[..end].to_string()
}

fn html(files: &[(String, Vec<u8>)]) -> Vec<(&str, String)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8(b.clone()).unwrap()))
        .collect()
}

/// The text of each page's `<title>`, without the site's name.
fn title(page: &str) -> &str {
    let start = page.find("<title>").unwrap() + "<title>".len();
    let end = page[start..].find(" - ").unwrap();
    &page[start..start + end]
}

#[test]
fn a_layout_with_the_partials_written_out_gives_the_same_bytes() {
    let plain = Site::example();
    let own = Site::example();
    own.write("templates/base.html", &inlined_base());
    let plain = built(&plain);
    same(&built(&own), &plain);
    // The same partial, overridden by a copy of itself, is rendered in full on every page.
    let copy = Site::example();
    copy.write("templates/header.html", &theme("header.html"));
    copy.write("templates/footer.html", &theme("footer.html"));
    same(&built(&copy), &plain);
}

/// Asserts two builds have the same files with the same bytes, showing the first difference.
fn same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    let paths = |f: &[(String, Vec<u8>)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b));
    for ((path, x), (_, y)) in a.iter().zip(b) {
        let Some(at) = x.iter().zip(y).position(|(p, q)| p != q) else {
            assert_eq!(x.len(), y.len(), "{path}");
            continue;
        };
        let near = |v: &[u8]| {
            String::from_utf8_lossy(&v[at.saturating_sub(200)..])
                .chars()
                .take(400)
                .collect::<String>()
        };
        panic!(
            "{path} differs at byte {at}:\n{}\n---\n{}",
            near(x),
            near(y)
        );
    }
}

#[test]
fn a_layout_reading_the_page_in_its_header_shows_each_page_its_own() {
    let site = Site::example();
    let base = replace_once(
        &inlined_base(),
        "<header class=\"site-header\">",
        "<header class=\"site-header\" data-page=\"{{ page.title }}\">",
    );
    site.write("templates/base.html", &base);
    check_each_page_has_its_own_header(&built(&site));
}

#[test]
fn a_header_reading_the_page_shows_each_page_its_own() {
    let site = Site::example();
    let header = replace_once(
        &theme("header.html"),
        "<header class=\"site-header\">",
        "<header class=\"site-header\" data-page=\"{{ page.title }}\">",
    );
    site.write("templates/header.html", &header);
    check_each_page_has_its_own_header(&built(&site));
}

#[test]
fn a_page_template_setting_what_the_footer_reads_is_rendered_in_full() {
    let site = Site::example();
    let record = replace_once(
        &theme("record.html"),
        "{% block content %}",
        "{% block content %}<!-- own -->{% set_global root = \"/elsewhere/\" %}",
    );
    site.write("templates/record.html", &record);
    let files = built(&site);
    let pages = html(&files);
    let own = pages.iter().filter(|(_, p)| p.contains("<!-- own -->"));
    assert!(own.count() > 3);
    for (path, page) in pages {
        let footer = &page[page.find("<footer").unwrap()..];
        let moved = footer.contains("href=\"/elsewhere/sitemap/\"");
        assert_eq!(moved, page.contains("<!-- own -->"), "{path}");
    }
}

fn check_each_page_has_its_own_header(files: &[(String, Vec<u8>)]) {
    let pages = html(files);
    assert!(pages.len() > 20);
    for (path, page) in pages.iter().filter(|(p, _)| *p != "404.html") {
        let expected = format!("data-page=\"{}\"", title(page));
        assert!(page.contains(&expected), "{path}: {expected}");
    }
}
