//! "Did you mean": the likely intended word among candidates, by the typo
//! distance people make (optimal string alignment), bounded so that a large
//! site's broken links can each meet every page cheaply.

/// The closest of `candidates` to `word`, if it is close enough to be a likely
/// typo (optimal string alignment distance: edits and swapped letters).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|c| {
            let allowed = (c.chars().count() / 3).max(2);
            edit_distance_within(&word_lower, &c.to_lowercase(), allowed).map(|d| (d, c))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The edit distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of neighbours: the typos people make), when it
/// is at most `max`. Cheap bounds rule most pairs out first: a large site's
/// broken links are each compared with every page.
pub(crate) fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max * 4 {
        return None; // a character is at most four bytes
    }
    // Bytes one has and the other lacks: every edit changes at most one
    // character on each side (a swap, none), so this never overestimates.
    let mut counts = [0u16; 256];
    for &byte in a.as_bytes() {
        counts[usize::from(byte)] += 1;
    }
    let mut matched = 0;
    for &byte in b.as_bytes() {
        let count = &mut counts[usize::from(byte)];
        if *count > 0 {
            *count -= 1;
            matched += 1;
        }
    }
    let (extra, missing) = (a.len() - matched, b.len() - matched);
    // A character is up to four bytes, so divide to stay a lower bound.
    if extra.max(missing).div_ceil(4) > max {
        return None;
    }
    if !(a.is_ascii() && b.is_ascii()) {
        let distance = strsim::osa_distance(a, b);
        return (distance <= max).then_some(distance);
    }
    osa_ascii_within(a.as_bytes(), b.as_bytes(), max)
}

/// [`strsim::osa_distance`] over bytes, when at most `max`: only the cells
/// within `max` of the diagonal are computed (the others are over `max`
/// anyway), and it gives up as soon as a whole row is over `max` (no later
/// row can come back under it).
fn osa_ascii_within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let over = max + 1;
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![over; width];
    let mut previous: Vec<usize> = (0..width).map(|j| j.min(over)).collect();
    let mut current: Vec<usize> = vec![over; width];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        current[0] = i.min(over);
        if lo > 1 {
            current[lo - 1] = over;
        }
        let mut row_min = current[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best.min(over);
            row_min = row_min.min(current[j]);
        }
        if hi < b.len() {
            current[hi + 1] = over;
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances_are_bounded_exactly() {
        assert_eq!(edit_distance_within("keywords", "keywrods", 2), Some(1));
        assert_eq!(edit_distance_within("abc", "abc", 0), Some(0));
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("contraseña", "contrasena", 1), Some(1));
        assert_eq!(edit_distance_within("a", "abcdefghij", 3), None);
        // The same distances as strsim's, early exit or not.
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "password",
            "pasword",
            "passwrod",
            "reset-your-password",
            "reset-password",
            "ca",
            "abc",
        ];
        for a in words {
            for b in words {
                let exact = strsim::osa_distance(a, b);
                for max in 0..6 {
                    let expected = (exact <= max).then_some(exact);
                    assert_eq!(
                        edit_distance_within(a, b, max),
                        expected,
                        "{a:?} {b:?} {max}"
                    );
                }
            }
        }
        // The byte-count bound never rules out a pair within reach.
        for (a, b) in [("añb", "anb"), ("résumé", "resume"), ("日本語", "日本")] {
            let exact = strsim::osa_distance(a, b);
            assert_eq!(edit_distance_within(a, b, exact), Some(exact), "{a} {b}");
        }
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["title", "keywords", "description"];
        assert_eq!(did_you_mean("keywrods", keys), Some("keywords"));
        assert_eq!(did_you_mean("Title", keys), Some("title"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
