//! Generated records: a random record of one of the five kinds, its YAML with a random
//! disclosure (公开, 部分公开 over any subset of its withholdable fields, 不予公开, 不列示), and
//! what the test knows about it — each withheld value's truth under the attacker model's name,
//! the texts that must never be published, and the figures a summary states about it.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::super::model::CONCLUSIONS;
use super::super::rat::Rat;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Public,
    Partial,
    Stub,
    Excluded,
}

/// One indicator's draw: `≥` or `≤` by `ge`, except `=` where `weight` ≥ 80 (a fifth of them;
/// drawn from `weight` so the persisted seeds still draw the cases they drew).
#[derive(Clone, Debug)]
pub struct Ind {
    pub ge: bool,
    pub target: u32,
    pub weight: u32,
    pub actual: u32,
}

/// The random draw behind one record; `build` turns it into a record of its kind.
#[derive(Clone, Debug)]
pub struct Rec {
    pub kind: usize,
    /// Amounts in cents of 万元.
    pub a: [i128; 3],
    pub score: u32,
    pub cat: usize,
    pub findings: u32,
    pub rectified: u32,
    pub inds: Vec<Ind>,
    pub status: Status,
    pub mask: u32,
}

pub fn rec() -> impl Strategy<Value = Rec> {
    let ind = (any::<bool>(), 1..200u32, 0..100u32, 1..250u32).prop_map(
        |(ge, target, weight, actual)| Ind {
            ge,
            target,
            weight,
            actual,
        },
    );
    let status = prop_oneof![
        3 => Just(Status::Public),
        4 => Just(Status::Partial),
        2 => Just(Status::Stub),
        1 => Just(Status::Excluded),
    ];
    (
        0..5usize,
        [100..100_000i128, 100..100_000i128, 100..100_000i128],
        (400..1000u32, 0..24usize, 0..20u32, 0..20u32),
        proptest::collection::vec(ind, 1..=3),
        status,
        (any::<u32>(), any::<u32>()),
    )
        .prop_map(
            |(kind, a, (score, cat, findings, rectified), inds, status, m)| Rec {
                kind,
                a,
                score,
                cat,
                findings,
                rectified,
                inds,
                status,
                mask: m.0 & m.1,
            },
        )
}

/// A record as written, with what the test knows about it.
pub struct Built {
    pub dir: &'static str,
    pub id: String,
    pub yaml: String,
    pub status: Status,
    /// Withheld values: the attacker model's column name (`requested`, `indicators.2.actual`)
    /// and the truth.
    pub hidden: Vec<(String, Rat)>,
    /// Texts that must appear in no output byte and no build message.
    pub secrets: Vec<String>,
    /// The texts of the values it publishes (a secret equal to one of them is not checked).
    pub shown: Vec<String>,
    /// The record's figures a summary adds up (`requested`, `funds`, …) and its categories.
    pub nums: BTreeMap<&'static str, Rat>,
    pub cats: BTreeMap<&'static str, String>,
}

/// One withholdable field: its path, and the model column and truth when it is a number.
type Field = (String, Option<(String, Rat)>);

/// Amount text of `c` cents (never ending in 0, so it is printed as written).
fn fix(c: i128) -> i128 {
    if c % 10 == 0 { c + 1 } else { c }
}

pub fn money(c: i128) -> Rat {
    Rat::new(c, 100)
}

fn mtext(c: i128) -> String {
    money(c).round(2)
}

fn num(path: &str, col: &str, v: Rat) -> Field {
    (path.to_string(), Some((col.to_string(), v)))
}

fn cat(path: &str) -> Field {
    (path.to_string(), None)
}

pub fn grade_of(score: Rat) -> &'static str {
    ["优", "良", "中", "差"]
        .into_iter()
        .find(|g| {
            let lo = match *g {
                "优" => 90,
                "良" => 80,
                "中" => 60,
                _ => 0,
            };
            score >= Rat::int(lo)
        })
        .unwrap()
}

