//! Dates as the view model writes them: `YYYY-MM-DD` for machines and
//! scripts, words for readers.

use jiff::civil::Date;

use crate::theme::Strings;

/// `YYYY-MM-DD`, or empty when there is no date.
pub(crate) fn iso_date(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// `October 4, 2026` (in the strings' language: `date_format` and the
/// month names).
pub(crate) fn display_date(date: Date, strings: &Strings) -> String {
    let month = strings.get(&format!("month_{}", date.month()));
    strings.fill(
        "date_format",
        &[
            ("month", &month),
            ("day", &date.day().to_string()),
            ("year", &date.year().to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_display_in_words() {
        assert_eq!(
            display_date(jiff::civil::date(2026, 10, 4), &Strings::english()),
            "October 4, 2026"
        );
    }

    #[test]
    fn missing_dates_are_empty() {
        assert_eq!(iso_date(None), "");
        assert_eq!(iso_date(Some(jiff::civil::date(2026, 1, 2))), "2026-01-02");
    }
}
