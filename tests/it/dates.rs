//! Dates are never invented: a year or record is dated only by a `published_on` its author
//! wrote (a year's `_index.md` front matter or summary.yaml; any record), and shown without a
//! date otherwise — on the home page, in the feed and on record pages.

use crate::support::ReplaceChecked;
use crate::support::{Run, Site};
use std::process::Command;

const EVAL: &str = "content/demo/2024/evaluations/road-eval.md";

/// The minimal site with no date anywhere.
fn undated() -> Site {
    let site = Site::fixture("minimal");
    let md = site
        .read(EVAL)
        .replace_checked("published_on: 2025-06-30\n", "");
    site.write(EVAL, &md);
    site
}

/// `gongkai build` with the build's date fixed at 2024-03-01.
fn build(site: &Site) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(["build", "."])
        .current_dir(site.path())
        .env("CI", "true")
        .env("SOURCE_DATE_EPOCH", "1709251200")
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The feed's entry for a page, from `<entry>` to `</entry>`.
fn entry(feed: &str, url_tail: &str) -> String {
    feed.split("<entry>")
        .find(|e| e.contains(&format!("{url_tail}\"/>")))
        .unwrap_or_else(|| panic!("no entry for {url_tail} in {feed}"))
        .to_string()
}

#[test]
fn a_year_without_a_date_is_shown_without_one() {
    let site = undated();
    build(&site);
    let home = site.read("public/index.html");
    assert!(!home.contains("12月31日"), "{home}");
    let updates = home.split("update-list").nth(1).unwrap();
    assert!(!updates.contains("<time"), "{updates}");
    let feed = site.read("public/feed.xml");
    assert!(!feed.contains("2024-12-31"), "{feed}");
    let year = entry(&feed, "demo/2024/");
    // Atom requires `updated`: the build's date, and no `published`.
    assert!(
        year.contains("<updated>2024-03-01T00:00:00Z</updated>"),
        "{year}"
    );
    assert!(!year.contains("<published>"), "{year}");
}

#[test]
fn a_year_is_dated_by_the_published_on_of_its_index_page() {
    let site = undated();
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: 2024年度预算绩效管理工作情况\npublished_on: 2025-03-31\n---\n本年度情况。\n",
    );
    build(&site);
    let home = site.read("public/index.html");
    assert!(
        home.contains("<time datetime=\"2025-03-31\">2025年3月31日</time>"),
        "{home}"
    );
    let year = entry(&site.read("public/feed.xml"), "demo/2024/");
    assert!(
        year.contains("<updated>2025-03-31T00:00:00Z</updated>"),
        "{year}"
    );
    assert!(
        year.contains("<published>2025-03-31T00:00:00Z</published>"),
        "{year}"
    );
}

#[test]
fn a_year_is_dated_by_the_published_on_of_its_summary() {
    let site = undated();
    let path = "content/demo/2024/summary.yaml";
    let summary = site.read(path);
    site.write(path, &format!("published_on: 2025-04-30\n{summary}"));
    build(&site);
    let year = entry(&site.read("public/feed.xml"), "demo/2024/");
    assert!(
        year.contains("<published>2025-04-30T00:00:00Z</published>"),
        "{year}"
    );
}

#[test]
fn two_different_dates_for_one_year_are_an_error() {
    let site = undated();
    let path = "content/demo/2024/summary.yaml";
    let summary = site.read(path);
    site.write(path, &format!("published_on: 2025-04-30\n{summary}"));
    site.write(
        "content/demo/2024/_index.md",
        "---\npublished_on: 2025-03-31\n---\n本年度情况。\n",
    );
    let run = site.run(&["check", ".", "--lang", "zh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("错误[E030]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("summary.yaml 的 published_on（2025-04-30）"),
        "{}",
        run.stderr
    );
}

#[test]
fn goal_monitoring_self_evaluation_and_ex_ante_pages_show_their_date() {
    let site = undated();
    for (file, page, date, shown) in [
        (
            "goals/road.yaml",
            "goals/road",
            "2024-02-20",
            "2024年2月20日",
        ),
        (
            "monitoring/road-2024-05.yaml",
            "monitoring/road-2024-05",
            "2024-06-15",
            "2024年6月15日",
        ),
        (
            "self-evaluations/road.yaml",
            "self-evaluations/road",
            "2025-04-10",
            "2025年4月10日",
        ),
        (
            "ex-ante/bridge.yaml",
            "ex-ante/bridge",
            "2023-11-01",
            "2023年11月1日",
        ),
    ] {
        let path = format!("content/demo/2024/{file}");
        let yaml = site.read(&path);
        site.write(&path, &format!("{yaml}published_on: {date}\n"));
        build(&site);
        let html = site.read(&format!("public/demo/2024/{page}/index.html"));
        assert!(html.contains("公开日期"), "{page}: {html}");
        assert!(html.contains(shown), "{page}: {html}");
    }
    // The year takes the latest date its records give.
    let year = entry(&site.read("public/feed.xml"), "demo/2024/");
    assert!(
        year.contains("<updated>2025-04-10T00:00:00Z</updated>"),
        "{year}"
    );
}

#[test]
fn a_record_without_a_date_shows_none() {
    let site = undated();
    build(&site);
    let html = site.read("public/demo/2024/goals/road/index.html");
    assert!(!html.contains("公开日期"), "{html}");
}

#[test]
fn a_bad_date_is_an_error_at_its_line() {
    let site = undated();
    let path = "content/demo/2024/goals/road.yaml";
    let yaml = site.read(path);
    site.write(path, &format!("{yaml}published_on: 2025-13-01\n"));
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E024]"), "{}", run.stderr);
    assert!(run.stderr.contains("goals/road.yaml"), "{}", run.stderr);
}
