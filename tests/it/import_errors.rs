//! Every way an import fails: exit code 1, the rule id, the spreadsheet as the path and the
//! cell's address in the message, and nothing written anywhere in the site.

use crate::import::import;
use crate::support::ReplaceChecked;
use crate::support::{Site, snapshot};
use crate::workbook::Book;

const HEAD: &str = "项目名称,主管部门,年初预算数,全年预算数,全年执行数,一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分,偏差原因分析及改进措施";

/// A self-evaluation CSV: the heading, then `rows`.
fn self_csv(site: &Site, rows: &[&str]) {
    let mut text = format!("{HEAD}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    site.write("se.csv", &text);
}

const GOOD: &str =
    "道路项目,测试县交通运输局,120,135.5,135.5,产出指标,数量指标,养护里程,≥86公里,88公里,90,90,";

/// The import of `file` fails with `rule`, and the message holds `text`; nothing is written.
fn fails(site: &Site, file: &str, kind: &str, extra: &[&str], rule: &str, text: &str) -> String {
    let before = snapshot(&site.path().join("content"));
    let run = import(site, file, kind, extra);
    assert_eq!(
        run.code, 1,
        "expected failure {rule}:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr.contains(&format!("error[{rule}]: ")),
        "expected {rule} in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(text),
        "expected {text:?} in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("--> {file}\n")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        snapshot(&site.path().join("content")),
        before,
        "the site changed"
    );
    run.stderr
}

#[test]
fn an_unreadable_file_is_e090() {
    let site = Site::fixture("minimal");
    site.write("old.xls", "not really a workbook");
    let err = fails(&site, "old.xls", "goal", &[], "E090", "old-style .xls");
    assert!(err.contains("save it as .xlsx"), "{err}");
    site.write("broken.xlsx", "PK but not a zip");
    fails(
        &site,
        "broken.xlsx",
        "goal",
        &[],
        "E090",
        "not a readable .xlsx workbook",
    );
    std::fs::write(site.path().join("u16.csv"), b"\xFF\xFEa\x00,\x00").unwrap();
    fails(&site, "u16.csv", "goal", &[], "E090", "UTF-16");
    site.write("notes.txt", "hello");
    fails(
        &site,
        "notes.txt",
        "goal",
        &[],
        "E090",
        "`.txt` files are not read",
    );
}

#[test]
fn a_missing_file_is_an_io_error() {
    let site = Site::fixture("minimal");
    let run = import(&site, "nowhere.xlsx", "goal", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("reading nowhere.xlsx"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::fixture("minimal");
    self_csv(&site, &[GOOD]);
    let run = site.run(&[
        "import", "se.csv", "--region", "nope", "--year", "2024", "--kind", "goal",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no region folder content/nope/ (regions: demo)"),
        "{}",
        run.stderr
    );
    let run = site.run(&[
        "import", "se.csv", "--region", "demo", "--year", "24", "--kind", "goal",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.run(&[
        "import", "se.csv", "--region", "demo", "--year", "2024", "--kind", "ex_ante",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn missing_columns_and_the_wrong_kind_are_e091() {
    let site = Site::fixture("minimal");
    site.write("g.csv", "项目名称,主管部门,年度资金总额,一级指标,二级指标,三级指标\n道路项目,测试县交通运输局,100,产出指标,数量,里程\n");
    fails(
        &site,
        "g.csv",
        "goal",
        &[],
        "E091",
        "g!A1:F1: the table has no column headed 指标值",
    );
    self_csv(&site, &[GOOD]);
    fails(
        &site,
        "se.csv",
        "goal",
        &[],
        "E091",
        "se!A1:M1: this table has 实际完成值 or 得分 columns",
    );
    site.write("g2.csv", "项目名称,主管部门,年度资金总额,一级指标,二级指标,三级指标,指标值\n道路项目,测试县交通运输局,100,产出指标,数量,里程,≥86公里\n");
    fails(
        &site,
        "g2.csv",
        "self_evaluation",
        &[],
        "E091",
        "this table has no 实际完成值 column",
    );
    site.write("empty.csv", "just,some,words\n");
    fails(
        &site,
        "empty.csv",
        "goal",
        &[],
        "E091",
        "no form or table was found in this file",
    );
}

#[test]
fn unreadable_cells_are_e092_with_their_address() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[
            "道路项目,测试县交通运输局,120,135.5,一百,产出指标,数量指标,养护里程,≥86公里,88公里,二十,20,",
            ",,,,,产品指标,数量,桥梁,≥2座,2座,10,10,",
            ",,,,,效益指标,社会效益,出行条件,有效改善,明显改善,10,,",
            ",,,,,满意度指标,满意度,群众满意度,≥90%,,10,10,",
            ",,,,,满意度指标,服务对象满意度,复核,,100%,10,10,",
        ],
    );
    let err = fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E092",
        "se!K2: 分值: \"二十\" is not a valid number",
    );
    for text in [
        "se!E2: 全年执行数: \"一百\" is not a valid amount of money",
        "se!F3: 一级指标: \"产品指标\" is not a known first-level indicator",
        "se!L4: 得分 is empty, and a qualitative (定性) indicator must state its score",
        "se!J5: 实际完成值 is empty",
        "se!G5: 二级指标: \"满意度\" is not a known second-level indicator",
        "se!I6: 指标值 is empty",
    ] {
        assert!(err.contains(text), "expected {text:?} in:\n{err}");
    }
    assert!(
        err.contains("help: did you mean 产出指标 (output)?"),
        "{err}"
    );
}

#[test]
fn an_unknown_unit_is_e093_and_lists_the_units() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[&GOOD.replace_checked("测试县交通运输局", "测试县教育局")],
    );
    let err = fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E093",
        "se!B2: 主管部门 \"测试县教育局\" is not a unit of 测试县 in content/demo/region.yaml",
    );
    assert!(
        err.contains("units: jtj 测试县交通运输局, czj 测试县财政局"),
        "{err}"
    );
}

#[test]
fn rows_that_disagree_and_a_wrong_year_are_e094() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[
            GOOD,
            "道路项目,测试县交通运输局,120,136,135.5,效益指标,社会效益,出行条件,有效改善,明显改善,10,10,",
        ],
    );
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E094",
        "se!D3: 全年预算数 \"136\" differs from \"135.5\" at se!D2 for the same record",
    );
    site.write(
        "y.csv",
        &format!("2023年度项目支出绩效自评表\n{HEAD}\n{GOOD}\n"),
    );
    fails(
        &site,
        "y.csv",
        "self_evaluation",
        &[],
        "E094",
        "y!A1: the title says 2023年, but --year is 2024",
    );
}

