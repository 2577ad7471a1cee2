//! One body's year: its projects and the records of every kind about them, as YAML and
//! Markdown files, with a tally of what they add up to (for summary.yaml).

use crate::records::{self as rec, Disc};
use crate::rng::Rng;
use crate::words::*;
use std::collections::BTreeMap;

/// Evaluations 不予公开 whole in one body-year, at most. The disclosure gate enumerates their
/// hidden grades (five options each) up to 4,096 combinations (`gate::model::MAX_ASSIGNMENTS`):
/// with six or more it cannot verify that they are protected and stops the build (E044). A
/// bureau then lists the others as 不列示 (as 100,000 records with seed 1 would need in nine
/// body-years); so does the generator, for evaluations of withheld projects beyond these.
const MAX_WITHHELD_EVALS: usize = 5;

/// Knobs that shape every year (see the command line).
pub struct Opts {
    pub withheld: u64,
    pub excluded: u64,
    pub partial: u64,
    pub redact: u64,
    pub markdown: u64,
    pub per_file: usize,
    pub mix: [u64; 5],
    /// Bodies generated: evaluations of a lower-level body name one of them.
    pub regions: usize,
}

/// A project of the year; records of several kinds refer to it.
pub struct Project {
    pub id: String,
    pub code: String,
    pub name: String,
    pub unit: &'static str,
    pub topic: &'static Topic,
    /// Funds in hundreds of yuan (0.01万元).
    pub funds: u64,
    pub target: u64,
}

#[derive(Default)]
pub struct Node {
    pub count: u64,
    pub budget: u64,
    pub executed: u64,
    pub yellow: u64,
    pub red: u64,
}

#[derive(Default)]
pub struct Eval {
    pub count: u64,
    pub funds: u64,
    pub withheld: u64,
    pub findings: u64,
    pub rectified: u64,
}

/// What the year's records add up to, over every record that is listed (all but 不列示).
#[derive(Default)]
pub struct Tally {
    pub ex_ante: (u64, u64, u64),
    pub conclusions: BTreeMap<&'static str, u64>,
    pub goals: (u64, u64),
    pub unit_goals: (u64, u64),
    pub goal_quant: (u64, u64),
    pub nodes: BTreeMap<String, Node>,
    pub self_evals: (u64, u64),
    pub grades: BTreeMap<u8, u64>,
    pub evals: BTreeMap<&'static str, Eval>,
    /// Kinds (by Chinese name) with a 不予公开 record this year.
    pub withheld: std::collections::BTreeSet<&'static str>,
}

/// Everything one year writes.
pub struct YearOut {
    pub files: Vec<(String, String)>,
    pub tally: Tally,
}

pub struct Year<'a> {
    pub rng: Rng,
    pub opts: &'a Opts,
    pub region: usize,
    pub year: u32,
    pub units: &'a [usize],
    pub other_regions: Vec<&'static str>,
    pub tally: Tally,
    /// Objectives of goals that withhold them (部分公开): another record of the project must
    /// not publish the same words (E045).
    pub withheld_objectives: std::collections::BTreeSet<String>,
    /// Files by kind folder: (id, text) lists, grouped into files later.
    out: BTreeMap<&'static str, Vec<(String, String, bool)>>,
}

/// Split `n` by the shares in `mix` (largest remainder).
pub fn split(n: u64, mix: &[u64; 5]) -> [u64; 5] {
    let total: u64 = mix.iter().sum::<u64>().max(1);
    let mut parts = mix.map(|m| n * m / total);
    let mut rest: Vec<(u64, usize)> = mix
        .iter()
        .enumerate()
        .map(|(i, m)| (n * m % total, i))
        .collect();
    rest.sort_by(|a, b| b.cmp(a));
    let left = n - parts.iter().sum::<u64>();
    for (_, i) in rest.iter().take(left as usize) {
        parts[*i] += 1;
    }
    parts
}

