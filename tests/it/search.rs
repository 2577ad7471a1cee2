//! Search: every page has a search box that leads to the search page, and the search page
//! loads its script and index from the site itself; what people type (flags, grades,
//! conclusions, amounts with or without separators, codes, synonyms) finds the record, read
//! from the published index files the way search.js reads them; a withheld fact is in no file
//! of the index; bad synonyms in site.yaml stop the build.

use crate::support::{Site, snapshot};
use gongkai::format::search::postings::decode;
use gongkai::format::search::tokens::query_tokens;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn every_page_has_a_search_box_leading_to_the_search_page() {
    let site = Site::fixture("minimal");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let files = snapshot(&out);
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let depth = path.matches('/').count();
        let action = format!("action=\"{}search/\"", "../".repeat(depth));
        assert!(
            html.contains(&action)
                && html.contains("role=\"search\"")
                && html.contains("name=\"q\""),
            "{path} has no search box leading to search/"
        );
    }
    assert!(pages > 5);
    let search = String::from_utf8_lossy(
        &files
            .iter()
            .find(|(p, _)| p == "search/index.html")
            .expect("a search page")
            .1,
    )
    .into_owned();
    for (attr, start) in [
        ("src", "../assets/search."),
        ("data-meta", "../search/meta."),
    ] {
        let needle = format!("{attr}=\"{start}");
        let at = search
            .find(&needle)
            .unwrap_or_else(|| panic!("no {needle}"));
        let value = &search[at + attr.len() + 2..];
        let rel = &value[..value.find('"').unwrap()];
        assert!(
            out.join("search").join(rel).is_file(),
            "{rel} is not published"
        );
    }
    assert!(search.contains("<noscript>") && search.contains("href=\"../demo/2024/\""));
    let text = String::from_utf8_lossy(&std::fs::read(out.join("404.html")).unwrap()).into_owned();
    assert!(
        text.contains("action=\"/yjgk/search/\""),
        "the 404 page links by the site's path"
    );
}

/// The minimal fixture with records people search for: a heating project of 1,162.12万元 with a
/// red flag, a unit of the health commission, a programme under its full name, and a 部分公开
/// monitoring record and self-evaluation whose flag, budget, code, score and grade are withheld.
fn searched_site() -> Site {
    let site = Site::fixture("minimal");
    let region = site.read("content/demo/region.yaml");
    site.write(
        "content/demo/region.yaml",
        &region.replace(
            "  - { id: czj, name: 测试县财政局 }",
            "  - { id: czj, name: 测试县财政局 }\n  - { id: wjw, name: 测试县卫生健康委员会 }\n  - { id: jyj, name: 测试县教育局 }",
        ),
    );
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}search:\n  synonyms:\n    - [暖气, 供暖]\n"),
    );
    site.write(
        "content/demo/2024/goals/heating.yaml",
        "id: heating\nscope: project\nproject: { code: \"650000240001\", name: 县城中小学供暖设施改造项目 }\nunit: jyj\nfunds: { total: \"1162.12万元\" }\nobjective: 改造老旧供暖管网。\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 改造学校数量, op: \"≥\", target: 9, unit: 所, weight: 30 }\n",
    );
    site.write(
        "content/demo/2024/monitoring/heating-2024-08.yaml",
        "id: heating-2024-08\nnode: 2024-08\nscope: project\nproject: { code: \"650000240001\", name: 县城中小学供暖设施改造项目 }\nunit: jyj\nbudget: \"1162.12万元\"\nexecuted: \"300万元\"\nflag: 红标\n",
    );
    site.write(
        "content/demo/2024/goals/nutrition.yaml",
        "id: nutrition\nscope: project\nproject: { name: 农村义务教育学生营养改善计划项目 }\nunit: wjw\nfunds: { total: \"88万元\" }\nobjective: 为农村学生提供营养膳食补助。\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 受助学生人数, op: \"≥\", target: 3000, unit: 人, weight: 30 }\n",
    );
    site.write(
        "content/demo/2024/monitoring/secret-2024-08.yaml",
        "id: secret-2024-08\nnode: 2024-08\nscope: project\nproject: { code: \"659999990001\", name: 县城中小学供暖设施改造项目 }\nunit: jyj\nbudget: \"7777.77万元\"\nexecuted: \"300万元\"\nflag: 红标\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [flag, budget, project.code] }\n",
    );
    site.write(
        "content/demo/2024/self-evaluations/secret.yaml",
        "id: secret\nscope: project\nproject: { name: 旧城管网巡检项目 }\nunit: jtj\nbudget: { adjusted: \"50万元\", executed: \"20万元\" }\nobjective: { planned: 巡检管网, actual: 巡检管网 }\nindicators:\n  - { level1: 产出指标, level2: 数量, name: 巡检里程, op: \"≥\", target: 10, unit: 公里, weight: 30, actual: 2 }\nscore: 37\ngrade: 差\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [score, grade] }\n",
    );
    site
}

