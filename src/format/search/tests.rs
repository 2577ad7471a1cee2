//! Tests of the search index: a reference reader that queries the published files the way
//! `search.js` does, run on the example site, on a site with withheld canaries, and on
//! 100,000 generated documents for the bytes a first query downloads.

use super::postings::{decode, shard_of};
use super::tokens::query_tokens;
use super::*;
use crate::view::search::{self as docs, Doc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The published files of an index, read back.
struct Reader {
    files: BTreeMap<String, Vec<u8>>,
    meta: serde_json::Value,
}

/// The data a data file hands to the page.
fn unwrap_data(bytes: &[u8]) -> (String, serde_json::Value) {
    let text = std::str::from_utf8(bytes).unwrap();
    let inner = text
        .strip_prefix("gongkaiSearchData(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a data file: {text:.60}"));
    let (name, data) = inner.split_once(',').unwrap();
    (
        serde_json::from_str(name).unwrap(),
        serde_json::from_str(data).unwrap(),
    )
}

impl Reader {
    fn new(search: &Search) -> Reader {
        let files: BTreeMap<String, Vec<u8>> = search
            .files
            .iter()
            .map(|o| (o.path.clone(), o.bytes.clone()))
            .collect();
        let (name, meta) = unwrap_data(&files[&search.meta]);
        assert_eq!(name, "meta");
        Reader { files, meta }
    }

    fn n(&self, key: &str) -> usize {
        self.meta[key].as_u64().unwrap() as usize
    }

    fn data(&self, name: &str) -> (String, usize) {
        let bytes = &self.files[&format!("search/{name}.js")];
        let (n, data) = unwrap_data(bytes);
        assert_eq!(n, name);
        (data.as_str().unwrap().to_string(), bytes.len())
    }

    /// Every token of every shard.
    fn tokens(&self) -> BTreeMap<String, (Vec<u32>, Vec<u32>)> {
        let mut all = BTreeMap::new();
        for n in 0..self.n("shardCount") {
            let (text, _) = self.data(&format!("shards/{n:x}"));
            for line in text.lines() {
                let f: Vec<&str> = line.split('\t').collect();
                assert_eq!(f.len(), 3, "{line}");
                all.insert(
                    f[0].to_string(),
                    (decode(f[1]).unwrap(), decode(f[2]).unwrap()),
                );
            }
        }
        all
    }

