//! A spreadsheet as a grid of display texts, and readers for the values the forms hold.
//!
//! Both file readers (`xlsx.rs`, `csv.rs`) produce [`Sheet`]s: every cell as the text a person
//! sees, numbers already turned into exact decimal text, merged regions filled from their
//! top-left cell. The functions here read one kind of value from such a text — an amount of
//! money, a number of points, an indicator value such as `≥86公里` — and say in plain words what
//! is wrong with it. No I/O and no floating point here: numbers stay text until the model's
//! exact parsers read them.

use crate::model::Op;
use crate::model::value::{Decimal, Money, MoneyUnit, ValueError, normalize};

/// What a cell held in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellKind {
    #[default]
    Empty,
    Text,
    Number,
    Date,
    /// An Excel error such as `#DIV/0!`.
    Error,
}

/// One cell: its display text (trimmed), what it held, and its merged region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub kind: CellKind,
    /// The top-left cell of the merged region this cell belongs to, when that is another cell.
    pub merged_from: Option<(usize, usize)>,
}

impl Cell {
    pub fn new(text: &str, kind: CellKind) -> Cell {
        let text = clean(text);
        let kind = if text.is_empty() {
            CellKind::Empty
        } else {
            kind
        };
        Cell {
            text,
            kind,
            merged_from: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Largest sheet read: rows and columns. Forms and tables are far smaller.
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLS: usize = 256;
/// Largest merged region filled: a form's merged cells are far smaller.
pub const MAX_MERGE: usize = 10_000;

/// One worksheet (a CSV file is one sheet named after the file, as Excel names it).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// Hidden in the workbook (lookup lists and the like): not read.
    pub hidden: bool,
    rows: Vec<Vec<Cell>>,
    width: usize,
}

static EMPTY: Cell = Cell {
    text: String::new(),
    kind: CellKind::Empty,
    merged_from: None,
};

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        Sheet {
            name: name.to_string(),
            hidden: false,
            rows,
            width,
        }
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// The cell at row `r`, column `c` (0-based); an empty cell outside the sheet.
    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    pub fn text(&self, r: usize, c: usize) -> &str {
        &self.cell(r, c).text
    }

    /// The cell's merged region's top-left cell, or the cell itself.
    pub fn origin(&self, r: usize, c: usize) -> (usize, usize) {
        self.cell(r, c).merged_from.unwrap_or((r, c))
    }

    /// Whether row `r` holds nothing.
    pub fn row_is_empty(&self, r: usize) -> bool {
        (0..self.width).all(|c| self.cell(r, c).is_empty())
    }

    /// `自评表!D12`, as Excel writes a reference (names with spaces or signs are quoted).
    pub fn at(&self, r: usize, c: usize) -> String {
        format!("{}!{}{}", quoted_name(&self.name), col_letters(c), r + 1)
    }

    /// `自评表!A3:I12`.
    pub fn range(&self, from: (usize, usize), to: (usize, usize)) -> String {
        format!(
            "{}!{}{}:{}{}",
            quoted_name(&self.name),
            col_letters(from.1),
            from.0 + 1,
            col_letters(to.1),
            to.0 + 1
        )
    }

    /// Fill a merged region from its top-left cell, as a reader of the printed form sees it.
    /// Regions larger than [`MAX_MERGE`] cells, or beyond the sheet's limits, are left as
    /// they are; the sheet grows to hold a region that reaches past its last value.
    pub fn merge(&mut self, from: (usize, usize), to: (usize, usize)) {
        let (r1, c1) = to;
        let area = (r1 + 1).saturating_sub(from.0) * (c1 + 1).saturating_sub(from.1);
        if area > MAX_MERGE || area == 0 || r1 >= MAX_ROWS || c1 >= MAX_COLS {
            return;
        }
        let top = self.cell(from.0, from.1).clone();
        if self.rows.len() <= r1 {
            self.rows.resize(r1 + 1, Vec::new());
        }
        self.width = self.width.max(c1 + 1);
        for r in from.0..=r1 {
            let row = &mut self.rows[r];
            if row.len() <= c1 {
                row.resize(c1 + 1, Cell::default());
            }
            for (c, cell) in row.iter_mut().enumerate().take(c1 + 1).skip(from.1) {
                if (r, c) != from {
                    *cell = Cell {
                        merged_from: Some(from),
                        ..top.clone()
                    };
                }
            }
        }
    }
}

fn quoted_name(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn col_letters(c: usize) -> String {
    let mut n = c + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Trimmed text with Windows line ends, non-breaking and zero-width spaces tidied.
pub fn clean(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace(['\r'], "\n");
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}'))
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect();
    s.trim_matches(|c: char| c.is_whitespace()).to_string()
}

/// A heading or label as compared: no spaces at all, full-width forms made ASCII, no `*`
/// (a required-field mark) and no leading `其中:`.
pub fn fold(s: &str) -> String {
    let t: String = normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let t = t.strip_prefix("其中:").unwrap_or(&t);
    t.strip_prefix("其中").unwrap_or(t).to_string()
}

/// A cell that stands for "nothing" in an amount or number column.
pub fn placeholder(s: &str) -> bool {
    matches!(
        normalize(s).as_str(),
        "" | "-" | "--" | "—" | "——" | "–" | "/" | "\\" | "无" | "N/A" | "n/a"
    )
}

/// `1,234,567.5` → `1234567.5`: commas only where they group thousands; otherwise unchanged.
fn ungroup(t: &str) -> String {
    let (sign, body) = t.strip_prefix('-').map_or(("", t), |b| ("-", b));
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.split(',').collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return t.to_string();
    }
    match frac {
        Some(f) => format!("{sign}{}.{f}", groups.concat()),
        None => format!("{sign}{}", groups.concat()),
    }
}

/// An amount of money as written for a record: the number and its unit, `"135.5万元"`.
/// A bare number is in `unit` (the column's heading, or the site's `money_unit`).
pub fn money(text: &str, unit: MoneyUnit) -> Result<String, ValueError> {
    let t = normalize(text).replace(' ', "");
    let t = if t.ends_with('万') || t.ends_with('亿') {
        format!("{t}元")
    } else {
        t
    };
    let num_end = t.trim_end_matches(['元', '万', '亿']).len();
    let t = format!("{}{}", ungroup(&t[..num_end]), &t[num_end..]);
    Money::parse(&t, unit)?;
    Ok(if t.ends_with('元') {
        t
    } else {
        format!("{t}{}", unit.zh())
    })
}

/// A number of points (分值, 得分), as written: `"20"`, `"9.5"`; a trailing 分 is allowed.
pub fn points(text: &str) -> Result<String, ValueError> {
    let t = normalize(text).replace(' ', "");
    let t = ungroup(t.strip_suffix('分').unwrap_or(&t));
    Decimal::parse(&t)?;
    Ok(t)
}

/// An indicator value split into comparison, number and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub op: Op,
    /// Whether the comparison was written (`≥86`) rather than implied (`86` reads as `=`).
    pub explicit: bool,
    /// The number as written, or the whole text of a qualitative value.
    pub target: String,
    pub unit: Option<String>,
}

