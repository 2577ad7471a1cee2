//! Per-record rules: each raw record kind becomes its typed record, or diagnostics.
//!
//! Every value is checked even after an earlier one failed, so one run reports all of a
//! record's problems. Cross-record rules (unique ids, region and year from the path) are in
//! `validate::mod`. No I/O here.

use super::ctx::Ctx;
use crate::diag::{Said, rule};
use crate::load::raw::*;
use crate::load::yaml::pos;
use crate::model::*;
use crate::said;

pub struct Scope2<'r> {
    pub units: &'r [Unit],
    pub regions: &'r [String],
}

pub fn project(cx: &mut Ctx, field: &str, p: &RawProject) -> Project {
    Project {
        code: p.code.as_ref().map(|c| {
            let hint = said!(
                "项目编码原样公开，不能隐去其中一部分：请删去标记；要隐去编码，把记录设为部分公开并在 `disclosure.fields` 中写 `project.code`",
                "a project code is published as written and cannot be partly withheld: remove the marker; to withhold the code, make the record partly public and list `project.code` under `disclosure.fields`"
            );
            Pub::Shown(cx.plain(&format!("{field}.code"), c, &hint))
        }),
        name: Pub::Shown(cx.text(&format!("{field}.name"), &p.name)),
    }
}

fn opt_text(cx: &mut Ctx, field: &str, s: &O) -> Option<Pub<Text>> {
    s.as_ref().map(|s| Pub::Shown(cx.text(field, s)))
}

fn opt_money(cx: &mut Ctx, field: &str, s: &O) -> Option<Option<Pub<Money>>> {
    match s {
        None => Some(None),
        Some(s) => cx.money(field, s).map(|m| Some(Pub::Shown(m))),
    }
}

/// Scope and project: a project-scope record names its project.
fn scoped_project(
    cx: &mut Ctx,
    scope_s: &S,
    p: &Option<RawProject>,
) -> Option<(Scope, Option<Project>)> {
    let scope = cx.vocab("scope", scope_s, Scope::parse)?;
    let project = p.as_ref().map(|p| project(cx, "project", p));
    if scope == Scope::Project && project.is_none() {
        let (l, c) = pos(scope_s);
        cx.at(
            rule::MISSING_KEY,
            l,
            c,
            said!(
                "`scope` 是项目，但没有写是哪个项目",
                "a project-scope record must name its project"
            ),
            said!(
                "加上 `project: {{ name: … }}`；如果是部门整体的记录，写 `scope: unit`",
                "add `project: {{ name: … }}`, or write `scope: unit` for a unit-wide (部门整体) record"
            ),
        );
        return None;
    }
    Some((scope, project))
}

/// What to write instead of a marker in an indicator's unit.
fn unit_hint() -> Said {
    said!(
        "计量单位原样公开：请删去标记，只写单位，例如 `公里`、`%`",
        "the unit of measure is published as written: remove the marker and write the unit alone, e.g. `公里` or `%`"
    )
}

