//! The leak scan: every output file's bytes and every file and folder name are searched for
//! every withheld string, in each form a page could carry it: raw, HTML-escaped, as named,
//! decimal and hexadecimal character references, JSON-escaped, percent-encoded, and after
//! Unicode NFKC (full-width look-alikes). Ids of withheld records are searched for in names and
//! as URL segments or quoted values. The needles go into two Aho-Corasick automata (by their
//! first bytes, each match confirmed against the whole needle): those without a line feed are
//! searched line by line, skipping the lines a thread has found clean before (`memo`: most
//! lines of a page are on other pages too), those with one in the whole file where the longest
//! piece of one (between its line feeds) shows. A build checks
//! each file as it is written (`output::sink`); `gongkai audit` walks an output folder, files
//! in parallel. A hit names the file and byte offset, never the value.

mod memo;
mod search;
pub mod statics;

use rayon::prelude::*;
use search::{NFKC, Split};
use std::collections::HashSet;
use std::path::Path;
use walkdir::WalkDir;

/// One place a withheld string was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    /// Byte offset in the file, or None when the hit is in the file's name.
    pub offset: Option<usize>,
}

fn nfkc(s: &str) -> String {
    NFKC.normalize(s).into_owned()
}

fn char_refs(s: &str, f: impl Fn(u32) -> String) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                f(c as u32)
            }
        })
        .collect()
}

/// The forms a withheld string may take in output.
pub fn forms(secret: &str) -> Vec<String> {
    let mut v = vec![secret.to_string(), nfkc(secret)];
    let html = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    v.push(html.replace('\'', "&#39;"));
    v.push(html.replace('\'', "&#x27;"));
    v.push(html.replace('\'', "&apos;"));
    v.push(char_refs(secret, |u| format!("&#{u};")));
    v.push(char_refs(secret, |u| format!("&#x{u:x};")));
    v.push(char_refs(secret, |u| format!("&#x{u:X};")));
    if let Ok(j) = serde_json::to_string(secret) {
        v.push(j.trim_matches('"').to_string());
    }
    let json_ascii = |upper: bool| -> String {
        secret
            .chars()
            .map(|c| match (c.is_ascii(), upper) {
                (true, _) => c.to_string(),
                (false, false) => c
                    .encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect(),
                (false, true) => c
                    .encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|u| format!("\\u{u:04X}"))
                    .collect(),
            })
            .collect()
    };
    v.push(json_ascii(false));
    v.push(json_ascii(true));
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
    v.push(pct.replace("%20", "+"));
    v.push(pct.to_lowercase());
    v.push(pct);
    v.retain(|f| !f.is_empty());
    v.sort();
    v.dedup();
    v
}

/// How an id of a withheld record would show up: as a URL segment or a quoted value. Ids of
/// under four characters are looked for only as whole file and folder names.
fn id_forms(id: &str) -> Vec<String> {
    if id.chars().count() < 4 {
        return Vec::new();
    }
    vec![
        format!("/{id}/"),
        format!("\"{id}\""),
        format!(">{id}<"),
        format!("'{id}'"),
        format!("={id}&"),
        format!("={id}\""),
    ]
}

/// Scan the files under `dir` for any of `secrets` (anywhere) and `ids` (as names, URL
/// segments or quoted values). Files whose bytes equal one of `constant` (the theme's own
/// assets, the same in every build) are not read.
pub fn scan(dir: &Path, secrets: &[String], ids: &[String], constant: &[&[u8]]) -> Vec<Hit> {
    Scanner::new(secrets, ids, constant).scan(dir)
}

/// Every form of every withheld string and id in one automaton, to check files one at a time:
/// a build hands it each file as it is written ([`Scanner::file`]), `gongkai audit` walks a
/// folder ([`Scanner::scan`]). Safe to share between threads.
pub struct Scanner {
    /// None when the automaton could not be built: every check then fails closed.
    ac: Option<Split>,
    /// Which scanner a thread's memo of clean lines belongs to (unique in the process).
    id: u64,
    any: bool,
    ids: HashSet<String>,
    constant: Vec<Vec<u8>>,
}

