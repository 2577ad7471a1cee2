//! Errors that are not about the content (a file that cannot be read or written, a wrong
//! command line): gongkai's own words in both languages, the system's words (an OS error) as
//! the system gives them.
//!
//! `std::fs::write(&p, b).told(|| said!("无法写入 {p}", "cannot write {p}"))?` makes an
//! [`anyhow::Error`] whose chain holds a [`Told`]; [`text`] prints the chain in one language.

use super::{Lang, Said};
use crate::said;
use std::fmt;
use std::path::Path;

/// gongkai's words about an error, with the error they explain (if any).
#[derive(Debug)]
pub struct Told {
    what: Said,
    source: Option<anyhow::Error>,
}

impl fmt::Display for Told {
    /// The Chinese text (printing in a chosen language goes through [`text`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what.zh())
    }
}

impl std::error::Error for Told {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| &**e as &(dyn std::error::Error + 'static))
    }
}

/// An error that is only gongkai's words (as `anyhow::bail!` gives one).
pub fn told(what: Said) -> anyhow::Error {
    anyhow::Error::new(Told { what, source: None })
}

/// Explaining an error in gongkai's words, in both languages (as `anyhow::Context` does in one).
pub trait Tell<T> {
    fn told(self, what: impl FnOnce() -> Said) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> Tell<T> for Result<T, E> {
    fn told(self, what: impl FnOnce() -> Said) -> anyhow::Result<T> {
        self.map_err(|e| {
            anyhow::Error::new(Told {
                what: what(),
                source: Some(e.into()),
            })
        })
    }
}

/// `无法读取 PATH` / `reading PATH`.
pub fn reading(path: &Path) -> Said {
    let p = path.display();
    said!("无法读取 {p}", "reading {p}")
}

/// `无法写入 PATH` / `writing PATH`.
pub fn writing(path: &Path) -> Said {
    let p = path.display();
    said!("无法写入 {p}", "writing {p}")
}

/// `无法创建文件夹 PATH` / `creating PATH`.
pub fn creating(path: &Path) -> Said {
    let p = path.display();
    said!("无法创建文件夹 {p}", "creating {p}")
}

/// `无法删除 PATH` / `removing PATH`.
pub fn removing(path: &Path) -> Said {
    let p = path.display();
    said!("无法删除 {p}", "removing {p}")
}

/// The error and its causes in `lang`, outermost first, joined by `：` or `: `.
pub fn text(e: &anyhow::Error, lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
    e.chain()
        .map(|cause| match cause.downcast_ref::<Told>() {
            Some(t) => t.what.get(lang).to_string(),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_words_and_the_system_keeps_its_own() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let p = "a/b.yaml";
        let e = Err::<(), _>(io)
            .told(|| said!("无法读取 {p}", "cannot read {p}"))
            .told(|| said!("无法发布", "cannot publish"))
            .unwrap_err();
        assert_eq!(
            text(&e, Lang::En),
            "cannot publish: cannot read a/b.yaml: No such file"
        );
        assert_eq!(
            text(&e, Lang::Zh),
            "无法发布：无法读取 a/b.yaml：No such file"
        );
        let plain = told(said!("不行", "no"));
        assert_eq!(text(&plain, Lang::En), "no");
    }
}
