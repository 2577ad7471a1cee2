//! summary.yaml rules: each stated figure is typed by its key, and a key may only appear in the
//! sections it belongs to. This file holds the sections, the acknowledged relations and the
//! publication date; each group's figures, changes and children are checked in `groups`.
//! No I/O here.

mod groups;

use super::ctx::Ctx;
use crate::diag::{Said, rule};
use crate::load::raw::{RawAcknowledged, RawSummary};
use crate::load::yaml::{Spanned, pos};
use crate::model::summary::*;
use crate::model::{EvalType, Month};
use crate::said;
use groups::group;

pub fn summary(cx: &mut Ctx, path: &str, raw: &RawSummary, year: i32) -> Summary {
    let note = raw.note.as_ref().map(|n| cx.text("note", n));
    let ex_ante = raw
        .ex_ante
        .as_ref()
        .map(|g| group(cx, Section::ExAnte, "ex_ante", "ex_ante", g, (0, 0)));
    let goals = raw
        .goals
        .as_ref()
        .map(|g| group(cx, Section::Goals, "goals", "goals", g, (0, 0)));
    let self_evaluations = raw.self_evaluations.as_ref().map(|g| {
        group(
            cx,
            Section::SelfEvaluations,
            "self_evaluations",
            "self_evaluations",
            g,
            (0, 0),
        )
    });
    let monitoring = monitoring(cx, raw, year);
    let evaluations = evaluations(cx, raw);
    let acknowledged = raw
        .acknowledged
        .iter()
        .filter_map(|a| acknowledged(cx, a))
        .collect();
    Summary {
        acknowledged,
        path: path.to_string(),
        note,
        published_on: crate::validate::records::date(cx, &raw.published_on).flatten(),
        ex_ante,
        goals,
        monitoring,
        self_evaluations,
        evaluations,
    }
}

/// The monitoring nodes, each a month of the year, in order of month.
fn monitoring(cx: &mut Ctx, raw: &RawSummary, year: i32) -> Vec<(Month, Group)> {
    let mut monitoring = Vec::new();
    for (key, g) in &raw.monitoring {
        let node = &key.value;
        let (line, col) = pos(g);
        let field = format!("monitoring.{node}");
        match Month::parse(node) {
            Ok(m) if m.year == year => monitoring.push((
                m,
                group(cx, Section::Monitoring, node, &field, &g.value, (line, col)),
            )),
            Ok(m) => cx.at(
                rule::PATH_MISMATCH,
                pos(key).0,
                pos(key).1,
                said!(
                    "`{field}`：监控节点 {m} 不在 {year} 年度内",
                    "`{field}`: node {m} is not in fiscal year {year}"
                ),
                said!(
                    "本年度的监控节点是 {year} 年的月份，如 {year}-05",
                    "monitoring nodes of this year are months of {year}, e.g. {year}-05"
                ),
            ),
            Err(e) => cx.at(
                rule::BAD_DATE,
                pos(key).0,
                pos(key).1,
                said!(
                    "`monitoring` 下的监控节点 `{node}:` 不是“年-月”格式的月份",
                    "the monitoring node `{node}:` is not a month written as YYYY-MM"
                ),
                e.hint.map(|lang, h| match lang {
                    crate::diag::Lang::Zh => {
                        format!("监控节点用月份作名称，如 `2023-05:`；这里{h}")
                    }
                    crate::diag::Lang::En => {
                        format!(
                            "name each monitoring node by its month, like `2023-05:`; here, {h}"
                        )
                    }
                }),
            ),
        }
    }
    monitoring.sort_by_key(|(m, _)| *m);
    monitoring
}

