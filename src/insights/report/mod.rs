//! `helpbook insights`: the report on what readers did, from the events
//! of a period joined with the help center's current content.
//!
//! - [`source`] reads the events (`--db`, `--events`); [`period`] is the
//!   days covered; [`content`] maps the site's URL paths to articles, trees
//!   and steps; [`looser`] runs the search engine on today's content;
//! - the parts: [`searches`], [`votes`], [`trees`], [`activity`]
//!   (channels, unreached articles, days), [`spikes`], put together by
//!   [`build`] into a [`model::InsightsReport`];
//! - the outputs: [`text`], [`html`], JSON ([`model::InsightsReport::to_json`])
//!   and [`suggest`] (`--suggest-tests`).

pub mod activity;
pub mod build;
pub mod content;
pub(crate) mod format;
pub mod html;
pub mod looser;
pub mod model;
pub mod period;
pub(crate) mod reader_text;
pub mod searches;
pub mod source;
pub mod spikes;
pub mod suggest;
pub mod text;
pub mod trees;
pub mod votes;

pub use build::{build, check_language, in_language, Options};
pub use content::Content;
pub use looser::Indexes;
pub use model::InsightsReport;
pub use period::{Period, Since};
