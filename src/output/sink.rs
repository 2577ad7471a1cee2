//! Where a build's files go. Every file of a site, whatever made it, passes through one
//! [`Sink`]: its path must pass [`safe_rel`](super::safe_rel), and its path and bytes go
//! through the leak audit before a [`Store`] keeps them — a staging folder for `gongkai build`
//! ([`Folder`]), memory for the preview ([`Memory`]). Each file is checked and stored as soon
//! as it is made, so a build holds no page in memory. Hits are collected, never printed here:
//! the caller decides, and a build with any hit is discarded.

use crate::diag::told::{self, Tell, told};
use crate::output::audit::{self, Hit, Scanner};
use crate::said;
use anyhow::Result;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Keeps the files of a build once they have passed the audit.
pub trait Store: Sync {
    /// Keep `bytes` at `rel` (a relative path already checked by `safe_rel`).
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// [`Store::store`] for bytes that are shared (kept by the preview's memo): a store in
    /// memory keeps them without a copy.
    fn store_shared(&self, rel: &str, bytes: &Arc<Vec<u8>>) -> Result<()> {
        self.store(rel, bytes)
    }

    /// Keep the file at `from` (a file of the persistent cache, already audited) at `rel`: a
    /// folder links it where it can.
    fn store_file(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).told(|| told::reading(from))?;
        self.store(rel, &bytes)
    }
}

/// A folder on disk (the staging folder of `gongkai build`).
pub struct Folder {
    dir: PathBuf,
    /// Folders already created (relative).
    made: Mutex<HashSet<String>>,
    /// Files linked to a file of the cache: one written later at the same path (a site's static
    /// file replacing a page) must not write through the link into the cache.
    linked: Mutex<HashSet<String>>,
}

impl Folder {
    pub fn new(dir: &Path) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            linked: Mutex::new(HashSet::new()),
        }
    }

    /// The path of `rel` in the folder, its parent folders made.
    fn place(&self, rel: &str) -> Result<PathBuf> {
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.folder(parent)?;
        }
        Ok(self.dir.join(rel))
    }

    fn folder(&self, rel: &str) -> Result<()> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if made.contains(rel) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        std::fs::create_dir_all(&path).told(|| told::creating(&path))?;
        made.insert(rel.to_string());
        Ok(())
    }
}

impl Store for Folder {
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.place(rel)?;
        if lock(&self.linked).remove(rel) {
            std::fs::remove_file(&path).told(|| told::writing(&path))?;
        }
        std::fs::write(&path, bytes).told(|| told::writing(&path))
    }

    fn store_file(&self, rel: &str, from: &Path) -> Result<()> {
        let path = self.place(rel)?;
        let _ = std::fs::remove_file(&path);
        if std::fs::hard_link(from, &path).is_ok() {
            lock(&self.linked).insert(rel.to_string());
            return Ok(());
        }
        std::fs::copy(from, &path).told(|| told::writing(&path))?;
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Files kept in memory, by path (the preview's).
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Arc<Vec<u8>>>>,
}

impl Memory {
    /// Every file stored, by path.
    pub fn into_files(self) -> BTreeMap<String, Arc<Vec<u8>>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store for Memory {
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        // As in a folder, a later file at the same path replaces the earlier one (a site's
        // static/ files are stored last and may replace a generated file, robots.txt say).
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }

    fn store_shared(&self, rel: &str, bytes: &Arc<Vec<u8>>) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes.clone());
        Ok(())
    }
}

/// The audited way into a store, for one build.
pub struct Sink<'a> {
    store: &'a dyn Store,
    scanner: &'a Scanner,
    hits: Mutex<Vec<Hit>>,
    files: AtomicUsize,
    audit_ns: AtomicU64,
    write_ns: AtomicU64,
}

/// What went into a sink.
pub struct Sunk {
    /// Audit hits, sorted by path and offset.
    pub hits: Vec<Hit>,
    pub files: usize,
    /// Time spent auditing and storing, summed over threads.
    pub audit: Duration,
    pub write: Duration,
}

