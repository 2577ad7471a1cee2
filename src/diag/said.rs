//! What gongkai says to the people who write the records, in both languages of its interface.
//!
//! Every diagnostic message and hint is a [`Said`]: the Chinese and the English text, each
//! written for its reader (not word for word). Which one a log shows is a [`Lang`], chosen once
//! by the command (`--lang`, else the site's `language`, else `LANG`).

use std::fmt;

/// A language of the command-line interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese: the default.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language a tag names: `zh`, `zh-CN`, `zh_CN.UTF-8`, `zh-Hans` … are Chinese; `en`,
    /// `en-US`, `en_GB.UTF-8` … are English; anything else is none.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a `LANG`-style locale: Chinese for `zh_*`, English for any other set
    /// locale (including `C` and `POSIX`), none when unset or empty.
    pub fn from_locale(locale: Option<&str>) -> Option<Lang> {
        let locale = locale.filter(|l| !l.is_empty())?;
        Some(Lang::from_tag(locale).unwrap_or(Lang::En))
    }
}

/// A sentence in Chinese and in English (boxed: diagnostics stay small).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Said(Box<Texts>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
struct Texts {
    zh: String,
    en: String,
}

impl Said {
    /// The same thing said in Chinese and in English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Said {
        Said(Box::new(Texts {
            zh: zh.into(),
            en: en.into(),
        }))
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.0.zh,
            Lang::En => &self.0.en,
        }
    }

    pub fn zh(&self) -> &str {
        &self.0.zh
    }

    pub fn en(&self) -> &str {
        &self.0.en
    }

    /// Both texts, for checks that must hold in every language (e.g. that no withheld value
    /// is named).
    pub fn texts(&self) -> [&str; 2] {
        [&self.0.zh, &self.0.en]
    }

    pub fn is_empty(&self) -> bool {
        self.0.zh.is_empty() && self.0.en.is_empty()
    }

    /// Each text changed by `f`, given its language.
    pub fn map(&self, f: impl Fn(Lang, &str) -> String) -> Said {
        Said::new(f(Lang::Zh, &self.0.zh), f(Lang::En, &self.0.en))
    }

    /// The two texts joined to those of `other` with `zh_sep` / `en_sep` between.
    pub fn join(&self, zh_sep: &str, en_sep: &str, other: &Said) -> Said {
        Said::new(
            format!("{}{zh_sep}{}", self.0.zh, other.0.zh),
            format!("{}{en_sep}{}", self.0.en, other.0.en),
        )
    }
}

impl fmt::Display for Said {
    /// The Chinese text (the interface's default language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.zh)
    }
}

/// A count of things in English, singular or plural: `1 error`, `2 errors`, `0 warnings`.
pub fn count_en(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A [`Said`] from two format strings, Chinese first, each capturing the variables it names:
/// `said!("`{field}` 不是金额", "`{field}` is not an amount of money")`.
#[macro_export]
macro_rules! said {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::diag::Said::new(format!($zh), format!($en))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales_choose_a_language() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr_FR"), None);
        assert_eq!(Lang::from_locale(Some("C.UTF-8")), Some(Lang::En));
        assert_eq!(Lang::from_locale(Some("zh_TW.UTF-8")), Some(Lang::Zh));
        assert_eq!(Lang::from_locale(Some("")), None);
        assert_eq!(Lang::from_locale(None), None);
    }

    #[test]
    fn the_macro_captures_what_each_text_names() {
        let field = "requested";
        let s = said!("`{field}` 不是金额", "`{field}` is not an amount of money");
        assert_eq!(s.get(Lang::Zh), "`requested` 不是金额");
        assert_eq!(s.get(Lang::En), "`requested` is not an amount of money");
    }
}
