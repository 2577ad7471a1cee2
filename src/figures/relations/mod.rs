//! Relations among stated figures: a rate equals part over whole; categories add up to their
//! total where the breakdown is complete; 核减 is 申报 minus 审核; a part does not exceed its
//! whole; the year's last monitoring node covers the projects with goals; 部门评价 is within
//! the self-evaluated totals. Every check allows for the rounding the stated decimals imply
//! (interval arithmetic, through [`iv`]), so 72.2% agrees with 4.66亿元 / 6.45亿元. Each
//! disagreement is one finding at the figure it is about, quoting the stated figures as
//! written, the value computed from them, the difference and the range rounding allows. A
//! finding the body acknowledges in `acknowledged:` carries its explanation. No I/O here.

mod numbers;
mod sections;
mod sums;

use crate::diag::{Diagnostic, Said, rule};
use crate::model::summary::{By, Group, Stated, Summary, Value};
use crate::model::{EvalType, Rules};
use crate::said;
use numbers::*;
use sections::{evaluations, monitoring_and_goals, units};
use sums::sums;

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
        let (relation, figure) = (self.relation, self.subject());
        let acknowledge = said!(
            "若这是报告本身的差异且原因已知，在 summary.yaml 中说明：`acknowledged: [{{ relation: {relation}, figure: {figure}, explanation: 公布单位的说明 }}]`",
            "if the report itself has this discrepancy and its cause is known, explain it in summary.yaml: `acknowledged: [{{ relation: {relation}, figure: {figure}, explanation: the body's explanation }}]`"
        );
        Diagnostic::error(rule::STATED_RELATION, file, self.line, self.col)
            // (The page's sentence ends with 。; a log's message, like every other, does not.)
            .msg(Said::new(self.zh.trim_end_matches('。'), &self.en))
            .hint(Said::new(&self.hint_zh, &self.hint_en).join("；", "; ", &acknowledge))
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
) -> Vec<&'a crate::model::summary::Acknowledged> {
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
pub fn stale_diagnostic(a: &crate::model::summary::Acknowledged, file: &str) -> Diagnostic {
    Diagnostic::error(rule::STALE_ACKNOWLEDGEMENT, file, a.line, a.col)
        .msg({
            let (relation, figure) = (&a.relation, &a.figure);
            said!(
                "`acknowledged` 说明的差异不存在：按关系 `{relation}`，`{figure}` 与其他公布数字之间没有超出四舍五入的不一致",
                "`acknowledged` explains a discrepancy that is not there: under the relation `{relation}`, `{figure}` agrees with the other stated figures within their rounding"
            )
        })
        .hint(Said::new(
            "数字已改正的，删去这一条说明；`figure` 或 `relation` 写错的，照 W105 警告提示中给出的写法改正",
            "if the figures have been corrected, delete this entry; if `figure` or `relation` is misspelt, copy them from the hint of the W105 warning",
        ))
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
    let Some((pi, pm, formula_zh, formula_en, mut paths)) =
        rate_part(prefix, g, (rate, part, whole), &w, (wi, wm))
    else {
        return;
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

/// A rate's part, its interval and middle, how the rate is computed from it (in Chinese and
/// English) and its paths: stated, or 申报 − 审核 for a 核减率.
type RatePart = (Iv, i128, String, String, Vec<String>);

/// The part of `rate` (of `part` over `whole`, `w`, whose interval and middle are given).
fn rate_part(
    prefix: &str,
    g: &Group,
    (rate, part, whole): (&str, &str, &str),
    w: &F,
    (wi, wm): (Iv, i128),
) -> Option<RatePart> {
    match fig(prefix, g, part) {
        Some(p) => {
            let (pi, pm) = (p.iv()?, p.mid()?);
            Some((
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
            ))
        }
        None if rate == "cut_rate" => {
            let a = fig(prefix, g, "approved")?;
            let (ai, am) = (a.iv()?, a.mid()?);
            Some((
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
            ))
        }
        None => None,
    }
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
