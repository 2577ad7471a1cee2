//! File and folder names in a site: each one is checked before its file is read, because names
//! under `static/` become output paths and URLs as they are, and a site folder is copied between
//! Windows and Linux machines.
//!
//! Refused: path syntax (`..`, `/`, `\`, NUL and other control characters), percent-encoded
//! bytes (`%2e%2e` turns into `..` once a server decodes the URL), names Windows reserves for
//! devices (`CON`, `nul.txt`, `COM1` …) or cannot store (`< > : " | ? *`, a trailing dot or
//! space), full-width and other look-alikes of `.` `/` `\` `:` that some systems fold into the
//! ASCII character, and invisible or direction-changing characters that make a name read as
//! another. Chinese and other letters are fine. Only names are looked at here; no I/O.

use crate::diag::Said;
use crate::said;

/// Why a file or folder name cannot be used, or Ok.
pub fn check_name(name: &str) -> Result<(), Said> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(said!("`{name}` 不是文件名", "`{name}` is not a file name"));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        let u = format!("U+{:04X}", c as u32);
        return Err(said!(
            "名称中有控制字符 {u}",
            "the name holds the control character {u}"
        ));
    }
    let shown = name.escape_debug().to_string();
    if let Some(c) = name.chars().find(|c| "/\\<>:\"|?*".contains(*c)) {
        return Err(said!(
            "`{shown}` 中有 `{c}`，文件系统或网址会把它当作路径符号",
            "`{shown}` holds `{c}`, which file systems or URLs read as syntax"
        ));
    }
    if let Some(c) = name.chars().find(|c| look_alike(*c)) {
        let u = format!("U+{:04X}", c as u32);
        return Err(said!(
            "`{shown}` 中有 `{c}`（{u}），它形似路径符号，有的系统会把它换成路径符号",
            "`{shown}` holds `{c}` ({u}), a look-alike of path syntax that some systems turn into it"
        ));
    }
    if let Some(c) = name.chars().find(|c| invisible(*c)) {
        let u = format!("U+{:04X}", c as u32);
        return Err(said!(
            "`{shown}` 中有看不见的字符 {u}，看上去会像另一个名称",
            "`{shown}` holds the invisible character {u}, so it reads as another name"
        ));
    }
    if has_percent_escape(name) {
        return Err(said!(
            "`{shown}` 中有 `%` 加两位十六进制数的写法，网站服务器会把它解读成另一个名称",
            "`{shown}` holds a percent-encoded character, which a web server decodes into another name"
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Err(said!(
            "`{shown}` 以点或空格结尾，Windows 会把它去掉",
            "`{shown}` ends in a dot or a space, which Windows drops"
        ));
    }
    if reserved(name) {
        return Err(said!(
            "`{shown}` 是 Windows 保留的设备名，这样的文件无法复制到 Windows 电脑上",
            "`{shown}` is a device name reserved by Windows; such a file cannot be copied there"
        ));
    }
    Ok(())
}

/// What to write instead, for every refused name.
pub fn name_hint() -> Said {
    said!(
        "改名，只用字母、数字、汉字和 `-`、`_`、`.`",
        "rename it with letters, digits, Chinese characters, `-`, `_` and `.` only"
    )
}

/// Full-width forms and other characters that look like, or fold into, `.` `/` `\` `:` `%`.
fn look_alike(c: char) -> bool {
    matches!(
        c,
        '\u{FF0E}' // ．
            | '\u{FF0F}' // ／
            | '\u{FF3C}' // ＼
            | '\u{FF1A}' // ：
            | '\u{FF05}' // ％
            | '\u{FE52}' // ﹒ small full stop
            | '\u{FE68}' // ﹨ small reverse solidus
            | '\u{FE55}' // ﹕ small colon
            | '\u{2024}' // ․ one dot leader
            | '\u{2025}' // ‥ two dot leader
            | '\u{2026}' // … (folds into "...")
            | '\u{2044}' // ⁄ fraction slash
            | '\u{2215}' // ∕ division slash
            | '\u{2216}' // ∖ set minus
            | '\u{29F5}' // ⧵ reverse solidus operator
            | '\u{29F8}' // ⧸ big solidus
            | '\u{29F9}' // ⧹ big reverse solidus
            | '\u{2236}' // ∶ ratio
            | '\u{FF1C}' // ＜
            | '\u{FF1E}' // ＞
            | '\u{FF02}' // ＂
            | '\u{FF5C}' // ｜
            | '\u{FF1F}' // ？
            | '\u{FF0A}' // ＊
    )
}

/// Zero-width, joiner, byte-order-mark and bidirectional control characters.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{180E}')
}

fn has_percent_escape(name: &str) -> bool {
    name.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

/// `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` (also with superscript digits),
/// in any case, alone or before an extension.
fn reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&stem.as_str()) {
        return true;
    }
    let Some(rest) = stem
        .strip_prefix("COM")
        .or_else(|| stem.strip_prefix("LPT"))
    else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused() {
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "..\\x",
            "a\\b",
            "a\0b",
            "a\nb",
            "a\u{7f}",
            "%2e%2e",
            "%2E%2E%2Fetc",
            "a%5cb",
            "a%00.yaml",
            "CON",
            "con.yaml",
            "Nul.txt",
            "aux",
            "com1.pdf",
            "LPT9",
            "com¹",
            "con .txt",
            "a:b",
            "a*b",
            "report?.pdf",
            "x.",
            "x ",
            "．．",
            "．．／etc",
            "a／b",
            "a＼b",
            "a：b",
            "a％2e",
            "a\u{2215}b",
            "a\u{2044}b",
            "a\u{2024}\u{2024}",
            "evil\u{202E}fdp.exe",
            "a\u{200B}b",
            "\u{FEFF}a",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn ordinary_names_pass() {
        for ok in [
            "road.yaml",
            "道路养护评价报告.md",
            "2024",
            "ex-ante",
            "report_2024 final.pdf",
            ".well-known",
            "console.yaml",
            "com10.txt",
            "lpt.yaml",
            "100%.txt",
            "a%zz",
            "（第三方）评价.md",
            "评价报告。md",
        ] {
            assert_eq!(check_name(ok), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn messages_escape_what_they_quote() {
        let m = check_name("evil\u{202E}fdp.exe").unwrap_err();
        for m in m.texts() {
            assert!(!m.contains('\u{202E}'), "{m}");
            assert!(m.contains("U+202E"), "{m}");
        }
    }
}
