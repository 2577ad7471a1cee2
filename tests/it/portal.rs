//! The portal (issue 18, item 7): the main navigation and its current section, the year
//! switcher, the comparison of the bodies of a year (each figure as the body's pages show it),
//! site.yaml `portal:` and its located errors, the 政府网站发展指引 meta tags (PubDate only
//! where a date is given), the favicon, and the sitemap without list views. The site-wide open
//! data (item 8) is tested in `portal_data`.

use crate::support::Site;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::process::Command;

pub(crate) fn built(site: &Site) -> &Site {
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

pub(crate) fn page(site: &Site, rel: &str) -> Html {
    Html::parse_document(&site.read(&format!("public/{rel}")))
}

pub(crate) fn all(doc: &Html, css: &str) -> Vec<(String, BTreeMap<String, String>)> {
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
        assert!(
            !shown.is_empty(),
            "{body}: the card of 2024 shows no figures"
        );
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
