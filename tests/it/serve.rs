//! `gongkai serve`: the preview serves the site, rebuilds on change, tells open pages to reload
//! and shows content errors over the last good pages. Every wait is bounded; the server is
//! stopped when the test ends, even when it fails.

use crate::support::ReplaceChecked;
use crate::support::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server; killed when dropped.
struct Preview {
    child: Child,
    addr: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--lang", "en"])
        .args(["serve", ".", "--port", "0"])
        .current_dir(site.path())
        .env("CI", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut preview = Preview {
        child,
        addr: String::new(),
    };
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server never started");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap();
    preview.addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    preview
}

/// GET a path: status and body.
fn get(p: &Preview, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Wait (at most 20 s) until the page at `path` satisfies `ok`.
fn wait_for(p: &Preview, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(p, path);
        if ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting on {path}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Read server-sent events until one carries a version other than `not`; returns it.
fn next_version(events: &mut BufReader<TcpStream>, not: Option<&str>) -> String {
    let start = Instant::now();
    let mut line = String::new();
    loop {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no version event"
        );
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            continue;
        }
        if let Some(v) = line.trim_end().strip_prefix("data: ")
            && Some(v) != not
        {
            return v.to_string();
        }
    }
}

#[test]
fn serve_previews_rebuilds_reloads_and_overlays_errors() {
    let site = Site::fixture("minimal");
    let p = start(&site);
    let page = "/demo/2024/goals/road/";
    let (status, body) = get(&p, page);
    assert_eq!(status, 200);
    assert!(body.contains("养护里程"));
    assert!(body.contains("<script src=\"/__gongkai/live.js\""));
    // The base URL's path (/yjgk/) serves the same pages, for the 404 page's links.
    assert_eq!(get(&p, "/yjgk/demo/2024/goals/road/").1, body);
    let (status, missing) = get(&p, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("not-found"), "{missing}");
    assert_eq!(get(&p, "/demo").0, 301);
    assert!(get(&p, "/__gongkai/live.js").1.contains("EventSource"));

    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    write!(
        s,
        "GET /__gongkai/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(s);
    let v1 = next_version(&mut events, None);

    let road = "content/demo/2024/goals/road.yaml";
    site.write(
        road,
        &site.read(road).replace_checked("养护里程", "养护公路里程"),
    );
    wait_for(&p, page, |b| b.contains("养护公路里程"));
    let v2 = next_version(&mut events, Some(&v1));

    site.write(
        "content/demo/2024/goals/broken.yaml",
        "id: road-2\nscope: project\nfunds: [\n",
    );
    let body = wait_for(&p, page, |b| b.contains("gongkai-overlay"));
    assert!(
        body.contains("content/demo/2024/goals/broken.yaml:3:"),
        "{body}"
    );
    assert!(
        body.contains("养护公路里程"),
        "the last good page stays served"
    );
    next_version(&mut events, Some(&v2));

    site.remove("content/demo/2024/goals/broken.yaml");
    wait_for(&p, page, |b| !b.contains("gongkai-overlay"));
}

#[test]
fn build_output_has_no_live_reload() {
    let site = Site::fixture("minimal");
    assert_eq!(site.build().code, 0);
    let page = site.read("public/demo/2024/goals/road/index.html");
    assert!(!page.contains("__gongkai"));
}

/// The minimal site with the ex-ante record's project name withheld.
fn withheld_site() -> Site {
    let site = Site::fixture("minimal");
    let p = "content/demo/2024/ex-ante/bridge.yaml";
    site.write(
        p,
        &format!(
            "{}disclosure: {{ status: 部分公开, reason: 商业秘密, fields: [project.name] }}\n",
            site.read(p)
        ),
    );
    site
}

#[test]
fn the_preview_audits_static_files_as_the_build_does() {
    let site = withheld_site();
    site.write("static/notes.txt", "公开的说明\n");
    let p = start(&site);
    assert_eq!(get(&p, "/notes.txt"), (200, "公开的说明\n".to_string()));
    // Files are read when the site is built: a change is served only after a build passes.
    site.write("static/notes.txt", "河道桥梁新建项目\n");
    let body = wait_for(&p, "/demo/2024/goals/road/", |b| {
        b.contains("gongkai-overlay")
    });
    assert!(
        body.contains("E080") && body.contains("notes.txt"),
        "{body}"
    );
    assert!(!body.contains("河道桥梁新建项目"), "{body}");
    assert_eq!(get(&p, "/notes.txt").1, "公开的说明\n");
    let build = site.build();
    assert_eq!(build.code, 1, "the build refuses it too: {}", build.stderr);
    assert!(build.stderr.contains("error[E080]"), "{}", build.stderr);
    // Started on the leaking file, the preview serves nothing of it.
    drop(p);
    let p = start(&site);
    let (_, home) = get(&p, "/");
    assert!(home.contains("E080"), "{home}");
    assert!(!get(&p, "/notes.txt").1.contains("河道桥梁"));
}

#[cfg(unix)]
#[test]
fn the_preview_serves_no_file_through_a_symbolic_link() {
    let site = Site::fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("private.txt");
    std::fs::write(&target, "站点之外的文件\n").unwrap();
    site.write("static/link.txt", "原来的文件\n");
    let p = start(&site);
    assert_eq!(get(&p, "/link.txt").1, "原来的文件\n");
    site.remove("static/link.txt");
    std::os::unix::fs::symlink(&target, site.path().join("static/link.txt")).unwrap();
    let body = wait_for(&p, "/demo/2024/goals/road/", |b| {
        b.contains("gongkai-overlay")
    });
    assert!(body.contains("E010"), "{body}");
    assert!(!get(&p, "/link.txt").1.contains("站点之外"));
    drop(p);
    let p = start(&site);
    assert!(get(&p, "/").1.contains("E010"));
    assert!(!get(&p, "/link.txt").1.contains("站点之外"));
}

/// Send `request` as written; the whole response (head and body) as text.
fn raw(p: &Preview, request: &str) -> String {
    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    String::from_utf8_lossy(&resp).into_owned()
}

#[test]
fn the_preview_answers_head_refuses_other_methods_and_bad_paths() {
    let site = Site::fixture("minimal");
    let p = start(&site);
    let (_, body) = get(&p, "/demo/2024/goals/road/");
    let head = raw(
        &p,
        "HEAD /demo/2024/goals/road/ HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("Content-Type: text/html; charset=utf-8\r\n"));
    assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())));
    assert!(head.ends_with("\r\n\r\n"), "HEAD sends no body: {head}");
    let css = raw(&p, "HEAD /__gongkai/live.js HTTP/1.1\r\n\r\n");
    assert!(css.contains("Content-Type: text/javascript; charset=utf-8\r\n"));

    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = raw(
            &p,
            &format!("{method} / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
        );
        assert!(r.starts_with("HTTP/1.1 405 "), "{method}: {r}");
        assert!(r.contains("Allow: GET, HEAD\r\n"), "{r}");
    }
    // Nothing outside the built site is reachable, however the path is written.
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/demo/..%2f..%2f..%2fetc/passwd",
        "/..%5c..%5cCargo.toml",
        "/site.yaml%00.html",
    ] {
        let r = raw(&p, &format!("GET {path} HTTP/1.1\r\n\r\n"));
        assert!(r.starts_with("HTTP/1.1 400 "), "{path}: {r}");
        assert!(!r.contains("root:") && !r.contains("养护"), "{path}: {r}");
    }
    // The site's own files are not served either: only what the build wrote.
    assert_eq!(get(&p, "/site.yaml").0, 404);
    assert_eq!(get(&p, "/content/demo/2024/goals/road.yaml").0, 404);
    let r = raw(&p, "GARBAGE\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 400 "), "{r}");
}

