//! The site-wide open data (issue 18, item 8): each file the union of the yearly files, headed
//! in the site's language with units, the JSON's keys stable, ids as text cells in the
//! workbook, every file described in datapackage.json; and nothing withheld in any of them.

use crate::portal::built;
use crate::support::Site;
use serde_json::Value;
use std::collections::BTreeMap;

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.read(&format!("public/{rel}"))).unwrap()
}

/// The datapackage's resources, by path.
fn resources(site: &Site) -> BTreeMap<String, Value> {
    let pkg = json(site, "data/datapackage.json");
    pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

/// Each site-wide JSON is the yearly JSON files of its kind, one after another (bodies and
/// years in the site's order), each row with its body's id and name and its year in front;
/// the CSV has as many rows.
#[test]
fn site_wide_files_are_the_union_of_the_yearly_files() {
    let site = Site::example();
    built(&site);
    let res = resources(&site);
    let mut checked = 0;
    for stem in [
        "goals",
        "ex-ante",
        "monitoring",
        "self-evaluations",
        "evaluations",
        "goals-indicators",
        "self-evaluations-indicators",
    ] {
        let bulk = json(&site, &format!("data/{stem}.json"));
        let bulk_rows = bulk["rows"].as_array().unwrap();
        let regions = json(&site, "data/regions.json");
        let mut want: Vec<Value> = Vec::new();
        for r in regions["rows"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            for year in r["years"].as_str().unwrap().split(' ') {
                let p = site
                    .path()
                    .join(format!("public/data/{id}/{year}/{stem}.json"));
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                let yearly: Value = serde_json::from_str(&text).unwrap();
                for row in yearly["rows"].as_array().unwrap() {
                    let mut o = serde_json::Map::new();
                    o.insert("region_id".into(), id.into());
                    o.insert("region".into(), r["name"].clone());
                    o.insert("year".into(), year.parse::<i64>().unwrap().into());
                    o.extend(row.as_object().unwrap().clone());
                    want.push(Value::Object(o));
                }
            }
        }
        assert!(!want.is_empty(), "{stem}");
        assert_eq!(bulk_rows, &want, "{stem}");
        let csv = site.read(&format!("public/data/{stem}.csv"));
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(reader.records().count(), want.len(), "{stem}.csv");
        // Described: CSV headers are the fields' names, JSON keys their `key`.
        let r = &res[&format!("{stem}.csv")];
        let fields = r["schema"]["fields"].as_array().unwrap();
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, names, "{stem}");
        // (serde_json's map sorts its keys: compare them as sets.)
        let mut keys: Vec<&str> = fields.iter().map(|f| f["key"].as_str().unwrap()).collect();
        keys.sort_unstable();
        let json_keys: Vec<&str> = bulk_rows[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, json_keys, "{stem}");
        let alternates: Vec<&str> = r["alternates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["path"].as_str().unwrap())
            .collect();
        assert_eq!(alternates, [format!("{stem}.json"), format!("{stem}.xlsx")]);
        checked += 1;
    }
    assert_eq!(checked, 7);
}

/// Every CSV under data/ is a resource of the descriptor (and every site-wide JSON and workbook
/// an alternate of one).
#[test]
fn the_datapackage_describes_every_data_file() {
    let site = Site::example();
    built(&site);
    let res = resources(&site);
    let alternates: Vec<String> = res
        .values()
        .flat_map(|r| r["alternates"].as_array().cloned().unwrap_or_default())
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect();
    let data = site.path().join("public/data");
    for e in walkdir::WalkDir::new(&data) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&data)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".csv") {
            assert!(res.contains_key(&rel), "{rel} is not described");
        }
        if !rel.contains('/')
            && (rel.ends_with(".xlsx")
                || (rel.ends_with(".json")
                    && ![
                        "datapackage.json",
                        "manifest.json",
                        "regions.json",
                        "withheld.json",
                    ]
                    .contains(&rel.as_str())))
        {
            assert!(alternates.contains(&rel), "{rel} is not described");
        }
    }
}

fn headers(site: &Site, stem: &str) -> Vec<String> {
    let csv = site.read(&format!("public/data/{stem}.csv"));
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    reader.headers().unwrap().iter().map(String::from).collect()
}

