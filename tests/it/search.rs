//! Search: every page has a search box that leads to the search page, and the search page
//! loads its script and index from the site itself.

use crate::support::{Site, snapshot};

#[test]
fn every_page_has_a_search_box_leading_to_the_search_page() {
    let site = Site::fixture("minimal");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let files = snapshot(&out);
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let depth = path.matches('/').count();
        let action = format!("action=\"{}search/\"", "../".repeat(depth));
        assert!(
            html.contains(&action)
                && html.contains("role=\"search\"")
                && html.contains("name=\"q\""),
            "{path} has no search box leading to search/"
        );
    }
    assert!(pages > 5);
    let search = String::from_utf8_lossy(
        &files
            .iter()
            .find(|(p, _)| p == "search/index.html")
            .expect("a search page")
            .1,
    )
    .into_owned();
    for (attr, start) in [
        ("src", "../assets/search."),
        ("data-meta", "../search/meta."),
    ] {
        let needle = format!("{attr}=\"{start}");
        let at = search
            .find(&needle)
            .unwrap_or_else(|| panic!("no {needle}"));
        let value = &search[at + attr.len() + 2..];
        let rel = &value[..value.find('"').unwrap()];
        assert!(
            out.join("search").join(rel).is_file(),
            "{rel} is not published"
        );
    }
    assert!(search.contains("<noscript>") && search.contains("href=\"../demo/2024/\""));
    let text = String::from_utf8_lossy(&std::fs::read(out.join("404.html")).unwrap()).into_owned();
    assert!(
        text.contains("action=\"/yjgk/search/\""),
        "the 404 page links by the site's path"
    );
}
