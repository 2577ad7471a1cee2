//! The preview's memo: what the last round made, kept outside the stages, for the next.
//!
//! - **Pages.** A page's bytes are a function of its view and the template environment alone,
//!   so a page is taken from the memo when its view (hashed) is equal to the last round's, in an
//!   environment that is the same (site settings, templates and, where a template may print
//!   them, the search index's file names). To spare making the views of a large site, the pages
//!   of a body's year whose inputs are all equal — the year's public data, the body's details,
//!   the list of bodies and their years — are taken without making their views (a record page
//!   only when every year of its body is equal: it links its project's other steps). Project
//!   and unit pages span a body's years: taken so only when every year of the body is equal,
//!   else their views are made, and compared.
//! - **Search documents and open data** of a body's year whose inputs are equal are taken as the
//!   last round made them; the index and the package descriptor are assembled again each round.
//!   A site-wide open-data table is taken with its files when the digest of the table (every
//!   cell) is the last round's.
//! - **The audit.** Every file goes through the sink's leak audit, except a file taken from the
//!   memo when the withheld strings and ids are the last round's: the same bytes at the same
//!   path were found clean by the same audit, and the memo keeps only successful rounds.
//!
//! Tests: `serve::rebuild` compares the preview with `gongkai build` after many edits, file by
//! file; `tests/it/serve.rs` compares every URL served with the build's output.

use crate::disclose::{PublicRegion, PublicSite, PublicYear, Secrets};
use crate::format::View;
use crate::model::{Config, RegionLevel};
use crate::output::audit::Scanner;
use crate::output::audit::statics::StaticScanner;
use sha2::{Digest, Sha256};

mod digest;
mod key;
mod parts;

use digest::secrets_digest;
use digest::{debug_into, digests};
pub use key::Key;
pub(super) use parts::Parts;
pub use parts::{BulkPart, DataPart};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// A page as made: its output path, bytes and the hash of its view.
#[derive(Clone)]
pub struct Page {
    pub path: String,
    pub bytes: Body,
    pub(super) view: [u8; 32],
}

/// Where a page's bytes are.
#[derive(Clone)]
pub enum Body {
    /// In memory (the preview's memo).
    Mem(Arc<Vec<u8>>),
    /// Stored by this round at the page's path in the store, not kept in memory (a build
    /// with a persistent cache: linked into the cache when it is saved).
    Stored,
    /// A file of the persistent cache (`super::cache`).
    Blob(super::cache::Blob),
}

impl Body {
    /// Whether the bytes can still be had as they were made (a cache file that was changed or
    /// removed since cannot; bytes only stored by this round are not the memo's to give).
    fn intact(&self) -> bool {
        match self {
            Body::Mem(_) => true,
            Body::Stored => false,
            Body::Blob(b) => b.intact(),
        }
    }
}

impl Page {
    fn intact(&self) -> bool {
        self.bytes.intact()
    }
}

/// The environment a round's pages are rendered in, besides their views.
struct Env {
    config: Config,
    templates: Vec<(String, String)>,
    /// The site's icon, as the templates see it (a site's static icon replaces the theme's).
    icon: String,
    /// The search index's file names, as the templates see them.
    search: String,
}

impl Env {
    /// Everything but the search names, as one digest: the program, the site's settings, its
    /// templates and its icon.
    fn digest(&self, identity: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(identity.as_bytes());
        h.update([0]);
        debug_into(&mut h, &self.config);
        for (name, text) in &self.templates {
            for part in [name.as_bytes(), &[0], text.as_bytes(), &[0]] {
                h.update(part);
            }
        }
        h.update(self.icon.as_bytes());
        h.finalize().into()
    }
}

/// A body's year: (body id, year).
pub(super) type Unit = (String, i32);

/// What the last round's public site is known by.
pub(super) enum Before {
    /// The site itself (the preview keeps it).
    Site(Box<PublicSite>),
    /// The digest of each body's year (the persistent cache keeps these: see [`digests`]).
    Digests(BTreeMap<Unit, [u8; 32]>),
}

