//! The persistent cache of `gongkai build`: the [`Memo`] of the last successful build, kept on
//! disk so that the next build reuses what did not change (see ARCHITECTURE.md, "Incremental
//! builds").
//!
//! The cache folder holds an index (`index.json`) and the pages themselves (`pages/xx/…`),
//! each filed under the digest of the view it was rendered from in its environment (the
//! program, the site's settings, templates and icon, the search index's names). The index says,
//! for each body's year, the digest of everything its pages are made from; for each page, its
//! key, path, view digest and file. A build takes a page from the cache only when
//! - the program, settings, templates and icon are the same (one digest; any other index is
//!   foreign and ignored), and
//! - its body's year's digest is the same (then its view is not even made), or its view's digest
//!   is the same (the site's own pages, projects, units), and
//! - the cached file is still the file that was filed (same length and modification time: a
//!   file changed or removed since is not used, and the page is rendered again).
//!
//! Pages are hard-linked between the cache and the staging folder when they are on the same file
//! system (copied otherwise), so a warm build writes only what changed. A page taken from the
//! cache skips the leak audit only when the withheld strings and ids are exactly those its
//! build was audited against (one digest); otherwise it is read and audited like a new page.
//!
//! The cache holds only what the published site holds (pages) and digests; no withheld value,
//! no record. An index that cannot be read, is of another format, or names a path outside the
//! output is ignored (the build is then a fresh one) and replaced after the build.

use super::memo::{Body, BulkPart, DataPart, Kept, Key, Last, Memo, Page, Parts, Unit};
use crate::diag::told::Tell;
use crate::format::bulk::DataFile;
use crate::format::datapackage::Described;
use crate::said;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The index's format; an index of another format is ignored.
const FORMAT: u32 = 2;
const INDEX: &str = "index.json";
const PAGES: &str = "pages";

/// A page's file in the cache, as it was filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    path: PathBuf,
    len: u64,
    /// Modification time in nanoseconds since the epoch.
    modified: u128,
}

