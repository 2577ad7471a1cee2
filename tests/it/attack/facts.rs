//! Published aggregates as facts: every row of `figures.csv` (stated and computed columns) and of
//! the dashboard tables, read back into "this measure over these records lies in this interval".
//! A computed figure that says it leaves out withheld values (`*_withheld_count`) tells nothing
//! about them and is skipped; a stated one covers every record unless its count says more
//! records exist than the site shows (then it is only an upper bound).

use super::model::{CONCLUSIONS, Fact, GRADES, KINDS, Measure, Model, TYPES, num};
use super::rat::Rat;
use super::reader::Output;

fn measure(kind: &str, label: &str) -> Option<(Measure, Option<(&'static str, String)>)> {
    let funds = match kind {
        "goals" => "funds_total",
        "self-evaluations" => "budget_adjusted",
        _ => "funds",
    };
    Some(match label {
        "数量" => (Measure::Count, None),
        "申报金额" => (Measure::Sum("requested"), None),
        "审核金额" => (Measure::Sum("approved"), None),
        "核减金额" => (Measure::Sum("cut"), None),
        "核减率" => (Measure::Rate("cut", "requested"), None),
        "涉及资金" => (Measure::Sum(funds), None),
        "预算金额" => (Measure::Sum("budget"), None),
        "执行金额" => (Measure::Sum("executed"), None),
        "执行率" => (Measure::Rate("executed", "budget"), None),
        "黄标数" => (Measure::Count, Some(("flag", "黄标".into()))),
        "红标数" => (Measure::Count, Some(("flag", "红标".into()))),
        "不予公开数" => (Measure::Stubs, None),
        "问题和建议" => (Measure::Sum("findings"), None),
        "已整改" => (Measure::Sum("rectified"), None),
        "占比" => (Measure::Share, None),
        "平均得分" => (Measure::Avg("score"), None),
        _ => return None,
    })
}

fn dimension(part: &str, units: &[String]) -> Option<(&'static str, String)> {
    let d = if CONCLUSIONS.contains(&part) {
        "conclusion"
    } else if GRADES.contains(&part) {
        "grade"
    } else if TYPES.contains(&part) {
        "type"
    } else if part.len() == 7 && part.as_bytes()[4] == b'-' {
        "node"
    } else if units.iter().any(|u| u == part) {
        "unit"
    } else {
        return None;
    };
    Some((d, part.to_string()))
}

fn kind_of(name: &str) -> Option<&'static str> {
    KINDS.iter().find(|(_, zh)| *zh == name).map(|(k, _)| *k)
}