fn indicators(cx: &mut Ctx, raws: &[RawIndicator], with_actuals: bool) -> Option<Vec<Indicator>> {
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

pub fn goal(cx: &mut Ctx, r: &RawGoal, sc: &Scope2) -> Option<RecordData> {
    let sp = scoped_project(cx, &r.scope, &r.project);
    let unit = cx.unit("unit", &r.unit, sc.units);
    let total = cx.money("funds.total", &r.funds.total);
    let fiscal = opt_money(cx, "funds.fiscal", &r.funds.fiscal);
    let other = opt_money(cx, "funds.other", &r.funds.other);
    let objective = opt_text(cx, "objective", &r.objective);
    let inds = indicators(cx, &r.indicators, false);
    let (scope, project) = sp?;
    Some(RecordData::Goal(Goal {
        scope,
        project,
        unit: unit?,
        total: Pub::Shown(total?),
        fiscal: fiscal?,
        other: other?,
        objective,
        indicators: inds?,
        published_on: date(cx, &r.published_on)?,
    }))
}

pub fn ex_ante(cx: &mut Ctx, r: &RawExAnte, sc: &Scope2) -> Option<RecordData> {
    let project = project(cx, "project", &r.project);
    let unit = cx.unit("unit", &r.unit, sc.units);
    let requested = cx.money("requested", &r.requested);
    let approved = cx.money("approved", &r.approved);
    let conclusion = cx.vocab("conclusion", &r.conclusion, Conclusion::parse);
    let score = r.score.as_ref().map(|s| cx.score("score", s));
    let note = opt_text(cx, "note", &r.note);
    if let (Some(req), Some(app)) = (requested, approved)
        && app.fen > req.fen
    {
        let (l, c) = pos(&r.approved);
        cx.at(
            rule::INCONSISTENT,
            l,
            c,
            said!(
                "`approved`（审核后金额）大于 `requested`（申报金额）",
                "`approved` is larger than `requested`"
            ),
            said!(
                "审核后的金额不能超过申报的金额，请核对这两个数",
                "the approved amount (审核后) cannot exceed the amount requested (申报); check both figures"
            ),
        );
        return None;
    }
    Some(RecordData::ExAnte(ExAnte {
        project,
        unit: unit?,
        requested: Pub::Shown(requested?),
        approved: Pub::Shown(approved?),
        conclusion: Pub::Shown(conclusion?),
        score: flat(score)?,
        note,
        published_on: date(cx, &r.published_on)?,
    }))
}

/// `Some(None)` for an absent optional, `None` if it was present but invalid.
fn flat<T>(v: Option<Option<T>>) -> Option<Option<Pub<T>>> {
    match v {
        None => Some(None),
        Some(None) => None,
        Some(Some(x)) => Some(Some(Pub::Shown(x))),
    }
}

pub fn monitoring(cx: &mut Ctx, r: &RawMonitoring, sc: &Scope2, year: i32) -> Option<RecordData> {
    let node = cx.month("node", &r.node);
    let sp = scoped_project(cx, &r.scope, &r.project);
    let unit = cx.unit("unit", &r.unit, sc.units);
    let budget = cx.money("budget", &r.budget);
    let executed = cx.money("executed", &r.executed);
    let flag = r.flag.as_ref().map(|f| cx.vocab("flag", f, Flag::parse));
    let deviation = opt_text(cx, "deviation", &r.deviation);
    let measures = opt_text(cx, "measures", &r.measures);
    if let Some(n) = node
        && n.year != year
    {
        let (l, c) = pos(&r.node);
        cx.at(
            rule::PATH_MISMATCH,
            l,
            c,
            said!(
                "监控节点 {n} 不在 {year} 年度内",
                "monitoring node {n} is not in fiscal year {year}"
            ),
            said!(
                "这个文件夹的监控节点应是 {year} 年的月份，如 {year}-05；或把文件移到它所属年度的文件夹",
                "a node of this folder is a month of {year}, e.g. {year}-05; move the file to the folder of its year"
            ),
        );
        return None;
    }
    let (scope, project) = sp?;
    Some(RecordData::Monitoring(Monitoring {
        node: node?,
        scope,
        project,
        unit: unit?,
        budget: Pub::Shown(budget?),
        executed: Pub::Shown(executed?),
        flag: flat(flag)?,
        deviation,
        measures,
        published_on: date(cx, &r.published_on)?,
    }))
}

pub fn self_evaluation(cx: &mut Ctx, r: &RawSelfEvaluation, sc: &Scope2) -> Option<RecordData> {
    let sp = scoped_project(cx, &r.scope, &r.project);
    let unit = cx.unit("unit", &r.unit, sc.units);
    let initial = opt_money(cx, "budget.initial", &r.budget.initial);
    let adjusted = cx.money("budget.adjusted", &r.budget.adjusted);
    let executed = cx.money("budget.executed", &r.budget.executed);
    let (planned, achieved) = match &r.objective {
        Some(o) => (
            opt_text(cx, "objective.planned", &o.planned),
            opt_text(cx, "objective.actual", &o.actual),
        ),
        None => (None, None),
    };
    let inds = indicators(cx, &r.indicators, true);
    let score = r.score.as_ref().map(|s| cx.score("score", s));
    let grade = r.grade.as_ref().map(|g| cx.vocab("grade", g, Grade::parse));
    let (scope, project) = sp?;
    Some(RecordData::SelfEvaluation(SelfEvaluation {
        scope,
        project,
        unit: unit?,
        initial: initial?,
        adjusted: Pub::Shown(adjusted?),
        executed: Pub::Shown(executed?),
        planned,
        achieved,
        indicators: inds?,
        score: flat(score)?,
        grade: flat(grade)?,
        published_on: date(cx, &r.published_on)?,
        eq_scoring: EqScoring::default(),
    }))
}

/// An optional `published_on`: `Some(None)` when absent, `None` when present but invalid.
pub fn date(cx: &mut Ctx, s: &O) -> Option<Option<chrono::NaiveDate>> {
    match s {
        None => Some(None),
        Some(s) => cx.date("published_on", s).map(Some),
    }
}

fn subject(cx: &mut Ctx, r: &RawEvaluation, sc: &Scope2) -> Option<Subject> {
    let s = &r.subject;
    let given = [s.project.is_some(), s.unit.is_some(), s.region.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        let (l, c) = pos(&r.kind);
        cx.at(
            rule::INCONSISTENT,
            l,
            c,
            said!(
                "`subject` 要在项目、单位、地区中写且只写一个",
                "`subject` must name exactly one of project, unit or region"
            ),
            said!(
                "写 `subject: {{ project: {{ name: … }} }}`、`subject: {{ unit: jtj }}` 或 `subject: {{ region: yuli }}`",
                "write `subject: {{ project: {{ name: … }} }}`, `subject: {{ unit: jtj }}` or `subject: {{ region: yuli }}`"
            ),
        );
        return None;
    }
    if let Some(p) = &s.project {
        return Some(Subject::Project(project(cx, "subject.project", p)));
    }
    if let Some(u) = &s.unit {
        return cx.unit("subject.unit", u, sc.units).map(Subject::Unit);
    }
    let reg = s.region.as_ref()?;
    if sc.regions.contains(&reg.value) {
        return Some(Subject::Region(reg.value.clone()));
    }
    let (l, c) = pos(reg);
    cx.at(
        rule::UNKNOWN_REGION,
        l,
        c,
        {
            let v = &reg.value;
            said!(
                "`subject.region`：没有名为 `{v}` 的地区文件夹",
                "`subject.region`: there is no region folder `{v}`"
            )
        },
        {
            let (zh, en) = (sc.regions.join("、"), sc.regions.join(", "));
            said!(
                "写 content/ 下某个地区的文件夹名（{zh}）",
                "use the folder name of a region under content/ ({en})"
            )
        },
    );
    None
}

pub fn evaluation(
    cx: &mut Ctx,
    r: &RawEvaluation,
    sc: &Scope2,
    body: Option<(&str, usize)>,
) -> Option<RecordData> {
    let eval_type = cx.vocab("type", &r.kind, EvalType::parse);
    let title = cx.text("title", &r.title);
    let subject = subject(cx, r, sc);
    let unit = r.unit.as_ref().map(|u| cx.unit("unit", u, sc.units));
    let evaluator = opt_text(cx, "evaluator", &r.evaluator);
    let funds = cx.money("funds", &r.funds);
    let score = r.score.as_ref().map(|s| cx.score("score", s));
    let grade = r.grade.as_ref().map(|g| cx.vocab("grade", g, Grade::parse));
    let findings = r.findings.as_ref().map(|s| cx.count("findings", s));
    let rectified = r.rectified.as_ref().map(|s| cx.count("rectified", s));
    let published_on = r.published_on.as_ref().map(|s| cx.date("published_on", s));
    let body = match (body, &r.body) {
        (Some((text, line)), _) => Some(Pub::Shown(cx.text_at("body", text, line, 1))),
        (None, Some(s)) => Some(Pub::Shown(cx.text("body", s))),
        (None, None) => None,
    };
    if let (Some(Some(f)), Some(Some(rc)), Some(s)) = (findings, rectified, &r.rectified)
        && rc > f
    {
        let (l, c) = pos(s);
        cx.at(
            rule::INCONSISTENT,
            l,
            c,
            {
                let findings = if rc == 1 { "finding" } else { "findings" };
                said!(
                    "已整改 {rc} 个问题，但只发现了 {f} 个",
                    "{rc} {findings} rectified, but only {f} found"
                )
            },
            said!(
                "`rectified`（已整改问题数）不能超过 `findings`（发现问题数）",
                "`rectified` counts findings that were corrected, so it cannot exceed `findings`"
            ),
        );
        return None;
    }
    Some(RecordData::Evaluation(Box::new(Evaluation {
        eval_type: eval_type?,
        title: Pub::Shown(title),
        subject: subject?,
        unit: match unit {
            None => None,
            Some(u) => Some(u?),
        },
        evaluator,
        funds: Pub::Shown(funds?),
        score: flat(score)?,
        grade: flat(grade)?,
        findings: flat(findings)?,
        rectified: flat(rectified)?,
        published_on: match published_on {
            None => None,
            Some(d) => Some(d?),
        },
        body,
    })))
}

/// The number of a target written as a percentage (`80%`, `≥80％`), and whether a comparison
/// sign was written before it.
fn percent_target(t: &str) -> Option<(String, bool)> {
    let t = t.trim();
    let bare = t.trim_start_matches(['≥', '≤', '>', '<', '=', '＞', '＜', '＝']);
    let num = bare
        .strip_suffix('%')
        .or_else(|| bare.strip_suffix('％'))?
        .trim();
    let d = crate::model::Decimal::parse(num).ok()?;
    Some((d.to_string(), bare.len() != t.len()))
}
