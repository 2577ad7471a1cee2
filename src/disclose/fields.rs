//! 部分公开: withholding the fields a disclosure lists, by path (`evaluator`,
//! `indicators.3.actual`, `funds.total`). A withheld field becomes `Pub::Withheld(reason)`: the
//! value is moved out of the record into the secrets, not hidden. No I/O here.

use crate::model::*;

/// Field paths each kind accepts (N is an indicator's number, counted from 1).
pub fn paths(kind: Kind) -> &'static str {
    match kind {
        Kind::Goal => {
            "project.name, project.code, funds.total, funds.fiscal, funds.other, objective, indicators.N.name, indicators.N.target, indicators.N.weight"
        }
        Kind::ExAnte => "project.name, project.code, requested, approved, conclusion, score, note",
        Kind::Monitoring => {
            "project.name, project.code, budget, executed, flag, deviation, measures"
        }
        Kind::SelfEvaluation => {
            "project.name, project.code, budget.initial, budget.adjusted, budget.executed, objective.planned, objective.actual, score, grade, indicators.N.name, indicators.N.target, indicators.N.weight, indicators.N.actual, indicators.N.score, indicators.N.deviation"
        }
        Kind::Evaluation => {
            "title, evaluator, funds, score, grade, findings, rectified, body, subject.project.name, subject.project.code"
        }
    }
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

/// Withhold the field at `path`; `None` when the kind has no such field.
pub fn withhold(data: &mut RecordData, path: &str, reason: Reason) -> Option<Vec<String>> {
    let parts: Vec<&str> = path.split('.').collect();
    let r = reason;
    match (data, parts.as_slice()) {
        (RecordData::Goal(g), ["project", rest @ ..]) => project(g.project.as_mut(), rest, r),
        (RecordData::Goal(g), ["funds", "total"]) => Some(g.total.seal(r)),
        (RecordData::Goal(g), ["funds", "fiscal"]) => Some(g.fiscal.seal(r)),
        (RecordData::Goal(g), ["funds", "other"]) => Some(g.other.seal(r)),
        (RecordData::Goal(g), ["objective"]) => Some(g.objective.seal(r)),
        (RecordData::Goal(g), ["indicators", n, field]) => {
            indicator(&mut g.indicators, n, field, r)
        }
        (RecordData::ExAnte(e), ["project", rest @ ..]) => project(Some(&mut e.project), rest, r),
        (RecordData::ExAnte(e), ["requested"]) => Some(e.requested.seal(r)),
        (RecordData::ExAnte(e), ["approved"]) => Some(e.approved.seal(r)),
        (RecordData::ExAnte(e), ["conclusion"]) => Some(e.conclusion.seal(r)),
        (RecordData::ExAnte(e), ["score"]) => Some(e.score.seal(r)),
        (RecordData::ExAnte(e), ["note"]) => Some(e.note.seal(r)),
        (RecordData::Monitoring(m), ["project", rest @ ..]) => project(m.project.as_mut(), rest, r),
        (RecordData::Monitoring(m), ["budget"]) => Some(m.budget.seal(r)),
        (RecordData::Monitoring(m), ["executed"]) => Some(m.executed.seal(r)),
        (RecordData::Monitoring(m), ["flag"]) => Some(m.flag.seal(r)),
        (RecordData::Monitoring(m), ["deviation"]) => Some(m.deviation.seal(r)),
        (RecordData::Monitoring(m), ["measures"]) => Some(m.measures.seal(r)),
        (RecordData::SelfEvaluation(s), rest) => self_evaluation(s, rest, r),
        (RecordData::Evaluation(e), rest) => evaluation(e, rest, r),
        _ => None,
    }
}

fn project(p: Option<&mut Project>, rest: &[&str], r: Reason) -> Option<Vec<String>> {
    let p = p?;
    match rest {
        ["name"] => Some(p.name.seal(r)),
        ["code"] => Some(p.code.seal(r)),
        _ => None,
    }
}

fn indicator(list: &mut [Indicator], n: &str, field: &str, r: Reason) -> Option<Vec<String>> {
    let n: usize = n.parse().ok()?;
    let i = list.get_mut(n.checked_sub(1)?)?;
    Some(match field {
        "name" => i.name.seal(r),
        "target" => i.target.seal(r),
        "weight" => i.weight.seal(r),
        "actual" => i.actual.seal(r),
        "score" => seal_computed(&mut i.score, r),
        "deviation" => i.deviation.seal(r),
        _ => return None,
    })
}

fn self_evaluation(s: &mut SelfEvaluation, parts: &[&str], r: Reason) -> Option<Vec<String>> {
    Some(match parts {
        ["project", rest @ ..] => return project(s.project.as_mut(), rest, r),
        ["budget", "initial"] => s.initial.seal(r),
        ["budget", "adjusted"] => s.adjusted.seal(r),
        ["budget", "executed"] => s.executed.seal(r),
        ["objective", "planned"] => s.planned.seal(r),
        ["objective", "actual"] => s.achieved.seal(r),
        ["score"] => seal_computed(&mut s.score, r),
        ["grade"] => seal_computed(&mut s.grade, r),
        ["indicators", n, field] => return indicator(&mut s.indicators, n, field, r),
        _ => return None,
    })
}

fn evaluation(e: &mut Evaluation, parts: &[&str], r: Reason) -> Option<Vec<String>> {
    Some(match parts {
        ["title"] => e.title.seal(r),
        ["evaluator"] => e.evaluator.seal(r),
        ["funds"] => e.funds.seal(r),
        ["score"] => e.score.seal(r),
        ["grade"] => e.grade.seal(r),
        ["findings"] => e.findings.seal(r),
        ["rectified"] => e.rectified.seal(r),
        ["body"] => e.body.seal(r),
        ["subject", "project", rest @ ..] => match &mut e.subject {
            Subject::Project(p) => return project(Some(p), rest, r),
            _ => return None,
        },
        _ => return None,
    })
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
        let mut list = vec![ind];
        assert_eq!(list[0].target_num(), Decimal::parse("86").ok());
        assert_eq!(list[0].actual_num(), Decimal::parse("88").ok());
        indicator(&mut list, "1", "target", Reason::Commercial).unwrap();
        indicator(&mut list, "1", "actual", Reason::Commercial).unwrap();
        assert_eq!((list[0].target_num(), list[0].actual_num()), (None, None));
    }
}
