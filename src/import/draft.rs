//! A record as read from a sheet, before it has an id: [`Draft`].
//!
//! Both layouts collect the cells of a project's header fields (项目名称, 主管部门, amounts,
//! objectives, total score) into [`Fields`], each with its address and the money unit its
//! heading states; [`finish`] reads them into a draft, with the unit id its 主管部门 names,
//! reporting every cell it cannot read.
//! Values are kept as written (`135.50万元` stays `135.50万元`). No I/O here.

use super::cells::{self, Value, placeholder};
use super::heads::Field;
use super::{Errs, Target, resolve};
use crate::diag::{Said, rule};
use crate::model::{Decimal, Grade, Kind, Level1, Level2, MoneyUnit, Scope};
use crate::said;
use std::collections::BTreeMap;

/// A text read from a cell, with the cell's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub text: String,
    pub at: String,
}

/// The header fields of one record, as found, with the money unit of each field's heading.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub map: BTreeMap<Field, (At, Option<MoneyUnit>)>,
    /// Where a missing field is reported (the record's first row or the form's title).
    pub anchor: String,
}

impl Fields {
    pub fn get(&self, f: Field) -> Option<&At> {
        self.map.get(&f).map(|(a, _)| a)
    }
}

/// The money figures of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amounts {
    /// 年度资金总额, 财政拨款, 其他资金.
    Goal {
        total: String,
        fiscal: Option<String>,
        other: Option<String>,
    },
    /// 年初预算数, 全年预算数, 全年执行数.
    SelfEvaluation {
        initial: Option<String>,
        adjusted: String,
        executed: String,
    },
}

/// One indicator row, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDraft {
    pub level1: Level1,
    pub level2: Level2,
    pub name: String,
    pub value: Value,
    pub weight: Option<String>,
    pub actual: Option<String>,
    pub score: Option<String>,
    pub deviation: Option<String>,
    /// The cells it was read from, by field name (see `cellmap::indicator`).
    pub cells: Vec<(&'static str, String)>,
}

/// One record read from a sheet: everything but its id.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The cells it was read from, `自评表!A3:I12`.
    pub origin: String,
    pub scope: Scope,
    pub name: Option<At>,
    pub code: Option<String>,
    /// The 主管部门 cell, and the unit of region.yaml it names.
    pub unit: At,
    pub unit_id: String,
    pub amounts: Amounts,
    pub objective: Option<String>,
    pub planned: Option<String>,
    pub achieved: Option<String>,
    pub indicators: Vec<IndicatorDraft>,
    pub score: Option<String>,
    pub grade: Option<Grade>,
    /// The cell of each field, by field path (`budget.adjusted`, `indicators.2.actual`).
    pub cells: super::cellmap::Cells,
}

/// What reading a record needs beyond its cells: where it goes (the kind, the site's
/// `money_unit`, the region's units) and the money unit stated for the whole sheet.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub target: &'a Target,
    pub sheet_unit: Option<MoneyUnit>,
}

/// Read the header fields into a draft; `None` (with diagnostics) if any cannot be read.
/// `rows_ok` says every indicator row was read (else their errors are already reported).
pub fn finish(
    f: &Fields,
    scope: Scope,
    origin: String,
    indicators: Vec<IndicatorDraft>,
    rows_ok: bool,
    cx: Context,
    errs: &mut Errs,
) -> Option<Draft> {
    let before = errs.count();
    let kind = cx.target.kind;
    let name = (scope == Scope::Project).then(|| required(f, Field::ProjectName, errs));
    let unit = required(f, Field::Unit, errs);
    let unit_id = unit
        .as_ref()
        .and_then(|u| resolve::unit_id(u, cx.target, errs));
    let amounts = amounts(f, kind, cx, errs);
    let text = |fl: Field| {
        f.get(fl)
            .map(|a| a.text.clone())
            .filter(|t| !placeholder(t))
    };
    let score = f.get(Field::TotalScore).and_then(|a| total_score(a, errs));
    let grade = f.get(Field::Grade).and_then(|a| grade(a, errs));
    if indicators.is_empty() && rows_ok {
        errs.cell(
            rule::IMPORT_LAYOUT,
            &origin,
            said!(
                "这条记录下没有找到指标行",
                "no indicator rows were found for this record"
            ),
            said!(
                "在表头下逐行列出指标（一级指标、二级指标、三级指标、指标值）",
                "list the indicators (一级指标, 二级指标, 三级指标, 指标值) under the table's headings"
            ),
        );
    }
    if errs.count() > before {
        return None;
    }
    let mut cells = super::cellmap::header(f, kind);
    for (n, i) in indicators.iter().enumerate() {
        for (key, at) in &i.cells {
            let path = match key.is_empty() {
                true => format!("indicators.{}", n + 1),
                false => format!("indicators.{}.{key}", n + 1),
            };
            cells.insert(path, at.clone());
        }
    }
    Some(Draft {
        cells,
        origin,
        scope,
        name: name.flatten(),
        code: text(Field::ProjectCode),
        unit: unit?,
        unit_id: unit_id?,
        amounts: amounts?,
        objective: if kind == Kind::Goal {
            text(Field::Objective)
        } else {
            None
        },
        planned: text(Field::Planned).or_else(|| match kind {
            Kind::Goal => None,
            _ => text(Field::Objective).filter(|t| super::heads::recognize(t).is_none()),
        }),
        achieved: text(Field::Achieved),
        indicators,
        score,
        grade,
    })
}

