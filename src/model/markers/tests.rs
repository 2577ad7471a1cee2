//! Tests of the marker parser and the public forms of withheld text.

use super::parse::PRIVATE_USE;
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
        .map(|e| (e.line, e.col, e.message.en().to_string()))
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
            assert!(
                error
                    .message
                    .texts()
                    .iter()
                    .chain(error.hint.texts().iter())
                    .all(|t| !t.contains(secret))
            );
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
    let expected =
        "前言。\n\n\u{E000}B2\u{E001}\n\n供应商为\u{E000}S4\u{E001}，金额\u{E000}S4\u{E001}。\n";
    assert_eq!(out, expected);
    let first = parse("::: redact 其他\nx\n:::\ny").unwrap();
    assert_eq!(first.placeholder_text(), "\u{E000}B5\u{E001}\n\ny");
}

#[test]
fn plain_text_is_the_same_whatever_was_hidden() {
    let short = parse("甲[乙]{redact 其他}丙\n::: redact 其他\n丁\n:::\n").unwrap();
    let long =
        parse("甲[乙乙乙乙乙乙乙]{redact 其他}丙\n::: redact 其他\n丁\n丁丁丁丁\n:::\n").unwrap();
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
            (1, 2, PRIVATE_USE.0[1].to_owned()),
            (1, 5, PRIVATE_USE.0[1].to_owned())
        ]
    );
    let inside = errors("::: redact 其他\n\u{E000}\n:::\n");
    assert_eq!(inside[0].0, 2);
}
