//! Commands: thin glue between the command line and the library's stages.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;

/// What a build depends on besides its files, read from the environment here and nowhere
/// else: the date of `SOURCE_DATE_EPOCH`.
pub fn inputs() -> crate::Inputs {
    crate::Inputs::from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// Print what a log may show of the diagnostics (see `diag::quiet`) to stderr, or as JSON to
/// stdout; returns the log, whose counts are the ones to report.
pub fn print_diagnostics(d: &crate::diag::Diagnostics, json: bool) -> crate::diag::quiet::Log {
    print_log(d, json, false)
}

/// [`print_diagnostics`], or everything when `reveal` (`check --show-withheld`).
pub fn print_log(
    d: &crate::diag::Diagnostics,
    json: bool,
    reveal: bool,
) -> crate::diag::quiet::Log {
    let log = d.for_log(reveal);
    if json {
        print!("{}", log.render_json());
    } else {
        eprint!("{}", log.render_human());
    }
    log
}
