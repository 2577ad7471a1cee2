//! Markdown to safe HTML for bodies and text fields. The input is the placeholder text made by
//! `model::markers` (withheld parts are already gone, each replaced by a private-use token), and
//! nothing else in it is trusted: raw HTML is shown as text, links keep only http, https, mailto or
//! relative targets, images only relative sources (a page loads nothing from outside), and the
//! result passes through an ammonia allow-list before each token becomes a fixed marker naming the
//! reason. No I/O here, no templates, and no access to withheld text: the marker HTML must be the
//! same whatever was hidden, and output must be byte-for-byte deterministic.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::markers::{Lang, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, REASONS, marker_text};

/// Render trusted-nothing Markdown to sanitised HTML. Raw HTML in the source is escaped and shown
/// as text, never interpreted. Headings move down one level (`#` gives `<h2>`).
pub fn to_html(placeholder_text: &str, lang: Lang) -> String {
    render(placeholder_text, false, lang)
}

/// Same for a one-line text field (no `<p>` wrapper): inline Markdown only. Line breaks become
/// spaces, and a line start that would open a block (`# `, `- `, `1. `, `> `…) stays text.
pub fn inline_to_html(placeholder_text: &str, lang: Lang) -> String {
    render(&one_line(placeholder_text), true, lang)
}

fn render(source: &str, inline: bool, lang: Lang) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut filter = Filter {
        inline,
        ..Filter::default()
    };
    let events = super::nesting::limit(
        Parser::new_ext(source, options),
        super::nesting::MAX_NESTING,
    )
    .filter_map(|event| filter.map(event));
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let clean = SANITIZER.clean(&html).to_string();
    fill_placeholders(&clean, lang)
}

/// Rewrites parser events: raw HTML to text, unsafe links and external images dropped (their text
/// stays), headings shifted, footnotes numbered with ids of our own; in `inline` mode, every block
/// tag dropped.
#[derive(Default)]
struct Filter {
    inline: bool,
    /// For each open link, whether its tag is kept.
    links: Vec<bool>,
    /// For each open image, whether its tag is kept.
    images: Vec<bool>,
    /// Footnote labels in order of first appearance; a label's number is its position + 1.
    footnotes: Vec<String>,
}

