//! Output: every file of a site through the leak audit ([`audit`], [`sink`]) into a store,
//! written to a staging folder beside the output, then swapped in with one atomic step.
//!
//! A failed or killed build leaves the previous output exactly as it was; staging folders left
//! by a killed build are removed by the next one. The output folder stays a plain folder: on
//! Linux the finished staging folder and the output are exchanged with
//! `renameat2(RENAME_EXCHANGE)`, so at every instant, even under `kill -9`, the output is the
//! complete old site or the complete new one; elsewhere two renames leave a short moment with
//! no output folder (see `atomic`). Every path is checked by [`safe_rel`] before it is written,
//! so nothing lands outside the staging folder. Everything stored here was made by `format`
//! from the public model, never from sources.

pub mod atomic;
pub mod audit;
pub mod sink;
pub mod statics;

use crate::diag::told::{self, Tell, told};
use crate::said;
use anyhow::Result;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const STAGING_PREFIX: &str = ".gongkai-staging-";
const OLD_PREFIX: &str = ".gongkai-old-";

/// Remove staging and old folders left beside `out` by an earlier, interrupted build.
pub fn clean_stale(out: &Path) -> Result<()> {
    let (parent, name) = split(out)?;
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours = [STAGING_PREFIX, OLD_PREFIX].iter().any(|p| {
            n.strip_prefix(p)
                .and_then(|rest| rest.strip_prefix(&name))
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if ours {
            remove_tree(&e.path()).told(|| {
                let p = e.path();
                let p = p.display();
                said!(
                    "无法删除上次未完成的构建留下的临时文件夹 {p}",
                    "removing stale staging folder {p}"
                )
            })?;
        }
    }
    Ok(())
}

fn split(out: &Path) -> Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            told(said!(
                "输出文件夹没有名字；请写一个文件夹路径，如 `public`",
                "the output folder has no name"
            ))
        })?;
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let parent = if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    };
    Ok((parent, name))
}

/// A fresh staging folder beside `out`.
pub fn staging_dir(out: &Path) -> Result<PathBuf> {
    let (parent, name) = split(out)?;
    std::fs::create_dir_all(&parent).told(|| told::creating(&parent))?;
    let dir = parent.join(format!("{STAGING_PREFIX}{name}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).told(|| told::removing(&dir))?;
    }
    std::fs::create_dir(&dir).told(|| {
        let d = dir.display();
        said!("无法创建临时文件夹 {d}", "creating staging folder {d}")
    })?;
    Ok(dir)
}

/// A relative path of plain components: no `..`, no root, no backslash, no NUL.
pub fn safe_rel(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && !p.contains('\0')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Remove a folder and everything in it, its subfolders in parallel (a site's old output
/// holds tens of thousands of files). Symbolic links are removed, never followed.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Put the staging folder in place of `out`: on Linux one atomic exchange, so `out` is always
/// the whole old site or the whole new one (see `atomic`); the old site is then removed.
pub fn swap(staging: &Path, out: &Path) -> Result<()> {
    let (parent, name) = split(out)?;
    let old = parent.join(format!("{OLD_PREFIX}{name}-{}", std::process::id()));
    atomic::replace(staging, out, &old).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in ["", "/etc/x", "a/../b", "..", "a\\b", "a//b", "./a", "a\0b"] {
            assert!(!safe_rel(bad), "{bad:?}");
        }
        assert!(safe_rel("bozhou/2024/goals/a/index.html"));
    }

    #[test]
    fn swap_replaces_the_old_output_and_clean_removes_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let stale = tmp.path().join(format!("{STAGING_PREFIX}public-1"));
        std::fs::create_dir(&stale).unwrap();
        clean_stale(&out).unwrap();
        assert!(!stale.exists());
        let st = staging_dir(&out).unwrap();
        std::fs::create_dir(st.join("a")).unwrap();
        std::fs::write(st.join("a/index.html"), "new").unwrap();
        swap(&st, &out).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
