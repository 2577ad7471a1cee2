//! Data tables that a page shows and `/data/` publishes: each cell holds the text a reader sees
//! and the plain value a spreadsheet reads (money in 万元, percentages in points, counts).
//!
//! The same [`DataTable`] is laid out as HTML by the templates and written as CSV and JSON by
//! `format::data`, so a download always matches the table beside its link. A sum that leaves
//! out withheld values keeps that count in [`Datum::missing`]; the download gets a column
//! saying so. Built from the public model only; no I/O here.

use super::figure_tables::computed_text;
use super::i18n::I18n;
use crate::figures::compute::Fig;
use crate::model::summary::{Stated, Value};
use crate::model::{Money, MoneyUnit};
use serde::Serialize;

/// The type of a column's plain values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    Text,
    Integer,
    /// Money in 万元.
    Money,
    /// Percentage points: `27.54` is 27.54%.
    Percent,
    Number,
    /// `2025-06-30`.
    Date,
}

impl ColType {
    pub fn numeric(self) -> bool {
        !matches!(self, ColType::Text | ColType::Date)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Machine name (CSV header): ASCII snake_case.
    pub name: String,
    /// Header in the page's language.
    pub label: String,
    pub kind: ColType,
    /// Right-aligned in HTML.
    pub num: bool,
    /// Fiscal Data Package budget phase of a money column: proposed, approved, adjusted, executed.
    #[serde(skip)]
    pub phase: Option<&'static str>,
}

impl Column {
    pub fn new(name: &str, label: String, kind: ColType) -> Column {
        Column {
            name: name.to_string(),
            label,
            kind,
            num: kind.numeric(),
            phase: None,
        }
    }

    /// A money column of a budget phase.
    pub fn phase(mut self, phase: &'static str) -> Column {
        self.phase = Some(phase);
        self
    }
}

/// One cell: what the page shows, the plain value, and how many withheld values a sum leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Datum {
    pub text: String,
    pub raw: String,
    pub missing: usize,
}

impl Datum {
    pub fn text(s: impl Into<String>) -> Datum {
        let s = s.into();
        Datum {
            raw: s.clone(),
            text: s,
            missing: 0,
        }
    }

    pub fn count(n: u64) -> Datum {
        Datum::text(n.to_string())
    }

    pub fn empty() -> Datum {
        Datum::default()
    }

    /// A stated figure as the body wrote it; a figure not written exactly ("约1600",
    /// "40%-50%") keeps its words in the download too.
    pub fn stated(i: &I18n, s: &Stated) -> Datum {
        Datum {
            text: super::figure_tables::stated_shown(i, s),
            // The plain value of a number column: empty where the figure has no single value
            // (its words and interval are in the download's own columns).
            raw: s.exact().map(raw).unwrap_or_default(),
            missing: 0,
        }
    }

    /// A number written exactly (a sum of stated counts, a count of records).
    pub fn value(i: &I18n, v: &Value) -> Datum {
        Datum {
            text: super::figure_tables::stated_text(i, v),
            raw: raw(v),
            missing: 0,
        }
    }

    /// A computed figure; a sum without withheld values says so.
    pub fn computed(i: &I18n, f: &Fig) -> Datum {
        Datum {
            text: computed_text(i, f),
            raw: raw(&f.value),
            missing: f.missing,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Money in 万元 as an exact decimal, without grouping: `2453.5`.
pub fn wan(m: &Money) -> String {
    m.as_decimal_in(MoneyUnit::Wan).to_string()
}

/// The plain value of a figure: money in 万元, percentages in points.
pub fn raw(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Money(m) => wan(m),
        Value::Percent(p) => p.0.normalized().to_string(),
        Value::Score(d) => d.normalized().to_string(),
        // A grade is not a number: the download carries it as written.
        Value::Grade(_) => String::new(),
    }
}

/// A table of a page, published under `/data/` as `{file}.csv` and `{file}.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataTable {
    /// Output path under the site without extension: `data/bozhou/2024/ex-ante-conclusions`.
    pub file: String,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Datum>>,
    /// Rows that sum the others (shown last, in bold).
    pub totals: usize,
}

impl DataTable {
    pub fn csv_url(&self) -> String {
        format!("{}.csv", self.file)
    }

    pub fn json_url(&self) -> String {
        format!("{}.json", self.file)
    }
}
