//! Raw records: the shapes of the content format (docs/format.md), as written, before any value is checked.
//!
//! Every struct denies unknown keys, and every leaf is a [`S`] (the text as written, with its
//! line and column), so validation can check values and point at them. Nothing is interpreted
//! here: money, enumerations and ids are still text. No I/O here.

use super::yaml::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A scalar as written, with its position.
pub type S = Spanned<String>;
/// An optional scalar.
pub type O = Option<S>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: S,
    pub base_url: S,
    pub language: O,
    pub money_unit: O,
    pub owner: S,
    pub footer: Option<RawFooter>,
    /// Extension: the record-level content is illustrative sample data (a banner says so).
    pub sample_data: O,
    /// Extension: a short description for the home page and search engines.
    pub description: O,
    /// Extension: fail the build when a total can only be published in part.
    pub require_full_totals: O,
    /// Extension: how wide a withheld value's feasible interval must stay, relative to it.
    pub protection_margin: O,
    /// Extension: the body's rules for its records.
    pub rules: Option<RawRules>,
    /// Extension: static files a person has checked, which the leak audit cannot read (PDF,
    /// images), as paths under `static/`.
    pub static_checked: Option<Vec<S>>,
    /// Extension: the 政府网站发展指引 parts of the site (标识, 找错 link).
    pub portal: Option<RawPortal>,
    /// Extension: the site's search settings.
    pub search: Option<RawSearch>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPortal {
    /// The 党政机关网站标识 image, a file of the site's `static/`.
    pub logo: O,
    /// Where the 标识 links to (its registration page).
    pub logo_link: O,
    /// The "我为政府网站找错" address.
    pub error_report: O,
}

/// Extension: site.yaml `search:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSearch {
    /// Groups of terms that find each other, added to the built-in synonyms.
    pub synonyms: Option<Vec<Spanned<Vec<S>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    pub min_indicators: O,
    pub min_quantifiable_share: O,
    pub min_department_evaluation_share: O,
    pub eq_indicator: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFooter {
    pub site_code: O,
    pub icp: O,
    pub police: O,
    pub contact: O,
    pub address: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub name: S,
    pub level: S,
    pub code: O,
    pub parent: O,
    #[serde(default)]
    pub units: Vec<RawUnit>,
    /// Extension: the body's own rules, each overriding site.yaml's `rules:` for this body.
    pub rules: Option<RawRules>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub id: S,
    pub name: S,
}

