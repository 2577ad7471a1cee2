//! Values written as structured text: months (`2023-05`, meaning their last
//! day), dates (`2025-06-30`) and record ids (`yl-2023-road-01`), with hints
//! that propose the corrected spelling. Re-exported from [`super`]. No I/O here.

use super::{ValueError, normalize};
use crate::said;
use chrono::{Months, NaiveDate};
use std::fmt;

/// The numeric parts of a date-like text such as `2023/5`, `2023年5月` or `2025-6-30`.
fn date_parts(t: &str) -> Vec<&str> {
    t.split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// A calendar month, `2023-05`; as a date it means its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// Parses exactly `YYYY-MM`.
    pub fn parse(s: &str) -> Result<Month, ValueError> {
        let t = normalize(s);
        let strict = |t: &str| -> Option<Month> {
            let (y, m) = t.split_once('-')?;
            let month = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            (is_digits(y, 4) && is_digits(m, 2)).then_some(Month {
                year: y.parse().ok()?,
                month,
            })
        };
        if let Some(m) = strict(&t) {
            return Ok(m);
        }
        let fix = match date_parts(&t)[..] {
            [y, m] if m.len() <= 2 => strict(&format!("{y}-{m:0>2}")),
            _ => None,
        };
        let hint = fix.map_or(
            said!(
                "月份写成“年-月”，如 \"2023-05\"",
                "write the month as YYYY-MM, like \"2023-05\""
            ),
            |m| said!("写成 \"{m}\"", "write \"{m}\""),
        );
        Err(ValueError::new(
            said!(
                "\"{t}\" 不是“年-月”格式的月份（YYYY-MM）",
                "\"{t}\" is not a month written as YYYY-MM"
            ),
            hint,
        ))
    }

    /// The last day of the month (1970-01-01 for a month that does not exist, which `parse` never returns).
    pub fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .and_then(|d| d.pred_opt())
            .unwrap_or_default()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Parses exactly `YYYY-MM-DD`, a real calendar date.
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    let t = normalize(s);
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    let parts = date_parts(&t);
    let b = t.as_bytes();
    let shaped = b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-');
    if let [y, m, d] = parts[..]
        && shaped
        && is_digits(y, 4)
        && is_digits(m, 2)
        && is_digits(d, 2)
    {
        return ymd(y, m, d).ok_or_else(|| {
            ValueError::new(
                said!("\"{t}\" 这一天不存在", "\"{t}\" is not a real date"),
                said!(
                    "核对月和日，写成“年-月-日”，如 \"2025-06-30\"",
                    "check the month and day; write YYYY-MM-DD, like \"2025-06-30\""
                ),
            )
        });
    }
    let fix = match parts[..] {
        [y, m, d] if is_digits(y, 4) && m.len() <= 2 && d.len() <= 2 => ymd(y, m, d),
        _ => None,
    };
    let hint = fix.map_or(
        said!(
            "日期写成“年-月-日”，如 \"2025-06-30\"",
            "write the date as YYYY-MM-DD, like \"2025-06-30\""
        ),
        |d| said!("写成 \"{d}\"", "write \"{d}\""),
    );
    Err(ValueError::new(
        said!(
            "\"{t}\" 不是“年-月-日”格式的日期（YYYY-MM-DD）",
            "\"{t}\" is not a date written as YYYY-MM-DD"
        ),
        hint,
    ))
}

const MAX_ID: usize = 80;

