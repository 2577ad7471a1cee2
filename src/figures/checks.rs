//! Checks across records: a 红标 follows a 黄标 at the previous node of the same project; a
//! project keeps one name and one unit across kinds and years; and the rules a body sets in
//! site.yaml (`rules:`) on indicators and on how much of the project funds 部门评价 covers.
//! Warnings only; a message about a record that withholds anything never shows its values.
//! No I/O here.

use super::compute::Figures;
use crate::diag::said::count_en;
use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::model::summary::Value;
use crate::model::*;
use crate::said;
use std::collections::BTreeMap;

fn quiet(r: &Record) -> bool {
    r.disclosure.status != DisclosureStatus::Public
}

fn project_of(r: &Record) -> Option<(&Project, &str)> {
    match &r.data {
        RecordData::Goal(g) => g.project.as_ref().map(|p| (p, g.unit.as_str())),
        RecordData::ExAnte(e) => Some((&e.project, e.unit.as_str())),
        RecordData::Monitoring(m) => m.project.as_ref().map(|p| (p, m.unit.as_str())),
        RecordData::SelfEvaluation(s) => s.project.as_ref().map(|p| (p, s.unit.as_str())),
        RecordData::Evaluation(_) => None,
    }
}

fn name_of(p: &Project) -> Option<String> {
    p.name.shown().map(Text::public_plain)
}

/// 红标 at a node: the same project (by code, else name) at the previous node was 黄标 or 红标.
pub fn red_follows_yellow(records: &[&Record], diags: &mut Diagnostics) {
    let mut by_project: BTreeMap<String, Vec<(&Record, &Monitoring)>> = BTreeMap::new();
    for r in records {
        if let RecordData::Monitoring(m) = &r.data {
            let key = m
                .project
                .as_ref()
                .and_then(|p| {
                    p.code
                        .as_ref()
                        .and_then(|c| c.shown().cloned())
                        .or_else(|| name_of(p))
                })
                .unwrap_or_else(|| format!("unit:{}", m.unit));
            by_project.entry(key).or_default().push((r, m));
        }
    }
    for list in by_project.values_mut() {
        list.sort_by_key(|(_, m)| m.node);
        for pair in list.windows(2) {
            let ((first, before), (r, now)) = (pair[0], pair[1]);
            let flagged =
                |m: &Monitoring| matches!(m.flag, Some(Pub::Shown(Flag::Yellow | Flag::Red)));
            if matches!(now.flag, Some(Pub::Shown(Flag::Red))) && !flagged(before) {
                let (node, previous) = (now.node, before.node);
                let (path, line) = (&first.source.path, first.source.line);
                diags.push(
                    Diagnostic::error(rule::RED_WITHOUT_YELLOW, &r.source.path, r.source.line, 1)
                        .msg(said!(
                            "这个项目在 {node} 监控节点为红标，但在上一个节点 {previous} 没有黄标",
                            "the project is flagged 红标 (red) at the {node} node but was not flagged 黄标 (yellow) at the node before, {previous}"
                        ))
                        .hint(said!(
                            "红标应在上一个监控节点的黄标之后。请核对这条记录和上一个节点的记录（{path}:{line}）的 `flag`：上一个节点应为 `黄标`，或这里不应为 `红标`",
                            "a 红标 follows a 黄标 at the monitoring node before; check the `flag` of this record and of the record of the node before ({path}:{line})"
                        )),
                );
            }
        }
    }
}

/// One project, one name and one unit: records sharing a project code agree on the name, and
/// records sharing a name agree on the unit, across kinds and years of a region.
pub fn project_consistency(records: &[&Record], diags: &mut Diagnostics) {
    let mut by_code: BTreeMap<String, (&Record, String)> = BTreeMap::new();
    let mut by_name: BTreeMap<String, (&Record, String)> = BTreeMap::new();
    for r in records {
        let Some((p, unit)) = project_of(r) else {
            continue;
        };
        let Some(name) = name_of(p) else { continue };
        if let Some(Pub::Shown(code)) = &p.code {
            match by_code.get(code) {
                Some((first, n)) if *n != name => diags.push(mismatch(r, first, Same::Code)),
                Some(_) => {}
                None => {
                    by_code.insert(code.clone(), (r, name.clone()));
                }
            }
        }
        match by_name.get(&name) {
            Some((first, u)) if u != unit => diags.push(mismatch(r, first, Same::Name)),
            Some(_) => {}
            None => {
                by_name.insert(name, (r, unit.to_string()));
            }
        }
    }
}

