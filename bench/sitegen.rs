//! A generated site of any size, for benchmarks: regions × years × records of every kind,
//! with some 部分公开 and 不予公开 records. Deterministic: the same `records` gives the same
//! files. The benchmarks use it as `#[path = "sitegen.rs"] mod sitegen;`.

/// Write a site with about `records` records into `dir`; returns the path of one goal record.
pub fn generate(dir: &std::path::Path, records: usize) -> std::path::PathBuf {
    let years = [2020, 2021, 2022, 2023, 2024];
    let per_year = 200usize;
    let regions = records.div_ceil(per_year * years.len()).max(1);
    let write = |rel: String, text: String| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "site.yaml".into(),
        "title: 基准测试站点\nbase_url: https://example.gov.cn/yjgk/\nlanguage: zh-CN\nmoney_unit: 万元\nowner: 基准财政局\n".into(),
    );
    let mut n = 0;
    let mut first = None;
    'outer: for r in 0..regions {
        let region = format!("r{r:03}");
        write(
            format!("content/{region}/region.yaml"),
            format!(
                "name: 第{r}县\nlevel: 县\nunits:\n  - {{ id: jtj, name: 第{r}县交通运输局 }}\n  - {{ id: czj, name: 第{r}县财政局 }}\n"
            ),
        );
        for y in years {
            for i in 0..per_year {
                if n == records {
                    break 'outer;
                }
                let (folder, text) = record(&region, y, i);
                let rel = format!("content/{region}/{y}/{folder}/p{i:04}.yaml");
                if first.is_none() && folder == "goals" {
                    first = Some(dir.join(&rel));
                }
                write(rel, text);
                n += 1;
            }
        }
    }
    first.unwrap()
}

fn disclosure(i: usize, field: &str) -> String {
    match i % 20 {
        7 => "disclosure: { status: 不予公开, reason: 工作秘密 }\n".into(),
        11 => format!("disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [{field}] }}\n"),
        _ => String::new(),
    }
}

fn record(region: &str, y: i32, i: usize) -> (&'static str, String) {
    // Names are unique, so that a withheld record's texts appear nowhere else.
    let name = format!("{region}县{y}年第{i}号民生项目");
    let amount = 100 + (i * 37) % 900;
    match i % 20 {
        0..=7 => (
            "goals",
            format!(
                "id: p{i:04}\nscope: project\nproject: {{ name: {name} }}\nunit: jtj\nfunds: {{ total: \"{amount}万元\" }}\nobjective: 完成{name}年度任务。\nindicators:\n  - {{ level1: 产出指标, level2: 数量, name: {name}完成数量, op: \"≥\", target: {t}, unit: 个, weight: 40 }}\n  - {{ level1: 效益指标, level2: 社会效益, name: {name}受益情况, op: 定性, target: 有效改善, weight: 30 }}\n  - {{ level1: 满意度指标, level2: 服务对象满意度, name: {name}满意度, op: \"≥\", target: 90, unit: \"%\", weight: 20 }}\n{d}",
                t = 10 + i % 50,
                d = disclosure(i, "objective")
            ),
        ),
        8..=9 => (
            "ex-ante",
            format!(
                "id: p{i:04}\nproject: {{ name: {name} }}\nunit: czj\nrequested: \"{amount}万元\"\napproved: \"{a}万元\"\nconclusion: 部分支持\n{d}",
                a = amount - 50,
                d = disclosure(i, "score")
            ),
        ),
        10..=13 => (
            "monitoring",
            format!(
                "id: p{i:04}\nnode: {y}-08\nscope: project\nproject: {{ name: {name} }}\nunit: jtj\nbudget: \"{amount}万元\"\nexecuted: \"{e}万元\"\n{d}",
                e = amount / 2,
                d = disclosure(i, "deviation")
            ),
        ),
        14..=18 => (
            "self-evaluations",
            format!(
                "id: p{i:04}\nscope: project\nproject: {{ name: {name} }}\nunit: jtj\nbudget: {{ initial: \"{amount}万元\", adjusted: \"{amount}万元\", executed: \"{e}万元\" }}\nindicators:\n  - {{ level1: 产出指标, level2: 数量, name: 完成数量, op: \"≥\", target: 20, unit: 个, weight: 50, actual: 20 }}\n  - {{ level1: 满意度指标, level2: 服务对象满意度, name: 群众满意度, op: \"≥\", target: 90, unit: \"%\", weight: 40, actual: 95 }}\n{d}",
                e = amount - 10,
                d = disclosure(i, "indicators.1.actual")
            ),
        ),
        _ => (
            "evaluations",
            format!(
                "id: p{i:04}\ntype: 部门评价\ntitle: {name}绩效评价报告\nsubject: {{ project: {{ name: {name} }} }}\nunit: jtj\nfunds: \"{amount}万元\"\nscore: 86\ngrade: 良\nbody: |\n  ## 一、基本情况\n\n  {name}按计划实施。\n"
            ),
        ),
    }
}
