//! What a Chinese input method slips into YAML, found when the parser gives up: full-width
//! punctuation standing where YAML syntax is expected (`：，；“”‘’｛｝［］`), full-width spaces
//! and tabs in the indentation, a quote that is never closed, a line indented one step too far.
//!
//! The parser's own message names what it expected, not what was typed, and often a line or
//! two later (in a preview, `：` looks like `:`). [`scan`] reads the text line by line, only
//! where YAML syntax stands: outside quoted strings and comments, and in a plain value only
//! where a flow collection (`{ … }`, `[ … ]`) would continue, so `name: 项目：二期` is text, not
//! a mistake. It runs only on a file that failed to parse, so clean files pay nothing. It never
//! quotes the file's text beyond a key name (a file may withhold content): only the character,
//! its column and what to type instead. No I/O here.

#[path = "prescan_found.rs"]
mod found;

use crate::diag::Said;
use found::{found_char, indent_found, over_indented, unclosed};

/// One mistake: where, what is wrong and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    /// 1-based, in characters.
    pub col: usize,
    pub message: Said,
    pub hint: Said,
}

/// Whether `key` can be a key written by hand: no spaces, not too long, not empty.
fn key_like(key: &str) -> bool {
    let k = key.trim();
    !k.is_empty()
        && k.chars().count() <= 30
        && !k.contains(char::is_whitespace)
        && !k.starts_with(['-', '#', '"', '\''])
}

/// An ASCII key name, such as a schema key (`requested`, `level1`).
fn ascii_key(key: &str) -> bool {
    let k = key.trim();
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A key that may be repeated in a message: a schema key, a month or a grade. Anything else
/// might be text of a record that withholds content, and is never echoed.
fn shown(key: &str) -> Option<&str> {
    let k = key.trim();
    let month = k
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '年' | '月' | '-'));
    (ascii_key(k) || month || matches!(k, "优" | "良" | "中" | "差")).then_some(k)
}

/// The first full-width or indentation mistake where YAML syntax stands, if any.
pub fn scan(text: &str) -> Option<Found> {
    let mut depth: Vec<char> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    // The previous block line that was `key: value` (its indent and key), for a line indented
    // one step too far below it.
    let mut prev_scalar: Option<(usize, String)> = None;
    for (no, raw) in text.lines().enumerate() {
        let line_no = no + 1;
        let chars: Vec<char> = raw.chars().collect();
        let indent = chars
            .iter()
            .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
            .count();
        let blank =
            chars[indent..].iter().all(|c| c.is_whitespace()) || chars.get(indent) == Some(&'#');
        if let Some(bi) = block_scalar {
            if blank || indent > bi {
                continue;
            }
            block_scalar = None;
        }
        if blank {
            continue;
        }
        if depth.is_empty()
            && let Some(i) = chars[..indent]
                .iter()
                .position(|c| matches!(c, '\t' | '\u{3000}'))
        {
            return Some(indent_found(line_no, i + 1, chars[i]));
        }
        let mut line = Line {
            no: line_no,
            chars: &chars,
            i: indent,
            depth: &mut depth,
            block_scalar: None,
            first_key: None,
            key_col: indent,
            scalar_value: false,
        };
        if let Some(f) = line.scan() {
            return Some(f);
        }
        let (first_key, scalar_value, opened, key_col) = (
            line.first_key.take(),
            line.scalar_value,
            line.block_scalar,
            line.key_col,
        );
        if let Some(bi) = opened {
            block_scalar = Some(bi.min(indent));
        }
        if depth.is_empty() || first_key.is_some() {
            if let (Some((pi, pkey)), Some(key)) = (&prev_scalar, &first_key)
                && key_col > *pi
                && ascii_key(key)
                && ascii_key(pkey)
            {
                return Some(over_indented(line_no, key_col + 1, key_col - pi, pkey, key));
            }
            prev_scalar = match (first_key, scalar_value && depth.is_empty()) {
                (Some(k), true) => Some((key_col, k)),
                _ => None,
            };
        }
    }
    None
}

/// One line being read.
struct Line<'a> {
    no: usize,
    chars: &'a [char],
    i: usize,
    /// The open flow collections, `{` or `[`, innermost last.
    depth: &'a mut Vec<char>,
    /// Set when the line opens a block scalar (`|` or `>`): its indent.
    block_scalar: Option<usize>,
    /// The first key of the line, in block context, and the column it starts at (0-based).
    first_key: Option<String>,
    key_col: usize,
    /// Whether the first key has a plain or quoted value on this line.
    scalar_value: bool,
}

