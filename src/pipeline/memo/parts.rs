//! What the memo keeps of a round besides its pages: each body's year's search documents and
//! open data, and the site-wide open-data tables; taken by a later round when what they are
//! made from is unchanged (see the parent module).

use super::{Body, Round, Unit};
use crate::disclose::PublicSite;
use crate::format::bulk::{self, Bulk, DataFile, Made as BulkMade};
use crate::format::data::Made;
use crate::format::datapackage::Described;
use crate::format::search::Block;
use crate::model::Kind;
use crate::view::i18n::I18n;
use crate::view::manifest::RecordKey;
use crate::view::pages::Job;
use std::collections::HashMap;
use std::sync::Arc;

/// The stage results of a body's year besides its pages: its search documents (with the body's
/// index, which they name) and its open data.
#[derive(Default)]
pub(in crate::pipeline) struct Parts {
    pub(super) blocks: HashMap<Unit, (usize, Arc<Block>)>,
    pub(in crate::pipeline) data: HashMap<Unit, DataPart>,
    /// The site-wide tables of the open data, by file.
    pub(in crate::pipeline) bulk: HashMap<String, BulkPart>,
    /// The digest of each body's year's part of each site-wide table (by its file; None when
    /// the year has no part of it).
    pub(in crate::pipeline) tables: HashMap<(Unit, String), Option<[u8; 32]>>,
    /// Each public record's hash in the 更新记录 (the preview's rounds only).
    hashes: HashMap<RecordKey, String>,
    /// Each body's pages (at its index), in order (the preview's rounds only).
    jobs: HashMap<String, (usize, Arc<Vec<Job>>)>,
}

impl Parts {
    /// What the persistent cache keeps of a build's parts (not the search documents).
    pub(in crate::pipeline) fn from_disk(
        data: HashMap<Unit, DataPart>,
        bulk: HashMap<String, BulkPart>,
        tables: HashMap<(Unit, String), Option<[u8; 32]>>,
    ) -> Parts {
        Parts {
            blocks: HashMap::new(),
            data,
            bulk,
            tables,
            hashes: HashMap::new(),
            jobs: HashMap::new(),
        }
    }
}

/// A body's year's open data: its files and what the package descriptor says of its tables.
#[derive(Clone)]
pub struct DataPart {
    pub files: Vec<(String, Body)>,
    pub described: Vec<Described>,
}

impl DataPart {
    pub(super) fn intact(&self) -> bool {
        self.files.iter().all(|(_, b)| b.intact())
    }
}

/// A site-wide table of the open data as a round made it: the digest of the table
/// ([`Bulk::digest`]), its files and descriptions.
#[derive(Clone)]
pub struct BulkPart {
    pub digest: [u8; 32],
    pub files: Vec<(String, Body)>,
    pub described: Described,
    pub data_file: DataFile,
}

impl BulkPart {
    pub(super) fn intact(&self) -> bool {
        self.files.iter().all(|(_, b)| b.intact())
    }
}

