//! The page chrome: the header with the navigation (`header.html`) and the footer
//! (`footer.html`), which `base.html` includes. They are most of a page's bytes and the same on
//! every page of one depth and section, so each rendering thread makes them once per (`root`,
//! `nav`) and the page is rendered in a copy of the template environment whose `header.html`
//! and `footer.html` print the strings made.
//!
//! The bytes are those of rendering the whole template: the theme's partials read only `root`,
//! `nav` and the globals (`site`, `t`), and the copy is used for a page only while the site
//! overrides none of `base.html`, the partials and the page's own template (a site's template
//! may read anything, or set variables the partials then read); any other page is rendered in
//! the full environment. Tests: `tests/it/chrome.rs`, and the digests of `tests/it/sealed.rs`.

use crate::view::page_views::{Nav, PageView};

/// The partials made once per (`root`, `nav`), each with the variable that carries its bytes.
const PARTS: [(&str, &str); 2] = [
    ("header.html", "gongkai_chrome_header"),
    ("footer.html", "gongkai_chrome_footer"),
];

/// The templates that must be the theme's own for a page to use the made chrome, besides the
/// page's template.
const READERS: [&str; 3] = ["base.html", "header.html", "footer.html"];

/// The environment that prints made chrome, and the templates it may render.
pub struct Chrome {
    env: tera::Tera,
    overridden: Vec<String>,
}

impl Chrome {
    /// The environment for `full` (the site's whole template environment, globals set),
    /// when the site keeps the theme's layout and partials; `None` otherwise.
    pub fn new(full: &tera::Tera, overridden: &[String]) -> Option<Chrome> {
        if READERS.iter().any(|t| overridden.iter().any(|o| o == t)) {
            return None;
        }
        let mut env = full.clone();
        let stubs = PARTS.map(|(name, var)| (name, format!("{{{{ {var} | safe }}}}")));
        env.add_raw_templates(stubs).ok()?;
        Some(Chrome {
            env,
            overridden: overridden.to_vec(),
        })
    }

    /// Whether `template`'s pages may use the made chrome: it is the theme's own.
    fn serves(&self, template: &str) -> bool {
        !self.overridden.iter().any(|o| o == template)
    }
}

/// One thread's chrome made so far, by (`root`, `nav`).
#[derive(Default)]
pub struct Made {
    parts: Vec<(String, Vec<Nav>, [tera::Value; 2])>,
}

/// More distinct (`root`, `nav`) than a site has (depths times sections); past it, start over.
const MADE_MAX: usize = 64;

impl Made {
    /// The chrome of `view` made in `full`, from this thread's earlier pages when one had the
    /// same `root` and `nav`.
    fn get(&mut self, full: &tera::Tera, view: &PageView) -> tera::TeraResult<&[tera::Value; 2]> {
        let (root, nav) = view.chrome();
        let at = self
            .parts
            .iter()
            .position(|(r, n, _)| r == root && n == nav);
        let at = match at {
            Some(at) => at,
            None => {
                let mut ctx = tera::Context::new();
                ctx.insert("root", root);
                ctx.insert("nav", nav);
                let render = |name| {
                    full.render(name, &ctx)
                        .map(|s| tera::Value::safe_string(&s))
                };
                let parts = [render(PARTS[0].0)?, render(PARTS[1].0)?];
                if self.parts.len() == MADE_MAX {
                    self.parts.clear();
                }
                self.parts.push((root.to_string(), nav.to_vec(), parts));
                self.parts.len() - 1
            }
        };
        Ok(&self.parts[at].2)
    }
}

/// The environment to render `view` (of `template`, its context `ctx`) in: the chrome's, with
/// the made chrome added to `ctx`, when the page may use it; else `full`.
pub fn env_for<'e>(
    chrome: Option<&'e Chrome>,
    made: &mut Made,
    full: &'e tera::Tera,
    template: &str,
    view: &PageView,
    ctx: &mut tera::Context,
) -> tera::TeraResult<&'e tera::Tera> {
    let Some(c) = chrome.filter(|c| c.serves(template)) else {
        return Ok(full);
    };
    let parts = made.get(full, view)?;
    for ((_, var), value) in PARTS.iter().zip(parts) {
        ctx.insert_value(*var, value.clone());
    }
    Ok(&c.env)
}
