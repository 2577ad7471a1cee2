//! Changes between publications (更新记录): what each build published, kept in the output as
//! `data/manifest.json`, and what changed since the previous one.
//!
//! The manifest holds only what the public already sees: the keys (region, year, kind, id) of
//! public records with a hash of each one's public content, the number of 不予公开 stubs per
//! region, year and kind, and the history of publications. A publication names the records
//! added and updated; records taken down are counted, never named (their names could now be
//! withheld), and a record that became 不予公开 is counted as such by the rise in stubs of its
//! group. Named records that are no longer public drop out of older entries too, so the history
//! never names what is withheld now. Plain data and pure functions: reading the previous
//! manifest is the only I/O here; no wall clock (dates come from `SOURCE_DATE_EPOCH`).

use super::Output;
use crate::diag::Tell;
use crate::disclose::{PublicRecord, PublicSite};
use crate::said;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where the manifest is published.
pub const MANIFEST_PATH: &str = "data/manifest.json";
/// The manifest format this version writes: record hashes of the canonical form (`canon`).
pub const FORMAT: u32 = 2;
/// Older formats this version reads, once: the build after the upgrade compares with them.
const READS: [u32; 2] = [super::manifest_v1::FORMAT, FORMAT];
/// How many publications the history keeps.
pub const KEEP: usize = 100;

use crate::view::manifest::{Manifest, Publication, Published, RecordKey, StubCount};

/// The hash of a public record's public content (not where it was written): SHA-256 of its
/// canonical form (see `canon`).
pub fn record_hash(p: &PublicRecord) -> String {
    super::canon::record_hash(p)
}

/// The key of every public record, with its hash (given by `hash`, which may reuse earlier
/// results), sorted.
pub fn published(
    site: &PublicSite,
    hash: &(dyn Fn(&RecordKey, &PublicRecord) -> String + Sync),
) -> Vec<Published> {
    let mut v: Vec<(RecordKey, &PublicRecord)> = Vec::new();
    for r in site.regions() {
        for y in r.years() {
            for p in y.records() {
                let key = RecordKey {
                    region: r.id().to_string(),
                    year: y.year(),
                    kind: p.record().kind.folder().to_string(),
                    id: p.record().id.clone(),
                };
                v.push((key, p));
            }
        }
    }
    let mut out: Vec<Published> = v
        .into_par_iter()
        .map(|(key, p)| Published {
            hash: hash(&key, p),
            key,
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

fn stub_counts(site: &PublicSite) -> Vec<StubCount> {
    let mut m: BTreeMap<(String, i32, String), usize> = BTreeMap::new();
    for r in site.regions() {
        for y in r.years() {
            for s in y.stubs() {
                *m.entry((r.id().to_string(), y.year(), s.kind().folder().to_string()))
                    .or_default() += 1;
            }
        }
    }
    m.into_iter()
        .map(|((region, year, kind), count)| StubCount {
            region,
            year,
            kind,
            count,
        })
        .collect()
}

/// The manifest of this publication: the previous history, plus an entry when anything
/// changed (or the first entry when there was no previous manifest).
pub fn next(
    previous: Option<&Manifest>,
    records: Vec<Published>,
    site: &PublicSite,
    date: Option<String>,
) -> Manifest {
    let withheld = stub_counts(site);
    let live: BTreeSet<&RecordKey> = records.iter().map(|p| &p.key).collect();
    let mut publications: Vec<Publication> =
        previous.map(|m| m.publications.clone()).unwrap_or_default();
    for p in &mut publications {
        p.added.retain(|k| live.contains(k));
        p.updated.retain(|k| live.contains(k));
    }
    let entry = match previous {
        None => Some(Publication {
            number: 1,
            date,
            first: true,
            records: records.len(),
            added: Vec::new(),
            updated: Vec::new(),
            removed: 0,
            withheld: 0,
            new_withheld: 0,
        }),
        Some(prev) if prev.format == super::manifest_v1::FORMAT => {
            // Migration: compare with the hashes FORMAT 1 gave the records now public.
            let v1 = published(site, &|_, p| super::manifest_v1::record_hash(p));
            diff(prev, &v1, &withheld, date)
        }
        Some(prev) => diff(prev, &records, &withheld, date),
    };
    if let Some(mut e) = entry {
        e.number = publications.last().map_or(e.number, |p| p.number + 1);
        publications.push(e);
    }
    let excess = publications.len().saturating_sub(KEEP);
    publications.drain(..excess);
    Manifest {
        format: FORMAT,
        records,
        withheld,
        publications,
    }
}

fn group(k: &RecordKey) -> (String, i32, String) {
    (k.region.clone(), k.year, k.kind.clone())
}

/// What changed since `prev`, or `None` when nothing did.
fn diff(
    prev: &Manifest,
    now: &[Published],
    stubs: &[StubCount],
    date: Option<String>,
) -> Option<Publication> {
    let before: BTreeMap<&RecordKey, &str> = prev
        .records
        .iter()
        .map(|p| (&p.key, p.hash.as_str()))
        .collect();
    let after: BTreeSet<&RecordKey> = now.iter().map(|p| &p.key).collect();
    let mut added = Vec::new();
    let mut updated = Vec::new();
    for p in now {
        match before.get(&p.key) {
            None => added.push(p.key.clone()),
            Some(h) if *h != p.hash => updated.push(p.key.clone()),
            Some(_) => {}
        }
    }
    let mut removed: BTreeMap<(String, i32, String), usize> = BTreeMap::new();
    for k in before.keys().filter(|k| !after.contains(*k)) {
        *removed.entry(group(k)).or_default() += 1;
    }
    let count = |list: &[StubCount]| -> BTreeMap<(String, i32, String), usize> {
        list.iter()
            .map(|s| ((s.region.clone(), s.year, s.kind.clone()), s.count))
            .collect()
    };
    let (was, is) = (count(&prev.withheld), count(stubs));
    let (mut gone, mut withheld, mut new_withheld) = (0, 0, 0);
    let groups: BTreeSet<_> = removed.keys().chain(is.keys()).cloned().collect();
    for g in groups {
        let rise = is
            .get(&g)
            .copied()
            .unwrap_or(0)
            .saturating_sub(was.get(&g).copied().unwrap_or(0));
        let r = removed.get(&g).copied().unwrap_or(0);
        let moved = rise.min(r);
        withheld += moved;
        gone += r - moved;
        new_withheld += rise - moved;
    }
    if added.is_empty() && updated.is_empty() && gone + withheld + new_withheld == 0 {
        return None;
    }
    Some(Publication {
        number: 1,
        date,
        first: false,
        records: now.len(),
        added,
        updated,
        removed: gone,
        withheld,
        new_withheld,
    })
}

/// Read the manifest of the previous publication. `Ok(None)` when there is none; an error when
/// it cannot be read or is not a manifest this version understands. A FORMAT 1 manifest is
/// read as it is: [`next`] compares with it through its own hashes and writes FORMAT 2.
pub fn read_previous(path: &Path) -> anyhow::Result<Option<Manifest>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).told(|| crate::diag::told::reading(path)),
    };
    let p = path.display();
    let m: Manifest = serde_json::from_str(&text).told(|| {
        said!(
            "{p} 不是 gongkai 生成的发布清单",
            "{p} is not a gongkai manifest"
        )
    })?;
    if !READS.contains(&m.format) {
        let format = m.format;
        return Err(crate::diag::told(said!(
            "{p} 的清单格式是 {format}，这个版本的 gongkai 只能读格式 1 和 {FORMAT}",
            "{p} has manifest format {format}; this gongkai reads formats 1 and {FORMAT}"
        )));
    }
    Ok(Some(m))
}

