//! The site `gongkai new` writes: one body, one year and one record of each kind, with
//! comments, embedded in the binary from `scaffold/`. It passes `check --strict` and builds
//! (tested). No I/O here: `cmd::new` writes the files.

macro_rules! scaffold_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../scaffold/", $path)))),*]
    };
}

/// Every file of the new site: path relative to the site folder, and text.
pub const FILES: &[(&str, &str)] = scaffold_files!(
    ".gitignore",
    "site.yaml",
    "content/_index.md",
    "content/shili/region.yaml",
    "content/shili/2024/_index.md",
    "content/shili/2024/summary.yaml",
    "content/shili/2024/goals/road-maintenance.yaml",
    "content/shili/2024/ex-ante/bridge.yaml",
    "content/shili/2024/monitoring/road-maintenance-2024-05.yaml",
    "content/shili/2024/self-evaluations/road-maintenance.yaml",
    "content/shili/2024/evaluations/road-maintenance.md",
);
