//! Command-line definitions. The doc comment on each flag is its `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;

/// gongkai (公开): build a budget performance disclosure website from YAML records.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about, long_about = None, args_override_self = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: zh (Chinese) or en (English) [default: the site's language,
    /// else the locale's, else zh]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

/// `--lang`: the language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line
    Human,
    /// one JSON object per line: rule, severity, path, line, column, message, hint
    Json,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// 绩效目标表: goals/
    #[value(alias = "goals")]
    Goal,
    /// 绩效自评表: self-evaluations/
    #[value(
        name = "self_evaluation",
        alias = "self-evaluation",
        alias = "self-evaluations"
    )]
    SelfEvaluation,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the site and build it into the output folder
    Build {
        /// The site folder (holding site.yaml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The output folder [default: SITE/public]
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print the time each stage took
        #[arg(long)]
        timings: bool,
        /// The previous publication's data/manifest.json, when the output folder does not
        /// hold it (e.g. a fresh CI checkout): the 更新记录 page lists changes since then
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// The build cache's folder, kept between builds so that the next build makes again
        /// only what changed [default: OUTPUT's parent/.gongkai-cache-<OUTPUT's name>]
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache: Option<PathBuf>,
        /// Build everything afresh, without reading or writing the build cache
        #[arg(long)]
        no_cache: bool,
        /// How to print diagnostics (json: on stdout, as `check --format json` does, the leak
        /// audit's E080 included; the closing line stays on stderr)
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check the site's content without writing anything
    Check {
        /// The site folder (holding site.yaml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings (figures that do not reconcile) as errors
        #[arg(long)]
        strict: bool,
        /// Show diagnostics about withheld content in full (files, ids, values): for the
        /// author's own terminal, never for CI logs
        #[arg(long)]
        show_withheld: bool,
    },
    /// Import goals or self-evaluations from a spreadsheet (.xlsx or .csv) into record files
    Import {
        /// The spreadsheet: an .xlsx workbook, or a .csv file (UTF-8 or GB18030)
        file: PathBuf,
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The region folder under content/ to import into
        #[arg(long)]
        region: String,
        /// The fiscal year, four digits
        #[arg(long, value_parser = clap::value_parser!(u16).range(1949..=2199))]
        year: u16,
        /// What the spreadsheet holds: goals (绩效目标表) or self-evaluations (绩效自评表)
        #[arg(long, value_enum)]
        kind: ImportKind,
        /// Replace record files that already exist (their disclosure settings are kept)
        #[arg(long)]
        force: bool,
        /// Read and check everything, print what would be written, write nothing
        #[arg(long)]
        dry_run: bool,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Create a new site, ready to build, in a new or empty folder
    New {
        /// The folder to create the site in
        dir: PathBuf,
    },
    /// Preview the site locally; pages rebuild and reload as files change
    Serve {
        /// The site folder (holding site.yaml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (0: any free port) [default: 8000, or the next free one]
        #[arg(short, long)]
        port: Option<u16>,
        /// The address to listen on; 0.0.0.0 shows the preview to other machines
        #[arg(short, long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Scan an existing output folder for withheld values
    Audit {
        /// The site folder (holding site.yaml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The output folder [default: SITE/public]
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}
