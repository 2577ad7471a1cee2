//! YAML parsing with resource budgets: the only file that names the YAML crate.
//!
//! Documents are parsed by `serde-saphyr` into the raw structs of `load::raw`, with duplicate
//! keys rejected and budgets on depth, nodes, aliases and size, so an alias bomb or a deeply
//! nested file fails fast with a clear message instead of exhausting memory. Parse errors become
//! [`Diagnostic`]s with the file's line and column. No file I/O here.

use crate::diag::{Diagnostic, Said, rule};
use crate::said;

#[path = "prescan.rs"]
mod prescan;
use serde::de::DeserializeOwned;

/// A value with the line and column where it was written. Kept compact (the parser's own
/// spanned type also carries character spans and alias definition sites, which nothing here
/// uses): every scalar of every record is one of these, so their size is most of a loaded
/// site's memory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spanned<T> {
    pub value: T,
    line: u32,
    col: u32,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            value: s.value,
            line: s.referenced.line() as u32,
            col: s.referenced.column() as u32,
        })
    }
}

/// Largest content file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of mappings and lists.
pub const MAX_DEPTH: usize = 32;
/// Most YAML nodes in one file.
pub const MAX_NODES: usize = 250_000;
/// Most aliases (`*name`) in one file: legitimate content hardly uses them.
pub const MAX_ALIASES: usize = 1_000;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_documents: 1,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

/// Line and column (1-based) of a spanned value.
pub fn pos<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.line as usize, s.col as usize)
}

/// Check only the budgets, without building anything: for documents whose type is recursive
/// (summary.yaml's groups), so that deep nesting is refused before typed parsing recurses.
pub fn check_budget(path: &str, text: &str) -> Result<(), Diagnostic> {
    parse::<serde::de::IgnoredAny>(path, text).map(|_| ())
}

/// Parse `text` (the YAML of file `path`) into `T`, or one diagnostic saying what is wrong.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| to_diagnostic(path, text, &e))
}

fn to_diagnostic(path: &str, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = e.without_snippet().to_string();
    let said = strip_location(&raw);
    if is_empty(text) {
        return Diagnostic::error(rule::WRONG_SHAPE, path, 1, 1)
            .msg(said!(
                "文件是空的（或只有注释）",
                "the file is empty (or holds only comments)"
            ))
            .hint(said!(
                "写上这份记录的内容：至少要有 `id:` 和这一类记录必填的键（见 docs/format.md 的示例）；不需要的文件就删去",
                "write the record: at least `id:` and the keys its kind requires (see the examples in docs/format.md), or delete the file"
            ));
    }
    // The mistake a Chinese input method makes is at or just before where the parser stopped.
    if let Some(f) = prescan::scan(text)
        && (line == 0 || f.line <= line + 1)
        && !said.starts_with("duplicate mapping key")
    {
        return Diagnostic::error(rule::YAML_SYNTAX, path, f.line, f.col)
            .msg(f.message)
            .hint(f.hint);
    }
    let x = explain(said, text, line, col);
    Diagnostic::error(x.rule, path, x.line.unwrap_or(line), x.col.unwrap_or(col))
        .msg(x.message)
        .hint(x.hint)
}

/// Whether the text holds nothing but blanks and comments.
fn is_empty(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']);
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// The crate's message ends in " at line L, column C"; the diagnostic carries that already.
fn strip_location(raw: &str) -> &str {
    match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    }
}

/// What a parser message means, said for the people who write the records.
struct Explained {
    rule: &'static str,
    message: Said,
    hint: Said,
    /// A better place than the parser's, when one is known.
    line: Option<usize>,
    col: Option<usize>,
}

fn explained(rule: &'static str, message: Said, hint: Said) -> Explained {
    Explained {
        rule,
        message,
        hint,
        line: None,
        col: None,
    }
}

/// Keys that belong under another key (docs/format.md, load::raw): a key written one level too
/// little is named with the parent it belongs under.
const CHILDREN: &[(&str, &[&str])] = &[
    ("funds", &["total", "fiscal", "other"]),
    ("budget", &["initial", "adjusted", "executed"]),
    ("objective", &["planned", "actual"]),
    (
        "disclosure",
        &[
            "status",
            "reason",
            "note",
            "fields",
            "public_title",
            "linked",
        ],
    ),
    ("project", &["name", "code"]),
    (
        "footer",
        &["site_code", "icp", "police", "contact", "address"],
    ),
    ("portal", &["logo", "logo_link", "error_report"]),
];

/// The parent `key` belongs under, if it is written in the text above `line`.
fn parent_of(key: &str, text: &str, line: usize) -> Option<&'static str> {
    let parents = CHILDREN
        .iter()
        .filter(|(_, kids)| kids.contains(&key))
        .map(|(p, _)| *p);
    let above: Vec<&str> = text.lines().take(line.saturating_sub(1)).collect();
    parents.into_iter().find(|p| {
        above.iter().any(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with(&format!("{p}:"))
        })
    })
}

