//! Fuzz target: one record file through every stage but writing. The first byte picks the
//! record kind (and, with its high bit, an `.md` evaluation); the rest is the file's text.
//! Nothing may panic or hang, every diagnostic must render, and the default theme must render
//! every site that passes validation.

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
            let _ = d.render(line, false);
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
    let (site, mut diags) = gongkai::validate::validate(&sources);
    diags.capture(path, text, gongkai::diag::source::Withholding::No);
    let _ = diags.render_human();
    let _ = diags.render_json();
    let Some(site) = site else {
        return;
    };
    let (figures, d) = gongkai::figures::figure(&site);
    let _ = d.render_human();
    let (public, _secrets, d) = gongkai::disclose::disclose(&site, &figures);
    if d.has_errors() {
        return;
    }
    // The same template environment and site-wide files as `gongkai build`.
    let mut renderer = match gongkai::renderer_for(&public, &[]) {
        Ok((r, _assets)) => r,
        Err(gongkai::Failure::Content(d)) => {
            panic!("the theme cannot be loaded: {}", d.render_human())
        }
        Err(gongkai::Failure::Io(e)) => panic!("the theme cannot be loaded: {e:#}"),
    };
    let _ = gongkai::site_files(&public, &mut renderer);
    if let Err(d) = gongkai::render::render(&public, &renderer) {
        panic!(
            "the default theme fails on a valid site:\n{}",
            d.render_human()
        );
    }
});
