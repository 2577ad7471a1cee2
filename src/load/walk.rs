//! Walking the site: every file is found in sorted order and given a role, or reported.
//!
//! A file under `content/` that is not part of the format is an error, never skipped, and a
//! symbolic link anywhere in the site is an error (it could pull in files from outside), and so
//! is a file or folder name that `names` refuses (a folder with such a name is not entered).
//! This module only lists and classifies paths; it reads no file contents.

use super::names;
use crate::diag::{Diagnostic, Diagnostics, Said, rule};
use crate::model::vocab::Kind;
use crate::said;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a file under the site is, by its place in the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Config,
    HomePage,
    RegionFile {
        region: String,
    },
    YearPage {
        region: String,
        year: String,
    },
    Summary {
        region: String,
        year: String,
    },
    Record {
        region: String,
        year: String,
        kind: Kind,
        markdown: bool,
    },
    Template {
        name: String,
    },
    Static {
        rel: String,
    },
}

/// A classified file: its path relative to the site (with `/`), its absolute path and role.
#[derive(Debug, Clone)]
pub struct Entry {
    pub rel: String,
    pub abs: PathBuf,
    pub role: Role,
}

/// Every file of the site, sorted by relative path; problems go to `diags`.
pub fn walk(root: &Path, out_dir: Option<&Path>, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut entries = Vec::new();
    let config = root.join("site.yaml");
    match std::fs::symlink_metadata(&config) {
        Ok(m) if m.file_type().is_symlink() => diags.push(symlink_diag("site.yaml")),
        Ok(m) if m.is_file() => entries.push(Entry {
            rel: "site.yaml".into(),
            abs: config,
            role: Role::Config,
        }),
        _ => diags.push(
            Diagnostic::error(rule::UNREADABLE, "site.yaml", 0, 0)
                .msg(said!("这个站点没有 site.yaml", "the site has no site.yaml"))
                .hint(said!(
                    "新建 site.yaml，写上 title、base_url、language、money_unit 和 owner；或运行 `gongkai new 文件夹` 得到一个现成的站点",
                    "create site.yaml with title, base_url, language, money_unit and owner, or run `gongkai new` for a ready site"
                )),
        ),
    }
    for top in ["content", "templates", "static"] {
        walk_dir(root, top, out_dir, &mut entries, diags);
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    entries
}

fn walk_dir(
    root: &Path,
    top: &str,
    out_dir: Option<&Path>,
    entries: &mut Vec<Entry>,
    diags: &mut Diagnostics,
) {
    let dir = root.join(top);
    if !dir.exists() && std::fs::symlink_metadata(&dir).is_err() {
        return;
    }
    let walker = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    let mut items = walker.filter_entry(|e| out_dir != Some(e.path()));
    while let Some(item) = items.next() {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                let rel = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| top.to_string());
                diags.push(
                    Diagnostic::error(rule::UNREADABLE, rel, 0, 0)
                        .msg(said!(
                            "无法读取这个文件夹：{e}",
                            "this folder cannot be read: {e}"
                        ))
                        .hint(said!("检查文件的访问权限", "check the file permissions")),
                );
                continue;
            }
        };
        let rel = rel_path(root, item.path());
        if item.path_is_symlink() {
            diags.push(symlink_diag(&rel));
            continue;
        }
        if item.depth() > 0
            && let Err(why) = item
                .file_name()
                .to_str()
                .ok_or_else(not_utf8)
                .and_then(names::check_name)
        {
            diags.push(
                Diagnostic::error(rule::FILE_NAME, rel, 0, 0)
                    .msg(why)
                    .hint(names::name_hint()),
            );
            if item.file_type().is_dir() {
                items.skip_current_dir();
            }
            continue;
        }
        if !item.file_type().is_file() {
            continue;
        }
        match classify(top, &rel) {
            Ok(role) => entries.push(Entry {
                rel,
                abs: item.path().to_path_buf(),
                role,
            }),
            Err(hint) => diags.push(
                Diagnostic::error(rule::STRAY_FILE, rel, 0, 0)
                    .msg(said!(
                        "这个文件不属于站点格式",
                        "this file is not part of the site format"
                    ))
                    .hint(hint),
            ),
        }
    }
}

