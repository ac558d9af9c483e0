//! The view model: the plain data templates receive (documented for theme
//! authors in `themes/README.md`). Templates never see the internal model or
//! file paths, so the pipeline can change behind this contract.
//!
//! Each view is built next to its type, from the model
//! (`ArticleSummary::new(site, i)`), one file per part of the context:
//! `site` ([`site`]), `page` ([`page`]), the lists of the home and category
//! pages ([`listing`]), the category navigation ([`nav`]), `article` ([`article`]), `tree` ([`tree`], with the
//! JSON `tree.js` reads in [`tree_data`] and the support request in
//! [`request`]), `redirect` ([`redirect`]), the sitemap ([`sitemap`]), a channel's
//! reply time and hours in words and as the data `hours.js` reads ([`hours`]),
//! and known issues ([`status`]).

pub(crate) mod article;
pub(crate) mod date;
pub(crate) mod hours;
pub(crate) mod listing;
pub(crate) mod nav;
pub(crate) mod page;
pub(crate) mod redirect;
pub(crate) mod request;
pub(crate) mod site;
pub(crate) mod sitemap;
pub(crate) mod status;
pub(crate) mod structured;
pub(crate) mod tree;
pub(crate) mod tree_data;

pub(crate) use article::ArticleView;
pub(crate) use listing::{ArticleSummary, HomeView, SectionSummary, SectionView};
pub(crate) use nav::NavItem;
pub(crate) use page::{Crumb, PageView};
pub(crate) use redirect::RedirectView;
pub(crate) use site::{AnnouncementView, SiteView};
pub(crate) use tree::TreeView;