#[test]
fn a_unit_or_comparison_column_that_contradicts_the_target_is_e094() {
    let site = Site::fixture("minimal");
    site.write(
        "cols.csv",
        "项目名称,主管部门,年度资金总额,一级指标,二级指标,三级指标,运算符号,指标值,计量单位\n\
         桥梁检测项目,测试县交通运输局,40,产出指标,数量指标,检测桥梁,≤,≥12座,座\n\
         ,,,,质量指标,检测合格率,≥,95%,公里\n\
         ,,,,时效指标,完成时间,约,30,天\n",
    );
    let err = fails(
        &site,
        "cols.csv",
        "goal",
        &[],
        "E094",
        "cols!G2: 运算符号 \"≤\" contradicts the 指标值's ≥",
    );
    assert!(
        err.contains("cols!I3: 计量单位 \"公里\" contradicts the 指标值's unit %"),
        "{err}"
    );
    assert!(
        err.contains("error[E092]: cols!G4: 运算符号 \"约\" is not a comparison"),
        "{err}"
    );
}

#[test]
fn the_same_project_on_two_sheets_is_e094() {
    let site = Site::fixture("minimal");
    let form = &[
        "项目名称|道路项目",
        "主管部门|测试县交通运输局",
        "年度资金总额|#100",
        "一级指标|二级指标|三级指标|指标值",
        "产出指标|数量指标|里程|≥86公里",
    ];
    let mut b = Book::new();
    b.sheet("一", form, &[]).sheet("二", form, &[]);
    b.save(&site.path().join("two.xlsx"));
    fails(
        &site,
        "two.xlsx",
        "goal",
        &[],
        "E094",
        "二!A1:D5: this project has the same id `p-",
    );
}