/// The evaluation groups: each label is an evaluation type, or the group says its `types`.
fn evaluations(cx: &mut Ctx, raw: &RawSummary) -> Vec<Group> {
    let mut evaluations = Vec::new();
    for (label, g) in &raw.evaluations {
        let field = format!("evaluations.{label}");
        let (l, c) = pos(g);
        cx.plain_at("evaluations", label, l, c, &label_hint());
        let mut grp = group(cx, Section::Evaluations, label, &field, &g.value, pos(g));
        if grp.types.is_empty() {
            match EvalType::parse(label) {
                Ok(t) => grp.types = vec![t],
                Err(e) => {
                    let (l, c) = pos(g);
                    cx.at(
                        rule::UNKNOWN_VALUE,
                        l,
                        c,
                        e.message.map(|lang, m| match lang {
                            crate::diag::Lang::Zh => format!("`{field}`：{m}"),
                            crate::diag::Lang::En => format!("`{field}`: {m}"),
                        }),
                        e.hint.map(|lang, h| match lang {
                            crate::diag::Lang::Zh => format!("{h}；或保留这个分组名，用 `types: [财政重点评价, …]` 写明它包括哪些评价类型"),
                            crate::diag::Lang::En => format!("{h} — or keep this label and say which types it covers with `types: [财政重点评价, …]`"),
                        }),
                    );
                }
            }
        }
        evaluations.push(grp);
    }
    evaluations
}

/// One entry of `acknowledged:`: a known relation, a figure path, and a plain explanation.
fn acknowledged(cx: &mut Ctx, a: &Spanned<RawAcknowledged>) -> Option<Acknowledged> {
    let (line, col) = pos(a);
    let a = &a.value;
    let mut ok = true;
    if !RELATIONS.iter().any(|(id, _)| *id == a.relation.value) {
        let (l, c) = pos(&a.relation);
        let known = RELATIONS
            .iter()
            .map(|(id, zh)| format!("{id}（{zh}）"))
            .collect::<Vec<_>>()
            .join("、");
        let known_en = RELATIONS
            .iter()
            .map(|(id, zh)| format!("{id} ({zh})"))
            .collect::<Vec<_>>()
            .join(", ");
        let rel = &a.relation.value;
        cx.at(
            rule::UNKNOWN_VALUE,
            l,
            c,
            said!(
                "`acknowledged.relation`：没有名为 `{rel}` 的数字关系",
                "`acknowledged.relation`: there is no relation named `{rel}`"
            ),
            said!(
                "写 W105 警告中给出的关系名，可选：{known}",
                "write the relation named by the W105 warning, one of: {known_en}"
            ),
        );
        ok = false;
    }
    let (l, c) = pos(&a.explanation);
    if a.explanation.value.trim().is_empty() {
        cx.at(
            rule::MISSING_KEY,
            l,
            c,
            said!(
                "`acknowledged.explanation` 是空的",
                "`acknowledged.explanation` is empty"
            ),
            said!(
                "写明公布单位对这处差异的说明，例如两个数字的统计口径有何不同",
                "write the publisher's explanation of the difference, e.g. how the two figures are counted differently"
            ),
        );
        ok = false;
    }
    cx.plain_at(
        "acknowledged.explanation",
        &a.explanation.value,
        l,
        c,
        &said!(
            "说明原样公开：请删去标记，写可以公开的说明",
            "the explanation is published as written: remove the marker and write an explanation that can be published"
        ),
    );
    ok.then(|| Acknowledged {
        relation: a.relation.value.clone(),
        figure: a.figure.value.clone(),
        explanation: a.explanation.value.trim().to_string(),
        line,
        col,
    })
}

/// What to write instead of a redaction marker in a label of summary.yaml.
fn label_hint() -> Said {
    said!(
        "分组名称原样公开：请删去标记，写一个可以公开的名称",
        "a group's label is published as written: remove the marker and write a label that can be published"
    )
}

/// A year has one publication date: its `_index.md` and its summary.yaml may not disagree.
pub fn one_date(cx: &mut Ctx, page: &crate::model::Page, s: &Summary, raw: &RawSummary) {
    if let (Some(a), Some(b), Some(at)) = (page.published_on, s.published_on, &raw.published_on)
        && a != b
    {
        let (l, c) = pos(at);
        cx.at(
            rule::INCONSISTENT,
            l,
            c,
            {
                let page = &page.path;
                said!(
                    "summary.yaml 的 published_on（{b}）与 {page} 的 published_on（{a}）不一致",
                    "summary.yaml's published_on ({b}) differs from that of {page} ({a})"
                )
            },
            said!(
                "一个年度只有一个公开日期：只在一处写 published_on，或把两处改成同一天",
                "a year has one publication date: write published_on in one place only, or the same day in both"
            ),
        );
    }
}
