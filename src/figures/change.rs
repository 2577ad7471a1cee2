//! A stated figure's comparison with last year ("较上年增长12.5%", "翻一番", "减少3个"), written
//! under a group's `vs_last_year:` by the key of the figure it compares. Where both years state
//! that figure, the comparison is checked against them with the rounding of every stated
//! decimal; a comparison that does not hold is one warning (W105) and shows on the year page.
//! No I/O here.

use super::relations::Finding;
use crate::model::Decimal;
use crate::model::form::Bounds;
use crate::model::summary::{Change, Delta, Group, Stated, Summary};

/// Check every comparison of `this` year's summary against `last` year's stated figures.
pub fn check(this: &Summary, last: Option<&Summary>) -> Vec<Finding> {
    let Some(last) = last else { return Vec::new() };
    let mut out = Vec::new();
    for (_, prefix, g) in this.sections() {
        let before = last
            .sections()
            .into_iter()
            .find(|(_, p, _)| *p == prefix)
            .map(|(_, _, g)| g);
        group(&prefix, g, before, &mut out);
    }
    out
}

fn group(prefix: &str, g: &Group, before: Option<&Group>, out: &mut Vec<Finding>) {
    for c in &g.children {
        let p = format!("{prefix}.{}.{}", c.by.key(), c.label);
        group(
            &p,
            &c.group,
            before.and_then(|b| b.child(c.by, &c.label)),
            out,
        );
    }
    for c in &g.changes {
        let (Some(now), Some(then)) = (g.get(c.key), before.and_then(|b| b.get(c.key))) else {
            continue;
        };
        if !holds(c, now, then) {
            let path = format!("{prefix}.vs_last_year.{}", c.key);
            let paths = vec![path.clone(), format!("{prefix}.{}", c.key)];
            out.push(Finding {
                relation: "vs_last_year",
                hint_en:
                    "check the comparison against this year's and last year's figures in the report"
                        .into(),
                hint_zh: "核对报告中“较上年”的说法与两年公布的数字".into(),
                acknowledged: None,
                line: c.line,
                col: c.col,
                paths,
                en: format!(
                    "`{path}` says {} but last year's `{prefix}.{}` is {} and this year's is {}",
                    c.written,
                    c.key,
                    then.text.trim(),
                    now.text.trim()
                ),
                zh: format!(
                    "{path} 公布为“{}”，而上年公布的 {prefix}.{} 为 {}、本年为 {}，两者不符。",
                    c.written,
                    c.key,
                    then.text.trim(),
                    now.text.trim()
                ),
            });
        }
    }
}

/// Whether a comparison can hold for some values within both years' stated figures.
fn holds(c: &Change, now: &Stated, then: &Stated) -> bool {
    let (n, t) = (now.bounds(), then.bounds());
    let (Some(nlo), Some(tlo)) = (n.lo, t.lo) else {
        return true;
    };
    match &c.delta {
        Delta::Amount(d) => {
            // now − then spans [nlo − thi, nhi − tlo].
            let lo = t.hi.and_then(|th| nlo.sub(th));
            let hi = n.hi.and_then(|nh| nh.sub(tlo));
            overlap(Bounds { lo, hi }, *d)
        }
        Delta::Percent(d) => {
            // (now / then − 1) × 100 spans [nlo / thi, nhi / tlo] − 1, in percent points.
            let pct = |a: Decimal, b: Decimal| -> Option<Decimal> {
                if b <= Decimal::zero() {
                    return None;
                }
                a.mul(Decimal::from_int(100))?
                    .div(b, 6)?
                    .sub(Decimal::from_int(100))
            };
            let lo = t.hi.and_then(|th| pct(nlo, th));
            let hi = n.hi.and_then(|nh| pct(nh, tlo));
            if tlo <= Decimal::zero() {
                return true;
            }
            overlap(Bounds { lo, hi }, *d)
        }
    }
}

fn overlap(a: Bounds, b: Bounds) -> bool {
    let le = |x: Option<Decimal>, y: Option<Decimal>| match (x, y) {
        (Some(x), Some(y)) => x <= y,
        _ => true,
    };
    le(a.lo, b.hi) && le(b.lo, a.hi)
}

#[cfg(test)]
mod tests {
    use crate::model::words::{Words, parse_words};

    #[test]
    fn words_read_as_reports_write_them() {
        assert_eq!(parse_words("翻一番"), Some(Words::Times(2)));
        assert_eq!(parse_words("较上年翻一番"), Some(Words::Times(2)));
        assert_eq!(
            parse_words("增长12.5%"),
            Some(Words::Signed(true, "12.5%".into()))
        );
        assert_eq!(
            parse_words("同比下降约3%"),
            Some(Words::Signed(false, "约3%".into()))
        );
        assert_eq!(parse_words("减少3"), Some(Words::Signed(false, "3".into())));
        assert_eq!(parse_words("+20%"), Some(Words::Signed(true, "20%".into())));
        assert_eq!(parse_words("很多"), None);
    }
}
