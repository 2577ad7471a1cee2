//! Incremental loading, for the preview server: only files whose size or modification time
//! changed since the last update are read and parsed again.
//!
//! The cache keeps each file's parsed value. An update takes the previous [`Sources`] apart
//! into its files again (moves, no copies), walks the site, re-parses what changed and puts
//! everything back together with the same `place` as a full [`load`](super::load), in the same
//! order, so the result is exactly what a full load would give. A file whose parsed value cannot
//! be found again is simply parsed again. No writing here.

use super::walk::{self, Entry, Role};
use super::{Parsed, ParsedFile, RecordSrc, Sources, place};
use crate::diag::Diagnostics;
use crate::diag::source::Source;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(abs: &Path) -> Option<Stamp> {
    let m = std::fs::symlink_metadata(abs).ok()?;
    Some(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
    })
}

type Seen = BTreeMap<String, (Entry, Option<Stamp>)>;

struct Cached {
    entry: Entry,
    stamp: Option<Stamp>,
    parsed: Option<Result<Parsed, Diagnostics>>,
    /// What diagnostics may quote of the file, as captured when it was last read.
    source: Option<Source>,
}

/// Parsed files of a site, kept between updates.
pub struct Cache {
    root: PathBuf,
    files: BTreeMap<String, Cached>,
    sources: Sources,
}

/// What one update found.
pub struct Update {
    /// Files added, changed or removed since the previous update (all files the first time).
    pub changed: Vec<String>,
    /// Files read and parsed in this update.
    pub parsed: usize,
    /// Problems found walking and parsing, as a full load reports them.
    pub diags: Diagnostics,
}

impl Cache {
    pub fn new(root: &Path) -> Cache {
        Cache {
            root: root.to_path_buf(),
            files: BTreeMap::new(),
            sources: Sources::default(),
        }
    }

    /// The sources as of the last update.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Bring the sources up to date with the files on disk. `out_dir` is not walked. When no
    /// file changed, the sources are left as they are.
    pub fn update(&mut self, out_dir: Option<&Path>) -> Update {
        let mut diags = Diagnostics::default();
        let entries = walk::walk(&self.root, out_dir, &mut diags);
        let (changed, seen) = self.compare(entries);
        if changed.is_empty() && !self.files.is_empty() {
            return Update {
                changed,
                parsed: 0,
                diags,
            };
        }
        scatter(std::mem::take(&mut self.sources), &mut self.files);
        self.files.retain(|rel, _| seen.contains_key(rel));
        for (rel, (entry, st)) in seen {
            let c = self.files.entry(rel).or_insert(Cached {
                entry: entry.clone(),
                stamp: None,
                parsed: None,
                source: None,
            });
            if c.stamp != st || c.stamp.is_none() || c.entry.role != entry.role {
                *c = Cached {
                    entry,
                    stamp: st,
                    parsed: None,
                    source: None,
                };
            }
        }
        let todo: Vec<(String, Entry)> = self
            .files
            .iter()
            .filter(|(_, c)| c.parsed.is_none())
            .map(|(rel, c)| (rel.clone(), c.entry.clone()))
            .collect();
        let (rels, todo): (Vec<String>, Vec<Entry>) = todo.into_iter().unzip();
        let parsed: Vec<ParsedFile> = super::read::read_and_parse(&todo);
        let count = parsed.len();
        for (rel, (p, source)) in rels.into_iter().zip(parsed) {
            if let Some(c) = self.files.get_mut(&rel) {
                c.parsed = Some(p);
                c.source = source;
            }
        }
        self.sources = self.gather(&mut diags);
        Update {
            changed,
            parsed: count,
            diags,
        }
    }

    /// The files found now, with their stamps, and which differ from the cache.
    fn compare(&self, entries: Vec<Entry>) -> (Vec<String>, Seen) {
        let mut changed = Vec::new();
        let mut seen = BTreeMap::new();
        let stamps: Vec<Option<Stamp>> = entries.par_iter().map(|e| stamp(&e.abs)).collect();
        for (e, st) in entries.into_iter().zip(stamps) {
            let same = self
                .files
                .get(&e.rel)
                .is_some_and(|c| st.is_some() && c.stamp == st && c.entry.role == e.role);
            if !same {
                changed.push(e.rel.clone());
            }
            seen.insert(e.rel.clone(), (e, st));
        }
        changed.extend(
            self.files
                .keys()
                .filter(|r| !seen.contains_key(*r))
                .cloned(),
        );
        changed.sort();
        (changed, seen)
    }

