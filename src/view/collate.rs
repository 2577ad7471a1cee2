//! The order of Chinese names on pages: pinyin, as a reader finds a name in a printed list
//! (Unicode collation with the `zh` tailoring, ICU4X's compiled data), ties broken by the
//! code points so the order is total and the same on every machine. No I/O here.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::cmp::Ordering;
use std::sync::OnceLock;

fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static C: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    C.get_or_init(|| {
        Collator::try_new(
            icu_locale_core::locale!("zh").into(),
            CollatorOptions::default(),
        )
        .ok()
    })
    .as_ref()
}

/// Two names in pinyin order (then by code point, so distinct names never tie).
pub fn cmp(a: &str, b: &str) -> Ordering {
    collator()
        .map_or(Ordering::Equal, |c| c.compare(a, b))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_pinyin() {
        let mut v = vec![
            "卫生健康委员会",
            "教育局",
            "农业农村局",
            "财政局",
            "水利局",
            "交通运输局",
        ];
        v.sort_by(|a, b| cmp(a, b));
        assert_eq!(
            v,
            [
                "财政局",
                "交通运输局",
                "教育局",
                "农业农村局",
                "水利局",
                "卫生健康委员会"
            ]
        );
        assert_eq!(cmp("abc", "abc"), Ordering::Equal);
        assert_ne!(cmp("Abc", "abc"), Ordering::Equal);
    }
}
