//! `gongkai new DIR`: write a ready site (see `scaffold`) into a new or empty folder.

use super::Exit;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Written, or an I/O error when DIR is not empty or cannot be written (see [`Exit`]).
pub fn run(dir: &Path) -> Exit {
    match write(dir) {
        Ok(()) => {
            eprintln!(
                "created a site in {}: edit site.yaml and the files under content/, then run\n  gongkai serve {}    (preview in a browser)\n  gongkai build {}    (write the site into {})",
                dir.display(),
                dir.display(),
                dir.display(),
                dir.join("public").display()
            );
            Exit::Ok
        }
        Err(e) => super::io_error(format_args!("{e:#}")),
    }
}

fn write(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; give a new folder, or an empty one",
                dir.display()
            );
        }
    }
    for (rel, text) in crate::scaffold::FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