/// Weights summing to 90 (execution counts the other 10 points).
fn weights(inds: &[Ind]) -> Vec<u32> {
    match inds.len() {
        1 => vec![90],
        2 => {
            let w = 10 + inds[0].weight % 71;
            vec![w, 90 - w]
        }
        _ => {
            let (a, b) = (10 + inds[0].weight % 31, 10 + inds[1].weight % 31);
            vec![a, b, 90 - a - b]
        }
    }
}

pub fn build(r: &Rec, i: usize) -> Built {
    let id = format!("r{i}");
    let mut b = Built {
        dir: "",
        id: id.clone(),
        yaml: String::new(),
        status: r.status,
        hidden: Vec::new(),
        secrets: Vec::new(),
        shown: Vec::new(),
        nums: BTreeMap::new(),
        cats: BTreeMap::new(),
    };
    let fields = match r.kind {
        0 => ex_ante(r, &mut b),
        1 => goal(r, &mut b),
        2 => monitoring(r, &mut b),
        3 => self_evaluation(r, &mut b),
        _ => evaluation(r, &mut b),
    };
    disclose(r, &mut b, &fields);
    b
}

fn head(b: &Built, tail: &str) -> String {
    let id = &b.id;
    format!("id: {id}\n{tail}project: {{ name: 项目{id} }}\nunit: jtj\n")
}

fn ex_ante(r: &Rec, b: &mut Built) -> Vec<Field> {
    b.dir = "ex-ante";
    let req = fix(r.a[0]);
    let app = fix((r.a[1] % req).max(101)).min(req);
    let conclusion = CONCLUSIONS[r.cat % 3];
    b.yaml = head(b, "");
    b.yaml += &format!(
        "requested: \"{}万元\"\napproved: \"{}万元\"\nconclusion: {conclusion}\n",
        mtext(req),
        mtext(app)
    );
    let mut f = vec![
        num("requested", "requested", money(req)),
        num("approved", "approved", money(app)),
        cat("conclusion"),
    ];
    if !r.score.is_multiple_of(3) {
        let s = r.score / 10;
        b.yaml += &format!("score: {s}\n");
        f.push(num("score", "score", Rat::int(s.into())));
    }
    b.nums.insert("requested", money(req));
    b.nums.insert("approved", money(app));
    b.nums.insert("cut", money(req - app));
    b.cats.insert("conclusion", conclusion.into());
    f
}

fn goal(r: &Rec, b: &mut Built) -> Vec<Field> {
    b.dir = "goals";
    let (fiscal, other) = (fix(r.a[0]), fix(r.a[1] % 5000 + 100));
    let split = r.a[2] % 3 != 0;
    let total = if split { fiscal + other } else { fiscal };
    b.yaml = head(b, "scope: project\n");
    let mut f = vec![num("funds.total", "funds_total", money(total))];
    if split {
        b.yaml += &format!(
            "funds: {{ total: \"{}万元\", fiscal: \"{}万元\", other: \"{}万元\" }}\n",
            mtext(total),
            mtext(fiscal),
            mtext(other)
        );
        f.push(num("funds.fiscal", "funds_fiscal", money(fiscal)));
        f.push(num("funds.other", "funds_other", money(other)));
    } else {
        b.yaml += &format!("funds: {{ total: \"{}万元\" }}\n", mtext(total));
    }
    b.yaml += "indicators:\n";
    for (n, (ind, w)) in r.inds.iter().zip(weights(&r.inds)).enumerate() {
        let op = if ind.ge { "≥" } else { "≤" };
        b.yaml += &format!(
            "  - {{ level1: 产出指标, level2: 数量, name: 指标{n}, op: \"{op}\", target: {}, unit: 个, weight: {w} }}\n",
            ind.target
        );
        f.push(cat(&format!("indicators.{}.target", n + 1)));
        f.push(cat(&format!("indicators.{}.weight", n + 1)));
    }
    b.nums.insert("funds", money(total));
    f
}

