//! Building small .xlsx workbooks in tests, cell by cell, as finance systems export them.
//!
//! A row is written as one string, its cells separated by `|`. A cell is a short spec: `""` is blank, `"#135.5"` a number, `"%0.92"` a number
//! formatted as a percentage, `"fx:0.1+0.2;0.30000000000000004"` a formula with its cached
//! result, anything else a string (so `"135.5"` is a number stored as text).

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use std::path::Path;

pub struct Book {
    wb: Workbook,
}

fn a1(s: &str) -> (u32, u16) {
    let letters: String = s.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = s[letters.len()..].parse().unwrap();
    (row - 1, col as u16)
}

fn put(ws: &mut Worksheet, r: u32, c: u16, spec: &str) {
    if spec.is_empty() {
        return;
    }
    if let Some(n) = spec.strip_prefix('#') {
        ws.write_number(r, c, n.parse::<f64>().unwrap()).unwrap();
    } else if let Some(n) = spec.strip_prefix('%') {
        let f = Format::new().set_num_format("0%");
        ws.write_number_with_format(r, c, n.parse::<f64>().unwrap(), &f)
            .unwrap();
    } else if let Some(f) = spec.strip_prefix("fx:") {
        let (formula, result) = f.split_once(';').unwrap();
        ws.write_formula(r, c, Formula::new(format!("={formula}")).set_result(result))
            .unwrap();
    } else {
        ws.write_string(r, c, spec).unwrap();
    }
}

impl Book {
    pub fn new() -> Book {
        Book {
            wb: Workbook::new(),
        }
    }

    /// A sheet of `rows` (from A1, cells separated by `|`), with merged ranges such as `"A1:J1"`.
    pub fn sheet(&mut self, name: &str, rows: &[&str], merges: &[&str]) -> &mut Self {
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.split('|').collect()).collect();
        let ws = self.wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, spec) in row.iter().enumerate() {
                put(ws, r as u32, c as u16, spec);
            }
        }
        for m in merges {
            let (from, to) = m.split_once(':').unwrap();
            let ((r0, c0), (r1, c1)) = (a1(from), a1(to));
            let spec = rows
                .get(r0 as usize)
                .and_then(|row| row.get(c0 as usize))
                .copied()
                .unwrap_or("");
            let text = if spec.starts_with(['#', '%']) || spec.starts_with("fx:") {
                ""
            } else {
                spec
            };
            ws.merge_range(r0, c0, r1, c1, text, &Format::new())
                .unwrap();
            if text.is_empty() {
                put(ws, r0, c0, spec);
            }
        }
        self
    }

    /// Hide the sheet `name`, as workbooks hide their lookup lists.
    pub fn hide(&mut self, name: &str) -> &mut Self {
        self.wb.worksheet_from_name(name).unwrap().set_hidden(true);
        self
    }

    pub fn save(&mut self, path: &Path) {
        self.wb.save(path).unwrap();
    }
}
