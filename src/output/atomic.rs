//! Putting a finished staging folder in place of the live output, so that the output folder is
//! at every instant either the complete old site or the complete new one.
//!
//! On Linux the two folders are exchanged with one `renameat2(RENAME_EXCHANGE)` call: the output
//! path never stops existing and never holds a half-written site, even if the process is killed
//! with SIGKILL at any moment. The old site, now under the staging name, is then removed (or by
//! the next build, if this one is killed first). Where the exchange is not available (other
//! systems, or file systems without it such as NFS), the fallback is two renames, out → old and
//! staging → out: never a mixed site, but a moment in which the output folder is absent.
//! This module touches only the two paths it is given.

use crate::diag::{Said, Tell};
use crate::said;
use anyhow::Result;
use std::path::Path;

/// How the new site went live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// There was no output before: one rename.
    Created,
    /// Old and new were exchanged in one atomic step.
    Exchanged,
    /// Two renames, with a moment where the output was absent.
    Renamed,
}

/// Put `staging` in place of `out`. `old` is a free path beside `out` used only by the fallback.
/// On success `staging` and `old` no longer exist.
pub fn replace(staging: &Path, out: &Path, old: &Path) -> Result<Swapped> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out).told(|| moving_in(out))?;
        return Ok(Swapped::Created);
    }
    match exchange(staging, out) {
        Ok(()) => {
            // `staging` now holds the previous site.
            super::remove_tree(staging).told(|| {
                let s = staging.display();
                said!(
                    "无法删除上次生成的网站（现在位于 {s}）",
                    "removing the previous output (now {s})"
                )
            })?;
            return Ok(Swapped::Exchanged);
        }
        Err(e) if !unsupported(&e) => {
            return Err(e).told(|| {
                let o = out.display();
                said!(
                    "无法用新网站替换上次生成的网站 {o}",
                    "exchanging the new site with the previous output {o}"
                )
            });
        }
        Err(_) => {}
    }
    std::fs::rename(out, old).told(|| {
        let o = out.display();
        said!(
            "无法把上次生成的网站 {o} 移开",
            "moving the previous output {o} aside"
        )
    })?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(old, out);
        return Err(e).told(|| moving_in(out));
    }
    super::remove_tree(old).told(|| {
        let o = old.display();
        said!(
            "无法删除上次生成的网站 {o}",
            "removing the previous output {o}"
        )
    })?;
    Ok(Swapped::Renamed)
}

/// `无法把新网站放到 OUT` / `moving the new site into OUT`.
fn moving_in(out: &Path) -> Said {
    let o = out.display();
    said!("无法把新网站放到 {o}", "moving the new site into {o}")
}

/// Exchange two existing paths atomically.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; the
    // syscall only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Exchange two existing paths atomically: not available here.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether an exchange failed because the system or file system cannot do it (so the fallback
/// applies), rather than for a reason the fallback would hit too.
fn unsupported(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::Unsupported {
        return true;
    }
    #[cfg(target_os = "linux")]
    if let Some(code) = e.raw_os_error() {
        return [libc::EINVAL, libc::ENOSYS, libc::EOPNOTSUPP, libc::ENOTSUP].contains(&code);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn site(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
    }

    #[test]
    fn first_swap_creates_and_later_ones_replace() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, st, old) = (
            tmp.path().join("public"),
            tmp.path().join("st"),
            tmp.path().join("old"),
        );
        site(&st, "one");
        assert_eq!(replace(&st, &out, &old).unwrap(), Swapped::Created);
        site(&st, "two");
        let how = replace(&st, &out, &old).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(how, Swapped::Exchanged);
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!st.exists() && !old.exists());
    }

    /// A reader polling the output while sites are swapped in never finds it missing.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_output_never_disappears_during_a_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        site(&out, "0");
        let done = Arc::new(AtomicBool::new(false));
        let misses = Arc::new(AtomicUsize::new(0));
        let reader = {
            let (out, done, misses) = (out.clone(), done.clone(), misses.clone());
            std::thread::spawn(move || {
                let mut looks = 0usize;
                // One lookup of the output path: reading a file inside it could also fail
                // harmlessly, when the old folder it resolved to is being removed.
                while !done.load(Ordering::Relaxed) {
                    if std::fs::symlink_metadata(&out).is_err() {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                    looks += 1;
                }
                looks
            })
        };
        for i in 1..300 {
            let st = tmp.path().join("st");
            site(&st, &i.to_string());
            replace(&st, &out, &tmp.path().join("old")).unwrap();
        }
        done.store(true, Ordering::Relaxed);
        let looks = reader.join().unwrap();
        assert!(looks > 0);
        assert_eq!(misses.load(Ordering::Relaxed), 0, "in {looks} looks");
    }

    #[test]
    fn a_failed_swap_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        site(&out, "old");
        let missing = tmp.path().join("no-such-staging");
        assert!(replace(&missing, &out, &tmp.path().join("old")).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
    }
}