fn monitoring(r: &Rec, b: &mut Built) -> Vec<Field> {
    b.dir = "monitoring";
    let budget = fix(r.a[0]);
    let exec = fix((r.a[1] % budget).max(101)).min(budget);
    let node = ["2024-05", "2024-09"][r.cat % 2];
    let flag = ["正常", "黄标", "红标"][(r.cat / 2) % 3];
    b.yaml = head(b, &format!("node: {node}\nscope: project\n"));
    b.yaml += &format!(
        "budget: \"{}万元\"\nexecuted: \"{}万元\"\nflag: {flag}\n",
        mtext(budget),
        mtext(exec)
    );
    b.nums.insert("budget", money(budget));
    b.nums.insert("executed", money(exec));
    b.cats.insert("node", node.into());
    b.cats.insert("flag", flag.into());
    vec![
        num("budget", "budget", money(budget)),
        num("executed", "executed", money(exec)),
        cat("flag"),
    ]
}

fn self_evaluation(r: &Rec, b: &mut Built) -> Vec<Field> {
    b.dir = "self-evaluations";
    let initial = fix(r.a[0]);
    let adjusted = if r.cat.is_multiple_of(2) {
        fix(r.a[1])
    } else {
        initial
    };
    let exec = fix((r.a[2] % adjusted).max(101)).min(adjusted);
    b.yaml = head(b, "scope: project\n");
    b.yaml += &format!(
        "budget: {{ initial: \"{}万元\", adjusted: \"{}万元\", executed: \"{}万元\" }}\nindicators:\n",
        mtext(initial),
        mtext(adjusted),
        mtext(exec)
    );
    let mut f = vec![
        num("budget.initial", "budget_initial", money(initial)),
        num("budget.adjusted", "budget_adjusted", money(adjusted)),
        num("budget.executed", "budget_executed", money(exec)),
    ];
    let points = Rat::new(exec, adjusted).min(Rat::ONE) * Rat::int(10);
    let total = points + indicators(r, b, &mut f);
    // 财预〔2020〕10号: the total is stated truncated, and graded unrounded (89.996 is 89.99, 良).
    if !r.score.is_multiple_of(3) {
        let text = total.trunc(1 + r.score % 2);
        b.yaml += &format!("score: {text}\n");
        f.push(num("score", "score", Rat::parse(&text).unwrap().0));
    }
    let grade = grade_of(total);
    b.yaml += &format!("grade: {grade}\n");
    f.push(cat("grade"));
    b.nums.insert("funds", money(adjusted));
    b.cats.insert("grade", grade.into());
    f
}

/// A self-evaluation's indicators, written to `b.yaml` and listed in `f`: their score sum.
fn indicators(r: &Rec, b: &mut Built, f: &mut Vec<Field>) -> Rat {
    let mut total = Rat::ZERO;
    for (n, (ind, w)) in r.inds.iter().zip(weights(&r.inds)).enumerate() {
        let eq = ind.weight >= 80;
        let op = match (eq, ind.ge) {
            (true, _) => "=",
            (false, true) => "≥",
            (false, false) => "≤",
        };
        let (t, a) = (ind.target, ind.actual);
        // 10号: 正向 min(a/t, 1)·w, 反向 min(t/a, 1)·w; = (1 − |a − t|/t)·w, at least 0.
        let ratio = if eq {
            let off = Rat::int(i128::from(a.abs_diff(t)));
            let r = Rat::ONE - off / Rat::int(t.into());
            if r.is_neg() { Rat::ZERO } else { r }
        } else if ind.ge {
            Rat::new(a.into(), t.into())
        } else {
            Rat::new(t.into(), a.into())
        };
        let s = ratio.min(Rat::ONE) * Rat::int(w.into());
        total = total + s;
        b.yaml += &format!(
            "  - {{ level1: 产出指标, level2: 数量, name: 指标{n}, op: \"{op}\", target: {t}, unit: 个, weight: {w}, actual: {a} }}\n"
        );
        let p = format!("indicators.{}", n + 1);
        f.push(cat(&format!("{p}.target")));
        f.push(cat(&format!("{p}.weight")));
        f.push(num(
            &format!("{p}.actual"),
            &format!("{p}.actual"),
            Rat::int(a.into()),
        ));
        f.push(num(&format!("{p}.score"), &format!("{p}.score"), s));
    }
    total
}

