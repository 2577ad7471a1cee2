//! Commands: thin glue between the command line and the library's stages.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;

/// Print diagnostics to stderr in the chosen format.
pub fn print_diagnostics(d: &crate::diag::Diagnostics, json: bool) {
    if json {
        print!("{}", d.render_json());
    } else {
        eprint!("{}", d.render_human());
    }
}
