//! YAML parsing with resource budgets: the only file that names the YAML crate.
//!
//! Documents are parsed by `serde-saphyr` into the raw structs of `load::raw`, with duplicate
//! keys rejected and budgets on depth, nodes, aliases and size, so an alias bomb or a deeply
//! nested file fails fast with a clear message instead of exhausting memory. Parse errors become
//! [`Diagnostic`]s with the file's line and column. No file I/O here.

use crate::diag::{Diagnostic, rule};
use serde::de::DeserializeOwned;

/// A value with the line and column where it was written. Kept compact (the parser's own
/// spanned type also carries character spans and alias definition sites, which nothing here
/// uses): every scalar of every record is one of these, so their size is most of a loaded
/// site's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    line: u32,
    col: u32,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            value: s.value,
            line: s.referenced.line() as u32,
            col: s.referenced.column() as u32,
        })
    }
}

/// Largest content file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of mappings and lists.
pub const MAX_DEPTH: usize = 32;
/// Most YAML nodes in one file.
pub const MAX_NODES: usize = 250_000;
/// Most aliases (`*name`) in one file: legitimate content hardly uses them.
pub const MAX_ALIASES: usize = 1_000;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_documents: 1,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

/// Line and column (1-based) of a spanned value.
pub fn pos<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.line as usize, s.col as usize)
}

/// Check only the budgets, without building anything: for documents whose type is recursive
/// (summary.yaml's groups), so that deep nesting is refused before typed parsing recurses.
pub fn check_budget(path: &str, text: &str) -> Result<(), Diagnostic> {
    parse::<serde::de::IgnoredAny>(path, text).map(|_| ())
}

/// Parse `text` (the YAML of file `path`) into `T`, or one diagnostic saying what is wrong.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| to_diagnostic(path, &e))
}

fn to_diagnostic(path: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = e.without_snippet().to_string();
    let text = strip_location(&raw);
    let (rule, message, hint) = explain(text);
    Diagnostic::error(rule, path, line, col)
        .msg(message)
        .hint(hint)
}

/// The crate's message ends in " at line L, column C"; the diagnostic carries that already.
fn strip_location(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    }
}

/// Rule, plain-words message and hint for a parser message.
fn explain(text: &str) -> (&'static str, String, String) {
    if let Some(rest) = text.strip_prefix("unknown field `") {
        let (key, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = allowed
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .trim_start_matches(", there are no fields");
        return (
            rule::UNKNOWN_KEY,
            format!("unknown key `{key}`"),
            unknown_key_hint(key, allowed),
        );
    }
    if let Some(rest) = text.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            rule::MISSING_KEY,
            format!("required key `{key}` is missing"),
            format!("add `{key}:` with its value to this mapping"),
        );
    }
    if text.starts_with("duplicate mapping key") {
        let key = text
            .trim_start_matches("duplicate mapping key: ")
            .split(", set ")
            .next()
            .unwrap_or("");
        return (
            rule::DUPLICATE_KEY,
            format!("key `{key}` is written twice in the same mapping"),
            "keep one of them: a later key would silently replace the earlier value".into(),
        );
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("while ")
        || lower.contains("did not find expected")
        || lower.contains("mapping values are not allowed")
    {
        return (
            rule::YAML_SYNTAX,
            format!("this is not valid YAML: {text}"),
            "check indentation, colons, brackets and quotes; quote values that begin with a special character such as `≥`, `*` or `@`".into(),
        );
    }
    if lower.contains("budget") || lower.contains("limit") || lower.contains("exceed") {
        return (
            rule::YAML_LIMIT,
            format!("this file is too large or too deeply nested to read safely ({text})"),
            format!(
                "split it into several files; a file may nest {MAX_DEPTH} levels, hold {MAX_NODES} values and {MAX_ALIASES} aliases"
            ),
        );
    }
    if lower.contains("expected")
        || lower.contains("invalid type")
        || lower.contains("cannot deserialize")
    {
        return (
            rule::WRONG_SHAPE,
            format!("unexpected value here: {text}"),
            "check the indentation and the shape this key takes in docs/format.md (a single value, a mapping `key: value`, or a list `- item`)".into(),
        );
    }
    (
        rule::YAML_SYNTAX,
        format!("this is not valid YAML: {text}"),
        "check indentation, colons and quotes; quote values that begin with a special character such as `≥`, `*` or `@`".into(),
    )
}

fn unknown_key_hint(key: &str, allowed: &str) -> String {
    let keys: Vec<&str> = allowed
        .split(',')
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let close = keys
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min();
    let list = keys.join(", ");
    match close {
        Some((_, k)) => format!("did you mean `{k}`? keys allowed here: {list}"),
        None if list.is_empty() => "remove this key".into(),
        None => format!("keys allowed here: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        disclosure: Option<Spanned<String>>,
        total: Spanned<String>,
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let d = parse::<T>("a.yaml", "disclosur: x\ntotal: 1\n").unwrap_err();
        assert_eq!(d.rule, rule::UNKNOWN_KEY);
        assert_eq!((d.line, d.column), (1, 1));
        assert_eq!(d.message.en(), "unknown key `disclosur`");
        assert_eq!(
            d.hint.as_ref().map(|h| h.en()),
            Some("did you mean `disclosure`? keys allowed here: disclosure, total")
        );
    }

    #[test]
    fn duplicate_key_is_an_error_at_the_second_key() {
        let d = parse::<T>("a.yaml", "total: 1\ntotal: 2\n").unwrap_err();
        assert_eq!(d.rule, rule::DUPLICATE_KEY);
        assert_eq!((d.line, d.column), (2, 1));
    }

    #[test]
    fn bare_numbers_keep_their_text() {
        let t: T = parse("a.yaml", "total: 135.50\n").unwrap();
        assert_eq!(t.total.value, "135.50");
        assert_eq!(pos(&t.total), (1, 8));
    }

    #[test]
    fn alias_bomb_and_deep_nesting_stop_fast() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        bomb.push_str("total: 1\n");
        let d = parse::<serde::de::IgnoredAny>("a.yaml", &bomb).unwrap_err();
        assert_eq!(d.rule, rule::YAML_LIMIT, "{d:?}");
        let deep = format!("total: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let d = parse::<serde::de::IgnoredAny>("a.yaml", &deep).unwrap_err();
        assert_eq!(d.rule, rule::YAML_LIMIT, "{d:?}");
    }
}