/// The number of threads of a process (Linux).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("Threads:")).unwrap();
    line[8..].trim().parse().unwrap()
}

#[test]
fn idle_connections_neither_add_threads_nor_block_pages() {
    let site = Site::fixture("minimal");
    let p = start(&site);
    assert_eq!(get(&p, "/").0, 200);
    #[cfg(target_os = "linux")]
    let before = threads(p.child.id());
    // Connections that never send a request, some that send half of one, and event streams
    // beyond the bound.
    let mut idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&p.addr).unwrap())
        .collect();
    for s in idle.iter_mut().take(50) {
        s.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    }
    for _ in 0..40 {
        let mut s = TcpStream::connect(&p.addr).unwrap();
        s.write_all(b"GET /__gongkai/events HTTP/1.1\r\n\r\n")
            .unwrap();
        idle.push(s);
    }
    let start = Instant::now();
    let (status, body) = get(&p, "/demo/2024/goals/road/");
    assert_eq!(status, 200);
    assert!(body.contains("养护里程"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    #[cfg(target_os = "linux")]
    assert_eq!(
        threads(p.child.id()),
        before,
        "340 open connections added threads"
    );
    // A new event stream is still told the version.
    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    s.write_all(b"GET /__gongkai/events HTTP/1.1\r\n\r\n")
        .unwrap();
    next_version(&mut BufReader::new(s), None);
    drop(idle);
}

/// GET a path: status and body bytes.
fn get_bytes(p: &Preview, path: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let status = String::from_utf8_lossy(&resp[9..12]).parse().unwrap();
    let at = resp.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    (status, resp[at..].to_vec())
}

/// `html` without the live-reload tag the preview adds before `</body>`.
fn without_live_reload(html: &[u8]) -> Vec<u8> {
    let open = b"<script src=\"/__gongkai/live.js\"";
    let Some(at) = html.windows(open.len()).position(|w| w == open) else {
        return html.to_vec();
    };
    let close = b"</script>\n";
    let len = html[at..]
        .windows(close.len())
        .position(|w| w == close)
        .unwrap()
        + close.len();
    [&html[..at], &html[at + len..]].concat()
}

/// Every URL the preview serves gives the bytes `gongkai build` writes for it (the live-reload
/// tag aside), withheld fields, search index, open data, feed and 更新记录 included.
#[test]
fn the_preview_serves_the_bytes_the_build_writes() {
    let site = withheld_site();
    let p = start(&site);
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().join("public");
    let built = site.run(&["build", ".", "-o", out_arg.to_str().unwrap()]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let files = crate::support::snapshot(&out_arg);
    assert!(files.len() > 30, "{} files", files.len());
    let mut differ = Vec::new();
    for (rel, bytes) in &files {
        let (status, body) = get_bytes(&p, &format!("/{rel}"));
        let body = if rel.ends_with(".html") {
            without_live_reload(&body)
        } else {
            body
        };
        if status != 200 || &body != bytes {
            differ.push(format!("{rel} ({status})"));
        }
    }
    assert!(differ.is_empty(), "served differently: {differ:?}");
}
