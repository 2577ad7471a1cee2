//! The canonical form of a public record: what the manifest's record hash (FORMAT 2) is taken
//! of, so that a publication's "updated" list follows the published content and nothing else.
//!
//! The form is JSON (serde_json, compact) of the dedicated structs below, whose field order is
//! fixed and whose names are the content format's (docs/format.md), never Rust's: renaming a field
//! of the model changes no hash unless a name below changes too. A vocabulary value is its
//! Chinese name, a decimal its digits as written (`98.50`), money its exact 分 with the unit
//! and decimals it was stated in, a date `YYYY-MM-DD`; a withheld value is
//! `{"withheld": reason}`, text a list of its public parts and withheld markers. Optional
//! fields that are absent are left out, so adding one here changes no existing record's hash.
//! [`VERSION`] is the first field: a change to this form must raise it deliberately (a test
//! pins one record's hash). Plain data, no I/O.

use crate::disclose::PublicRecord;
use crate::model::text::Segment;
use crate::model::{
    Decimal, Disclosure, EqScoring, Evaluation, ExAnte, Goal, Indicator, Money, Monitoring,
    Project, Pub, RecordData, SelfEvaluation, Subject, Text,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of the canonical form; it is the manifest format that introduced it.
pub const VERSION: u32 = 2;

/// The SHA-256 (hex) of a public record's canonical form.
pub fn record_hash(p: &PublicRecord) -> String {
    let json = serde_json::to_vec(&canonical(p)).expect("the canonical form is plain data");
    Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The canonical form of a public record, as serialised for its hash.
pub fn canonical(p: &PublicRecord) -> impl Serialize + '_ {
    let r = p.record();
    Canon {
        format: VERSION,
        kind: r.kind.folder(),
        id: &r.id,
        disclosure: disclosure(&r.disclosure),
        withheld_fields: p.withheld_fields(),
        withheld_passages: p.withheld_passages(),
        data: data(&r.data),
    }
}

#[derive(Serialize)]
struct Canon<'a> {
    format: u32,
    kind: &'static str,
    id: &'a str,
    disclosure: DisclosureC<'a>,
    withheld_fields: usize,
    withheld_passages: usize,
    data: Data<'a>,
}

#[derive(Serialize)]
struct DisclosureC<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<Vec<Seg<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_title: Option<&'a str>,
}

fn disclosure(d: &Disclosure) -> DisclosureC<'_> {
    DisclosureC {
        status: d.status.zh(),
        reason: d.reason.map(|r| r.zh()),
        note: d.note.as_ref().map(text),
        public_title: d.public_title.as_deref(),
    }
}

