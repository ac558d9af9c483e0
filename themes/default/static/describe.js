/* helpbook default theme: "Describe your problem" (parts/describe.html), on the contact page and
   at the escalate steps of troubleshooters and wizards. Without this script the box is hidden
   and the page shows the channels and a plain request template instead.

   With it:
   - as the reader describes the problem, the site's search engine (window.helpbook.search,
     from search-ui.js, when search is on) suggests up to SUGGEST_LIMIT articles and
     troubleshooter steps in a list under the box; a polite live region says how many, once
     typing settles; the list is links, reached with Tab; focus never moves by itself;
   - the request is written from good-request practice: what happened (the reader's words),
     since when, what they expected, what they already tried (the pages opened on the way,
     window.helpbook.visited() from helpbook.js) and a reminder to attach a screenshot and the
     exact error. Each channel card's link (data-channel, with `describe` from the page saying
     how each channel takes a request) carries it: a `mailto:` subject and body, or the form's
     URL with its subject and text parameters; "Write my request" shows the text to edit and
     copy, for channels that take neither (a phone number, a chat);
   - at a wizard's escalate step, which already writes a request from the reader's answers
     (tree.js, data-tree-request), the words and the pages go into that request instead:
     window.helpbook.describe.fill(text) adds them, and a `helpbook:describe` event on
     `document` tells tree.js to write it again.

   Privacy: what the reader types stays in this tab (kept in sessionStorage as a draft, so
   opening a suggestion and coming back keeps it) until they send the request themselves. It
   is in no insights event and goes to no server: the search runs in the page's own worker. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 300;        // suggestions once typing pauses this long
  var ANNOUNCE_AFTER_MS = 700;  // the count is announced this long after the last keystroke
  var SUGGEST_LIMIT = 5;        // suggestions shown
  var MIN_CHARS = 3;            // shortest text searched
  var ANY_SHARE = 0.35;         // with "any words", results under this share of the best are left out
  var SUBJECT_CHARS = 72;       // the subject: the description's start, cut at a word
  var DRAFT_KEY = "helpbook:describe";

  /* The theme strings in the page's language (the box's data-describe-strings), English if
     missing. */
  var EN = {
    describe_count_one: "{count} suggestion",
    describe_count_other: "{count} suggestions",
    describe_count_none: "No suggestions. You can still write to us.",
    describe_copied: "Copied. Paste it into your message.",
    describe_subject_default: "I need help",
    describe_visited: "- {title}: {url}",
    describe_filler_words: "",
    copy_failed: "Select the text above and copy it.",
    request_subject_line: "Subject: {subject}",
    request_hello: "Hello,",
    request_what_happened: "What happened:",
    request_since: "Since when:",
    request_expected: "What I expected to happen:",
    request_tried: "What I already tried:",
    request_field_username: "Username (if you remember it):",
    request_field_contact: "Email address or phone number on the account:",
    request_field_other: "Anything else you'd like us to know:",
    request_screenshot: "If you can, attach a screenshot and copy the exact error message you saw.",
    troubleshooter: "Troubleshooter",
    result_crumb_step: "Troubleshooter \u00b7 {breadcrumb}"
  };

  function readJson(el) {
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  /** Percent-encoding as helpbook writes query values (RFC 3986 unreserved kept, as
      src/render/view/request.rs does). */
  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  /** `text` with `addition` on the lines after the line that starts with `prompt` (at the
      end, after the prompt, when no line has it). */
  function afterPrompt(text, prompt, addition) {
    var at = text.indexOf(prompt);
    if (at < 0) return text + "\n" + prompt + "\n" + addition + "\n";
    var end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    return text.slice(0, end) + "\n" + addition + text.slice(end);
  }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function setup(box) {
    if (box.hasAttribute("data-describe-ready")) return;
    box.setAttribute("data-describe-ready", "");

    var strings = readJson(box.querySelector("[data-describe-strings]")) || {};
    function str(key) { return typeof strings[key] === "string" ? strings[key] : EN[key]; }
    function fill(key, values) {
      return str(key).replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
      });
    }

    var area = box.querySelector("[data-describe-text]");
    var status = box.querySelector("[data-describe-status]");
    var suggestions = box.querySelector("[data-describe-suggestions]");
    var list = box.querySelector("[data-describe-list]");
    var scope = box.closest("[data-tree-node]") || box.closest("main") || document.body;
    var treeRequest = scope.querySelector("[data-tree-request]");
    var treeRoot = box.closest("[data-tree]");
    var described = readJson((box.parentNode || scope).querySelector("[data-describe-channels]")) || {};
    var channels = {};
    (described.channels || []).forEach(function (c) { channels[c.key] = c; });

    /* --- the words -------------------------------------------------------------------- */

    var store = storage();
    if (store && !area.value) area.value = store.getItem(DRAFT_KEY) || "";

    function words() { return area.value.replace(/\s+$/, "").replace(/^\s+/, ""); }

    /** The pages opened on the way, as lines of the request: not this page, nor the steps of
        the tree being answered (the request names where the reader got to). */
    function visitedLines() {
      var visited = window.helpbook && window.helpbook.visited ? window.helpbook.visited() : [];
      var treePath = "";
      if (treeRoot) {
        try { treePath = new URL(treeRoot.getAttribute("data-tree-url") || "", location.href).pathname; } catch (e) { treePath = ""; }
      }
      return visited.filter(function (v) {
        return v.path !== location.pathname && !(treePath && v.path.indexOf(treePath) === 0);
      }).map(function (v) {
        return fill("describe_visited", { title: v.title, url: location.origin + v.path });
      });
    }

    /** `text` (a request with the prompts) with the reader's words and the pages opened. */
    function fillRequest(text) {
      var said = words();
      if (said) text = afterPrompt(text, str("request_what_happened"), said + "\n");
      var lines = visitedLines();
      if (lines.length) text = afterPrompt(text, str("request_tried"), lines.join("\n"));
      return text;
    }

    if (treeRequest) {
      // A wizard's escalate step: tree.js writes the request; the words go into it.
      window.helpbook = window.helpbook || {};
      window.helpbook.describe = { fill: fillRequest };
    }

    /* --- the request for the channel chosen (not at a wizard's escalate step) ------------ */

    var own = treeRequest ? null : box.querySelector("[data-describe-own-request]");
    var write = own && own.querySelector("[data-describe-write]");
    var panel = own && own.querySelector("[data-describe-request]");
    var requestArea = own && own.querySelector("[data-describe-request-text]");
    var copy = own && own.querySelector("[data-describe-copy]");
    var copyStatus = own && own.querySelector("[data-describe-copy-status]");
    var composed = "";

    function subject() {
      var said = words().split("\n")[0].replace(/\s+/g, " ");
      if (!said) return str("describe_subject_default");
      if (said.length <= SUBJECT_CHARS) return said;
      var cut = said.slice(0, SUBJECT_CHARS);
      var space = cut.lastIndexOf(" ");
      return (space > SUBJECT_CHARS / 2 ? cut.slice(0, space) : cut) + "\u2026";
    }

    function template() {
      return str("request_hello") + "\n\n" +
        str("request_what_happened") + " \n" +
        str("request_since") + " \n" +
        str("request_expected") + " \n" +
        str("request_tried") + " \n\n" +
        str("request_field_username") + " \n" +
        str("request_field_contact") + " \n\n" +
        str("request_screenshot") + "\n";
    }

    /** The request as it will be sent: the reader's own edit of it, or the one written. */
    function requestText() {
      var edited = requestArea && !panel.hidden && requestArea.value !== composed;
      return edited ? requestArea.value : composed;
    }

    function hrefFor(channel, text) {
      var sep = channel.url.indexOf("?") < 0 ? "?" : "&";
      if (channel.kind === "email") {
        // RFC 6068: line breaks in a mailto: body are CRLF.
        return channel.url + sep + "subject=" + encode(subject()) + "&body=" + encode(text.replace(/\r?\n/g, "\r\n"));
      }
      var query = encode(channel.body_param) + "=" + encode(text);
      if (channel.subject_param) query = encode(channel.subject_param) + "=" + encode(subject()) + "&" + query;
      return channel.url + sep + query;
    }

    /** Each channel card's link carries the request once the reader has written something. */
    function updateLinks() {
      var text = requestText();
      var written = Boolean(words()) || (requestArea && !panel.hidden && requestArea.value !== composed);
      Array.prototype.forEach.call(scope.querySelectorAll("a[data-channel]"), function (a) {
        var channel = channels[a.getAttribute("data-channel")];
        if (!channel || (channel.kind !== "email" && channel.kind !== "form")) return;
        if (!a.hasAttribute("data-describe-href")) a.setAttribute("data-describe-href", a.getAttribute("href"));
        a.setAttribute("href", written ? hrefFor(channel, text) : a.getAttribute("data-describe-href"));
      });
    }

    function recompose() {
      if (!own) return;
      var before = composed;
      composed = fillRequest(template());
      if (requestArea.value === before || panel.hidden) requestArea.value = composed;
      updateLinks();
    }

    if (own) {
      write.addEventListener("click", function () {
        var open = panel.hidden;
        panel.hidden = !open;
        write.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
          requestArea.value = composed;
          var heading = panel.querySelector("h3");
          if (heading) heading.focus();
        }
        updateLinks();
      });
      requestArea.addEventListener("input", updateLinks);
      copy.addEventListener("click", function () {
        var value = fill("request_subject_line", { subject: subject() }) + "\n\n" + requestText();
        function done() { copyStatus.textContent = str("describe_copied"); }
        function fallback() {
          requestArea.focus();
          requestArea.select();
          var ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          copyStatus.textContent = ok ? str("describe_copied") : str("copy_failed");
        }
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).then(done, fallback);
        else fallback();
      });
    }

    function changed() {
      if (store) {
        try {
          if (area.value) store.setItem(DRAFT_KEY, area.value);
          else store.removeItem(DRAFT_KEY);
        } catch (e) { /* storage full or off: the draft is not kept */ }
      }
      recompose();
      if (treeRequest) {
        var event;
        try { event = new CustomEvent("helpbook:describe"); } catch (e) { return; }
        document.dispatchEvent(event);
      }
    }

    /* --- suggestions as they type ------------------------------------------------------- */

    var filler = {};
    str("describe_filler_words").concat(" ", siteTitle()).toLowerCase().split(/\s+/).forEach(function (w) {
      if (w) filler[w] = true;
    });

    function siteTitle() {
      var meta = document.querySelector('meta[property="og:site_name"]');
      return meta ? meta.getAttribute("content") || "" : "";
    }

    /* A description is not a keyword query. The engine keeps the first 8 words that are not
       stop words and, when no page has them all, ranks pages with any of them ("some words").
       So the words every description has (greetings, thanks, time, the site's name) are left
       out first, and quotes (a phrase search) are read as spaces. */
    function queryOf(text) {
      return text.replace(/["\u201c\u201d\u201e\u00ab\u00bb]/g, " ").split(/\s+/).filter(function (word) {
        var bare = word.toLowerCase().replace(/^[^\w\u00c0-\uffff]+|[^\w\u00c0-\uffff']+$/g, "");
        return bare && !filler[bare];
      }).join(" ") + (/\s$/.test(text) ? " " : "");
    }

    var seq = 0;
    var debounce = 0;
    var announceTimer = 0;
    var lastInputAt = 0;
    var lastAnnounced = "";

    function announce(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        if (text === lastAnnounced) return;
        lastAnnounced = text;
        status.textContent = text;
      }, Math.max(0, lastInputAt + ANNOUNCE_AFTER_MS - Date.now()));
    }

    function clear() {
      list.textContent = "";
      suggestions.hidden = true;
    }

    function crumbOf(result) {
      var crumb = result.breadcrumb || "";
      if (result.kind === "step") return crumb ? fill("result_crumb_step", { breadcrumb: crumb }) : str("troubleshooter");
      return crumb;
    }

    function render(found) {
      var results = (found && found.results) || [];
      if (found && found.mode === "any" && results.length) {
        var best = results[0].score || 0;
        results = results.filter(function (r) { return !best || (r.score || 0) >= best * ANY_SHARE; });
      }
      results = results.slice(0, SUGGEST_LIMIT);
      list.textContent = "";
      results.forEach(function (result) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "describe-suggestion";
        a.href = result.href || result.url;
        var title = document.createElement("span");
        title.className = "describe-suggestion-title";
        title.textContent = result.title + (result.section ? " \u203a " + result.section : "");
        a.appendChild(title);
        var crumb = crumbOf(result);
        if (crumb) {
          var small = document.createElement("span");
          small.className = "describe-suggestion-crumb";
          small.textContent = crumb;
          a.appendChild(small);
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      suggestions.hidden = results.length === 0;
      announce(results.length
        ? fill(results.length === 1 ? "describe_count_one" : "describe_count_other", { count: results.length })
        : str("describe_count_none"));
    }

    function run() {
      var query = queryOf(area.value);
      var mine = ++seq;
      if (query.replace(/\s+/g, "").length < MIN_CHARS || !window.helpbook || !window.helpbook.search) {
        clear();
        clearTimeout(announceTimer);
        return;
      }
      window.helpbook.search(query, SUGGEST_LIMIT * 2).then(function (found) {
        if (mine === seq) render(found);
      }, function () {
        if (mine === seq) clear(); // no engine: the box still writes the request
      });
    }

    area.addEventListener("input", function () {
      lastInputAt = Date.now();
      changed();
      clearTimeout(debounce);
      debounce = setTimeout(run, DEBOUNCE_MS);
    });

    recompose();
    if (treeRequest) changed();
    if (area.value) run();
  }

  function init() {
    var boxes = document.querySelectorAll("[data-describe]");
    Array.prototype.forEach.call(boxes, setup);
  }

  // An escalate step tree.js swapped in place brings its own box.
  document.addEventListener("helpbook:tree-step", function () { setTimeout(init, 0); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
