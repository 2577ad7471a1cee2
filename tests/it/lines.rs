//! What commands print besides diagnostics (summaries, written files) is in the site's language
//! (Chinese for the zh-CN fixtures) unless `--lang` chooses, with counts said right in each.

use crate::support::{ReplaceChecked, Run, Site};

const EX_ANTE: &str = "content/demo/2024/ex-ante/bridge.yaml";

/// `gongkai ARGS` in the site, without `--lang` and with an English locale: the site's language
/// decides.
fn plain(site: &Site, args: &[&str]) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(site.path())
        .env("CI", "true")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn with_one_error() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        EX_ANTE,
        &site
            .read(EX_ANTE)
            .replace_checked("\"560.3万元\"", "\"560.3万\""),
    );
    site
}

#[test]
fn check_and_build_summaries_are_in_chinese_for_a_chinese_site() {
    let site = Site::fixture("minimal");
    let ok = plain(&site, &["check", "."]);
    assert!(ok.stderr.ends_with("检查通过：0 个警告\n"), "{}", ok.stderr);
    let built = plain(&site, &["build", "."]);
    assert!(
        built.stderr.starts_with("已生成网站：") && built.stderr.contains(" 个页面，"),
        "{}",
        built.stderr
    );
    let site = with_one_error();
    let failed = plain(&site, &["check", "."]);
    assert!(
        failed.stderr.ends_with("检查未通过：1 个错误，0 个警告\n"),
        "{}",
        failed.stderr
    );
    let stopped = plain(&site, &["build", "."]);
    assert_eq!(stopped.code, 1);
    assert!(
        stopped
            .stderr
            .ends_with("构建已停止：1 个错误；原有网站保持不变\n"),
        "{}",
        stopped.stderr
    );
}

#[test]
fn english_summaries_count_in_singular_and_plural() {
    let site = with_one_error();
    let failed = site.check();
    assert!(
        failed
            .stderr
            .ends_with("check failed: 1 error, 0 warnings\n"),
        "{}",
        failed.stderr
    );
    let stopped = site.build();
    assert!(
        stopped
            .stderr
            .ends_with("build stopped: 1 error; the previous output was left as it was\n"),
        "{}",
        stopped.stderr
    );
    let strict = Site::fixture("minimal");
    assert!(strict.check().stderr.ends_with("ok: 0 warnings\n"));
}

#[test]
fn import_reports_its_files_in_the_chosen_language() {
    let site = Site::fixture("minimal");
    site.remove("content/demo/2024/self-evaluations/road.yaml");
    crate::import::self_evaluation_form("#90").save(&site.path().join("form.xlsx"));
    let args = [
        "import",
        "form.xlsx",
        "--site",
        ".",
        "--region",
        "demo",
        "--year",
        "2024",
        "--kind",
        "self_evaluation",
    ];
    let dry: Vec<&str> = args.iter().copied().chain(["--dry-run"]).collect();
    let zh = plain(&site, &dry);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(
        zh.stdout
            .starts_with("将写入 content/demo/2024/self-evaluations/"),
        "{}",
        zh.stdout
    );
    assert!(
        zh.stderr
            .ends_with("检查了 1 条记录，4 个警告；没有写入任何文件（--dry-run）\n"),
        "{}",
        zh.stderr
    );
    assert!(zh.stderr.contains("警告[W190]"), "{}", zh.stderr);
    let en = site.run(&dry);
    assert!(
        en.stdout.starts_with("would write content/"),
        "{}",
        en.stdout
    );
    assert!(
        en.stderr
            .ends_with("checked 1 record, 4 warnings; nothing was written (--dry-run)\n"),
        "{}",
        en.stderr
    );
    let wrote = plain(&site, &args);
    assert!(
        wrote
            .stdout
            .starts_with("已写入 content/demo/2024/self-evaluations/"),
        "{}",
        wrote.stdout
    );
    assert!(
        wrote.stderr.ends_with("导入了 1 条记录，4 个警告\n"),
        "{}",
        wrote.stderr
    );
}

#[test]
fn an_error_outside_the_content_is_said_in_the_chosen_language() {
    let site = Site::fixture("minimal");
    let zh = plain(&site, &["audit", ".", "-o", "nowhere"]);
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr.starts_with("错误：") && zh.stderr.contains("请先运行 `gongkai build`"),
        "{}",
        zh.stderr
    );
    let en = site.run(&["audit", ".", "-o", "nowhere"]);
    assert!(
        en.stderr
            .starts_with("error: there is no output folder at nowhere"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_mistyped_command_line_is_said_in_chinese_first() {
    let site = Site::fixture("minimal");
    let zh = plain(&site, &["--lang", "zh", "chek"]);
    assert_eq!(zh.code, 2);
    assert!(
        zh.stderr.starts_with("错误：没有这个命令") && zh.stderr.contains("'check'"),
        "{}",
        zh.stderr
    );
    let zh = plain(&site, &["check", ".", "--bogus", "--lang=zh"]);
    assert!(
        zh.stderr.starts_with("错误：不认识参数 `--bogus`"),
        "{}",
        zh.stderr
    );
    let en = plain(&site, &["check", ".", "--bogus"]);
    assert!(
        en.stderr
            .starts_with("error: unexpected argument '--bogus'"),
        "{}",
        en.stderr
    );
}
