//! Where each field of a planned record file came from in the spreadsheet, so that a dry
//! run's warnings (made by checking files that are not written) point at the sheet and cell
//! (`自评表!M7`) instead of a line of a file that does not exist.
//!
//! A record's fields are keyed by their field path, as `disclosure: fields` names them
//! (`score`, `budget.adjusted`, `indicators.3.actual`); the path of a line of a planned file
//! is read back from the file's own layout, which `write::render` fixes. No I/O here.

use super::cells::Sheet;
use super::draft::Fields;
use super::heads::{Columns, Field};
use crate::diag::Diagnostics;
use crate::model::Kind;
use std::collections::BTreeMap;

/// Field path → cell address.
pub type Cells = BTreeMap<String, String>;

/// The cells of a record's header fields.
pub fn header(f: &Fields, kind: Kind) -> Cells {
    let mut out = Cells::new();
    for (field, (at, _)) in &f.map {
        let path = match field {
            Field::ProjectName => "project.name",
            Field::ProjectCode => "project.code",
            Field::Unit => "unit",
            Field::Total => "funds.total",
            Field::Fiscal => "funds.fiscal",
            Field::Other => "funds.other",
            Field::Initial => "budget.initial",
            Field::Adjusted => "budget.adjusted",
            Field::Executed => "budget.executed",
            Field::Objective if kind == Kind::Goal => "objective",
            Field::Objective | Field::Planned => "objective.planned",
            Field::Achieved => "objective.actual",
            Field::TotalScore => "score",
            Field::Grade => "grade",
            _ => continue,
        };
        out.entry(path.to_string()).or_insert_with(|| at.at.clone());
    }
    out
}

/// The cells of the indicator on row `r`, keyed by the indicator's field names; `""` is the
/// row's first cell.
pub fn indicator(sheet: &Sheet, cols: &Columns, r: usize) -> Vec<(&'static str, String)> {
    let mut out = vec![("", sheet.at(r, cols.get(Field::Level1).unwrap_or(0)))];
    for (key, field) in [
        ("level1", Field::Level1),
        ("level2", Field::Level2),
        ("name", Field::Name),
        ("op", Field::Comparison),
        ("op", Field::Target),
        ("target", Field::Target),
        ("unit", Field::Measure),
        ("unit", Field::Target),
        ("weight", Field::Weight),
        ("actual", Field::Actual),
        ("score", Field::Score),
        ("deviation", Field::Deviation),
    ] {
        if let Some(c) = cols.get(field)
            && !out.iter().any(|(k, _)| *k == key)
        {
            out.push((key, sheet.at(r, c)));
        }
    }
    out
}

/// The field path of line `line` (1-based) of a file `write::render` made: keys at indent 0
/// and 2, list items `  - ` of `indicators` counted from 1.
pub fn path_at(text: &str, line: usize) -> Option<String> {
    let (mut top, mut item, mut path) = (String::new(), 0usize, None);
    for l in text.lines().take(line) {
        let indent = l.len() - l.trim_start().len();
        let body = l.trim_start().trim_start_matches("- ");
        let key = body.split_once(':').map_or(body, |(k, _)| k);
        path = match indent {
            0 if !l.starts_with('#') => {
                (top, item) = (key.to_string(), 0);
                Some(top.clone())
            }
            2 if l.trim_start().starts_with("- ") => {
                item += 1;
                Some(format!("{top}.{item}.{key}"))
            }
            2 => Some(format!("{top}.{key}")),
            4 => Some(format!("{top}.{item}.{key}")),
            _ => None,
        };
    }
    path
}

/// The cell of `path`, else of the nearest enclosing path (an indicator's row), else `origin`.
pub fn address(cells: &Cells, path: &str, origin: &str) -> String {
    let mut p = path;
    loop {
        if let Some(a) = cells.get(p) {
            return a.clone();
        }
        match p.rsplit_once('.') {
            Some((head, _)) => p = head,
            None => return origin.to_string(),
        }
    }
}

/// Warnings about the planned files `(rel, text, cells, origin)` moved to the spreadsheet
/// `file`, each message starting with the cell its line was read from; others are left as
/// they are.
pub fn point_at_cells(
    warnings: &mut Diagnostics,
    files: &[(&str, &str, &Cells, &str)],
    file: &str,
) {
    for d in &mut warnings.items {
        let Some((_, text, cells, origin)) = files.iter().find(|(rel, ..)| *rel == d.path) else {
            continue;
        };
        let at = match path_at(text, d.line) {
            Some(p) => address(cells, &p, origin),
            None => origin.to_string(),
        };
        d.message = d.message.map(|_, m| format!("{at}: {m}"));
        (d.path, d.line, d.column) = (file.to_string(), 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_rendered_record_name_their_field_paths() {
        let text = "# Imported\nid: x\nbudget:\n  adjusted: \"1万元\"\nindicators:\n  - level1: 产出指标\n    actual: 3\n  - level1: 效益指标\n    score: 2\nscore: 90\n";
        assert_eq!(path_at(text, 4).as_deref(), Some("budget.adjusted"));
        assert_eq!(path_at(text, 6).as_deref(), Some("indicators.1.level1"));
        assert_eq!(path_at(text, 9).as_deref(), Some("indicators.2.score"));
        assert_eq!(path_at(text, 10).as_deref(), Some("score"));
        let cells = Cells::from([
            ("indicators.2".to_string(), "表!A9".to_string()),
            ("score".to_string(), "表!L12".to_string()),
        ]);
        assert_eq!(address(&cells, "indicators.2.score", "o"), "表!A9");
        assert_eq!(address(&cells, "score", "o"), "表!L12");
        assert_eq!(address(&cells, "grade", "表!A1:L12"), "表!A1:L12");
    }
}
