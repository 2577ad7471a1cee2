//! The leak audit of a site's own `static/` files, which nobody generated and which may be in
//! any encoding or format. Before the plain search of its bytes (as for every output file), a
//! static file is decoded as every text encoding it can be (UTF-8, GB18030/GBK, UTF-16 LE and
//! BE, with or without a byte-order mark), and each text is searched after NFKC and ASCII case
//! folding, as it stands and with its HTML/XML tags taken out (a withheld name split by `<b>`
//! tags, or by the runs of a Word document, is found). Zip-based office files (.docx, .xlsx,
//! .pptx, .odt, .ods) are unpacked and every entry searched the same way. A file that cannot be
//! inspected this way (PDF, images, fonts, old binary office files, anything that decodes as no
//! text) is reported as opaque: the build refuses it unless a person has checked it. No I/O here.

use super::Scanner;
use super::search::NFKC;
use crate::diag::Said;
use crate::said;
use std::io::Read as _;

/// What the inspection of one static file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Clean,
    /// A withheld value shows, in the text read as `how` (an encoding, or an entry of an
    /// archive and its encoding). Never the value.
    Leak {
        how: String,
    },
    /// The file cannot be inspected: `what` says why (its format, or the archive entry).
    Opaque {
        what: Said,
    },
}

/// Most bytes unpacked from one archive, and most entries read: past these an archive is
/// treated as one that cannot be inspected (a zip bomb is not unpacked).
const MAX_UNPACKED: u64 = 256 << 20;
const MAX_ENTRIES: usize = 10_000;

/// Formats known to hold no text the audit can read, by their first bytes.
const OPAQUE_MAGIC: &[(&[u8], &str, &str)] = &[
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"BM", "BMP 图片", "a BMP image"),
    (b"II*\0", "TIFF 图片", "a TIFF image"),
    (b"MM\0*", "TIFF 图片", "a TIFF image"),
    (
        b"RIFF",
        "RIFF 媒体文件（WebP、WAV、AVI）",
        "a RIFF media file (WebP, WAV, AVI)",
    ),
    (b"wOFF", "WOFF 字体", "a WOFF font"),
    (b"wOF2", "WOFF2 字体", "a WOFF2 font"),
    (
        b"\xd0\xcf\x11\xe0",
        "旧版 Office 文件（.doc、.xls、.ppt）",
        "an old Office file (.doc, .xls, .ppt)",
    ),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip archive"),
    (b"7z\xbc\xaf", "7z 压缩文件", "a 7z archive"),
    (b"Rar!", "RAR 压缩文件", "a RAR archive"),
    (b"\0\0\x01\0", "图标文件", "an icon file"),
    (b"\0\x01\0\0", "TrueType 字体", "a TrueType font"),
    (b"OTTO", "OpenType 字体", "an OpenType font"),
];

/// Extensions of formats the audit cannot read, whatever their first bytes are.
const OPAQUE_EXT: &[&str] = &[
    "pdf", "ofd", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "ico", "avif", "heic",
    "woff", "woff2", "ttf", "otf", "eot", "doc", "xls", "ppt", "wps", "et", "dps", "gz", "7z",
    "rar", "bz2", "xz", "mp3", "mp4", "wav", "avi", "mov", "webm", "exe", "dll",
];

/// The audit of static files: a scanner of the withheld strings and ids folded to ASCII lower
/// case (as they are written and after NFKC), searched in folded text. The scanner is made
/// when the first static file is inspected: most sites have none, and on a large site its
/// automaton takes as long to make as the build's own.
pub struct StaticScanner {
    secrets: Vec<String>,
    ids: Vec<String>,
    folded: std::sync::OnceLock<Scanner>,
}

impl StaticScanner {
    pub fn new(secrets: &[String], ids: &[String]) -> StaticScanner {
        StaticScanner {
            secrets: secrets.to_vec(),
            ids: ids.to_vec(),
            folded: std::sync::OnceLock::new(),
        }
    }