/// What the last successful round made.
pub(super) struct Last {
    pub(super) before: Before,
    /// The digest of the withheld strings and ids the last round's files were audited against.
    pub(super) secrets: [u8; 32],
    /// The digest of the environment ([`Env::digest`]) and the search index's names.
    pub(super) env: [u8; 32],
    pub(super) search: String,
    pub(super) pages: HashMap<Key, Page>,
    pub(super) parts: Parts,
    /// The leak audit's automatons, made for the withheld strings and ids of `secrets`.
    scanners: Option<Scanners>,
}

/// The leak audit's automatons for one set of withheld strings and ids: the one every file
/// goes through, and the one of a site's static files (folded forms).
pub type Scanners = (Arc<Scanner>, Arc<StaticScanner>);

impl Last {
    /// The last build as the persistent cache recorded it.
    pub(super) fn from_disk(
        units: BTreeMap<Unit, [u8; 32]>,
        secrets: [u8; 32],
        env: [u8; 32],
        search: String,
        pages: HashMap<Key, Page>,
        parts: Parts,
    ) -> Last {
        Last {
            before: Before::Digests(units),
            secrets,
            env,
            search,
            pages,
            parts,
            scanners: None,
        }
    }
}

/// The memo kept between rounds (see the module's documentation).
#[derive(Default)]
pub struct Memo {
    pub(super) last: Option<Last>,
    /// What identifies the program for the persistent cache (empty in the preview).
    pub(super) identity: String,
    /// Whether rounds keep each body's year's digest and leave pages' bytes in the store
    /// instead of memory (a build with a persistent cache).
    pub(super) persistent: bool,
}

/// One round's use of the memo.
pub struct Round<'a> {
    last: HashMap<&'a Key, &'a Page>,
    last_parts: Option<&'a Parts>,
    /// The bodies' years whose public data and surroundings are as in the last round.
    same_units: BTreeSet<(String, i32)>,
    /// The bodies all of whose years are in `same_units`: a record page names its project and
    /// the neighbouring steps, which may be in another year of its body.
    same_bodies: BTreeSet<String>,
    /// Whether the pages of `same_units` may be taken without making their views (the search
    /// index's names are the same, or no template prints them but the search page).
    same_pages: bool,
    /// The last round's search index names.
    last_search: Option<&'a str>,
    parts: Mutex<Parts>,
    /// Whether the search index's file names go into every page's hash (a site's own template
    /// may print them; the theme prints them only on the search page).
    search_everywhere: bool,
    made: Mutex<HashMap<Key, Page>>,
    /// Whether the withheld strings and ids are the last round's: then a page or file taken
    /// from the memo, found clean by that round's audit, is known clean.
    pub clean: bool,
    env: Env,
    env_digest: [u8; 32],
    secrets: [u8; 32],
    /// Each body's year's digest (a persistent round's).
    digests: Option<BTreeMap<Unit, [u8; 32]>>,
    persistent: bool,
    /// The last round's audit automatons, when made for the same withheld strings and ids.
    scanners: Option<Scanners>,
}

