//! Migration code for manifest FORMAT 1 (gongkai before the canonical record form): its
//! record hash was SHA-256 of the Rust `Debug` text of the record's public parts, which changes
//! with any rename in the code. It is kept only so that the first build after the upgrade can
//! compare with a FORMAT 1 manifest and list as "updated" only records whose content changed;
//! that build writes FORMAT 2 (see `canon`), and this module is not used again. Remove it once
//! no published site still carries a FORMAT 1 manifest. Do not change it: it must reproduce
//! the hashes published sites hold.

use crate::disclose::PublicRecord;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The manifest format whose hashes [`record_hash`] reproduces.
pub const FORMAT: u32 = 1;

/// A record's hash as manifest FORMAT 1 wrote it.
pub fn record_hash(p: &PublicRecord) -> String {
    let r = p.record();
    let d = &r.disclosure;
    // The text is fed to the hash as it is formatted, never held whole.
    let mut h = HashWriter(Sha256::new());
    let _ = write!(
        h,
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}",
        r.kind,
        r.id,
        r.data,
        d.status,
        d.reason,
        d.note,
        d.public_title,
        p.withheld_fields(),
        p.withheld_passages()
    );
    h.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

struct HashWriter(Sha256);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}
