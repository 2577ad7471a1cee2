//! Attacker tests (issue 14, classes 1–3): build a tiny site, read only what it published, solve
//! independently of `src/disclose` for every withheld value, and require that each keeps a
//! protection interval and each withheld category at least two possibilities. A refused build
//! counts as safe, as long as its messages do not show the withheld values either.

mod facts;
mod lp;
mod model;
mod rat;
mod reader;
mod records;
mod solve;

mod cases;
mod prop;

use crate::support::Site;
use rat::Rat;

/// The protection margin: the product's default (site.yaml `protection_margin` unset), 10% of
/// the value, and at least one unit (1万元 for amounts in this module's `money_unit: 万元`, one
/// point for scores, one for counts). It was 1% before the gate rewrite; the judge must hold the
/// product to what it promises by default, so it uses the same figure.
pub fn margin(v: Rat) -> Rat {
    (v.abs() * Rat::new(1, 10)).max(Rat::ONE)
}

/// A site with one body (`demo`, unit `jtj`) and no records.
pub fn tiny() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let site = Site { dir };
    site.write(
        "site.yaml",
        "title: 测试\nbase_url: https://example.gov.cn/\nlanguage: zh-CN\nmoney_unit: 万元\nowner: 测试县财政局\n",
    );
    site.write(
        "content/demo/region.yaml",
        "name: 测试县\nlevel: 县\nunits:\n  - { id: jtj, name: 测试县交通运输局 }\n",
    );
    site
}

/// What an attack found: the leaks, one line each (empty when the site is safe).
pub fn attack(site: &Site, values: &[(&str, &str)], cats: &[&str], bytes: &[&str]) -> Vec<String> {
    let out = reader::read(site, "demo", "2024");
    out.assert_no_bytes(bytes);
    if !out.built {
        return Vec::new();
    }
    let m = model::Model::load(&out);
    let targets: Vec<String> = values.iter().map(|(n, _)| n.to_string()).collect();
    let rep = solve::solve(&m, &targets);
    assert!(
        rep.feasible > 0,
        "the attacker's model has no solution: it is wrong, not the site"
    );
    let mut leaks = Vec::new();
    for (name, truth) in values {
        let t = Rat::parse(truth).unwrap().0;
        let (lo, hi) = rep.value(name);
        assert!(
            lo <= t && hi.is_none_or(|h| t <= h),
            "{name}: the truth {truth} is outside [{lo:?}, {hi:?}]: the solver is wrong"
        );
        if hi.is_some_and(|h| h - lo < margin(t)) {
            leaks.push(format!("{name} = {truth} narrowed to [{lo:?}, {hi:?}]"));
        }
    }
    for c in cats {
        let poss = rep.cat(c);
        if !open(poss) {
            leaks.push(format!("{c} is {poss:?}"));
        }
    }
    leaks
}

/// Whether a hidden category keeps two possibilities. `OTHER` stands for the values no
/// published figure names, of which the model only adds it when at least two remain.
pub fn open(poss: &std::collections::BTreeSet<String>) -> bool {
    poss.len() >= 2 || poss.contains(model::OTHER)
}
