//! The about page (`about.html`): what is published, the disclosure policy, how each figure is
//! computed, open data, accessibility.

use super::super::i18n::I18n;
use super::super::page_views::*;
use super::{Frame, PageView};
use crate::disclose::PublicSite;

pub(super) fn about(site: &PublicSite, i: &I18n) -> PageView {
    let view = AboutPage {
        about_html: i.t("about_html"),
        about_sections: about_sections(i),
    };
    PageView::About(
        Frame::new(i, site, "about/".into())
            .crumb(i.t("about_title"), String::new())
            .finish(i.t("about_title"), i.t("about_description"), view),
    )
}

/// The about page's sections: what is published, the disclosure policy, how each figure is
/// computed, open data, accessibility.
fn about_sections(i: &I18n) -> Vec<AboutSection> {
    ["content", "policy", "figures", "data", "access"]
        .iter()
        .map(|k| AboutSection {
            title: i.t(&format!("about_{k}_title")),
            html: i.t(&format!("about_{k}_html")),
        })
        .collect()
}
