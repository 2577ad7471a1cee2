//! The rows of an indicator table, shared by both layouts: what a row is (an indicator, a
//! repeated heading, a 预算执行率 row, the 总分 row, a note under the table) and the indicator
//! it holds.
//!
//! 一级指标 and 二级指标 left blank below a filled cell continue it, as in a printed form
//! where they are merged down; `数量指标` and `数量` are the same 二级指标. No I/O here.

use super::Errs;
use super::cells::{
    Sheet, Value, actual_value, clean, comparison, direction, fold, indicator_value, placeholder,
    points,
};
use super::draft::{At, IndicatorDraft};
use super::heads::{Columns, Field, recognize};
use crate::diag::rule;
use crate::model::{Kind, Level1, Level2, Op};
use crate::said;

/// What a row of an indicator table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Nothing in the indicator columns (it may still carry a project's fields).
    Blank,
    /// The headings again (printed on every page).
    Heading,
    /// Only 一级指标 and/or 二级指标: a group heading for the rows below.
    Group,
    /// 预算执行率: read from the budget columns, not an indicator.
    Budget,
    /// 总分 / 合计: the record's total score.
    Total,
    /// 备注, 填报人 and the like: the table has ended.
    Note,
    Indicator,
}

const INDICATOR_FIELDS: &[Field] = &[
    Field::Level1,
    Field::Level2,
    Field::Name,
    Field::Target,
    Field::Actual,
    Field::Weight,
    Field::Score,
];

const BUDGET_NAMES: &[&str] = &[
    "预算执行率",
    "资金执行率",
    "预算执行情况",
    "资金执行情况",
    "执行率",
];

const NOTE_WORDS: &[&str] = &[
    "备注",
    "说明",
    "注:",
    "填报人",
    "填表人",
    "联系人",
    "联系电话",
    "审核人",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "填报日期",
    "填报单位",
];

/// What row `r` of the table holds.
pub fn classify(sheet: &Sheet, cols: &Columns, r: usize) -> Row {
    let text = |f: Field| cols.get(f).map_or("", |c| sheet.text(r, c));
    let own = |c: usize| sheet.cell(r, c).merged_from.is_none_or(|(mr, _)| mr == r);
    let cells: Vec<&str> = (0..sheet.width())
        .filter(|&c| !sheet.text(r, c).is_empty() && own(c))
        .map(|c| sheet.text(r, c))
        .collect();
    if let Some(first) = cells.first().map(|t| fold(t))
        && NOTE_WORDS.iter().any(|w| first.starts_with(w))
    {
        return Row::Note;
    }
    if cells
        .iter()
        .any(|t| recognize(t).is_some_and(|(f, _)| f == Field::TotalScore))
    {
        return Row::Total;
    }
    let own_headings = cols
        .cols
        .iter()
        .filter(|(f, (c, _))| recognize(sheet.text(r, *c)).is_some_and(|(g, _)| g == **f))
        .count();
    if own_headings >= 2 {
        return Row::Heading;
    }
    if [Field::Level1, Field::Level2, Field::Name]
        .iter()
        .any(|&f| BUDGET_NAMES.contains(&fold(text(f)).as_str()))
    {
        return Row::Budget;
    }
    if INDICATOR_FIELDS.iter().all(|&f| text(f).is_empty()) {
        return Row::Blank;
    }
    if [Field::Name, Field::Target, Field::Actual]
        .iter()
        .all(|&f| text(f).is_empty())
    {
        return Row::Group;
    }
    Row::Indicator
}

/// 一级指标 and 二级指标 carried down from the rows above.
#[derive(Debug, Default, Clone)]
pub struct Fill {
    level1: Option<Level1>,
    level2: Option<Level2>,
}

/// Remember the 一级/二级指标 of a group heading row.
pub fn group(sheet: &Sheet, cols: &Columns, r: usize, fill: &mut Fill, errs: &mut Errs) {
    if let Some(l1) = level(sheet, cols, r, Field::Level1, errs, parse1) {
        fill.level1 = l1;
        fill.level2 = None;
    }
    if let Some(l2) = level(sheet, cols, r, Field::Level2, errs, parse2) {
        fill.level2 = l2;
    }
}

fn parse1(s: &str) -> Result<Level1, crate::model::value::ValueError> {
    Level1::parse(s).or_else(|e| Level1::parse(&format!("{}指标", fold(s))).map_err(|_| e))
}

fn parse2(s: &str) -> Result<Level2, crate::model::value::ValueError> {
    Level2::parse(s).or_else(|e| Level2::parse(&format!("{}指标", fold(s))).map_err(|_| e))
}

