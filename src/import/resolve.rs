//! Drafts become records: the 主管部门 is mapped to a unit id of region.yaml, and each record
//! gets a stable id.
//!
//! A unit is matched by its exact name, then by its name without the region's name in front
//! (`交通运输局` for `尉犁县交通运输局`, either way round); a code written with the name
//! (`301-尉犁县交通运输局`, `尉犁县交通运输局（301）`) is ignored, and the unit id itself is
//! accepted. Ids: a project's code when it makes a valid id (`652823230017`), else
//! `p-` and the first 8 hex digits of the SHA-256 of the project's name; a unit-wide record is
//! `unit-<unit id>`. The same project so gets the same id in goals and self-evaluations, and
//! again on every import. No I/O here.

use super::cells::{clean, fold};
use super::draft::{At, Draft};
use super::{Errs, Target};
use crate::diag::rule;
use crate::model::Scope;
use crate::model::value::validate_id;
use crate::said;
use sha2::{Digest, Sha256};

/// A draft with its unit id and record id.
#[derive(Debug, Clone)]
pub struct Record {
    pub draft: Draft,
    pub unit: String,
    pub id: String,
}

/// Give each draft its id; an id two records would share is reported.
pub fn resolve(drafts: Vec<Draft>, errs: &mut Errs) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    for d in drafts {
        let unit = d.unit_id.clone();
        let id = record_id(&d, &unit);
        if let Some(other) = out.iter().find(|r| r.id == id) {
            let (zh, en) = match d.scope {
                Scope::Project => ("项目", "project"),
                Scope::Unit => ("部门", "unit"),
            };
            let there = &other.draft.origin;
            let msg = said!(
                "这个{zh}的编号 `{id}` 与从 {there} 读出的记录相同",
                "this {en} has the same id `{id}` as the record read from {there}"
            );
            let hint = said!(
                "每个项目在一次导入中只能出现一次：给两者写上各自的项目名称或项目编码，或把它们合并",
                "each project may appear once per import: give the two their own 项目名称 or 项目编码, or merge them"
            );
            errs.cell(rule::IMPORT_CONFLICT, &d.origin, msg, hint);
            continue;
        }
        out.push(Record { draft: d, unit, id });
    }
    out
}

/// The unit id the 主管部门 cell names; an unknown or ambiguous name is reported.
pub fn unit_id(unit: &At, t: &Target, errs: &mut Errs) -> Option<String> {
    let name = &unit.text;
    let found = match_unit(name, &t.region_name, &t.units);
    match found.as_slice() {
        [one] => Some(one.to_string()),
        [] => {
            let known: Vec<String> = t
                .units
                .iter()
                .map(|(id, name)| format!("{id} {name}"))
                .collect();
            let (region_name, region) = (&t.region_name, &t.region);
            let msg = said!(
                "主管部门“{name}”不是 content/{region}/region.yaml 中{region_name}的单位",
                "主管部门 \"{name}\" is not a unit of {region_name} in content/{region}/region.yaml"
            );
            let hint = if known.is_empty() {
                said!(
                    "region.yaml 中没有列出单位：在 content/{region}/region.yaml 中加上 `units: [{{ id: …, name: {name} }}]`",
                    "region.yaml lists no units: add `units: [{{ id: …, name: {name} }}]` to content/{region}/region.yaml"
                )
            } else {
                let (zh, en) = (known.join("、"), known.join(", "));
                said!(
                    "按 region.yaml 中的写法填写单位名称，或把这个单位加到 region.yaml 中；现有的单位：{zh}",
                    "write the unit's name as region.yaml does, or add it there; units: {en}"
                )
            };
            errs.cell(rule::IMPORT_UNIT, &unit.at, msg, hint);
            None
        }
        many => {
            let (zh, en) = (many.join("、"), many.join(", "));
            let msg = said!(
                "主管部门“{name}”与 region.yaml 中不止一个单位相符：{zh}",
                "主管部门 \"{name}\" matches more than one unit of region.yaml: {en}"
            );
            errs.cell(
                rule::IMPORT_UNIT,
                &unit.at,
                msg,
                said!(
                    "按 region.yaml 中的写法填写单位的全称",
                    "write the unit's full name as region.yaml gives it"
                ),
            );
            None
        }
    }
}

