//! helpbook compiles a folder of Markdown into a static self-service help
//! center.
//!
//! Data flows one way: [`config`] → [`load`] → [`links`] and [`urls`]
//! (validate) → [`render`] and [`search_index`] → [`output`]. Every stage reports problems as
//! [`diagnostic::Diagnostic`] values collected in one [`diagnostic::Report`],
//! so a run shows all of them. `src/main.rs` is a thin command-line layer over
//! [`pipeline`] and [`init`].

// Diagnostics are returned by value on purpose (they are the error type of
// every stage); error paths are cold, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod data;
pub mod diagnostic;
pub mod front_matter;
pub mod init;
pub mod links;
pub mod live;
pub mod load;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod search_index;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod theme;
pub mod translations;
pub mod tree;
pub mod tree_graph;
pub mod tree_pages;
pub mod urls;
pub mod view;
