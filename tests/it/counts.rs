//! One definition of each headline count: the home page, region page, year tiles, list headers,
//! feeds and figures.csv state the same numbers for the same things, and a reader can add them
//! up (projects + 部门整体 = records of a kind; public + 不予公开 = all items).

use crate::support::ReplaceChecked;
use crate::support::Site;

fn built(site: &Site) -> &Site {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// The page's text without tags, whitespace collapsed.
fn text(site: &Site, rel: &str) -> String {
    let html = site.read(&format!("public/{rel}"));
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of a figures.csv whose item starts with `item`: (stated, computed, withheld count).
fn csv_rows(site: &Site, rel: &str, item: &str) -> Vec<(String, String, String)> {
    let csv = site.read(&format!("public/{rel}"));
    // The column of withheld counts is there only when some figure leaves records out.
    let missing = csv
        .lines()
        .next()
        .unwrap()
        .contains("computed_withheld_count");
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|c| c.len() >= 6 && c[1].starts_with(item))
        .map(|c| {
            let m = if missing { c[4].clone() } else { String::new() };
            (c[2].clone(), c[3].clone(), m)
        })
        .collect()
}

#[test]
fn withheld_evaluations_are_counted_once_on_pages_and_in_figures_csv() {
    let site = Site::example();
    built(&site);
    // kashi-edz 2024 has 5 不予公开 evaluations: every figure leaves out those 5, never 10.
    let csv = site.read("public/data/kashi-edz/2024/figures.csv");
    let graded = csv_rows(
        &site,
        "data/kashi-edz/2024/figures.csv",
        "绩效评价 · 重点评价 · 良",
    );
    assert_eq!(
        graded,
        vec![(String::new(), "1".into(), "5".into())],
        "{csv}"
    );
    for line in csv.lines().filter(|l| l.contains("绩效评价")) {
        let cols: Vec<&str> = line.split(',').collect();
        assert!(cols[4].is_empty() || cols[4] == "5", "{line}");
    }
    let page = text(&site, "kashi-edz/2024/index.html");
    assert!(page.contains("另有 5 项不予公开"), "{page}");
    assert!(!page.contains("另有 10 项"), "{page}");
}

#[test]
fn home_totals_count_published_records_as_the_change_log_does() {
    let site = Site::example();
    built(&site);
    let home = text(&site, "index.html");
    let changes = text(&site, "changes/index.html");
    assert!(changes.contains("共公开 55 项记录"), "{changes}");
    assert!(home.contains("公开事项 55 不予公开事项 5"), "{home}");
    assert!(
        home.contains("共 60 项，其中公开 55 项（含部分公开）、不予公开 5 项。"),
        "{home}"
    );
}

#[test]
fn project_headlines_and_year_tiles_add_up() {
    let site = Site::example();
    built(&site);
    let region = text(&site, "bozhou/index.html");
    // 12 goals of which 2 部门整体: the headline counts the 10 projects and says so.
    assert!(region.contains("项目绩效目标 10"), "{region}");
    assert!(
        region.contains("绩效目标 共 12 项（含部门整体 2 项）"),
        "{region}"
    );
    assert!(region.contains("项目绩效自评 10"), "{region}");
    assert!(
        region.contains("绩效自评 共 11 项（含部门整体 1 项）"),
        "{region}"
    );
    let raw = site.read("public/bozhou/index.html");
    assert!(
        raw.contains("title=\"项目绩效目标的数量，不含部门整体绩效目标"),
        "{raw}"
    );
    let list = text(&site, "bozhou/2024/goals/index.html");
    assert!(list.contains("共 12 项（含部门整体 2 项）"), "{list}");
    let home = text(&site, "index.html");
    assert!(
        home.contains("绩效目标 共 12 项（含部门整体 2 项）"),
        "{home}"
    );
    assert!(!home.contains("绩效目标 12 ·"), "{home}");
}

#[test]
fn self_evaluation_grades_and_units_cover_the_records_the_count_covers() {
    let site = Site::example();
    built(&site);
    let f = "data/bozhou/2024/figures.csv";
    let num = |rows: Vec<(String, String, String)>| -> Vec<f64> {
        rows.iter().map(|r| r.1.parse::<f64>().unwrap()).collect()
    };
    let count = num(csv_rows(&site, f, "绩效自评 · 数量"))[0];
    let funds = num(csv_rows(&site, f, "绩效自评 · 涉及资金"))[0];
    assert_eq!((count, funds), (10.0, 7976.2));
    let graded: f64 = ["优", "良", "中", "差"]
        .iter()
        .flat_map(|g| num(csv_rows(&site, f, &format!("绩效自评 · {g} · 数量"))))
        .sum();
    assert_eq!(graded, count);
    let csv = site.read(&format!("public/{f}"));
    let units: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",绩效自评 · ") && l.contains(" · 涉及资金,"))
        .filter(|l| !l.contains(",绩效自评 · 涉及资金,"))
        .collect();
    let by_unit: f64 = units
        .iter()
        .map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(
        (by_unit - funds).abs() < 0.001,
        "{by_unit} != {funds}\n{csv}"
    );
}

#[test]
fn a_statement_of_project_grades_passes_beside_a_unit_wide_self_evaluation() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/self-evaluations/unit-jtj.yaml",
        "id: unit-jtj\nscope: unit\nunit: jtj\nbudget: { adjusted: \"300万元\", executed: \"300万元\" }\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 完成项目数, op: \"≥\", target: 3, unit: 个, weight: 90, actual: 2 }\n",
    );
    site.write(
        "content/demo/2024/summary.yaml",
        "self_evaluations: { count: 1, funds: \"135.5万元\", units: 1, by_grade: { 优: { count: 1, share: \"100%\" } } }\n",
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

#[test]
fn a_record_with_withheld_passages_is_shown_as_partly_published() {
    let site = Site::fixture("minimal");
    let path = "content/demo/2024/evaluations/road-eval.md";
    let md = site.read(path).replace_checked(
        "项目按计划实施。",
        "项目按计划实施，[承建方甲乙丙]{redact 商业秘密}负责。",
    );
    site.write(path, &md);
    built(&site);
    let page = text(&site, "demo/2024/evaluations/road-eval/index.html");
    assert!(page.contains("公开方式 部分公开"), "{page}");
    let csv = site.read("public/data/demo/2024/evaluations.csv");
    assert!(csv.lines().nth(1).unwrap().contains(",部分公开,"), "{csv}");
}