impl Blob {
    /// Whether the file is still the one filed (length and modification time).
    pub fn intact(&self) -> bool {
        std::fs::symlink_metadata(&self.path)
            .is_ok_and(|m| m.is_file() && m.len() == self.len && nanos(&m) == Some(self.modified))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn size(&self) -> u64 {
        self.len
    }
}

fn nanos(m: &std::fs::Metadata) -> Option<u128> {
    let t = m.modified().ok()?;
    Some(t.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos())
}

/// What identifies this program: a cache written by another version or another build of
/// gongkai is not used (the digests are of `Debug` texts, which only one program is sure to
/// write alike).
pub fn identity() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| format!("{}:{}", m.len(), nanos(&m).unwrap_or(0)))
        .unwrap_or_default();
    format!("gongkai {} {FORMAT} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The index as stored.
#[derive(Serialize, Deserialize)]
struct Index {
    format: u32,
    identity: String,
    env: String,
    search: String,
    secrets: String,
    units: Vec<(String, i32, String)>,
    pages: Vec<Entry>,
    data: Vec<DataEntry>,
    bulk: Vec<BulkEntry>,
    /// The digest of each body's year's part of each site-wide table: (body, year, table,
    /// digest or none). Digests of published tables only.
    #[serde(default)]
    tables: Vec<(String, i32, String, Option<String>)>,
}

/// A site-wide table of the open data in the index: its digest, files and descriptions.
#[derive(Serialize, Deserialize)]
struct BulkEntry {
    table: String,
    digest: String,
    files: Vec<FileEntry>,
    described: Described,
    data_file: DataFile,
}

/// A body's year's open data in the index.
#[derive(Serialize, Deserialize)]
struct DataEntry {
    body: String,
    year: i32,
    files: Vec<FileEntry>,
    described: Vec<Described>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    path: String,
    file: String,
    len: u64,
    modified: u128,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    path: String,
    view: String,
    file: String,
    len: u64,
    modified: u128,
}

/// The persistent cache at a folder.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    /// The memo of the last build from the cache's index; an empty (persistent) memo when there
    /// is no index, or one that is corrupt, foreign or of another program.
    pub fn memo(&self) -> Memo {
        let identity = identity();
        let last = std::fs::read(self.dir.join(INDEX))
            .ok()
            .and_then(|b| serde_json::from_slice::<Index>(&b).ok())
            .filter(|i| i.format == FORMAT && i.identity == identity)
            .and_then(|i| self.last(i));
        Memo {
            last,
            identity,
            persistent: true,
        }
    }

    fn last(&self, i: Index) -> Option<Last> {
        let mut units: BTreeMap<Unit, [u8; 32]> = BTreeMap::new();
        for (body, year, d) in i.units {
            units.insert((body, year), unhex(&d)?);
        }
        let mut pages = HashMap::new();
        for e in i.pages {
            if !crate::output::safe_rel(&e.path) || !is_hex(&e.file) {
                return None;
            }
            let page = Page {
                bytes: Body::Blob(self.blob(&e.file, e.len, e.modified)),
                path: e.path,
                view: unhex(&e.view)?,
            };
            pages.insert(Key::decode(&e.key)?, page);
        }
        let mut data = HashMap::new();
        for d in i.data {
            let part = DataPart {
                files: self.files(d.files)?,
                described: d.described,
            };
            data.insert((d.body, d.year), part);
        }
        let mut bulk = HashMap::new();
        for b in i.bulk {
            let part = BulkPart {
                digest: unhex(&b.digest)?,
                files: self.files(b.files)?,
                described: b.described,
                data_file: b.data_file,
            };
            bulk.insert(b.table, part);
        }
        let mut tables = HashMap::new();
        for (body, year, table, d) in i.tables {
            let d = match d {
                Some(d) => Some(unhex(&d)?),
                None => None,
            };
            tables.insert(((body, year), table), d);
        }
        Some(Last::from_disk(
            units,
            unhex(&i.secrets)?,
            unhex(&i.env)?,
            i.search,
            pages,
            Parts::from_disk(data, bulk, tables),
        ))
    }

    /// Open-data files as the index names them; None when one is outside the output or not
    /// a cache file's name.
    fn files(&self, files: Vec<FileEntry>) -> Option<Vec<(String, Body)>> {
        files
            .into_iter()
            .map(|f| {
                let ok = crate::output::safe_rel(&f.path) && is_hex(&f.file);
                let blob = self.blob(&f.file, f.len, f.modified);
                ok.then_some((f.path, Body::Blob(blob)))
            })
            .collect()
    }

    /// The cache file filed under `name`, as the index says it was filed.
    fn blob(&self, name: &str, len: u64, modified: u128) -> Blob {
        Blob {
            path: self.file(name),
            len,
            modified,
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(PAGES).join(&name[..2]).join(&name[2..])
    }

    /// Keep a successful build's memo: the pages it rendered are taken from `staging` (linked,
    /// or copied when the cache is on another file system) — except those a site's static file
    /// replaced (`replaced`) — and a new index written in place of the old one. Files the old
    /// index named and the new one does not are removed.
    pub fn save(
        &self,
        memo: &Memo,
        kept: &Kept,
        staging: &Path,
        replaced: &HashSet<&str>,
    ) -> Result<()> {
        use rayon::prelude::*;
        std::fs::create_dir_all(&self.dir).told(|| cannot(&self.dir))?;
        let pages_dir = self.dir.join(PAGES);
        if memo.last.is_none() && pages_dir.exists() {
            // Files of an index that was not used: nothing names them any more.
            crate::output::remove_tree(&pages_dir).told(|| cannot(&self.dir))?;
        }
        let filed: Vec<(&Key, Page)> = kept
            .pages
            .par_iter()
            .filter(|(_, p)| !replaced.contains(p.path.as_str()))
            .map(|(key, page)| {
                let bytes = match &page.bytes {
                    Body::Stored => {
                        let name = hex(&kept.blob_name(page));
                        Body::Blob(self.file_page(&name, &staging.join(&page.path))?)
                    }
                    other => other.clone(),
                };
                Ok((
                    key,
                    Page {
                        bytes,
                        ..page.clone()
                    },
                ))
            })
            .collect::<Result<_>>()?;
        let data = self.file_data(kept, staging, replaced)?;
        let bulk = self.file_bulk(kept, staging, replaced)?;
        let index = Index {
            format: FORMAT,
            identity: memo.identity.clone(),
            env: hex(&kept.env_digest()),
            search: kept.search().to_string(),
            secrets: hex(&kept.secrets_digest()),
            units: kept
                .digests()
                .map(|d| {
                    d.iter()
                        .map(|((b, y), d)| (b.clone(), *y, hex(d)))
                        .collect()
                })
                .unwrap_or_default(),
            pages: filed.iter().filter_map(|(k, p)| entry(k, p)).collect(),
            data,
            bulk,
            tables: kept
                .parts
                .tables
                .iter()
                .map(|(((b, y), t), d)| (b.clone(), *y, t.clone(), d.as_ref().map(hex)))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        let mut bytes = serde_json::to_vec(&index)?;
        bytes.push(b'\n');
        let tmp = self.dir.join(format!("{INDEX}.{}", std::process::id()));
        std::fs::write(&tmp, &bytes).told(|| cannot(&self.dir))?;
        std::fs::rename(&tmp, self.dir.join(INDEX)).told(|| cannot(&self.dir))?;
        // The old index's files that the new one does not name (pages rendered again).
        let mut named: HashSet<PathBuf> = filed
            .iter()
            .filter_map(|(_, p)| blob(&p.bytes).map(Path::to_path_buf))
            .collect();
        let data_files = index.data.iter().flat_map(|d| &d.files);
        let bulk_files = index.bulk.iter().flat_map(|b| &b.files);
        named.extend(data_files.chain(bulk_files).map(|f| self.file(&f.file)));
        if let Some(last) = &memo.last {
            let pages = last.pages.values().map(|p| &p.bytes);
            let data = last
                .parts
                .data
                .values()
                .flat_map(|d| d.files.iter().map(|(_, b)| b));
            let bulk = last
                .parts
                .bulk
                .values()
                .flat_map(|b| b.files.iter().map(|(_, b)| b));
            let old: Vec<&Path> = pages.chain(data).chain(bulk).filter_map(blob).collect();
            old.into_par_iter()
                .filter(|p| !named.contains(*p))
                .for_each(|p| {
                    let _ = std::fs::remove_file(p);
                });
        }
        Ok(())
    }

    /// Each body's year's open data for the index, its files made in this build filed from
    /// `staging`; a year with a file that a site's static file replaced is left out.
    fn file_data(
        &self,
        kept: &Kept,
        staging: &Path,
        replaced: &HashSet<&str>,
    ) -> Result<Vec<DataEntry>> {
        use rayon::prelude::*;
        let parts: Vec<(&Unit, &DataPart)> = kept.parts.data.iter().collect();
        let entries: Vec<Option<DataEntry>> = parts
            .into_par_iter()
            .map(|(unit, part)| {
                let name = |path: &str| kept.data_name(unit, path);
                let Some(files) = self.file_files(&part.files, name, staging, replaced)? else {
                    return Ok(None);
                };
                Ok(Some(DataEntry {
                    body: unit.0.clone(),
                    year: unit.1,
                    files,
                    described: part.described.clone(),
                }))
            })
            .collect::<Result<_>>()?;
        let mut entries: Vec<DataEntry> = entries.into_iter().flatten().collect();
        entries.sort_by(|a, b| (&a.body, a.year).cmp(&(&b.body, b.year)));
        Ok(entries)
    }

    /// Each site-wide table of the open data for the index, its files made in this build filed
    /// from `staging`; a table with a file that a site's static file replaced is left out.
    fn file_bulk(
        &self,
        kept: &Kept,
        staging: &Path,
        replaced: &HashSet<&str>,
    ) -> Result<Vec<BulkEntry>> {
        let mut entries = Vec::new();
        for (table, part) in &kept.parts.bulk {
            let name = |path: &str| Some(kept.bulk_name(&part.digest, path));
            let Some(files) = self.file_files(&part.files, name, staging, replaced)? else {
                continue;
            };
            entries.push(BulkEntry {
                table: table.clone(),
                digest: hex(&part.digest),
                files,
                described: part.described.clone(),
                data_file: part.data_file.clone(),
            });
        }
        entries.sort_by(|a, b| a.table.cmp(&b.table));
        Ok(entries)
    }

    /// An open-data part's files for the index, those made in this build filed from `staging`
    /// under `name`; None when the part cannot be filed whole (a file that a site's static file
    /// replaced, a file without a name, or bytes only in memory: not a persistent round's).
    fn file_files(
        &self,
        files: &[(String, Body)],
        name: impl Fn(&str) -> Option<[u8; 32]>,
        staging: &Path,
        replaced: &HashSet<&str>,
    ) -> Result<Option<Vec<FileEntry>>> {
        if files.iter().any(|(p, _)| replaced.contains(p.as_str())) {
            return Ok(None);
        }
        let mut out = Vec::new();
        for (path, body) in files {
            let b = match body {
                Body::Blob(b) => b.clone(),
                Body::Stored => match name(path) {
                    Some(name) => self.file_page(&hex(&name), &staging.join(path))?,
                    None => return Ok(None),
                },
                Body::Mem(_) => return Ok(None),
            };
            out.push(FileEntry {
                path: path.clone(),
                file: file_name(&b)?,
                len: b.len,
                modified: b.modified,
            });
        }
        Ok(Some(out))
    }

    /// File the page at `from` under `name`: a hard link (or a copy) of it, in place of any
    /// file of that name (one left by an earlier build may have been changed since).
    fn file_page(&self, name: &str, from: &Path) -> Result<Blob> {
        let path = self.file(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).told(|| cannot(&self.dir))?;
        }
        let _ = std::fs::remove_file(&path);
        if std::fs::hard_link(from, &path).is_err() {
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            std::fs::copy(from, &tmp).told(|| cannot(&self.dir))?;
            std::fs::rename(&tmp, &path).told(|| cannot(&self.dir))?;
        }
        let m = std::fs::symlink_metadata(&path).told(|| cannot(&self.dir))?;
        Ok(Blob {
            len: m.len(),
            modified: nanos(&m).unwrap_or(0),
            path,
        })
    }
}

fn blob(b: &Body) -> Option<&Path> {
    match b {
        Body::Blob(b) => Some(b.path.as_path()),
        _ => None,
    }
}

/// A page's entry in the index (a page whose file is not in the cache has none).
fn entry(key: &Key, p: &Page) -> Option<Entry> {
    let Body::Blob(b) = &p.bytes else {
        return None;
    };
    Some(Entry {
        key: key.encode(),
        path: p.path.clone(),
        view: hex(&p.view),
        file: file_name(b).ok()?,
        len: b.len,
        modified: b.modified,
    })
}

/// The name a cache file is filed under (`pages/ab/cdef…` → `abcdef…`).
fn file_name(b: &Blob) -> Result<String> {
    let mut parts = b.path.iter().rev().take(2);
    let (last, first) = (parts.next(), parts.next());
    match (first, last) {
        (Some(f), Some(l)) => Ok(format!("{}{}", f.to_string_lossy(), l.to_string_lossy())),
        _ => Err(anyhow::anyhow!("{} is not a cache file", b.path.display())),
    }
}

fn is_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn hex(d: &[u8; 32]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if !is_hex(s) {
        return None;
    }
    let mut d = [0u8; 32];
    for (n, byte) in d.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * n..2 * n + 2], 16).ok()?;
    }
    Some(d)
}

fn cannot(dir: &Path) -> crate::diag::Said {
    let d = dir.display();
    said!("无法写入构建缓存 {d}", "cannot write the build cache {d}")
}