impl Filter {
    fn map<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
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
enum Target {
    /// A path on this site: `a/b.png`, `/a`, `#x`, `?q`.
    Relative,
    /// `//host/…`: another site, scheme taken from the page.
    OtherHost,
    /// `http:`, `https:` or `mailto:`.
    Allowed,
    /// Any other scheme (`javascript:`, `data:`, …), or anything that looks like one.
    Forbidden,
}

fn target(url: &str) -> Target {
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
fn image_allowed(url: &str) -> bool {
    !url.contains([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE]) && target(url) == Target::Relative
}

/// The allow-list, built once. Classes and `role` for markers are added after cleaning.
static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
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

/// Collapses a field to one line and escapes a start that would open a block.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let line = words.join(" ");
    match block_start(&line) {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line,
    }
}

/// Where to put a backslash so that `line` does not open a block, if it would.
fn block_start(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    let spaced = |rest: &str| rest.chars().next().is_none_or(|c| c == ' ' || c == '\t');
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let bullet = matches!(first, '-' | '+' | '*') && spaced(&line[1..]);
    let heading = (1..=6).contains(&hashes) && spaced(&line[hashes..]);
    let fence = line.starts_with("```") || line.starts_with("~~~");
    let definition = first == '['
        && line
            .find(']')
            .is_some_and(|i| line[i + 1..].starts_with(':'));
    if bullet || heading || fence || definition || first == '>' || is_rule(line) {
        return Some(0);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let delimited = line[digits..].starts_with(['.', ')']) && spaced(&line[digits + 1..]);
    ((1..=9).contains(&digits) && delimited).then_some(digits)
}

/// Whether `line` is a thematic break such as `***`, `- - -` or `___`.
fn is_rule(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next() else {
        return false;
    };
    matches!(first, '*' | '-' | '_') && marks.clone().count() >= 2 && marks.all(|c| c == first)
}

/// Replaces each placeholder token in sanitised HTML with its fixed marker: a paragraph that is a
/// block token becomes a `div`, a token in text a `span`, a token inside a tag plain label text.
/// Stray placeholder characters are dropped.
fn fill_placeholders(html: &str, lang: Lang) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markers::parse;

    fn html(markdown: &str) -> String {
        to_html(markdown, Lang::Zh)
    }

    /// parse() + to_html(), as the pipeline does.
    fn public(markdown: &str, lang: Lang) -> String {
        to_html(&parse(markdown).expect("markers").placeholder_text(), lang)
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
        assert_eq!(
            html("看 <img src=x onerror=alert(1)> 图"),
            "<p>看 &lt;img src=x onerror=alert(1)&gt; 图</p>\n"
        );
        let out = html("<div onclick=x>a</div>\n\n<!-- c --> <a href=javascript:x>b</a>");
        assert!(
            !out.contains("<div") && !out.contains("<a ") && !out.contains("<!--"),
            "{out}"
        );
    }

    #[test]
    fn unsafe_link_schemes_lose_their_link() {
        let cases = [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( javascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](data:text/html;base64,xx)",
            "[x](vbscript:msgbox)",
            "[x](<java\tscript:alert(1)>)",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ];
        for case in cases {
            assert_eq!(html(case), "<p>x</p>\n", "{case}");
        }
        assert_eq!(
            html("<javascript:alert(1)>"),
            "<p>javascript:alert(1)</p>\n"
        );
    }

    #[test]
    fn safe_links_are_kept_with_rel() {
        let out = html("[a](https://x.example/?q=1&r=2) [b](../up/) [c](mailto:a@b.example)");
        let rel = "rel=\"noopener noreferrer\"";
        assert!(out.contains(&format!(
            "<a href=\"https://x.example/?q=1&amp;r=2\" {rel}>a</a>"
        )));
        assert!(
            out.contains(&format!("<a href=\"../up/\" {rel}>b</a>")),
            "{out}"
        );
        assert!(out.contains(&format!("<a href=\"mailto:a@b.example\" {rel}>c</a>")));
    }

    #[test]
    fn only_relative_images_stay() {
        assert_eq!(html("![外部](https://evil.example/x.png)"), "<p>外部</p>\n");
        assert_eq!(html("![外部](http://evil.example/x.png)"), "<p>外部</p>\n");
        assert_eq!(html("![外部](//evil.example/x.png)"), "<p>外部</p>\n");
        assert_eq!(html("![外部](/\\evil.example/x.png)"), "<p>外部</p>\n");
        assert_eq!(html("![外部](data:image/png;base64,xx)"), "<p>外部</p>\n");
        assert_eq!(
            html("![图](img/x.png)"),
            "<p><img src=\"img/x.png\" alt=\"图\"></p>\n"
        );
    }

    #[test]
    fn urls_are_read_as_browsers_read_them() {
        assert_eq!(target(" \tjava\nscript:x"), Target::Forbidden);
        assert_eq!(target("a:b"), Target::Forbidden);
        assert_eq!(target("HTTPS://x"), Target::Allowed);
        assert_eq!(target("\\\\x/y"), Target::OtherHost);
        assert_eq!(target("a/b:c"), Target::Relative);
        assert_eq!(target("#fn-1"), Target::Relative);
    }

    #[test]
    fn tables_footnotes_and_inline_styles_render() {
        let out =
            html("| 指标 | 值 |\n|:-:|--:|\n| 里程 | 86 |\n\n~~删~~ 脚注[^a]\n\n[^a]: 说明\n");
        let table = "<table><thead><tr><th>指标</th><th>值</th></tr></thead><tbody>\n\
                     <tr><td>里程</td><td>86</td></tr>\n</tbody></table>\n";
        assert!(out.starts_with(table), "{out}");
        assert!(
            out.contains("<del>删</del>") && !out.contains("style"),
            "{out}"
        );
        assert!(out.contains("<sup><a href=\"#fn-1\" rel=\"noopener noreferrer\">1</a></sup>"));
        assert!(
            out.contains("<div class=\"footnote\" id=\"fn-1\"><sup>1</sup>"),
            "{out}"
        );
    }

    #[test]
    fn headings_move_down_one_level() {
        assert_eq!(
            html("# 一\n\n## 二\n\n###### 六"),
            "<h2>一</h2>\n<h3>二</h3>\n<h6>六</h6>\n"
        );
    }

    #[test]
    fn block_redaction_in_list_and_paragraph_gives_the_marker() {
        let src = "- 一\n- 二\n::: redact 个人信息\n张三 13800000000\n:::\n- 三\n\n开始\n::: redact 商业秘密\n报价单\n:::\n继续\n";
        let out = public(src, Lang::Zh);
        let block = |r: &str| {
            format!("<div class=\"withheld-block\" role=\"note\"><p>〔不予公开：{r}〕</p></div>")
        };
        assert!(
            out.contains(&format!("</ul>\n{}\n<ul>", block("个人信息"))),
            "{out}"
        );
        assert!(
            out.contains(&format!("<p>开始</p>\n{}\n<p>继续</p>", block("商业秘密"))),
            "{out}"
        );
        assert!(!out.contains("张三") && !out.contains("13800000000") && !out.contains("报价单"));
        let en = public(src, Lang::En);
        assert!(
            en.contains("<p>[Withheld: commercial secret]</p></div>"),
            "{en}"
        );
    }

    #[test]
    fn tokens_elsewhere_still_become_markers() {
        let out = public(
            "| a |\n|---|\n| [甲]{redact 其他} |\n\n![[乙]{redact 其他}](a.png)",
            Lang::Zh,
        );
        assert!(
            out.contains(
                "<td><span class=\"withheld\" role=\"note\">〔不予公开：其他〕</span></td>"
            )
        );
        assert!(
            out.contains("<img src=\"a.png\" alt=\"〔不予公开：其他〕\">"),
            "{out}"
        );
        let code = public("```\n::: redact 其他\n丙\n:::\n```\n", Lang::Zh);
        assert!(code.contains("<span class=\"withheld\" role=\"note\">〔不予公开：其他〕</span>"));
        assert!(!html("a\u{E000}S9\u{E001}b\u{E000}").contains(['\u{E000}', '\u{E001}']));
    }

    #[test]
    fn withheld_text_never_reaches_the_html() {
        let src = "# 标题[秘一]{redact 其他}\n\n> 引用[秘二]{redact 其他}\n\n\
                   [链接[秘三]{redact 其他}](https://x.example/[秘四]{redact 其他})\n\n\
                   ![[秘五]{redact 其他}]([秘六]{redact 其他}.png)\n\n`[秘七]{redact 其他}`\n\n\
                   ::: redact 国家秘密\n秘八\n:::\n\n脚注[^1]\n\n[^1]: [秘九]{redact 其他}\n";
        let parsed = parse(src).unwrap();
        assert_eq!(parsed.secrets.len(), 9);
        for lang in [Lang::Zh, Lang::En] {
            let text = parsed.placeholder_text();
            for out in [to_html(&text, lang), inline_to_html(&text, lang)] {
                for secret in &parsed.secrets {
                    assert!(!out.contains(secret.as_str()), "{secret} in {out}");
                }
                assert!(
                    !out.contains("%E7%A7%98") && !out.contains("%EE%80"),
                    "{out}"
                );
            }
        }
    }

    #[test]
    fn inline_fields_render_inline_markdown_only() {
        assert_eq!(
            inline_to_html("# 不是标题 *强调* <b>x</b>\n  第二行", Lang::Zh),
            "# 不是标题 <em>强调</em> &lt;b&gt;x&lt;/b&gt; 第二行"
        );
        for text in [
            "- 项",
            "2024. 年度",
            "> 引",
            "***",
            "```x",
            "[a]: http://x",
            "1) 项",
        ] {
            assert_eq!(
                inline_to_html(text, Lang::Zh),
                text.replace('>', "&gt;"),
                "{text}"
            );
        }
        let withheld = parse("供应商[某某]{redact 商业秘密}")
            .unwrap()
            .placeholder_text();
        assert_eq!(
            inline_to_html(&withheld, Lang::En),
            "供应商<span class=\"withheld\" role=\"note\">[Withheld: commercial secret]</span>"
        );
    }
}
