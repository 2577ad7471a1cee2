//! site.yaml and region.yaml: the site's settings, its rules and footer, each region's name,
//! level, code, parent and units, and its year folders. No I/O here.

use super::ctx::Ctx;
use super::{plain_hint, year_of};
use crate::diag::{Diagnostic, Diagnostics, rule};
use crate::load::raw::*;
use crate::load::yaml::pos;
use crate::load::{RegionSrc, Sources};
use crate::model::value::{self, ValueError};
use crate::model::*;
use crate::said;

pub(super) fn config(src: &Sources, diags: &mut Diagnostics) -> Option<Config> {
    let (path, raw) = src.config.as_ref()?;
    let mut cx = Ctx::new(path, MoneyUnit::Wan, diags);
    let language = language(&mut cx, raw);
    let money_unit = money_unit(&mut cx, raw);
    let base = raw.base_url.value.trim();
    let base_ok = base_url_ok(&mut cx, raw);
    let sample_data = flag(&mut cx, "sample_data", &raw.sample_data);
    let require_full_totals = flag(&mut cx, "require_full_totals", &raw.require_full_totals);
    let protection_margin = protection_margin(&mut cx, raw);
    let rules = raw.rules.as_ref().map(|r| rules(&mut cx, r));
    let footer = footer(&mut cx, raw);
    let mut base_url = base.to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Some(Config {
        title: cx.plain("title", &raw.title, &plain_hint()),
        base_url,
        language: language?,
        money_unit: money_unit?,
        owner: cx.plain("owner", &raw.owner, &plain_hint()),
        footer,
        portal: super::portal::portal(&mut cx, raw, &src.statics),
        sample_data: sample_data?,
        description: raw
            .description
            .as_ref()
            .map(|s| cx.plain("description", s, &plain_hint())),
        require_full_totals: require_full_totals?,
        protection_margin: protection_margin?,
        rules: rules.unwrap_or_default(),
        static_checked: static_checked(raw),
        search_synonyms: synonyms(&mut cx, raw),
    })
    .filter(|_| base_ok)
}

/// `language`: zh-CN (the default) or en.
fn language(cx: &mut Ctx, raw: &RawConfig) -> Option<Language> {
    match &raw.language {
        None => Some(Language::Zh),
        Some(s) => match s.value.as_str() {
            "zh-CN" | "zh" | "zh-Hans" => Some(Language::Zh),
            "en" | "en-US" | "en-GB" => Some(Language::En),
            other => {
                let hint = said!(
                    "写 `language: zh-CN`（中文）或 `language: en`（英文）",
                    "write `language: zh-CN` or `language: en`"
                );
                let e = ValueError::new(
                    said!(
                        "不支持语言 `{other}`",
                        "language `{other}` is not supported"
                    ),
                    hint.clone(),
                )
                .public(hint);
                cx.bad(rule::CONFIG, "language", s, e);
                None
            }
        },
    }
}

/// `money_unit`: 万元 (the default), 元 or 亿元.
fn money_unit(cx: &mut Ctx, raw: &RawConfig) -> Option<MoneyUnit> {
    match &raw.money_unit {
        None => Some(MoneyUnit::Wan),
        Some(s) => MoneyUnit::parse(s.value.trim()).or_else(|| {
            let v = &s.value;
            let hint = said!(
                "写 `money_unit: 万元`、`元` 或 `亿元`",
                "write `money_unit: 万元`, `元` or `亿元`"
            );
            let e = ValueError::new(
                said!("`{v}` 不是金额单位", "`{v}` is not a money unit"),
                hint.clone(),
            )
            .public(hint);
            cx.bad(rule::CONFIG, "money_unit", s, e);
            None
        }),
    }
}

/// `base_url`: an absolute address (or a path from the root) with nothing that needs escaping.
fn base_url_ok(cx: &mut Ctx, raw: &RawConfig) -> bool {
    let base = raw.base_url.value.trim();
    let base_ok = (base.starts_with("https://")
        || base.starts_with("http://")
        || base.starts_with('/'))
        && !base
            .contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}".contains(c));
    if !base_ok {
        let e = ValueError::new(
            said!(
                "`{base}` 不是完整的网址",
                "`{base}` is not an absolute address"
            ),
            said!(
                "写网站发布的地址，如 https://www.example.gov.cn/yjgk/",
                "write the address where the site is published, e.g. https://www.example.gov.cn/yjgk/"
            ),
        );
        cx.bad(rule::CONFIG, "base_url", &raw.base_url, e);
    }
    base_ok
}