/// Checks a record id: `[a-z0-9][a-z0-9-]{0,79}`; the hint proposes a corrected id.
pub fn validate_id(s: &str) -> Result<(), ValueError> {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let b = s.as_bytes();
    if b.len() <= MAX_ID
        && b.first().is_some_and(|&c| ok(c))
        && b.iter().all(|&c| ok(c) || c == b'-')
    {
        if windows_device(s) {
            return Err(ValueError::new(
                said!(
                    "\"{s}\" 是 Windows 保留的设备名：用它作文件夹名的网站无法复制到 Windows 服务器上",
                    "\"{s}\" is a device name reserved by Windows: a folder of that name in the output could not be copied to a Windows server"
                ),
                said!(
                    "写成 \"{s}-1\" 或换一个编号",
                    "write \"{s}-1\" or another id"
                ),
            ));
        }
        return Ok(());
    }
    let message = if s.is_empty() {
        said!("编号是空的", "the id is empty")
    } else if s.chars().count() > MAX_ID {
        said!(
            "编号 \"{s}\" 超过 {MAX_ID} 个字符",
            "the id \"{s}\" is longer than {MAX_ID} characters"
        )
    } else {
        said!(
            "\"{s}\" 不能作编号：编号只用小写英文字母 a-z、数字和连字符 -，并以字母或数字开头",
            "\"{s}\" is not a valid id: ids use lowercase letters a-z, digits and hyphens, and start with a letter or digit"
        )
    };
    let hint = match suggest_id(s) {
        Some(f) if windows_device(&f) => said!("写成 \"{f}-1\"", "write \"{f}-1\""),
        Some(f) => said!("写成 \"{f}\"", "write \"{f}\""),
        None => said!(
            "写一个这样的编号：\"yl-2023-road-01\"",
            "write an id like \"yl-2023-road-01\""
        ),
    };
    Err(ValueError::new(message, hint))
}

/// `con`, `prn`, `aux`, `nul`, `com0`–`com9`, `lpt0`–`lpt9`: ids become folder names.
fn windows_device(id: &str) -> bool {
    matches!(id, "con" | "prn" | "aux" | "nul")
        || (id.len() == 4
            && (id.starts_with("com") || id.starts_with("lpt"))
            && id.as_bytes()[3].is_ascii_digit())
}

