//! Page snapshots: one page of every type the example site has, as the build writes it,
//! compared with the snapshot committed under `tests/it/snapshots/`. Any change to one of these
//! pages fails its test with a diff, so a change to a template, the theme's text or what a page
//! shows is seen and reviewed.
//!
//! The example is built once per test run (with `SOURCE_DATE_EPOCH` fixed, so the output is
//! byte-identical every time) into `target/tmp/page-snapshots/zh`, and a copy of it with
//! `language: en` into `target/tmp/page-snapshots/en` for a few pages in English. The only thing changed before
//! comparing is the content hash in asset names (`style.c121c44b10.css` → `style.HASH.css`), so
//! that a CSS or script change does not touch every snapshot.
//!
//! To accept an intended change (`cargo insta` is not needed):
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --test it pages::
//! git diff tests/it/snapshots/     # review every changed page, then commit them
//! ```
//!
//! Without `INSTA_UPDATE`, a changed page is written next to its snapshot as `.snap.new`
//! (ignored by git) and the test fails; with `CI=true` nothing is written, and a page without a
//! committed snapshot fails too.

use crate::child::gongkai;
use crate::support::{copy_dir, repo};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example site's output folder, built on first use: as it is (`zh`), or with
/// `language: en` in a copy (`en`).
fn built(lang: &str) -> &'static Path {
    static ZH: OnceLock<PathBuf> = OnceLock::new();
    static EN: OnceLock<PathBuf> = OnceLock::new();
    let cell = if lang == "en" { &EN } else { &ZH };
    cell.get_or_init(|| build(lang))
}

fn build(lang: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("page-snapshots")
        .join(lang);
    let _ = std::fs::remove_dir_all(&dir);
    let site = if lang == "en" {
        let site = dir.join("site");
        let yaml = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
        assert!(yaml.contains("\nlanguage: zh-CN\n"));
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(
            site.join("site.yaml"),
            yaml.replace("\nlanguage: zh-CN\n", "\nlanguage: en\n"),
        )
        .unwrap();
        copy_dir(&repo().join("content"), &site.join("content"));
        site
    } else {
        repo()
    };
    let out = dir.join("public");
    let o = gongkai(&site, &["build", ".", "-o"])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the example ({lang}) does not build: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// `name.0123456789.ext` → `name.HASH.ext`: ten hex digits between two dots.
fn without_hashes(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut i = 0;
    while i + 12 <= b.len() {
        let hashed = b[i] == b'.'
            && b[i + 11] == b'.'
            && b[i + 1..i + 11]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && b.get(i + 12).is_some_and(u8::is_ascii_lowercase);
        if hashed {
            out.push_str(&html[last..i]);
            out.push_str(".HASH");
            last = i + 11;
            i += 11;
        } else {
            i += 1;
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Compare the page at `rel` of the `lang` build with its snapshot `name`.
fn page(name: &str, lang: &str, rel: &str) {
    let path = built(lang).join(rel);
    let html = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{rel}: the example has no such page any more ({e})"));
    insta::with_settings!({ description => rel, omit_expression => true }, {
        insta::assert_snapshot!(name, without_hashes(&html));
    });
}

/// One test per page type, so that every changed page shows at once.
macro_rules! pages {
    ($($test:ident: $lang:literal $rel:literal,)+) => {
        $(
            #[test]
            fn $test() {
                page(stringify!($test), $lang, $rel);
            }
        )+
    };
}

pages! {
    home: "zh" "index.html",
    about: "zh" "about/index.html",
    not_found: "zh" "404.html",
    search: "zh" "search/index.html",
    changes: "zh" "changes/index.html",
    withheld_register: "zh" "withheld/index.html",
    region: "zh" "bozhou/index.html",
    year_with_records: "zh" "bozhou/2024/index.html",
    year_of_summary_figures: "zh" "changji/2020/index.html",
    list: "zh" "bozhou/2024/goals/index.html",
    list_sorted: "zh" "bozhou/2024/goals/_sort_funds/index.html",
    list_filtered: "zh" "bozhou/2024/monitoring/_flag_red/index.html",
    record_goal: "zh" "bozhou/2024/goals/rural-road-maintenance/index.html",
    record_ex_ante: "zh" "bozhou/2024/ex-ante/irrigation-canal-lining/index.html",
    record_monitoring: "zh" "bozhou/2024/monitoring/rural-road-maintenance-2024-08/index.html",
    record_self_evaluation: "zh" "bozhou/2024/self-evaluations/rural-road-maintenance/index.html",
    record_self_evaluation_partly_withheld: "zh" "bozhou/2024/self-evaluations/digital-gov-platform/index.html",
    record_evaluation_partly_withheld: "zh" "bozhou/2024/evaluations/rural-road-maintenance/index.html",
    record_key_project_report: "zh" "kashi-edz/2024/evaluations/eco-environment-upgrade-2024/index.html",
    project: "zh" "bozhou/projects/652700240003/index.html",
    unit: "zh" "bozhou/units/jtj/index.html",
    home_en: "en" "index.html",
    year_with_records_en: "en" "bozhou/2024/index.html",
    record_evaluation_partly_withheld_en: "en" "bozhou/2024/evaluations/rural-road-maintenance/index.html",
    withheld_register_en: "en" "withheld/index.html",
}

#[test]
fn asset_hashes_and_only_they_are_masked() {
    assert_eq!(
        without_hashes(
            "<link href=\"../assets/style.c121c44b10.css\"> v0.1.0 2024.05.31 a.0123456789"
        ),
        "<link href=\"../assets/style.HASH.css\"> v0.1.0 2024.05.31 a.0123456789"
    );
    assert_eq!(
        without_hashes("meta.1871646895.js site.2d9b491870.js"),
        "meta.HASH.js site.HASH.js"
    );
}
