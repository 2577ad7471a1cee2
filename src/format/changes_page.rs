//! The 更新记录 page (`changes/`): the change list of `view::changes` through the theme's
//! `changes.html`. No I/O here.

use super::{Output, Renderer, template_error};
use crate::diag::Diagnostic;
use crate::disclose::PublicSite;
use crate::view::changes::{URL, entries};
use crate::view::manifest::Manifest;
use crate::view::page_views::ChangesPage;
use crate::view::pages;

/// The 更新记录 page.
pub fn page(site: &PublicSite, r: &Renderer, m: &Manifest) -> Result<Output, Diagnostic> {
    let i = &r.i18n;
    let view = ChangesPage {
        intro: i.t("changes_intro"),
        publications: entries(site, i, m),
    };
    let ctx = pages::extra_context(
        site,
        i,
        URL,
        i.t("changes_title"),
        i.t("changes_description"),
        view,
    );
    let html = r
        .tera
        .render("changes.html", &ctx)
        .map_err(|e| template_error("changes.html", &e))?;
    Ok(Output {
        path: format!("{URL}index.html"),
        bytes: html.into_bytes(),
    })
}
