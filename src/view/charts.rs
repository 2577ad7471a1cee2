//! Charts drawn at build time as inline SVG: horizontal bars (stacked where a whole splits into
//! parts) and small column charts across years.
//!
//! Every chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`;
//! the page puts the same data in a table beside it, so the picture is never the only way to
//! read a number. Geometry is exact integer arithmetic on the values (no floating point): a bar's
//! length is its value times the drawing width divided by the scale, rounded half up. Colours
//! come from CSS classes, so the high-contrast mode and print can restyle them. No script runs
//! in the browser and no I/O happens here.

use super::cells::escape;

/// Drawing width of a bar chart, in SVG user units: about a phone's width in CSS px, so that
/// text stays legible when the chart is scaled to fit a 360 px screen.
const WIDTH: i128 = 320;
/// Height of a label line, of a bar, and the space after a bar.
const LABEL_H: i128 = 20;
const BAR_H: i128 = 16;
const GAP: i128 = 14;
const LEGEND_H: i128 = 26;

/// One coloured segment of a bar; `class` names its colour in the stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub value: i128,
    pub class: &'static str,
}

/// One bar: its label (left), the text of its value (right) and its segments, drawn end to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub text: String,
    pub parts: Vec<Part>,
}

/// A horizontal bar chart. `scale` is the value drawn at full width; when it is smaller than
/// the longest bar, the longest bar sets it. `legend` pairs a segment class with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub scale: i128,
    pub bars: Vec<Bar>,
    pub legend: Vec<(&'static str, String)>,
}

/// `v × len / scale`, rounded half up; 0 when the scale is not positive. Values are clamped to
/// `0..=scale`, so a bar never leaves its track.
pub fn length(v: i128, scale: i128, len: i128) -> i128 {
    if scale <= 0 || v <= 0 {
        return 0;
    }
    let v = v.min(scale);
    (v * len * 2 + scale) / (scale * 2)
}

fn open(id: &str, title: &str, desc: &str, w: i128, h: i128, class: &str) -> String {
    format!(
        "<svg class=\"chart {class}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-size=\"14\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    )
}

fn legend(items: &[(&'static str, String)], out: &mut String) {
    let mut x = 0;
    for (class, label) in items {
        out.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"14\" height=\"14\"/><text class=\"chart-text\" x=\"{}\" y=\"16\">{}</text>",
            x + 20,
            escape(label)
        ));
        x += 20 + text_width(label) + 18;
    }
}

/// About how wide a text is drawn at font size 14: a CJK character is a square, a Latin
/// letter or digit about half of one. Used only to decide whether a bar's label and value fit
/// on one line.
pub fn text_width(s: &str) -> i128 {
    s.chars().map(|c| if c.is_ascii() { 8 } else { 14 }).sum()
}

/// The chart as an inline `<svg>` element. A bar's value text goes at the right end of its
/// label line when both fit, else on its own line under the bar.
pub fn bar_chart(c: &BarChart) -> String {
    let longest = c
        .bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.value.max(0)).sum::<i128>())
        .max()
        .unwrap_or(0);
    let scale = c.scale.max(longest);
    let top = if c.legend.is_empty() { 0 } else { LEGEND_H };
    let one_line = |b: &Bar| text_width(&b.label) + text_width(&b.text) + 16 <= WIDTH;
    let height = top
        + c.bars
            .iter()
            .map(|b| LABEL_H + BAR_H + GAP + if one_line(b) { 0 } else { LABEL_H })
            .sum::<i128>();
    let mut s = open(&c.id, &c.title, &c.desc, WIDTH, height, "bar-chart");
    s.push_str("<g aria-hidden=\"true\">");
    legend(&c.legend, &mut s);
    let mut y = top;
    for b in &c.bars {
        s.push_str(&format!(
            "<text class=\"chart-text\" x=\"0\" y=\"{}\">{}</text>",
            y + 15,
            escape(&b.label)
        ));
        let by = y + LABEL_H;
        let (value_x, value_y, anchor) = if one_line(b) {
            (WIDTH, y + 15, "end")
        } else {
            (0, by + BAR_H + 16, "start")
        };
        s.push_str(&format!(
            "<text class=\"chart-value\" x=\"{value_x}\" y=\"{value_y}\" text-anchor=\"{anchor}\">{}</text>",
            escape(&b.text)
        ));
        s.push_str(&format!(
            "<rect class=\"chart-track\" x=\"0\" y=\"{by}\" width=\"{WIDTH}\" height=\"{BAR_H}\"/>"
        ));
        // Segment ends come from running totals, so rounding never opens a gap between parts.
        let mut sum = 0;
        let mut x0 = 0;
        for p in &b.parts {
            sum += p.value.max(0);
            let x1 = length(sum, scale, WIDTH);
            if x1 > x0 {
                s.push_str(&format!(
                    "<rect class=\"{}\" x=\"{x0}\" y=\"{by}\" width=\"{}\" height=\"{BAR_H}\"/>",
                    p.class,
                    x1 - x0
                ));
            }
            x0 = x1;
        }
        y += LABEL_H + BAR_H + GAP + if one_line(b) { 0 } else { LABEL_H };
    }
    s.push_str("</g></svg>");
    s
}

