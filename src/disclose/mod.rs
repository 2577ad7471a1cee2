//! Disclosure: from the validated site to what may be published.
//!
//! This is the one place where withheld content is removed. 不列示 records vanish; 不予公开
//! records become [`Stub`]s holding only a public title, kind and reason; 部分公开 fields
//! become `Pub::Withheld`. What was removed is kept apart in [`Secrets`], for the leak audit
//! only. Render and publish take `&PublicSite` and nothing else. No I/O here.

pub mod crossref;
pub mod facts;
pub mod fields;
pub mod gate;
pub mod narrative;
mod public;
mod secrets;

pub use public::{PublicRecord, PublicRegion, PublicSite, PublicYear, Stub};
pub use secrets::Secrets;

use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::figures::SiteFigures;
use crate::figures::compute::{self, Figures};
use crate::figures::reconcile::{self, Status};
use crate::model::summary::{Group, Summary};
use crate::model::*;
use crate::said;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Apply every disclosure; diagnostics for field paths that name no field. Regions are
/// disclosed in parallel and merged in order, so the result does not depend on scheduling.
pub fn disclose(site: &Site, figures: &SiteFigures) -> (PublicSite, Secrets, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut secrets = Secrets::default();
    let mut public_ids = BTreeSet::new();
    let parts: Vec<(PublicRegion, Secrets, Diagnostics)> = site
        .regions
        .par_iter()
        .map(|region| disclose_region(region, figures, &site.config))
        .collect();
    let mut regions = Vec::with_capacity(parts.len());
    for (region, s, d) in parts {
        for y in &region.years {
            public_ids.extend(y.records.iter().map(|r| r.record.id.clone()));
        }
        secrets.strings.extend(s.strings);
        secrets.ids.extend(s.ids);
        diags.extend(d);
        regions.push(region);
    }
    // An id also used by a public record is not a secret of its own.
    secrets.ids.retain(|s| !public_ids.contains(s));
    // Numbers are not searched for as text (the same figure may stand elsewhere for another
    // reason); that they cannot be derived is `derive`'s check.
    secrets
        .strings
        .retain(|s| s.chars().count() >= 2 && Decimal::parse(s).is_err());
    let home = site.home.as_ref().map(|p| Page {
        body: narrative::place(p, None, &mut diags),
        ..p.clone()
    });
    let public = PublicSite {
        config: site.config.clone(),
        home,
        regions,
    };
    (public, secrets, diags)
}

fn disclose_region(
    region: &Region,
    figures: &SiteFigures,
    config: &Config,
) -> (PublicRegion, Secrets, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut secrets = Secrets::default();
    let mut years = Vec::new();
    let mut hidden: BTreeMap<i32, BTreeSet<&'static str>> = BTreeMap::new();
    for year in &region.years {
        let key = (region.id.clone(), year.year);
        let full = figures.years.get(&key);
        let (y, h) = disclose_year(year, full, config, &mut secrets, &mut diags);
        hidden.insert(year.year, h);
        years.push(y);
    }
    for y in &mut years {
        // A comparison with last year is published only where last year's section hides
        // nothing either: with last year's figure it would bound a withheld part of it.
        if let (Some(before), Some(summary)) = (hidden.get(&(y.year - 1)), &y.summary) {
            let mut late = BTreeSet::new();
            for (_, prefix, g) in summary.sections() {
                if before.contains(prefix.split('.').next().unwrap_or("")) {
                    gate::stated::changes(&prefix, g, &mut |p| {
                        late.insert(p);
                    });
                }
            }
            if !late.is_empty() {
                y.suppressed.extend(late);
                y.summary = Some(without(summary, &y.suppressed));
            }
        }
        let findings = figures
            .findings
            .get(&(region.id.clone(), y.year))
            .cloned()
            .unwrap_or_default();
        y.findings = findings
            .into_iter()
            .filter(|f| f.paths.iter().all(|p| !y.suppressed.contains(p)))
            .collect();
    }
    let public = PublicRegion {
        id: region.id.clone(),
        name: region.name.clone(),
        level: region.level,
        code: region.code.clone(),
        parent: region.parent.clone(),
        units: region.units.clone(),
        years,
    };
    (public, secrets, diags)
}

