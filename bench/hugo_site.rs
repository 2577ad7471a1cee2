//! An equivalent Hugo site of a generated gongkai site, for `bench/run.sh`'s comparison with
//! Hugo (issue 19: "≤ 0.5× Hugo on an equivalent Hugo site of the same records").
//!
//! `cargo run --release --example hugo_site -- SITE OUT` reads a site written by
//! `examples/gen_site` (one record per YAML or Markdown file) and writes a Hugo site into OUT:
//! one page per listed record, with its fields as front matter (JSON, under `record`) and its
//! Markdown report as body; a list page per body, year and kind with a table of its records;
//! the year's narrative and summary.yaml on the year's page; a minimal theme
//! (`bench/hugo/layouts`) with a header, a nav of the bodies, a breadcrumb, a footer from
//! site.yaml and a table of every field, as close as reasonable to what gongkai renders.
//! A 不列示 record is left out and a 不予公开 record becomes a page with its public title and
//! reason only; the Hugo site has no derivability gate, leak audit, search index or open data.
//! Build it with `hugo --quiet -s OUT -d PUBLIC`.

use anyhow::{Context, Result, bail};
use gongkai::load::yaml;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Record kinds by folder, with the name a list page shows.
const KINDS: [(&str, &str); 5] = [
    ("ex-ante", "事前绩效评估"),
    ("goals", "绩效目标"),
    ("monitoring", "绩效监控"),
    ("self-evaluations", "绩效自评"),
    ("evaluations", "绩效评价"),
];

/// The theme, written into OUT/layouts.
const LAYOUTS: [(&str, &str); 6] = [
    (
        "_default/baseof.html",
        include_str!("hugo/layouts/_default/baseof.html"),
    ),
    (
        "_default/single.html",
        include_str!("hugo/layouts/_default/single.html"),
    ),
    (
        "_default/list.html",
        include_str!("hugo/layouts/_default/list.html"),
    ),
    ("index.html", include_str!("hugo/layouts/index.html")),
    (
        "partials/fields.html",
        include_str!("hugo/layouts/partials/fields.html"),
    ),
    (
        "partials/records.html",
        include_str!("hugo/layouts/partials/records.html"),
    ),
];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, out] = args.as_slice() else {
        bail!("usage: hugo_site SITE OUT (SITE written by examples/gen_site)");
    };
    let n = convert(Path::new(site), Path::new(out))?;
    eprintln!("wrote a Hugo site of {n} records to {out}");
    Ok(())
}

/// Write the Hugo site of `site` into `out` (emptied first); returns the records written.
pub fn convert(site: &Path, out: &Path) -> Result<usize> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    let config = parse(&site.join("site.yaml"))?;
    write(out, "config.json", &config_json(&config)?)?;
    for (name, text) in LAYOUTS {
        write(out, &format!("layouts/{name}"), text)?;
    }
    let title = str_at(&config, &["title"]).unwrap_or_default();
    write(
        out,
        "content/_index.md",
        &page(json!({ "title": title }), ""),
    )?;
    let mut years = Vec::new();
    for body in sorted_dirs(&site.join("content"))? {
        let region = parse(&body.join("region.yaml"))?;
        let id = file_name(&body);
        let fm = json!({ "title": str_at(&region, &["name"]), "region": region });
        write(out, &format!("content/{id}/_index.md"), &page(fm, ""))?;
        for year in sorted_dirs(&body)? {
            years.push((id.clone(), region.clone(), year));
        }
    }
    let counts: Vec<usize> = years
        .par_iter()
        .map(|(id, region, year)| convert_year(out, id, region, year))
        .collect::<Result<_>>()?;
    Ok(counts.iter().sum())
}

