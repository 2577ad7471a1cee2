//! Near-miss redaction markers: text that a person meant as `[…]{redact 理由}` or
//! `::: redact 理由` but wrote in a form the parser does not honour — `{redact理由}` with no
//! space, full-width `｛｝` `［］` `：：：`, a no-break space or U+3000 for the space, upper case
//! `REDACT`, compatibility letters (`ｒｅｄａｃｔ`), invisible characters in between. Such text
//! would otherwise be published as it stands, with the passage its author meant to withhold, so
//! every form is an error. Each character is folded (NFKC, lower case, every Unicode space to a
//! space, invisible format characters dropped) and the folded line searched for `{ redact` and
//! `::: redact`; a hit whose original characters are not exactly the canonical ASCII form is a
//! near miss. No I/O here, and nothing of the user's text goes into a message.

use icu_normalizer::ComposingNormalizerBorrowed;

const NFKC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfkc();

/// English reason aliases: `{redactcommercial}` is a near miss, `{redaction}` is a word.
const ALIASES: [&str; 6] = [
    "state-secret",
    "work-secret",
    "sensitive",
    "personal",
    "commercial",
    "other",
];

/// The message and hint of a near-miss marker error.
pub const NEAR_MISS: ([&str; 2], [&str; 2]) = (
    [
        "这里的写法像是一个不予公开标记，但不是规定的写法（可能用了全角符号、全角或不换行空格、大写字母，或漏了空格），不会被隐去，因此不能发布",
        "this looks like a redaction marker but is not written the way markers are (full-width signs, a full-width or no-break space, capitals or a missing space?), so nothing would be withheld and it cannot be published",
    ],
    [
        "用半角符号和普通空格、小写字母，写成 `[要隐去的词句]{redact 商业秘密}`，或在单独一行写 `::: redact 商业秘密`、正文、再单独一行 `:::`",
        "write it with half-width signs, plain spaces and small letters: `[the phrase]{redact 商业秘密}`, or a line `::: redact 商业秘密`, the passage, and a line with only `:::`",
    ],
);

