//! Relations among stated figures: a rate equals part over whole; categories add up to their
//! total where the breakdown is complete; 核减 is 申报 minus 审核; a part does not exceed its
//! whole; the year's last monitoring node covers the projects with goals; 部门评价 is within
//! the self-evaluated totals. Every check allows for the rounding the stated decimals imply
//! (interval arithmetic, through [`iv`]), so 72.2% agrees with 4.66亿元 / 6.45亿元. Each
//! disagreement is one finding at the figure it is about, quoting the stated figures as
//! written, the value computed from them, the difference and the range rounding allows. A
//! finding the body acknowledges in `acknowledged:` carries its explanation. No I/O here.

mod numbers;

use super::stated::{By, Group, Stated, Summary, Value};
use crate::diag::{Diagnostic, rule};
use crate::model::{EvalType, Rules};
use numbers::*;

pub use crate::model::summary::RELATIONS;

/// A stated figure with its path.
#[derive(Debug, Clone)]
struct F<'a> {
    path: String,
    s: &'a Stated,
}

impl F<'_> {
    fn iv(&self) -> Option<Iv> {
        iv_of(self.s)
    }
    fn mid(&self) -> Option<i128> {
        mid_of(self.s)
    }
    /// As the body wrote it.
    fn text(&self) -> &str {
        self.s.text.trim()
    }
    fn zh(&self) -> String {
        format!("`{}`（{}）", self.path, key_zh(self.s.key))
    }
    fn en(&self) -> String {
        format!("`{}`", self.path)
    }
}

fn fig<'a>(prefix: &str, g: &'a Group, key: &str) -> Option<F<'a>> {
    g.get(key).map(|s| F {
        path: format!("{prefix}.{key}"),
        s,
    })
}

/// Stated figures that contradict each other: which relation, where, which figures, and what
/// to say about it in English and in Chinese (the build's warning and the year page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The relation's id in [`RELATIONS`].
    pub relation: &'static str,
    pub line: usize,
    pub col: usize,
    /// The figure the relation is about first, then the others it involves.
    pub paths: Vec<String>,
    pub en: String,
    pub zh: String,
    pub hint_en: String,
    pub hint_zh: String,
    /// The body's explanation, when it acknowledges this discrepancy.
    pub acknowledged: Option<String>,
}

impl Finding {
    /// The figure the relation is about.
    pub fn subject(&self) -> &str {
        self.paths.first().map_or("", String::as_str)
    }

    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::error(rule::STATED_RELATION, file, self.line, self.col)
            .msg(self.zh.clone())
            .hint(format!(
                "{}；若这是报告本身的差异且已知原因，在 summary.yaml 中说明：`acknowledged: [{{ relation: {}, figure: {}, explanation: 公布单位的说明 }}]`",
                self.hint_zh,
                self.relation,
                self.subject()
            ))
    }
}

fn found(
    relation: &'static str,
    at: (usize, usize),
    paths: Vec<String>,
    (en, zh): (String, String),
    (hint_en, hint_zh): (&str, &str),
) -> Finding {
    Finding {
        relation,
        line: at.0,
        col: at.1,
        paths,
        en,
        zh,
        hint_en: hint_en.to_string(),
        hint_zh: hint_zh.to_string(),
        acknowledged: None,
    }
}

fn at(s: &Stated) -> (usize, usize) {
    (s.line, s.col)
}

/// Check every relation among the stated figures of a summary, under the site's rules.
pub fn check(summary: &Summary, rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, prefix, g) in summary.sections() {
        group(&prefix, g, &mut out);
    }
    monitoring_and_goals(summary, &mut out);
    units(summary, &mut out);
    evaluations(summary, rules, &mut out);
    out
}

