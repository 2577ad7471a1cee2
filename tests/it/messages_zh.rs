//! The figure and disclosure stages speak Chinese to the people who enter the records: each
//! family of their diagnostics read in full with `--lang zh`, so that a message falling back to
//! English (or losing what to write instead) fails here.

use crate::support::ReplaceChecked;
use crate::support::{Run, Site};

const SUMMARY: &str = "content/demo/2024/summary.yaml";
const SE: &str = "content/demo/2024/self-evaluations/road.yaml";

fn check_zh(site: &Site) -> Run {
    site.run(&["check", ".", "--lang", "zh"])
}

/// The diagnostic of `rule` in a log: its first line (`警告[W103]: …`) and its `怎样改:` line.
fn said(run: &Run, rule: &str) -> (String, String) {
    let block = run
        .stderr
        .split("\n\n")
        .find(|b| b.contains(&format!("[{rule}]: ")))
        .unwrap_or_else(|| panic!("no {rule}:\n{}", run.stderr));
    let first = block
        .lines()
        .find(|l| l.contains(&format!("[{rule}]: ")))
        .unwrap()
        .to_string();
    let hint = block
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= 怎样改: "))
        .unwrap_or("")
        .to_string();
    (first, hint)
}

#[test]
fn a_figure_that_disagrees_with_the_records_is_reported_in_chinese() {
    let site = Site::fixture("minimal");
    site.write(
        SUMMARY,
        "ex_ante: { count: 1, requested: \"560.3万元\", cut: \"250万元\", cut_rate: \"44.30%\" }\n",
    );
    let run = check_zh(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (message, hint) = said(&run, "W103");
    assert_eq!(
        message,
        "警告[W103]: `ex_ante.cut` 公布为 250万元，按记录计算为 248.2万元，相差 1.8万元；按所写小数位，容差为 ±0.5万元"
    );
    assert_eq!(
        hint,
        "逐条核对记录与公布数字，改正抄错的一方：记录无误的，把这里的数字改为 248.2万元；记录只涵盖该组所涉项目的一部分时，在该组写 `coverage: partial`"
    );
}

#[test]
fn a_stated_score_and_grade_that_disagree_are_reported_in_chinese() {
    let site = Site::fixture("minimal");
    let text = site.read(SE).replace_checked(
        "op: \"≥\", target: 86, unit: 公里, weight: 30, actual: 88",
        "op: \"=\", target: 100, unit: 公里, weight: 30, actual: 98",
    );
    site.write(SE, &text);
    let run = check_zh(&site);
    let (message, hint) = said(&run, "W101");
    assert_eq!(
        message,
        "警告[W101]: 填报的自评得分（`score`）为 100 分，按各项指标计算为 99.40 分，两者不一致"
    );
    assert_eq!(
        hint,
        "请核对每项指标的实际完成值（`actual`）、分值（`weight`）和得分（`score`），以及预算数和执行数（预算执行率占10分）；核对无误的，把 `score` 改为 99.40"
    );
    assert!(!run.stderr.contains("the stated"), "{}", run.stderr);
}

#[test]
fn a_field_path_that_names_no_field_is_reported_in_chinese() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/ex-ante/bridge.yaml",
        "id: bridge\nproject: { name: 桥 }\nunit: jtj\nrequested: 2\napproved: 1\nconclusion: 支持\ndisclosure: { status: 部分公开, reason: 其他, fields: [evaluator] }\n",
    );
    let run = check_zh(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (message, hint) = said(&run, "E041");
    assert_eq!(
        message,
        "错误[E041]: `disclosure.fields` 里的 `evaluator` 在这条事前绩效评估记录里找不到对应的字段"
    );
    assert_eq!(
        hint,
        "这类记录可以不公开的字段：project.name, project.code, requested, approved, conclusion, score, note"
    );
}

#[test]
fn a_withheld_amount_its_record_gives_away_is_reported_in_chinese() {
    let site = Site::fixture("minimal");
    let goal = "content/demo/2024/goals/road.yaml";
    site.write(
        goal,
        &format!(
            "{}disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [funds.fiscal] }}\n",
            site.read(goal)
        ),
    );
    let run = check_zh(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (message, hint) = said(&run, "E044");
    assert_eq!(
        message,
        "错误[E044]: 这条记录不予公开的 `funds.fiscal`，可以由它公开的其他数值推算出来（或被限定在过窄的范围内，不足保护幅度）"
    );
    assert_eq!(
        hint,
        "把参与同一计算的数值一并列入 `disclosure.fields`：例如不公开某项指标的实际值时，也不公开该项指标得分；不公开执行数时，也不公开总分和等级"
    );
}

#[test]
fn a_figure_reference_that_names_no_figure_is_reported_in_chinese() {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/_index.md",
        "---\ntitle: t\n---\n申报 {{ figure(path=\"ex_ante.requestd\") }}\n",
    );
    let run = check_zh(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (message, hint) = said(&run, "E050");
    assert_eq!(
        message,
        "错误[E050]: 本年度没有 `ex_ante.requestd` 这个数字"
    );
    assert_eq!(
        hint,
        "是不是要写 `ex_ante.requested`？路径的写法与 summary.yaml 相同，如 `ex_ante.cut_rate`"
    );
}

#[test]
fn a_red_flag_without_a_yellow_one_is_reported_in_chinese() {
    let site = Site::fixture("minimal");
    let may = "content/demo/2024/monitoring/road-2024-05.yaml";
    let aug = site
        .read(may)
        .replace_checked("road-2024-05", "road-2024-08")
        .replace_checked("node: 2024-05", "node: 2024-08")
        .replace_checked("黄标", "红标")
        .replace_checked("38.5万元", "60万元");
    site.write("content/demo/2024/monitoring/road-2024-08.yaml", &aug);
    site.write(
        may,
        &site.read(may).replace_checked("flag: 黄标", "flag: 正常"),
    );
    let run = check_zh(&site);
    let (message, hint) = said(&run, "W106");
    assert_eq!(
        message,
        "警告[W106]: 这个项目在 2024-08 监控节点为红标，但在上一个节点 2024-05 没有黄标"
    );
    assert!(
        hint.starts_with("红标应在上一个监控节点的黄标之后。请核对这条记录和上一个节点的记录（content/demo/2024/monitoring/road-2024-05.yaml:"),
        "{hint}"
    );
}