/// A folded line: the folded characters, and for each the index of the original character.
struct Folded {
    chars: Vec<char>,
    from: Vec<usize>,
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

fn fold(original: &[char]) -> Folded {
    let mut out = Folded {
        chars: Vec::new(),
        from: Vec::new(),
    };
    let mut buf = [0u8; 4];
    for (i, &c) in original.iter().enumerate() {
        if invisible(c) {
            continue;
        }
        for d in NFKC.normalize(c.encode_utf8(&mut buf)).chars() {
            let d = if d.is_whitespace() { ' ' } else { d };
            for l in d.to_lowercase() {
                out.chars.push(l);
                out.from.push(i);
            }
        }
    }
    out
}

/// Whether `chars` at `at` starts with `word`.
fn starts(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

fn skip_spaces(chars: &[char], mut at: usize) -> usize {
    while chars.get(at) == Some(&' ') {
        at += 1;
    }
    at
}

/// After a folded `redact` ending at `end`: whether the next characters make this a marker
/// attempt (not a longer word such as `redaction`).
fn is_attempt(chars: &[char], end: usize) -> bool {
    match chars.get(end) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c == '-' || *c == '_' => {
            ALIASES.iter().any(|a| starts(chars, end, a))
        }
        Some(_) => true,
    }
}

/// Whether the original characters `lo..hi` are exactly the canonical form: ASCII `{` or `:::`,
/// ASCII spaces or tabs, lower-case `redact`, then an ASCII space, tab, `}` or the end.
fn canonical(original: &[char], lo: usize, hi: usize, fence: bool) -> bool {
    let s: String = original[lo..hi].iter().collect();
    let head = if fence { ":::" } else { "{" };
    let Some(rest) = s.strip_prefix(head) else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    if fence && rest.len() == s.len() - head.len() {
        return false; // `:::redact` with no space
    }
    let next = original.get(hi);
    rest == "redact" && next.is_none_or(|c| matches!(c, ' ' | '\t' | '}' | '\r' | '\n'))
}

/// The 1-based character columns of near-miss markers in one line (without its line break).
pub fn scan_line(line: &str) -> Vec<usize> {
    let original: Vec<char> = line.chars().collect();
    let f = fold(&original);
    let mut cols = Vec::new();
    for (i, &c) in f.chars.iter().enumerate() {
        let (head, fence) = match c {
            '{' => (1, false),
            ':' if starts(&f.chars, i, ":::") && (i == 0 || f.chars[i - 1] != ':') => (3, true),
            _ => continue,
        };
        let at = skip_spaces(&f.chars, i + head);
        let lone_fence = fence && f.chars[at..].iter().all(|c| *c == ' ' || *c == ':');
        let attempt = starts(&f.chars, at, "redact") && is_attempt(&f.chars, at + 6);
        if !attempt && !lone_fence {
            continue;
        }
        let lo = f.from[i];
        let ok = if attempt {
            let hi = f.from[at + 5] + 1;
            canonical(&original, lo, hi, fence)
        } else {
            let hi = f.from[i + 2] + 1;
            original[lo..hi].iter().all(|c| *c == ':')
        };
        if !ok && cols.last() != Some(&(lo + 1)) {
            cols.push(lo + 1);
        }
    }
    cols
}

/// The first marker of any kind, honoured or near miss, as (line, column), both 1-based: for
/// fields that cannot carry markers.
pub fn first_marker(text: &str) -> Option<(usize, usize)> {
    for (n, line) in text.lines().enumerate() {
        let f = fold(&line.chars().collect::<Vec<char>>());
        let hit = f.chars.iter().enumerate().find(|&(i, c)| {
            let head = match c {
                '{' => 1,
                ':' if starts(&f.chars, i, ":::") => 3,
                _ => return false,
            };
            let at = skip_spaces(&f.chars, i + head);
            (starts(&f.chars, at, "redact") && is_attempt(&f.chars, at + 6)) || head == 3
        });
        if let Some((i, _)) = hit {
            return Some((n + 1, f.from[i] + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_near_miss_form_is_found() {
        let cases = [
            "甲[乙]{redact理由}",
            "甲[乙]{redact其他}",
            "甲[乙]｛redact 其他｝",
            "甲[乙]{ｒｅｄａｃｔ 其他}",
            "甲[乙]{REDACT 其他}",
            "甲[乙]{Redact 其他}",
            "甲[乙]{redact\u{a0}其他}",
            "甲[乙]{redact\u{3000}其他}",
            "甲[乙]{\u{3000}redact 其他}",
            "甲[乙]{re\u{200b}dact 其他}",
            "甲[乙]﹛redact 其他}",
            "甲[乙]{redactcommercial}",
            "：：： redact 其他",
            "::: REDACT 其他",
            ":::\u{a0}redact 其他",
            ":::redact 其他",
            "：：：",
            ":：:",
        ];
        for case in cases {
            assert!(!scan_line(case).is_empty(), "{case:?}");
            assert!(first_marker(case).is_some(), "{case:?}");
        }
    }

    #[test]
    fn canonical_markers_and_ordinary_text_are_not_near_misses() {
        for ok in [
            "甲[乙]{redact 其他}",
            "[b [c]]{ redact 个人信息 }",
            "[x]{redact\tother}",
            "::: redact 敏感信息",
            ":::",
            "{redaction}，比例 3:2，[a]{.note}",
            "全角冒号：说明",
            "",
        ] {
            assert_eq!(scan_line(ok), Vec::<usize>::new(), "{ok:?}");
        }
        assert_eq!(first_marker("{redaction} 3:2"), None);
        assert_eq!(first_marker("a\n甲[乙]{redact 其他}"), Some((2, 5)));
        assert_eq!(scan_line("甲乙｛REDACT 其他}"), [3]);
    }
}
