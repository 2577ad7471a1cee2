//! The forms' headings and labels: which field a heading such as `年初预算数（万元）` names,
//! with the money unit it states, and where a sheet's indicator table starts.
//!
//! Headings are compared folded (no spaces, full-width forms made ASCII, no `其中：`), so
//! `偏差原因分析\n及改进措施` and `其中：财政拨款` are recognised. A part in brackets at the end
//! only says a unit: `（万元）` sets the money unit of the column. No I/O here.

use super::cells::{Sheet, fold};
use crate::model::MoneyUnit;
use std::collections::BTreeMap;

/// A field of the forms, named by a column heading or a label in the header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ProjectName,
    ProjectCode,
    Unit,
    Total,
    Fiscal,
    Other,
    Initial,
    Adjusted,
    Executed,
    Level1,
    Level2,
    Name,
    Target,
    /// A separate column for the target's unit (计量单位).
    Measure,
    /// A separate column for the comparison (运算符号 or 指标性质: ≥, ≤, 正向, 反向, 定性, …).
    Comparison,
    Actual,
    Weight,
    Score,
    Deviation,
    Objective,
    Planned,
    Achieved,
    TotalScore,
    Grade,
}

impl Field {
    /// The spellings accepted, folded; the first is the one the forms print.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::ProjectName => &["项目名称"],
            Field::ProjectCode => &["项目编码", "项目代码", "项目编号"],
            Field::Unit => &[
                "主管部门",
                "主管部门名称",
                "主管部门及代码",
                "主管单位",
                "部门名称",
                "部门(单位)名称",
                "单位名称",
                "预算部门",
                "预算单位",
            ],
            Field::Total => &[
                "年度资金总额",
                "资金总额",
                "项目资金总额",
                "年度预算资金总额",
                "预算资金总额",
            ],
            Field::Fiscal => &["财政拨款", "当年财政拨款", "财政资金"],
            Field::Other => &["其他资金"],
            Field::Initial => &["年初预算数"],
            Field::Adjusted => &["全年预算数", "调整后预算数"],
            Field::Executed => &["全年执行数", "实际执行数"],
            Field::Level1 => &["一级指标"],
            Field::Level2 => &["二级指标"],
            Field::Name => &["三级指标", "指标名称"],
            Field::Target => &[
                "指标值",
                "年度指标值",
                "全年指标值",
                "目标值",
                "年度目标值",
                "预期指标值",
            ],
            Field::Measure => &["计量单位", "度量单位", "指标单位", "指标值单位"],
            Field::Comparison => &[
                "运算符号",
                "运算符",
                "比较符号",
                "指标方向",
                "指标值方向",
                "指标性质",
                "指标属性",
                "计算符号",
            ],
            Field::Actual => &["实际完成值", "全年实际值", "实际值", "完成值", "全年完成值"],
            Field::Weight => &["分值", "权重"],
            Field::Score => &["得分", "自评得分"],
            Field::Deviation => &[
                "偏差原因分析及改进措施",
                "偏差原因分析及改进",
                "偏差原因及改进措施",
                "偏差原因分析",
                "未完成原因和改进措施",
                "未完成原因分析及改进措施",
            ],
            Field::Objective => &["年度总体目标", "总体目标", "年度绩效目标", "年度目标"],
            Field::Planned => &[
                "预期目标",
                "年度总体目标预期",
                "总体目标预期",
                "预期总体目标",
            ],
            Field::Achieved => &[
                "实际完成情况",
                "年度总体目标完成情况",
                "总体目标完成情况",
                "年度总体目标实际完成情况",
                "总体目标实际完成情况",
                "目标完成情况",
            ],
            Field::TotalScore => &["总分", "合计", "总计", "自评总分"],
            Field::Grade => &["自评等级", "评价等级", "等级"],
        }
    }

    /// The heading as the forms print it, for messages.
    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    pub const ALL: &'static [Field] = &[
        Field::ProjectName,
        Field::ProjectCode,
        Field::Unit,
        Field::Total,
        Field::Fiscal,
        Field::Other,
        Field::Initial,
        Field::Adjusted,
        Field::Executed,
        Field::Level1,
        Field::Level2,
        Field::Name,
        Field::Target,
        Field::Measure,
        Field::Comparison,
        Field::Actual,
        Field::Weight,
        Field::Score,
        Field::Deviation,
        Field::Objective,
        Field::Planned,
        Field::Achieved,
        Field::TotalScore,
        Field::Grade,
    ];
}

/// The field a heading names, and the money unit it states (`年初预算数（万元）`).
pub fn recognize(text: &str) -> Option<(Field, Option<MoneyUnit>)> {
    let key = fold(text);
    if key.is_empty() || key.chars().count() > 40 {
        return None;
    }
    let (name, unit) = split_unit(&key);
    Field::ALL
        .iter()
        .find(|f| f.names().contains(&name))
        .map(|&f| (f, unit))
}

