//! Layout (b), the printed form: one sheet per record, a header block of labels and values
//! (项目名称, 主管部门, 项目资金, 年度总体目标) above the indicator table, 总分 below it.
//!
//! A label's value is the next cell to its right, past the label's own merged cells; where
//! labels stand side by side as column headings (年初预算数 | 全年预算数 | 全年执行数, or
//! 预期目标 | 实际完成情况) each value is the cell below its heading instead. A title that says
//! 部门整体 makes a unit-wide record. No I/O here.

use super::Errs;
use super::Target;
use super::cells::{Sheet, fold};
use super::draft::{self, At, Context, Draft, Fields};
use super::flat::table_fits;
use super::heads::{Columns, Field, recognize, stated_unit};
use super::rows::{self, Fill, Row};
use crate::diag::rule;
use crate::model::{Kind, MoneyUnit, Scope};
use crate::said;

/// Labels of the header block that hold a value.
const HEADER_FIELDS: &[Field] = &[
    Field::ProjectName,
    Field::ProjectCode,
    Field::Unit,
    Field::Total,
    Field::Fiscal,
    Field::Other,
    Field::Initial,
    Field::Adjusted,
    Field::Executed,
    Field::Objective,
    Field::Planned,
    Field::Achieved,
    Field::Grade,
];

/// Read the form on `sheet` whose indicator table is headed at `cols.row`.
pub fn read(sheet: &Sheet, cols: &Columns, target: &Target, errs: &mut Errs) -> Option<Draft> {
    let kind = target.kind;
    let labels = labels(sheet, cols.row);
    let has = |f: Field| labels.iter().any(|(g, ..)| *g == f);
    let head_at = sheet.range((0, 0), (cols.row, sheet.width().saturating_sub(1)));
    if !has(Field::ProjectName) && !has(Field::Unit) {
        let msg = said!(
            "指标表上方没有表头信息：没有 项目名称 或 主管部门",
            "an indicator table without a header block: no 项目名称 or 主管部门 above it"
        );
        let hint = said!(
            "汇总表在表头行中用 项目名称、主管部门 作列名；单张的表在指标表上方写出 项目名称 和 主管部门",
            "a flat table names 项目名称 and 主管部门 as column headings in the table's heading row; a form gives them as labels above the table"
        );
        errs.cell(rule::IMPORT_LAYOUT, &head_at, msg, hint);
        return None;
    }
    if kind == Kind::Goal && has(Field::Executed) {
        errs.cell(
            rule::IMPORT_LAYOUT,
            &head_at,
            said!(
                "这张表写有 全年执行数，是自评表的样子",
                "this form states 全年执行数, as a self-evaluation (自评表) does"
            ),
            said!(
                "用 --kind self_evaluation 导入它",
                "import it with --kind self_evaluation"
            ),
        );
        return None;
    }
    let table_at = sheet.range((cols.row, 0), (cols.row, sheet.width().saturating_sub(1)));
    if !table_fits(cols, kind, &table_at, &[], errs) {
        return None;
    }
    let unit_wide = (0..cols.row)
        .any(|r| (0..sheet.width()).any(|c| fold(sheet.text(r, c)).contains("部门整体")));
    let scope = if unit_wide || !has(Field::ProjectName) {
        Scope::Unit
    } else {
        Scope::Project
    };
    let mut fields = Fields {
        anchor: sheet.at(0, 0),
        ..Fields::default()
    };
    for &(f, r, c, unit) in &labels {
        let below = heading_row(sheet, r);
        fields.map.insert(f, (value_of(sheet, r, c, below), unit));
    }
    let sheet_unit = (0..cols.row)
        .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
        .find_map(|(r, c)| stated_unit(sheet.text(r, c)));
    let (indicators, last, ok) = table(sheet, cols, kind, &mut fields, errs);
    let origin = sheet.range((0, 0), (last, sheet.width().saturating_sub(1)));
    let cx = Context { target, sheet_unit };
    let d = draft::finish(&fields, scope, origin, indicators, ok, cx, errs);
    d.filter(|_| ok)
}