/// What two records of one project share: a project code (then their names differ) or a
/// project name (then their units differ).
#[derive(Clone, Copy)]
enum Same {
    Code,
    Name,
}

fn mismatch(r: &Record, first: &Record, same: Same) -> Diagnostic {
    let (path, line) = (&first.source.path, first.source.line);
    let (message, hint) = match same {
        Same::Code => (
            said!(
                "项目编码相同的记录，写的项目名称不一样",
                "records with the same project code give the project different names"
            ),
            said!(
                "第一条记录在 {path}:{line}。同一项目在各条记录中应写相同的 `project.name`；如果确实是不同的项目，请给它们不同的项目编码（`project.code`）",
                "the first is at {path}:{line}; write the same `project.name` in every record of the project, or give different projects different codes (`project.code`)"
            ),
        ),
        Same::Name => (
            said!(
                "项目名称相同的记录，写的单位不一样",
                "records with the same project name give different units"
            ),
            said!(
                "第一条记录在 {path}:{line}。同一项目在各条记录中应写相同的 `unit`；如果确实是不同的项目，请给它们不同的项目名称",
                "the first is at {path}:{line}; write the same `unit` in every record of the project, or give different projects different names"
            ),
        ),
    };
    Diagnostic::error(rule::PROJECT_MISMATCH, &r.source.path, r.source.line, 1)
        .msg(message)
        .hint(hint)
}

/// The rules of site.yaml on goals' indicators.
pub fn indicator_rules(records: &[&Record], rules: &Rules, diags: &mut Diagnostics) {
    for r in records {
        let RecordData::Goal(g) = &r.data else {
            continue;
        };
        let total = g.indicators.len();
        if let Some(min) = rules.min_indicators
            && (total as u64) < min
        {
            diags.push(
                Diagnostic::error(rule::INDICATOR_RULE, &r.source.path, r.source.line, 1)
                    .msg({
                        let indicators = count_en(total, "indicator", "indicators");
                        said!(
                            "这项绩效目标只有 {total} 个绩效指标，本站规则要求至少 {min} 个",
                            "this goal has {indicators}; the site's rules ask for at least {min}"
                        )
                    })
                    .hint(Said::new(
                        "为这项目标补充三级指标，或修改 site.yaml 中的 `rules.min_indicators`",
                        "add 三级指标 to the goal, or change `rules.min_indicators` in site.yaml",
                    )),
            );
        }
        let (Some(min), true) = (rules.min_quantifiable_share, total > 0) else {
            continue;
        };
        let quantifiable = g
            .indicators
            .iter()
            .filter(|i| i.op != Op::Qualitative)
            .count();
        let share =
            value::percent_of(quantifiable as i128, total as i128, 2).unwrap_or(Decimal::zero());
        if share < min.0 {
            diags.push(
                Diagnostic::error(rule::INDICATOR_RULE, &r.source.path, r.source.line, 1)
                    .msg({
                        let of = if total == 1 { "indicator is" } else { "indicators are" };
                        said!(
                            "这项绩效目标的 {total} 个指标中，可量化的有 {quantifiable} 个（占 {share}%），本站规则要求至少占 {min}",
                            "{quantifiable} of this goal's {total} {of} quantifiable ({share}%); the site's rules ask for at least {min}"
                        )
                    })
                    .hint(Said::new(
                        "把更多指标写成带 ≥、≤ 或 = 的数值指标，或修改 site.yaml 中的 `rules.min_quantifiable_share`",
                        "express more indicators as numbers with ≥, ≤ or =, or change `rules.min_quantifiable_share` in site.yaml",
                    )),
            );
        }
    }
}

