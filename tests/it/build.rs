//! Building: every page type exists, output is deterministic, withheld content is absent, and
//! the output is replaced only by a complete new site.

use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};

fn built(site: &Site) -> Vec<(String, Vec<u8>)> {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot(&site.path().join("public"))
}

fn has(files: &[(String, Vec<u8>)], path: &str) -> String {
    let f = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path} in output"));
    String::from_utf8(f.1.clone()).unwrap()
}

#[test]
fn example_site_builds_every_page_type() {
    let site = Site::example();
    let files = built(&site);
    for page in [
        "index.html",
        "about/index.html",
        "withheld/index.html",
        "404.html",
        "robots.txt",
        "bozhou/index.html",
        "bozhou/2024/index.html",
        "bozhou/2024/goals/index.html",
        "bozhou/2024/ex-ante/index.html",
        "bozhou/2024/monitoring/index.html",
        "bozhou/2024/self-evaluations/index.html",
        "bozhou/2024/evaluations/index.html",
        "kashi-edz/2024/evaluations/index.html",
    ] {
        has(&files, page);
    }
    for kind in [
        "goals",
        "ex-ante",
        "monitoring",
        "self-evaluations",
        "evaluations",
    ] {
        let prefix = format!("bozhou/2024/{kind}/");
        let records = files
            .iter()
            .filter(|(p, _)| {
                p.starts_with(&prefix) && p.ends_with("/index.html") && p.len() > prefix.len() + 10
            })
            .count();
        assert!(records > 0, "no record page of {kind}");
    }
    // A body may not be named like a folder of the site's own (validate::SITE_FOLDERS).
    let bodies = ["bozhou", "changji", "kashi-edz", "yanqi", "yuli"];
    for (p, _) in &files {
        let top = p.split('/').next().unwrap_or_default();
        if p.contains('/') && !bodies.contains(&top) {
            assert!(
                gongkai::validate::SITE_FOLDERS.contains(&top),
                "{top}/ is written by the site but a body could take its name"
            );
        }
    }
    let sitemap = has(&files, "sitemap.xml");
    // Sorted and filtered views of lists (`…/_sort_funds/`) are not: their canonical is the list.
    let pages = files
        .iter()
        .filter(|(p, _)| p.ends_with("index.html") && !p.contains("/_"))
        .count();
    assert_eq!(
        sitemap.matches("<loc>").count(),
        pages,
        "every page but the lists' views is in the sitemap"
    );
    let list = has(&files, "kashi-edz/2024/evaluations/index.html");
    assert!(
        list.contains("共 11 项，其中 5 项不予公开"),
        "the list counts its stubs"
    );
    let banner = has(&files, "index.html");
    assert!(banner.contains("示例"), "the sample-data banner is shown");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("src=\"http") && !text.contains("href=\"http://"),
            "{path} loads something from outside"
        );
    }
}

#[test]
fn builds_are_byte_identical() {
    let site = Site::example();
    let a = built(&site);
    let out2 = site.path().join("second");
    let run = site.run(&["build", ".", "-o", out2.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let b = snapshot(&out2);
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

const CANARIES: [&str; 6] = [
    "金丝雀标题甲",
    "金丝雀评价机构乙",
    "金丝雀段落丙",
    "金丝雀供应商丁",
    "金丝雀不列示戊",
    "canary-withheld-id",
];

/// The minimal fixture with a 不予公开 evaluation, a 部分公开 one, inline markers and a
/// 不列示 goal, each carrying a canary.
fn withheld_site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/evaluations/secret.yaml",
        "id: canary-withheld-id\ntype: 财政重点评价\ntitle: 金丝雀标题甲报告\nsubject: { project: { name: 金丝雀标题甲 } }\nfunds: \"88.77万元\"\ndisclosure: { status: 不予公开, reason: 国家秘密, public_title: 重点项目评价报告（不予公开） }\n",
    );
    site.write(
        "content/demo/2024/evaluations/partial.md",
        "---\nid: partial\ntype: 部门评价\ntitle: 部分公开的评价报告\nsubject: { unit: czj }\nevaluator: 金丝雀评价机构乙\nfunds: \"20万元\"\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [evaluator] }\n---\n## 结论\n\n合同由[金丝雀供应商丁]{redact 商业秘密}承接。\n\n::: redact 敏感信息\n金丝雀段落丙\n:::\n",
    );
    site.write(
        "content/demo/2024/goals/hidden.yaml",
        "id: hidden\nscope: project\nproject: { name: 金丝雀不列示戊 }\nunit: czj\nfunds: { total: \"9.87万元\" }\ndisclosure: { status: 不列示, reason: 国家秘密 }\n",
    );
    site
}

#[test]
fn withheld_values_reach_no_output_byte_or_message() {
    let site = withheld_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path().join("public"));
    for c in CANARIES {
        assert!(
            !run.stdout.contains(c) && !run.stderr.contains(c),
            "{c} in build messages"
        );
        for (path, bytes) in &files {
            assert!(!path.contains(c), "{c} in file name {path}");
            assert!(!String::from_utf8_lossy(bytes).contains(c), "{c} in {path}");
        }
    }
    let list = has(&files, "demo/2024/evaluations/index.html");
    assert!(
        list.contains("重点项目评价报告（不予公开）"),
        "the stub is listed"
    );
    assert!(list.contains("共 3 项，其中 1 项不予公开"), "{list}");
    let register = has(&files, "withheld/index.html");
    assert!(register.contains("重点项目评价报告（不予公开）") && register.contains("国家秘密"));
    let partial = has(&files, "demo/2024/evaluations/partial/index.html");
    assert!(
        partial.contains("〔不予公开：商业秘密〕") && partial.contains("〔不予公开：敏感信息〕")
    );
}

