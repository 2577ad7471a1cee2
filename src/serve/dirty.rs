//! Which pages a change affects: each page is compared, by a stable key, with the part of the
//! previous public site it was rendered from.
//!
//! The rules mirror what `render::pages::context` reads for each page: a record page its
//! record and its region's header (name, units…); a list page the records and stubs of its
//! kind in its year, and the year's stated and computed figures (its header says when the
//! records are a part of what the body states); a year page its year; a region page its region; the home page and the
//! withheld register the whole site (always rendered again). Site settings and templates are not compared here: when
//! they change, every page is rendered again. A test renders every page after each of many
//! edits and compares with a full render. No I/O here.

use crate::disclose::{PublicRecord, PublicRegion, PublicSite, PublicYear, Stub};
use crate::model::Kind;
use crate::render::pages::Job;
use std::collections::BTreeMap;

/// A page's identity across builds (indices move when records are added or removed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Home,
    About,
    Withheld,
    NotFound,
    Region(String),
    Year(String, i32),
    List(String, i32, Kind),
    ListView(String, i32, Kind, usize),
    Record(String, i32, Kind, String),
    Search,
}

/// The key of a page of `site`.
pub fn key(site: &PublicSite, job: &Job) -> Key {
    let region = |ri: &usize| &site.regions[*ri];
    match job {
        Job::Home => Key::Home,
        Job::About => Key::About,
        Job::Withheld => Key::Withheld,
        Job::NotFound => Key::NotFound,
        Job::Region(ri) => Key::Region(region(ri).id.clone()),
        Job::Year(ri, yi) => Key::Year(region(ri).id.clone(), region(ri).years[*yi].year),
        Job::List(ri, yi, k) => Key::List(region(ri).id.clone(), region(ri).years[*yi].year, *k),
        Job::ListView(ri, yi, k, n) => {
            Key::ListView(region(ri).id.clone(), region(ri).years[*yi].year, *k, *n)
        }
        Job::Search => Key::Search,
        Job::Record(ri, yi, n) => {
            let y = &region(ri).years[*yi];
            let rec = &y.records[*n].record;
            Key::Record(region(ri).id.clone(), y.year, rec.kind, rec.id.clone())
        }
    }
}

/// The previous site, indexed by key.
struct Index<'a> {
    regions: BTreeMap<&'a str, &'a PublicRegion>,
    years: BTreeMap<(&'a str, i32), &'a PublicYear>,
    records: BTreeMap<(&'a str, i32, Kind, &'a str), &'a PublicRecord>,
}

fn index(site: &PublicSite) -> Index<'_> {
    let mut ix = Index {
        regions: BTreeMap::new(),
        years: BTreeMap::new(),
        records: BTreeMap::new(),
    };
    for r in &site.regions {
        ix.regions.insert(&r.id, r);
        for y in &r.years {
            ix.years.insert((&r.id, y.year), y);
            for p in &y.records {
                let rec = &p.record;
                ix.records.insert((&r.id, y.year, rec.kind, &rec.id), p);
            }
        }
    }
    ix
}

/// The parts of a region that every page under it shows.
fn same_header(a: &PublicRegion, b: &PublicRegion) -> bool {
    a.id == b.id
        && a.name == b.name
        && a.level == b.level
        && a.code == b.code
        && a.parent == b.parent
        && a.units == b.units
}

fn of_kind(y: &PublicYear, k: Kind) -> (Vec<&PublicRecord>, Vec<&Stub>) {
    (
        y.records.iter().filter(|p| p.record.kind == k).collect(),
        y.stubs.iter().filter(|s| s.kind == k).collect(),
    )
}

/// For each of `jobs` (pages of `now`), whether it must be rendered again. Each year is
/// compared once; pages of an unchanged year are skipped without looking further.
pub fn dirty(prev: &PublicSite, now: &PublicSite, jobs: &[Job]) -> Vec<bool> {
    let ix = index(prev);
    let header: Vec<bool> = now
        .regions
        .iter()
        .map(|r| {
            ix.regions
                .get(r.id.as_str())
                .is_some_and(|p| same_header(p, r))
        })
        .collect();
    let same_year: Vec<Vec<bool>> = now
        .regions
        .iter()
        .zip(&header)
        .map(|(r, h)| {
            r.years
                .iter()
                .map(|y| *h && ix.years.get(&(r.id.as_str(), y.year)) == Some(&y))
                .collect()
        })
        .collect();
    let same_region = |ri: usize| {
        let r = &now.regions[ri];
        same_year[ri].iter().all(|s| *s)
            && ix
                .regions
                .get(r.id.as_str())
                .is_some_and(|p| p.years.len() == r.years.len())
    };
    jobs.iter()
        .map(|job| match job {
            // The whole site: cheaper to render again than to compare.
            Job::Home | Job::Withheld | Job::Search => true,
            Job::About | Job::NotFound => false,
            Job::Region(ri) => !same_region(*ri),
            Job::Year(ri, yi) => !same_year[*ri][*yi],
            Job::List(ri, yi, k) | Job::ListView(ri, yi, k, _) => {
                let r = &now.regions[*ri];
                let y = &r.years[*yi];
                !same_year[*ri][*yi]
                    && (!header[*ri]
                        || ix.years.get(&(r.id.as_str(), y.year)).is_none_or(|p| {
                            of_kind(p, *k) != of_kind(y, *k)
                                || p.summary != y.summary
                                || p.figures != y.figures
                        }))
            }
            Job::Record(ri, yi, n) => {
                let r = &now.regions[*ri];
                let y = &r.years[*yi];
                let p = &y.records[*n];
                let k = (r.id.as_str(), y.year, p.record.kind, p.record.id.as_str());
                !same_year[*ri][*yi] && (!header[*ri] || ix.records.get(&k).is_none_or(|x| *x != p))
            }
        })
        .collect()
}
