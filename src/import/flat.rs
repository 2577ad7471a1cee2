//! Layout (a), the flat table: one row per indicator, with the project's name, 主管部门 and
//! amounts on its rows (on every row, on the first only, or merged down the project's rows).
//!
//! Rows are grouped into records by 项目名称 (by 主管部门 in a 部门整体 table without a
//! 项目名称 column), across sheets too; a project's cells that disagree between its rows are
//! reported, both addresses named. Blank rows, repeated headings, 预算执行率 rows and notes
//! under the table are skipped; a 合计 row in the 项目名称 column ends the table. No I/O here.

use super::Errs;
use super::Target;
use super::cells::{Sheet, fold};
use super::draft::{self, At, Context, Draft, Fields, IndicatorDraft};
use super::heads::{Columns, Field, recognize};
use super::rows::{self, Fill, Row};
use crate::diag::rule;
use crate::model::{Kind, MoneyUnit, Scope};
use crate::said;
use std::collections::BTreeMap;

/// Fields a project states once, on any of its rows.
const PROJECT_FIELDS: &[Field] = &[
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
    Field::TotalScore,
    Field::Grade,
];

struct Group {
    scope: Scope,
    fields: Fields,
    indicators: Vec<IndicatorDraft>,
    /// Per sheet: first and last row, for the record's origin.
    spans: Vec<(String, usize, usize, usize)>,
    failed: bool,
}

/// The records of every flat table of a workbook, in the order they first appear.
#[derive(Default)]
pub struct Groups {
    list: Vec<Group>,
    index: BTreeMap<String, usize>,
}

impl Groups {
    /// Read the table headed at `cols.row` of `sheet`.
    pub fn read(
        &mut self,
        sheet: &Sheet,
        cols: &Columns,
        kind: Kind,
        sheet_unit: Option<MoneyUnit>,
        errs: &mut Errs,
    ) {
        if !columns_fit(sheet, cols, kind, errs) {
            return;
        }
        let (scope, key_field) = match cols.has(Field::ProjectName) {
            true => (Scope::Project, Field::ProjectName),
            false => (Scope::Unit, Field::Unit),
        };
        let key_col = cols.get(key_field).unwrap_or(0);
        let mut current: Option<usize> = None;
        let mut fill = Fill::default();
        for r in cols.row + 1..sheet.height() {
            let row = rows::classify(sheet, cols, r);
            let key = sheet.text(r, key_col);
            match row {
                Row::Heading => continue,
                Row::Note => break,
                Row::Total if recognize(key).is_some_and(|(f, _)| f == Field::TotalScore) => {
                    break;
                }
                _ => {}
            }
            if !key.is_empty() {
                let idx = self.group_for(scope, &fold(key), sheet, r);
                if current != Some(idx) {
                    fill = Fill::default();
                }
                current = Some(idx);
            }
            let Some(idx) = current else {
                if matches!(row, Row::Indicator | Row::Total) {
                    no_key(sheet, r, key_field, key_col, errs);
                }
                continue;
            };
            let g = &mut self.list[idx];
            if !sheet.row_is_empty(r) {
                g.note_row(sheet, r);
            }
            g.note_fields(sheet, cols, r, sheet_unit, errs);
            match row {
                Row::Total => g.note_total(sheet, cols, r, errs),
                Row::Group => rows::group(sheet, cols, r, &mut fill, errs),
                Row::Indicator => match rows::indicator(sheet, cols, r, kind, &mut fill, errs) {
                    Some(i) => g.indicators.push(i),
                    None => g.failed = true,
                },
                _ => {}
            }
        }
    }

    fn group_for(&mut self, scope: Scope, key: &str, sheet: &Sheet, r: usize) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.list.push(Group {
            scope,
            fields: Fields {
                anchor: sheet.at(r, 0),
                ..Fields::default()
            },
            indicators: Vec::new(),
            spans: Vec::new(),
            failed: false,
        });
        self.index.insert(key.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// The drafts of every group that was read without error.
    pub fn finish(self, target: &Target, errs: &mut Errs) -> Vec<Draft> {
        let cx = Context {
            target,
            sheet_unit: None,
        };
        let mut out = Vec::new();
        for g in self.list {
            let origin = g
                .spans
                .iter()
                .map(|(sheet, width, a, b)| range(sheet, *width, *a, *b))
                .collect::<Vec<_>>()
                .join(", ");
            let d = draft::finish(
                &g.fields,
                g.scope,
                origin,
                g.indicators,
                !g.failed,
                cx,
                errs,
            );
            if !g.failed {
                out.extend(d);
            }
        }
        out
    }
}

/// An indicator row before any row names its record.
fn no_key(sheet: &Sheet, r: usize, key: Field, col: usize, errs: &mut Errs) {
    let label = key.label();
    let msg = said!(
        "这一行没有{label}，上面的行也没有给出",
        "this row has no {label} and no row above gives one"
    );
    let hint = said!(
        "在每条记录的第一行写上{label}",
        "write the {label} on the first row of each record"
    );
    errs.cell(rule::IMPORT_CELL, &sheet.at(r, col), msg, hint);
}

fn range(sheet: &str, width: usize, a: usize, b: usize) -> String {
    Sheet::new(sheet, Vec::new()).range((a, 0), (b, width.saturating_sub(1)))
}

impl Group {
    fn note_row(&mut self, sheet: &Sheet, r: usize) {
        match self.spans.last_mut() {
            Some((name, _, _, last)) if *name == sheet.name => *last = r,
            _ => self.spans.push((sheet.name.clone(), sheet.width(), r, r)),
        }
    }

