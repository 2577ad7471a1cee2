//! A deterministic generator of synthetic gongkai sites, for benchmarks.
//!
//! `cargo run --release --example gen_site -- --records 10000 --seed 1 --out DIR` writes a site
//! in the layout of docs/format.md: site.yaml, 20 bodies (a prefecture and its counties) × 5 years, records
//! of every kind with plausible Chinese text and indicator tables, some Markdown evaluation
//! reports, about 5% 不予公开, some 部分公开 fields and inline `[…]{redact …}` markers, and for
//! every year a summary.yaml that agrees with the records and a narrative quoting figures. The
//! same seed gives the same bytes. It writes only into DIR, and refuses a DIR that holds
//! anything but an earlier generated site.

mod indicators;
mod records;
mod rng;
mod summary;
mod words;
mod year;

use anyhow::{Context, Result, bail};
use clap::Parser;
use rayon::prelude::*;
use rng::Rng;
use std::path::{Path, PathBuf};
use words::{REGIONS, UNITS};
use year::{Opts, Year};

/// Marks a folder as written by this generator, so it may be replaced.
const MARKER: &str = ".gongkai-gen-site";

/// Generate a synthetic site for benchmarks.
#[derive(Debug, Parser)]
struct Args {
    /// Total number of records (spread evenly over bodies and years)
    #[arg(long, default_value_t = 1000)]
    records: u64,
    /// Seed of the pseudo-random generator
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write the site into
    #[arg(long)]
    out: PathBuf,
    /// Number of publishing bodies (1–20)
    #[arg(long, default_value_t = 20)]
    regions: usize,
    /// Number of fiscal years
    #[arg(long, default_value_t = 5)]
    years: u32,
    /// The first fiscal year
    #[arg(long, default_value_t = 2020)]
    first_year: u32,
    /// Share of records 不予公开, per mille
    #[arg(long, default_value_t = 50)]
    withheld: u64,
    /// Share of records 不列示, per mille
    #[arg(long, default_value_t = 5)]
    excluded: u64,
    /// Share of records 部分公开, per mille
    #[arg(long, default_value_t = 50)]
    partial: u64,
    /// Share of text fields with an inline withheld phrase, per mille
    #[arg(long, default_value_t = 30)]
    redact: u64,
    /// Share of evaluations written as Markdown reports, per mille
    #[arg(long, default_value_t = 500)]
    markdown: u64,
    /// Records per YAML file (1: a file per record; more: lists)
    #[arg(long, default_value_t = 1)]
    per_file: usize,
    /// Kind mix: goals, self-evaluations, monitoring, ex-ante, evaluations
    #[arg(long, value_delimiter = ',', default_value = "35,30,20,8,7")]
    mix: Vec<u64>,
    /// Rewrite only this body's year (`BODY/YEAR`, e.g. `gaotai/2021`) of a site generated
    /// before with the same options: its folder is replaced, nothing else is touched
    #[arg(long)]
    only: Option<String>,
    /// Varies the records of the years written (0: the site of the seed), for replacing one
    /// body's year with different records of the same count (`--only`)
    #[arg(long, default_value_t = 0)]
    revision: u64,
}

