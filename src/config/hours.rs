//! `[support.hours]`: when the support team works (an IANA time zone,
//! weekly hours, holidays), and how a channel's structured reply time is
//! written (`reply-within = "24h"`). Time zone names are checked against
//! the IANA time zone database that `jiff` bundles, so a build gives the
//! same answer on every machine.

use std::ops::Range;

use jiff::civil::Date;

use crate::base::data::Fields;
use crate::base::did_you_mean::did_you_mean;

/// The days of the week as book.toml names them, Monday first (the order
/// of [`Hours::week`]).
pub(crate) const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Shorthands for several days: `weekdays` (Monday to Friday) and
/// `weekend` (Saturday and Sunday), with the days they stand for; a day's
/// own key wins over them.
const SHORTHANDS: [(&str, Range<usize>); 3] =
    [("every-day", 0..7), ("weekdays", 0..5), ("weekend", 5..7)];

/// What to write for a day's hours, for help lines.
const HOURS_EXAMPLE: &str =
    "monday = \"09:00-18:00\", or a list for a break: monday = [\"09:00-13:00\", \"14:00-18:00\"]";

/// `[support.hours]`: the team's working hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    /// The IANA name of the team's time zone (`Europe/Madrid`).
    pub time_zone: String,
    /// The open hours of each day, Monday first, sorted and not
    /// overlapping; an empty day is closed.
    pub week: [Vec<TimeRange>; 7],
    /// Dates the team is closed whatever the day (`holidays`).
    pub holidays: Vec<Date>,
}

impl Hours {
    /// The place the time zone is named after, for readers: `Madrid` for
    /// `Europe/Madrid`, `New York` for `America/New_York`.
    pub fn place(&self) -> String {
        let last = self.time_zone.rsplit('/').next().unwrap_or(&self.time_zone);
        last.replace('_', " ")
    }
}

/// Open from `start` to `end`, in minutes since midnight (`end` up to
/// 1440, midnight at the end of the day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    /// Opening time, minutes since midnight.
    pub start: u16,
    /// Closing time, minutes since midnight.
    pub end: u16,
}

impl TimeRange {
    /// `09:00–18:00` (with an en dash, as typeset).
    pub fn display(&self) -> String {
        format!("{}–{}", clock(self.start), clock(self.end))
    }
}

/// `HH:MM` of minutes since midnight.
pub(crate) fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The unit of a `reply-within` duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// `30m`.
    Minutes,
    /// `24h`.
    Hours,
    /// `2d`: with `business-hours`, open days.
    Days,
}

impl DurationUnit {
    /// `m`, `h` or `d`: how scripts and theme strings name it.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
        }
    }
}

/// `reply-within`: how long until a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyWithin {
    /// How many units (at least 1).
    pub amount: u32,
    /// Minutes, hours or days.
    pub unit: DurationUnit,
}

/// The help line of a `reply-within` that is not a duration.
pub(crate) const DURATION_HELP: &str =
    "write a whole number and a unit: reply-within = \"30m\" (minutes), \"24h\" (hours) or \"2d\" (days)";

/// `"24h"`, `"24 hours"`, `"2d"`, `"2 days"`, `"30m"`, `"30 minutes"`.
pub(crate) fn parse_duration(text: &str) -> Option<ReplyWithin> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let amount: u32 = text[..digits].parse().ok()?;
    let unit = match text[digits..].trim().to_lowercase().as_str() {
        "m" | "min" | "mins" | "minute" | "minutes" => DurationUnit::Minutes,
        "h" | "hr" | "hrs" | "hour" | "hours" => DurationUnit::Hours,
        "d" | "day" | "days" => DurationUnit::Days,
        _ => return None,
    };
    (1..=10_000)
        .contains(&amount)
        .then_some(ReplyWithin { amount, unit })
}

/// `"09:00"` or `"9:00"` → minutes since midnight; `"24:00"` only when
/// `end` (the end of the day).
fn parse_time(text: &str, end: bool) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    let minutes = h * 60 + m;
    (m < 60 && (h < 24 || (end && minutes == 1440))).then_some(minutes)
}

/// Why a time range could not be read.
#[derive(Debug, PartialEq, Eq)]
enum RangeProblem {
    /// Not `HH:MM-HH:MM`.
    Syntax,
    /// It ends before (or when) it starts.
    Backwards,
}

/// `"09:00-18:00"` (a hyphen or an en dash between the times).
fn parse_range(text: &str) -> Result<TimeRange, RangeProblem> {
    let (start, end) = text
        .split_once('-')
        .or_else(|| text.split_once('–'))
        .ok_or(RangeProblem::Syntax)?;
    let start = parse_time(start, false).ok_or(RangeProblem::Syntax)?;
    let end = parse_time(end, true).ok_or(RangeProblem::Syntax)?;
    if end <= start {
        return Err(RangeProblem::Backwards);
    }
    Ok(TimeRange { start, end })
}

/// Whether `name` is a time zone of the IANA database; otherwise the
/// closest name, for a did-you-mean.
fn check_time_zone(name: &str) -> Result<(), Option<String>> {
    if jiff::tz::db().get(name).is_ok() {
        return Ok(());
    }
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .collect();
    Err(did_you_mean(name, names.iter().map(String::as_str)).map(str::to_string))
}

