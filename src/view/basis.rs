//! The basis of every figure the site shows: **stated** (本单位公布, as the body wrote it in
//! summary.yaml) or **computed** (据本站记录计算, from the public records on the site). A computed
//! figure is *partial* when the records are a sample of what the body counts: the stated group
//! says `coverage: partial`, or the body states more records than the site holds. A partial
//! computation is labelled with how many records it covers ("据本站 N 条记录计算") and never
//! stands in the place of a stated figure. Both come from the public model only (the summary
//! without suppressed figures, and `PublicYear::figures`). No I/O here.

use super::i18n::I18n;
use crate::disclose::PublicYear;
use crate::model::summary::{Group, Stated, Summary, Value};
use crate::model::{Coverage, Kind};

/// How a computed figure covers what the body counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Covered {
    /// The records on the site the figure is computed over (不予公开 ones included).
    pub records: usize,
    /// Whether the records are only a part of what the body counts.
    pub partial: bool,
}

/// The stated group at a path prefix (`goals`, `monitoring.2023-05`,
/// `evaluations.部门评价.by_category.其他`) and whether it or a group above it is partial.
fn group_at<'a>(s: &'a Summary, prefix: &str) -> Option<(&'a Group, bool)> {
    for (_, p, g) in s.sections() {
        if prefix == p {
            return Some((g, g.coverage == Coverage::Partial));
        }
        let Some(rest) = prefix.strip_prefix(&format!("{p}.")) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('.').collect();
        let (mut g, mut partial) = (g, g.coverage == Coverage::Partial);
        for pair in parts.chunks(2) {
            let [by, label] = pair else { return None };
            let c = g
                .children
                .iter()
                .find(|c| c.by.key() == *by && c.label == *label)?;
            g = &c.group;
            partial |= g.coverage == Coverage::Partial;
        }
        return Some((g, partial));
    }
    None
}

/// The stated value at a figure path, if the body stated it exactly and the gate let it
/// through (a figure written "约1600" or "40%-50%" has no single value: see [`stated_loose`]).
pub fn stated<'a>(y: &'a PublicYear, path: &str) -> Option<&'a Value> {
    let (prefix, key) = path.rsplit_once('.')?;
    let (g, _) = group_at(y.summary()?, prefix)?;
    g.get(key).and_then(Stated::exact)
}

/// The stated figure at a path where the body wrote it loosely ("约1600", "40%-50%").
pub fn stated_loose<'a>(y: &'a PublicYear, path: &str) -> Option<&'a Stated> {
    let (prefix, key) = path.rsplit_once('.')?;
    let (g, _) = group_at(y.summary()?, prefix)?;
    g.get(key).filter(|s| s.exact().is_none())
}

fn count_of(v: Option<&Value>) -> Option<u64> {
    match v {
        Some(Value::Count(n)) => Some(*n),
        _ => None,
    }
}

/// The key that counts the records of a figure's key: unit-wide figures count `units`.
fn count_key(key: &str) -> &'static str {
    if key.starts_with("unit") {
        "units"
    } else {
        "count"
    }
}

/// The records of kind `k` listed for the year: public ones and 不予公开 stubs.
pub fn listed(y: &PublicYear, k: Kind) -> usize {
    y.records().iter().filter(|p| p.record().kind == k).count()
        + y.stubs().iter().filter(|s| s.kind() == k).count()
}

fn kind_of(section: &str) -> Option<Kind> {
    Some(match section {
        "ex_ante" => Kind::ExAnte,
        "goals" => Kind::Goal,
        "monitoring" => Kind::Monitoring,
        "self_evaluations" => Kind::SelfEvaluation,
        "evaluations" => Kind::Evaluation,
        _ => return None,
    })
}