/// Mark the findings a body acknowledges (same relation, same figure) with its explanation;
/// return the acknowledgements that match no finding.
pub fn acknowledge<'a>(
    findings: &mut [Finding],
    summary: &'a Summary,
) -> Vec<&'a super::stated::Acknowledged> {
    let mut stale = Vec::new();
    for a in &summary.acknowledged {
        let mut used = false;
        for f in findings.iter_mut() {
            if f.relation == a.relation && f.subject() == a.figure {
                f.acknowledged = Some(a.explanation.clone());
                used = true;
            }
        }
        if !used {
            stale.push(a);
        }
    }
    stale
}

/// An acknowledgement that names no discrepancy (any more).
pub fn stale_diagnostic(a: &super::stated::Acknowledged, file: &str) -> Diagnostic {
    Diagnostic::error(rule::STALE_ACKNOWLEDGEMENT, file, a.line, a.col)
        .msg(format!(
            "`acknowledged` 说明的差异不存在：按关系 `{}`，`{}` 与其他公布数字之间没有超出四舍五入的不一致",
            a.relation, a.figure
        ))
        .hint("数字已改正的，删去这一条说明；`figure` 或 `relation` 写错的，照 W105 警告提示中给出的写法改正")
}

fn group(prefix: &str, g: &Group, out: &mut Vec<Finding>) {
    for (rate, part, whole) in [
        ("cut_rate", "cut", "requested"),
        ("rate", "executed", "budget"),
        ("unit_rate", "unit_executed", "unit_budget"),
    ] {
        rate_rule(prefix, g, rate, part, whole, out);
    }
    cut_rule(prefix, g, out);
    for (part, whole, zh, en) in WITHIN {
        if let (Some(p), Some(w)) = (fig(prefix, g, part), fig(prefix, g, whole)) {
            within("within", &p, &w, (zh, en), WITHIN_HINT, out);
        }
    }
    for by in [By::Conclusion, By::Grade, By::Category] {
        sums(prefix, g, by, out);
    }
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        if c.by == By::Grade {
            share_rule(&p, &c.group, prefix, g, out);
        }
        group(&p, &c.group, out);
    }
}

/// A part and its whole within one group, and why the one is part of the other.
const WITHIN: &[(&str, &str, &str, &str)] = &[
    (
        "withheld",
        "count",
        "不予公开的评价报告是全部评价报告的一部分",
        "reports withheld are some of the reports",
    ),
    (
        "rectified",
        "findings",
        "已整改的问题是发现问题的一部分",
        "findings rectified are some of the findings",
    ),
    (
        "red",
        "count",
        "红标项目是被监控项目的一部分",
        "projects flagged 红标 are some of the projects monitored",
    ),
    (
        "yellow",
        "count",
        "黄标项目是被监控项目的一部分",
        "projects flagged 黄标 are some of the projects monitored",
    ),
    (
        "first_yellow",
        "count",
        "初次黄标项目是被监控项目的一部分",
        "projects first flagged 黄标 are some of the projects monitored",
    ),
    (
        "suspended",
        "count",
        "中止自评的项目是自评项目的一部分",
        "suspended projects are some of the projects",
    ),
    (
        "executed",
        "budget",
        "执行数不超过预算数",
        "the amount spent does not exceed the budget",
    ),
    (
        "unit_executed",
        "unit_budget",
        "部门整体执行数不超过预算数",
        "the amount spent does not exceed the budget",
    ),
    (
        "cut",
        "requested",
        "核减的资金出自申报资金",
        "the cut comes out of the amount requested",
    ),
    (
        "approved",
        "requested",
        "审核资金不超过申报资金",
        "the amount approved does not exceed the amount requested",
    ),
];

const WITHIN_HINT: (&str, &str) = (
    "a part cannot exceed its whole: check both figures against the report, and whether they are of the same scope (same node, same projects)",
    "部分不能超过整体：对照报告核对这两个数字是否抄错，是否属于同一口径（同一监控时点、同一批项目）",
);

