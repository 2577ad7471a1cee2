//! The preview's builds, in memory: the same driver as `gongkai build` (`pipeline`), into a
//! memory store behind the same leak audit. The first round builds everything; each later one
//! re-reads only the files that changed (`load::cache`) and takes the pages of every body's
//! year that did not change from the memo (`pipeline::memo`). The bytes served for every URL
//! are the bytes `gongkai build` would write now (the live-reload tag aside, added when
//! serving), the 更新记录 included: it continues the real output's manifest.
//!
//! A failed build keeps the last good files served and reports the same diagnostics text as
//! the command line. Nothing is written to disk here: the real output folder is only read (for
//! the previous publication's manifest), never written, so previewing never disturbs a build.

use crate::Failure;
use crate::diag::{Diagnostics, Lang, told};
use crate::format::changes;
use crate::load::cache::Cache;
use crate::output::sink::Memory;
use crate::pipeline::memo::Memo;
use crate::pipeline::publish::{Options, publish};
use crate::pipeline::{self, Inputs, Timings};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::files::Files;

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
    pub timings: Timings,
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

/// The preview of one site.
pub struct Preview {
    out: PathBuf,
    inputs: Inputs,
    cache: Cache,
    memo: Memo,
    /// Years validated in earlier rounds.
    years: crate::validate::Years,
    first: bool,
}

impl Preview {
    /// `out` is the site's real output folder: never walked, never written.
    /// The language of the preview's messages.
    pub fn lang(&self) -> crate::diag::Lang {
        self.inputs.lang
    }

    pub fn new(site: &Path, out: &Path, inputs: Inputs) -> Preview {
        Preview {
            out: out.to_path_buf(),
            inputs,
            cache: Cache::new(site),
            memo: Memo::default(),
            years: crate::validate::Years::default(),
            first: true,
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
        let t = vec![("load", start.elapsed())];
        self.years.forget(&update.changed);
        let result = pipeline::check_loaded(self.cache.sources(), update.diags, t, &mut self.years)
            .and_then(|checked| self.publish(checked));
        match result {
            Ok(mut built) => {
                built.parsed = update.parsed;
                built.elapsed = start.elapsed();
                Outcome::Built(built)
            }
            Err(Failure::Content(d)) => Outcome::Failed {
                text: failure_text(&d, self.inputs.lang),
                errors: d.error_count(),
            },
            Err(Failure::Io(e)) => Outcome::Failed {
                text: match self.inputs.lang {
                    Lang::Zh => format!("错误：{}\n", told::text(&e, Lang::Zh)),
                    Lang::En => format!("error: {}\n", told::text(&e, Lang::En)),
                },
                errors: 1,
            },
        }
    }

    fn publish(&mut self, mut checked: pipeline::Checked) -> Result<Built, Failure> {
        let path = self.out.join(changes::MANIFEST_PATH);
        let (previous, _) = pipeline::build::previous_manifest(&path, false)?;
        let memory = Memory::default();
        let opts = Options {
            inputs: self.inputs,
            previous: previous.as_ref(),
            progress: None,
            memo: Some(&self.memo),
        };
        let mut published = publish(&checked, &memory, opts)?;
        let mut timings = std::mem::take(&mut checked.timings);
        timings.extend(published.timings);
        let lap = Instant::now();
        let mut files = Files::default();
        for (path, bytes) in memory.into_files() {
            files.insert_shared(path, bytes);
        }
        timings.push(("files", lap.elapsed()));
        let mut warnings = std::mem::take(&mut checked.warnings);
        warnings.extend(published.warnings);
        let lap = Instant::now();
        let public = checked.public;
        let years = || public.regions().iter().flat_map(|r| r.years());
        let mut built = Built {
            files,
            parsed: 0,
            rendered: published.rendered,
            pages: published.pages.len(),
            records: years().map(|y| y.records().len()).sum(),
            withheld: years().map(|y| y.stubs().len()).sum(),
            warnings,
            elapsed: Duration::ZERO,
            base_path: base_path(&public.config().base_url),
            timings,
        };
        if let Some(kept) = published.kept.take() {
            self.memo.keep(kept, public);
        }
        built.timings.push(("memo", lap.elapsed()));
        Ok(built)
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

/// The diagnostics and the closing line, as `gongkai build` prints them.
pub fn failure_text(d: &Diagnostics, lang: crate::diag::Lang) -> String {
    let errors = crate::cmd::errors(d.error_count());
    let (shown, errors) = (d.render_human(lang), errors.get(lang));
    match lang {
        Lang::Zh => format!("{shown}构建已停止：{errors}；预览中仍是上一次成功生成的网站\n"),
        Lang::En => {
            format!("{shown}build stopped: {errors}; the last good build is still served\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Arc;

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

    /// Every file `gongkai build` writes for the site, by path.
    fn build_files(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
        let opts = crate::BuildOptions::default();
        if let Err(f) = crate::build(root, out, opts) {
            panic!("the build failed: {f:?}");
        }
        walkdir::WalkDir::new(out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(out).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    fn served(files: &Files) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(p, b)| (p.clone(), b.as_ref().clone()))
            .collect()
    }

    /// After each edit, the incremental preview serves exactly what a fresh preview serves and
    /// what `gongkai build` writes, byte for byte, and renders fewer pages than there are when
    /// the edit touches one body's year.
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
        // The preview continues the 更新记录 of the output the builds below write.
        let out = tmp.path().join("built");
        let built_out = out.clone();
        let mut preview = Preview::new(root, &out, Inputs::default());
        let first = built(preview.rebuild());
        assert_eq!(first.rendered, first.pages);
        assert_eq!(served(&first.files), build_files(root, &built_out));
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
                // A project renamed in 2024: the 2023 record pages of the project it left name
                // other neighbouring steps, though their year is unchanged.
                Box::new(move |r| {
                    edit(r, &format!("{y}/goals/road.yaml"), |t| {
                        t.replace("乡村道路养护项目", "乡村道路养护工程")
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
        let mut last = first;
        for (n, (apply, partial)) in edits.iter().enumerate() {
            apply(root);
            let b = built(preview.rebuild());
            // The site-wide goals table is taken from the last round when no row of it changed
            // (an objective edited: the table has no such column), made again when one did
            // (a project renamed).
            let same = |p: &str| Arc::ptr_eq(b.files.get(p).unwrap(), last.files.get(p).unwrap());
            match n {
                0 => assert!(same("data/goals.csv") && same("data/goals.xlsx"), "edit 0"),
                3 => assert!(!same("data/goals.csv"), "edit 3"),
                _ => {}
            }
            let fresh = built(Preview::new(root, &out, Inputs::default()).rebuild());
            assert_eq!(b.pages, fresh.pages, "edit {n}");
            assert_eq!(b.files, fresh.files, "edit {n}: incremental output differs");
            assert_eq!(b.warnings.items, fresh.warnings.items, "edit {n}: warnings");
            let written = build_files(root, &built_out);
            let shown = served(&b.files);
            let differ: Vec<&String> = written
                .keys()
                .chain(shown.keys())
                .filter(|p| written.get(*p) != shown.get(*p))
                .collect();
            assert!(
                differ.is_empty(),
                "edit {n}: preview and build differ at {differ:?}"
            );
            assert_eq!(
                b.rendered < b.pages,
                *partial,
                "edit {n}: {} of {}",
                b.rendered,
                b.pages
            );
            last = b;
        }
    }
}
