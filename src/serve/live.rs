//! Live reload and the error overlay, added to HTML pages as the preview serves them (never to
//! what `build` writes).
//!
//! Each page gets a small script that listens to `/__gongkai/events` and reloads when the
//! site's build version differs from the one the page was served with. While the site has
//! content errors, each page also gets an overlay with the diagnostics, HTML-escaped, exactly
//! as the command line prints them; the page under it is the last good build.

use crate::diag::Lang;
use std::collections::VecDeque;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Open event streams kept at most; beyond, the oldest is closed (its page reconnects).
pub const MAX_LIVE: usize = 32;
/// How often a comment is sent to streams that heard nothing else: it keeps them open and
/// notices pages that have gone.
const PING: Duration = Duration::from_secs(15);
/// How long a write to a page that does not read may block.
const WRITE_TIME: Duration = Duration::from_secs(2);

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

/// The open event streams, each told the build version when it first connects and whenever
/// it changes. One thread ([`Hub::run`]) writes to all of them.
#[derive(Default)]
pub struct Hub {
    state: Mutex<HubState>,
    wake: Condvar,
}

#[derive(Default)]
struct HubState {
    version: u64,
    /// Each stream with the version it was last told.
    streams: VecDeque<(TcpStream, Option<u64>)>,
    stop: bool,
}

impl Hub {
    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keep an event stream whose head has been written, closing the oldest beyond
    /// [`MAX_LIVE`].
    pub fn add(&self, stream: TcpStream) {
        let _ = stream.set_write_timeout(Some(WRITE_TIME));
        let mut st = self.lock();
        while st.streams.len() >= MAX_LIVE {
            st.streams.pop_front();
        }
        st.streams.push_back((stream, None));
        self.wake.notify_all();
    }

    /// Tell every stream about a new build version.
    pub fn publish(&self, version: u64) {
        self.lock().version = version;
        self.wake.notify_all();
    }

    /// End [`Hub::run`] and close the streams.
    pub fn stop(&self) {
        let mut st = self.lock();
        st.stop = true;
        st.streams.clear();
        self.wake.notify_all();
    }

    /// The number of open streams.
    pub fn len(&self) -> usize {
        self.lock().streams.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Write versions and pings until stopped. Writing happens outside the lock, so a page
    /// that does not read delays neither new streams nor a new version.
    pub fn run(&self) {
        let mut pinged = Instant::now();
        let mut st = self.lock();
        while !st.stop {
            let ping = pinged.elapsed() >= PING;
            if ping {
                pinged = Instant::now();
            }
            let version = st.version;
            let mut streams = std::mem::take(&mut st.streams);
            drop(st);
            streams.retain_mut(|(stream, told)| tell(stream, told, version, ping));
            st = self.lock();
            if st.stop {
                return;
            }
            let added = std::mem::replace(&mut st.streams, streams);
            st.streams.extend(added);
            while st.streams.len() > MAX_LIVE {
                st.streams.pop_front();
            }
            let fresh = st.streams.iter().all(|(_, t)| *t == Some(st.version));
            if fresh {
                let pause = PING.saturating_sub(pinged.elapsed());
                st = self
                    .wake
                    .wait_timeout(st, pause)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
    }
}

/// Send `version` if the stream has not been told it, else a ping if one is due; false when
/// the stream is gone.
fn tell(stream: &mut TcpStream, told: &mut Option<u64>, version: u64, ping: bool) -> bool {
    let message = if *told != Some(version) {
        *told = Some(version);
        format!("event: version\ndata: {version}\n\n")
    } else if ping {
        ": ping\n\n".to_string()
    } else {
        return true;
    };
    stream
        .write_all(message.as_bytes())
        .and_then(|()| stream.flush())
        .is_ok()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The overlay showing `text` (the command line's diagnostics), its heading in `lang`.
pub fn overlay(text: &str, lang: Lang) -> String {
    let (heading, close) = match lang {
        Lang::Zh => (
            "内容有误，页面未更新：下面是与命令行相同的报错。改正并保存后页面会自动刷新。",
            "关闭",
        ),
        Lang::En => (
            "Content errors: the page below is the last good build. It reloads when they are fixed.",
            "Close",
        ),
    };
    format!(
        concat!(
            "<div id=\"gongkai-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
            "overflow:auto;margin:0;padding:1.5rem;background:rgba(24,24,27,.95);color:#f4f4f5;",
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">",
            "<p style=\"margin:0 0 1rem;font-weight:bold;color:#fca5a5\">",
            "{heading}</p>",
            "<pre style=\"white-space:pre-wrap;margin:0\">{text}</pre>",
            "<p style=\"margin:1rem 0 0\"><button type=\"button\" onclick=\"this.closest('#gongkai-overlay').remove()\">",
            "{close}</button></p></div>"
        ),
        heading = heading,
        text = escape(text),
        close = close,
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
pub fn error_page(version: u64, overlay_html: &str, lang: Lang) -> Vec<u8> {
    let code = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head><meta charset=\"utf-8\"><title>gongkai</title></head>\n<body>\n</body>\n</html>\n"
    );
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
        let o = overlay("error[E002]: unknown key `<b>`", Lang::En);
        assert!(o.contains("unknown key `&lt;b&gt;`"));
        assert!(!o.contains("<b>"));
    }

    /// A connected pair: (the server's end, the page's end).
    fn pair(l: &std::net::TcpListener) -> (TcpStream, TcpStream) {
        let page = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        page.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        (l.accept().unwrap().0, page)
    }

    fn read_event(page: &mut TcpStream) -> String {
        let mut buf = [0u8; 256];
        let n = std::io::Read::read(page, &mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn the_hub_tells_every_stream_each_version_and_keeps_a_bounded_number() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let hub = std::sync::Arc::new(Hub::default());
        hub.publish(3);
        let runner = {
            let hub = hub.clone();
            std::thread::spawn(move || hub.run())
        };
        let mut pages = Vec::new();
        for _ in 0..MAX_LIVE + 8 {
            let (server, page) = pair(&l);
            hub.add(server);
            pages.push(page);
        }
        // The runner holds the streams while it writes to them: wait for it to put them back.
        let deadline = Instant::now() + Duration::from_secs(10);
        while hub.len() != MAX_LIVE && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(hub.len(), MAX_LIVE);
        let mut newest = pages.pop().unwrap();
        assert_eq!(read_event(&mut newest), "event: version\ndata: 3\n\n");
        // The oldest stream was closed: its page sees the end (after any event it was told).
        let mut oldest = pages.remove(0);
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut oldest, &mut rest).unwrap();
        hub.publish(4);
        assert_eq!(read_event(&mut newest), "event: version\ndata: 4\n\n");
        hub.stop();
        runner.join().unwrap();
        assert!(hub.is_empty());
    }
}