/// Lowercased, runs of other characters turned into one `-`, trimmed, cut to 80.
fn suggest_id(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in normalize(s).chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_ID); // ASCII only, so any index is a char boundary
    let out = out.trim_end_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{Decimal, Money, MoneyUnit, Percent, parse_count};
    use super::*;

    fn month(s: &str) -> Month {
        Month::parse(s).expect(s)
    }

    #[test]
    fn months_parse_strictly_and_mean_their_last_day() {
        assert_eq!(
            month("2023-05"),
            Month {
                year: 2023,
                month: 5
            }
        );
        assert_eq!(month(" ２０２３－０５ ").to_string(), "2023-05");
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(month("2024-02").last_day(), ymd(2024, 2, 29));
        assert_eq!(month("2023-02").last_day(), ymd(2023, 2, 28));
        assert_eq!(month("2023-05").last_day(), ymd(2023, 5, 31));
        assert_eq!(month("2023-12").last_day(), ymd(2023, 12, 31));
        assert_eq!(
            Month {
                year: 2023,
                month: 13
            }
            .last_day(),
            NaiveDate::default()
        );
        assert!(month("2023-12") < month("2024-01") && month("2024-01") < month("2024-02"));
        assert_eq!(
            Month::parse("2023-5").unwrap_err().hint.en(),
            "write \"2023-05\""
        );
        assert_eq!(
            Month::parse("2023年5月").unwrap_err().hint.en(),
            "write \"2023-05\""
        );
        assert_eq!(
            Month::parse("2023/05").unwrap_err().hint.en(),
            "write \"2023-05\""
        );
        for bad in [
            "2023-13",
            "2023-00",
            "23-05",
            "2023-05-01",
            "",
            "May 2023",
            "05-2023",
        ] {
            let e = Month::parse(bad).expect_err(bad);
            assert!(
                e.message.en().contains("YYYY-MM") && e.hint.en().contains("2023-05"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("2025-06-30"),
            Ok(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap())
        );
        assert_eq!(
            parse_date("2025-6-30").unwrap_err().hint.en(),
            "write \"2025-06-30\""
        );
        assert_eq!(
            parse_date("2025年6月30日").unwrap_err().hint.en(),
            "write \"2025-06-30\""
        );
        assert_eq!(
            parse_date("2025/06/30").unwrap_err().hint.en(),
            "write \"2025-06-30\""
        );
        let e = parse_date("2023-02-29").unwrap_err();
        assert!(e.message.en().contains("not a real date"), "{e}");
        for bad in [
            "",
            "2025-06",
            "30/06/2025",
            "2025-06-31",
            "2025-06-30T00:00",
            "今天",
        ] {
            let e = parse_date(bad).expect_err(bad);
            assert!(e.hint.en().contains("2025-06-30"), "{bad}: {e}");
        }
    }

    #[test]
    fn ids_are_validated_with_a_suggested_fix() {
        for ok in ["yl-2023-road-01", "a", "0", "ab-", "a--b", &"a".repeat(80)] {
            assert_eq!(validate_id(ok), Ok(()), "{ok}");
        }
        let hint = |s: &str| validate_id(s).expect_err(s).hint.en().to_string();
        assert_eq!(hint("YL_2023 Road 01"), "write \"yl-2023-road-01\"");
        assert_eq!(hint("-abc"), "write \"abc\"");
        assert_eq!(hint("yl/2023/道路/01"), "write \"yl-2023-01\"");
        assert_eq!(hint("ＹＬ－１"), "write \"yl-1\"");
        assert_eq!(
            hint(&"a".repeat(81)),
            format!("write \"{}\"", "a".repeat(80))
        );
        assert_eq!(
            hint(&format!("{}-b", "a".repeat(79))),
            format!("write \"{}\"", "a".repeat(79))
        );
        assert_eq!(hint("道路"), "write an id like \"yl-2023-road-01\"");
        assert_eq!(hint(""), "write an id like \"yl-2023-road-01\"");
        assert!(validate_id("").unwrap_err().message.en().contains("empty"));
        assert!(
            validate_id(&"a".repeat(81))
                .unwrap_err()
                .message
                .en()
                .contains("80")
        );
        for bad in [
            "..",
            "../etc",
            "a/b",
            "a\\b",
            "a\0b",
            "%2e%2e",
            "%2e%2e%2fetc",
            "．．",
            "ａ",
            "con",
            "nul",
            "aux",
            "prn",
            "com1",
            "lpt9",
            "a b",
            "-a",
            "a.b",
        ] {
            assert!(validate_id(bad).is_err(), "{bad:?} was accepted");
        }
        for ok in ["console", "com10", "con-1", "lpt"] {
            assert_eq!(validate_id(ok), Ok(()), "{ok}");
        }
        assert_eq!(hint("con"), "write \"con-1\" or another id");
        // Found by fuzzing: the corrected form of "con#" is a device name too.
        assert_eq!(hint("con#"), "write \"con-1\"");
        assert_eq!(hint("LPT1"), "write \"lpt1-1\"");
        let e = validate_id("Road").unwrap_err();
        assert!(
            e.message.en().contains("\"Road\"") && e.message.en().contains("lowercase"),
            "{e}"
        );
    }

    #[test]
    fn no_input_panics() {
        const PARTS: [&str; 20] = [
            "1", "0", "9", ".", "-", "+", ",", "e", "万", "元", "亿", "%", "％", "１", " ",
            "\u{3000}", "a", "年", "/", "A",
        ];
        let (mut inputs, mut layer) = (vec![String::new()], vec![String::new()]);
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|s| PARTS.map(|p| format!("{s}{p}")))
                .collect();
            inputs.extend(layer.iter().cloned());
        }
        let mut accepted = 0;
        for s in &inputs {
            let oks = [
                Decimal::parse(s).is_ok(),
                Money::parse(s, MoneyUnit::Yi).is_ok(),
                Percent::parse(s).is_ok(),
                Month::parse(s).is_ok(),
                parse_date(s).is_ok(),
                parse_count(s).is_ok(),
                validate_id(s).is_ok(),
            ];
            accepted += oks.iter().filter(|&&ok| ok).count();
        }
        assert!(
            inputs.len() > 100_000 && accepted > 1000,
            "{} {accepted}",
            inputs.len()
        );
    }
}
