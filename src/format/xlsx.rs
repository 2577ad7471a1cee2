//! A table as an Excel workbook (.xlsx, Office Open XML): one sheet, a header row, and each cell
//! either a number or a text cell. Ids, project codes, dates and every other text column are
//! inline text cells, so Excel keeps `659001240007` or `0012` as written instead of showing it
//! in scientific notation or dropping its zeros; money, counts, percentages and scores are
//! numbers, exactly as the CSV writes them.
//!
//! The archive is written with the `zip` crate the importer already uses, every entry stored
//! (not compressed): the bytes of the file hold its text as written, XML-escaped as HTML is, so
//! the leak audit that reads every output file's bytes reads the workbook's text too. A
//! dedicated writer (`rust_xlsxwriter`) would add its own dependency tree for what four small
//! XML parts do. Deterministic: fixed entry order and the zip format's earliest time stamp.
//! No I/O here.

use std::fmt::Write as _;
use std::io::Write as _;

/// The most rows a sheet holds (Excel's limit), the header included.
pub const MAX_ROWS: usize = 1_048_576;

/// One cell.
#[derive(Clone, Copy)]
pub enum Cell<'a> {
    Text(&'a str),
    /// A number as exact decimal text (`1365`, `-2453.5`).
    Number(&'a str),
    /// A count, as a number.
    Count(usize),
    Empty,
}

/// Text as XML character data, escaped as the audit's HTML form of a string is (`&`, `<`,
/// `>`, `"`, `'`); characters XML cannot hold (controls other than tab and line breaks) are
/// left out.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

/// The column letters of a 0-based index: 0 → A, 26 → AA.
fn column(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Bytes of a sheet's XML gathered before they are handed to the archive.
const CHUNK: usize = 1 << 20;

/// The sheet's XML, written into `out` a chunk at a time (a site-wide table's sheet is as large
/// as its rows: it is never held whole besides the archive).
fn sheet<'a>(
    header: &'a [String],
    rows: impl Iterator<Item = Vec<Cell<'a>>>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>",
    );
    let head: Vec<Cell> = header.iter().map(|h| Cell::Text(h)).collect();
    let mut letters: Vec<String> = (0..header.len()).map(column).collect();
    // Writing into a String does not fail.
    for (r, row) in std::iter::once(head).chain(rows).enumerate() {
        let n = r + 1;
        let _ = write!(x, "<row r=\"{n}\">");
        while letters.len() < row.len() {
            letters.push(column(letters.len()));
        }
        for (cell, col) in row.iter().zip(&letters) {
            match cell {
                Cell::Empty => {}
                Cell::Number(v) => {
                    let _ = write!(x, "<c r=\"{col}{n}\"><v>{v}</v></c>");
                }
                Cell::Count(v) => {
                    let _ = write!(x, "<c r=\"{col}{n}\"><v>{v}</v></c>");
                }
                Cell::Text(t) => {
                    let _ = write!(
                        x,
                        "<c r=\"{col}{n}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                    );
                    escape(t, &mut x);
                    x.push_str("</t></is></c>");
                }
            }
        }
        x.push_str("</row>");
        if x.len() >= CHUNK {
            out.write_all(x.as_bytes())?;
            x.clear();
        }
    }
    x.push_str("</sheetData></worksheet>\n");
    out.write_all(x.as_bytes())
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>\n";
const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>\n";
const WORKBOOK_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>\n";

fn workbook(name: &str) -> String {
    let mut n = String::new();
    escape(name, &mut n);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{n}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n"
    )
}

/// A sheet's name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Sheet1".into()
    } else {
        clean
    }
}

/// The workbook of one sheet named `name`, with `header` and `rows`; None when the rows do not
/// fit in a sheet.
pub fn workbook_bytes<'a>(
    name: &str,
    header: &'a [String],
    rows: impl ExactSizeIterator<Item = Vec<Cell<'a>>>,
) -> Option<Vec<u8>> {
    if rows.len() + 1 > MAX_ROWS {
        return None;
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .large_file(true);
    let parts: [(&str, String); 4] = [
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", RELS.into()),
        ("xl/workbook.xml", workbook(&sheet_name(name))),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.into()),
    ];
    for (path, text) in parts {
        zip.start_file(path, opts).ok()?;
        zip.write_all(text.as_bytes()).ok()?;
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).ok()?;
    sheet(header, rows, &mut zip).ok()?;
    zip.finish().ok().map(|c| c.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }

    #[test]
    fn a_workbook_keeps_ids_as_text_and_reads_back() {
        let header = vec!["编号".to_string(), "资金（万元）".to_string()];
        let rows = [
            vec![Cell::Text("659001240007"), Cell::Number("1365.5")],
            vec![Cell::Text("a<&>\"'b"), Cell::Empty],
        ];
        let bytes = workbook_bytes("绩效目标", &header, rows.iter().cloned()).unwrap();
        // Stored, not compressed: the text is in the bytes.
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">659001240007</t>"));
        assert!(text.contains("a&lt;&amp;&gt;&quot;&#39;b"));
        assert!(text.contains("<c r=\"B2\"><v>1365.5</v></c>"));
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(z.len(), 5);
        assert!(z.by_name("xl/worksheets/sheet1.xml").is_ok());
        // Deterministic.
        assert_eq!(
            workbook_bytes("绩效目标", &header, rows.iter().cloned()).unwrap(),
            bytes
        );
    }

    /// The sink's audit reads a generated workbook: a withheld value planted in a cell (with
    /// characters XML escapes) is found in the workbook's bytes, as in any generated file.
    #[test]
    fn the_audit_finds_a_withheld_value_planted_in_a_workbook() {
        let secrets = vec![
            "机密设备采购项目".to_string(),
            "659001249999".to_string(),
            "甲&乙<丙>\"丁\"'戊'".to_string(),
        ];
        let scanner = crate::output::audit::Scanner::new(&secrets, &[], &[]);
        let header = vec!["名称".to_string(), "项目代码".to_string()];
        for (n, s) in secrets.iter().enumerate() {
            let cell = [Cell::Text(s), Cell::Number("1")];
            let rows = vec![vec![Cell::Text("公开"), Cell::Text("1")], cell.into()];
            let bytes = workbook_bytes("表", &header, rows.into_iter()).unwrap();
            let hit = scanner.bytes("data/goals.xlsx", &bytes);
            assert!(hit.is_some(), "secret {n} not found in the workbook");
        }
        let clean = vec![vec![Cell::Text("公开"), Cell::Number("1")]];
        let bytes = workbook_bytes("表", &header, clean.into_iter()).unwrap();
        assert_eq!(scanner.bytes("data/goals.xlsx", &bytes), None);
    }
}
