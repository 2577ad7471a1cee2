//! The `gongkai` binary: parse the command line, run a command, exit with its code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format, ImportKind, LangArg};
use gongkai::cmd::{self, Exit};
use gongkai::diag::Lang;

fn main() {
    no_transparent_huge_pages();
    gongkai::format::hash_seeds_per_thread();
    quiet_panics(cmd::lang(None, None));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let exit = if e.use_stderr() { Exit::Io } else { Exit::Ok };
            if e.use_stderr() && usage_lang() == Lang::Zh {
                eprintln!("{}", usage_error_zh(&e));
            }
            let _ = e.print();
            std::process::exit(exit.code());
        }
    };
    if !matches!(cli.command, Command::Serve { .. }) {
        stop_quietly_on_closed_pipe();
    }
    let chosen = cli.lang.map(|l| match l {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    let site = match &cli.command {
        Command::Build { site, .. }
        | Command::Check { site, .. }
        | Command::Audit { site, .. }
        | Command::Import { site, .. }
        | Command::Serve { site, .. } => Some(site.as_path()),
        Command::New { .. } => None,
    };
    let lang = cmd::lang(site, chosen);
    quiet_panics(lang);
    std::process::exit(run(cli.command, lang).code());
}

/// Run one command, its messages in `lang`.
fn run(command: Command, lang: Lang) -> Exit {
    match command {
        Command::Build {
            site,
            output,
            timings,
            previous,
            cache,
            no_cache,
            format,
        } => cmd::build::run(
            &site,
            output.as_deref(),
            previous.as_deref(),
            cmd::build::CacheChoice {
                dir: cache.as_deref(),
                off: no_cache,
            },
            timings,
            format == Format::Json,
            lang,
        ),
        Command::Check {
            site,
            format,
            strict,
            show_withheld,
        } => cmd::check::run(&site, format == Format::Json, strict, show_withheld, lang),
        Command::Audit { site, output } => cmd::audit::run(&site, output.as_deref(), lang),
        Command::Import {
            file,
            site,
            region,
            year,
            kind,
            force,
            dry_run,
            format,
        } => {
            let kind = match kind {
                ImportKind::Goal => gongkai::model::Kind::Goal,
                ImportKind::SelfEvaluation => gongkai::model::Kind::SelfEvaluation,
            };
            let opts = gongkai::import::Options {
                file,
                site,
                region,
                year,
                kind,
                force,
                dry_run,
            };
            cmd::import::run(&opts, format == Format::Json, lang)
        }
        Command::New { dir } => cmd::new::run(&dir, lang),
        Command::Serve { site, port, bind } => cmd::serve::run(&site, port, bind, lang),
    }
}

/// The language of a usage error, before the command line could be read: `--lang` as written,
/// else the locale's (`cmd::lang`).
fn usage_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let chosen = args.iter().enumerate().rev().find_map(|(i, a)| {
        let value = match a.strip_prefix("--lang") {
            Some(v) if v.starts_with('=') => Some(v[1..].to_string()),
            Some("") => args.get(i + 1).cloned(),
            _ => None,
        }?;
        Lang::from_tag(&value)
    });
    cmd::lang(None, chosen)
}

/// A usage error said in Chinese, ahead of clap's own (English) explanation.
fn usage_error_zh(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let arg = e
        .get(ContextKind::InvalidArg)
        .map(|a| format!("`{a}`"))
        .unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识参数 {arg}，可能拼错了或放错了命令"),
        ErrorKind::InvalidSubcommand => {
            "没有这个命令：可用的命令有 build、check、import、new、serve、audit".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 {arg} 的值不对")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必须写的参数 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "没有写要做什么：在 gongkai 后面写一个命令，如 `gongkai build 站点文件夹`".to_string()
        }
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能和前面的参数一起用"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        _ => "命令行写得不对".to_string(),
    };
    format!(
        "错误：{what}。运行 `gongkai --help` 或 `gongkai 命令 --help` 查看用法；下面是英文的详细说明："
    )
}

/// A panic's message could carry a value it was handling, withheld or not: report where it
/// happened, never what it said, in `lang` (until the command's is known, the locale's).
fn quiet_panics(lang: Lang) {
    std::panic::set_hook(Box::new(move |info| {
        let at = info.location().map(|l| (l.file().to_string(), l.line()));
        match (lang, at) {
            (Lang::Zh, Some((file, line))) => eprintln!(
                "错误：gongkai 因内部错误停止（位于 {file}:{line}），原有网站保持不变。请把所运行的命令和这条信息报告给 gongkai 的维护者。"
            ),
            (Lang::Zh, None) => eprintln!(
                "错误：gongkai 因内部错误停止，原有网站保持不变。请把所运行的命令和这条信息报告给 gongkai 的维护者。"
            ),
            (Lang::En, at) => {
                let at = at
                    .map(|(file, line)| format!(" at {file}:{line}"))
                    .unwrap_or_default();
                eprintln!(
                    "error: gongkai stopped on an internal error{at}; the previous output was left as it was. Please report this with the command you ran."
                )
            }
        }
    }));
}

/// `gongkai import … | head`: when the reader of our output goes away, stop as other command-line
/// tools do (SIGPIPE), instead of a panic on the next write. Not for `serve`, whose sockets must
/// not end the preview when a browser closes one (std's sockets do not raise SIGPIPE anyway).
fn stop_quietly_on_closed_pipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: restores the default action of one signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// No transparent huge pages for this process. mimalloc asks for them on the regions it maps;
/// the kernel then clears 2 MiB at each first touch, and a build that makes and drops gigabytes
/// of short-lived values paid for it again and again: a 100,000-record build spent a fifth of
/// its time in the kernel clearing pages (`clear_page_erms`), and took 76 s with them against
/// 55 s without (README, "Performance"). Ordinary pages cost nothing to give up here.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process; no pointer is
    // passed. A kernel that does not know it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc instead of the system allocator: a build makes and drops millions of small values
/// from many threads, and glibc's allocator spent a quarter of a 100,000-record build in
/// malloc and free, growing with the heap (see README, "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
