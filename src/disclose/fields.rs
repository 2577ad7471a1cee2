//! 部分公开: withholding the fields a disclosure lists, by path (`evaluator`,
//! `indicators.3.actual`, `funds.total`). A withheld field becomes `Pub::Withheld(reason)`: the
//! value is moved out of the record into the secrets, not hidden. No I/O here.

use crate::model::*;

/// How one path is withheld: from the record's data, with the indicator number `N` stands for
/// (0 where the path has none); the secret text forms of the value, or `None` when the record
/// has no such field.
type Seal = fn(&mut RecordData, usize, Reason) -> Option<Vec<String>>;

/// Every field path a 部分公开 disclosure may name, by kind, and how it is withheld (`N` is an
/// indicator's number, counted from 1). [`withhold`] accepts these and nothing else, and
/// [`paths`], the hint for a path that names no field, lists them.
#[rustfmt::skip]
const FIELDS: &[(Kind, &str, Seal)] = &[
    (Kind::Goal, "project.name", |d, _, r| Some(project(d)?.name.seal(r))),
    (Kind::Goal, "project.code", |d, _, r| Some(project(d)?.code.seal(r))),
    (Kind::Goal, "funds.total", |d, _, r| Some(goal(d)?.total.seal(r))),
    (Kind::Goal, "funds.fiscal", |d, _, r| Some(goal(d)?.fiscal.seal(r))),
    (Kind::Goal, "funds.other", |d, _, r| Some(goal(d)?.other.seal(r))),
    (Kind::Goal, "objective", |d, _, r| Some(goal(d)?.objective.seal(r))),
    (Kind::Goal, "indicators.N.name", |d, n, r| Some(indicator(d, n)?.name.seal(r))),
    (Kind::Goal, "indicators.N.target", |d, n, r| Some(indicator(d, n)?.target.seal(r))),
    (Kind::Goal, "indicators.N.weight", |d, n, r| Some(indicator(d, n)?.weight.seal(r))),
    (Kind::ExAnte, "project.name", |d, _, r| Some(project(d)?.name.seal(r))),
    (Kind::ExAnte, "project.code", |d, _, r| Some(project(d)?.code.seal(r))),
    (Kind::ExAnte, "requested", |d, _, r| Some(ex_ante(d)?.requested.seal(r))),
    (Kind::ExAnte, "approved", |d, _, r| Some(ex_ante(d)?.approved.seal(r))),
    (Kind::ExAnte, "conclusion", |d, _, r| Some(ex_ante(d)?.conclusion.seal(r))),
    (Kind::ExAnte, "score", |d, _, r| Some(ex_ante(d)?.score.seal(r))),
    (Kind::ExAnte, "note", |d, _, r| Some(ex_ante(d)?.note.seal(r))),
    (Kind::Monitoring, "project.name", |d, _, r| Some(project(d)?.name.seal(r))),
    (Kind::Monitoring, "project.code", |d, _, r| Some(project(d)?.code.seal(r))),
    (Kind::Monitoring, "budget", |d, _, r| Some(monitoring(d)?.budget.seal(r))),
    (Kind::Monitoring, "executed", |d, _, r| Some(monitoring(d)?.executed.seal(r))),
    (Kind::Monitoring, "flag", |d, _, r| Some(monitoring(d)?.flag.seal(r))),
    (Kind::Monitoring, "deviation", |d, _, r| Some(monitoring(d)?.deviation.seal(r))),
    (Kind::Monitoring, "measures", |d, _, r| Some(monitoring(d)?.measures.seal(r))),
    (Kind::SelfEvaluation, "project.name", |d, _, r| Some(project(d)?.name.seal(r))),
    (Kind::SelfEvaluation, "project.code", |d, _, r| Some(project(d)?.code.seal(r))),
    (Kind::SelfEvaluation, "budget.initial", |d, _, r| Some(self_evaluation(d)?.initial.seal(r))),
    (Kind::SelfEvaluation, "budget.adjusted", |d, _, r| Some(self_evaluation(d)?.adjusted.seal(r))),
    (Kind::SelfEvaluation, "budget.executed", |d, _, r| Some(self_evaluation(d)?.executed.seal(r))),
    (Kind::SelfEvaluation, "objective.planned", |d, _, r| Some(self_evaluation(d)?.planned.seal(r))),
    (Kind::SelfEvaluation, "objective.actual", |d, _, r| Some(self_evaluation(d)?.achieved.seal(r))),
    (Kind::SelfEvaluation, "score", |d, _, r| Some(seal_computed(&mut self_evaluation(d)?.score, r))),
    (Kind::SelfEvaluation, "grade", |d, _, r| Some(seal_computed(&mut self_evaluation(d)?.grade, r))),
    (Kind::SelfEvaluation, "indicators.N.name", |d, n, r| Some(indicator(d, n)?.name.seal(r))),
    (Kind::SelfEvaluation, "indicators.N.target", |d, n, r| Some(indicator(d, n)?.target.seal(r))),
    (Kind::SelfEvaluation, "indicators.N.weight", |d, n, r| Some(indicator(d, n)?.weight.seal(r))),
    (Kind::SelfEvaluation, "indicators.N.actual", |d, n, r| Some(indicator(d, n)?.actual.seal(r))),
    (Kind::SelfEvaluation, "indicators.N.score", |d, n, r| Some(seal_computed(&mut indicator(d, n)?.score, r))),
    (Kind::SelfEvaluation, "indicators.N.deviation", |d, n, r| Some(indicator(d, n)?.deviation.seal(r))),
    (Kind::Evaluation, "title", |d, _, r| Some(evaluation(d)?.title.seal(r))),
    (Kind::Evaluation, "evaluator", |d, _, r| Some(evaluation(d)?.evaluator.seal(r))),
    (Kind::Evaluation, "funds", |d, _, r| Some(evaluation(d)?.funds.seal(r))),
    (Kind::Evaluation, "score", |d, _, r| Some(evaluation(d)?.score.seal(r))),
    (Kind::Evaluation, "grade", |d, _, r| Some(evaluation(d)?.grade.seal(r))),
    (Kind::Evaluation, "findings", |d, _, r| Some(evaluation(d)?.findings.seal(r))),
    (Kind::Evaluation, "rectified", |d, _, r| Some(evaluation(d)?.rectified.seal(r))),
    (Kind::Evaluation, "body", |d, _, r| Some(evaluation(d)?.body.seal(r))),
    (Kind::Evaluation, "subject.project.name", |d, _, r| Some(project(d)?.name.seal(r))),
    (Kind::Evaluation, "subject.project.code", |d, _, r| Some(project(d)?.code.seal(r))),
];