fn main() -> Result<()> {
    let a = Args::parse();
    if !(1..=REGIONS.len()).contains(&a.regions) || a.years == 0 || a.mix.len() != 5 {
        bail!("--regions must be 1–20, --years at least 1, --mix five numbers");
    }
    let opts = Opts {
        withheld: a.withheld,
        excluded: a.excluded,
        partial: a.partial,
        redact: a.redact,
        markdown: a.markdown,
        per_file: a.per_file,
        mix: [a.mix[0], a.mix[1], a.mix[2], a.mix[3], a.mix[4]],
        regions: a.regions,
    };
    let units: Vec<Vec<usize>> = (0..a.regions).map(|r| region_units(a.seed, r)).collect();
    let slots: Vec<(usize, u32)> = (0..a.regions)
        .flat_map(|r| (0..a.years).map(move |y| (r, a.first_year + y)))
        .collect();
    let only = match &a.only {
        Some(o) => Some(only_slot(&a.out, o, &slots)?),
        None => {
            prepare(&a.out)?;
            write(&a.out, "site.yaml", SITE)?;
            for (r, u) in units.iter().enumerate() {
                write(
                    &a.out,
                    &format!("content/{}/region.yaml", REGIONS[r].0),
                    &region_yaml(r, u),
                )?;
            }
            None
        }
    };
    let n = slots.len() as u64;
    let seed = a.seed.wrapping_add(a.revision.wrapping_mul(0x9E37_79B9));
    let written: Vec<usize> = slots
        .par_iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .map(|(i, &(r, year))| {
            let count = a.records / n + u64::from((i as u64) < a.records % n);
            let y = Year::new(seed, &opts, r, year, &units[r]).generate(count);
            let base = format!("content/{}/{year}", REGIONS[r].0);
            let name = REGIONS[r].1;
            write(
                &a.out,
                &format!("{base}/summary.yaml"),
                &summary::summary(&y.tally, name, year),
            )?;
            write(
                &a.out,
                &format!("{base}/_index.md"),
                &summary::narrative(&y.tally, name, year),
            )?;
            for (path, text) in &y.files {
                write(&a.out, path, text)?;
            }
            Ok(y.files.len())
        })
        .collect::<Result<_>>()?;
    let files: usize = written.iter().sum();
    eprintln!(
        "wrote {} records in {files} files to {}",
        a.records,
        a.out.display()
    );
    Ok(())
}

/// The index of the slot `BODY/YEAR` names, its folder in `out` (a generated site) removed.
fn only_slot(out: &Path, only: &str, slots: &[(usize, u32)]) -> Result<usize> {
    if !out.join(MARKER).exists() {
        bail!(
            "--only rewrites a site written by gen_site; {} is not one",
            out.display()
        );
    }
    let i = slots
        .iter()
        .position(|&(r, y)| format!("{}/{y}", REGIONS[r].0) == only)
        .with_context(|| format!("--only {only}: no such body and year in this site"))?;
    let dir = out.join("content").join(only);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(i)
}

/// Make `out` ready: create it, or clear an earlier generated site; refuse anything else.
fn prepare(out: &Path) -> Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            bail!(
                "{} is not empty and was not written by gen_site; choose another --out",
                out.display()
            );
        }
        for name in ["content", "public", "site.yaml"] {
            let p = out.join(name);
            if p.is_dir() {
                std::fs::remove_dir_all(&p).with_context(|| format!("removing {}", p.display()))?;
            } else if p.exists() {
                std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
            }
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    write(
        out,
        MARKER,
        "written by `cargo run --example gen_site`; safe to delete\n",
    )
}

fn write(out: &Path, rel: &str, text: &str) -> Result<()> {
    let p = out.join(rel);
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))
}

const SITE: &str = "title: 天山示例自治州预算绩效信息公开平台（基准测试）
base_url: https://www.example.gov.cn/yjgk/
language: zh-CN
money_unit: 万元
owner: 天山示例自治州财政局
sample_data: true
description: 基准测试用的合成站点：20 个预算单位主体、5 个年度的绩效目标、监控、自评和评价记录。
rules: { min_indicators: 5, min_quantifiable_share: \"50%\" }
footer: { site_code: \"6599000001\", icp: 新ICP备00000000号-1, contact: \"0990-0000000\", address: 示例市示例路1号 }
";

/// The units of a body: the prefecture has them all, a county most of them.
fn region_units(seed: u64, region: usize) -> Vec<usize> {
    let mut rng = Rng::derive(seed, region as u64, 0);
    (0..UNITS.len())
        .filter(|&u| u == 0 || region == 0 || !rng.chance(250))
        .collect()
}

fn region_yaml(r: usize, units: &[usize]) -> String {
    let (_, name, level, code) = REGIONS[r];
    let mut s = format!("name: {name}\nlevel: {level}\ncode: \"{code}\"\n");
    if r > 0 {
        s.push_str(&format!("parent: {}\n", REGIONS[0].0));
    }
    s.push_str("units:\n");
    for &u in units {
        let (id, unit) = UNITS[u];
        s.push_str(&format!("  - {{ id: {id}, name: {name}{unit} }}\n"));
    }
    s
}
