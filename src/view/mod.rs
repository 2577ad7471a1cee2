//! Views: what each page and file shows, made from `&PublicSite` alone. Pages (`pages`, one
//! view per template), record and list views, tables, charts, the dashboard and the trend, the
//! stated-or-computed basis of each figure, the change list, the search documents; Markdown
//! made into HTML fragments with its nesting limited. The interface strings (`i18n`) are read
//! here. Formats (`format`) turn views into bytes; no I/O here.

pub mod basis;
pub mod cells;
pub mod changes;
pub mod charts;
pub mod collate;
pub mod dashboard;
pub mod figure_tables;
pub mod i18n;
pub mod lists;
pub mod manifest;
pub mod markdown;
pub mod nesting;
pub mod page_views;
pub mod pages;
pub mod projects;
pub mod records;
pub mod search;
pub mod table;
pub mod trend;
pub mod updates;
pub mod views;