/// Field paths each kind accepts, as the hint lists them: the kind's rows of [`FIELDS`].
pub fn paths(kind: Kind) -> String {
    FIELDS
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, path, _)| *path)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row of [`FIELDS`] for `path` of a `kind` record, and the number its `N` stands for.
fn row(kind: Kind, path: &str) -> Option<(Seal, usize)> {
    FIELDS
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .find_map(|(_, pattern, seal)| {
            let mut n = 0;
            let mut given = path.split('.');
            for part in pattern.split('.') {
                let g = given.next()?;
                if part == "N" {
                    n = g.parse().ok()?;
                } else if part != g {
                    return None;
                }
            }
            given.next().is_none().then_some((*seal, n))
        })
}

fn kind_of(data: &RecordData) -> Kind {
    match data {
        RecordData::Goal(_) => Kind::Goal,
        RecordData::ExAnte(_) => Kind::ExAnte,
        RecordData::Monitoring(_) => Kind::Monitoring,
        RecordData::SelfEvaluation(_) => Kind::SelfEvaluation,
        RecordData::Evaluation(_) => Kind::Evaluation,
    }
}

fn goal(d: &mut RecordData) -> Option<&mut Goal> {
    match d {
        RecordData::Goal(g) => Some(g),
        _ => None,
    }
}

fn ex_ante(d: &mut RecordData) -> Option<&mut ExAnte> {
    match d {
        RecordData::ExAnte(e) => Some(e),
        _ => None,
    }
}

fn monitoring(d: &mut RecordData) -> Option<&mut Monitoring> {
    match d {
        RecordData::Monitoring(m) => Some(m),
        _ => None,
    }
}

fn self_evaluation(d: &mut RecordData) -> Option<&mut SelfEvaluation> {
    match d {
        RecordData::SelfEvaluation(s) => Some(s),
        _ => None,
    }
}

