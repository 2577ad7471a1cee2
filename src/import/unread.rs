//! What a sheet carries that the import does not keep, said per column: a heading no field of
//! the format answers to (`项目负责人`), or one the format cannot hold (实施单位, 上年结转资金,
//! 基本支出 …, or 年度资金总额 in a self-evaluation), is a warning naming the sheet and cell
//! of the heading, so nothing is dropped without a word. Headings that only structure a form
//! (序号, 绩效指标) hold no data and are passed over. No I/O here.

use super::Errs;
use super::cells::{Sheet, fold};
use super::heads::{Columns, Field, recognize, split_unit};
use crate::diag::rule;
use crate::model::Kind;
use crate::said;

/// Headings and labels of the forms whose values the record format has no field for.
const NOT_HELD: &[&str] = &[
    "实施单位",
    "项目实施单位",
    "上年结转资金",
    "上年结转",
    "结转资金",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "项目属性",
    "项目类型",
    "项目类别",
    "项目期限",
    "中期目标",
];

/// Headings that structure a table and hold no value of their own.
const STRUCTURE: &[&str] = &["序号", "绩效指标", "项目资金", "年度预算", "指标"];

/// Whether the format keeps `f` for a record of `kind`.
pub fn held(f: Field, kind: Kind) -> bool {
    let goal_only = matches!(f, Field::Total | Field::Fiscal | Field::Other);
    let self_only = matches!(
        f,
        Field::Initial
            | Field::Adjusted
            | Field::Executed
            | Field::Actual
            | Field::Score
            | Field::Planned
            | Field::Achieved
            | Field::TotalScore
            | Field::Grade
    );
    match kind {
        Kind::Goal => !self_only,
        _ => !goal_only,
    }
}

/// Warn about each column of the table headed at `cols.row` that is not imported.
pub fn table(sheet: &Sheet, cols: &Columns, kind: Kind, errs: &mut Errs) {
    let r = cols.row;
    for c in 0..sheet.width() {
        if c > 0 && sheet.origin(r, c) == sheet.origin(r, c - 1) {
            continue;
        }
        let (row, text) = match sheet.text(r, c) {
            "" if r > 0 => (r - 1, sheet.text(r - 1, c)),
            t => (r, t),
        };
        if text.is_empty() {
            continue;
        }
        let at = sheet.at(row, c);
        match recognize(text) {
            Some((f, _)) if held(f, kind) => match cols.get(f) {
                Some(first) if sheet.origin(r, first) != sheet.origin(r, c) => {
                    twice(&at, text, &sheet.at(cols.row, first), errs);
                }
                _ => {}
            },
            Some(_) => not_held(&at, text, kind, errs),
            None if is_structure(text) => {}
            None if NOT_HELD.contains(&key(text).as_str()) => not_held(&at, text, kind, errs),
            None => unknown(&at, text, errs),
        }
    }
}

/// Warn about each label above row `end` of a printed form that names a value the format
/// cannot hold (实施单位, 上年结转资金, 基本支出 …).
pub fn header(sheet: &Sheet, end: usize, kind: Kind, errs: &mut Errs) {
    for r in 0..end {
        for c in 0..sheet.width() {
            if sheet.origin(r, c) != (r, c) {
                continue;
            }
            let text = sheet.text(r, c);
            let dropped = match recognize(text) {
                // the 年度资金总额 row of a self-evaluation form carries its budget columns
                Some((Field::Total, _)) => false,
                Some((f, _)) => form_field(f) && !held(f, kind),
                None => NOT_HELD.contains(&key(text).as_str()),
            };
            if dropped {
                not_held(&sheet.at(r, c), text, kind, errs);
            }
        }
    }
}

/// Fields a form states in its header block.
fn form_field(f: Field) -> bool {
    !matches!(
        f,
        Field::Level1
            | Field::Level2
            | Field::Name
            | Field::Target
            | Field::Measure
            | Field::Comparison
            | Field::Actual
            | Field::Weight
            | Field::Score
            | Field::Deviation
            | Field::TotalScore
    )
}

/// A heading folded, without a stated unit (`上年结转资金（万元）` → `上年结转资金`).
fn key(text: &str) -> String {
    let k = fold(text);
    split_unit(&k).0.to_string()
}

fn is_structure(text: &str) -> bool {
    STRUCTURE.contains(&key(text).as_str())
}

fn not_held(at: &str, text: &str, kind: Kind, errs: &mut Errs) {
    let (zh, en) = match kind {
        Kind::Goal => ("绩效目标", "a goal"),
        _ => ("绩效自评", "a self-evaluation"),
    };
    let h = heading(text);
    let msg = said!(
        "“{h}”未导入：{zh}记录的格式没有存放这一项的字段",
        "\"{h}\" was not imported: the record format of {en} has no field for it"
    );
    let hint = said!(
        "导入后请核对：这一项的内容需要公开的，请另行写入年度报告（_index.md）或评价报告；无需公开的可忽略本提示",
        "check after the import: if this needs to be published, write it into the year's report (_index.md) or an evaluation; otherwise ignore this note"
    );
    errs.warn(rule::IMPORT_NOT_IMPORTED, at, msg, hint);
}

fn unknown(at: &str, text: &str, errs: &mut Errs) {
    let h = heading(text);
    let msg = said!(
        "未识别的列“{h}”，这一列未导入",
        "the column \"{h}\" is not a column of the official forms, so it was not imported"
    );
    let hint = said!(
        "这一列需要导入的，请把列标题改为表样中的名称（如 三级指标、指标值、实际完成值、年度总体目标）后重新导入；无需导入的可忽略本提示",
        "if this column should be imported, head it as the official forms do (e.g. 三级指标, 指标值, 实际完成值, 年度总体目标) and import again; otherwise ignore this note"
    );
    errs.warn(rule::IMPORT_NOT_IMPORTED, at, msg, hint);
}

fn twice(at: &str, text: &str, first: &str, errs: &mut Errs) {
    let h = heading(text);
    let msg = said!(
        "列“{h}”与 {first} 的列是同一项，这一列未导入",
        "the column \"{h}\" is the same field as the column at {first}, so it was not imported"
    );
    let hint = said!(
        "只保留一列；两列内容不同的，请核对哪一列是表样中的这一项",
        "keep one of the two; if they differ, check which one is the field of the form"
    );
    errs.warn(rule::IMPORT_NOT_IMPORTED, at, msg, hint);
}

/// A heading as quoted in a message: on one line.
fn heading(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
