//! E046: an id is published in URLs (records, regions, units), so it must not be made from a
//! withheld value: equal to one (case folded, or as ids are spelt: `XM 001` → `xm-001`),
//! containing one (ASCII, four characters or more), or a SHA-256 hex prefix (eight digits or
//! more) of one. Indexed, so a site of many thousand records is checked in one pass. No I/O
//! here; messages never repeat the value.

use super::{Hidden, Place};
use crate::diag::{Diagnostics, Said, rule};
use crate::said;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// A text folded as ids are written: lower case, runs of other characters as one `-`.
fn slug(t: &str) -> String {
    let mut out = String::new();
    for c in t.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn sha_hex(t: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(t.as_bytes()) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

const EQUAL: &str = "equal";
const CONTAINS: &str = "contains";
const HASHED: &str = "hashed";

/// Each (id, text, how) where id number `id` is made from text number `text`.
fn made_from(ids: &[&str], texts: &[&str]) -> Vec<(usize, usize, &'static str)> {
    let mut exact: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut needles: Vec<(String, usize)> = Vec::new();
    let mut hashes: Vec<(String, usize)> = Vec::new();
    for (n, t) in texts.iter().enumerate() {
        let lower = t.trim().to_lowercase();
        let folded = [slug(&lower), lower];
        for f in &folded {
            exact.entry(f.clone()).or_default().push(n);
        }
        if folded[1].is_ascii() && folded[1].len() >= 4 {
            needles.extend(folded.into_iter().filter(|f| f.len() >= 4).map(|f| (f, n)));
        }
        hashes.push((sha_hex(t.trim()), n));
    }
    hashes.sort();
    let ac = aho_corasick::AhoCorasick::new(needles.iter().map(|(f, _)| f)).ok();
    let mut out = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        let equal: BTreeSet<usize> = exact.get(*id).into_iter().flatten().copied().collect();
        out.extend(equal.iter().map(|&n| (i, n, EQUAL)));
        for m in ac.iter().flat_map(|ac| ac.find_overlapping_iter(*id)) {
            let n = needles[m.pattern().as_usize()].1;
            if !equal.contains(&n) {
                out.insert((i, n, CONTAINS));
            }
        }
        let parts = std::iter::once(*id).chain(id.split('-'));
        for s in parts.filter(|s| s.len() >= 8 && s.bytes().all(|b| b.is_ascii_hexdigit())) {
            let from = hashes.partition_point(|(h, _)| h.as_str() < s);
            for (_, n) in hashes[from..].iter().take_while(|(h, _)| h.starts_with(s)) {
                out.insert((i, *n, HASHED));
            }
        }
    }
    out.into_iter().collect()
}

/// Reports every published id made from a withheld text, once per pair of places.
pub(super) fn check(ids: &[(&str, Place)], hidden: &[Hidden], diags: &mut Diagnostics) {
    let names: Vec<&str> = ids.iter().map(|(id, _)| *id).collect();
    let texts: Vec<&str> = hidden.iter().map(|(t, _, _)| t.as_str()).collect();
    let mut seen = BTreeSet::new();
    for (i, n, how) in made_from(&names, &texts) {
        let (at, from) = (&ids[i].1, &hidden[n].1);
        if !seen.insert((at, from)) {
            continue;
        }
        let from = from.show();
        let message = match how {
            EQUAL => said!(
                "这里的 id 会出现在网址中，但它等于 {from} 不予公开的一个值：公众可以从网址读出这个值",
                "this id appears in web addresses, but it equals a withheld value of {from}: anyone can read the value from the address"
            ),
            CONTAINS => said!(
                "这里的 id 会出现在网址中，但它包含 {from} 不予公开的一个值：公众可以从网址读出这个值",
                "this id appears in web addresses, but it contains a withheld value of {from}: anyone can read the value from the address"
            ),
            _ => said!(
                "这里的 id 会出现在网址中，但它是 {from} 不予公开的一个值的 SHA-256 散列值的前缀：公众可以用网址核对猜测的值",
                "this id appears in web addresses, but it is the start of the SHA-256 hash of a withheld value of {from}: anyone can check a guessed value against the address"
            ),
        };
        diags.push(
            at.error(rule::DERIVED_ID).msg(message).hint(Said::new(
                "换一个与不予公开内容无关的 id，例如按年份和顺序编号：`yl-2024-01`",
                "choose an id unrelated to the withheld content, e.g. the year and a sequence number: `yl-2024-01`",
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn how(id: &str, text: &str) -> Option<&'static str> {
        made_from(&[id], &[text]).first().map(|h| h.2)
    }

    #[test]
    fn ids_made_from_withheld_values_are_recognised() {
        assert_eq!(how("xm-001", "XM-001"), Some(EQUAL));
        assert_eq!(how("xm-001", "XM 001"), Some(EQUAL));
        assert_eq!(how("acme-audit-2024", "ACME Audit"), Some(CONTAINS));
        assert_eq!(how("road-acme", "acme"), Some(CONTAINS));
        assert_eq!(how("road-acm", "acm1"), None, "too short to contain");
        assert_eq!(how("road", "乡村道路"), None);
        assert_eq!(
            sha_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let hex = sha_hex("某公司");
        assert_eq!(how(&hex[..8], "某公司"), Some(HASHED));
        assert_eq!(how(&format!("r-{}", &hex[..10]), "某公司"), Some(HASHED));
        assert_eq!(how(&hex[..7], "某公司"), None, "fewer than 8 hex digits");
    }

    #[test]
    fn many_ids_and_texts_are_checked_in_one_pass() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("road-{i:05}")).collect();
        let texts: Vec<String> = (0..20_000).map(|i| format!("某项目{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let start = std::time::Instant::now();
        assert!(made_from(&ids, &texts).is_empty());
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
