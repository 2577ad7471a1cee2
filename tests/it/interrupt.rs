//! Interrupted and failing builds: killed with SIGKILL at (seeded) random moments, stopped by
//! a late error, or out of disk space, the live output is always exactly the old site or the
//! new one, and staging folders never pile up beside it.

use crate::child::{Lcg, gongkai, spawn_quiet, watch};
use crate::support::{Site, snapshot};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

type Snap = Vec<(String, Vec<u8>)>;

const ROUNDS: usize = 40;

/// The minimal fixture in variant `v`: its title (on every page) says which.
fn set_variant(site: &Site, v: usize) {
    let text = site.read("site.yaml");
    let first = text.lines().next().unwrap().to_string();
    site.write(
        "site.yaml",
        &text.replacen(&first, &format!("title: 测试县预算绩效信息公开{v}"), 1),
    );
}

fn build_ok(site: &Site, out: &str) {
    let run = site.run(&["build", ".", "-o", out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Names beside the output that a build left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The build cache stays beside the output on purpose; staging and old folders do not.
        .filter(|n| n.starts_with(".gongkai-") && !n.starts_with(".gongkai-cache-"))
        .collect()
}

/// Both variants' complete outputs, built into folders of their own.
fn variants(site: &Site) -> [Snap; 2] {
    let mut snaps = Vec::new();
    for v in 0..2 {
        set_variant(site, v);
        let out = format!("variant-{v}");
        build_ok(site, &out);
        snaps.push(snapshot(&site.path().join(&out)));
        std::fs::remove_dir_all(site.path().join(&out)).unwrap();
    }
    assert!(snaps[0] != snaps[1]);
    [snaps.remove(0), snaps.remove(0)]
}

#[test]
fn killing_builds_at_random_moments_leaves_the_old_or_the_new_site() {
    let site = Site::fixture("minimal");
    let snaps = variants(&site);
    let index: Vec<Vec<u8>> = snaps
        .iter()
        .map(|s| s.iter().find(|(p, _)| p == "index.html").unwrap().1.clone())
        .collect();
    set_variant(&site, 0);
    let start = Instant::now();
    build_ok(&site, "public");
    let full = start.elapsed();
    let out = site.path().join("public");

    // A reader watches the live home page for the whole run: it must always be whole.
    let stop = Arc::new(AtomicBool::new(false));
    let bad = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (out, stop, bad) = (out.clone(), stop.clone(), bad.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // A read can fail harmlessly when the folder it resolved to is the old site
                // being removed; the output path itself must always be there.
                let whole = match std::fs::read(out.join("index.html")) {
                    Ok(b) => index.contains(&b),
                    Err(_) => std::fs::symlink_metadata(&out).is_ok(),
                };
                if !whole {
                    bad.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        })
    };
    let mut rng = Lcg(0x6f6e_676b_6169);
    let mut killed_late = 0;
    for round in 0..ROUNDS {
        set_variant(&site, (round + 1) % 2);
        let delay = full.mul_f64(rng.next_unit() * 2.0);
        let mut child = spawn_quiet(gongkai(site.path(), &["build", ".", "-o", "public"]));
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
        } else {
            killed_late += 1;
        }
        child.wait().unwrap();
        let now = snapshot(&out);
        assert!(
            now == snaps[0] || now == snaps[1],
            "round {round} (killed after {delay:?}): the output is neither the old nor the new site"
        );
        let left = leftovers(site.path());
        assert!(left.len() <= 1, "round {round}: staging piles up: {left:?}");
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    assert_eq!(
        bad.load(Ordering::Relaxed),
        0,
        "the live home page was missing or mixed while builds were killed"
    );
    eprintln!(
        "{killed_late} of {ROUNDS} builds ended before their kill; a full build took {full:?}"
    );
    assert!(killed_late < ROUNDS, "no build was interrupted");
    set_variant(&site, 1);
    build_ok(&site, "public");
    assert!(snapshot(&out) == snaps[1]);
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

/// A previous output with a file that no build makes, so any change to it shows.
fn previous(site: &Site) -> Snap {
    build_ok(site, "public");
    site.write("public/kept.txt", "from the previous build");
    snapshot(&site.path().join("public"))
}

fn assert_untouched(site: &Site, before: &Snap) {
    assert!(
        snapshot(&site.path().join("public")) == *before,
        "the previous output changed"
    );
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_template_error_in_the_record_pages_leaves_the_old_site_and_no_staging() {
    let site = Site::fixture("minimal");
    let before = previous(&site);
    site.write(
        "templates/record.html",
        "{% extends \"base.html\" %}{% block content %}{{ nothing.here }}{% endblock %}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E070]"), "{}", run.stderr);
    assert_untouched(&site, &before);
}

#[test]
fn a_leak_found_after_staging_leaves_the_old_site_and_no_staging() {
    let site = Site::fixture("minimal");
    let before = previous(&site);
    let p = "content/demo/2024/ex-ante/bridge.yaml";
    site.write(
        p,
        &format!(
            "{}disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [project.name] }}\n",
            site.read(p)
        ),
    );
    site.write("static/notes.txt", "河道桥梁新建项目\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]"), "{}", run.stderr);
    assert!(run.stderr.contains("--> notes.txt"), "{}", run.stderr);
    assert_untouched(&site, &before);
}

/// A site whose new output is much larger than the old one.
fn grow(site: &Site) {
    site.write("static/big.bin", &"x".repeat(2 << 20));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_old_site_and_no_staging() {
    // The file size limit makes every write past it fail, as a full disk does, without root.
    let site = Site::fixture("minimal");
    let before = previous(&site);
    grow(&site);
    let bin = env!("CARGO_BIN_EXE_gongkai");
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", "trap '' XFSZ; ulimit -f 2048; exec \"$0\" build ."])
        .arg(bin)
        .current_dir(site.path())
        .env("CI", "true");
    let run = watch(cmd, Duration::from_secs(120));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("File too large") || run.stderr.contains("file too large"),
        "the I/O error is named: {}",
        run.stderr
    );
    assert_untouched(&site, &before);
}

/// With root, a real 1 MB tmpfs fills up; without the right to mount, this test says so and
/// passes.
#[cfg(target_os = "linux")]
#[test]
fn a_full_tmpfs_leaves_the_old_site_and_no_staging() {
    let site = Site::fixture("minimal");
    let disk = site.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&disk);
    build_ok(&site, "disk/public");
    site.write("disk/public/kept.txt", "from the previous build");
    let before = snapshot(&disk.join("public"));
    grow(&site);
    let run = site.run(&["build", ".", "-o", "disk/public"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&disk.join("public")) == before);
    assert_eq!(leftovers(&disk), Vec::<String>::new());
}
