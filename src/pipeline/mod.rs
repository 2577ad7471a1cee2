//! The one driver every command runs: [`check`] (load → validate → figure → disclose) gives a
//! [`Checked`] site, and [`publish`](publish::publish) makes every file of it into a
//! [`Sink`](crate::output::sink::Sink) — the leak audit in front of a staging folder for
//! `gongkai build` ([`build`](build::build)), of memory for `gongkai serve`. `check`,
//! `import` and the fuzz targets run the same [`check_sources`]. What a build depends on
//! besides its files (the date) is resolved once, by the command, into [`Inputs`]; nothing
//! below reads the environment.

pub mod build;
pub mod cache;
pub mod memo;
pub mod publish;

use crate::diag::Diagnostics;
use crate::disclose::{PublicSite, Secrets};
use crate::{Failure, disclose, figures, format, load, model, validate};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a build depends on besides the site's files, resolved once by the command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inputs {
    /// The build's date: `SOURCE_DATE_EPOCH` as a day in China Standard Time (UTC+8), the
    /// 更新记录's and the feed's date; `None` when it is not set or not a number of seconds.
    pub date: Option<NaiveDate>,
    /// The language of messages (diagnostics, hints, the preview's log and overlay); not of
    /// the site, whose language is its site.yaml's.
    pub lang: crate::diag::Lang,
}

impl Inputs {
    /// Inputs from `SOURCE_DATE_EPOCH` as the environment gives it (the commands' one reading).
    pub fn from_epoch(epoch: Option<&str>) -> Inputs {
        let date = epoch
            .and_then(|e| e.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs.checked_add(8 * 3600)?, 0))
            .map(|t| t.date_naive());
        Inputs {
            date,
            lang: crate::diag::Lang::default(),
        }
    }

    /// The same inputs, messages in `lang`.
    pub fn with_lang(self, lang: crate::diag::Lang) -> Inputs {
        Inputs { lang, ..self }
    }

    /// The build's date as `2025-06-30`.
    pub fn date_text(&self) -> Option<String> {
        self.date.map(|d| d.format("%Y-%m-%d").to_string())
    }
}

/// Wall time of each stage, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// What a site's look is made of: its templates (overriding the theme's by name) and the
/// static files copied as they are (relative output path, source path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub statics: Vec<(String, PathBuf)>,
}

/// What a successful check found: the public site, the withheld strings for the audit, the
/// warnings, and the theme the site's output is made with.
pub struct Checked {
    pub public: PublicSite,
    pub secrets: Secrets,
    pub warnings: Diagnostics,
    pub theme: Theme,
    pub timings: Timings,
}

pub(crate) fn timed<T>(timings: &mut Timings, stage: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let v = f();
    timings.push((stage, start.elapsed()));
    v
}

/// load → validate → figure → disclose: everything but writing. `exclude` (the output folder)
/// is not walked.
pub fn check(site_dir: &Path, exclude: Option<&Path>) -> Result<Checked, Failure> {
    let mut t = Vec::new();
    let (sources, diags) = timed(&mut t, "load", || load::load(site_dir, exclude));
    check_sources(sources, diags, t)
}

/// validate → figure → disclose on sources already loaded, with the loading's diagnostics.
/// The parsed records are dropped once validated (only the templates and static files stay
/// in `sources`), so a large site is never held three times over.
pub fn check_sources(
    sources: load::Sources,
    diags: Diagnostics,
    mut t: Timings,
) -> Result<Checked, Failure> {
    let (site, diags) = validated(&sources, diags, &mut t)?;
    // Taken out, then the rest dropped here: a destructuring `let` with `..` would keep the
    // parsed records alive (as a partly moved value) until this function returns.
    let mut sources = sources;
    let templates = std::mem::take(&mut sources.templates);
    let statics = std::mem::take(&mut sources.statics);
    drop(sources);
    let (public, secrets, warnings) = disclosed(&site, diags, &mut t)?;
    Ok(Checked {
        public,
        secrets,
        warnings,
        theme: Theme { templates, statics },
        timings: t,
    })
}

