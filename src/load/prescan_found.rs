//! What the pre-scan says about each mistake it finds: the character or indentation, where it
//! is, and what to type instead, in Chinese and English. Only a key that [`shown`] allows is
//! ever repeated. No I/O here.

use super::{Found, shown};
use crate::said;

/// A full-width character standing for YAML syntax: its name in Chinese and English, and what
/// to type instead.
fn full_width(c: char) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match c {
        '：' => ("全角冒号", "full-width colon", ":"),
        '，' => ("全角逗号", "full-width comma", ","),
        '；' => ("全角分号", "full-width semicolon", ","),
        '“' => ("中文左引号", "Chinese opening quotation mark", "\""),
        '”' => ("中文右引号", "Chinese closing quotation mark", "\""),
        '‘' => ("中文左单引号", "Chinese opening single quotation mark", "'"),
        '’' => ("中文右单引号", "Chinese closing single quotation mark", "'"),
        '｛' => ("全角左花括号", "full-width opening brace", "{"),
        '｝' => ("全角右花括号", "full-width closing brace", "}"),
        '［' => ("全角左方括号", "full-width opening bracket", "["),
        '］' => ("全角右方括号", "full-width closing bracket", "]"),
        '\u{3000}' => ("全角空格", "full-width space", " "),
        _ => return None,
    })
}

pub(super) fn found_char(line: usize, col: usize, c: char, key: Option<&str>) -> Found {
    let key = key.and_then(shown);
    let (zh, en, ascii) = full_width(c).unwrap_or(("字符", "character", ""));
    let shown = if c == '\u{3000}' {
        "　".to_string()
    } else {
        c.to_string()
    };
    let message = said!(
        "第 {col} 列是{zh} `{shown}`，YAML 在这里要用英文半角的 `{ascii}`",
        "column {col} is a {en} `{shown}`; YAML needs the ASCII `{ascii}` here"
    );
    let hint = match (c, key) {
        ('：', Some(k)) => said!(
            "改成半角冒号加一个空格，写成 `{k}: …`（先把输入法切换到英文再输入冒号）",
            "write `{k}: …`, with the ASCII colon `:` and a space after it (switch the input method to English to type it)"
        ),
        ('：', None) => said!(
            "把 `：` 换成半角冒号 `:`，后面再加一个空格（先把输入法切换到英文再输入冒号）",
            "replace `：` by the ASCII colon `:` followed by a space (switch the input method to English)"
        ),
        ('，' | '；', _) => said!(
            "`{{ … }}` 里的各项用半角逗号 `,` 隔开，后面加一个空格，如 `{{ name: 养护里程, unit: 公里 }}`",
            "separate the entries of `{{ … }}` by an ASCII comma `,` and a space, e.g. `{{ name: 养护里程, unit: 公里 }}`"
        ),
        ('\u{3000}', Some(k)) => said!(
            "冒号后面的空格要用半角空格：写成 `{k}: …`（先把输入法切换到英文）",
            "the space after the colon must be an ASCII space: `{k}: …` (switch the input method to English)"
        ),
        ('“' | '”' | '‘' | '’', Some(k)) => said!(
            "引号两边都用半角的 `\"`：写成 `{k}: \"…\"`；不需要引号的值也可以不加引号",
            "use the ASCII `\"` on both sides: `{k}: \"…\"`; a value that needs no quotes can go without"
        ),
        ('“' | '”' | '‘' | '’', None) => said!(
            "引号两边都用半角的 `\"`；不需要引号的值也可以不加引号",
            "use the ASCII `\"` on both sides; a value that needs no quotes can go without"
        ),
        ('｛' | '｝' | '［' | '］', _) => said!(
            "用半角括号：`{{ … }}` 或 `[ … ]`（先把输入法切换到英文）",
            "use ASCII brackets: `{{ … }}` or `[ … ]` (switch the input method to English)"
        ),
        _ => said!(
            "把它换成半角的 `{ascii}`",
            "replace it by the ASCII `{ascii}`"
        ),
    };
    Found {
        line,
        col,
        message,
        hint,
    }
}

pub(super) fn indent_found(line: usize, col: usize, c: char) -> Found {
    if c == '\t' {
        Found {
            line,
            col,
            message: said!(
                "第 {col} 列是制表符（Tab）：YAML 不能用 Tab 缩进",
                "column {col} is a tab: YAML cannot be indented with tabs"
            ),
            hint: said!(
                "把 Tab 换成空格：每深一层缩进两个空格，同一层的键左边对齐",
                "indent with spaces instead: two spaces for each level, keys of the same level aligned"
            ),
        }
    } else {
        Found {
            line,
            col,
            message: said!(
                "第 {col} 列是全角空格 `　`：YAML 的缩进只能用半角空格",
                "column {col} is a full-width space `　`: YAML indentation takes ASCII spaces only"
            ),
            hint: said!(
                "把行首的全角空格换成半角空格：每深一层缩进两个空格（先把输入法切换到英文）",
                "indent with ASCII spaces instead: two spaces for each level (switch the input method to English)"
            ),
        }
    }
}

/// A key indented one step too far below `pkey`, which already has its value on its line.
pub(super) fn over_indented(line: usize, col: usize, extra: usize, pkey: &str, key: &str) -> Found {
    let spaces = if extra == 1 { "space" } else { "spaces" };
    Found {
        line,
        col,
        message: said!(
            "`{key}` 多缩进了 {extra} 个空格：上一行的 `{pkey}` 已经写了值，下面不能再有更深一层的键",
            "`{key}` is indented {extra} {spaces} too far: `{pkey}` on the line above already has its value, so no key can sit under it"
        ),
        hint: said!(
            "把 `{key}` 和 `{pkey}` 左边对齐（删去多出的 {extra} 个空格）",
            "align `{key}` with `{pkey}` (remove the {extra} extra {spaces})"
        ),
    }
}

/// A quote opened at column `open + 1` and never closed on its line.
pub(super) fn unclosed(line: usize, open: usize, q: char) -> Found {
    let col = open + 1;
    let (zh, en) = if q == '"' {
        ("双引号", "double quote")
    } else {
        ("单引号", "single quote")
    };
    Found {
        line,
        col,
        message: said!(
            "第 {col} 列的{zh} `{q}` 在这一行没有配对的另一半",
            "the {en} `{q}` at column {col} is not closed on this line"
        ),
        hint: said!(
            "在值的末尾补上 `{q}`：值两边的引号要成对，都用半角",
            "add the closing `{q}` at the end of the value: quotes come in pairs, both ASCII"
        ),
    }
}