/// The level in column `field` of row `r`: `None` when blank, `Some(None)` when unreadable.
fn level<T>(
    sheet: &Sheet,
    cols: &Columns,
    r: usize,
    field: Field,
    errs: &mut Errs,
    parse: fn(&str) -> Result<T, crate::model::value::ValueError>,
) -> Option<Option<T>> {
    let c = cols.get(field)?;
    let t = sheet.text(r, c);
    if t.is_empty() {
        return None;
    }
    Some(match parse(t) {
        Ok(v) => Some(v),
        Err(e) => {
            let (msg, hint) = super::value_error(field.label(), &e);
            errs.cell(rule::IMPORT_CELL, &sheet.at(r, c), msg, hint);
            None
        }
    })
}

/// The cell of `field` in row `r`, if the table has that column.
fn cell(sheet: &Sheet, cols: &Columns, r: usize, field: Field) -> Option<At> {
    cols.get(field).map(|c| At {
        text: sheet.text(r, c).to_string(),
        at: sheet.at(r, c),
    })
}

/// Where a missing value of `field` is reported: its cell, or the row's first cell.
fn where_(sheet: &Sheet, cols: &Columns, r: usize, field: Field) -> String {
    cols.get(field)
        .map_or_else(|| sheet.at(r, 0), |c| sheet.at(r, c))
}

/// The indicator of row `r`; `None` (with diagnostics) if any of its cells cannot be read.
pub fn indicator(
    sheet: &Sheet,
    cols: &Columns,
    r: usize,
    kind: Kind,
    fill: &mut Fill,
    errs: &mut Errs,
) -> Option<IndicatorDraft> {
    let before = errs.count();
    let (l1, l2) = levels(sheet, cols, r, fill, errs);
    let name = nonempty(sheet, cols, r, Field::Name, errs);
    let target = nonempty(sheet, cols, r, Field::Target, errs);
    let value = target
        .as_ref()
        .and_then(|t| with_columns(t, sheet, cols, r, errs));
    let need_weight = kind == Kind::SelfEvaluation;
    let weight = number(sheet, cols, r, Field::Weight, need_weight, errs);
    let mut actual = None;
    let mut score = Ok(None);
    if kind == Kind::SelfEvaluation {
        actual = nonempty(sheet, cols, r, Field::Actual, errs);
        let qualitative = value.as_ref().is_some_and(|v| v.op == Op::Qualitative);
        score = number(sheet, cols, r, Field::Score, qualitative, errs);
    }
    let deviation = cell(sheet, cols, r, Field::Deviation)
        .map(|a| a.text)
        .filter(|t| !placeholder(t));
    if errs.count() > before {
        return None;
    }
    let value = value?;
    Some(IndicatorDraft {
        level1: l1?,
        level2: l2?,
        name: name?.text,
        actual: actual.map(|a| actual_value(&a.text, &value)),
        value,
        weight: weight.ok()?,
        score: score.ok()?,
        deviation,
        cells: super::cellmap::indicator(sheet, cols, r),
    })
}

/// The target completed from the 计量单位 and 运算符号 (指标性质) columns, where a table has
/// them; a column that contradicts the 指标值 cell is reported.
fn with_columns(t: &At, sheet: &Sheet, cols: &Columns, r: usize, errs: &mut Errs) -> Option<Value> {
    let mut v = indicator_value(&t.text);
    let given = |f: Field| cell(sheet, cols, r, f).filter(|a| !placeholder(&a.text));
    if let Some(a) = given(Field::Comparison) {
        v = with_comparison(v, t, &a, errs)?;
    }
    if let Some(a) = given(Field::Measure).filter(|_| v.op != Op::Qualitative) {
        match &v.unit {
            None => v.unit = Some(a.text),
            Some(u) if *u == a.text => {}
            Some(u) => {
                let text = &a.text;
                let msg = said!(
                    "计量单位“{text}”与指标值的单位 {u} 不一致",
                    "计量单位 \"{text}\" contradicts the 指标值's unit {u}"
                );
                errs.cell(
                    rule::IMPORT_CONFLICT,
                    &a.at,
                    msg,
                    said!(
                        "单位只写一处，或两个单元格写成一样的",
                        "write the unit once, or the same in both cells"
                    ),
                );
                return None;
            }
        }
    }
    Some(v)
}

/// 一级指标 and 二级指标 of row `r`, or carried down from the rows above.
fn levels(
    sheet: &Sheet,
    cols: &Columns,
    r: usize,
    fill: &mut Fill,
    errs: &mut Errs,
) -> (Option<Level1>, Option<Level2>) {
    if let Some(l) = level(sheet, cols, r, Field::Level1, errs, parse1) {
        if l != fill.level1 {
            fill.level2 = None;
        }
        fill.level1 = l;
    }
    if let Some(l) = level(sheet, cols, r, Field::Level2, errs, parse2) {
        fill.level2 = l;
    }
    let (l1, l2) = (fill.level1, fill.level2);
    for (field, missing) in [(Field::Level1, l1.is_none()), (Field::Level2, l2.is_none())] {
        let blank = cols.get(field).is_none_or(|c| sheet.text(r, c).is_empty());
        if missing && blank {
            let label = field.label();
            let msg = said!(
                "{label} 是空的，上面的行也没有给出",
                "{label} is empty and no row above gives it"
            );
            let hint = said!(
                "填写这项指标的{label}",
                "write the {label} of this indicator"
            );
            errs.cell(rule::IMPORT_CELL, &where_(sheet, cols, r, field), msg, hint);
        }
    }
    (l1, l2)
}