/// The ids of the units `name` matches: exactly, else without the region's name in front.
pub fn match_unit<'u>(name: &str, region: &str, units: &'u [(String, String)]) -> Vec<&'u str> {
    let key = fold(&strip_code(name));
    let region = fold(region);
    let bare = |s: &str| -> String {
        let s = fold(s);
        s.strip_prefix(&region).map(str::to_string).unwrap_or(s)
    };
    let pick = |f: &dyn Fn(&(String, String)) -> bool| -> Vec<&'u str> {
        units
            .iter()
            .filter(|u| f(u))
            .map(|u| u.0.as_str())
            .collect()
    };
    let exact = pick(&|u| fold(&u.1) == key || u.0 == key);
    if !exact.is_empty() {
        return exact;
    }
    let key = bare(&key);
    if key.is_empty() {
        return Vec::new();
    }
    pick(&|u| bare(&u.1) == key)
}

/// `301-尉犁县交通运输局`, `[301]尉犁县交通运输局`, `尉犁县交通运输局（301）` → the name alone.
fn strip_code(name: &str) -> String {
    let t = clean(name);
    let t = crate::model::value::normalize(&t);
    let is_code = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut s = t.as_str();
    if let Some(rest) = s.strip_prefix('[').and_then(|r| r.split_once(']')) {
        if is_code(rest.0) {
            s = rest.1;
        }
    } else {
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = s[digits..].trim_start_matches(['-', '_', ' ', '.', '、']);
        if digits > 0 && !rest.is_empty() {
            s = rest;
        }
    }
    if let Some(open) = s.rfind('(')
        && s.ends_with(')')
        && is_code(&s[open + 1..s.len() - 1])
    {
        s = &s[..open];
    }
    s.trim().to_string()
}

/// The record id: see the module comment.
pub fn record_id(d: &Draft, unit: &str) -> String {
    if d.scope == Scope::Unit {
        let id = format!("unit-{unit}");
        if validate_id(&id).is_ok() {
            return id;
        }
        return format!("unit-{}", hash8(unit));
    }
    if let Some(code) = &d.code {
        let id = slug(code);
        if validate_id(&id).is_ok() {
            return id;
        }
    }
    let name = d.name.as_ref().map_or("", |n| n.text.as_str());
    format!("p-{}", hash8(&clean(name)))
}

fn hash8(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lowercase ASCII letters and digits; runs of anything else become one `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in crate::model::value::normalize(s).chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<(String, String)> {
        vec![
            ("jtj".into(), "测试县交通运输局".into()),
            ("czj".into(), "测试县财政局".into()),
        ]
    }

    #[test]
    fn units_match_by_name_with_or_without_the_region() {
        let u = units();
        assert_eq!(match_unit("测试县交通运输局", "测试县", &u), ["jtj"]);
        assert_eq!(match_unit(" 交通运输局 ", "测试县", &u), ["jtj"]);
        assert_eq!(match_unit("301-测试县财政局", "测试县", &u), ["czj"]);
        assert_eq!(match_unit("[301]财政局", "测试县", &u), ["czj"]);
        assert_eq!(match_unit("测试县财政局（301）", "测试县", &u), ["czj"]);
        assert_eq!(match_unit("jtj", "测试县", &u), ["jtj"]);
        assert!(match_unit("教育局", "测试县", &u).is_empty());
        assert!(match_unit("测试县", "测试县", &u).is_empty());
        let bare = vec![("jtj".into(), "交通运输局".into())];
        assert_eq!(match_unit("测试县交通运输局", "测试县", &bare), ["jtj"]);
    }

    #[test]
    fn ids_are_codes_or_stable_hashes() {
        assert_eq!(slug("652823230017"), "652823230017");
        assert_eq!(slug("XM-2024_01"), "xm-2024-01");
        assert_eq!(slug("项目"), "");
        assert_eq!(hash8("乡村道路养护项目"), hash8("乡村道路养护项目"));
        assert_eq!(hash8("乡村道路养护项目").len(), 8);
        assert_ne!(hash8("乡村道路养护项目"), hash8("乡村道路养护项目二期"));
    }
}
