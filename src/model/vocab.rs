//! The closed vocabularies of gongkai records (disclosure status, indicator
//! levels, grades, record kinds, …). Each enumeration is declared once through
//! a macro and parses its Chinese name or an English alias (ASCII compared
//! case-insensitively, `_`, `-` and spaces alike), with a "did you mean …?"
//! hint for near misses. No I/O here.

use super::value::{Decimal, ValueError, normalize};
use crate::said;
use std::fmt;

/// Case-folds ASCII and treats `_`, `-` and space as one separator.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_ascii_lowercase() {
            '_' | ' ' => '-',
            c => c,
        })
        .collect()
}

/// Finds the value one of whose `names` matches `s`, or explains the miss. `what`: the
/// enumeration's name in Chinese and in English.
fn lookup<T: Copy>(
    s: &str,
    what: [&str; 2],
    all: &[T],
    names: fn(T) -> &'static [&'static str],
) -> Result<T, ValueError> {
    let key = fold(&normalize(s));
    if let Some(&v) = all
        .iter()
        .find(|&&v| names(v).iter().any(|n| fold(n) == key))
    {
        return Ok(v);
    }
    let [what_zh, what_en] = what;
    let label_en = |v: T| match names(v) {
        [zh, en, ..] => format!("{zh} ({en})"),
        other => other.join(""),
    };
    let label_zh = |v: T| format!("`{}`", names(v)[0]);
    let accepted_en: Vec<String> = all.iter().map(|&v| label_en(v)).collect();
    let accepted_en = accepted_en.join(", ");
    let accepted_zh: Vec<String> = all.iter().map(|&v| label_zh(v)).collect();
    let accepted_zh = accepted_zh.join("、");
    let one_of = said!("写其中一个：{accepted_zh}", "write one of: {accepted_en}");
    if key.is_empty() {
        return Err(ValueError::new(
            said!("{what_zh}是空的", "the {what_en} is empty"),
            one_of.clone(),
        )
        .public(one_of));
    }
    // Closest name by edit distance relative to length; kept only if at most half wrong.
    let len = |s: &str| s.chars().count();
    let mut best: Option<(T, usize, usize)> = None;
    for &v in all.iter().filter(|_| len(&key) <= 40) {
        for n in names(v) {
            let n = fold(n);
            let (d, m) = (
                strsim::damerau_levenshtein(&key, &n),
                len(&key).max(len(&n)),
            );
            if d * 2 <= m && best.is_none_or(|(_, bd, bm)| d * bm < bd * m) {
                best = Some((v, d, m));
            }
        }
    }
    let hint = match best {
        Some((v, _, _)) => {
            let (zh, en) = (label_zh(v), label_en(v));
            said!(
                "是不是要写 {zh}？可写的值：{accepted_zh}",
                "did you mean {en}? Accepted values: {accepted_en}"
            )
        }
        None => one_of.clone(),
    };
    let written = s.trim();
    Err(ValueError::new(
        said!(
            "\"{written}\" 不是可用的{what_zh}",
            "\"{written}\" is not a known {what_en}"
        ),
        hint,
    )
    .public(one_of))
}

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident, $what_zh:literal, $what:literal { $($var:ident = $zh:literal, $en:literal $(| $alias:literal)*;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($var,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$var,)+];

            /// The Chinese name, as shown on the site.
            pub fn zh(self) -> &'static str {
                match self {
                    $(Self::$var => $zh,)+
                }
            }

            /// The English name.
            pub fn en(self) -> &'static str {
                match self {
                    $(Self::$var => $en,)+
                }
            }

            /// Every accepted spelling: Chinese name, English name, then aliases.
            pub fn names(self) -> &'static [&'static str] {
                match self {
                    $(Self::$var => &[$zh, $en $(, $alias)*],)+
                }
            }

            /// Parses the Chinese name or an English alias.
            pub fn parse(s: &str) -> Result<Self, ValueError> {
                lookup(s, [$what_zh, $what], Self::ALL, Self::names)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.zh())
            }
        }
    };
}

vocab!(
    /// Whether a record is published.
    DisclosureStatus, "公开状态", "disclosure status" {
        Public = "公开", "public";
        Partial = "部分公开", "partial";
        Withheld = "不予公开", "withheld";
        Excluded = "不列示", "excluded";
    }
);

