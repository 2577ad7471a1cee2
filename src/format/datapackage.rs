//! `data/datapackage.json`: a Fiscal Data Package (0.3) describing the open data's CSV files
//! (`format::data`): a resource per table with its fields, and the model, whose measures are
//! the money columns with a budget phase (万元, `factor: 10000`, currency CNY) and whose
//! dimensions are each record table's projects, units and fiscal year. Written from serde
//! structs; deterministic. No I/O here.

use super::data::{FileCol, file_columns, table_type};
use crate::disclose::PublicSite;
use crate::format::Output;
use crate::view::i18n::I18n;
use crate::view::table::{ColType, DataTable};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the package descriptor is published.
const PACKAGE_PATH: &str = "data/datapackage.json";

/// The package descriptor of the tables `described`, in the order of [`parts`].
pub fn package(site: &PublicSite, i: &I18n, described: &[&Described]) -> Output {
    Output {
        path: PACKAGE_PATH.into(),
        bytes: datapackage(site, i, described).into_bytes(),
    }
}

/// What the package descriptor says of one table: its resource and its part of the model, as
/// JSON values (whose objects serde_json writes with sorted keys, as the structs below are
/// written: the descriptor is the same either way). Kept by the build cache as it is.
#[derive(Clone, Serialize, serde::Deserialize)]
pub struct Described {
    resource: serde_json::Value,
    measures: Named<serde_json::Value>,
    dimensions: Named<serde_json::Value>,
}

impl Described {
    fn new(resource: &Resource, measures: Named<Measure>, dimensions: Named<Dimension>) -> Self {
        Described {
            resource: value(resource),
            measures: measures
                .iter()
                .map(|(n, m)| (n.clone(), value(m)))
                .collect(),
            dimensions: dimensions
                .iter()
                .map(|(n, d)| (n.clone(), value(d)))
                .collect(),
        }
    }
}

/// A part of the descriptor as a JSON value (structs of strings, numbers and maps with string
/// keys: always representable).
fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Describe a table for the package descriptor (its rows are then no longer needed).
pub fn describe(i: &I18n, t: &DataTable) -> Described {
    let (measures, dimensions) = model_parts(t);
    Described::new(&resource(i, t), measures, dimensions)
}

/// `data/bozhou/2024/goals` → `bozhou-2024-goals`.
fn resource_name(t: &DataTable) -> String {
    t.file.trim_start_matches("data/").replace('/', "-")
}

// The descriptor's parts, as serde writes them. Each struct's fields are in the order of their
// names (as `serde_json::Map`, which sorts its keys, wrote them before), and optional ones are
// left out when absent; the file is byte-identical to what it has always been.

#[derive(Clone, Serialize)]
struct Resource {
    /// The same table in other formats (the site-wide tables' JSON and workbook).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternates: Vec<Alternate>,
    encoding: &'static str,
    format: &'static str,
    mediatype: &'static str,
    name: String,
    path: String,
    profile: &'static str,
    schema: Schema,
    title: String,
}

#[derive(Clone, Serialize)]
struct Schema {
    fields: Vec<Field>,
    #[serde(rename = "missingValues")]
    missing_values: [&'static str; 1],
}

/// Another file holding a resource's table.
#[derive(Clone, Serialize)]
struct Alternate {
    format: &'static str,
    mediatype: &'static str,
    path: String,
}

#[derive(Clone, Serialize)]
struct Field {
    #[serde(skip_serializing_if = "String::is_empty")]
    description: String,
    /// The field's key in the JSON file, where the CSV's header (`name`) is a title in the
    /// site's language (the site-wide tables).
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    name: String,
    title: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// A money column with a budget phase: an amount in 万元 (factor 10000), CNY.
#[derive(Clone, Serialize)]
struct Measure {
    currency: &'static str,
    direction: &'static str,
    factor: u32,
    phase: &'static str,
    resource: String,
    source: String,
    title: String,
}

#[derive(Clone, Serialize)]
struct Dimension {
    attributes: BTreeMap<&'static str, Attribute>,
    #[serde(rename = "dimensionType")]
    dimension_type: &'static str,
    #[serde(rename = "primaryKey")]
    primary_key: [&'static str; 1],
}

/// A dimension's attribute: a column of a resource (perhaps the label of another), or a
/// constant.
#[derive(Clone, Default, Serialize)]
struct Attribute {
    #[serde(skip_serializing_if = "Option::is_none")]
    constant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labelfor: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
}

impl Attribute {
    fn column(source: &'static str, resource: &str) -> Attribute {
        Attribute {
            source: Some(source),
            resource: Some(resource.to_string()),
            ..Attribute::default()
        }
    }

