//! helpbook compiles a folder of Markdown into a static self-service help
//! center.
//!
//! Data flows one way: [`config`] → [`load`] → [`validate`] → [`render`]
//! and [`index`] → [`write`]. Every stage reports problems as
//! [`base::diagnostic::Diagnostic`] values collected in one
//! [`base::diagnostic::Report`], so a run shows all of them. `src/main.rs`
//! is a thin command-line layer over [`pipeline`] and [`tools`].

// Diagnostics are returned by value on purpose (they are the error type of
// every stage); error paths are cold, so their size does not matter.
#![allow(clippy::result_large_err)]
#![warn(missing_docs, unreachable_pub)]

pub mod base;
pub mod config;
pub mod index;
pub mod insights;
pub mod load;
pub mod markdown;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod theme;
pub mod tools;
pub mod validate;
pub(crate) mod write;
