//! Stated figures: what a body's summary.yaml says, typed, with where each figure was written.
//!
//! A [`Group`] is one set of figures (a section, a monitoring node, an evaluation type, a
//! category); each figure has a key from [`KEYS`] and a typed value. Figure paths such as
//! `ex_ante.cut_rate` or `monitoring.2023-05.rate` name them, for reconciliation and for
//! narratives. No I/O here.

use super::form::{Bounds, Form};
use super::{Coverage, Decimal, EvalType, Money, Percent, Text};

/// The sections of summary.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    ExAnte,
    Goals,
    Monitoring,
    SelfEvaluations,
    Evaluations,
}

impl Section {
    pub fn key(self) -> &'static str {
        match self {
            Section::ExAnte => "ex_ante",
            Section::Goals => "goals",
            Section::Monitoring => "monitoring",
            Section::SelfEvaluations => "self_evaluations",
            Section::Evaluations => "evaluations",
        }
    }
}

/// The type a figure key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureType {
    Count,
    Money,
    Percent,
    Score,
    /// An assessment's grade as the body states it (优秀, 良好…).
    Grade,
}

/// Every figure key, its type, and the sections that may state it.
pub const KEYS: &[(&str, FigureType, &[Section])] = {
    use FigureType::*;
    use Section::*;
    &[
        (
            "count",
            Count,
            &[ExAnte, Goals, Monitoring, SelfEvaluations, Evaluations],
        ),
        ("requested", Money, &[ExAnte]),
        ("approved", Money, &[ExAnte]),
        ("cut", Money, &[ExAnte]),
        ("cut_rate", Percent, &[ExAnte]),
        ("score", Score, &[ExAnte, Evaluations]),
        ("grade", Grade, &[ExAnte]),
        ("funds", Money, &[Goals, SelfEvaluations, Evaluations]),
        ("units", Count, &[Goals, Monitoring, SelfEvaluations]),
        ("unit_funds", Money, &[Goals]),
        ("budget", Money, &[Monitoring]),
        ("executed", Money, &[Monitoring]),
        ("rate", Percent, &[Monitoring]),
        ("yellow", Count, &[Monitoring]),
        ("red", Count, &[Monitoring]),
        ("first_yellow", Count, &[Monitoring]),
        ("unit_budget", Money, &[Monitoring]),
        ("unit_executed", Money, &[Monitoring]),
        ("unit_rate", Percent, &[Monitoring]),
        ("suspended", Count, &[SelfEvaluations]),
        ("withheld", Count, &[Evaluations]),
        ("findings", Count, &[Evaluations]),
        ("rectified", Count, &[Evaluations]),
    ]
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Count(u64),
    Money(Money),
    Percent(Percent),
    Score(Decimal),
    /// A stated grade, in the 优/良/中/差 scale.
    Grade(super::Grade),
}

/// One stated figure and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub key: &'static str,
    /// The number (for a range, its lower end).
    pub value: Value,
    /// How it was written: exactly, approximately, as a bound or a range.
    pub form: Form,
    /// The figure as the body wrote it (`"0.14亿元"`, `"47.20%"`), quoted as such in messages.
    pub text: String,
    pub line: usize,
    pub col: usize,
}

impl Stated {
    /// The value where it was written exactly; an approximate figure, a bound or a range has
    /// no single value to add, plot or compare as one.
    pub fn exact(&self) -> Option<&Value> {
        (self.form == Form::Exact).then_some(&self.value)
    }

    /// The interval the figure gives its true value, in its natural unit (see [`Bounds`]).
    pub fn bounds(&self) -> Bounds {
        super::form::bounds(&self.value, &self.form)
    }
}

/// A breakdown: by_conclusion, by_grade or by_category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Conclusion,
    Grade,
    Category,
}

impl By {
    pub fn key(self) -> &'static str {
        match self {
            By::Conclusion => "by_conclusion",
            By::Grade => "by_grade",
            By::Category => "by_category",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub by: By,
    pub label: String,
    pub group: Group,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub label: String,
    pub line: usize,
    pub col: usize,
    pub note: Option<Text>,
    pub coverage: Coverage,
    /// Evaluations: the types this group covers.
    pub types: Vec<EvalType>,
    pub figures: Vec<Stated>,
    /// Comparisons with last year (`vs_last_year:`), by the key of the figure compared.
    pub changes: Vec<Change>,
    pub children: Vec<Child>,
    /// `by_category_complete: true`: the `by_category` entries list every category of the
    /// group, so their figures add up to the group's.
    pub categories_complete: bool,
    /// Where `by_category_complete` is written: a total made of the categories is reported
    /// there.
    pub categories_complete_at: (usize, usize),
}

impl Group {
    pub fn get(&self, key: &str) -> Option<&Stated> {
        self.figures.iter().find(|f| f.key == key)
    }

