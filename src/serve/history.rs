//! The preview's 更新记录: what the next publication would list, against the manifest of the
//! last real build in the site's output folder (read, never written).
//!
//! Record hashes are kept between builds and computed again only for records whose pages were
//! rendered again, so a one-record edit does not hash every record.

use crate::disclose::PublicSite;
use crate::publish::changes::{self, Manifest, RecordKey};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

type Stamp = (Option<SystemTime>, u64);

#[derive(Default)]
pub struct History {
    hashes: BTreeMap<RecordKey, String>,
    previous: Option<(Option<Stamp>, Option<Manifest>)>,
}

impl History {
    /// The manifest a build now would publish. `changed`: the records whose hashes may have
    /// changed (all when `None`).
    pub fn manifest(
        &mut self,
        site: &PublicSite,
        changed: Option<&BTreeSet<RecordKey>>,
        out: &Path,
    ) -> Manifest {
        let hashes = &self.hashes;
        let records = changes::published(site, &|key, p| {
            let reuse = changed.is_some_and(|c| !c.contains(key));
            match hashes.get(key).filter(|_| reuse) {
                Some(h) => h.clone(),
                None => changes::record_hash(p),
            }
        });
        self.hashes = records
            .iter()
            .map(|p| (p.key.clone(), p.hash.clone()))
            .collect();
        let date = std::env::var("SOURCE_DATE_EPOCH").ok();
        let previous = self.previous(&out.join(changes::MANIFEST_PATH));
        changes::next(
            previous.as_ref(),
            records,
            site,
            changes::date_of_epoch(date.as_deref()),
        )
    }

    /// The last build's manifest, read again only when the file changes.
    fn previous(&mut self, path: &Path) -> Option<Manifest> {
        let stamp = std::fs::metadata(path)
            .ok()
            .map(|m| (m.modified().ok(), m.len()));
        match &self.previous {
            Some((s, m)) if *s == stamp => m.clone(),
            _ => {
                let m = crate::previous_manifest(path, false)
                    .ok()
                    .and_then(|(m, _)| m);
                self.previous = Some((stamp, m.clone()));
                m
            }
        }
    }
}
