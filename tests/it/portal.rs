//! The portal (issue 18, items 7 and 8): the main navigation and its current section, the year
//! switcher, the comparison of the bodies of a year (each figure as the body's pages show it),
//! site.yaml `portal:` and its located errors, the 政府网站发展指引 meta tags (PubDate only
//! where a date is given), the favicon, the sitemap without list views, and the site-wide open
//! data: the union of the yearly files, headed in the site's language, ids as text cells in
//! the workbook, every file described; and nothing withheld in any of them.

use crate::support::Site;
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;

fn built(site: &Site) -> &Site {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

fn page(site: &Site, rel: &str) -> Html {
    Html::parse_document(&site.read(&format!("public/{rel}")))
}

fn all(doc: &Html, css: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| {
            let attrs = e
                .value()
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let text = e.text().collect::<String>();
            (text.split_whitespace().collect::<Vec<_>>().join(" "), attrs)
        })
        .collect()
}

fn meta(doc: &Html, name: &str) -> Option<String> {
    let found = all(doc, &format!("meta[name=\"{name}\"]"));
    found.first().map(|(_, a)| a["content"].clone())
}

/// The minimal site with a copy of its 2024 records as 2023's.
fn two_years() -> Site {
    let site = Site::fixture("minimal");
    let from = site.path().join("content/demo/2024");
    for e in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&from).unwrap();
        let dest = site.path().join("content/demo/2023").join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            let t = std::fs::read_to_string(e.path()).unwrap();
            std::fs::write(&dest, t.replace("2024-", "2023-").replace("2025-", "2024-")).unwrap();
        }
    }
    site
}

#[test]
fn the_year_switcher_links_every_year_and_marks_the_current_one() {
    let site = two_years();
    built(&site);
    let year = page(&site, "demo/2024/index.html");
    let links = all(&year, "nav.year-switch li a");
    let got: Vec<(&str, &str, Option<&str>)> = links
        .iter()
        .map(|(t, a)| {
            let current = a.get("aria-current").map(String::as_str);
            (t.as_str(), a["href"].as_str(), current)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2024年度", "../../demo/2024/", Some("page")),
            ("2023年度", "../../demo/2023/", None)
        ]
    );
    let compare = all(&year, "nav.year-switch a.year-compare");
    assert_eq!(compare[0].1["href"], "../../compare/2024/");
    let body = page(&site, "demo/index.html");
    let links = all(&body, "nav.year-switch li a");
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|(_, a)| !a.contains_key("aria-current")));
}

#[test]
fn the_main_navigation_has_bodies_data_and_search_and_marks_the_current_section() {
    let site = Site::fixture("minimal");
    built(&site);
    let nav = |rel: &str| -> Vec<(String, String)> {
        all(&page(&site, rel), "nav.site-nav a")
            .into_iter()
            .map(|(t, a)| (t, a.get("aria-current").cloned().unwrap_or_default()))
            .collect()
    };
    let home = nav("index.html");
    let titles: Vec<&str> = home.iter().map(|(t, _)| t.as_str()).collect();
    for want in ["首页", "公开主体", "数据下载", "搜索"] {
        assert!(titles.contains(&want), "{titles:?}");
    }
    let current = |n: &[(String, String)]| -> Vec<(String, String)> {
        n.iter().filter(|(_, c)| !c.is_empty()).cloned().collect()
    };
    assert_eq!(current(&home), [("首页".into(), "page".into())]);
    assert_eq!(
        current(&nav("data/index.html")),
        [("数据下载".into(), "page".into())]
    );
    assert_eq!(
        current(&nav("bodies/index.html")),
        [("公开主体".into(), "page".into())]
    );
    assert_eq!(
        current(&nav("demo/2024/goals/road/index.html")),
        [("公开主体".into(), "true".into())]
    );
    assert_eq!(
        current(&nav("compare/2024/index.html")),
        [("公开主体".into(), "true".into())]
    );
    // The comparison is linked from the home page and the 公开主体 page.
    let home = page(&site, "index.html");
    assert!(
        all(&home, "p.compare-link a")
            .iter()
            .any(|(_, a)| a["href"] == "compare/2024/")
    );
    let map = site.read("public/sitemap/index.html");
    for want in [
        "../demo/2024/",
        "../demo/2024/goals/",
        "../compare/2024/",
        "../data/",
    ] {
        assert!(
            map.contains(&format!("href=\"{want}\"")),
            "网站地图 lacks {want}"
        );
    }
}