/// Comparisons written before the number, in symbols or words.
const PREFIXES: &[(&str, Op)] = &[
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("⩾", Op::Ge),
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("≤", Op::Le),
    ("≦", Op::Le),
    ("⩽", Op::Le),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("==", Op::Eq),
    ("=", Op::Eq),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("大于等于", Op::Ge),
    ("大于或等于", Op::Ge),
    ("不少于", Op::Ge),
    ("不低于", Op::Ge),
    ("不小于", Op::Ge),
    ("至少", Op::Ge),
    ("小于等于", Op::Le),
    ("小于或等于", Op::Le),
    ("不超过", Op::Le),
    ("不高于", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("等于", Op::Eq),
];

/// A comparison written alone, in a column of its own: `≥`, `>=`, `不低于`, `定性`.
pub fn comparison(text: &str) -> Option<Op> {
    let t = normalize(text).replace(' ', "");
    PREFIXES
        .iter()
        .chain(SUFFIXES)
        .find(|(p, _)| *p == t)
        .map(|(_, o)| *o)
        .or_else(|| Op::parse(&t).ok())
}

/// The direction an 指标性质 column states: 正向 (higher is better, `≥`) or 反向 (`≤`).
pub fn direction(text: &str) -> Option<Op> {
    match normalize(text).replace(' ', "").trim_end_matches("指标") {
        "正向" => Some(Op::Ge),
        "反向" => Some(Op::Le),
        _ => None,
    }
}

/// Comparisons written after the number: `90%以上`, `30天以内`.
const SUFFIXES: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
];