impl Scanner {
    pub fn new(secrets: &[String], ids: &[String], constant: &[&[u8]]) -> Scanner {
        let mut needles: Vec<String> = secrets.par_iter().flat_map_iter(|s| forms(s)).collect();
        needles.extend(ids.iter().flat_map(|i| id_forms(i)));
        needles.par_sort_unstable();
        needles.dedup();
        let any = !needles.is_empty();
        let ac = Split::new(needles);
        Scanner {
            ac,
            id: memo::owner(),
            any,
            ids: ids.iter().cloned().collect(),
            constant: constant.iter().map(|c| c.to_vec()).collect(),
        }
    }

    /// Whether a withheld value shows in the output path `rel` (a file or folder, relative to
    /// the output root), in any of its components.
    pub fn name(&self, rel: &str) -> Option<Hit> {
        if rel.is_empty() || !self.any {
            return None;
        }
        let Some(ac) = &self.ac else {
            return Some(Hit {
                path: rel.to_string(),
                offset: None,
            });
        };
        let named = rel.split('/').any(|c| {
            self.ids.contains(c)
                || c.split('.')
                    .next()
                    .is_some_and(|stem| self.ids.contains(stem))
        });
        let found = |s: &str| ac.find(s.as_bytes()).is_some();
        (named || found(rel) || found(NFKC.normalize(rel).as_ref())).then(|| Hit {
            path: rel.to_string(),
            offset: None,
        })
    }

    /// Whether a withheld value shows in the bytes of the output file `rel`: raw, in one of its
    /// encoded forms, or after NFKC.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> Option<Hit> {
        if !self.any || self.constant.iter().any(|c| c.as_slice() == bytes) {
            return None;
        }
        let Some(ac) = &self.ac else {
            return Some(Hit {
                path: rel.to_string(),
                offset: Some(0),
            });
        };
        // Pages repeat each other's lines (header, footer, navigation, rows of a list in each
        // of its views); data files hardly do, and are searched whole.
        let paged = rel.ends_with(".html");
        let text = simdutf8::basic::from_utf8(bytes).ok();
        let at = match text {
            Some(text) if paged => memo::find(ac, self.id, text),
            _ => self.unmemoized(ac, bytes, text),
        };
        at.map(|off| Hit {
            path: rel.to_string(),
            offset: Some(off),
        })
    }

    /// [`Scanner::bytes`] without the memo of clean lines: the whole bytes, then (if they are
    /// text: `text`, the same bytes) their NFKC form.
    fn unmemoized(&self, ac: &Split, bytes: &[u8], text: Option<&str>) -> Option<usize> {
        let (raw, marked) = ac.find_marked(bytes);
        raw.or_else(|| ac.find_normalized(text?, marked))
    }

    /// Both checks of an output file: its path and its bytes.
    pub fn file(&self, rel: &str, bytes: &[u8]) -> Vec<Hit> {
        self.name(rel)
            .into_iter()
            .chain(self.bytes(rel, bytes))
            .collect()
    }

    /// Scan every file and folder under `dir`.
    pub fn scan(&self, dir: &Path) -> Vec<Hit> {
        let entries: Vec<walkdir::DirEntry> = WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .collect();
        let mut hits: Vec<Hit> = entries
            .par_iter()
            .flat_map_iter(|e| self.entry(dir, e))
            .collect();
        sort(&mut hits);
        hits
    }

    fn entry(&self, dir: &Path, e: &walkdir::DirEntry) -> Vec<Hit> {
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap_or(e.path())
            .to_string_lossy()
            .into_owned();
        let mut hits: Vec<Hit> = self.name(&rel).into_iter().collect();
        if rel.is_empty() || !self.any || !e.file_type().is_file() {
            return hits;
        }
        match std::fs::read(e.path()) {
            Ok(bytes) => hits.extend(self.bytes(&rel, &bytes)),
            Err(_) => hits.push(Hit {
                path: rel,
                offset: Some(0),
            }),
        }
        hits
    }
}

/// Hits in the order they are reported: by path, then offset.
pub fn sort(hits: &mut [Hit]) {
    hits.sort_by(|a, b| (&a.path, a.offset).cmp(&(&b.path, b.offset)));
}

#[cfg(test)]
mod tests {
    use super::search::PREFIX;
    use super::*;