fn disclose_year(
    year: &Year,
    full: Option<&Figures>,
    config: &Config,
    secrets: &mut Secrets,
    diags: &mut Diagnostics,
) -> (PublicYear, BTreeSet<&'static str>) {
    let listed: Vec<&Record> = year
        .records
        .iter()
        .filter(|r| r.disclosure.status != DisclosureStatus::Excluded)
        .collect();
    let margin = gate::records::num(&config.protection_margin.0) / 100.0;
    let decision = gate::decide(&listed, year.summary.as_ref(), margin);
    gate_diagnostics(&decision, &listed, year.summary.as_ref(), config, diags);
    let (records, stubs) = publish_records(year, &listed, &decision, secrets, diags);
    let mut stub_counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for s in &stubs {
        *stub_counts.entry(s.kind).or_default() += 1;
    }
    let refs: Vec<&Record> = records.iter().map(|p| &p.record).collect();
    let figures = compute::compute(&refs, &stub_counts, year.summary.as_ref());
    let status = statuses(year.summary.as_ref(), full, &decision);
    let summary = year
        .summary
        .as_ref()
        .map(|s| without(s, &decision.suppressed));
    let quotable = narrative::Quotable {
        summary: summary.as_ref(),
        figures: &figures,
        suppressed: &decision.suppressed,
        lang: config.language,
    };
    let page = year.page.as_ref().map(|p| Page {
        body: narrative::place(p, Some(&quotable), diags),
        ..p.clone()
    });
    let hidden = decision.hidden_sections.clone();
    let y = PublicYear {
        year: year.year,
        page,
        summary,
        records,
        stubs,
        figures,
        status,
        suppressed: decision.suppressed,
        findings: Vec::new(),
    };
    (y, hidden)
}

/// The year's public records and stubs, in order; what they withhold goes to the secrets, with
/// everything of a record that is not listed (不列示) or withheld whole.
fn publish_records(
    year: &Year,
    listed: &[&Record],
    decision: &gate::Decision,
    secrets: &mut Secrets,
    diags: &mut Diagnostics,
) -> (Vec<PublicRecord>, Vec<Stub>) {
    for r in year
        .records
        .iter()
        .filter(|r| r.disclosure.status == DisclosureStatus::Excluded)
    {
        secrets.strings.extend(year.passages_of(r).iter().cloned());
        whole_record_secrets(r, secrets);
    }
    let mut records = Vec::new();
    let mut stubs = Vec::new();
    for (i, r) in listed.iter().enumerate() {
        let passages = year.passages_of(r);
        secrets.strings.extend(passages.iter().cloned());
        if r.disclosure.status == DisclosureStatus::Withheld {
            whole_record_secrets(r, secrets);
            stubs.push(stub(r));
            continue;
        }
        match decision.fields.get(&i) {
            Some(extra) => records.push(partial(
                &with_fields(r, extra),
                passages.len(),
                secrets,
                diags,
            )),
            None => records.push(partial(r, passages.len(), secrets, diags)),
        }
    }
    records.sort_by(|a, b| a.record.id.cmp(&b.record.id));
    stubs.sort_by(|a, b| (a.kind, &a.title, a.reason).cmp(&(b.kind, &b.title, b.reason)));
    (records, stubs)
}