    fn folded(&self) -> &Scanner {
        self.folded.get_or_init(|| {
            let mut folded: Vec<String> = self
                .secrets
                .iter()
                .flat_map(|s| [s.to_ascii_lowercase(), fold(s)])
                .collect();
            folded.sort();
            folded.dedup();
            let ids: Vec<String> = self.ids.iter().map(|i| i.to_ascii_lowercase()).collect();
            Scanner::new(&folded, &ids, &[])
        })
    }

    /// Inspect the static file `rel` (relative to `static/`).
    pub fn inspect(&self, rel: &str, bytes: &[u8]) -> Finding {
        if let Some(what) = opaque_format(rel, bytes) {
            return Finding::Opaque { what };
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return self.archive(bytes);
        }
        match self.text(bytes) {
            Some(Ok(())) => Finding::Clean,
            Some(Err(how)) => Finding::Leak { how },
            None => Finding::Opaque {
                what: said!(
                    "无法按任何文本编码读取的文件",
                    "a file that reads as no text encoding"
                ),
            },
        }
    }

    /// Search every text `bytes` decodes to: `None` when it decodes to none, `Err(encoding)`
    /// when a withheld value shows in one.
    fn text(&self, bytes: &[u8]) -> Option<Result<(), String>> {
        let texts = decodings(bytes);
        if texts.is_empty() {
            return None;
        }
        for (encoding, text) in texts {
            let folded = fold(&text);
            if self.found(&folded) || self.found(&strip_tags(&folded)) {
                return Some(Err(encoding.to_string()));
            }
        }
        Some(Ok(()))
    }

    fn found(&self, text: &str) -> bool {
        self.folded().bytes("", text.as_bytes()).is_some()
    }

    /// Unpack a zip archive (an office file) and search each entry's text.
    fn archive(&self, bytes: &[u8]) -> Finding {
        let opaque = |what: Said| Finding::Opaque { what };
        let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
            return opaque(said!(
                "无法解开的压缩文件",
                "an archive that cannot be unpacked"
            ));
        };
        if zip.len() > MAX_ENTRIES {
            return opaque(said!(
                "压缩文件中的条目超过 {MAX_ENTRIES} 个",
                "an archive of more than {MAX_ENTRIES} entries"
            ));
        }
        let mut budget = MAX_UNPACKED;
        for i in 0..zip.len() {
            let Ok(mut entry) = zip.by_index(i) else {
                let n = i + 1;
                return opaque(said!(
                    "压缩文件的第 {n} 个条目无法解开（可能已加密）",
                    "entry {n} of the archive cannot be unpacked (it may be encrypted)"
                ));
            };
            if entry.is_dir() {
                continue;
            }
            let Ok(name) = entry.name().map(|n| n.into_owned()) else {
                let n = i + 1;
                return opaque(said!(
                    "压缩文件的第 {n} 个条目的名称无法读取",
                    "the name of entry {n} of the archive cannot be read"
                ));
            };
            let mut data = Vec::new();
            let read = (&mut entry).take(budget + 1).read_to_end(&mut data);
            if read.is_err() || data.len() as u64 > budget {
                return opaque(said!(
                    "压缩文件中的 {name} 无法解开或过大",
                    "{name} in the archive cannot be unpacked or is too large"
                ));
            }
            budget -= data.len() as u64;
            if let Some(what) = opaque_format(&name, &data) {
                return opaque(what.map(|lang, what| match lang {
                    crate::diag::Lang::Zh => format!("压缩文件中的 {name}（{what}）"),
                    crate::diag::Lang::En => format!("{name} in the archive ({what})"),
                }));
            }
            match self.text(&data) {
                Some(Ok(())) => {}
                Some(Err(how)) => {
                    return Finding::Leak {
                        how: format!("{name}（{how}）"),
                    };
                }
                None => {
                    return opaque(said!(
                        "压缩文件中的 {name}（无法按文本读取）",
                        "{name} in the archive (it reads as no text)"
                    ));
                }
            }
        }
        Finding::Clean
    }
}

/// The format of a file the audit cannot read, by its extension or first bytes.
fn opaque_format(rel: &str, bytes: &[u8]) -> Option<Said> {
    let ext = rel
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    if let Some(ext) = ext.filter(|e| OPAQUE_EXT.contains(&e.as_str())) {
        return Some(said!(".{ext} 文件", "a .{ext} file"));
    }
    OPAQUE_MAGIC
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|(_, zh, en)| Said::new(*zh, *en))
}

