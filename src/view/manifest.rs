//! The manifest's history as data: the records each publication added and updated, and the
//! counts of what it took down or withheld. The manifest is made, read and written by
//! `format::changes`; the types live here so that the 更新记录 view (`changes`) can read a
//! publication without importing a format. Plain data; no I/O here.

use serde::{Deserialize, Serialize};

/// A public record's place: region, year, kind (its content folder) and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordKey {
    pub region: String,
    pub year: i32,
    pub kind: String,
    pub id: String,
}

/// A public record as published: its key and the hash of its public content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    #[serde(flatten)]
    pub key: RecordKey,
    pub hash: String,
}

/// How many 不予公开 stubs a region, year and kind had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StubCount {
    pub region: String,
    pub year: i32,
    pub kind: String,
    pub count: usize,
}

/// One publication: what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// 1 for the first publication with a manifest, then counting up.
    pub number: u32,
    /// The date of the build (`SOURCE_DATE_EPOCH`, China Standard Time), when set.
    pub date: Option<String>,
    /// The first publication: every record is new, so none is listed.
    pub first: bool,
    /// Public records at this publication (counted, for the first one).
    pub records: usize,
    pub added: Vec<RecordKey>,
    pub updated: Vec<RecordKey>,
    /// Public records no longer published (removed, or moved out of the public site).
    pub removed: usize,
    /// Public records that became 不予公开 (counted, never named).
    pub withheld: usize,
    /// New 不予公开 entries that were never public.
    pub new_withheld: usize,
}

/// `data/manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub records: Vec<Published>,
    pub withheld: Vec<StubCount>,
    /// Oldest first.
    pub publications: Vec<Publication>,
}
