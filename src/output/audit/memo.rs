//! The memo of lines found clean. Most bytes of a site's pages are lines that other pages
//! carry too (header, footer, navigation, the rows of a list in each of its views): a line
//! that a thread has found clean is not searched again by that thread while the same scanner
//! checks pages (`.html` files; data files are searched whole).
//!
//! A line here is the bytes up to and with its line feed (or up to the end of the file), and
//! it is clean when nothing the search of its page could report or act on starts in it: no
//! needle without a line feed and no marker of a needle with one (its longest piece between
//! line feeds) shows in it as it stands or in its NFKC form. Every match of any needle is
//! found: a needle without a line feed matches within one line, a needle with one has its
//! marker within one line (as the page stands, or in the NFKC form of the page, which is the
//! NFKC forms of its lines put together), and a line that is clean once is clean wherever it
//! stands. When a line holds a marker, the page is searched whole for the needles with a line
//! feed, as it stands and in its NFKC form.
//!
//! Lines are remembered by a 128-bit SipHash-1-3 under a key drawn at random for each
//! process: whoever writes the content cannot know the key, so cannot make a leaking line
//! that passes for a clean one. Each thread keeps at most [`CAP`] lines, and forgets them all
//! when it has that many.

use super::search::{NFKC, Split};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Most lines a thread remembers (some 4.5 MB).
pub(super) const CAP: usize = 1 << 17;

/// Longer lines are searched every time, not remembered (a page of minified JSON is one line).
const LONGEST: usize = 4096;

/// A new scanner's claim on the memo: a number no other scanner of this process has.
pub(super) fn owner() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The key of a line: its keyed hash.
fn key(line: &[u8]) -> u128 {
    static KEY: OnceLock<(u64, u64)> = OnceLock::new();
    let &(k0, k1) = KEY.get_or_init(|| {
        // The standard library's random per-process keys, drawn from the operating system.
        let s = std::collections::hash_map::RandomState::new();
        (s.hash_one(0u8), s.hash_one(1u8))
    });
    let mut h = SipHasher13::new_with_keys(k0, k1);
    h.write(line);
    h.finish128().as_u128()
}

/// The keys are uniformly random already: the set uses 64 bits of them as they are.
#[derive(Default)]
struct Ident(u64);

