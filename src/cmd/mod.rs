//! Commands: thin glue between the command line and the library's stages.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;

use crate::Failure;
use crate::diag::said::count_en;
use crate::diag::{Lang, Said};
use crate::said;
use std::path::Path;

/// How a command ends. Its process exit code is [`Exit::code`]: the one place that maps
/// outcomes and failures to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done (warnings allowed): 0.
    Ok,
    /// The content must be corrected (content errors, a leak found, warnings under
    /// `--strict`): 1.
    Content,
    /// Usage, or files that cannot be read or written: 2.
    Io,
}

impl Exit {
    pub fn code(self) -> i32 {
        match self {
            Exit::Ok => 0,
            Exit::Content => 1,
            Exit::Io => 2,
        }
    }
}

impl From<&Failure> for Exit {
    fn from(f: &Failure) -> Exit {
        match f {
            Failure::Content(_) => Exit::Content,
            Failure::Io(_) => Exit::Io,
        }
    }
}

/// Report a failure: content errors through `content` (each command says them its own way), an
/// I/O error on stderr in `lang`; the exit code is the failure's.
pub fn failed(f: Failure, lang: Lang, content: impl FnOnce(&crate::diag::Diagnostics)) -> Exit {
    let exit = Exit::from(&f);
    match f {
        Failure::Content(d) => content(&d),
        Failure::Io(e) => say_error(&crate::diag::told::text(&e, lang), lang),
    }
    exit
}

/// Report an error that is not about the content (usage, I/O) on stderr, in `lang`.
pub fn io_error(what: Said, lang: Lang) -> Exit {
    say_error(what.get(lang), lang);
    Exit::Io
}

/// `错误：…` / `error: …` on stderr.
fn say_error(text: &str, lang: Lang) {
    match lang {
        Lang::Zh => eprintln!("错误：{text}"),
        Lang::En => eprintln!("error: {text}"),
    }
}

/// `n 个错误` / `1 error`, `n errors`.
pub fn errors(n: usize) -> Said {
    let en = count_en(n, "error", "errors");
    said!("{n} 个错误", "{en}")
}

/// `n 个警告` / `1 warning`, `n warnings`.
pub fn warnings(n: usize) -> Said {
    let en = count_en(n, "warning", "warnings");
    said!("{n} 个警告", "{en}")
}

/// What a build depends on besides its files, read from the environment here and nowhere
/// else: the date of `SOURCE_DATE_EPOCH`; messages in `lang`.
pub fn inputs(lang: Lang) -> crate::Inputs {
    crate::Inputs::from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).with_lang(lang)
}

/// The language of messages: the one chosen (`--lang`), else the site's (`language` in
/// `site`'s site.yaml, Chinese when it has none), else the locale's (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`: Chinese for `zh_*`), else Chinese.
pub fn lang(site: Option<&Path>, chosen: Option<Lang>) -> Lang {
    chosen
        .or_else(|| site.and_then(site_language))
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|v| Lang::from_locale(std::env::var(v).ok().as_deref()))
        })
        .unwrap_or_default()
}

/// The language site.yaml gives (none when it cannot be read or names another language).
fn site_language(site: &Path) -> Option<Lang> {
    #[derive(serde::Deserialize)]
    struct Site {
        language: Option<String>,
    }
    let path = site.join("site.yaml");
    if std::fs::metadata(&path).ok()?.len() > crate::load::yaml::MAX_FILE_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    // with the loader's limits (nesting, nodes, aliases), as the build will read it
    let s: Site = crate::load::yaml::parse("site.yaml", &text).ok()?;
    match s.language {
        None => Some(Lang::Zh),
        Some(tag) => Lang::from_tag(&tag),
    }
}

/// Print what a log may show of the diagnostics (see `diag::quiet`) to stderr, or as JSON to
/// stdout, in `lang`; returns the log, whose counts are the ones to report.
pub fn print_diagnostics(
    d: &crate::diag::Diagnostics,
    json: bool,
    lang: Lang,
) -> crate::diag::quiet::Log {
    print_log(d, json, false, lang)
}

/// [`print_diagnostics`], or everything when `reveal` (`check --show-withheld`).
pub fn print_log(
    d: &crate::diag::Diagnostics,
    json: bool,
    reveal: bool,
    lang: Lang,
) -> crate::diag::quiet::Log {
    let log = d.for_log(reveal);
    if json {
        print!("{}", log.render_json(lang));
    } else {
        eprint!("{}", log.render_human_styled(colour(), lang));
    }
    log
}

/// Colour only on a terminal, and not when `NO_COLOR` is set (no-color.org).
fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_said_right_in_each_language() {
        assert_eq!(errors(1).en(), "1 error");
        assert_eq!(errors(2).en(), "2 errors");
        assert_eq!(warnings(0).en(), "0 warnings");
        assert_eq!(errors(1).zh(), "1 个错误");
        assert_eq!(warnings(3).zh(), "3 个警告");
    }
}