fn evaluation(d: &mut RecordData) -> Option<&mut Evaluation> {
    match d {
        RecordData::Evaluation(e) => Some(e),
        _ => None,
    }
}

/// The project a record is about (an evaluation's subject project), where it names one.
fn project(d: &mut RecordData) -> Option<&mut Project> {
    match d {
        RecordData::Goal(g) => g.project.as_mut(),
        RecordData::ExAnte(e) => Some(&mut e.project),
        RecordData::Monitoring(m) => m.project.as_mut(),
        RecordData::SelfEvaluation(s) => s.project.as_mut(),
        RecordData::Evaluation(e) => match &mut e.subject {
            Subject::Project(p) => Some(p),
            _ => None,
        },
    }
}

/// Indicator `n` (counted from 1) of a goal or self-evaluation.
fn indicator(d: &mut RecordData, n: usize) -> Option<&mut Indicator> {
    let list = match d {
        RecordData::Goal(g) => &mut g.indicators,
        RecordData::SelfEvaluation(s) => &mut s.indicators,
        _ => return None,
    };
    list.get_mut(n.checked_sub(1)?)
}

/// Take a value out, leaving only the reason. Returns the secret text forms of the value.
trait Take {
    fn seal(&mut self, reason: Reason) -> Vec<String>;
}

impl<T: Secret> Take for Pub<T> {
    fn seal(&mut self, reason: Reason) -> Vec<String> {
        match std::mem::replace(self, Pub::Withheld(reason)) {
            Pub::Shown(v) => v.secret_forms(),
            Pub::Withheld(_) => Vec::new(),
        }
    }
}

/// Withholds a value that the site would otherwise compute when it is not stated (a
/// self-evaluation's total score and grade, an indicator's score): absent, it becomes withheld
/// too, so that the computed one is not shown in its place.
fn seal_computed<T: Secret>(v: &mut Option<Pub<T>>, reason: Reason) -> Vec<String> {
    match v {
        Some(p) => p.seal(reason),
        None => {
            *v = Some(Pub::Withheld(reason));
            Vec::new()
        }
    }
}

impl<T: Secret> Take for Option<Pub<T>> {
    fn seal(&mut self, reason: Reason) -> Vec<String> {
        match self {
            Some(p) => p.seal(reason),
            None => Vec::new(),
        }
    }
}

/// How a withheld value could show up in output, for the leak audit.
pub trait Secret {
    fn secret_forms(&self) -> Vec<String>;
}

impl Secret for Text {
    fn secret_forms(&self) -> Vec<String> {
        let plain = self.public_plain();
        let t = plain.trim();
        if t.is_empty() {
            Vec::new()
        } else {
            vec![t.to_string()]
        }
    }
}

impl Secret for String {
    fn secret_forms(&self) -> Vec<String> {
        vec![self.trim().to_string()]
    }
}

// Numbers and categories are not searched for as text: the same figure may well stand
// elsewhere for another reason. That they cannot be derived is the figures' check.
macro_rules! no_forms {
    ($($t:ty),*) => { $(impl Secret for $t { fn secret_forms(&self) -> Vec<String> { Vec::new() } })* };
}
no_forms!(Money, Decimal, u64, Conclusion, Flag, Grade);

/// Withhold the field at `path`; `None` when the kind has no such field (no row of [`FIELDS`])
/// or this record lacks it (no project, no such indicator).
pub fn withhold(data: &mut RecordData, path: &str, reason: Reason) -> Option<Vec<String>> {
    let (seal, n) = row(kind_of(data), path)?;
    seal(data, n, reason)
}

