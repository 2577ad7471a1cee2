//! A bound on how deeply Markdown may nest (quotes in lists in quotes …, emphasis in emphasis),
//! applied to the parser's events before anything else sees them.
//!
//! The HTML sanitiser's parser takes time proportional to the depth for each element, so twenty
//! thousand nested `> ` would take minutes. Tags deeper than [`MAX_NESTING`] are dropped, start
//! and end together, and their text stays where it was: the page shows everything, flattened
//! below that depth. No legitimate report nests anywhere near it. No I/O here.

use pulldown_cmark::Event;

/// Deepest nesting of Markdown elements kept as elements.
pub const MAX_NESTING: usize = 32;

/// The events of `events`, without the start and end of any tag nested deeper than `max`.
pub fn limit<'a>(
    events: impl Iterator<Item = Event<'a>>,
    max: usize,
) -> impl Iterator<Item = Event<'a>> {
    // For each open tag, whether it was kept; `depth` counts the kept ones.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    events.filter(move |e| match e {
        Event::Start(_) => {
            let keep = depth < max;
            open.push(keep);
            depth += usize::from(keep);
            keep
        }
        Event::End(_) => {
            let kept = open.pop().unwrap_or(true);
            depth -= usize::from(kept && depth > 0);
            kept
        }
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn deepest(events: &[Event<'_>]) -> usize {
        let (mut d, mut most) = (0usize, 0usize);
        for e in events {
            match e {
                Event::Start(_) => {
                    d += 1;
                    most = most.max(d);
                }
                Event::End(_) => d -= 1,
                _ => {}
            }
        }
        assert_eq!(d, 0, "starts and ends stay paired");
        most
    }

    #[test]
    fn deep_nesting_is_cut_and_text_is_kept() {
        for md in [
            format!("{}深\n", "> ".repeat(20_000)),
            format!("{}x\n", "- ".repeat(20_000)),
            format!("{}x{}\n", "*".repeat(20_000), "*".repeat(20_000)),
            format!("{}a{}\n", "[".repeat(5_000), "](b)".repeat(5_000)),
        ] {
            let all: Vec<Event> = Parser::new(&md).collect();
            let cut: Vec<Event> = limit(all.clone().into_iter(), MAX_NESTING).collect();
            assert!(deepest(&cut) <= MAX_NESTING);
            let text = |v: &[Event]| v.iter().filter(|e| matches!(e, Event::Text(_))).count();
            assert_eq!(text(&all), text(&cut));
        }
    }

    #[test]
    fn shallow_markdown_is_untouched() {
        let md = "> 引用\n>\n> - 一\n>   - 二 *强调 **加粗***\n\n[链接](a)\n";
        let all: Vec<Event> = Parser::new(md).collect();
        let cut: Vec<Event> = limit(all.clone().into_iter(), MAX_NESTING).collect();
        assert_eq!(all, cut);
    }
}
