//! Reading `.xlsx` workbooks (calamine) into [`Sheet`]s of display texts.
//!
//! Cells are streamed, so a stray value far from the table costs nothing until it is placed;
//! a sheet reaching beyond [`MAX_ROWS`] × [`MAX_COLS`] is refused. A number becomes exact
//! decimal text at Excel's precision of 15 significant digits, so `135.5` stays `135.5` and
//! a formula's `0.30000000000000004` reads `0.3`; a number formatted as a percentage reads as
//! Excel shows it (`0.95` → `95%`). Merged regions are filled from their top-left cell. The
//! only floating point in gongkai is here, and it ends at this file's boundary.

use super::cells::{Cell, CellKind, MAX_COLS, MAX_ROWS, Sheet, col_letters};
use crate::diag::Said;
use crate::said;
use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, open_workbook};
use std::path::Path;

/// Why a workbook could not be read, in plain words.
pub type ReadError = Said;

/// Every worksheet of the workbook at `path`, in workbook order; hidden ones are marked and
/// left empty, chart sheets left out.
pub fn read(path: &Path) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| explain(&e))?;
    let meta: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|m| m.typ == SheetType::WorkSheet)
        .map(|m| (m.name.clone(), m.visible != SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    for (name, hidden) in meta {
        if hidden {
            let mut sheet = Sheet::new(&name, Vec::new());
            sheet.hidden = true;
            sheets.push(sheet);
            continue;
        }
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| unreadable_sheet(&name, &e))?;
        let mut sheet = read_sheet(&mut wb, &name)?;
        for (start, end) in merges.iter().map(|d| (d.start, d.end)) {
            let (r0, c0) = (start.0 as usize, start.1 as usize);
            sheet.merge((r0, c0), (end.0 as usize, end.1 as usize));
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn explain(e: &calamine::XlsxError) -> ReadError {
    let s = e.to_string();
    if s.to_ascii_lowercase().contains("password") || s.contains("encrypt") {
        return said!(
            "这个工作簿设了密码；请另存一份不设密码的副本再导入",
            "the workbook is protected by a password; save an unprotected copy"
        );
    }
    said!(
        "这不是可以读取的 .xlsx 工作簿（{s}）",
        "this is not a readable .xlsx workbook ({s})"
    )
}

fn unreadable_sheet(name: &str, e: &calamine::XlsxError) -> ReadError {
    said!(
        "工作表 {name} 无法读取：{e}",
        "sheet {name} cannot be read: {e}"
    )
}

fn read_sheet<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    name: &str,
) -> Result<Sheet, ReadError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable_sheet(name, &e))?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    loop {
        let next = reader
            .next_cell_with_style_id()
            .map_err(|e| unreadable_sheet(name, &e))?;
        let Some((cell, style)) = next else { break };
        let (r, c) = cell.get_position();
        let percent = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| is_percent(&f.format_code));
        let Some(value) = display(cell.get_value(), percent) else {
            continue;
        };
        let (r, c) = (r as usize, c as usize);
        if r >= MAX_ROWS || c >= MAX_COLS {
            let at = format!("{}{}", col_letters(c), r + 1);
            return Err(said!(
                "工作表 {name} 的 {at} 格有内容，超出了表格可用的 {MAX_ROWS} 行、{MAX_COLS} 列；请删除那里的内容",
                "sheet {name} has a value at {at}, beyond the {MAX_ROWS} rows and {MAX_COLS} columns a form or table may use; delete what is there"
            ));
        }
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, Cell::default());
        }
        rows[r][c] = value;
    }
    Ok(Sheet::new(name, rows))
}

/// Whether an Excel number format shows a percentage (a `%` outside quotes and escapes).
fn is_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.split(';').next().unwrap_or("").chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell as its text; `None` for an empty cell.
fn display(v: &DataRef<'_>, percent: bool) -> Option<Cell> {
    let (text, kind) = match v {
        DataRef::Empty => return None,
        DataRef::String(s) => (s.clone(), CellKind::Text),
        DataRef::SharedString(s) => (s.to_string(), CellKind::Text),
        DataRef::Int(i) if percent => (format!("{}%", shift(&i.to_string(), 2)), CellKind::Number),
        DataRef::Int(i) => (i.to_string(), CellKind::Number),
        DataRef::Float(f) => {
            let t = float_text(*f)?;
            match percent {
                true => (format!("{}%", shift(&t, 2)), CellKind::Number),
                false => (t, CellKind::Number),
            }
        }
        DataRef::Bool(b) => (
            if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellKind::Text,
        ),
        DataRef::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            (format!("{y:04}-{m:02}-{day:02}"), CellKind::Date)
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (s.clone(), CellKind::Date),
        DataRef::Error(e) => (e.to_string(), CellKind::Error),
    };
    let cell = Cell::new(&text, kind);
    (!cell.is_empty()).then_some(cell)
}

/// A float as Excel shows it at full precision: 15 significant digits, trailing zeros dropped,
/// never in exponent form. `None` for NaN or infinity.
pub fn float_text(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let sci = format!("{f:.14e}");
    let (mant, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let (neg, mant) = mant.strip_prefix('-').map_or((false, mant), |m| (true, m));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    // value = 0.d1d2…d15 × 10^(exp + 1)
    let text = place_point(&digits, exp + 1);
    let zero = text == "0";
    Some(if neg && !zero {
        format!("-{text}")
    } else {
        text
    })
}

/// `digits` (no point) read as 0.digits × 10^point, as plain decimal text without trailing zeros.
fn place_point(digits: &str, point: i32) -> String {
    let s = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    tidy(&s)
}

/// Leading zeros of the integer part and trailing zeros of the fraction removed.
fn tidy(s: &str) -> String {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// A decimal text times 10^k (k ≥ 0), exactly: `0.955` shifted by 2 is `95.5`.
fn shift(t: &str, k: usize) -> String {
    let (neg, t) = t.strip_prefix('-').map_or((false, t), |r| (true, r));
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = format!("{int}{frac}");
    let out = place_point(&digits, (int.len() + k) as i32);
    if neg && out != "0" {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_excel_shows_them() {
        assert_eq!(float_text(135.5).unwrap(), "135.5");
        assert_eq!(float_text(0.1 + 0.2).unwrap(), "0.3");
        assert_eq!(float_text(128.73).unwrap(), "128.73");
        assert_eq!(float_text(86.0).unwrap(), "86");
        assert_eq!(float_text(1_355_000.0).unwrap(), "1355000");
        assert_eq!(float_text(0.0).unwrap(), "0");
        assert_eq!(float_text(-0.0).unwrap(), "0");
        assert_eq!(float_text(-2.5).unwrap(), "-2.5");
        assert_eq!(float_text(0.000123).unwrap(), "0.000123");
        assert_eq!(float_text(1e20).unwrap(), "100000000000000000000");
        assert_eq!(float_text(12345678.123456).unwrap(), "12345678.123456");
        assert_eq!(float_text(f64::NAN), None);
    }

    #[test]
    fn percentages_shift_exactly() {
        assert_eq!(shift("0.95", 2), "95");
        assert_eq!(shift("0.955", 2), "95.5");
        assert_eq!(shift("1", 2), "100");
        assert_eq!(shift("0.0005", 2), "0.05");
        assert_eq!(shift("-0.5", 2), "-50");
        assert!(is_percent("0.00%"));
        assert!(is_percent("0%;[Red]-0%"));
        assert!(!is_percent("0.00\"%\""));
        assert!(!is_percent("General"));
    }
}
