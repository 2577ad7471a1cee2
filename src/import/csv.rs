//! Reading `.csv` files into one [`Sheet`], named after the file as Excel names it.
//!
//! Excel on a Chinese system saves CSV in GB18030 (GBK), elsewhere in UTF-8 with or without a
//! byte-order mark: UTF-8 is tried first, then GB18030; text valid in neither is refused rather
//! than guessed. Rows may have different lengths. Cells are text exactly as written.

use super::cells::{Cell, CellKind, MAX_COLS, MAX_ROWS, Sheet};
use crate::diag::Said;
use crate::said;

/// Decode the bytes of a CSV file; an error says why they are not text.
pub fn decode(bytes: &[u8]) -> Result<String, Said> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(said!(
            "这个文件是 UTF-16 文本；请另存为“CSV UTF-8”或 .xlsx 工作簿",
            "this file is UTF-16 text; save it as \"CSV UTF-8\" or as an .xlsx workbook"
        ));
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if bad {
        return Err(said!(
            "这个文件既不是 UTF-8 也不是 GB18030（GBK）文本；请另存为“CSV UTF-8”或 .xlsx 工作簿",
            "this file is neither UTF-8 nor GB18030 (GBK) text; save it as \"CSV UTF-8\" or as an .xlsx workbook"
        ));
    }
    Ok(text.into_owned())
}

/// The sheet of a CSV text; `name` is the file name without its extension.
pub fn parse(name: &str, text: &str) -> Result<Sheet, Said> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = record.map_err(|e| {
            said!(
                "第 {line} 行无法按 CSV 读取：{e}",
                "line {line} cannot be read as CSV: {e}"
            )
        })?;
        if i >= MAX_ROWS || record.len() > MAX_COLS {
            return Err(said!(
                "这个文件超过 {MAX_ROWS} 行或 {MAX_COLS} 列；一张表格远没有这么大，请只导出表格本身",
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
        assert!(
            decode(b"\xFF\xFEa\x00")
                .unwrap_err()
                .en()
                .contains("UTF-16")
        );
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
