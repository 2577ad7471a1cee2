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
