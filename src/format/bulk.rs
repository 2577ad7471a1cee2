//! The site-wide open data: for each record kind (and for the indicators of goals and
//! self-evaluations) one table of every body and every year, as CSV, JSON and Excel
//! (`data/goals.csv`, `data/goals.json`, `data/goals.xlsx`), and the 数据下载 page (`data/`)
//! that lists them.
//!
//! Each table is the yearly tables of `format::exports` one after another, each row with its
//! body's id and name and its year in front: nothing a yearly file does not already publish.
//! The CSV's and workbook's header is the column's title in the site's language, with its unit
//! (`资金总额（万元）`); the JSON keeps the yearly files' snake_case keys, which
//! `data/datapackage.json` gives beside each title. No I/O here.

use super::data::{self, FileCol, file_columns, table_type};
use super::xlsx;
use super::{Output, Renderer, template_error};
use crate::diag::Diagnostic;
use crate::disclose::PublicSite;
use crate::model::Kind;
use crate::view::i18n::I18n;
use crate::view::pages;
use crate::view::table::{ColType, Column, DataTable, Datum};
use serde::Serialize;

/// Where the 数据下载 page is published.
pub const URL: &str = "data/";

/// One site-wide table and how many body-years it gathers.
pub struct Bulk {
    pub table: DataTable,
    pub parts: usize,
}

impl Bulk {
    /// The digest of everything its files and descriptions are made from besides the
    /// interface language: the table (file, caption, columns, every cell) and its count of
    /// body-years. Cells are written length-first, so that no two tables write alike.
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let mut put = |s: &[u8]| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s);
        };
        let t = &self.table;
        put(t.file.as_bytes());
        put(t.caption.as_bytes());
        put(format!("{:?}", t.columns).as_bytes());
        put(&(t.totals as u64).to_le_bytes());
        put(&(self.parts as u64).to_le_bytes());
        for row in &t.rows {
            put(&(row.len() as u64).to_le_bytes());
            for d in row {
                put(d.text.as_bytes());
                put(d.raw.as_bytes());
                put(&(d.missing as u64).to_le_bytes());
            }
        }
        h.finalize().into()
    }
}

/// The yearly tables of kind `k` (its indicators when `indicators`), for every body and year
/// that has one, with the body and year each belongs to.
fn yearly(
    site: &PublicSite,
    i: &I18n,
    k: Kind,
    indicators: bool,
) -> Vec<(String, String, i32, DataTable)> {
    let mut out = Vec::new();
    for r in site.regions() {
        for y in r.years() {
            let present = y.records().iter().any(|p| p.record().kind == k)
                || y.stubs().iter().any(|s| s.kind() == k);
            if !present {
                continue;
            }
            let t = if indicators {
                super::exports::indicator_table(i, r, y, k)
            } else {
                Some(super::exports::kind_table(i, site, r, y, k))
            };
            if let Some(t) = t {
                out.push((r.id().to_string(), r.name().to_string(), y.year(), t));
            }
        }
    }
    out
}

/// The site-wide tables, in order: each kind's, then the indicators of the kinds that have them
/// (kind, and whether it is the indicators' table). Each is made by [`table`] when it is
/// written, so that a large site holds only the tables being written at once.
pub fn which() -> Vec<(Kind, bool)> {
    let with_indicators = [Kind::Goal, Kind::SelfEvaluation];
    let all = Kind::ALL.iter().map(|k| (*k, false));
    all.chain(with_indicators.into_iter().map(|k| (k, true)))
        .collect()
}

/// The site-wide table of kind `k` (its indicators when `ind`), if any body has one.
pub fn table(site: &PublicSite, i: &I18n, k: Kind, ind: bool) -> Option<Bulk> {
    let years = yearly(site, i, k, ind);
    let mut columns = vec![
        Column::new("region_id", i.t("data_region_id"), ColType::Text),
        Column::new("region", i.t("region"), ColType::Text),
        Column::new("year", i.t("year"), ColType::Integer),
    ];
    columns.extend(years.first()?.3.columns.iter().cloned());
    let parts = years.len();
    let mut rows = Vec::new();
    for (id, name, year, t) in years {
        for row in t.rows {
            let mut r = vec![
                Datum::text(id.clone()),
                Datum::text(name.clone()),
                Datum::count(year as u64),
            ];
            r.extend(row);
            rows.push(r);
        }
    }
    let (stem, caption) = if ind {
        let c = i.fill("data_bulk_indicators", &[("kind", i.kind(k))]);
        (format!("{}-indicators", k.folder()), c)
    } else {
        let c = i.fill("data_bulk_title", &[("kind", i.kind(k))]);
        (k.folder().to_string(), c)
    };
    Some(Bulk {
        table: DataTable {
            file: format!("data/{stem}"),
            caption,
            columns,
            rows,
            totals: 0,
        },
        parts,
    })
}

