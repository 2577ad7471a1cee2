//! A group of summary.yaml (a section, a monitoring node, an evaluation label, or a
//! `by_conclusion`/`by_grade`/`by_category` entry): its figures typed by key, its comparisons
//! with last year, its types and its children. No I/O here.

use super::label_hint;
use crate::diag::rule;
use crate::load::raw::{O, RawGroup, S};
use crate::load::yaml::{Spanned, pos};
use crate::model::form::Form;
use crate::model::summary::*;
use crate::model::value::ValueError;
use crate::model::{Conclusion, Coverage, EvalType, Grade};
use crate::said;
use crate::validate::ctx::Ctx;
use std::collections::BTreeMap;

/// All optional figure scalars of a raw group, by key.
fn raw_figures(g: &RawGroup) -> [(&'static str, &O); 23] {
    [
        ("count", &g.count),
        ("requested", &g.requested),
        ("approved", &g.approved),
        ("cut", &g.cut),
        ("cut_rate", &g.cut_rate),
        ("score", &g.score),
        ("grade", &g.grade),
        ("funds", &g.funds),
        ("units", &g.units),
        ("unit_funds", &g.unit_funds),
        ("budget", &g.budget),
        ("executed", &g.executed),
        ("rate", &g.rate),
        ("yellow", &g.yellow),
        ("red", &g.red),
        ("first_yellow", &g.first_yellow),
        ("unit_budget", &g.unit_budget),
        ("unit_executed", &g.unit_executed),
        ("unit_rate", &g.unit_rate),
        ("suspended", &g.suspended),
        ("withheld", &g.withheld),
        ("findings", &g.findings),
        ("rectified", &g.rectified),
    ]
}

fn allowed_keys(section: Section) -> String {
    KEYS.iter()
        .filter(|(_, _, secs)| secs.contains(&section))
        .map(|(k, _, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn group(
    cx: &mut Ctx,
    section: Section,
    label: &str,
    field: &str,
    g: &RawGroup,
    (line, col): (usize, usize),
) -> Group {
    let figures = figures_of(cx, section, field, g);
    share_outside_by_grade(cx, field, g);
    let categories_complete = categories_complete(cx, field, g);
    let coverage = g
        .coverage
        .as_ref()
        .and_then(|c| cx.vocab(&format!("{field}.coverage"), c, Coverage::parse))
        .unwrap_or(Coverage::Complete);
    let types = g
        .types
        .as_ref()
        .map(|ts| types(cx, section, field, ts))
        .unwrap_or_default();
    let children = children(cx, section, field, g);
    Group {
        label: label.to_string(),
        line,
        col,
        note: g
            .note
            .as_ref()
            .map(|n| cx.text(&format!("{field}.note"), n)),
        coverage,
        types,
        changes: changes(cx, section, field, g),
        figures,
        children,
        categories_complete,
        categories_complete_at: g.by_category_complete.as_ref().map_or((line, col), pos),
    }
}

/// The figures of a group, each typed by its key; a key of another section is reported.
fn figures_of(cx: &mut Ctx, section: Section, field: &str, g: &RawGroup) -> Vec<Stated> {
    let mut figures = Vec::new();
    for (key, v) in raw_figures(g) {
        let Some(s) = v else { continue };
        let f = format!("{field}.{key}");
        let Some((_, ty, secs)) = KEYS.iter().find(|(k, _, _)| *k == key) else {
            continue;
        };
        if !secs.contains(&section) {
            let (l, c) = pos(s);
            cx.at(
                rule::UNKNOWN_KEY,
                l,
                c,
                {
                    let sec = section.key();
                    said!("`{sec}` 里不能写 `{key}`", "unknown key `{key}` in `{sec}`")
                },
                {
                    let keys = allowed_keys(section);
                    said!("这里可以写的键：{keys}", "keys allowed here: {keys}")
                },
            );
            continue;
        }
        if let Some((value, form)) = figure(cx, &f, *ty, s) {
            let (line, col) = pos(s);
            figures.push(Stated {
                key,
                value,
                form,
                text: s.value.clone(),
                line,
                col,
            });
        }
    }
    figures
}

/// `share` belongs only to a `by_grade` entry.
fn share_outside_by_grade(cx: &mut Ctx, field: &str, g: &RawGroup) {
    if let (Some(s), false) = (&g.share, field.contains(".by_grade.")) {
        let (l, c) = pos(s);
        cx.at(
            rule::UNKNOWN_KEY,
            l,
            c,
            said!(
                "`share`（占比）写在 `by_grade` 的某个等级下，不写在 `{field}` 里",
                "`share` belongs in a `by_grade` entry, not in `{field}`"
            ),
            said!(
                "例如写 `by_grade: {{ 优: {{ count: 82, share: \"91%\" }} }}`",
                "write e.g. `by_grade: {{ 优: {{ count: 82, share: \"91%\" }} }}`"
            ),
        );
    }
}

/// `by_category_complete`: true or false, and only in a group with `by_category`.
fn categories_complete(cx: &mut Ctx, field: &str, g: &RawGroup) -> bool {
    let complete = match &g.by_category_complete {
        None => false,
        Some(s) => match s.value.as_str() {
            "true" => true,
            "false" => false,
            other => {
                let (l, c) = pos(s);
                cx.at(
                    rule::UNKNOWN_VALUE,
                    l,
                    c,
                    said!(
                        "`{field}.by_category_complete`：`{other}` 不是 true 或 false",
                        "`{field}.by_category_complete`: `{other}` is neither true nor false"
                    ),
                    said!(
                        "分类已列全时写 `by_category_complete: true`，否则删去这一行",
                        "write `by_category_complete: true` when every category is listed, else remove the line"
                    ),
                );
                false
            }
        },
    };
    if let (Some(s), true) = (&g.by_category_complete, g.by_category.is_empty()) {
        let (l, c) = pos(s);
        cx.at(
            rule::UNKNOWN_KEY,
            l,
            c,
            said!(
                "`{field}.by_category_complete` 写在了没有 `by_category` 的组里",
                "`{field}.by_category_complete` is in a group without `by_category`"
            ),
            said!(
                "在同一组里写出 `by_category` 的各个分类，或删去这一行",
                "list the categories under `by_category` in the same group, or remove the line"
            ),
        );
    }
    complete
}

/// A group's `by_conclusion`, `by_grade` and `by_category` entries, in that order.
fn children(cx: &mut Ctx, section: Section, field: &str, g: &RawGroup) -> Vec<Child> {
    let mut children = Vec::new();
    children_of(
        cx,
        section,
        field,
        By::Conclusion,
        &g.by_conclusion,
        &mut children,
    );
    children_of(cx, section, field, By::Grade, &g.by_grade, &mut children);
    children_of(
        cx,
        section,
        field,
        By::Category,
        &g.by_category,
        &mut children,
    );
    children
}

/// A group's comparisons with last year: each names a figure key of its section and says a
/// change in percent ("增长12.5%", "翻一番", "持平") or in the figure's unit ("减少3个").
fn changes(cx: &mut Ctx, section: Section, field: &str, g: &RawGroup) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, s) in &g.vs_last_year {
        let f = format!("{field}.vs_last_year.{key}");
        let (l, c) = pos(s);
        let Some((k, ty, _)) = KEYS
            .iter()
            .find(|(k, _, secs)| k == key && secs.contains(&section))
        else {
            cx.at(
                rule::UNKNOWN_KEY,
                l,
                c,
                {
                    let sec = section.key();
                    said!(
                        "`{f}`：`{key}` 不是 `{sec}` 中可以写的数字",
                        "`{f}`: `{key}` is not a figure of `{sec}`"
                    )
                },
                {
                    let keys = allowed_keys(section);
                    said!(
                        "vs_last_year 下写要比较的数字的名称：{keys}",
                        "under vs_last_year, name the figure compared: {keys}"
                    )
                },
            );
            continue;
        };
        let delta = delta(cx, &f, *ty, s);
        if let Some(delta) = delta {
            out.push(Change {
                key: k,
                written: s.value.trim().to_string(),
                delta,
                line: l,
                col: c,
            });
        }
    }
    out
}

/// A change as written: in percent, or in the unit of a count or an amount of money.
fn delta(cx: &mut Ctx, f: &str, ty: FigureType, s: &S) -> Option<Delta> {
    use crate::model::words::{self as change, Words};
    let hint = || {
        said!(
            "写“增长12.5%”“下降3%”“增加20个”“减少1.2亿元”“翻一番”或“持平”",
            "write a change such as 增长12.5%, 下降3%, 增加20个, 减少1.2亿元, 翻一番 or 持平"
        )
    };
    let (l, c) = pos(s);
    match change::parse_words(&s.value) {
        Some(w @ (Words::Times(_) | Words::Flat)) => change::fixed(&w).map(Delta::Percent),
        Some(Words::Signed(up, rest)) => {
            let mut part = s.clone();
            part.value = rest;
            let sign = |b| if up { b } else { change::negated(b) };
            if part.value.trim_end().ends_with(['%', '％']) {
                figure(cx, f, FigureType::Percent, &part).and_then(|(v, form)| match v {
                    Value::Percent(p) => {
                        Some(Delta::Percent(sign(change::percent_bounds(p, &form))))
                    }
                    _ => None,
                })
            } else if matches!(ty, FigureType::Count | FigureType::Money) {
                figure(cx, f, ty, &part)
                    .map(|(v, form)| Delta::Amount(sign(crate::model::form::bounds(&v, &form))))
            } else {
                cx.at(
                    rule::BAD_NUMBER,
                    l,
                    c,
                    said!(
                        "`{f}`：比率的变化写成百分比",
                        "`{f}`: a change of a rate is written as a percentage"
                    ),
                    hint(),
                );
                None
            }
        }
        None => {
            cx.at(
                rule::BAD_NUMBER,
                l,
                c,
                {
                    let v = s.value.trim();
                    said!(
                        "`{f}`：看不出“{v}”是增加还是减少",
                        "`{f}`: \"{v}\" does not say whether it went up or down"
                    )
                },
                hint(),
            );
            None
        }
    }
}

fn types(cx: &mut Ctx, section: Section, field: &str, ts: &[S]) -> Vec<EvalType> {
    if section != Section::Evaluations {
        if let Some(s) = ts.first() {
            let (l, c) = pos(s);
            cx.at(
                rule::UNKNOWN_KEY,
                l,
                c,
                said!(
                    "`types` 只能写在评价（evaluations）的分组里，不能写在 `{field}` 里",
                    "`types` belongs only to evaluation groups, not to `{field}`"
                ),
                said!("删去这里的 `types:`", "remove `types:` here"),
            );
        }
        return Vec::new();
    }
    ts.iter()
        .filter_map(|s| cx.vocab(&format!("{field}.types"), s, EvalType::parse))
        .collect()
}

fn children_of(
    cx: &mut Ctx,
    section: Section,
    field: &str,
    by: By,
    map: &BTreeMap<String, Spanned<RawGroup>>,
    out: &mut Vec<Child>,
) {
    for (label, g) in map {
        let (l, c) = pos(g);
        let f = format!("{field}.{}.{label}", by.key());
        let allowed = match by {
            By::Conclusion => section == Section::ExAnte,
            By::Grade => matches!(section, Section::SelfEvaluations | Section::Evaluations),
            By::Category => true,
        };
        if !allowed {
            let (b, sec) = (by.key(), section.key());
            cx.at(
                rule::UNKNOWN_KEY,
                l,
                c,
                said!("`{b}` 不能写在 `{sec}` 里", "`{b}` does not belong in `{sec}`"),
                said!(
                    "`by_conclusion` 写在 ex_ante 里；`by_grade` 写在 self_evaluations 和 evaluations 里；`by_category` 哪个组都可以写",
                    "by_conclusion is for ex_ante; by_grade for self_evaluations and evaluations; by_category for any group"
                ),
            );
            continue;
        }
        let canonical = match by {
            By::Conclusion => Conclusion::parse(label).map(|x| x.zh().to_string()),
            By::Grade => Grade::parse(label).map(|x| x.zh().to_string()),
            By::Category => {
                cx.plain_at(&format!("{field}.by_category"), label, l, c, &label_hint());
                Ok(label.clone())
            }
        };
        let label = match canonical {
            Ok(lbl) => lbl,
            Err(ValueError { message, hint, .. }) => {
                let message = message.map(|lang, m| match lang {
                    crate::diag::Lang::Zh => format!("`{f}`：{m}"),
                    crate::diag::Lang::En => format!("`{f}`: {m}"),
                });
                cx.at(rule::UNKNOWN_VALUE, l, c, message, hint.into());
                continue;
            }
        };
        let mut grp = group(cx, section, &label, &f, &g.value, (l, c));
        if by == By::Grade {
            grp.figures.retain(|s| s.key == "count");
            if let Some(s) = &g.value.share
                && let Some(p) = cx.percent(&format!("{f}.share"), s)
            {
                let (line, col) = pos(s);
                grp.figures.push(Stated {
                    key: "share",
                    value: Value::Percent(p),
                    form: Form::Exact,
                    text: s.value.clone(),
                    line,
                    col,
                });
            }
        }
        out.push(Child {
            by,
            label,
            group: grp,
        });
    }
}

/// A stated figure: its number and the form it was written in ("约1600", "1600余", "超过80%",
/// "40%-50%"; see `model::form`).
fn figure(cx: &mut Ctx, field: &str, ty: FigureType, s: &S) -> Option<(Value, Form)> {
    use crate::model::form::{Shape, Written};
    if ty == FigureType::Grade {
        return stated_grade(cx, field, s).map(|g| (Value::Grade(g), Form::Exact));
    }
    let mut one = |text: String| -> Option<Value> {
        let mut part = s.clone();
        part.value = text;
        Some(match ty {
            FigureType::Count => Value::Count(cx.count(field, &part)?),
            FigureType::Money => Value::Money(cx.money(field, &part)?),
            FigureType::Percent => Value::Percent(cx.percent(field, &part)?),
            FigureType::Score => Value::Score(cx.score(field, &part)?),
            FigureType::Grade => return None,
        })
    };
    match crate::model::form::shape(&s.value) {
        Shape::One(Written::Exact, _) => Some((one(s.value.clone())?, Form::Exact)),
        Shape::One(w, text) => {
            let v = one(text)?;
            let form = match w {
                Written::Exact | Written::About => Form::About,
                Written::Over => Form::Over,
                Written::AtLeast => Form::AtLeast,
                Written::AtMost => Form::AtMost,
            };
            Some((v, form))
        }
        Shape::Range(a, b) => {
            let (lo, hi) = (one(a)?, one(b)?);
            if crate::model::form::number(&hi) <= crate::model::form::number(&lo) {
                let (l, c) = pos(s);
                cx.at(
                    rule::BAD_NUMBER,
                    l,
                    c,
                    {
                        let v = s.value.trim();
                        said!(
                            "`{field}`：范围“{v}”的上限不大于下限",
                            "`{field}`: the range \"{v}\" does not go up"
                        )
                    },
                    said!(
                        "范围从小写到大，例如 \"40%-50%\" 或 \"1.2~1.5亿元\"",
                        "write a range from the smaller to the larger, e.g. \"40%-50%\" or \"1.2~1.5亿元\""
                    ),
                );
                return None;
            }
            Some((lo, Form::Range(hi)))
        }
    }
}

/// A stated grade: 优/良/中/差 or the words reports use for them (优秀, 良好, 中等, 合格, 较差,
/// 不合格), with 等/等次 allowed after it.
fn stated_grade(cx: &mut Ctx, field: &str, s: &S) -> Option<Grade> {
    let t = s.value.trim();
    let t = t.trim_end_matches("等次").trim_end_matches('等');
    let g = match t {
        "优" | "优秀" => Some(Grade::Excellent),
        "良" | "良好" => Some(Grade::Good),
        "中" | "中等" | "一般" | "合格" => Some(Grade::Fair),
        "差" | "较差" | "不合格" => Some(Grade::Poor),
        _ => None,
    };
    if g.is_none() {
        let (l, c) = pos(s);
        cx.at(
            rule::UNKNOWN_VALUE,
            l,
            c,
            {
                let v = s.value.trim();
                said!(
                    "`{field}`：“{v}”不是评价等级",
                    "`{field}`: \"{v}\" is not a grade"
                )
            },
            said!(
                "写报告中的等级，例如 优秀、良好、中等、合格、较差（或 优、良、中、差）",
                "write the grade as the report does: 优秀, 良好, 中等, 合格, 较差 (or 优, 良, 中, 差)"
            ),
        );
    }
    g
}
