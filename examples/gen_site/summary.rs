//! summary.yaml and the narrative `_index.md` of a year, from the tally of its records, so that
//! the figures a body states reconcile with what gongkai computes.

use crate::records::wan;
use crate::year::Tally;

/// `part / whole` as a percentage with two decimals, rounded half up.
fn rate(part: u64, whole: u64) -> String {
    let n = part * 10_000;
    let (q, r) = (n / whole, n % whole);
    let q = if 2 * r >= whole { q + 1 } else { q };
    format!("\"{}.{:02}%\"", q / 100, q % 100)
}

fn money(h: u64) -> String {
    format!("\"{}\"", wan(h))
}

const GRADES: [&str; 4] = ["优", "良", "中", "差"];

pub fn summary(t: &Tally, region: &str, year: u32) -> String {
    let mut s = format!("# {region}{year}年预算绩效管理工作情况所载数字（基准测试生成）。\n");
    let (n, req, app) = t.ex_ante;
    if n > 0 {
        s.push_str(&format!(
            "ex_ante:\n  count: {n}\n  requested: {}\n  approved: {}\n",
            money(req),
            money(app)
        ));
        s.push_str(&format!("  cut: {}\n", money(req - app)));
        if req > 0 {
            s.push_str(&format!("  cut_rate: {}\n", rate(req - app, req)));
        }
        s.push_str("  by_conclusion:\n");
        for (c, n) in &t.conclusions {
            s.push_str(&format!("    {c}: {{ count: {n} }}\n"));
        }
    }
    if t.goals.0 + t.unit_goals.0 > 0 {
        s.push_str(&format!(
            "goals:\n  count: {}\n  funds: {}\n",
            t.goals.0,
            money(t.goals.1)
        ));
        if t.unit_goals.0 > 0 {
            s.push_str(&format!(
                "  units: {}\n  unit_funds: {}\n",
                t.unit_goals.0,
                money(t.unit_goals.1)
            ));
        }
    }
    if !t.nodes.is_empty() {
        s.push_str("monitoring:\n");
        for (node, m) in &t.nodes {
            s.push_str(&format!(
                "  \"{node}\": {{ count: {}, budget: {}, executed: {}, rate: {}, yellow: {}, red: {} }}\n",
                m.count,
                money(m.budget),
                money(m.executed),
                rate(m.executed, m.budget.max(1)),
                m.yellow,
                m.red
            ));
        }
    }
    if t.self_evals.0 > 0 && !t.withheld.contains("绩效自评") {
        s.push_str(&format!(
            "self_evaluations:\n  count: {}\n  funds: {}\n  by_grade:\n",
            t.self_evals.0,
            money(t.self_evals.1)
        ));
        for (g, n) in &t.grades {
            s.push_str(&format!("    {}: {{ count: {n} }}\n", GRADES[*g as usize]));
        }
    }
    if !t.evals.is_empty() {
        s.push_str("evaluations:\n");
        for (kind, e) in &t.evals {
            s.push_str(&format!(
                "  {kind}: {{ count: {}, funds: {}, withheld: {}, findings: {}, rectified: {} }}\n",
                e.count,
                money(e.funds),
                e.withheld,
                e.findings,
                e.rectified
            ));
        }
    }
    s
}

/// The year's narrative, quoting computed figures by path.
pub fn narrative(t: &Tally, region: &str, year: u32) -> String {
    let mut s = format!("---\ntitle: {year}年预算绩效管理工作情况\n---\n");
    s.push_str(&format!(
        "{year}年，{region}财政局以提高财政资金使用效益为目标，将绩效管理要求嵌入预算编制、执行和监督各环节，推动事前评估、目标管理、运行监控和评价结果应用有机衔接。\n\n"
    ));
    // Stated counts of a kind with 不予公开 records may be held back by the disclosure gate
    // (they would tell a withheld record's scope): a narrative places them only otherwise.
    if t.goals.0 > 0 && !t.withheld.contains("绩效目标") {
        s.push_str(
            "**强化绩效目标管理**。全年对{{ figure(path=\"goals.count\") }}个项目设定绩效目标，",
        );
        s.push_str("可量化指标占比{{ figure(path=\"goals.quantifiable_share\") }}。\n\n");
    }
    if t.self_evals.0 > 0 && !t.withheld.contains("绩效自评") {
        s.push_str("**推进绩效自评**。组织{{ figure(path=\"self_evaluations.count\") }}个项目开展绩效自评，");
        s.push_str("自评结果与下一年度预算安排挂钩。\n\n");
    }
    s.push_str(
        "下一步，将进一步提高绩效目标编制质量，扩大重点评价覆盖面，强化评价结果公开和整改跟踪。\n",
    );
    s
}
