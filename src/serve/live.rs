//! Live reload and the error overlay, added to HTML pages as the preview serves them (never to
//! what `build` writes).
//!
//! Each page gets a small script that listens to `/__gongkai/events` and reloads when the
//! site's build version differs from the one the page was served with. While the site has
//! content errors, each page also gets an overlay with the diagnostics, HTML-escaped, exactly
//! as the command line prints them; the page under it is the last good build.

/// Where the script is served.
pub const SCRIPT_PATH: &str = "/__gongkai/live.js";
/// Where the server-sent events are served.
pub const EVENTS_PATH: &str = "/__gongkai/events";

/// The live-reload script.
pub const SCRIPT: &str = r#"(function () {
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "";
  if (!window.EventSource) return;
  var events = new EventSource("/__gongkai/events");
  events.addEventListener("version", function (e) {
    if (e.data !== version) location.reload();
  });
})();
"#;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The overlay showing `text` (the command line's diagnostics).
pub fn overlay(text: &str) -> String {
    format!(
        concat!(
            "<div id=\"gongkai-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
            "overflow:auto;margin:0;padding:1.5rem;background:rgba(24,24,27,.95);color:#f4f4f5;",
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">",
            "<p style=\"margin:0 0 1rem;font-weight:bold;color:#fca5a5\">",
            "内容有误，页面未更新：下面是与命令行相同的报错。修改后页面会自动刷新。",
            "<br>Content errors: the page below is the last good build. It reloads when they are fixed.</p>",
            "<pre style=\"white-space:pre-wrap;margin:0\">{}</pre>",
            "<p style=\"margin:1rem 0 0\"><button type=\"button\" onclick=\"this.closest('#gongkai-overlay').remove()\">",
            "关闭 Close</button></p></div>"
        ),
        escape(text)
    )
}

/// `html` with the live-reload script (and the overlay, if any) before `</body>`.
pub fn inject(html: &[u8], version: u64, overlay_html: Option<&str>) -> Vec<u8> {
    let tail = format!(
        "{}<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n",
        overlay_html.unwrap_or("")
    );
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tail.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page for when no build has succeeded yet: only the overlay.
pub fn error_page(version: u64, overlay_html: &str) -> Vec<u8> {
    let html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>gongkai</title></head>\n<body>\n</body>\n</html>\n";
    inject(html.as_bytes(), version, Some(overlay_html))
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end_and_escapes_the_overlay() {
        let out = inject(b"<html><body><p>x</p></body></html>", 7, None);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.ends_with("data-version=\"7\"></script>\n</body></html>"),
            "{out}"
        );
        let o = overlay("error[E002]: unknown key `<b>`");
        assert!(o.contains("unknown key `&lt;b&gt;`"));
        assert!(!o.contains("<b>"));
    }
}
