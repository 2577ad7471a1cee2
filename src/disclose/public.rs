//! The public model: what may be published, as [`disclose`](super::disclose) makes it. Every
//! type here has private fields and read accessors: only `disclose` can make one or change
//! what it holds, and views, formats and the driver read it.

use super::fields;
use crate::figures::compute::Figures;
use crate::figures::reconcile::Status;
use crate::figures::relations::Finding;
use crate::model::summary::Summary;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// A 不予公开 record as the public sees it: no id, no page, no values.
///
/// ```compile_fail,E0451
/// use gongkai::model::{Kind, Reason};
/// fn forge() -> gongkai::disclose::Stub {
///     gongkai::disclose::Stub { kind: Kind::Goal, title: String::new(), reason: Reason::Other, note: None }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub(in crate::disclose) kind: Kind,
    pub(in crate::disclose) title: String,
    pub(in crate::disclose) reason: Reason,
    pub(in crate::disclose) note: Option<Text>,
}

impl Stub {
    /// The kind of the withheld record.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Its public title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Why it is withheld.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// The public note of its disclosure, if any.
    pub fn note(&self) -> Option<&Text> {
        self.note.as_ref()
    }
}

/// A published record and how much of it was withheld. Made only by [`disclose`]: its fields
/// are private, so no other module can build one or change what it holds. Its withheld fields
/// are `Pub::Withheld`; its withheld passages are not in it at all (they stay in the private
/// [`Year::passages`] and go to the [`Secrets`]).
///
/// ```compile_fail,E0451
/// fn forge(record: gongkai::model::Record) -> gongkai::disclose::PublicRecord {
///     gongkai::disclose::PublicRecord { record, withheld_fields: 0, withheld_passages: 0 }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRecord {
    pub(in crate::disclose) record: Record,
    pub(in crate::disclose) withheld_fields: usize,
    pub(in crate::disclose) withheld_passages: usize,
}

impl PublicRecord {
    /// The record as published.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// How many of its fields are withheld.
    pub fn withheld_fields(&self) -> usize {
        self.withheld_fields
    }

    /// How many passages of its text are withheld.
    pub fn withheld_passages(&self) -> usize {
        self.withheld_passages
    }

    /// A public record made by hand, for tests of what reads one.
    #[cfg(test)]
    pub(crate) fn for_test(
        record: Record,
        withheld_fields: usize,
        withheld_passages: usize,
    ) -> Self {
        PublicRecord {
            record,
            withheld_fields,
            withheld_passages,
        }
    }

    /// How the record is published, as its page, the data files and the withheld register
    /// all say it: 部分公开 as soon as anything in it is withheld (a field or a passage
    /// marked inline), whatever status its `disclosure:` states. Computed from the public
    /// counts of withheld fields and passages only.
    pub fn shown_status(&self) -> DisclosureStatus {
        match self.record.disclosure.status {
            DisclosureStatus::Public if self.withheld_fields + self.withheld_passages > 0 => {
                DisclosureStatus::Partial
            }
            s => s,
        }
    }
}

/// A body's fiscal year as published.
///
/// ```compile_fail,E0451
/// fn forge(year: gongkai::disclose::PublicYear) -> gongkai::disclose::PublicYear {
///     gongkai::disclose::PublicYear { year: 2000, ..year }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicYear {
    pub(in crate::disclose) year: i32,
    pub(in crate::disclose) page: Option<Page>,
    pub(in crate::disclose) summary: Option<Summary>,
    pub(in crate::disclose) records: Vec<PublicRecord>,
    pub(in crate::disclose) stubs: Vec<Stub>,
    /// Figures computed from public values only.
    pub(in crate::disclose) figures: Figures,
    /// Reconciliation status of each stated figure, by path.
    pub(in crate::disclose) status: BTreeMap<String, Status>,
    /// Stated figures left out because publishing them in full would reveal a withheld value.
    pub(in crate::disclose) suppressed: BTreeSet<String>,
    /// Stated figures that contradict each other (none of them suppressed).
    pub(in crate::disclose) findings: Vec<Finding>,
}

impl PublicYear {
    /// The fiscal year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The year's `_index.md`, its figures placed.
    pub fn page(&self) -> Option<&Page> {
        self.page.as_ref()
    }