/// What withholding every text field of a record would remove: the secret forms of its
/// project name and code, title, evaluator, objective, note, deviation, measures, body, subject
/// project name, planned and actual objective, and each indicator's name and deviation. Read in
/// place, without copying the record; fields already withheld give nothing.
pub fn text_forms(data: &RecordData) -> Vec<String> {
    let mut out = Vec::new();
    let text = |out: &mut Vec<String>, t: Option<&Pub<Text>>| {
        if let Some(Pub::Shown(x)) = t {
            out.extend(x.secret_forms());
        }
    };
    let project = |out: &mut Vec<String>, p: Option<&Project>| {
        if let Some(p) = p {
            text(out, Some(&p.name));
            if let Some(Pub::Shown(code)) = &p.code {
                out.extend(code.secret_forms());
            }
        }
    };
    let indicators = |out: &mut Vec<String>, list: &[Indicator]| {
        for i in list {
            text(out, Some(&i.name));
            text(out, i.deviation.as_ref());
        }
    };
    match data {
        RecordData::Goal(g) => {
            project(&mut out, g.project.as_ref());
            text(&mut out, g.objective.as_ref());
            indicators(&mut out, &g.indicators);
        }
        RecordData::ExAnte(e) => {
            project(&mut out, Some(&e.project));
            text(&mut out, e.note.as_ref());
        }
        RecordData::Monitoring(m) => {
            project(&mut out, m.project.as_ref());
            text(&mut out, m.deviation.as_ref());
            text(&mut out, m.measures.as_ref());
        }
        RecordData::SelfEvaluation(s) => {
            project(&mut out, s.project.as_ref());
            text(&mut out, s.planned.as_ref());
            text(&mut out, s.achieved.as_ref());
            indicators(&mut out, &s.indicators);
        }
        RecordData::Evaluation(e) => {
            text(&mut out, Some(&e.title));
            text(&mut out, e.evaluator.as_ref());
            text(&mut out, e.body.as_ref());
            if let Subject::Project(p) = &e.subject {
                text(&mut out, Some(&p.name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_paths_are_refused() {
        let mut d = RecordData::ExAnte(ExAnte {
            project: Project {
                code: None,
                name: Pub::Shown(Text::plain("甲")),
            },
            unit: "u".into(),
            requested: Pub::Shown(Money::from_fen(100)),
            approved: Pub::Shown(Money::from_fen(50)),
            conclusion: Pub::Shown(Conclusion::Support),
            score: None,
            note: None,
            published_on: None,
        });
        assert!(withhold(&mut d, "requestd", Reason::Commercial).is_none());
        let forms = withhold(&mut d, "project.name", Reason::Commercial).unwrap();
        assert_eq!(forms, vec!["甲".to_string()]);
        let RecordData::ExAnte(e) = &d else {
            unreachable!()
        };
        assert_eq!(e.project.name, Pub::Withheld(Reason::Commercial));
    }

    #[test]
    fn a_withheld_target_or_actual_has_no_number() {
        let ind = Indicator {
            level1: Level1::Output,
            level2: Level2::Quantity,
            name: Pub::Shown(Text::plain("养护里程")),
            op: Op::Ge,
            target: Pub::Shown("86".into()),
            unit: Some("公里".into()),
            weight: Some(Pub::Shown(Decimal::parse("30").unwrap())),
            actual: Some(Pub::Shown("８８ 公里".into())),
            score: None,
            deviation: None,
        };
        let mut d = RecordData::SelfEvaluation(SelfEvaluation {
            scope: Scope::Project,
            project: None,
            unit: "jtj".into(),
            initial: None,
            adjusted: Pub::Shown(Money::from_fen(100)),
            executed: Pub::Shown(Money::from_fen(100)),
            planned: None,
            achieved: None,
            indicators: vec![ind],
            score: None,
            grade: None,
            published_on: None,
            eq_scoring: EqScoring::Proportional,
        });
        let first = |d: &RecordData| match d {
            RecordData::SelfEvaluation(s) => s.indicators[0].clone(),
            _ => unreachable!(),
        };
        assert_eq!(first(&d).target_num(), Decimal::parse("86").ok());
        assert_eq!(first(&d).actual_num(), Decimal::parse("88").ok());
        withhold(&mut d, "indicators.1.target", Reason::Commercial).unwrap();
        withhold(&mut d, "indicators.1.actual", Reason::Commercial).unwrap();
        assert_eq!(
            (first(&d).target_num(), first(&d).actual_num()),
            (None, None)
        );
    }

    /// Every record of the example site, validated, and an ex-ante evaluation with a project
    /// code and a note (the example has none).
    fn example_records() -> Vec<Record> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (sources, _) = crate::load::load(root, Some(&root.join("public")));
        let (site, _) = crate::validate::validate(&sources);
        let site = site.expect("the example site validates");
        let mut records: Vec<Record> = site
            .regions
            .into_iter()
            .flat_map(|r| r.years)
            .flat_map(|y| y.records)
            .collect();
        let mut ex_ante = records
            .iter()
            .find(|r| r.kind == Kind::ExAnte)
            .expect("an ex-ante record")
            .clone();
        if let RecordData::ExAnte(e) = &mut ex_ante.data {
            e.project.code = Some(Pub::Shown("652700240099".into()));
            e.note = Some(Pub::Shown(Text::plain("专家组建议压减设备购置预算")));
        }
        records.push(ex_ante);
        records
    }

    /// How many values of `d` are withheld.
    fn withheld_values(d: &RecordData) -> usize {
        format!("{d:?}").matches("Withheld(").count()
    }

    /// Withholding `path` of `d`, when it has the field: one more value becomes `Withheld`,
    /// and every text that leaves the record's public text forms is returned for the secrets.
    fn withholds(d: &RecordData, path: &str) -> bool {
        let mut after = d.clone();
        let Some(forms) = withhold(&mut after, path, Reason::Commercial) else {
            return false;
        };
        if withheld_values(&after) != withheld_values(d) + 1 {
            return false;
        }
        let mut left = text_forms(&after);
        for t in text_forms(d) {
            match left.iter().position(|x| *x == t) {
                Some(i) => {
                    left.swap_remove(i);
                }
                None => assert!(forms.contains(&t), "{path}: `{t}` is not in the secrets"),
            }
        }
        true
    }

    #[test]
    fn every_path_of_the_table_can_be_withheld_on_a_record_that_has_it() {
        let records = example_records();
        let missing: Vec<String> = FIELDS
            .iter()
            .filter(|(kind, pattern, _)| {
                let path = pattern.replace('N', "1");
                !records
                    .iter()
                    .filter(|r| r.kind == *kind)
                    .any(|r| withholds(&r.data, &path))
            })
            .map(|(kind, pattern, _)| format!("{kind:?} {pattern}"))
            .collect();
        assert!(missing.is_empty(), "no record withholds {missing:?}");
    }

    #[test]
    fn the_hint_lists_exactly_the_paths_withholding_accepts() {
        let records = example_records();
        // The hint as it was written by hand before the table: the same words, in order.
        let before = [
            (
                Kind::Goal,
                "project.name, project.code, funds.total, funds.fiscal, funds.other, objective, indicators.N.name, indicators.N.target, indicators.N.weight",
            ),
            (
                Kind::ExAnte,
                "project.name, project.code, requested, approved, conclusion, score, note",
            ),
            (
                Kind::Monitoring,
                "project.name, project.code, budget, executed, flag, deviation, measures",
            ),
            (
                Kind::SelfEvaluation,
                "project.name, project.code, budget.initial, budget.adjusted, budget.executed, objective.planned, objective.actual, score, grade, indicators.N.name, indicators.N.target, indicators.N.weight, indicators.N.actual, indicators.N.score, indicators.N.deviation",
            ),
            (
                Kind::Evaluation,
                "title, evaluator, funds, score, grade, findings, rectified, body, subject.project.name, subject.project.code",
            ),
        ];
        for (kind, hint) in before {
            assert_eq!(paths(kind), hint, "{kind:?}");
            let listed: Vec<&str> = hint.split(", ").collect();
            let rows = FIELDS.iter().filter(|(k, _, _)| *k == kind).count();
            assert_eq!(listed.len(), rows, "{kind:?}");
            for path in listed {
                assert!(
                    row(kind, &path.replace('N', "12")).is_some(),
                    "{kind:?} {path}"
                );
            }
            let r = records.iter().find(|r| r.kind == kind).expect("a record");
            for unknown in [
                "requestd",
                "indicators.0.name",
                "indicators.x.name",
                "indicators.1",
                "funds.total.x",
                "project",
            ] {
                let mut d = r.data.clone();
                assert!(
                    withhold(&mut d, unknown, Reason::Other).is_none(),
                    "{kind:?} {unknown}"
                );
            }
        }
        // A goal's indicators have no actual value, score or deviation to withhold.
        let goal = records.iter().find(|r| r.kind == Kind::Goal).unwrap();
        for path in [
            "indicators.1.actual",
            "indicators.1.score",
            "indicators.1.deviation",
        ] {
            let mut d = goal.data.clone();
            assert!(withhold(&mut d, path, Reason::Other).is_none(), "{path}");
        }
    }
}