/// A stated cell written loosely, as reports write figures ("约300万元", "200余万元",
/// "超过80%", "不足10", "1.2~1.5亿元"): the interval the words allow, in the row's unit (万元 for
/// money, percent points, counts). The attacker's own reading, independent of gongkai's: an
/// about-figure is taken to half a unit of its last non-zero digit, "余" to one unit more, an
/// open bound to 0 or a very large number.
pub fn loose(cell: &str) -> Option<(Rat, Rat)> {
    let big = Rat::int(1_000_000_000_000);
    let t = cell.trim();
    // The unit: amounts in 万元.
    let scale = |s: &str| -> Option<(Rat, Rat)> {
        let s = s.trim();
        let (core, k) = if let Some(c) = s.strip_suffix("亿元") {
            (c, Rat::int(10_000))
        } else if let Some(c) = s.strip_suffix("万元") {
            (c, Rat::ONE)
        } else if let Some(c) = s.strip_suffix('元') {
            (c, Rat::new(1, 10_000))
        } else {
            (s.trim_end_matches(['%', '％']), Rat::ONE)
        };
        let (x, d) = Rat::parse(core)?;
        // One unit of the last non-zero digit.
        let mut unit = Rat::new(1, 10i128.pow(d));
        if d == 0 {
            let mut n = core.trim().parse::<i128>().ok()?;
            while n != 0 && n % 10 == 0 {
                n /= 10;
                unit = unit * Rat::int(10);
            }
        }
        Some((x * k, unit * k))
    };
    for sep in ['-', '~', '～', '至', '到', '—'] {
        if let Some((a, b)) = t.split_once(sep)
            && !a.is_empty()
        {
            let unit: String = b
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .into();
            let a = if a.ends_with(|c: char| c.is_ascii_digit()) {
                format!("{a}{unit}")
            } else {
                a.to_string()
            };
            let ((lo, ul), (hi, uh)) = (scale(&a)?, scale(b)?);
            let _ = (ul, uh);
            return Some((lo, hi));
        }
    }
    for p in ["大约", "约", "近"] {
        if let Some(rest) = t.strip_prefix(p) {
            let (x, u) = scale(rest)?;
            let h = u * Rat::new(1, 2);
            return Some((x - h, x + h));
        }
    }
    if let Some(rest) = t.strip_suffix("左右") {
        let (x, u) = scale(rest)?;
        let h = u * Rat::new(1, 2);
        return Some((x - h, x + h));
    }
    for p in ["超过", "不少于", "不低于", "逾", "多于", "高于"] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some((scale(rest)?.0, big));
        }
    }
    if let Some(rest) = t.strip_suffix("以上") {
        return Some((scale(rest)?.0, big));
    }
    for p in ["不足", "不到", "不超过", "少于", "低于"] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some((Rat::ZERO, scale(rest)?.0));
        }
    }
    if let Some(rest) = t.strip_suffix("以下") {
        return Some((Rat::ZERO, scale(rest)?.0));
    }
    if let Some(i) = t.find(['余', '多']) {
        let rest = format!("{}{}", &t[..i], &t[i + '余'.len_utf8()..]);
        let (x, u) = scale(&rest)?;
        return Some((x, x + u));
    }
    None
}

/// Reads `figures.csv`. Items it cannot parse are skipped (the attacker is then weaker, never
/// wrong).
pub fn load_figures(m: &mut Model, out: &Output) {
    let units = m.domains["unit"].clone();
    let mut facts = Vec::new();
    for r in out.table("figures") {
        let mut parts: Vec<&str> = r
            .get("item")
            .map_or("", String::as_str)
            .split(" · ")
            .collect();
        let section = r.get("section").map_or("", String::as_str);
        let Some(kind) = kind_of(parts[0]).or_else(|| kind_of(section)) else {
            continue;
        };
        if kind_of(parts[0]).is_some() {
            parts.remove(0);
        }
        let Some(last) = parts.pop() else { continue };
        if measure(kind, last).is_none() {
            continue;
        }
        let filters: Vec<_> = parts.iter().filter_map(|p| dimension(p, &units)).collect();
        if filters.len() != parts.len() {
            continue;
        }
        let stated = r.get("stated").and_then(|v| num(v));
        // A figure written loosely has no plain value: its words are in `stated_as_written`.
        let loosely = r
            .get("stated_as_written")
            .filter(|_| stated.is_none())
            .and_then(|v| loose(v));
        if stated.is_none()
            && loosely.is_none()
            && !r.contains_key("computed")
            && !filters.is_empty()
        {
            // A stated breakdown row left empty still names its category: it has records.
            let (lo, hi) = (Rat::ONE, Rat::int(1_000_000));
            facts.push((
                true,
                Fact {
                    kind,
                    filters: filters.clone(),
                    measure: Measure::Count,
                    lo,
                    hi,
                    at_least: false,
                },
            ));
        }
        if let Some((lo, hi)) = loosely {
            let (meas, flag) = measure(kind, last).unwrap();
            let mut filters = filters.clone();
            filters.extend(flag);
            facts.push((
                true,
                Fact {
                    kind,
                    filters,
                    measure: meas,
                    lo,
                    hi,
                    at_least: false,
                },
            ));
        }
        let partial = r.contains_key("computed_withheld_count");
        let computed = r.get("computed").and_then(|v| num(v)).filter(|_| !partial);
        for (value, is_stated) in [(stated, true), (computed, false)] {
            let Some((x, d)) = value else { continue };
            let (meas, flag) = measure(kind, last).unwrap();
            let mut filters = filters.clone();
            filters.extend(flag);
            let h = Rat::half_ulp(d);
            facts.push((
                is_stated,
                Fact {
                    kind,
                    filters,
                    measure: meas,
                    lo: x - h,
                    hi: x + h,
                    at_least: false,
                },
            ));
        }
    }
    for (stated, mut f) in facts {
        if stated && (partial_coverage(&facts_count(out, f.kind), out, f.kind) || m.told(&f)) {
            f.at_least = true;
        }
        m.facts.push(f);
    }
    dashboards(m, out);
}

