//! The default theme, embedded in the binary so an installed gongkai builds any site.
//!
//! Templates, the stylesheet and the interface strings of `themes/default/` are compiled in;
//! a site's own `templates/` override templates by name. No I/O here.

use crate::model::Language;
use crate::view::i18n::I18n;

macro_rules! theme_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// Every template of the default theme, by name.
pub const TEMPLATES: &[(&str, &str)] = theme_files!(
    "base.html",
    "header.html",
    "footer.html",
    "macros.html",
    "home.html",
    "region.html",
    "year.html",
    "list.html",
    "record.html",
    "project.html",
    "unit.html",
    "withheld.html",
    "about.html",
    "404.html",
    "search.html",
    "changes.html",
    "compare.html",
    "bodies.html",
    "sitemap.html",
    "data.html",
    "feed.xml",
    "sitemap.xml",
    "sitemap-index.xml",
);

/// The default stylesheet.
pub const STYLE_CSS: &str = include_str!("../../themes/default/static/style.css");

/// The search page's script (see `format::search`).
pub const SEARCH_JS: &str = include_str!("../../themes/default/static/search.js");

/// Assets that are the same in every build (not made from content): the audit need not read
/// them. Add every embedded asset here.
pub const CONSTANT_ASSETS: &[&str] = &[STYLE_CSS, SEARCH_JS, SITE_JS, FAVICON_SVG];
/// The default icon of the site (a site's static `favicon.svg` or `favicon.ico` replaces it).
pub const FAVICON_SVG: &str = include_str!("../../themes/default/static/favicon.svg");
/// The default script: reader preferences and table sorting and filtering (an enhancement).
pub const SITE_JS: &str = include_str!("../../themes/default/static/site.js");

const ZH: &str = include_str!("../../themes/default/i18n/zh-CN.json");
const EN: &str = include_str!("../../themes/default/i18n/en.json");

/// The interface strings for a language, falling back to Chinese.
pub fn i18n(lang: Language) -> Result<I18n, crate::diag::Said> {
    let table = match lang {
        Language::Zh => ZH,
        Language::En => EN,
    };
    I18n::new(lang, table, ZH).map_err(|e| {
        crate::said!(
            "主题的界面文字表无法读取：{e}",
            "the theme's interface strings cannot be read: {e}"
        )
    })
}
