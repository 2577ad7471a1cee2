//! Fuzz target: one record file through every stage but writing. The first byte picks the
//! record kind (and, with its high bit, an `.md` evaluation); the rest is the file's text.
//! Nothing may panic or hang, every diagnostic must render, and every site that passes the
//! check must publish (into memory, through the same leak audit as `gongkai build`) with no
//! template error and no withheld value in its output.

#![no_main]

use gongkai::load::{self, RegionSrc, Sources, YearSrc, yaml};
use gongkai::model::Kind;
use libfuzzer_sys::fuzz_target;

const SITE: &str = "title: 测试\nbase_url: https://example.gov.cn/yjgk/\nowner: 测试县财政局\n";
const REGION: &str = "name: 测试县\nlevel: 县\nunits:\n  - { id: jtj, name: 交通运输局 }\n  - { id: czj, name: 财政局 }\n";
const KINDS: [Kind; 5] = [
    Kind::Goal,
    Kind::ExAnte,
    Kind::Monitoring,
    Kind::SelfEvaluation,
    Kind::Evaluation,
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = KINDS[usize::from(first & 0x7f) % KINDS.len()];
    let markdown = kind == Kind::Evaluation && first & 0x80 != 0;
    let path = if markdown {
        "content/demo/2024/evaluations/f.md"
    } else {
        "content/demo/2024/x/f.yaml"
    };
    let records = match load::parse_records(path, text, kind, markdown) {
        Ok(r) => r,
        Err(d) => {
            let line = text.lines().nth(d.line.saturating_sub(1));
            let _ = d.render(line, false, gongkai::diag::Lang::Zh);
            return;
        }
    };
    let mut region = RegionSrc {
        file: Some((
            "content/demo/region.yaml".into(),
            yaml::parse("content/demo/region.yaml", REGION).unwrap(),
        )),
        ..RegionSrc::default()
    };
    region.years.insert(
        "2024".into(),
        YearSrc {
            records,
            ..YearSrc::default()
        },
    );
    let mut sources = Sources {
        config: Some(("site.yaml".into(), yaml::parse("site.yaml", SITE).unwrap())),
        ..Sources::default()
    };
    sources.regions.insert("demo".into(), region);
    // The driver every command runs: check, then publish into memory behind the leak audit.
    let mut shown = gongkai::diag::Diagnostics::default();
    shown.capture(path, text, gongkai::diag::source::Withholding::No);
    let checked = match gongkai::pipeline::check_sources(sources, shown, Vec::new()) {
        Ok(c) => c,
        Err(gongkai::Failure::Content(d)) => {
            let _ = d.render_human(gongkai::diag::Lang::Zh);
            let _ = d.render_json(gongkai::diag::Lang::En);
            return;
        }
        Err(gongkai::Failure::Io(e)) => panic!("a check in memory failed on I/O: {e:#}"),
    };
    let _ = checked.warnings.render_human(gongkai::diag::Lang::Zh);
    let memory = gongkai::output::sink::Memory::default();
    let opts = gongkai::pipeline::publish::Options::default();
    match gongkai::pipeline::publish::publish(&checked, &memory, opts) {
        Ok(_) => {}
        Err(gongkai::Failure::Content(d)) => panic!(
            "a site that passed the check was refused when published (a template error or a leak):\n{}",
            d.render_human(gongkai::diag::Lang::Zh)
        ),
        Err(gongkai::Failure::Io(e)) => panic!("publishing into memory failed: {e:#}"),
    }
});
