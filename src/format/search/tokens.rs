//! Splitting text into search tokens, the same way `search.js` splits a query.
//!
//! Han characters (and kana and hangul) are not separated by spaces, so a run of them is indexed
//! by its character bigrams and its single characters; a query of two or more such characters
//! looks up its bigrams, a single character its unigram. Other scripts are split into words
//! (runs of letters and digits), lowercased. Full-width ASCII is read as ASCII. Any change here
//! must be made in `themes/default/static/search.js` too. No I/O here.

/// Longest word kept, in bytes: longer runs (hashes, pasted URLs) are not useful to search for.
pub const MAX_WORD_BYTES: usize = 40;

/// Han ideographs (with extensions and compatibility forms), kana and hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

/// A character of a word: a letter, a mark or a digit of a script other than the CJK ones.
fn is_word(c: char) -> bool {
    (c.is_alphanumeric() || is_mark(c)) && !is_cjk(c)
}

/// Combining marks of the scripts used in Xinjiang (Arabic harakat) and Latin diacritics.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Full-width ASCII as ASCII, the ideographic space as a space.
pub fn fold(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// A run of text of one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Cjk(Vec<char>),
    Word(String),
}

/// The runs of `text`: CJK runs and lowercased words, in order; everything else separates.
/// A number keeps its decimal point and drops its thousands separators (see [`number_mark`]),
/// so that 1,162.12 and 1162.12 are one word.
pub fn runs(text: &str) -> Vec<Run> {
    let raw: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    for (n, &r) in raw.iter().enumerate() {
        let c = fold(r);
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else if is_word(c) {
            flush_cjk(&mut cjk, &mut out);
            word.extend(c.to_lowercase());
        } else if let Some(keep) = number_mark(&word, r, &raw[n + 1..]) {
            word.extend(keep);
        } else {
            flush_cjk(&mut cjk, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_cjk(&mut cjk, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// Inside a number (`word` is digits, with at most one point): an ASCII comma followed by
/// exactly three digits is a thousands separator, dropped (`Some(None)`); a point (ASCII or
/// full-width) followed by a digit is the decimal point, kept (`Some(Some('.'))`). `None`: the
/// character separates words.
fn number_mark(word: &str, raw: char, rest: &[char]) -> Option<Option<char>> {
    let digits = |k: usize| {
        rest.iter()
            .take(k)
            .filter(|c| fold(**c).is_ascii_digit())
            .count()
    };
    let is_number = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !is_number || word.contains('.') {
        return None;
    }
    match raw {
        ',' if digits(3) == 3 && digits(4) == 3 => Some(None),
        '.' | '\u{FF0E}' if digits(1) == 1 => Some(Some('.')),
        _ => None,
    }
}

/// A number's trailing zeros after the point (and a point left alone) dropped: 1162.10 is
/// 1162.1, 2.00 is 2.
fn trim_number(w: &mut String) {
    if w.contains('.') && w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        while w.ends_with('0') {
            w.pop();
        }
        if w.ends_with('.') {
            w.pop();
        }
    }
}

fn flush_cjk(cjk: &mut Vec<char>, out: &mut Vec<Run>) {
    if !cjk.is_empty() {
        out.push(Run::Cjk(std::mem::take(cjk)));
    }
}

fn flush_word(word: &mut String, out: &mut Vec<Run>) {
    if !word.is_empty() {
        let mut w = std::mem::take(word);
        trim_number(&mut w);
        if w.len() <= MAX_WORD_BYTES {
            out.push(Run::Word(w));
        }
    }
}

/// Every token a text is indexed under (with repeats, in order): each CJK character, each CJK
/// bigram, each word.
pub fn index_tokens(text: &str, mut each: impl FnMut(&str)) {
    let mut buf = String::new();
    for run in runs(text) {
        match run {
            Run::Word(w) => each(&w),
            Run::Cjk(chars) => {
                for (n, c) in chars.iter().enumerate() {
                    buf.clear();
                    buf.push(*c);
                    each(&buf);
                    if let Some(next) = chars.get(n + 1) {
                        buf.push(*next);
                        each(&buf);
                    }
                }
            }
        }
    }
}

/// The most tokens a query looks up; longer queries use bigrams that cover every character.
pub const MAX_QUERY_TOKENS: usize = 12;

/// The tokens a query looks up (deduplicated, in order of first appearance): the bigrams of each
/// CJK run of two or more characters, the character of a one-character run, each word.
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut covering: Vec<String> = Vec::new();
    for run in runs(query) {
        match run {
            Run::Word(w) => {
                all.push(w.clone());
                covering.push(w);
            }
            Run::Cjk(chars) if chars.len() == 1 => {
                all.push(chars[0].to_string());
                covering.push(chars[0].to_string());
            }
            Run::Cjk(chars) => {
                let bigram = |n: usize| chars[n..n + 2].iter().collect::<String>();
                all.extend((0..chars.len() - 1).map(bigram));
                let mut n = 0;
                while n + 2 < chars.len() {
                    covering.push(bigram(n));
                    n += 2;
                }
                covering.push(bigram(chars.len() - 2));
            }
        }
    }
    let mut tokens = dedup(all);
    if tokens.len() > MAX_QUERY_TOKENS {
        tokens = dedup(covering);
        tokens.truncate(MAX_QUERY_TOKENS);
    }
    tokens
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for t in v {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_tokens(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn a_chinese_run_gives_its_bigrams_and_characters() {
        assert_eq!(
            tokens("乡村道路"),
            ["乡", "乡村", "村", "村道", "道", "道路", "路"]
        );
        assert_eq!(query_tokens("乡村道路"), ["乡村", "村道", "道路"]);
        assert_eq!(query_tokens("路"), ["路"]);
    }

    #[test]
    fn other_scripts_are_split_into_lowercased_words() {
        assert_eq!(tokens("2024年GDP"), ["2024", "年", "gdp"]);
        assert_eq!(
            tokens("ＰＰＰ项目，135.5万元"),
            ["ppp", "项", "项目", "目", "135.5", "万", "万元", "元"]
        );
        assert_eq!(query_tokens("Road  MAINTENANCE"), ["road", "maintenance"]);
        assert_eq!(tokens("Café"), ["café"]);
        assert_eq!(tokens("يول رېمونتى"), ["يول", "رېمونتى"]);
    }

    #[test]
    fn amounts_are_one_word_with_or_without_separators() {
        assert_eq!(tokens("1,162.12万元"), ["1162.12", "万", "万元", "元"]);
        assert_eq!(query_tokens("1162.12"), ["1162.12"]);
        assert_eq!(query_tokens("1,162.12"), ["1162.12"]);
        assert_eq!(query_tokens("１,１６２．１０万元"), ["1162.1", "万元"]);
        assert_eq!(query_tokens("1162.12万元"), ["1162.12", "万元"]);
        assert_eq!(query_tokens("2.00亿元"), ["2", "亿元"]);
        assert_eq!(tokens("1,2,3"), ["1", "2", "3"]);
        assert_eq!(tokens("1,2345"), ["1", "2345"]);
        assert_eq!(tokens("v1.2 3."), ["v1", "2", "3"]);
        assert_eq!(tokens("1.2.3"), ["1.2", "3"]);
        assert_eq!(tokens("12,345,678.90"), ["12345678.9"]);
    }

    #[test]
    fn punctuation_and_markers_separate_runs() {
        assert_eq!(tokens("道〔不"), ["道", "不"]);
        assert_eq!(query_tokens("道路 养护"), ["道路", "养护"]);
        assert!(tokens("   ——、。").is_empty());
        assert!(tokens(&"x".repeat(MAX_WORD_BYTES + 1)).is_empty());
    }

    #[test]
    fn a_long_query_looks_up_bigrams_covering_every_character() {
        let q = "园区重点企业稳岗扩岗专项补助政策绩效评价报告";
        let t = query_tokens(q);
        assert!(t.len() <= MAX_QUERY_TOKENS);
        assert_eq!(t[0], "园区");
        assert_eq!(t[1], "重点");
        let covered: String = t.concat();
        for c in q.chars().take(MAX_QUERY_TOKENS * 2 - 2) {
            assert!(covered.contains(c), "{c} not covered");
        }
        assert_eq!(query_tokens("应急通信"), ["应急", "急通", "通信"]);
    }
}
