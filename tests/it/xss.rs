//! Cross-site scripting: a site whose every text field and Markdown body carries script
//! payloads (raw HTML, `javascript:`/`data:`/`vbscript:` URLs entity-encoded, in mixed case and
//! behind spaces, attribute- and tag-breaking titles, `</script>` in values) builds, and every
//! output page, parsed as a browser would parse it, has no script but the theme's, no event
//! attribute, no active element and no URL with a script-capable scheme, while the payloads
//! are still there to read, as text.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};
use scraper::{ElementRef, Html};
use std::collections::BTreeSet;

/// Markdown that tries every way into a page; each payload calls `alert` with its own number.
const MARKDOWN: &str = r#"
<script>alert(201)</script>

<img src=x onerror=alert(202)>

<a href="javascript:alert(203)">raw link</a>

[a1](javascript:alert(204)) [a2](JaVaScRiPt:alert(205)) [a3](  javascript:alert(206))
[a4](&#106;avascript:alert(207)) [a5](&#x6A;avascript&#x3A;alert(208))
[a6](java&#x09;script:alert(209)) [a7](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMTApPC9zY3JpcHQ+)
[a8](vbscript:msgbox(211)) [a9](DATA:text/html,<script>alert(212)</script>)
<javascript:alert(213)> ![i1](javascript:alert(214)) ![i2](data:image/svg+xml,<svg/onload=alert(215)>)
[r1] [a10](<javascript:alert(217)>) [a11](&#0000106avascript:alert(218))
[a12](&#10;javascript:alert(219)) [a13](https://example.com/" onmouseover="alert(223))
[a14](#" onclick="alert(228)) [a15](\javascript:alert(229)) [a16](java%0ascript:alert(230))

[r1]: javascript:alert(216)

<iframe src="javascript:alert(220)"></iframe>

<svg><script>alert(221)</script></svg>

<math><mi xlink:href="javascript:alert(222)">x</mi></math>

`<script>alert(224)</script>`

```html
<script>alert(225)</script>
```

<details open ontoggle=alert(226)>

<style>body{background:url(javascript:alert(227))}</style>

<form action="javascript:alert(231)"><button formaction="javascript:alert(232)">b</button></form>

<meta http-equiv="refresh" content="0;url=javascript:alert(233)">

<base href="javascript:alert(234)//">

<object data="javascript:alert(235)"></object><embed src="javascript:alert(236)">
"#;

/// Plain-text payloads that break out of text, attributes, titles and script blocks.
const TITLE: &str = "<script>alert(101)</script>";
const ATTR: &str = "\"><img src=x onerror=alert(102)>";
const SINGLE: &str = "'><svg onload=alert(103)>";
const END_TITLE: &str = "</title><script>alert(104)</script>";
const END_SCRIPT: &str = "</script><script>alert(105)</script>";
const ON_ATTR: &str = "\" onmouseover=\"alert(106)";
const JS_TEXT: &str = "javascript:alert(107)";

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The minimal fixture with a payload in every field that reaches a page.
fn hostile_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "site.yaml",
        &format!(
            "title: {}\nbase_url: https://example.gov.cn/yjgk/\nlanguage: zh-CN\nmoney_unit: 万元\nowner: {}\ndescription: {}\nfooter: {{ icp: {}, contact: {}, address: {}, police: {}, site_code: {} }}\n",
            q(&format!("测试县{TITLE}")),
            q(ATTR),
            q(SINGLE),
            q(END_TITLE),
            q(JS_TEXT),
            q(END_SCRIPT),
            q(ON_ATTR),
            q("\u{202E}alert(108)")
        ),
    );
    site.write(
        "content/demo/region.yaml",
        &format!(
            "name: {}\nlevel: 县\nunits:\n  - {{ id: jtj, name: {} }}\n  - {{ id: czj, name: {} }}\n",
            q(&format!("测试县{END_TITLE}")),
            q(ATTR),
            q(END_SCRIPT)
        ),
    );
    let goal = "content/demo/2024/goals/road.yaml";
    site.write(
        goal,
        &site
            .read(goal)
            .replace_checked(
                "{ name: 乡村道路养护项目 }",
                &format!("{{ name: {} }}", q(ON_ATTR)),
            )
            .replace_checked(
                "objective: 完成 86 公里农村公路日常养护。",
                &format!("objective: {}", q(MARKDOWN)),
            )
            .replace_checked("name: 养护里程", &format!("name: {}", q(TITLE)))
            .replace_checked("target: 有效改善", &format!("target: {}", q(JS_TEXT)))
            .replace_checked("unit: 公里", &format!("unit: {}", q(SINGLE))),
    );
    let mon = "content/demo/2024/monitoring/road-2024-05.yaml";
    site.write(
        mon,
        &site
            .read(mon)
            .replace_checked(
                "deviation: 冬季施工受限，进度偏慢。",
                &format!("deviation: {}", q(MARKDOWN)),
            )
            .replace_checked(
                "measures: 调整施工计划。",
                &format!("measures: {}", q(END_SCRIPT)),
            ),
    );
    let eval = "content/demo/2024/evaluations/road-eval.md";
    site.write(
        eval,
        &format!(
            "{}{MARKDOWN}",
            site.read(eval)
                .replace_checked(
                    "title: 乡村道路养护项目评价报告",
                    &format!("title: {}", q(TITLE))
                )
                .replace_checked(
                    "evaluator: 某某会计师事务所",
                    &format!("evaluator: {}", q(SINGLE))
                )
        ),
    );
    site.write(
        "content/demo/2024/evaluations/stub.yaml",
        &format!(
            "id: stub\ntype: 部门评价\ntitle: 不公开的报告\nsubject: {{ unit: czj }}\nfunds: \"1万元\"\ndisclosure: {{ status: 不予公开, reason: 其他, public_title: {}, note: {} }}\n",
            q(END_TITLE),
            q(MARKDOWN)
        ),
    );
    site.write(
        "content/_index.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\n---\n{MARKDOWN}",
            q(END_TITLE),
            q(ATTR)
        ),
    );
    site.write(
        "content/demo/2024/_index.md",
        &format!("---\ntitle: {}\n---\n{MARKDOWN}", q(TITLE)),
    );
    site
}

/// A URL as a browser reads it: tabs and line breaks dropped, controls and spaces trimmed,
/// lowercased.
fn scheme_of(url: &str) -> String {
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    url.trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
        .split(':')
        .next()
        .unwrap_or("")
        .to_string()
}

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "cite",
    "srcset",
    "ping",
    "manifest",
    "lowsrc",
    "dynsrc",
    "codebase",
    "longdesc",
];

const ACTIVE: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "input", "button",
    "textarea", "select", "svg", "math", "details", "template", "portal",
];

