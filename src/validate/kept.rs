//! The years the preview keeps validated between its rounds ([`Years`]).

use super::site;
use crate::diag::Diagnostic;
use crate::model::{Site, Year};
use std::collections::BTreeMap;

/// Years validated in an earlier round of the preview, by body and year. A year depends on
/// its folder's files and, besides them, only on site.yaml (the money unit) and its body's
/// region.yaml (units) and on which bodies there are: a year none of whose files changed, in a
/// round where no file outside a year folder changed, validates to the same year with the same
/// diagnostics, so it is taken from here. Held in memory only, for one preview.
#[derive(Default)]
pub struct Years {
    years: BTreeMap<(String, i32), KeptYear>,
}

#[derive(Default)]
struct KeptYear {
    said: Vec<Diagnostic>,
    /// None until the site it was validated into is given back (and after it is taken).
    year: Option<Year>,
}

impl Years {
    /// Forget what `changed` files (paths relative to the site) may affect: the year folder
    /// each is in, or every year when one is not in a year folder.
    pub fn forget(&mut self, changed: &[String]) {
        for rel in changed {
            let parts: Vec<&str> = rel.split('/').collect();
            match parts.as_slice() {
                ["content", region, y, _, ..] if site::year_number(y).is_some() => {
                    let year = site::year_number(y).unwrap_or_default();
                    self.years.remove(&(region.to_string(), year));
                }
                _ => {
                    self.years.clear();
                    return;
                }
            }
        }
    }

    /// Take back the years of a site [`super::validate_kept`] gave.
    pub fn keep(&mut self, site: Site) {
        for region in site.regions {
            for year in region.years {
                if let Some(k) = self.years.get_mut(&(region.id.clone(), year.year)) {
                    k.year = Some(year);
                }
            }
        }
    }

    /// The year kept for `region`'s `year`, with what it said, taken out.
    pub(super) fn take(&mut self, region: &str, year: i32) -> Option<(Year, Vec<Diagnostic>)> {
        let k = self.years.get_mut(&(region.to_string(), year))?;
        let y = k.year.take()?;
        Some((y, k.said.clone()))
    }

    /// The years of one body, taken out to validate it apart from the others.
    pub(super) fn of_region(&mut self, region: &str) -> Years {
        let keys: Vec<(String, i32)> = self
            .years
            .range((region.to_string(), i32::MIN)..=(region.to_string(), i32::MAX))
            .map(|(k, _)| k.clone())
            .collect();
        Years {
            years: keys
                .into_iter()
                .filter_map(|k| self.years.remove_entry(&k))
                .collect(),
        }
    }

    /// What a year validated anew said; the year itself comes back with [`Years::keep`].
    pub(super) fn said(&mut self, region: &str, year: i32, said: Vec<Diagnostic>) {
        let k = KeptYear { said, year: None };
        self.years.insert((region.to_string(), year), k);
    }

    /// Put back the years of a body taken out with [`Years::of_region`].
    pub(super) fn absorb(&mut self, other: Years) {
        self.years.extend(other.years);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{validate, validate_kept};
    use super::*;
    use crate::diag::Severity;
    use crate::load::cache::Cache;
    use std::path::Path;

    fn edit(root: &Path, rel: &str, f: impl Fn(String) -> String) {
        let p = root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, f(text)).unwrap();
    }

    /// Validating with the years kept from earlier rounds gives what validating everything
    /// gives — the same site and the same diagnostics, errors and warnings — after each edit
    /// of a year's record, of a year that then fails and is mended, of region.yaml and of
    /// site.yaml, and when a body is added; and a year no changed file is in is taken, not
    /// validated again.
    #[test]
    fn kept_years_validate_as_everything_does() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for e in walkdir::WalkDir::new(&fixture) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&fixture).unwrap().to_string_lossy();
            for (rel, from, to) in [
                (rel.to_string(), "", ""),
                (rel.replace("/2024", "/2023"), "2024-", "2023-"),
            ] {
                let dest = root.join(&rel);
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&dest).unwrap();
                } else {
                    let text = std::fs::read_to_string(e.path()).unwrap();
                    let text = if from.is_empty() {
                        text
                    } else {
                        text.replace(from, to)
                    };
                    std::fs::write(&dest, text).unwrap();
                }
            }
        }
        let mut cache = Cache::new(root);
        let mut kept = Years::default();
        let round = |cache: &mut Cache, kept: &mut Years| {
            let update = cache.update(None);
            kept.forget(&update.changed);
            let (site, diags) = validate_kept(cache.sources(), kept);
            let (fresh, fresh_diags) = validate(cache.sources());
            assert_eq!(site, fresh);
            assert_eq!(diags.items, fresh_diags.items);
            if let Some(site) = site {
                kept.keep(site);
            }
            diags.items
        };
        let errors =
            |d: Vec<Diagnostic>| d.iter().filter(|d| d.severity == Severity::Error).count();
        assert_eq!(errors(round(&mut cache, &mut kept)), 0);
        let taken = |kept: &Years, year: i32| {
            kept.years
                .get(&("demo".to_string(), year))
                .is_some_and(|k| k.year.is_some())
        };
        let y = "content/demo/2024";
        edit(root, &format!("{y}/goals/road.yaml"), |t| {
            t.replace("86 公里", "八十六公里")
        });
        // Before the round: 2024 is forgotten, 2023 still kept.
        let changed = vec![format!("{y}/goals/road.yaml")];
        kept.forget(&changed);
        assert!(taken(&kept, 2023) && !taken(&kept, 2024));
        round(&mut cache, &mut kept);
        assert!(taken(&kept, 2023) && taken(&kept, 2024));
        // A year that fails, then is mended while the other year is kept.
        edit(root, &format!("{y}/goals/road.yaml"), |t| {
            t.replace("scope: project", "scope: 项目啊")
        });
        assert!(errors(round(&mut cache, &mut kept)) > 0, "the bad scope");
        edit(root, &format!("{y}/goals/road.yaml"), |t| {
            t.replace("scope: 项目啊", "scope: project")
        });
        assert_eq!(errors(round(&mut cache, &mut kept)), 0);
        edit(root, "content/demo/2023/goals/road.yaml", |t| {
            t.replace("unit: jtj", "unit: nobody")
        });
        assert!(errors(round(&mut cache, &mut kept)) > 0, "an unknown unit");
        edit(root, "content/demo/region.yaml", |t| {
            t + "  - { id: nobody, name: 新单位 }\n"
        });
        round(&mut cache, &mut kept);
        edit(root, "content/other/region.yaml", |_| {
            "name: 另一县\nlevel: 县\nparent: demo\nunits:\n  - { id: czj, name: 另一县财政局 }\n"
                .into()
        });
        round(&mut cache, &mut kept);
        edit(root, "site.yaml", |t| {
            t.replace("money_unit: 万元", "money_unit: 元")
        });
        round(&mut cache, &mut kept);
    }
}
