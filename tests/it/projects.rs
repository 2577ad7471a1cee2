//! Project and unit pages: one project's records of every kind over two years on one page, in
//! order, with the figures their pages show, linked both ways; a unit's page listing its
//! records; and, read only from the built output, a record whose project name or code is
//! withheld on no project page, linked to none, its withheld name or code nowhere. Also: every
//! page of the example and of a generated site has a `<title>` of its own.

use crate::support::{Site, snapshot};
use std::collections::BTreeMap;

const Y23: &str = "content/demo/2023";
const Y24: &str = "content/demo/2024";
const WITHHELD_NAME: &str = "金丝雀机密工程项目";
const WITHHELD_CODE: &str = "CANARYCODE77";
const STUB_NAME: &str = "金丝雀绝密项目";

/// One project (code XM-001, 乡村道路养护项目, unit jtj) with records of every kind in 2023
/// and 2024 (the 2024 goal without its code); a record with its project name withheld, one
/// with its code withheld and its name public, and a 不予公开 record.
fn project_site() -> Site {
    let site = Site::fixture("minimal");
    site.remove(&format!("{Y24}/summary.yaml"));
    site.remove(&format!("{Y24}/ex-ante/bridge.yaml"));
    let p = "project: { code: XM-001, name: 乡村道路养护项目 }\nunit: jtj\n";
    for (y, year) in [(Y23, "2023"), (Y24, "2024")] {
        let goal_project = if year == "2024" {
            "project: { name: 乡村道路养护项目 }\nunit: jtj\n"
        } else {
            p
        };
        site.write(
            &format!("{y}/goals/road.yaml"),
            &format!("id: road\nscope: project\n{goal_project}funds: {{ total: \"135.5万元\" }}\nindicators: []\n"),
        );
        site.write(
            &format!("{y}/ex-ante/road.yaml"),
            &format!("id: road-ex-ante\n{p}requested: \"200万元\"\napproved: \"150万元\"\nconclusion: 部分支持\nscore: 81\n"),
        );
        for node in ["09", "05"] {
            // The 2024 September node withholds its executed amount.
            let withheld = if year == "2024" && node == "09" {
                "disclosure: { status: 部分公开, reason: 商业秘密, fields: [executed] }\n"
            } else {
                ""
            };
            site.write(
                &format!("{y}/monitoring/road-{node}.yaml"),
                &format!("id: road-{year}-{node}\nnode: {year}-{node}\nscope: project\n{p}budget: \"135.5万元\"\nexecuted: \"1{node}.{}万元\"\n{withheld}", &year[2..]),
            );
        }
        let withheld = if year == "2023" {
            "disclosure: { status: 部分公开, reason: 商业秘密, fields: [score, grade] }\n"
        } else {
            ""
        };
        site.write(
            &format!("{y}/self-evaluations/road.yaml"),
            &format!("id: road\nscope: project\n{p}budget: {{ adjusted: \"135.5万元\", executed: \"130万元\" }}\nindicators: []\nscore: 93.5\ngrade: 优\n{withheld}"),
        );
        site.write(
            &format!("{y}/evaluations/road-eval.md"),
            &format!("---\nid: road-eval\ntype: 财政重点评价\ntitle: 乡村道路养护项目{year}年评价报告\nsubject: {{ project: {{ code: XM-001, name: 乡村道路养护项目 }} }}\nunit: jtj\nfunds: \"135.5万元\"\nscore: 88\ngrade: 良\npublished_on: {}-06-30\n---\n评价正文。\n", year.parse::<i32>().unwrap() + 1),
        );
    }
    site.remove(&format!("{Y24}/monitoring/road-2024-05.yaml"));
    site.write(
        &format!("{Y24}/monitoring/secret-name.yaml"),
        &format!("id: secret-name\nnode: 2024-06\nscope: project\nproject: {{ code: XM-001, name: {WITHHELD_NAME} }}\nunit: jtj\nbudget: \"10万元\"\nexecuted: \"5万元\"\ndisclosure: {{ status: 部分公开, reason: 商业秘密, fields: [project.name] }}\n"),
    );
    site.write(
        &format!("{Y24}/goals/secret-code.yaml"),
        &format!("id: secret-code\nscope: project\nproject: {{ code: {WITHHELD_CODE}, name: 乡村道路养护项目 }}\nunit: jtj\nfunds: {{ total: \"20万元\" }}\nindicators: []\ndisclosure: {{ status: 部分公开, reason: 商业秘密, fields: [project.code] }}\n"),
    );
    site.write(
        &format!("{Y24}/goals/stub.yaml"),
        &format!("id: stub\nscope: project\nproject: {{ code: ZZ-999, name: {STUB_NAME} }}\nunit: czj\nfunds: {{ total: \"30万元\" }}\nindicators: []\ndisclosure: {{ status: 不予公开, reason: 国家秘密 }}\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

fn page(site: &Site, rel: &str) -> String {
    site.read(&format!("public/{rel}"))
}

/// Every output file as text (binary files lossily), by path.
fn output(site: &Site) -> BTreeMap<String, String> {
    snapshot(&site.path().join("public"))
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

#[test]
fn a_project_page_lists_every_step_in_order_with_its_figures_and_links_both_ways() {
    let site = project_site();
    let html = page(&site, "demo/projects/xm-001/index.html");
    let steps = [
        "demo/2023/goals/road/",
        "demo/2023/ex-ante/road-ex-ante/",
        "demo/2023/monitoring/road-2023-05/",
        "demo/2023/monitoring/road-2023-09/",
        "demo/2023/self-evaluations/road/",
        "demo/2023/evaluations/road-eval/",
        "demo/2024/goals/road/",
        "demo/2024/ex-ante/road-ex-ante/",
        "demo/2024/monitoring/road-2024-05/",
        "demo/2024/monitoring/road-2024-09/",
        "demo/2024/self-evaluations/road/",
        "demo/2024/evaluations/road-eval/",
    ];
    let at: Vec<usize> = steps
        .iter()
        .map(|s| {
            html.find(&format!("href=\"../../../{s}\""))
                .unwrap_or_else(|| panic!("no link to {s}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order: {at:?}");
    for figure in [
        "135.5万元",
        "150万元",
        "109.23万元",
        "105.24万元",
        "130万元",
        "93.5",
        "88",
        "良",
        "部分支持",
        "2024年9月",
        "2025年6月30日",
    ] {
        assert!(html.contains(figure), "{figure} not on the project page");
    }
    assert!(html.contains("<title>乡村道路养护项目（XM-001） · 测试县交通运输局 · 项目 · 测试县"));
    assert!(html.contains("href=\"../../../demo/units/jtj/\""));
    // Each record page links back, with its neighbours.
    for (n, s) in steps.iter().enumerate() {
        let rec = page(&site, &format!("{s}index.html"));
        assert!(
            rec.contains("href=\"../../../../demo/projects/xm-001/\""),
            "{s}"
        );
        if let Some(prev) = n.checked_sub(1).map(|p| steps[p]) {
            assert!(
                rec.contains(&format!("上一环节：<a href=\"../../../../{prev}\"")),
                "{s}"
            );
        }
        if let Some(next) = steps.get(n + 1) {
            assert!(
                rec.contains(&format!("下一环节：<a href=\"../../../../{next}\"")),
                "{s}"
            );
        }
    }
    // The two monitoring nodes of a year differ in title and heading.
    let a = page(&site, "demo/2023/monitoring/road-2023-05/index.html");
    assert!(a.contains("<title>乡村道路养护项目 · 绩效监控 · 2023年5月 · 2023年度 · 测试县"));
    assert!(a.contains("<dt>监控节点</dt><dd>2023年5月</dd>"));
    assert!(a.contains("<dt>预算年度</dt><dd>2023年度</dd>"));
}

#[test]
fn a_withheld_score_is_not_published_on_the_timeline() {
    let site = project_site();
    let html = page(&site, "demo/projects/xm-001/index.html");
    let row = |url: &str| {
        html.split("<tr>")
            .find(|r| r.contains(url))
            .unwrap()
            .to_string()
    };
    let score = row("demo/2023/self-evaluations/road/");
    assert!(score.contains("不予公开"), "{score}");
    assert!(
        !score.contains("93.5") && !score.contains(">优<"),
        "{score}"
    );
    let executed = row("demo/2024/monitoring/road-2024-09/");
    assert!(executed.contains("不予公开"), "{executed}");
    assert!(!executed.contains("109.24万元"), "{executed}");
    assert!(!html.contains("109.24万元"));
}

#[test]
fn a_unit_page_lists_its_records_and_their_projects() {
    let site = project_site();
    let html = page(&site, "demo/units/jtj/index.html");
    assert!(html.contains("<title>测试县交通运输局 · 单位 · 测试县"));
    for s in [
        "demo/2023/goals/road/",
        "demo/2024/monitoring/road-2024-09/",
        "demo/2024/goals/secret-code/",
    ] {
        assert!(html.contains(&format!("href=\"../../../{s}\"")), "{s}");
    }
    assert!(html.contains("href=\"../../../demo/projects/xm-001/\""));
    assert!(html.contains("据本站记录计算"));
    let rec = page(&site, "demo/2024/goals/road/index.html");
    assert!(rec.contains("<a href=\"../../../../demo/units/jtj/\">测试县交通运输局</a>"));
    let sitemap = page(&site, "sitemap.xml");
    for url in ["demo/units/jtj/", "demo/projects/xm-001/"] {
        assert!(
            sitemap.contains(&format!("/yjgk/{url}</loc>")),
            "{url} not in the sitemap"
        );
    }
    let region = page(&site, "demo/index.html");
    assert!(region.contains("href=\"../demo/units/jtj/\""));
}

#[test]
fn a_record_with_a_withheld_project_name_or_code_joins_no_project() {
    let site = project_site();
    let out = output(&site);
    for (path, text) in &out {
        for secret in [WITHHELD_NAME, WITHHELD_CODE, STUB_NAME] {
            assert!(!text.contains(secret), "{secret} in {path}");
        }
    }
    for (path, text) in out.iter().filter(|(p, _)| p.contains("/projects/")) {
        for id in ["secret-name", "secret-code", "stub"] {
            assert!(
                !text.contains(&format!("/{id}/")),
                "{id} linked from {path}"
            );
        }
    }
    for id in ["monitoring/secret-name", "goals/secret-code"] {
        let rec = page(&site, &format!("demo/2024/{id}/index.html"));
        assert!(!rec.contains("/projects/"), "{id} links a project");
        assert!(rec.contains("项目名称或项目编码部分不予公开"), "{id}");
    }
    // Its neighbours do not name it either: the 2024 goal is followed by the ex-ante step.
    let goal = page(&site, "demo/2024/goals/road/index.html");
    assert!(goal.contains("下一环节：<a href=\"../../../../demo/2024/ex-ante/road-ex-ante/\""));
    let projects: Vec<&String> = out.keys().filter(|p| p.contains("/projects/")).collect();
    assert_eq!(projects.len(), 1, "{projects:?}");
}

#[test]
fn project_pages_are_deterministic() {
    let site = project_site();
    let first = snapshot(&site.path().join("public"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first, snapshot(&site.path().join("public")));
}

/// Every page's `<title>`, by path.
fn titles(dir: &std::path::Path) -> BTreeMap<String, Vec<String>> {
    let mut by_title: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, bytes) in snapshot(dir) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let title = text
            .split_once("<title>")
            .and_then(|(_, r)| r.split_once("</title>"))
            .map(|(t, _)| t.to_string())
            .unwrap_or_else(|| panic!("{path} has no title"));
        by_title.entry(title).or_default().push(path);
    }
    by_title
}

fn assert_unique_titles(dir: &std::path::Path) {
    let shared: Vec<_> = titles(dir)
        .into_iter()
        .filter(|(_, p)| p.len() > 1)
        .collect();
    assert!(shared.is_empty(), "pages sharing a title: {shared:#?}");
}

#[test]
fn every_page_of_the_example_has_its_own_title() {
    let site = Site::example();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_unique_titles(&site.path().join("public"));
}

#[test]
fn every_page_of_a_generated_site_has_its_own_title() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let generator = gen_site();
    let out = std::process::Command::new(generator)
        .args([
            "--records",
            "400",
            "--seed",
            "7",
            "--regions",
            "3",
            "--years",
            "2",
        ])
        .arg("--out")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "."])
        .current_dir(&site)
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_unique_titles(&site.join("public"));
}

/// The site generator (`examples/gen_site`), built if needed: cargo names the executable.
fn gen_site() -> std::path::PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--example",
            "gen_site",
            "--message-format=json",
        ])
        .current_dir(crate::support::repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["target"]["name"] == "gen_site")
        .find_map(|m| m["executable"].as_str().map(std::path::PathBuf::from))
        .expect("cargo built no gen_site executable")
}
