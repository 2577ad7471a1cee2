//! Open data under `/data/`: every table the site shows, as CSV (UTF-8 with a byte-order mark,
//! so Excel shows Chinese) and as JSON, each described for `data/datapackage.json`
//! (`format::datapackage`).
//!
//! Built from `&PublicSite` only, through the same tables the pages show, so a download always
//! matches its page. A withheld value is an empty cell, never the value; a sum that leaves
//! withheld values out has a `<column>_withheld_count` column beside it. Output is
//! deterministic: fixed order, exact decimals, no time stamps. No I/O here.

use super::datapackage::{Described, describe};
use super::exports;
use crate::disclose::PublicSite;
use crate::model::Kind;
use crate::view::i18n::I18n;
use crate::view::table::{ColType, DataTable, Datum};
use crate::view::{dashboard, figure_tables, trend};

/// Every table of the site, in a fixed order.
pub fn tables(site: &PublicSite, i: &I18n) -> Vec<DataTable> {
    parts(site)
        .into_iter()
        .flat_map(|p| part_tables(site, i, p))
        .collect()
}

/// The tables are made in parts, in this order: the site-wide ones, then each body's trend,
/// then each body's years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Site,
    Trend(usize),
    Year(usize, usize),
}

pub fn parts(site: &PublicSite) -> Vec<Part> {
    let mut v = vec![Part::Site];
    for (ri, r) in site.regions().iter().enumerate() {
        v.push(Part::Trend(ri));
        v.extend((0..r.years().len()).map(|yi| Part::Year(ri, yi)));
    }
    v
}

fn part_tables(site: &PublicSite, i: &I18n, part: Part) -> Vec<DataTable> {
    match part {
        Part::Site => vec![
            exports::regions_table(i, site),
            exports::withheld_table(i, site),
        ],
        Part::Trend(ri) => trend::trend(i, &site.regions()[ri])
            .map(|t| t.table)
            .into_iter()
            .collect(),
        Part::Year(ri, yi) => {
            let r = &site.regions()[ri];
            let y = &r.years()[yi];
            let mut out = Vec::new();
            let figures = figure_tables::figure_tables(i, r, y);
            if !figures.is_empty() {
                out.push(figure_tables::figures_data(i, r, y, &figures));
            }
            out.extend(dashboard::panels(i, r, y).into_iter().map(|p| p.table));
            for k in Kind::ALL {
                let present = y.records().iter().any(|p| p.record().kind == *k)
                    || y.stubs().iter().any(|s| s.kind() == *k);
                if present {
                    out.push(exports::kind_table(i, site, r, y, *k));
                    out.extend(exports::indicator_table(i, r, y, *k));
                }
            }
            out
        }
    }
}

/// A table's two files, (path, bytes): its CSV and its JSON.
fn table_files(t: &DataTable) -> [(String, Vec<u8>); 2] {
    [(t.csv_url(), csv(t)), (t.json_url(), json(t))]
}

/// One part's files, (path, bytes), and what the package descriptor says of its tables.
pub struct Made {
    pub files: Vec<(String, std::sync::Arc<Vec<u8>>)>,
    pub described: Vec<Described>,
}

/// The files of one part of the open data.
pub fn make_part(site: &PublicSite, i: &I18n, part: Part) -> Made {
    let mut made = Made {
        files: Vec::new(),
        described: Vec::new(),
    };
    for t in part_tables(site, i, part) {
        made.files.extend(
            table_files(&t)
                .into_iter()
                .map(|(path, bytes)| (path, std::sync::Arc::new(bytes))),
        );
        made.described.push(describe(i, &t));
    }
    made
}

/// A column of the file: the table's column, or the count of withheld values it leaves out.
pub(super) struct FileCol {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) kind: ColType,
    /// Index into the row, and whether this is the withheld-count companion.
    source: usize,
    pub(super) missing: bool,
}

pub(super) fn file_columns(t: &DataTable, i: Option<&I18n>) -> Vec<FileCol> {
    let mut out = Vec::new();
    for (n, c) in t.columns.iter().enumerate() {
        out.push(FileCol {
            name: c.name.clone(),
            title: c.label.clone(),
            kind: c.kind,
            source: n,
            missing: false,
        });
        if t.rows
            .iter()
            .any(|r| r.get(n).is_some_and(|d| d.missing > 0))
        {
            let title = i.map(|i| i.fill("data_withheld_count", &[("column", c.label.clone())]));
            out.push(FileCol {
                name: format!("{}_withheld_count", c.name),
                title: title.unwrap_or_default(),
                kind: ColType::Integer,
                source: n,
                missing: true,
            });
        }
    }
    out
}

