//! Per-record rules: each raw record kind becomes its typed record, or diagnostics.
//!
//! Every value is checked even after an earlier one failed, so one run reports all of a
//! record's problems. Cross-record rules (unique ids, region and year from the path) are in
//! `validate::mod`; indicators in `records::indicators`. No I/O here.

mod indicators;

use super::ctx::Ctx;
use crate::diag::{Said, rule};
use crate::load::raw::*;
use crate::load::yaml::pos;
use crate::model::*;
use crate::said;
use indicators::indicators;

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