/// [`check_sources`] on sources kept for the next round (the preview's), with the years
/// validated in earlier rounds that no changed file affects (see [`validate::Years`]).
pub fn check_loaded(
    sources: &load::Sources,
    diags: Diagnostics,
    mut t: Timings,
    years: &mut validate::Years,
) -> Result<Checked, Failure> {
    let (site, diags) = validated_with(sources, diags, &mut t, years)?;
    let disclosed = disclosed(&site, diags, &mut t);
    years.keep(site);
    let (public, secrets, warnings) = disclosed?;
    let theme = Theme {
        templates: sources.templates.clone(),
        statics: sources.statics.clone(),
    };
    Ok(Checked {
        public,
        secrets,
        warnings,
        theme,
        timings: t,
    })
}

/// Every diagnostic of validate → figure → disclose on `sources`, errors included, and the
/// checked site when there was no error. For `gongkai import`, which must know what `check`
/// will say about its records before writing them.
pub fn diagnose(sources: load::Sources) -> Result<Checked, Diagnostics> {
    check_sources(sources, Diagnostics::default(), Vec::new()).map_err(|f| match f {
        Failure::Content(d) => d,
        Failure::Io(e) => {
            let mut d = Diagnostics::default();
            d.push(
                crate::diag::Diagnostic::error(crate::diag::rule::UNREADABLE, "", 0, 0).msg(
                    crate::diag::Said::new(
                        crate::diag::told::text(&e, crate::diag::Lang::Zh),
                        crate::diag::told::text(&e, crate::diag::Lang::En),
                    ),
                ),
            );
            d
        }
    })
}

fn validated(
    sources: &load::Sources,
    diags: Diagnostics,
    t: &mut Timings,
) -> Result<(model::Site, Diagnostics), Failure> {
    validated_with(sources, diags, t, &mut validate::Years::default())
}

fn validated_with(
    sources: &load::Sources,
    mut diags: Diagnostics,
    t: &mut Timings,
    years: &mut validate::Years,
) -> Result<(model::Site, Diagnostics), Failure> {
    let (site, d) = timed(t, "validate", || validate::validate_kept(sources, years));
    diags.extend(d);
    match site.filter(|_| !diags.has_errors()) {
        Some(site) => Ok((site, diags)),
        None => {
            diags.sort();
            Err(Failure::Content(diags))
        }
    }
}

fn disclosed(
    site: &model::Site,
    mut diags: Diagnostics,
    t: &mut Timings,
) -> Result<(PublicSite, Secrets, Diagnostics), Failure> {
    let (figures, mut d) = timed(t, "figure", || figures::figure(site));
    d.mark_computed();
    diags.extend(d);
    // The gate's own diagnostics say what cannot be published, never a value: not `computed`.
    let (public, mut secrets, d) = timed(t, "disclose", || disclose::disclose(site, &figures));
    timed(t, "secrets", || {
        let generated: Vec<String> = format::theme::i18n(public.config().language)
            .map(|i| i.table().into_values().collect())
            .unwrap_or_default();
        // Every withheld text that `prune` would drop is an error here (E045), or public by
        // the author's `linked: true`: nothing is dropped from the audit silently.
        let (mut public_texts, crossref) = rayon::join(
            || public.public_texts(),
            || disclose::crossref::check(site, &generated),
        );
        diags.extend(crossref);
        public_texts.extend(generated);
        secrets.prune(&public_texts);
        diags.extend(d);
        // Decided once, for every log of this run: what may be said about withheld content.
        diags.set_facts(Arc::new(disclose::facts::facts(site, &public, &secrets)));
    });
    diags.sort();
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    Ok((public, secrets, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_is_the_day_in_china_standard_time() {
        // 2023-11-14 22:13:20 UTC is 2023-11-15 06:13:20 in Beijing.
        let i = Inputs::from_epoch(Some("1700000000"));
        assert_eq!(i.date_text().as_deref(), Some("2023-11-15"));
        assert_eq!(
            Inputs::from_epoch(Some(" 0 ")).date_text().as_deref(),
            Some("1970-01-01")
        );
        assert_eq!(Inputs::from_epoch(Some("soon")), Inputs::default());
        assert_eq!(
            Inputs::from_epoch(Some(&i64::MAX.to_string())),
            Inputs::default()
        );
        assert_eq!(Inputs::from_epoch(None), Inputs::default());
    }
}
