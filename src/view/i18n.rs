//! Interface strings: the theme's i18n tables (zh-CN and en), with display names of the
//! vocabulary and number formatting in the page's language.
//!
//! A key missing from the language's table falls back to the Chinese table and is reported once
//! as a build warning. No I/O here: tables arrive as JSON text.

use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

pub struct I18n {
    pub lang: Language,
    table: BTreeMap<String, String>,
    fallback: BTreeMap<String, String>,
    missing: Mutex<BTreeSet<String>>,
}

impl I18n {
    /// Tables as JSON objects of key → string; `fallback` is the zh-CN table.
    pub fn new(lang: Language, table_json: &str, fallback_json: &str) -> Result<I18n, String> {
        let parse = |s: &str| {
            serde_json::from_str::<BTreeMap<String, String>>(s).map_err(|e| e.to_string())
        };
        Ok(I18n {
            lang,
            table: parse(table_json)?,
            fallback: parse(fallback_json)?,
            missing: Mutex::new(BTreeSet::new()),
        })
    }

    /// The string for `key`; a missing key is remembered for a warning.
    pub fn t(&self, key: &str) -> String {
        if let Some(v) = self.table.get(key) {
            return v.clone();
        }
        if let Ok(mut m) = self.missing.lock() {
            m.insert(key.to_string());
        }
        self.fallback
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// `t(key)` with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.t(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// The whole table, for templates (`t.key`).
    pub fn table(&self) -> BTreeMap<String, String> {
        let mut all = self.fallback.clone();
        all.extend(self.table.clone());
        all
    }

    /// Keys of the fallback table that this language lacks, plus keys asked for but missing.
    pub fn warnings(&self, theme_path: &str) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let mut keys: BTreeSet<String> = self
            .fallback
            .keys()
            .filter(|k| !self.table.contains_key(*k))
            .cloned()
            .collect();
        if let Ok(m) = self.missing.lock() {
            keys.extend(m.iter().filter(|k| !self.table.contains_key(*k)).cloned());
        }
        let code = self.lang.code();
        for k in keys {
            diags.push(
                Diagnostic::error(rule::I18N_MISSING, theme_path, 0, 0)
                    .msg(crate::said!(
                        "{code} 界面文字表中没有 `{k}` 的文字",
                        "the {code} interface table has no string for `{k}`"
                    ))
                    .hint(crate::said!(
                        "在 i18n/{code}.json 中加上 \"{k}\": \"…\"",
                        "add \"{k}\": \"…\" to i18n/{code}.json"
                    )),
            );
        }
        diags
    }

    pub fn zh(&self) -> bool {
        self.lang == Language::Zh
    }

    /// A vocabulary value in the page's language.
    /// In English, the table's `vocab_<name>` string (`vocab_key_fiscal`: "Key fiscal
    /// evaluation"), else the English name with its first letter capitalised.
    pub fn name(&self, zh: &'static str, en: &'static str) -> String {
        if self.zh() {
            return zh.to_string();
        }
        if let Some(v) = self.table.get(&format!("vocab_{}", en.replace('-', "_"))) {
            return v.clone();
        }
        let spaced = en.replace('-', " ");
        let mut c = spaced.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    pub fn kind(&self, k: Kind) -> String {
        if self.zh() {
            k.zh().to_string()
        } else {
            self.t(&format!("kind_{}", k.folder().replace('-', "_")))
        }
    }

    pub fn reason(&self, r: Reason) -> String {
        self.name(r.zh(), r.en())
    }

    /// The fixed marker that stands in for a withheld value.
    pub fn marker(&self, r: Reason) -> String {
        markers::marker_text(r.zh(), self.marker_lang())
    }

    pub fn marker_lang(&self) -> markers::Lang {
        if self.zh() {
            markers::Lang::Zh
        } else {
            markers::Lang::En
        }
    }

    pub fn money(&self, m: &Money) -> String {
        crate::figures::money_text(m, self.lang)
    }

    /// A count with digit grouping: 4,317.
    pub fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// A date in the page's language: 2025年6月30日, 30 June 2025.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        if self.zh() {
            d.format("%Y年%-m月%-d日").to_string()
        } else {
            d.format("%-d %B %Y").to_string()
        }
    }

    pub fn year(&self, y: i32) -> String {
        format!("{y}{}", self.t("year_suffix"))
    }
}

use crate::model::markers;
