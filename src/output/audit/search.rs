//! The searches behind the leak scan: one automaton of every needle's first bytes over a file
//! as it stands, then the lines of it that NFKC changes.

use aho_corasick::AhoCorasick;
use icu_normalizer::ComposingNormalizerBorrowed;
use std::borrow::Cow;
use std::collections::HashSet;

pub(super) const NFKC: ComposingNormalizerBorrowed<'static> =
    ComposingNormalizerBorrowed::new_nfkc();

/// The search of a page's NFKC form, line by line. A line feed takes no part in any
/// composition or decomposition, so the NFKC form of a text is the NFKC forms of its lines
/// (each with its line feed) put together, and a needle without a line feed found in it lies
/// within one line. Lines NFKC leaves as they are were searched already, as they stand in the
/// page: only the lines NFKC changes are normalized and searched. A needle that spans lines
/// and shows only after NFKC takes some of its characters from a changed line: a piece of it
/// between line feeds (never empty: NFKC turns no character into nothing, and an empty line
/// is left as it is) stands in that line's NFKC form. When one does, the NFKC form of the
/// whole page is searched.
pub(super) struct Lines {
    /// The first bytes of every piece (between line feeds) of the needles that span lines;
    /// None when there are none.
    pieces: Option<AhoCorasick>,
    /// Search the whole page's NFKC form whenever any line changes (the pieces' automaton
    /// could not be built).
    always_whole: bool,
}

impl Lines {
    pub(super) fn new(needles: &[String]) -> Lines {
        let mut pieces: Vec<&[u8]> = needles
            .iter()
            .filter(|n| n.contains('\n'))
            .flat_map(|n| n.split('\n'))
            .filter(|p| !p.is_empty())
            .map(|p| &p.as_bytes()[..p.len().min(PREFIX)])
            .collect();
        pieces.sort_unstable();
        pieces.dedup();
        if pieces.is_empty() {
            return Lines {
                pieces: None,
                always_whole: false,
            };
        }
        let pieces = AhoCorasick::new(&pieces).ok();
        Lines {
            always_whole: pieces.is_none(),
            pieces,
        }
    }

    /// Whether some needle spans lines: a line whose NFKC form holds a piece of one sends the
    /// search to [`Lines::find_normalized`].
    pub(super) fn spanned(&self) -> bool {
        self.pieces.is_some()
    }

    /// Whether every changed line sends the search to the NFKC form of the whole page (the
    /// pieces' automaton could not be built): lines cannot be judged one at a time.
    pub(super) fn always_whole(&self) -> bool {
        self.always_whole
    }

    /// Whether a piece of a needle that spans lines shows in `hay` (a line).
    pub(super) fn piece(&self, hay: &[u8]) -> bool {
        self.pieces.as_ref().is_some_and(|p| p.is_match(hay))
    }

    /// Where a needle shows in the NFKC form of `text` (the start of the line it is on, or 0
    /// when it spans lines), given that none shows in `text` as it stands.
    pub(super) fn find_normalized(&self, ac: &Split, text: &str) -> Option<usize> {
        let whole = || match NFKC.normalize(text) {
            Cow::Owned(n) => ac.find(n.as_bytes()).map(|_| 0),
            Cow::Borrowed(_) => None,
        };
        if self.always_whole {
            return whole();
        }
        let mut from = 0;
        while from < text.len() {
            let rest = &text[from..];
            let stable = NFKC.split_normalized(rest).0.len();
            if stable == rest.len() {
                break;
            }
            // The whole line holding the first character NFKC changes.
            let start = rest[..stable].rfind('\n').map_or(0, |i| i + 1);
            let end = rest[stable..]
                .find('\n')
                .map_or(rest.len(), |i| stable + i + 1);
            let line = NFKC.normalize(&rest[start..end]);
            if ac.find(line.as_bytes()).is_some() {
                return Some(from + start);
            }
            if self.piece(line.as_bytes()) {
                return whole();
            }
            from += end;
        }
        None
    }
}

