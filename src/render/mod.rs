//! Rendering: turns the validated [`Site`](crate::model::site::Site) into
//! every page, written into a [`Sink`](crate::write::Sink) as it is made.
//!
//! The picture, from the bottom up:
//!
//! - [`view`]: the view model templates receive (documented in
//!   `themes/README.md`), each view built next to its type from the model;
//! - [`alternates`] and [`place`]: where a language's site sits among the
//!   help center's languages;
//! - [`jobs`]: the pages of a site, each a [`Job`] with its output path;
//! - [`pages`]: each page's context (template, `page` and what it shows),
//!   one function per kind of page;
//! - [`functions`]: `static_url`, `tr`, `tr_json` and `json_script`, the
//!   theme's functions and filter;
//! - [`renderer`]: the [`Renderer`], prepared once per site (templates with
//!   those functions, the context every page shares, the theme's parts),
//!   which renders any one page, and the sitemap and robots.txt;
//! - [`site`]: [`render_site`], every page in parallel into the sink, the
//!   files of the whole help center at its root, and the [`Output`].

pub(crate) mod alternates;
pub(crate) mod functions;
pub(crate) mod jobs;
pub(crate) mod output;
pub(crate) mod pages;
pub(crate) mod place;
pub(crate) mod renderer;
pub(crate) mod site;
pub(crate) mod view;

pub use jobs::Job;
pub use output::{Output, Stats};
pub use pages::RELATED_FALLBACK;
pub use place::Place;
pub use renderer::{Renderer, PARTS_DIR};
pub use site::render_site;
