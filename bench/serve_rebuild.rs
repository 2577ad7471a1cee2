//! How long the preview takes to show a one-record edit on a large site.
//!
//! `cargo bench --bench serve_rebuild` generates a site of 10,000 records (`sitegen.rs`),
//! builds it once in memory as `gongkai serve` does, then edits one record several times and
//! times each rebuild (walk, re-read of the changed file, validate of the changed year folder,
//! figure, disclose, the search index and open data of the changed year, render of the affected
//! pages). It also times a poll that finds nothing changed. Issue 19's target is under 150 ms
//! per edit; on a quiet two-core machine the median is about 0.6 s (README, "Performance": the
//! stages before rendering and the site-wide files run in full each round), of which about
//! 40 ms is walking and reading the stamps of the 10,000 files. It runs on mimalloc, as the
//! `gongkai` binary does. Under `cargo test` it runs the same steps on a small site, as a
//! smoke test. Set `RECORDS` to try another size and `EDITS` for more edits. On Linux it also
//! prints the CPU time the process spent (all threads), which other work on a busy machine does
//! not inflate as it does wall time.

#[path = "sitegen.rs"]
mod sitegen;

use gongkai::serve::rebuild::{Built, Outcome, Preview};
use std::time::{Duration, Instant};

/// The allocator `gongkai` itself uses (`src/main.rs`), so that the times are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn built(o: Outcome) -> Built {
    match o {
        Outcome::Built(b) => b,
        Outcome::Failed { text, .. } => panic!("{text}"),
        Outcome::Unchanged => panic!("nothing was rebuilt"),
    }
}

fn main() {
    gongkai::format::hash_seeds_per_thread();
    let bench = std::env::args().any(|a| a == "--bench");
    let records: usize = std::env::var("RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench { 10_000 } else { 300 });
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let record = sitegen::generate(&site, records);
    let mut preview = Preview::new(&site, &site.join("public"), gongkai::Inputs::default());

    let start = Instant::now();
    let first = built(preview.rebuild());
    println!(
        "first build: {} records, {} pages in {:.0} ms",
        first.records,
        first.pages,
        ms(start.elapsed())
    );

    let (start, cpu) = (Instant::now(), cpu_time());
    assert!(matches!(preview.rebuild(), Outcome::Unchanged));
    let cpu = cpu_time().zip(cpu).map(|(b, a)| b.saturating_sub(a));
    println!(
        "poll, nothing changed: {:.1} ms, CPU {}",
        ms(start.elapsed()),
        cpu.map_or("?".into(), |c| format!("{:.0} ms", ms(c)))
    );

    let original = std::fs::read_to_string(&record).unwrap();
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let edits: usize = std::env::var("EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    for n in 0..edits {
        let text = original.replace("年度任务。", &format!("年度任务（第{n}次修改）。"));
        std::fs::write(&record, text).unwrap();
        let (start, cpu) = (Instant::now(), cpu_time());
        let b = built(preview.rebuild());
        let t = start.elapsed();
        let cpu = cpu_time().zip(cpu).map(|(b, a)| b.saturating_sub(a));
        assert_eq!(b.parsed, 1, "only the edited file is read again");
        assert!(
            b.rendered < 12,
            "{} pages rendered for one record",
            b.rendered
        );
        let steps: Vec<String> = b
            .timings
            .iter()
            .map(|(s, d)| format!("{s} {:.0}", ms(*d)))
            .collect();
        println!(
            "one-record edit: {:.0} ms, CPU {} ({} file read, {} pages rendered; ms: {})",
            ms(t),
            cpu.map_or("?".into(), |c| format!("{:.0} ms", ms(c))),
            b.parsed,
            b.rendered,
            steps.join(", ")
        );
        times.push(t);
        cpus.extend(cpu);
    }
    times.sort();
    cpus.sort();
    let median = times[times.len() / 2];
    let cpu = cpus
        .get(cpus.len() / 2)
        .map_or("?".into(), |c| format!("{:.0} ms", ms(*c)));
    println!(
        "one-record edit on {records} records: median {:.0} ms (CPU {cpu}), worst {:.0} ms (target < 150 ms)",
        ms(median),
        ms(*times.last().unwrap())
    );
}

/// CPU time of every thread of this process so far (Linux: /proc/self/task/*/schedstat).
fn cpu_time() -> Option<Duration> {
    let mut ns: u64 = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