/// One body's year: its page, a list page per kind and a page per listed record.
fn convert_year(out: &Path, body: &str, region: &Value, dir: &Path) -> Result<usize> {
    let year = file_name(dir);
    let base = format!("content/{body}/{year}");
    let (narrative_fm, narrative) = match read(&dir.join("_index.md")) {
        Ok(text) => split_front_matter(&text),
        Err(_) => (String::new(), String::new()),
    };
    let mut fm = json!({ "title": format!("{year}年") });
    if !narrative_fm.is_empty() {
        let v: Value =
            yaml::parse("_index.md", &narrative_fm).map_err(|d| anyhow::anyhow!("{d:?}"))?;
        fm["title"] = v.get("title").cloned().unwrap_or(fm["title"].clone());
    }
    if dir.join("summary.yaml").exists() {
        fm["summary"] = parse(&dir.join("summary.yaml"))?;
    }
    write(out, &format!("{base}/_index.md"), &page(fm, &narrative))?;
    let mut n = 0;
    for (folder, zh) in KINDS {
        let kind_dir = dir.join(folder);
        if !kind_dir.is_dir() {
            continue;
        }
        let fm = json!({ "title": zh, "kind": folder });
        write(out, &format!("{base}/{folder}/_index.md"), &page(fm, ""))?;
        for file in sorted_files(&kind_dir)? {
            if let Some((name, text)) = record_page(&file, zh, region)? {
                write(out, &format!("{base}/{folder}/{name}.md"), &text)?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// A record's Hugo page (None for a 不列示 record): file stem and text.
fn record_page(file: &Path, kind: &str, region: &Value) -> Result<Option<(String, String)>> {
    let text = read(file)?;
    let (yaml_text, body) = if file.extension().is_some_and(|e| e == "md") {
        split_front_matter(&text)
    } else {
        (text, String::new())
    };
    let path = file.display().to_string();
    let record: Value = yaml::parse(&path, &yaml_text).map_err(|d| anyhow::anyhow!("{d:?}"))?;
    if !record.is_object() {
        bail!("{path}: one record per file expected (gen_site --per-file 1)");
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let status = str_at(&record, &["disclosure", "status"]);
    let fm = match status.as_deref() {
        Some("不列示") => return Ok(None),
        Some("不予公开") => json!({
            "title": str_at(&record, &["disclosure", "public_title"])
                .unwrap_or_else(|| format!("{kind}（不予公开）")),
            "withheld": true,
            "reason": str_at(&record, &["disclosure", "reason"]),
            "note": str_at(&record, &["disclosure", "note"]),
        }),
        _ => json!({
            "title": record_title(&record, kind, region),
            "unit": unit_name(&record, region),
            "amount": amount(&record),
            "grade": str_at(&record, &["grade"]).or_else(|| str_at(&record, &["conclusion"])),
            "record": record,
        }),
    };
    let body = if fm.get("withheld").is_some() {
        ""
    } else {
        body.as_str()
    };
    Ok(Some((stem, page(fm, body))))
}

/// The title a record's page shows: its own, its project's name, or its unit's goal.
fn record_title(r: &Value, kind: &str, region: &Value) -> String {
    str_at(r, &["title"])
        .or_else(|| str_at(r, &["project", "name"]))
        .or_else(|| unit_name(r, region).map(|u| format!("{u}部门整体{kind}")))
        .unwrap_or_else(|| str_at(r, &["id"]).unwrap_or_default())
}

/// The name of a record's unit, from region.yaml.
fn unit_name(r: &Value, region: &Value) -> Option<String> {
    let id = str_at(r, &["unit"])?;
    let units = region.get("units")?.as_array()?;
    let u = units
        .iter()
        .find(|u| str_at(u, &["id"]).as_deref() == Some(&id))?;
    str_at(u, &["name"])
}

/// The amount a record's row shows in a list: funds, budget or amount requested.
fn amount(r: &Value) -> Option<String> {
    [
        &["funds", "total"][..],
        &["funds"],
        &["budget", "adjusted"],
        &["budget"],
        &["requested"],
    ]
    .iter()
    .find_map(|p| str_at(r, p))
}

/// A string (or number) at a path of mapping keys.
fn str_at(v: &Value, path: &[&str]) -> Option<String> {
    let mut v = v;
    for k in path {
        v = v.get(k)?;
    }
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Hugo's configuration: site.yaml under `params`, taxonomies off.
fn config_json(site: &Value) -> Result<String> {
    let mut c = Map::new();
    c.insert("baseURL".into(), json!(str_at(site, &["base_url"])));
    c.insert("title".into(), json!(str_at(site, &["title"])));
    c.insert("languageCode".into(), json!("zh-CN"));
    c.insert("hasCJKLanguage".into(), json!(true));
    c.insert("disableKinds".into(), json!(["taxonomy", "term"]));
    c.insert("params".into(), site.clone());
    Ok(serde_json::to_string_pretty(&Value::Object(c))?)
}

/// A content file: JSON front matter, then the Markdown body.
fn page(front_matter: Value, body: &str) -> String {
    let mut s = serde_json::to_string_pretty(&front_matter).expect("JSON of a JSON value");
    s.push('\n');
    s.push_str(body);
    s
}

/// A Markdown file's YAML front matter (between `---` lines) and body.
fn split_front_matter(text: &str) -> (String, String) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (String::new(), text.to_string());
    };
    match rest.find("\n---\n") {
        Some(i) => (rest[..i + 1].to_string(), rest[i + 5..].to_string()),
        None => (String::new(), text.to_string()),
    }
}

fn parse(path: &Path) -> Result<Value> {
    let text = read(path)?;
    yaml::parse(&path.display().to_string(), &text).map_err(|d| anyhow::anyhow!("{d:?}"))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(out: &Path, rel: &str, text: &str) -> Result<()> {
    let p = out.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn entries(dir: &Path, dirs: bool) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    v.retain(|p| p.is_dir() == dirs);
    v.sort();
    Ok(v)
}

fn sorted_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    entries(dir, true)
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    entries(dir, false)
}
