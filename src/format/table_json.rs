//! A data table as JSON (`data/…/*.json`): typed values written by serde_json, laid out as the
//! files have always been: the title, then one field and one row a line.
//!
//! Numbers are written exactly as the CSV has them (`1365`, `2453.50`): serde_json's raw
//! values, never a float. An empty cell is `null`. Keys of a row are in column order.

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::value::RawValue;
use std::io;

/// The file: its title, its fields and its rows (any sequence of [`Row`]s: a large table's
/// rows are made as they are written).
#[derive(Serialize)]
pub struct TableJson<'a, R: Serialize> {
    pub title: &'a str,
    pub fields: Vec<Field<'a>>,
    pub rows: R,
}

#[derive(Serialize)]
pub struct Field<'a> {
    pub name: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// One row: the columns' names with their cells, in column order.
pub struct Row<'a>(pub Vec<(&'a str, Cell)>);

/// A cell of a row.
pub enum Cell {
    Null,
    Number(Box<RawValue>),
    Text(String),
}

impl Cell {
    /// A cell of a number column: the number as written, when it is a JSON number; other text
    /// (never made by the tables) as a string rather than invalid JSON.
    pub fn number(raw: String) -> Cell {
        match serde_json::from_str::<serde_json::Number>(&raw) {
            Ok(_) => RawValue::from_string(raw).map_or(Cell::Null, Cell::Number),
            Err(_) => Cell::Text(raw),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Number(v) => v.serialize(s),
            Cell::Text(t) => s.serialize_str(t),
        }
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The file's bytes, ending with a newline.
pub fn to_bytes<R: Serialize>(t: &TableJson<R>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Layout::default());
    t.serialize(&mut ser)
        .expect("a table serialises to memory without fail");
    out.push(b'\n');
    out
}

/// serde_json's layout for these files: the outer object and its arrays one item a line
/// (indented by two spaces a level), the items themselves on one line with `, ` and `: `.
#[derive(Default)]
struct Layout {
    depth: usize,
    /// Whether each open array has items.
    items: Vec<bool>,
}

impl serde_json::ser::Formatter for Layout {
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(if self.depth == 0 { b"\n}" } else { b"}" })
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        match (self.depth, first) {
            (1, true) => w.write_all(b"\n  "),
            (1, false) => w.write_all(b",\n  "),
            (_, true) => Ok(()),
            (_, false) => w.write_all(b", "),
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.items.push(false);
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        match self.items.pop() {
            Some(true) => w.write_all(b"\n  ]"),
            _ => w.write_all(b"]"),
        }
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if let Some(had) = self.items.last_mut() {
            *had = true;
        }
        w.write_all(if first { b"\n    " } else { b",\n    " })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_and_exact_numbers_are_kept() {
        let t = TableJson {
            title: "表 \"一\"",
            fields: vec![
                Field {
                    name: "name",
                    kind: "string",
                },
                Field {
                    name: "funds",
                    kind: "number",
                },
            ],
            rows: vec![
                Row(vec![
                    ("name", Cell::Text("a\u{2028}<b>\n".into())),
                    ("funds", Cell::number("2453.50".into())),
                ]),
                Row(vec![
                    ("name", Cell::Null),
                    ("funds", Cell::number("1e".into())),
                ]),
            ],
        };
        let text = String::from_utf8(to_bytes(&t)).unwrap();
        assert_eq!(
            text,
            "{\n  \"title\": \"表 \\\"一\\\"\",\n  \"fields\": [\n    {\"name\": \"name\", \"type\": \"string\"},\n    {\"name\": \"funds\", \"type\": \"number\"}\n  ],\n  \"rows\": [\n    {\"name\": \"a\u{2028}<b>\\n\", \"funds\": 2453.50},\n    {\"name\": null, \"funds\": \"1e\"}\n  ]\n}\n"
        );
        let empty = TableJson {
            title: "",
            fields: Vec::new(),
            rows: Vec::<Row>::new(),
        };
        assert_eq!(
            String::from_utf8(to_bytes(&empty)).unwrap(),
            "{\n  \"title\": \"\",\n  \"fields\": [],\n  \"rows\": []\n}\n"
        );
    }
}