impl Hasher for Ident {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

/// One thread's clean lines, for one scanner.
#[derive(Default)]
struct Memo {
    owner: u64,
    clean: HashSet<u128, BuildHasherDefault<Ident>>,
}

impl Memo {
    fn insert(&mut self, key: u128) {
        if self.clean.len() >= CAP {
            self.clean.clear();
        }
        self.clean.insert(key);
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// What one line holds.
struct Judged {
    /// A needle without a line feed, at this offset in the line.
    raw: Option<usize>,
    /// A marker of a needle with a line feed, as the line stands.
    marked: bool,
    /// A needle without a line feed or a marker, in the line's NFKC form (when NFKC changes it).
    normalized: bool,
}

fn judge(ac: &Split, line: &str) -> Judged {
    let (raw, marked) = ac.line_marked(line.as_bytes());
    let normalized = raw.is_none()
        && match NFKC.normalize(line) {
            Cow::Owned(n) => matches!(ac.line_marked(n.as_bytes()), (Some(_), _) | (_, true)),
            Cow::Borrowed(_) => false,
        };
    Judged {
        raw,
        marked,
        normalized,
    }
}

/// The offset of what a search of `text` finds: the first needle in it as it stands, or else
/// where its NFKC form holds one. The same as a search of the whole text
/// (`Scanner::unmemoized`), skipping the lines this thread found clean before.
pub(super) fn find(ac: &Split, owner: u64, text: &str) -> Option<usize> {
    let mut raw = None;
    let mut marked = false;
    let mut normalized = None;
    MEMO.with_borrow_mut(|memo| {
        if memo.owner != owner {
            memo.clean.clear();
            memo.owner = owner;
        }
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let key = (line.len() <= LONGEST).then(|| key(line.as_bytes()));
            if key.is_some_and(|k| memo.clean.contains(&k)) {
                continue;
            }
            let judged = judge(ac, line);
            marked |= judged.marked;
            if let Some(off) = judged.raw {
                raw = Some(start + off);
                break;
            }
            match judged.normalized {
                true => _ = normalized.get_or_insert(start),
                false if !judged.marked => key.into_iter().for_each(|k| memo.insert(k)),
                false => {}
            }
        }
    });
    // Clean lines hold no marker: `marked` is whether one shows anywhere in the text (or
    // before the needle found), as a search of the whole text finds.
    let marked = marked || ac.always_marked();
    if let Some(at) = ac.with_span(text.as_bytes(), raw, marked) {
        return Some(at);
    }
    if normalized.is_none() && !marked {
        return None;
    }
    // A needle shows in the NFKC form of some line, or a marker does. Without needles that
    // span lines, the first such line is where the search of the whole text finds it; with
    // them, that search decides (it may look at the whole page's NFKC form).
    match ac.spanned() {
        true => ac.find_normalized(text, marked),
        false => normalized,
    }
}

/// How many lines this thread remembers for the scanner `owner`.
#[cfg(test)]
pub(super) fn remembered(owner: u64) -> usize {
    MEMO.with_borrow(|m| if m.owner == owner { m.clean.len() } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::super::{Scanner, forms};
    use super::*;
    use proptest::prelude::*;

    fn at(scanner: &Scanner, page: &str) -> Option<usize> {
        scanner
            .bytes("p.html", page.as_bytes())
            .and_then(|h| h.offset)
    }

    /// The search without the memo, for the same scanner.
    fn plain(scanner: &Scanner, page: &str) -> Option<usize> {
        scanner.unmemoized(scanner.ac.as_ref().unwrap(), page.as_bytes(), Some(page))
    }

    const HEADER: &str = "<header><nav><a href=\"/\">首页</a></nav></header>\n";

    #[test]
    fn a_leak_on_a_line_like_a_clean_one_is_found() {
        let scanner = Scanner::new(&["某供应商".to_string()], &[], &[]);
        let clean = format!("{HEADER}<p>中标单位：</p>\n<footer>页脚</footer>\n");
        assert_eq!(at(&scanner, &clean), None);
        assert!(remembered(scanner.id) >= 3, "its lines are remembered");
        let leak = format!("{HEADER}<p>中标单位：某供应商</p>\n<footer>页脚</footer>\n");
        assert_eq!(
            at(&scanner, &leak),
            Some(HEADER.len() + "<p>中标单位：".len())
        );
        let wide = format!("{HEADER}<p>中标单位：&#26576;供应商</p>\n");
        assert_eq!(
            at(&scanner, &wide),
            None,
            "one form of the secret is not another"
        );
    }

    #[test]
    fn a_leaking_line_is_found_on_every_page_that_repeats_it() {
        let scanner = Scanner::new(&["某供应商".to_string()], &[], &[]);
        let leak = "<li>某供应商</li>\n";
        for n in 0..5 {
            let page = format!("{HEADER}{}{leak}", "<li>公开</li>\n".repeat(n));
            let off = HEADER.len() + n * "<li>公开</li>\n".len() + "<li>".len();
            assert_eq!(at(&scanner, &page), Some(off), "page {n}");
        }
    }

    #[test]
    fn full_width_and_encoded_forms_are_found_on_lines_after_clean_ones() {
        let scanner = Scanner::new(&["甲(乙)".to_string()], &[], &[]);
        assert_eq!(at(&scanner, &format!("{HEADER}<p>甲（丙）</p>\n")), None);
        for line in [
            "<p>甲（乙）</p>\n",
            "<p>&#30002;&#40;&#20057;&#41;</p>\n",
            "<p>\\u7532(\\u4e59)</p>\n",
            "<p>%E7%94%B2%28%E4%B9%99%29</p>\n",
        ] {
            let page = format!("{HEADER}<p>甲（丙）</p>\n{line}");
            assert_eq!(at(&scanner, &page), plain(&scanner, &page), "{line}");
            assert!(at(&scanner, &page).is_some(), "{line}");
        }
        // Full width: the hit is the start of the line NFKC changes.
        let page = format!("{HEADER}<p>甲（丙）</p>\n<p>甲（乙）</p>\n");
        assert_eq!(
            at(&scanner, &page),
            Some(HEADER.len() + "<p>甲（丙）</p>\n".len())
        );
    }

    #[test]
    fn a_needle_across_a_line_break_is_found_where_its_lines_were_clean() {
        let scanner = Scanner::new(&["第一段\n第二段".to_string()], &[], &[]);
        let apart = format!("{HEADER}第一段\n<p>公开</p>\n第二段\n");
        assert_eq!(at(&scanner, &apart), None);
        let together = format!("{HEADER}<p>公开</p>\n第一段\n第二段\n");
        let off = HEADER.len() + "<p>公开</p>\n".len();
        assert_eq!(at(&scanner, &together), Some(off));
        // After NFKC only: the whole page's NFKC form is searched.
        let scanner = Scanner::new(&["(甲)\n乙".to_string()], &[], &[]);
        assert_eq!(at(&scanner, &format!("{HEADER}（甲）\n丙\n")), None);
        assert_eq!(at(&scanner, &format!("{HEADER}（甲）\n乙\n")), Some(0));
    }

    #[test]
    fn the_memo_is_bounded() {
        let scanner = Scanner::new(&["某供应商".to_string()], &[], &[]);
        let page: String = (0..CAP + 100).map(|i| format!("<p>{i}</p>\n")).collect();
        assert_eq!(at(&scanner, &page), None);
        assert!(remembered(scanner.id) <= CAP);
        assert!(remembered(scanner.id) >= 100);
        // Another scanner's clean lines are not this one's.
        let other = Scanner::new(&["<p>7</p>".to_string()], &[], &[]);
        assert_eq!(at(&other, "<p>7</p>\n"), Some(0));
        assert_eq!(remembered(scanner.id), 0);
        // Data files are searched whole, and their lines not remembered.
        let data = "<p>1</p>\n<p>2</p>\n";
        assert_eq!(other.bytes("d.json", data.as_bytes()), None);
        assert_eq!(remembered(other.id), 0);
    }

    /// Lines a page is made of: clean ones, and ones holding secrets or their pieces.
    const LINES: &[&str] = &[
        "<p>公开</p>",
        "甲",
        "乙(丙)",
        "乙（丙）",
        "&#30002;",
        "ﬁ甲",
        "e\u{301}",
        "\u{301}",
        "",
        "某供应商",
        "供应商",
    ];

    fn page(lines: &[(usize, bool)]) -> String {
        lines
            .iter()
            .map(|&(i, nl)| format!("{}{}", LINES[i], if nl { "\n" } else { "" }))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Pages searched one after another with the memo find what each finds without it.
        #[test]
        fn the_memo_finds_what_the_whole_search_finds(
            secrets in proptest::collection::vec((0..LINES.len(), 0..LINES.len(), any::<bool>()), 1..3),
            pages in proptest::collection::vec(
                proptest::collection::vec((0..LINES.len(), any::<bool>()), 0..8), 1..8),
        ) {
            let secrets: Vec<String> = secrets
                .iter()
                .map(|&(a, b, nl)| match nl {
                    true => format!("{}\n{}", LINES[a], LINES[b]),
                    false => LINES[a].to_string(),
                })
                .filter(|s| !s.is_empty())
                .collect();
            prop_assume!(!secrets.is_empty());
            let scanner = Scanner::new(&secrets, &[], &[]);
            for p in &pages {
                let p = page(p);
                prop_assert_eq!(at(&scanner, &p), plain(&scanner, &p), "{:?}", p);
                let any = secrets.iter().flat_map(|s| forms(s)).any(|f| {
                    p.contains(f.as_str()) || super::super::nfkc(&p).contains(f.as_str())
                });
                prop_assert_eq!(at(&scanner, &p).is_some(), any);
            }
        }
    }
}