    pub fn child(&self, by: By, label: &str) -> Option<&Group> {
        self.children
            .iter()
            .find(|c| c.by == by && c.label == label)
            .map(|c| &c.group)
    }
}

/// What a comparison says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    /// A change in percent of last year's figure (signed): "增长12.5%" is +12.5.
    Percent(Bounds),
    /// A change in the figure's own unit (signed): "减少3个" is −3, "增加1.2亿元" +1.2亿元 in 分.
    Amount(Bounds),
}

/// One comparison with last year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The key of the figure compared (`funds`, `count`…).
    pub key: &'static str,
    /// As the body wrote it.
    pub written: String,
    pub delta: Delta,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub path: String,
    pub note: Option<Text>,
    /// The day the year's disclosure was published, when the body gives it.
    pub published_on: Option<chrono::NaiveDate>,
    pub ex_ante: Option<Group>,
    pub goals: Option<Group>,
    /// By node, in order.
    pub monitoring: Vec<(super::Month, Group)>,
    pub self_evaluations: Option<Group>,
    pub evaluations: Vec<Group>,
    /// Known discrepancies among the stated figures, with the body's explanation.
    pub acknowledged: Vec<Acknowledged>,
}

/// Every relation among stated figures (checked in `figures::relations`): the id an
/// acknowledgement names, and what it says.
pub const RELATIONS: &[(&str, &str)] = &[
    (
        "rate",
        "比率等于部分除以整体（核减率、执行率、部门整体执行率）",
    ),
    ("cut", "核减资金等于申报资金减审核资金"),
    ("vs_last_year", "与上年的比较与两年公布的数字相符"),
    ("within", "部分不超过整体"),
    ("sum", "分项合计等于总数"),
    ("share", "等级占比等于该等级数除以总数"),
    (
        "last_node_count",
        "年度最后一次监控覆盖全部设定绩效目标的项目",
    ),
    (
        "last_node_budget",
        "年度最后一次监控的资金与绩效目标资金一致",
    ),
    ("node_within_goals", "监控项目数不超过设定绩效目标的项目数"),
    (
        "red_after_yellow",
        "红标项目数不超过上一监控时点的黄标项目数",
    ),
    (
        "units_within_goals",
        "部门整体监控、自评的单位数不超过编制整体目标的单位数",
    ),
    (
        "evaluation_within_self",
        "部门评价的项目数和资金不超过项目自评",
    ),
    (
        "evaluation_share",
        "部门评价资金占自评资金的比例不低于本站规则",
    ),
];

/// `acknowledged:` in summary.yaml: a discrepancy the body knows of and explains. It names
/// the relation and the figure it is about, so a different discrepancy still warns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledged {
    /// A relation id of [`RELATIONS`].
    pub relation: String,
    /// The figure path the relation is about, e.g. `monitoring.2020-09.count`.
    pub figure: String,
    /// The body's explanation, published as the body's.
    pub explanation: String,
    pub line: usize,
    pub col: usize,
}

impl Summary {
    /// A stated figure of a single-group section by path: `ex_ante.count`, `goals.funds`,
    /// `self_evaluations.count`.
    pub fn figure(&self, path: &str) -> Option<&Stated> {
        let (section, key) = path.split_once('.')?;
        let g = match section {
            "ex_ante" => self.ex_ante.as_ref(),
            "goals" => self.goals.as_ref(),
            "self_evaluations" => self.self_evaluations.as_ref(),
            _ => None,
        }?;
        g.get(key)
    }

    /// Every (section, path prefix, group) at the top of each section, in order.
    pub fn sections(&self) -> Vec<(Section, String, &Group)> {
        let mut out = Vec::new();
        if let Some(g) = &self.ex_ante {
            out.push((Section::ExAnte, "ex_ante".to_string(), g));
        }
        if let Some(g) = &self.goals {
            out.push((Section::Goals, "goals".to_string(), g));
        }
        for (m, g) in &self.monitoring {
            out.push((Section::Monitoring, format!("monitoring.{m}"), g));
        }
        if let Some(g) = &self.self_evaluations {
            out.push((Section::SelfEvaluations, "self_evaluations".to_string(), g));
        }
        for g in &self.evaluations {
            out.push((Section::Evaluations, format!("evaluations.{}", g.label), g));
        }
        out
    }
}
