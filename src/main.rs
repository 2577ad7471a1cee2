//! The `gongkai` binary: parse the command line, run a command, exit with its code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format};
use gongkai::cmd;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let code = match cli.command {
        Command::Build {
            site,
            output,
            timings,
            previous,
        } => cmd::build::run(&site, output.as_deref(), previous.as_deref(), timings),
        Command::Check {
            site,
            format,
            strict,
        } => cmd::check::run(&site, format == Format::Json, strict),
        Command::Audit { site, output } => cmd::audit::run(&site, output.as_deref()),
        Command::New { dir } => cmd::new::run(&dir),
        Command::Serve { site, port, bind } => cmd::serve::run(&site, port, bind),
    };
    std::process::exit(code);
}