impl<'a> Sink<'a> {
    pub fn new(store: &'a dyn Store, scanner: &'a Scanner) -> Sink<'a> {
        Sink {
            store,
            scanner,
            hits: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            audit_ns: AtomicU64::new(0),
            write_ns: AtomicU64::new(0),
        }
    }

    /// Audit and store one file at `rel`.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !super::safe_rel(rel) {
            return Err(outside(rel));
        }
        let start = Instant::now();
        let hits = self.scanner.file(rel, bytes);
        let audited = Instant::now();
        add(&self.audit_ns, audited - start);
        if !hits.is_empty() {
            self.hits
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(hits);
        }
        self.store.store(rel, bytes)?;
        add(&self.write_ns, audited.elapsed());
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// [`Sink::put`] for bytes shared with the preview's memo. `clean`: the same bytes at the
    /// same path were found clean by an audit of the same withheld strings (the last round's),
    /// so scanning them again would find nothing; they are stored unscanned.
    pub fn put_shared(&self, rel: &str, bytes: &Arc<Vec<u8>>, clean: bool) -> Result<()> {
        if !super::safe_rel(rel) {
            return Err(outside(rel));
        }
        let start = Instant::now();
        if !clean {
            let hits = self.scanner.file(rel, bytes);
            if !hits.is_empty() {
                self.hits
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(hits);
            }
        }
        let audited = Instant::now();
        add(&self.audit_ns, audited - start);
        self.store.store_shared(rel, bytes)?;
        add(&self.write_ns, audited.elapsed());
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// [`Sink::put`] for a file of the persistent cache at `from`, of `len` bytes. `clean` as
    /// for [`Sink::put_shared`]: then it is stored unread (linked where the store can);
    /// otherwise it is read, checked to be `len` bytes, and audited like any file.
    pub fn put_file(&self, rel: &str, from: &Path, len: u64, clean: bool) -> Result<()> {
        if !super::safe_rel(rel) {
            return Err(outside(rel));
        }
        if !clean {
            let bytes = std::fs::read(from).told(|| told::reading(from))?;
            if bytes.len() as u64 != len {
                let f = from.display();
                return Err(told(said!(
                    "构建缓存中的文件 {f} 在构建时被改动了；请删除缓存文件夹后重新构建",
                    "the build cache's file {f} changed during the build; remove the cache folder and build again"
                )));
            }
            return self.put(rel, &bytes);
        }
        let start = Instant::now();
        self.store.store_file(rel, from)?;
        add(&self.write_ns, start.elapsed());
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn finish(self) -> Sunk {
        let mut hits = self.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        audit::sort(&mut hits);
        hits.dedup();
        Sunk {
            hits,
            files: self.files.into_inner(),
            audit: Duration::from_nanos(self.audit_ns.into_inner()),
            write: Duration::from_nanos(self.write_ns.into_inner()),
        }
    }
}

fn add(total: &AtomicU64, d: Duration) {
    total.fetch_add(d.as_nanos() as u64, Ordering::Relaxed);
}

/// A path that would leave the output folder (a bug, never the content's doing).
fn outside(rel: &str) -> anyhow::Error {
    told(said!(
        "拒绝写到输出文件夹之外：{rel}",
        "refusing to write outside the output folder: {rel}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planted(sink: &Sink) {
        sink.put("a/b/index.html", b"<p>clean</p>").unwrap();
        sink.put("a/c/index.html", "<p>某供应商</p>".as_bytes())
            .unwrap();
        sink.put("hidden-x/index.html", b"x").unwrap();
        assert!(sink.put("../escape.html", b"x").is_err());
    }

    fn found(sunk: &Sunk) -> Vec<(&str, Option<usize>)> {
        sunk.hits
            .iter()
            .map(|h| (h.path.as_str(), h.offset))
            .collect()
    }

    #[test]
    fn a_folder_gets_what_is_clean_and_the_audit_reports_what_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let scanner = Scanner::new(&["某供应商".to_string()], &["hidden-x".to_string()], &[]);
        let folder = Folder::new(tmp.path());
        let sink = Sink::new(&folder, &scanner);
        planted(&sink);
        let sunk = sink.finish();
        assert_eq!(sunk.files, 3);
        assert_eq!(
            found(&sunk),
            vec![("a/c/index.html", Some(3)), ("hidden-x/index.html", None)]
        );
        assert_eq!(
            std::fs::read(tmp.path().join("a/b/index.html")).unwrap(),
            b"<p>clean</p>"
        );
        assert!(!tmp.path().parent().unwrap().join("escape.html").exists());
    }

    #[test]
    fn memory_is_audited_as_a_folder_is() {
        let scanner = Scanner::new(&["某供应商".to_string()], &["hidden-x".to_string()], &[]);
        let memory = Memory::default();
        let sink = Sink::new(&memory, &scanner);
        planted(&sink);
        let sunk = sink.finish();
        assert_eq!(
            found(&sunk),
            vec![("a/c/index.html", Some(3)), ("hidden-x/index.html", None)]
        );
        let files = memory.into_files();
        assert_eq!(files.len(), 3);
        assert_eq!(*files["a/b/index.html"], b"<p>clean</p>");
    }

    #[test]
    fn shared_bytes_are_scanned_unless_known_clean() {
        let scanner = Scanner::new(&["某供应商".to_string()], &[], &[]);
        let memory = Memory::default();
        let sink = Sink::new(&memory, &scanner);
        let leaking = Arc::new("<p>某供应商</p>".as_bytes().to_vec());
        sink.put_shared("a/index.html", &leaking, false).unwrap();
        // Known clean: the same bytes were audited against the same withheld strings.
        let clean = Arc::new(b"<p>ok</p>".to_vec());
        sink.put_shared("b/index.html", &clean, true).unwrap();
        let sunk = sink.finish();
        assert_eq!(found(&sunk), vec![("a/index.html", Some(3))]);
        let files = memory.into_files();
        assert!(
            Arc::ptr_eq(&files["b/index.html"], &clean),
            "stored without a copy"
        );
    }
}
