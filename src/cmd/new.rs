//! `gongkai new DIR`: write a ready site (see `scaffold`) into a new or empty folder.

use super::Exit;
use crate::diag::told::{self, Tell};
use crate::diag::{Lang, Said};
use crate::said;
use anyhow::Result;
use std::path::Path;

/// Written, or an I/O error when DIR is not empty or cannot be written (see [`Exit`]).
pub fn run(dir: &Path, lang: Lang) -> Exit {
    match write(dir) {
        Ok(()) => {
            let (d, public) = (dir.display(), dir.join("public"));
            let public = public.display();
            match lang {
                Lang::Zh => eprintln!(
                    "已在 {d} 建好一个站点：改写 site.yaml 和 content/ 下的文件，然后运行\n  gongkai serve {d}    （在浏览器中预览）\n  gongkai build {d}    （生成网站，写入 {public}）"
                ),
                Lang::En => eprintln!(
                    "created a site in {d}: edit site.yaml and the files under content/, then run\n  gongkai serve {d}    (preview in a browser)\n  gongkai build {d}    (write the site into {public})"
                ),
            }
            Exit::Ok
        }
        Err(e) => super::io_error(
            Said::new(told::text(&e, Lang::Zh), told::text(&e, Lang::En)),
            lang,
        ),
    }
}

fn write(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).told(|| told::reading(dir))?;
        if entries.next().is_some() {
            let d = dir.display();
            return Err(told::told(said!(
                "{d} 不是空文件夹；请给出一个新的或空的文件夹",
                "{d} is not empty; give a new folder, or an empty one"
            )));
        }
    }
    for (rel, text) in crate::scaffold::FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).told(|| told::creating(parent))?;
        }
        std::fs::write(&path, text).told(|| told::writing(&path))?;
    }
    Ok(())
}
