//! Figures: scores, aggregates and reconciliation of stated figures.
//!
//! `figure` computes every year's figures over the full site and reconciles them with the
//! body's summary.yaml and each record's stated score; the results feed the year pages
//! (stated and computed side by side) and the build's warnings. No I/O here.

pub mod change;
pub mod checks;
pub mod compute;
pub mod reconcile;
pub mod relations;
pub mod score;

use crate::diag::Diagnostics;
use crate::model::summary as stated;
use crate::model::*;
use compute::Figures;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Full computed figures of each (region, year).
#[derive(Debug, Default, Clone)]
pub struct SiteFigures {
    pub years: BTreeMap<(String, i32), Figures>,
    /// Stated figures that contradict each other, per year.
    pub findings: BTreeMap<(String, i32), Vec<relations::Finding>>,
}

/// Compute and reconcile every year of the site, a region per task, merged in order.
pub fn figure(site: &Site) -> (SiteFigures, Diagnostics) {
    let parts: Vec<(SiteFigures, Diagnostics)> = site
        .regions
        .par_iter()
        .map(|region| {
            let rules = match &region.rules {
                Some(own) => own.over(&site.config.rules),
                None => site.config.rules.clone(),
            };
            figure_region(region, &rules)
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut out = SiteFigures::default();
    for (f, d) in parts {
        out.years.extend(f.years);
        out.findings.extend(f.findings);
        diags.extend(d);
    }
    (out, diags)
}

fn figure_region(region: &Region, rules: &Rules) -> (SiteFigures, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut out = SiteFigures::default();
    let all: Vec<&Record> = region
        .years
        .iter()
        .flat_map(|y| &y.records)
        .filter(|r| r.disclosure.status != DisclosureStatus::Excluded)
        .collect();
    checks::project_consistency(&all, &mut diags);
    for year in &region.years {
        let records: Vec<&Record> = year
            .records
            .iter()
            .filter(|r| r.disclosure.status != DisclosureStatus::Excluded)
            .collect();
        let full = compute::compute(&records, &BTreeMap::new(), year.summary.as_ref());
        for r in &records {
            if let RecordData::SelfEvaluation(s) = &r.data {
                reconcile::self_evaluation(r, s, &mut diags);
            }
        }
        checks::red_follows_yellow(&records, &mut diags);
        checks::indicator_rules(&records, rules, &mut diags);
        checks::self_evaluation_indicators(&records, &mut diags);
        // A figure of the whole year: reported on its summary.yaml, or its folder, as a whole.
        let folder = format!("content/{}/{}", region.id, year.year);
        let at = year
            .summary
            .as_ref()
            .map_or(folder.as_str(), |s| s.path.as_str());
        checks::evaluation_share(&full, rules, (at, 0), &mut diags);
        if let Some(summary) = &year.summary {
            let sensitive = |path: &str| touches_withheld(&records, path);
            let wrong = reconcile::summary(summary, &full, &sensitive, &mut diags);
            // A figure the records already show wrong is reported once, as such. A
            // discrepancy the body acknowledges is shown with its explanation, not warned.
            let last = region
                .years
                .iter()
                .find(|y| y.year == year.year - 1)
                .and_then(|y| y.summary.as_ref());
            let mut all = relations::check(summary, rules);
            all.extend(change::check(summary, last));
            for a in relations::acknowledge(&mut all, summary) {
                diags.push(relations::stale_diagnostic(a, &summary.path));
            }
            let findings: Vec<relations::Finding> = all
                .into_iter()
                .filter(|f| f.paths.iter().all(|p| !wrong.contains(p)))
                .collect();
            for f in findings.iter().filter(|f| f.acknowledged.is_none()) {
                diags.push(f.diagnostic(&summary.path));
            }
            out.findings
                .insert((region.id.clone(), year.year), findings);
        }
        out.years.insert((region.id.clone(), year.year), full);
    }
    (out, diags)
}

/// Whether the computation behind a figure path may include a withheld value.
fn touches_withheld(records: &[&Record], path: &str) -> bool {
    let section = path.split('.').next().unwrap_or("");
    records
        .iter()
        .any(|r| section_of(r.kind) == section && r.disclosure.status != DisclosureStatus::Public)
}

pub fn section_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Goal => "goals",
        Kind::ExAnte => "ex_ante",
        Kind::Monitoring => "monitoring",
        Kind::SelfEvaluation => "self_evaluations",
        Kind::Evaluation => "evaluations",
    }
}

/// An amount for a page in `lang`: 万元/亿元 in Chinese; million or billion yuan, grouped, in
/// English.
pub fn money_text(m: &Money, lang: Language) -> String {
    if lang == Language::Zh {
        return m.format_auto();
    }
    const MILLION_FEN: i128 = 100_000_000;
    const BILLION_FEN: i128 = 100_000_000_000;
    // A count of millions (or billions) with two decimals, grouped: formatted as if it were an
    // amount in 元, whose 分 are the hundredths.
    let scaled = |per: i128, name: &str| {
        let hundredths = Decimal::from_int(m.fen)
            .div(Decimal::from_int(per / 100), 0)
            .unwrap_or(Decimal::zero());
        Money::from_fen(hundredths.mantissa)
            .format(MoneyUnit::Yuan, 2)
            .replace('元', &format!(" {name} yuan"))
    };
    if m.fen.abs() >= BILLION_FEN {
        scaled(BILLION_FEN, "billion")
    } else if m.fen.abs() >= MILLION_FEN {
        scaled(MILLION_FEN, "million")
    } else {
        Money::from_fen(m.fen)
            .format(MoneyUnit::Yuan, 0)
            .replace('元', " yuan")
    }
}

/// A figure for a page: a stated amount as the body wrote it (in Chinese), others formatted.
pub fn value_text(v: &stated::Value, as_stated: bool, lang: Language) -> String {
    match v {
        stated::Value::Money(m) if as_stated && lang == Language::Zh => {
            m.format(m.unit, m.decimals)
        }
        stated::Value::Money(m) => money_text(m, lang),
        stated::Value::Count(n) => n.to_string(),
        stated::Value::Percent(p) => p.to_string(),
        stated::Value::Score(d) => d.to_string(),
        stated::Value::Grade(g) if lang == Language::Zh => g.zh().to_string(),
        stated::Value::Grade(g) => g.en().to_string(),
    }
}