    /// Every document: [title, url, unit, facts, excerpt, withheld].
    fn docs(&self) -> Vec<Vec<String>> {
        let chunks = self.n("docCount").div_ceil(self.n("chunkSize"));
        (0..chunks)
            .flat_map(|n| {
                let (text, _) = self.data(&format!("docs/{n}"));
                text.lines()
                    .map(|l| l.split('\t').map(str::to_string).collect())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The bytes a first query loads, as search.js loads them: (the shards of its tokens, the
    /// document files of the documents that lead the first 20 cards, the number of cards). A
    /// card takes the other found documents of its project, named in its leader's line,
    /// without loading them.
    fn first_page_bytes(&self, q: &str) -> (usize, usize, usize) {
        let (found, _) = self.query(q);
        let shards = self.n("shardCount");
        let names: BTreeSet<String> = query_tokens(q)
            .iter()
            .map(|t| format!("shards/{:x}", shard_of(t, shards)))
            .collect();
        let shard_bytes = names.iter().map(|n| self.data(n).1).sum();
        let chunk = self.n("chunkSize") as u32;
        let hit: BTreeSet<u32> = found.iter().copied().collect();
        let mut taken = BTreeSet::new();
        let mut files = BTreeSet::new();
        let mut cards = 0;
        for id in found {
            if cards == 20 {
                break;
            }
            if !taken.insert(id) {
                continue;
            }
            cards += 1;
            let file = format!("docs/{}", id / chunk);
            let (text, _) = self.data(&file);
            files.insert(file);
            let line = text.lines().nth((id % chunk) as usize).unwrap();
            if let Some(sib) = line.split('\t').nth(6) {
                taken.extend(decode(sib).unwrap().into_iter().filter(|s| hit.contains(s)));
            }
        }
        let doc_bytes = files.iter().map(|f| self.data(f).1).sum();
        (shard_bytes, doc_bytes, cards)
    }

    /// The ranked results of a query, as search.js ranks them, and the bytes of the shards and
    /// document files the first page of 20 needs.
    fn query(&self, q: &str) -> (Vec<u32>, usize) {
        let shards = self.n("shardCount");
        let mut bytes = 0;
        let mut seen = BTreeSet::new();
        let mut score: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        let tokens = query_tokens(q);
        for (k, t) in tokens.iter().enumerate() {
            let shard = format!("shards/{:x}", shard_of(t, shards));
            let (text, size) = self.data(&shard);
            if seen.insert(shard) {
                bytes += size;
            }
            let line = text.lines().find(|l| l.split('\t').next() == Some(t));
            let (strong, weak) = line.map_or((Vec::new(), Vec::new()), |l| {
                let f: Vec<&str> = l.split('\t').collect();
                (decode(f[1]).unwrap(), decode(f[2]).unwrap())
            });
            for (ids, w) in [(strong, 3), (weak, 1)] {
                for id in ids {
                    let e = score.entry(id).or_default();
                    if e.0 == k {
                        *e = (k + 1, e.1 + w);
                    }
                }
            }
        }
        let mut found: Vec<(usize, u32)> = score
            .into_iter()
            .filter(|(_, (hits, _))| *hits == tokens.len())
            .map(|(id, (_, s))| (s, id))
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let chunk = self.n("chunkSize") as u32;
        let chunks: BTreeSet<u32> = found.iter().take(20).map(|(_, id)| id / chunk).collect();
        for c in chunks {
            bytes += self.data(&format!("docs/{c}")).1;
        }
        (found.into_iter().map(|(_, id)| id).collect(), bytes)
    }
}

fn index_of(site_dir: &Path) -> Search {
    let checked = match crate::check(site_dir, None) {
        Ok(c) => c,
        Err(_) => panic!("the site at {} does not check", site_dir.display()),
    };
    let i = crate::format::theme::i18n(checked.public.config().language).unwrap();
    build(&checked.public, &i, crate::format::theme::SEARCH_JS)
}

#[test]
fn the_example_site_is_found_by_a_chinese_word() {
    let search = index_of(Path::new(env!("CARGO_MANIFEST_DIR")));
    let r = Reader::new(&search);
    let tokens = r.tokens();
    assert!(tokens.contains_key("道路") && tokens.contains_key("路"));
    let docs = r.docs();
    assert_eq!(docs.len(), r.n("docCount"));
    let (found, _) = r.query("道路");
    let urls: Vec<&str> = found
        .iter()
        .map(|&id| docs[id as usize][1].as_str())
        .collect();
    let titles: Vec<&str> = found
        .iter()
        .map(|&id| docs[id as usize][0].as_str())
        .collect();
    let in_title = titles
        .iter()
        .take_while(|t| t.contains("道路") || t.contains("公路"))
        .count();
    assert!(
        in_title >= 4,
        "title hits (道路, or its synonym 公路) come first: {titles:?}"
    );
    for url in [
        "kashi-edz/2024/goals/park-road-renovation/",
        "kashi-edz/2024/self-evaluations/park-road-renovation/",
    ] {
        assert!(urls[..in_title].contains(&url), "{url}");
    }
    assert!(urls.contains(&"bozhou/2024/goals/old-community-renovation/"));
    let (code, _) = r.query("653101240005");
    assert_eq!(code.len(), 2, "a project code finds its records");
    let (none, _) = r.query("应急指挥通信专网建设项目绩效评价报告");
    assert!(none.is_empty(), "a withheld title finds nothing");
    let (stubs, _) = r.query("重点项目绩效评价报告");
    assert!(
        stubs.iter().any(|&id| !docs[id as usize][5].is_empty()),
        "a stub is found by its public title"
    );
}

#[test]
fn files_are_named_by_numbers_and_documents_are_one_line_each() {
    let search = index_of(Path::new(env!("CARGO_MANIFEST_DIR")));
    for o in &search.files {
        let name = o.path.rsplit('/').next().unwrap();
        let stem = name.split('.').next().unwrap();
        assert!(
            ["meta", "search"].contains(&stem) || stem.bytes().all(|b| b.is_ascii_hexdigit()),
            "{}",
            o.path
        );
    }
    let r = Reader::new(&search);
    for d in r.docs() {
        assert!(d.len() == 6 || d.len() == 8, "{d:?}");
        assert!(d[1].ends_with('/') && !d[1].starts_with('/'), "{}", d[1]);
        assert!(d[4].chars().count() <= docs::EXCERPT_CHARS + 1);
    }
    let runs = super::postings::read_varints(r.meta["groupRuns"].as_str().unwrap()).unwrap();
    assert_eq!(runs.len() % 4, 0);
    let total: u64 = runs.iter().step_by(4).sum();
    assert_eq!(total as usize, r.n("docCount"));
}

/// The minimal fixture with a 不予公开 evaluation, a 部分公开 one with a withheld field and
/// passages, and a 不列示 goal, each carrying a canary.
fn withheld_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for e in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let e = e.unwrap();
        let dest = dir.path().join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    let ev = dir.path().join("content/demo/2024/evaluations");
    std::fs::write(
        ev.join("secret.yaml"),
        "id: canary-withheld-id\ntype: 财政重点评价\ntitle: 金丝雀标题甲报告\nsubject: { project: { name: 金丝雀标题甲, code: \"CANARYCODE\" } }\nfunds: \"88.77万元\"\ndisclosure: { status: 不予公开, reason: 国家秘密, public_title: 重点项目评价报告（不予公开） }\n",
    )
    .unwrap();
    std::fs::write(
        ev.join("partial.md"),
        "---\nid: partial\ntype: 部门评价\ntitle: 部分公开的评价报告\nsubject: { unit: czj }\nevaluator: 金丝雀评价机构乙\nfunds: \"20万元\"\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [evaluator] }\n---\n## 结论\n\n合同由[金丝雀供应商丁 CanaryVendor]{redact 商业秘密}承接。\n\n::: redact 敏感信息\n金丝雀段落丙\n:::\n\n整改完成。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/demo/2024/goals/hidden.yaml"),
        "id: hidden\nscope: project\nproject: { name: 金丝雀不列示戊 }\nunit: czj\nfunds: { total: \"9.87万元\" }\ndisclosure: { status: 不列示, reason: 国家秘密 }\n",
    )
    .unwrap();
    dir
}

#[test]
fn withheld_titles_fields_and_passages_are_not_indexed() {
    let dir = withheld_site();
    let search = index_of(dir.path());
    let r = Reader::new(&search);
    let canary_chars = ['金', '丝', '雀', '甲', '乙', '丙', '丁', '戊'];
    for t in r.tokens().keys() {
        assert!(!t.contains(canary_chars), "withheld token {t} indexed");
        assert!(!t.contains("canary"), "withheld word {t} indexed");
    }
    let docs = r.docs();
    for d in &docs {
        for f in d {
            assert!(
                !f.contains("金丝雀") && !f.to_lowercase().contains("canary"),
                "{f}"
            );
        }
    }
    for o in &search.files {
        let text = String::from_utf8_lossy(&o.bytes);
        assert!(
            !text.contains("金丝雀") && !text.contains("canary"),
            "{}",
            o.path
        );
    }
    let (found, _) = r.query("部分公开的评价报告");
    assert_eq!(found.len(), 1, "the public part is found");
    let partial = &docs[found[0] as usize];
    assert!(partial[4].contains("〔不予公开：商业秘密〕") && partial[4].contains("整改完成"));
    assert!(r.query("承接").0.len() == 1 && r.query("由承").0.is_empty());
    let (stub, _) = r.query("重点项目评价报告");
    assert_eq!(docs[stub[0] as usize][5], "国家秘密");
    assert_eq!(docs[stub[0] as usize][1], "demo/2024/evaluations/");
}

/// `n` documents in the shape of real ones: project titles from a vocabulary of places, works
/// and purposes, units, objectives; 200 regions over five years.
fn generated(n: usize) -> Vec<Doc> {
    const PLACES: [&str; 24] = [
        "城东",
        "城西",
        "南湖",
        "北山",
        "河滨",
        "工业园",
        "开发区",
        "高新区",
        "团结",
        "胜利",
        "幸福",
        "和平",
        "解放",
        "人民",
        "建设",
        "光明",
        "红星",
        "东风",
        "前进",
        "新华",
        "长江",
        "黄河",
        "天山",
        "昆仑",
    ];
    const WORKS: [&str; 30] = [
        "道路", "桥梁", "供水", "排水", "供热", "燃气", "绿化", "照明", "学校", "医院", "养老",
        "托育", "农田", "灌溉", "林业", "草原", "河道", "水库", "垃圾", "污水", "公交", "停车",
        "市场", "广场", "体育", "文化", "图书", "档案", "消防", "应急",
    ];
    const ACTS: [&str; 12] = [
        "养护", "维修", "改造", "建设", "提升", "补助", "运营", "购置", "治理", "整治", "监测",
        "保障",
    ];
    const GOALS: [&str; 8] = [
        "完成年度建设任务，改善群众生产生活条件",
        "提高资金使用效益，按期完工并通过验收",
        "服务对象满意度达到百分之九十以上",
        "项目按计划推进，预算执行率不低于百分之九十",
        "落实安全生产责任，杜绝较大及以上事故",
        "带动就业岗位，促进当地经济社会发展",
        "完善配套设施，提升公共服务水平",
        "加强日常管理，建立长效运行机制",
    ];
    let pick = |n: usize, salt: u64, len: usize| {
        let mut x = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
        x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
        (x >> 29) as usize % len
    };
    // Records come in projects of four (goal, ex-ante, monitoring, self-evaluation) of one
    // body and year, with the project's title, code and amounts.
    let mut docs: Vec<Doc> = (0..n)
        .map(|k| {
            let p = k / 4;
            let title = format!(
                "{}{}{}{}项目",
                PLACES[pick(p, 1, PLACES.len())],
                WORKS[pick(p, 2, WORKS.len())],
                WORKS[pick(p, 3, WORKS.len())],
                ACTS[pick(p, 4, ACTS.len())]
            );
            let region = p % 200;
            let year = 2020 + (p / 200 % 5) as i32;
            let unit = format!("第{}区{}局", region, WORKS[pick(p, 5, WORKS.len())]);
            let objective = format!(
                "{}。{}，{}。",
                GOALS[pick(k, 6, 8)],
                GOALS[pick(k, 7, 8)],
                GOALS[pick(k, 8, 8)]
            );
            let amount = format!("{}.{:02}万元", 100 + pick(p, 9, 9000), pick(p, 10, 100));
            let code = format!("65{:04}{year}{:04}", region, p % 10_000);
            let kind = 1 + k % 4;
            let folder = ["goals", "ex-ante", "monitoring", "self-evaluations"][k % 4];
            Doc {
                region,
                year,
                kind,
                url: format!("r{region}/{year}/{folder}/p{p}/"),
                title: title.clone(),
                unit: unit.clone(),
                facts: format!("资金总额：{amount}；绩效指标：6"),
                excerpt: docs::clip(&objective),
                strong: format!("{title}\n{code}"),
                weak: format!("第{region}区\n绩效目标\n{unit}\n{objective}\n{amount}"),
                project: format!("{region}\tcode\t{code}"),
                slug: format!("p{p}"),
                ..Doc::default()
            }
        })
        .collect();
    docs.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    docs
}

#[test]
fn a_first_query_on_100000_records_downloads_well_under_200_kb() {
    let site_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let checked = crate::check(&site_dir, None).unwrap_or_else(|_| panic!("fixture"));
    let i = crate::format::theme::i18n(checked.public.config().language).unwrap();
    let docs = generated(100_000);
    let search = build_from_docs(&checked.public, &i, docs, crate::format::theme::SEARCH_JS);
    let r = Reader::new(&search);
    // The meta file names only the fixture's region; 200 names would add about 8 KB.
    let meta = search.files.iter().find(|o| o.path == search.meta).unwrap();
    let script = crate::format::theme::SEARCH_JS.len();
    for q in ["道路", "道路养护", "城东供水", "项目"] {
        let (found, _) = r.query(q);
        let (shards, docs, cards) = r.first_page_bytes(q);
        let bytes = shards + docs;
        let total = meta.bytes.len() + script + bytes;
        eprintln!(
            "{q}: {} results, {cards} cards, {total} bytes (meta {}, script {script}, shards {shards}, documents {docs})",
            found.len(),
            meta.bytes.len()
        );
        assert!(
            total < 200 * 1024,
            "{q}: {total} bytes (meta {}, script {script}, shards and documents {bytes})",
            meta.bytes.len()
        );
        assert_eq!(cards, 20, "{q}");
    }
    let largest = search.files.iter().map(|o| o.bytes.len()).max().unwrap();
    assert!(largest < 200 * 1024, "a file of {largest} bytes");
}

#[test]
fn blocks_make_the_same_index_as_documents() {
    let withheld = withheld_site();
    for dir in [Path::new(env!("CARGO_MANIFEST_DIR")), withheld.path()] {
        let Ok(checked) = crate::check(dir, None) else {
            panic!("the site at {} does not check", dir.display())
        };
        let site = &checked.public;
        let i = crate::format::theme::i18n(site.config().language).unwrap();
        let full = build(site, &i, crate::format::theme::SEARCH_JS);
        let blocks: Vec<std::sync::Arc<Block>> = docs::places(site)
            .into_iter()
            .map(|(ri, yi)| std::sync::Arc::new(year_block(&i, site, ri, yi)))
            .collect();
        let b = build_from_blocks(site, &i, &blocks, crate::format::theme::SEARCH_JS);
        assert_eq!(b.files, full.files);
        assert_eq!((&b.script, &b.meta), (&full.script, &full.meta));
    }
}

#[test]
fn synonyms_are_indexed_and_projects_know_their_records() {
    let search = index_of(Path::new(env!("CARGO_MANIFEST_DIR")));
    let r = Reader::new(&search);
    let docs = r.docs();
    let (found, _) = r.query("卫健委");
    assert!(
        !found.is_empty(),
        "卫健委 finds the 卫生健康委员会's records"
    );
    for &id in &found {
        let d = &docs[id as usize];
        assert!(d.iter().any(|f| f.contains("卫生健康委员会")), "{d:?}");
    }
    let groups = r.meta["synonyms"].as_array().unwrap();
    assert_eq!(groups.len(), docs::BUILT_IN_SYNONYMS.len());
    let goal = docs
        .iter()
        .position(|d| d[1] == "kashi-edz/2024/goals/park-road-renovation/")
        .unwrap();
    let line = &docs[goal];
    let siblings = decode(&line[6]).unwrap();
    let urls: Vec<&str> = siblings
        .iter()
        .map(|&s| docs[s as usize][1].as_str())
        .collect();
    assert_eq!(
        urls,
        ["kashi-edz/2024/self-evaluations/park-road-renovation/"]
    );
    assert_eq!(line[7], "", "the same id");
    let (red, _) = r.query("红标");
    assert_eq!(
        docs[red[0] as usize][1],
        "bozhou/2024/monitoring/hospital-equipment-renewal-2024-08/"
    );
    let (amount, _) = r.query("1,286.4");
    assert!(
        amount
            .iter()
            .any(|&id| docs[id as usize][1] == "bozhou/2024/goals/rural-road-maintenance/")
    );
}