pub(super) fn value(row: &[Datum], c: &FileCol) -> String {
    match row.get(c.source) {
        None => String::new(),
        Some(d) if !c.missing => d.raw.clone(),
        Some(d) if d.missing > 0 => d.missing.to_string(),
        Some(_) => String::new(),
    }
}

/// A cell of the workbook, as [`value`] gives its text: empty, a number (a number column's
/// value, or a withheld count), or text; borrowed from the table.
pub(super) fn xlsx_cell<'a>(row: &'a [Datum], c: &FileCol) -> super::xlsx::Cell<'a> {
    use super::xlsx::Cell;
    match row.get(c.source) {
        None => Cell::Empty,
        Some(d) if c.missing => match d.missing {
            0 => Cell::Empty,
            n => Cell::Count(n),
        },
        Some(d) if d.raw.is_empty() => Cell::Empty,
        Some(d) => match table_type(c.kind) {
            "integer" | "number" => Cell::Number(&d.raw),
            _ => Cell::Text(&d.raw),
        },
    }
}

/// A CSV field's text: text that a spreadsheet would run as a formula gets a leading
/// apostrophe. Quoting is the `csv` writer's.
fn formula_safe(s: &str, kind: ColType) -> String {
    if kind == ColType::Text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The table as CSV: UTF-8 with a byte-order mark, a header of column names, CRLF lines, each
/// field quoted where needed (RFC 4180: one holding `,` `"` CR or LF, with `"` doubled) by the
/// `csv` writer.
pub fn csv(t: &DataTable) -> Vec<u8> {
    let names: Vec<String> = file_columns(t, None).into_iter().map(|c| c.name).collect();
    csv_headed(t, &names)
}

/// [`csv`] with the header `headers` (one per file column) instead of the columns' names.
pub fn csv_headed(t: &DataTable, headers: &[String]) -> Vec<u8> {
    let cols = file_columns(t, None);
    let mut w = csv_writer("\u{feff}".as_bytes().to_vec());
    let header: Vec<String> = headers
        .iter()
        .map(|h| formula_safe(h, ColType::Text))
        .collect();
    w = csv_record(w, &header);
    for row in &t.rows {
        let fields: Vec<String> = cols
            .iter()
            .map(|c| formula_safe(&value(row, c), c.kind))
            .collect();
        w = csv_record(w, &fields);
    }
    // Writing into memory does not fail.
    w.into_inner().unwrap_or_default()
}

fn csv_writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        // every record has the header's length; no length check can cut a line short
        .flexible(true)
        .from_writer(into)
}

/// One record. The writer writes a record with no text at all (a single empty field, in a
/// table of one column) as `""`; these files have always had an empty line there, so that line
/// is written as it was.
fn csv_record(mut w: csv::Writer<Vec<u8>>, fields: &[String]) -> csv::Writer<Vec<u8>> {
    if fields.len() <= 1 && fields.iter().all(String::is_empty) {
        // Writing into memory does not fail.
        let mut bytes = w.into_inner().unwrap_or_default();
        bytes.extend_from_slice(b"\r\n");
        return csv_writer(bytes);
    }
    // Writing into memory does not fail.
    let _ = w.write_record(fields);
    w
}

pub(super) fn table_type(k: ColType) -> &'static str {
    match k {
        ColType::Text => "string",
        ColType::Integer => "integer",
        ColType::Money | ColType::Percent | ColType::Number => "number",
        ColType::Date => "date",
    }
}

/// The table as JSON: its title, its fields and one object per row, keys in column order.
/// Numbers are written exactly as the CSV has them; an empty cell is `null`.
pub fn json(t: &DataTable) -> Vec<u8> {
    use super::table_json::{Field, TableJson};
    let cols = file_columns(t, None);
    let fields = cols
        .iter()
        .map(|c| Field {
            name: &c.name,
            kind: table_type(c.kind),
        })
        .collect();
    super::table_json::to_bytes(&TableJson {
        title: &t.caption,
        fields,
        rows: JsonRows { t, cols: &cols },
    })
}

/// A table's rows for its JSON file, each made as it is written.
struct JsonRows<'a> {
    t: &'a DataTable,
    cols: &'a [FileCol],
}

