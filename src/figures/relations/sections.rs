//! Relations across sections: no monitoring node covers more projects or funds than have goals,
//! and the year's last node covers them all; monitoring and self-evaluation of 部门整体 cover no
//! more units than have goals; 部门评价 stays within the self-evaluated totals. No I/O here.

use super::*;
use std::ops::ControlFlow;

/// A monitoring node's total of a figure (its project count or budget): stated, or the sum
/// of its categories where `by_category_complete: true` and each category states it. With
/// its interval, its middle, where to point, its paths and how to say it.
struct Total<'a> {
    iv: Iv,
    mid: i128,
    at: (usize, usize),
    paths: Vec<String>,
    /// The figures it is made of.
    figs: Vec<&'a Stated>,
    zh: String,
    en: String,
}

fn total_of<'a>(prefix: &str, g: &'a Group, key: &str) -> Option<Total<'a>> {
    if let Some(f) = fig(prefix, g, key) {
        return Some(Total {
            iv: f.iv()?,
            mid: f.mid()?,
            at: at(f.s),
            zh: format!("{} 公布为 {}", f.zh(), f.text()),
            en: format!("{} is stated as {}", f.en(), f.text()),
            paths: vec![f.path],
            figs: vec![f.s],
        });
    }
    if !g.categories_complete {
        return None;
    }
    let mut sum = Iv { lo: 0, hi: 0 };
    let mut m = 0i128;
    let mut figs = Vec::new();
    let mut paths = vec![format!("{prefix}.{key}")];
    let mut cats: Vec<_> = g.children.iter().filter(|c| c.by == By::Category).collect();
    cats.sort_by_key(|c| (c.group.line, c.group.col));
    for c in cats {
        let s = c.group.get(key)?;
        let (i, k) = (iv_of(s)?, mid_of(s)?);
        sum.lo += i.lo;
        sum.hi += i.hi;
        m += k;
        figs.push(s);
        paths.push(format!("{prefix}.by_category.{}.{key}", c.label));
    }
    if figs.is_empty() {
        return None;
    }
    let how = shown_for(&figs);
    let texts: Vec<&str> = figs.iter().map(|s| s.text.trim()).collect();
    Some(Total {
        iv: sum,
        mid: m,
        at: g.categories_complete_at,
        zh: format!(
            "`{prefix}` 的{}未直接公布，按公布的各分类数字合计为 {}（{}）",
            key_zh(key),
            fmt(m, how),
            texts.join(" + ")
        ),
        en: format!(
            "`{prefix}` states no {key}; its categories add up to {} ({})",
            fmt(m, how),
            texts.join(" + ")
        ),
        paths,
        figs,
    })
}

/// Monitoring against goals: no node monitors more projects than have goals; the year's last
/// node (August or later) covers every project with a goal, with the goals' funds; a node's
/// 红标 do not outnumber the previous node's 黄标. A goal figure without an interval ends the
/// checks of each node that would compare with it.
pub(super) fn monitoring_and_goals(summary: &Summary, out: &mut Vec<Finding>) {
    let n = summary.monitoring.len();
    let goals = summary.goals.as_ref();
    let goal_count = goals.and_then(|g| fig("goals", g, "count"));
    let goal_funds = goals.and_then(|g| fig("goals", g, "funds"));
    for (i, (node, g)) in summary.monitoring.iter().enumerate() {
        let prefix = format!("monitoring.{node}");
        let last = i + 1 == n && node.month >= 8;
        if let (Some(c), Some(gc)) = (total_of(&prefix, g, "count"), &goal_count)
            && node_count(c, gc, last, out).is_break()
        {
            continue;
        }
        if let (true, Some(b), Some(gf)) = (last, total_of(&prefix, g, "budget"), &goal_funds)
            && last_node_budget(b, gf, out).is_break()
        {
            continue;
        }
        red_after_yellow(summary, i, &prefix, g, out);
    }
}