/// How the computed figure at `path` covers what the body counts: the records in its group (the
/// computed count beside it), and whether those are fewer than the body states or the group is
/// declared partial.
pub fn coverage(y: &PublicYear, path: &str) -> Covered {
    let (prefix, key) = path.rsplit_once('.').unwrap_or((path, ""));
    let ck = count_key(key);
    let records = count_of(y.figures().get(&format!("{prefix}.{ck}")).map(|f| &f.value))
        .map(|n| n as usize)
        .or_else(|| {
            // A section's own figures cover its records; a node, type or category without a
            // computed count has no records on the site.
            (!prefix.contains('.')).then(|| kind_of(prefix).map(|k| listed(y, k)))?
        })
        .unwrap_or(0);
    let group = y.summary().and_then(|s| group_at(s, prefix));
    let declared = group.is_some_and(|(_, p)| p);
    let fewer = group
        .and_then(|(g, _)| count_of(g.get(ck).and_then(Stated::exact)))
        .is_some_and(|n| n > records as u64);
    Covered {
        records,
        partial: declared || fewer,
    }
}

/// Whether the records of kind `k` are only a part of what the body states for the year: a
/// group of its section is declared partial, or states more records than the site holds.
pub fn kind_partial(y: &PublicYear, k: Kind) -> bool {
    let Some(s) = &y.summary() else {
        return false;
    };
    let section = crate::model::summary::Section::key;
    s.sections()
        .into_iter()
        .filter(|(sec, ..)| kind_of(section(*sec)) == Some(k))
        .any(|(_, prefix, g)| {
            let c = coverage(y, &format!("{prefix}.count"));
            let units = g.get("units").is_some() && coverage(y, &format!("{prefix}.units")).partial;
            c.partial || units
        })
}

/// The number of records the body states for kind `k`, where one figure says it: the count of
/// its section (ex-ante, goals, self-evaluations: projects), or the sum over evaluation groups
/// when each of them states its count.
pub fn stated_count(y: &PublicYear, k: Kind) -> Option<u64> {
    let s = y.summary()?;
    match k {
        Kind::ExAnte => count_of(s.figure("ex_ante.count").and_then(Stated::exact)),
        Kind::Goal => count_of(s.figure("goals.count").and_then(Stated::exact)),
        Kind::SelfEvaluation => {
            count_of(s.figure("self_evaluations.count").and_then(Stated::exact))
        }
        Kind::Evaluation => {
            // Groups that share an evaluation type would count its reports twice.
            let mut types = std::collections::BTreeSet::new();
            for g in &s.evaluations {
                let names: Vec<&str> = if g.types.is_empty() {
                    vec![g.label.as_str()]
                } else {
                    g.types.iter().map(|t| t.zh()).collect()
                };
                if !names.into_iter().all(|n| types.insert(n)) {
                    return None;
                }
            }
            let counts: Option<Vec<u64>> = s
                .evaluations
                .iter()
                .map(|g| count_of(g.get("count").and_then(Stated::exact)))
                .collect();
            counts.filter(|c| !c.is_empty()).map(|c| c.iter().sum())
        }
        Kind::Monitoring => None,
    }
}

/// "本单位公布".
pub fn stated_label(i: &I18n) -> String {
    i.t("basis_stated")
}

/// "据本站记录计算", or "据本站 N 条记录计算" when the records are partial.
pub fn computed_label(i: &I18n, c: Covered) -> String {
    if c.partial {
        i.fill("basis_computed_partial", &[("n", c.records.to_string())])
    } else {
        i.t("basis_computed")
    }
}

/// The computed label in brackets, to follow a value: "（据本站 N 条记录计算）".
pub fn paren(i: &I18n, c: Covered) -> String {
    i.fill("basis_paren", &[("basis", computed_label(i, c))])
}

/// The machine-readable basis of a figure in data files.
pub const STATED: &str = "stated";
pub const COMPUTED: &str = "computed";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_wide_figures_are_counted_by_units() {
        assert_eq!(count_key("unit_rate"), "units");
        assert_eq!(count_key("unit_funds"), "units");
        assert_eq!(count_key("funds"), "count");
        assert_eq!(count_key("rate"), "count");
    }
}