fn facts_count(out: &Output, kind: &str) -> Option<Rat> {
    let zh = KINDS.iter().find(|(k, _)| *k == kind).unwrap().1;
    out.table("figures")
        .iter()
        .find(|r| {
            r.get("section").is_some_and(|s| s == zh) && r.get("item").is_some_and(|i| i == "数量")
        })
        .and_then(|r| r.get("stated").and_then(|v| num(v)).map(|v| v.0))
}

/// A stated count above the records on the site: the stated figures cover records not here.
fn partial_coverage(stated_count: &Option<Rat>, out: &Output, kind: &str) -> bool {
    stated_count.is_some_and(|c| c > Rat::int(out.table(kind).len() as i128))
}

/// Dashboard tables by category, used only where they name no hidden-category row (their
/// counts then cover every record). Where the records are a part of what the body states, the
/// table of the records is `<table>-records` and `<table>` holds the body's figures (read from
/// `figures.csv` with the stated ones).
fn dashboards(m: &mut Model, out: &Output) {
    for (table, kind, col, dim) in [
        ("ex-ante-conclusions", "ex-ante", "conclusion", "conclusion"),
        (
            "self-evaluation-grades",
            "self-evaluations",
            "grade",
            "grade",
        ),
        ("evaluations-by-type", "evaluations", "type", "type"),
        ("monitoring-nodes", "monitoring", "node", "node"),
    ] {
        let sample = format!("{table}-records");
        // Where figures.csv says the kind's records are partial, the table without a suffix
        // holds the body's stated figures (read from figures.csv already) and the computation
        // from the records, if any, is `-records`.
        let zh = KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(_, z)| *z);
        // (a stated figure that no computation covers completely: sections of monitoring are
        // per node, "绩效监控 · 2024-05"; where in doubt the table is left unread, which makes
        // the attacker weaker, never wrong)
        let partial = out.table("figures").iter().any(|r| {
            r.get("section").is_some_and(|s| s.starts_with(zh))
                && r.get("basis").is_some_and(|b| b == "stated")
                && r.get("computed_coverage").is_none_or(|c| c != "complete")
        });
        let rows = if out.tables.contains_key(&sample) {
            out.table(&sample)
        } else if partial {
            continue;
        } else {
            out.table(table)
        };
        let hidden_row = rows.iter().any(|r| {
            r.get(col)
                .is_some_and(|l| dimension(l, &[]).is_none() && l != "合计")
        });
        for r in rows {
            let Some(label) = r.get(col) else { continue };
            let filters = if label == "合计" {
                vec![]
            } else {
                vec![(dim, label.clone())]
            };
            if hidden_row && label != "合计" {
                continue;
            }
            for (c, meas, flag) in [
                ("count", Measure::Count, None),
                ("share", Measure::Share, None),
                ("yellow", Measure::Count, Some(("flag", "黄标".to_string()))),
                ("red", Measure::Count, Some(("flag", "红标".to_string()))),
            ] {
                let Some((x, d)) = r.get(c).and_then(|v| num(v)) else {
                    continue;
                };
                if r.contains_key(&format!("{c}_withheld_count"))
                    || (label == "合计" && c == "share")
                {
                    continue;
                }
                let mut filters = filters.clone();
                filters.extend(flag);
                let h = if c == "share" {
                    Rat::half_ulp(d)
                } else {
                    Rat::ZERO
                };
                m.facts.push(Fact {
                    kind,
                    filters,
                    measure: meas,
                    lo: x - h,
                    hi: x + h,
                    at_least: false,
                });
            }
        }
    }
}