#[test]
fn headers_are_chinese_in_the_chinese_site_and_english_in_the_english_one() {
    let site = Site::fixture("minimal");
    built(&site);
    let unique = |site: &Site| {
        for stem in [
            "goals",
            "ex-ante",
            "monitoring",
            "self-evaluations",
            "evaluations",
        ] {
            let h = headers(site, stem);
            let mut seen = h.clone();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), h.len(), "{stem}: a header twice in {h:?}");
        }
    };
    unique(&site);
    let zh = headers(&site, "goals");
    for want in ["公开主体", "年度", "项目代码", "资金总额（万元）"] {
        assert!(zh.iter().any(|h| h == want), "{want} not in {zh:?}");
    }
    assert!(!zh.iter().any(|h| h == "funds_total"));
    let yaml = site
        .read("site.yaml")
        .replace("language: zh-CN", "language: en");
    site.write("site.yaml", &yaml);
    built(&site);
    unique(&site);
    let en = headers(&site, "goals");
    assert!(
        en.iter()
            .any(|h| h.starts_with("Total funds") && h.ends_with("(10,000 yuan)")),
        "{en:?}"
    );
    assert!(
        en.iter().all(|h| h.is_ascii() || h.contains('万')),
        "{en:?}"
    );
    // The JSON keys are the same in both languages.
    let keys = json(&site, "data/goals.json")["rows"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    assert!(
        keys.contains(&"funds_total".to_string()) && keys.contains(&"project_code".to_string())
    );
}

/// The workbook's ids and project codes are text cells: Excel shows 652700240049 as written.
#[test]
fn workbook_ids_and_codes_are_text_cells() {
    use calamine::{Data, Reader, Xlsx};
    let site = Site::example();
    built(&site);
    let mut wb: Xlsx<_> =
        calamine::open_workbook(site.path().join("public/data/goals.xlsx")).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(head, headers(&site, "goals"));
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (code, money, year) = (col("项目代码"), col("资金总额（万元）"), col("年度"));
    let mut codes = 0;
    for r in &rows[1..] {
        match &r[code] {
            Data::String(s) => {
                assert!(
                    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                    "{s}"
                );
                codes += 1;
            }
            Data::Empty => {}
            other => panic!("a project code is not text: {other:?}"),
        }
        assert!(
            matches!(r[year], Data::Float(_) | Data::Int(_)),
            "{:?}",
            r[year]
        );
        assert!(
            matches!(r[money], Data::Float(_) | Data::Int(_) | Data::Empty),
            "{:?}",
            r[money]
        );
    }
    assert!(codes > 5, "{codes}");
    assert!(matches!(rows[1][col("标识")], Data::String(_)));
}

/// A 部分公开 goal withholds its amount and project code: neither appears in any site-wide
/// file, nor inside the workbooks (unpacked), nor on the 数据下载 or comparison pages.
#[test]
fn attack_withheld_amount_and_code_appear_in_no_bulk_file() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/summary.yaml");
    site.write(
        "content/demo/2024/goals/secret.yaml",
        "id: secret\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [funds.total, project.code] }\nscope: project\nproject: { name: 机密设备采购项目, code: \"659001249999\" }\nunit: jtj\nfunds: { total: \"4321.77万元\" }\nobjective: 完成设备采购。\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 设备数量, op: \"≥\", target: 3, unit: 台, weight: 30 }\n",
    );
    built(&site);
    let secrets = ["659001249999", "4321.77", "43217700", "4,321.77"];
    let public = site.path().join("public");
    let mut read = 0;
    for e in walkdir::WalkDir::new(&public) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let site_wide = rel.starts_with("data/") && rel.matches('/').count() == 1;
        let portal_page = ["compare/", "bodies/", "sitemap/", "data/index.html"]
            .iter()
            .any(|p| rel.starts_with(p));
        if !e.file_type().is_file() || !(site_wide || portal_page) {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let mut texts = vec![String::from_utf8_lossy(&bytes).into_owned()];
        if rel.ends_with(".xlsx") {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for n in 0..z.len() {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut z.by_index(n).unwrap(), &mut s).unwrap();
                texts.push(s);
            }
        }
        for t in &texts {
            for s in secrets {
                assert!(!t.contains(s), "{s} in {rel}");
            }
        }
        read += 1;
    }
    assert!(read > 15, "{read} files read");
    // The record is there, with its amount and code empty.
    let rows = json(&site, "data/goals.json");
    let row = rows["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "secret")
        .unwrap();
    assert_eq!(row["funds_total"], Value::Null);
    assert_eq!(row["project_code"], Value::Null);
    assert_eq!(row["withheld_fields"], "project_code funds_total");
}
