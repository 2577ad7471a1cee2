//! HTTP/1.1 for a preview on the local machine: request heads are parsed by `httparse` (the
//! parser of hyper), answered with one response and the connection closed (or kept open for
//! server-sent events). GET and HEAD only; request bodies are not read.
//!
//! Paths are percent-decoded, checked (no `.` or `..` segment, no backslash, no control
//! character) and never touch the file system here: `serve` looks them up in memory.

use std::io::{self, Write};
use std::net::TcpStream;

/// The largest request head read, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines a request may have.
const MAX_HEADERS: usize = 64;

/// A request as the preview needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The decoded path, without query or fragment, starting with `/`.
    pub path: String,
}

impl Request {
    pub fn head_only(&self) -> bool {
        self.method == "HEAD"
    }
}

/// What the bytes of a request head received so far amount to.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// More bytes are needed.
    Partial,
    Request(Request),
    /// The request cannot be served: answer with this status and close.
    Bad(u16),
}

/// Parse a request head (`buf` may hold only its beginning).
pub fn parse_head(buf: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => Parsed::Bad(431),
        Ok(httparse::Status::Partial) => Parsed::Partial,
        Err(httparse::Error::TooManyHeaders) => Parsed::Bad(431),
        Err(_) => Parsed::Bad(400),
        Ok(httparse::Status::Complete(_)) => {
            let (Some(method), Some(target)) = (req.method, req.path) else {
                return Parsed::Bad(400);
            };
            match request_path(target) {
                Some(path) => Parsed::Request(Request {
                    method: method.to_string(),
                    path,
                }),
                None => Parsed::Bad(400),
            }
        }
    }
}

/// The decoded, checked path of a request target (origin or absolute form).
fn request_path(target: &str) -> Option<String> {
    let raw = target.split(['?', '#']).next().unwrap_or("/");
    let raw = raw
        .strip_prefix("http://")
        .and_then(|r| r.find('/').map(|i| &r[i..]))
        .unwrap_or(raw);
    if !raw.starts_with('/') {
        return None;
    }
    let path = percent_decode(raw)?;
    let unsafe_segment = path.split('/').any(|s| s == "." || s == "..");
    let unsafe_char = path.chars().any(|c| c == '\\' || c.is_control());
    (!unsafe_segment && !unsafe_char).then_some(path)
}

/// `%E6%8A%A5` → UTF-8 text; `None` for malformed escapes or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One complete response; the connection is closed after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Response {
    /// A short plain-text answer (errors).
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Write `r`; for HEAD requests only the head.
pub fn respond(stream: &mut TcpStream, r: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if let Some(loc) = &r.location {
        head.push_str(&format!("Location: {loc}\r\n"));
    }
    if r.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// Start a stream of server-sent events (for HEAD, only its head).
pub fn start_events(stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    if !head_only {
        stream.write_all(b"retry: 1000\n\n")?;
    }
    stream.flush()
}

/// The media type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(head: &[u8]) -> Parsed {
        parse_head(head)
    }

    #[test]
    fn parses_request_lines() {
        let Parsed::Request(r) = path_of(b"GET /yjgk/a%E6%8A%A5/?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        else {
            panic!("not parsed");
        };
        assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", "/yjgk/a报/"));
        assert_eq!(path_of(b"GET /a HTTP/1.1\r\nHost"), Parsed::Partial);
        assert_eq!(path_of(b"GET nope HTTP/1.1\r\n\r\n"), Parsed::Bad(400));
        assert_eq!(path_of(b"GET /%zz HTTP/1.1\r\n\r\n"), Parsed::Bad(400));
        assert_eq!(path_of(b"GET / SPDY\r\n\r\n"), Parsed::Bad(400));
        let Parsed::Request(r) = path_of(b"GET http://x:1/a/b HTTP/1.1\r\n\r\n") else {
            panic!("absolute form not parsed");
        };
        assert_eq!(r.path, "/a/b");
    }

    #[test]
    fn refuses_paths_that_climb_or_hide_separators() {
        for target in [
            "/../etc/passwd",
            "/a/%2e%2e/%2E%2E/etc/passwd",
            "/a/./b",
            "/a/..%2fb",
            "/a%5c..%5cb",
            "/a%00b",
            "/a%0d%0aSet-Cookie:%20x",
        ] {
            let head = format!("GET {target} HTTP/1.1\r\n\r\n");
            assert_eq!(path_of(head.as_bytes()), Parsed::Bad(400), "{target}");
        }
        // Dots inside a name are fine.
        let head = b"GET /a..b/.well-known/x.html HTTP/1.1\r\n\r\n";
        assert!(matches!(path_of(head), Parsed::Request(_)));
    }

    #[test]
    fn refuses_heads_too_large_or_with_too_many_lines() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.resize(MAX_HEAD, b'a');
        assert_eq!(parse_head(&big), Parsed::Bad(431));
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for _ in 0..=MAX_HEADERS {
            many.extend_from_slice(b"X: y\r\n");
        }
        many.extend_from_slice(b"\r\n");
        assert_eq!(parse_head(&many), Parsed::Bad(431));
    }
}
