//! "Did you mean" for links to files that do not exist: the existing path a
//! writer most likely meant, found without comparing the link with every
//! file of the help center (after a migration, every article can have a
//! broken link, and comparing each with every page was quadratic: 76,000
//! broken links on 10,000 articles took `check` 74 seconds).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::base::did_you_mean::edit_distance_within;

/// The files links can point to, arranged for suggestions: by folder, then
/// by the length of their names, and by name.
#[derive(Debug, Default)]
pub(crate) struct PathSuggester {
    /// Folder (`account`, `""` at the root) → its files' names, by length in
    /// characters, with their whole paths.
    folders: BTreeMap<String, BTreeMap<usize, Vec<(String, String)>>>,
    /// File name → the paths of the files with that name, sorted.
    by_name: HashMap<String, Vec<String>>,
    /// Missing path → its two nearest files: many links often share one
    /// missing target (an article that was renamed).
    nearest: Mutex<HashMap<String, Nearest>>,
}

/// The two nearest files to a missing path, by (distance, path).
type Nearest = [Option<(usize, String)>; 2];

impl PathSuggester {
    /// Arranges `paths` (relative to `content/`, `/`-separated).
    pub(crate) fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> PathSuggester {
        let mut suggester = PathSuggester::default();
        for path in paths {
            let (folder, name) = split(path);
            suggester
                .folders
                .entry(folder.to_string())
                .or_default()
                .entry(name.chars().count())
                .or_default()
                .push((name.to_string(), path.to_string()));
            suggester
                .by_name
                .entry(name.to_string())
                .or_default()
                .push(path.to_string());
        }
        for paths in suggester.by_name.values_mut() {
            paths.sort_unstable();
        }
        suggester
    }

    /// The existing path a link to `path` most likely meant, other than
    /// `exclude` (the linking file): a small typo in the folder or the
    /// name (the allowed distance depends on the name's length, so a long
    /// shared folder does not make unrelated names look close), else the
    /// only file with the same name in another folder.
    pub(crate) fn suggest(&self, path: &str, exclude: &str) -> Option<String> {
        self.search(path, exclude).0
    }

    /// [`suggest`](Self::suggest), and how many file names it compared the
    /// link's with (a test keeps that far below the number of files).
    fn search(&self, path: &str, exclude: &str) -> (Option<String>, usize) {
        let known = self.nearest.lock().ok().and_then(|n| n.get(path).cloned());
        let (nearest, compared) = match known {
            Some(nearest) => (nearest, 0),
            None => {
                let (nearest, compared) = self.nearest_two(path);
                if let Ok(mut memo) = self.nearest.lock() {
                    memo.insert(path.to_string(), nearest.clone());
                }
                (nearest, compared)
            }
        };
        let typo = nearest
            .iter()
            .flatten()
            .map(|(_, p)| p.as_str())
            .find(|p| *p != exclude);
        if let Some(typo) = typo {
            return (Some(typo.to_string()), compared);
        }
        let (_, name) = split(path);
        let same_name: Vec<&str> = self
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|p| *p != exclude)
            .collect();
        let only = match same_name.as_slice() {
            [only] => Some(only.to_string()),
            _ => None,
        };
        (only, compared)
    }

    /// The two files nearest to `path` within the allowed distance (a
    /// small typo in the folder or the name; the allowed distance depends
    /// on the name's length, so a long shared folder does not make
    /// unrelated names look close), and how many names were compared.
    fn nearest_two(&self, path: &str) -> (Nearest, usize) {
        let (folder, name) = split(path);
        let allowed = (name.trim_end_matches(".md").chars().count() / 4).clamp(1, 3);
        let length = name.chars().count();
        let mut compared = 0;
        let mut nearest: Nearest = [None, None];
        // Once two candidates are found, only closer ones matter.
        let limit = |nearest: &Nearest| nearest[1].as_ref().map_or(allowed, |(d, _)| *d);
        for (other_folder, names) in &self.folders {
            let Some(apart) = edit_distance_within(folder, other_folder, limit(&nearest)) else {
                continue;
            };
            let left = limit(&nearest) - apart;
            for (_, files) in names.range(length.saturating_sub(left)..=length + left) {
                for (other_name, other_path) in files {
                    compared += 1;
                    let left = limit(&nearest).saturating_sub(apart);
                    let Some(d) = edit_distance_within(name, other_name, left) else {
                        continue;
                    };
                    let candidate = (apart + d, other_path.clone());
                    if nearest[0].as_ref().is_none_or(|best| candidate < *best) {
                        nearest[1] = nearest[0].take();
                        nearest[0] = Some(candidate);
                    } else if nearest[1].as_ref().is_none_or(|second| candidate < *second) {
                        nearest[1] = Some(candidate);
                    }
                }
            }
        }
        (nearest, compared)
    }
}

/// `account/reset.md` → (`account`, `reset.md`); `reset.md` → (``, `reset.md`).
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_in_the_name_or_the_folder_and_moved_files() {
        let s = PathSuggester::new([
            "account/three.md",
            "account/reset-password.md",
            "faq/reset.md",
            "guide.md",
        ]);
        assert_eq!(s.suggest("account/nowhere.md", "").as_deref(), None);
        assert_eq!(
            s.suggest("account/reset-pasword.md", "").as_deref(),
            Some("account/reset-password.md")
        );
        assert_eq!(
            s.suggest("acount/reset-password.md", "").as_deref(),
            Some("account/reset-password.md")
        );
        assert_eq!(
            s.suggest("billing/reset.md", "").as_deref(),
            Some("faq/reset.md")
        );
        assert_eq!(s.suggest("giude.md", "").as_deref(), Some("guide.md"));
        // Never the linking file itself.
        assert_eq!(
            s.suggest("account/reset-pasword.md", "account/reset-password.md"),
            None
        );
    }

    #[test]
    fn a_remembered_search_still_skips_the_linking_file() {
        let s = PathSuggester::new(["a/reset-password.md", "a/reset-passwords.md", "a/other.md"]);
        assert_eq!(
            s.suggest("a/reset-pasword.md", "").as_deref(),
            Some("a/reset-password.md")
        );
        assert_eq!(
            s.suggest("a/reset-pasword.md", "a/reset-password.md")
                .as_deref(),
            Some("a/reset-passwords.md")
        );
    }

    #[test]
    fn a_suggestion_looks_at_a_few_files_not_all_of_them() {
        // 50 folders of 100 files, names of many lengths.
        let paths: Vec<String> = (0..50)
            .flat_map(|f| {
                (0..100).map(move |n| format!("folder-{f}/{}-{n}.md", "x".repeat(n % 50 + 4)))
            })
            .collect();
        let s = PathSuggester::new(paths.iter().map(String::as_str));
        // One `x` too many in `folder-7/xxxxxxxxxxxx-8.md`.
        let (found, compared) = s.search("folder-7/xxxxxxxxxxxxx-8.md", "");
        assert_eq!(found.as_deref(), Some("folder-7/xxxxxxxxxxxx-8.md"));
        // The same missing path again is remembered, not searched.
        assert_eq!(s.search("folder-7/xxxxxxxxxxxxx-8.md", "").1, 0);
        assert!(
            compared < paths.len() / 10,
            "compared {compared} of {} file names",
            paths.len()
        );
    }
}
