//! The preview's builds, in memory and incremental: the first builds everything; each later one
//! re-reads only the files that changed (`load::cache`) and renders again only the pages whose
//! inputs changed (`dirty`), keeping every other page's bytes.
//!
//! A failed build keeps the last good files served and reports the same diagnostics text as
//! the command line. Nothing is written to disk here: the real output folder is only read (for
//! the previous publication's manifest), never written, so previewing never disturbs a build.

use super::audit::Audit;
use super::dirty::{self, Key};
use super::history::History;
use crate::diag::Diagnostics;
use crate::disclose::{PublicSite, Secrets};
use crate::load::cache::Cache;
use crate::model::Config;
use crate::publish::changes::{self, RecordKey};
use crate::publish::data::Shared;
use crate::render::{self, Output, Renderer, pages};
use crate::{Failure, publish};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::files::Files;

/// A successful build.
pub struct Built {
    /// Every file served, the site's static/ files included (read when the site was built).
    pub files: Files,
    /// Site files read and parsed again.
    pub parsed: usize,
    /// Pages rendered again.
    pub rendered: usize,
    pub pages: usize,
    pub records: usize,
    pub withheld: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// The path of the site's base URL (`/yjgk/`).
    pub base_path: String,
    /// How long each step took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// What a build gave.
pub enum Outcome {
    Built(Built),
    /// Content or I/O errors, as the command line prints them; the last good files stay.
    Failed {
        text: String,
        errors: usize,
    },
    /// No file of the site changed since the last build.
    Unchanged,
}

struct Good {
    public: PublicSite,
    paths: BTreeMap<Key, String>,
    extras: BTreeSet<String>,
    files: Files,
}

struct Env {
    config: Config,
    templates: Vec<(String, String)>,
    renderer: Renderer,
    /// The theme's stylesheet and script files.
    assets: Vec<Output>,
}

/// The preview of one site.
pub struct Preview {
    out: PathBuf,
    cache: Cache,
    env: Option<Env>,
    good: Option<Good>,
    first: bool,
    history: History,
    /// The site-wide files' parts kept for the next build.
    reuse: crate::SiteReuse,
    /// The validated year folders kept for the next build.
    years: crate::validate::Years,
    /// The leak audit, as `gongkai build` runs it.
    audit: Audit,
}

impl Preview {
    /// `out` is the site's real output folder: never walked, never written.
    pub fn new(site: &Path, out: &Path) -> Preview {
        Preview {
            out: out.to_path_buf(),
            cache: Cache::new(site),
            env: None,
            good: None,
            first: true,
            history: History::default(),
            reuse: crate::SiteReuse::default(),
            years: crate::validate::Years::default(),
            audit: Audit::default(),
        }
    }

    /// Build what changed since the last call (everything the first time).
    pub fn rebuild(&mut self) -> Outcome {
        let start = Instant::now();
        let update = self.cache.update(Some(&self.out));
        if update.changed.is_empty() && !self.first {
            return Outcome::Unchanged;
        }
        self.first = false;
        let mut t = vec![("load", start.elapsed())];
        let sources = self.cache.sources();
        // A year folder none of whose files changed is not validated again.
        let changed = &update.changed;
        let unchanged = |region: &str, year: &str| {
            let prefix = format!("content/{region}/{year}/");
            !changed.iter().any(|c| c.starts_with(&prefix))
        };
        let result =
            crate::examine_reusing(sources, update.diags, &mut t, &mut self.years, &unchanged)
                .and_then(|(public, secrets, warnings)| {
                    self.render(public, &secrets, warnings, &mut t)
                });
        match result {
            Ok(mut built) => {
                built.parsed = update.parsed;
                built.elapsed = start.elapsed();
                built.timings = t;
                Outcome::Built(built)
            }
            Err(Failure::Content(d)) => Outcome::Failed {
                text: failure_text(&d),
                errors: d.error_count(),
            },
            Err(Failure::Io(e)) => Outcome::Failed {
                text: format!("error: {e:#}\n"),
                errors: 1,
            },
        }
    }