/// `part` ≤ `whole`, beyond the rounding of both.
fn within(
    relation: &'static str,
    p: &F,
    w: &F,
    (why_zh, why_en): (&str, &str),
    hint: (&str, &str),
    out: &mut Vec<Finding>,
) {
    let (Some(pi), Some(wi), Some(pm), Some(wm)) = (p.iv(), w.iv(), p.mid(), w.mid()) else {
        return;
    };
    if pi.lo <= wi.hi {
        return;
    }
    let how = shown_for(&[p.s, w.s]);
    let exact = pi.lo == pi.hi && wi.lo == wi.hi;
    let (round_zh, round_en) = if exact {
        (String::new(), String::new())
    } else {
        (
            format!(
                "；按所写小数位四舍五入，前者至少为 {}，后者至多为 {}，仍不能解释",
                end(pi.lo, how),
                end(wi.hi, how)
            ),
            format!(
                "; rounding allows at least {} for the one and at most {} for the other",
                end(pi.lo, how),
                end(wi.hi, how)
            ),
        )
    };
    out.push(found(
        relation,
        at(p.s),
        vec![p.path.clone(), w.path.clone()],
        (
            format!(
                "{} is stated as {} but {} as {}: {} more than its whole ({why_en}){round_en}",
                p.en(),
                p.text(),
                w.en(),
                w.text(),
                diff_en(pm - wm, how)
            ),
            format!(
                "{} 公布为 {}，大于 {} 的 {}，多出 {}（{why_zh}）{round_zh}。",
                p.zh(),
                p.text(),
                w.zh(),
                w.text(),
                diff_zh(pm - wm, how)
            ),
        ),
        hint,
    ));
}

/// A rate is part over whole: 核减率 = 核减 ÷ 申报 (or (申报 − 审核) ÷ 申报 where 核减 is not
/// stated), 执行率 = 执行 ÷ 预算.
fn rate_rule(prefix: &str, g: &Group, rate: &str, part: &str, whole: &str, out: &mut Vec<Finding>) {
    let (Some(r), Some(w)) = (fig(prefix, g, rate), fig(prefix, g, whole)) else {
        return;
    };
    let (Some(ri), Some(wi), Some(rm), Some(wm)) = (r.iv(), w.iv(), r.mid(), w.mid()) else {
        return;
    };
    // The part: stated, or 申报 − 审核 for a 核减率.
    let (pi, pm, formula_zh, formula_en, mut paths) = match fig(prefix, g, part) {
        Some(p) => {
            let (Some(pi), Some(pm)) = (p.iv(), p.mid()) else {
                return;
            };
            (
                pi,
                pm,
                format!(
                    "{} ÷ {} = {} ÷ {}",
                    key_zh(part),
                    key_zh(whole),
                    p.text(),
                    w.text()
                ),
                format!("{part} / {whole} = {} / {}", p.text(), w.text()),
                vec![p.path.clone()],
            )
        }
        None if rate == "cut_rate" => {
            let Some(a) = fig(prefix, g, "approved") else {
                return;
            };
            let (Some(ai), Some(am)) = (a.iv(), a.mid()) else {
                return;
            };
            (
                Iv {
                    lo: wi.lo - ai.hi,
                    hi: wi.hi - ai.lo,
                },
                wm - am,
                format!(
                    "（申报资金 − 审核资金）÷ 申报资金 = （{} − {}）÷ {}",
                    w.text(),
                    a.text(),
                    w.text()
                ),
                format!(
                    "(requested − approved) / requested = ({} − {}) / {}",
                    w.text(),
                    a.text(),
                    w.text()
                ),
                vec![a.path.clone()],
            )
        }
        None => return,
    };
    let Some(q) = ratio(pi, wi) else { return };
    if overlaps(ri, q) {
        return;
    }
    let Some(central) = ratio(Iv { lo: pm, hi: pm }, Iv { lo: wm, hi: wm }) else {
        return;
    };
    let how = Shown::Rate;
    paths.insert(0, r.path.clone());
    paths.push(w.path.clone());
    out.push(found(
        "rate",
        at(r.s),
        paths,
        (
            format!(
                "{} is stated as {} but {formula_en} = {}, a difference of {}; with the rounding of the stated decimals the rate lies within {}, the stated one within {}",
                r.en(),
                r.text(),
                fmt(central.lo, how),
                diff_en(rm - central.lo, how),
                range_en(q, how),
                range_en(ri, how)
            ),
            format!(
                "{} 公布为 {}，而按公布的 {formula_zh} 计算为 {}，相差 {}；按各数字所写小数位四舍五入，比率应在 {} 之间，公布值代表 {}。",
                r.zh(),
                r.text(),
                fmt(central.lo, how),
                diff_zh(rm - central.lo, how),
                range_zh(q, how),
                range_zh(ri, how)
            ),
        ),
        (
            "a rate is part over whole: check the rate and both amounts against the same passage of the report; the rate is rounded to the decimals written",
            "比率等于部分除以整体：对照报告的同一处核对比率和两个金额是否抄错、是否同一口径；比率按所写的小数位四舍五入",
        ),
    ));
}

