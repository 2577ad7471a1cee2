//! Breakdowns add up: by conclusion, by grade and by category, the entries of a group never
//! exceed its total, and equal it where the breakdown lists every entry. No I/O here.

use super::*;

/// Whether a group's breakdown lists every entry: all three conclusions, all four grades,
/// `by_category_complete: true`, or entries whose stated counts add up exactly to the
/// group's stated count.
fn complete(g: &Group, by: By) -> bool {
    let kids: Vec<&Group> = g
        .children
        .iter()
        .filter(|c| c.by == by)
        .map(|c| &c.group)
        .collect();
    let listed = match by {
        By::Conclusion => kids.len() == 3,
        By::Grade => kids.len() == 4,
        By::Category => g.categories_complete,
    };
    let counted = match g.get("count").and_then(Stated::exact) {
        Some(Value::Count(n)) => {
            let parts: Option<Vec<u64>> = kids
                .iter()
                .map(|k| match k.get("count").and_then(Stated::exact) {
                    Some(Value::Count(c)) => Some(*c),
                    _ => None,
                })
                .collect();
            parts.is_some_and(|p| p.iter().sum::<u64>() == *n)
        }
        _ => false,
    };
    !kids.is_empty() && (listed || counted)
}

fn by_zh(by: By) -> &'static str {
    match by {
        By::Conclusion => "按评估结论",
        By::Grade => "按等级",
        By::Category => "按分类",
    }
}

/// Breakdowns add up: never above the total; equal to it where the breakdown is complete and
/// every entry's figure is known (stated, or 0 for an entry whose count is 0).
pub(super) fn sums(prefix: &str, g: &Group, by: By, out: &mut Vec<Finding>) {
    let kids = entries(prefix, g, by);
    if kids.is_empty() {
        return;
    }
    let complete = complete(g, by);
    for total in &g.figures {
        if !matches!(total.value, Value::Count(_) | Value::Money(_)) {
            continue;
        }
        let t = F {
            path: format!("{prefix}.{}", total.key),
            s: total,
        };
        let (Some(ti), Some(tm)) = (t.iv(), t.mid()) else {
            continue;
        };
        let mut parts = Parts::of(&t, &kids);
        if parts.involved.len() == 1 {
            continue;
        }
        let over = parts.sum.lo > ti.hi;
        let under = complete && parts.known && parts.sum.hi < ti.lo;
        if !over && !under {
            continue;
        }
        parts.name_counts(&kids);
        out.push(finding(&t, by, parts, (ti, tm), over));
    }
}

/// The entries of a group's breakdown `by`, with their paths, in the order they were written.
fn entries<'g>(prefix: &str, g: &'g Group, by: By) -> Vec<(String, &'g Group)> {
    let mut kids: Vec<(String, &Group)> = g
        .children
        .iter()
        .filter(|c| c.by == by)
        .map(|c| (format!("{prefix}.{}.{}", by.key(), c.label), &c.group))
        .collect();
    kids.sort_by_key(|(_, k)| (k.line, k.col));
    kids
}

/// What the entries of a breakdown state of one total's figure.
struct Parts<'a> {
    /// The interval of their sum, and its middle.
    sum: Iv,
    sum_mid: i128,
    /// Whether every entry's figure is known.
    known: bool,
    /// Each part as written.
    texts: Vec<String>,
    /// The total's path and the parts' (then the entries' counts).
    paths: Vec<String>,
    /// The total and the parts.
    involved: Vec<&'a Stated>,
}

impl<'a> Parts<'a> {
    fn of(t: &F<'a>, kids: &[(String, &'a Group)]) -> Parts<'a> {
        let key = t.s.key;
        let mut parts = Parts {
            sum: Iv { lo: 0, hi: 0 },
            sum_mid: 0,
            known: true,
            texts: Vec::new(),
            paths: vec![t.path.clone()],
            involved: vec![t.s],
        };
        for (kp, k) in kids {
            match k.get(key) {
                Some(p) => {
                    let (Some(pi), Some(pm)) = (iv_of(p), mid_of(p)) else {
                        parts.known = false;
                        continue;
                    };
                    parts.sum.lo += pi.lo;
                    parts.sum.hi += pi.hi;
                    parts.sum_mid += pm;
                    parts.texts.push(p.text.trim().to_string());
                    parts.paths.push(format!("{kp}.{key}"));
                    parts.involved.push(p);
                }
                None if matches!(
                    k.get("count").and_then(Stated::exact),
                    Some(Value::Count(0))
                ) =>
                {
                    parts.texts.push("0".to_string());
                }
                None => parts.known = false,
            }
        }
        parts
    }

    /// The entries' counts decide whether the breakdown is complete and which amounts are 0:
    /// a finding stands or falls with them too.
    fn name_counts(&mut self, kids: &[(String, &Group)]) {
        for (kp, k) in kids {
            let p = format!("{kp}.count");
            if k.get("count").is_some() && !self.paths.contains(&p) {
                self.paths.push(p);
            }
        }
    }
}

/// The finding that the parts of total `t` (interval `ti`, middle `tm`) add up to more than it
/// (`over`) or, the breakdown being complete, to less.
fn finding(t: &F, by: By, parts: Parts, (ti, tm): (Iv, i128), over: bool) -> Finding {
    let Parts {
        sum,
        sum_mid,
        texts,
        paths,
        involved,
        ..
    } = parts;
    let how = shown_for(&involved);
    let exact = sum.lo == sum.hi && ti.lo == ti.hi;
    let (round_zh, round_en) = if exact {
        (String::new(), String::new())
    } else {
        (
            format!(
                "；按所写小数位四舍五入，分项合计在 {} 之间，总数代表 {}",
                range_zh(sum, how),
                range_zh(ti, how)
            ),
            format!(
                "; rounding allows {} for the parts and {} for the total",
                range_en(sum, how),
                range_en(ti, how)
            ),
        )
    };
    let (why_zh, why_en) = if over {
        (
            "分项之和不能超过总数",
            "parts cannot add up to more than their total",
        )
    } else {
        (
            "分项已列全，合计应等于总数",
            "the breakdown lists every entry, so its parts add up to the total",
        )
    };
    let d = sum_mid - tm;
    found(
        "sum",
        at(t.s),
        paths,
        (
            format!(
                "{} is stated as {} but its {} parts add up to {} ({}), {} {} ({why_en}){round_en}",
                t.en(),
                t.text(),
                by.key().trim_start_matches("by_"),
                fmt(sum_mid, how),
                texts.join(" + "),
                diff_en(d, how),
                if d > 0 { "more" } else { "less" }
            ),
            format!(
                "{} 公布为 {}，而{}的各分项合计为 {}（{}），{} {}（{why_zh}）{round_zh}。",
                t.zh(),
                t.text(),
                by_zh(by),
                fmt(sum_mid, how),
                texts.join(" + "),
                if d > 0 { "多出" } else { "少了" },
                diff_zh(d, how)
            ),
        ),
        (
            "check each part and the total against the report; if the entries are only some of the categories, do not write `by_category_complete: true`",
            "对照报告核对各分项和总数，看是否漏抄、多抄或抄错分项；分项只是其中一部分时，不要写 `by_category_complete: true`",
        ),
    )
}
