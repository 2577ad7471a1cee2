//! Every rule a diagnostic can name, defined once: its code (stable, part of the JSON output),
//! its severity (from the code: `E…` errors, `W…` warnings) and what it is about, in Chinese
//! (shown in place of a message that could carry a withheld value) and English (the README's
//! rules table, which a test keeps equal to [`readme_table`]). The `rule::NAME` constants used
//! at call sites come from the same list.

use super::Severity;

/// One rule: code, severity and a short summary that carries no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// Chinese summary, in words that carry no value.
    pub zh: &'static str,
    /// English summary, as in the README's rules table.
    pub en: &'static str,
    /// Whether a diagnostic of this rule may quote its source line. The disclosure rules
    /// (E040–E049) point at lines that hold or name withheld content: never quoted.
    pub quote: bool,
}

/// Whether a rule's diagnostics may quote their line (see [`Rule::quote`]).
const fn quotes(code: &str) -> bool {
    let b = code.as_bytes();
    !(b[0] == b'E' && b[1] == b'0' && b[2] == b'4')
}

/// The severity a rule's code stands for.
const fn severity_of(code: &str) -> Severity {
    match code.as_bytes()[0] {
        b'W' => Severity::Warning,
        _ => Severity::Error,
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $zh:literal, $en:literal; )*) => {
        /// The rule codes by name, for call sites: `Diagnostic::error(rule::BAD_MONEY, …)`.
        pub mod rule {
            $( $(#[$doc])* pub const $name: &str = $code; )*
        }
        /// Every rule, in code order.
        pub const RULES: &[Rule] = &[
            $( Rule { code: $code, severity: severity_of($code), quote: quotes($code), zh: $zh, en: $en }, )*
        ];
    };
}

rules! {
    YAML_SYNTAX = "E001", "这里不是有效的 YAML", "not valid YAML";
    UNKNOWN_KEY = "E002", "这里有未知的键", "unknown key (a misspelt `disclosure:` never passes silently)";
    DUPLICATE_KEY = "E003", "同一个键写了两次", "a key written twice in one mapping";
    MISSING_KEY = "E004", "缺少必填的键", "a required key is missing";
    WRONG_SHAPE = "E005", "值的形式不对", "a value of the wrong shape (a list where a value belongs, …)";
    YAML_LIMIT = "E006", "文件超出安全限制", "a file over the safety budgets: alias bombs, nesting deeper than 32, more than 250,000 values";
    SYMLINK = "E010", "站点里有符号链接", "a symbolic link in the site";
    STRAY_FILE = "E011", "文件不属于站点格式", "a file that is not part of the format";
    UNREADABLE = "E012", "文件无法读取", "a file that cannot be read, is not UTF-8, or is over 8 MB";
    FOLDER_NAME = "E013", "地区或年度文件夹的名称不对", "a region or year folder with a bad name";
    MISSING_REGION = "E014", "地区文件夹里没有 region.yaml", "a region folder without region.yaml";
    FRONT_MATTER = "E015", "Markdown 的前置元数据缺失或未闭合", "Markdown front matter missing or never closed";
    FILE_NAME = "E016", "文件或文件夹的名称不安全", "a file or folder name that is unsafe to publish or to copy to Windows: `..`, `\\`, control characters, percent-encoded bytes (`%2e%2e`), device names (`CON`, `nul.txt`, `COM1` …), full-width look-alikes of `. / \\ :` (`．．／`), invisible or direction-changing characters";
    BAD_ID = "E020", "编号（id）不合规", "a bad id (also a Windows device name such as `con`: ids become folder names)";
    DUPLICATE_ID = "E021", "编号（id）重复", "an id used twice for the same region, year and kind";
    BAD_MONEY = "E022", "金额写法不对", "bad money";
    BAD_PERCENT = "E023", "百分比写法不对", "bad percentage";
    BAD_DATE = "E024", "日期或月份写法不对", "bad date or month";
    BAD_NUMBER = "E025", "数字写法不对", "bad number";
    UNKNOWN_VALUE = "E026", "枚举值不认识", "an unknown enumeration value (English aliases are accepted)";
    UNKNOWN_UNIT = "E027", "单位不在 region.yaml 中", "a unit not listed in region.yaml";
    PATH_MISMATCH = "E028", "记录的地区、年度或监控节点与所在文件夹不一致", "a record whose `region`, `year` or monitoring node disagrees with its folder";
    UNKNOWN_REGION = "E029", "地区不认识", "an unknown region (`parent`, `subject.region`)";
    INCONSISTENT = "E030", "数值之间相互矛盾", "values that contradict each other (approved above requested, an indicator's score above its weight, …)";
    MISSING_REASON = "E040", "缺少不公开的理由", "a withheld record without a reason";
    FIELD_PATH = "E041", "不公开的字段路径不对", "a 部分公开 field path that names no field";
    REDACT_MARKER = "E042", "不公开标记写法不对", "an unbalanced or unknown redaction marker (at most 50 are listed per text); a near-miss form (`{redact理由}`, full-width `｛｝［］：：：`, a no-break space or U+3000, `REDACT`, any NFKC look-alike); a marker in a field published as it stands (`owner`, titles, region and unit names, `project.code`, an indicator's `unit`, `target`, `actual`, `public_title`, an `_index.md` title or description)";
    DISCLOSURE_RULE = "E043", "不公开的设置不符合规则", "a disclosure rule broken (`fields` without 部分公开, …)";
    DERIVABLE = "E044", "公开的数值能推算出不公开的数值", "a withheld amount could be computed from what is published (a record's other amounts, or a full total the site demands)";
    /// A withheld text or amount that is also published (elsewhere, or as generated text).
    PUBLISHED_TWICE = "E045", "不公开的内容在别处公开了", "a withheld text or amount that is also published: in another record of the same project (or the same record's stub), a narrative, a name, site.yaml, or the generator's own interface text; both places are named, the value never";
    /// An id (in URLs) equal to, containing, or derived from a withheld value.
    DERIVED_ID = "E046", "编号（id）来自不公开的内容", "an id (in URLs: record, region or unit) equal to, containing (ASCII, 4 characters or more, case folded) or a SHA-256 hex prefix (8 or more) of a withheld value";
    /// A 不予公开 record that public records of the same project identify.
    IDENTIFIED = "E047", "公开的记录指认了不予公开的记录", "a 不予公开 record that a public record of the same project (same code, or name and unit) or id in the same year identifies, without `disclosure.linked: true`";
    FIGURE_PATH = "E050", "叙述中的数据引用有问题", "a figure reference in a narrative that names no figure";
    FIGURE_WITHHELD = "E051", "叙述中引用了不公开的数据", "a figure reference in a narrative to a figure that is withheld";
    CONFIG = "E060", "site.yaml 的设置不对", "a bad site.yaml setting";
    TEMPLATE = "E070", "模板有错误", "a template error";
    AUDIT = "E080", "泄露检查未通过", "the leak audit found a withheld value in the output, or a static file it cannot read (PDF, images) is not listed in `static_checked`";
    IMPORT_FILE = "E090", "表格文件无法读取", "`import`: the spreadsheet cannot be read (not .xlsx or .csv, damaged, protected, not UTF-8 or GB18030)";
    IMPORT_LAYOUT = "E091", "表格的格式不认识", "`import`: no form or table found, a column the kind needs is missing, or a goal table given as a self-evaluation (or the reverse)";
    IMPORT_CELL = "E092", "表格的单元格无法读取", "`import`: a cell that cannot be read (an amount, a number of points, a 一级/二级指标, an empty required cell)";
    IMPORT_UNIT = "E093", "主管部门不在 region.yaml 中", "`import`: a 主管部门 that names no unit of region.yaml";
    IMPORT_CONFLICT = "E094", "表格的内容相互矛盾", "`import`: a project's rows that disagree, a title's year that is not `--year`, two records with one id";
    IMPORT_EXISTS = "E095", "记录文件或编号已存在", "`import`: a record file that exists (without `--force`), or an id already used by another file";
    IMPORT_INVALID = "E096", "导入的记录不能通过检查", "`import`: a record that would not pass `gongkai check`";
    SCORE_MISMATCH = "W101", "填报的总分与计算的总分不一致", "a self-evaluation's stated score disagrees with the computed one, or a quantitative indicator's actual is not a number, so it cannot be scored";
    GRADE_MISMATCH = "W102", "填报的等级与分数不符", "a self-evaluation's stated grade disagrees with the computed one";
    RECONCILE = "W103", "填报的数字与记录核对不上", "a stated figure in summary.yaml disagrees with the records";
    I18N_MISSING = "W104", "界面文字缺少翻译", "an interface string missing from the theme's table for the site's language";
    STATED_RELATION = "W105", "填报的数字之间关系不对", "stated figures that contradict each other beyond the rounding of their decimals (a rate that is not part over whole, parts that do not add up to a complete breakdown's total, a node monitoring more projects than have goals, …), unless acknowledged";
    RED_WITHOUT_YELLOW = "W106", "红标之前没有黄标", "a 红标 at a node whose project was not flagged 黄标 at the node before";
    PROJECT_MISMATCH = "W107", "同一项目的名称或单位不一致", "one project with different names or units in different records";
    EVALUATION_SHARE = "W108", "部门评价覆盖的资金比例低于规则要求", "部门评价 covering less of the project funds than `rules.min_department_evaluation_share`";
    INDICATOR_RULE = "W109", "绩效指标不符合本站规则", "a goal with fewer indicators, or fewer quantifiable ones, than `rules` asks; a self-evaluation whose indicator weights do not add up to 90";
    /// An `acknowledged:` entry of summary.yaml that names no discrepancy (any more).
    STALE_ACKNOWLEDGEMENT = "W110", "说明的数字差异已不存在", "an `acknowledged:` entry of summary.yaml that names no discrepancy (any more)";
    /// `import`: a column or label of the spreadsheet that is not imported.
    IMPORT_NOT_IMPORTED = "W190", "表格中有未导入的列", "`import`: a column of the spreadsheet that is not imported, named with its sheet and cell: a heading gongkai does not recognise, or a field the format cannot hold (实施单位, 上年结转资金, 基本支出/项目支出 …)";
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The README's rules table (between its `rules:begin` and `rules:end` markers).
pub fn readme_table() -> String {
    let mut out = String::from("| rule | 含义 | meaning |\n|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!("| {} | {} | {} |\n", r.code, r.zh, r.en));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted, "rules are listed once each, in code order");
        for r in RULES {
            assert!(
                r.code.len() == 4 && matches!(&r.code[..1], "E" | "W"),
                "{r:?}"
            );
            assert_eq!(r.severity == Severity::Warning, r.code.starts_with('W'));
            assert!(!r.zh.chars().any(char::is_numeric), "{}: {}", r.code, r.zh);
            assert!(!r.en.contains('|') && !r.zh.contains('|'), "{r:?}");
        }
        assert_eq!(find(rule::BAD_MONEY).map(|r| r.zh), Some("金额写法不对"));
        let quiet: Vec<&str> = RULES.iter().filter(|r| !r.quote).map(|r| r.code).collect();
        assert_eq!(
            quiet,
            [
                "E040", "E041", "E042", "E043", "E044", "E045", "E046", "E047"
            ]
        );
    }
}