/// Characters that show the text after a number is not a unit (`12月底前完成`).
const NOT_UNIT: &[char] = &['前', '后', '底', '完', '达', '之', '内', '('];

/// Read an indicator value: `≥86公里` → (≥, 86, 公里); `90%以上` → (≥, 90, %); `有效改善` →
/// (定性, 有效改善). A number without a comparison reads as `=`. A text that is not a number
/// with a unit is kept whole as a qualitative value.
pub fn indicator_value(text: &str) -> Value {
    let whole = clean(text);
    let qualitative = Value {
        op: Op::Qualitative,
        explicit: false,
        target: whole.clone(),
        unit: None,
    };
    let t = normalize(&whole);
    let prefix = PREFIXES
        .iter()
        .filter(|(p, _)| t.starts_with(p))
        .max_by_key(|(p, _)| p.len());
    let mut rest = prefix.map_or(t.as_str(), |(p, _)| &t[p.len()..]).trim();
    let mut op = prefix.map(|(_, o)| *o);
    if op.is_none()
        && let Some((s, o)) = SUFFIXES.iter().find(|(s, _)| rest.ends_with(s))
    {
        rest = rest[..rest.len() - s.len()].trim();
        op = Some(*o);
    }
    let num_len = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    let number = ungroup(&rest[..num_len]);
    let unit = rest[num_len..].trim();
    let unit_ok = !unit
        .chars()
        .any(|c| c.is_ascii_digit() || NOT_UNIT.contains(&c))
        && unit.chars().count() <= 6;
    if number.is_empty() || Decimal::parse(&number).is_err() || !unit_ok {
        return qualitative;
    }
    Value {
        op: op.unwrap_or(Op::Eq),
        explicit: op.is_some(),
        target: number,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
    }
}

/// The actual value (实际完成值) of an indicator: for a quantitative one, the number alone
/// when its unit is the target's or absent (`88公里` → `88`); otherwise the text as written.
pub fn actual_value(text: &str, target: &Value) -> String {
    let whole = clean(text);
    if target.op == Op::Qualitative {
        return whole;
    }
    let v = indicator_value(&whole);
    let same_unit = v.unit.is_none() || v.unit == target.unit;
    if v.op != Op::Qualitative && !v.explicit && same_unit {
        v.target
    } else {
        whole
    }
}

