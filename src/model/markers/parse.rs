//! The marker parser: [`parse`] reads a text as plain lines (code fences are scanned too, so a
//! secret in a code block is still withheld), collects every marker error with its line and
//! column (never echoing what the user typed), and splits the text into public segments and
//! withheld markers; [`segment_lines`] gives where each segment starts. No I/O here.

use super::*;
use crate::diag::Said;

/// A marker problem, located in the text given to [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// 1-based line within the text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: Said,
    pub hint: Said,
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
    [
        "这段文字里不予公开标记的问题太多，这一行之后的不再列出",
        "this text has too many problems with redaction markers; any after this line are not listed",
    ],
    [
        "先改正上面的问题，再检查一遍",
        "fix the problems above and check again",
    ],
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

/// An error's message and hint, each in Chinese and in English.
type Msg = ([&'static str; 2], [&'static str; 2]);

const BAD_INDENT: Msg = (
    [
        "`:::` 标记行要从行首写起（前面最多 3 个空格）",
        "a `:::` marker line must start at the beginning of the line (at most 3 spaces before it)",
    ],
    [
        "去掉 `:::` 前面的空格或制表符",
        "remove the spaces or tabs before `:::`",
    ],
);
const NESTED: Msg = (
    [
        "一个 `::: redact` 段落里不能再开始另一个 `::: redact` 段落",
        "a `::: redact` block cannot start inside another `::: redact` block",
    ],
    [
        "先用只有 `:::` 的一行结束前一段，再开始下一段",
        "end the first block with a line with only `:::` before starting the next one",
    ],
);
const STRAY_CLOSE: Msg = (
    [
        "这一行 `:::` 没有可结束的段落：前面没有开始 `::: redact` 段落",
        "this `:::` closes nothing: no `::: redact` block is open",
    ],
    [
        "删去这一行；或在不予公开的段落前加一行 `::: redact 理由`",
        "delete this line, or start the withheld passage with a line `::: redact REASON`",
    ],
);
const UNKNOWN_FENCE: Msg = (
    [
        "这一行 `:::` 既不是 `::: redact 理由`，也不是结束用的 `:::`；没有别的 `:::` 标记",
        "this `:::` line is neither `::: redact REASON` nor a closing `:::`; no other `:::` markers exist",
    ],
    [
        "要隐去一段文字，写 `::: redact 商业秘密`（或别的理由）；要把冒号当文字显示，在它前面加别的字",
        "write `::: redact 商业秘密` (or another reason) to withhold a passage; \
     to show colons as text, put another character before them",
    ],
);
const EMPTY_BLOCK: Msg = (
    [
        "这个 `::: redact` 段落是空的，什么也没有隐去",
        "this `::: redact` block is empty, so nothing is withheld",
    ],
    [
        "把要隐去的文字写在 `::: redact 理由` 一行和 `:::` 一行之间，或删去这两行",
        "put the withheld passage between the `::: redact REASON` line and the `:::` line, \
     or delete both lines",
    ],
);
const UNCLOSED_BLOCK: Msg = (
    [
        "这个 `::: redact` 段落没有结束",
        "this `::: redact` block is never closed",
    ],
    [
        "在要隐去的文字结束处加一行，只写 `:::`",
        "add a line with only `:::` where the withheld passage ends",
    ],
);
const INLINE_FENCE: Msg = (
    [
        "`::: redact` 要单独写在一行的开头，不能写在引用、列表项或句子中间",
        "`::: redact` must stand at the start of a line of its own, \
     not inside a quote, a list item or a sentence",
    ],
    [
        "另起一行写 `::: redact 理由`；只隐去一行中的几个字，写 `[要隐去的文字]{redact 理由}`",
        "start a new line with `::: redact REASON`; \
     to withhold part of a line, write `[the phrase]{redact REASON}`",
    ],
);
const NO_PHRASE: Msg = (
    [
        "这个 `{redact …}` 前面没有紧跟着 `[…]` 括起的文字",
        "this `{redact …}` does not directly follow a `[…]` phrase",
    ],
    [
        "把要隐去的文字用方括号括起来，紧挨着写在它前面，不留空格：`[某某公司]{redact 商业秘密}`",
        "put the withheld phrase in square brackets right before it, with no space: \
     `[某某公司]{redact 商业秘密}`",
    ],
);
const NO_OPEN_BRACKET: Msg = (
    [
        "这个 `]{redact …}` 在同一行前面没有对应的 `[`",
        "this `]{redact …}` has no matching `[` before it on the same line",
    ],
    [
        "把要隐去的文字写在同一行：`[某某公司]{redact 商业秘密}`",
        "write the whole withheld phrase on one line, as `[某某公司]{redact 商业秘密}`",
    ],
);
const UNCLOSED_BRACE: Msg = (
    [
        "这个 `{redact …` 没有用 `}` 结束",
        "this `{redact …` is never closed with `}`",
    ],
    [
        "在同一行用 `}` 结束：`[某某公司]{redact 商业秘密}`",
        "end it with `}` on the same line: `[某某公司]{redact 商业秘密}`",
    ],
);
const EMPTY_PHRASE: Msg = (
    [
        "这个 `{redact …}` 前面的 `[]` 是空的，什么也没有隐去",
        "the `[]` before this `{redact …}` is empty, so nothing is withheld",
    ],
    [
        "在方括号里写要隐去的文字，或删去这个标记",
        "put the withheld phrase inside the brackets, or delete the marker",
    ],
);
pub(super) const PRIVATE_USE: Msg = (
    [
        "这段文字里有一个看不见的私用字符（U+E000 或 U+E001），gongkai 把它留作自己的标记",
        "this text contains an invisible private-use character (U+E000 or U+E001) \
     that gongkai reserves for its own markers",
    ],
    [
        "删去它；它通常是从别的程序里复制文字时带进来的",
        "delete it; it usually comes from copying text out of another program",
    ],
);
const REASON_HINT: [&str; 2] = [
    "写其中一个理由：国家秘密、工作秘密、敏感信息、个人信息、商业秘密、其他",
    "give one of the reasons 国家秘密, 工作秘密, 敏感信息, 个人信息, 商业秘密, 其他 \
     (or state-secret, work-secret, sensitive, personal, commercial, other)",
];

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
        let (message, hint) = (
            Said::new(message[0], message[1]),
            Said::new(hint[0], hint[1]),
        );
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
        for col in crate::model::nearmiss::scan_line(content) {
            self.error(no, col, crate::model::nearmiss::NEAR_MISS);
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
                (true, true) => [
                    "这一行 `::: redact` 没有写不予公开的理由",
                    "this `::: redact` line does not say why the passage is withheld",
                ],
                (false, true) => [
                    "这个 `{redact}` 没有写不予公开的理由",
                    "this `{redact}` does not say why the phrase is withheld",
                ],
                (true, false) => [
                    "这一行 `::: redact` 后面写的不是不予公开的理由",
                    "the reason on this `::: redact` line is not a reason for withholding",
                ],
                (false, false) => [
                    "这个 `{redact …}` 里写的不是不予公开的理由",
                    "the reason in this `{redact …}` is not a reason for withholding",
                ],
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