    /// Record the project's fields on row `r`; a value that differs from an earlier row's is
    /// reported with both addresses.
    fn note_fields(
        &mut self,
        sheet: &Sheet,
        cols: &Columns,
        r: usize,
        sheet_unit: Option<MoneyUnit>,
        errs: &mut Errs,
    ) {
        for &f in PROJECT_FIELDS {
            let Some(c) = cols.get(f) else { continue };
            let at = At {
                text: sheet.text(r, c).to_string(),
                at: sheet.at(r, c),
            };
            self.note(f, at, cols.unit(f).or(sheet_unit), errs);
        }
    }

    fn note(&mut self, f: Field, at: At, unit: Option<MoneyUnit>, errs: &mut Errs) {
        if at.text.is_empty() {
            return;
        }
        match self.fields.map.get(&f) {
            None => {
                self.fields.map.insert(f, (at, unit));
            }
            Some((prev, _)) if fold(&prev.text) == fold(&at.text) => {}
            Some((prev, _)) => {
                let (label, now, before, there) = (f.label(), &at.text, &prev.text, &prev.at);
                let msg = said!(
                    "同一条记录的{label}写的是“{now}”，与 {there} 的“{before}”不同",
                    "{label} \"{now}\" differs from \"{before}\" at {there} for the same record"
                );
                let hint = said!(
                    "同一条记录的主管部门、金额等表头信息在它的每一行都必须相同；改正两个单元格中的一个",
                    "a record's 主管部门, amounts and other header fields must be the same on all its rows; correct one of the two cells"
                );
                errs.cell(rule::IMPORT_CONFLICT, &at.at, msg, hint);
                self.failed = true;
            }
        }
    }

    /// A 总分 row: the score is in the 得分 column, or the first number right of the label.
    fn note_total(&mut self, sheet: &Sheet, cols: &Columns, r: usize, errs: &mut Errs) {
        let label = (0..sheet.width())
            .find(|&c| recognize(sheet.text(r, c)).is_some_and(|(f, _)| f == Field::TotalScore));
        let col = cols
            .get(Field::Score)
            .filter(|&c| !sheet.text(r, c).is_empty())
            .or_else(|| {
                let from = label.map_or(0, |l| l + 1);
                (from..sheet.width())
                    .rev()
                    .find(|&c| !sheet.text(r, c).is_empty())
            });
        if let Some(c) = col {
            let at = At {
                text: sheet.text(r, c).to_string(),
                at: sheet.at(r, c),
            };
            self.note(Field::TotalScore, at, None, errs);
        }
    }
}

/// Whether the table has the columns the kind needs; reports what is missing or misplaced.
pub fn columns_fit(sheet: &Sheet, cols: &Columns, kind: Kind, errs: &mut Errs) -> bool {
    let at = sheet.range((cols.row, 0), (cols.row, sheet.width().saturating_sub(1)));
    let mut need = vec![Field::Unit];
    need.extend(match kind {
        Kind::Goal => vec![Field::Total],
        _ => vec![Field::Adjusted, Field::Executed],
    });
    table_fits(cols, kind, &at, &need, errs)
}

/// Whether an indicator table has the columns the kind needs, plus `extra`.
pub fn table_fits(cols: &Columns, kind: Kind, at: &str, extra: &[Field], errs: &mut Errs) -> bool {
    if kind == Kind::Goal && (cols.has(Field::Actual) || cols.has(Field::Score)) {
        errs.cell(
            rule::IMPORT_LAYOUT,
            at,
            said!(
                "这张表有 实际完成值 或 得分 列，是自评表的样子",
                "this table has 实际完成值 or 得分 columns, as a self-evaluation (自评表) has"
            ),
            said!(
                "用 --kind self_evaluation 导入它；如果它是目标表，删去这些列",
                "import it with --kind self_evaluation, or remove those columns from a goal table"
            ),
        );
        return false;
    }
    if kind == Kind::SelfEvaluation && !cols.has(Field::Actual) {
        errs.cell(
            rule::IMPORT_LAYOUT,
            at,
            said!(
                "这张表没有 实际完成值 列，所以不是自评表",
                "this table has no 实际完成值 column, so it is not a self-evaluation (自评表)"
            ),
            said!(
                "目标表请用 --kind goal 导入；自评表要有 实际完成值、分值 和 得分 三列",
                "import a goal table (目标表) with --kind goal; a self-evaluation needs 实际完成值, 分值 and 得分 columns"
            ),
        );
        return false;
    }
    let mut need = vec![Field::Level1, Field::Level2, Field::Name, Field::Target];
    if kind == Kind::SelfEvaluation {
        need.push(Field::Weight);
    }
    need.extend_from_slice(extra);
    let missing: Vec<&str> = need
        .iter()
        .filter(|f| !cols.has(**f))
        .map(|f| f.label())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let (zh, en) = (missing.join("、"), missing.join(", "));
    let msg = said!(
        "表中没有表头为 {zh} 的列",
        "the table has no column headed {en}"
    );
    let hint = said!(
        "像规定的表样那样写各列的表头：项目名称、主管部门、年初预算数、全年预算数、全年执行数、一级指标、二级指标、三级指标、指标值、实际完成值、分值、得分、偏差原因分析及改进措施（目标表：年度资金总额、财政拨款、其他资金）",
        "head the columns as the official forms do: 项目名称, 主管部门, 年初预算数, 全年预算数, 全年执行数, 一级指标, 二级指标, 三级指标, 指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施 (goals: 年度资金总额, 财政拨款, 其他资金)"
    );
    errs.cell(rule::IMPORT_LAYOUT, at, msg, hint);
    false
}