impl Line<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(' ')) {
            self.i += 1;
        }
    }

    fn at(&self, c: char) -> Found {
        found_char(self.no, self.i + 1, c, None)
    }

    fn scan(&mut self) -> Option<Found> {
        let start = self.i;
        // List markers.
        while self.peek() == Some('-') && matches!(self.chars.get(self.i + 1), None | Some(' ')) {
            self.i += 1;
            self.skip_spaces();
        }
        let block_item = self.i > start;
        let mut key_start = !block_item || self.depth.is_empty();
        loop {
            self.skip_spaces();
            let c = self.peek()?;
            if c == '#' {
                return None;
            }
            if key_start {
                key_start = false;
                match self.key(block_item && self.depth.is_empty())? {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(f) => return Some(f),
                }
            }
            match self.value() {
                Err(f) => return Some(f),
                Ok(Next::Key) => key_start = true,
                Ok(Next::Value) => {}
                Ok(Next::End) => return None,
            }
        }
    }

    /// A key, up to its `:`: `Ok(true)` when a value follows, `Ok(false)` when the text read
    /// was itself a value (no key), `None` at the end of the line.
    /// `item`: the key starts a block list item (`- 第一：项` is text, unless the key is ASCII).
    fn key(&mut self, item: bool) -> Option<Result<bool, Found>> {
        let from = self.i;
        let c = self.peek()?;
        if matches!(c, '"' | '\'' | '{' | '[' | '“' | '‘' | '｛' | '［') {
            // Not a plain key: read it as a value.
            return Some(Ok(true));
        }
        while let Some(c) = self.peek() {
            match c {
                ':' if matches!(
                    self.chars.get(self.i + 1),
                    None | Some(' ' | '\t' | ',' | '}' | ']')
                ) =>
                {
                    let key: String = self.chars[from..self.i].iter().collect();
                    if self.depth.is_empty() && self.first_key.is_none() {
                        self.first_key = Some(key.trim().to_string());
                        self.key_col = from;
                    }
                    self.i += 1;
                    return Some(Ok(true));
                }
                ':' if self.chars.get(self.i + 1) == Some(&'\u{3000}') => {
                    let key: String = self.chars[from..self.i].iter().collect();
                    return Some(Err(found_char(
                        self.no,
                        self.i + 2,
                        '\u{3000}',
                        Some(key.trim()),
                    )));
                }
                '：' => {
                    let key: String = self.chars[from..self.i].iter().collect();
                    if key_like(&key) && (!item || ascii_key(&key)) {
                        return Some(Err(found_char(self.no, self.i + 1, '：', Some(key.trim()))));
                    }
                    self.i += 1;
                }
                ',' | '}' | ']' if !self.depth.is_empty() => {
                    self.i = from;
                    return Some(Ok(true));
                }
                '，' | '；' if !self.depth.is_empty() => return Some(Err(self.at(c))),
                ' ' if self.chars.get(self.i + 1) == Some(&'#') => {
                    self.i = self.chars.len();
                    return None;
                }
                _ => self.i += 1,
            }
        }
        // A line without `key:`: a plain value (continuing the one above, or a list item).
        self.i = from;
        Some(Ok(true))
    }

    /// A value, and what follows it.
    fn value(&mut self) -> Result<Next, Found> {
        self.skip_spaces();
        let Some(c) = self.peek() else {
            return Ok(Next::End);
        };
        let key = self.first_key.clone();
        let first_value = self.depth.is_empty();
        match c {
            '｛' | '［' => {
                return Err(found_char(self.no, self.i + 1, c, key.as_deref()));
            }
            // A value wrapped in Chinese quotes (`“16.2万元”`); `“三公”经费` is text.
            '“' | '”' | '‘' | '’' if self.wrapped() => {
                return Err(found_char(self.no, self.i + 1, c, key.as_deref()));
            }
            '"' | '\'' => {
                self.quoted(c)?;
                if first_value {
                    self.scalar_value = true;
                }
            }
            '{' | '[' => {
                if first_value {
                    self.scalar_value = true;
                }
                self.depth.push(c);
                self.i += 1;
                return Ok(if c == '{' { Next::Key } else { Next::Value });
            }
            '|' | '>' if first_value => {
                self.block_scalar = Some(0);
                self.i = self.chars.len();
                return Ok(Next::End);
            }
            '#' => return Ok(Next::End),
            _ => {
                // A plain value: to the end of the line, or in a flow collection to `,`, `}`, `]`.
                self.plain()?;
                if first_value {
                    self.scalar_value = true;
                }
            }
        }
        self.after_value()
    }

    /// A quoted value, to its closing quote.
    fn quoted(&mut self, c: char) -> Result<(), Found> {
        let open = self.i;
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(unclosed(self.no, open, c)),
                Some('\\') if c == '"' => self.i += 2,
                Some(q) if q == c => {
                    if c == '\'' && self.chars.get(self.i + 1) == Some(&'\'') {
                        self.i += 2;
                    } else {
                        self.i += 1;
                        break;
                    }
                }
                Some(_) => self.i += 1,
            }
        }
        Ok(())
    }

    /// A plain value: to the end of the line, or in a flow collection to `,`, `}`, `]`.
    fn plain(&mut self) -> Result<(), Found> {
        while let Some(c) = self.peek() {
            if !self.depth.is_empty() && matches!(c, ',' | '}' | ']') {
                break;
            }
            if c == ' ' && self.chars.get(self.i + 1) == Some(&'#') {
                self.i = self.chars.len();
                break;
            }
            if !self.depth.is_empty() && matches!(c, '，' | '；') && self.key_follows(self.i + 1)
            {
                return Err(self.at(c));
            }
            if !self.depth.is_empty()
                && matches!(c, '｝' | '］')
                && self.chars[self.i + 1..]
                    .iter()
                    .all(|c| c.is_whitespace() || matches!(c, ',' | '}' | ']'))
            {
                return Err(self.at(c));
            }
            self.i += 1;
        }
        Ok(())
    }

    /// After a value: a separator or a closing bracket.
    fn after_value(&mut self) -> Result<Next, Found> {
        loop {
            self.skip_spaces();
            match self.peek() {
                None => return Ok(Next::End),
                Some(',') => {
                    self.i += 1;
                    return Ok(match self.depth.last() {
                        Some('{') => Next::Key,
                        _ => Next::Value,
                    });
                }
                Some('}' | ']') => {
                    self.depth.pop();
                    self.i += 1;
                }
                Some(c @ ('，' | '；')) if !self.depth.is_empty() => return Err(self.at(c)),
                Some(c @ ('｝' | '］')) if !self.depth.is_empty() => return Err(self.at(c)),
                Some(':') => {
                    self.i += 1;
                    return Ok(Next::Value);
                }
                Some(_) => return Ok(Next::End),
            }
        }
    }

    /// Whether the value starting here ends with a Chinese closing quote.
    fn wrapped(&self) -> bool {
        let flow = !self.depth.is_empty();
        let value: String = self.chars[self.i..]
            .iter()
            .take_while(|c| !(flow && matches!(c, ',' | '}' | ']' | '，')))
            .collect();
        let value = value.split(" #").next().unwrap_or("").trim_end();
        value.chars().count() > 1 && value.ends_with(['”', '’', '“'])
    }

    /// Whether a `key:` (ASCII key, either colon) follows from `i`, after spaces.
    fn key_follows(&self, mut i: usize) -> bool {
        while self.chars.get(i) == Some(&' ') {
            i += 1;
        }
        let from = i;
        while let Some(c) = self.chars.get(i) {
            if matches!(c, ':' | '：') {
                let key: String = self.chars[from..i].iter().collect();
                return ascii_key(&key);
            }
            i += 1;
        }
        false
    }
}