#[test]
fn an_excluded_record_leaves_the_output_byte_identical() {
    let with = withheld_site();
    let without = withheld_site();
    without.remove("content/demo/2024/goals/hidden.yaml");
    assert!(built(&with) == built(&without), "不列示 changed the output");
}

#[test]
fn withheld_text_of_other_lengths_gives_the_same_output() {
    let a = withheld_site();
    let b = withheld_site();
    let p = "content/demo/2024/evaluations/partial.md";
    b.write(
        p,
        &b.read(p)
            .replace_checked("金丝雀段落丙", "完全不同而且长得多的另一段不予公开的文字")
            .replace_checked("金丝雀供应商丁", "乙"),
    );
    assert!(
        built(&a) == built(&b),
        "the output depends on withheld text"
    );
}

#[test]
fn raw_html_in_a_report_is_shown_as_text() {
    let site = Site::fixture("minimal");
    let p = "content/demo/2024/evaluations/road-eval.md";
    site.write(
        p,
        &format!(
            "{}\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
            site.read(p)
        ),
    );
    let files = built(&site);
    let page = has(&files, "demo/2024/evaluations/road-eval/index.html");
    assert!(
        !page.contains("<script>alert") && !page.contains("javascript:"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;"));
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::fixture("minimal");
    site.write(
        "templates/404.html",
        "<!doctype html><title>自定义</title><p>本站自定义的 404 页面</p>\n",
    );
    let files = built(&site);
    assert!(has(&files, "404.html").contains("本站自定义的 404 页面"));
}

#[test]
fn stale_staging_folders_are_removed_and_nothing_is_left_beside_the_output() {
    let site = Site::fixture("minimal");
    std::fs::create_dir(site.path().join(".gongkai-staging-public-99999")).unwrap();
    built(&site);
    let names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Only the build cache, kept on purpose.
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with(".gongkai-") || n == ".gongkai-cache-public"),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n == ".gongkai-cache-public"),
        "{names:?}"
    );
}

#[test]
fn a_template_error_leaves_the_previous_output() {
    let site = Site::fixture("minimal");
    let before = built(&site);
    site.write(
        "templates/record.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value.x }}{% endblock %}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E070]"), "{}", run.stderr);
    assert!(snapshot(&site.path().join("public")) == before);
}

#[test]
fn stated_figures_are_reconciled_and_strict_fails_on_a_mismatch() {
    let site = Site::fixture("minimal");
    assert_eq!(
        site.run(&["check", ".", "--strict"]).code,
        0,
        "the fixture's figures are right"
    );
    site.write(
        "content/demo/2024/summary.yaml",
        "ex_ante: { count: 1, requested: \"560.3万元\", cut: \"250万元\", cut_rate: \"44.30%\" }\n",
    );
    let run = site.check();
    assert_eq!(run.code, 0, "a mismatch is a warning:\n{}", run.stderr);
    assert!(run.stderr.contains("warning[W103]: `ex_ante.cut` is stated as 250万元, but computed from the records it is 248.2万元, a difference of 1.8万元; the decimals written allow ±0.5万元"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--> content/demo/2024/summary.yaml:1:49"),
        "{}",
        run.stderr
    );
    let strict = site.run(&["check", ".", "--strict"]);
    assert_eq!(strict.code, 1);
}

#[test]
fn the_audit_stops_a_build_whose_static_files_carry_a_withheld_value() {
    let site = withheld_site();
    let before = built(&site);
    site.write("static/notes/leak.html", "<!-- 金丝雀段落丙 -->");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]: a withheld value appears in the output at byte 5 of this file\n--> notes/leak.html"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("金丝雀"),
        "the audit never prints the value"
    );
    assert!(
        snapshot(&site.path().join("public")) == before,
        "the previous output stays"
    );
}

