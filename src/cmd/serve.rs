//! `gongkai serve`: preview the site locally, rebuilt and reloaded as files change.

use super::Exit;
use crate::diag::Lang;
use crate::serve::Server;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

/// The port tried first when none is given, and how many after it.
const DEFAULT_PORT: u16 = 8000;
const TRIES: u16 = 10;

/// An I/O error when the server cannot start; otherwise it runs until stopped (Ctrl+C).
pub fn run(site: &Path, port: Option<u16>, bind: IpAddr, lang: Lang) -> Exit {
    if !site.join("site.yaml").is_file() {
        return super::io_error(format_args!(
            "{} has no site.yaml; give the site folder, or create one with `gongkai new DIR`",
            site.display()
        ));
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
                println!(
                    "serving {} at http://{host}:{}/ (Ctrl+C to stop)",
                    site.display(),
                    server.addr.port()
                );
                if !bind.is_loopback() {
                    eprintln!(
                        "note: listening on {bind}: other machines on the network can see this preview"
                    );
                }
                server.wait();
                return Exit::Ok;
            }
            Err(e) => last_err = Some((p, e)),
        }
    }
    match last_err {
        Some((p, e)) => super::io_error(format_args!(
            "cannot listen on {bind}:{p}: {e}; choose another port with --port"
        )),
        None => Exit::Io,
    }
}