/// The search index as published: the meta file's data, each shard's lines and each document.
struct Index {
    meta: serde_json::Value,
    tokens: BTreeMap<String, (Vec<u32>, Vec<u32>)>,
    docs: Vec<Vec<String>>,
    /// Every file under search/, as text.
    files: Vec<(String, String)>,
}

fn data_of(text: &str) -> serde_json::Value {
    let inner = text
        .strip_prefix("gongkaiSearchData(")
        .and_then(|t| t.strip_suffix(");\n"))
        .expect("a data file");
    serde_json::from_str(inner.split_once(',').unwrap().1).unwrap()
}

fn index(out: &Path) -> Index {
    let files: Vec<(String, String)> = snapshot(&out.join("search"))
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let meta = data_of(
        &files
            .iter()
            .find(|(p, _)| p.starts_with("meta."))
            .unwrap()
            .1,
    );
    let mut tokens = BTreeMap::new();
    let mut docs = Vec::new();
    let mut chunks: Vec<(usize, &str)> = Vec::new();
    for (p, text) in &files {
        if p.starts_with("shards/") {
            for line in data_of(text).as_str().unwrap().lines() {
                let f: Vec<&str> = line.split('\t').collect();
                tokens.insert(
                    f[0].to_string(),
                    (decode(f[1]).unwrap(), decode(f[2]).unwrap()),
                );
            }
        } else if let Some(n) = p.strip_prefix("docs/").and_then(|n| n.strip_suffix(".js")) {
            chunks.push((n.parse().unwrap(), text));
        }
    }
    chunks.sort();
    for (_, text) in chunks {
        let data = data_of(text);
        for line in data.as_str().unwrap().lines() {
            docs.push(line.split('\t').map(str::to_string).collect());
        }
    }
    Index {
        meta,
        tokens,
        docs,
        files,
    }
}

impl Index {
    /// Documents holding every token of the query (synonyms are in the index), title hits
    /// first, then by number, as search.js ranks a full match; when there is none, those of the
    /// query's synonym variants, as search.js tries them next.
    fn query(&self, q: &str) -> Vec<&Vec<String>> {
        let own = self.ranked(&[q.to_string()]);
        if !own.is_empty() {
            return own;
        }
        let mut variants = vec![q.to_string()];
        for g in self.meta["synonyms"].as_array().unwrap() {
            let terms: Vec<&str> = g
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            if let Some(t) = terms
                .iter()
                .filter(|t| q.contains(**t))
                .max_by_key(|t| t.len())
            {
                variants.extend(
                    terms
                        .iter()
                        .filter(|o| *o != t)
                        .map(|o| q.replacen(t, o, 1)),
                );
            }
        }
        self.ranked(&variants)
    }

    fn ranked(&self, variants: &[String]) -> Vec<&Vec<String>> {
        let mut best: BTreeMap<u32, usize> = BTreeMap::new();
        for v in variants {
            let tokens = query_tokens(v);
            let mut hits: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
            for t in &tokens {
                let (strong, weak) = self.tokens.get(t).cloned().unwrap_or_default();
                for (ids, w) in [(strong, 3), (weak, 1)] {
                    for id in ids {
                        let e = hits.entry(id).or_default();
                        *e = (e.0 + 1, e.1 + w);
                    }
                }
            }
            for (id, (n, score)) in hits {
                if n == tokens.len() {
                    let s = best.entry(id).or_default();
                    *s = (*s).max(score * 100 / tokens.len());
                }
            }
        }
        let mut found: Vec<(usize, u32)> = best.into_iter().map(|(id, s)| (s, id)).collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found
            .iter()
            .map(|(_, id)| &self.docs[*id as usize])
            .collect()
    }

    fn number_of(&self, url: &str) -> u32 {
        self.docs
            .iter()
            .position(|d| d[1] == url)
            .unwrap_or_else(|| panic!("no {url}")) as u32
    }
}

