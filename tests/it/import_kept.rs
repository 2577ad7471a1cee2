//! `gongkai import` keeps what the forms carry: the comparison of an 指标性质 or 运算符号
//! column in every layout, 年度总体目标 of a flat self-evaluation, and a warning naming the
//! sheet and column of everything it does not import; a dry run's warnings name cells.

use crate::import::{import, imported};
use crate::support::Site;
use crate::workbook::Book;

/// The `op:` lines of a record file, in order.
fn ops(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("    op: "))
        .collect()
}

#[test]
fn an_indicator_nature_column_in_a_flat_workbook_gives_each_indicator_its_op() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "目标表",
        &[
            "项目名称|主管部门|年度资金总额|一级指标|二级指标|三级指标|指标性质|指标值|计量单位",
            "桥梁检测项目|测试县交通运输局|#40|产出指标|数量指标|检测桥梁|正向|#12|座",
            "|||成本指标|经济成本指标|单座检测成本|反向|#3|万元",
            "|||效益指标|社会效益指标|通行条件评分|定性|#90|",
            "|||满意度指标|服务对象满意度指标|群众满意度|正向指标|≥90%|",
        ],
        &[],
    );
    b.save(&site.path().join("目标.xlsx"));
    let run = import(&site, "目标.xlsx", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert_eq!(ops(&text), ["\"≥\"", "\"≤\"", "定性", "\"≥\""], "{text}");
    assert!(
        text.contains("    op: \"≥\"\n    target: 12\n    unit: 座\n"),
        "{text}"
    );
    assert!(
        text.contains("    op: \"≤\"\n    target: 3\n    unit: 万元\n"),
        "{text}"
    );
    assert!(
        text.contains("    op: 定性\n    target: \"90\"\n"),
        "{text}"
    );
}

#[test]
fn an_indicator_nature_column_in_a_printed_form_gives_each_indicator_its_op() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "道路",
        &[
            "项目支出绩效目标表",
            "项目名称|乡村道路养护项目",
            "主管部门|测试县交通运输局",
            "项目资金（万元）|年度资金总额|#135.5",
            "绩效指标|一级指标|二级指标|三级指标|指标性质|指标值",
            "|产出指标|数量指标|养护里程|≥|86公里",
            "||时效指标|完工天数|≤|30天",
            "||质量指标|路面完好率|＞|90%",
            "|效益指标|生态效益指标|扬尘投诉|＜|5次",
            "|满意度指标|服务对象满意度指标|群众满意度|=|100%",
        ],
        &["A5:A10"],
    );
    b.save(&site.path().join("form.xlsx"));
    let run = import(&site, "form.xlsx", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert_eq!(
        ops(&text),
        ["\"≥\"", "\"≤\"", "\">\"", "\"<\"", "\"=\""],
        "{text}"
    );
    assert!(
        text.contains("    op: \"≤\"\n    target: 30\n    unit: 天\n"),
        "{text}"
    );
}