impl<'a> Year<'a> {
    pub fn new(seed: u64, opts: &'a Opts, region: usize, year: u32, units: &'a [usize]) -> Self {
        let other_regions = REGIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != region && *i < opts.regions)
            .map(|(_, r)| r.0)
            .collect();
        Year {
            rng: Rng::derive(seed, region as u64, u64::from(year)),
            opts,
            region,
            year,
            units,
            other_regions,
            tally: Tally::default(),
            withheld_objectives: Default::default(),
            out: BTreeMap::new(),
        }
    }

    /// Make `n` records of the year.
    pub fn generate(mut self, n: u64) -> YearOut {
        let [goals, selfs, monitoring, ex_ante, evals] = split(n, &self.opts.mix);
        let unit_goals = (goals / 10).min(self.units.len() as u64);
        let pool = (goals - unit_goals)
            .max(selfs)
            .max(monitoring.div_ceil(2))
            .max(ex_ante)
            .max(evals);
        let projects = self.projects(pool);
        // A project is withheld or left out as a whole: its records of other kinds, published,
        // would name it (the build refuses that, E045/E047).
        let whole: Vec<Option<Disc>> = projects.iter().map(|_| self.whole()).collect();
        let of = |y: &mut Self, i: usize| whole[i].unwrap_or_else(|| y.partial_or_public());
        for (i, p) in projects
            .iter()
            .enumerate()
            .take((goals - unit_goals) as usize)
        {
            let d = of(&mut self, i);
            rec::goal(&mut self, Some(p), None, d);
        }
        for u in 0..unit_goals as usize {
            let unit = UNITS[self.units[u]].0;
            // A unit-wide goal's generated texts are interface words (部门整体…): never withheld.
            let d = self.partial_or_public();
            rec::goal(&mut self, None, Some(unit), d);
        }
        for (i, p) in projects.iter().enumerate().take(selfs as usize) {
            let d = of(&mut self, i);
            rec::self_evaluation(&mut self, p, d);
        }
        for i in 0..monitoring as usize {
            let p = &projects[i / 2];
            let d = of(&mut self, i / 2);
            rec::monitoring(&mut self, p, i % 2 == 1, d);
        }
        let last = projects.len();
        for (k, p) in projects.iter().rev().take(ex_ante as usize).enumerate() {
            let d = of(&mut self, last - 1 - k);
            rec::ex_ante(&mut self, p, d);
        }
        let step = (pool / evals.max(1)).max(1) as usize;
        let mut withheld_evals = 0;
        for i in 0..evals as usize {
            let j = (i * step) % projects.len();
            let mut d = of(&mut self, j);
            if let Disc::Withheld(reason) = d {
                if withheld_evals == MAX_WITHHELD_EVALS {
                    d = Disc::Excluded(reason);
                } else {
                    withheld_evals += 1;
                }
            }
            rec::evaluation(&mut self, &projects[j], i, d);
        }
        let files = self.files();
        YearOut {
            files,
            tally: self.tally,
        }
    }

    fn projects(&mut self, n: u64) -> Vec<Project> {
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        let code = REGIONS[self.region].3;
        (0..n)
            .map(|i| {
                let topic = self.rng.pick(&TOPICS);
                let place = self.rng.pick(&PLACES);
                let stem = format!("{place}{}", topic.name);
                let k = seen.entry(stem.clone()).or_insert(0);
                *k += 1;
                let name = match *k {
                    1 => format!("{stem}项目"),
                    k => format!("{stem}项目（第{k}批）"),
                };
                let unit_i = if self.units.contains(&topic.unit) {
                    topic.unit
                } else {
                    self.units[0]
                };
                let (_, _, lo, hi) = topic.output;
                Project {
                    id: format!("{}-{:04}", topic.slug, i + 1),
                    code: format!("{code}{:02}{:04}", self.year % 100, i + 1),
                    name,
                    unit: UNITS[unit_i].0,
                    topic,
                    funds: self.rng.amount(20, 3000),
                    target: self.rng.range(u64::from(lo), u64::from(hi)),
                }
            })
            .collect()
    }

    /// Draw whether a whole project is 不予公开 or 不列示.
    pub fn whole(&mut self) -> Option<Disc> {
        let o = self.opts;
        let roll = self.rng.next() % 1000;
        let reason = *self
            .rng
            .pick(&["商业秘密", "敏感信息", "工作秘密", "国家秘密", "个人信息"]);
        if roll < o.withheld {
            Some(Disc::Withheld(reason))
        } else if roll < o.withheld + o.excluded {
            Some(Disc::Excluded(reason))
        } else {
            None
        }
    }

    /// Draw 部分公开 or 公开.
    pub fn partial_or_public(&mut self) -> Disc {
        let o = self.opts;
        let roll = self.rng.next() % 1000;
        let reason = *self
            .rng
            .pick(&["商业秘密", "敏感信息", "工作秘密", "国家秘密", "个人信息"]);
        if roll < o.partial {
            Disc::Partial(reason)
        } else {
            Disc::Public
        }
    }

    /// Whether this text field carries an inline withheld phrase.
    pub fn redact(&mut self) -> bool {
        self.rng.chance(self.opts.redact)
    }

    /// Whether an evaluation is written as a Markdown report.
    pub fn markdown(&mut self) -> bool {
        self.rng.chance(self.opts.markdown)
    }

    pub fn region_name(&self) -> &'static str {
        REGIONS[self.region].1
    }

    /// Add a record's text under its kind folder.
    pub fn push(&mut self, folder: &'static str, id: String, text: String, md: bool) {
        self.out.entry(folder).or_default().push((id, text, md));
    }

    /// Group records into files: Markdown ones alone, YAML ones `per_file` to a list.
    fn files(&mut self) -> Vec<(String, String)> {
        let base = format!("content/{}/{}", REGIONS[self.region].0, self.year);
        let per = self.opts.per_file.max(1);
        let mut files = Vec::new();
        for (folder, recs) in std::mem::take(&mut self.out) {
            let (md, yaml): (Vec<_>, Vec<_>) = recs.into_iter().partition(|r| r.2);
            for (id, text, _) in md {
                files.push((format!("{base}/{folder}/{id}.md"), text));
            }
            for chunk in yaml.chunks(per) {
                let name = &chunk[0].0;
                let text = if per == 1 {
                    chunk[0].1.clone()
                } else {
                    chunk.iter().map(|(_, t, _)| as_list_item(t)).collect()
                };
                files.push((format!("{base}/{folder}/{name}.yaml"), text));
            }
        }
        files
    }
}

/// A record's mapping as an item of a YAML list.
fn as_list_item(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        out.push_str(if i == 0 { "- " } else { "  " });
        out.push_str(line);
        out.push('\n');
    }
    out
}