/// A node's project count `c` against the goals' `gc`: at most it, and equal to it at the
/// year's last node.
fn node_count(c: Total, gc: &F, last: bool, out: &mut Vec<Finding>) -> ControlFlow<()> {
    let (Some(gi), Some(gm)) = (gc.iv(), gc.mid()) else {
        return ControlFlow::Break(());
    };
    let (relation, wrong, why_zh, why_en, hint) = if last {
        (
            "last_node_count",
            !overlaps(c.iv, gi),
            "年度最后一次监控应覆盖全部设定绩效目标的项目",
            "the year's last node covers every project with a goal",
            (
                "at the year's last monitoring node (August or later) every project with a goal is monitored: check both counts; if the report counts different scopes, acknowledge it with the report's explanation",
                "年度最后一次监控（8 月及以后）覆盖全部设定绩效目标的项目：核对两个数字；报告中两者口径不同的，照报告写明原因",
            ),
        )
    } else {
        (
            "node_within_goals",
            c.iv.lo > gi.hi,
            "监控的是已设定绩效目标的项目",
            "only projects with goals are monitored",
            (
                "a node monitors projects that have goals: it cannot monitor more of them than have goals",
                "监控的是已设定绩效目标的项目，任何一次监控的项目数都不超过设定目标的项目数：核对两个数字及其口径",
            ),
        )
    };
    if wrong {
        let mut paths = c.paths.clone();
        paths.push(gc.path.clone());
        let d = c.mid - gm;
        out.push(found(
            relation,
            c.at,
            paths,
            (
                format!(
                    "{}, but `goals.count` is stated as {}: {} {} ({why_en})",
                    c.en,
                    gc.text(),
                    d.abs(),
                    if d > 0 { "more" } else { "fewer" }
                ),
                format!(
                    "{}，而设定绩效目标的项目数 `goals.count` 公布为 {}，{} {} 个（{why_zh}）。",
                    c.zh,
                    gc.text(),
                    if d > 0 { "多出" } else { "少了" },
                    d.abs()
                ),
            ),
            hint,
        ));
    }
    ControlFlow::Continue(())
}

/// The year's last node's budget `b` against the goals' funds `gf`: the same amount.
fn last_node_budget(b: Total, gf: &F, out: &mut Vec<Finding>) -> ControlFlow<()> {
    let (Some(gi), Some(gm)) = (gf.iv(), gf.mid()) else {
        return ControlFlow::Break(());
    };
    if !overlaps(b.iv, gi) {
        let mut figs = b.figs.clone();
        figs.push(gf.s);
        let how = shown_for(&figs);
        let d = b.mid - gm;
        let mut paths = b.paths.clone();
        paths.push(gf.path.clone());
        out.push(found(
            "last_node_budget",
            b.at,
            paths,
            (
                format!(
                    "{}, but `goals.funds` is stated as {}: {} {} (the year's last node monitors the funds of every project with a goal); rounding allows {} and {}",
                    b.en,
                    gf.text(),
                    diff_en(d, how),
                    if d > 0 { "more" } else { "less" },
                    range_en(b.iv, how),
                    range_en(gi, how)
                ),
                format!(
                    "{}，而绩效目标资金 `goals.funds` 公布为 {}，{} {}（年度最后一次监控覆盖全部设定绩效目标的项目资金）；按所写小数位四舍五入，两者分别代表 {} 和 {}。",
                    b.zh,
                    gf.text(),
                    if d > 0 { "多出" } else { "少了" },
                    diff_zh(d, how),
                    range_zh(b.iv, how),
                    range_zh(gi, how)
                ),
            ),
            (
                "the last node's budget is that of the projects with goals: check both amounts; if the report counts different scopes, acknowledge it with the report's explanation",
                "年度最后一次监控的资金就是设定绩效目标的项目资金：核对两个金额；报告中两者口径不同的（如预算调整），照报告写明原因",
            ),
        ));
    }
    ControlFlow::Continue(())
}

/// The `i`th node's 红标 against the 黄标 of the previous node that monitored projects.
fn red_after_yellow(summary: &Summary, i: usize, prefix: &str, g: &Group, out: &mut Vec<Finding>) {
    // The 黄标 of the previous node that monitored projects (a node of 部门整体 only,
    // such as June's, lies between them).
    let previous = summary.monitoring[..i].iter().rev().find(|(_, pg)| {
        ["yellow", "count", "budget"]
            .iter()
            .any(|k| pg.get(k).is_some())
    });
    if let Some((prev, pg)) = previous
        && let (Some(r), Some(y)) = (
            fig(prefix, g, "red"),
            fig(&format!("monitoring.{prev}"), pg, "yellow"),
        )
    {
        within(
            "red_after_yellow",
            &r,
            &y,
            (
                "红标是上一时点黄标项目未整改的升级",
                "a 红标 is a 黄标 of the previous node not put right",
            ),
            (
                "a node's 红标 come from the previous node's 黄标: check both counts and nodes",
                "红标是上一次监控的黄标项目未整改而升级的，红标项目数不超过上一时点的黄标项目数：核对两个数字和监控时点",
            ),
            out,
        );
    }
}