/// Each cell of the comparison is the figure the body's page shows for that year, with the
/// same stated or computed label.
#[test]
fn the_comparison_shows_each_bodys_figures_as_its_pages_show_them() {
    let site = Site::example();
    built(&site);
    let cmp = page(&site, "compare/2024/index.html");
    let heads: Vec<String> = all(&cmp, "table.compare-table thead th")
        .into_iter()
        .skip(1)
        .map(|(t, _)| t)
        .collect();
    let row_sel = Selector::parse("table.compare-table tbody tr").unwrap();
    let a_sel = Selector::parse("th a").unwrap();
    let td_sel = Selector::parse("td").unwrap();
    let mut rows = 0;
    for tr in cmp.select(&row_sel) {
        rows += 1;
        let href = tr
            .select(&a_sel)
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        let body = href.trim_start_matches("../../").split('/').next().unwrap();
        let card = page(&site, &format!("{body}/index.html"));
        let figures: BTreeMap<String, String> = all(&card, "#year-2024 ~ dl.stats div.stat")
            .into_iter()
            .chain(all(&card, "article.year-card div.stat").into_iter().take(0))
            .map(|(t, _)| (t.clone(), t))
            .collect();
        let card_sel = Selector::parse("article.year-card").unwrap();
        let stat_sel = Selector::parse("div.stat").unwrap();
        let dt_sel = Selector::parse("dt").unwrap();
        let dd_sel = Selector::parse("dd").unwrap();
        let card_2024 = card
            .select(&card_sel)
            .find(|c| {
                c.select(&Selector::parse("h3#year-2024").unwrap())
                    .next()
                    .is_some()
            })
            .expect("the body's page has a card of 2024");
        let shown: BTreeMap<String, String> = card_2024
            .select(&stat_sel)
            .map(|s| {
                let t = |sel: &Selector| {
                    let e = s.select(sel).next().unwrap();
                    e.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (t(&dt_sel), t(&dd_sel))
            })
            .collect();
        assert!(figures.is_empty() || !shown.is_empty());
        for (head, td) in heads.iter().zip(tr.select(&td_sel)) {
            let cell: String = td
                .text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            match shown.get(head) {
                Some(v) => assert_eq!(&cell, v, "{body} {head}"),
                None => assert!(cell == "— 无" || cell == "—无", "{body} {head}: {cell}"),
            }
        }
        // Every figure the card shows is in the comparison.
        for k in shown.keys() {
            assert!(heads.contains(k), "{body}: {k} missing from the comparison");
        }
    }
    assert!(rows >= 2, "the example has at least two bodies in 2024");
}

fn portal_site() -> Site {
    let site = Site::fixture("minimal");
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!(
            "{yaml}footer: {{ site_code: \"6500000001\", icp: 新ICP备00000000号-1, police: 新公网安备65000000000000号 }}\nportal:\n  logo: images/dzjg.svg\n  logo_link: https://bszs.conac.cn/sitename?method=show&id=1\n  error_report: https://zfwzzc.www.gov.cn/check_web/errorInfo?sitecode=6500000001\n"
        ),
    );
    site.write(
        "static/images/dzjg.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 6\"/>",
    );
    site
}

#[test]
fn site_yaml_portal_keys_and_the_meta_tags_render() {
    let site = portal_site();
    built(&site);
    let home = page(&site, "index.html");
    let logo = all(&home, "footer .gov-mark a img");
    assert_eq!(logo[0].1["src"], "images/dzjg.svg");
    assert_eq!(logo[0].1["alt"], "党政机关网站标识");
    let links: Vec<String> = all(&home, "footer a")
        .into_iter()
        .map(|(_, a)| a["href"].clone())
        .collect();
    for want in [
        "https://bszs.conac.cn/sitename?method=show&id=1",
        "https://zfwzzc.www.gov.cn/check_web/errorInfo?sitecode=6500000001",
        "https://beian.miit.gov.cn/",
        "https://beian.mps.gov.cn/#/query/webSearch?code=65000000000000",
        "sitemap/",
    ] {
        assert!(links.iter().any(|l| l == want), "{want} not in {links:?}");
    }
    assert!(site.path().join("public/images/dzjg.svg").is_file());
    assert_eq!(meta(&home, "SiteName").unwrap(), "测试县预算绩效信息公开");
    assert_eq!(meta(&home, "SiteDomain").unwrap(), "example.gov.cn");
    assert_eq!(meta(&home, "SiteIDCode").unwrap(), "6500000001");
    assert_eq!(meta(&home, "ColumnName").unwrap(), "首页");
    assert_eq!(meta(&home, "ArticleTitle"), None);
    let rec = page(&site, "demo/2024/goals/road/index.html");
    assert_eq!(meta(&rec, "ColumnName").unwrap(), "绩效目标");
    assert!(
        meta(&rec, "ArticleTitle")
            .unwrap()
            .contains("乡村道路养护项目")
    );
}

