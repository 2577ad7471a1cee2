//! Records of each kind as YAML (and Markdown reports), in the layout of docs/format.md, each adding
//! what it states to the year's tally unless it is 不列示.

use crate::indicators::{self, Perf, ratio6};
use crate::rng::Rng;
use crate::words::*;
use crate::year::{Project, Year};

/// A record's disclosure, with its reason.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Disc {
    Public,
    Partial(&'static str),
    Withheld(&'static str),
    Excluded(&'static str),
}

impl Disc {
    fn listed(self) -> bool {
        !matches!(self, Disc::Excluded(_))
    }
}

/// A double-quoted YAML string.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Hundreds of yuan as 万元 with two decimals.
pub fn wan(h: u64) -> String {
    format!("{}.{:02}万元", h / 100, h % 100)
}

fn percent_of(part: u64, whole: u64) -> u64 {
    part * 1000 / whole.max(1)
}

fn firm(rng: &mut Rng) -> String {
    format!("新疆{}{}", rng.pick(&FIRM_A), rng.pick(&FIRM_B))
}

/// An inline withheld phrase naming a supplier.
fn supplier(rng: &mut Rng) -> String {
    let n = rng.range(1, 99);
    format!(
        "[新疆{}{}有限公司第{n}分公司]{{redact 商业秘密}}",
        rng.pick(&FIRM_A),
        rng.pick(&SUPPLIER)
    )
}

/// The `disclosure:` block, or nothing for a public record. `fields` are used when partial.
fn disclosure(y: &mut Year, d: Disc, kind_zh: &'static str, fields: &[&str]) -> String {
    match d {
        Disc::Public => String::new(),
        Disc::Excluded(r) => format!("disclosure: {{ status: 不列示, reason: {r} }}\n"),
        Disc::Partial(r) => format!(
            "disclosure:\n  status: 部分公开\n  reason: {r}\n  note: {}\n  fields: [{}]\n",
            q(&format!("部分内容涉及{r}，依法不予公开，其余内容公开。")),
            fields.join(", ")
        ),
        Disc::Withheld(r) => {
            y.tally.withheld.insert(kind_zh);
            let mut s = format!(
                "disclosure:\n  status: 不予公开\n  reason: {r}\n  note: {}\n",
                q(&format!("涉及{r}，依法不予公开。"))
            );
            if y.rng.chance(500) {
                s.push_str(&format!(
                    "  public_title: {}\n",
                    q(&format!("{kind_zh}（不予公开）"))
                ));
            }
            s
        }
    }
}

fn project_line(p: &Project) -> String {
    format!(
        "project: {{ code: {}, name: {} }}\n",
        q(&p.code),
        q(&p.name)
    )
}

fn objective(y: &mut Year, t: &Topic, target: u64) -> String {
    let tail = y.rng.pick(&OBJECTIVE_TAIL);
    let mut s = format!(
        "{}年完成{}{}{}，{}{}，{}",
        y.year,
        t.output.0,
        target,
        t.output.1,
        t.benefit,
        y.rng.pick(&QUALITATIVE),
        tail
    );
    if y.redact() {
        s.push_str(&format!("项目由{}承建。", supplier(&mut y.rng)));
    }
    s
}

/// 绩效目标: a project's, or a unit's (部门整体) when `p` is None.
pub fn goal(y: &mut Year, p: Option<&Project>, unit: Option<&'static str>, d: Disc) {
    let (id, unit, total, topic, target) = match p {
        Some(p) => (p.id.clone(), p.unit, p.funds, p.topic, p.target),
        None => {
            let total = y.rng.amount(300, 30000);
            let unit = unit.unwrap_or("czj");
            let target = y.rng.range(5, 40);
            (format!("{unit}-overall"), unit, total, &UNIT_TOPIC, target)
        }
    };
    let split = y.rng.next() % 10;
    let other = if split < 6 {
        total * y.rng.range(0, 30) / 100
    } else {
        0
    };
    let funds = match split {
        0..6 => format!(
            "{{ total: {}, fiscal: {}, other: {} }}",
            q(&wan(total)),
            q(&wan(total - other)),
            q(&wan(other))
        ),
        6 => format!(
            "{{ total: {}, fiscal: {} }}",
            q(&wan(total)),
            q(&wan(total))
        ),
        _ => format!("{{ total: {} }}", q(&wan(total))),
    };
    let fields: &[&str] = match (y.rng.next() % 3, p.is_some(), split) {
        (0, true, _) => &["project.code"],
        // Not the total: the project's self-evaluation publishes the same amount. The split
        // is withheld only where each part leaves the other room (both at least 10% of the
        // total), else the public total pins the larger part near its end.
        (1, _, 0..6) if other * 10 >= total && other * 10 <= total * 9 => {
            &["funds.fiscal", "funds.other"]
        }
        _ => &["objective"],
    };
    let mut s = format!("id: {id}\n");
    s.push_str(&disclosure(y, d, "绩效目标", fields));
    match p {
        Some(p) => s.push_str(&format!("scope: project\n{}", project_line(p))),
        None => s.push_str("scope: unit\n"),
    }
    s.push_str(&format!("unit: {unit}\nfunds: {funds}\n"));
    let obj = objective(y, topic, target);
    if matches!(d, Disc::Partial(_)) && fields == ["objective"] {
        y.withheld_objectives.insert(obj.clone());
    }
    s.push_str(&format!("objective: {}\n", q(&obj)));
    let (table, _, (quant, k)) = indicators::table(&mut y.rng, topic, target, y.year, None);
    s.push_str(&table);
    if d.listed() {
        let t = &mut y.tally;
        if p.is_some() {
            t.goals.0 += 1;
            t.goals.1 += total;
        } else {
            t.unit_goals.0 += 1;
            t.unit_goals.1 += total;
        }
        t.goal_quant.0 += quant;
        t.goal_quant.1 += k;
    }
    y.push("goals", id, s, false);
}

fn grade(hundredths: u64) -> (u8, &'static str) {
    match hundredths {
        9000.. => (0, "优"),
        8000..9000 => (1, "良"),
        6000..8000 => (2, "中"),
        _ => (3, "差"),
    }
}

/// 绩效自评 of a project, with a score computed as gongkai scores it (财预〔2020〕10号).
pub fn self_evaluation(y: &mut Year, p: &Project, d: Disc) {
    let perf: Perf = match y.rng.next() % 10 {
        0..6 => 0,
        6..9 => 1,
        _ => 2,
    };
    let adjusted = p.funds;
    // Below the adjusted budget: equal, a withheld 年初预算数 would stand published as the
    // goal's 资金总额 (E045).
    let initial = adjusted * y.rng.range(85, 99) / 100;
    let rate = match perf {
        0 => y.rng.range(960, 1000),
        1 => y.rng.range(900, 990),
        _ => y.rng.range(650, 880),
    };
    let executed = adjusted * rate / 1000;
    let fields: &[&str] = if y.rng.chance(500) {
        &["objective.actual"]
    } else {
        &["budget.initial"]
    };
    let mut s = format!("id: {}\n", p.id);
    s.push_str(&disclosure(y, d, "绩效自评", fields));
    s.push_str(&format!(
        "scope: project\n{}unit: {}\n",
        project_line(p),
        p.unit
    ));
    s.push_str(&format!(
        "budget: {{ initial: {}, adjusted: {}, executed: {} }}\n",
        q(&wan(initial)),
        q(&wan(adjusted)),
        q(&wan(executed))
    ));
    // Drawn from the same words as the goal's objective: where they came out the same as one
    // the goal withholds, draw again (a published copy would give it away, E045).
    let mut planned = objective(y, p.topic, p.target);
    while y.withheld_objectives.contains(&planned) {
        planned = objective(y, p.topic, p.target);
    }
    let actual = match perf {
        2 => format!("部分完成年度目标，{}。", y.rng.pick(&DEVIATION)),
        _ => format!(
            "全面完成年度目标，{}{}。",
            p.topic.benefit,
            y.rng.pick(&QUALITATIVE)
        ),
    };
    s.push_str(&format!(
        "objective:\n  planned: {}\n  actual: {}\n",
        q(&planned),
        q(&actual)
    ));
    let (table, earned, _) = indicators::table(&mut y.rng, p.topic, p.target, y.year, Some(perf));
    s.push_str(&table);
    let total = ratio6(executed, adjusted).min(1_000_000) * 10 + earned;
    // shown truncated, as gongkai shows a total (10号: 89.995 is 89.99, 良)
    let hundredths = total / 10_000;
    let (g, gz) = grade(hundredths);
    s.push_str(&format!(
        "score: {}.{:02}\ngrade: {gz}\n",
        hundredths / 100,
        hundredths % 100
    ));
    if d.listed() {
        y.tally.self_evals.0 += 1;
        y.tally.self_evals.1 += adjusted;
        *y.tally.grades.entry(g).or_default() += 1;
    }
    y.push("self-evaluations", p.id.clone(), s, false);
}

/// Execution at the two monitoring nodes of a project, the same for both calls.
fn node_rates(p: &Project) -> (u64, u64) {
    let mut r = Rng::derive(p.code.parse().unwrap_or(0), 7, 11);
    let a = r.range(150, 450);
    (a, a + r.range(150, 400))
}

/// 绩效监控 of a project at the year's first (May) or second (July) node.
pub fn monitoring(y: &mut Year, p: &Project, second: bool, d: Disc) {
    let (a, b) = node_rates(p);
    let yellow_a = a < 250;
    let (rate, flag) = if second {
        let flag = match (b < 500, yellow_a) {
            (false, _) => "正常",
            (true, true) => "红标",
            (true, false) => "黄标",
        };
        (b, flag)
    } else {
        (a, if yellow_a { "黄标" } else { "正常" })
    };
    let node = format!("{}-{}", y.year, if second { "07" } else { "05" });
    let id = format!("{}-{node}", p.id);
    let executed = p.funds * rate / 1000;
    let flagged = flag != "正常";
    // Not the texts: the project's other node publishes the same generated words (E045).
    let fields: &[&str] = &["executed"];
    let mut s = format!("id: {id}\n");
    s.push_str(&disclosure(y, d, "绩效监控", fields));
    s.push_str(&format!(
        "node: {}\nscope: project\n{}unit: {}\n",
        q(&node),
        project_line(p),
        p.unit
    ));
    s.push_str(&format!(
        "budget: {}\nexecuted: {}\nflag: {flag}\n",
        q(&wan(p.funds)),
        q(&wan(executed))
    ));
    if flagged {
        let mut measures = y.rng.pick(&MEASURES).to_string();
        if y.redact() {
            measures.push_str(&format!("，由{}负责落实", supplier(&mut y.rng)));
        }
        let deviation = *y.rng.pick(&DEVIATION);
        s.push_str(&format!(
            "deviation: {}\nmeasures: {}\n",
            q(deviation),
            q(&measures)
        ));
    }
    if d.listed() {
        let n = y.tally.nodes.entry(node).or_default();
        n.count += 1;
        n.budget += p.funds;
        n.executed += executed;
        n.yellow += u64::from(flag == "黄标");
        n.red += u64::from(flag == "红标");
    }
    y.push("monitoring", id, s, false);
}

/// 事前绩效评估 of a new project.
pub fn ex_ante(y: &mut Year, p: &Project, d: Disc) {
    let requested = p.funds * y.rng.range(100, 140) / 100;
    let (conclusion, approved, score) = match y.rng.next() % 20 {
        0..14 => ("支持", requested, y.rng.range(80, 95)),
        14..19 => (
            "部分支持",
            requested * y.rng.range(50, 95) / 100,
            y.rng.range(65, 85),
        ),
        _ => ("不支持", 0, y.rng.range(40, 59)),
    };
    let note = y.rng.chance(300).then(|| {
        format!(
            "经评估，项目{}，建议{}。",
            y.rng.pick(&FINDINGS),
            y.rng.pick(&MEASURES)
        )
    });
    // A withheld approved amount with the requested one public is bounded by it (and by 0):
    // where it sits at either end (支持 in full, 不支持) the score is withheld instead.
    let fields: &[&str] = match (y.rng.next() % 3, &note) {
        (0, Some(_)) => &["note"],
        (1, _) => &["score"],
        _ if approved == requested || approved == 0 => &["score"],
        _ => &["approved"],
    };
    let mut s = format!("id: {}\n", p.id);
    s.push_str(&disclosure(y, d, "事前绩效评估", fields));
    s.push_str(&format!("{}unit: {}\n", project_line(p), p.unit));
    s.push_str(&format!(
        "requested: {}\napproved: {}\nconclusion: {conclusion}\nscore: {score}\n",
        q(&wan(requested)),
        q(&wan(approved))
    ));
    if let Some(n) = note {
        s.push_str(&format!("note: {}\n", q(&n)));
    }
    if d.listed() {
        let t = &mut y.tally;
        t.ex_ante.0 += 1;
        t.ex_ante.1 += requested;
        t.ex_ante.2 += approved;
        *t.conclusions.entry(conclusion).or_default() += 1;
    }
    y.push("ex-ante", p.id.clone(), s, false);
}

fn eval_type(rng: &mut Rng) -> &'static str {
    let mut roll = rng.next() % 100;
    for (t, w) in EVAL_TYPES {
        if roll < w {
            return t;
        }
        roll -= w;
    }
    EVAL_TYPES[0].0
}

/// An evaluation (部门评价, 财政重点评价, …) of a project, a unit or a lower-level body.
pub fn evaluation(y: &mut Year, p: &Project, i: usize, d: Disc) {
    let kind = match eval_type(&mut y.rng) {
        "下级政府财政运行评价" if y.other_regions.is_empty() => "财政重点评价",
        k => k,
    };
    let id = format!("{}-eval", p.id);
    let unit_name = format!("{}{}", y.region_name(), unit_zh(p.unit));
    let (title, subject) = match kind {
        "部门整体评价" => (
            format!("{unit_name}{}年度部门整体支出绩效评价报告", y.year),
            format!("{{ unit: {} }}", p.unit),
        ),
        "下级政府财政运行评价" => {
            let r = y.other_regions[i % y.other_regions.len()];
            let name = REGIONS.iter().find(|x| x.0 == r).map_or(r, |x| x.1);
            (
                format!("{name}{}年度财政运行综合绩效评价报告", y.year),
                format!("{{ region: {r} }}"),
            )
        }
        _ => (
            format!("{}{}年度绩效评价报告", p.name, y.year),
            format!(
                "{{ project: {{ code: {}, name: {} }} }}",
                q(&p.code),
                q(&p.name)
            ),
        ),
    };
    let evaluator = (kind != "部门评价" || y.rng.chance(300)).then(|| firm(&mut y.rng));
    // A 不予公开 report's score lies inside its grade's band with the protection margin (10%)
    // around it: a reader who learned the grade would otherwise learn the score, and the
    // disclosure gate stops the build (E044).
    let tenths = match d {
        Disc::Withheld(_) => *y.rng.pick(&[648, 700, 760, 848, 852, 949]),
        _ => y.rng.range(650, 980),
    };
    let grade = grade(tenths * 10).1;
    let findings = y.rng.range(2, 12);
    let rectified = y.rng.range(0, findings);
    let fields: &[&str] = if evaluator.is_some() {
        &["evaluator"]
    } else {
        &["findings", "rectified"]
    };
    let md = y.markdown();
    let mut s = if md {
        String::from("---\n")
    } else {
        String::new()
    };
    s.push_str(&format!("id: {id}\n"));
    s.push_str(&disclosure(y, d, "绩效评价报告", fields));
    s.push_str(&format!(
        "type: {kind}\ntitle: {}\nsubject: {subject}\n",
        q(&title)
    ));
    if subject.contains("project") {
        s.push_str(&format!("unit: {}\n", p.unit));
    }
    if let Some(e) = &evaluator {
        s.push_str(&format!("evaluator: {}\n", q(e)));
    }
    s.push_str(&format!(
        "funds: {}\nscore: {}.{}\ngrade: {grade}\n",
        q(&wan(p.funds)),
        tenths / 10,
        tenths % 10
    ));
    let m = y.rng.range(3, 9);
    s.push_str(&format!(
        "findings: {findings}\nrectified: {rectified}\npublished_on: {}-{m:02}-{:02}\n",
        y.year + 1,
        y.rng.range(1, 28)
    ));
    if md {
        s.push_str("---\n");
        s.push_str(&report(
            y, p, &unit_name, tenths, grade, findings, rectified,
        ));
    }
    if d.listed() {
        let e = y.tally.evals.entry(kind).or_default();
        e.count += 1;
        e.funds += p.funds;
        e.withheld += u64::from(matches!(d, Disc::Withheld(_)));
        e.findings += findings;
        e.rectified += rectified;
    }
    y.push("evaluations", id, s, md);
}

fn unit_zh(id: &str) -> &'static str {
    UNITS.iter().find(|u| u.0 == id).map_or("财政局", |u| u.1)
}