/// The reconciliation status of each stated figure the gate lets through: `Status::Withheld`
/// where a withheld value takes part in its section.
fn statuses(
    summary: Option<&Summary>,
    full: Option<&Figures>,
    decision: &gate::Decision,
) -> BTreeMap<String, Status> {
    let mut status = BTreeMap::new();
    if let (Some(summary), Some(full)) = (summary, full) {
        reconcile::each_stated(summary, |path, _, s| {
            if decision.suppressed.contains(&path) {
                return;
            }
            // Whether a figure agrees with the records is published only where no withheld
            // value takes part: otherwise it would confirm or refute a guess.
            let st = if decision
                .hidden_sections
                .contains(path.split('.').next().unwrap_or(""))
            {
                Status::Withheld
            } else {
                reconcile::status_of(summary, full, &path, s)
            };
            status.insert(path.clone(), st);
        });
    }
    status
}

/// A record with the fields the gate withholds as well (the record's own reason applies).
fn with_fields(r: &Record, extra: &[String]) -> Record {
    let mut r = r.clone();
    for f in extra {
        if !r.disclosure.fields.iter().any(|(x, _, _)| x == f) {
            r.disclosure.fields.push((f.clone(), r.source.line, 1));
        }
    }
    if r.disclosure.status == DisclosureStatus::Public {
        r.disclosure.status = DisclosureStatus::Partial;
        r.disclosure.reason.get_or_insert(Reason::Other);
    }
    r
}

/// What the gate found that the author must mend: withheld values their own record gives
/// away, and totals refused where the site demands full totals. Never a value.
fn gate_diagnostics(
    d: &gate::Decision,
    listed: &[&Record],
    summary: Option<&Summary>,
    config: &Config,
    diags: &mut Diagnostics,
) {
    for (i, field) in &d.exposed {
        let Some(r) = listed.get(*i) else { continue };
        let message = if field.is_empty() {
            Said::new(
                "这条记录不予公开的数值，可以由它公开的其他数值推算出来（或被限定在过窄的范围内，不足保护幅度）",
                "a withheld value of this record can be computed from the values it publishes (or narrowed to a range smaller than the protection margin)",
            )
        } else {
            said!(
                "这条记录不予公开的 `{field}`，可以由它公开的其他数值推算出来（或被限定在过窄的范围内，不足保护幅度）",
                "this record's withheld `{field}` can be computed from the values it publishes (or narrowed to a range smaller than the protection margin)"
            )
        };
        // A record withheld whole has no more fields to withhold: what narrows its value is
        // its own category (a score close to the edge of its grade's band, say) or the
        // figures stated for its group.
        let hint = if r.disclosure.status == DisclosureStatus::Withheld {
            Said::new(
                "这条记录整体不予公开，但本年度公布的汇总数字（或读者可能从标题猜到的评价类型、监控时点等类别）把它的数值限定得过窄。可以把它改为 `status: 不列示`（网站上不出现这条记录），或在 summary.yaml 中不写涉及它的汇总数字；也可以在 site.yaml 中调低 `protection_margin`",
                "this record is withheld whole, but the year's published totals (or the categories a reader may guess from its title, such as the type of evaluation or the monitoring node) narrow its values down too far. Set `status: 不列示` (the record does not appear on the site), or leave the totals that include it out of summary.yaml; or lower `protection_margin` in site.yaml",
            )
        } else {
            Said::new(
                "把参与同一计算的数值一并列入 `disclosure.fields`：例如不公开某项指标的实际值时，也不公开该项指标得分；不公开执行数时，也不公开总分和等级",
                "list the values computed together with it in `disclosure.fields` too: e.g. when an indicator's actual value is withheld, withhold that indicator's score as well; when the amount spent is withheld, withhold the total score and the grade as well",
            )
        };
        diags.push(
            Diagnostic::error(rule::DERIVABLE, &r.source.path, r.source.line, 1)
                .msg(message)
                .hint(hint),
        );
    }
    undecided_diagnostics(d, listed, diags);
    if !config.require_full_totals {
        return;
    }
    let Some(summary) = summary else { return };
    reconcile::each_stated(summary, |path, _, s| {
        if d.refused.contains(&path) {
            diags.push(
                Diagnostic::error(rule::DERIVABLE, &summary.path, s.line, s.col)
                    .msg(said!(
                        "完整公布 `{path}` 会让读者由公开部分推算出不予公开的数值",
                        "publishing `{path}` in full would let readers compute a withheld value from the public parts"
                    ))
                    .hint(Said::new(
                        "site.yaml 要求完整公布合计数（`require_full_totals: true`）：请公开更多相关记录，或删去该设置，只公布公开部分的合计",
                        "site.yaml demands full totals (`require_full_totals: true`): publish more of the records involved, or remove that setting so that only the total of the public part is published",
                    )),
            );
        }
    });
}