    fn label_for(self, column: &'static str) -> Attribute {
        Attribute {
            labelfor: Some(column),
            ..self
        }
    }
}

/// The Fiscal Data Package model: measures and dimensions by name.
#[derive(Serialize)]
struct Model {
    dimensions: BTreeMap<String, serde_json::Value>,
    measures: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "countryCode")]
    country_code: &'static str,
    description: String,
    #[serde(rename = "fiscalPeriod", skip_serializing_if = "Option::is_none")]
    fiscal_period: Option<Period>,
    granularity: &'static str,
    homepage: &'a str,
    model: Model,
    name: &'static str,
    profiles: Profiles,
    publisher: &'a str,
    resources: Vec<&'a serde_json::Value>,
    title: &'a str,
}

#[derive(Serialize)]
struct Profiles {
    fiscal: &'static str,
    tabular: &'static str,
}

#[derive(Serialize)]
struct Period {
    end: String,
    start: String,
}

/// What a column's unit is, for the descriptor and the 数据下载 page ("单位：万元").
pub(super) fn field_description(i: &I18n, c: &FileCol) -> String {
    match c.kind {
        ColType::Money if !c.missing => i.t("data_money_unit"),
        ColType::Percent if !c.missing => i.t("data_percent_unit"),
        _ => String::new(),
    }
}

fn resource(i: &I18n, t: &DataTable) -> Resource {
    let fields = file_columns(t, Some(i))
        .into_iter()
        .map(|c| {
            let description = field_description(i, &c);
            Field {
                description,
                key: None,
                kind: table_type(c.kind),
                name: c.name,
                title: c.title,
            }
        })
        .collect();
    Resource {
        alternates: Vec::new(),
        encoding: "utf-8",
        format: "csv",
        mediatype: "text/csv",
        name: resource_name(t),
        path: t.csv_url().trim_start_matches("data/").to_string(),
        profile: "tabular-data-resource",
        schema: Schema {
            fields,
            missing_values: [""],
        },
        title: t.caption.clone(),
    }
}

/// Describe a site-wide table (`format::bulk`): its CSV's header is each column's title with
/// its unit, the field's `name`; `key` is the JSON's key; its JSON and workbook (when made)
/// are alternates. It adds nothing to the model: its measures are the yearly tables'.
pub fn describe_bulk(i: &I18n, t: &DataTable, xlsx: bool) -> Described {
    let mut resource = resource(i, t);
    for (f, c) in resource
        .schema
        .fields
        .iter_mut()
        .zip(file_columns(t, Some(i)))
    {
        f.key = Some(std::mem::replace(&mut f.name, super::bulk::header(i, &c)));
    }
    let file = |ext: &str| format!("{}.{ext}", t.file.trim_start_matches("data/"));
    resource.alternates.push(Alternate {
        format: "json",
        mediatype: "application/json",
        path: file("json"),
    });
    if xlsx {
        resource.alternates.push(Alternate {
            format: "xlsx",
            mediatype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            path: file("xlsx"),
        });
    }
    Described::new(&resource, Vec::new(), Vec::new())
}

/// Parts of the model with their names.
type Named<T> = Vec<(String, T)>;

/// A table's part of the Fiscal Data Package model: each money column with a budget phase is
/// a measure (万元, factor 10000, CNY); each record table has its projects, units and fiscal
/// year as dimensions.
fn model_parts(t: &DataTable) -> (Named<Measure>, Named<Dimension>) {
    let res = resource_name(t);
    let measures = t
        .columns
        .iter()
        .filter(|c| c.kind == ColType::Money)
        .filter_map(|c| {
            let phase = c.phase?;
            let measure = Measure {
                currency: "CNY",
                direction: "expenditure",
                factor: 10000,
                phase,
                resource: res.clone(),
                source: c.name.clone(),
                title: c.label.clone(),
            };
            Some((format!("{res}-{}", c.name), measure))
        })
        .collect();
    let has = |n: &str| t.columns.iter().any(|c| c.name == n);
    if !(has("id") && has("url")) {
        return (measures, Vec::new());
    }
    let year = t
        .file
        .split('/')
        .nth(2)
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(0);
    let dimension = |kind, key, attributes: Vec<(&'static str, Attribute)>| Dimension {
        attributes: attributes.into_iter().collect(),
        dimension_type: kind,
        primary_key: [key],
    };
    let mut dimensions = vec![(
        format!("{res}-activity"),
        dimension(
            "activity",
            "id",
            vec![
                ("id", Attribute::column("id", &res)),
                ("title", Attribute::column("title", &res).label_for("id")),
            ],
        ),
    )];
    if has("unit_id") {
        dimensions.push((
            format!("{res}-entity"),
            dimension(
                "entity",
                "unit_id",
                vec![
                    ("unit_id", Attribute::column("unit_id", &res)),
                    ("unit", Attribute::column("unit", &res).label_for("unit_id")),
                ],
            ),
        ));
    }
    let fiscal_year = Attribute {
        constant: Some(year.to_string()),
        ..Attribute::default()
    };
    dimensions.push((
        format!("{res}-fiscal-year"),
        dimension("datetime", "year", vec![("year", fiscal_year)]),
    ));
    (measures, dimensions)
}

/// The Fiscal Data Package model of every table.
fn model(tables: &[&Described]) -> Model {
    let mut model = Model {
        measures: BTreeMap::new(),
        dimensions: BTreeMap::new(),
    };
    for t in tables {
        model.measures.extend(t.measures.iter().cloned());
        model.dimensions.extend(t.dimensions.iter().cloned());
    }
    model
}

/// `data/datapackage.json`.
pub fn datapackage(site: &PublicSite, i: &I18n, tables: &[&Described]) -> String {
    let c = &site.config();
    let years = site
        .regions()
        .iter()
        .flat_map(|r| r.years().iter().map(|y| y.year()));
    let fiscal_period = years.clone().min().zip(years.max()).map(|(a, b)| Period {
        start: format!("{a}-01-01"),
        end: format!("{b}-12-31"),
    });
    let package = Package {
        country_code: "cn",
        description: i.t("data_package_description"),
        fiscal_period,
        granularity: "aggregated",
        homepage: &c.base_url,
        model: model(tables),
        name: "gongkai-budget-performance",
        profiles: Profiles {
            fiscal: "*",
            tabular: "*",
        },
        publisher: &c.owner,
        resources: tables.iter().map(|t| &t.resource).collect(),
        title: &c.title,
    };
    let mut s = serde_json::to_string_pretty(&package).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::table::Column;

    fn table() -> DataTable {
        DataTable {
            file: "data/x/2024/t".into(),
            caption: "表".into(),
            columns: vec![
                Column::new("name", "名称".into(), ColType::Text),
                Column::new("funds", "资金".into(), ColType::Money).phase("approved"),
            ],
            rows: Vec::new(),
            totals: 0,
        }
    }

    #[test]
    fn money_columns_with_a_phase_are_measures_in_wan_yuan() {
        let i = crate::format::theme::i18n(crate::model::Language::Zh).unwrap();
        let m = serde_json::to_value(model(&[&describe(&i, &table())])).unwrap();
        let f = &m["measures"]["x-2024-t-funds"];
        assert_eq!(f["factor"], 10000);
        assert_eq!(f["currency"], "CNY");
        assert_eq!(f["phase"], "approved");
        assert_eq!(f["resource"], "x-2024-t");
    }
}