/// The first line (1-based) and column where `key:` is written, other than `skip`.
fn key_line(text: &str, key: &str, skip: usize) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let body = l.trim_start();
        let col = l.chars().count() - body.chars().count() + 1;
        (i + 1 != skip && body.starts_with(&format!("{key}:"))).then_some((i + 1, col))
    })
}

/// The key written at `line` (1-based), if the line is `key: …`.
fn key_at(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let body = l
        .trim_start()
        .trim_start_matches("- ")
        .trim_start_matches("{ ");
    let (k, _) = body.split_once(':')?;
    let k = k.trim();
    (!k.is_empty() && !k.contains(' ')).then(|| k.to_string())
}

/// Rule, plain-words message and hint for a parser message.
fn explain(text: &str, src: &str, line: usize, col: usize) -> Explained {
    if let Some(rest) = text.strip_prefix("unknown field `") {
        return unknown_field(rest, src, line);
    }
    if let Some(rest) = text.strip_prefix("missing field `") {
        return missing_field(rest, src, line, col);
    }
    if text.starts_with("duplicate mapping key") {
        return duplicate_key(text);
    }
    syntax(text)
}

/// `unknown field`: a key at the wrong level, or a key the record does not have.
fn unknown_field(rest: &str, src: &str, line: usize) -> Explained {
    let (key, allowed) = rest.split_once('`').unwrap_or((rest, ""));
    let allowed = allowed
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .trim_start_matches(", there are no fields");
    if let Some(parent) = parent_of(key, src, line) {
        return explained(
            rule::UNKNOWN_KEY,
            said!(
                "`{key}` 不能写在这一层：它是 `{parent}` 下面的键",
                "`{key}` does not belong at this level: it is a key under `{parent}`"
            ),
            said!(
                "把 `{key}` 缩进到 `{parent}:` 下面，和 `{parent}` 的其他键左边对齐（比 `{parent}` 多两个空格）",
                "indent `{key}` under `{parent}:`, aligned with the other keys of `{parent}` (two spaces more than `{parent}`)"
            ),
        );
    }
    explained(
        rule::UNKNOWN_KEY,
        said!("不认识的键 `{key}`", "unknown key `{key}`"),
        unknown_key_hint(key, allowed),
    )
}

/// `missing field`: a key indented wrongly, or a required key that is not written.
fn missing_field(rest: &str, src: &str, line: usize, col: usize) -> Explained {
    let key = rest.split('`').next().unwrap_or(rest);
    // A key written elsewhere than where it belongs (indented one level too little or too
    // far) is reported by the parser as missing where it belongs.
    if let Some((l, c)) = key_line(src, key, 0).filter(|&(l, c)| l != line || c != col) {
        let sibling = key_at(src, line).filter(|s| s != key);
        let hint = match sibling {
            Some(s) => said!(
                "把 `{key}` 和第 {line} 行的 `{s}` 左边对齐：同一组的键缩进相同",
                "align `{key}` with `{s}` on line {line}: keys of one mapping are indented alike"
            ),
            None => said!(
                "把 `{key}` 和它所属那一组的其他键左边对齐：同一组的键缩进相同",
                "align `{key}` with the other keys of its mapping: keys of one mapping are indented alike"
            ),
        };
        return Explained {
            rule: rule::MISSING_KEY,
            message: said!(
                "`{key}` 的缩进不对：它没有算进第 {line} 行开始的那一组，那一组因此缺少 `{key}`",
                "`{key}` is indented wrongly: it is not part of the mapping that starts on line {line}, which therefore lacks `{key}`"
            ),
            hint,
            line: Some(l),
            col: Some(c),
        };
    }
    explained(
        rule::MISSING_KEY,
        said!("缺少必填的键 `{key}`", "required key `{key}` is missing"),
        said!(
            "在这一组里加上 `{key}:` 和它的值",
            "add `{key}:` with its value to this mapping"
        ),
    )
}

/// `duplicate mapping key`: a key written twice in one mapping.
fn duplicate_key(text: &str) -> Explained {
    let key = text
        .trim_start_matches("duplicate mapping key: ")
        .split(", set ")
        .next()
        .unwrap_or("");
    explained(
        rule::DUPLICATE_KEY,
        said!(
            "键 `{key}` 在同一组里写了两次",
            "key `{key}` is written twice in the same mapping"
        ),
        said!(
            "只保留一个：后写的会悄悄覆盖先写的",
            "keep one of them: a later key would silently replace the earlier value"
        ),
    )
}