impl serde::Serialize for JsonRows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use super::table_json::{Cell, Row};
        s.collect_seq(self.t.rows.iter().map(|row| {
            Row(self
                .cols
                .iter()
                .map(|c| {
                    let v = value(row, c);
                    let cell = match (v.is_empty(), table_type(c.kind)) {
                        (true, _) => Cell::Null,
                        (false, "integer" | "number") => Cell::number(v),
                        (false, _) => Cell::Text(v),
                    };
                    (c.name.as_str(), cell)
                })
                .collect())
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::table::Column;

    fn table() -> DataTable {
        DataTable {
            file: "data/x/2024/t".into(),
            caption: "表".into(),
            columns: vec![
                Column::new("name", "名称".into(), ColType::Text),
                Column::new("funds", "资金".into(), ColType::Money).phase("approved"),
            ],
            rows: vec![
                vec![
                    Datum::text("=SUM(A1)"),
                    Datum {
                        text: "1,365万元".into(),
                        raw: "1365".into(),
                        missing: 0,
                    },
                ],
                vec![
                    Datum::text("a,\"b\""),
                    Datum {
                        text: "…".into(),
                        raw: "2453.5".into(),
                        missing: 2,
                    },
                ],
                vec![Datum::text("空"), Datum::empty()],
            ],
            totals: 0,
        }
    }

    #[test]
    fn csv_has_a_bom_quotes_and_a_withheld_count_column() {
        let s = String::from_utf8(csv(&table())).unwrap();
        assert_eq!(
            s,
            "\u{feff}name,funds,funds_withheld_count\r\n'=SUM(A1),1365,\r\n\"a,\"\"b\"\"\",2453.5,2\r\n空,,\r\n"
        );
    }

    /// The hand-written quoting the files had before the `csv` writer, kept as the reference.
    fn hand_written(t: &DataTable) -> Vec<u8> {
        fn field(s: &str, kind: ColType) -> String {
            let s = formula_safe(s, kind);
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s
            }
        }
        let cols = file_columns(t, None);
        let mut s = String::from("\u{feff}");
        let header: Vec<String> = cols.iter().map(|c| field(&c.name, ColType::Text)).collect();
        s.push_str(&header.join(","));
        s.push_str("\r\n");
        for row in &t.rows {
            let fields: Vec<String> = cols.iter().map(|c| field(&value(row, c), c.kind)).collect();
            s.push_str(&fields.join(","));
            s.push_str("\r\n");
        }
        s.into_bytes()
    }

    #[test]
    fn csv_quotes_commas_quotes_newlines_and_keeps_cjk() {
        let mut t = table();
        t.rows = vec![
            vec![Datum::text("项目,\"甲\"\n第二行"), Datum::text("12")],
            vec![Datum::text("回车\r\n换行"), Datum::text("")],
            vec![Datum::text("乙 ；无需引号"), Datum::text("-3")],
        ];
        let s = String::from_utf8(csv(&t)).unwrap();
        assert_eq!(
            s,
            "\u{feff}name,funds\r\n\"项目,\"\"甲\"\"\n第二行\",12\r\n\"回车\r\n换行\",\r\n乙 ；无需引号,-3\r\n"
        );
        assert_eq!(csv(&t), hand_written(&t));
    }

    #[test]
    fn csv_writer_matches_the_hand_written_quoting() {
        let texts = [
            "",
            " ",
            ",",
            "\"",
            "\n",
            "\r",
            "a\"b",
            "'x",
            "=1+2",
            "-5",
            "@me",
            "\tx",
            "中文",
            "中,文",
            "“全角引号”",
            "a;b",
            "#c",
            "x ",
            "\u{feff}",
        ];
        for cols in 0..3 {
            for a in texts {
                for b in texts {
                    let mut t = table();
                    t.columns.truncate(cols);
                    t.rows = vec![vec![Datum::text(a), Datum::text(b)], vec![Datum::text(b)]];
                    assert_eq!(csv(&t), hand_written(&t), "{cols} columns, {a:?}, {b:?}");
                }
            }
        }
        assert_eq!(csv(&table()), hand_written(&table()));
    }

    #[test]
    fn json_keeps_column_order_and_exact_numbers() {
        let s = String::from_utf8(json(&table())).unwrap();
        assert!(
            s.contains("{\"name\": \"=SUM(A1)\", \"funds\": 1365, \"funds_withheld_count\": null}"),
            "{s}"
        );
        assert!(s.contains("\"funds\": 2453.5, \"funds_withheld_count\": 2}"));
        assert!(s.contains("{\"name\": \"空\", \"funds\": null, \"funds_withheld_count\": null}"));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["rows"].as_array().unwrap().len(), 3);
    }
}
