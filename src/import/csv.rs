//! Reading `.csv` files into one [`Sheet`], named after the file as Excel names it.
//!
//! Excel on a Chinese system saves CSV in GB18030 (GBK), elsewhere in UTF-8 with or without a
//! byte-order mark: UTF-8 is tried first, then GB18030; text valid in neither is refused rather
//! than guessed. Rows may have different lengths. Cells are text exactly as written.

use super::cells::{Cell, CellKind, MAX_COLS, MAX_ROWS, Sheet};

/// Decode the bytes of a CSV file; an error says why they are not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            "this file is UTF-16 text; save it as \"CSV UTF-8\" or as an .xlsx workbook".into(),
        );
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err("this file is neither UTF-8 nor GB18030 (GBK) text; save it as \"CSV UTF-8\" or as an .xlsx workbook".into());
    }
    Ok(text.into_owned())
}

/// The sheet of a CSV text; `name` is the file name without its extension.
pub fn parse(name: &str, text: &str) -> Result<Sheet, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {} cannot be read as CSV: {e}", i + 1))?;
        if i >= MAX_ROWS || record.len() > MAX_COLS {
            return Err(format!(
                "the file has more than {MAX_ROWS} rows or {MAX_COLS} columns; a form or table is far smaller"
            ));
        }
        rows.push(
            record
                .iter()
                .map(|f| Cell::new(f, CellKind::Text))
                .collect(),
        );
    }
    Ok(Sheet::new(name, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_gb18030_are_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
        let (gbk, _, _) = encoding_rs::GB18030.encode("项目名称,主管部门");
        assert_eq!(decode(&gbk).unwrap(), "项目名称,主管部门");
        assert!(decode(b"\xFF\xFEa\x00").unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn quoted_fields_and_ragged_rows() {
        let s = parse("t", "a,\"b, c\"\n\"line\nbreak\"\n").unwrap();
        assert_eq!(s.text(0, 1), "b, c");
        assert_eq!(s.text(1, 0), "line\nbreak");
        assert_eq!(s.text(1, 1), "");
        assert_eq!(s.width(), 2);
    }
}
