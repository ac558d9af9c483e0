//! Small formats the text and HTML reports share: trends, percentages,
//! the description of a period.

use super::model::InsightsReport;

/// How `now` compares with `before`: `new`, `+40%`, `−25%`, `=`, or `–`
/// when both are zero.
pub(crate) fn trend(now: u64, before: u64) -> String {
    match (now, before) {
        (0, 0) => "–".into(),
        (_, 0) => "new".into(),
        _ if now == before => "=".into(),
        _ => {
            let change = (now as f64 - before as f64) / before as f64 * 100.0;
            if change >= 0.0 {
                format!("+{:.0}%", change)
            } else {
                format!("−{:.0}%", -change)
            }
        }
    }
}

/// A share as a whole percentage (`55%`), `–` when there is none.
pub(crate) fn percent(share: Option<f64>) -> String {
    match share {
        Some(share) => format!("{:.0}%", share * 100.0),
        None => "–".into(),
    }
}

/// `part` of `whole` as a percentage.
pub(crate) fn percent_of(part: u64, whole: u64) -> String {
    percent(super::model::share(part, whole))
}

/// "2026-04-29 to 2026-05-28 (30 days, UTC), all languages".
pub(crate) fn period_line(report: &InsightsReport) -> String {
    let p = &report.period;
    let language = match &report.language {
        Some(code) => format!("language {code}"),
        None => "all languages".into(),
    };
    let days = if p.days == 1 {
        "1 day".into()
    } else {
        format!("{} days", p.days)
    };
    format!("{} to {} ({days}, UTC), {language}", p.since, p.until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_read_as_changes() {
        assert_eq!(trend(14, 10), "+40%");
        assert_eq!(trend(3, 4), "−25%");
        assert_eq!(trend(5, 0), "new");
        assert_eq!(trend(0, 0), "–");
        assert_eq!(trend(0, 3), "−100%");
        assert_eq!(trend(2, 2), "=");
    }
}
