//! Redaction markers inside Markdown bodies and text fields: a withheld passage written as a
//! `::: redact REASON` line, the passage, and a line with only `:::`; a withheld phrase written as
//! `[某某公司]{redact 商业秘密}`. [`parse`] reads the text as plain lines (code fences are scanned
//! too, so a secret in a code block is still withheld), collects every marker error with its line
//! and column, and splits the text into public segments and withheld markers. The public forms,
//! [`Redacted::placeholder_text`] for the Markdown renderer and [`Redacted::plain_text`] for plain
//! outputs, have the same shape whatever was hidden. No I/O here, and no knowledge of records or
//! files. A withheld passage must never be copied anywhere except [`Redacted::secrets`] (kept in
//! memory for the leak audit): not into segments, placeholders, labels or error messages, which
//! also never echo what the user typed.

/// The reasons for withholding, in canonical Chinese. A placeholder names a reason by its index.
pub const REASONS: [&str; 6] = [
    "国家秘密",
    "工作秘密",
    "敏感信息",
    "个人信息",
    "商业秘密",
    "其他",
];

/// For each of [`REASONS`]: the English alias accepted in the source, and the English name shown.
const ENGLISH: [(&str, &str); 6] = [
    ("state-secret", "state secret"),
    ("work-secret", "work secret"),
    ("sensitive", "sensitive information"),
    ("personal", "personal information"),
    ("commercial", "commercial secret"),
    ("other", "other"),
];

/// Opens a placeholder token. Private use: user text containing it is rejected by [`parse`].
pub const PLACEHOLDER_OPEN: char = '\u{E000}';
/// Closes a placeholder token. Private use: user text containing it is rejected by [`parse`].
pub const PLACEHOLDER_CLOSE: char = '\u{E001}';

/// The language of the fixed labels that stand in for withheld text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

pub use super::text::Segment;

/// A marker problem, located in the text given to [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// 1-based line within the text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
    pub hint: String,
}

/// Parsed text: public segments and withheld markers, plus the withheld strings (for the leak audit).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redacted {
    pub segments: Vec<Segment>,
    /// Each withheld passage or phrase, trimmed, non-empty.
    pub secrets: Vec<String>,
}

impl Redacted {
    /// How many passages and phrases are withheld.
    pub fn withheld_count(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Withheld { .. }))
            .count()
    }

    /// Whether anything is withheld.
    pub fn is_redacted(&self) -> bool {
        self.withheld_count() > 0
    }

    /// The public text with each withheld part replaced by a placeholder token (see [`placeholder`])
    /// that survives Markdown rendering untouched. A block token stands on its own line with blank
    /// lines around it, so that it becomes a paragraph of its own. Secrets never appear in it.
    pub fn placeholder_text(&self) -> String {
        self.public(|out, reason, block| {
            if block && !out.is_empty() {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            out.push_str(&placeholder(reason, block));
            if block {
                out.push_str("\n\n");
            }
        })
    }

    /// Plain public text: each withheld part replaced by the fixed marker of [`marker_text`]
    /// ("〔不予公开：商业秘密〕"), the same whatever was hidden. A block's marker is a line of its own.
    pub fn plain_text(&self, lang: Lang) -> String {
        self.public(|out, reason, block| {
            out.push_str(&marker_text(reason, lang));
            if block {
                out.push('\n');
            }
        })
    }

    /// The public text, with `withheld` writing what stands for each withheld part.
    fn public(&self, withheld: impl Fn(&mut String, &str, bool)) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Withheld { reason, block } => withheld(&mut out, reason, *block),
            }
        }
        out
    }
}

/// The index in [`REASONS`] of a reason written in Chinese or as an English alias.
pub fn reason_index(reason: &str) -> Option<usize> {
    let reason = reason.trim();
    REASONS.iter().position(|r| *r == reason).or_else(|| {
        ENGLISH
            .iter()
            .position(|(a, _)| a.eq_ignore_ascii_case(reason))
    })
}