/// One column of a column chart: the label under it (a year) and the text above it. A gap (a
/// year without a value of the series) draws no column, only its text ("空缺").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub text: String,
    pub value: i128,
    pub gap: bool,
}

const COL_W: i128 = 96;
const COL_BAR: i128 = 40;
const COL_PLOT: i128 = 100;

/// A small column chart (one column per year), scaled to its largest value.
pub fn column_chart(id: &str, title: &str, desc: &str, cols: &[Column]) -> String {
    let scale = cols
        .iter()
        .filter(|c| !c.gap)
        .map(|c| c.value)
        .max()
        .unwrap_or(0);
    let width = COL_W * cols.len().max(1) as i128;
    // value text, plot area, axis, label
    let base = 22 + COL_PLOT;
    let height = base + 24;
    let mut s = open(id, title, desc, width, height, "column-chart");
    s.push_str("<g aria-hidden=\"true\">");
    s.push_str(&format!(
        "<rect class=\"chart-axis\" x=\"0\" y=\"{base}\" width=\"{width}\" height=\"2\"/>"
    ));
    for (n, c) in cols.iter().enumerate() {
        let cx = COL_W * n as i128 + COL_W / 2;
        let h = if c.gap {
            0
        } else {
            length(c.value, scale, COL_PLOT)
        };
        let x = cx - COL_BAR / 2;
        if h > 0 {
            s.push_str(&format!(
                "<rect class=\"bar-main\" x=\"{x}\" y=\"{}\" width=\"{COL_BAR}\" height=\"{h}\"/>",
                base - h
            ));
        }
        s.push_str(&format!(
            "<text class=\"{}\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text><text class=\"chart-text\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            if c.gap { "chart-gap" } else { "chart-value" },
            base - h - 6,
            escape(&c.text),
            base + 19,
            escape(&c.label)
        ));
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: Vec<Bar>, scale: i128) -> BarChart {
        BarChart {
            id: "c1".into(),
            title: "标题 <&>".into(),
            desc: "说明".into(),
            scale,
            bars,
            legend: vec![
                ("bar-main", "审核金额".into()),
                ("bar-cut", "核减金额".into()),
            ],
        }
    }

    fn bar(label: &str, parts: &[(i128, &'static str)]) -> Bar {
        Bar {
            label: label.into(),
            text: format!("{label}!"),
            parts: parts
                .iter()
                .map(|&(value, class)| Part { value, class })
                .collect(),
        }
    }

    #[test]
    fn lengths_are_exact_and_rounded_half_up() {
        assert_eq!(length(1, 3, 400), 133);
        assert_eq!(length(2, 3, 400), 267);
        assert_eq!(length(3, 3, 400), 400);
        assert_eq!(length(1, 800, 400), 1); // 0.5 rounds up
        assert_eq!(length(5, 0, 400), 0);
        assert_eq!(length(-5, 10, 400), 0);
        assert_eq!(length(20, 10, 400), 400);
        // 1,777.85万元 approved and 675.65万元 cut of 2,453.5万元, in 分
        let whole = 24_535_000_000;
        assert_eq!(length(17_778_500_000, whole, 400), 290);
        assert_eq!(length(whole, whole, 400), 400);
    }

    #[test]
    fn a_bar_chart_is_a_named_described_image_with_stacked_segments() {
        let svg = bar_chart(&chart(
            vec![
                bar("支持", &[(3, "bar-main"), (1, "bar-cut")]),
                bar("部分支持", &[(1, "bar-main"), (1, "bar-cut")]),
            ],
            0,
        ));
        assert!(svg.starts_with(
            "<svg class=\"chart bar-chart\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""
        ));
        assert!(svg.contains(
            "<title id=\"c1-title\">标题 &lt;&amp;&gt;</title><desc id=\"c1-desc\">说明</desc>"
        ));
        // the longest bar (4) sets the scale: 3 → 240, then the cut from 240 to 320
        assert!(
            svg.contains("<rect class=\"bar-main\" x=\"0\" y=\"46\" width=\"240\" height=\"16\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<rect class=\"bar-cut\" x=\"240\" y=\"46\" width=\"80\" height=\"16\"/>")
        );
        assert!(
            svg.contains("<rect class=\"bar-main\" x=\"0\" y=\"96\" width=\"80\" height=\"16\"/>")
        );
        assert!(
            svg.contains("<rect class=\"bar-cut\" x=\"80\" y=\"96\" width=\"80\" height=\"16\"/>")
        );
        assert!(svg.contains(">部分支持!</text>"));
        assert!(svg.contains("viewBox=\"0 0 320 126\""));
        assert!(svg.ends_with("</g></svg>"));
        assert!(!svg.contains('.'), "only integers in the geometry: {svg}");
    }

    #[test]
    fn a_long_value_goes_under_its_bar() {
        let long = "requested 24.54 million yuan, cut 6.76 million yuan (27.54%)";
        let mut b = bar("Partly supported", &[(1, "bar-main")]);
        b.text = long.into();
        let svg = bar_chart(&BarChart {
            legend: Vec::new(),
            ..chart(vec![b], 0)
        });
        // label at 15, bar at 20..36, value at 52; the row is one label line taller
        assert!(
            svg.contains(&format!(
                "x=\"0\" y=\"52\" text-anchor=\"start\">{long}</text>"
            )),
            "{svg}"
        );
        assert!(svg.contains("viewBox=\"0 0 320 70\""));
    }

    #[test]
    fn a_fixed_scale_keeps_rates_on_a_hundred_percent_track() {
        let svg = bar_chart(&BarChart {
            legend: Vec::new(),
            ..chart(vec![bar("2024-05", &[(2704, "bar-main")])], 10_000)
        });
        assert!(
            svg.contains("width=\"87\""),
            "27.04% of 320 is 86.5, rounded up: {svg}"
        );
        assert!(svg.contains("<rect class=\"chart-track\" x=\"0\" y=\"20\" width=\"320\""));
    }

    #[test]
    fn a_gap_draws_no_column_and_does_not_set_the_scale() {
        let col = |label: &str, value: i128, gap: bool| Column {
            label: label.into(),
            text: if gap {
                "空缺".into()
            } else {
                value.to_string()
            },
            value,
            gap,
        };
        let cols = [
            col("2022", 10, false),
            col("2023", 5000, true),
            col("2024", 20, false),
        ];
        let svg = column_chart("g1", "评价数量", "", &cols);
        assert_eq!(svg.matches("class=\"bar-main\"").count(), 2, "{svg}");
        assert!(svg.contains("<text class=\"chart-gap\""), "{svg}");
        // 20 is the largest value: its column has the full height.
        assert!(
            svg.contains("y=\"22\" width=\"40\" height=\"100\""),
            "{svg}"
        );
    }

    #[test]
    fn a_column_chart_scales_to_its_largest_column() {
        let cols = [
            Column {
                label: "2023".into(),
                text: "647".into(),
                value: 647,
                gap: false,
            },
            Column {
                label: "2024".into(),
                text: "0".into(),
                value: 0,
                gap: false,
            },
            Column {
                label: "2025".into(),
                text: "1294".into(),
                value: 1294,
                gap: false,
            },
        ];
        let svg = column_chart("r1", "自评数量", "2023年647项……", &cols);
        assert!(
            svg.contains("role=\"img\"") && svg.contains("<title id=\"r1-title\">自评数量</title>")
        );
        assert!(
            svg.contains("<rect class=\"bar-main\" x=\"28\" y=\"72\" width=\"40\" height=\"50\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<rect class=\"bar-main\" x=\"220\" y=\"22\" width=\"40\" height=\"100\"/>"
            )
        );
        assert_eq!(
            svg.matches("class=\"bar-main\"").count(),
            2,
            "no bar for zero"
        );
        assert!(svg.contains(">2024</text>"));
    }
}