    fn render(
        &mut self,
        public: PublicSite,
        secrets: &Secrets,
        mut warnings: Diagnostics,
        t: &mut Vec<(&'static str, Duration)>,
    ) -> Result<Built, Failure> {
        let mut lap = Instant::now();
        let mut time = |t: &mut Vec<_>, name| {
            t.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        self.audit.prepare(secrets);
        let sources = self.cache.sources();
        let (statics, mut refused) = self
            .audit
            .statics(&sources.statics, &public.config.static_checked);
        let same_env = self
            .env
            .as_ref()
            .is_some_and(|e| e.config == public.config && e.templates == sources.templates);
        if !same_env {
            self.env = None;
            let (renderer, assets) = crate::renderer_for(&public, &sources.templates)?;
            self.env = Some(Env {
                config: public.config.clone(),
                templates: sources.templates.clone(),
                renderer,
                assets,
            });
        }
        if !same_env {
            self.reuse = crate::SiteReuse::default();
        }
        let before = self.good.as_ref().filter(|_| same_env).map(|g| &g.public);
        let site_wide = match self.env.as_mut() {
            Some(env) => {
                crate::site_files_reusing(&public, &mut env.renderer, before, Some(&mut self.reuse))
            }
            None => Vec::new(),
        };
        time(t, "site files");
        let env = self.env.as_ref().expect("set above");
        let jobs = pages::jobs(&public);
        let prev = self.good.as_ref().filter(|_| same_env);
        let todo: Vec<pages::Job> = match prev {
            Some(g) => dirty::dirty(&g.public, &public, &jobs)
                .into_iter()
                .zip(&jobs)
                .filter(|(d, _)| *d)
                .map(|(_, j)| j.clone())
                .collect(),
            None => jobs.clone(),
        };
        time(t, "dirty");
        let outputs =
            render::render_jobs(&public, &env.renderer, &todo, &|| {}).map_err(Failure::Content)?;
        time(t, "render");
        let changed: Option<BTreeSet<RecordKey>> = prev.map(|_| {
            todo.iter()
                .filter_map(|j| match dirty::key(&public, j) {
                    Key::Record(region, year, kind, id) => Some(RecordKey {
                        region,
                        year,
                        kind: kind.folder().to_string(),
                        id,
                    }),
                    _ => None,
                })
                .collect()
        });
        let manifest = self.history.manifest(&public, changed.as_ref(), &self.out);
        let shared = |o: Output| (o.path, Arc::new(o.bytes));
        let mut site_files = vec![
            shared(crate::changes_page(&public, &env.renderer, &manifest)?),
            shared(changes::output(&manifest)),
        ];
        site_files.extend(env.assets.iter().cloned().map(shared));
        site_files.extend(site_wide);
        site_files.push(shared(crate::feed(&public, &env.renderer, &manifest)?));
        site_files.extend(statics);
        time(t, "changes");
        warnings.extend(render::warnings(&env.renderer));
        let rendered = outputs.len() + 1;
        let incremental = prev.is_some();
        let env = self.env.take().expect("set above");
        let good = self.next_good(
            &env.renderer,
            public,
            (&jobs, &todo),
            outputs,
            site_files,
            incremental,
        );
        self.env = Some(env);
        let good = good?;
        time(t, "files");
        refused.extend(self.audit.files(&good.files));
        time(t, "audit");
        if refused.error_count() > 0 {
            self.good = Some(good);
            return Err(Failure::Content(refused));
        }
        let built = Built {
            files: good.files.clone(),
            parsed: 0,
            rendered,
            pages: good.paths.len() + 1,
            records: count(&good.public, |y| y.records.len()),
            withheld: count(&good.public, |y| y.stubs.len()),
            warnings,
            elapsed: Duration::ZERO,
            base_path: base_path(&good.public.config.base_url),
            timings: Vec::new(),
        };
        self.good = Some(good);
        Ok(built)
    }

    /// The new set of files: the previous one with re-rendered pages replaced, pages that are
    /// gone removed, and the site-wide files made again (`site`: the changes page first).
    fn next_good(
        &mut self,
        renderer: &Renderer,
        public: PublicSite,
        (jobs, todo): (&[pages::Job], &[pages::Job]),
        outputs: Vec<Output>,
        site: Vec<Shared>,
        incremental: bool,
    ) -> Result<Good, Failure> {
        let mut good = match self.good.take().filter(|_| incremental) {
            Some(g) => g,
            None => Good {
                public: public.clone(),
                paths: BTreeMap::new(),
                extras: BTreeSet::new(),
                files: Files::default(),
            },
        };
        let keys: Vec<Key> = jobs.iter().map(|j| dirty::key(&public, j)).collect();
        let live: BTreeSet<&Key> = keys.iter().collect();
        let gone: Vec<Key> = good
            .paths
            .keys()
            .filter(|k| !live.contains(k))
            .cloned()
            .collect();
        for k in gone {
            if let Some(path) = good.paths.remove(&k) {
                good.files.remove(&path);
            }
        }
        for (job, out) in todo.iter().zip(outputs) {
            good.paths
                .insert(dirty::key(&public, job), out.path.clone());
            good.files.insert(out.path, out.bytes);
        }
        for p in std::mem::take(&mut good.extras) {
            good.files.remove(&p);
        }
        let page_paths: Vec<String> = good
            .paths
            .values()
            .chain(site.first().map(|(path, _)| path))
            .cloned()
            .collect();
        let extras = match publish::extras(&public, renderer, &page_paths) {
            Ok(e) => e,
            Err(d) => {
                self.good = Some(good);
                let mut ds = Diagnostics::default();
                ds.push(d);
                return Err(Failure::Content(ds));
            }
        };
        for (path, bytes) in extras
            .into_iter()
            .map(|o| (o.path, Arc::new(o.bytes)))
            .chain(site)
        {
            good.extras.insert(path.clone());
            good.files.insert_shared(path, bytes);
        }
        good.public = public;
        Ok(good)
    }
}

/// The path part of a base URL: `https://x.gov.cn/yjgk/` → `/yjgk/`.
fn base_path(base_url: &str) -> String {
    let after = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after.find('/') {
        Some(i) => after[i..].to_string(),
        None => "/".into(),
    }
}

fn count(site: &PublicSite, f: impl Fn(&crate::disclose::PublicYear) -> usize) -> usize {
    site.regions.iter().flat_map(|r| &r.years).map(f).sum()
}

/// The diagnostics and the closing line, as `gongkai build` prints them.
pub fn failure_text(d: &Diagnostics) -> String {
    format!(
        "{}build stopped: {} errors; the last good build is still served\n",
        d.render_human(),
        d.error_count()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_fixture(to: &Path) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let dest = to.join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(e.path(), &dest).unwrap();
            }
        }
    }

