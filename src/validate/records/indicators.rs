//! A record's performance indicators (绩效指标): each one's levels, comparison, target, weight,
//! and in a self-evaluation its actual value and score. No I/O here.

use super::*;

pub(super) fn indicators(
    cx: &mut Ctx,
    raws: &[RawIndicator],
    with_actuals: bool,
) -> Option<Vec<Indicator>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, r) in raws.iter().enumerate() {
        let n = i + 1;
        let f = |k: &str| format!("indicators.{n}.{k}");
        let whole = |k: &str| {
            let field = f(k);
            said!(
                "指标值原样公开，不能隐去其中一部分：请删去标记；要隐去它，把记录设为部分公开并在 `disclosure.fields` 中写 `{field}`",
                "an indicator's value is published as written and cannot be partly withheld: remove the marker; to withhold it, make the record partly public and list `{field}` under `disclosure.fields`"
            )
        };
        ok &= no_actuals_in_goal(cx, r, with_actuals);
        let level1 = cx.vocab(&f("level1"), &r.level1, Level1::parse);
        let level2 = cx.vocab(&f("level2"), &r.level2, Level2::parse);
        let op = cx.vocab(&f("op"), &r.op, Op::parse);
        let name = cx.text(&f("name"), &r.name);
        let weight = r.weight.as_ref().map(|w| cx.decimal(&f("weight"), w));
        let score = r.score.as_ref().map(|s| cx.decimal(&f("score"), s));
        let deviation = opt_text(cx, &f("deviation"), &r.deviation);
        ok &= required_keys(cx, n, r, with_actuals, op);
        ok &= target_is_number(cx, n, r, op);
        let (Some(level1), Some(level2), Some(op)) = (level1, level2, op) else {
            ok = false;
            continue;
        };
        if matches!(weight, Some(None)) || matches!(score, Some(None)) {
            ok = false;
            continue;
        }
        score_fits(cx, n, r, op, weight.flatten(), score.flatten());
        out.push(Indicator {
            level1,
            level2,
            name: Pub::Shown(name),
            op,
            target: Pub::Shown(
                cx.plain(&f("target"), &r.target, &whole("target"))
                    .trim()
                    .to_string(),
            ),
            unit: r
                .unit
                .as_ref()
                .map(|u| cx.plain(&f("unit"), u, &unit_hint())),
            weight: weight.flatten().map(Pub::Shown),
            actual: r.actual.as_ref().map(|a| {
                Pub::Shown(
                    cx.plain(&f("actual"), a, &whole("actual"))
                        .trim()
                        .to_string(),
                )
            }),
            score: score.flatten().map(Pub::Shown),
            deviation,
        });
    }
    ok.then_some(out)
}

/// A goal's indicator has no actual value, score or deviation: those are a self-evaluation's.
fn no_actuals_in_goal(cx: &mut Ctx, r: &RawIndicator, with_actuals: bool) -> bool {
    let mut ok = true;
    if with_actuals {
        return ok;
    }
    for (key, v) in [
        ("actual", &r.actual),
        ("score", &r.score),
        ("deviation", &r.deviation),
    ] {
        if let Some(s) = v {
            let (l, c) = pos(s);
            cx.at(
                rule::UNKNOWN_KEY,
                l,
                c,
                said!(
                    "绩效目标的指标里不能写 `{key}`",
                    "unknown key `{key}` in a goal's indicator"
                ),
                said!(
                    "实际完成值、得分和偏差原因写在绩效自评（self-evaluations/）里，不写在绩效目标里",
                    "actual values, scores and deviations belong in the self-evaluation (self-evaluations/), not in the goal"
                ),
            );
            ok = false;
        }
    }
    ok
}

/// What a self-evaluation's indicator must state: its weight and actual value, and the score
/// of a qualitative one.
fn required_keys(
    cx: &mut Ctx,
    n: usize,
    r: &RawIndicator,
    with_actuals: bool,
    op: Option<Op>,
) -> bool {
    let mut ok = true;
    if with_actuals && r.weight.is_none() {
        let (l, c) = pos(&r.name);
        cx.at(
            rule::MISSING_KEY,
            l,
            c,
            said!(
                "第 {n} 项指标没有写 `weight`（分值）",
                "indicator {n} has no `weight`"
            ),
            said!(
                "绩效自评的每项指标都要写分值，如 `weight: 20`",
                "give each indicator of a self-evaluation its weight (分值), e.g. `weight: 20`"
            ),
        );
        ok = false;
    }
    if with_actuals && r.actual.is_none() {
        let (l, c) = pos(&r.name);
        cx.at(
            rule::MISSING_KEY,
            l,
            c,
            said!(
                "第 {n} 项指标没有写 `actual`（实际完成值）",
                "indicator {n} has no `actual` value"
            ),
            said!(
                "写上实际完成值，如 `actual: 88`",
                "write the value achieved (实际完成值), e.g. `actual: 88`"
            ),
        );
        ok = false;
    }
    if op == Some(Op::Qualitative) && with_actuals && r.score.is_none() {
        let (l, c) = pos(&r.op);
        cx.at(
            rule::MISSING_KEY,
            l,
            c,
            said!(
                "第 {n} 项是定性指标，要写 `score`（得分）",
                "qualitative indicator {n} must state its `score`"
            ),
            said!(
                "定性指标不能按公式计分：用 `score:` 写明给的分数",
                "a 定性 indicator cannot be scored by formula: write `score:` with the points awarded"
            ),
        );
        ok = false;
    }
    ok
}