enum Next {
    Key,
    Value,
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize)> {
        scan(text).map(|f| (f.line, f.col))
    }

    #[test]
    fn full_width_syntax_is_found_where_it_stands() {
        assert_eq!(at("id: a\nrequested：\"16.2万元\"\n"), Some((2, 10)));
        let f = scan("requested：\"16.2万元\"\n").unwrap();
        assert!(f.message.zh().contains("全角冒号"), "{f:?}");
        assert_eq!(at("requested: “16.2万元”\n"), Some((1, 12)));
        assert_eq!(at("project: { name: 桥，code: \"1\" }\n"), Some((1, 19)));
        assert_eq!(at("project: ｛ name: 桥 }\n"), Some((1, 10)));
        assert_eq!(at("id: a\n　　name: b\n"), Some((2, 1)));
        assert_eq!(at("a:\n\tb: 1\n"), Some((2, 1)));
        assert_eq!(at("requested: \"16.2万元\napproved: 1\n"), Some((1, 12)));
        assert_eq!(at("id: a\n unit: b\n"), Some((2, 2)));
    }

    #[test]
    fn full_width_text_is_not_a_mistake() {
        for ok in [
            "name: 项目：二期\n",
            "note: 完成，良好；“很好”\n",
            "a: “三公”经费\n",
            "list:\n  - { name: “三公”经费支出, op: \"≤\" }\n",
            "project: { name: 桥（一期）：新建 }\n",
            "objective: |\n  第一段：文字\n\t第二段\n",
            "# 注释：说明\nid: a\n",
            "a: \"x：y，z\"\n",
            "list:\n  - 第一：项\n  - { a: 1, b: \"２，３\" }\n",
            "funds:\n  total: 1\n  fiscal: 2\n",
            "indicators:\n  - { level1: 产出指标, name: 养护，里程 }\n",
        ] {
            assert_eq!(scan(ok), None, "{ok}");
        }
    }
}

#[cfg(test)]
mod clean_sites {
    /// No YAML file of the fixtures, the examples or the documentation trips the pre-scan: it
    /// would find nothing even if it ran on files that parse.
    #[test]
    fn the_shipped_yaml_files_have_no_false_positive() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for dir in ["tests/fixtures", "examples", "docs", "content", "scaffold"] {
            for e in walkdir::WalkDir::new(root.join(dir))
                .into_iter()
                .filter_map(Result::ok)
            {
                let p = e.path();
                let yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
                let rel = p.strip_prefix(root).unwrap_or(p);
                if !yaml || rel.components().any(|c| c.as_os_str() == "mistakes") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(p) else {
                    continue;
                };
                if crate::load::yaml::parse::<serde::de::IgnoredAny>("x.yaml", &text).is_err() {
                    continue;
                }
                seen += 1;
                assert_eq!(super::scan(&text), None, "{}", p.display());
            }
        }
        assert!(seen > 10, "only {seen} files read");
    }
}