fn evaluation(r: &Rec, b: &mut Built) -> Vec<Field> {
    b.dir = "evaluations";
    let funds = fix(r.a[0]);
    let ty = ["部门评价", "财政重点评价", "专项债券评价"][r.cat % 3];
    let score = Rat::new(r.score.into(), 10);
    let (findings, rectified) = (r.findings, r.rectified % (r.findings + 1));
    let grade = grade_of(score);
    let id = &b.id;
    b.yaml = format!(
        "id: {id}\ntype: {ty}\ntitle: 报告{id}\nsubject: {{ project: {{ name: 项目{id} }} }}\nunit: jtj\n"
    );
    b.yaml += &format!(
        "funds: \"{}万元\"\nscore: {}\ngrade: {grade}\nfindings: {findings}\nrectified: {rectified}\n",
        mtext(funds),
        score.round(1)
    );
    b.nums.insert("funds", money(funds));
    b.nums.insert("score", score);
    b.nums.insert("findings", Rat::int(findings.into()));
    b.nums.insert("rectified", Rat::int(rectified.into()));
    b.cats.insert("type", ty.into());
    b.cats.insert("grade", grade.into());
    vec![
        num("funds", "funds", money(funds)),
        num("score", "score", score),
        cat("grade"),
        num("findings", "findings", Rat::int(findings.into())),
        num("rectified", "rectified", Rat::int(rectified.into())),
    ]
}

/// Appends the disclosure and records what it withholds.
fn disclose(r: &Rec, b: &mut Built, fields: &[Field]) {
    let chosen: Vec<&Field> = match r.status {
        Status::Public => Vec::new(),
        Status::Partial => {
            let mut c: Vec<&Field> = fields
                .iter()
                .enumerate()
                .filter(|(i, _)| r.mask >> (i % 32) & 1 == 1)
                .map(|(_, f)| f)
                .collect();
            if c.is_empty() {
                c.push(&fields[r.mask as usize % fields.len()]);
            }
            let paths: Vec<&str> = c.iter().map(|f| f.0.as_str()).collect();
            b.yaml += &format!(
                "disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [{}] }}\n",
                paths.join(", ")
            );
            c
        }
        Status::Stub => {
            b.yaml += &format!(
                "disclosure: {{ status: 不予公开, reason: 国家秘密, public_title: 标题{} }}\n",
                b.id
            );
            fields.iter().collect()
        }
        Status::Excluded => {
            b.yaml += "disclosure: { status: 不列示, reason: 国家秘密 }\n";
            fields.iter().collect()
        }
    };
    for (path, v) in fields {
        if let Some((_, v)) = v
            && !chosen.iter().any(|c| c.0 == *path)
        {
            b.shown.push(v.round(2));
        }
    }
    for (path, v) in chosen {
        let Some((col, truth)) = v else { continue };
        b.hidden.push((col.clone(), *truth));
        let text = truth.round(2);
        let amount = matches!(
            path.as_str(),
            "requested" | "approved" | "budget" | "executed"
        ) || path.starts_with("funds")
            || path.starts_with("budget.");
        if amount && text.len() >= 6 {
            b.secrets.push(text);
        }
    }
    derived(b);
    if matches!(r.status, Status::Stub | Status::Excluded) {
        b.secrets.push(format!("项目{}", b.id));
        b.secrets.push(format!("报告{}", b.id));
    }
}

/// A record's 核减 is hidden with either of the amounts it comes from.
fn derived(b: &mut Built) {
    let cut = b.nums.get("cut").copied();
    if let Some(cut) = cut
        && b.hidden
            .iter()
            .any(|(c, _)| c == "requested" || c == "approved")
    {
        b.hidden.push(("cut".into(), cut));
    }
}
