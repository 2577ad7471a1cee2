//! What a record's search document holds besides its title and prose: the facts its page shows
//! (flags, grades, conclusions, amounts, codes, scores), each amount also in 万元 without
//! separators; the key that groups the records of one project; and the synonym table. Only
//! values the page shows are read: a withheld cell is skipped. No I/O here.

use crate::disclose::{PublicRecord, PublicSite};
use crate::model::*;
use crate::view::i18n::I18n;
use crate::view::records;

/// The built-in synonyms: each group's terms find each other (a document holding one term is
/// indexed under the others too, [`expand_all`]). Common abbreviations of government bodies and the
/// names people use for programmes; a site adds its own under `search: { synonyms: … }`.
pub const BUILT_IN_SYNONYMS: &[&[&str]] = &[
    &[
        "卫健委",
        "卫生健康委员会",
        "卫生健康委",
        "卫健局",
        "卫生健康局",
    ],
    &[
        "发改委",
        "发展和改革委员会",
        "发展改革委",
        "发改局",
        "发展和改革局",
    ],
    &["教育局", "教育和科学技术局", "教科局"],
    &[
        "住建局",
        "住房和城乡建设局",
        "住建委",
        "住房和城乡建设委员会",
    ],
    &["人社局", "人力资源和社会保障局"],
    &["市场监管局", "市场监督管理局"],
    &["生态环境局", "环保局", "环境保护局"],
    &["交通局", "交通运输局"],
    &["文旅局", "文化和旅游局", "文化体育广电和旅游局"],
    &["医保局", "医疗保障局"],
    &["应急局", "应急管理局"],
    &["国资委", "国有资产监督管理委员会"],
    &["农业农村局", "农业局", "农业农村委员会"],
    &["退役军人局", "退役军人事务局"],
    &["公路", "道路"],
    &["营养餐", "营养改善计划", "营养改善"],
    &["供暖", "供热"],
    &["养老院", "敬老院", "养老机构"],
];

/// The synonym groups of a site: the built-in table, then site.yaml's groups; groups sharing a
/// term are merged (terms kept in first-seen order), so that the table is the same for the same
/// settings.
pub fn synonyms(site: &PublicSite) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = BUILT_IN_SYNONYMS
        .iter()
        .map(|g| g.iter().map(|t| t.to_string()).collect())
        .collect();
    for g in &site.config().search_synonyms {
        let into = groups
            .iter()
            .position(|have| g.iter().any(|t| have.contains(t)));
        match into {
            Some(n) => {
                for t in g {
                    if !groups[n].contains(t) {
                        groups[n].push(t.clone());
                    }
                }
            }
            None => groups.push(g.clone()),
        }
    }
    groups
}

/// Synonyms at index time: a document whose title (or other text) holds a term of a group is
/// also found, with the same weight, by the group's other terms, appended to that text. A query
/// then looks up its own words only, so a synonym costs nothing to the bytes a query loads.
pub fn expand_all(docs: &mut [crate::view::search::Doc], groups: &[Vec<String>]) {
    for d in docs {
        for text in [&mut d.strong, &mut d.weak] {
            let more = expansions(text, groups);
            if !more.is_empty() {
                text.push('\n');
                text.push_str(&more.join("\n"));
            }
        }
    }
}

/// The terms a text is also found by: the other terms of each group one of whose terms it holds.
fn expansions(text: &str, groups: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for g in groups {
        if g.iter().any(|t| text.contains(t.as_str())) {
            out.extend(g.iter().filter(|t| !text.contains(t.as_str())).cloned());
        }
    }
    out
}

/// What a record's page shows among its facts: `strong` the flag, grade and conclusion (with
/// their names in both languages, and a grade's word: 优 优秀), `weak` every shown fact's value
/// (not its label, which every record of the kind has) and each shown amount in 万元 without
/// separators.
#[derive(Default)]
pub struct Shown {
    pub strong: Vec<String>,
    pub weak: Vec<String>,
}

pub fn shown_facts(i: &I18n, r: &crate::disclose::PublicRegion, p: &PublicRecord) -> Shown {
    let mut out = Shown::default();
    let labels = [
        i.t("field_flag"),
        i.t("field_grade"),
        i.t("field_conclusion"),
    ];
    for m in records::facts(i, r, p).meta {
        if !m.cell.withheld.is_empty() || m.cell.text.is_empty() {
            continue;
        }
        out.weak.push(m.cell.text.clone());
        if labels.contains(&m.label) {
            out.strong.extend(words(&m.cell.text));
        }
    }
    out.weak.extend(amounts(p.record()).iter().map(|m| wan(m)));
    out
}

/// A shown flag, grade or conclusion in every name it goes by.
fn words(shown: &str) -> Vec<String> {
    let mut v = vec![shown.to_string()];
    if let Ok(f) = Flag::parse(shown) {
        v.extend([f.zh(), f.en()].map(String::from));
    } else if let Ok(g) = Grade::parse(shown) {
        let word = match g {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Fair => "中等",
            Grade::Poor => "较差",
        };
        v.extend([g.zh(), g.en(), word].map(String::from));
    } else if let Ok(c) = Conclusion::parse(shown) {
        v.extend([c.zh(), c.en()].map(String::from));
    }
    v
}

/// An amount in 万元 as the page rounds it, without separators: `1162.12万元`.
fn wan(m: &Money) -> String {
    format!(
        "{}万元",
        m.as_decimal_in(MoneyUnit::Wan).round(2).normalized()
    )
}

/// The shown amounts of a record.
fn amounts(rec: &Record) -> Vec<&Money> {
    let mut v: Vec<&Pub<Money>> = Vec::new();
    match &rec.data {
        RecordData::Goal(g) => {
            v.push(&g.total);
            v.extend(g.fiscal.iter().chain(g.other.iter()));
        }
        RecordData::ExAnte(e) => v.extend([&e.requested, &e.approved]),
        RecordData::Monitoring(m) => v.extend([&m.budget, &m.executed]),
        RecordData::SelfEvaluation(s) => {
            v.extend(s.initial.iter());
            v.extend([&s.adjusted, &s.executed]);
        }
        RecordData::Evaluation(e) => v.push(&e.funds),
    }
    v.into_iter()
        .filter_map(|m| match m {
            Pub::Shown(x) => Some(x),
            Pub::Withheld(_) => None,
        })
        .collect()
}
