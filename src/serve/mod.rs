//! `gongkai serve`: a local preview of a site at the URLs it will have when published, rebuilt
//! whenever a file of the site changes, with open pages reloaded through server-sent events.
//!
//! One thread watches the site (polling sizes and modification times) and rebuilds with
//! [`rebuild::Preview`]; connections are answered by a fixed number of threads ([`pool`]), and
//! one more thread tells open pages about new builds ([`live::Hub`]).
//! Pages are served from memory; the site's real output folder is never written. While the
//! content has errors, the last good pages stay served under an overlay with the diagnostics.
//! Meant for the local machine: loopback by default, GET and HEAD only, nothing executed.

pub mod files;
pub mod http;
pub mod live;
pub mod pool;
pub mod rebuild;

use files::Files;
use http::{Request, Response};
use pool::Answer;
use rebuild::{Outcome, Preview};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the site is checked for changes.
pub const POLL: Duration = Duration::from_millis(300);

/// What is being served now.
#[derive(Clone, Default)]
struct Snapshot {
    files: Files,
    /// The overlay showing the diagnostics of the last build, when it failed.
    error: Option<Arc<String>>,
    /// The language of the overlay.
    lang: crate::diag::Lang,
    /// Changes whenever a build succeeds or fails; pages reload when it differs from theirs.
    version: u64,
    /// The path of the base URL (`/yjgk/`): requests under it are served as under `/`.
    base_path: String,
    built: bool,
}

struct Shared {
    now: Mutex<Snapshot>,
    live: live::Hub,
    stop: AtomicBool,
}