/// How many leading bytes of each needle go into the automaton. Withheld strings can be whole
/// passages: an automaton of every byte of every form of them took seconds and hundreds of
/// megabytes to build on a large site. Each match of a prefix is checked against the whole
/// needles that start with it, so what is found is exactly what a full automaton would find.
pub(super) const PREFIX: usize = 48;

/// Automata of prefixes up to this many bytes in all are made deterministic (a DFA: twice as
/// fast to search, but some 200 bytes a state); larger ones stay a contiguous NFA.
const DFA_BYTES: usize = 160_000;

/// Every needle, in two automata: those without a line feed, each match of which lies within
/// one line, and those with one (usually none).
pub(super) struct Split {
    pub(super) line: Needles,
    pub(super) span: Option<Needles>,
}

impl Split {
    pub(super) fn new(needles: Vec<String>) -> Option<Split> {
        let (span, line): (Vec<String>, Vec<String>) =
            needles.into_iter().partition(|n| n.contains('\n'));
        let span = match span.is_empty() {
            true => None,
            false => Some(Needles::new(span)?),
        };
        Some(Split {
            line: Needles::new(line)?,
            span,
        })
    }

    /// The offset of the first needle found in `hay`.
    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        let line = self.line.find(hay);
        match (line, self.span.as_ref().and_then(|s| s.find(hay))) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Needles searched by their prefixes, each prefix match confirmed against the whole needle.
pub(super) struct Needles {
    /// Leftmost-longest: at the first position where any prefix matches, the longest one.
    ac: AhoCorasick,
    /// For each prefix (by pattern id), the whole needles to check where it matches: those
    /// that start with it, and those that are shorter prefixes of it (their own match at the
    /// same position is not reported).
    whole: Vec<Vec<Vec<u8>>>,
}

impl Needles {
    pub(super) fn new(needles: Vec<String>) -> Option<Needles> {
        let mut by_prefix: std::collections::BTreeMap<Vec<u8>, Vec<Vec<u8>>> = Default::default();
        for n in needles {
            let b = n.into_bytes();
            by_prefix
                .entry(b[..b.len().min(PREFIX)].to_vec())
                .or_default()
                .push(b);
        }
        // A prefix shorter than PREFIX is a whole needle.
        let short: HashSet<&[u8]> = by_prefix
            .keys()
            .filter(|k| k.len() < PREFIX)
            .map(Vec::as_slice)
            .collect();
        let shorter: Vec<Vec<Vec<u8>>> = by_prefix
            .keys()
            .map(|k| {
                (1..k.len())
                    .map(|j| &k[..j])
                    .filter(|p| short.contains(p))
                    .map(<[u8]>::to_vec)
                    .collect()
            })
            .collect();
        let bytes: usize = by_prefix.keys().map(Vec::len).sum();
        let kind = if bytes <= DFA_BYTES {
            aho_corasick::AhoCorasickKind::DFA
        } else {
            aho_corasick::AhoCorasickKind::ContiguousNFA
        };
        let ac = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(by_prefix.keys())
            .ok()?;
        let whole = by_prefix
            .into_values()
            .zip(shorter)
            .map(|(mut w, s)| {
                w.extend(s);
                w
            })
            .collect();
        Some(Needles { ac, whole })
    }

    /// The offset of the first needle found in `hay`. Every position where some needle starts
    /// is reached: a search from `at` stops at the first position at or after it where a
    /// prefix matches, and the next one starts just after that.
    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        let mut at = 0;
        while let Some(m) = self
            .ac
            .find(aho_corasick::Input::new(hay).span(at..hay.len()))
        {
            let rest = &hay[m.start()..];
            if self.whole[m.pattern().as_usize()]
                .iter()
                .any(|n| rest.starts_with(n))
            {
                return Some(m.start());
            }
            at = m.start() + 1;
        }
        None
    }
}