/// A year stated in a title such as `（2024年度）` or `2024年`.
pub fn stated_year(text: &str) -> Option<u16> {
    let t = normalize(text);
    let bytes = t.as_bytes();
    let at = t.find('年')?;
    let start = at.checked_sub(4)?;
    let digits = bytes.get(start..at)?;
    let before_ok = start == 0 || !bytes[start - 1].is_ascii_digit();
    (before_ok && digits.iter().all(u8::is_ascii_digit))
        .then(|| t[start..at].parse().ok())
        .flatten()
        .filter(|y| (1949..=2199).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(op: Op, target: &str, unit: Option<&str>) -> (Op, String, Option<String>) {
        (op, target.to_string(), unit.map(str::to_string))
    }

    fn read(s: &str) -> (Op, String, Option<String>) {
        let x = indicator_value(s);
        (x.op, x.target, x.unit)
    }

    #[test]
    fn operators_targets_and_units_are_split() {
        assert_eq!(read("≥86公里"), v(Op::Ge, "86", Some("公里")));
        assert_eq!(read("≤30天"), v(Op::Le, "30", Some("天")));
        assert_eq!(read("≥90%"), v(Op::Ge, "90", Some("%")));
        assert_eq!(read("＞＝９５％"), v(Op::Ge, "95", Some("%")));
        assert_eq!(read(">= 1,200 人次"), v(Op::Ge, "1200", Some("人次")));
        assert_eq!(read("不低于98.50%"), v(Op::Ge, "98.50", Some("%")));
        assert_eq!(read("90%以上"), v(Op::Ge, "90", Some("%")));
        assert_eq!(read("30天以内"), v(Op::Le, "30", Some("天")));
        assert_eq!(read("=100%"), v(Op::Eq, "100", Some("%")));
        assert_eq!(read("100%"), v(Op::Eq, "100", Some("%")));
        assert_eq!(read("<5"), v(Op::Lt, "5", None));
        assert_eq!(read("大于等于3个"), v(Op::Ge, "3", Some("个")));
    }

    #[test]
    fn comparisons_in_their_own_column() {
        assert_eq!(comparison("≥"), Some(Op::Ge));
        assert_eq!(comparison(" >= "), Some(Op::Ge));
        assert_eq!(comparison("不高于"), Some(Op::Le));
        assert_eq!(comparison("以上"), Some(Op::Ge));
        assert_eq!(comparison("定性"), Some(Op::Qualitative));
        assert_eq!(comparison("约"), None);
    }

    #[test]
    fn qualitative_values_are_kept_whole() {
        assert_eq!(read("有效改善"), v(Op::Qualitative, "有效改善", None));
        assert_eq!(read(" ≥良好 "), v(Op::Qualitative, "≥良好", None));
        assert_eq!(
            read("12月底前完成"),
            v(Op::Qualitative, "12月底前完成", None)
        );
        assert_eq!(read("86-90公里"), v(Op::Qualitative, "86-90公里", None));
        assert_eq!(read("2024年12月"), v(Op::Qualitative, "2024年12月", None));
    }

    #[test]
    fn actual_values_drop_the_targets_unit() {
        let t = indicator_value("≥86公里");
        assert_eq!(actual_value("88公里", &t), "88");
        assert_eq!(actual_value("88", &t), "88");
        assert_eq!(actual_value("8.8万米", &t), "8.8万米");
        assert_eq!(actual_value("已完成", &t), "已完成");
        let q = indicator_value("有效改善");
        assert_eq!(actual_value(" 明显改善 ", &q), "明显改善");
    }

    #[test]
    fn money_keeps_the_stated_decimals_and_adds_the_unit() {
        assert_eq!(money("135.50", MoneyUnit::Wan).unwrap(), "135.50万元");
        assert_eq!(money("1,355,000", MoneyUnit::Yuan).unwrap(), "1355000元");
        assert_eq!(money("１２０万元", MoneyUnit::Yuan).unwrap(), "120万元");
        assert_eq!(money("15.5万", MoneyUnit::Yuan).unwrap(), "15.5万元");
        assert!(money("-3", MoneyUnit::Wan).is_err());
        assert!(money("一百", MoneyUnit::Wan).is_err());
        assert!(money("1.234", MoneyUnit::Yuan).is_err());
    }

    #[test]
    fn points_and_placeholders() {
        assert_eq!(points("20分").unwrap(), "20");
        assert_eq!(points(" 9.50 ").unwrap(), "9.50");
        assert!(points("二十").is_err());
        assert!(placeholder("—") && placeholder(" / ") && !placeholder("0"));
    }

    #[test]
    fn addresses_are_written_as_excel_does() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_letters(702), "AAA");
        let s = Sheet::new("自评表", vec![]);
        assert_eq!(s.at(11, 3), "自评表!D12");
        let s = Sheet::new("Sheet 1", vec![]);
        assert_eq!(s.range((0, 0), (2, 1)), "'Sheet 1'!A1:B3");
    }

    #[test]
    fn merged_regions_are_filled_from_the_top_left() {
        let row =
            |a: &str, b: &str| vec![Cell::new(a, CellKind::Text), Cell::new(b, CellKind::Text)];
        let mut s = Sheet::new("s", vec![row("产出指标", "x"), row("", "y")]);
        s.merge((0, 0), (1, 0));
        assert_eq!(s.text(1, 0), "产出指标");
        assert_eq!(s.origin(1, 0), (0, 0));
        assert_eq!(s.origin(0, 0), (0, 0));
    }

    #[test]
    fn text_is_tidied_and_headings_folded() {
        assert_eq!(
            clean("\u{3000}乡村道路 \r\n养护\u{00A0}"),
            "乡村道路 \n养护"
        );
        assert_eq!(fold("其中：财政拨款"), "财政拨款");
        assert_eq!(fold("*年初预算数（万元）"), "年初预算数(万元)");
        assert_eq!(fold("偏差原因分析\n及改进措施"), "偏差原因分析及改进措施");
        assert_eq!(stated_year("（2024年度）"), Some(2024));
        assert_eq!(stated_year("项目支出绩效自评表"), None);
        assert_eq!(stated_year("120年"), None);
    }
}
