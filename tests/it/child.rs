//! Running `gongkai` as a child process that is watched: its peak memory (from
//! `/proc/<pid>/status` on Linux), its run time, a time limit that only catches hangs, and
//! killing it at a chosen moment.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `gongkai` command run in `dir`, as the tests run it.
pub fn gongkai(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.args(["--lang", "en"])
        .args(args)
        .current_dir(dir)
        .env("CI", "true");
    c
}

pub struct Watched {
    /// Exit code, or None when killed by a signal (or by the time limit).
    pub code: Option<i32>,
    pub stderr: String,
    /// Peak resident memory in KiB, where the system tells it.
    pub peak_kib: Option<u64>,
    pub elapsed: Duration,
    pub timed_out: bool,
}

/// Resident-memory high-water mark of a running process, in KiB (Linux only).
pub fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Run `cmd` to its end, or kill it after `limit`, watching its memory all along.
pub fn watch(mut cmd: Command, limit: Duration) -> Watched {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("starting gongkai");
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = pipe.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let mut peak = None;
    let mut timed_out = false;
    let status = loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = Some(peak.unwrap_or(0).max(kib));
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Watched {
        code: status.code(),
        stderr: reader.join().unwrap(),
        peak_kib: peak,
        elapsed: start.elapsed(),
        timed_out,
    }
}

/// Start `cmd` with its output discarded.
pub fn spawn_quiet(mut cmd: Command) -> Child {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting gongkai")
}

/// A small deterministic generator (64-bit LCG), so "random" moments repeat run to run.
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in [0, 1).
    pub fn next_unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}