#[test]
fn an_existing_record_is_e095_unless_forced_and_forcing_keeps_its_disclosure() {
    let site = Site::fixture("minimal");
    self_csv(&site, &[GOOD]);
    let first = import(&site, "se.csv", "self_evaluation", &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let file = first.stdout.split_whitespace().nth(1).unwrap().to_string();
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E095",
        &format!("{file} already exists"),
    );
    let withheld = site.read(&file).replace_checked(
        "scope: project\n",
        "disclosure: { status: 不予公开, reason: 敏感信息, public_title: 某项目自评 }\nscope: project\n",
    );
    site.write(&file, &withheld);
    let forced = import(&site, "se.csv", "self_evaluation", &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced.stdout.contains("replaced; disclosure kept"),
        "{}",
        forced.stdout
    );
    let text = site.read(&file);
    assert!(text.contains("disclosure:\n  status: \"不予公开\"\n  reason: \"敏感信息\"\n  public_title: \"某项目自评\"\n"), "{text}");
    assert_eq!(site.check().code, 0);
}

#[test]
fn an_id_taken_by_another_file_or_an_unreadable_record_is_e095() {
    let site = Site::fixture("minimal");
    self_csv(&site, &[GOOD]);
    let first = import(&site, "se.csv", "self_evaluation", &["--dry-run"]);
    let file = first.stdout.split_whitespace().nth(2).unwrap().to_string();
    let id = file
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".yaml")
        .to_string();
    let road = "content/demo/2024/self-evaluations/road.yaml";
    site.write(
        road,
        &site
            .read(road)
            .replace_checked("id: road", &format!("id: {id}")),
    );
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &["--force"],
        "E095",
        &format!("id `{id}` is already used by {road}"),
    );
    site.write(
        road,
        &site
            .read(road)
            .replace_checked(&format!("id: {id}"), "id: road"),
    );
    site.write(&file, "id: [unclosed\n");
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &["--force"],
        "E095",
        "exists but cannot be read, so its disclosure settings cannot be kept",
    );
}

#[test]
fn a_record_that_check_would_refuse_is_e096() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[&GOOD.replace_checked("90,90,", "90,90,[某公司]{redact 不存在}")],
    );
    let err = fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E096",
        "se!A2:M2: the record read here would not pass `gongkai check`",
    );
    assert!(err.contains("[E042]"), "{err}");
}

#[test]
fn one_bad_row_stops_every_record() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[
            GOOD,
            "饮水项目,测试县财政局,50,60,60,产出指标,数量,供水站,≥3个,3个,abc,90,",
        ],
    );
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &[],
        "E092",
        "se!K3: 分值: \"abc\" is not a valid number",
    );
}

#[test]
fn json_diagnostics_name_the_rule_and_the_spreadsheet() {
    let site = Site::fixture("minimal");
    self_csv(
        &site,
        &[&GOOD.replace_checked("测试县交通运输局", "教育局")],
    );
    let run = import(&site, "se.csv", "self_evaluation", &["--format", "json"]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().next().unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["rule"], "E093");
    assert_eq!(v["path"], "se.csv");
    assert!(
        v["message"].as_str().unwrap().starts_with("se!B2: "),
        "{line}"
    );
}