/// The canonical Chinese form of a reason written in Chinese or as an English alias.
pub fn canonical_reason(reason: &str) -> Option<&'static str> {
    reason_index(reason).map(|i| REASONS[i])
}

/// The label for a withheld part: zh "不予公开：商业秘密", en "Withheld: commercial secret".
/// An unknown reason gives the bare "不予公开" / "Withheld".
pub fn marker_label(reason: &str, lang: Lang) -> String {
    match (reason_index(reason), lang) {
        (Some(i), Lang::Zh) => format!("不予公开：{}", REASONS[i]),
        (Some(i), Lang::En) => format!("Withheld: {}", ENGLISH[i].1),
        (None, Lang::Zh) => "不予公开".to_owned(),
        (None, Lang::En) => "Withheld".to_owned(),
    }
}

/// The label in brackets, as it stands in public text: "〔不予公开：商业秘密〕", "[Withheld: …]".
pub fn marker_text(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("〔{}〕", marker_label(reason, lang)),
        Lang::En => format!("[{}]", marker_label(reason, lang)),
    }
}

/// The placeholder token for a withheld part: "\u{E000}B3\u{E001}" for a block, "\u{E000}S3\u{E001}"
/// for a phrase, where 3 is the reason's index in [`REASONS`] (an unknown reason counts as 其他).
pub fn placeholder(reason: &str, block: bool) -> String {
    let index = reason_index(reason).unwrap_or(REASONS.len() - 1);
    let kind = if block { 'B' } else { 'S' };
    format!("{PLACEHOLDER_OPEN}{kind}{index}{PLACEHOLDER_CLOSE}")
}

/// Whether the text holds anything [`parse`] treats specially: a `:::`, a `{redact`, or a
/// placeholder character. When false, `parse` returns the text unchanged as one segment.
pub fn contains_markers(text: &str) -> bool {
    text.contains(":::")
        || text.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE])
        || find_redact_brace(text, 0).is_some()
}

/// Most marker errors listed for one text; a hostile text with millions of them would otherwise
/// take quadratic time to locate them and flood the terminal.
pub const MAX_ERRORS: usize = 50;

const TOO_MANY: Msg = (
    "this text has too many problems with redaction markers; any after this line are not listed",
    "fix the problems above and check again",
);

/// Parses the markers in `text`, returning every error found (up to [`MAX_ERRORS`]), in order
/// of position.
pub fn parse(text: &str) -> Result<Redacted, Vec<MarkerError>> {
    let mut parser = Parser::default();
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        parser.line(index + 1, raw);
        if parser.full() {
            parser.error(index + 1, 1, TOO_MANY);
            return parser.finish();
        }
    }
    parser.finish()
}

/// The line (1-based, within `text`) each segment of `parse(text)` starts on: withheld
/// passages take lines that the public text no longer shows, so positions in the public text
/// are counted from these. Empty when the text does not parse.
pub fn segment_lines(text: &str) -> Vec<usize> {
    let mut parser = Parser::default();
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        parser.line(index + 1, raw);
    }
    if parser.errors.is_empty() && parser.open.is_none() {
        parser.starts
    } else {
        Vec::new()
    }
}

/// What a line starting with `:::` says.
enum Fence<'a> {
    /// `:::` alone.
    Close,
    /// `::: redact REASON`, with REASON trimmed (maybe empty).
    Open(&'a str),
    /// Any other `:::` line; `opens` when it looks like the start of some other block (`::: note`).
    Other { opens: bool },
}

struct FenceLine<'a> {
    col: usize,
    indent_ok: bool,
    kind: Fence<'a>,
}

/// Reads a line (without its line break) as a `:::` marker line, if it is one.
fn fence_line(content: &str) -> Option<FenceLine<'_>> {
    let body = content.trim_start();
    let rest = body.strip_prefix(":::")?.trim();
    let indent = &content[..content.len() - body.len()];
    let kind = if rest.is_empty() {
        Fence::Close
    } else if let Some(reason) = strip_word(rest, "redact") {
        Fence::Open(reason.trim())
    } else {
        Fence::Other {
            opens: !rest.starts_with(':'),
        }
    };
    Some(FenceLine {
        col: indent.chars().count() + 1,
        indent_ok: indent.len() <= 3 && indent.bytes().all(|b| b == b' '),
        kind,
    })
}

