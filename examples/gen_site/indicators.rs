//! Indicator tables (5–9 三级指标) for goals and self-evaluations, and the score a
//! self-evaluation earns by 财预〔2020〕10号 as gongkai scores it, in millionths of a point
//! (integers only; quotients truncated, never rounded up).

use crate::records::q;
use crate::rng::Rng;
use crate::words::{QUALITATIVE, Topic};

/// Weights of k indicators, adding up to 90 (预算执行率 is worth the other 10).
fn weights(k: usize) -> &'static [u64] {
    match k {
        5 => &[30, 20, 10, 15, 15],
        6 => &[25, 15, 10, 10, 15, 15],
        7 => &[20, 15, 10, 10, 15, 10, 10],
        8 => &[20, 10, 10, 10, 10, 10, 10, 10],
        _ => &[15, 10, 10, 10, 10, 10, 10, 10, 5],
    }
}

/// How well a self-evaluated project went: 0 excellent, 1 good, 2 fair.
pub type Perf = u8;

/// `a / b` truncated to millionths, as an integer (how gongkai divides).
pub fn ratio6(a: u64, b: u64) -> u64 {
    a * 1_000_000 / b
}

struct Ind {
    level1: &'static str,
    level2: &'static str,
    name: String,
    op: &'static str,
    target: String,
    unit: &'static str,
}

fn template(i: usize, t: &Topic, target: u64, year: u32, rng: &mut Rng) -> Ind {
    let ind = |level1, level2, name: String, op, target: String, unit| Ind {
        level1,
        level2,
        name,
        op,
        target,
        unit,
    };
    match i {
        0 => ind(
            "产出指标",
            "数量",
            t.output.0.into(),
            "≥",
            target.to_string(),
            t.output.1,
        ),
        1 => ind(
            "产出指标",
            "质量",
            format!("{}验收合格率", t.name),
            "=",
            "100".into(),
            "%",
        ),
        2 => {
            let m = rng.range(9, 12);
            ind(
                "产出指标",
                "时效",
                "项目完成时限".into(),
                "定性",
                format!("{year}年{m}月底前"),
                "",
            )
        }
        3 => ind(
            "效益指标",
            "社会效益",
            t.benefit.into(),
            "定性",
            rng.pick(&QUALITATIVE).to_string(),
            "",
        ),
        4 => ind(
            "满意度指标",
            "服务对象满意度",
            format!("{}满意度", t.who),
            "≥",
            rng.range(85, 95).to_string(),
            "%",
        ),
        5 => ind(
            "成本指标",
            "经济成本",
            "项目成本控制率".into(),
            "≤",
            "100".into(),
            "%",
        ),
        6 => ind(
            "效益指标",
            "可持续影响",
            "长效管护机制".into(),
            "定性",
            "持续健全".into(),
            "",
        ),
        7 => ind(
            "产出指标",
            "数量",
            "覆盖乡镇（街道）数".into(),
            "≥",
            rng.range(2, 12).to_string(),
            "个",
        ),
        _ => ind(
            "效益指标",
            "经济效益",
            "带动就业人数".into(),
            "≥",
            rng.range(10, 500).to_string(),
            "人",
        ),
    }
}

/// The actual value, the score to state (qualitative only) and the score earned (millionths).
fn outcome(ind: &Ind, w: u64, perf: Perf, rng: &mut Rng) -> (String, Option<u64>, u64) {
    let full = w * 1_000_000;
    if ind.op == "定性" {
        let s = match perf {
            0 => w,
            1 => w - 1,
            _ => w * 6 / 10,
        };
        let actual = match (perf, ind.name.as_str()) {
            (2, "项目完成时限") => "延期完成".to_string(),
            (_, "项目完成时限") => "按期完成".to_string(),
            (2, _) => "部分实现".to_string(),
            _ => rng.pick(&QUALITATIVE).to_string(),
        };
        return (actual, Some(s), s * 1_000_000);
    }
    let t: u64 = ind.target.parse().unwrap_or(1);
    let actual = match (ind.op, perf) {
        ("=", _) => t,
        ("≤", _) => rng.range(90, 100),
        (_, 0) => t + rng.range(0, t / 10),
        (_, 1) => t,
        _ => (t * rng.range(60, 95) / 100).max(1),
    };
    let earned = if ind.op != "≥" || actual >= t {
        full
    } else {
        ratio6(w * actual, t)
    };
    (actual.to_string(), None, earned)
}

/// The indicators of a goal (`perf` None) or self-evaluation, as YAML list lines; the score
/// earned, and (quantifiable, total) counts.
pub fn table(
    rng: &mut Rng,
    t: &Topic,
    target: u64,
    year: u32,
    perf: Option<Perf>,
) -> (String, u64, (u64, u64)) {
    let k = rng.range(5, 9) as usize;
    let mut out = String::from("indicators:\n");
    let (mut earned, mut quant) = (0, 0);
    for (i, w) in weights(k).iter().enumerate() {
        let ind = template(i, t, target, year, rng);
        if ind.op != "定性" {
            quant += 1;
        }
        let unit = if ind.unit.is_empty() {
            String::new()
        } else {
            format!(", unit: {}", q(ind.unit))
        };
        out.push_str(&format!(
            "  - {{ level1: {}, level2: {}, name: {}, op: {}, target: {}{unit}, weight: {w}",
            ind.level1,
            ind.level2,
            q(&ind.name),
            q(ind.op),
            q(&ind.target)
        ));
        if let Some(perf) = perf {
            let (actual, score, e) = outcome(&ind, *w, perf, rng);
            earned += e;
            out.push_str(&format!(", actual: {}", q(&actual)));
            if let Some(s) = score {
                out.push_str(&format!(", score: {s}"));
            }
            if e < w * 1_000_000 {
                let dev = rng.pick(&crate::words::DEVIATION);
                out.push_str(&format!(", deviation: {}", q(dev)));
            }
        }
        out.push_str(" }\n");
    }
    (out, earned, (quant, k as u64))
}