/// A field that must be given: its cell, or an error naming where it was looked for.
fn required(f: &Fields, field: Field, errs: &mut Errs) -> Option<At> {
    match f.get(field) {
        Some(a) if !a.text.is_empty() => Some(a.clone()),
        Some(a) => {
            let label = field.label();
            let msg = said!("{label} 是空的", "{label} is empty");
            errs.cell(rule::IMPORT_CELL, &a.at, msg, hint_for(field));
            None
        }
        None => {
            let label = field.label();
            let msg = said!(
                "这条记录没有找到 {label}",
                "no {label} was found for this record"
            );
            errs.cell(rule::IMPORT_LAYOUT, &f.anchor, msg, hint_for(field));
            None
        }
    }
}

fn hint_for(field: Field) -> Said {
    let label = field.label();
    match field {
        Field::ProjectName => said!("填写项目名称", "write the project's name (项目名称)"),
        Field::Unit => said!(
            "按 region.yaml 中的写法填写主管部门，如 尉犁县交通运输局",
            "write the 主管部门 as region.yaml names it, e.g. 尉犁县交通运输局"
        ),
        Field::Total | Field::Adjusted | Field::Executed => said!(
            "填写{label}的金额，如 135.5",
            "write the amount of {label}, e.g. 135.5"
        ),
        _ => said!("填写{label}", "fill in {label}"),
    }
}

/// An amount of money; `Ok(None)` when an optional one is absent or a placeholder (`—`).
fn money(
    f: &Fields,
    field: Field,
    need: bool,
    cx: Context,
    errs: &mut Errs,
) -> Result<Option<String>, ()> {
    let Some((a, heading)) = f.map.get(&field) else {
        return match need {
            true => required(f, field, errs).map(|_| None).ok_or(()),
            false => Ok(None),
        };
    };
    if placeholder(&a.text) {
        if !need {
            return Ok(None);
        }
        let (label, text) = (field.label(), &a.text);
        let msg = match a.text.is_empty() {
            true => said!("{label} 是空的", "{label} is empty"),
            false => said!(
                "{label} “{text}” 不是金额",
                "{label} \"{text}\" is not an amount"
            ),
        };
        errs.cell(rule::IMPORT_CELL, &a.at, msg, hint_for(field));
        return Err(());
    }
    let unit = heading.or(cx.sheet_unit).unwrap_or(cx.target.money_unit);
    cells::money(&a.text, unit).map(Some).map_err(|e| {
        let (msg, hint) = super::value_error(field.label(), &e);
        errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
    })
}

fn amounts(f: &Fields, kind: Kind, cx: Context, errs: &mut Errs) -> Option<Amounts> {
    let mut m = |field, need| money(f, field, need, cx, errs);
    if kind == Kind::Goal {
        let (total, fiscal, other) = (
            m(Field::Total, true),
            m(Field::Fiscal, false),
            m(Field::Other, false),
        );
        Some(Amounts::Goal {
            total: total.ok()??,
            fiscal: fiscal.ok()?,
            other: other.ok()?,
        })
    } else {
        let (initial, adjusted, executed) = (
            m(Field::Initial, false),
            m(Field::Adjusted, true),
            m(Field::Executed, true),
        );
        Some(Amounts::SelfEvaluation {
            initial: initial.ok()?,
            adjusted: adjusted.ok()??,
            executed: executed.ok()??,
        })
    }
}

fn total_score(a: &At, errs: &mut Errs) -> Option<String> {
    if placeholder(&a.text) {
        return None;
    }
    let hint = said!(
        "填写百分制的总分，如 90.5",
        "write the total score out of 100, e.g. 90.5"
    );
    match cells::points(&a.text) {
        Ok(p) => {
            let d = Decimal::parse(&p).ok()?;
            if d > Decimal::from_int(100) {
                let text = &a.text;
                let msg = said!(
                    "总分 “{text}” 超过了 100",
                    "总分 \"{text}\" is more than 100"
                );
                errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
                return None;
            }
            Some(p)
        }
        Err(e) => {
            let (msg, _) = super::value_error("总分", &e);
            errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
            None
        }
    }
}

fn grade(a: &At, errs: &mut Errs) -> Option<Grade> {
    if placeholder(&a.text) {
        return None;
    }
    let t = a.text.trim_end_matches('等');
    match Grade::parse(t) {
        Ok(g) => Some(g),
        Err(e) => {
            let (msg, hint) = super::value_error("自评等级", &e);
            errs.cell(rule::IMPORT_CELL, &a.at, msg, hint);
            None
        }
    }
}