/// `s` without its leading `word` (ASCII case ignored), when the word is followed by nothing,
/// whitespace or `}`.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    let rest = s.get(word.len()..)?;
    let ends = rest
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == '}');
    (head.eq_ignore_ascii_case(word) && ends).then_some(rest)
}

/// The byte index of the next `{` at or after `from` that starts a `{redact …}`.
fn find_redact_brace(text: &str, from: usize) -> Option<usize> {
    let tail = text.get(from..)?;
    tail.match_indices('{')
        .map(|(i, _)| from + i)
        .find(|&i| strip_word(text[i + 1..].trim_start_matches([' ', '\t']), "redact").is_some())
}

/// The byte index of the `[` that the `]` right after `body` closes, if it is in `body`.
fn matching_open(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return Some(i),
            '[' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The 1-based character column of byte index `byte` in `line`.
fn col_of(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(1, |s| s.chars().count() + 1)
}

/// An error's message and hint.
type Msg = (&'static str, &'static str);

const BAD_INDENT: Msg = (
    "a `:::` marker line must start at the beginning of the line (at most 3 spaces before it)",
    "remove the spaces or tabs before `:::`",
);
const NESTED: Msg = (
    "a `::: redact` block cannot start inside another `::: redact` block",
    "end the first block with a line with only `:::` before starting the next one",
);
const STRAY_CLOSE: Msg = (
    "this `:::` closes nothing: no `::: redact` block is open",
    "delete this line, or start the withheld passage with a line `::: redact REASON`",
);
const UNKNOWN_FENCE: Msg = (
    "this `:::` line is neither `::: redact REASON` nor a closing `:::`; no other `:::` markers exist",
    "write `::: redact 商业秘密` (or another reason) to withhold a passage; \
     to show colons as text, put another character before them",
);
const EMPTY_BLOCK: Msg = (
    "this `::: redact` block is empty, so nothing is withheld",
    "put the withheld passage between the `::: redact REASON` line and the `:::` line, \
     or delete both lines",
);
const UNCLOSED_BLOCK: Msg = (
    "this `::: redact` block is never closed",
    "add a line with only `:::` where the withheld passage ends",
);
const INLINE_FENCE: Msg = (
    "`::: redact` must stand at the start of a line of its own, \
     not inside a quote, a list item or a sentence",
    "start a new line with `::: redact REASON`; \
     to withhold part of a line, write `[the phrase]{redact REASON}`",
);
const NO_PHRASE: Msg = (
    "this `{redact …}` does not directly follow a `[…]` phrase",
    "put the withheld phrase in square brackets right before it, with no space: \
     `[某某公司]{redact 商业秘密}`",
);
const NO_OPEN_BRACKET: Msg = (
    "this `]{redact …}` has no matching `[` before it on the same line",
    "write the whole withheld phrase on one line, as `[某某公司]{redact 商业秘密}`",
);
const UNCLOSED_BRACE: Msg = (
    "this `{redact …` is never closed with `}`",
    "end it with `}` on the same line: `[某某公司]{redact 商业秘密}`",
);
const EMPTY_PHRASE: Msg = (
    "the `[]` before this `{redact …}` is empty, so nothing is withheld",
    "put the withheld phrase inside the brackets, or delete the marker",
);
const PRIVATE_USE: Msg = (
    "this text contains an invisible private-use character (U+E000 or U+E001) \
     that gongkai reserves for its own markers",
    "delete it; it usually comes from copying text out of another program",
);
const REASON_HINT: &str = "give one of the reasons 国家秘密, 工作秘密, 敏感信息, 个人信息, 商业秘密, 其他 \
     (or state-secret, work-secret, sensitive, personal, commercial, other)";

/// A `::: redact` block whose closing `:::` has not been seen yet.
struct OpenBlock {
    line: usize,
    col: usize,
    /// The reason, when the opening line gave a valid one.
    reason: Option<&'static str>,
    /// Whether the opening line was `::: redact …` (rather than some other `::: word`).
    redact: bool,
    body: String,
}

/// A well-formed `[phrase]{redact REASON}` within a line, by byte offsets.
struct Span<'a> {
    open: usize,
    end: usize,
    reason: &'static str,
    phrase: &'a str,
}

