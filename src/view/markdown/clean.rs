//! The HTML made from Markdown, cleaned: an ammonia allow-list (the second line of defence
//! after the event filter), then each placeholder token replaced by its fixed marker.

use super::events::image_allowed;
use crate::model::markers::{Lang, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, REASONS, marker_text};
use ammonia::Builder;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The allow-list, built once. Classes and `role` for markers are added after cleaning.
pub(super) static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let tags = [
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
    let attributes = HashMap::from([
        ("a", HashSet::from(["href"])),
        ("img", HashSet::from(["src", "alt"])),
        ("ol", HashSet::from(["start"])),
        ("div", HashSet::from(["id"])),
    ]);
    let classes = HashMap::from([
        ("span", HashSet::from(["withheld"])),
        ("div", HashSet::from(["withheld-block", "footnote"])),
    ]);
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from(tags))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .allowed_classes(classes)
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(check_attribute);
    builder
});

/// Second line of defence after [`Filter`]: images stay relative, ids are footnote ids.
fn check_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let ok = match (element, attribute) {
        ("img", "src") => image_allowed(value),
        ("div", "id") => value
            .strip_prefix("fn-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        _ => true,
    };
    ok.then_some(Cow::Borrowed(value))
}

/// Replaces each placeholder token in sanitised HTML with its fixed marker: a paragraph that is a
/// block token becomes a `div`, a token in text a `span`, a token inside a tag plain label text.
/// Stray placeholder characters are dropped.
pub(super) fn fill_placeholders(html: &str, lang: Lang) -> String {
    if !html.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let (mut in_tag, mut in_quote) = (false, false);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && let Some((reason, after)) = block_paragraph(rest) {
            out.push_str(&format!(
                "<div class=\"withheld-block\" role=\"note\"><p>{}</p></div>",
                marker_text(reason, lang)
            ));
            rest = after;
            continue;
        }
        if let Some((reason, _, after)) = token(rest) {
            if in_tag {
                out.push_str(&marker_text(reason, lang));
            } else {
                let label = marker_text(reason, lang);
                out.push_str(&format!(
                    "<span class=\"withheld\" role=\"note\">{label}</span>"
                ));
            }
            rest = after;
            continue;
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quote = !in_quote,
            '>' if in_tag && !in_quote => in_tag = false,
            _ => {}
        }
        if c != PLACEHOLDER_OPEN && c != PLACEHOLDER_CLOSE {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A placeholder token at the start of `s`: its reason, whether it is a block, and what follows.
fn token(s: &str) -> Option<(&'static str, bool, &str)> {
    let mut chars = s.strip_prefix(PLACEHOLDER_OPEN)?.chars();
    let block = match chars.next()? {
        'B' => true,
        'S' => false,
        _ => return None,
    };
    let index = chars.next()?.to_digit(10)?;
    let reason = REASONS.get(usize::try_from(index).ok()?)?;
    Some((
        reason,
        block,
        chars.as_str().strip_prefix(PLACEHOLDER_CLOSE)?,
    ))
}

/// `<p>` + a block token + `</p>` at the start of `s`: the reason and what follows.
fn block_paragraph(s: &str) -> Option<(&'static str, &str)> {
    let (reason, block, rest) = token(s.strip_prefix("<p>")?)?;
    Some((reason, rest.strip_prefix("</p>").filter(|_| block)?))
}
