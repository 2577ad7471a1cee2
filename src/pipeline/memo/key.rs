//! A page's identity across rounds, and as the persistent cache's index writes it.

use crate::disclose::PublicSite;
use crate::model::Kind;
use crate::view::pages::Job;

/// A page's identity across rounds (indices move when records come and go).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Home,
    About,
    Withheld,
    WithheldView(usize),
    NotFound,
    Search,
    Bodies,
    Compare(i32),
    SiteMap,
    Region(String),
    Year(String, i32),
    List(String, i32, Kind),
    ListView(String, i32, Kind, usize),
    Record(String, i32, Kind, String),
    /// A project of a body, by slug; a unit of a body, by id. Their views span the body's
    /// years, so they are taken without making their views only when all of them are equal.
    Project(String, String),
    Unit(String, String),
}

impl Key {
    /// The key of a page of `site`.
    pub fn of(site: &PublicSite, job: &Job) -> Key {
        let r = |ri: &usize| &site.regions()[*ri];
        let y = |ri: &usize, yi: &usize| r(ri).years()[*yi].year();
        match job {
            Job::Home => Key::Home,
            Job::About => Key::About,
            Job::Withheld => Key::Withheld,
            Job::WithheldView(n) => Key::WithheldView(*n),
            Job::NotFound => Key::NotFound,
            Job::Search => Key::Search,
            Job::Bodies => Key::Bodies,
            Job::Compare(y) => Key::Compare(*y),
            Job::SiteMap => Key::SiteMap,
            Job::Region(ri) => Key::Region(r(ri).id().to_string()),
            Job::Year(ri, yi) => Key::Year(r(ri).id().to_string(), y(ri, yi)),
            Job::List(ri, yi, k) => Key::List(r(ri).id().to_string(), y(ri, yi), *k),
            Job::ListView(ri, yi, k, n) => Key::ListView(r(ri).id().to_string(), y(ri, yi), *k, *n),
            Job::Record(ri, yi, n) => {
                let rec = r(ri).years()[*yi].records()[*n].record();
                Key::Record(r(ri).id().to_string(), y(ri, yi), rec.kind, rec.id.clone())
            }
            Job::Project(ri, slug) => Key::Project(r(ri).id().to_string(), slug.clone()),
            Job::Unit(ri, ui) => Key::Unit(r(ri).id().to_string(), r(ri).units()[*ui].id.clone()),
        }
    }

    /// The key as one line of text (the persistent cache's index).
    pub fn encode(&self) -> String {
        let f = |k: &Kind| k.folder();
        let parts: Vec<String> = match self {
            Key::Home => vec!["home".into()],
            Key::About => vec!["about".into()],
            Key::Withheld => vec!["withheld".into()],
            Key::WithheldView(n) => vec!["withheld-view".into(), n.to_string()],
            Key::NotFound => vec!["404".into()],
            Key::Search => vec!["search".into()],
            Key::Bodies => vec!["bodies".into()],
            Key::Compare(y) => vec!["compare".into(), y.to_string()],
            Key::SiteMap => vec!["sitemap".into()],
            Key::Region(r) => vec!["region".into(), r.clone()],
            Key::Year(r, y) => vec!["year".into(), r.clone(), y.to_string()],
            Key::List(r, y, k) => vec!["list".into(), r.clone(), y.to_string(), f(k).into()],
            Key::ListView(r, y, k, n) => {
                let (y, k, n) = (y.to_string(), f(k).into(), n.to_string());
                vec!["list-view".into(), r.clone(), y, k, n]
            }
            Key::Record(r, y, k, id) => {
                let (y, k) = (y.to_string(), f(k).into());
                vec!["record".into(), r.clone(), y, k, id.clone()]
            }
            Key::Project(r, s) => vec!["project".into(), r.clone(), s.clone()],
            Key::Unit(r, u) => vec!["unit".into(), r.clone(), u.clone()],
        };
        serde_json::to_string(&parts).unwrap_or_default()
    }

    /// The key [`Key::encode`] wrote; `None` for anything else.
    pub fn decode(s: &str) -> Option<Key> {
        let parts: Vec<String> = serde_json::from_str(s).ok()?;
        let p: Vec<&str> = parts.iter().map(String::as_str).collect();
        let n = |s: &str| s.parse::<usize>().ok();
        let y = |s: &str| s.parse::<i32>().ok();
        let k = Kind::from_folder;
        let s = |s: &str| s.to_string();
        Some(match p.as_slice() {
            ["home"] => Key::Home,
            ["about"] => Key::About,
            ["withheld"] => Key::Withheld,
            ["withheld-view", v] => Key::WithheldView(n(v)?),
            ["404"] => Key::NotFound,
            ["search"] => Key::Search,
            ["bodies"] => Key::Bodies,
            ["compare", v] => Key::Compare(y(v)?),
            ["sitemap"] => Key::SiteMap,
            ["region", r] => Key::Region(s(r)),
            ["year", r, v] => Key::Year(s(r), y(v)?),
            ["list", r, v, kind] => Key::List(s(r), y(v)?, k(kind)?),
            ["list-view", r, v, kind, m] => Key::ListView(s(r), y(v)?, k(kind)?, n(m)?),
            ["record", r, v, kind, id] => Key::Record(s(r), y(v)?, k(kind)?, s(id)),
            ["project", r, slug] => Key::Project(s(r), s(slug)),
            ["unit", r, u] => Key::Unit(s(r), s(u)),
            _ => return None,
        })
    }

    /// The body's year the page belongs to; `None` for the site's own pages.
    pub(super) fn unit(&self) -> Option<(&str, i32)> {
        match self {
            Key::Year(r, y) | Key::List(r, y, _) | Key::ListView(r, y, _, _) => Some((r, *y)),
            Key::Record(r, y, _, _) => Some((r, *y)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_as_written_and_nothing_else_reads() {
        let (r, k) = ("县/\"本级\"".to_string(), Kind::SelfEvaluation);
        let keys = [
            Key::Home,
            Key::About,
            Key::Withheld,
            Key::WithheldView(3),
            Key::NotFound,
            Key::Search,
            Key::Bodies,
            Key::Compare(2024),
            Key::SiteMap,
            Key::Region(r.clone()),
            Key::Year(r.clone(), 2023),
            Key::List(r.clone(), 2023, k),
            Key::ListView(r.clone(), 2023, Kind::Goal, 11),
            Key::Record(r.clone(), 2022, k, "a\u{1f}b".into()),
            Key::Project(r.clone(), "p-1a2b".into()),
            Key::Unit(r, "czj".into()),
        ];
        for key in keys {
            assert_eq!(Key::decode(&key.encode()), Some(key.clone()), "{key:?}");
        }
        for bad in [
            "",
            "[]",
            "[\"year\",\"x\"]",
            "[\"list\",\"x\",\"2024\",\"nope\"]",
            "{}",
        ] {
            assert_eq!(Key::decode(bad), None, "{bad}");
        }
    }
}