    fn built(o: Outcome) -> Built {
        match o {
            Outcome::Built(b) => b,
            Outcome::Failed { text, .. } => panic!("{text}"),
            Outcome::Unchanged => panic!("unchanged"),
        }
    }

    fn edit(root: &Path, rel: &str, f: impl Fn(String) -> String) {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, f(text)).unwrap();
    }

    /// After each edit, the incremental preview serves exactly what a fresh build serves, and
    /// renders fewer pages than there are.
    #[test]
    fn incremental_builds_equal_full_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        copy_fixture(root);
        // A second year that the edits below leave alone: its open data and search documents
        // are taken over from the previous build, and must still equal a fresh build's.
        let from = root.join("content/demo/2024");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&from).unwrap();
            let dest = root.join("content/demo/2023").join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                let text = std::fs::read_to_string(e.path()).unwrap();
                std::fs::write(&dest, text.replace("2024-", "2023-")).unwrap();
            }
        }
        let out = root.join("public");
        let mut preview = Preview::new(root, &out);
        let first = built(preview.rebuild());
        assert_eq!(first.rendered, first.pages);
        assert!(matches!(preview.rebuild(), Outcome::Unchanged));
        let y = "content/demo/2024";
        type Edit = Box<dyn Fn(&Path)>;
        let edits: Vec<(Edit, bool)> = vec![
            (
                Box::new(move |r| {
                    edit(r, &format!("{y}/goals/road.yaml"), |t| {
                        t.replace("86 公里", "八十六公里")
                    })
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    edit(r, &format!("{y}/goals/new.yaml"), |_| {
                        "id: new\nscope: unit\nunit: czj\nfunds: { total: 12 }\nindicators: []\n"
                            .into()
                    })
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    edit(r, "content/demo/region.yaml", |t| {
                        t.replace("测试县财政局", "测试县财政局（本级）")
                    })
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    edit(r, &format!("{y}/ex-ante/bridge.yaml"), |t| {
                        t + "disclosure: { status: 不予公开, reason: 工作秘密 }\n"
                    })
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    std::fs::remove_file(r.join(format!("{y}/monitoring/road-2024-05.yaml")))
                        .unwrap()
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    edit(r, &format!("{y}/summary.yaml"), |t| {
                        t.replace("count: 1, funds", "count: 2, funds")
                    })
                }),
                true,
            ),
            (
                // Another region folder: the years already validated are checked again
                // against the new list of regions.
                Box::new(move |r| {
                    edit(r, "content/other/region.yaml", |_| {
                        "name: 另一县\nlevel: 县\nparent: demo\nunits:\n  - { id: czj, name: 另一县财政局 }\n"
                            .into()
                    })
                }),
                true,
            ),
            (
                Box::new(move |r| {
                    edit(r, "templates/404.html", |_| {
                        "{% extends \"base.html\" %}{% block content %}没有这个页面{% endblock content %}".into()
                    })
                }),
                false,
            ),
        ];
        for (n, (apply, partial)) in edits.iter().enumerate() {
            apply(root);
            let b = built(preview.rebuild());
            let fresh = built(Preview::new(root, &out).rebuild());
            assert_eq!(b.pages, fresh.pages, "edit {n}");
            assert_eq!(b.files, fresh.files, "edit {n}: incremental output differs");
            assert_eq!(
                b.rendered < b.pages,
                *partial,
                "edit {n}: {} of {}",
                b.rendered,
                b.pages
            );
        }
    }
}