/// Any other parser message, read by its words.
fn syntax(text: &str) -> Explained {
    let lower = text.to_ascii_lowercase();
    if let Some(e) = limit_or_tab(text, &lower).or_else(|| unclosed(&lower)) {
        return e;
    }
    if lower.contains("mapping values are not allowed")
        || lower.contains("did not find expected key")
        || lower.contains("simple key expected")
        || lower.contains("could not find expected ':'")
    {
        return explained(
            rule::YAML_SYNTAX,
            said!(
                "这一行的缩进或冒号不对，程序看不出哪个是键、哪个是值",
                "the indentation or a colon is wrong here: the keys and values cannot be told apart"
            ),
            said!(
                "每一行写成 `键: 值`：半角冒号 `:` 后面加一个空格；同一层的键左边对齐，下一层多缩进两个空格；值以 `≥`、`*`、`@` 等符号开头时加引号",
                "write each line as `key: value`, with an ASCII colon and a space; align keys of one level, two more spaces for the level below; quote values that begin with a sign such as `≥`, `*` or `@`"
            ),
        );
    }
    if lower.starts_with("while ")
        || lower.contains("did not find expected")
        || lower.contains("cannot start any token")
    {
        return explained(
            rule::YAML_SYNTAX,
            said!(
                "这里的 YAML 格式不对（读取程序的原话：{text}）",
                "this is not valid YAML: {text}"
            ),
            syntax_hint(),
        );
    }
    if lower.contains("expected")
        || lower.contains("invalid type")
        || lower.contains("cannot deserialize")
    {
        return explained(
            rule::WRONG_SHAPE,
            shape_message(&lower, text),
            shape_hint(&lower),
        );
    }
    explained(
        rule::YAML_SYNTAX,
        said!(
            "这里的 YAML 格式不对（读取程序的原话：{text}）",
            "this is not valid YAML: {text}"
        ),
        syntax_hint(),
    )
}

/// A file over the parser's limits, or a tab.
fn limit_or_tab(text: &str, lower: &str) -> Option<Explained> {
    if lower.contains("budget") || lower.contains("limit") || lower.contains("exceed") {
        return Some(explained(
            rule::YAML_LIMIT,
            said!(
                "这个文件太大或嵌套太深，无法安全读取（{text}）",
                "this file is too large or too deeply nested to read safely ({text})"
            ),
            said!(
                "把它拆成几个文件：一个文件最多嵌套 {MAX_DEPTH} 层、{MAX_NODES} 个值、{MAX_ALIASES} 个别名",
                "split it into several files; a file may nest {MAX_DEPTH} levels, hold {MAX_NODES} values and {MAX_ALIASES} aliases"
            ),
        ));
    }
    if lower.contains("tab") {
        return Some(explained(
            rule::YAML_SYNTAX,
            said!(
                "这里有制表符（Tab）：YAML 不能用 Tab 缩进",
                "there is a tab here: YAML cannot be indented with tabs"
            ),
            indent_hint(),
        ));
    }
    None
}

/// A flow collection or a quote that is not closed.
fn unclosed(lower: &str) -> Option<Explained> {
    if lower.contains("flow mapping") || lower.contains("expected ',' or '}'") {
        return Some(explained(
            rule::YAML_SYNTAX,
            said!(
                "`{{ … }}` 没有写完整：缺少结尾的 `}}`，或各项之间缺少半角逗号 `,`",
                "a `{{ … }}` is not complete: the closing `}}` or a comma `,` between its entries is missing"
            ),
            said!(
                "写成 `{{ name: 河道桥梁新建项目, code: \"1\" }}`：各项用半角逗号隔开，最后用 `}}` 结束，都在同一行",
                "write it as `{{ name: 河道桥梁新建项目, code: \"1\" }}`: entries separated by commas, closed by `}}`, on one line"
            ),
        ));
    }
    if lower.contains("flow sequence") || lower.contains("expected ',' or ']'") {
        return Some(explained(
            rule::YAML_SYNTAX,
            said!(
                "`[ … ]` 没有写完整：缺少结尾的 `]`，或各项之间缺少半角逗号 `,`",
                "a `[ … ]` is not complete: the closing `]` or a comma `,` between its items is missing"
            ),
            said!(
                "写成 `[甲, 乙]`：各项用半角逗号隔开，最后用 `]` 结束",
                "write it as `[a, b]`: items separated by commas, closed by `]`"
            ),
        ));
    }
    if lower.contains("quoted scalar") || lower.contains("after double-quoted") {
        return Some(explained(
            rule::YAML_SYNTAX,
            said!(
                "引号没有配对：一个值开头有引号，结尾却没有（或引号后面还多写了字）",
                "the quotes do not pair: a value opens a quote it does not close (or goes on after the closing quote)"
            ),
            said!(
                "值两边的引号要成对，都用半角的 `\"`，如 `requested: \"560.3万元\"`",
                "quote a value on both sides with the ASCII `\"`, e.g. `requested: \"560.3万元\"`"
            ),
        ));
    }
    None
}

