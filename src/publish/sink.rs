//! Where a build's files go: each file is checked and written as soon as it is made, so no
//! page is held in memory. Every path must pass [`safe_rel`](super::safe_rel); every path and
//! every file's bytes go through the leak audit before they are written into the staging
//! folder. Hits are collected, never printed here: the build decides, and a build with any hit
//! is discarded before the swap.

use crate::audit::{self, Hit, Scanner};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The staging folder of one build, with its audit.
pub struct Sink<'a> {
    dir: PathBuf,
    scanner: &'a Scanner,
    hits: Mutex<Vec<Hit>>,
    /// Folders already created (relative).
    made: Mutex<HashSet<String>>,
    files: AtomicUsize,
    audit_ns: AtomicU64,
    write_ns: AtomicU64,
}

/// What went into a sink.
pub struct Sunk {
    /// Audit hits, sorted by path and offset.
    pub hits: Vec<Hit>,
    pub files: usize,
    /// Time spent auditing and writing, summed over threads.
    pub audit: Duration,
    pub write: Duration,
}

impl<'a> Sink<'a> {
    pub fn new(dir: &Path, scanner: &'a Scanner) -> Sink<'a> {
        Sink {
            dir: dir.to_path_buf(),
            scanner,
            hits: Mutex::new(Vec::new()),
            made: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            audit_ns: AtomicU64::new(0),
            write_ns: AtomicU64::new(0),
        }
    }

    /// Audit and write one file at `rel` (relative to the staging folder).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !super::safe_rel(rel) {
            bail!("refusing to write outside the output folder: {rel}");
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
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.folder(parent)?;
        }
        let path = self.dir.join(rel);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        add(&self.write_ns, audited.elapsed());
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn folder(&self, rel: &str) -> Result<()> {
        if self
            .made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(rel)
        {
            return Ok(());
        }
        let path = self.dir.join(rel);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_is_clean_and_reports_what_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let scanner = Scanner::new(&["某供应商".to_string()], &["hidden-x".to_string()], &[]);
        let sink = Sink::new(tmp.path(), &scanner);
        sink.put("a/b/index.html", b"<p>clean</p>").unwrap();
        sink.put("a/c/index.html", "<p>某供应商</p>".as_bytes())
            .unwrap();
        sink.put("hidden-x/index.html", b"x").unwrap();
        assert!(sink.put("../escape.html", b"x").is_err());
        let sunk = sink.finish();
        assert_eq!(sunk.files, 3);
        let paths: Vec<(&str, Option<usize>)> = sunk
            .hits
            .iter()
            .map(|h| (h.path.as_str(), h.offset))
            .collect();
        assert_eq!(
            paths,
            vec![("a/c/index.html", Some(3)), ("hidden-x/index.html", None)]
        );
        assert_eq!(
            std::fs::read(tmp.path().join("a/b/index.html")).unwrap(),
            b"<p>clean</p>"
        );
        assert!(!tmp.path().parent().unwrap().join("escape.html").exists());
    }
}
