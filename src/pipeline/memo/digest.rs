//! Digests of what pages are made from, for the persistent cache.

use super::{Unit, outline, units};
use crate::disclose::{PublicRegion, PublicSite, PublicYear, Secrets};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Formats a value's `Debug` text straight into a hasher.
struct HashFmt<'a>(&'a mut Sha256);

impl std::fmt::Write for HashFmt<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// Hash `v`'s `Debug` text (every public type derives it, field by field, so two values with
/// the same text are equal; the text of one program only: the cache's digest names the program).
pub(super) fn debug_into(h: &mut Sha256, v: &dyn std::fmt::Debug) {
    use std::fmt::Write;
    // Writing into a hasher cannot fail; a value whose Debug fails hashes as what it wrote.
    let _ = write!(HashFmt(h), "{v:?}");
    h.update([0xff]);
}

/// The digest of the withheld strings and ids: equal digests, equal secrets.
pub(super) fn secrets_digest(s: &Secrets) -> [u8; 32] {
    let mut h = Sha256::new();
    for set in [&s.strings, &s.ids] {
        h.update((set.len() as u64).to_le_bytes());
        for v in set {
            h.update((v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
    }
    h.finalize().into()
}

/// Each body's year's digest: of everything its pages are made from besides the environment —
/// the year's public data, the body's details and units, the home page and every body's
/// details and years (what [`same_unit`] compares).
pub(super) fn digests(site: &PublicSite) -> BTreeMap<Unit, [u8; 32]> {
    use rayon::prelude::*;
    let mut h = Sha256::new();
    debug_into(&mut h, &site.home());
    for o in outline(site) {
        debug_into(&mut h, &o);
    }
    let common = h;
    let all: Vec<(&PublicRegion, &PublicYear)> = units(site).collect();
    all.into_par_iter()
        .map(|(r, y)| {
            let mut h = common.clone();
            let details = (r.id(), r.name(), r.level(), r.code(), r.parent(), r.units());
            debug_into(&mut h, &details);
            debug_into(&mut h, y);
            ((r.id().to_string(), y.year()), h.finalize().into())
        })
        .collect()
}
