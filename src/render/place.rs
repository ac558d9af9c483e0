//! Where a language's site sits among the languages of its help center:
//! its output folder, every language's pages and which translations are
//! outdated.

use crate::render::alternates::Alternates;

/// Where a site sits among the languages of its help center.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// Output folder of the site (`es/`), empty for the original language.
    pub prefix: &'a str,
    /// Every language's pages.
    pub alternates: &'a Alternates,
    /// Per article: a translation whose original was updated after it.
    pub outdated: &'a [bool],
}

/// The languages of a help center in one language: none to switch to.
static NO_ALTERNATES: Alternates = Alternates {
    languages: Vec::new(),
};

impl Place<'static> {
    /// A help center in one language.
    pub fn single() -> Place<'static> {
        Place {
            prefix: "",
            alternates: &NO_ALTERNATES,
            outdated: &[],
        }
    }
}

impl Place<'_> {
    /// Whether the site is the original language's, at the help center's
    /// root (where the files of the whole help center go: the 404 page, the
    /// sitemap, robots.txt, the theme's files and content assets).
    pub fn is_root(&self) -> bool {
        self.prefix.is_empty()
    }

    /// The original's URL when article `i` is a translation its original
    /// was updated after.
    pub fn outdated_original(&self, i: usize, url_path: &str) -> Option<String> {
        if !self.outdated.get(i).copied().unwrap_or(false) {
            return None;
        }
        let original = self.alternates.languages.first()?;
        Some(format!("{}{url_path}", original.base_path))
    }
}
