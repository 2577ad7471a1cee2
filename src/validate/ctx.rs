//! The validation context of one file: turns raw scalars into typed values, and every problem
//! into a diagnostic at the scalar's line and column.
//!
//! A file that withholds content is "quiet": messages name the field instead of repeating the
//! value (its lines are never quoted either: that is decided once, in `diag::source`). No I/O
//! here.

use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::load::raw::S;
use crate::load::yaml::pos;
use crate::model::markers;
use crate::model::value::{self, ValueError};
use crate::model::{Decimal, Money, MoneyUnit, Month, Percent, Text, Unit};
use crate::said;
use chrono::NaiveDate;

pub struct Ctx<'a> {
    pub path: &'a str,
    pub quiet: bool,
    pub money_unit: MoneyUnit,
    pub diags: &'a mut Diagnostics,
    /// Withheld passages found in text fields (for the audit).
    pub secrets: Vec<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(path: &'a str, money_unit: MoneyUnit, diags: &'a mut Diagnostics) -> Self {
        Ctx {
            path,
            quiet: false,
            money_unit,
            diags,
            secrets: Vec::new(),
        }
    }

    /// A diagnostic at a position in this file.
    pub fn at(&mut self, rule: &'static str, line: usize, col: usize, message: Said, hint: Said) {
        let d = Diagnostic::error(rule, self.path, line, col)
            .msg(message)
            .hint(hint);
        self.diags.push(d);
    }

    /// A diagnostic about the value `s` of `field`.
    pub fn bad(&mut self, rule: &'static str, field: &str, s: &S, e: ValueError) {
        let (line, col) = pos(s);
        let v = s.value.trim();
        if v.starts_with(['“', '”', '‘', '’'])
            && v.ends_with(['”', '’', '“'])
            && v.chars().count() > 1
        {
            // Chinese quotation marks are not quotes in YAML: they became part of the value.
            let msg = said!(
                "`{field}` 的值用了中文引号 `“ ”`：YAML 不把它们当作引号，它们成了值的一部分",
                "the value of `{field}` is in Chinese quotation marks `“ ”`: YAML does not take them for quotes, so they became part of the value"
            );
            let hint = said!(
                "换成英文半角引号，写成 `{field}: \"…\"`；或去掉引号",
                "use ASCII quotes, `{field}: \"…\"`, or none"
            );
            self.at(rule, line, col, msg, hint);
            return;
        }
        if self.quiet {
            let msg = said!(
                "`{field}` 的值写得不对（这条记录有不予公开的内容，所以这里不重复写出的值）",
                "the value of `{field}` is not valid (the value is not repeated here because this record withholds content)"
            );
            let hint = e.public_hint.unwrap_or_else(|| generic_hint(rule));
            self.at(rule, line, col, msg, hint);
        } else {
            let msg = e.message.map(|lang, m| match lang {
                crate::diag::Lang::Zh => format!("`{field}`：{m}"),
                crate::diag::Lang::En => format!("`{field}`: {m}"),
            });
            self.at(rule, line, col, msg, e.hint.into());
        }
    }

    fn check<T>(
        &mut self,
        rule: &'static str,
        field: &str,
        s: &S,
        r: Result<T, ValueError>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.bad(rule, field, s, e);
                None
            }
        }
    }

    pub fn money(&mut self, field: &str, s: &S) -> Option<Money> {
        let unit = self.money_unit;
        self.check(rule::BAD_MONEY, field, s, Money::parse(&s.value, unit))
    }

    pub fn percent(&mut self, field: &str, s: &S) -> Option<Percent> {
        self.check(rule::BAD_PERCENT, field, s, Percent::parse(&s.value))
    }

    pub fn decimal(&mut self, field: &str, s: &S) -> Option<Decimal> {
        self.check(rule::BAD_NUMBER, field, s, Decimal::parse(&s.value))
    }

    /// A score: a number from 0 to 100.
    pub fn score(&mut self, field: &str, s: &S) -> Option<Decimal> {
        let d = self.decimal(field, s)?;
        if d < Decimal::zero() || d > Decimal::from_int(100) {
            let v = &s.value;
            let e = ValueError::new(
                said!(
                    "得分要在 0 到 100 之间，这里写的是 {v}",
                    "a score must be between 0 and 100, not {v}"
                ),
                said!(
                    "写百分制的得分，如 85.5",
                    "write the score out of 100, e.g. 85.5"
                ),
            );
            self.bad(rule::BAD_NUMBER, field, s, e);
            return None;
        }
        Some(d)
    }

    pub fn count(&mut self, field: &str, s: &S) -> Option<u64> {
        self.check(rule::BAD_NUMBER, field, s, value::parse_count(&s.value))
    }

    pub fn date(&mut self, field: &str, s: &S) -> Option<NaiveDate> {
        self.check(rule::BAD_DATE, field, s, value::parse_date(&s.value))
    }

    pub fn month(&mut self, field: &str, s: &S) -> Option<Month> {
        self.check(rule::BAD_DATE, field, s, Month::parse(&s.value))
    }

    pub fn id(&mut self, field: &str, s: &S) -> Option<String> {
        self.check(rule::BAD_ID, field, s, value::validate_id(&s.value))
            .map(|_| s.value.clone())
    }

    /// An enumeration value, parsed by `parse`.
    pub fn vocab<T>(
        &mut self,
        field: &str,
        s: &S,
        parse: fn(&str) -> Result<T, ValueError>,
    ) -> Option<T> {
        self.check(rule::UNKNOWN_VALUE, field, s, parse(&s.value))
    }

    /// Plain text that may carry redaction markers; withheld passages go to `secrets`.
    pub fn text(&mut self, field: &str, s: &S) -> Text {
        let (line, col) = pos(s);
        self.text_at(field, &s.value, line, col)
    }

    /// Text starting at `line`/`col` of the file (a Markdown body or a scalar).
    pub fn text_at(&mut self, field: &str, text: &str, line: usize, col: usize) -> Text {
        match markers::parse(text) {
            Ok(r) => {
                self.secrets.extend(r.secrets.iter().cloned());
                Text {
                    segments: r.segments,
                }
            }
            Err(errors) => {
                for e in errors {
                    let l = line + e.line.saturating_sub(1);
                    let c = if e.line <= 1 {
                        col + e.col.saturating_sub(1)
                    } else {
                        e.col
                    };
                    let message = e.message.map(|lang, m| match lang {
                        crate::diag::Lang::Zh => format!("`{field}`：{m}"),
                        crate::diag::Lang::En => format!("`{field}`: {m}"),
                    });
                    let d = Diagnostic::error(rule::REDACT_MARKER, self.path, l, c)
                        .msg(message)
                        .hint(e.hint);
                    self.diags.push(d);
                }
                Text::default()
            }
        }
    }

    /// A value published as it stands, which cannot carry redaction markers: a marker in it,
    /// honoured form or near miss, is E042 (never published verbatim), with `hint` saying what
    /// to write instead. The value itself is not repeated.
    pub fn plain(&mut self, field: &str, s: &S, hint: &Said) -> String {
        let (line, col) = pos(s);
        self.plain_at(field, &s.value, line, col, hint);
        s.value.clone()
    }

    /// [`Ctx::plain`] for a text at `line`/`col` (a mapping key: a label in summary.yaml).
    pub fn plain_at(&mut self, field: &str, text: &str, line: usize, col: usize, hint: &Said) {
        if let Some((l, c)) = crate::model::nearmiss::first_marker(text) {
            let (line, col) = if l <= 1 {
                (line, col + c - 1)
            } else {
                (line + l - 1, c)
            };
            let message = said!(
                "`{field}`：这个字段原样公开，不能带不予公开标记（`{{redact …}}` 或 `::: redact`，包括全角、大写等近似写法），标记和其中的文字都会被公开",
                "`{field}` is published as written and cannot carry a redaction marker (`{{redact …}}` or `::: redact`, nor a near miss such as full-width or capitals): the marker and the text in it would both be published"
            );
            let d = Diagnostic::error(rule::REDACT_MARKER, self.path, line, col)
                .msg(message)
                .hint(hint.clone());
            self.diags.push(d);
        }
    }

    /// A unit id that must be listed in region.yaml.
    pub fn unit(&mut self, field: &str, s: &S, units: &[Unit]) -> Option<String> {
        if units.iter().any(|u| u.id == s.value) {
            return Some(s.value.clone());
        }
        let e = unknown_unit(&s.value, units);
        self.bad(rule::UNKNOWN_UNIT, field, s, e);
        None
    }
}