impl Memo {
    /// Start a round for `public`, rendered with the site's `templates`; the search index's
    /// names are given by [`Round::set_search`] once it is made.
    pub fn round<'a>(
        &'a self,
        public: &PublicSite,
        templates: &[(String, String)],
        icon: &str,
        secrets: &Secrets,
    ) -> Round<'a> {
        let env = Env {
            config: public.config().clone(),
            templates: templates.to_vec(),
            icon: icon.to_string(),
            search: String::new(),
        };
        let env_digest = env.digest(&self.identity);
        let secrets = secrets_digest(secrets);
        let digests = self.persistent.then(|| digests(public));
        let mut round = Round {
            last: HashMap::new(),
            last_parts: None,
            same_units: BTreeSet::new(),
            same_bodies: BTreeSet::new(),
            same_pages: false,
            last_search: None,
            search_everywhere: !templates.is_empty(),
            parts: Mutex::new(Parts::default()),
            made: Mutex::new(HashMap::new()),
            clean: false,
            env,
            env_digest,
            secrets,
            digests,
            persistent: self.persistent,
            scanners: None,
        };
        round.scanners = self
            .last
            .as_ref()
            .filter(|l| l.secrets == secrets)
            .and_then(|l| l.scanners.clone());
        if let Some(last) = self.last.as_ref().filter(|l| l.env == env_digest) {
            round.last = last.pages.iter().collect();
            round.last_parts = Some(&last.parts);
            round.last_search = Some(&last.search);
            round.clean = last.secrets == secrets;
            round.same_units = match (&last.before, &round.digests) {
                (Before::Site(before), _) => units(public)
                    .filter(|(r, y)| same_unit(before, public, r, y))
                    .map(|(r, y)| (r.id().to_string(), y.year()))
                    .collect(),
                (Before::Digests(before), Some(now)) => now
                    .iter()
                    .filter(|(u, d)| before.get(*u) == Some(*d))
                    .map(|(u, _)| u.clone())
                    .collect(),
                (Before::Digests(_), None) => BTreeSet::new(),
            };
            round.same_bodies = public
                .regions()
                .iter()
                .filter(|r| {
                    r.years()
                        .iter()
                        .all(|y| round.same_units.contains(&(r.id().to_string(), y.year())))
                })
                .map(|r| r.id().to_string())
                .collect();
        }
        round
    }

    /// Keep a successful round's results, for the next.
    pub fn keep(&mut self, kept: Kept, public: PublicSite) {
        let before = match kept.digests {
            Some(d) => Before::Digests(d),
            None => Before::Site(Box::new(public)),
        };
        let old = self.last.replace(Last {
            before,
            secrets: kept.secrets,
            env: kept.env_digest,
            search: kept.env.search,
            pages: kept.pages,
            parts: kept.parts,
            scanners: kept.scanners,
        });
        // The round before's site and pages are let go on a thread of their own, so that this
        // round ends without waiting for it (when no thread can be made, here).
        if let Some(old) = old {
            let _ = std::thread::Builder::new()
                .name("memo-drop".into())
                .spawn(move || drop(old));
        }
    }
}

/// What a round leaves for the next: every page and part it made or took.
pub struct Kept {
    env: Env,
    env_digest: [u8; 32],
    secrets: [u8; 32],
    digests: Option<BTreeMap<Unit, [u8; 32]>>,
    pub(super) pages: HashMap<Key, Page>,
    pub(super) parts: Parts,
    scanners: Option<Scanners>,
}

impl Kept {
    pub(super) fn env_digest(&self) -> [u8; 32] {
        self.env_digest
    }

    pub(super) fn secrets_digest(&self) -> [u8; 32] {
        self.secrets
    }

    pub(super) fn search(&self) -> &str {
        &self.env.search
    }

    pub(super) fn digests(&self) -> Option<&BTreeMap<Unit, [u8; 32]>> {
        self.digests.as_ref()
    }

    /// The digest a file of a body's year's open data is filed under: the year's (the same
    /// year in the same environment makes the same files).
    pub(super) fn data_name(&self, unit: &Unit, path: &str) -> Option<[u8; 32]> {
        let year = self.digests.as_ref()?.get(unit)?;
        let mut h = Sha256::new();
        h.update(self.env_digest);
        h.update(year);
        h.update(path.as_bytes());
        Some(h.finalize().into())
    }

    /// The digest a file of a site-wide table is filed under: the table's (the same table in
    /// the same environment makes the same files).
    pub(super) fn bulk_name(&self, table: &[u8; 32], path: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.env_digest);
        h.update(b"bulk");
        h.update(table);
        h.update(path.as_bytes());
        h.finalize().into()
    }

    /// The digest a page's bytes are filed under in the persistent cache: its view's in this
    /// round's environment (the same view in the same environment renders the same bytes).
    pub(super) fn blob_name(&self, page: &Page) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.env_digest);
        h.update(self.env.search.as_bytes());
        h.update([0]);
        h.update(page.view);
        h.finalize().into()
    }
}

