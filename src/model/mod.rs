//! The domain: typed records, regions, years and the site, as validation produces them.
//!
//! Every leaf that a 部分公开 disclosure can withhold is a [`Pub`]: either the value or, once
//! `disclose` has run, only the reason it was withheld. Text that may carry redaction markers is
//! a [`Text`], which holds public segments only; the withheld passages live apart, in
//! [`Year::passages`], and never reach the public model. No I/O here.

pub mod form;
pub mod markers;
pub mod nearmiss;
pub mod summary;
pub mod text;
pub mod value;
pub mod vocab;
pub mod words;

pub use value::{Decimal, Money, MoneyUnit, Month, Percent};
pub use vocab::*;

use chrono::NaiveDate;
use std::collections::BTreeMap;
use text::Segment;

/// A value that may be withheld. `Withheld` carries the reason and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pub<T> {
    Shown(T),
    Withheld(Reason),
}

impl<T> Pub<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Pub::Shown(v) => Some(v),
            Pub::Withheld(_) => None,
        }
    }

    pub fn is_withheld(&self) -> bool {
        matches!(self, Pub::Withheld(_))
    }
}

/// Text whose withheld passages are already replaced by markers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub segments: Vec<Segment>,
}

impl Text {
    pub fn plain(s: &str) -> Text {
        Text {
            segments: vec![Segment::Text(s.to_string())],
        }
    }

    /// Number of withheld passages.
    pub fn withheld_count(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Withheld { .. }))
            .count()
    }

    /// The public text with fixed markers in place of withheld passages.
    pub fn public_plain(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Withheld { reason, .. } => {
                    out.push('〔');
                    out.push_str("不予公开：");
                    out.push_str(reason);
                    out.push('〕');
                }
            }
        }
        out
    }
}

/// Where a record was written: for diagnostics only, never published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub path: String,
    /// The line of the record's `id`.
    pub line: usize,
    /// Line and column of the record's `score` and `grade`, where written: figures that
    /// disagree with them are reported there.
    pub score_at: Option<(usize, usize)>,
    pub grade_at: Option<(usize, usize)>,
}

impl SourceRef {
    /// Where the `score` is written, or else the record's first line.
    pub fn score(&self) -> (usize, usize) {
        self.score_at.unwrap_or((self.line, 1))
    }

    /// Where the `grade` is written, or else the record's first line.
    pub fn grade(&self) -> (usize, usize) {
        self.grade_at.unwrap_or((self.line, 1))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    pub status: DisclosureStatus,
    pub reason: Option<Reason>,
    pub note: Option<Text>,
    /// 部分公开: field paths, as written (`indicators.3.actual`), with their position.
    pub fields: Vec<(String, usize, usize)>,
    pub public_title: Option<String>,
    /// 不予公开: the author states that the record may be known to belong to its project
    /// (`linked: true`); the withheld register then names the project.
    pub linked: bool,
}

impl Default for Disclosure {
    fn default() -> Self {
        Disclosure {
            status: DisclosureStatus::Public,
            reason: None,
            note: None,
            fields: Vec::new(),
            public_title: None,
            linked: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub code: Option<Pub<String>>,
    pub name: Pub<Text>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Indicator {
    pub level1: Level1,
    pub level2: Level2,
    pub name: Pub<Text>,
    pub op: Op,
    /// As written ("86", "有效改善"); its number is [`Indicator::target_num`].
    pub target: Pub<String>,
    pub unit: Option<String>,
    pub weight: Option<Pub<Decimal>>,
    pub actual: Option<Pub<String>>,
    pub score: Option<Pub<Decimal>>,
    pub deviation: Option<Pub<Text>>,
}

/// Reads as the derived form did when the numbers were stored fields: manifest FORMAT 1 hashed
/// this text (`publish::manifest_v1`), and its hashes must still come out the same.
impl std::fmt::Debug for Indicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indicator")
            .field("level1", &self.level1)
            .field("level2", &self.level2)
            .field("name", &self.name)
            .field("op", &self.op)
            .field("target", &self.target)
            .field("target_num", &self.target_num())
            .field("unit", &self.unit)
            .field("weight", &self.weight)
            .field("actual", &self.actual)
            .field("actual_num", &self.actual_num())
            .field("score", &self.score)
            .field("deviation", &self.deviation)
            .finish()
    }
}

impl Indicator {
    /// The target as a number, where it is one and is shown: read from the text, so a
    /// withheld target has no number either.
    pub fn target_num(&self) -> Option<Decimal> {
        crate::model::words::figure_number(self.target.shown()?)
    }

