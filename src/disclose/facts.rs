//! What the validated and disclosed site tells the diagnostics' guard (`diag::quiet`) about
//! withheld content: which files hold withheld or partly withheld records, which years and
//! summary lines take in withheld values, and the ids, texts and figures that no message may
//! name. Reads the site and its public part; changes nothing. No I/O here.

use super::{PublicSite, Secrets};
use crate::diag::quiet::Facts;
use crate::figures::{reconcile, section_of, value_text};
use crate::model::{DisclosureStatus, Language, Site, Year};
use std::collections::BTreeSet;

/// The facts of a validated site and its public part.
pub fn facts(site: &Site, public: &PublicSite, secrets: &Secrets) -> Facts {
    let mut f = Facts::default();
    f.needles.extend(secrets.strings.iter().cloned());
    f.needles.extend(secrets.ids.iter().cloned());
    for region in &site.regions {
        let public_years = public.regions.iter().find(|r| r.id == region.id);
        for year in &region.years {
            let suppressed = public_years
                .and_then(|r| r.years.iter().find(|y| y.year == year.year))
                .map(|y| y.suppressed.clone())
                .unwrap_or_default();
            add_year(&mut f, &region.id, year, &suppressed);
        }
    }
    f
}

fn add_year(f: &mut Facts, region: &str, year: &Year, suppressed: &BTreeSet<String>) {
    let mut tainted_sections = BTreeSet::new();
    for r in &year.records {
        f.known.insert(r.source.path.clone());
        match r.disclosure.status {
            DisclosureStatus::Public => {}
            DisclosureStatus::Partial => {
                f.partial.insert(r.source.path.clone());
                tainted_sections.insert(section_of(r.kind));
            }
            DisclosureStatus::Withheld | DisclosureStatus::Excluded => {
                f.hidden.insert(r.source.path.clone());
                f.needles.insert(r.id.clone());
                if r.disclosure.status == DisclosureStatus::Withheld {
                    tainted_sections.insert(section_of(r.kind));
                }
            }
        }
    }
    if !tainted_sections.is_empty() || !suppressed.is_empty() {
        f.tainted_years
            .insert(format!("content/{region}/{}/", year.year));
    }
    let Some(summary) = &year.summary else {
        return;
    };
    let mut lines = BTreeSet::new();
    for (_, prefix, group) in summary.sections() {
        if tainted_sections.contains(prefix.as_str()) {
            lines.insert(group.line);
        }
    }
    reconcile::each_stated(summary, |path, _, s| {
        let section = path.split('.').next().unwrap_or("");
        if suppressed.contains(&path) {
            f.needles.insert(value_text(&s.value, true, Language::Zh));
            f.needles.insert(reconcile::show(&s.value));
        }
        if suppressed.contains(&path) || tainted_sections.contains(section) {
            lines.insert(s.line);
        }
    });
    f.summary_lines.insert(summary.path.clone(), lines);
}