/// `年初预算数(万元)` → (`年初预算数`, 万元); `项目资金(单位:元)` → (`项目资金`, 元).
pub fn split_unit(key: &str) -> (&str, Option<MoneyUnit>) {
    let Some(open) = key.rfind('(').filter(|_| key.ends_with(')')) else {
        return (key, None);
    };
    let inner = &key[open + 1..key.len() - 1];
    let inner = inner.rsplit(':').next().unwrap_or(inner);
    (&key[..open], MoneyUnit::parse(inner))
}

/// A money unit stated anywhere in a title or label: `单位：万元`, `项目资金（万元）`.
pub fn stated_unit(text: &str) -> Option<MoneyUnit> {
    let key = fold(text);
    if let (_, Some(u)) = split_unit(&key) {
        return Some(u);
    }
    let after = key.split_once("单位:").map(|(_, a)| a)?;
    ["万元", "亿元", "元"]
        .into_iter()
        .find(|u| after.starts_with(u))
        .and_then(MoneyUnit::parse)
}

/// Where each field's column is in an indicator table, and the unit its heading states.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The heading row (0-based).
    pub row: usize,
    pub cols: BTreeMap<Field, (usize, Option<MoneyUnit>)>,
}

impl Columns {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.cols.get(&f).map(|&(c, _)| c)
    }

    pub fn has(&self, f: Field) -> bool {
        self.cols.contains_key(&f)
    }

    pub fn unit(&self, f: Field) -> Option<MoneyUnit> {
        self.cols.get(&f).and_then(|&(_, u)| u)
    }
}

/// The first row at or after `from` that heads an indicator table (it names 一级指标 and
/// 三级指标). A heading left blank in that row is taken from the row above; when the row below
/// continues the headings (`项目资金（万元）` above `年初预算数 | 全年预算数 | 全年执行数`), the
/// two rows are read together and the table starts below the second.
pub fn find_table(sheet: &Sheet, from: usize) -> Option<Columns> {
    let cols = (from..sheet.height()).find_map(|r| {
        let cols = headings(sheet, r);
        (cols.has(Field::Level1) && cols.has(Field::Name)).then_some(cols)
    })?;
    let next = cols.row + 1;
    if !continues(sheet, next) {
        return Some(cols);
    }
    let mut below = headings(sheet, next);
    for (f, at) in cols.cols {
        if !below.cols.values().any(|(c, _)| *c == at.0) {
            below.cols.entry(f).or_insert(at);
        }
    }
    Some(below)
}

/// Whether row `r` holds only headings and cells merged down from the row above.
fn continues(sheet: &Sheet, r: usize) -> bool {
    let own: Vec<&str> = (0..sheet.width())
        .filter(|&c| sheet.cell(r, c).merged_from.is_none_or(|(mr, _)| mr == r))
        .map(|c| sheet.text(r, c))
        .filter(|t| !t.is_empty())
        .collect();
    !own.is_empty() && own.iter().all(|t| recognize(t).is_some())
}

/// The fields the headings of row `r` name (or, where blank, the row above).
pub fn headings(sheet: &Sheet, r: usize) -> Columns {
    let mut cols = BTreeMap::new();
    for c in 0..sheet.width() {
        let here = recognize(sheet.text(r, c));
        let above = if sheet.text(r, c).is_empty() && r > 0 {
            recognize(sheet.text(r - 1, c))
        } else {
            None
        };
        if let Some((f, u)) = here.or(above) {
            cols.entry(f).or_insert((c, u));
        }
    }
    Columns { row: r, cols }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_with_their_units() {
        assert_eq!(
            recognize("年初预算数（万元）"),
            Some((Field::Initial, Some(MoneyUnit::Wan)))
        );
        assert_eq!(
            recognize(" 其中：财政拨款(元) "),
            Some((Field::Fiscal, Some(MoneyUnit::Yuan)))
        );
        assert_eq!(
            recognize("偏差原因分析\n及改进措施"),
            Some((Field::Deviation, None))
        );
        assert_eq!(recognize("*项目名称"), Some((Field::ProjectName, None)));
        assert_eq!(recognize("项目名称：乡村道路"), None);
        assert_eq!(recognize("产出指标"), None);
    }

    #[test]
    fn units_stated_in_titles() {
        assert_eq!(stated_unit("金额单位：万元"), Some(MoneyUnit::Wan));
        assert_eq!(stated_unit("项目资金（元）"), Some(MoneyUnit::Yuan));
        assert_eq!(stated_unit("单位:亿元"), Some(MoneyUnit::Yi));
        assert_eq!(stated_unit("项目支出绩效自评表"), None);
    }
}