/// A quantitative indicator's target is a number (its unit and comparison stand apart).
fn target_is_number(cx: &mut Ctx, n: usize, r: &RawIndicator, op: Option<Op>) -> bool {
    let target_num = crate::model::words::figure_number(&r.target.value);
    let mut ok = true;
    if let (Some(o), None) = (op, target_num)
        && o != Op::Qualitative
    {
        let (l, c) = pos(&r.target);
        let field = format!("indicators.{n}.target");
        let hint = match percent_target(&r.target.value) {
            Some((num, true)) => said!(
                "比较符号写在 `op` 里，目标值只写数，单位写在 `unit` 里：`op: \"≥\"`，`target: {num}`，`unit: \"%\"`（符号和 % 要加引号）",
                "the comparison goes in `op`, the number alone in `target`, the unit in `unit`: `op: \"≥\"`, `target: {num}`, `unit: \"%\"` (quote the sign and the %)"
            ),
            Some((num, false)) => said!(
                "目标值只写数，单位写在 `unit` 里：`target: {num}`，`unit: \"%\"`（% 要加引号）",
                "write the number alone in `target` and the unit in `unit`: `target: {num}`, `unit: \"%\"` (quote the %)"
            ),
            None => said!(
                "`target` 只写数，单位写在 `unit:` 里（如 `target: 86, unit: 公里`）；定性指标写 `op: 定性`",
                "write the number alone and its unit in `unit:` (e.g. `target: 86, unit: 公里`), or use `op: 定性` for a qualitative target"
            ),
        };
        cx.at(
            rule::BAD_NUMBER,
            l,
            c,
            said!(
                "`{field}`：定量指标的目标值要写成一个数",
                "`{field}`: a quantitative target must be a number"
            ),
            hint,
        );
        ok = false;
    }
    ok
}

/// An indicator scores no more than its weight, and a qualitative one within the band of how
/// far it was achieved.
fn score_fits(
    cx: &mut Ctx,
    n: usize,
    r: &RawIndicator,
    op: Op,
    weight: Option<Decimal>,
    score: Option<Decimal>,
) {
    if let (Some(w), Some(sc)) = (weight, score)
        && sc > w
    {
        let (l, c) = pos(r.score.as_ref().unwrap_or(&r.name));
        cx.at(
            rule::INCONSISTENT,
            l,
            c,
            said!(
                "第 {n} 项指标的得分高于该指标的分值",
                "indicator {n} scores more than its weight"
            ),
            said!(
                "指标得分不能超过其分值（`weight`）：定性指标按完成情况在分值的100%–80%、80%–60%、60%–0%三档内评分",
                "an indicator cannot score more than its `weight`: a 定性 indicator scores within 100%–80%, 80%–60% or 60%–0% of its weight, by how far it was achieved"
            ),
        );
    } else if let (Op::Qualitative, Some(w), Some(sc), Some(a)) = (op, weight, score, &r.actual)
        && let Some(level) = crate::model::words::Achieved::read(&a.value)
        && !level.admits(sc, w)
    {
        // 10号: a 定性 indicator is scored within the band of how far it was achieved.
        let (l, c) = pos(r.score.as_ref().unwrap_or(&r.name));
        cx.at(
            rule::SCORE_MISMATCH,
            l,
            c,
            {
                let (done, band_zh) = (a.value.trim(), level.zh());
                let band_en = match level {
                    crate::model::words::Achieved::Fully => "a target achieved (100%–80% of the weight)",
                    crate::model::words::Achieved::Partly => "partly achieved (80%–60% of the weight)",
                    crate::model::words::Achieved::Not => "not achieved (under 60% of the weight)",
                };
                said!(
                    "第 {n} 项定性指标的完成情况为“{done}”，按财预〔2020〕10号应得{band_zh}，而得分为 {sc}（分值 {w}）",
                    "qualitative indicator {n} is \"{done}\", which by 财预〔2020〕10号 is {band_en}, but its score is {sc} (weight {w})"
                )
            },
            said!(
                "核对定性指标的得分：达成年度指标得分值的100%–80%，部分达成得80%–60%，未达成得60%以下；或改正完成情况的写法",
                "check the score: a target achieved earns 100%–80% of the weight, partly achieved 80%–60%, not achieved under 60%; or correct how the achievement is written"
            ),
        );
    }
}
