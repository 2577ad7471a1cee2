//! Paths: ids, folder names and file names with `..`, `/`, `\`, NUL, percent-encoded
//! traversal, Windows device names and full-width look-alikes are refused with a clear rule, and
//! a build writes nothing outside its output folder.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};
use gongkai::load::names::check_name;
use gongkai::model::value::validate_id;
use gongkai::output::safe_rel;

/// Forms that must never become a path component, whatever reads them.
const HOSTILE: &[&str] = &[
    "..",
    "../etc",
    "a/../../b",
    "/etc/passwd",
    "..\\..\\windows",
    "a\\b",
    "a\0b",
    "%2e%2e",
    "%2e%2e%2fetc",
    "%2E%2E%5C",
    "..%2f",
    "%00",
    "CON",
    "con.yaml",
    "nul",
    "Aux.txt",
    "COM1",
    "lpt9.pdf",
    "．．",
    "．．／etc",
    "＼",
    "a\u{2215}b",
    "a:b",
    "evil\u{202E}fdp.exe",
];

#[test]
fn the_validators_refuse_every_hostile_form() {
    for bad in HOSTILE {
        assert!(check_name(bad).is_err(), "file name {bad:?} accepted");
        assert!(validate_id(bad).is_err(), "id {bad:?} accepted");
    }
    for bad in [
        "..",
        "../etc",
        "a/../../b",
        "/etc/passwd",
        "a\\b",
        "a\0b",
        "",
    ] {
        assert!(!safe_rel(bad), "output path {bad:?} accepted");
    }
}

/// The site fails with E016 naming `rel`, and nothing is published.
fn refused(site: &Site, rel: &str) {
    let run = site.build();
    assert_eq!(run.code, 1, "{rel:?}: {}", run.stderr);
    assert!(
        run.stderr.contains("error[E016]"),
        "{rel:?}: {}",
        run.stderr
    );
    assert!(
        !site.path().join("public").exists(),
        "{rel:?} was published"
    );
}

#[cfg(unix)]
#[test]
fn hostile_file_and_folder_names_are_refused() {
    for rel in [
        "static/%2e%2e%2fnotes.txt",
        "static/..\\..\\notes.txt",
        "static/．．／notes.txt",
        "static/con.txt",
        "static/NUL",
        "static/report:2024.pdf",
        "static/evil\u{202E}txt.exe",
        "static/line\nbreak.txt",
        "static/trailing.",
        "static/%2e%2e/notes.txt",
        "content/demo/2024/goals/aux.yaml",
        "content/demo/2024/goals/road%2e.yaml",
        "templates/com1.html",
    ] {
        let site = Site::fixture("minimal");
        site.write(rel, "x\n");
        refused(&site, rel);
        let run = site.check();
        let shown = rel.split('/').find(|c| check_name(c).is_err()).unwrap();
        assert!(
            run.stderr.contains("= help: rename it"),
            "{rel:?}: {}",
            run.stderr
        );
        if !shown.contains(['\n', '\u{202E}']) {
            assert!(run.stderr.contains(shown), "{rel:?}: {}", run.stderr);
        }
        assert!(
            !run.stderr.contains('\u{202E}') && !run.stderr.contains("line\nbreak"),
            "a control character reaches the terminal: {:?}",
            run.stderr
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("minimal");
    let name = std::ffi::OsStr::from_bytes(b"static/\xff\xfe.txt");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join(name), "x").unwrap();
    refused(&site, "static/\u{FFFD}\u{FFFD}.txt");
    assert!(site.check().stderr.contains("not valid UTF-8"));
}

#[test]
fn hostile_ids_and_region_folders_are_refused() {
    let ex = "content/demo/2024/ex-ante/bridge.yaml";
    for (id, rule) in [
        ("con", "E020"),
        ("\"../../etc\"", "E020"),
        ("\"%2e%2e\"", "E020"),
        ("ｂｒｉｄｇｅ", "E020"),
        ("\"a/b\"", "E020"),
    ] {
        let site = Site::fixture("minimal");
        site.write(
            ex,
            &site
                .read(ex)
                .replace_checked("id: bridge", &format!("id: {id}")),
        );
        let run = site.check();
        assert_eq!(run.code, 1, "{id}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error[{rule}]")),
            "{id}: {}",
            run.stderr
        );
    }
    for (folder, rule) in [("con", "E016"), ("ＤＥＭＯ", "E013"), ("lpt1", "E016")] {
        let site = Site::fixture("minimal");
        std::fs::rename(
            site.path().join("content/demo"),
            site.path().join("content").join(folder),
        )
        .unwrap();
        let run = site.check();
        assert_eq!(run.code, 1, "{folder}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error[{rule}]")),
            "{folder}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_build_writes_only_inside_its_output_folder() {
    let site = Site::fixture("minimal");
    site.write("static/files/报告（2024）.pdf", "pdf");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}static_checked: [\"files/报告（2024）.pdf\"]\n"),
    );
    site.write("static/.well-known/security.txt", "Contact: x");
    site.write("static/a/b/c/d/e.txt", "deep");
    std::fs::create_dir(site.path().join("out")).unwrap();
    let before = snapshot(site.path());
    let run = site.run(&["build", ".", "-o", "out/public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Besides the output, only the build cache beside it is written.
    let after: Vec<_> = snapshot(site.path())
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with("out/public/") && !p.starts_with("out/.gongkai-cache-public/")
        })
        .collect();
    assert!(after == before, "a file outside the output changed");
    let mut beside: Vec<_> = std::fs::read_dir(site.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [".gongkai-cache-public", "public"],
        "staging left beside the output"
    );
    let run = site.run(&["build", ".", "-o", "out/public", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(site.path().join("out/.gongkai-cache-public")).unwrap();
    let run = site.run(&["build", ".", "-o", "out/public", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let beside: Vec<_> = std::fs::read_dir(site.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"], "--no-cache wrote a cache");
    let out = snapshot(&site.path().join("out/public"));
    assert!(out.iter().any(|(p, _)| p == "files/报告（2024）.pdf"));
    assert!(out.iter().any(|(p, _)| p == ".well-known/security.txt"));
    assert!(out.iter().any(|(p, _)| p == "a/b/c/d/e.txt"));
}
