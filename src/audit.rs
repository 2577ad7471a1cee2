//! The leak scan: every output file's bytes and every file and folder name are searched for
//! every withheld string, raw and in the encodings a page could carry it in (HTML-escaped,
//! JSON-escaped, percent-encoded). A hit fails the build; the report names the file and byte
//! offset, never the value.

use aho_corasick::{AhoCorasick, MatchKind};
use std::path::Path;
use walkdir::WalkDir;

/// One place a withheld string was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    /// Byte offset in the file, or None when the hit is in the file's name.
    pub offset: Option<usize>,
}

/// The forms a secret may take in output.
pub fn forms(secret: &str) -> Vec<String> {
    let mut v = vec![secret.to_string()];
    let html = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    v.push(html);
    if let Ok(j) = serde_json::to_string(secret) {
        v.push(j.trim_matches('"').to_string());
    }
    let ascii_json: String = secret
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect();
    v.push(ascii_json);
    let pct: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    v.push(pct.clone());
    v.push(pct.to_lowercase());
    v.sort();
    v.dedup();
    v
}

/// How an id of a withheld record would show up: as a URL segment or a quoted value.
fn id_forms(id: &str) -> Vec<String> {
    vec![
        format!("/{id}/"),
        format!("\"{id}\""),
        format!(">{id}<"),
        format!("'{id}'"),
    ]
}

/// Scan the files under `dir` for any of `secrets` (anywhere) and `ids` (as names, URL
/// segments or quoted values). All needles are searched for in one pass over each file
/// (Aho-Corasick), so the time grows with the output's size, not with its size times the
/// number of withheld values.
pub fn scan(dir: &Path, secrets: &[String], ids: &[String]) -> Vec<Hit> {
    let mut needles: Vec<Vec<u8>> = secrets
        .iter()
        .flat_map(|s| forms(s))
        .filter(|f| !f.is_empty())
        .map(String::into_bytes)
        .collect();
    needles.extend(ids.iter().flat_map(|i| id_forms(i)).map(String::into_bytes));
    needles.sort();
    needles.dedup();
    let finder = Finder::new(&needles);
    let mut hits = Vec::new();
    for e in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .into_owned();
        if rel.is_empty() {
            continue;
        }
        let named = rel.split('/').any(|c| {
            ids.iter()
                .any(|i| c == i || c.strip_suffix(".html") == Some(i))
        });
        if named || finder.first(rel.as_bytes()).is_some() {
            hits.push(Hit {
                path: rel.clone(),
                offset: None,
            });
        }
        if e.file_type().is_file() {
            let Ok(found) = finder.first_in_file(e.path()) else {
                continue;
            };
            if let Some(off) = found {
                hits.push(Hit {
                    path: rel,
                    offset: Some(off),
                });
            }
        }
    }
    hits
}

/// Every needle at once; `first` is where the first occurrence found of any of them starts.
enum Finder {
    None,
    All(AhoCorasick),
    /// Past the automaton's size limits (never seen in practice): one needle at a time.
    Each(Vec<Vec<u8>>),
}

impl Finder {
    fn new(needles: &[Vec<u8>]) -> Finder {
        if needles.is_empty() {
            return Finder::None;
        }
        // Standard semantics, so that files are searched as streams in constant memory.
        match AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(needles)
        {
            Ok(ac) => Finder::All(ac),
            Err(_) => Finder::Each(needles.to_vec()),
        }
    }

    fn first(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Finder::None => None,
            Finder::All(ac) => ac.find(hay).map(|m| m.start()),
            Finder::Each(needles) => needles
                .iter()
                .filter(|n| n.len() <= hay.len())
                .filter_map(|n| hay.windows(n.len()).position(|w| w == n.as_slice()))
                .min(),
        }
    }

    /// The same for a file, read in pieces: a large static file is never held in memory whole.
    fn first_in_file(&self, path: &Path) -> std::io::Result<Option<usize>> {
        match self {
            Finder::None => Ok(None),
            Finder::All(ac) => {
                let file = std::fs::File::open(path)?;
                let mut found = ac
                    .try_stream_find_iter(file)
                    .map_err(std::io::Error::other)?;
                found.next().transpose().map(|m| m.map(|m| m.start()))
            }
            Finder::Each(_) => Ok(self.first(&std::fs::read(path)?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_planted_leaks_in_every_form_and_names_no_value() {
        let tmp = tempfile::tempdir().unwrap();
        let secret = "某供应商 <甲>";
        std::fs::write(tmp.path().join("a.html"), "<!-- 某供应商 &lt;甲&gt; -->").unwrap();
        std::fs::write(
            tmp.path().join("b.json"),
            "{\"x\":\"\\u67d0\\u4f9b\\u5e94\\u5546 <\\u7532>\"}",
        )
        .unwrap();
        std::fs::write(
            tmp.path().join("c.html"),
            "<a href=\"/q?x=%E6%9F%90%E4%BE%9B%E5%BA%94%E5%95%86%20%3C%E7%94%B2%3E\">",
        )
        .unwrap();
        std::fs::write(tmp.path().join("clean.html"), "nothing here").unwrap();
        let hits = scan(tmp.path(), &[secret.to_string()], &[]);
        let files: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(files, vec!["a.html", "b.json", "c.html"]);
        let named = tmp.path().join("某供应商 <甲>.txt");
        std::fs::write(&named, "x").unwrap();
        let hits = scan(tmp.path(), &[secret.to_string()], &[]);
        assert!(hits.iter().any(|h| h.offset.is_none()));
    }

    #[test]
    fn hits_are_found_in_one_pass_for_many_secrets() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.txt"), "..乙..甲甲..").unwrap();
        let hits = scan(tmp.path(), &["甲甲".into(), "乙".into()], &[]);
        assert_eq!(hits[0].offset, Some(2));
        std::fs::write(tmp.path().join("a.txt"), "x".repeat(3 << 20) + "乙").unwrap();
        let hits = scan(tmp.path(), &["乙".into()], &[]);
        assert_eq!(
            hits[0].offset,
            Some(3 << 20),
            "found past the stream's buffer"
        );
        let many: Vec<String> = (0..20_000).map(|i| format!("供应商{i:05}号")).collect();
        std::fs::write(
            tmp.path().join("a.txt"),
            "x".repeat(1 << 20) + "供应商19999号",
        )
        .unwrap();
        let hits = scan(tmp.path(), &many, &[]);
        assert_eq!(hits[0].offset, Some(1 << 20));
    }

    #[test]
    fn withheld_ids_are_found_in_names_and_links_but_not_in_prose() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.css"), ".x { visibility: hidden }").unwrap();
        assert!(scan(tmp.path(), &[], &["hidden".into()]).is_empty());
        std::fs::write(tmp.path().join("b.html"), "<a href=\"../hidden/\">").unwrap();
        std::fs::create_dir(tmp.path().join("hidden")).unwrap();
        let hits = scan(tmp.path(), &[], &["hidden".into()]);
        let files: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(files, vec!["b.html", "hidden"]);
    }
}
