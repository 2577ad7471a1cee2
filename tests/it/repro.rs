//! Reproducibility: the example site built from different working folders, time zones,
//! locales and thread counts gives byte-identical output.

use crate::child::gongkai;
use crate::support::{Site, snapshot};
use std::path::Path;

type Snap = Vec<(String, Vec<u8>)>;

/// What differs, where the build runs from, the site argument, and the environment.
type Variant<'a> = (&'a str, &'a Path, &'a str, Vec<(&'a str, &'a str)>);

/// Build `site_arg` from `cwd` into `out_arg` with `env`, and return the output.
fn build(cwd: &Path, site_arg: &str, out: &Path, env: &[(&str, &str)]) -> Snap {
    let mut cmd = gongkai(cwd, &["build", site_arg, "-o"]);
    cmd.arg(out).env("SOURCE_DATE_EPOCH", "1700000000");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{env:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    snapshot(out)
}

fn same(a: &Snap, b: &Snap, what: &str) {
    let names = |s: &Snap| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: different files");
    for ((p, x), (_, y)) in a.iter().zip(b) {
        assert!(x == y, "{what}: {p} differs");
    }
}

#[test]
fn output_does_not_depend_on_folder_time_zone_locale_or_threads() {
    let site = Site::example();
    let root = site.path();
    let outs = tempfile::tempdir().unwrap();
    let out = |n: &str| outs.path().join(n);
    let base = build(
        root,
        ".",
        &out("base"),
        &[
            ("TZ", "UTC"),
            ("LC_ALL", "C"),
            ("LANG", "C"),
            ("RAYON_NUM_THREADS", "2"),
        ],
    );
    assert!(base.len() > 50);
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_str().unwrap();
    let abs = root.to_str().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let variants: [Variant; 6] = [
        ("from the parent folder", parent, name, vec![]),
        ("from elsewhere, absolute", elsewhere.path(), abs, vec![]),
        (
            "in Shanghai",
            root,
            ".",
            vec![("TZ", "Asia/Shanghai"), ("LC_ALL", "zh_CN.UTF-8")],
        ),
        (
            "in Los Angeles, Turkish",
            root,
            ".",
            vec![
                ("TZ", "America/Los_Angeles"),
                ("LC_ALL", "tr_TR.UTF-8"),
                ("LANG", "tr_TR.UTF-8"),
            ],
        ),
        ("on one thread", root, ".", vec![("RAYON_NUM_THREADS", "1")]),
        (
            "on seven threads",
            root,
            ".",
            vec![("RAYON_NUM_THREADS", "7")],
        ),
    ];
    for (i, (what, cwd, arg, env)) in variants.iter().enumerate() {
        let got = build(cwd, arg, &out(&format!("v{i}")), env);
        same(&base, &got, what);
    }
}