/// `protection_margin`: more than 0% and at most 100% (10% when absent).
fn protection_margin(cx: &mut Ctx, raw: &RawConfig) -> Option<Percent> {
    match &raw.protection_margin {
        None => Some(Percent(Decimal::from_int(10))),
        Some(s) => cx.percent("protection_margin", s).and_then(|p| {
            let ok = p.0 > Decimal::zero() && p.0 <= Decimal::from_int(100);
            if !ok {
                let v = &s.value;
                let e = ValueError::new(
                    said!(
                        "保护幅度 `{v}` 须大于 0%、不超过 100%",
                        "the protection margin `{v}` must be more than 0% and at most 100%"
                    ),
                    said!(
                        "写 `protection_margin: \"10%\"`（默认值），或删去这一行",
                        "write `protection_margin: \"10%\"` (the default), or remove the line"
                    ),
                );
                cx.bad(rule::CONFIG, "protection_margin", s, e);
            }
            ok.then_some(p)
        }),
    }
}

/// The footer's lines, each published as written.
fn footer(cx: &mut Ctx, raw: &RawConfig) -> Footer {
    let f = raw.footer.as_ref();
    let mut get = |key: &str, o: Option<&O>| {
        let s = o.and_then(|s| s.as_ref())?;
        Some(cx.plain(&format!("footer.{key}"), s, &plain_hint()))
    };
    Footer {
        site_code: get("site_code", f.map(|f| &f.site_code)),
        icp: get("icp", f.map(|f| &f.icp)),
        police: get("police", f.map(|f| &f.police)),
        contact: get("contact", f.map(|f| &f.contact)),
        address: get("address", f.map(|f| &f.address)),
    }
}

/// The static files a person has checked, as paths under `static/` (a leading `static/` or
/// `/` is dropped). Whether each is a static file is checked when the files are published.
/// The longest synonym, in characters.
const MAX_SYNONYM_CHARS: usize = 30;

/// `search: { synonyms: [[卫健委, 卫生健康委员会], …] }`: groups of two or more different terms,
/// each a short plain text with a letter, digit or Chinese character.
fn synonyms(cx: &mut Ctx, raw: &RawConfig) -> Vec<Vec<String>> {
    let groups = raw.search.as_ref().and_then(|s| s.synonyms.as_ref());
    let hint = || {
        said!(
            "每组写两个或更多可以互相替代的词，如 `search: {{ synonyms: [[卫健委, 卫生健康委员会]] }}`；每个词不超过 {MAX_SYNONYM_CHARS} 个字",
            "write each group as two or more terms that stand for each other, e.g. `search: {{ synonyms: [[卫健委, 卫生健康委员会]] }}`; each term at most {MAX_SYNONYM_CHARS} characters"
        )
    };
    let mut out = Vec::new();
    for g in groups.into_iter().flatten() {
        let mut terms: Vec<String> = Vec::new();
        for s in &g.value {
            let t = cx.plain("search.synonyms", s, &hint()).trim().to_string();
            let (line, col) = pos(s);
            let n = t.chars().count();
            if !t.chars().any(char::is_alphanumeric) || n > MAX_SYNONYM_CHARS {
                let msg = said!(
                    "`search.synonyms`：`{t}` 不是可以搜索的词（要有文字或数字，不超过 {MAX_SYNONYM_CHARS} 个字）",
                    "`search.synonyms`: `{t}` is not a term that can be searched for (it needs letters or digits, at most {MAX_SYNONYM_CHARS} characters)"
                );
                cx.at(rule::CONFIG, line, col, msg, hint());
            } else if !terms.contains(&t) {
                terms.push(t);
            }
        }
        if g.value.len() < 2 || terms.len() == 1 {
            let (line, col) = pos(g);
            let msg = said!(
                "`search.synonyms`：一组同义词至少要有两个不同的词",
                "`search.synonyms`: a group of synonyms needs two or more different terms"
            );
            cx.at(rule::CONFIG, line, col, msg, hint());
        } else if terms.len() >= 2 {
            out.push(terms);
        }
    }
    out
}