    /// The actual value as a number, where it is one and is shown.
    pub fn actual_num(&self) -> Option<Decimal> {
        crate::model::words::figure_number(self.actual.as_ref()?.shown()?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub scope: Scope,
    pub project: Option<Project>,
    pub unit: String,
    pub total: Pub<Money>,
    pub fiscal: Option<Pub<Money>>,
    pub other: Option<Pub<Money>>,
    pub objective: Option<Pub<Text>>,
    pub indicators: Vec<Indicator>,
    /// The day the record was published, when the author gives it; never guessed.
    pub published_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExAnte {
    pub project: Project,
    pub unit: String,
    pub requested: Pub<Money>,
    pub approved: Pub<Money>,
    pub conclusion: Pub<Conclusion>,
    pub score: Option<Pub<Decimal>>,
    pub note: Option<Pub<Text>>,
    pub published_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    pub node: Month,
    pub scope: Scope,
    pub project: Option<Project>,
    pub unit: String,
    pub budget: Pub<Money>,
    pub executed: Pub<Money>,
    pub flag: Option<Pub<Flag>>,
    pub deviation: Option<Pub<Text>>,
    pub measures: Option<Pub<Text>>,
    pub published_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfEvaluation {
    pub scope: Scope,
    pub project: Option<Project>,
    pub unit: String,
    pub initial: Option<Pub<Money>>,
    pub adjusted: Pub<Money>,
    pub executed: Pub<Money>,
    pub planned: Option<Pub<Text>>,
    pub achieved: Option<Pub<Text>>,
    pub indicators: Vec<Indicator>,
    pub score: Option<Pub<Decimal>>,
    pub grade: Option<Pub<Grade>>,
    pub published_on: Option<NaiveDate>,
    /// How its `=` indicators are scored: the body's `rules.eq_indicator` (region.yaml, else
    /// site.yaml), set once both are read.
    pub eq_scoring: EqScoring,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Project(Project),
    Unit(String),
    Region(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub eval_type: EvalType,
    pub title: Pub<Text>,
    pub subject: Subject,
    pub unit: Option<String>,
    pub evaluator: Option<Pub<Text>>,
    pub funds: Pub<Money>,
    pub score: Option<Pub<Decimal>>,
    pub grade: Option<Pub<Grade>>,
    pub findings: Option<Pub<u64>>,
    pub rectified: Option<Pub<u64>>,
    pub published_on: Option<NaiveDate>,
    pub body: Option<Pub<Text>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    Goal(Goal),
    ExAnte(ExAnte),
    Monitoring(Monitoring),
    SelfEvaluation(SelfEvaluation),
    Evaluation(Box<Evaluation>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub kind: Kind,
    pub id: String,
    pub source: SourceRef,
    pub disclosure: Disclosure,
    pub data: RecordData,
}

impl RecordData {
    /// The record's `published_on`, when its author gives one.
    pub fn published_on(&self) -> Option<NaiveDate> {
        match self {
            RecordData::Goal(g) => g.published_on,
            RecordData::ExAnte(e) => e.published_on,
            RecordData::Monitoring(m) => m.published_on,
            RecordData::SelfEvaluation(s) => s.published_on,
            RecordData::Evaluation(e) => e.published_on,
        }
    }
}

impl Record {
    /// The project a record is about, where it names one.
    pub fn project(&self) -> Option<&Project> {
        match &self.data {
            RecordData::Goal(g) => g.project.as_ref(),
            RecordData::ExAnte(e) => Some(&e.project),
            RecordData::Monitoring(m) => m.project.as_ref(),
            RecordData::SelfEvaluation(s) => s.project.as_ref(),
            RecordData::Evaluation(e) => match &e.subject {
                Subject::Project(p) => Some(p),
                _ => None,
            },
        }
    }

    /// The record's title as people know it: project name, unit name or report title.
    pub fn title_text(&self, unit_name: impl Fn(&str) -> String) -> Pub<Text> {
        let project_or_unit = |p: &Option<Project>, unit: &str| match p {
            Some(p) => p.name.clone(),
            None => Pub::Shown(Text::plain(&unit_name(unit))),
        };
        match &self.data {
            RecordData::Goal(g) => project_or_unit(&g.project, &g.unit),
            RecordData::ExAnte(e) => e.project.name.clone(),
            RecordData::Monitoring(m) => project_or_unit(&m.project, &m.unit),
            RecordData::SelfEvaluation(s) => project_or_unit(&s.project, &s.unit),
            RecordData::Evaluation(e) => e.title.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub name: String,
}

/// A Markdown page: the home introduction or a year's narrative.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub path: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// A year page's `published_on`: the day the year's disclosure was published.
    pub published_on: Option<NaiveDate>,
    pub body: Text,
    pub body_line: usize,
    /// The file's line each segment of `body` starts on (withheld passages take lines the
    /// public text does not show); empty when not known.
    pub segment_lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    pub page: Option<Page>,
    pub summary: Option<summary::Summary>,
    pub records: Vec<Record>,
    /// Withheld passages of each record's text fields (inline markers), by kind and id: for
    /// the audit only. Kept outside the records, so that no published record can hold them.
    pub passages: BTreeMap<(Kind, String), Vec<String>>,
}

impl Year {
    /// The withheld passages of `r`'s text fields.
    pub fn passages_of(&self, r: &Record) -> &[String] {
        self.passages
            .get(&(r.kind, r.id.clone()))
            .map_or(&[], Vec::as_slice)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub level: RegionLevel,
    pub code: Option<String>,
    pub parent: Option<String>,
    pub units: Vec<Unit>,
    /// The body's own rules (region.yaml `rules:`), each overriding the site's.
    pub rules: Option<Rules>,
    pub years: Vec<Year>,
}

impl Region {
    pub fn unit_name(&self, id: &str) -> String {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footer {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police: Option<String>,
    pub contact: Option<String>,
    pub address: Option<String>,
}

/// The 政府网站发展指引 parts a site.yaml gives (`portal:`): each absent when not given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Portal {
    /// The 党政机关网站标识 image: a path under `static/`, as published.
    pub logo: Option<String>,
    /// Where the 标识 links to (http or https).
    pub logo_link: Option<String>,
    /// The "我为政府网站找错" address (http or https).
    pub error_report: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh-CN",
            Language::En => "en",
        }
    }
}

/// site.yaml, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub language: Language,
    pub money_unit: MoneyUnit,
    pub owner: String,
    pub footer: Footer,
    pub portal: Portal,
    pub sample_data: bool,
    pub description: Option<String>,
    /// Fail the build rather than publish only the public part of a total.
    pub require_full_totals: bool,
    /// How wide the interval a reader can narrow a withheld value to must stay, as a share of
    /// the value (site.yaml `protection_margin`, default 10%; never zero).
    pub protection_margin: Percent,
    pub rules: Rules,
    /// Static files (paths under `static/`, with `/`) that a person has checked for withheld
    /// content because the leak audit cannot read them (PDF, images).
    pub static_checked: Vec<String>,
    /// The site's own search synonyms (site.yaml `search: { synonyms: … }`), each group two or
    /// more terms that find each other; added to the built-in table (`view::search`).
    pub search_synonyms: Vec<Vec<String>>,
}

/// Rules a body sets for its records (site.yaml `rules:`); each is checked only when set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    /// Fewest 三级指标 a goal may have.
    pub min_indicators: Option<u64>,
    /// Least share of a goal's indicators that must be quantifiable (not 定性).
    pub min_quantifiable_share: Option<Percent>,
    /// Least share of the year's project funds that 部门评价 must cover.
    pub min_department_evaluation_share: Option<Percent>,
    /// How a self-evaluation's `=` indicator is scored (`rules.eq_indicator`); unset is
    /// [`EqScoring::Proportional`].
    pub eq_indicator: Option<EqScoring>,
}

/// How an `=` indicator of a self-evaluation earns its weight. 财预〔2020〕10号 gives formulas
/// for 正向 (≥) and 反向 (≤) indicators only; a missed `=` indicator earns credit in proportion
/// to how close it came by default, and a body whose own rule scores it all or nothing says so
/// in `rules:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EqScoring {
    /// (1 − |actual − target| / target) × weight, never below 0: 98 of 100 earns 98%.
    #[default]
    Proportional,
    /// The whole weight when actual equals target, else 0.
    AllOrNothing,
}

impl EqScoring {
    /// `proportional` / `按比例`, `all_or_nothing` / `全有或全无`.
    pub fn parse(s: &str) -> Result<EqScoring, value::ValueError> {
        match s.trim() {
            "proportional" | "按比例" => Ok(EqScoring::Proportional),
            "all_or_nothing" | "全有或全无" => Ok(EqScoring::AllOrNothing),
            other => {
                let hint = crate::said!(
                    "写 `proportional`（按比例，默认：按偏离目标值的比例扣分）或 `all_or_nothing`（全有或全无：等于目标值得满分，否则 0 分）",
                    "write `proportional` (the default: credit in proportion to how close the actual value came) or `all_or_nothing` (the whole weight when the actual value equals the target, else 0)"
                );
                Err(value::ValueError::new(
                    crate::said!(
                        "`=` 指标的计分规则 `{other}` 无法识别",
                        "`{other}` is not a scoring rule for `=` indicators"
                    ),
                    hint.clone(),
                )
                .public(hint))
            }
        }
    }
}

impl Rules {
    /// These rules where set, `base`'s elsewhere: a body's rules over the site's.
    pub fn over(&self, base: &Rules) -> Rules {
        Rules {
            min_indicators: self.min_indicators.or(base.min_indicators),
            min_quantifiable_share: self.min_quantifiable_share.or(base.min_quantifiable_share),
            min_department_evaluation_share: self
                .min_department_evaluation_share
                .or(base.min_department_evaluation_share),
            eq_indicator: self.eq_indicator.or(base.eq_indicator),
        }
    }
}

/// The whole site, validated; still holding withheld values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub config: Config,
    pub home: Option<Page>,
    pub regions: Vec<Region>,
}
