//! Integration tests: one binary. Fixture sites are copied into temporary folders, changed,
//! and built or checked with the real `gongkai` binary.

mod build;
mod child;
mod corpus;
mod errors;
mod interrupt;
mod limits;
mod paths;
mod repro;
mod support;
mod xss;