#[test]
fn an_indicator_nature_column_in_a_csv_gives_each_indicator_its_op() {
    let site = Site::fixture("minimal");
    site.write(
        "自评.csv",
        "项目名称,主管部门,全年预算数,全年执行数,一级指标,二级指标,三级指标,指标性质,指标值,实际完成值,分值,得分\n\
         桥梁检测项目,测试县交通运输局,40,40,产出指标,数量指标,检测桥梁,≥,12座,12座,30,30\n\
         ,,,,,时效指标,检测天数,反向,30天,28天,30,30\n\
         ,,,,效益指标,社会效益指标,通行条件,定性,良好,良好,30,30\n",
    );
    let run = import(&site, "自评.csv", "self_evaluation", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert_eq!(ops(&text), ["\"≥\"", "\"≤\"", "定性"], "{text}");
}

/// The W190 lines of a run's stderr: `warning[W190]: <address>: <message>`.
fn not_imported(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning[W190]: "))
        .collect()
}

#[test]
fn the_overall_objective_of_a_flat_self_evaluation_is_kept() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    site.write(
        "se.csv",
        "项目名称,主管部门,全年预算数,全年执行数,年度总体目标,实际完成情况,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n\
         乡村道路养护项目,测试县交通运输局,100,100,完成86公里养护,完成88公里养护,产出指标,数量指标,养护里程,≥86公里,88公里,90,90\n",
    );
    let run = import(&site, "se.csv", "self_evaluation", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(
        text.contains(
            "objective:\n  planned: 完成86公里养护\n  actual: 完成88公里养护\nindicators:\n"
        ),
        "{text}"
    );
    assert_eq!(
        not_imported(&run.stderr),
        Vec::<&str>::new(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_flat_column_the_format_cannot_hold_or_does_not_know_is_named_with_its_sheet() {
    let site = Site::fixture("minimal");
    site.write(
        "目标.csv",
        "项目名称,主管部门,实施单位,年度资金总额,上年结转资金（万元）,一级指标,二级指标,三级指标,指标值,项目负责人,目标值\n\
         桥梁检测项目,测试县交通运输局,测试县公路管理站,40,5,产出指标,数量指标,检测桥梁,≥12座,王五,≥10座\n",
    );
    let run = import(&site, "目标.csv", "goal", &[]);
    imported(&site, &run);
    assert_eq!(
        not_imported(&run.stderr),
        [
            "目标!C1: \"实施单位\" was not imported: the record format of a goal has no field for it",
            "目标!E1: \"上年结转资金（万元）\" was not imported: the record format of a goal has no field for it",
            "目标!J1: the column \"项目负责人\" is not a column of the official forms, so it was not imported",
            "目标!K1: the column \"目标值\" is the same field as the column at 目标!I1, so it was not imported",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_form_s_carried_over_funds_and_its_implementing_unit_are_named() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "道路",
        &[
            "项目支出绩效目标表",
            "项目名称|乡村道路养护项目",
            "主管部门|测试县交通运输局|实施单位|测试县公路管理站",
            "项目资金（万元）|年度资金总额|#135.5",
            "|其中：财政拨款|#120",
            "|上年结转资金|#15.5",
            "绩效指标|一级指标|二级指标|三级指标|指标值",
            "|产出指标|数量指标|养护里程|≥86公里",
        ],
        &["A4:A6"],
    );
    b.save(&site.path().join("form.xlsx"));
    let run = import(&site, "form.xlsx", "goal", &[]);
    imported(&site, &run);
    assert_eq!(
        not_imported(&run.stderr),
        [
            "道路!C3: \"实施单位\" was not imported: the record format of a goal has no field for it",
            "道路!B6: \"上年结转资金\" was not imported: the record format of a goal has no field for it",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_unit_wide_form_s_basic_and_project_expenditure_rows_are_named() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "财政局",
        &[
            "部门整体支出绩效目标表",
            "部门（单位）名称|测试县财政局",
            "年度预算（万元）|资金总额|#300",
            "|基本支出|#200",
            "|项目支出|#100",
            "绩效指标|一级指标|二级指标|三级指标|指标值",
            "|产出指标|时效指标|预算公开及时率|=100%",
        ],
        &["A3:A5"],
    );
    b.save(&site.path().join("unit.xlsx"));
    let run = import(&site, "unit.xlsx", "goal", &[]);
    imported(&site, &run);
    assert_eq!(
        not_imported(&run.stderr),
        [
            "财政局!B4: \"基本支出\" was not imported: the record format of a goal has no field for it",
            "财政局!B5: \"项目支出\" was not imported: the record format of a goal has no field for it",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_dry_run_s_warnings_point_at_the_sheet_and_cell() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    crate::import::self_evaluation_form("#90").save(&site.path().join("se.xlsx"));
    let run = import(&site, "se.xlsx", "self_evaluation", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[W101]: 自评表!H15: the stated `score` is 90, but the indicators give 100.00\n--> se.xlsx\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("self-evaluations/p-"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dry_run_s_warnings_point_at_the_csv_line_and_column() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    site.write(
        "se.csv",
        "项目名称,主管部门,全年预算数,全年执行数,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,总分\n\
         乡村道路养护项目,测试县交通运输局,100,100,产出指标,数量指标,养护里程,≥86公里,88公里,90,90,95\n",
    );
    let run = import(&site, "se.csv", "self_evaluation", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[W101]: se!L2: the stated `score` is 95, but"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> se.csv\n"), "{}", run.stderr);
}
