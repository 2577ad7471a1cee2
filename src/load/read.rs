//! Reading files, apart from parsing them: the bytes of every file are read by a pool of
//! reader threads and parsed on rayon's pool as they arrive.
//!
//! A cold read waits on the disk, not on a core: with only as many readers as cores (rayon's
//! two here), most of a cold load is spent waiting, one request at a time per core. Threads
//! that only read keep many requests in flight (20,000 cold files: 1.57 s with 2 readers,
//! 0.39 s with 32), while parsing stays on the CPU-sized pool. A bounded channel between them
//! keeps at most [`READ_AHEAD`] files in memory that are read but not yet parsed. The results
//! are put back in the order of the entries, so the outcome does not depend on which thread
//! finished first.

use super::walk::{Entry, Role};
use super::{ParsedFile, parse_read, read_text};
use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

/// Threads that read files (they wait on the disk, so more than the cores).
const READERS: usize = 24;
/// Files read and waiting to be parsed, at most.
const READ_AHEAD: usize = 256;

/// What reading a file gave: its text, a diagnostic, or nothing (a static file is not read).
pub type Read = Option<Result<String, Diagnostic>>;

/// The read step of one file: its text, within the size budget, as UTF-8.
pub fn read(e: &Entry) -> Read {
    match e.role {
        Role::Static { .. } => None,
        _ => Some(read_text(&e.rel, &e.abs)),
    }
}

/// Every entry read (by the reader pool) and parsed (on rayon's pool), in the entries' order.
pub(super) fn read_and_parse(entries: &[Entry]) -> Vec<ParsedFile> {
    let readers = READERS.min(entries.len());
    if readers <= 1 {
        return entries.iter().map(|e| parse_read(e, read(e))).collect();
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = sync_channel::<(usize, Read)>(READ_AHEAD);
    let mut parsed: Vec<(usize, ParsedFile)> = std::thread::scope(|s| {
        for _ in 0..readers {
            let (tx, next) = (tx.clone(), &next);
            s.spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(e) = entries.get(n) else { break };
                    if tx.send((n, read(e))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        rx.into_iter()
            .par_bridge()
            .map(|(n, r)| (n, parse_read(&entries[n], r)))
            .collect()
    });
    parsed.sort_unstable_by_key(|(n, _)| *n);
    parsed.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::super::Parsed;
    use super::*;

    /// Many files read by many readers come back in the entries' order, each with its own
    /// text, and a file that cannot be read gives its diagnostic in its place.
    #[test]
    fn results_are_in_the_entries_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut entries = Vec::new();
        for n in 0..700 {
            let name = format!("t{n:04}.html");
            let abs = dir.path().join(&name);
            if n != 350 {
                std::fs::write(&abs, format!("page {n}")).unwrap();
            }
            let role = Role::Template { name: name.clone() };
            entries.push(Entry {
                rel: name,
                abs,
                role,
            });
        }
        let parsed = read_and_parse(&entries);
        assert_eq!(parsed.len(), entries.len());
        for (n, (result, _)) in parsed.iter().enumerate() {
            match result {
                Ok(Parsed::Template(t)) => assert_eq!(t, &format!("page {n}")),
                Err(d) if n == 350 => assert_eq!(d.items[0].path, "t0350.html"),
                _ => panic!("file {n} was not read as itself"),
            }
        }
    }
}
