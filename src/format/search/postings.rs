//! Postings: for each token, the documents whose title (strong) or other text (weak) holds it,
//! encoded compactly and spread over shards by a hash of the token, so that a query fetches
//! only the shards of its own tokens.
//!
//! A posting list is a string: `=` and delta-coded document numbers, five bits a character, or
//! `~` and a bitmap, six bits a character, whichever is shorter; so no list is longer than a
//! sixth of the number of documents. The alphabet has no digits, quotes, slashes or percent
//! signs, so that encoded lists cannot look like a number, a quoted id or a URL. A shard is one
//! string of lines `token TAB strong TAB weak`, sorted by token. No I/O here.

use super::tokens;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The 64 characters of encoded lists.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$()*+,.;?@";

/// The size a shard should stay under, on average.
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;

/// The most shards an index is split into.
pub const MAX_SHARDS: usize = 4096;

/// FNV-1a (32 bits) of the token's UTF-8 bytes; `search.js` computes the same.
pub fn fnv1a(token: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Which of `shards` (a power of two) holds a token.
pub fn shard_of(token: &str, shards: usize) -> usize {
    fnv1a(token) as usize & (shards - 1)
}

/// A number as base-32 digits, the high ones first, each an [`ALPHABET`] character; a
/// character from the upper half of the alphabet means more digits follow.
fn push_varint(out: &mut String, mut n: u64) {
    let mut groups = [0usize; 13];
    let mut len = 0;
    loop {
        groups[len] = (n & 31) as usize;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for k in (0..len).rev() {
        let more = if k > 0 { 32 } else { 0 };
        out.push(ALPHABET[groups[k] + more] as char);
    }
}

/// Numbers as [`push_varint`] writes them, one after another.
pub fn varints(nums: &[u64]) -> String {
    let mut out = String::new();
    for &n in nums {
        push_varint(&mut out, n);
    }
    out
}

/// The numbers of [`varints`]; `None` for a malformed string.
pub fn read_varints(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut n = 0u64;
    for &c in s.as_bytes() {
        let d = ALPHABET.iter().position(|&a| a == c)? as u64;
        n = n.checked_mul(32)? + (d & 31);
        if d < 32 {
            out.push(n);
            n = 0;
        }
    }
    Some(out)
}

/// Document numbers (ascending) as `=` and the gaps (minus one), as [`varints`].
fn deltas(ids: &[u32]) -> String {
    let mut out = String::from("=");
    let mut prev: i64 = -1;
    for &id in ids {
        push_varint(&mut out, (i64::from(id) - prev - 1) as u64);
        prev = i64::from(id);
    }
    out
}

/// Document numbers as `~` and a bitmap, six documents a character, lowest bit first,
/// trailing empty characters left out.
fn bitmap(ids: &[u32]) -> String {
    let len = ids.last().map_or(0, |&l| l as usize / 6 + 1);
    let mut bits = vec![0usize; len];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(len + 1);
    out.push('~');
    out.extend(bits.iter().map(|&b| ALPHABET[b] as char));
    out
}

/// The shorter encoding of a list; the empty list is the empty string.
pub fn encode(ids: &[u32]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let d = deltas(ids);
    let last = *ids.last().unwrap_or(&0) as usize;
    if d.len() <= last / 6 + 2 {
        d
    } else {
        bitmap(ids)
    }
}

/// Decode an encoded list (the inverse of [`encode`]); `None` for a malformed one.
pub fn decode(s: &str) -> Option<Vec<u32>> {
    let digit = |c: u8| ALPHABET.iter().position(|&a| a == c);
    let mut out = Vec::new();
    match s.as_bytes().split_first() {
        None => {}
        Some((b'=', rest)) => {
            let (mut n, mut prev) = (0u64, -1i64);
            for &c in rest {
                let d = digit(c)? as u64;
                n = n * 32 + (d & 31);
                if d < 32 {
                    prev += n as i64 + 1;
                    out.push(u32::try_from(prev).ok()?);
                    n = 0;
                }
            }
        }
        Some((b'~', rest)) => {
            for (k, &c) in rest.iter().enumerate() {
                let d = digit(c)?;
                out.extend(
                    (0..6)
                        .filter(|b| d & (1 << b) != 0)
                        .map(|b| (k * 6 + b) as u32),
                );
            }
        }
        _ => return None,
    }
    Some(out)
}

/// FNV-1a for the token table: tokens are short, and SipHash's strength is not needed here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Strong and weak document lists of each token. A document is in a token's weak list only
/// when it is not in its strong one.
#[derive(Default)]
pub struct Postings {
    numbers: HashMap<String, u32, BuildHasherDefault<Fnv>>,
    lists: Vec<(Vec<u32>, Vec<u32>)>,
}

impl Postings {
    fn number(&mut self, token: &str) -> u32 {
        if let Some(&n) = self.numbers.get(token) {
            return n;
        }
        let n = self.lists.len() as u32;
        self.numbers.insert(token.to_string(), n);
        self.lists.push((Vec::new(), Vec::new()));
        n
    }

    /// Add document `id` (documents must be added in ascending order).
    pub fn add(&mut self, id: u32, strong: &str, weak: &str) {
        tokens::index_tokens(strong, |t| {
            let n = self.number(t) as usize;
            let list = &mut self.lists[n].0;
            if list.last() != Some(&id) {
                list.push(id);
            }
        });
        tokens::index_tokens(weak, |t| {
            let n = self.number(t) as usize;
            let (s, w) = &mut self.lists[n];
            if s.last() != Some(&id) && w.last() != Some(&id) {
                w.push(id);
            }
        });
    }

    /// Add the documents of `other`, numbered from `offset` on (after every document here).
    pub fn append(&mut self, other: &Postings, offset: u32) {
        for (token, &m) in &other.numbers {
            let n = self.number(token) as usize;
            let (s, w) = &other.lists[m as usize];
            let (to_s, to_w) = &mut self.lists[n];
            to_s.extend(s.iter().map(|id| id + offset));
            to_w.extend(w.iter().map(|id| id + offset));
        }
    }

    /// The strong and weak lists of a token.
    pub fn get(&self, token: &str) -> Option<&(Vec<u32>, Vec<u32>)> {
        self.numbers.get(token).map(|&n| &self.lists[n as usize])
    }

    /// The encoded lines, sorted by token.
    pub fn lines(&self) -> Vec<(String, String)> {
        use rayon::prelude::*;
        // Encoded in parallel; tokens are unique, so the order is the sort's alone.
        let mut v: Vec<(String, String)> = self
            .numbers
            .par_iter()
            .map(|(t, &n)| {
                let (s, w) = &self.lists[n as usize];
                (t.clone(), format!("{t}\t{}\t{}", encode(s), encode(w)))
            })
            .collect();
        v.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

/// How many shards (a power of two) keep the average shard under the target size.
pub fn shard_count(total_bytes: usize) -> usize {
    let mut n = 1;
    while n < MAX_SHARDS && total_bytes / n > SHARD_TARGET_BYTES {
        n *= 2;
    }
    n
}

/// The lines split into shards: each shard's text, lines in token order.
pub fn shards(lines: &[(String, String)]) -> Vec<String> {
    let total: usize = lines.iter().map(|(_, l)| l.len() + 1).sum();
    let n = shard_count(total);
    let mut out = vec![String::new(); n];
    for (token, line) in lines {
        let s = &mut out[shard_of(token, n)];
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_in_the_shorter_encoding() {
        let sparse = vec![0, 5, 40, 1000, 99_999];
        assert!(encode(&sparse).starts_with('='));
        assert_eq!(decode(&encode(&sparse)).unwrap(), sparse);
        let dense: Vec<u32> = (0..3000).filter(|n| n % 3 != 0).collect();
        let e = encode(&dense);
        assert!(e.starts_with('~') && e.len() <= 3000 / 6 + 2, "{}", e.len());
        assert_eq!(decode(&e).unwrap(), dense);
        assert_eq!(encode(&[]), "");
        assert_eq!(decode("").unwrap(), Vec::<u32>::new());
        assert_eq!(decode("=A").unwrap(), vec![0]);
        assert_eq!(decode("=BhA").unwrap(), vec![1, 34]);
        assert!(decode("=1").is_none() && decode("x").is_none());
    }

    #[test]
    fn varints_round_trip() {
        let v = vec![0, 1, 31, 32, 1023, 1024, 99_999, u64::from(u32::MAX)];
        assert_eq!(read_varints(&varints(&v)).unwrap(), v);
        assert_eq!(varints(&[0, 31, 32]), "AfhA");
        assert!(read_varints("1").is_none());
    }

    #[test]
    fn encoded_lists_hold_no_digits_quotes_or_slashes() {
        for c in ALPHABET.iter().chain(b"=~") {
            assert!(!c.is_ascii_digit() && !b"\"'\\/%<>&\t\n".contains(c), "{c}");
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 64);
    }

    #[test]
    fn the_hash_is_fnv1a_as_the_script_computes_it() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("道路"), fnv1a("道路"));
        assert!(shard_of("道路", 16) < 16);
        assert_eq!(shard_of("道路", 1), 0);
    }

    #[test]
    fn a_document_is_weak_only_where_it_is_not_strong() {
        let mut p = Postings::default();
        p.add(0, "道路养护", "道路 养护 桥梁");
        p.add(1, "桥梁", "道路");
        assert_eq!(p.get("道路"), Some(&(vec![0], vec![1])));
        assert_eq!(p.get("桥梁"), Some(&(vec![1], vec![0])));
        assert_eq!(p.get("隧道"), None);
        let lines = p.lines();
        assert!(lines.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(SHARD_TARGET_BYTES * 3), 4);
        assert_eq!(shard_count(usize::MAX), MAX_SHARDS);
    }
}