/// Front matter of an `_index.md` page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    pub title: O,
    pub description: O,
    /// A year page: the day the year's disclosure was published.
    pub published_on: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisclosure {
    pub status: O,
    pub reason: O,
    pub note: O,
    #[serde(default)]
    pub fields: Vec<S>,
    pub public_title: O,
    /// 不予公开: the author accepts that public records of the same project identify it.
    pub linked: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub code: O,
    pub name: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFunds {
    pub total: S,
    pub fiscal: O,
    pub other: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub level1: S,
    pub level2: S,
    pub name: S,
    pub op: S,
    pub target: S,
    pub unit: O,
    pub weight: O,
    /// Self-evaluations only.
    pub actual: O,
    pub score: O,
    pub deviation: O,
}

/// Keys every record may carry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    pub id: S,
    pub region: O,
    pub year: O,
    pub disclosure: Option<RawDisclosure>,
    pub scope: S,
    pub project: Option<RawProject>,
    pub unit: S,
    pub funds: RawFunds,
    pub objective: O,
    #[serde(default)]
    pub indicators: Vec<RawIndicator>,
    pub published_on: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExAnte {
    pub id: S,
    pub region: O,
    pub year: O,
    pub disclosure: Option<RawDisclosure>,
    pub project: RawProject,
    pub unit: S,
    pub requested: S,
    pub approved: S,
    pub conclusion: S,
    pub score: O,
    pub note: O,
    pub published_on: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonitoring {
    pub id: S,
    pub region: O,
    pub year: O,
    pub disclosure: Option<RawDisclosure>,
    pub node: S,
    pub scope: S,
    pub project: Option<RawProject>,
    pub unit: S,
    pub budget: S,
    pub executed: S,
    pub flag: O,
    pub deviation: O,
    pub measures: O,
    pub published_on: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    pub initial: O,
    pub adjusted: S,
    pub executed: S,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    pub planned: O,
    pub actual: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelfEvaluation {
    pub id: S,
    pub region: O,
    pub year: O,
    pub disclosure: Option<RawDisclosure>,
    pub scope: S,
    pub project: Option<RawProject>,
    pub unit: S,
    pub budget: RawBudget,
    pub objective: Option<RawObjective>,
    #[serde(default)]
    pub indicators: Vec<RawIndicator>,
    pub score: O,
    pub grade: O,
    pub published_on: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubject {
    pub project: Option<RawProject>,
    pub unit: O,
    pub region: O,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvaluation {
    pub id: S,
    pub region: O,
    pub year: O,
    pub disclosure: Option<RawDisclosure>,
    #[serde(rename = "type")]
    pub kind: S,
    pub title: S,
    pub subject: RawSubject,
    pub unit: O,
    pub evaluator: O,
    pub funds: S,
    pub score: O,
    pub grade: O,
    pub findings: O,
    pub rectified: O,
    pub published_on: O,
    /// In a `.yaml` evaluation, the report body may be given here.
    pub body: O,
}

/// A record of any kind, as parsed from its file.
#[derive(Debug)]
pub enum RawRecord {
    Goal(RawGoal),
    ExAnte(RawExAnte),
    Monitoring(RawMonitoring),
    SelfEvaluation(RawSelfEvaluation),
    Evaluation(Box<RawEvaluation>),
}

impl RawRecord {
    /// The record's `disclosure:`, if it sets one.
    pub fn disclosure(&self) -> Option<&RawDisclosure> {
        match self {
            RawRecord::Goal(r) => r.disclosure.as_ref(),
            RawRecord::ExAnte(r) => r.disclosure.as_ref(),
            RawRecord::Monitoring(r) => r.disclosure.as_ref(),
            RawRecord::SelfEvaluation(r) => r.disclosure.as_ref(),
            RawRecord::Evaluation(r) => r.disclosure.as_ref(),
        }
    }
}

/// summary.yaml: the figures a body states for a year (see README, "summary.yaml").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummary {
    pub note: O,
    /// The day the year's disclosure was published.
    pub published_on: O,
    pub ex_ante: Option<RawGroup>,
    pub goals: Option<RawGroup>,
    #[serde(default)]
    pub monitoring: BTreeMap<S, Spanned<RawGroup>>,
    pub self_evaluations: Option<RawGroup>,
    #[serde(default)]
    pub evaluations: BTreeMap<String, Spanned<RawGroup>>,
    /// Known discrepancies among the stated figures, each with the body's explanation.
    #[serde(default)]
    pub acknowledged: Vec<Spanned<RawAcknowledged>>,
}

/// One entry of `acknowledged:` in summary.yaml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAcknowledged {
    pub relation: S,
    pub figure: S,
    pub explanation: S,
}

/// One group of stated figures. Which keys a group may use depends on its section; validation
/// rejects a key that does not belong to the section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub note: O,
    pub coverage: O,
    pub types: Option<Vec<S>>,
    pub count: O,
    pub funds: O,
    pub requested: O,
    pub approved: O,
    pub cut: O,
    pub cut_rate: O,
    pub score: O,
    /// Extension: an ex-ante assessment's grade as stated ("优秀").
    pub grade: O,
    pub units: O,
    pub unit_funds: O,
    pub budget: O,
    pub executed: O,
    pub rate: O,
    pub yellow: O,
    pub red: O,
    pub first_yellow: O,
    pub unit_budget: O,
    pub unit_executed: O,
    pub unit_rate: O,
    pub suspended: O,
    pub withheld: O,
    pub findings: O,
    pub rectified: O,
    pub share: O,
    /// Extension: comparisons with last year, by figure key ("funds: 增长12.5%").
    #[serde(default)]
    pub vs_last_year: BTreeMap<String, S>,
    /// `true`: the `by_category` entries list every category of the group.
    pub by_category_complete: O,
    #[serde(default)]
    pub by_conclusion: BTreeMap<String, Spanned<RawGroup>>,
    #[serde(default)]
    pub by_grade: BTreeMap<String, Spanned<RawGroup>>,
    #[serde(default)]
    pub by_category: BTreeMap<String, Spanned<RawGroup>>,
}