/// An element as the theme writes it: its name, its attributes' names, and for a script its
/// source (without the relative prefix) and text. The theme's own forms, buttons, charts and
/// scripts have these shapes on a site with no hostile content.
fn shape(el: ElementRef<'_>) -> String {
    let e = el.value();
    let mut attrs: Vec<&str> = e.attrs().map(|(a, _)| a).collect();
    attrs.sort_unstable();
    let mut s = format!("{}[{}]", e.name(), attrs.join(","));
    if e.name() == "script" {
        let src = e
            .attr("src")
            .unwrap_or("")
            .trim_start_matches("../")
            .trim_start_matches("/yjgk/");
        s.push_str(&format!(" {src} {}", el.text().collect::<String>()));
    }
    s
}

/// The shapes of the active elements and scripts the theme writes on a clean site.
fn theme_shapes() -> BTreeSet<String> {
    let site = Site::fixture("minimal");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut shapes = BTreeSet::new();
    for (path, bytes) in snapshot(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for node in doc.root_element().descendants() {
            if let Some(el) = ElementRef::wrap(node) {
                let name = el.value().name();
                if ACTIVE.contains(&name) || name == "script" {
                    shapes.insert(shape(el));
                }
            }
        }
    }
    shapes
}

/// Every way `el` could run script; empty when it cannot. `theme` holds the shapes of the
/// theme's own active elements, which are expected.
fn dangers(el: ElementRef<'_>, theme: &BTreeSet<String>) -> Vec<String> {
    let e = el.value();
    let name = e.name().to_ascii_lowercase();
    let mut found = Vec::new();
    let expected = theme.contains(&shape(el));
    if ACTIVE.contains(&name.as_str()) && !expected {
        found.push(format!("a <{name}> element"));
    }
    if name == "script" && !expected {
        let text: String = el.text().collect();
        let src = e.attr("src").unwrap_or("");
        let theirs = text.contains("alert") || src.contains("alert");
        let ours = (src.is_empty() || src.trim_start_matches("../").starts_with("assets/"))
            && e.attrs()
                .all(|(a, _)| matches!(a, "src" | "type" | "defer" | "async"));
        if theirs || !ours {
            found.push(format!("a script: src={src:?} {text:?}"));
        }
    }
    if name == "style" && el.text().any(|t| t.contains("alert") || t.contains("url(")) {
        found.push("a style element from content".into());
    }
    if name == "meta" && e.attr("http-equiv").is_some() {
        found.push("a meta http-equiv".into());
    }
    for (attr, value) in e.attrs() {
        let attr = attr.to_ascii_lowercase();
        if attr.starts_with("on") {
            found.push(format!("event attribute {attr}={value:?}"));
        }
        if attr == "style" && (value.contains("alert") || value.contains("url(")) {
            found.push(format!("style={value:?}"));
        }
        if URL_ATTRIBUTES.contains(&attr.as_str()) {
            for url in value.split(',') {
                let scheme = scheme_of(url);
                if ["javascript", "data", "vbscript"].contains(&scheme.as_str()) {
                    found.push(format!("{attr}={value:?}"));
                }
            }
        }
    }
    found
}