/// Sections the gate could not decide (too many hidden categories to enumerate): the build
/// stops, naming the first record that hides something and how many do.
fn undecided_diagnostics(d: &gate::Decision, listed: &[&Record], diags: &mut Diagnostics) {
    for (i, n) in &d.undecided {
        let Some(r) = listed.get(*i) else { continue };
        diags.push(
            Diagnostic::error(rule::DERIVABLE, &r.source.path, r.source.line, 1)
                .msg(said!(
                    "本年度这一类中有 {n} 条记录不予公开全部或部分内容（这是其中第一条），组合太多，无法在限度内核验它们不能被推算出来或被限定在过窄的范围内",
                    "{n} records of this kind this year (this is the first of them) withhold all or part of their content, in too many combinations for the gate to verify within its limits that nothing withheld can be computed or narrowed down"
                ))
                .hint(Said::new(
                    "把其中一些整体不予公开的记录改为 `status: 不列示`，或只不公开它们的部分字段（`部分公开`），使本年度这一类中整体不予公开的记录少一些",
                    "set some of the records withheld whole to `status: 不列示`, or withhold only some of their fields (`部分公开`), so that fewer records of this kind are withheld whole this year",
                )),
        );
    }
}

fn stub(r: &Record) -> Stub {
    let title = r
        .disclosure
        .public_title
        .clone()
        .unwrap_or_else(|| format!("{}（不予公开）", r.kind.zh()));
    Stub {
        kind: r.kind,
        title: crossref::linked_title(r, title),
        reason: r.disclosure.reason.unwrap_or(Reason::Other),
        note: r.disclosure.note.clone(),
    }
}

/// Every text of a wholly withheld record goes to the secrets.
fn whole_record_secrets(r: &Record, secrets: &mut Secrets) {
    secrets.ids.insert(r.id.clone());
    secrets.strings.extend(fields::text_forms(&r.data));
}