#[test]
fn what_people_type_finds_the_record() {
    let site = searched_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ix = index(&site.path().join("public"));
    let first = |q: &str| {
        ix.query(q)
            .first()
            .map(|d| d[1].clone())
            .unwrap_or_default()
    };
    assert_eq!(first("红标"), "demo/2024/monitoring/heating-2024-08/");
    assert_eq!(first("黄标"), "demo/2024/monitoring/road-2024-05/");
    assert_eq!(first("优秀"), "demo/2024/self-evaluations/road/");
    assert_eq!(first("部分支持"), "demo/2024/ex-ante/bridge/");
    for q in ["1162.12", "1,162.12", "1162.12万元", "１１６２．１２"] {
        let found: Vec<&str> = ix.query(q).iter().map(|d| d[1].as_str()).collect();
        assert_eq!(
            found,
            [
                "demo/2024/goals/heating/",
                "demo/2024/monitoring/heating-2024-08/"
            ],
            "{q}"
        );
    }
    assert_eq!(first("650000240001"), "demo/2024/goals/heating/");
    assert_eq!(
        first("卫健委"),
        "demo/2024/goals/nutrition/",
        "a built-in synonym"
    );
    assert_eq!(first("学生营养餐"), "demo/2024/goals/nutrition/");
    assert_eq!(
        first("暖气设施"),
        "demo/2024/goals/heating/",
        "the site's synonym"
    );
    assert!(
        ix.query("供暖改造").is_empty(),
        "暖改 never occurs: search.js falls back"
    );
    assert!(!ix.tokens.contains_key("暖改") && ix.tokens.contains_key("供暖"));
    let heating = &ix.docs[ix.number_of("demo/2024/goals/heating/") as usize];
    assert_eq!(
        heating.len(),
        8,
        "a project's records know each other: {heating:?}"
    );
    let sib = decode(&heating[6]).unwrap();
    assert_eq!(sib, [ix.number_of("demo/2024/monitoring/heating-2024-08/")]);
    assert_eq!(heating[7], "+-2024-08");
    for d in &ix.docs {
        assert!(!d[4].trim().is_empty(), "{} has no snippet", d[1]);
    }
    let groups = ix.meta["synonyms"].as_array().unwrap();
    assert!(
        groups.iter().any(|g| g.as_array().unwrap().len() >= 3
            && g.as_array().unwrap().iter().any(|t| t == "暖气")
            && g.as_array().unwrap().iter().any(|t| t == "供热")),
        "site groups merge into built-in ones"
    );
}

/// An attacker with the built search files: a 部分公开 record's withheld flag, budget, code,
/// score and grade are in no file of the index, find nothing, and do not link the record to
/// the public records of its project.
#[test]
fn withheld_facts_are_not_in_the_index() {
    let site = searched_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    let ix = index(&out);
    for (path, text) in &ix.files {
        for secret in ["7777.77", "7,777.77", "659999990001", "77777700"] {
            assert!(!text.contains(secret), "search/{path} holds {secret}");
        }
    }
    assert!(!ix.tokens.contains_key("7777.77") && !ix.tokens.contains_key("659999990001"));
    assert!(ix.query("7777.77").is_empty() && ix.query("7,777.77万元").is_empty());
    let monitoring = ix.number_of("demo/2024/monitoring/secret-2024-08/");
    let evaluation = ix.number_of("demo/2024/self-evaluations/secret/");
    for (token, doc) in [
        ("红标", monitoring),
        ("red", monitoring),
        ("差", evaluation),
        ("较差", evaluation),
        ("poor", evaluation),
        ("37", evaluation),
    ] {
        let (strong, weak) = ix.tokens.get(token).cloned().unwrap_or_default();
        assert!(
            !strong.contains(&doc) && !weak.contains(&doc),
            "{token} finds a withheld value"
        );
    }
    let secret = &ix.docs[monitoring as usize];
    assert_eq!(
        secret.len(),
        6,
        "a record with a withheld code is grouped with no other: {secret:?}"
    );
    assert!(
        secret[3].contains("不予公开"),
        "the facts show the marker: {}",
        secret[3]
    );
    for d in &ix.docs {
        if d.len() == 8 {
            assert!(
                !decode(&d[6]).unwrap().contains(&monitoring),
                "{} links the withheld one",
                d[1]
            );
        }
    }
    let page = site.read("public/demo/2024/monitoring/secret-2024-08/index.html");
    assert!(!page.contains("7,777.77") && !page.contains("659999990001"));
}

#[test]
fn bad_synonyms_stop_the_build_at_their_line() {
    let site = Site::fixture("minimal");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}search:\n  synonyms:\n    - [卫健委]\n    - [发改委, \"——\"]\n"),
    );
    let run = site.check();
    assert_ne!(run.code, 0);
    let lines = config.lines().count();
    assert!(
        run.stderr.contains(&format!("site.yaml:{}:", lines + 3)),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a group of synonyms needs two or more different terms"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("site.yaml:{}:", lines + 4)),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("is not a term that can be searched for"),
        "{}",
        run.stderr
    );
    site.write("site.yaml", &format!("{config}search:\n  synonym: []\n"));
    assert_ne!(site.check().code, 0, "an unknown key");
}
