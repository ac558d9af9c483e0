/* helpbook default theme: a channel's reply time in the reader's own clock.

   Loaded on pages whose channels have a structured reply time (book.toml `reply-within`,
   `live`, counted in `[support.hours]`). Each such channel's card (macros.html
   `response_time`) holds the sentence written at build time ("Replies within 4 business
   hours, Monday to Friday 09:00–18:00 Madrid time"), shown as it is without JavaScript, and
   an empty, hidden element whose `data-hours` is the team's schedule:
     {"v":1, "live":false, "within":{"amount":4,"unit":"h","business":true},
      "team":{"zone":"Europe/Madrid","week":[[[540,1080]],…],"holidays":["2026-12-25"]}}
   (`week`: Monday first, each day's open ranges in minutes since midnight, team time).
   This script fills that element in the page's language:
   - `within`: "Expect a reply by Monday 7:00 AM your time". With `business`, the time is
     counted in the team's open hours (hours and minutes), or is the close of the n-th open
     day after today (days); otherwise it is simply now plus the duration.
   - `live`: "Open now" while the team is open, else "Opens at 9:00 AM your time" (today) or
     "Opens Monday at 9:00 AM your time".
   The team's schedule is walked day by day in the team's time zone; turning a team wall
   time into an instant and an instant into the reader's words is left to the browser's Intl
   API (formatToParts in the team's zone gives the zone's offset at any instant; the reader's
   zone is the browser's own). No live region: the line is static text, refreshed each
   minute in case the page stays open. */
(function () {
  "use strict";

  var MINUTE = 60000;
  var MAX_DAYS = 400; // how far ahead the schedule is walked (a year of holidays)
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  var strings = {};
  try { strings = JSON.parse(document.getElementById("hb-strings").textContent) || {}; } catch (e) { strings = {}; }
  var lang = document.documentElement.lang || undefined;

  /* The theme string `key` with its {name} placeholders filled from `values`. */
  function tr(key, values) {
    var text = strings[key] || "";
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  var partFormats = {};
  /* The wall clock in `zone` at instant `ms`: {y, m, d, minutes, weekday (Monday 0)}. */
  function wallClock(ms, zone) {
    var format = partFormats[zone] || (partFormats[zone] = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", weekday: "short", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"
    }));
    var p = {};
    format.formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = part.value; });
    return {
      y: +p.year, m: +p.month, d: +p.day, weekday: WEEKDAYS.indexOf(p.weekday),
      minutes: (+p.hour % 24) * 60 + +p.minute, seconds: +p.second
    };
  }

  /* The offset of `zone` from UTC at instant `ms`, in milliseconds. */
  function offset(ms, zone) {
    var w = wallClock(ms, zone);
    return Date.UTC(w.y, w.m - 1, w.d, 0, w.minutes, w.seconds) - Math.floor(ms / 1000) * 1000;
  }

  /* The instant of wall time `minutes` (may be 1440) on day y-m-d in `zone`. */
  function instant(y, m, d, minutes, zone) {
    var wall = Date.UTC(y, m - 1, d, 0, minutes);
    var guess = wall - offset(wall, zone);
    return wall - offset(guess, zone);
  }

  /* Calls `visit(start, end, dayIndex)` with each open range of the team (instants), in
     order, from the day of `now` on (ranges that ended before `now` skipped, one under way
     starting at `now`), until `visit` returns true; `dayIndex` counts team days from today. */
  function walkOpen(team, now, visit) {
    var today = wallClock(now, team.zone);
    var holidays = team.holidays || [];
    for (var k = 0; k < MAX_DAYS; k++) {
      var day = new Date(Date.UTC(today.y, today.m - 1, today.d + k));
      var iso = day.toISOString().slice(0, 10);
      if (holidays.indexOf(iso) >= 0) continue;
      var ranges = team.week[(day.getUTCDay() + 6) % 7] || [];
      for (var i = 0; i < ranges.length; i++) {
        var y = day.getUTCFullYear(), m = day.getUTCMonth() + 1, d = day.getUTCDate();
        var start = instant(y, m, d, ranges[i][0], team.zone);
        var end = instant(y, m, d, ranges[i][1], team.zone);
        if (end <= now) continue;
        if (visit(Math.max(start, now), end, k, start)) return;
      }
    }
  }

  /* When a reply is due: `within` after `now`, in the team's open time when `business`. */
  function replyBy(data, now) {
    var w = data.within;
    var unit = w.unit === "d" ? 1440 : w.unit === "h" ? 60 : 1;
    if (!w.business || !data.team) return now + w.amount * unit * MINUTE;
    var due = null;
    if (w.unit === "d") {
      var days = 0, lastDay = 0, lastEnd = null;
      walkOpen(data.team, now, function (start, end, k) {
        if (k === 0) return false; // the n-th open day after today
        if (k !== lastDay) { days++; lastDay = k; }
        if (days > w.amount) return true;
        lastEnd = end;
        return false;
      });
      return lastEnd;
    }
    var left = w.amount * unit * MINUTE;
    walkOpen(data.team, now, function (start, end) {
      if (end - start >= left) { due = start + left; return true; }
      left -= end - start;
      return false;
    });
    return due;
  }

  /* The next opening of a live channel after `now`, or `now` itself when open. */
  function nextOpening(data, now) {
    var at = null;
    walkOpen(data.team, now, function (start) { at = start; return true; });
    return at;
  }

  var DAY_MS = 1440 * MINUTE;
  /* `ms` as the reader says a weekday (or a date, a week or more ahead). */
  function dayWords(ms, now) {
    var options = { weekday: "long" };
    if (ms - now >= 6 * DAY_MS) { options.month = "long"; options.day = "numeric"; }
    return new Intl.DateTimeFormat(lang, options).format(new Date(ms));
  }
  function timeWords(ms) {
    return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" }).format(new Date(ms));
  }
  function dayTimeWords(ms, now) {
    var options = { weekday: "long", hour: "numeric", minute: "2-digit" };
    if (ms - now >= 6 * DAY_MS) { options.month = "long"; options.day = "numeric"; }
    return new Intl.DateTimeFormat(lang, options).format(new Date(ms));
  }

  /* The line for one channel at `now`, and whether it is open now (live channels). */
  function line(data, now) {
    if (data.live && data.team) {
      var at = nextOpening(data, now);
      if (at === null) return null;
      if (at <= now) return { text: tr("hours_open_now"), open: true };
      if (new Date(at).toDateString() === new Date(now).toDateString()) {
        return { text: tr("hours_opens_at", { time: timeWords(at) }), open: false };
      }
      return { text: tr("hours_opens_on", { day: dayWords(at, now), time: timeWords(at) }), open: false };
    }
    if (data.within) {
      var due = replyBy(data, now);
      if (due === null) return null;
      return { text: tr("hours_reply_by", { time: dayTimeWords(due, now) }), open: false };
    }
    return null;
  }

  function render() {
    var now = Date.now();
    var elements = document.querySelectorAll("[data-hours]");
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var data;
      try { data = JSON.parse(el.getAttribute("data-hours")); } catch (e) { continue; }
      if (!data || data.v !== 1) continue;
      var result = line(data, now);
      if (!result || !result.text) continue;
      el.textContent = result.text + (el.hasAttribute("data-hours-inline") ? ". " : "");
      el.classList.toggle("is-open", result.open);
      el.hidden = false;
    }
  }

  render();
  setInterval(render, MINUTE);
})();
