//! `gongkai import`: the official forms (项目支出绩效目标表, 项目支出绩效自评表,
//! 部门整体支出绩效自评表) from `.xlsx` or `.csv` exports into record files.
//!
//! The steps read like this list: load the site (its money unit, the region's units and the
//! records already there) → read the spreadsheet into sheets of display texts (`xlsx`, `csv`)
//! → find each sheet's layout and read drafts (`flat` for one row per indicator, `form` for a
//! printed form per sheet; both through `rows`, `cells`, `heads`, `draft`) → give each a unit
//! id and an id (`resolve`) → plan the files (`write`), checking what exists → check the planned
//! records exactly as `gongkai check` would (`verify`) → write them all, or nothing.
//!
//! Every cell that cannot be read is a [`Diagnostic`] whose path is the spreadsheet and whose
//! message starts with the cell's address (`自评表!D12`); nothing is written while any remains.

pub mod cellmap;
pub mod cells;
pub mod csv;
pub mod draft;
pub mod flat;
pub mod form;
pub mod heads;
pub mod keep;
pub mod resolve;
pub mod rows;
pub mod unread;
pub mod verify;
pub mod write;
pub mod xlsx;

use crate::Failure;
use crate::diag::{Diagnostic, Diagnostics, Lang, Said, Tell, rule};
use crate::load::{self, Sources};
use crate::model::{Kind, MoneyUnit};
use crate::said;
use cells::Sheet;
use draft::Draft;
use heads::Field;
use std::path::{Path, PathBuf};

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    pub site: PathBuf,
    pub region: String,
    pub year: u16,
    /// [`Kind::Goal`] or [`Kind::SelfEvaluation`].
    pub kind: Kind,
    /// Replace record files that exist (keeping their disclosure settings).
    pub force: bool,
    /// Check everything but write nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub files: Vec<write::Planned>,
    /// Sheets not read, and why: hidden, or holding neither a form nor a table.
    pub skipped: Vec<(String, Said)>,
    /// Columns of the spreadsheet that were not imported (W190, at their heading cells), then
    /// the warnings `gongkai check` will give about the new records (a stated score that
    /// differs from the computed one, a summary figure that no longer reconciles).
    pub warnings: Diagnostics,
}

/// Largest spreadsheet read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Import `o.file` into the site; nothing is written unless every record can be.
pub fn import(o: &Options) -> Result<Imported, Failure> {
    let out = crate::out_dir(&o.site, None);
    let (sources, load_diags) = load::load(&o.site, Some(&out));
    let target = Target::new(o, &sources, load_diags)?;
    let mut errs = Errs::new(&o.file.display().to_string());
    let sheets = read_file(&o.file, &mut errs)?;
    let (drafts, skipped) = read_sheets(&sheets, &target, &mut errs);
    if drafts.is_empty() && errs.is_clean() {
        errs.file(
            rule::IMPORT_LAYOUT,
            said!(
                "这个文件中没有找到绩效目标表或自评表",
                "no form or table was found in this file"
            ),
            said!(
                "表格要有一行表头，写明 一级指标、二级指标、三级指标 和 指标值（一行一个指标的汇总表还要有 项目名称、主管部门）；单张的表在这样的表格上方写明 项目名称 和 主管部门",
                "a table needs a heading row naming 一级指标, 二级指标, 三级指标 and 指标值 (and 项目名称, 主管部门 for a flat table); a form gives 项目名称 and 主管部门 above such a table"
            ),
        );
    }
    let records = resolve::resolve(drafts, &mut errs);
    errs.stop()?;
    let files = write::plan(&records, &target, &sources, o, &mut errs);
    errs.stop()?;
    let checked = verify::verify(&files, sources, &target, &mut errs);
    errs.stop()?;
    let mut warnings = errs.take();
    warnings.extend(checked);
    if o.dry_run {
        // the files are not written: point at the cells instead, unless a kept disclosure
        // withholds something (then the messages stay where the quiet rules judge them)
        let unwritten: Vec<_> = files
            .iter()
            .filter(|f| !f.kept_disclosure)
            .map(|f| (f.rel.as_str(), f.text.as_str(), &f.cells, f.origin.en()))
            .collect();
        cellmap::point_at_cells(&mut warnings, &unwritten, &o.file.display().to_string());
    }
    if !o.dry_run {
        write::commit(&files).map_err(Failure::Io)?;
    }
    Ok(Imported {
        files,
        skipped,
        warnings,
    })
}