vocab!(
    /// Why something is not published.
    Reason, "不予公开理由", "reason for withholding" {
        StateSecret = "国家秘密", "state-secret";
        WorkSecret = "工作秘密", "work-secret";
        Sensitive = "敏感信息", "sensitive";
        Personal = "个人信息", "personal";
        Commercial = "商业秘密", "commercial";
        Other = "其他", "other";
    }
);

vocab!(
    /// Administrative level of a region.
    RegionLevel, "行政级别", "region level" {
        Province = "省", "province";
        AutonomousRegion = "自治区", "autonomous-region";
        City = "市", "city";
        AutonomousPrefecture = "自治州", "autonomous-prefecture";
        Prefecture = "地区", "prefecture";
        County = "县", "county";
        CountyLevelCity = "县级市", "county-level-city";
        District = "区", "district";
        DevelopmentZone = "经济开发区", "development-zone";
        Other = "其他", "other";
    }
);

vocab!(
    /// What a record is about: one project or a unit as a whole.
    Scope, "范围", "scope" {
        Project = "项目", "project";
        Unit = "部门整体", "unit";
    }
);

vocab!(
    /// First-level performance indicator.
    Level1, "一级指标", "first-level indicator" {
        Output = "产出指标", "output";
        Benefit = "效益指标", "benefit";
        Satisfaction = "满意度指标", "satisfaction";
        Cost = "成本指标", "cost";
    }
);

vocab!(
    /// Second-level performance indicator; the Chinese name may carry the suffix 指标.
    Level2, "二级指标", "second-level indicator" {
        Quantity = "数量", "quantity" | "数量指标";
        Quality = "质量", "quality" | "质量指标";
        Timeliness = "时效", "timeliness" | "时效指标";
        Cost = "成本", "cost" | "成本指标";
        EconomicBenefit = "经济效益", "economic-benefit" | "经济效益指标";
        SocialBenefit = "社会效益", "social-benefit" | "社会效益指标";
        EcologicalBenefit = "生态效益", "ecological-benefit" | "生态效益指标";
        Sustainability = "可持续影响", "sustainability" | "可持续影响指标";
        Satisfaction = "服务对象满意度", "satisfaction" | "服务对象满意度指标";
        EconomicCost = "经济成本", "economic-cost" | "经济成本指标";
        SocialCost = "社会成本", "social-cost" | "社会成本指标";
        EnvironmentalCost = "生态环境成本", "environmental-cost" | "生态环境成本指标";
    }
);

vocab!(
    /// Comparison between an indicator's target and its actual value.
    Op, "比较方式", "comparison" {
        Ge = "≥", "ge" | ">=" | "≧";
        Le = "≤", "le" | "<=" | "≦";
        Eq = "=", "eq" | "==";
        Gt = ">", "gt";
        Lt = "<", "lt";
        Qualitative = "定性", "qualitative";
    }
);

vocab!(
    /// What evidence says about a claim.
    Conclusion, "结论", "conclusion" {
        Support = "支持", "support";
        PartialSupport = "部分支持", "partial-support";
        Reject = "不支持", "reject";
    }
);

vocab!(
    /// Monitoring warning flag.
    Flag, "预警标识", "flag" {
        Normal = "正常", "normal";
        Yellow = "黄标", "yellow";
        Red = "红标", "red";
    }
);

vocab!(
    /// Evaluation grade (score out of 100).
    Grade, "等级", "grade" {
        Excellent = "优", "excellent";
        Good = "良", "good";
        Fair = "中", "fair";
        Poor = "差", "poor";
    }
);

impl Grade {
    /// 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60.
    pub fn from_score(score: Decimal) -> Grade {
        if score >= Decimal::from_int(90) {
            Grade::Excellent
        } else if score >= Decimal::from_int(80) {
            Grade::Good
        } else if score >= Decimal::from_int(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
}

vocab!(
    /// Type of performance evaluation.
    EvalType, "评价类型", "evaluation type" {
        Department = "部门评价", "department";
        KeyFiscal = "财政重点评价", "key-fiscal";
        UnitOverall = "部门整体评价", "unit-overall";
        Policy = "财政政策评价", "policy";
        ProcuredServices = "政府购买服务评价", "procured-services";
        SpecialBonds = "专项债券评价", "special-bonds";
        SubordinateGovernment = "下级政府财政运行评价", "subordinate-government";
    }
);

vocab!(
    /// Record kind; `en()` is a human English plural, `key()` the snake_case name, `folder()` its folder.
    Kind, "记录类型", "record kind" {
        Goal = "绩效目标", "goals" | "goal";
        ExAnte = "事前绩效评估", "ex-ante assessments" | "ex_ante";
        Monitoring = "绩效监控", "monitoring reports" | "monitoring";
        SelfEvaluation = "绩效自评", "self-evaluations" | "self_evaluation";
        Evaluation = "绩效评价", "evaluations" | "evaluation";
    }
);

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Goal => "goal",
            Kind::ExAnte => "ex_ante",
            Kind::Monitoring => "monitoring",
            Kind::SelfEvaluation => "self_evaluation",
            Kind::Evaluation => "evaluation",
        }
    }

    pub fn folder(self) -> &'static str {
        match self {
            Kind::Goal => "goals",
            Kind::ExAnte => "ex-ante",
            Kind::Monitoring => "monitoring",
            Kind::SelfEvaluation => "self-evaluations",
            Kind::Evaluation => "evaluations",
        }
    }

    /// The kind stored in a folder, matched exactly.
    pub fn from_folder(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.folder() == s)
    }
}

