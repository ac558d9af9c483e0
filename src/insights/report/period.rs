//! The period a report covers: `--since 30d` (the last 30 days, today
//! included), `--since 7d` or `--since 2026-11-01` (that day to today), in
//! whole UTC days, and the period of the same length just before it (for
//! trends). "Now" is `SOURCE_DATE_EPOCH` when set (reproducible reports,
//! tests), else the clock.

use jiff::civil::Date;
use jiff::ToSpan;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Longest period, in days (ten years).
const MAX_DAYS: i64 = 3_660;

/// What `--since` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// The last `n` days, today included (`30d`).
    Days(i64),
    /// From this day (UTC) to today (`2026-11-01`).
    Date(Date),
}

impl std::str::FromStr for Since {
    type Err = String;

    fn from_str(text: &str) -> Result<Since, String> {
        let text = text.trim();
        if let Some(number) = text.strip_suffix('d') {
            return match number.parse::<i64>() {
                Ok(n) if (1..=MAX_DAYS).contains(&n) => Ok(Since::Days(n)),
                _ => Err(format!(
                    "`{text}` is not a number of days from 1 to {MAX_DAYS}: write 30d, 7d or a date (2026-11-01)"
                )),
            };
        }
        text.parse::<Date>().map(Since::Date).map_err(|_| {
            format!("`{text}` is neither a number of days (30d, 7d) nor a date (2026-11-01)")
        })
    }
}

/// Whole UTC days, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub first: i64,
    /// The last day (today).
    pub last: i64,
}

impl Period {
    /// The period `since` describes, ending on the day of `now` (seconds
    /// since 1970). `Err` for a date after today.
    pub fn new(since: Since, now: i64) -> Result<Period, String> {
        let last = now.div_euclid(DAY);
        let first = match since {
            Since::Days(n) => last - (n - 1),
            Since::Date(date) => {
                let first = day_number(date);
                if first > last {
                    return Err(format!("--since {date} is after today ({})", date_of(last)));
                }
                if last - first >= MAX_DAYS {
                    return Err(format!("--since {date} is more than {MAX_DAYS} days ago"));
                }
                first
            }
        };
        Ok(Period { first, last })
    }

    /// How many days it has.
    pub fn days(&self) -> i64 {
        self.last - self.first + 1
    }

    /// The period of the same length just before.
    pub fn previous(&self) -> Period {
        Period {
            first: self.first - self.days(),
            last: self.first - 1,
        }
    }

    /// Its first second.
    pub fn start_time(&self) -> i64 {
        self.first * DAY
    }

    /// The second after its end.
    pub fn end_time(&self) -> i64 {
        (self.last + 1) * DAY
    }

    /// Whether `time` (seconds since 1970) falls in it.
    pub fn contains(&self, time: i64) -> bool {
        (self.start_time()..self.end_time()).contains(&time)
    }

    /// The day of `time` counted from the first day, when inside.
    pub fn day_index(&self, time: i64) -> Option<usize> {
        self.contains(time)
            .then(|| usize::try_from(time.div_euclid(DAY) - self.first).ok())
            .flatten()
    }

    /// The date of the `i`th day.
    pub fn date(&self, i: usize) -> String {
        date_of(self.first + i as i64)
    }
}

/// The day number of a date.
fn day_number(date: Date) -> i64 {
    let epoch = Date::constant(1970, 1, 1);
    i64::from((date - epoch).get_days())
}

/// `2026-05-28` for a day number.
pub fn date_of(day: i64) -> String {
    Date::constant(1970, 1, 1)
        .checked_add(day.days())
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The date (UTC) of `time`, seconds since 1970.
pub fn date_of_time(time: i64) -> String {
    date_of(time.div_euclid(DAY))
}

/// Now, in seconds since 1970: `SOURCE_DATE_EPOCH` when set, else the
/// clock.
pub fn now() -> Result<i64, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH is not a number of seconds: `{value}`")),
        Err(_) => Ok(jiff::Timestamp::now().as_second()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_days_and_dates() {
        assert_eq!("30d".parse::<Since>(), Ok(Since::Days(30)));
        assert!(matches!("2026-11-01".parse::<Since>(), Ok(Since::Date(_))));
        assert!("0d".parse::<Since>().is_err());
        assert!("month".parse::<Since>().is_err());
    }

    #[test]
    fn periods_are_whole_utc_days() {
        // 2026-05-28T13:46:40Z
        let now = 1_780_000_000;
        let p = Period::new(Since::Days(7), now).unwrap();
        assert_eq!(p.date(0), "2026-05-22");
        assert_eq!(date_of(p.last), "2026-05-28");
        assert_eq!(p.days(), 7);
        assert_eq!(date_of(p.previous().first), "2026-05-15");
        assert!(p.contains(now));
        assert!(!p.contains(p.end_time()));
        assert_eq!(p.day_index(p.start_time()), Some(0));
        let d = Period::new("2026-05-01".parse().unwrap(), now).unwrap();
        assert_eq!(d.days(), 28);
        assert!(Period::new("2026-06-01".parse().unwrap(), now).is_err());
    }
}