#[test]
fn gongkai_audit_rescans_an_existing_output() {
    let site = withheld_site();
    built(&site);
    assert_eq!(site.run(&["audit", "."]).code, 0);
    site.write(
        "public/planted/%E9%87%91%E4%B8%9D%E9%9B%80%E4%BE%9B%E5%BA%94%E5%95%86%E4%B8%81.html",
        "x",
    );
    site.write(
        "public/planted/attr.html",
        "<a title=\"&#37329;&#19997;&#38592;&#20379;&#24212;&#21830;&#19969;\">x</a>",
    );
    let run = site.run(&["audit", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> planted/attr.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> planted/%E9%87%91"),
        "a percent-encoded file name: {}",
        run.stderr
    );
}

/// A 部分公开 record of every kind withholding every field it can, each holding a canary, and a
/// 不予公开 record of every kind.
fn every_kind_site() -> Site {
    let site = Site::fixture("minimal");
    let d = "content/demo/2024";
    site.write(&format!("{d}/goals/p.yaml"), "id: p-goal\nscope: project\nproject: { code: \"CANARY-CODE-1\", name: 金丝雀目标名 }\nunit: jtj\nfunds: { total: \"8765.43万元\", fiscal: \"8000万元\", other: \"765.43万元\" }\nobjective: 金丝雀目标描述\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 金丝雀指标名, op: \"≥\", target: 12345, unit: 公里, weight: 91 }\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [project.name, project.code, funds.total, funds.fiscal, funds.other, objective, indicators.1.name, indicators.1.target, indicators.1.weight] }\n");
    site.write(&format!("{d}/ex-ante/p.yaml"), "id: p-ex-ante\nproject: { name: 金丝雀评估项目 }\nunit: jtj\nrequested: \"7654.32万元\"\napproved: \"7000.01万元\"\nconclusion: 部分支持\nscore: 87.65\nnote: 金丝雀评估说明\ndisclosure: { status: 部分公开, reason: 工作秘密, fields: [project.name, requested, approved, conclusion, score, note] }\n");
    site.write(&format!("{d}/monitoring/p.yaml"), "id: p-monitoring\nnode: 2024-08\nscope: project\nproject: { name: 金丝雀监控项目 }\nunit: jtj\nbudget: \"6543.21万元\"\nexecuted: \"6000.02万元\"\nflag: 红标\ndeviation: 金丝雀偏差原因\nmeasures: 金丝雀整改措施\ndisclosure: { status: 部分公开, reason: 敏感信息, fields: [project.name, budget, executed, flag, deviation, measures] }\n");
    site.write(&format!("{d}/self-evaluations/p.yaml"), "id: p-self\nscope: project\nproject: { name: 金丝雀自评项目 }\nunit: jtj\nbudget: { initial: \"5432.1万元\", adjusted: \"5432.19万元\", executed: \"5000.03万元\" }\nobjective: { planned: 金丝雀计划目标, actual: 金丝雀实际完成 }\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 金丝雀自评指标, op: \"≥\", target: 23456, unit: 公里, weight: 90, actual: 34567, score: 76.54, deviation: 金丝雀自评偏差 }\nscore: 86.54\ngrade: 良\ndisclosure: { status: 部分公开, reason: 个人信息, fields: [project.name, budget.initial, budget.adjusted, budget.executed, objective.planned, objective.actual, score, grade, indicators.1.name, indicators.1.target, indicators.1.actual, indicators.1.score, indicators.1.deviation] }\n");
    site.write(&format!("{d}/evaluations/p.md"), "---\nid: p-eval\ntype: 财政政策评价\ntitle: 金丝雀评价标题\nsubject: { project: { name: 金丝雀被评价项目 } }\nevaluator: 金丝雀评价机构\nfunds: \"4321.09万元\"\nscore: 85.43\ngrade: 良\nfindings: 19\nrectified: 17\ndisclosure: { status: 部分公开, reason: 其他, fields: [title, evaluator, funds, score, grade, findings, rectified, body, subject.project.name] }\n---\n金丝雀报告正文\n");
    for (kind, body) in [
        (
            "goals",
            "scope: project\nproject: { name: 金丝雀不予公开目标 }\nunit: jtj\nfunds: { total: \"3210.98万元\" }\n",
        ),
        (
            "ex-ante",
            "project: { name: 金丝雀不予公开评估 }\nunit: jtj\nrequested: \"3210.97万元\"\napproved: \"3000.96万元\"\nconclusion: 支持\n",
        ),
        (
            "monitoring",
            "node: 2024-05\nscope: project\nproject: { name: 金丝雀不予公开监控 }\nunit: jtj\nbudget: \"3210.95万元\"\nexecuted: \"3000.94万元\"\n",
        ),
        (
            "self-evaluations",
            "scope: unit\nunit: czj\nbudget: { adjusted: \"3210.93万元\", executed: \"3000.92万元\" }\nindicators: []\n",
        ),
        (
            "evaluations",
            "type: 部门评价\ntitle: 金丝雀不予公开报告\nsubject: { unit: czj }\nfunds: \"3210.91万元\"\nbody: 金丝雀不予公开正文\n",
        ),
    ] {
        site.write(&format!("{d}/{kind}/w.yaml"), &format!("id: canary-w-{kind}\n{body}disclosure: {{ status: 不予公开, reason: 国家秘密, public_title: 公开标题{kind} }}\n"));
    }
    site
}

#[test]
fn every_withheld_field_of_every_kind_stays_out_of_every_byte() {
    let site = every_kind_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path().join("public"));
    let canaries = [
        "金丝雀",
        "CANARY-CODE-1",
        "canary-w-",
        "8765.43",
        "8,765.43",
        "7654.32",
        "7,654.32",
        "7000.01",
        "87.65",
        "6543.21",
        "6,543.21",
        "6000.02",
        "5432.1",
        "5,432.1",
        "5000.03",
        "12345",
        "23456",
        "34567",
        "76.54",
        "86.54",
        "4321.09",
        "4,321.09",
        "85.43",
        "3210.9",
        "3,210.9",
    ];
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for c in canaries {
            assert!(!path.contains(c) && !text.contains(c), "{c} in {path}");
        }
    }
    for c in canaries {
        assert!(
            !run.stderr.contains(c) && !run.stdout.contains(c),
            "{c} in the build's messages"
        );
    }
    let register = has(&files, "withheld/index.html");
    for kind in [
        "goals",
        "ex-ante",
        "monitoring",
        "self-evaluations",
        "evaluations",
    ] {
        assert!(
            register.contains(&format!("公开标题{kind}")),
            "{kind} stub missing from the register"
        );
    }
    let page = has(&files, "demo/2024/self-evaluations/p-self/index.html");
    assert!(
        page.matches("〔不予公开：个人信息〕").count() >= 10,
        "each withheld field shows its marker"
    );
}

