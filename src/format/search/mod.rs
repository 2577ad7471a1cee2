//! The site's search: an index built from the public model, written under `search/`, and the
//! small script that reads it (`themes/default/static/search.js`).
//!
//! The index is made of script files that hand their data to the search page
//! (`gongkaiSearchData(name, data)`), so that search works from any web server path and from
//! the file system alike, with nothing fetched from outside:
//!
//! - `search/meta.<hash>.js`: counts, the regions, kinds and years for the filters, the runs
//!   of documents that share a region, year and kind (documents are numbered newest year first,
//!   then by address, so a run is a range of numbers), and the synonym table;
//! - `search/shards/<n>.js`: the postings of the tokens whose hash falls in shard n (hex);
//! - `search/docs/<n>.js`: what a result shows, for a fixed number of documents each, with the
//!   numbers and ids of the other documents of its project.
//!
//! File names hold only numbers and hashes. Built from `&PublicSite` only: withheld fields and
//! passages never become tokens or text (see `docs`). No I/O here.

pub mod postings;
pub mod tokens;

/// The search documents are views (`view::search`); the index reads them as `docs`.
use crate::view::search as docs;

use crate::disclose::PublicSite;
use crate::format::Output;
use crate::view::i18n::I18n;
use docs::{Doc, one_line};
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};

/// The size a file of documents should stay under, on average.
pub const CHUNK_TARGET_BYTES: usize = 2 * 1024;

/// The search's output files and the paths templates link to.
pub struct Search {
    /// The index, under `search/`, and the script, under `assets/`.
    pub files: Vec<Output>,
    /// Where the script is published (with its content hash).
    pub script: String,
    /// Where the index's meta file is published (with its content hash).
    pub meta: String,
}

impl Search {
    /// The template global `search`: `{ script, meta }`.
    pub fn paths(&self) -> serde_json::Value {
        json!({ "script": self.script, "meta": self.meta })
    }
}

/// Build the index of a site, and publish `script` (the search page's script) beside it, from
/// its documents at once (builds make it block by block: [`build_from_blocks`]).
pub fn build(site: &PublicSite, i: &I18n, script: &str) -> Search {
    build_from_docs(site, i, docs::collect(site, i), script)
}

/// The index of given documents (in index order).
pub fn build_from_docs(site: &PublicSite, i: &I18n, mut docs: Vec<Doc>, script: &str) -> Search {
    let mut postings = postings::Postings::default();
    for (n, d) in docs.iter_mut().enumerate() {
        postings.add(n as u32, &d.strong, &d.weak);
        d.strong = String::new();
        d.weak = String::new();
    }
    let docs: Vec<&Doc> = docs.iter().collect();
    finish(site, i, &docs, postings, script)
}

/// The documents of one body's year, in index order, with their postings (numbered from 0
/// within the block). A body's year is a run of the index: documents are ordered by year, then
/// body, first. The documents' searched text is let go once it is in the postings.
pub struct Block {
    pub docs: Vec<Doc>,
    pub postings: postings::Postings,
}

/// The block of the `yi`th year of the `ri`th body.
pub fn year_block(i: &I18n, site: &PublicSite, ri: usize, yi: usize) -> Block {
    let mut docs = docs::year_block_docs(i, site, ri, yi);
    let mut postings = postings::Postings::default();
    for (n, d) in docs.iter_mut().enumerate() {
        postings.add(n as u32, &d.strong, &d.weak);
        d.strong = String::new();
        d.weak = String::new();
    }
    Block { docs, postings }
}

/// The index of blocks of documents, in the order of [`docs::places`]: the same index as
/// [`build`] makes of the site (a test compares them).
pub fn build_from_blocks(
    site: &PublicSite,
    i: &I18n,
    blocks: &[std::sync::Arc<Block>],
    script: &str,
) -> Search {
    let mut postings = postings::Postings::default();
    let mut offset = 0u32;
    for b in blocks {
        postings.append(&b.postings, offset);
        offset += b.docs.len() as u32;
    }
    let docs: Vec<&Doc> = blocks.iter().flat_map(|b| &b.docs).collect();
    finish(site, i, &docs, postings, script)
}

fn finish(
    site: &PublicSite,
    i: &I18n,
    docs: &[&Doc],
    postings: postings::Postings,
    script: &str,
) -> Search {
    let files = index_files(docs, postings);
    let version = short_hash(files.iter().map(|(_, text)| text.as_bytes()));
    let meta = meta_json(site, i, docs, &files, &version);
    let meta_text = wrap("meta", &meta);
    let meta_path = format!(
        "search/meta.{}.js",
        short_hash([meta_text.as_bytes()].into_iter())
    );
    let mut out: Vec<Output> = files
        .into_par_iter()
        .map(|(name, text)| Output {
            path: format!("search/{name}.js"),
            bytes: wrap(&name, &serde_json::Value::String(text)).into_bytes(),
        })
        .collect();
    out.push(Output {
        path: meta_path.clone(),
        bytes: meta_text.into_bytes(),
    });
    let js = super::asset("search.js", script.as_bytes());
    let script_path = js.path.clone();
    out.push(js);
    Search {
        files: out,
        script: script_path,
        meta: meta_path,
    }
}