/// A site-wide table as published: its files, what the package descriptor says of it and
/// what the 数据下载 page lists.
pub struct Made {
    pub files: Vec<Output>,
    pub described: super::datapackage::Described,
    pub data_file: DataFile,
}

/// Make a site-wide table's files and descriptions.
pub fn make(i: &I18n, b: &Bulk) -> Made {
    let files = files(i, b);
    let xlsx = files.iter().any(|f| f.path.ends_with(".xlsx"));
    Made {
        files,
        described: super::datapackage::describe_bulk(i, &b.table, xlsx),
        data_file: data_file(i, b, xlsx),
    }
}

/// A column's header in the CSV and workbook: its title in the site's language, with its unit.
pub(super) fn header(i: &I18n, c: &FileCol) -> String {
    let unit = match c.kind {
        ColType::Money if !c.missing => i.t("data_unit_money"),
        ColType::Percent if !c.missing => i.t("data_unit_percent"),
        _ => return c.title.clone(),
    };
    i.fill(
        "data_header_unit",
        &[("title", c.title.clone()), ("unit", unit)],
    )
}

/// Where a table's workbook is published.
pub fn xlsx_url(t: &DataTable) -> String {
    format!("{}.xlsx", t.file)
}

/// A table's files: CSV (headed in the site's language), JSON (snake_case keys) and, when its
/// rows fit in a sheet, the workbook.
pub fn files(i: &I18n, b: &Bulk) -> Vec<Output> {
    let t = &b.table;
    let cols = file_columns(t, Some(i));
    let headers: Vec<String> = cols.iter().map(|c| header(i, c)).collect();
    let mut out = vec![
        Output {
            path: t.csv_url(),
            bytes: data::csv_headed(t, &headers),
        },
        Output {
            path: t.json_url(),
            bytes: data::json(t),
        },
    ];
    // Each row's cells are made as the sheet is written, borrowing the table's values.
    let rows = t
        .rows
        .iter()
        .map(|row| cols.iter().map(|c| data::xlsx_cell(row, c)).collect());
    if let Some(bytes) = xlsx::workbook_bytes(&t.caption, &headers, rows) {
        out.push(Output {
            path: xlsx_url(t),
            bytes,
        });
    }
    out
}

/// `data.html`, the 数据下载 page: each site-wide file with its fields.
#[derive(Serialize)]
pub struct DataPage {
    pub intro: String,
    pub package: &'static str,
    pub files: Vec<DataFile>,
}

#[derive(Serialize, serde::Deserialize, Clone)]
pub struct DataFile {
    pub name: String,
    pub title: String,
    pub summary: String,
    pub csv: String,
    pub json: String,
    /// Empty when the rows do not fit in a sheet.
    pub xlsx: String,
    pub fields: Vec<FieldDoc>,
}

#[derive(Serialize, serde::Deserialize, Clone)]
pub struct FieldDoc {
    /// The CSV's header.
    pub title: String,
    /// The JSON key.
    pub key: String,
    pub kind: String,
    pub description: String,
}

/// What the 数据下载 page says of a site-wide table.
pub fn data_file(i: &I18n, b: &Bulk, xlsx: bool) -> DataFile {
    let t = &b.table;
    let fields = file_columns(t, Some(i))
        .iter()
        .map(|c| FieldDoc {
            title: header(i, c),
            key: c.name.clone(),
            kind: i.t(&format!("data_type_{}", table_type(c.kind))),
            description: super::datapackage::field_description(i, c),
        })
        .collect();
    DataFile {
        name: t.file.trim_start_matches("data/").to_string(),
        title: t.caption.clone(),
        summary: i.fill(
            "data_bulk_summary",
            &[
                ("rows", i.int(t.rows.len() as u64)),
                ("parts", b.parts.to_string()),
            ],
        ),
        csv: t.csv_url(),
        json: t.json_url(),
        xlsx: if xlsx { xlsx_url(t) } else { String::new() },
        fields,
    }
}

/// The 数据下载 page.
pub fn page(site: &PublicSite, r: &Renderer, files: Vec<DataFile>) -> Result<Output, Diagnostic> {
    let i = &r.i18n;
    let view = DataPage {
        intro: i.t("data_intro"),
        package: "data/datapackage.json",
        files,
    };
    let ctx = pages::extra_context(
        site,
        i,
        URL,
        i.t("data_title"),
        i.t("data_description"),
        view,
    );
    let html = r
        .tera
        .render("data.html", &ctx)
        .map_err(|e| template_error("data.html", &e))?;
    Ok(Output {
        path: format!("{URL}index.html"),
        bytes: html.into_bytes(),
    })
}