impl Round<'_> {
    /// The search documents of the `ri`th body's `year`: the last round's when the whole body
    /// (a document names its project, grouped across the body's years) and its place are
    /// unchanged, else made by `make`; kept for the next round.
    pub fn block(&self, unit: (&str, i32), ri: usize, make: impl FnOnce() -> Block) -> Arc<Block> {
        let key = (unit.0.to_string(), unit.1);
        let last = self
            .last_parts
            .filter(|_| self.same_bodies.contains(unit.0))
            .and_then(|p| p.blocks.get(&key))
            .filter(|(at, _)| *at == ri)
            .map(|(_, b)| b.clone());
        let block = last.unwrap_or_else(|| Arc::new(make()));
        if self.persistent {
            return block;
        }
        self.parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .blocks
            .insert(key, (ri, block.clone()));
        block
    }

    /// The open data of a body's year, and whether it is the last round's (taken when the year
    /// is unchanged; else made by `make`); kept for the next round (a persistent round keeps
    /// where its files are, not their bytes).
    pub fn data(&self, unit: (&str, i32), make: impl FnOnce() -> Made) -> (DataPart, bool) {
        let key = (unit.0.to_string(), unit.1);
        let last = self
            .last_parts
            .filter(|_| self.same_units.contains(&key))
            .and_then(|p| p.data.get(&key))
            .filter(|d| d.intact())
            .cloned();
        let taken = last.is_some();
        let part = last.unwrap_or_else(|| {
            let made = make();
            let files = made.files.into_iter();
            DataPart {
                files: files.map(|(p, b)| (p, Body::Mem(b))).collect(),
                described: made.described,
            }
        });
        let kept = match (self.persistent, taken) {
            (true, false) => DataPart {
                files: stored(&part.files),
                ..part.clone()
            },
            _ => part.clone(),
        };
        self.parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .data
            .insert(key, kept);
        (part, taken)
    }

    /// The site-wide table of kind `k` (its indicators when `ind`), if any body has one: its
    /// files, the last round's when the table's digest is the same (the same rows in the same
    /// environment make the same files), else made by `make`; and whether they were taken.
    /// The digest is worked out from its parts' ([`bulk::digest_of`]), each unchanged year's
    /// part's digest the last round's: an unchanged table is not made at all. Kept for the next
    /// round (a persistent round keeps where its files are, not their bytes).
    pub fn bulk(
        &self,
        public: &PublicSite,
        i: &I18n,
        (k, ind): (Kind, bool),
        make: impl FnOnce(&Bulk) -> BulkMade,
    ) -> Option<(BulkPart, bool)> {
        let (file, _) = bulk::named(i, k, ind);
        let last = self
            .last_parts
            .and_then(|p| p.bulk.get(&file))
            .filter(|l| l.intact());
        if let Some(last) = last {
            let digests: Vec<[u8; 32]> = bulk::years_of(public, k)
                .into_iter()
                .filter_map(|at| self.part_digest(public, i, (k, ind), &file, at))
                .collect();
            if digests.is_empty() {
                return None;
            }
            if bulk::digest_of(i, k, ind, &digests) == last.digest {
                let part = last.clone();
                self.keep_bulk(file, part.clone());
                return Some((part, true));
            }
        }
        let b = bulk::table(public, i, k, ind)?;
        {
            let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
            for (unit, d) in &b.part_digests {
                parts.tables.insert((unit.clone(), file.clone()), *d);
            }
        }
        let made = make(&b);
        let part = BulkPart {
            digest: b.digest,
            files: made
                .files
                .into_iter()
                .map(|o| (o.path, Body::Mem(Arc::new(o.bytes))))
                .collect(),
            described: made.described,
            data_file: made.data_file,
        };
        let kept = match self.persistent {
            true => BulkPart {
                files: stored(&part.files),
                ..part.clone()
            },
            false => part.clone(),
        };
        self.keep_bulk(file, kept);
        Some((part, false))
    }

    /// The 更新记录's hash of the public record at `key`: the last round's when its body's year
    /// is unchanged (the hash is of the record alone), else made by `make`; kept for the next
    /// round (not by a persistent round: the cache does not keep them).
    pub fn record_hash(&self, key: &RecordKey, make: impl FnOnce() -> String) -> String {
        let unit = (key.region.clone(), key.year);
        let last = self
            .last_parts
            .filter(|_| self.same_units.contains(&unit))
            .and_then(|p| p.hashes.get(key))
            .cloned();
        let hash = last.unwrap_or_else(make);
        if !self.persistent {
            self.parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .hashes
                .insert(key.clone(), hash.clone());
        }
        hash
    }

    /// The pages of the `ri`th body `id`, in order: the last round's when the whole body (the
    /// list is made from it alone) is unchanged at the same index, else made by `make`; kept
    /// for the next round (not by a persistent round).
    pub fn body_jobs(&self, id: &str, ri: usize, make: impl FnOnce() -> Vec<Job>) -> Vec<Job> {
        let last = self
            .last_parts
            .filter(|_| self.same_bodies.contains(id))
            .and_then(|p| p.jobs.get(id))
            .filter(|(at, _)| *at == ri)
            .map(|(_, j)| j.clone());
        let jobs = last.unwrap_or_else(|| Arc::new(make()));
        if !self.persistent {
            self.parts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .jobs
                .insert(id.to_string(), (ri, jobs.clone()));
        }
        Arc::unwrap_or_clone(jobs)
    }

    fn keep_bulk(&self, file: String, part: BulkPart) {
        self.parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .bulk
            .insert(file, part);
    }

    /// The digest of the part of the `at`th body's year of the site-wide table `file` (of kind
    /// `k`, its indicators when `ind`): the last round's when the year is unchanged, else
    /// worked out from its yearly table; kept for the next round.
    fn part_digest(
        &self,
        public: &PublicSite,
        i: &I18n,
        (k, ind): (Kind, bool),
        file: &str,
        at: (usize, usize),
    ) -> Option<[u8; 32]> {
        let r = &public.regions()[at.0];
        let year = r.years()[at.1].year();
        let key = ((r.id().to_string(), year), file.to_string());
        let last = self
            .last_parts
            .filter(|_| self.same_units.contains(&key.0))
            .and_then(|p| p.tables.get(&key))
            .copied();
        let d = last.unwrap_or_else(|| {
            bulk::part(public, i, k, ind, at).map(|t| bulk::part_digest(r.id(), r.name(), year, &t))
        });
        self.parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .tables
            .insert(key, d);
        d
    }
}

/// Files a persistent round made: stored at their paths by this round, for the cache to file.
fn stored(files: &[(String, Body)]) -> Vec<(String, Body)> {
    files
        .iter()
        .map(|(p, _)| (p.clone(), Body::Stored))
        .collect()
}
