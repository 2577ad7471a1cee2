//! `gongkai import`: both layouts, .xlsx and .csv, into a copy of the minimal fixture; what
//! it writes is compared word for word and must pass `gongkai check` and build.

use crate::support::{Run, Site};
use crate::workbook::Book;

const GOALS: &str = "content/demo/2024/goals";
const SELF: &str = "content/demo/2024/self-evaluations";

/// Run `gongkai import FILE --region demo --year 2024 --kind KIND [extra]` in the site.
pub fn import(site: &Site, file: &str, kind: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "import", file, "--site", ".", "--region", "demo", "--year", "2024", "--kind", kind,
    ];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// The files written, from the `wrote …` lines.
pub fn written(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

/// The import succeeded, `gongkai check` passes without warnings about the new files, and the
/// site builds.
pub fn imported(site: &Site, run: &Run) -> Vec<String> {
    assert_eq!(run.code, 0, "import failed:\n{}{}", run.stdout, run.stderr);
    let files = written(run);
    assert!(!files.is_empty(), "{}", run.stdout);
    let check = site.check();
    assert_eq!(check.code, 0, "check failed:\n{}", check.stderr);
    for f in &files {
        assert!(!check.stderr.contains(f.as_str()), "{}", check.stderr);
    }
    let build = site.build();
    assert_eq!(build.code, 0, "build failed:\n{}", build.stderr);
    files
}

/// A flat self-evaluation table as budget systems export it: a title and unit line, merged
/// project cells, a 预算执行率 row, numbers as floats, as text, as a percentage and as a
/// formula's float artefact, a blank spacer row, the headings repeated, a note under it. Each
/// project's weights add up to 90 (预算执行率 is the other 10), as the 10号 自评表 has them.
fn flat_self_evaluation() -> Book {
    const HEAD: &str = "项目名称|主管部门|年初预算数（万元）|全年预算数（万元）|全年执行数（万元）|一级指标|二级指标|三级指标|指标值|实际完成值|分值|得分|偏差原因分析\n及改进措施";
    let mut b = Book::new();
    b.sheet(
        "自评表",
        &[
            "2024年度项目支出绩效自评汇总表",
            "金额单位：万元",
            HEAD,
            "乡村道路养护项目|交通运输局 |#120|135.5|#128.73|预算执行率|||||#10|#9.5",
            "|||||产出指标|数量指标|养护里程|≥86公里|88公里|#40|#40",
            "||||||质量指标|路面完好率|≥90%|%0.92|#20|#20",
            "|||||效益指标|社会效益指标|群众出行条件|有效改善|明显改善|#20|#18|部分路段仍需改善",
            "|||||满意度指标|服务对象满意度指标|群众满意度|≥90%|95%|#10|#10",
            "",
            HEAD,
            "农村饮水安全项目|测试县财政局|#50|#60|#60|产出指标|数量|新建供水站|≥3个|3个|#40|#40",
            "|||||效益指标|生态效益|水源地保护|有效保护|基本保护|#50|fx:0.1+0.2;0.30000000000000004|水源地周边仍有污染",
            "填报人：张三",
        ],
        &[
            "A1:M1", "A4:A8", "B4:B8", "C4:C8", "D4:D8", "E4:E8", "F5:F6", "A11:A12", "B11:B12",
            "C11:C12", "D11:D12", "E11:E12",
        ],
    );
    b
}

#[test]
fn a_flat_self_evaluation_workbook_becomes_one_record_per_project() {
    let site = Site::fixture("minimal");
    flat_self_evaluation().save(&site.path().join("自评.xlsx"));
    let run = import(&site, "自评.xlsx", "self_evaluation", &[]);
    let files = imported(&site, &run);
    assert_eq!(files.len(), 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("乡村道路养护项目 (自评表!A4:M8)"),
        "{}",
        run.stdout
    );
    let road = site.read(&files[0]);
    assert_eq!(
        road,
        r#"# Imported by `gongkai import` from 自评.xlsx, 自评表!A4:M8.
id: p-739c3389
scope: project
project:
  name: 乡村道路养护项目
unit: jtj
budget:
  initial: "120万元"
  adjusted: "135.5万元"
  executed: "128.73万元"
indicators:
  - level1: 产出指标
    level2: 数量
    name: 养护里程
    op: "≥"
    target: 86
    unit: 公里
    weight: 40
    actual: 88
    score: 40
  - level1: 产出指标
    level2: 质量
    name: 路面完好率
    op: "≥"
    target: 90
    unit: "%"
    weight: 20
    actual: 92
    score: 20
  - level1: 效益指标
    level2: 社会效益
    name: 群众出行条件
    op: 定性
    target: 有效改善
    weight: 20
    actual: 明显改善
    score: 18
    deviation: 部分路段仍需改善
  - level1: 满意度指标
    level2: 服务对象满意度
    name: 群众满意度
    op: "≥"
    target: 90
    unit: "%"
    weight: 10
    actual: 95
    score: 10
"#
    );
    let water = site.read(&files[1]);
    assert!(water.contains("unit: czj\nbudget:\n  initial: \"50万元\"\n  adjusted: \"60万元\"\n  executed: \"60万元\"\n"), "{water}");
    assert!(water.contains("    score: 0.3\n"), "{water}");
    assert!(!water.contains("0000000"), "{water}");
    assert!(files.iter().all(|f| f.starts_with(SELF)));
}

#[test]
fn importing_again_gives_the_same_ids_and_bytes() {
    let site = Site::fixture("minimal");
    flat_self_evaluation().save(&site.path().join("自评.xlsx"));
    let first = import(&site, "自评.xlsx", "self_evaluation", &[]);
    let files = written(&first);
    let before: Vec<String> = files.iter().map(|f| site.read(f)).collect();
    let again = import(&site, "自评.xlsx", "self_evaluation", &["--force"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(written(&again), files);
    let after: Vec<String> = files.iter().map(|f| site.read(f)).collect();
    assert_eq!(before, after);
}

/// Printed goal forms, one per sheet: a project form, a 部门整体 form, and an instructions
/// sheet that is skipped.
fn goal_forms() -> Book {
    let mut b = Book::new();
    b.sheet(
        "填报说明",
        &["本表由预算管理一体化系统导出，请勿修改表头。"],
        &[],
    );
    b.sheet(
        "道路二期",
        &[
            "项目支出绩效目标表",
            "（2024年度）",
            "项目名称|乡村道路养护项目二期",
            "项目编码|652823230017||实施单位|测试县公路管理站",
            "主管部门|测试县交通运输局（301）",
            "项目资金（万元）|年度资金总额|#135.5",
            "|其中：财政拨款|#120",
            "|其他资金|15.50",
            "年度总体目标|完成 86 公里农村公路日常养护，路面完好率达到 90% 以上。",
            "绩效指标|一级指标|二级指标|三级指标|指标值",
            "|产出指标|数量指标|养护里程|≥86公里",
            "||时效指标|完工时间|≤30天",
            "|满意度指标|服务对象满意度指标|群众满意度|90%以上",
        ],
        &[
            "A1:F1", "A2:F2", "B3:F3", "B4:C4", "E4:F4", "B5:F5", "A6:A8", "C6:F6", "C7:F7",
            "C8:F8", "B9:F9", "A10:A13", "B11:B12", "E10:F10", "E11:F11", "E12:F12", "E13:F13",
        ],
    );
    b.sheet(
        "财政局",
        &[
            "部门整体支出绩效目标表",
            "（2024年度）",
            "部门（单位）名称|测试县财政局",
            "年度预算（万元）|资金总额|#300",
            "|财政拨款|#300",
            "|其他资金|#0",
            "年度总体目标|保障财政平稳运行",
            "绩效指标|一级指标|二级指标|三级指标|指标值",
            "|产出指标|时效指标|预算公开及时率|=100%",
            "|效益指标|社会效益指标|财政管理水平|稳步提升",
        ],
        &["A1:E1", "A2:E2", "B3:E3", "A4:A6", "A8:A10"],
    );
    b.sheet(
        "下拉选项",
        &[
            "一级指标|二级指标|三级指标",
            "产出指标|数量指标|",
            "效益指标|社会效益指标|",
        ],
        &[],
    )
    .hide("下拉选项");
    b
}

#[test]
fn printed_goal_forms_are_read_one_sheet_per_record() {
    let site = Site::fixture("minimal");
    goal_forms().save(&site.path().join("目标表.xlsx"));
    let run = import(&site, "目标表.xlsx", "goal", &[]);
    let files = imported(&site, &run);
    assert_eq!(
        files,
        [
            format!("{GOALS}/652823230017.yaml"),
            format!("{GOALS}/unit-czj.yaml")
        ]
    );
    assert!(
        run.stderr.contains("skipped sheet 填报说明"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.read(&files[0]),
        r#"# Imported by `gongkai import` from 目标表.xlsx, 道路二期!A1:F13.
id: "652823230017"
scope: project
project:
  code: "652823230017"
  name: 乡村道路养护项目二期
unit: jtj
funds:
  total: "135.5万元"
  fiscal: "120万元"
  other: "15.50万元"
objective: "完成 86 公里农村公路日常养护，路面完好率达到 90% 以上。"
indicators:
  - level1: 产出指标
    level2: 数量
    name: 养护里程
    op: "≥"
    target: 86
    unit: 公里
  - level1: 产出指标
    level2: 时效
    name: 完工时间
    op: "≤"
    target: 30
    unit: 天
  - level1: 满意度指标
    level2: 服务对象满意度
    name: 群众满意度
    op: "≥"
    target: 90
    unit: "%"
"#
    );
    let unit = site.read(&files[1]);
    assert!(unit.contains("scope: unit\nunit: czj\nfunds:\n  total: \"300万元\"\n  fiscal: \"300万元\"\n  other: \"0万元\"\nobjective: 保障财政平稳运行\n"), "{unit}");
    assert!(!unit.contains("project:"), "{unit}");
    assert!(
        unit.contains("    op: \"=\"\n    target: 100\n    unit: \"%\"\n"),
        "{unit}"
    );
    assert!(
        unit.contains("    op: 定性\n    target: 稳步提升\n"),
        "{unit}"
    );
}

/// A printed self-evaluation form: the 资金 block with 年初预算数/全年预算数/全年执行数 as
/// column headings, 预期目标/实际完成情况 below their headings, 总分 under the table.
pub fn self_evaluation_form(total: &str) -> Book {
    let mut b = Book::new();
    let total_row = format!("总分||||||#100|{total}");
    b.sheet(
        "自评表",
        &[
            "项目支出绩效自评表",
            "（2024年度）",
            "项目名称||乡村道路养护项目",
            "主管部门||测试县交通运输局||||实施单位||测试县公路管理站",
            "项目资金（万元）|||年初预算数|全年预算数|全年执行数|分值|执行率|得分",
            "||年度资金总额|#120|#135.5|#135.5|#10|%1|#10",
            "||其中：当年财政拨款|#120|#120|#120|—||—",
            "||其他资金|#0|#15.5|#15.5|—||—",
            "年度总体目标|预期目标||||实际完成情况",
            "|完成 86 公里养护||||完成 88 公里养护",
            "绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施",
            "|产出指标|数量指标|养护里程|≥86公里|88公里|#30|#30",
            "|效益指标|社会效益指标|群众出行条件|有效改善|明显改善|#30|#30",
            "|满意度指标|服务对象满意度指标|群众满意度|≥90%|%0.95|#30|#30",
            &total_row,
            "填报人：李四||||联系电话：0996-0000000",
        ],
        &[
            "A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:F4", "G4:H4", "A5:B8", "A9:A10",
            "B9:E9", "F9:I9", "B10:E10", "F10:I10", "A11:A14", "A15:F15",
        ],
    );
    b
}

#[test]
fn a_printed_self_evaluation_form_maps_the_budget_block_to_budget() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    self_evaluation_form("#100").save(&site.path().join("form.xlsx"));
    let run = import(&site, "form.xlsx", "self_evaluation", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(text.contains("budget:\n  initial: \"120万元\"\n  adjusted: \"135.5万元\"\n  executed: \"135.5万元\"\nobjective:\n  planned: \"完成 86 公里养护\"\n  actual: \"完成 88 公里养护\"\nindicators:\n"), "{text}");
    assert!(
        !text.contains("预算执行率") && !text.contains("执行率"),
        "{text}"
    );
    assert!(
        text.ends_with("    actual: 95\n    score: 30\nscore: 100\n"),
        "{text}"
    );
    assert_eq!(text.matches("  - level1:").count(), 3, "{text}");
}

#[test]
fn a_stated_total_that_differs_from_the_computed_one_is_a_warning() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    self_evaluation_form("#90").save(&site.path().join("form.xlsx"));
    let run = import(&site, "form.xlsx", "self_evaluation", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[W101]"), "{}", run.stderr);
    // the other three are W190: 实施单位 and the 财政拨款 and 其他资金 rows are not imported
    assert!(
        run.stderr.contains("imported 1 record, 4 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_csv_in_gb18030_with_units_by_short_name_is_read() {
    let site = Site::fixture("minimal");
    let csv = "\
2024年项目支出绩效目标表,,,,,,,,,
项目名称,项目编码,主管部门,年度资金总额(元),其中：财政拨款(元),其他资金(元),一级指标,二级指标,三级指标,指标值
农村饮水安全项目,,财政局,\"1,200,000.50\",1200000.5,0,产出指标,数量指标,新建供水站,≥3个
,,,,,,,质量指标,水质达标率,≥ 95 %
,,,,,,效益指标,,,
,,,,,,,社会效益,群众饮水条件,有效改善
";
    let (bytes, _, _) = encoding_rs::GB18030.encode(csv);
    std::fs::write(site.path().join("goals.csv"), &bytes).unwrap();
    let run = import(&site, "goals.csv", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(
        text.starts_with("# Imported by `gongkai import` from goals.csv, goals!A3:J6.\nid: p-"),
        "{text}"
    );
    assert!(text.contains("unit: czj\nfunds:\n  total: \"1200000.50元\"\n  fiscal: \"1200000.5元\"\n  other: \"0元\"\n"), "{text}");
    assert!(
        text.contains("  - level1: 效益指标\n    level2: 社会效益\n    name: 群众饮水条件\n"),
        "{text}"
    );
    assert!(text.contains("    level2: 质量\n    name: 水质达标率\n    op: \"≥\"\n    target: 95\n    unit: \"%\"\n"), "{text}");
}

#[test]
fn dry_run_checks_and_writes_nothing() {
    let site = Site::fixture("minimal");
    goal_forms().save(&site.path().join("目标表.xlsx"));
    let run = import(&site, "目标表.xlsx", "goal", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("would write {GOALS}/unit-czj.yaml")),
        "{}",
        run.stdout
    );
    assert!(!site.path().join(GOALS).join("unit-czj.yaml").exists());
}

#[test]
fn a_unit_wide_self_evaluation_has_no_project() {
    let site = Site::fixture("minimal");
    site.write(
        "部门整体.csv",
        "部门整体支出绩效自评表（2024年度）\n\
         部门名称,年初预算数,全年预算数,全年执行数,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n\
         财政局,300,320,310,产出指标,时效指标,预算公开及时率,=100%,100%,45,45,\n\
         ,,,,效益指标,社会效益指标,财政管理水平,稳步提升,稳步提升,45,45,\n",
    );
    let run = import(&site, "部门整体.csv", "self_evaluation", &[]);
    let files = imported(&site, &run);
    assert_eq!(files, [format!("{SELF}/unit-czj.yaml")]);
    let text = site.read(&files[0]);
    assert!(
        text.contains("id: unit-czj\nscope: unit\nunit: czj\nbudget:\n  initial: \"300万元\"\n"),
        "{text}"
    );
    assert!(!text.contains("project:"), "{text}");
    assert!(
        text.contains(
            "    op: \"=\"\n    target: 100\n    unit: \"%\"\n    weight: 45\n    actual: 100\n"
        ),
        "{text}"
    );
}

#[test]
fn a_two_row_heading_is_read_as_one() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "目标表",
        &[
            "项目名称|主管部门|项目资金（万元）|||一级指标|二级指标|三级指标|指标值|分值",
            "||年度资金总额|财政拨款|其他资金",
            "桥梁检测项目|测试县交通运输局|#40|#40|#0|产出指标|数量指标|检测桥梁|≥12座|#50",
            "|||||效益指标|可持续影响指标|桥梁安全运行|持续保障|#50",
        ],
        &[
            "A1:A2", "B1:B2", "C1:E1", "F1:F2", "G1:G2", "H1:H2", "I1:I2", "J1:J2", "A3:A4",
            "B3:B4", "C3:C4", "D3:D4", "E3:E4",
        ],
    );
    b.save(&site.path().join("two-rows.xlsx"));
    let run = import(&site, "two-rows.xlsx", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(
        text.contains("from two-rows.xlsx, 目标表!A3:J4.\n"),
        "{text}"
    );
    assert!(
        text.contains("funds:\n  total: \"40万元\"\n  fiscal: \"40万元\"\n  other: \"0万元\"\n"),
        "{text}"
    );
    assert!(text.contains("    level2: 可持续影响\n    name: 桥梁安全运行\n    op: 定性\n    target: 持续保障\n    weight: 50\n"), "{text}");
}

#[test]
fn units_and_comparisons_in_their_own_columns_are_joined_to_the_target() {
    let site = Site::fixture("minimal");
    site.write(
        "cols.csv",
        "项目名称,主管部门,年度资金总额,一级指标,二级指标,三级指标,运算符号,指标值,计量单位\n\
         桥梁检测项目,测试县交通运输局,40,产出指标,数量指标,检测桥梁,≥,12,座\n\
         ,,,,质量指标,检测合格率,>=,≥95%,%\n\
         ,,,效益指标,社会效益指标,通行条件,定性,明显改善,\n",
    );
    let run = import(&site, "cols.csv", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(
        text.contains("    op: \"≥\"\n    target: 12\n    unit: 座\n"),
        "{text}"
    );
    assert!(
        text.contains("    op: \"≥\"\n    target: 95\n    unit: \"%\"\n"),
        "{text}"
    );
    assert!(
        text.contains("    op: 定性\n    target: 明显改善\n"),
        "{text}"
    );
}

#[test]
fn a_form_saved_as_csv_with_its_amounts_under_their_headings() {
    let site = Site::fixture("minimal");
    site.write(
        "form.csv",
        "项目支出绩效目标表（2024年度）\n\
         项目名称,桥梁检测项目\n\
         主管部门,测试县交通运输局,实施单位,测试县公路管理站\n\
         项目资金（元）,年度资金总额,财政拨款,其他资金\n\
         ,400000,400000,0\n\
         年度总体目标,完成12座桥梁检测\n\
         绩效指标,一级指标,二级指标,三级指标,指标值\n\
         ,产出指标,数量指标,检测桥梁,≥12座\n\
         ,,时效指标,完成时间,2024年10月底前\n\
         备注：本表由系统导出\n",
    );
    let run = import(&site, "form.csv", "goal", &[]);
    let files = imported(&site, &run);
    let text = site.read(&files[0]);
    assert!(text.contains("from form.csv, form!A1:E9.\n"), "{text}");
    assert!(text.contains("unit: jtj\nfunds:\n  total: \"400000元\"\n  fiscal: \"400000元\"\n  other: \"0元\"\nobjective: 完成12座桥梁检测\n"), "{text}");
    assert!(
        text.contains(
            "    level2: 时效\n    name: 完成时间\n    op: 定性\n    target: \"2024年10月底前\"\n"
        ),
        "{text}"
    );
}