impl Shared {
    fn snapshot(&self) -> Snapshot {
        self.now.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A running preview server.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    listening: pool::Listening,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Bind to `addr`, build the site once, then serve and watch in the background.
    /// `log` receives one line per build.
    pub fn start(
        site: &Path,
        addr: SocketAddr,
        inputs: crate::Inputs,
        log: impl Fn(&str) + Send + 'static,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            now: Mutex::new(Snapshot::default()),
            live: live::Hub::default(),
            stop: AtomicBool::new(false),
        });
        let mut preview = Preview::new(site, &crate::out_dir(site, None), inputs);
        apply(&shared, preview.rebuild(), &log, inputs.lang);
        let watcher = {
            let shared = shared.clone();
            std::thread::spawn(move || watch(&shared, &mut preview, &log))
        };
        let hub = {
            let shared = shared.clone();
            std::thread::spawn(move || shared.live.run())
        };
        let listening = pool::listen(listener, Arc::new(Pages(shared.clone())))?;
        Ok(Server {
            addr,
            shared,
            listening,
            threads: vec![watcher, hub],
        })
    }

    /// Block until the server stops (it stops only when told to).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        self.listening.wait();
    }

    /// Stop watching and serving; open event streams end.
    pub fn stop(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.live.stop();
        self.listening.stop();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Poll every 300 ms, or less often on a site so large that a poll itself takes long: the
/// watcher spends at most a quarter of a core looking for changes.
fn watch(shared: &Shared, preview: &mut Preview, log: &dyn Fn(&str)) {
    let mut pause = POLL;
    while !shared.stop.load(Ordering::SeqCst) {
        std::thread::sleep(pause);
        let start = std::time::Instant::now();
        let outcome = preview.rebuild();
        if matches!(outcome, Outcome::Unchanged) {
            pause = POLL.max(start.elapsed() * 3);
        } else {
            apply(shared, outcome, log, preview.lang());
        }
    }
}

/// Publish a build's result to the server and the log.
fn apply(shared: &Shared, outcome: Outcome, log: &dyn Fn(&str), lang: crate::diag::Lang) {
    let mut now = shared.now.lock().unwrap_or_else(|e| e.into_inner());
    match outcome {
        Outcome::Unchanged => return,
        Outcome::Built(b) => {
            let warnings = b.warnings.render_human(lang);
            if !warnings.is_empty() {
                log(warnings.trim_end());
            }
            let (r, w, p, ms) = (b.records, b.withheld, b.pages, b.elapsed.as_millis());
            let (read, rendered) = (b.parsed, b.rendered);
            let warnings = crate::cmd::warnings(b.warnings.warning_count());
            let warnings = warnings.get(lang);
            log(&match lang {
                crate::diag::Lang::Zh => format!(
                    "已生成：{r} 条公开的记录，{w} 条不予公开的条目，{p} 个页面，{warnings}，用时 {ms} 毫秒（读了 {read} 个文件，生成了 {rendered} 个页面）"
                ),
                crate::diag::Lang::En => {
                    let r = crate::diag::said::count_en(r, "record", "records");
                    let p = crate::diag::said::count_en(p, "page", "pages");
                    let read = crate::diag::said::count_en(read, "file", "files");
                    let rendered = crate::diag::said::count_en(rendered, "page", "pages");
                    format!(
                        "built {r} ({w} withheld), {p}, {warnings} in {ms} ms: {read} read, {rendered} rendered"
                    )
                }
            });
            now.base_path = b.base_path;
            now.files = b.files;
            now.error = None;
            now.built = true;
        }
        Outcome::Failed { text, .. } => {
            log(text.trim_end());
            now.error = Some(Arc::new(live::overlay(&text, lang)));
            now.lang = lang;
        }
    }
    now.version += 1;
    let version = now.version;
    drop(now);
    shared.live.publish(version);
}

/// What the preview answers: the HTTP layer ([`pool`]) asks it for each request.
struct Pages(Arc<Shared>);

impl pool::Handler for Pages {
    fn answer(&self, req: &Request) -> Answer {
        if req.path == live::EVENTS_PATH {
            return Answer::Events;
        }
        if req.path == live::SCRIPT_PATH {
            return Answer::Page(Response {
                status: 200,
                content_type: http::content_type("live.js"),
                body: live::SCRIPT.as_bytes().to_vec(),
                location: None,
            });
        }
        Answer::Page(page(&self.0.snapshot(), req))
    }

    fn events(&self, stream: TcpStream) {
        self.0.live.add(stream);
    }
}

/// The page for a request: the last good build's file, with live reload (and the overlay while
/// the content has errors) added to HTML.
fn page(snap: &Snapshot, req: &Request) -> Response {
    let (status, path, body, location) = route(snap, req);
    let body = if path.ends_with(".html") || !snap.built {
        let overlay = snap.error.as_deref().map(String::as_str);
        if snap.built {
            live::inject(&body, snap.version, overlay)
        } else {
            live::error_page(snap.version, overlay.unwrap_or(""), snap.lang)
        }
    } else {
        body
    };
    let content_type = if snap.built {
        http::content_type(&path)
    } else {
        http::content_type("x.html")
    };
    Response {
        status,
        content_type,
        body,
        location,
    }
}

/// Status, output path, bytes and redirect target for a request.
fn route(snap: &Snapshot, req: &Request) -> (u16, String, Vec<u8>, Option<String>) {
    let rel = req
        .path
        .strip_prefix(snap.base_path.as_str())
        .or_else(|| req.path.strip_prefix('/'))
        .unwrap_or("");
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(bytes) = lookup(snap, &file) {
        return (200, file, bytes, None);
    }
    if lookup(snap, &format!("{file}/index.html")).is_some() {
        return (
            301,
            String::new(),
            Vec::new(),
            Some(format!("{}/", req.path)),
        );
    }
    let body = lookup(snap, "404.html").unwrap_or_else(|| b"404 Not Found\n".to_vec());
    (404, "404.html".into(), body, None)
}

fn lookup(snap: &Snapshot, rel: &str) -> Option<Vec<u8>> {
    snap.files.get(rel).map(|b| b.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_server_serves_then_stops() {
        let tmp = tempfile::tempdir().unwrap();
        for (rel, text) in crate::scaffold::FILES {
            let p = tmp.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let server = Server::start(tmp.path(), addr, crate::Inputs::default(), |_| {}).unwrap();
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(b"GET /shili/ HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        assert!(
            resp.starts_with("HTTP/1.1 200 OK") && resp.contains("示例县"),
            "{resp}"
        );
        let at = server.addr;
        server.stop();
        assert!(
            TcpStream::connect(at).is_err(),
            "still listening after stop"
        );
    }
}
