//! The user guide (docs/): every file example in it is a real file under docs/examples/, every
//! example site passes `check --strict` and builds (the deliberate mistake fails with exactly
//! the output the guide shows), links point at files that exist, and the CI recipes parse.

use crate::support::repo;
use std::path::Path;
use std::process::Command;

struct Block {
    doc: String,
    info: String,
    text: String,
}

/// Every Markdown file under `dir`, as (path relative to `dir`, text), sorted.
fn markdown_under(dir: &Path) -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| !p.starts_with(dir.join("examples")))
        .map(|p| {
            let name = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap();
            (name, text)
        })
        .collect();
    docs.sort();
    docs
}

/// The guide's chapters and references: docs/*.md and docs/en/*.md (not the examples).
fn guide() -> Vec<(String, String)> {
    let docs = markdown_under(&repo().join("docs"));
    assert!(docs.len() >= 9, "the guide has its chapters");
    docs
}

fn blocks(docs: &[(String, String)]) -> Vec<Block> {
    let mut out = Vec::new();
    for (doc, text) in docs {
        let mut open: Option<(String, String)> = None;
        for line in text.lines() {
            match (&mut open, line.strip_prefix("```")) {
                (None, Some(info)) => open = Some((info.to_string(), String::new())),
                (Some(_), Some("")) => {
                    let (info, text) = open.take().unwrap();
                    out.push(Block {
                        doc: doc.clone(),
                        info,
                        text,
                    });
                }
                (Some((_, body)), _) => {
                    body.push_str(line);
                    body.push('\n');
                }
                (None, None) => {}
            }
        }
        assert!(open.is_none(), "{doc}: a code block is never closed");
    }
    out
}

fn attr<'a>(info: &'a str, name: &str) -> Option<&'a str> {
    let start = info.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&info[start..start + info[start..].find('"')?])
}

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(repo())
        .env("CI", "true")
        .output()
        .unwrap()
}

#[test]
fn every_file_example_in_the_guide_is_a_real_file() {
    let all = blocks(&guide());
    let mut files = 0;
    for b in &all {
        let lang = b.info.split_whitespace().next().unwrap_or("");
        match attr(&b.info, "title") {
            Some(path) => {
                let real = std::fs::read_to_string(repo().join(path))
                    .unwrap_or_else(|e| panic!("{}: {path}: {e}", b.doc));
                assert!(
                    real.contains(&b.text),
                    "{}: the example differs from {path}",
                    b.doc
                );
                files += 1;
            }
            None => assert!(
                !matches!(lang, "yaml" | "markdown" | "md"),
                "{}: a {lang} example without title=\"docs/examples/…\":\n{}",
                b.doc,
                b.text
            ),
        }
    }
    assert!(files >= 15, "only {files} file examples");
}

#[test]
fn outputs_shown_in_the_guide_are_what_gongkai_prints() {
    let all = blocks(&guide());
    let shown: Vec<&Block> = all
        .iter()
        .filter(|b| attr(&b.info, "output").is_some())
        .collect();
    assert!(shown.len() >= 2);
    for b in shown {
        let args: Vec<&str> = attr(&b.info, "output").unwrap().split(' ').collect();
        // as the guide's reader sees it: in Chinese (the later --lang wins)
        let out = gongkai(&[&["--lang", "zh"], &args[..]].concat());
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(printed, b.text, "{}: `gongkai {}`", b.doc, args.join(" "));
    }
}

#[test]
fn example_sites_pass_strict_check_and_build() {
    let examples = repo().join("docs/examples");
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // docs/examples/tables holds spreadsheets, not a site.
        .filter(|name| examples.join(name).join("site.yaml").is_file())
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    let tmp = tempfile::tempdir().unwrap();
    for name in names {
        let site = format!("docs/examples/{name}");
        let check = gongkai(&["check", &site, "--strict"]);
        if name == "mistake" {
            assert_eq!(check.status.code(), Some(1), "{site} has its mistake");
            continue;
        }
        assert!(
            check.status.success(),
            "{site}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let out = tmp.path().join(&name);
        let build = gongkai(&["build", &site, "-o", out.to_str().unwrap()]);
        assert!(
            build.status.success(),
            "{site}: {}",
            String::from_utf8_lossy(&build.stderr)
        );
        assert!(out.join("index.html").is_file() && out.join("changes/index.html").is_file());
        assert!(
            !repo().join(&site).join("public").exists(),
            "examples are built elsewhere"
        );
    }
}

/// GitHub's anchor for a heading: lower case, letters (Chinese ones too), digits, `-` and `_`
/// kept, spaces made `-`, everything else dropped; a repeated heading gets `-1`, `-2` ….
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let base = slug(&line[hashes..]);
            let n = out
                .iter()
                .filter(|a| {
                    **a == base
                        || a.strip_prefix(&format!("{base}-"))
                            .is_some_and(|r| r.parse::<u32>().is_ok())
                })
                .count();
            out.push(if n == 0 { base } else { format!("{base}-{n}") });
        }
    }
    out
}

