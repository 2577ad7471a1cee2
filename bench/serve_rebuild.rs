//! How long the preview takes to show a one-record edit on a large site.
//!
//! `cargo bench --bench serve_rebuild` generates a site of 10,000 records (`sitegen.rs`),
//! builds it once in memory as `gongkai serve` does, then edits one record several times and
//! times each rebuild (walk, re-read of the changed file, validate, figure, disclose, render of
//! the affected pages). It also times a poll that finds nothing changed. The target is under
//! 200 ms per edit. Under `cargo test` it runs the same steps on a small site, as a smoke test.
//! Set `RECORDS` to try another size.

#[path = "sitegen.rs"]
mod sitegen;

use gongkai::serve::rebuild::{Built, Outcome, Preview};
use std::time::{Duration, Instant};

fn built(o: Outcome) -> Built {
    match o {
        Outcome::Built(b) => b,
        Outcome::Failed { text, .. } => panic!("{text}"),
        Outcome::Unchanged => panic!("nothing was rebuilt"),
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let records: usize = std::env::var("RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench { 10_000 } else { 300 });
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let record = sitegen::generate(&site, records);
    let mut preview = Preview::new(&site, &site.join("public"));

    let start = Instant::now();
    let first = built(preview.rebuild());
    println!(
        "first build: {} records, {} pages in {:.0} ms",
        first.records,
        first.pages,
        ms(start.elapsed())
    );

    let start = Instant::now();
    assert!(matches!(preview.rebuild(), Outcome::Unchanged));
    println!("poll, nothing changed: {:.1} ms", ms(start.elapsed()));

    let original = std::fs::read_to_string(&record).unwrap();
    let mut times = Vec::new();
    for n in 0..7 {
        let text = original.replace("年度任务。", &format!("年度任务（第{n}次修改）。"));
        std::fs::write(&record, text).unwrap();
        let start = Instant::now();
        let b = built(preview.rebuild());
        let t = start.elapsed();
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
            "one-record edit: {:.0} ms ({} file read, {} pages rendered; ms: {})",
            ms(t),
            b.parsed,
            b.rendered,
            steps.join(", ")
        );
        times.push(t);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "one-record edit on {records} records: median {:.0} ms, worst {:.0} ms (target < 200 ms)",
        ms(median),
        ms(*times.last().unwrap())
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
