/* helpbook default theme: insights, what readers do, sent to `[insights] endpoint`.

   Loaded only when book.toml has `[insights] endpoint` (parts/head.html puts the endpoint in
   this script's `data-insights-endpoint`). The format is version 1 of
   schemas/insights-events-v1.json (src/insights/event.rs): a batch
   `{"version":1,"events":[...]}` of these events:
   - search: a search the reader settled on (search-ui.js says when: its results shown and
     typing paused), with the result they opened (rank from 1, URL path) or `opened: null`
     when they searched again or left. One event per settled search.
   - vote: "Was this helpful?" (macros.html `vote`). "Yes" is sent at once; "No" opens an
     optional reason and comment, sent with Send or Skip, or without them when the reader
     leaves the page (or the step) with the form open.
   - tree: on troubleshooters and wizards (tree.js says what happens): `start` when the first
     step is answered, `resolved`/`escalate` when an answer reaches an end step, `leave` when
     the page is hidden at another step during a walk (once per page), with the step's id and
     the `?a=` answers that led there.
   - contact: a support channel's link followed (`data-channel`, its name in book.toml).

   Privacy by construction: no cookies, no storage, no identifiers; pages are sent as paths
   (no query string, no other site); a query that looks like an email address or a phone
   number is sent as "[email]" or "[phone]" (the same rules as `scrub_query` in
   src/insights/event.rs); and nothing at all, the vote widget included, when the browser
   sends Global Privacy Control or Do Not Track.

   Sending: events wait in a queue, sent when the page is hidden or left, when a link is
   about to be followed (a result, a channel), and at once for a vote. Each batch goes out
   with navigator.sendBeacon as text/plain (a CORS "simple" request: no preflight, nothing
   read back), or fetch with keepalive (no-cors, no credentials) where beacons are missing
   or refused. Nothing waits for an answer; a failure is dropped silently. */