/// Shards and documents: (name under `search/`, data). The documents' searched text was let
/// go once it was in the postings, and each intermediate form goes as soon as the next is made,
/// so a large site's index is not held several times over.
fn index_files(docs: &[&Doc], postings: postings::Postings) -> Vec<(String, String)> {
    let lines = postings.lines();
    drop(postings);
    let mut files: Vec<(String, String)> = postings::shards(&lines)
        .into_iter()
        .enumerate()
        .map(|(n, text)| (format!("shards/{n:x}"), text))
        .collect();
    drop(lines);
    let chunk = chunk_size(docs);
    let siblings = siblings(docs);
    let doc_files: Vec<(String, String)> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(n, c)| {
            let from = n * chunk;
            (
                format!("docs/{n}"),
                doc_lines(c, &siblings[from..from + c.len()], docs),
            )
        })
        .collect();
    files.extend(doc_files);
    files
}

/// For each document, the other documents of its project (same body, same project key), in
/// index order.
fn siblings(docs: &[&Doc]) -> Vec<Vec<u32>> {
    let mut groups: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for (n, d) in docs.iter().enumerate() {
        if !d.project.is_empty() {
            groups.entry(&d.project).or_default().push(n as u32);
        }
    }
    docs.iter()
        .enumerate()
        .map(|(n, d)| match groups.get(d.project.as_str()) {
            Some(ids) if !d.project.is_empty() => {
                ids.iter().copied().filter(|&m| m != n as u32).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// One line a document: title, url, unit, facts, excerpt, withheld reason, its project's other
/// documents (an encoded list) and their ids (empty where the id is this document's, `+rest`
/// where it is this one's followed by `rest`), tab-separated.
fn doc_lines(chunk: &[&Doc], siblings: &[Vec<u32>], docs: &[&Doc]) -> String {
    chunk
        .iter()
        .zip(siblings)
        .map(|(d, sib)| {
            let slugs: Vec<String> = sib
                .iter()
                .map(|&m| {
                    let other = &docs[m as usize].slug;
                    if other == &d.slug {
                        String::new()
                    } else if let Some(rest) = other.strip_prefix(d.slug.as_str()) {
                        format!("+{rest}")
                    } else {
                        other.clone()
                    }
                })
                .collect();
            let fields = [&d.title, &d.url, &d.unit, &d.facts, &d.excerpt, &d.withheld];
            let mut line: Vec<String> = fields.iter().map(|s| one_line(s)).collect();
            if !sib.is_empty() {
                line.push(postings::encode(sib));
                line.push(slugs.join(","));
            }
            line.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Documents a file (a power of two), so that a file stays near [`CHUNK_TARGET_BYTES`].
fn chunk_size(docs: &[&Doc]) -> usize {
    let bytes: usize = docs
        .iter()
        .map(|d| d.title.len() + d.url.len() + d.unit.len() + d.facts.len() + d.excerpt.len())
        .sum();
    let average = (bytes / docs.len().max(1)).max(1);
    let mut n = 4;
    while n < 256 && (n * 2) * average <= CHUNK_TARGET_BYTES {
        n *= 2;
    }
    n
}

fn meta_json(
    site: &PublicSite,
    i: &I18n,
    docs: &[&Doc],
    files: &[(String, String)],
    version: &str,
) -> serde_json::Value {
    let shards = files
        .iter()
        .filter(|(n, _)| n.starts_with("shards/"))
        .count();
    let years = site.years_newest_first();
    let regions: Vec<[&str; 2]> = site.regions().iter().map(|r| [r.id(), r.name()]).collect();
    let kinds: Vec<[String; 2]> = docs::kinds(i).into_iter().map(|(k, l)| [k, l]).collect();
    json!({
        "indexVersion": version,
        "docCount": docs.len(),
        "shardCount": shards,
        "chunkSize": chunk_size(docs),
        "regionList": regions,
        "kindList": kinds,
        "yearList": years,
        "groupRuns": runs(docs, &years),
        "synonyms": docs::synonyms(site),
    })
}

/// Runs of documents with the same region, year and kind: for each, the count, the region, the
/// year's place in `years` and the kind, written as [`postings::varints`] (about five
/// characters a run).
fn runs(docs: &[&Doc], years: &[i32]) -> String {
    let mut out: Vec<u64> = Vec::new();
    let mut last: Option<(usize, i32, usize)> = None;
    for d in docs {
        let key = (d.region, d.year, d.kind);
        if last == Some(key) {
            let n = out.len() - 4;
            out[n] += 1;
        } else {
            let year = years.iter().position(|y| *y == d.year).unwrap_or(0);
            out.extend([1, d.region as u64, year as u64, d.kind as u64]);
            last = Some(key);
        }
    }
    postings::varints(&out)
}

/// A data file: a call that hands `name`'s data to the search page. The two line separators
/// JSON allows in strings are escaped for older script engines.
fn wrap(name: &str, data: &serde_json::Value) -> String {
    let data = data
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("gongkaiSearchData(\"{name}\",{data});\n")
}

fn short_hash<'a>(parts: impl Iterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize()
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests;