/// The manifest as an output file: one record, count or publication a line, so that the
/// file stays small and two publications differ line by line.
pub fn output(m: &Manifest) -> Output {
    fn lines<T: Serialize>(items: &[T]) -> String {
        let v: Vec<String> = items
            .iter()
            .map(|i| format!("    {}", serde_json::to_string(i).unwrap_or_default()))
            .collect();
        if v.is_empty() {
            "[]".into()
        } else {
            format!("[\n{}\n  ]", v.join(",\n"))
        }
    }
    let text = format!(
        "{{\n  \"format\": {},\n  \"records\": {},\n  \"withheld\": {},\n  \"publications\": {}\n}}\n",
        m.format,
        lines(&m.records),
        lines(&m.withheld),
        lines(&m.publications)
    );
    Output {
        path: MANIFEST_PATH.into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> RecordKey {
        RecordKey {
            region: "a".into(),
            year: 2024,
            kind: "goals".into(),
            id: id.into(),
        }
    }

    #[test]
    fn the_manifest_reads_back_as_written() {
        let m = Manifest {
            format: FORMAT,
            records: vec![Published {
                key: key("x"),
                hash: "00".into(),
            }],
            withheld: Vec::new(),
            publications: vec![Publication {
                number: 1,
                date: None,
                first: true,
                records: 1,
                added: vec![key("x")],
                updated: Vec::new(),
                removed: 0,
                withheld: 0,
                new_withheld: 0,
            }],
        };
        let out = output(&m);
        let back: Manifest = serde_json::from_slice(&out.bytes).unwrap();
        assert_eq!(back, m);
        let text = String::from_utf8(out.bytes).unwrap();
        assert!(text.contains("\n    {\"region\":\"a\",\"year\":2024,\"kind\":\"goals\",\"id\":\"x\",\"hash\":\"00\"}\n"), "{text}");
    }

    #[test]
    fn a_removed_record_in_a_group_whose_stubs_rose_counts_as_withheld() {
        let prev = Manifest {
            format: FORMAT,
            records: vec![
                Published {
                    key: key("x"),
                    hash: "1".into(),
                },
                Published {
                    key: key("y"),
                    hash: "1".into(),
                },
            ],
            withheld: Vec::new(),
            publications: Vec::new(),
        };
        let now = vec![Published {
            key: key("z"),
            hash: "1".into(),
        }];
        let stubs = vec![StubCount {
            region: "a".into(),
            year: 2024,
            kind: "goals".into(),
            count: 1,
        }];
        let p = diff(&prev, &now, &stubs, None).unwrap();
        assert_eq!(
            (p.added.len(), p.removed, p.withheld, p.new_withheld),
            (1, 1, 1, 0)
        );
        assert!(diff(&prev, &prev.records, &[], None).is_none());
    }
}