/// A value that may be withheld: the value, or only the reason.
#[derive(Serialize)]
#[serde(untagged)]
enum P<T> {
    Shown(T),
    Withheld { withheld: &'static str },
}

fn p<'a, T, U>(v: &'a Pub<T>, f: impl Fn(&'a T) -> U) -> P<U> {
    match v {
        Pub::Shown(x) => P::Shown(f(x)),
        Pub::Withheld(r) => P::Withheld { withheld: r.zh() },
    }
}

fn op<'a, T, U>(v: &'a Option<Pub<T>>, f: impl Fn(&'a T) -> U) -> Option<P<U>> {
    v.as_ref().map(|v| p(v, f))
}

/// A part of a text: public text, or the marker of a withheld passage.
#[derive(Serialize)]
#[serde(untagged)]
enum Seg<'a> {
    Text(&'a str),
    Withheld { withheld: &'static str, block: bool },
}

fn text(t: &Text) -> Vec<Seg<'_>> {
    t.segments
        .iter()
        .map(|s| match s {
            Segment::Text(s) => Seg::Text(s),
            Segment::Withheld { reason, block } => Seg::Withheld {
                withheld: reason,
                block: *block,
            },
        })
        .collect()
}

#[derive(Serialize)]
struct MoneyC {
    /// Exact 分, as a decimal string (no JSON number limits).
    fen: String,
    unit: &'static str,
    decimals: u32,
}

fn money(m: &Money) -> MoneyC {
    MoneyC {
        fen: m.fen.to_string(),
        unit: m.unit.zh(),
        decimals: m.decimals,
    }
}

fn dec(d: &Decimal) -> String {
    d.to_string()
}

fn day(d: &chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn string(s: &String) -> &str {
    s
}

#[derive(Serialize)]
struct ProjectC<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<P<&'a str>>,
    name: P<Vec<Seg<'a>>>,
}

fn project(pr: &Project) -> ProjectC<'_> {
    ProjectC {
        code: op(&pr.code, string),
        name: p(&pr.name, text),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Data<'a> {
    Goal(GoalC<'a>),
    ExAnte(ExAnteC<'a>),
    Monitoring(MonitoringC<'a>),
    SelfEvaluation(SelfEvaluationC<'a>),
    Evaluation(EvaluationC<'a>),
}

fn data(d: &RecordData) -> Data<'_> {
    match d {
        RecordData::Goal(g) => Data::Goal(goal(g)),
        RecordData::ExAnte(e) => Data::ExAnte(ex_ante(e)),
        RecordData::Monitoring(m) => Data::Monitoring(monitoring(m)),
        RecordData::SelfEvaluation(s) => Data::SelfEvaluation(self_evaluation(s)),
        RecordData::Evaluation(e) => Data::Evaluation(evaluation(e)),
    }
}

#[derive(Serialize)]
struct IndicatorC<'a> {
    level1: &'static str,
    level2: &'static str,
    name: P<Vec<Seg<'a>>>,
    op: &'static str,
    target: P<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<P<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<P<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<P<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deviation: Option<P<Vec<Seg<'a>>>>,
}

fn indicator(i: &Indicator) -> IndicatorC<'_> {
    IndicatorC {
        level1: i.level1.zh(),
        level2: i.level2.zh(),
        name: p(&i.name, text),
        op: i.op.zh(),
        target: p(&i.target, string),
        unit: i.unit.as_deref(),
        weight: op(&i.weight, dec),
        actual: op(&i.actual, string),
        score: op(&i.score, dec),
        deviation: op(&i.deviation, text),
    }
}

#[derive(Serialize)]
struct GoalC<'a> {
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<ProjectC<'a>>,
    unit: &'a str,
    total: P<MoneyC>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fiscal: Option<P<MoneyC>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other: Option<P<MoneyC>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    objective: Option<P<Vec<Seg<'a>>>>,
    indicators: Vec<IndicatorC<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
}

fn goal(g: &Goal) -> GoalC<'_> {
    GoalC {
        scope: g.scope.zh(),
        project: g.project.as_ref().map(project),
        unit: &g.unit,
        total: p(&g.total, money),
        fiscal: op(&g.fiscal, money),
        other: op(&g.other, money),
        objective: op(&g.objective, text),
        indicators: g.indicators.iter().map(indicator).collect(),
        published_on: g.published_on.as_ref().map(day),
    }
}

#[derive(Serialize)]
struct ExAnteC<'a> {
    project: ProjectC<'a>,
    unit: &'a str,
    requested: P<MoneyC>,
    approved: P<MoneyC>,
    conclusion: P<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<P<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<P<Vec<Seg<'a>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
}

fn ex_ante(e: &ExAnte) -> ExAnteC<'_> {
    ExAnteC {
        project: project(&e.project),
        unit: &e.unit,
        requested: p(&e.requested, money),
        approved: p(&e.approved, money),
        conclusion: p(&e.conclusion, |c| c.zh()),
        score: op(&e.score, dec),
        note: op(&e.note, text),
        published_on: e.published_on.as_ref().map(day),
    }
}

#[derive(Serialize)]
struct MonitoringC<'a> {
    node: String,
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<ProjectC<'a>>,
    unit: &'a str,
    budget: P<MoneyC>,
    executed: P<MoneyC>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flag: Option<P<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deviation: Option<P<Vec<Seg<'a>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    measures: Option<P<Vec<Seg<'a>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
}

fn monitoring(m: &Monitoring) -> MonitoringC<'_> {
    MonitoringC {
        node: m.node.to_string(),
        scope: m.scope.zh(),
        project: m.project.as_ref().map(project),
        unit: &m.unit,
        budget: p(&m.budget, money),
        executed: p(&m.executed, money),
        flag: op(&m.flag, |f| f.zh()),
        deviation: op(&m.deviation, text),
        measures: op(&m.measures, text),
        published_on: m.published_on.as_ref().map(day),
    }
}

#[derive(Serialize)]
struct SelfEvaluationC<'a> {
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<ProjectC<'a>>,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    initial: Option<P<MoneyC>>,
    adjusted: P<MoneyC>,
    executed: P<MoneyC>,
    #[serde(skip_serializing_if = "Option::is_none")]
    planned: Option<P<Vec<Seg<'a>>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    achieved: Option<P<Vec<Seg<'a>>>>,
    indicators: Vec<IndicatorC<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<P<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<P<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
    /// The body's rule for `=` indicators: it changes the scores the page computes.
    eq_indicator: &'static str,
}