#[test]
fn narratives_quote_figures_and_unknown_paths_are_errors() {
    let site = Site::fixture("minimal");
    site.write("content/demo/2024/_index.md", "---\ntitle: 2024年工作情况\n---\n核减率为{{ figure(path=\"ex_ante.cut_rate\") }}，核减{{ figure(path='ex_ante.cut') }}，目标{{ figure(path=\"goals.count\") }}个。\n");
    let files = built(&site);
    let year = has(&files, "demo/2024/index.html");
    assert!(
        year.contains("核减率为44.30%，核减248.2万元，目标1个。"),
        "{year}"
    );
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: t\n---\n第一行\n\n比例 {{ figure(path=\"ex_ante.cut_rat\") }}\n",
    );
    let run = site.check();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E050]: there is no figure `ex_ante.cut_rat` for this year\n --> content/demo/2024/_index.md:6:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `ex_ante.cut_rate`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_interface_string_exists_in_both_languages() {
    for lang in ["zh-CN", "en"] {
        let site = Site::example();
        site.write(
            "site.yaml",
            &site
                .read("site.yaml")
                .replace_checked("language: zh-CN", &format!("language: {lang}")),
        );
        let run = site.build();
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("W104"), "{lang}: {}", run.stderr);
        let home = site.read("public/index.html");
        assert!(home.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
    }
}