vocab!(
    /// Whether a list covers everything or only part.
    Coverage, "覆盖范围", "coverage" {
        Complete = "全部", "complete";
        Partial = "部分", "partial";
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Debug;

    /// Every name of every value parses back to it, in any ASCII case and padded; names are unique.
    fn check<T: Copy + Debug + Ord>(
        all: &[T],
        names: fn(T) -> &'static [&'static str],
        parse: fn(&str) -> Result<T, ValueError>,
    ) {
        assert!(
            all.windows(2).all(|w| w[0] < w[1]),
            "declaration order: {all:?}"
        );
        for &v in all {
            for n in names(v) {
                for s in [
                    n.to_string(),
                    n.to_ascii_uppercase(),
                    format!(" {n}\u{3000}"),
                    n.replace('-', "_"),
                ] {
                    assert_eq!(parse(&s), Ok(v), "{s:?}");
                }
            }
        }
        let mut seen: Vec<String> = all
            .iter()
            .flat_map(|&v| names(v).iter().map(|n| fold(n)))
            .collect();
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n, "a name is shared: {all:?}");
    }

    #[test]
    fn every_alias_parses() {
        check(
            DisclosureStatus::ALL,
            DisclosureStatus::names,
            DisclosureStatus::parse,
        );
        check(Reason::ALL, Reason::names, Reason::parse);
        check(RegionLevel::ALL, RegionLevel::names, RegionLevel::parse);
        check(Scope::ALL, Scope::names, Scope::parse);
        check(Level1::ALL, Level1::names, Level1::parse);
        check(Level2::ALL, Level2::names, Level2::parse);
        check(Op::ALL, Op::names, Op::parse);
        check(Conclusion::ALL, Conclusion::names, Conclusion::parse);
        check(Flag::ALL, Flag::names, Flag::parse);
        check(Grade::ALL, Grade::names, Grade::parse);
        check(EvalType::ALL, EvalType::names, EvalType::parse);
        check(Kind::ALL, Kind::names, Kind::parse);
        check(Coverage::ALL, Coverage::names, Coverage::parse);
    }

    #[test]
    fn names_as_specified() {
        assert_eq!(
            DisclosureStatus::parse("部分公开"),
            Ok(DisclosureStatus::Partial)
        );
        assert_eq!(DisclosureStatus::Withheld.en(), "withheld");
        assert!(DisclosureStatus::parse("published").is_err());
        assert_eq!(Reason::parse("State_Secret"), Ok(Reason::StateSecret));
        assert_eq!(
            RegionLevel::parse("county level city"),
            Ok(RegionLevel::CountyLevelCity)
        );
        assert_eq!(
            (Scope::parse("project"), Scope::Unit.zh()),
            (Ok(Scope::Project), "部门整体")
        );
        assert_eq!(Level1::parse("OUTPUT"), Ok(Level1::Output));
        assert_eq!(Level2::parse("数量指标"), Ok(Level2::Quantity));
        assert_eq!(
            Level2::parse("服务对象满意度指标"),
            Ok(Level2::Satisfaction)
        );
        assert_eq!(Level2::EnvironmentalCost.zh(), "生态环境成本");
        let ops = [
            (">=", Op::Ge),
            ("≧", Op::Ge),
            ("＞＝", Op::Ge),
            ("<=", Op::Le),
            ("==", Op::Eq),
        ];
        for (s, op) in
            ops.into_iter()
                .chain([("gt", Op::Gt), ("<", Op::Lt), ("定性", Op::Qualitative)])
        {
            assert_eq!(Op::parse(s), Ok(op), "{s}");
        }
        let ens: Vec<_> = Op::ALL.iter().map(|o| o.en()).collect();
        assert_eq!(ens, ["ge", "le", "eq", "gt", "lt", "qualitative"]);
        assert_eq!(
            Conclusion::parse("partial support"),
            Ok(Conclusion::PartialSupport)
        );
        assert_eq!(
            (Flag::parse("红标"), Flag::Yellow.en()),
            (Ok(Flag::Red), "yellow")
        );
        assert_eq!(EvalType::parse("key_fiscal"), Ok(EvalType::KeyFiscal));
        assert_eq!(Coverage::parse("全部"), Ok(Coverage::Complete));
        assert_eq!(Grade::Excellent.to_string(), "优");
    }

    #[test]
    fn kinds_have_keys_and_folders() {
        let keys: Vec<_> = Kind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            keys,
            [
                "goal",
                "ex_ante",
                "monitoring",
                "self_evaluation",
                "evaluation"
            ]
        );
        let folders: Vec<_> = Kind::ALL.iter().map(|k| k.folder()).collect();
        assert_eq!(
            folders,
            [
                "goals",
                "ex-ante",
                "monitoring",
                "self-evaluations",
                "evaluations"
            ]
        );
        for &k in Kind::ALL {
            assert_eq!(Kind::from_folder(k.folder()), Some(k));
            assert_eq!(Kind::parse(k.key()), Ok(k));
            assert_eq!(Kind::parse(k.folder()), Ok(k));
        }
        assert_eq!(Kind::from_folder("Goals"), None);
        assert_eq!(
            (Kind::ExAnte.zh(), Kind::ExAnte.en()),
            ("事前绩效评估", "ex-ante assessments")
        );
        assert_eq!(Kind::SelfEvaluation.zh(), "绩效自评");
    }

    #[test]
    fn near_misses_get_did_you_mean() {
        let e = Grade::parse("exellent").unwrap_err();
        assert_eq!(e.message.en(), "\"exellent\" is not a known grade");
        assert!(
            e.hint.en().starts_with("did you mean 优 (excellent)?"),
            "{}",
            e.hint.en()
        );
        assert!(
            e.hint
                .en()
                .contains("优 (excellent), 良 (good), 中 (fair), 差 (poor)"),
            "{}",
            e.hint.en()
        );
        let hint = |r: Result<DisclosureStatus, ValueError>| r.unwrap_err().hint.en().to_string();
        assert!(
            hint(DisclosureStatus::parse("部份公开"))
                .starts_with("did you mean 部分公开 (partial)?")
        );
        assert!(hint(DisclosureStatus::parse("pubic")).starts_with("did you mean 公开 (public)?"));
        assert!(
            Level1::parse("产出")
                .unwrap_err()
                .hint
                .en()
                .starts_with("did you mean 产出指标 (output)?")
        );
        assert!(
            Kind::parse("self-evalution")
                .unwrap_err()
                .hint
                .en()
                .starts_with("did you mean 绩效自评")
        );
        assert!(
            Reason::parse("comercial")
                .unwrap_err()
                .hint
                .en()
                .starts_with("did you mean 商业秘密")
        );
        let far = Grade::parse("zzzzzz").unwrap_err();
        assert!(
            !far.hint.en().contains("did you mean") && far.hint.en().contains("差 (poor)"),
            "{}",
            far.hint.en()
        );
        assert!(Flag::parse(" ").unwrap_err().message.en().contains("empty"));
        let long = Flag::parse(&"红".repeat(100_000)).unwrap_err();
        assert_eq!(
            long.hint.en(),
            "write one of: 正常 (normal), 黄标 (yellow), 红标 (red)"
        );
    }

    #[test]
    fn grades_at_band_edges() {
        let g = |s: &str| Grade::from_score(Decimal::parse(s).unwrap());
        assert_eq!(
            [g("100"), g("90"), g("90.00"), g("89.99")],
            [
                Grade::Excellent,
                Grade::Excellent,
                Grade::Excellent,
                Grade::Good
            ]
        );
        assert_eq!(
            [g("80"), g("79.999"), g("60"), g("59.99")],
            [Grade::Good, Grade::Fair, Grade::Fair, Grade::Poor]
        );
        assert_eq!(g("-5"), Grade::Poor);
    }
}
