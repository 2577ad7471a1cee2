//! What `--force` keeps of a record file it replaces: its `disclosure:`, with each withheld
//! indicator field following its indicator by name, not by position (`indicators.3.actual`
//! becomes `indicators.4.actual` when the sheet has a row inserted above it). When that cannot
//! be done safely the record is refused: an indicator whose name is gone or not unique, a path
//! to an indicator that does not exist, or an old file with inline redaction markers
//! (`[…]{redact …}`, `::: redact`) that the sheet's plain text would replace. Messages name
//! the file and the indicator's old position, and its name only when the name is not withheld.
//! No I/O here.

use super::Errs;
use super::resolve::Record;
use crate::diag::{Lang, Said, rule};
use crate::load::raw::{RawDisclosure, RawIndicator, RawRecord};
use crate::said;

/// The `disclosure.fields` to write for `r`, which replaces `rel` (whose text was `old_text`,
/// holding the record `old`); `None` (reported) when they cannot be kept.
pub fn fields(
    r: &Record,
    rel: &str,
    old: &RawRecord,
    disc: Option<&RawDisclosure>,
    old_text: &str,
    errs: &mut Errs,
) -> Option<Vec<String>> {
    let refuse = |errs: &mut Errs, msg: Said, hint: Said| {
        errs.cell(rule::IMPORT_EXISTS, &r.draft.origin, msg, hint);
    };
    if let Some(line) = marker_line(old_text) {
        refuse(
            errs,
            said!(
                "{rel} 第 {line} 行有行内不予公开标记（`[…]{{redact …}}` 或 `::: redact`），用表格中的普通文字替换会让隐去的内容公开",
                "line {line} of {rel} withholds text inline (`[…]{{redact …}}` or `::: redact`); replacing it with the plain text of the spreadsheet would publish what it withholds"
            ),
            said!(
                "不要用 --force 覆盖这个文件：在表格单元格中写上同样的标记后再导入，或导入到别处后把新数据手工并入原文件",
                "do not replace this file with --force: write the same markers in the spreadsheet's cells and import again, or import elsewhere and merge the new data into the file by hand"
            ),
        );
        return None;
    }
    let old_indicators: &[RawIndicator] = match old {
        RawRecord::Goal(g) => &g.indicators,
        RawRecord::SelfEvaluation(e) => &e.indicators,
        _ => &[],
    };
    let withheld: Vec<&str> = disc
        .iter()
        .flat_map(|d| &d.fields)
        .map(|f| f.value.as_str())
        .collect();
    let mut out = Vec::new();
    let mut ok = true;
    for field in &withheld {
        match renumber(r, field, old_indicators, &withheld) {
            Ok(f) => out.push(f),
            Err(msg) => {
                ok = false;
                refuse(
                    errs,
                    msg.map(|lang, msg| match lang {
                        Lang::Zh => format!(
                            "{rel} 的 disclosure.fields 中的 `{field}` {msg}，无法保留它的不予公开设置"
                        ),
                        Lang::En => format!(
                            "`{field}` in the disclosure.fields of {rel} {msg}, so what it withholds cannot be kept"
                        ),
                    }),
                    said!(
                        "在表格中保留这项指标且名称与原文件一致、不与其他指标重名；或先改正原文件的 disclosure.fields 再导入",
                        "keep this indicator in the spreadsheet, named as in the file and unlike any other; or correct the file's disclosure.fields first, then import"
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// `field` with its indicator number changed to the new position of the indicator of that
/// name; other fields as they are. `Err` says why it cannot be done.
fn renumber(
    r: &Record,
    field: &str,
    old: &[RawIndicator],
    withheld: &[&str],
) -> Result<String, Said> {
    let Some(rest) = field.strip_prefix("indicators.") else {
        return Ok(field.to_string());
    };
    let (num, tail) = rest.split_once('.').map_or((rest, ""), |(n, t)| (n, t));
    let Some(n) = num.parse::<usize>().ok().filter(|n| *n >= 1) else {
        return Ok(field.to_string());
    };
    let Some(ind) = old.get(n - 1) else {
        return Err(said!(
            "指向原文件中不存在的第 {n} 项指标",
            "points at indicator {n}, which the file does not have"
        ));
    };
    let name = ind.name.value.as_str();
    let hidden = [
        "indicators".to_string(),
        format!("indicators.{n}"),
        format!("indicators.{n}.name"),
    ]
    .iter()
    .any(|p| withheld.contains(&p.as_str()));
    let label = if hidden {
        said!(
            "原第 {n} 项指标（名称不予公开）",
            "indicator {n} of the file (its name withheld)"
        )
    } else {
        said!(
            "原第 {n} 项指标「{name}」",
            "indicator {n} of the file, \"{name}\""
        )
    };
    let (zh, en) = (label.zh(), label.en());
    if old.iter().filter(|i| i.name.value == name).count() > 1 {
        return Err(said!(
            "所指的{zh}在原文件中与其他指标重名",
            "points at {en}, whose name another indicator of the file shares"
        ));
    }
    let at: Vec<usize> = (r.draft.indicators.iter().enumerate())
        .filter(|(_, i)| i.name == name)
        .map(|(k, _)| k + 1)
        .collect();
    match at.as_slice() {
        [m] if tail.is_empty() => Ok(format!("indicators.{m}")),
        [m] => Ok(format!("indicators.{m}.{tail}")),
        [] => Err(said!(
            "所指的{zh}在表格中已没有同名指标",
            "points at {en}, but no indicator of the spreadsheet has that name"
        )),
        many => {
            let k = many.len();
            Err(said!(
                "所指的{zh}在表格中有 {k} 项同名指标",
                "points at {en}, and {k} indicators of the spreadsheet have its name"
            ))
        }
    }
}

/// The first line (from 1) with an inline redaction marker, in any spelling a near miss might
/// take (full-width braces and colons, spaces, capitals).
fn marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let folded: String = l
                .chars()
                .map(|c| match c {
                    '｛' => '{',
                    '：' => ':',
                    c => c.to_ascii_lowercase(),
                })
                .filter(|c| !c.is_whitespace())
                .collect();
            folded.contains("{redact") || folded.contains(":::")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::marker_line;

    #[test]
    fn finds_markers_in_every_spelling() {
        assert_eq!(marker_line("a: 1\nb: \"[x]{redact 商业秘密}\"\n"), Some(2));
        assert_eq!(marker_line("body: |\n  ::: redact 敏感信息\n"), Some(2));
        assert_eq!(marker_line("x: \"[y]｛ REDACT 理由｝\""), Some(1));
        assert_eq!(marker_line("x: 普通文字 {不是标记}\n"), None);
    }
}
