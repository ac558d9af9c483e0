//! The view model: the plain data templates receive (documented for theme
//! authors in `themes/README.md`). Templates never see the internal model or
//! file paths, so the pipeline can change behind this contract.
//!
//! Each view is built next to its type, from the model
//! (`ArticleSummary::new(site, i)`), one file per part of the context:
//! `site` ([`site`]), `page` ([`page`]), the lists of the home and category
//! pages ([`listing`]), `article` ([`article`]), `tree` ([`tree`], with the
//! JSON `tree.js` reads in [`tree_data`] and the support request in
//! [`request`]), `redirect` ([`redirect`]), and the sitemap ([`sitemap`]).

pub mod article;
pub mod date;
pub mod listing;
pub mod page;
pub mod redirect;
pub mod request;
pub mod site;
pub mod sitemap;
pub mod tree;
pub mod tree_data;

pub use article::{ArticleView, TocEntry};
pub use listing::{ArticleSummary, HomeView, SectionSummary, SectionView};
pub use page::{AlternateView, Crumb, PageView};
pub use redirect::RedirectView;
pub use request::RequestView;
pub use site::{AnnouncementView, ChannelView, SearchView, SiteView};
pub use sitemap::{SitemapUrl, SitemapView};
pub use tree::{ChoiceView, MapAnswer, MapNode, NodeView, TreeView};