fn self_evaluation(s: &SelfEvaluation) -> SelfEvaluationC<'_> {
    SelfEvaluationC {
        scope: s.scope.zh(),
        project: s.project.as_ref().map(project),
        unit: &s.unit,
        initial: op(&s.initial, money),
        adjusted: p(&s.adjusted, money),
        executed: p(&s.executed, money),
        planned: op(&s.planned, text),
        achieved: op(&s.achieved, text),
        indicators: s.indicators.iter().map(indicator).collect(),
        score: op(&s.score, dec),
        grade: op(&s.grade, |g| g.zh()),
        published_on: s.published_on.as_ref().map(day),
        eq_indicator: match s.eq_scoring {
            EqScoring::Proportional => "proportional",
            EqScoring::AllOrNothing => "all_or_nothing",
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum SubjectC<'a> {
    Project(ProjectC<'a>),
    Unit(&'a str),
    Region(&'a str),
}

#[derive(Serialize)]
struct EvaluationC<'a> {
    #[serde(rename = "type")]
    eval_type: &'static str,
    title: P<Vec<Seg<'a>>>,
    subject: SubjectC<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluator: Option<P<Vec<Seg<'a>>>>,
    funds: P<MoneyC>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<P<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<P<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<P<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rectified: Option<P<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<P<Vec<Seg<'a>>>>,
}

fn evaluation(e: &Evaluation) -> EvaluationC<'_> {
    EvaluationC {
        eval_type: e.eval_type.zh(),
        title: p(&e.title, text),
        subject: match &e.subject {
            Subject::Project(pr) => SubjectC::Project(project(pr)),
            Subject::Unit(u) => SubjectC::Unit(u),
            Subject::Region(r) => SubjectC::Region(r),
        },
        unit: e.unit.as_deref(),
        evaluator: op(&e.evaluator, text),
        funds: p(&e.funds, money),
        score: op(&e.score, dec),
        grade: op(&e.grade, |g| g.zh()),
        findings: op(&e.findings, |n| *n),
        rectified: op(&e.rectified, |n| *n),
        published_on: e.published_on.as_ref().map(day),
        body: op(&e.body, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn goal_record() -> PublicRecord {
        PublicRecord::for_test(goal(), 1, 1)
    }

    fn goal() -> Record {
        let indicator = Indicator {
            level1: Level1::Output,
            level2: Level2::Quantity,
            name: Pub::Shown(Text::plain("养护里程")),
            op: Op::Ge,
            target: Pub::Shown("86".into()),
            unit: Some("公里".into()),
            weight: Some(Pub::Shown(Decimal::parse("20").unwrap())),
            actual: None,
            score: None,
            deviation: None,
        };
        let text = Text {
            segments: vec![
                Segment::Text("完成 \"86\" 公里，".into()),
                Segment::Withheld {
                    reason: "工作秘密",
                    block: false,
                },
            ],
        };
        Record {
            kind: Kind::Goal,
            id: "road".into(),
            source: SourceRef {
                path: "content/demo/2024/goals/road.yaml".into(),
                line: 1,
                score_at: None,
                grade_at: None,
            },
            disclosure: Disclosure::default(),
            data: RecordData::Goal(Goal {
                scope: Scope::Project,
                project: Some(Project {
                    code: None,
                    name: Pub::Shown(Text::plain("乡村道路养护项目")),
                }),
                unit: "jtj".into(),
                total: Pub::Shown(Money::parse("2453.5万元", MoneyUnit::Wan).unwrap()),
                fiscal: Some(Pub::Withheld(Reason::WorkSecret)),
                other: None,
                objective: Some(Pub::Shown(text)),
                indicators: vec![indicator],
                published_on: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            }),
        }
    }

    /// The canonical form and its hash are pinned: a change here changes every published
    /// hash (every record is listed as updated once), so it must be deliberate and raise
    /// [`VERSION`].
    #[test]
    fn one_records_canonical_form_and_hash_are_pinned() {
        let p = goal_record();
        let json = serde_json::to_string(&canonical(&p)).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"format":2,"kind":"goals","id":"road","disclosure":{"status":"公开"},"#,
                r#""withheld_fields":1,"withheld_passages":1,"data":{"goal":{"scope":"项目","#,
                r#""project":{"name":["乡村道路养护项目"]},"unit":"jtj","#,
                r#""total":{"fen":"2453500000","unit":"万元","decimals":1},"#,
                r#""fiscal":{"withheld":"工作秘密"},"#,
                r#""objective":["完成 \"86\" 公里，",{"withheld":"工作秘密","block":false}],"#,
                r#""indicators":[{"level1":"产出指标","level2":"数量","name":["养护里程"],"#,
                r#""op":"≥","target":"86","unit":"公里","weight":"20"}],"#,
                r#""published_on":"2024-03-01"}}}"#
            )
        );
        assert_eq!(
            record_hash(&p),
            "54d87bc657f242bd38ad83397a84b8c9672408818dc8bc589a80fc1b302b3ed0"
        );
    }

    #[test]
    fn where_a_record_was_written_is_not_part_of_its_hash() {
        let a = goal_record();
        let mut moved = goal();
        moved.source.path = "content/demo/2024/goals/all.yaml".into();
        moved.source.line = 40;
        let b = PublicRecord::for_test(moved.clone(), 1, 1);
        assert_eq!(record_hash(&a), record_hash(&b));
        let c = PublicRecord::for_test(moved, 2, 1);
        assert_ne!(record_hash(&a), record_hash(&c));
    }
}