/// 部门评价 should cover a share of the year's project funds (the ≥20% rule).
pub fn evaluation_share(full: &Figures, rules: &Rules, at: (&str, usize), diags: &mut Diagnostics) {
    let Some(min) = &rules.min_department_evaluation_share else {
        return;
    };
    let Some(Value::Percent(share)) = full
        .get("evaluations.部门评价.share_of_funds")
        .map(|f| &f.value)
    else {
        return;
    };
    if share.0 < min.0 {
        diags.push(
            Diagnostic::error(rule::EVALUATION_SHARE, at.0, at.1, 1)
                .msg(said!(
                    "部门评价覆盖的资金占本年度项目资金的 {share}，本站规则要求至少 {min}",
                    "部门评价 (departmental evaluation) covers {share} of the year's project funds; the site's rules ask for at least {min}"
                ))
                .hint(Said::new(
                    "对更多项目开展部门评价，或修改 site.yaml 中的 `rules.min_department_evaluation_share`",
                    "have departments evaluate more projects, or change `rules.min_department_evaluation_share` in site.yaml",
                )),
        );
    }
}

/// A self-evaluation's indicators as 财预〔2020〕10号 scores them: their weights add up to 90
/// (预算执行率 is the other 10), and a quantitative indicator without a stated score has
/// target and actual written as numbers, so its points can be computed. Where a weight is
/// withheld the sum is not checked (the message would tell it).
pub fn self_evaluation_indicators(records: &[&Record], diags: &mut Diagnostics) {
    for r in records {
        let RecordData::SelfEvaluation(s) = &r.data else {
            continue;
        };
        let at = || Diagnostic::error(rule::INDICATOR_RULE, &r.source.path, r.source.line, 1);
        let weights: Option<Vec<Decimal>> = s
            .indicators
            .iter()
            .map(|i| i.weight.as_ref().and_then(|w| w.shown().copied()))
            .collect();
        let sum = weights.and_then(|w| w.into_iter().try_fold(Decimal::zero(), Decimal::add));
        let ninety = Decimal::from_int(super::score::INDICATOR_POINTS);
        if let Some(sum) = sum.filter(|s| *s != ninety && !s.is_zero()) {
            let msg = if quiet(r) {
                Said::new(
                    "各项绩效指标的分值合计不是90分",
                    "the indicators' weights do not add up to 90 points",
                )
            } else {
                let sum = sum.normalized();
                said!(
                    "各项绩效指标的分值合计为{sum}分，不是90分",
                    "the indicators' weights add up to {sum} points, not 90"
                )
            };
            diags.push(at().msg(msg).hint(Said::new(
                "按财预〔2020〕10号自评表，预算执行率占10分，其余90分分配给各项绩效指标；请核对每项指标的 `weight`，使合计为90",
                "under 财预〔2020〕10号, 预算执行率 (budget execution) is worth 10 points and the other 90 are shared among the indicators; check each indicator's `weight` so that they add up to 90",
            )));
        }
        for (k, i) in s.indicators.iter().enumerate() {
            // (a quantitative target that is not a number already stopped validation)
            let unscorable = i.op != Op::Qualitative
                && i.score.is_none()
                && matches!(i.actual, Some(Pub::Shown(_)))
                && i.actual_num().is_none();
            if unscorable {
                let n = k + 1;
                diags.push(
                    Diagnostic::error(rule::SCORE_MISMATCH, &r.source.path, r.source.line, 1)
                        .msg(said!(
                            "第{n}项指标的实际完成值（`actual`）不是数字，无法按公式计分",
                            "indicator {n}'s actual value (`actual`) is not a number, so its points cannot be computed"
                        ))
                        .hint(Said::new(
                            "把 `actual` 写成数字（可带 % 或单位，如 98%），或用 `score:` 写明该指标得分",
                            "write `actual` as a number (a % sign or a unit may follow, e.g. 98%), or state the indicator's points with `score:`",
                        )),
                );
            }
        }
    }
}
