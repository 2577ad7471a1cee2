//! Markdown to safe HTML for bodies and text fields. The input is the placeholder text made by
//! `model::markers` (withheld parts are already gone, each replaced by a private-use token), and
//! nothing else in it is trusted: raw HTML is shown as text, links keep only http, https, mailto or
//! relative targets, images only relative sources (a page loads nothing from outside), and the
//! result passes through an ammonia allow-list before each token becomes a fixed marker naming the
//! reason. No I/O here, no templates, and no access to withheld text: the marker HTML must be the
//! same whatever was hidden, and output must be byte-for-byte deterministic.

mod clean;
mod events;

use crate::model::markers::Lang;
use clean::{SANITIZER, fill_placeholders};
use events::Filter;
use pulldown_cmark::{Options, Parser};

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
    let mut filter = Filter::new(inline);
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

#[cfg(test)]
mod tests {
    use super::events::{Target, target};
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