/// 核减 = 申报 − 审核.
fn cut_rule(prefix: &str, g: &Group, out: &mut Vec<Finding>) {
    let (Some(c), Some(r), Some(a)) = (
        fig(prefix, g, "cut"),
        fig(prefix, g, "requested"),
        fig(prefix, g, "approved"),
    ) else {
        return;
    };
    let (Some(ci), Some(ri), Some(ai)) = (c.iv(), r.iv(), a.iv()) else {
        return;
    };
    let (Some(cm), Some(rm), Some(am)) = (c.mid(), r.mid(), a.mid()) else {
        return;
    };
    let d = Iv {
        lo: ri.lo - ai.hi,
        hi: ri.hi - ai.lo,
    };
    if overlaps(ci, d) {
        return;
    }
    let how = shown_for(&[c.s, r.s, a.s]);
    out.push(found(
        "cut",
        at(c.s),
        vec![c.path.clone(), r.path.clone(), a.path.clone()],
        (
            format!(
                "{} is stated as {} but requested − approved = {} − {} = {}, a difference of {}; rounding allows {}",
                c.en(),
                c.text(),
                r.text(),
                a.text(),
                fmt(rm - am, how),
                diff_en(cm - (rm - am), how),
                range_en(d, how)
            ),
            format!(
                "{} 公布为 {}，而申报资金 − 审核资金 = {} − {} = {}，相差 {}；按所写小数位四舍五入，核减资金应在 {} 之间。",
                c.zh(),
                c.text(),
                r.text(),
                a.text(),
                fmt(rm - am, how),
                diff_zh(cm - (rm - am), how),
                range_zh(d, how)
            ),
        ),
        (
            "核减 is 申报 minus 审核: check the three amounts are of the same projects",
            "核减资金等于申报资金减审核资金：核对三个金额是否抄错、是否同一批项目",
        ),
    ));
}

/// A by_grade share is the grade's count over the group's count.
fn share_rule(
    prefix: &str,
    g: &Group,
    parent_prefix: &str,
    parent: &Group,
    out: &mut Vec<Finding>,
) {
    let (Some(s), Some(n), Some(t)) = (
        fig(prefix, g, "share"),
        fig(prefix, g, "count"),
        fig(parent_prefix, parent, "count"),
    ) else {
        return;
    };
    let (Some(si), Some(ni), Some(ti), Some(sm), Some(nm), Some(tm)) =
        (s.iv(), n.iv(), t.iv(), s.mid(), n.mid(), t.mid())
    else {
        return;
    };
    let Some(q) = ratio(ni, ti) else { return };
    if overlaps(si, q) {
        return;
    }
    let Some(central) = ratio(Iv { lo: nm, hi: nm }, Iv { lo: tm, hi: tm }) else {
        return;
    };
    let how = Shown::Rate;
    out.push(found(
        "share",
        at(s.s),
        vec![s.path.clone(), n.path.clone(), t.path.clone()],
        (
            format!(
                "{} is stated as {} but {} of {} is {}, a difference of {}; the stated share stands for {}",
                s.en(),
                s.text(),
                n.text(),
                t.text(),
                fmt(central.lo, how),
                diff_en(sm - central.lo, how),
                range_en(si, how)
            ),
            format!(
                "{} 公布为 {}，而 {} ÷ {} = {}，相差 {}；按所写小数位四舍五入，公布值代表 {}。",
                s.zh(),
                s.text(),
                n.text(),
                t.text(),
                fmt(central.lo, how),
                diff_zh(sm - central.lo, how),
                range_zh(si, how)
            ),
        ),
        (
            "a grade's share is its count over the group's count",
            "等级占比等于该等级的数量除以总数：核对占比、该等级数量和总数",
        ),
    ));
}