/// PubDate only where the record gives its date: the evaluation says `published_on`, the goal
/// says none, and no date is made up for it.
#[test]
fn pub_date_only_where_a_record_gives_a_date() {
    let site = Site::fixture("minimal");
    built(&site);
    let eval = page(&site, "demo/2024/evaluations/road-eval/index.html");
    assert_eq!(meta(&eval, "PubDate").unwrap(), "2025-06-30");
    let goal = page(&site, "demo/2024/goals/road/index.html");
    assert_eq!(meta(&goal, "PubDate"), None);
    assert_eq!(meta(&page(&site, "index.html"), "PubDate"), None);
}

fn run_lang(site: &Site, lang: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", lang, "check", "."])
        .current_dir(site.path())
        .env("CI", "true")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_portal_values_are_located_errors_in_both_languages() {
    let site = Site::fixture("minimal");
    let yaml = site.read("site.yaml");
    let lines = yaml.lines().count();
    site.write(
        "site.yaml",
        &format!(
            "{yaml}portal:\n  logo: images/none.png\n  logo_link: conac.cn\n  error_report: \"javascript:alert(1)\"\n"
        ),
    );
    let (code, zh) = run_lang(&site, "zh");
    assert_ne!(code, 0);
    for want in [
        format!("site.yaml:{}:9", lines + 2),
        format!("site.yaml:{}:14", lines + 3),
        format!("site.yaml:{}:17", lines + 4),
        "static/ 中没有 `images/none.png` 这个文件".into(),
        "`conac.cn` 不是以 http:// 或 https:// 开头的完整网址".into(),
    ] {
        assert!(zh.contains(&want), "{want} not in:\n{zh}");
    }
    let (_, en) = run_lang(&site, "en");
    for want in [
        "there is no file `images/none.png` in static/",
        "`javascript:alert(1)` is not a full address starting with http:// or https://",
    ] {
        assert!(en.contains(want), "{want} not in:\n{en}");
    }
    // Not an image; a link without a mark.
    site.write("static/a.txt", "x");
    site.write("site.yaml", &format!("{yaml}portal:\n  logo: a.txt\n"));
    let (_, en) = run_lang(&site, "en");
    assert!(en.contains("`a.txt` is not an image file"), "{en}");
    site.write(
        "site.yaml",
        &format!("{yaml}portal:\n  logo_link: https://x.cn/\n"),
    );
    let (_, zh) = run_lang(&site, "zh");
    assert!(zh.contains("却没有写 `portal.logo`"), "{zh}");
}

#[test]
fn the_favicon_is_the_themes_unless_the_site_has_its_own() {
    let site = Site::fixture("minimal");
    built(&site);
    let icon =
        |s: &Site| all(&page(s, "demo/2024/index.html"), "link[rel=icon]")[0].1["href"].clone();
    let theme = icon(&site);
    assert!(
        theme.starts_with("../../assets/favicon.") && theme.ends_with(".svg"),
        "{theme}"
    );
    let file = site
        .path()
        .join("public")
        .join(theme.trim_start_matches("../../"));
    assert!(std::fs::read_to_string(file).unwrap().starts_with("<svg"));
    site.write("static/favicon.ico", "ico");
    site.write(
        "site.yaml",
        &format!("{}static_checked: [favicon.ico]\n", site.read("site.yaml")),
    );
    built(&site);
    assert_eq!(icon(&site), "../../favicon.ico");
}

#[test]
fn the_sitemap_leaves_out_list_views_whose_canonical_is_the_list() {
    let site = Site::example();
    built(&site);
    let map = site.read("public/sitemap.xml");
    let base = "https://www.example.gov.cn/yjgk/";
    let mut views = 0;
    for e in walkdir::WalkDir::new(site.path().join("public")) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(site.path().join("public")).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with("index.html") {
            continue;
        }
        let doc = page(&site, &rel);
        let Some((_, canon)) = all(&doc, "link[rel=canonical]").into_iter().next() else {
            continue;
        };
        let url = format!("{base}{}", rel.trim_end_matches("index.html"));
        let listed = map.contains(&format!("<loc>{url}</loc>"));
        if canon["href"] == url {
            assert!(
                listed,
                "{url} is its own canonical page but not in sitemap.xml"
            );
        } else {
            views += 1;
            assert!(!listed, "{url} is a view but in sitemap.xml");
            // A view's canonical page is its list: the URL without its last segment.
            let list = url.trim_end_matches('/').rsplit_once('/').unwrap().0;
            assert_eq!(canon["href"], format!("{list}/"), "{url}");
            assert!(map.contains(&format!("<loc>{list}/</loc>")));
        }
    }
    assert!(
        views > 10,
        "the example has sorted and filtered views ({views})"
    );
    for page in ["compare/2024/", "bodies/", "sitemap/", "data/"] {
        assert!(map.contains(&format!("<loc>{base}{page}</loc>")), "{page}");
    }
}

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
