//! Integration tests: one binary. Fixture sites are copied into temporary folders, changed,
//! and built or checked with the real `gongkai` binary.

mod attack;
mod build;
mod child;
mod corpus;
mod counts;
mod dates;
mod derive;
mod docs;
mod errors;
mod figures;
mod forms;

mod golden;
mod import;
mod import_errors;
mod import_kept;
mod indicators_view;
mod interrupt;
mod layers;
mod limits;
mod lines;
mod messages_zh;
mod mistakes;
mod pages;
mod partial;
mod paths;
mod portal;
mod portal_data;
mod projects;
mod quiet;
mod recipes;
mod repro;
mod rules;
mod scoring;
mod sealed;
mod search;
mod serve;
mod statics;
mod support;
mod text;
mod web;
mod workbook;
mod workflow;
mod xss;
mod yearpage;