    /// A fresh `Sources` from every file's parsed value, in path order, as `load` builds it.
    fn gather(&mut self, diags: &mut Diagnostics) -> Sources {
        let mut s = Sources {
            root: self.root.clone(),
            ..Sources::default()
        };
        for (rel, c) in self.files.iter_mut() {
            if let Some(s) = &c.source {
                diags.add_source(rel, s.clone());
            }
            match c.parsed.take() {
                Some(Ok(p)) => place(&mut s, c.entry.clone(), p),
                Some(Err(d)) => {
                    diags.extend(d.clone());
                    c.parsed = Some(Err(d));
                }
                None => {}
            }
        }
        s
    }
}

/// Give each file back its parsed value from `s`. Files not found again are parsed anew.
fn scatter(s: Sources, files: &mut BTreeMap<String, Cached>) {
    let mut put = |rel: &str, p: Parsed| {
        if let Some(c) = files.get_mut(rel) {
            c.parsed = Some(Ok(p));
        }
    };
    if let Some((rel, c)) = s.config {
        put(&rel, Parsed::Config(Box::new(c)));
    }
    if let Some(p) = s.home {
        put(&p.path.clone(), Parsed::Home(p));
    }
    for (_, r) in s.regions {
        if let Some((rel, raw)) = r.file {
            put(&rel, Parsed::Region(raw));
        }
        for (_, y) in r.years {
            if let Some(p) = y.page {
                put(&p.path.clone(), Parsed::YearPage(p));
            }
            if let Some((rel, sum)) = y.summary {
                put(&rel, Parsed::Summary(Box::new(sum)));
            }
            for (path, records) in by_file(y.records) {
                put(&path, Parsed::Records(records));
            }
        }
    }
    for (name, text) in s.templates {
        put(&format!("templates/{name}"), Parsed::Template(text));
    }
    for (rel, _) in s.statics {
        put(&format!("static/{rel}"), Parsed::Static);
    }
    // A record file with no records and a static file carry nothing to give back.
    for c in files.values_mut() {
        if c.parsed.is_none() && c.stamp.is_some() {
            match c.entry.role {
                Role::Record { .. } => c.parsed = Some(Ok(Parsed::Records(Vec::new()))),
                Role::Static { .. } => c.parsed = Some(Ok(Parsed::Static)),
                _ => {}
            }
        }
    }
}

/// Records grouped by the file they came from, keeping their order.
fn by_file(records: Vec<RecordSrc>) -> Vec<(String, Vec<RecordSrc>)> {
    let mut groups: Vec<(String, Vec<RecordSrc>)> = Vec::new();
    for r in records {
        match groups.last_mut() {
            Some((path, v)) if *path == r.path => v.push(r),
            _ => groups.push((r.path.clone(), vec![r])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn same_as_full_load(cache: &Cache, update: &Update, root: &Path) {
        let (full, diags) = super::super::load(root, None);
        assert_eq!(format!("{:?}", cache.sources()), format!("{full:?}"));
        assert_eq!(update.diags.items, diags.items);
    }

    #[test]
    fn updates_equal_a_full_load_and_parse_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "site.yaml", "title: t\nbase_url: /\nowner: o\n");
        write(root, "content/a/region.yaml", "name: 甲县\nlevel: 县\n");
        let goal = "id: g{n}\nscope: unit\nunit: u\nfunds: { total: 1 }\nindicators: []\n";
        for n in 1..=3 {
            let text = goal.replace("{n}", &n.to_string());
            write(root, &format!("content/a/2024/goals/g{n}.yaml"), &text);
        }
        write(root, "content/a/2024/goals/empty.yaml", "[]\n");
        write(root, "static/x.txt", "x");
        let mut cache = Cache::new(root);
        let u = cache.update(None);
        assert_eq!(u.parsed, 7);
        same_as_full_load(&cache, &u, root);

        let u = cache.update(None);
        assert_eq!((u.parsed, u.changed.len()), (0, 0));
        same_as_full_load(&cache, &u, root);

        write(
            root,
            "content/a/2024/goals/g2.yaml",
            &goal.replace("{n}", "22"),
        );
        std::fs::remove_file(root.join("content/a/2024/goals/g3.yaml")).unwrap();
        write(root, "content/a/2024/goals/bad.yaml", "id: [\n");
        let u = cache.update(None);
        assert_eq!(u.parsed, 2);
        assert_eq!(
            u.changed,
            [
                "content/a/2024/goals/bad.yaml",
                "content/a/2024/goals/g2.yaml",
                "content/a/2024/goals/g3.yaml"
            ]
        );
        assert!(u.diags.has_errors());
        same_as_full_load(&cache, &u, root);

        std::fs::remove_file(root.join("content/a/2024/goals/bad.yaml")).unwrap();
        let u = cache.update(None);
        assert_eq!(u.parsed, 0);
        assert!(!u.diags.has_errors());
        same_as_full_load(&cache, &u, root);
    }
}
