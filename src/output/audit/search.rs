//! The searches behind the leak scan: one automaton of every needle's first bytes (and of the
//! markers of needles that span lines) over a file as it stands, then the lines of it that NFKC
//! changes; the needles that span lines only where a marker shows.

use aho_corasick::AhoCorasick;
use icu_normalizer::ComposingNormalizerBorrowed;
use std::borrow::Cow;

pub(super) const NFKC: ComposingNormalizerBorrowed<'static> =
    ComposingNormalizerBorrowed::new_nfkc();

/// How many leading bytes of each needle go into the automaton. Withheld strings can be whole
/// passages: an automaton of every byte of every form of them took seconds and hundreds of
/// megabytes to build on a large site. Each match of a prefix is checked against the whole
/// needles that start with it, so what is found is exactly what a full automaton would find.
pub(super) const PREFIX: usize = 48;

/// Automata of prefixes up to this many bytes in all are made deterministic (a DFA: twice as
/// fast to search, but some 200 bytes a state); larger ones stay a contiguous NFA.
const DFA_BYTES: usize = 160_000;

/// Every needle, in two automata: those without a line feed, each match of which lies within
/// one line, and those with one (usually none). A needle with a line feed is made of pieces
/// between line feeds, and wherever it shows, each of its pieces lies within one line: the
/// longest piece (its *marker*) goes into the first automaton too, and the second is searched
/// only where a marker shows. Its matches are not hits; they only send the search on.
pub(super) struct Split {
    line: Needles,
    span: Option<Needles>,
    /// Some needle with a line feed has no piece (it is only line feeds): every text is then
    /// searched for the needles with one.
    always: bool,
}

impl Split {
    pub(super) fn new(needles: Vec<String>) -> Option<Split> {
        let (span, line): (Vec<String>, Vec<String>) =
            needles.into_iter().partition(|n| n.contains('\n'));
        let markers: Vec<Option<Vec<u8>>> = span.iter().map(|n| marker(n)).collect();
        let always = markers.iter().any(Option::is_none);
        let span = match span.is_empty() {
            true => None,
            false => Some(Needles::new(span, Vec::new())?),
        };
        Some(Split {
            line: Needles::new(line, markers.into_iter().flatten().collect())?,
            span,
            always,
        })
    }

    /// Whether some needle has a line feed.
    pub(super) fn spanned(&self) -> bool {
        self.span.is_some()
    }

    /// Whether every text is searched for the needles with a line feed, marker or not.
    pub(super) fn always_marked(&self) -> bool {
        self.always
    }

    /// The offset of the first needle found in `hay`.
    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        self.find_marked(hay).0
    }

    /// The offset of the first needle found in `hay`, and whether a marker shows in it (always
    /// true when the needles with a line feed are searched in every text). When a needle
    /// without a line feed is found, markers after it may not have been looked at.
    pub(super) fn find_marked(&self, hay: &[u8]) -> (Option<usize>, bool) {
        let (line, marked) = self.line.find_marked(hay);
        let marked = marked || self.always;
        (self.with_span(hay, line, marked), marked)
    }

    /// A search for the needles without a line feed and the markers only (of one line: see
    /// [`Split::with_span`] for what makes it a whole search).
    pub(super) fn line_marked(&self, hay: &[u8]) -> (Option<usize>, bool) {
        self.line.find_marked(hay)
    }

    /// The first needle in `hay`, given the first without a line feed (`line`) and whether a
    /// marker shows in it before that: the needles with one are searched in the whole text when
    /// a marker shows, and when a needle was found (so that the first is reported).
    pub(super) fn with_span(&self, hay: &[u8], line: Option<usize>, marked: bool) -> Option<usize> {
        match &self.span {
            Some(span) if marked || line.is_some() => match (line, span.find(hay)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            _ => line,
        }
    }

    /// Where a needle shows in the NFKC form of `text` (the start of the line it is on, or 0
    /// when it spans lines), given that none shows in `text` as it stands and whether a marker
    /// does (`marked`).
    ///
    /// A line feed takes no part in any composition or decomposition, so the NFKC form of a
    /// text is the NFKC forms of its lines (each with its line feed) put together, and a needle
    /// without a line feed found in it lies within one line; lines NFKC leaves as they are were
    /// searched already. A needle with one that shows only after NFKC has its marker within
    /// one line's NFKC form: a changed line's, seen here, or an unchanged line's, which is the
    /// line as it stands (`marked`). Either way the NFKC form of the whole text is searched.
    pub(super) fn find_normalized(&self, text: &str, marked: bool) -> Option<usize> {
        let whole = || match NFKC.normalize(text) {
            Cow::Owned(n) => self.find(n.as_bytes()).map(|_| 0),
            Cow::Borrowed(_) => None,
        };
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
            match self.line.find_marked(line.as_bytes()) {
                (Some(_), _) => return Some(from + start),
                (None, true) => return whole(),
                (None, false) => {}
            }
            from += end;
        }
        match marked || self.always {
            true => whole(),
            false => None,
        }
    }
}