/// Units with 部门整体 goals: monitoring and self-evaluation of 部门整体 cover no more units.
pub(super) fn units(summary: &Summary, out: &mut Vec<Finding>) {
    let Some(gu) = summary
        .goals
        .as_ref()
        .and_then(|g| fig("goals", g, "units"))
    else {
        return;
    };
    let mut others: Vec<F> = summary
        .monitoring
        .iter()
        .filter_map(|(m, g)| fig(&format!("monitoring.{m}"), g, "units"))
        .collect();
    others.extend(
        summary
            .self_evaluations
            .as_ref()
            .and_then(|g| fig("self_evaluations", g, "units")),
    );
    for u in &others {
        within(
            "units_within_goals",
            u,
            &gu,
            (
                "部门整体监控、自评的单位都已编制整体绩效目标",
                "units monitored or self-evaluated as a whole have 部门整体 goals",
            ),
            (
                "units are monitored and self-evaluated as a whole against their 部门整体 goals: check both counts",
                "部门整体监控和自评针对已编制整体绩效目标的单位，单位数不超过 `goals.units`：核对两个数字",
            ),
            out,
        );
    }
}

/// 部门评价 is chosen among self-evaluated projects: its count and funds are within theirs,
/// and its funds are at least `rules.min_department_evaluation_share` of theirs.
pub(super) fn evaluations(summary: &Summary, rules: &Rules, out: &mut Vec<Finding>) {
    let Some(se) = &summary.self_evaluations else {
        return;
    };
    for g in &summary.evaluations {
        if g.types != [EvalType::Department] {
            continue;
        }
        let prefix = format!("evaluations.{}", g.label);
        for key in ["count", "funds"] {
            if let (Some(e), Some(s)) = (fig(&prefix, g, key), fig("self_evaluations", se, key)) {
                within(
                    "evaluation_within_self",
                    &e,
                    &s,
                    (
                        "部门评价从已自评的项目中选取",
                        "部门评价 is chosen among the self-evaluated projects",
                    ),
                    (
                        "部门评价 is chosen among the self-evaluated projects: check both figures, and that they are of the same year",
                        "部门评价从已开展自评的项目中选取，项目数和资金都不超过自评：核对两个数字，以及是否同一年度",
                    ),
                    out,
                );
            }
        }
        let (Some(min), Some(e), Some(s)) = (
            &rules.min_department_evaluation_share,
            fig(&prefix, g, "funds"),
            fig("self_evaluations", se, "funds"),
        ) else {
            continue;
        };
        let (Some(ei), Some(si), Some(em), Some(sm), Some(m)) =
            (e.iv(), s.iv(), e.mid(), s.mid(), scaled(min.0))
        else {
            continue;
        };
        let (Some(q), Some(central)) = (
            ratio(ei, si),
            ratio(Iv { lo: em, hi: em }, Iv { lo: sm, hi: sm }),
        ) else {
            continue;
        };
        if q.hi < m {
            let how = Shown::Rate;
            out.push(found(
                "evaluation_share",
                at(e.s),
                vec![e.path.clone(), s.path.clone()],
                (
                    format!(
                        "{} is stated as {}, {} of the self-evaluated `self_evaluations.funds` {}: {} less than the {min} the site's rules ask for (rounding allows at most {})",
                        e.en(),
                        e.text(),
                        fmt(central.lo, how),
                        s.text(),
                        diff_en(m - central.lo, how),
                        end(q.hi, how)
                    ),
                    format!(
                        "{} 公布为 {}，占自评资金 `self_evaluations.funds`（{}）的 {}，比本站规则要求的 {min} 少 {}（按所写小数位四舍五入，至多为 {}）。",
                        e.zh(),
                        e.text(),
                        s.text(),
                        fmt(central.lo, how),
                        diff_zh(m - central.lo, how),
                        end(q.hi, how)
                    ),
                ),
                (
                    "部门评价 should cover at least `rules.min_department_evaluation_share` of the self-evaluated funds: check both amounts, or the rule in site.yaml",
                    "部门评价资金应不低于自评资金的 `rules.min_department_evaluation_share`（site.yaml）：核对两个金额，或核对本站规则",
                ),
            ));
        }
    }
}