/// The fields of `[support.hours]` (in `f`): its time zone, days and
/// holidays, every problem recorded in `f` at its line. `None` when the
/// time zone is missing or unknown.
pub(crate) fn read_hours(f: &mut Fields<'_>) -> Option<Hours> {
    let zone_span = f.span_of("time-zone");
    let zone = f.require_string("time-zone", "time-zone = \"Europe/Madrid\"");
    let mut week: [Vec<TimeRange>; 7] = Default::default();
    for (key, days) in SHORTHANDS {
        if let Some(ranges) = read_day(f, key) {
            for day in days {
                week[day].clone_from(&ranges);
            }
        }
    }
    for (day, key) in DAYS.iter().enumerate() {
        if let Some(ranges) = read_day(f, key) {
            week[day] = ranges;
        }
    }
    let holidays = f
        .take_date_list("holidays")
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    if week.iter().all(Vec::is_empty) {
        let span = f.table_span();
        f.error_at(
            &span,
            "[support.hours] has no open hours".into(),
            Some(format!("say when the team works: weekdays = \"09:00-18:00\", or one key per day: {HOURS_EXAMPLE}")),
        );
    }
    let zone = zone?;
    if let Err(suggestion) = check_time_zone(&zone) {
        let help = match suggestion {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => "write an IANA time zone name: time-zone = \"Europe/Madrid\" (or \"America/New_York\", \"Asia/Tokyo\", \"UTC\")".into(),
        };
        f.error_at(
            &zone_span.unwrap_or(0..0),
            format!("`time-zone` in [support.hours] is \"{zone}\", which is not a known time zone"),
            Some(help),
        );
        return None;
    }
    Some(Hours {
        time_zone: zone,
        week,
        holidays,
    })
}

/// One day's (or shorthand's) hours: `None` when the key is absent, an
/// empty list when closed (`[]` or `"closed"`). Ranges that are not
/// times, end before they start or overlap are reported and left out.
fn read_day(f: &mut Fields<'_>, key: &'static str) -> Option<Vec<TimeRange>> {
    f.span_of(key)?;
    let mut ranges: Vec<(TimeRange, Range<usize>)> = Vec::new();
    for (text, span) in f.take_string_list(key) {
        if text.trim().eq_ignore_ascii_case("closed") {
            continue;
        }
        match parse_range(&text) {
            Ok(range) => ranges.push((range, span)),
            Err(RangeProblem::Syntax) => f.error_at(
                &span,
                format!("`{key}` in [support.hours]: \"{text}\" is not a time range"),
                Some(format!("write 24-hour times from-to: {HOURS_EXAMPLE}")),
            ),
            Err(RangeProblem::Backwards) => f.error_at(
                &span,
                format!("`{key}` in [support.hours]: \"{text}\" ends before it starts"),
                Some("write the opening time first; hours past midnight go on the next day: friday = \"20:00-24:00\", saturday = \"00:00-02:00\"".into()),
            ),
        }
    }
    ranges.sort_by_key(|(r, _)| r.start);
    let mut kept: Vec<TimeRange> = Vec::new();
    for (range, span) in ranges {
        match kept.last() {
            Some(last) if range.start < last.end => f.error_at(
                &span,
                format!(
                    "`{key}` in [support.hours]: {} overlaps {}",
                    range.display(),
                    last.display()
                ),
                Some(format!(
                    "make the ranges follow each other, e.g. [\"{}-{}\", \"{}-{}\"]",
                    clock(last.start),
                    clock(last.end),
                    clock(last.end.max(range.start)),
                    clock(range.end.max(last.end))
                )),
            ),
            _ => kept.push(range),
        }
    }
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_with_their_units() {
        let d = |amount, unit| Some(ReplyWithin { amount, unit });
        assert_eq!(parse_duration("24h"), d(24, DurationUnit::Hours));
        assert_eq!(parse_duration("24 hours"), d(24, DurationUnit::Hours));
        assert_eq!(parse_duration("1 hour"), d(1, DurationUnit::Hours));
        assert_eq!(parse_duration("2d"), d(2, DurationUnit::Days));
        assert_eq!(parse_duration(" 30 min "), d(30, DurationUnit::Minutes));
        assert_eq!(parse_duration("0h"), None);
        assert_eq!(parse_duration("a day"), None);
        assert_eq!(parse_duration("24"), None);
        assert_eq!(parse_duration("2 weeks"), None);
    }

    #[test]
    fn time_ranges() {
        assert_eq!(
            parse_range("09:00-18:00"),
            Ok(TimeRange {
                start: 540,
                end: 1080
            })
        );
        assert_eq!(
            parse_range("9:00 – 13:30"),
            Ok(TimeRange {
                start: 540,
                end: 810
            })
        );
        assert_eq!(
            parse_range("20:00-24:00"),
            Ok(TimeRange {
                start: 1200,
                end: 1440
            })
        );
        assert_eq!(parse_range("18:00-09:00"), Err(RangeProblem::Backwards));
        assert_eq!(parse_range("9am-6pm"), Err(RangeProblem::Syntax));
        assert_eq!(parse_range("24:00-24:00"), Err(RangeProblem::Syntax));
        assert_eq!(parse_range("09:60-10:00"), Err(RangeProblem::Syntax));
    }

    #[test]
    fn time_zones_from_the_bundled_database() {
        assert_eq!(check_time_zone("Europe/Madrid"), Ok(()));
        assert_eq!(
            check_time_zone("Europe/Madird"),
            Err(Some("Europe/Madrid".into()))
        );
    }
}