fn text_of(doc: &Html) -> String {
    doc.root_element().text().collect()
}

#[test]
fn payloads_in_every_field_stay_inert_text() {
    let site = hostile_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path().join("public"));
    let theme = theme_shapes();
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".json") {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes) {
                problems.push(format!("{path}: not valid JSON: {e}"));
            }
            continue;
        }
        if path.ends_with(".xml") || path.ends_with(".txt") {
            // Titles in the feed carry payloads as escaped text; markup must never be live.
            let live = [
                "<script",
                "<img",
                "<svg",
                "<iframe",
                "href=\"javascript",
                "href=\"data:",
            ];
            if live.iter().any(|m| text.to_ascii_lowercase().contains(m)) {
                problems.push(format!("{path}: carries live markup"));
            }
            continue;
        }
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&text);
        for node in doc.root_element().descendants() {
            if let Some(el) = ElementRef::wrap(node) {
                for d in dangers(el, &theme) {
                    problems.push(format!("{path}: {d}"));
                }
            }
        }
    }
    assert!(pages > 10, "{pages} pages");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn payloads_are_shown_as_written() {
    let site = hostile_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = |p: &str| Html::parse_document(&site.read(&format!("public/{p}")));
    let home = page("index.html");
    let home_text = text_of(&home);
    for payload in [TITLE, END_TITLE, JS_TEXT, "<script>alert(201)</script>"] {
        assert!(
            home_text.contains(payload),
            "home page lacks {payload:?} as text"
        );
    }
    let eval = text_of(&page("demo/2024/evaluations/road-eval/index.html"));
    for payload in [
        TITLE,
        SINGLE,
        "<iframe src=\"javascript:alert(220)\"></iframe>",
    ] {
        assert!(eval.contains(payload), "report lacks {payload:?} as text");
    }
    let goal = text_of(&page("demo/2024/goals/road/index.html"));
    for payload in [ON_ATTR, TITLE, SINGLE, JS_TEXT, ATTR] {
        assert!(goal.contains(payload), "goal lacks {payload:?} as text");
    }
    let register = text_of(&page("withheld/index.html"));
    assert!(register.contains(END_TITLE), "the stub title is text");
    // The link text stays when its dangerous target is dropped.
    assert!(eval.contains("a1") && eval.contains("a7"));
}

#[test]
fn a_base_url_that_breaks_out_of_attributes_is_refused() {
    let site = Site::fixture("minimal");
    for bad in [
        "https://example.gov.cn/\"><script>alert(1)</script>",
        "https://example.gov.cn/'onmouseover='alert(1)'",
        "https://example.gov.cn/<x>",
        "javascript:alert(1)//",
        "JAVASCRIPT://example.gov.cn/%0aalert(1)",
        "data:text/html,x",
    ] {
        site.write(
            "site.yaml",
            &site
                .read("site.yaml")
                .lines()
                .map(|l| {
                    if l.starts_with("base_url:") {
                        format!("base_url: {}", q(bad))
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let run = site.check();
        assert_eq!(run.code, 1, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("error[E060]"), "{bad}: {}", run.stderr);
    }
}
