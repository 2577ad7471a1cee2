//! The files a preview serves, in memory, grouped in chunks by folder (`r/2024/goals`), so
//! that publishing a new build to the server copies only the chunks that changed: a chunk is
//! shared between builds until it is written to. No I/O here.

use std::collections::BTreeMap;
use std::sync::Arc;

type Chunk = BTreeMap<String, Arc<Vec<u8>>>;

/// Output path → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    chunks: BTreeMap<String, Arc<Chunk>>,
}

/// The chunk of a path: its folders, at most three deep.
fn chunk_of(path: &str) -> &str {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    match dir.match_indices('/').nth(2) {
        Some((i, _)) => &dir[..i],
        None => dir,
    }
}

impl Files {
    pub fn get(&self, path: &str) -> Option<&Arc<Vec<u8>>> {
        self.chunks.get(chunk_of(path))?.get(path)
    }

    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.insert_shared(path, Arc::new(bytes));
    }

    /// Insert bytes that may be shared with other builds.
    pub fn insert_shared(&mut self, path: String, bytes: Arc<Vec<u8>>) {
        let chunk = self.chunks.entry(chunk_of(&path).to_string()).or_default();
        Arc::make_mut(chunk).insert(path, bytes);
    }

    pub fn remove(&mut self, path: &str) {
        let key = chunk_of(path);
        if let Some(chunk) = self.chunks.get_mut(key) {
            if chunk.contains_key(path) {
                Arc::make_mut(chunk).remove(path);
            }
            if chunk.is_empty() {
                self.chunks.remove(key);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.chunks.values().map(|c| c.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// Every path with its bytes, in order within each chunk.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
        self.chunks.values().flat_map(|c| c.iter())
    }

    /// Every path, in order within each chunk.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.chunks.values().flat_map(|c| c.keys())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_by_folder_and_copies_only_what_changes() {
        assert_eq!(chunk_of("r/2024/goals/a/index.html"), "r/2024/goals");
        assert_eq!(chunk_of("index.html"), "");
        assert_eq!(chunk_of("assets/x.css"), "assets");
        let mut a = Files::default();
        a.insert("r/2024/goals/a/index.html".into(), b"a".to_vec());
        a.insert("index.html".into(), b"i".to_vec());
        let mut b = a.clone();
        b.insert("index.html".into(), b"j".to_vec());
        assert_eq!(a.get("index.html").unwrap().as_slice(), b"i");
        assert_eq!(b.get("index.html").unwrap().as_slice(), b"j");
        assert!(Arc::ptr_eq(
            &a.chunks["r/2024/goals"],
            &b.chunks["r/2024/goals"]
        ));
        b.remove("r/2024/goals/a/index.html");
        assert_eq!((a.len(), b.len()), (2, 1));
        assert!(!b.chunks.contains_key("r/2024/goals"));
    }
}