    fn files(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.path.as_str()).collect()
    }

    #[test]
    fn finds_planted_leaks_in_every_form_and_stays_silent_on_clean_files() {
        let tmp = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| std::fs::write(tmp.path().join(name), text).unwrap();
        let secret = "某供应商 <甲>";
        w("comment.html", "<!-- 某供应商 &lt;甲&gt; -->");
        w(
            "attribute.html",
            "<a title=\"&#26576;&#20379;&#24212;&#21830; &#60;&#30002;&#62;\">x</a>",
        );
        w(
            "hex.html",
            "<p>&#x67d0;&#x4f9b;&#x5e94;&#x5546; &#x3c;&#x7532;&#x3e;</p>",
        );
        w(
            "inline.json",
            "{\"x\":\"\\u67d0\\u4f9b\\u5e94\\u5546 <\\u7532>\"}",
        );
        w(
            "url.html",
            "<a href=\"/q?x=%E6%9F%90%E4%BE%9B%E5%BA%94%E5%95%86%20%3C%E7%94%B2%3E\">",
        );
        w("fullwidth.html", "<p>某供应商 ＜甲＞</p>");
        w("clean.html", "<p>某供应商</p> nothing else");
        let hits = scan(tmp.path(), &[secret.to_string()], &[], &[]);
        assert_eq!(
            files(&hits),
            vec![
                "attribute.html",
                "comment.html",
                "fullwidth.html",
                "hex.html",
                "inline.json",
                "url.html"
            ]
        );
        assert!(hits.iter().all(|h| h.offset.is_some()));
    }

    #[test]
    fn a_long_secret_is_found_whole_and_its_beginning_alone_is_not_a_hit() {
        let secret = "某供应商的报价单与评标委员会的打分明细及其说明材料全文";
        assert!(secret.len() > PREFIX);
        let scanner = Scanner::new(&[secret.to_string()], &[], &[]);
        let page = |s: &str| format!("<p>公开内容：{s}。</p>");
        let start: String = secret.chars().take(20).collect();
        assert!(
            start.len() >= PREFIX,
            "the beginning fills the automaton's prefix"
        );
        assert_eq!(scanner.bytes("a.html", page(&start).as_bytes()), None);
        let hit = scanner.bytes("b.html", page(secret).as_bytes()).unwrap();
        assert_eq!(hit.offset, Some("<p>公开内容：".len()));
        // Two needles sharing a prefix: the second one is still found.
        let other = format!("{start}另一段不同的结尾文字");
        let scanner = Scanner::new(&[secret.to_string(), other.clone()], &[], &[]);
        assert!(scanner.bytes("c.html", page(&other).as_bytes()).is_some());
        assert_eq!(scanner.bytes("d.html", page(&start).as_bytes()), None);
    }

    #[test]
    fn a_short_secret_is_found_where_a_long_one_begins_the_same_way() {
        let long = "某供应商的报价单与评标委员会的打分明细及其说明材料全文";
        let short = "某供应商的报价单";
        let scanner = Scanner::new(&[long.to_string(), short.to_string()], &[], &[]);
        let start: String = long.chars().take(20).collect();
        let hit = scanner.bytes("a.html", format!("<p>{start}</p>").as_bytes());
        assert_eq!(hit.and_then(|h| h.offset), Some(3));
        assert_eq!(
            scanner.bytes("b.html", "<p>某供应商的报价</p>".as_bytes()),
            None
        );
    }

    #[test]
    fn finds_a_withheld_value_in_a_file_name() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("某供应商名称.txt"), "x").unwrap();
        let hits = scan(tmp.path(), &["某供应商名称".to_string()], &[], &[]);
        assert_eq!(
            hits,
            vec![Hit {
                path: "某供应商名称.txt".into(),
                offset: None
            }]
        );
    }

    #[test]
    fn withheld_ids_are_found_in_names_and_links_but_not_in_prose() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.css"), ".x { visibility: hidden }").unwrap();
        assert!(scan(tmp.path(), &[], &["hidden".into()], &[]).is_empty());
        std::fs::write(tmp.path().join("b.html"), "<a href=\"../hidden/\">").unwrap();
        std::fs::create_dir(tmp.path().join("hidden")).unwrap();
        let hits = scan(tmp.path(), &[], &["hidden".into()], &[]);
        assert_eq!(files(&hits), vec!["b.html", "hidden"]);
        let theme_asset = b"<a href=\"../hidden/\">".as_slice();
        let hits = scan(tmp.path(), &[], &["hidden".into()], &[theme_asset]);
        assert_eq!(
            files(&hits),
            vec!["hidden"],
            "a constant theme asset is not read"
        );
    }

    #[test]
    fn nfkc_of_a_text_is_the_nfkc_of_its_lines() {
        for text in [
            "e\n\u{301}x",
            "\u{1100}\n\u{1161}",
            "Ａ\n\u{301}（甲）\n",
            "ﬁ\r\n①\n\n",
        ] {
            let by_lines: String = text.split_inclusive('\n').map(nfkc).collect();
            assert_eq!(by_lines, nfkc(text), "{text:?}");
        }
    }

    #[test]
    fn a_look_alike_is_found_on_a_changed_line_and_across_lines() {
        let scanner = Scanner::new(&["甲(乙)".to_string()], &[], &[]);
        let page = "<p>第一行，</p>\n<p>clean</p>\n<p>甲（乙）</p>\n";
        let hit = scanner.bytes("a.html", page.as_bytes()).unwrap();
        assert_eq!(hit.offset, Some(page.find("<p>甲").unwrap()));
        assert_eq!(scanner.bytes("b.html", "甲（丙）\n甲(".as_bytes()), None);
        let scanner = Scanner::new(&["第一段\n甲(乙)".to_string()], &[], &[]);
        assert!(
            scanner
                .bytes("c.html", "第一段\n甲（乙）".as_bytes())
                .is_some()
        );
        assert_eq!(scanner.bytes("d.html", "第二段\n甲（乙）".as_bytes()), None);
    }

    use proptest::prelude::*;

    /// Letters as a secret spells them, and a look-alike that NFKC turns into the same.
    const LETTERS: &[(&str, &str)] = &[
        ("a", "a"),
        ("é", "e\u{301}"),
        ("\u{301}", "\u{301}"),
        ("\n", "\n"),
        ("(", "（"),
        ("A", "Ａ"),
        ("某", "某"),
        ("fi", "ﬁ"),
        ("\u{1100}", "\u{1100}"),
        ("\u{1161}", "\u{1161}"),
        ("1", "①"),
        (" ", "\u{3000}"),
        ("&", "＆"),
        ("<", "＜"),
    ];

    /// Letters, each spelt as it is or as its look-alike.
    fn spelt(max: usize) -> impl Strategy<Value = Vec<(usize, bool)>> {
        proptest::collection::vec((0..LETTERS.len(), any::<bool>()), 0..max)
    }

    fn spell(letters: &[(usize, bool)]) -> String {
        letters
            .iter()
            .map(|&(i, alike)| if alike { LETTERS[i].1 } else { LETTERS[i].0 })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The automaton, its prefixes and the line-by-line NFKC search find exactly what
        /// searching the page and its whole NFKC form for every form of every secret finds.
        #[test]
        fn finds_what_a_plain_search_of_every_form_finds(
            secrets in proptest::collection::vec(spelt(6), 1..3),
            before in spelt(8),
            after in spelt(8),
            other in spelt(6),
            planted in any::<bool>(),
        ) {
            // Between the noise: the first secret, some letters spelt as their look-alikes,
            // or other letters.
            let middle = spell(if planted { &secrets[0] } else { &other });
            let secrets: Vec<String> = secrets
                .iter()
                .map(|s| s.iter().map(|&(i, _)| LETTERS[i].0).collect::<String>())
                .filter(|s| !s.is_empty())
                .collect();
            let page = format!("{}{middle}{}", spell(&before), spell(&after));
            let scanner = Scanner::new(&secrets, &[], &[]);
            let normalized = nfkc(&page);
            let expected = secrets.iter().flat_map(|s| forms(s)).any(|f| {
                page.contains(f.as_str()) || normalized.contains(f.as_str())
            });
            // Pages through the memo of clean lines, data files searched whole.
            prop_assert_eq!(scanner.bytes("p.html", page.as_bytes()).is_some(), expected);
            prop_assert_eq!(scanner.bytes("p.json", page.as_bytes()).is_some(), expected);
        }
    }
}
