//! The parser's events, rewritten before they become HTML: raw HTML to text, unsafe links and
//! external images dropped (their text stays), headings shifted, footnotes numbered with ids of
//! our own; in inline mode, every block tag dropped.

use crate::model::markers::{PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// Rewrites parser events: raw HTML to text, unsafe links and external images dropped (their text
/// stays), headings shifted, footnotes numbered with ids of our own; in `inline` mode, every block
/// tag dropped.
#[derive(Default)]
pub(super) struct Filter {
    inline: bool,
    /// For each open link, whether its tag is kept.
    links: Vec<bool>,
    /// For each open image, whether its tag is kept.
    images: Vec<bool>,
    /// Footnote labels in order of first appearance; a label's number is its position + 1.
    footnotes: Vec<String>,
}

impl Filter {
    /// A filter for a body (`inline` false) or a one-line field.
    pub(super) fn new(inline: bool) -> Filter {
        Filter {
            inline,
            ..Filter::default()
        }
    }

    pub(super) fn map<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::InlineMath(raw) | Event::DisplayMath(raw) => Some(Event::Text(raw)),
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                let html = format!("<sup><a href=\"#fn-{n}\">{n}</a></sup>");
                Some(Event::InlineHtml(CowStr::from(html)))
            }
            Event::Rule if self.inline => None,
            Event::TaskListMarker(_) => None,
            other => Some(other),
        }
    }

    fn start<'a>(&mut self, tag: Tag<'a>) -> Option<Event<'a>> {
        if self.inline && is_block(&tag) {
            return None;
        }
        let tag = match tag {
            Tag::Heading { level, .. } => Tag::Heading {
                level: shift(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            },
            Tag::Link { ref dest_url, .. } => {
                let keep = link_allowed(dest_url);
                self.links.push(keep);
                keep.then_some(tag)?
            }
            Tag::Image { ref dest_url, .. } => {
                let keep = image_allowed(dest_url);
                self.images.push(keep);
                keep.then_some(tag)?
            }
            Tag::HtmlBlock => Tag::Paragraph,
            Tag::FootnoteDefinition(label) => {
                let n = self.footnote_number(&label);
                let html = format!("<div class=\"footnote\" id=\"fn-{n}\"><sup>{n}</sup>\n");
                return Some(Event::Html(CowStr::from(html)));
            }
            other => other,
        };
        Some(Event::Start(tag))
    }

    fn end<'a>(&mut self, tag: TagEnd) -> Option<Event<'a>> {
        let tag = match tag {
            TagEnd::Link => self.links.pop().unwrap_or(false).then_some(tag)?,
            TagEnd::Image => self.images.pop().unwrap_or(false).then_some(tag)?,
            _ if self.inline && is_block_end(tag) => return None,
            TagEnd::Heading(level) => TagEnd::Heading(shift(level)),
            TagEnd::HtmlBlock => TagEnd::Paragraph,
            TagEnd::FootnoteDefinition => return Some(Event::Html(CowStr::from("</div>\n"))),
            other => other,
        };
        Some(Event::End(tag))
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let index = self.footnotes.iter().position(|l| l == label);
        index.unwrap_or_else(|| {
            self.footnotes.push(label.to_owned());
            self.footnotes.len() - 1
        }) + 1
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// One level down: the page has its own `<h1>`.
fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// What a URL points at, read the way a browser would.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A path on this site: `a/b.png`, `/a`, `#x`, `?q`.
    Relative,
    /// `//host/…`: another site, scheme taken from the page.
    OtherHost,
    /// `http:`, `https:` or `mailto:`.
    Allowed,
    /// Any other scheme (`javascript:`, `data:`, …), or anything that looks like one.
    Forbidden,
}

pub(super) fn target(url: &str) -> Target {
    // Browsers drop tabs and line breaks anywhere and trim controls and spaces at the ends.
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut chars = url.chars();
    if matches!(chars.next(), Some('/' | '\\')) && matches!(chars.next(), Some('/' | '\\')) {
        return Target::OtherHost;
    }
    let Some(colon) = url
        .find([':', '/', '?', '#'])
        .filter(|&i| url[i..].starts_with(':'))
    else {
        return Target::Relative;
    };
    match url[..colon].to_ascii_lowercase().as_str() {
        "http" | "https" | "mailto" => Target::Allowed,
        _ => Target::Forbidden,
    }
}

/// A link stays unless its scheme is forbidden or part of its URL is withheld.
fn link_allowed(url: &str) -> bool {
    !url.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) && target(url) != Target::Forbidden
}

/// An image stays only with a relative URL, none of it withheld.
pub(super) fn image_allowed(url: &str) -> bool {
    !url.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) && target(url) == Target::Relative
}
