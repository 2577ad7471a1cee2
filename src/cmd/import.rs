//! `gongkai import`: read a spreadsheet of goals or self-evaluations and write record files.

use super::Exit;
use crate::diag::Lang;
use crate::import::{Options, import};
use crate::said;

/// Imported, content errors (nothing written), or usage or I/O errors (see [`Exit`]).
pub fn run(o: &Options, json: bool, lang: Lang) -> Exit {
    match import(o) {
        Ok(done) => {
            super::print_diagnostics(&done.warnings, json, lang);
            for (name, why) in &done.skipped {
                let why = why.get(lang);
                match lang {
                    Lang::Zh => eprintln!("跳过了工作表 {name}：{why}"),
                    Lang::En => eprintln!("skipped sheet {name}: {why}"),
                }
            }
            for f in &done.files {
                let mut notes = vec![f.origin.get(lang).to_string()];
                if f.replaces {
                    notes.push(said!("替换了原有文件", "replaced").get(lang).into());
                }
                if f.kept_disclosure {
                    notes.push(
                        said!("保留了原有的公开设置", "disclosure kept")
                            .get(lang)
                            .into(),
                    );
                }
                let (rel, title) = (&f.rel, f.title.get(lang));
                let line = match (lang, o.dry_run) {
                    (Lang::Zh, false) => format!("已写入 {rel}  {title}（{}）", notes.join("；")),
                    (Lang::Zh, true) => format!("将写入 {rel}  {title}（{}）", notes.join("；")),
                    (Lang::En, false) => format!("wrote {rel}  {title} ({})", notes.join("; ")),
                    (Lang::En, true) => {
                        format!("would write {rel}  {title} ({})", notes.join("; "))
                    }
                };
                // stdout carries the JSON diagnostics in --format json
                if json {
                    eprintln!("{line}");
                } else {
                    println!("{line}");
                }
            }
            if !json {
                let n = done.files.len();
                let warnings = super::warnings(done.warnings.warning_count());
                let warnings = warnings.get(lang);
                let records = crate::diag::said::count_en(n, "record", "records");
                let line = if o.dry_run {
                    said!(
                        "检查了 {n} 条记录，{warnings}；没有写入任何文件（--dry-run）",
                        "checked {records}, {warnings}; nothing was written (--dry-run)"
                    )
                } else {
                    said!(
                        "导入了 {n} 条记录，{warnings}",
                        "imported {records}, {warnings}"
                    )
                };
                eprintln!("{}", line.get(lang));
            }
            Exit::Ok
        }
        Err(f) => super::failed(f, lang, |d| {
            super::print_diagnostics(d, json, lang);
            if !json {
                let errors = super::errors(d.error_count());
                let errors = errors.get(lang);
                match lang {
                    Lang::Zh => eprintln!("导入未完成：{errors}；没有写入任何文件"),
                    Lang::En => eprintln!("import failed: {errors}; nothing was written"),
                }
            }
        }),
    }
}