fn not_utf8() -> Said {
    said!(
        "名称不是有效的 UTF-8 文字",
        "the name is not valid UTF-8 text"
    )
}

fn symlink_diag(rel: &str) -> Diagnostic {
    Diagnostic::error(rule::SYMLINK, rel, 0, 0)
        .msg(said!(
            "站点中不能有符号链接",
            "symbolic links are not allowed in a site"
        ))
        .hint(said!(
            "把链接换成它所指向的文件的副本",
            "replace the link with a copy of the file it points to"
        ))
}

fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The role of a file by its relative path, or a hint saying where such a file belongs.
fn classify(top: &str, rel: &str) -> Result<Role, Said> {
    let parts: Vec<&str> = rel.split('/').collect();
    match top {
        "templates" => Ok(Role::Template {
            name: parts[1..].join("/"),
        }),
        "static" => Ok(Role::Static {
            rel: parts[1..].join("/"),
        }),
        _ => classify_content(&parts[1..]),
    }
}

fn classify_content(parts: &[&str]) -> Result<Role, Said> {
    const LAYOUT_ZH: &str = "content/ 中放 _index.md 和每个地区一个文件夹（其中有 region.yaml 和四位数字的年度文件夹；年度文件夹中有 _index.md、summary.yaml 和 goals、ex-ante、monitoring、self-evaluations、evaluations 几个文件夹）";
    const LAYOUT: &str = "content/ holds _index.md and one folder per region (region.yaml and four-digit year folders with _index.md, summary.yaml and the folders goals, ex-ante, monitoring, self-evaluations, evaluations)";
    let owned = |s: &str| s.to_string();
    match parts {
        ["_index.md"] => Ok(Role::HomePage),
        [region, "region.yaml"] => Ok(Role::RegionFile {
            region: owned(region),
        }),
        [region, year, "_index.md"] => Ok(Role::YearPage {
            region: owned(region),
            year: owned(year),
        }),
        [region, year, "summary.yaml"] => Ok(Role::Summary {
            region: owned(region),
            year: owned(year),
        }),
        [region, year, folder, file] => {
            let kind = Kind::from_folder(folder).ok_or_else(|| {
                said!(
                    "`{folder}` 不是存放记录的文件夹：请用 goals、ex-ante、monitoring、self-evaluations 或 evaluations",
                    "`{folder}` is not a record folder: use goals, ex-ante, monitoring, self-evaluations or evaluations"
                )
            })?;
            let markdown = file.ends_with(".md");
            if file.ends_with(".yaml") || (markdown && kind == Kind::Evaluation) {
                Ok(Role::Record {
                    region: owned(region),
                    year: owned(year),
                    kind,
                    markdown,
                })
            } else if markdown {
                Err(said!(
                    "只有评价报告可以写成 .md 文件；请把这条记录写成 .yaml",
                    "only evaluations may be written as .md files; write this record as .yaml"
                ))
            } else {
                Err(said!(
                    "记录文件以 .yaml 结尾（请改名，或把它移出 content/）；{LAYOUT_ZH}",
                    "record files end in .yaml (rename it, or remove it from content/); {LAYOUT}"
                ))
            }
        }
        _ => Err(said!(
            "请移走或删除这个文件：{LAYOUT_ZH}",
            "move or remove it: {LAYOUT}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_layout() {
        assert_eq!(
            classify("content", "content/yuli/2023/goals/a.yaml"),
            Ok(Role::Record {
                region: "yuli".into(),
                year: "2023".into(),
                kind: Kind::Goal,
                markdown: false
            })
        );
        assert!(classify("content", "content/yuli/2023/goals/a.md").is_err());
        assert!(classify("content", "content/yuli/2023/evaluations/a.md").is_ok());
        assert!(classify("content", "content/yuli/notes.txt").is_err());
        assert!(classify("content", "content/yuli/2023/goal/a.yaml").is_err());
        assert!(classify("content", "content/yuli/2023/goals/sub/a.yaml").is_err());
    }
}