    /// The year's summary.yaml without the suppressed figures.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// The published records, by id.
    pub fn records(&self) -> &[PublicRecord] {
        &self.records
    }

    /// The 不予公开 records, by kind and title.
    pub fn stubs(&self) -> &[Stub] {
        &self.stubs
    }

    /// Figures computed from public values only.
    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    /// Reconciliation status of each stated figure, by path.
    pub fn status(&self) -> &BTreeMap<String, Status> {
        &self.status
    }

    /// Stated figures left out because publishing them in full would reveal a withheld value.
    pub fn suppressed(&self) -> &BTreeSet<String> {
        &self.suppressed
    }

    /// Stated figures that contradict each other (none of them suppressed).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The day the year's disclosure was published, as its `_index.md` front matter or its
    /// summary.yaml gives it; `None` when neither does (a date is never guessed).
    pub fn published_on(&self) -> Option<chrono::NaiveDate> {
        self.page
            .as_ref()
            .and_then(|p| p.published_on)
            .or_else(|| self.summary.as_ref().and_then(|s| s.published_on))
    }
}

/// A body (a region's department or the region itself) as published.
///
/// ```compile_fail,E0451
/// fn forge(region: gongkai::disclose::PublicRegion) -> gongkai::disclose::PublicRegion {
///     gongkai::disclose::PublicRegion { years: Vec::new(), ..region }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRegion {
    pub(in crate::disclose) id: String,
    pub(in crate::disclose) name: String,
    pub(in crate::disclose) level: RegionLevel,
    pub(in crate::disclose) code: Option<String>,
    pub(in crate::disclose) parent: Option<String>,
    pub(in crate::disclose) units: Vec<Unit>,
    pub(in crate::disclose) years: Vec<PublicYear>,
}

impl PublicRegion {
    /// The body's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The body's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The body's level.
    pub fn level(&self) -> RegionLevel {
        self.level
    }

    /// The body's code, if it has one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The id of the body above it, if any.
    pub fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }

    /// The body's units.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The body's published years, oldest first.
    pub fn years(&self) -> &[PublicYear] {
        &self.years
    }

    /// The name of the unit `id`, or `id` itself when no unit has it.
    pub fn unit_name(&self, id: &str) -> String {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

/// What may be published. Constructed only by [`disclose`](super::disclose): its private
/// fields keep any other module from making one.
///
/// ```compile_fail,E0451
/// fn forge(site: gongkai::disclose::PublicSite) -> gongkai::disclose::PublicSite {
///     gongkai::disclose::PublicSite { home: None, ..site }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSite {
    pub(in crate::disclose) config: Config,
    pub(in crate::disclose) home: Option<Page>,
    pub(in crate::disclose) regions: Vec<PublicRegion>,
}

impl PublicSite {
    /// The site's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The home page, its figures placed.
    pub fn home(&self) -> Option<&Page> {
        self.home.as_ref()
    }

    /// Every body, in order.
    pub fn regions(&self) -> &[PublicRegion] {
        &self.regions
    }

    /// Every fiscal year of any body, newest first, each once.
    pub fn years_newest_first(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .regions
            .iter()
            .flat_map(|r| r.years.iter().map(|y| y.year))
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// Every text the site publishes from its content: record fields, stub titles, notes,
    /// names and narratives.
    pub fn public_texts(&self) -> Vec<String> {
        let c = &self.config;
        let mut out = vec![c.title.clone(), c.owner.clone()];
        out.extend(self.home.iter().map(|p| p.body.public_plain()));
        for r in &self.regions {
            out.push(r.name.clone());
            out.extend(r.units.iter().map(|u| u.name.clone()));
            for y in &r.years {
                out.extend(y.page.iter().map(|p| p.body.public_plain()));
                out.extend(y.stubs.iter().map(|s| s.title.clone()));
                out.extend(
                    y.stubs
                        .iter()
                        .filter_map(|s| s.note.as_ref().map(Text::public_plain)),
                );
                for p in &y.records {
                    out.push(p.record.id.clone());
                    out.extend(fields::text_forms(&p.record.data));
                }
            }
        }
        out
    }
}