(function () {
  "use strict";

  var VERSION = 1;
  var MAX_BATCH = 50;    // events in one batch
  var MAX_QUERY = 200;   // characters of a query
  var MAX_COMMENT = 500; // characters of a comment
  var MAX_URL = 1000;    // characters of a page path
  var MAX_NAME = 200;    // characters of a step id, channel name or answer path
  var REASONS = ["outdated", "did-not-answer", "hard-to-follow", "something-missing"];
  var COUNT_ANNOUNCE_BELOW = 50; // the characters left are read out from here
  var COUNT_ANNOUNCE_AFTER_MS = 1000;

  /* --- scrubbing queries: the rules of scrub_query (src/insights/event.rs) ------------- */

  // Rust's char::is_whitespace (Unicode White_Space), which JavaScript's \s is not quite.
  var WHITESPACE = "\t\n\u000b\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
  function isWhitespace(c) { return c !== "" && WHITESPACE.indexOf(c) >= 0; }

  function trim(text) {
    var start = 0;
    var end = text.length;
    while (start < end && isWhitespace(text.charAt(start))) start++;
    while (end > start && isWhitespace(text.charAt(end - 1))) end--;
    return text.slice(start, end);
  }

  function words(text) {
    var out = [];
    var word = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (isWhitespace(c)) {
        if (word) out.push(word);
        word = "";
      } else {
        word += c;
      }
    }
    if (word) out.push(word);
    return out;
  }

  function isDigit(c) { return c >= "0" && c <= "9" && c.length === 1; }

  /* A run of digits and phone punctuation (+ - ( ) . and spaces), starting a word, with 7 to
     15 digits. UTF-16 code units stand in for characters: a character outside the BMP is two
     units that are neither digits, punctuation nor whitespace, as it is one such character. */
  function hasPhoneNumber(text) {
    var digits = 0;
    var inRun = false;
    var previous = " ";
    var chars = text + " \u0000";
    for (var i = 0; i < chars.length; i++) {
      var c = chars.charAt(i);
      var phoneChar = isDigit(c) || "+-().".indexOf(c) >= 0;
      if (inRun && (phoneChar || c === " ")) {
        if (isDigit(c)) digits++;
      } else if (!inRun && phoneChar && isWhitespace(previous)) {
        inRun = true;
        digits = isDigit(c) ? 1 : 0;
      } else {
        if (inRun && digits >= 7 && digits <= 15) return true;
        inRun = false;
        digits = 0;
      }
      previous = c;
    }
    return false;
  }

  /** The query as sent: trimmed, or "[email]" / "[phone]" when it looks like one. */
  function scrubQuery(query) {
    query = trim(String(query));
    var email = words(query).some(function (word) {
      var at = word.indexOf("@");
      return at > 0 && word.slice(at + 1).indexOf(".") >= 0;
    });
    if (email) return "[email]";
    if (hasPhoneNumber(query)) return "[phone]";
    return query;
  }

  // Under Node (the browser tests check these rules against Rust's): the rules only.
  if (typeof module === "object" && module.exports) {
    module.exports = { scrubQuery: scrubQuery };
    return;
  }

  /* --- whether to send anything at all -------------------------------------------------- */

  var script = document.currentScript;
  var endpoint = script ? script.getAttribute("data-insights-endpoint") || "" : "";
  var nav = window.navigator || {};
  var doNotTrack = nav.globalPrivacyControl === true ||
    nav.doNotTrack === "1" || nav.doNotTrack === "yes" || window.doNotTrack === "1" || nav.msDoNotTrack === "1";
  if (!endpoint || doNotTrack || !window.JSON || !window.URL || !Array.from) return;

  var language = document.documentElement.getAttribute("lang") || "";

  /* The theme strings in the page's language (base.html, #hb-strings), English if missing. */
  var EN = {
    feedback_thanks: "Thanks for your feedback!",
    vote_comment_count: "Characters left: {count}"
  };
  var strings = {};
  try { strings = JSON.parse(document.getElementById("hb-strings").textContent) || {}; } catch (e) { strings = {}; }
  function str(key) { return typeof strings[key] === "string" ? strings[key] : EN[key]; }
  function fill(key, values) {
    return str(key).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  /* --- helpers ---------------------------------------------------------------------------- */

  /** The first `max` characters of `text` (code points, as Rust counts them). */
  function clip(text, max) {
    var chars = Array.from(text);
    return chars.length > max ? chars.slice(0, max).join("") : text;
  }

  function length(text) { return Array.from(text).length; }

  /** `href` as an event's path: its path on this site (with its `#fragment` when `withHash`),
      never a query string or another site's address; null when it is neither. */
  function pathOf(href, withHash) {
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== location.origin) return null;
    var path = url.pathname;
    try { path = decodeURI(path); } catch (e) { /* keep it encoded */ }
    if (withHash && url.hash) path += url.hash.split("?")[0];
    path = path.replace(/^\/+/, "/");
    if (path.charAt(0) !== "/" || length(path) > MAX_URL) return null;
    return path;
  }

  function here() { return pathOf(location.href, false); }

  function closest(node, selector) {
    while (node && node.nodeType !== 1) node = node.parentNode;
    return node && node.closest ? node.closest(selector) : null;
  }

  /* --- sending ---------------------------------------------------------------------------- */

  var queue = [];

  function add(event) {
    if (!event.page) return;
    queue.push(event);
    if (queue.length >= MAX_BATCH) flush();
  }

  /** Sends what waits, in batches; never waits for (or reads) an answer. */
  function flush() {
    while (queue.length) {
      var body = JSON.stringify({ version: VERSION, events: queue.splice(0, MAX_BATCH) });
      var sent = false;
      try {
        // A string is sent as text/plain;charset=UTF-8: no CORS preflight.
        sent = typeof nav.sendBeacon === "function" && nav.sendBeacon(endpoint, body);
      } catch (e) {
        sent = false;
      }
      if (!sent && window.fetch) {
        try {
          fetch(endpoint, {
            method: "POST",
            body: body,
            headers: { "Content-Type": "text/plain;charset=UTF-8" },
            mode: "no-cors",
            credentials: "omit",
            keepalive: true
          }).catch(function () { /* dropped */ });
        } catch (e) { /* dropped */ }
      }
    }
  }

  /* --- search ------------------------------------------------------------------------------ */

  var search = null; // the search settled on: { query, results, done }

  function sendSearch(query, results, opened) {
    var text = trim(clip(scrubQuery(query), MAX_QUERY));
    if (!text || !(results >= 0)) return;
    add({ kind: "search", page: here(), language: language, query: text, results: Math.floor(results), opened: opened });
  }

  /** The settled search ends without a result opened (another search, or the reader left). */
  function endSearch() {
    if (search && !search.done) sendSearch(search.query, search.results, null);
    if (search) search.done = true;
  }

  document.addEventListener("helpbook:search", function (event) {
    var d = event.detail || {};
    if (search && search.query === d.query) {
      if (!search.done) search.results = d.results; // the same search (another topic filter)
      return;
    }
    endSearch();
    search = { query: d.query, results: d.results, done: false };
  });

  document.addEventListener("helpbook:search-open", function (event) {
    var d = event.detail || {};
    if (search && search.query === d.query) {
      if (search.done) return; // counted with the first result opened
    } else {
      endSearch(); // opened before typing paused: the search before it ends here
    }
    var url = pathOf(d.url, true);
    sendSearch(d.query, d.results, url && d.rank >= 1 ? { rank: Math.floor(d.rank), url: url } : null);
    search = { query: d.query, results: d.results, done: true };
    flush();
  });

  // The search page will search again for this query and count it there.
  document.addEventListener("helpbook:search-all", function (event) {
    var d = event.detail || {};
    if (search && search.query === d.query) search.done = true;
    else endSearch();
    flush();
  });

  /* --- troubleshooters and wizards --------------------------------------------------------- */

  var walking = false; // answered in this page (or opened mid-way) and no end reached since
  var leftAt = false;  // `leave` is sent once per page
  var step = null;     // the step on screen (tree.js's helpbook:tree-step)

  function sendTree(action, d) {
    var answers = d.answers || "";
    if (action === "start") answers = "";
    if (length(answers) > MAX_NAME || !/^([0-9]+(\.[0-9]+)*)?$/.test(answers)) answers = "";
    var id = String(d.step || "");
    if (!id || length(id) > MAX_NAME) return;
    add({ kind: "tree", page: pathOf(d.tree, false), language: language, action: action, step: id, answers: answers });
  }

  document.addEventListener("helpbook:tree-answer", function (event) {
    var d = event.detail || {};
    if (d.step === d.start && !walking) sendTree("start", d);
    walking = true;
  });

  document.addEventListener("helpbook:tree-step", function (event) {
    var d = event.detail || {};
    step = d;
    if (d.via === "load") {
      walking = !!d.answers && !d.end; // opened mid-way: a walk goes on
    } else if (d.via === "answer" && d.end && walking) {
      sendTree(d.end, d);
      walking = false;
    }
    leftVote();
    initVotes(document);
  });

  function leaveTree() {
    if (!walking || leftAt || !step || step.end) return;
    leftAt = true;
    sendTree("leave", step);
  }

  /* --- contact ------------------------------------------------------------------------------ */

  function channelFollowed(event) {
    if (event.type === "auxclick" && event.button !== 1) return;
    var a = closest(event.target, "a[data-channel]");
    var channel = a ? a.getAttribute("data-channel") : "";
    if (!channel || length(channel) > MAX_NAME) return;
    add({ kind: "contact", page: here(), language: language, channel: channel });
    flush();
  }
  document.addEventListener("click", channelFollowed);
  document.addEventListener("auxclick", channelFollowed);

  /* --- "Was this helpful?" ------------------------------------------------------------------- */

  var openVote = null; // the vote whose "No" form is open: sent without details if left

  function initVotes(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-vote]:not([data-vote-ready])"), initVote);
  }

  function initVote(box) {
    var page = pathOf(box.getAttribute("data-vote") || "", false);
    var question = box.querySelector("[data-vote-question]");
    var more = box.querySelector("[data-vote-more]");
    var status = box.querySelector("[data-vote-status]");
    var comment = more ? more.querySelector("textarea") : null;
    var count = box.querySelector("[data-vote-count]");
    var countStatus = box.querySelector("[data-vote-count-status]");
    var skip = box.querySelector("[data-vote-skip]");
    box.setAttribute("data-vote-ready", "");
    if (!page || !question || !status) return;
    var sent = false;
    var countTimer = 0;

    function send(helpful, reason, text, focus) {
      if (sent) return;
      sent = true;
      if (openVote && openVote.box === box) openVote = null;
      add({ kind: "vote", page: page, language: language, helpful: helpful, reason: reason, comment: text });
      flush();
      question.hidden = true;
      if (more) more.hidden = true;
      status.textContent = str("feedback_thanks");
      if (focus) {
        status.setAttribute("tabindex", "-1");
        status.focus();
      }
    }

    function showCount() {
      var left = Math.max(0, MAX_COMMENT - length(comment.value));
      var text = fill("vote_comment_count", { count: left });
      if (count) count.textContent = text;
      clearTimeout(countTimer);
      if (countStatus && left <= COUNT_ANNOUNCE_BELOW) {
        countTimer = setTimeout(function () { countStatus.textContent = text; }, COUNT_ANNOUNCE_AFTER_MS);
      }
    }

    question.addEventListener("click", function (event) {
      var button = closest(event.target, "button[data-vote-helpful]");
      if (!button) return;
      if (button.getAttribute("data-vote-helpful") === "yes" || !more) {
        send(button.getAttribute("data-vote-helpful") === "yes", null, null, true);
        return;
      }
      question.hidden = true;
      more.hidden = false;
      openVote = { box: box, send: function () { send(false, null, null, false); } };
      var first = more.querySelector("input, textarea, button");
      if (first) first.focus();
    });

    if (more) {
      more.addEventListener("submit", function (event) {
        event.preventDefault();
        var checked = more.querySelector("input[name=reason]:checked");
        var reason = checked && REASONS.indexOf(checked.value) >= 0 ? checked.value : null;
        var text = comment ? trim(clip(comment.value, MAX_COMMENT)) : "";
        send(false, reason, text || null, true);
      });
      if (skip) skip.addEventListener("click", function () { send(false, null, null, true); });
      if (comment) {
        comment.addEventListener("input", showCount);
        showCount();
      }
    }
    box.hidden = false;
  }

  /** A "No" whose form is gone (the page left, or tree.js swapped the step): sent as it is. */
  function leftVote() {
    if (openVote && !document.contains(openVote.box)) openVote.send();
  }

  /* --- leaving ------------------------------------------------------------------------------- */

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    leaveTree();
    flush();
  });

  window.addEventListener("pagehide", function () {
    endSearch();
    if (openVote) openVote.send();
    leaveTree();
    flush();
  });

  initVotes(document);
})();
