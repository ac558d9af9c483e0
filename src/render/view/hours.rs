//! A channel's structured reply time as readers see it: the sentence
//! written at build time in the page's language ("Replies within 24
//! business hours, Monday to Friday 09:00–18:00 Madrid time"), shown
//! without JavaScript, and the schedule `hours.js` reads from the page
//! (`data-hours`) to say "Expect a reply by Monday 17:00" or "Open now" in
//! the reader's own clock.

use serde_json::json;

use crate::config::hours::DAYS;
use crate::config::{DurationUnit, Hours, ReplyWithin, SupportChannel, TimeRange};
use crate::theme::Strings;

/// The build-time sentence and the script's data of `channel`, whose team
/// works `hours`: both empty when the channel has no structured reply time
/// (`reply-within` or `live`).
pub(crate) fn channel_hours(
    channel: &SupportChannel,
    hours: Option<&Hours>,
    t: &Strings,
) -> (String, String) {
    let schedule = hours.map(|h| schedule(h, t)).filter(|s| !s.is_empty());
    let text = match (channel.live, channel.reply_within, &schedule) {
        (true, _, Some(schedule)) => t.fill("hours_live", &[("schedule", schedule)]),
        (false, Some(within), Some(schedule)) if channel.business_hours => t.fill(
            "hours_reply_within_schedule",
            &[
                ("duration", &duration(within, true, t)),
                ("schedule", schedule),
            ],
        ),
        (false, Some(within), _) => t.fill(
            "hours_reply_within",
            &[("duration", &duration(within, false, t))],
        ),
        _ => return (String::new(), String::new()),
    };
    (text, data(channel, hours))
}

/// `24 business hours`, `2 days`: the duration in words.
fn duration(within: ReplyWithin, business: bool, t: &Strings) -> String {
    let unit = match within.unit {
        DurationUnit::Minutes => "minutes",
        DurationUnit::Hours => "hours",
        DurationUnit::Days => "days",
    };
    let key = format!(
        "hours_{}{unit}_{}",
        if business { "business_" } else { "" },
        if within.amount == 1 { "one" } else { "other" }
    );
    t.fill(&key, &[("n", &within.amount.to_string())])
}

/// `Monday to Friday 09:00–18:00; Saturday 10:00–14:00 Madrid time`:
/// runs of days with the same hours together, in the team's time zone;
/// empty when the team is never open.
fn schedule(hours: &Hours, t: &Strings) -> String {
    let day = |i: usize| t.get(&format!("hours_day_{}", DAYS[i]));
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (i, ranges) in hours.week.iter().enumerate() {
        if ranges.is_empty() {
            continue;
        }
        match groups.last_mut() {
            Some((_, last)) if *last + 1 == i && hours.week[*last] == *ranges => *last = i,
            _ => groups.push((i, i)),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|&(first, last)| {
            let days = match last - first {
                6 => t.get("hours_every_day"),
                0 => day(first),
                1 => t.fill(
                    "hours_day_pair",
                    &[("first", &day(first)), ("last", &day(last))],
                ),
                _ => t.fill(
                    "hours_day_range",
                    &[("first", &day(first)), ("last", &day(last))],
                ),
            };
            let times: Vec<String> = hours.week[first].iter().map(TimeRange::display).collect();
            format!("{days} {}", times.join(", "))
        })
        .collect();
    if parts.is_empty() {
        return String::new();
    }
    t.fill(
        "hours_in_zone",
        &[("schedule", &parts.join("; ")), ("place", &hours.place())],
    )
}

/// The JSON `hours.js` reads (`data-hours`): the team's time zone, its
/// weekly hours (minutes since midnight, Monday first) and holidays, and
/// the channel's reply time or `live`.
fn data(channel: &SupportChannel, hours: Option<&Hours>) -> String {
    let within = channel.reply_within.map(|w| {
        json!({
            "amount": w.amount,
            "unit": w.unit.as_str(),
            "business": channel.business_hours && hours.is_some(),
        })
    });
    let team = hours.map(|h| {
        json!({
            "zone": h.time_zone,
            "week": h.week.iter().map(|day| {
                day.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>()
            }).collect::<Vec<_>>(),
            "holidays": h.holidays.iter().map(ToString::to_string).collect::<Vec<_>>(),
        })
    });
    json!({ "v": 1, "live": channel.live, "within": within, "team": team }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn strings() -> Strings {
        let mut map = BTreeMap::new();
        for (i, day) in DAYS.iter().enumerate() {
            let name = [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ][i];
            map.insert(format!("hours_day_{day}"), name.to_string());
        }
        for (k, v) in [
            ("hours_day_range", "{first} to {last}"),
            ("hours_day_pair", "{first} and {last}"),
            ("hours_every_day", "every day"),
            ("hours_in_zone", "{schedule} {place} time"),
            ("hours_business_hours_other", "{n} business hours"),
            ("hours_days_one", "{n} day"),
            ("hours_reply_within", "Replies within {duration}"),
            (
                "hours_reply_within_schedule",
                "Replies within {duration}, {schedule}",
            ),
            ("hours_live", "Open {schedule}"),
        ] {
            map.insert(k.to_string(), v.to_string());
        }
        Strings(map)
    }

    fn madrid() -> Hours {
        let r = |start, end| vec![TimeRange { start, end }];
        Hours {
            time_zone: "Europe/Madrid".into(),
            week: [
                r(540, 1080),
                r(540, 1080),
                r(540, 1080),
                r(540, 1080),
                r(540, 1080),
                r(600, 840),
                vec![],
            ],
            holidays: vec![],
        }
    }

    #[test]
    fn sentences_at_build_time() {
        let t = strings();
        let mut c = SupportChannel {
            reply_within: Some(ReplyWithin {
                amount: 24,
                unit: DurationUnit::Hours,
            }),
            business_hours: true,
            ..SupportChannel::default()
        };
        let (text, data) = channel_hours(&c, Some(&madrid()), &t);
        assert_eq!(
            text,
            "Replies within 24 business hours, Monday to Friday 09:00–18:00; Saturday 10:00–14:00 Madrid time"
        );
        assert!(data.contains("\"zone\":\"Europe/Madrid\""), "{data}");
        c.business_hours = false;
        c.reply_within = Some(ReplyWithin {
            amount: 1,
            unit: DurationUnit::Days,
        });
        assert_eq!(
            channel_hours(&c, Some(&madrid()), &t).0,
            "Replies within 1 day"
        );
        c.reply_within = None;
        c.live = true;
        let mut every = madrid();
        every.week = std::array::from_fn(|_| {
            vec![TimeRange {
                start: 480,
                end: 1320,
            }]
        });
        assert_eq!(
            channel_hours(&c, Some(&every), &t).0,
            "Open every day 08:00–22:00 Madrid time"
        );
        c.live = false;
        assert_eq!(
            channel_hours(&c, Some(&madrid()), &t),
            (String::new(), String::new())
        );
    }
}