/// Paths of the text fields of a record: what [`fields::text_forms`] reads.
#[cfg(test)]
fn all_text_paths(d: &RecordData) -> Vec<String> {
    let mut v: Vec<String> = [
        "project.name",
        "project.code",
        "title",
        "evaluator",
        "objective",
        "note",
        "deviation",
        "measures",
        "body",
        "subject.project.name",
        "objective.planned",
        "objective.actual",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let n = match d {
        RecordData::Goal(g) => g.indicators.len(),
        RecordData::SelfEvaluation(s) => s.indicators.len(),
        _ => 0,
    };
    for i in 1..=n {
        v.push(format!("indicators.{i}.name"));
        v.push(format!("indicators.{i}.deviation"));
    }
    v
}

/// The record with its `disclosure.fields` withheld; `passages` is how many passages of its
/// text are withheld (they are not in the record).
fn partial(
    r: &Record,
    passages: usize,
    secrets: &mut Secrets,
    diags: &mut Diagnostics,
) -> PublicRecord {
    let mut rec = r.clone();
    let reason = r.disclosure.reason.unwrap_or(Reason::Other);
    let mut count = 0;
    for (path, line, col) in &r.disclosure.fields {
        match fields::withhold(&mut rec.data, path, reason) {
            Some(forms) => {
                secrets.strings.extend(forms);
                count += 1;
            }
            None => diags.push(
                Diagnostic::error(rule::FIELD_PATH, &r.source.path, *line, *col)
                    .msg({
                        let (kind_zh, kind) = (r.kind.zh(), r.kind.key());
                        said!(
                            "`disclosure.fields` 里的 `{path}` 在这条{kind_zh}记录里找不到对应的字段",
                            "`{path}` in `disclosure.fields` names no field of this {kind} record"
                        )
                    })
                    .hint(field_paths_hint(r.kind)),
            ),
        }
    }
    PublicRecord {
        record: rec,
        withheld_fields: count,
        withheld_passages: passages,
    }
}

/// What a 部分公开 record of `kind` may list in `disclosure.fields`, as they are written. No
/// digit and no word of a withholdable category (see `diag::quiet`), so that the hint is shown
/// in full on the 部分公开 record it is about.
fn field_paths_hint(kind: Kind) -> Said {
    let paths = fields::paths(kind);
    let listed = said!(
        "这类记录可以不公开的字段：{paths}",
        "fields that can be withheld: {paths}"
    );
    if paths.contains(".N.") {
        listed.join(
            "。",
            "; ",
            &Said::new(
                "`N` 换成指标的序号（序号从一开始）",
                "`N` stands for the indicator's number, counting the first as one",
            ),
        )
    } else {
        listed
    }
}

/// The summary without the suppressed figures: their values do not enter the public model.
fn without(summary: &Summary, suppressed: &BTreeSet<String>) -> Summary {
    fn strip(prefix: &str, g: &mut Group, suppressed: &BTreeSet<String>) {
        g.figures
            .retain(|s| !suppressed.contains(&format!("{prefix}.{}", s.key)));
        g.changes
            .retain(|c| !suppressed.contains(&format!("{prefix}.vs_last_year.{}", c.key)));
        for c in &mut g.children {
            let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
            strip(&p, &mut c.group, suppressed);
        }
    }
    let mut s = summary.clone();
    for (prefix, g) in [
        ("ex_ante", &mut s.ex_ante),
        ("goals", &mut s.goals),
        ("self_evaluations", &mut s.self_evaluations),
    ] {
        if let Some(g) = g {
            strip(prefix, g, suppressed);
        }
    }
    for (m, g) in &mut s.monitoring {
        strip(&format!("monitoring.{m}"), g, suppressed);
    }
    for g in &mut s.evaluations {
        let p = format!("evaluations.{}", g.label);
        strip(&p, g, suppressed);
    }
    s
}

#[cfg(test)]
mod tests {

    use super::*;

    /// The old way: withhold each text path on a copy and keep what it removed.
    fn forms_by_withholding(d: &RecordData) -> Vec<String> {
        let mut copy = d.clone();
        let mut out = Vec::new();
        for path in all_text_paths(&copy) {
            out.extend(fields::withhold(&mut copy, &path, Reason::Other).unwrap_or_default());
        }
        out
    }

    #[test]
    fn text_forms_are_what_withholding_every_text_field_removes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (sources, _) = crate::load::load(root, Some(&root.join("public")));
        let (site, _) = crate::validate::validate(&sources);
        let site = site.expect("the example site validates");
        let mut seen = 0;
        for (y, r) in site
            .regions
            .iter()
            .flat_map(|r| &r.years)
            .flat_map(|y| y.records.iter().map(move |r| (y, r)))
        {
            assert_eq!(
                fields::text_forms(&r.data),
                forms_by_withholding(&r.data),
                "{}",
                r.id
            );
            let passages = y.passages_of(r).len();
            let mut public = partial(
                r,
                passages,
                &mut Secrets::default(),
                &mut Diagnostics::default(),
            );
            let data = std::mem::replace(&mut public.record.data, r.data.clone());
            assert_eq!(
                fields::text_forms(&data),
                forms_by_withholding(&data),
                "{}",
                r.id
            );
            seen += 1;
        }
        assert!(seen > 40, "the example site has records of every kind");
    }
}