impl Round<'_> {
    /// The search index's names as the templates get them (before any page is rendered).
    pub fn set_search(&mut self, search: &serde_json::Value) {
        self.env.search = search.to_string();
        self.same_pages =
            !self.search_everywhere || self.last_search == Some(self.env.search.as_str());
    }

    /// The page at `key` as the last round made it, when its body's year did not change.
    pub fn unchanged(&self, key: &Key) -> Option<&Page> {
        let page = self.unchanged_page(key)?;
        page.intact().then(|| {
            self.made(key.clone(), page.clone());
            page
        })
    }

    fn unchanged_page(&self, key: &Key) -> Option<&Page> {
        if !self.same_pages {
            return None;
        }
        let same = match key {
            // A project's or a unit's page spans its body's years, as a record's trail does.
            Key::Project(r, _) | Key::Unit(r, _) => self.same_bodies.contains(r),
            Key::Record(r, ..) if !self.same_bodies.contains(r) => false,
            _ => {
                let (r, y) = key.unit()?;
                self.same_units.contains(&(r.to_string(), y))
            }
        };
        same.then(|| self.last.get(key).copied()).flatten()
    }

    /// The page at `key` whose view is `view`: the last round's when its view was the same
    /// (then kept for the next round), else `None` — render it and give it to [`Round::made`].
    pub fn same_view(&self, key: &Key, view: &View) -> (Option<&Page>, [u8; 32]) {
        let hash = self.hash(key, view);
        let last = self
            .last
            .get(key)
            .copied()
            .filter(|p| p.view == hash && p.path == view.path && p.intact());
        if let Some(p) = last {
            self.made(key.clone(), p.clone());
        }
        (last, hash)
    }

    /// Remember a page rendered in this round: its bytes, unless the round is persistent
    /// (then they are in the store, and the cache takes them from there).
    pub fn rendered(&self, key: Key, path: String, bytes: Arc<Vec<u8>>, view: [u8; 32]) {
        let bytes = match self.persistent {
            true => Body::Stored,
            false => Body::Mem(bytes),
        };
        self.made(key, Page { path, bytes, view });
    }

    /// Whether pages are stored rather than kept (a persistent round).
    pub fn persistent(&self) -> bool {
        self.persistent
    }

    fn made(&self, key: Key, page: Page) {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, page);
    }

    fn hash(&self, key: &Key, view: &View) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(view.template.as_bytes());
        h.update([0]);
        h.update(view.path.as_bytes());
        h.update([0]);
        if self.search_everywhere || *key == Key::Search {
            h.update(self.env.search.as_bytes());
        }
        h.update([0]);
        // The typed view's serialisation, streamed into the hasher: serde_json writes a view
        // the same way every time within one program, and two views that serialise alike
        // render alike.
        if serde_json::to_writer(&mut HashWriter(&mut h), &view.view).is_err() {
            // Unreachable for a page view; a hash that matches nothing renders the page.
            h.update(b"\xff unhashable");
        }
        h.finalize().into()
    }

    /// The last round's audit automatons, when they were made for this round's withheld
    /// strings and ids.
    pub fn scanners(&self) -> Option<Scanners> {
        self.scanners.clone()
    }

    /// What this round leaves for the next, with the audit automatons it used (a persistent
    /// round, whose memo ends with the process, leaves none).
    pub fn kept(self, scanners: Scanners) -> Kept {
        Kept {
            scanners: (!self.persistent).then_some(scanners),
            env: self.env,
            env_digest: self.env_digest,
            secrets: self.secrets,
            digests: self.digests,
            pages: self.made.into_inner().unwrap_or_else(|e| e.into_inner()),
            parts: self.parts.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(super) fn units(site: &PublicSite) -> impl Iterator<Item = (&PublicRegion, &PublicYear)> {
    site.regions()
        .iter()
        .flat_map(|r| r.years().iter().map(move |y| (r, y)))
}

/// One body as any page may name it: its details and its years.
type Outline<'a> = (
    &'a str,
    &'a str,
    RegionLevel,
    Option<&'a str>,
    Option<&'a str>,
    Vec<i32>,
);

/// Every body as any page may name it.
pub(super) fn outline(site: &PublicSite) -> impl Iterator<Item = Outline<'_>> + '_ {
    site.regions().iter().map(|r| {
        (
            r.id(),
            r.name(),
            r.level(),
            r.code(),
            r.parent(),
            r.years().iter().map(|y| y.year()).collect(),
        )
    })
}

/// Whether the unit (r, y) of `now` is made from exactly what it was made from in `before`.
fn same_unit(before: &PublicSite, now: &PublicSite, r: &PublicRegion, y: &PublicYear) -> bool {
    let Some(br) = before.regions().iter().find(|b| b.id() == r.id()) else {
        return false;
    };
    br.name() == r.name()
        && br.level() == r.level()
        && br.code() == r.code()
        && br.parent() == r.parent()
        && br.units() == r.units()
        && before.home() == now.home()
        && outline(before).eq(outline(now))
        && br.years().iter().find(|b| b.year() == y.year()) == Some(y)
}