/// What is said of a unit id that region.yaml does not list: the unit it names by its name,
/// or a close id, or the list of units.
fn unknown_unit(v: &str, units: &[Unit]) -> ValueError {
    let known: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let (list_zh, list_en) = unit_lists(units);
    let written = normalize_name(v);
    let by_name = units
        .iter()
        .find(|u| !written.is_empty() && normalize_name(&u.name) == written);
    let close = known
        .iter()
        .map(|k| (strsim::levenshtein(v, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min();
    let public = if known.is_empty() {
        said!(
            "先在 region.yaml 的 `units:` 下列出这个单位",
            "list the unit under `units:` in region.yaml first"
        )
    } else {
        said!(
            "写 region.yaml 中的单位编号：{list_zh}；或先在 region.yaml 中加上这个单位",
            "use a unit id from region.yaml ({list_en}), or add the unit there"
        )
    };
    let (message, hint) = match (by_name, close) {
        (Some(u), _) => {
            let (id, name) = (&u.id, &u.name);
            (
                said!(
                    "要写单位编号，不写单位名称：“{name}”的编号是 `{id}`",
                    "write the unit's id, not its name: {name} is unit `{id}`"
                ),
                said!("写 `unit: {id}`（{name}）", "write `unit: {id}` ({name})"),
            )
        }
        (None, Some((_, k))) => (
            said!(
                "单位 `{v}` 不在本地区的 region.yaml 中",
                "unit `{v}` is not listed in this region's region.yaml"
            ),
            said!(
                "是不是要写 `{k}`？本地区的单位：{list_zh}",
                "did you mean `{k}`? units of this region: {list_en}"
            ),
        ),
        (None, None) => (
            said!(
                "单位 `{v}` 不在本地区的 region.yaml 中",
                "unit `{v}` is not listed in this region's region.yaml"
            ),
            public.clone(),
        ),
    };
    let public = if by_name.is_some() {
        said!(
            "写 region.yaml 中的单位编号，不写单位名称：{list_zh}",
            "write a unit id from region.yaml, not the unit's name: {list_en}"
        )
    } else {
        public
    };
    ValueError::new(message, hint).public(public)
}

/// The units of a region as listed in a message, in Chinese and in English.
fn unit_lists(units: &[Unit]) -> (String, String) {
    let list_en: Vec<String> = units
        .iter()
        .map(|u| format!("{} ({})", u.id, u.name))
        .collect();
    let list_en = list_en.join(", ");
    let list_zh: Vec<String> = units
        .iter()
        .map(|u| format!("`{}`（{}）", u.id, u.name))
        .collect();
    let list_zh = list_zh.join("、");
    (list_zh, list_en)
}

/// A unit's name as compared: without spaces (half- or full-width).
fn normalize_name(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn generic_hint(rule: &str) -> Said {
    match rule {
        rule::BAD_MONEY => said!(
            "金额写成 \"135.5万元\"、\"1.34亿元\" 或 \"36560元\" 这样，带上单位",
            "write an amount such as \"135.5万元\", \"1.34亿元\" or \"36560元\""
        ),
        rule::BAD_PERCENT => said!(
            "百分比写成 \"27.54%\" 这样，带上百分号",
            "write a percentage such as \"27.54%\""
        ),
        rule::BAD_DATE => said!(
            "日期写成 2025-06-30，月份写成 2023-05",
            "write a date as 2025-06-30 or a month as 2023-05"
        ),
        rule::BAD_NUMBER => said!(
            "写一个普通的数，如 86 或 98.5",
            "write a plain number such as 86 or 98.5"
        ),
        rule::UNKNOWN_UNIT => said!(
            "写 region.yaml 中列出的单位编号",
            "use a unit id listed in region.yaml"
        ),
        rule::BAD_ID => said!(
            "编号只用小写英文字母、数字和连字符，如 yl-2023-road-01",
            "ids use lowercase letters, digits and hyphens, e.g. yl-2023-road-01"
        ),
        _ => said!(
            "这个键可以写哪些值，见 docs/format.md",
            "see docs/format.md for the values this key accepts"
        ),
    }
}