/// The longest piece of a needle with a line feed (between line feeds), or None when it has
/// none (it is only line feeds).
fn marker(needle: &str) -> Option<Vec<u8>> {
    needle
        .split('\n')
        .rev()
        .max_by_key(|p| p.len())
        .filter(|p| !p.is_empty())
        .map(|p| p.as_bytes().to_vec())
}

/// Needles (and markers) searched by their prefixes, each prefix match confirmed against the
/// whole needle.
pub(super) struct Needles {
    /// Leftmost-longest: at the first position where any prefix matches, the longest one.
    ac: AhoCorasick,
    /// For each prefix (by pattern id), what to check where it matches: the needles and markers
    /// that start with it, and those that are shorter prefixes of it (their own match at the
    /// same position is not reported).
    whole: Vec<Vec<Whole>>,
}

/// A needle or a marker, as checked where its prefix matches.
#[derive(Clone)]
struct Whole {
    bytes: Vec<u8>,
    /// A marker: its match sends the search on and is not a hit.
    marker: bool,
}

impl Needles {
    pub(super) fn new(needles: Vec<String>, markers: Vec<Vec<u8>>) -> Option<Needles> {
        let mut by_prefix: std::collections::BTreeMap<Vec<u8>, Vec<Whole>> = Default::default();
        let all = needles
            .into_iter()
            .map(|n| (n.into_bytes(), false))
            .chain(markers.into_iter().map(|m| (m, true)));
        for (bytes, marker) in all {
            by_prefix
                .entry(bytes[..bytes.len().min(PREFIX)].to_vec())
                .or_default()
                .push(Whole { bytes, marker });
        }
        // A prefix shorter than PREFIX is a whole needle or marker.
        let short: std::collections::HashMap<&[u8], &[Whole]> = by_prefix
            .iter()
            .filter(|(k, _)| k.len() < PREFIX)
            .map(|(k, w)| (k.as_slice(), w.as_slice()))
            .collect();
        let shorter: Vec<Vec<Whole>> = by_prefix
            .keys()
            .map(|k| {
                (1..k.len())
                    .filter_map(|j| short.get(&k[..j]).copied())
                    .flatten()
                    .cloned()
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

    /// The offset of the first needle found in `hay`, and whether a marker shows in it before
    /// (or where) that needle starts. Every position where some needle or marker starts is
    /// reached: a search from `at` stops at the first position at or after it where a prefix
    /// matches, and the next one starts just after that.
    pub(super) fn find_marked(&self, hay: &[u8]) -> (Option<usize>, bool) {
        let mut at = 0;
        let mut marked = false;
        while let Some(m) = self
            .ac
            .find(aho_corasick::Input::new(hay).span(at..hay.len()))
        {
            let rest = &hay[m.start()..];
            for w in &self.whole[m.pattern().as_usize()] {
                if rest.starts_with(&w.bytes) {
                    match w.marker {
                        true => marked = true,
                        false => return (Some(m.start()), marked),
                    }
                }
            }
            at = m.start() + 1;
        }
        (None, marked)
    }

    /// The offset of the first needle found in `hay`.
    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        self.find_marked(hay).0
    }
}
