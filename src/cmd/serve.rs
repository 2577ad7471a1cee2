//! `gongkai serve`: preview the site locally, rebuilt and reloaded as files change.

use super::Exit;
use crate::diag::Lang;
use crate::said;
use crate::serve::Server;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

/// The port tried first when none is given, and how many after it.
const DEFAULT_PORT: u16 = 8000;
const TRIES: u16 = 10;

/// An I/O error when the server cannot start; otherwise it runs until stopped (Ctrl+C).
pub fn run(site: &Path, port: Option<u16>, bind: IpAddr, lang: Lang) -> Exit {
    if !site.join("site.yaml").is_file() {
        let s = site.display();
        return super::io_error(
            said!(
                "{s} 中没有 site.yaml；请给出站点所在的文件夹，或用 `gongkai new 文件夹` 新建一个站点",
                "{s} has no site.yaml; give the site folder, or create one with `gongkai new DIR`"
            ),
            lang,
        );
    }
    let ports: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + TRIES).collect(),
    };
    let mut last_err = None;
    for p in ports {
        let addr = SocketAddr::new(bind, p);
        match Server::start(site, addr, super::inputs(lang), |line| eprintln!("{line}")) {
            Ok(server) => {
                let host = if bind.is_unspecified() {
                    "127.0.0.1".to_string()
                } else {
                    match bind {
                        IpAddr::V6(v6) => format!("[{v6}]"),
                        IpAddr::V4(v4) => v4.to_string(),
                    }
                };
                let (s, port) = (site.display(), server.addr.port());
                // the address stands between spaces: tests and scripts take the word that
                // starts with http://
                let line = said!(
                    "正在预览 {s}：http://{host}:{port}/ （按 Ctrl+C 停止）",
                    "serving {s} at http://{host}:{port}/ (Ctrl+C to stop)"
                );
                println!("{}", line.get(lang));
                if !bind.is_loopback() {
                    let note = said!(
                        "提示：正在 {bind} 上监听，网络中的其他计算机也能看到这个预览",
                        "note: listening on {bind}: other machines on the network can see this preview"
                    );
                    eprintln!("{}", note.get(lang));
                }
                server.wait();
                return Exit::Ok;
            }
            Err(e) => last_err = Some((p, e)),
        }
    }
    match last_err {
        Some((p, e)) => super::io_error(
            said!(
                "无法在 {bind}:{p} 上监听：{e}；请用 --port 换一个端口",
                "cannot listen on {bind}:{p}: {e}; choose another port with --port"
            ),
            lang,
        ),
        None => Exit::Io,
    }
}
