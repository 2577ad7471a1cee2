//! The publishing workflow: `new` writes a site that passes `check --strict` and builds; each
//! build keeps a manifest and a 更新记录 page naming what was added and updated and counting
//! what was taken down or withheld; `check --format json` keeps its fields.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};
use std::process::Command;

/// Build with a fixed SOURCE_DATE_EPOCH; returns stderr.
fn build_at(site: &Site, epoch: &str, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(["build", "."])
        .args(extra)
        .current_dir(site.path())
        .env("CI", "true")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn new_writes_a_site_that_passes_strict_check_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-site");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["--lang", "en"])
            .args(args)
            .current_dir(tmp.path())
            .env("CI", "true")
            .output()
            .unwrap()
    };
    let out = run(&["new", "my-site"]);
    assert!(out.status.success());
    for kind in [
        "goals",
        "ex-ante",
        "monitoring",
        "self-evaluations",
        "evaluations",
    ] {
        let folder = dir.join("content/shili/2024").join(kind);
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "{kind}");
    }
    let check = run(&["check", "my-site", "--strict"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(stderr.contains("ok: 0 warnings"), "{stderr}");
    let build = run(&["build", "my-site"]);
    assert!(build.status.success());
    assert!(
        dir.join("public/shili/2024/evaluations/road-maintenance/index.html")
            .is_file()
    );
    let again = run(&["new", "my-site"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

const GOAL: &str = "content/demo/2024/goals/road.yaml";
const EX_ANTE: &str = "content/demo/2024/ex-ante/bridge.yaml";
const MONITORING: &str = "content/demo/2024/monitoring/road-2024-05.yaml";

#[test]
fn changes_name_added_and_updated_records_and_count_the_rest() {
    let site = Site::fixture("minimal");
    let summary = build_at(&site, "1751241600", &[]);
    assert!(
        summary.contains("built 5 records (0 withheld), 35 pages"),
        "{summary}"
    );
    let first = site.read("public/changes/index.html");
    assert!(first.contains("第 1 次发布") && first.contains("2025-06-30"));
    assert!(first.contains("首次发布，共公开 5 项记录。"), "{first}");

    site.write(
        GOAL,
        &site.read(GOAL).replace_checked("养护里程", "养护公路里程"),
    );
    site.write(
        "content/demo/2024/goals/school.yaml",
        "id: school\nscope: project\nproject: { name: 新增的学校供暖项目 }\nunit: czj\nfunds: { total: 30 }\nindicators: []\n",
    );
    site.write(
        EX_ANTE,
        &(site.read(EX_ANTE) + "disclosure: { status: 不予公开, reason: 工作秘密 }\n"),
    );
    site.remove(MONITORING);
    build_at(&site, "1751328000", &[]);
    let page = site.read("public/changes/index.html");
    let second = &page[..page.find("第 1 次发布").unwrap()];
    assert!(second.contains("第 2 次发布") && second.contains("2025-07-01"));
    assert!(second.contains("新增 1 项") && second.contains("新增的学校供暖项目"));
    assert!(second.contains("更新 1 项") && second.contains("乡村道路养护项目"));
    assert!(second.contains("撤下 1 项记录。"), "{second}");
    assert!(second.contains("另有 1 项调整为不予公开。"), "{second}");
    for withheld in ["河道桥梁新建项目", "bridge"] {
        assert!(
            !page.contains(withheld),
            "{withheld} named on the changes page"
        );
        let manifest = site.read("public/data/manifest.json");
        assert!(!manifest.contains(withheld), "{withheld} in the manifest");
    }

    // Nothing changed: the history and every byte stay the same.
    let before = snapshot(&site.path().join("public"));
    build_at(&site, "1751414400", &[]);
    assert!(snapshot(&site.path().join("public")) == before);
}

#[test]
fn a_record_withheld_after_it_was_added_drops_out_of_the_history() {
    let site = Site::fixture("minimal");
    build_at(&site, "1751241600", &[]);
    let new = "content/demo/2024/goals/school.yaml";
    site.write(
        new,
        "id: school\nscope: project\nproject: { name: 后来不列示的项目 }\nunit: czj\nfunds: { total: 30 }\nindicators: []\n",
    );
    build_at(&site, "1751328000", &[]);
    assert!(
        site.read("public/changes/index.html")
            .contains("后来不列示的项目")
    );
    site.write(
        new,
        &(site.read(new) + "disclosure: { status: 不列示, reason: 国家秘密 }\n"),
    );
    build_at(&site, "1751414400", &[]);
    let page = site.read("public/changes/index.html");
    assert!(!page.contains("后来不列示的项目"), "{page}");
    assert!(page.contains("撤下 1 项记录。"));
}

#[test]
fn previous_names_the_last_publication_for_a_fresh_output_folder() {
    let site = Site::fixture("minimal");
    build_at(&site, "1751241600", &[]);
    let kept = site.path().join("published-manifest.json");
    std::fs::copy(site.path().join("public/data/manifest.json"), &kept).unwrap();
    site.write(
        GOAL,
        &site.read(GOAL).replace_checked("养护里程", "养护公路里程"),
    );
    build_at(
        &site,
        "1751328000",
        &["-o", "fresh", "--previous", "published-manifest.json"],
    );
    let page = site.read("fresh/changes/index.html");
    assert!(
        page.contains("第 2 次发布") && page.contains("更新 1 项"),
        "{page}"
    );
    let missing = site.run(&["build", ".", "--previous", "nope.json"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

/// A site upgraded from a gongkai that wrote manifest FORMAT 1 (its manifest, as that version
/// wrote it for the `minimal` fixture, is kept in `tests/fixtures/manifests/`): the first build
/// lists as updated only the record whose content changed, and writes FORMAT 2, which the next
/// build reads (nothing changed: no new publication, the same bytes).
#[test]
fn an_upgrade_from_manifest_format_1_marks_only_changed_records_updated() {
    let site = Site::fixture("minimal");
    let old = crate::support::repo().join("tests/fixtures/manifests/minimal-format1.json");
    std::fs::create_dir_all(site.path().join("public/data")).unwrap();
    std::fs::copy(&old, site.path().join("public/data/manifest.json")).unwrap();
    site.write(GOAL, &site.read(GOAL).replace("养护里程", "养护公路里程"));
    build_at(&site, "1751328000", &[]);
    let page = site.read("public/changes/index.html");
    let second = &page[..page
        .find("第 1 次发布")
        .expect("the FORMAT 1 history is kept")];
    assert!(second.contains("第 2 次发布"), "{page}");
    assert!(second.contains("更新 1 项") && second.contains("乡村道路养护项目"));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/data/manifest.json")).unwrap();
    assert_eq!(manifest["format"], 2);
    let updated = manifest["publications"][1]["updated"].as_array().unwrap();
    assert_eq!(updated.len(), 1, "{updated:?}");
    assert_eq!(updated[0]["kind"], "goals");

    let before = snapshot(&site.path().join("public"));
    build_at(&site, "1751414400", &[]);
    assert!(
        !site
            .read("public/changes/index.html")
            .contains("第 3 次发布")
    );
    assert!(snapshot(&site.path().join("public")) == before);
}

#[test]
fn json_diagnostics_have_exactly_the_documented_fields() {
    let site = Site::fixture("minimal");
    site.write(
        GOAL,
        &site
            .read(GOAL)
            .replace_checked("scope: project", "scope: projekt"),
    );
    site.write("content/demo/stray.txt", "x");
    let run = site.run(&["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.is_empty(),
        "json output has nothing on stderr: {}",
        run.stderr
    );
    let keys = [
        "rule", "severity", "path", "line", "column", "message", "hint",
    ];
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        got.sort();
        let mut want = keys.to_vec();
        want.sort();
        assert_eq!(got, want);
        assert!(obj["line"].is_u64() && obj["column"].is_u64());
        assert!(obj["hint"].is_string() || obj["hint"].is_null());
    }
}

#[test]
fn the_feed_carries_each_dated_publication_of_the_changes() {
    let site = Site::fixture("minimal");
    build_at(&site, "1751241600", &[]);
    let first = site.read("public/feed.xml");
    assert!(first.contains("更新记录 · 第 1 次发布"), "{first}");
    site.write(
        GOAL,
        &site
            .read(GOAL)
            .replace_checked("完成 86 公里", "完成 90 公里"),
    );
    build_at(&site, "1753920000", &[]);
    let second = site.read("public/feed.xml");
    assert!(
        second.contains("更新记录 · 第 2 次发布") && second.contains("乡村道路养护项目"),
        "{second}"
    );
    assert!(second.contains("2025-07-31"), "{second}");
}

/// The feed and the sitemap are theme templates escaped as XML: markup characters in a title
/// come out as character references, Chinese as it is, and the documents stay well formed.
#[test]
fn the_feed_and_sitemap_escape_markup_characters_in_titles() {
    let site = Site::fixture("minimal");
    let title = "测试县 & <公开> \"预算\" '绩效'";
    site.write(
        "site.yaml",
        &site.read("site.yaml").replace(
            "title: 测试县预算绩效信息公开",
            &format!("title: '{}'", title.replace('\'', "''")),
        ),
    );
    site.write(
        GOAL,
        &site
            .read(GOAL)
            .replace("乡村道路养护项目", "乡村<道路>&\"养护\"项目"),
    );
    build_at(&site, "1751241600", &[]);
    let feed = site.read("public/feed.xml");
    let escaped = "测试县 &amp; &lt;公开&gt; &quot;预算&quot; &#39;绩效&#39;";
    assert!(
        feed.contains(&format!("  <title>{escaped}</title>\n")),
        "{feed}"
    );
    assert!(feed.contains("<author><name>测试县财政局</name></author>"));
    for xml in [&feed, &site.read("public/sitemap.xml")] {
        assert!(!xml.contains("<公开>"));
        assert!(xml.starts_with("<?xml version=\"1.0\""));
        assert!(xml.ends_with(">\n"));
    }
}

/// `gongkai check --format json | head -1`: when the reader goes away, gongkai stops as other
/// command-line tools do (SIGPIPE), without an internal error and without an abort.
#[test]
fn a_closed_output_pipe_stops_gongkai_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let site = Site::fixture("invalid");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(["check", ".", "--format", "json"])
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader closes its end before gongkai writes anything.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("internal error"), "{err}");
    assert!(
        !matches!(status.code(), Some(101 | 134)),
        "gongkai panicked or aborted: {status:?}\n{err}"
    );
}

/// `gongkai import … | head -1`: the import's list of files meets a closed pipe; gongkai stops
/// quietly (no panic, no abort with status 134).
#[test]
fn an_import_into_a_closed_pipe_stops_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let repo = crate::support::repo();
    crate::support::copy_dir(&repo.join("docs/examples/basic"), tmp.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("import")
        .arg(repo.join("docs/examples/tables/绩效目标表.csv"))
        .args([
            "--region",
            "heping",
            "--year",
            "2024",
            "--kind",
            "goal",
            "--dry-run",
        ])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        !err.contains("internal error") && !err.contains("panicked"),
        "{err}"
    );
    assert!(
        !matches!(status.code(), Some(101 | 134)),
        "gongkai panicked or aborted: {status:?}\n{err}"
    );
}