/// The targets of the inline links of a Markdown text (outside code blocks and code spans).
fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop code spans: what is between backticks is never a link.
        let plain: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, p)| p)
            .collect::<Vec<_>>()
            .join(" ");
        for part in plain.split("](").skip(1) {
            if let Some(end) = part.find(')') {
                out.push(part[..end].to_string());
            }
        }
    }
    out
}

/// Relative links (and their `#anchors`) in README.md, ARCHITECTURE.md and every docs/**/*.md
/// lead somewhere: a file or folder that a clone has, and a heading of the target file.
#[test]
fn no_dead_links_in_readme_architecture_or_docs() {
    let root = repo();
    let mut files: Vec<(String, String)> = ["README.md", "ARCHITECTURE.md"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(root.join(f)).unwrap(),
            )
        })
        .collect();
    files.extend(
        markdown_under(&root.join("docs"))
            .into_iter()
            .map(|(name, text)| (format!("docs/{name}"), text)),
    );
    let mut dead = Vec::new();
    let mut checked = 0;
    for (file, text) in &files {
        let dir = root.join(file).parent().unwrap().to_path_buf();
        for target in link_targets(text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let dest = if path.is_empty() {
                root.join(file)
            } else {
                dir.join(path)
            };
            if !dest.exists() {
                dead.push(format!("{file}: ({target}): no such file"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            if dest.extension().is_some_and(|x| x == "md") {
                let heads = anchors(&std::fs::read_to_string(&dest).unwrap());
                if !heads.iter().any(|h| *h == anchor) {
                    dead.push(format!(
                        "{file}: ({target}): no heading with the anchor #{anchor}"
                    ));
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} links");
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
}

#[test]
fn anchors_are_githubs() {
    assert_eq!(
        slug(" summary.yaml：公开的汇总数字"),
        "summaryyaml公开的汇总数字"
    );
    assert_eq!(
        slug(" Changes between publications (更新记录)"),
        "changes-between-publications-更新记录"
    );
    assert_eq!(slug(" `check --format json`"), "check---format-json");
    assert_eq!(anchors("# A\n```\n# B\n```\n## A\n"), ["a", "a-1"]);
    assert_eq!(
        link_targets("[a](x.md) `[b](y.md)` [c](z.md#h)"),
        ["x.md", "z.md#h"]
    );
}

/// Paths a reader of the guide or the README follows exist in a clone: nothing outside the
/// repository (`../shared/`), no SCHEMA.md or DESIGN.md (the format is docs/format.md).
#[test]
fn readme_and_docs_name_no_file_a_clone_lacks() {
    let root = repo();
    let mut files: Vec<(String, String)> = ["README.md", "ARCHITECTURE.md"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(root.join(f)).unwrap(),
            )
        })
        .collect();
    files.extend(
        markdown_under(&root.join("docs"))
            .into_iter()
            .map(|(name, text)| (format!("docs/{name}"), text)),
    );
    for (file, text) in &files {
        for gone in ["../shared", "SCHEMA.md", "DESIGN.md"] {
            assert!(
                !text.contains(gone),
                "{file} names {gone}: point at docs/format.md"
            );
        }
    }
}

/// Every key the content format accepts (the serde field names of the raw structs,
/// src/load/raw.rs) is documented in the format reference, in Chinese and in English.
#[test]
fn the_format_reference_names_every_key_the_parser_accepts() {
    let raw = std::fs::read_to_string(repo().join("src/load/raw.rs")).unwrap();
    let keys = raw_keys(&raw);
    assert!(keys.len() >= 100, "read {} keys from raw.rs", keys.len());
    for (key, want) in [
        ("RawEvaluation", "type"),
        ("RawConfig", "static_checked"),
        ("RawGroup", "by_category_complete"),
    ] {
        assert!(
            keys.iter().any(|(s, k)| s == key && k == want),
            "{key}.{want}"
        );
    }
    for doc in ["docs/format.md", "docs/en/format.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        let missing: Vec<String> = keys
            .iter()
            .filter(|(_, k)| !text.contains(&format!("`{k}`")) && !text.contains(&format!(".{k}`")))
            .map(|(s, k)| format!("{s}: {k}"))
            .collect();
        assert!(
            missing.is_empty(),
            "{doc} does not document: {}",
            missing.join(", ")
        );
    }
}

#[test]
fn ci_recipes_parse_and_run_strict_check_and_build() {
    // Each recipe keeps the history of 更新记录, keeps its diagnostics and a fresh binary.
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(repo().join("docs/ci").join(name)).unwrap();
        let v: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(v.is_object(), "{name}");
        for step in [
            "gongkai check . --strict",
            "gongkai build . -o public",
            "public/",
            "cargo install --path",
            // 更新记录 continues the live site's history.
            "/data/manifest.json",
            "--previous previous-manifest.json",
            // A failed check leaves its diagnostics for review.
            "diagnostics.jsonl",
            // The cached binary follows the pinned gongkai commit.
            "git -C tools/gongkai rev-parse HEAD",
        ] {
            assert!(text.contains(step), "{name} lacks `{step}`");
        }
    }
}

/// The import chapter's example: its CSV, imported into a copy of the basic example, writes the
/// record file the chapter shows (docs/examples/tables/659001240007.yaml, without the file's
/// first line, a comment naming the source cells).
#[test]
fn the_import_example_in_the_guide_writes_the_file_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("basic");
    crate::support::copy_dir(&repo().join("docs/examples/basic"), &site);
    let out = gongkai(&[
        "import",
        "docs/examples/tables/绩效目标表.csv",
        "--site",
        site.to_str().unwrap(),
        "--region",
        "heping",
        "--year",
        "2024",
        "--kind",
        "goal",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written =
        std::fs::read_to_string(site.join("content/heping/2024/goals/659001240007.yaml")).unwrap();
    let shown =
        std::fs::read_to_string(repo().join("docs/examples/tables/659001240007.yaml")).unwrap();
    let body: String = written
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(body, shown);
}

/// Every field path a 部分公开 disclosure may name (src/disclose/fields.rs) is in the format
/// reference's table, in Chinese and in English.
#[test]
fn the_format_reference_lists_every_withholdable_field() {
    let src = std::fs::read_to_string(repo().join("src/disclose/fields.rs")).unwrap();
    let paths: Vec<&str> = src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("(Kind::"))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(
        paths.len() >= 40,
        "read {} paths from fields.rs",
        paths.len()
    );
    for doc in ["docs/format.md", "docs/en/format.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        let missing: Vec<&&str> = paths
            .iter()
            .filter(|p| !text.contains(&format!("`{p}`")))
            .collect();
        assert!(missing.is_empty(), "{doc} does not list: {missing:?}");
    }
}

/// The mapping keys of a parsed YAML value, at every depth.
fn keys_of(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys_of(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys_of(v, out)),
        _ => {}
    }
}

/// Every key the parser accepts is used in at least one example file under docs/examples/
/// (docs/examples/reference uses the ones the guide's other examples do not), so that each
/// key of the reference has an example that passes `check --strict`.
#[test]
fn every_key_has_an_example_that_builds() {
    let raw = std::fs::read_to_string(repo().join("src/load/raw.rs")).unwrap();
    let mut used = std::collections::BTreeSet::new();
    for e in walkdir::WalkDir::new(repo().join("docs/examples")) {
        let p = e.unwrap().into_path();
        let text = match p.extension().and_then(|x| x.to_str()) {
            Some("yaml") => std::fs::read_to_string(&p).unwrap(),
            Some("md") => {
                let t = std::fs::read_to_string(&p).unwrap();
                match t.strip_prefix("---\n").and_then(|r| r.split_once("\n---")) {
                    Some((front, _)) => front.to_string(),
                    None => continue,
                }
            }
            _ => continue,
        };
        if p.starts_with(repo().join("docs/examples/mistake")) {
            continue;
        }
        let v: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        keys_of(&v, &mut used);
    }
    let missing: Vec<String> = raw_keys(&raw)
        .into_iter()
        .filter(|(_, k)| !used.contains(k))
        .map(|(s, k)| format!("{s}: {k}"))
        .collect();
    assert!(
        missing.is_empty(),
        "no example uses: {}",
        missing.join(", ")
    );
}

/// The keys of the raw structs of src/load/raw.rs: (struct, key), serde's renames applied.
fn raw_keys(raw: &str) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut strukt: Option<String> = None;
    let mut rename: Option<String> = None;
    for line in raw.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("pub struct ") {
            strukt = Some(rest.split([' ', '{']).next().unwrap().to_string());
            continue;
        }
        if t == "}" {
            strukt = None;
        }
        if let Some(r) = t.strip_prefix("#[serde(rename = \"") {
            rename = Some(r[..r.find('"').unwrap()].to_string());
            continue;
        }
        let Some(s) = &strukt else { continue };
        if let Some(rest) = t.strip_prefix("pub ")
            && let Some((name, _)) = rest.split_once(':')
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            let key = rename.take().unwrap_or_else(|| name.to_string());
            keys.push((s.clone(), key));
        }
    }
    keys
}