#[derive(Default)]
struct Parser {
    out: Redacted,
    errors: Vec<MarkerError>,
    open: Option<OpenBlock>,
    /// The line being read, and the line each segment starts on.
    at: usize,
    starts: Vec<usize>,
}

impl Parser {
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    fn error(&mut self, line: usize, col: usize, (message, hint): Msg) {
        let (message, hint) = (message.to_owned(), hint.to_owned());
        self.errors.push(MarkerError {
            line,
            col,
            message,
            hint,
        });
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Segment::Text(last)) = self.out.segments.last_mut() {
            last.push_str(text);
        } else {
            self.out.segments.push(Segment::Text(text.to_owned()));
            self.starts.push(self.at);
        }
    }

    fn push_withheld(&mut self, line: usize, reason: &'static str, block: bool, secret: &str) {
        self.out.segments.push(Segment::Withheld { reason, block });
        self.starts.push(line);
        let secret = secret.trim();
        if !secret.is_empty() {
            self.out.secrets.push(secret.to_owned());
        }
    }

    /// Handles one line, `raw` with its line break if it has one.
    fn line(&mut self, no: usize, raw: &str) {
        self.at = no;
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        for (i, c) in content.char_indices() {
            if self.full() {
                return;
            }
            if c == PLACEHOLDER_OPEN || c == PLACEHOLDER_CLOSE {
                self.error(no, col_of(content, i), PRIVATE_USE);
            }
        }
        for col in super::nearmiss::scan_line(content) {
            self.error(no, col, super::nearmiss::NEAR_MISS);
        }
        let fence = fence_line(content);
        if let Some(f) = fence.as_ref().filter(|f| !f.indent_ok) {
            self.error(no, f.col, BAD_INDENT);
        }
        match (fence, self.open.as_mut()) {
            (None, Some(block)) => block.body.push_str(raw),
            (Some(f), Some(_)) => match f.kind {
                Fence::Close => self.close_block(),
                Fence::Open(_) => self.error(no, f.col, NESTED),
                Fence::Other { .. } => self.error(no, f.col, UNKNOWN_FENCE),
            },
            (Some(f), None) => self.open_block(no, f),
            (None, None) => {
                self.check_inline_fence(no, content);
                self.scan_spans(no, raw);
            }
        }
    }

    /// Handles a `:::` line outside any block.
    fn open_block(&mut self, no: usize, fence: FenceLine<'_>) {
        let (reason, redact) = match fence.kind {
            Fence::Close => return self.error(no, fence.col, STRAY_CLOSE),
            Fence::Open(text) => (self.check_reason(no, fence.col, text, true), true),
            Fence::Other { opens } => {
                self.error(no, fence.col, UNKNOWN_FENCE);
                if !opens {
                    return;
                }
                (None, false)
            }
        };
        let (line, col, body) = (no, fence.col, String::new());
        self.open = Some(OpenBlock {
            line,
            col,
            reason,
            redact,
            body,
        });
    }

    fn close_block(&mut self) {
        let Some(block) = self.open.take() else {
            return;
        };
        if block.body.trim().is_empty() {
            self.error(block.line, block.col, EMPTY_BLOCK);
        } else if let Some(reason) = block.reason {
            self.push_withheld(block.line, reason, true, &block.body);
        }
    }

    /// Checks a reason written after `::: redact` (`block`) or `{redact`.
    fn check_reason(
        &mut self,
        no: usize,
        col: usize,
        text: &str,
        block: bool,
    ) -> Option<&'static str> {
        let reason = canonical_reason(text);
        if reason.is_none() {
            let message = match (block, text.is_empty()) {
                (true, true) => "this `::: redact` line does not say why the passage is withheld",
                (false, true) => "this `{redact}` does not say why the phrase is withheld",
                (true, false) => {
                    "the reason on this `::: redact` line is not a reason for withholding"
                }
                (false, false) => "the reason in this `{redact …}` is not a reason for withholding",
            };
            self.error(no, col, (message, REASON_HINT));
        }
        reason
    }

    /// Reports `::: redact` written after other text on a line (in a quote, a list item, a sentence).
    fn check_inline_fence(&mut self, no: usize, content: &str) {
        let found = content
            .match_indices(":::")
            .find(|(i, _)| strip_word(content[i + 3..].trim_start(), "redact").is_some());
        if let Some((i, _)) = found {
            self.error(no, col_of(content, i), INLINE_FENCE);
        }
    }

    /// Splits a line outside any block into text and withheld phrases.
    fn scan_spans(&mut self, no: usize, line: &str) {
        let mut done = 0;
        let mut from = 0;
        while let Some(brace) = find_redact_brace(line, from) {
            if self.full() {
                break;
            }
            from = brace + 1;
            if let Some(span) = self.span_at(no, line, done, brace) {
                self.push_text(&line[done..span.open]);
                self.push_withheld(no, span.reason, false, span.phrase);
                done = span.end;
                from = span.end;
            }
        }
        self.push_text(&line[done..]);
    }

    /// Reads the `[phrase]{redact REASON}` whose `{` is at byte `brace`; `[` must be at or after `done`.
    fn span_at<'a>(
        &mut self,
        no: usize,
        line: &'a str,
        done: usize,
        brace: usize,
    ) -> Option<Span<'a>> {
        let Some(before) = line[done..brace].strip_suffix(']') else {
            return self.fail(no, col_of(line, brace), NO_PHRASE);
        };
        let Some(open) = matching_open(before).map(|i| done + i) else {
            return self.fail(no, col_of(line, brace - 1), NO_OPEN_BRACKET);
        };
        let Some(close) = line[brace..].find('}').map(|i| brace + i) else {
            return self.fail(no, col_of(line, brace), UNCLOSED_BRACE);
        };
        let inside = line[brace + 1..close].trim_start();
        let text = strip_word(inside, "redact").unwrap_or_default().trim();
        let reason = self.check_reason(no, col_of(line, brace), text, false);
        let phrase = &line[open + 1..brace - 1];
        if phrase.trim().is_empty() {
            return self.fail(no, col_of(line, open), EMPTY_PHRASE);
        }
        let (reason, end) = (reason?, close + 1);
        Some(Span {
            open,
            end,
            reason,
            phrase,
        })
    }

    fn fail<T>(&mut self, no: usize, col: usize, msg: Msg) -> Option<T> {
        self.error(no, col, msg);
        None
    }

    fn finish(mut self) -> Result<Redacted, Vec<MarkerError>> {
        if let Some(block) = self.open.take().filter(|b| b.redact) {
            self.error(block.line, block.col, UNCLOSED_BLOCK);
        }
        if self.errors.is_empty() {
            Ok(self.out)
        } else {
            self.errors.sort_by_key(|e| (e.line, e.col));
            Err(self.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Segment {
        Segment::Text(s.to_owned())
    }

    fn withheld(reason: &'static str, block: bool) -> Segment {
        Segment::Withheld { reason, block }
    }

    /// The (line, col, message) of each error for `src`; panics if it parses.
    fn errors(src: &str) -> Vec<(usize, usize, String)> {
        let errors = parse(src).expect_err("should not parse");
        errors
            .into_iter()
            .map(|e| (e.line, e.col, e.message))
            .collect()
    }

    const DOC: &str = "前言。\n::: redact 敏感信息\n这一段不予公开。\n第二行。\n:::\n供应商为[某某公司]{redact 商业秘密}，金额[36560元]{redact commercial}。\n";

    #[test]
    fn block_and_spans_give_exact_segments_and_secrets() {
        let parsed = parse(DOC).unwrap();
        let expected = vec![
            text("前言。\n"),
            withheld("敏感信息", true),
            text("供应商为"),
            withheld("商业秘密", false),
            text("，金额"),
            withheld("商业秘密", false),
            text("。\n"),
        ];
        assert_eq!(parsed.segments, expected);
        assert_eq!(
            parsed.secrets,
            ["这一段不予公开。\n第二行。", "某某公司", "36560元"]
        );
        assert_eq!(parsed.withheld_count(), 3);
        assert!(parsed.is_redacted());
    }

    #[test]
    fn indented_block_crlf_and_nested_brackets() {
        let parsed =
            parse("a\r\n   ::: redact other\r\n  x  \r\n   :::\r\n[b [c]]{ redact 个人信息 }\n")
                .unwrap();
        let expected = vec![
            text("a\r\n"),
            withheld("其他", true),
            withheld("个人信息", false),
            text("\n"),
        ];
        assert_eq!(parsed.segments, expected);
        assert_eq!(parsed.secrets, ["x", "b [c]"]);
    }

    #[test]
    fn each_error_kind_is_located() {
        let cases: [(&str, (usize, usize), &str); 15] = [
            ("a\n::: redact 其他\nb\n", (2, 1), "never closed"),
            ("a\n  :::\n", (2, 3), "closes nothing"),
            (
                "::: redact 其他\nb\n::: redact 其他\nc\n:::\n",
                (3, 1),
                "inside another",
            ),
            ("::: note\nb\n:::\n", (1, 1), "neither"),
            ("x\n::: redact\nb\n:::\n", (2, 1), "does not say why"),
            ("::: redact 未知理由\nb\n:::\n", (1, 1), "not a reason"),
            ("::: redact 其他\n\n:::\n", (1, 1), "empty"),
            ("    ::: redact 其他\nb\n:::\n", (1, 5), "at most 3 spaces"),
            ("> ::: redact 其他\n", (1, 3), "line of its own"),
            ("甲乙 {redact 其他}\n", (1, 4), "does not directly follow"),
            ("甲[乙]{redact 未知}\n", (1, 5), "not a reason"),
            ("甲[]{redact 其他}\n", (1, 2), "is empty"),
            ("[甲\n乙]{redact 其他}\n", (2, 2), "no matching `[`"),
            ("[甲]{redact 其他\n", (1, 4), "never closed with `}`"),
            ("[甲]{redact}\n", (1, 4), "does not say why"),
        ];
        for (src, at, fragment) in cases {
            let found = errors(src);
            assert_eq!(found.len(), 1, "{src:?}: {found:?}");
            let (line, col, message) = &found[0];
            assert_eq!((*line, *col), at, "{src:?}: {message}");
            assert!(message.contains(fragment), "{src:?}: {message}");
        }
    }

    #[test]
    fn all_errors_are_collected_in_order() {
        let src = "a\n:::\n[x]{redact 未知}\n::: redact 其他\n[]{redact 其他}\n";
        let lines: Vec<(usize, usize)> = errors(src).into_iter().map(|(l, c, _)| (l, c)).collect();
        assert_eq!(lines, [(2, 1), (3, 4), (4, 1)]);
        let messages = errors("[]{redact 其他} {redact 其他}\n\u{E000}");
        assert_eq!(messages.len(), 3, "{messages:?}");
    }

    #[test]
    fn a_flood_of_errors_is_cut_short_quickly() {
        let n = 20_000;
        for src in [
            format!("{}x{}\n", "[".repeat(n), "]{redact 商业秘密}".repeat(n)),
            format!("{}x\n{}", "::: redact 其他\n".repeat(n), ":::\n".repeat(n)),
            "\u{E000}".repeat(n),
            format!("{}]{{redact 其他}}\n", "甲".repeat(n)).repeat(200),
        ] {
            let start = std::time::Instant::now();
            let found = errors(&src);
            assert!(found.len() <= MAX_ERRORS + 2, "{}", found.len());
            assert!(
                found.iter().any(|e| e.2.contains("not listed")),
                "{found:?}"
            );
            assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
        }
    }

    #[test]
    fn error_messages_never_echo_withheld_text() {
        let src = "[秘密乙]{redact 秘密丙}\n::: redact 秘密丁\n秘密甲\n::: note\n";
        let found = parse(src).unwrap_err();
        assert_eq!(found.len(), 4, "{found:?}");
        for error in found {
            for secret in ["秘密甲", "秘密乙", "秘密丙", "秘密丁"] {
                assert!(!error.message.contains(secret) && !error.hint.contains(secret));
            }
        }
    }

    #[test]
    fn placeholder_text_hides_secrets_and_keeps_shape() {
        let parsed = parse(DOC).unwrap();
        let out = parsed.placeholder_text();
        for secret in &parsed.secrets {
            assert!(!out.contains(secret.as_str()), "{out}");
        }
        assert!(!out.contains("某某公司") && !out.contains("第二行"));
        let expected = "前言。\n\n\u{E000}B2\u{E001}\n\n供应商为\u{E000}S4\u{E001}，金额\u{E000}S4\u{E001}。\n";
        assert_eq!(out, expected);
        let first = parse("::: redact 其他\nx\n:::\ny").unwrap();
        assert_eq!(first.placeholder_text(), "\u{E000}B5\u{E001}\n\ny");
    }

    #[test]
    fn plain_text_is_the_same_whatever_was_hidden() {
        let short = parse("甲[乙]{redact 其他}丙\n::: redact 其他\n丁\n:::\n").unwrap();
        let long = parse("甲[乙乙乙乙乙乙乙]{redact 其他}丙\n::: redact 其他\n丁\n丁丁丁丁\n:::\n")
            .unwrap();
        assert_eq!(short.plain_text(Lang::Zh), long.plain_text(Lang::Zh));
        assert_eq!(
            short.plain_text(Lang::Zh),
            "甲〔不予公开：其他〕丙\n〔不予公开：其他〕\n"
        );
        assert_eq!(
            long.plain_text(Lang::En),
            "甲[Withheld: other]丙\n[Withheld: other]\n"
        );
    }

    #[test]
    fn english_aliases_map_to_chinese_reasons() {
        let aliases = [
            "state-secret",
            "work-secret",
            "sensitive",
            "personal",
            "commercial",
            "Other",
        ];
        for (alias, reason) in aliases.iter().zip(REASONS) {
            let parsed = parse(&format!("[x]{{redact {alias}}}")).unwrap();
            assert_eq!(parsed.segments, [withheld(reason, false)]);
            assert_eq!(canonical_reason(reason), Some(reason));
        }
        assert_eq!(
            marker_label("commercial", Lang::En),
            "Withheld: commercial secret"
        );
        assert_eq!(marker_label("商业秘密", Lang::Zh), "不予公开：商业秘密");
        assert_eq!(
            marker_label("个人信息", Lang::En),
            "Withheld: personal information"
        );
        assert_eq!(marker_label("未知", Lang::Zh), "不予公开");
    }

    #[test]
    fn links_brackets_and_colons_are_not_markers() {
        let src = "见[通知](https://x.example/a) 与 [附件][1]，{redaction}，比例 3:2，[a]{.note}\n\n[1]: a.pdf\n";
        assert!(!contains_markers(src));
        assert_eq!(parse(src).unwrap().segments, [text(src)]);
        let code = "```\n[甲]{redact 其他}\n```\n";
        assert!(contains_markers(code));
        assert_eq!(
            parse(code).unwrap().secrets,
            ["甲"],
            "code fences are scanned too"
        );
        assert_eq!(parse("").unwrap(), Redacted::default());
    }

    #[test]
    fn private_use_characters_are_rejected() {
        assert!(contains_markers("a\u{E001}"));
        assert_eq!(
            errors("a\u{E000}S4\u{E001}")[..2],
            [
                (1, 2, PRIVATE_USE.0.to_owned()),
                (1, 5, PRIVATE_USE.0.to_owned())
            ]
        );
        let inside = errors("::: redact 其他\n\u{E000}\n:::\n");
        assert_eq!(inside[0].0, 2);
    }
}
