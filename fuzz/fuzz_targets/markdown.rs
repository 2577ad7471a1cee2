//! Fuzz target: Markdown with redaction markers, as a body and as a one-line field. Nothing
//! may panic or hang; the HTML must hold only allow-listed tags and attributes with safe link
//! targets; and a character that appears only inside withheld passages (`龘`, when the text
//! has no `&` that could spell it as an entity) must not reach the HTML or any error message.

#![no_main]

use gongkai::model::markers::{self, Lang};
use gongkai::model::text::Segment;
use gongkai::view::markdown::{inline_to_html, to_html};
use libfuzzer_sys::fuzz_target;

const SECRET: char = '龘';

const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "sup",
    "section",
    "div",
    "span",
];
const ATTRIBUTES: &[&str] = &["href", "src", "alt", "start", "id", "class", "rel", "role"];

/// A URL's scheme as a browser reads it, if it has one.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .replace("&amp;", "&")
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    let name = &url[..end];
    // Only `[a-zA-Z][a-zA-Z0-9+.-]*` is a scheme; anything else makes a relative URL.
    let is_scheme = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (url[end..].starts_with(':') && is_scheme).then(|| name.to_ascii_lowercase())
}

/// Every tag of serialised HTML (a raw `<` in text is always escaped, so each one opens a
/// tag), checked against the allow-list.
fn check_html(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .expect("an unclosed tag")
            .0;
        let inner = tag[..end].trim_start_matches('/').trim_end_matches('/');
        let name = inner.split([' ', '\n']).next().unwrap_or("");
        assert!(TAGS.contains(&name), "tag <{name}> in {html:?}");
        let mut attrs = inner[name.len()..].trim();
        while !attrs.is_empty() {
            let (key, after) = attrs.split_once("=\"").expect("a quoted attribute");
            let (value, after) = after.split_once('"').expect("a closed attribute");
            let key = key.trim();
            assert!(ATTRIBUTES.contains(&key), "attribute {key} in {html:?}");
            if key == "href" || key == "src" {
                if let Some(s) = scheme(value) {
                    assert!(
                        ["http", "https", "mailto"].contains(&s.as_str()),
                        "{key}={value:?}"
                    );
                }
                assert!(
                    !value.trim_start().starts_with("//") || key == "href",
                    "{value:?}"
                );
            }
            attrs = after.trim();
        }
        rest = &tag[end + 1..];
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let watch = text.contains(SECRET) && !text.contains('&');
    let redacted = match markers::parse(text) {
        Ok(r) => r,
        Err(errors) => {
            for e in errors {
                assert!(!e.message.texts().iter().any(|t| t.contains(SECRET)) && !e.hint.texts().iter().any(|t| t.contains(SECRET)));
            }
            return;
        }
    };
    let public_has_it = redacted
        .segments
        .iter()
        .any(|s| matches!(s, Segment::Text(t) if t.contains(SECRET)));
    let placeholder = redacted.placeholder_text();
    for (lang, html) in [
        (Lang::Zh, to_html(&placeholder, Lang::Zh)),
        (Lang::En, inline_to_html(&placeholder, Lang::En)),
    ] {
        check_html(&html);
        if watch && !public_has_it {
            assert!(!html.contains(SECRET), "withheld text in {html:?}");
            assert!(!redacted.plain_text(lang).contains(SECRET));
        }
    }
});
