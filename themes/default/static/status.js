/* helpbook: known issues without a rebuild ([status] live in book.toml).

   Loaded only when `[status] live` is set: fetches that file (the format of
   schemas/status-v1.json: {"version": 1, "issues": [{"id", "title", "severity", "start", "end",
   "affects", "body"}]}) without the browser's cache, then
   - clears a notice the build wrote (and its entry under "Current issues" on the status page,
     and its search badge) when the file lists its id with an `end` in the past;
   - shows an issue the page did not know of, as a one-line notice that opens to its text, when
     it is current (started, not ended) and its `affects` names this page (or is empty: the
     whole help center); on the status page, under "Current issues"; and as a badge on search
     results for the pages it affects.
   A missing, unreadable or unknown-version file changes nothing and logs nothing: the page stays
   as built. Nothing here runs on a timer; a reload fetches the file again. */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-status-live]");
  var source = script && script.getAttribute("data-status-live");
  if (!source || !window.fetch || !window.URL) return;

  var strings = {};
  try { strings = JSON.parse(document.getElementById("hb-strings").textContent) || {}; } catch (e) { strings = {}; }
  var EN = { announcement_warning: "Known issue", announcement_outage: "Service disruption", announcement_notice: "Notice", status_notice_more: "All known issues" };
  function str(key) { return typeof strings[key] === "string" ? strings[key] : EN[key]; }

  var SEVERITIES = { info: "announcement_notice", warning: "announcement_warning", outage: "announcement_outage" };
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

  /* A date (the whole day, in the reader's time zone) or an RFC 3339 time, as a time value;
     NaN when it is neither. `endOfDay` makes a date mean its last moment. */
  function time(text, endOfDay) {
    if (typeof text !== "string") return NaN;
    if (DATE.test(text)) {
      var p = text.split("-");
      return endOfDay ? new Date(+p[0], p[1] - 1, +p[2], 23, 59, 59, 999).getTime() : new Date(+p[0], p[1] - 1, +p[2]).getTime();
    }
    return Date.parse(text);
  }

  /* The entries of a version 1 file that can be used; anything else is left out. */
  function entries(data) {
    if (!data || data.version !== 1 || !Array.isArray(data.issues)) return null;
    return data.issues.filter(function (e) {
      return e && typeof e.id === "string" && ID.test(e.id) && typeof e.title === "string" && e.title &&
        !isNaN(time(e.start, false)) && (e.end == null || e.end === "" || !isNaN(time(e.end, true)));
    }).map(function (e) {
      return {
        id: e.id,
        title: e.title,
        severity: SEVERITIES[e.severity] ? e.severity : "warning",
        start: time(e.start, false),
        end: e.end ? time(e.end, true) : Infinity,
        affects: Array.isArray(e.affects) ? e.affects.filter(function (a) { return typeof a === "string"; }).map(path) : [],
        body: typeof e.body === "string" ? e.body : ""
      };
    });
  }

  /* The URL path an `affects` entry names, resolved like a link of this page. */
  function path(url) {
    try { return new URL(url, location.href).pathname; } catch (e) { return ""; }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /* A one-line notice that opens to the issue's text, like the build's compact notices. */
  function notice(issue, inContainer) {
    var id = "issue-live-" + issue.id + "-title";
    var section = el("section", "announcement announcement-" + issue.severity + " announcement-compact status-notice");
    section.setAttribute("aria-labelledby", id);
    section.setAttribute("data-issue", issue.id);
    section.setAttribute("data-status-live-issue", "");
    var details = el("details", (inContainer ? "container " : "") + "announcement-inner");
    var summary = el("summary", "announcement-summary");
    summary.appendChild(el("span", "announcement-label", str(SEVERITIES[issue.severity])));
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(el("span", "announcement-title", issue.title)).id = id;
    details.appendChild(summary);
    var body = el("div", "announcement-body");
    if (issue.body) body.appendChild(el("p", null, issue.body));
    var statusPage = document.querySelector("footer a[href$='/status/']");
    if (statusPage) {
      var more = el("p", "status-notice-more");
      var link = el("a", null, str("status_notice_more"));
      link.href = statusPage.getAttribute("href");
      more.appendChild(link);
      body.appendChild(more);
    }
    details.appendChild(body);
    section.appendChild(details);
    return section;
  }

  var issues = null;
  var builtBadges = null;

  /* The search badges: the build's, less the cleared issues, plus the current new ones. */
  function badges(now) {
    if (!builtBadges) {
      try { builtBadges = JSON.parse(document.getElementById("hb-status").textContent) || {}; } catch (e) { builtBadges = {}; }
    }
    var byId = {};
    issues.forEach(function (issue) { byId[issue.id] = issue; });
    var map = {};
    Object.keys(builtBadges).forEach(function (url) {
      var known = byId[builtBadges[url].id];
      if (!known || (known.start <= now && now <= known.end)) map[url] = builtBadges[url];
    });
    issues.forEach(function (issue) {
      if (issue.start > now || now > issue.end) return;
      issue.affects.forEach(function (url) {
        if (!map[url]) map[url] = { id: issue.id, title: issue.title, severity: issue.severity };
      });
    });
    window.helpbookStatus = map;
  }

  /* Shows and clears what the file says, on this page as it is now (a tree's step may have
     been swapped in since). */
  function apply() {
    if (!issues) return;
    var now = Date.now();
    var here = location.pathname;
    issues.forEach(function (issue) {
      var current = issue.start <= now && now <= issue.end;
      var shown = document.querySelectorAll("[data-issue=\"" + issue.id + "\"]");
      Array.prototype.forEach.call(shown, function (node) {
        if (node.closest("[data-status-keep]")) return; // planned and past issues stay listed
        node.hidden = !current;
      });
      if (!current || shown.length) return;
      var list = document.querySelector("[data-status-current]");
      if (list) {
        var item = el("li", "status-issue status-issue-" + issue.severity);
        item.setAttribute("data-issue", issue.id);
        item.appendChild(el("p", "status-issue-label", str(SEVERITIES[issue.severity])));
        item.appendChild(el("h3", null, issue.title));
        if (issue.body) item.appendChild(el("p", null, issue.body));
        list.appendChild(item);
        return;
      }
      if (issue.affects.length && issue.affects.indexOf(here) < 0) return;
      var slot = document.querySelector("[data-status-step]") || document.querySelector("[data-status-notices]");
      if (slot) slot.appendChild(notice(issue, !slot.hasAttribute("data-status-step")));
    });
    var none = document.querySelector("[data-status-none]");
    var list = document.querySelector("[data-status-current]");
    if (none && list) {
      none.hidden = Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
    }
    badges(now);
  }

  fetch(source, { cache: "no-store", credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      issues = entries(data);
      apply();
    })
    .catch(function () { /* a broken file changes nothing */ });

  // A troubleshooter's next step is swapped in by tree.js: show its issues too.
  document.addEventListener("helpbook:tree-step", apply);
})();
