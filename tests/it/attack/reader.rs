//! The attacker's eyes: build a site, then read only what it published — the open-data CSV files
//! under `data/` (exact decimals as printed) and the text of the HTML pages — plus the build's own
//! messages. Nothing here looks at the site's sources or at `src/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{Site, snapshot};

/// One CSV table: its rows, column → cell text (empty cells left out).
pub type Table = Vec<BTreeMap<String, String>>;

/// Everything a reader gets from one build.
pub struct Output {
    /// False when the build refused the site: the attacker then gets nothing but stderr.
    pub built: bool,
    pub stderr: String,
    /// Data tables of the one body and year, by file stem (`ex-ante`, `figures`, …).
    pub tables: BTreeMap<String, Table>,
    /// The visible text of every HTML page, by path.
    pub pages: BTreeMap<String, String>,
    /// Every output byte, as text, for the byte-level check.
    pub all: String,
}

/// Builds `site` and reads its output for the body `region` and year `year`.
pub fn read(site: &Site, region: &str, year: &str) -> Output {
    let run = site.build();
    let mut out = Output {
        built: run.code == 0,
        stderr: format!("{}{}", run.stdout, run.stderr),
        tables: BTreeMap::new(),
        pages: BTreeMap::new(),
        all: String::new(),
    };
    if !out.built {
        return out;
    }
    let public = site.path().join("public");
    let data = public.join("data").join(region).join(year);
    for (rel, bytes) in snapshot(&public) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if rel.ends_with(".html") {
            out.pages.insert(rel.clone(), page_text(&text));
        }
        out.all.push_str(&rel);
        out.all.push_str(&text);
    }
    // A year whose records are all 不列示 has no data files.
    let tables = if data.is_dir() {
        snapshot(&data)
    } else {
        Vec::new()
    };
    for (rel, bytes) in tables {
        if let Some(stem) = rel.strip_suffix(".csv").filter(|s| !s.contains('/')) {
            out.tables.insert(stem.to_string(), parse_csv(&bytes));
        }
    }
    let _ = Path::new(region);
    out
}

fn parse_csv(bytes: &[u8]) -> Table {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .zip(rec.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The text a reader sees on a page (scripts and styles left out).
fn page_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("body").unwrap();
    let mut s = String::new();
    for body in doc.select(&sel) {
        for node in body.descendants() {
            if let Some(t) = node.value().as_text() {
                let parent = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.name()));
                if !matches!(parent, Some("script" | "style")) {
                    s.push_str(t);
                    s.push(' ');
                }
            }
        }
    }
    s
}

impl Output {
    pub fn table(&self, stem: &str) -> &[BTreeMap<String, String>] {
        self.tables.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Panics when a secret's text is in any output byte or in the build's messages.
    pub fn assert_no_bytes(&self, secrets: &[&str]) {
        for s in secrets {
            assert!(!self.stderr.contains(s), "the build's messages show `{s}`");
            assert!(!self.all.contains(s), "the output shows `{s}`");
        }
    }
}