/// Every header-block label above row `end`: field, row, column, stated money unit.
fn labels(sheet: &Sheet, end: usize) -> Vec<(Field, usize, usize, Option<MoneyUnit>)> {
    let mut out: Vec<(Field, usize, usize, Option<MoneyUnit>)> = Vec::new();
    for r in 0..end {
        for c in 0..sheet.width() {
            if sheet.cell(r, c).merged_from.is_some() {
                continue;
            }
            let Some((f, unit)) = recognize(sheet.text(r, c)) else {
                continue;
            };
            if HEADER_FIELDS.contains(&f) && !out.iter().any(|(g, ..)| *g == f) {
                out.push((f, r, c, unit));
            }
        }
    }
    out
}

/// Whether row `r` holds column headings: two labels side by side.
fn heading_row(sheet: &Sheet, r: usize) -> bool {
    let mut cells: Vec<&str> = Vec::new();
    for c in 0..sheet.width() {
        if c > 0 && sheet.origin(r, c) == sheet.origin(r, c - 1) {
            continue;
        }
        cells.push(sheet.text(r, c));
    }
    cells.windows(2).any(|w| {
        w.iter()
            .all(|t| recognize(t).is_some_and(|(f, _)| HEADER_FIELDS.contains(&f)))
    })
}

/// The value of the label at (`r`, `c`): the cell below it in a heading row, else the next
/// cell to the right past the label's merged cells (or further right, past empty cells).
fn value_of(sheet: &Sheet, r: usize, c: usize, below: bool) -> At {
    let own = sheet.origin(r, c);
    let at = |rr: usize, cc: usize| At {
        text: sheet.text(rr, cc).to_string(),
        at: sheet.at(rr, cc),
    };
    if below {
        let rr = (r + 1..sheet.height().max(r + 2))
            .find(|&rr| sheet.origin(rr, c) != own)
            .unwrap_or(r + 1);
        return at(rr, c);
    }
    let first = (c + 1..sheet.width().max(c + 2))
        .find(|&cc| sheet.origin(r, cc) != own)
        .unwrap_or(c + 1);
    if sheet.text(r, first).is_empty() {
        let further = (first + 1..sheet.width())
            .find(|&cc| !sheet.text(r, cc).is_empty())
            .filter(|&cc| recognize(sheet.text(r, cc)).is_none());
        if let Some(cc) = further {
            return at(r, cc);
        }
    }
    at(r, first)
}

/// The indicator rows below the heading, until 总分 or a note; the 总分 goes to `fields`.
/// Returns the indicators, the last row read, and whether every row was read.
fn table(
    sheet: &Sheet,
    cols: &Columns,
    kind: Kind,
    fields: &mut Fields,
    errs: &mut Errs,
) -> (Vec<draft::IndicatorDraft>, usize, bool) {
    let mut fill = Fill::default();
    let mut out = Vec::new();
    let mut ok = true;
    let mut last = cols.row;
    for r in cols.row + 1..sheet.height() {
        match rows::classify(sheet, cols, r) {
            Row::Note => break,
            Row::Total => {
                last = r;
                if let Some(score) = total(sheet, cols, r) {
                    fields.map.insert(Field::TotalScore, (score, None));
                }
                break;
            }
            Row::Group => rows::group(sheet, cols, r, &mut fill, errs),
            Row::Indicator => match rows::indicator(sheet, cols, r, kind, &mut fill, errs) {
                Some(i) => out.push(i),
                None => ok = false,
            },
            Row::Heading | Row::Budget | Row::Blank => {}
        }
        if !sheet.row_is_empty(r) {
            last = r;
        }
    }
    (out, last, ok)
}

/// The 总分 row's score: its 得分 cell, else the last value right of the label.
fn total(sheet: &Sheet, cols: &Columns, r: usize) -> Option<At> {
    let label = (0..sheet.width())
        .find(|&c| recognize(sheet.text(r, c)).is_some_and(|(f, _)| f == Field::TotalScore))?;
    let col = cols
        .get(Field::Score)
        .filter(|&c| !sheet.text(r, c).is_empty() && sheet.origin(r, c) != sheet.origin(r, label))
        .or_else(|| {
            (label + 1..sheet.width()).rev().find(|&c| {
                !sheet.text(r, c).is_empty() && sheet.origin(r, c) != sheet.origin(r, label)
            })
        })?;
    Some(At {
        text: sheet.text(r, col).to_string(),
        at: sheet.at(r, col),
    })
}