#[test]
fn a_damaged_workbook_is_e090_never_a_crash() {
    let site = Site::fixture("minimal");
    let mut b = Book::new();
    b.sheet(
        "表",
        &["项目名称|主管部门|年度资金总额|一级指标|二级指标|三级指标|指标值"],
        &[],
    );
    let whole = site.path().join("whole.xlsx");
    b.save(&whole);
    let bytes = std::fs::read(&whole).unwrap();
    for cut in [30, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        std::fs::write(site.path().join("cut.xlsx"), &bytes[..cut]).unwrap();
        fails(&site, "cut.xlsx", "goal", &[], "E090", "cut.xlsx");
    }
    let mut flipped = bytes.clone();
    for i in (200..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5A;
    }
    std::fs::write(site.path().join("cut.xlsx"), &flipped).unwrap();
    let run = import(&site, "cut.xlsx", "goal", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// A self-evaluation CSV of one project with these indicator rows (三级指标, 指标值, 实际完成值,
/// 分值).
fn indicators_csv(site: &Site, rows: &[(&str, &str, &str, &str)]) {
    let rows: Vec<String> = rows
        .iter()
        .map(|(name, target, actual, weight)| {
            format!("道路项目,测试县交通运输局,120,135.5,135.5,产出指标,数量指标,{name},{target},{actual},{weight},,")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    self_csv(site, &rows);
}

#[test]
fn forcing_keeps_a_withheld_indicator_field_with_its_indicator_when_a_row_is_inserted() {
    let site = Site::fixture("minimal");
    indicators_csv(
        &site,
        &[
            ("养护里程", "≥86公里", "88公里", "40"),
            ("桥梁检测", "≥12座", "17座", "20"),
        ],
    );
    let first = import(&site, "se.csv", "self_evaluation", &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let file = first.stdout.split_whitespace().nth(1).unwrap().to_string();
    let withheld = site.read(&file).replace_checked(
        "scope: project\n",
        "disclosure: { status: 部分公开, reason: 商业秘密, fields: [indicators.2.actual] }\nscope: project\n",
    );
    site.write(&file, &withheld);
    // The new sheet has a row above the withheld one.
    indicators_csv(
        &site,
        &[
            ("养护里程", "≥86公里", "88公里", "40"),
            ("路面修补", "≥30处", "31处", "10"),
            ("桥梁检测", "≥12座", "17座", "20"),
        ],
    );
    let forced = import(&site, "se.csv", "self_evaluation", &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let text = site.read(&file);
    assert!(
        text.contains("  fields: [\"indicators.3.actual\"]\n"),
        "{text}"
    );
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    let id = file.rsplit('/').next().unwrap().trim_end_matches(".yaml");
    let page = site.read(&format!(
        "public/demo/2024/self-evaluations/{id}/index.html"
    ));
    assert!(
        page.contains(">31处<"),
        "the inserted row's actual value is public"
    );
    assert!(!page.contains("17座"), "the withheld actual value is not");
}

#[test]
fn forcing_refuses_when_the_withheld_indicator_is_gone_or_the_old_file_has_markers() {
    let site = Site::fixture("minimal");
    indicators_csv(
        &site,
        &[
            ("养护里程", "≥86公里", "88公里", "40"),
            ("桥梁检测", "≥12座", "17座", "20"),
        ],
    );
    let first = import(&site, "se.csv", "self_evaluation", &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let file = first.stdout.split_whitespace().nth(1).unwrap().to_string();
    let original = site.read(&file);
    site.write(&file, &original.replace_checked(
        "scope: project\n",
        "disclosure: { status: 部分公开, reason: 商业秘密, fields: [indicators.2.actual] }\nscope: project\n",
    ));
    indicators_csv(
        &site,
        &[
            ("养护里程", "≥86公里", "88公里", "40"),
            ("路面修补", "≥30处", "31处", "10"),
        ],
    );
    let stderr = fails(
        &site,
        "se.csv",
        "self_evaluation",
        &["--force"],
        "E095",
        &format!(
            "`indicators.2.actual` in the disclosure.fields of {file} points at indicator 2 of the file, \"桥梁检测\", but no indicator of the spreadsheet has that name"
        ),
    );
    assert!(!stderr.contains("17"), "{stderr}");
    // A withheld phrase in the old file would be replaced by the sheet's plain text.
    site.write(
        &file,
        &original.replace_checked("name: 养护里程", "name: \"[养护里程]{redact 商业秘密}\""),
    );
    indicators_csv(
        &site,
        &[
            ("养护里程", "≥86公里", "88公里", "40"),
            ("桥梁检测", "≥12座", "17座", "20"),
        ],
    );
    fails(
        &site,
        "se.csv",
        "self_evaluation",
        &["--force"],
        "E095",
        "withholds text inline",
    );
}

/// `import --force` keeps `disclosure.linked` (the author's acceptance that the project is
/// named in the withheld register) along with the rest of `disclosure`.
#[test]
fn forcing_keeps_the_linked_flag() {
    let site = Site::fixture("minimal");
    indicators_csv(&site, &[("养护里程", "≥86公里", "88公里", "40")]);
    let first = import(&site, "se.csv", "self_evaluation", &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let file = first.stdout.split_whitespace().nth(1).unwrap().to_string();
    let withheld = site.read(&file).replace_checked(
        "scope: project\n",
        "disclosure: { status: 不予公开, reason: 商业秘密, linked: true }\nscope: project\n",
    );
    site.write(&file, &withheld);
    let forced = import(&site, "se.csv", "self_evaluation", &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let text = site.read(&file);
    assert!(text.contains("  linked: true\n"), "{text}");
}
