//! gongkai (公开): a static site generator for budget performance disclosure.
//!
//! A site is read, checked and published in stages, each a module named by its verb (see
//! ARCHITECTURE.md): `load` → `validate` → `figures` → `disclose` → `view` → `format`
//! → `output` (the leak audit, staging, swap). [`pipeline`] is the one driver every command runs:
//! [`check`] then [`pipeline::publish::publish`] into a store. Withheld content is removed
//! once, in `disclose`; everything after it sees only the public model.

pub mod cmd;
pub mod diag;
pub mod disclose;
pub mod figures;
pub mod format;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod scaffold;
pub mod serve;
pub mod validate;
pub mod view;

use diag::Diagnostics;

pub use pipeline::build::{BuildOptions, Report, build, out_dir};
pub use pipeline::publish::Progress;
pub use pipeline::{Checked, Inputs, check};

/// Why a build or check stopped.
#[derive(Debug)]
pub enum Failure {
    /// Content errors: the site must be corrected (exit code 1).
    Content(Diagnostics),
    /// Could not read or write files (exit code 2).
    Io(anyhow::Error),
}
