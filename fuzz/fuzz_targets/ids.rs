//! Fuzz target: ids, file names and output paths. What the validators accept must be safe
//! (an accepted id matches `[a-z0-9][a-z0-9-]{0,79}` and is no device name; an accepted file
//! name is one plain component; an accepted output path stays under its root), and every id
//! the hints propose must itself be accepted.

#![no_main]

use gongkai::load::names::check_name;
use gongkai::model::value::validate_id;
use gongkai::output::safe_rel;
use libfuzzer_sys::fuzz_target;
use std::path::{Component, Path};

fn plain_id(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=80).contains(&b.len())
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn device(s: &str) -> bool {
    let stem = s
        .split('.')
        .next()
        .unwrap_or(s)
        .trim_end_matches([' ', '.']);
    let up = stem.to_ascii_uppercase();
    ["CON", "PRN", "AUX", "NUL"].contains(&up.as_str())
        || (up.len() == 4
            && (up.starts_with("COM") || up.starts_with("LPT"))
            && up.as_bytes()[3].is_ascii_digit())
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match validate_id(s) {
        Ok(()) => assert!(plain_id(s) && !device(s), "accepted id {s:?}"),
        Err(e) => {
            assert!(!e.message.is_empty() && !e.hint.is_empty());
            if let Some(rest) = e.hint.en().strip_prefix("write \"") {
                let proposed = rest.split('"').next().unwrap();
                assert_eq!(validate_id(proposed), Ok(()), "{s:?} → {proposed:?}");
            }
        }
    }
    if check_name(s).is_ok() {
        assert!(
            !s.is_empty()
                && s != "."
                && s != ".."
                && !s.contains(['/', '\\', '\0', ':'])
                && !s.chars().any(char::is_control)
                && !device(s),
            "accepted name {s:?}"
        );
        assert!(safe_rel(s), "{s:?} is a name but not a path");
    }
    if safe_rel(s) {
        let root = Path::new("/staging");
        let joined = root.join(s);
        assert!(joined.starts_with(root), "{s:?} leaves the root");
        assert!(
            Path::new(s)
                .components()
                .all(|c| matches!(c, Component::Normal(_))),
            "{s:?} has a component that is not a plain name"
        );
    }
});
