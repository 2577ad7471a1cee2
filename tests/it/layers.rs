//! The layers of ARCHITECTURE.md, checked on the source: every `crate::<module>` reference and
//! every `super::` chain that leaves its top module, in every `src/**/*.rs`, must point at the
//! same layer or one below it. `diag` may be used from every layer. A reference that goes up is
//! a failure unless it is listed in [`KNOWN`] with what is left to move; an entry of [`KNOWN`]
//! that no longer occurs is a failure too, so the list only shrinks. Unit tests (a `tests.rs`
//! file, or a `#[cfg(test)] mod …` at the end of a file) are not checked: they may build a site
//! with the whole driver.

use std::path::Path;

/// The layers, lowest first. Each holds the top modules (folders or files under `src/`) that
/// belong to it.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["load"],
    &["validate"],
    &["figures"],
    &["disclose"],
    &["view"],
    &["format"],
    &["output"],
    &["pipeline"],
    &["serve", "import", "cmd", "scaffold", "cli", "main", "lib"],
];

/// Usable from every layer.
const ANYWHERE: &[&str] = &["diag"];

/// Items defined at the crate root (`src/lib.rs`) that are not modules, and the layer that
/// owns them.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("Failure", "pipeline"),
    ("check", "pipeline"),
    ("build", "pipeline"),
    ("out_dir", "pipeline"),
    ("BuildOptions", "pipeline"),
    ("Report", "pipeline"),
    ("Progress", "pipeline"),
    ("Checked", "pipeline"),
    ("Inputs", "pipeline"),
];

/// References up a layer that remain, as (from top module, to top module): each says what is
/// left to move. Remove an entry when its references are gone (the test says so).
const KNOWN: &[(&str, &str, &str)] = &[];

fn layer(module: &str) -> Option<usize> {
    if ANYWHERE.contains(&module) {
        return None;
    }
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top module that owns a name at the crate root: itself, or the owner of a root item.
fn owner(name: String) -> String {
    ROOT_ITEMS
        .iter()
        .find(|(item, _)| *item == name)
        .map_or(name, |(_, owner)| owner.to_string())
}

/// The module path of a source file relative to `src/`: `render/dashboard/mod.rs` →
/// `[render, dashboard]`, `diag.rs` → `[diag]`, `lib.rs` → `[]` (the crate root).
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The top modules a line refers to through `crate::` (also `crate::{a, b::c}`).
fn crate_refs(line: &str, out: &mut Vec<String>) {
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `gongkai_crate::`, not ours
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                push_ident(item.trim(), out);
            }
        } else {
            push_ident(rest, out);
        }
    }
}

fn push_ident(s: &str, out: &mut Vec<String>) {
    let ident: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !ident.is_empty() && ident != "self" {
        out.push(ident);
    }
}

/// The top modules a line reaches through a `super::` chain that climbs to the crate root from
/// a file whose module path is `path`. Inline modules (`mod tests`) add a level the file path
/// does not show, so a chain inside one is read one level short: such a chain is counted only
/// when it climbs past the root even then, which a test module's `super::*` never does.
fn super_refs(line: &str, path: &[String], out: &mut Vec<String>) {
    let mut rest = line;
    while let Some(i) = rest.find("super::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i..];
        let mut depth = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            depth += 1;
            rest = r;
        }
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if depth >= path.len() && !path.is_empty() {
            push_ident(rest, out);
        }
    }
}

/// The references up a layer in one file's text: (line number, from module, to module).
fn violations(rel: &str, text: &str) -> Vec<(usize, String, String)> {
    let path = module_path(rel);
    let Some(from) = path.first().cloned().or_else(|| Some("lib".into())) else {
        return vec![];
    };
    let Some(from_layer) = layer(&from) else {
        return vec![];
    };
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        if line.starts_with("#[cfg(test)]")
            && lines
                .get(n + 1)
                .is_some_and(|next| next.starts_with("mod "))
        {
            break; // a module's unit tests may build a site with the whole driver
        }
        if code.starts_with("//") {
            continue;
        }
        let mut refs = Vec::new();
        crate_refs(code, &mut refs);
        super_refs(code, &path, &mut refs);
        for to in refs.into_iter().map(owner) {
            if to == from {
                continue;
            }
            if let Some(to_layer) = layer(&to)
                && to_layer > from_layer
            {
                out.push((n + 1, from.clone(), to));
            }
        }
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.file_name().is_some_and(|n| n == "tests.rs") {
            // a module's unit tests, which may build a site with the whole driver
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let src = crate::support::repo().join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 50, "found only {} source files", files.len());
    let mut unknown = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut bad = Vec::new();
    for (rel, text) in &files {
        let top = module_path(rel)
            .first()
            .cloned()
            .unwrap_or_else(|| "lib".into());
        if layer(&top).is_none() && !ANYWHERE.contains(&top.as_str()) {
            unknown.insert(top);
        }
        for (line, from, to) in violations(rel, text) {
            if KNOWN.iter().any(|(f, t, _)| *f == from && *t == to) {
                seen.insert((from, to));
            } else {
                bad.push(format!(
                    "src/{rel}:{line}: {from} refers to {to}, a layer above it"
                ));
            }
        }
    }
    assert!(unknown.is_empty(), "top modules in no layer: {unknown:?}");
    assert!(bad.is_empty(), "references up a layer:\n{}", bad.join("\n"));
    let gone: Vec<_> = KNOWN
        .iter()
        .filter(|(f, t, _)| !seen.contains(&(f.to_string(), t.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer occur, remove from KNOWN: {gone:?}"
    );
}

#[test]
fn a_reference_up_a_layer_is_found() {
    let v = violations("model/mod.rs", "use crate::disclose::markers::Segment;\n");
    assert_eq!(v, vec![(1, "model".into(), "disclose".into())]);
    let v = violations(
        "view/pages.rs",
        "    let d = crate::format::search::docs(site);\n",
    );
    assert_eq!(v, vec![(1, "view".into(), "format".into())]);
    let v = violations(
        "load/walk.rs",
        "use crate::{diag, model, pipeline::Checked};\n",
    );
    assert_eq!(v, vec![(1, "load".into(), "pipeline".into())]);
    let v = violations(
        "figures/relations/numbers.rs",
        "use super::super::super::disclose;\n",
    );
    assert_eq!(v, vec![(1, "figures".into(), "disclose".into())]);
    let v = violations("model/mod.rs", "pub use crate::Failure;\n");
    assert_eq!(v, vec![(1, "model".into(), "pipeline".into())]);
    // a test helper in the middle of a file does not end the check; a test module does
    let text = "#[cfg(test)]\nfn helper() {}\nuse crate::view::pages;\n\
                #[cfg(test)]\nmod tests {\n    use crate::pipeline::check;\n}\n";
    let v = violations("disclose/mod.rs", text);
    assert_eq!(v, vec![(3, "disclose".into(), "view".into())]);
}

#[test]
fn references_down_within_or_to_diag_pass() {
    let ok = "use crate::model::Text;\nuse crate::diag::Diagnostic;\nuse super::form;\n\
              // use crate::pipeline::check; (a comment)\nuse crate::figures::stated;\n";
    assert_eq!(violations("disclose/gate/mod.rs", ok), vec![]);
    assert_eq!(
        violations(
            "figures/relations/numbers.rs",
            "use super::super::stated::Value;\n"
        ),
        vec![]
    );
    assert_eq!(violations("model/form.rs", "    use super::*;\n"), vec![]);
}
