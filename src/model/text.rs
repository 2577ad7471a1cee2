//! The pieces of parsed text: public text, or the place of a withheld passage or phrase. The
//! markers are parsed in [`super::markers`]. No I/O here.

/// A piece of parsed text: public text, or the place of a withheld passage (`block`) or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Withheld { reason: &'static str, block: bool },
}
