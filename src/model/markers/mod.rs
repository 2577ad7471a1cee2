//! Redaction markers inside Markdown bodies and text fields: a withheld passage written as a
//! `::: redact REASON` line, the passage, and a line with only `:::`; a withheld phrase written as
//! `[某某公司]{redact 商业秘密}`. [`parse`] (in `parse.rs`) reads the text as plain lines (code
//! fences are scanned too, so a secret in a code block is still withheld), collects every marker
//! error with its line and column, and splits the text into public segments and withheld
//! markers. This file holds the reasons and the public forms: [`Redacted::placeholder_text`] for
//! the Markdown renderer and [`Redacted::plain_text`] for plain outputs, which have the same
//! shape whatever was hidden. No I/O here, and no knowledge of records or files. A withheld
//! passage must never be copied anywhere except [`Redacted::secrets`] (kept in memory for the
//! leak audit): not into segments, placeholders, labels or error messages, which also never echo
//! what the user typed.

mod parse;
#[cfg(test)]
mod tests;

pub use parse::{MAX_ERRORS, MarkerError, contains_markers, parse, segment_lines};

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

use super::text::Segment;

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