/// A cell that must not be empty.
fn nonempty(sheet: &Sheet, cols: &Columns, r: usize, field: Field, errs: &mut Errs) -> Option<At> {
    match cell(sheet, cols, r, field) {
        Some(a) if !a.text.is_empty() => Some(a),
        _ => {
            let label = field.label();
            let msg = said!("{label} 是空的", "{label} is empty");
            let hint = match field {
                Field::Actual => said!(
                    "填写实际完成值，如 88公里",
                    "write the value achieved (实际完成值), e.g. 88公里"
                ),
                Field::Target => said!(
                    "填写指标值，如 ≥86公里，或定性的值，如 有效改善",
                    "write the target, e.g. ≥86公里, or a qualitative value such as 有效改善"
                ),
                _ => said!("填写{label}", "fill in the {label}"),
            };
            errs.cell(rule::IMPORT_CELL, &where_(sheet, cols, r, field), msg, hint);
            None
        }
    }
}

/// A number of points (分值, 得分); `need` makes an empty cell an error.
fn number(
    sheet: &Sheet,
    cols: &Columns,
    r: usize,
    field: Field,
    need: bool,
    errs: &mut Errs,
) -> Result<Option<String>, ()> {
    let a = cell(sheet, cols, r, field).filter(|a| !placeholder(&a.text));
    let Some(a) = a else {
        if !need {
            return Ok(None);
        }
        let label = field.label();
        let (msg, hint) = match field {
            Field::Score => (
                said!(
                    "得分 是空的，定性指标必须写明得分",
                    "得分 is empty, and a qualitative (定性) indicator must state its score"
                ),
                said!("填写所得分数，如 18", "write the points awarded, e.g. 18"),
            ),
            _ => (
                said!("{label} 是空的", "{label} is empty"),
                said!(
                    "填写这项指标的分值，如 20",
                    "write the indicator's points (分值), e.g. 20"
                ),
            ),
        };
        errs.cell(rule::IMPORT_CELL, &where_(sheet, cols, r, field), msg, hint);
        return Err(());
    };
    points(&a.text).map(Some).map_err(|e| {
        let (msg, hint) = super::value_error(field.label(), &e);
        errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
    })
}

/// The comparison of a 运算符号 or 指标性质 cell `a` applied to the value of the 指标值 cell
/// `t`: a symbol sets the op of a number written without one; 正向/反向 set `≥`/`≤` (and
/// agree with `>`/`<`); 定性 keeps the 指标值 whole as a qualitative target; 定量 says
/// nothing more. A text 指标值 (`有效改善`) stays qualitative whatever the column says.
fn with_comparison(mut v: Value, t: &At, a: &At, errs: &mut Errs) -> Option<Value> {
    if fold(&a.text).trim_end_matches("指标") == "定量" {
        return Some(v);
    }
    let dir = direction(&a.text);
    let Some(op) = dir.or_else(|| comparison(a.text.trim_end_matches("指标"))) else {
        let text = &a.text;
        let msg = said!(
            "运算符号“{text}”不是比较符号",
            "运算符号 \"{text}\" is not a comparison"
        );
        let hint = said!(
            "写 ≥、≤、=、>、< 或 定性（指标性质列中也可以写 正向、反向）",
            "write ≥, ≤, =, >, < or 定性 (or 正向, 反向 in a 指标性质 column)"
        );
        errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
        return None;
    };
    let same_way = |x: Op| match op {
        Op::Ge => matches!(x, Op::Ge | Op::Gt),
        _ => matches!(x, Op::Le | Op::Lt),
    };
    if op == Op::Qualitative {
        return Some(Value {
            op: Op::Qualitative,
            explicit: false,
            target: clean(&t.text),
            unit: None,
        });
    }
    if v.op == Op::Qualitative || (v.explicit && v.op == op) {
        return Some(v);
    }
    if !v.explicit {
        (v.op, v.explicit) = (op, true);
        return Some(v);
    }
    if dir.is_some() && same_way(v.op) {
        return Some(v);
    }
    let (text, was, op) = (&a.text, v.op.zh(), op.zh());
    let msg = said!(
        "运算符号“{text}”与指标值中的 {was} 不一致",
        "运算符号 \"{text}\" contradicts the 指标值's {was}"
    );
    let hint = said!(
        "比较符号只写一处，或两个单元格写成一样的（{op}）",
        "write the comparison once, or the same in both cells ({op})"
    );
    errs.cell(rule::IMPORT_CONFLICT, &a.at, msg, hint);
    None
}