/// Whether a group's breakdown lists every entry: all three conclusions, all four grades,
/// `by_category_complete: true`, or entries whose stated counts add up exactly to the
/// group's stated count.
fn complete(g: &Group, by: By) -> bool {
    let kids: Vec<&Group> = g
        .children
        .iter()
        .filter(|c| c.by == by)
        .map(|c| &c.group)
        .collect();
    let listed = match by {
        By::Conclusion => kids.len() == 3,
        By::Grade => kids.len() == 4,
        By::Category => g.categories_complete,
    };
    let counted = match g.get("count").and_then(Stated::exact) {
        Some(Value::Count(n)) => {
            let parts: Option<Vec<u64>> = kids
                .iter()
                .map(|k| match k.get("count").and_then(Stated::exact) {
                    Some(Value::Count(c)) => Some(*c),
                    _ => None,
                })
                .collect();
            parts.is_some_and(|p| p.iter().sum::<u64>() == *n)
        }
        _ => false,
    };
    !kids.is_empty() && (listed || counted)
}

fn by_zh(by: By) -> &'static str {
    match by {
        By::Conclusion => "按评估结论",
        By::Grade => "按等级",
        By::Category => "按分类",
    }
}

/// Breakdowns add up: never above the total; equal to it where the breakdown is complete and
/// every entry's figure is known (stated, or 0 for an entry whose count is 0).
fn sums(prefix: &str, g: &Group, by: By, out: &mut Vec<Finding>) {
    let mut kids: Vec<(String, &Group)> = g
        .children
        .iter()
        .filter(|c| c.by == by)
        .map(|c| (format!("{prefix}.{}.{}", by.key(), c.label), &c.group))
        .collect();
    kids.sort_by_key(|(_, k)| (k.line, k.col));
    if kids.is_empty() {
        return;
    }
    let complete = complete(g, by);
    for total in &g.figures {
        if !matches!(total.value, Value::Count(_) | Value::Money(_)) {
            continue;
        }
        let t = F {
            path: format!("{prefix}.{}", total.key),
            s: total,
        };
        let (Some(ti), Some(tm)) = (t.iv(), t.mid()) else {
            continue;
        };
        let mut sum = Iv { lo: 0, hi: 0 };
        let mut sum_mid = 0i128;
        let mut known = true;
        let mut texts = Vec::new();
        let mut paths = vec![t.path.clone()];
        let mut involved = vec![total];
        for (kp, k) in &kids {
            match k.get(total.key) {
                Some(p) => {
                    let (Some(pi), Some(pm)) = (iv_of(p), mid_of(p)) else {
                        known = false;
                        continue;
                    };
                    sum.lo += pi.lo;
                    sum.hi += pi.hi;
                    sum_mid += pm;
                    texts.push(p.text.trim().to_string());
                    paths.push(format!("{kp}.{}", total.key));
                    involved.push(p);
                }
                None if matches!(
                    k.get("count").and_then(Stated::exact),
                    Some(Value::Count(0))
                ) =>
                {
                    texts.push("0".to_string());
                }
                None => known = false,
            }
        }
        if involved.len() == 1 {
            continue;
        }
        let over = sum.lo > ti.hi;
        let under = complete && known && sum.hi < ti.lo;
        if !over && !under {
            continue;
        }
        // The entries' counts decide whether the breakdown is complete and which amounts are
        // 0: the finding stands or falls with them too.
        for (kp, k) in &kids {
            let p = format!("{kp}.count");
            if k.get("count").is_some() && !paths.contains(&p) {
                paths.push(p);
            }
        }
        let how = shown_for(&involved);
        let exact = sum.lo == sum.hi && ti.lo == ti.hi;
        let (round_zh, round_en) = if exact {
            (String::new(), String::new())
        } else {
            (
                format!(
                    "；按所写小数位四舍五入，分项合计在 {} 之间，总数代表 {}",
                    range_zh(sum, how),
                    range_zh(ti, how)
                ),
                format!(
                    "; rounding allows {} for the parts and {} for the total",
                    range_en(sum, how),
                    range_en(ti, how)
                ),
            )
        };
        let (why_zh, why_en) = if over {
            (
                "分项之和不能超过总数",
                "parts cannot add up to more than their total",
            )
        } else {
            (
                "分项已列全，合计应等于总数",
                "the breakdown lists every entry, so its parts add up to the total",
            )
        };
        let d = sum_mid - tm;
        out.push(found(
            "sum",
            at(total),
            paths,
            (
                format!(
                    "{} is stated as {} but its {} parts add up to {} ({}), {} {} ({why_en}){round_en}",
                    t.en(),
                    t.text(),
                    by.key().trim_start_matches("by_"),
                    fmt(sum_mid, how),
                    texts.join(" + "),
                    diff_en(d, how),
                    if d > 0 { "more" } else { "less" }
                ),
                format!(
                    "{} 公布为 {}，而{}的各分项合计为 {}（{}），{} {}（{why_zh}）{round_zh}。",
                    t.zh(),
                    t.text(),
                    by_zh(by),
                    fmt(sum_mid, how),
                    texts.join(" + "),
                    if d > 0 { "多出" } else { "少了" },
                    diff_zh(d, how)
                ),
            ),
            (
                "check each part and the total against the report; if the entries are only some of the categories, do not write `by_category_complete: true`",
                "对照报告核对各分项和总数，看是否漏抄、多抄或抄错分项；分项只是其中一部分时，不要写 `by_category_complete: true`",
            ),
        ));
    }
}

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
/// 红标 do not outnumber the previous node's 黄标.
fn monitoring_and_goals(summary: &Summary, out: &mut Vec<Finding>) {
    let n = summary.monitoring.len();
    let goals = summary.goals.as_ref();
    let goal_count = goals.and_then(|g| fig("goals", g, "count"));
    let goal_funds = goals.and_then(|g| fig("goals", g, "funds"));
    for (i, (node, g)) in summary.monitoring.iter().enumerate() {
        let prefix = format!("monitoring.{node}");
        let last = i + 1 == n && node.month >= 8;
        if let (Some(c), Some(gc)) = (total_of(&prefix, g, "count"), &goal_count) {
            let (Some(gi), Some(gm)) = (gc.iv(), gc.mid()) else {
                continue;
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
        }
        if let (true, Some(b), Some(gf)) = (last, total_of(&prefix, g, "budget"), &goal_funds) {
            let (Some(gi), Some(gm)) = (gf.iv(), gf.mid()) else {
                continue;
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
        }
        // The 黄标 of the previous node that monitored projects (a node of 部门整体 only,
        // such as June's, lies between them).
        let previous = summary.monitoring[..i].iter().rev().find(|(_, pg)| {
            ["yellow", "count", "budget"]
                .iter()
                .any(|k| pg.get(k).is_some())
        });
        if let Some((prev, pg)) = previous
            && let (Some(r), Some(y)) = (
                fig(&prefix, g, "red"),
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
}

/// Units with 部门整体 goals: monitoring and self-evaluation of 部门整体 cover no more units.
fn units(summary: &Summary, out: &mut Vec<Finding>) {
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
fn evaluations(summary: &Summary, rules: &Rules, out: &mut Vec<Finding>) {
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
