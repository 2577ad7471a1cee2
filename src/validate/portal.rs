//! site.yaml `portal:`, the parts of 政府网站发展指引 a site gives: the 党政机关网站标识 (an
//! image of the site's `static/` and where it links) and the "我为政府网站找错" address. Each
//! bad value is an error at its line and column, in Chinese and English. No I/O here.

use super::ctx::Ctx;
use crate::diag::rule;
use crate::load::raw::{O, RawConfig, S};
use crate::model::Portal;
use crate::model::value::ValueError;
use crate::said;
use std::path::PathBuf;

/// Image formats the 标识 may be in.
const IMAGES: &[&str] = &["png", "gif", "jpg", "jpeg", "svg", "webp"];

/// The `portal:` settings, checked (absent ones stay None; bad ones are reported and dropped).
pub(super) fn portal(cx: &mut Ctx, raw: &RawConfig, statics: &[(String, PathBuf)]) -> Portal {
    let Some(p) = raw.portal.as_ref() else {
        return Portal::default();
    };
    let logo = p.logo.as_ref().and_then(|s| logo(cx, s, statics));
    if logo.is_none()
        && p.logo.is_none()
        && let Some(s) = &p.logo_link
    {
        let e = ValueError::new(
            said!(
                "写了 `portal.logo_link`，却没有写 `portal.logo`（党政机关网站标识的图片）",
                "`portal.logo_link` is given but `portal.logo` (the image of the 党政机关网站标识) is not"
            ),
            said!(
                "在 `portal:` 下加上 `logo: images/dzjg.png`（static/ 中的图片），或删去 `logo_link`",
                "add `logo: images/dzjg.png` (an image in static/) under `portal:`, or remove `logo_link`"
            ),
        );
        cx.bad(rule::CONFIG, "portal.logo_link", s, e);
    }
    Portal {
        logo,
        logo_link: link(cx, "portal.logo_link", &p.logo_link),
        error_report: link(cx, "portal.error_report", &p.error_report),
    }
}

/// The 标识's image: a path under `static/` (a leading `static/` or `/` dropped) of an image
/// the site has.
fn logo(cx: &mut Ctx, s: &S, statics: &[(String, PathBuf)]) -> Option<String> {
    let v = s.value.trim();
    let p = v.trim_start_matches('/');
    let p = p.strip_prefix("static/").unwrap_or(p);
    let ext = p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let image = ext.is_some_and(|e| IMAGES.contains(&e.as_str()));
    let hint = said!(
        "写 static/ 中标识图片的路径，如 `logo: images/dzjg.png`（PNG、GIF、JPEG、SVG 或 WebP）",
        "write the path of the 标识's image in static/, e.g. `logo: images/dzjg.png` (PNG, GIF, JPEG, SVG or WebP)"
    );
    if !image {
        let e = ValueError::new(
            said!("`{v}` 不是图片文件", "`{v}` is not an image file"),
            hint,
        );
        cx.bad(rule::CONFIG, "portal.logo", s, e);
        return None;
    }
    if !statics.iter().any(|(rel, _)| rel == p) {
        let e = ValueError::new(
            said!(
                "static/ 中没有 `{p}` 这个文件",
                "there is no file `{p}` in static/"
            ),
            hint,
        );
        cx.bad(rule::CONFIG, "portal.logo", s, e);
        return None;
    }
    Some(p.to_string())
}

/// An outside address: http or https, with nothing that needs escaping.
fn link(cx: &mut Ctx, field: &str, s: &O) -> Option<String> {
    let s = s.as_ref()?;
    let v = s.value.trim();
    let ok = (v.starts_with("https://") || v.starts_with("http://"))
        && v.len() > "https://".len()
        && !v.contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}".contains(c));
    if ok {
        return Some(v.to_string());
    }
    let e = ValueError::new(
        said!(
            "`{v}` 不是以 http:// 或 https:// 开头的完整网址",
            "`{v}` is not a full address starting with http:// or https://"
        ),
        said!(
            "写完整的网址，如 `{field}: https://zfwzzc.www.gov.cn/`",
            "write a full address, e.g. `{field}: https://zfwzzc.www.gov.cn/`"
        ),
    );
    cx.bad(rule::CONFIG, field, s, e);
    None
}