/// Where records go, and what the site says about money and units.
#[derive(Debug, Clone)]
pub struct Target {
    pub site: PathBuf,
    pub region: String,
    pub region_name: String,
    /// (id, name) of each unit in region.yaml.
    pub units: Vec<(String, String)>,
    pub year: u16,
    pub kind: Kind,
    pub money_unit: MoneyUnit,
}

impl Target {
    fn new(o: &Options, sources: &Sources, load_diags: Diagnostics) -> Result<Target, Failure> {
        let usage = |m: Said| Failure::Io(crate::diag::told(m));
        let Some((_, config)) = &sources.config else {
            let site = o.site.display();
            return Err(usage(said!(
                "{site} 中没有可以读取的 site.yaml：这是站点所在的文件夹吗？（运行 `gongkai check {site}` 可以看到详细原因）",
                "{site} has no readable site.yaml: is it the site folder? (`gongkai check {site}` says more)"
            )));
        };
        if !matches!(o.kind, Kind::Goal | Kind::SelfEvaluation) {
            return Err(usage(said!(
                "只能导入绩效目标表和绩效自评表",
                "only goals and self-evaluations can be imported"
            )));
        }
        let Some(region) = sources.regions.get(&o.region) else {
            let known: Vec<&str> = sources.regions.keys().map(String::as_str).collect();
            let (region, zh, en) = (&o.region, known.join("、"), known.join(", "));
            return Err(usage(said!(
                "没有地区文件夹 content/{region}/（现有的地区：{zh}）；`--region` 请写其中之一",
                "there is no region folder content/{region}/ (regions: {en})"
            )));
        };
        let Some((_, raw)) = &region.file else {
            let mut d = load_diags;
            d.items.retain(|x| {
                x.path
                    .starts_with(&format!("content/{}/region.yaml", o.region))
            });
            if d.items.is_empty() {
                let region = &o.region;
                return Err(usage(said!(
                    "content/{region}/ 中没有 region.yaml",
                    "content/{region}/ has no region.yaml"
                )));
            }
            return Err(Failure::Content(d));
        };
        let money_unit = match &config.money_unit {
            None => MoneyUnit::Wan,
            Some(s) => MoneyUnit::parse(&s.value).ok_or_else(|| {
                let v = &s.value;
                usage(said!(
                    "site.yaml：`money_unit: {v}` 不是 元、万元 或 亿元（运行 `gongkai check` 可以看到详细原因）",
                    "site.yaml: `money_unit: {v}` is not 元, 万元 or 亿元 (`gongkai check` says more)"
                ))
            })?,
        };
        Ok(Target {
            site: o.site.clone(),
            region: o.region.clone(),
            region_name: raw.name.value.clone(),
            units: raw
                .units
                .iter()
                .map(|u| (u.id.value.clone(), u.name.value.clone()))
                .collect(),
            year: o.year,
            kind: o.kind,
            money_unit,
        })
    }

    /// `content/<region>/<year>/<kind folder>`.
    pub fn folder(&self) -> String {
        format!(
            "content/{}/{}/{}",
            self.region,
            self.year,
            self.kind.folder()
        )
    }
}

/// The diagnostics of one import, all about the spreadsheet at `path`.
#[derive(Debug)]
pub struct Errs {
    path: String,
    diags: Diagnostics,
}

impl Errs {
    pub fn new(path: &str) -> Errs {
        Errs {
            path: path.to_string(),
            diags: Diagnostics::default(),
        }
    }

    /// A problem at a cell or range: the message starts with its address.
    pub fn cell(
        &mut self,
        rule: &'static str,
        at: &str,
        message: impl Into<Said>,
        hint: impl Into<Said>,
    ) {
        let message = message.into().map(|lang, m| match lang {
            Lang::Zh => format!("{at}：{m}"),
            Lang::En => format!("{at}: {m}"),
        });
        self.diags.push(
            Diagnostic::error(rule, &self.path, 0, 0)
                .msg(message)
                .hint(hint),
        );
    }

    /// A warning at a cell or range (a `W` rule; the severity follows the rule).
    pub fn warn(
        &mut self,
        rule: &'static str,
        at: &str,
        message: impl Into<Said>,
        hint: impl Into<Said>,
    ) {
        self.cell(rule, at, message, hint);
    }

    /// A problem with the whole file.
    pub fn file(&mut self, rule: &'static str, message: impl Into<Said>, hint: impl Into<Said>) {
        self.diags.push(
            Diagnostic::error(rule, &self.path, 0, 0)
                .msg(message)
                .hint(hint),
        );
    }

    /// Number of errors so far.
    pub fn count(&self) -> usize {
        self.diags.error_count()
    }