/// The body of a Markdown evaluation report: headings, a score table, findings.
fn report(
    y: &mut Year,
    p: &Project,
    unit: &str,
    tenths: u64,
    grade: &str,
    findings: u64,
    rectified: u64,
) -> String {
    let mut s = String::from(
        "> 本报告为基准测试生成的示例文本，所列情况和数字均为虚构。\n\n## 一、基本情况\n\n",
    );
    s.push_str(&format!(
        "{}由{unit}组织实施，{}年度预算{}，主要用于{}。项目实施后，{}{}。\n\n",
        p.name,
        y.year,
        wan(p.funds),
        p.topic.output.0,
        p.topic.benefit,
        y.rng.pick(&QUALITATIVE)
    ));
    if y.redact() {
        s.push_str("::: redact 敏感信息\n");
        s.push_str(&format!(
            "项目涉及的{}名困难群众个人信息及补助明细另行报送，不予公开。\n",
            y.rng.range(10, 900)
        ));
        s.push_str(":::\n\n");
    }
    s.push_str(&format!(
        "## 二、评价结论\n\n评价组按照决策、过程、产出、效益四个维度设置指标体系，综合评分{}.{}分，等级为“{grade}”。\n\n| 维度 | 分值 | 得分 |\n|---|---:|---:|\n",
        tenths / 10,
        tenths % 10
    ));
    let mut left = tenths;
    for (n, (aspect, w)) in REPORT_ASPECTS.iter().enumerate() {
        let part = if n + 1 == REPORT_ASPECTS.len() {
            left
        } else {
            tenths * w / 100
        };
        left -= part;
        s.push_str(&format!(
            "| {aspect} | {w} | {}.{} |\n",
            part / 10,
            part % 10
        ));
    }
    s.push_str("\n## 三、主要问题\n\n");
    for _ in 0..findings.min(5) {
        s.push_str(&format!("- {}；\n", y.rng.pick(&FINDINGS)));
    }
    let pct = percent_of(rectified, findings);
    s.push_str(&format!(
        "\n## 四、整改情况\n\n评价发现问题{findings}条，已整改{rectified}条（{}.{}%），其余问题{}。\n",
        pct / 10,
        pct % 10,
        y.rng.pick(&MEASURES)
    ));
    s
}