/// NFKC, then ASCII lower case.
fn fold(s: &str) -> String {
    NFKC.normalize(s).to_ascii_lowercase()
}

/// Every text encoding `bytes` decodes in without an error, with the encoding's name. A
/// byte-order mark decides the encoding; without one, every encoding is tried, as a file does
/// not say which it is in (UTF-16 text of Chinese characters, for one, has no zero bytes).
fn decodings(bytes: &[u8]) -> Vec<(&'static str, String)> {
    use encoding_rs::{GB18030, UTF_8, UTF_16BE, UTF_16LE};
    let strict = |enc: &'static encoding_rs::Encoding, b: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(b)
            .map(|t| t.into_owned())
    };
    let boms: [(&[u8], &'static encoding_rs::Encoding, &str); 3] = [
        (b"\xef\xbb\xbf", UTF_8, "UTF-8"),
        (b"\xff\xfe", UTF_16LE, "UTF-16LE"),
        (b"\xfe\xff", UTF_16BE, "UTF-16BE"),
    ];
    for (bom, enc, name) in boms {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return strict(enc, rest).map(|t| (name, t)).into_iter().collect();
        }
    }
    let mut out = Vec::new();
    let utf8 = std::str::from_utf8(bytes).ok().map(str::to_string);
    if let Some(t) = utf8.clone() {
        out.push(("UTF-8", t));
    }
    if utf8.is_none()
        && let Some(t) = strict(GB18030, bytes)
    {
        out.push(("GB18030", t));
    }
    if bytes.len().is_multiple_of(2) && !bytes.is_empty() {
        for (enc, name) in [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")] {
            if let Some(t) = strict(enc, bytes) {
                out.push((name, t));
            }
        }
    }
    out
}

/// The text with every `<…>` tag taken out (what a reader sees of HTML or XML).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner() -> StaticScanner {
        StaticScanner::new(&["某供应商ABC".to_string()], &[])
    }

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if le { [0xff, 0xfe] } else { [0xfe, 0xff] });
        }
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn finds_a_withheld_value_in_every_encoding_case_and_tagging() {
        let s = scanner();
        let page = "<p>报价：某供应商ABC。</p>";
        let (gb, _, _) = encoding_rs::GB18030.encode(page);
        let leaks: Vec<(&str, Vec<u8>)> = vec![
            ("gb18030.txt", gb.into_owned()),
            ("le-bom.txt", utf16(page, true, true)),
            ("le.txt", utf16(page, true, false)),
            ("be-bom.txt", utf16(page, false, true)),
            ("be.txt", utf16(page, false, false)),
            ("lower.html", "<p>某供应商abc</p>".into()),
            ("tags.html", "<p>某<b>供应</b>商<i>A</i>bc</p>".into()),
            ("fullwidth.txt", "某供应商ＡＢＣ".into()),
        ];
        for (name, bytes) in leaks {
            assert!(
                matches!(s.inspect(name, &bytes), Finding::Leak { .. }),
                "{name}"
            );
        }
        assert_eq!(
            s.inspect("clean.html", "<p>某供应商</p>".as_bytes()),
            Finding::Clean
        );
        let (gb, _, _) = encoding_rs::GB18030.encode("某供应商甲");
        assert_eq!(s.inspect("clean.txt", &gb), Finding::Clean);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let s = scanner();
        for (name, bytes) in [
            ("report.pdf", b"%PDF-1.7 ...".to_vec()),
            ("renamed.txt", b"%PDF-1.7 ...".to_vec()),
            ("logo.png", b"\x89PNG\r\n\x1a\n....".to_vec()),
            ("blob.bin", vec![0x80, 0xff, 0xfe, 0x00, 0xd8]),
        ] {
            assert!(
                matches!(s.inspect(name, &bytes), Finding::Opaque { .. }),
                "{name}"
            );
        }
    }

    #[test]
    fn strips_tags_and_keeps_an_unclosed_one() {
        assert_eq!(strip_tags("a<b>c</b>d<e"), "acd<e");
    }
}