fn indent_hint() -> Said {
    said!(
        "用空格缩进：每深一层缩进两个空格，同一层的键左边对齐",
        "indent with spaces: two spaces for each level, keys of the same level aligned"
    )
}

fn syntax_hint() -> Said {
    said!(
        "检查缩进、冒号、括号和引号（都要用英文半角）；值以 `≥`、`*`、`@` 等符号开头时加引号",
        "check indentation, colons, brackets and quotes; quote values that begin with a special character such as `≥`, `*` or `@`"
    )
}

/// What shape the parser found where another was expected.
fn shape_message(lower: &str, text: &str) -> Said {
    if lower.contains("expected mapping")
        || lower.contains("expected a map")
        || lower.contains("expected struct")
    {
        said!(
            "这里要写一组 `键: 值`，写的却是一个单独的值",
            "a mapping of `key: value` entries is expected here, not a single value"
        )
    } else if lower.contains("expected a sequence") || lower.contains("expected sequence") {
        said!(
            "这里要写一个列表（`[甲, 乙]` 或每行一个 `- 项`），写的却不是",
            "a list is expected here (`[a, b]`, or one `- item` per line)"
        )
    } else if lower.contains("expected a string")
        || lower.contains("expected a borrowed string")
        || lower.contains("expected a scalar")
    {
        said!(
            "这里要写一个单独的值，写的却是一组 `键: 值` 或一个列表",
            "a single value is expected here, not a mapping or a list"
        )
    } else {
        said!(
            "这里写的值的形式不对（读取程序的原话：{text}）",
            "unexpected value here: {text}"
        )
    }
}

fn shape_hint(lower: &str) -> Said {
    if lower.contains("expected mapping")
        || lower.contains("expected a map")
        || lower.contains("expected struct")
    {
        said!(
            "按 docs/format.md 写成 `键: 值` 的一组，如 `中: {{ count: 17 }}`；下一层的键比上一层多缩进两个空格",
            "write a mapping as docs/format.md shows, e.g. `中: {{ count: 17 }}`; keys of the level below are indented two spaces more"
        )
    } else {
        said!(
            "检查缩进，并按 docs/format.md 看这个键要写成什么形式（一个值、一组 `键: 值`，或一个 `- 项` 列表）",
            "check the indentation and the shape this key takes in docs/format.md (a single value, a mapping `key: value`, or a list `- item`)"
        )
    }
}

fn unknown_key_hint(key: &str, allowed: &str) -> Said {
    let keys: Vec<&str> = allowed
        .split(',')
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let close = keys
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min();
    let list = keys.join(", ");
    let list_zh = keys.join("、");
    match close {
        Some((_, k)) => said!(
            "是不是要写 `{k}`？这里可以写的键：{list_zh}",
            "did you mean `{k}`? keys allowed here: {list}"
        ),
        None if list.is_empty() => said!("删去这个键", "remove this key"),
        None => said!("这里可以写的键：{list_zh}", "keys allowed here: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        disclosure: Option<Spanned<String>>,
        total: Spanned<String>,
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let d = parse::<T>("a.yaml", "disclosur: x\ntotal: 1\n").unwrap_err();
        assert_eq!(d.rule, rule::UNKNOWN_KEY);
        assert_eq!((d.line, d.column), (1, 1));
        assert_eq!(d.message.en(), "unknown key `disclosur`");
        assert_eq!(
            d.hint.as_ref().map(|h| h.en()),
            Some("did you mean `disclosure`? keys allowed here: disclosure, total")
        );
    }

    #[test]
    fn duplicate_key_is_an_error_at_the_second_key() {
        let d = parse::<T>("a.yaml", "total: 1\ntotal: 2\n").unwrap_err();
        assert_eq!(d.rule, rule::DUPLICATE_KEY);
        assert_eq!((d.line, d.column), (2, 1));
    }

    #[test]
    fn bare_numbers_keep_their_text() {
        let t: T = parse("a.yaml", "total: 135.50\n").unwrap();
        assert_eq!(t.total.value, "135.50");
        assert_eq!(pos(&t.total), (1, 8));
    }

    #[test]
    fn alias_bomb_and_deep_nesting_stop_fast() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        bomb.push_str("total: 1\n");
        let d = parse::<serde::de::IgnoredAny>("a.yaml", &bomb).unwrap_err();
        assert_eq!(d.rule, rule::YAML_LIMIT, "{d:?}");
        let deep = format!("total: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let d = parse::<serde::de::IgnoredAny>("a.yaml", &deep).unwrap_err();
        assert_eq!(d.rule, rule::YAML_LIMIT, "{d:?}");
    }
}
