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

/// One site-wide table, how many body-years it gathers, and its digest.
pub struct Bulk {
    pub table: DataTable,
    pub parts: usize,
    /// The digest of everything its files and descriptions are made from besides the
    /// interface language ([`digest_of`] its parts' digests).
    pub digest: [u8; 32],
    /// Each body's year's part's digest ([`part_digest`]), by body id and year; None for a
    /// year of the kind without a part (no indicators).
    pub part_digests: PartDigests,
}

/// The digests of a site-wide table's parts by body id and year (None: no part).
pub type PartDigests = Vec<((String, i32), Option<[u8; 32]>)>;

/// A SHA-256 of fields each written length-first, so that no two sequences of fields write
/// alike.
struct Framed(sha2::Sha256);

impl Framed {
    fn new() -> Framed {
        Framed(sha2::Digest::new())
    }

    fn put(&mut self, s: &[u8]) {
        use sha2::Digest;
        self.0.update((s.len() as u64).to_le_bytes());
        self.0.update(s);
    }

    fn count(&mut self, n: usize) {
        self.put(&(n as u64).to_le_bytes());
    }

    fn finish(self) -> [u8; 32] {
        sha2::Digest::finalize(self.0).into()
    }
}

/// The digest of a body's year's part of a site-wide table: the body, the year and the yearly
/// table (caption, columns, every cell).
pub fn part_digest(id: &str, name: &str, year: i32, t: &DataTable) -> [u8; 32] {
    let mut h = Framed::new();
    h.put(id.as_bytes());
    h.put(name.as_bytes());
    h.put(&year.to_le_bytes());
    h.put(t.file.as_bytes());
    h.put(t.caption.as_bytes());
    h.put(format!("{:?}", t.columns).as_bytes());
    h.count(t.totals);
    h.count(t.rows.len());
    for row in &t.rows {
        h.count(row.len());
        for d in row {
            h.put(d.text.as_bytes());
            h.put(d.raw.as_bytes());
            h.count(d.missing);
        }
    }
    h.finish()
}

/// The digest of the site-wide table of kind `k` (its indicators when `ind`) whose parts have
/// these digests, in order: with its file, caption and leading columns, everything its files
/// and descriptions are made from besides the interface language.
pub fn digest_of(i: &I18n, k: Kind, ind: bool, parts: &[[u8; 32]]) -> [u8; 32] {
    let (file, caption) = named(i, k, ind);
    let mut h = Framed::new();
    h.put(file.as_bytes());
    h.put(caption.as_bytes());
    h.put(format!("{:?}", leading(i)).as_bytes());
    h.count(parts.len());
    for p in parts {
        h.put(p);
    }
    h.finish()
}

/// The bodies' years (by index) that have records or stubs of kind `k`: those that may have a
/// part of its site-wide tables.
pub fn years_of(site: &PublicSite, k: Kind) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (ri, r) in site.regions().iter().enumerate() {
        for (yi, y) in r.years().iter().enumerate() {
            let present = y.records().iter().any(|p| p.record().kind == k)
                || y.stubs().iter().any(|s| s.kind() == k);
            if present {
                out.push((ri, yi));
            }
        }
    }
    out
}

/// The `ri`th body's `yi`th year's part of the site-wide table of kind `k` (its indicators
/// when `ind`): its yearly table, if it has one.
pub fn part(
    site: &PublicSite,
    i: &I18n,
    k: Kind,
    ind: bool,
    (ri, yi): (usize, usize),
) -> Option<DataTable> {
    let r = &site.regions()[ri];
    let y = &r.years()[yi];
    if ind {
        super::exports::indicator_table(i, r, y, k)
    } else {
        Some(super::exports::kind_table(i, site, r, y, k))
    }
}

/// A site-wide table's file (without extension) and caption.
pub fn named(i: &I18n, k: Kind, ind: bool) -> (String, String) {
    if ind {
        let c = i.fill("data_bulk_indicators", &[("kind", i.kind(k))]);
        (format!("data/{}-indicators", k.folder()), c)
    } else {
        let c = i.fill("data_bulk_title", &[("kind", i.kind(k))]);
        (format!("data/{}", k.folder()), c)
    }
}

/// The columns every site-wide table starts with: the body and the year.
fn leading(i: &I18n) -> Vec<Column> {
    vec![
        Column::new("region_id", i.t("data_region_id"), ColType::Text),
        Column::new("region", i.t("region"), ColType::Text),
        Column::new("year", i.t("year"), ColType::Integer),
    ]
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

/// The site-wide table of kind `k` (its indicators when `ind`), if any body has one: the
/// yearly tables one after another, each row with its body and year in front.
pub fn table(site: &PublicSite, i: &I18n, k: Kind, ind: bool) -> Option<Bulk> {
    use rayon::prelude::*;
    // Each year's part with its digest, in parallel; only the values the files print (`raw`,
    // `missing`) are kept of each cell: a large site's tables are as large as its records.
    let made: Vec<_> = years_of(site, k)
        .into_par_iter()
        .map(|at| {
            let r = &site.regions()[at.0];
            let year = r.years()[at.1].year();
            let t = part(site, i, k, ind, at).map(|mut t| {
                let digest = part_digest(r.id(), r.name(), year, &t);
                for cell in t.rows.iter_mut().flatten() {
                    cell.text = String::new();
                }
                (digest, t)
            });
            (at.0, at.1, t)
        })
        .collect();
    let mut part_digests = Vec::new();
    let mut years: Vec<(&str, &str, i32, DataTable)> = Vec::new();
    for (ri, yi, t) in made {
        let r = &site.regions()[ri];
        let year = r.years()[yi].year();
        part_digests.push(((r.id().to_string(), year), t.as_ref().map(|(d, _)| *d)));
        years.extend(t.map(|(_, t)| (r.id(), r.name(), year, t)));
    }
    let mut columns = leading(i);
    columns.extend(years.first()?.3.columns.iter().cloned());
    let digests: Vec<[u8; 32]> = part_digests.iter().filter_map(|(_, d)| *d).collect();
    let digest = digest_of(i, k, ind, &digests);
    let parts = years.len();
    let mut rows = Vec::with_capacity(years.iter().map(|y| y.3.rows.len()).sum());
    let printed = |s: String| Datum {
        text: String::new(),
        raw: s,
        missing: 0,
    };
    for (id, name, year, t) in years {
        for row in t.rows {
            let mut r = Vec::with_capacity(3 + row.len());
            r.push(printed(id.to_string()));
            r.push(printed(name.to_string()));
            r.push(printed(year.to_string()));
            r.extend(row);
            rows.push(r);
        }
    }
    let (file, caption) = named(i, k, ind);
    Some(Bulk {
        table: DataTable {
            file,
            caption,
            columns,
            rows,
            totals: 0,
        },
        parts,
        digest,
        part_digests,
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
    // The three files of a table at once (the workbook takes as long as the other two).
    let ((csv, json), xlsx) = rayon::join(
        || {
            rayon::join(
                || Output {
                    path: t.csv_url(),
                    bytes: data::csv_headed(t, &headers),
                },
                || Output {
                    path: t.json_url(),
                    bytes: data::json(t),
                },
            )
        },
        || {
            // Each row's cells are made as the sheet is written, borrowing the table's values.
            let rows = t
                .rows
                .iter()
                .map(|row| cols.iter().map(|c| data::xlsx_cell(row, c)).collect());
            xlsx::workbook_bytes(&t.caption, &headers, rows).map(|bytes| Output {
                path: xlsx_url(t),
                bytes,
            })
        },
    );
    let mut out = vec![csv, json];
    out.extend(xlsx);
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