fn static_checked(raw: &crate::load::raw::RawConfig) -> Vec<String> {
    let mut v: Vec<String> = raw
        .static_checked
        .iter()
        .flatten()
        .map(|s| {
            let p = s.value.trim().trim_start_matches('/');
            p.strip_prefix("static/").unwrap_or(p).to_string()
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A true/false setting of site.yaml (false when absent).
pub(super) fn flag(cx: &mut Ctx, key: &str, s: &O) -> Option<bool> {
    match s {
        None => Some(false),
        Some(s) => match s.value.as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => {
                let v = &s.value;
                let hint = said!(
                    "写 `{key}: true`（是）或 `{key}: false`（否）",
                    "write `{key}: true` or `{key}: false`"
                );
                let e = ValueError::new(
                    said!("`{v}` 不是 true 或 false", "`{v}` is not true or false"),
                    hint.clone(),
                )
                .public(hint);
                cx.bad(rule::CONFIG, key, s, e);
                None
            }
        },
    }
}

/// The top-level folders and files of a built site that are not bodies: a body (region
/// folder) may not take one of these names. `tests/it/build.rs` checks the list against
/// what a build writes.
pub const SITE_FOLDERS: &[&str] = &[
    "about", "assets", "bodies", "changes", "compare", "data", "search", "sitemap", "withheld",
];

pub(super) fn region(
    id: &str,
    r: &RegionSrc,
    region_ids: &[String],
    unit: MoneyUnit,
    diags: &mut Diagnostics,
    kept: &mut super::Years,
) -> Option<Region> {
    let folder = format!("content/{id}");
    if let Err(e) = value::validate_id(id) {
        diags.push(
            Diagnostic::error(rule::FOLDER_NAME, &folder, 0, 0)
                .msg(e.message.map(|lang, m| match lang {
                    crate::diag::Lang::Zh => format!("地区文件夹名：{m}"),
                    crate::diag::Lang::En => format!("region folder name: {m}"),
                }))
                .hint(e.hint),
        );
    }
    if SITE_FOLDERS.contains(&id) {
        let (list, list_en) = (SITE_FOLDERS.join("、"), SITE_FOLDERS.join(", "));
        diags.push(
            Diagnostic::error(rule::FOLDER_NAME, &folder, 0, 0)
                .msg(said!(
                    "地区文件夹名 `{id}` 与网站自己的栏目同名，两者会生成到同一个位置",
                    "region folder name `{id}` is the name of one of the site's own sections; both would be published at the same place"
                ))
                .hint(said!(
                    "换一个文件夹名，例如 `{id}-county`；这些名称留给网站使用：{list}",
                    "rename the folder, for example `{id}-county`; these names are the site's own: {list_en}"
                )),
        );
    }
    let Some((path, raw)) = &r.file else {
        if r.unreadable {
            // Its parse error is reported; "no region.yaml" would be a second, wrong one.
            return None;
        }
        diags.push(
            Diagnostic::error(rule::MISSING_REGION, &folder, 0, 0)
                .msg(said!(
                    "这个地区文件夹里没有 region.yaml",
                    "this region folder has no region.yaml"
                ))
                .hint(said!(
                    "新建 {folder}/region.yaml，写上本级的名称（name）、级别（level）和单位（units）",
                    "add {folder}/region.yaml with the body's name, level and units"
                )),
        );
        return None;
    };
    let mut cx = Ctx::new(path, unit, diags);
    let level = cx.vocab("level", &raw.level, RegionLevel::parse);
    let units = units(&mut cx, &raw.units);
    let name = cx.plain("name", &raw.name, &plain_hint());
    parent_is_another_region(&mut cx, id, raw, region_ids);
    code_is_a_division_code(&mut cx, raw);
    let rules = raw.rules.as_ref().map(|r| rules(&mut cx, r));
    let years = years(id, r, &units, region_ids, unit, diags, kept);
    Some(Region {
        id: id.to_string(),
        name,
        level: level?,
        code: raw.code.as_ref().map(|c| c.value.clone()),
        parent: raw.parent.as_ref().map(|p| p.value.clone()),
        units,
        rules,
        years,
    })
}

/// `parent` names another region folder.
fn parent_is_another_region(cx: &mut Ctx, id: &str, raw: &RawRegion, region_ids: &[String]) {
    if let Some(p) = &raw.parent
        && (p.value == id || !region_ids.contains(&p.value))
    {
        let v = &p.value;
        let (zh, en) = (region_ids.join("、"), region_ids.join(", "));
        let e = ValueError::new(
            said!(
                "没有另一个名为 `{v}` 的地区文件夹",
                "there is no other region folder `{v}`"
            ),
            said!(
                "`parent` 写 content/ 下另一个地区的文件夹名（{zh}）",
                "`parent` names another folder under content/ ({en})"
            ),
        );
        cx.bad(rule::UNKNOWN_REGION, "parent", p, e);
    }
}

/// `code` is a 行政区划代码 of 6, 9 or 12 digits.
fn code_is_a_division_code(cx: &mut Ctx, raw: &RawRegion) {
    if let Some(c) = &raw.code
        && (!(c.value.len() == 6 || c.value.len() == 9 || c.value.len() == 12)
            || !c.value.bytes().all(|b| b.is_ascii_digit()))
    {
        let v = &c.value;
        let e = ValueError::new(
            said!(
                "`{v}` 不是行政区划代码",
                "`{v}` is not an administrative division code"
            ),
            said!(
                "写 6 位的行政区划代码，加上引号，如 code: \"652823\"",
                "write the 6-digit 行政区划代码 in quotes, e.g. code: \"652823\""
            ),
        );
        cx.bad(rule::BAD_NUMBER, "code", c, e);
    }
}

/// The year folders of a region, each named by its year.
fn years(
    id: &str,
    r: &RegionSrc,
    units: &[Unit],
    region_ids: &[String],
    unit: MoneyUnit,
    diags: &mut Diagnostics,
    kept: &mut super::Years,
) -> Vec<Year> {
    let folder = format!("content/{id}");
    let mut years = Vec::new();
    for (y, ys) in &r.years {
        let Some(year) = year_number(y) else {
            diags.push(
                Diagnostic::error(rule::FOLDER_NAME, format!("{folder}/{y}"), 0, 0)
                    .msg(said!(
                        "`{y}` 不是年度文件夹",
                        "`{y}` is not a fiscal year folder"
                    ))
                    .hint(said!(
                        "年度文件夹用四位数字的年份命名，如 2023",
                        "name year folders by four digits, e.g. 2023"
                    )),
            );
            continue;
        };
        if let Some((kept_year, said)) = kept.take(id, year) {
            diags.items.extend(said);
            years.push(kept_year);
            continue;
        }
        let mut said = Diagnostics::default();
        years.push(year_of(id, year, ys, units, region_ids, unit, &mut said));
        kept.said(id, year, said.items.clone());
        diags.extend(said);
    }
    years
}

/// The rules of site.yaml or of a body's region.yaml, each checked only when set.
fn rules(cx: &mut Ctx, r: &crate::load::raw::RawRules) -> Rules {
    Rules {
        min_indicators: r
            .min_indicators
            .as_ref()
            .and_then(|s| cx.count("rules.min_indicators", s)),
        min_quantifiable_share: r
            .min_quantifiable_share
            .as_ref()
            .and_then(|s| cx.percent("rules.min_quantifiable_share", s)),
        min_department_evaluation_share: r
            .min_department_evaluation_share
            .as_ref()
            .and_then(|s| cx.percent("rules.min_department_evaluation_share", s)),
        eq_indicator: r
            .eq_indicator
            .as_ref()
            .and_then(|s| cx.vocab("rules.eq_indicator", s, EqScoring::parse)),
    }
}

pub(super) fn year_number(y: &str) -> Option<i32> {
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .then(|| y.parse().ok())
        .flatten()
        .filter(|n| (1949..=2199).contains(n))
}

fn units(cx: &mut Ctx, raws: &[RawUnit]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for (i, u) in raws.iter().enumerate() {
        if cx.id(&format!("units.{}.id", i + 1), &u.id).is_none() {
            continue;
        }
        if out.iter().any(|o| o.id == u.id.value) {
            let (l, c) = pos(&u.id);
            cx.at(
                rule::DUPLICATE_ID,
                l,
                c,
                {
                    let v = &u.id.value;
                    said!("单位编号 `{v}` 写了两次", "unit id `{v}` is listed twice")
                },
                said!("每个单位用自己的编号", "give each unit its own id"),
            );
            continue;
        }
        out.push(Unit {
            id: u.id.value.clone(),
            name: cx.plain(&format!("units.{}.name", i + 1), &u.name, &plain_hint()),
        });
    }
    out
}