    pub fn is_clean(&self) -> bool {
        self.count() == 0
    }

    /// `Err` with every diagnostic if there is any error, sheet by sheet (in the order they
    /// were first named), row by row, cell by cell; problems of the whole file first.
    fn stop(&mut self) -> Result<(), Failure> {
        if self.is_clean() {
            return Ok(());
        }
        Err(Failure::Content(self.take()))
    }

    /// Every diagnostic so far (once no error remains: the warnings), in [`Errs::stop`]'s order.
    fn take(&mut self) -> Diagnostics {
        let mut sheets: Vec<String> = Vec::new();
        let mut keyed: Vec<((usize, usize, usize), Diagnostic)> = Vec::new();
        for d in std::mem::take(&mut self.diags).items {
            let key = match address(d.message.en()) {
                Some((sheet, row, col)) => {
                    let i = sheets.iter().position(|s| *s == sheet).unwrap_or_else(|| {
                        sheets.push(sheet);
                        sheets.len() - 1
                    });
                    (i + 1, row, col)
                }
                None => (0, 0, 0),
            };
            keyed.push((key, d));
        }
        keyed.sort_by_key(|(k, _)| *k);
        let mut diags = Diagnostics::default();
        for (_, d) in keyed {
            diags.push(d);
        }
        diags
    }
}

/// A value that cannot be read (the model's [`ValueError`](crate::model::value::ValueError))
/// in the field headed `label`: the message, and the hint.
pub fn value_error(label: &str, e: &crate::model::value::ValueError) -> (Said, Said) {
    let (zh, en) = (e.message.zh(), e.message.en());
    (said!("{label}：{zh}", "{label}: {en}"), e.hint.0.clone())
}

/// Sheet, row and column of the cell a message starts with (`自评表!D12: …`, `表!A3:I9: …`).
fn address(message: &str) -> Option<(String, usize, usize)> {
    // a quoted sheet name may hold `!` (read in English: `at: message`)
    let (sheet, rest) = match message.strip_prefix('\'') {
        Some(q) => q.split_once("'!")?,
        None => message.split_once('!')?,
    };
    if sheet.contains(": ") {
        return None;
    }
    let cell = rest.split([':', ',']).next()?;
    let letters = cell.len()
        - cell
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .len();
    let col = cell[..letters].bytes().fold(0usize, |n, b| {
        n.saturating_mul(26)
            .saturating_add(usize::from(b - b'A' + 1))
    });
    let row = cell[letters..].parse().ok()?;
    Some((sheet.to_string(), row, col))
}

/// The sheets of the spreadsheet at `path`, by its extension.
fn read_file(path: &Path, errs: &mut Errs) -> Result<Vec<Sheet>, Failure> {
    let io = |e: std::io::Error| {
        Failure::Io(
            Err::<(), _>(e)
                .told(|| crate::diag::told::reading(path))
                .unwrap_err(),
        )
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let export = || {
        said!(
            "请把表格导出为 .xlsx 工作簿或 .csv 文件",
            "export the form as an .xlsx workbook or a .csv file"
        )
    };
    let read = match ext.as_str() {
        _ if meta.len() > MAX_FILE_BYTES => {
            let n = meta.len();
            Err((
                said!(
                    "这个文件有 {n} 字节，最多只读 {MAX_FILE_BYTES} 字节",
                    "the file is {n} bytes; at most {MAX_FILE_BYTES} are read"
                ),
                export(),
            ))
        }
        "xlsx" | "xlsm" => std::panic::catch_unwind(|| xlsx::read(path))
            .unwrap_or_else(|_| {
                Err(said!(
                    "读取工作簿时出错，无法读取这个文件",
                    "the workbook's reader failed on this file"
                ))
            })
            .map_err(|why| (why, export())),
        "csv" => {
            let bytes = std::fs::read(path).map_err(io)?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            csv::decode(&bytes)
                .and_then(|t| csv::parse(&name, &t))
                .map(|s| vec![s])
                .map_err(|why| (why, export()))
        }
        "xls" | "et" => Err((
            said!(
                "这是旧版的 .xls 工作簿，不能读取",
                "this is an old-style .xls workbook, which is not read"
            ),
            said!(
                "用 Excel 或 WPS 打开它，另存为 .xlsx（文件 → 另存为 → Excel 工作簿）",
                "open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)"
            ),
        )),
        _ => Err((
            said!(
                "不能读取 `.{ext}` 文件，只能读取 .xlsx 和 .csv",
                "`.{ext}` files are not read; only .xlsx and .csv"
            ),
            export(),
        )),
    };
    read.or_else(|(why, hint)| {
        errs.file(rule::IMPORT_FILE, why, hint);
        errs.stop().map(|_| Vec::new())
    })
}

/// Drafts from every sheet, and the names of sheets that hold no form or table.
fn read_sheets(sheets: &[Sheet], t: &Target, errs: &mut Errs) -> (Vec<Draft>, Vec<(String, Said)>) {
    let mut groups = flat::Groups::default();
    let mut drafts = Vec::new();
    let mut skipped = Vec::new();
    for sheet in sheets {
        if sheet.hidden {
            skipped.push((sheet.name.clone(), said!("它是隐藏的", "it is hidden")));
            continue;
        }
        let Some(cols) = heads::find_table(sheet, 0) else {
            if tries_a_layout(sheet) {
                let msg = said!(
                    "没有指标表：没有哪一行同时有 一级指标 和 三级指标 两个表头",
                    "no indicator table: no row has both 一级指标 and 三级指标 headings"
                );
                let hint = said!(
                    "像规定的表样那样，给指标表的各列写上表头 一级指标、二级指标、三级指标、指标值",
                    "head the indicator table's columns 一级指标, 二级指标, 三级指标, 指标值 as the official forms do"
                );
                errs.cell(rule::IMPORT_LAYOUT, &sheet.at(0, 0), msg, hint);
            } else {
                let why = said!("其中没有绩效目标表或自评表", "it holds no form or table");
                skipped.push((sheet.name.clone(), why));
            }
            continue;
        };
        check_year(sheet, cols.row, t.year, errs);
        unread::table(sheet, &cols, t.kind, errs);
        if cols.has(Field::ProjectName) || cols.has(Field::Unit) {
            let unit = (0..cols.row)
                .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
                .find_map(|(r, c)| heads::stated_unit(sheet.text(r, c)));
            groups.read(sheet, &cols, t.kind, unit, errs);
        } else {
            unread::header(sheet, cols.row, t.kind, errs);
            drafts.extend(form::read(sheet, &cols, t, errs));
        }
    }
    drafts.extend(groups.finish(t, errs));
    (drafts, skipped)
}

/// Whether a sheet without an indicator table still names a field of the forms.
fn tries_a_layout(sheet: &Sheet) -> bool {
    (0..sheet.height()).any(|r| {
        (0..sheet.width()).any(|c| {
            heads::recognize(sheet.text(r, c)).is_some_and(|(f, _)| {
                matches!(
                    f,
                    Field::ProjectName | Field::Level1 | Field::Level2 | Field::Name
                )
            })
        })
    })
}

/// The title rows (above the first label or heading) may state the year: it must be `year`.
fn check_year(sheet: &Sheet, table: usize, year: u16, errs: &mut Errs) {
    for r in 0..table {
        if (0..sheet.width()).any(|c| heads::recognize(sheet.text(r, c)).is_some()) {
            return;
        }
        for c in 0..sheet.width() {
            if let Some(y) = cells::stated_year(sheet.text(r, c))
                && y != year
            {
                let msg = said!(
                    "标题写的是 {y}年，但 --year 是 {year}",
                    "the title says {y}年, but --year is {year}"
                );
                let hint = said!(
                    "把这张表导入它自己的年度（--year {y}），或改正标题",
                    "import the form into its own year (--year {y}), or correct the title"
                );
                errs.cell(rule::IMPORT_CONFLICT, &sheet.at(r, c), msg, hint);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_ordered_by_sheet_row_and_column() {
        let mut e = Errs::new("x.xlsx");
        let t = |s: &str| Said::new(s, s);
        e.cell(rule::IMPORT_CELL, "表!K2", t("b"), t(""));
        e.cell(rule::IMPORT_CELL, "'Sheet 1'!A9", t("d"), t(""));
        e.cell(rule::IMPORT_CELL, "表!E2", t("a"), t(""));
        e.cell(rule::IMPORT_CELL, "表!A3:I9", t("c"), t(""));
        e.file(rule::IMPORT_LAYOUT, t("whole file: no table"), t(""));
        let Err(Failure::Content(d)) = e.stop() else {
            panic!("no errors")
        };
        let order: Vec<&str> = d.items.iter().map(|d| d.message.en()).collect();
        assert_eq!(
            order,
            [
                "whole file: no table",
                "表!E2: a",
                "表!K2: b",
                "表!A3:I9: c",
                "'Sheet 1'!A9: d"
            ]
        );
        assert_eq!(address("'a!b'!AA10: m"), Some(("a!b".into(), 10, 27)));
    }
}
