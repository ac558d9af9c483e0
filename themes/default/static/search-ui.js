/* helpbook default theme: search as you type. Loaded only when search is on (base.html).
 *
 * Every search box gets a dropdown of results (the WAI-ARIA APG combobox with a listbox
 * popup), except the search page's own box, whose form names a results element
 * (data-search-results) that gets the full list, a category filter and the URL kept in sync.
 * Without JavaScript the forms are plain GET forms to the search page.
 *
 * The engine is the Web Worker shipped with the site (search/helpbook-search.<hash>.js),
 * which runs the wasm module over the packed index. It is started on the first focus of a
 * search box (or when the search page loads with a query); on the home and search pages also
 * once the page has loaded and is idle, unless the reader asked to save data
 * (navigator.connection.saveData). Its URLs come from data- attributes on <body>. Protocol (see the worker):
 *   → { type: "init", wasmUrl, hotUrl, dirUrl, parcels } ← { type: "ready", info } | { type: "error", message }
 *   → { type: "parcel", kind: "module" | "hot", bytes | error } (sendParcels)
 *   → { type: "search", id, text, category, limit } ← { type: "results", id, results } | { type: "error", id, message }
 *   → { type: "prefetch", text, category } on every keystroke, before the debounce: the worker
 *                                           fetches the pages the search's first round reads
 *
 * Safety: result fields are plain text (inserted with textContent) except title_html,
 * section_html, the sections' title_html and excerpt_html, which the engine escapes and
 * marks up with <mark>; even those are parsed inertly and only their text and <mark>
 * elements are kept.
 *
 * What readers search, for insights.js (loaded when the help center has [insights]), as
 * events on `document` (CustomEvent, the facts in `detail`):
 *   helpbook:search       { query, results }  a search the reader settled on: its results were
 *                         shown and typing paused (ANNOUNCE_AFTER_MS, when the count is read out)
 *   helpbook:search-open  { query, results, rank, url }  a result followed (rank from 1; a
 *                         section link has its page's rank; url as in the link)
 *   helpbook:search-all   { query }  the reader went to the search page for this query (it
 *                         searches again there)
 * `results` is the number of results shown (at most DROPDOWN_LIMIT or PAGE_LIMIT).
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 120;        // results as you type, once typing pauses this long
  var ANNOUNCE_AFTER_MS = 700;  // the count is announced this long after the last keystroke
  var DROPDOWN_LIMIT = 6;       // results in a dropdown
  var DROPDOWN_SECTIONS = 2;    // section links under each dropdown result
  var PAGE_LIMIT = 30;          // results on the search page
  var INIT_TIMEOUT_MS = 20000;  // give up on a search engine that never answers
  var PRELOAD_TIMEOUT_MS = 2000; // on the home and search pages, start the engine by then even if the page is busy

  /* The theme strings in the page's language (base.html, #hb-strings), English if missing.
     {name} placeholders are filled by fill(). */
  var EN = {
    quoted: "\u201c{text}\u201d",
    search_suggestions_label: "Search suggestions",
    search_partial_match: "No page has all of these words; showing pages with some of them.",
    search_unavailable_announce: "Search isn't available right now",
    no_results: "No results",
    no_results_for: "No results for {query}.",
    no_results_for_in: "No results for {query} in {category}.",
    search_all_topics: "Search all topics",
    see_all_results: "See all results for {query}",
    result_count_one: "{count} result",
    result_count_other: "{count} results",
    result_count_top: "Top {count} results",
    results_for: "{count} for {query}",
    results_for_in: "{count} for {query} in {category}",
    results_some_words: "{count} with some of your words",
    search_loading: "Loading search\u2026",
    searching: "Searching\u2026",
    result_section_in: ", in {title}",
    troubleshooter: "Troubleshooter",
    result_crumb_step: "Troubleshooter \u00b7 {breadcrumb}",
    result_crumb_topic: "Topic",
    result_crumb_topic_in: "Topic in {category}",
    result_language: "In {language}"
  };
  var strings = {};
  try { strings = JSON.parse(document.getElementById("hb-strings").textContent) || {}; } catch (e) { strings = {}; }
  function str(key) { return typeof strings[key] === "string" ? strings[key] : EN[key]; }
  /** The string `key` with its {name} placeholders replaced from `values`. */
  function fill(key, values) {
    return str(key).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  function quoted(text) { return fill("quoted", { text: text }); }

  var body = document.body;
  var config = {
    worker: body.getAttribute("data-search-worker") || "",
    wasm: body.getAttribute("data-search-wasm") || "",
    hot: body.getAttribute("data-search-hot") || "",
    dir: body.getAttribute("data-search-dir") || "",
    base: body.getAttribute("data-search-base") || "/",
    // The original language's base: a translation's results in the original's language
    // (articles not translated yet) link there.
    root: body.getAttribute("data-search-root") || body.getAttribute("data-search-base") || "/",
    rootDir: body.getAttribute("data-search-root-dir") === "rtl" ? "rtl" : "ltr",
    page: body.getAttribute("data-search-page") || ""
  };

  /* ------------------------------------------------------------------ the engine */

  var engine = {
    state: "idle", // idle → loading → ready | failed
    worker: null,
    info: null,
    nextId: 1,
    callbacks: {},
    waiting: [],
    timer: 0
  };

  function startEngine() {
    if (engine.state !== "idle") return;
    engine.state = "loading";
    if (!config.worker || !window.Worker || !window.WebAssembly) {
      failEngine("this browser cannot run the search engine");
      return;
    }
    var worker;
    try {
      worker = new Worker(config.worker);
    } catch (error) {
      failEngine(error && error.message || String(error));
      return;
    }
    engine.worker = worker;
    worker.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "ready") {
        if (engine.state !== "loading") return;
        clearTimeout(engine.timer);
        engine.state = "ready";
        engine.info = message.info || {};
        settle();
      } else if (message.type === "results" || message.type === "error") {
        var callback = message.id != null ? engine.callbacks[message.id] : null;
        if (callback) {
          delete engine.callbacks[message.id];
          if (message.type === "results") callback(null, message.results);
          else callback(new Error(message.message || "search failed"));
        } else if (message.type === "error") {
          failEngine(message.message); // the index could not be opened
        }
      }
    };
    worker.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      failEngine(event && event.message || "the search worker did not load");
    };
    engine.timer = setTimeout(function () { failEngine("the search engine did not start in time"); }, INIT_TIMEOUT_MS);
    // Once the page has loaded, the page downloads the module and the hot bundle (sendParcels);
    // while it loads, the worker does (the page's own requests would compete with its text).
    var parcels = document.readyState === "complete";
    worker.postMessage({ type: "init", wasmUrl: config.wasm, hotUrl: config.hot, dirUrl: config.dir, parcels: parcels });
    if (parcels) sendParcels(worker);
  }

  /* The module and the hot bundle are loaded here, in parallel with the worker's own script
     (not after it: one request round fewer), and their bytes handed to the worker (see its
     "parcel" messages), which compiles the module: nothing but the download on this thread. */
  function sendParcels(worker) {
    [["module", config.wasm], ["hot", config.hot]].forEach(function (parcel) {
      var kind = parcel[0];
      var url = parcel[1];
      fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        worker.postMessage({ type: "parcel", kind: kind, bytes: buffer }, [buffer]);
      }, function (error) {
        worker.postMessage({ type: "parcel", kind: kind, error: String(error && error.message || error) });
      });
    });
  }

  function failEngine(reason) {
    if (engine.state === "failed") return;
    if (window.console && console.warn) console.warn("helpbook search is unavailable: " + reason);
    engine.state = "failed";
    clearTimeout(engine.timer);
    if (engine.worker) engine.worker.terminate();
    engine.worker = null;
    var callbacks = engine.callbacks;
    engine.callbacks = {};
    Object.keys(callbacks).forEach(function (id) { callbacks[id](new Error(reason)); });
    settle();
  }

  function settle() {
    var waiting = engine.waiting;
    engine.waiting = [];
    waiting.forEach(function (fn) { fn(); });
  }

  /** Calls `fn` once the engine is ready or has failed (now, if it already has). */
  function whenSettled(fn) {
    if (engine.state === "ready" || engine.state === "failed") fn();
    else engine.waiting.push(fn);
  }

  /** Searches; `done(error, results)`. The engine must be ready. */
  function search(text, category, limit, done) {
    var id = engine.nextId++;
    engine.callbacks[id] = done;
    engine.worker.postMessage({ type: "search", id: id, text: text, category: category || "", limit: limit });
  }

  /**
   * Has the worker fetch the pages a search for `text` reads first, at once, while the reader
   * is still typing (the search waits for a pause, DEBOUNCE_MS): on a slow network the
   * search then starts a request round ahead. Nothing before the engine is started.
   */
  function prefetch(text, category) {
    if (!engine.worker || engine.state === "failed") return;
    engine.worker.postMessage({ type: "prefetch", text: text, category: category || "" });
  }

  /* ------------------------------------------------------------------ helpers */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  var parser = window.DOMParser ? new DOMParser() : null;

  /** Appends the engine's HTML (escaped text with <mark>) keeping only text and <mark>. */
  function appendMarked(parent, html) {
    if (!parser) {
      parent.appendChild(document.createTextNode(String(html || "").replace(/<[^>]*>/g, "")));
      return;
    }
    // A document from DOMParser is inert: nothing in it runs or loads.
    var doc = parser.parseFromString("<!doctype html><body>" + String(html || ""), "text/html");
    copyMarked(doc.body, parent);
  }

  function copyMarked(from, to) {
    for (var node = from.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        to.appendChild(document.createTextNode(node.data));
      } else if (node.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(node.tagName)) {
        if (node.tagName === "MARK") {
          var mark = el("mark");
          copyMarked(node, mark);
          to.appendChild(mark);
        } else {
          copyMarked(node, to);
        }
      }
    }
  }

  /** Result URLs are relative to the site root: put the base path in front (the original
      language's, for a result in another language than the page's: `language` is set). */
  function resultUrl(url, language) {
    url = String(url || "");
    if (/^https?:\/\//i.test(url)) return url;
    return (language ? config.root : config.base) + url.replace(/^\/+/, "");
  }

  function searchPageUrl(action, query, category) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (category) params.set("category", category);
    var qs = params.toString();
    return action + (qs ? "?" + qs : "");
  }

  /** "1 result", "5 results". */
  function resultCount(n) { return fill(n === 1 ? "result_count_one" : "result_count_other", { count: n }); }

  /** A title (`text`) with the engine's marks (`html`, escaped, only <mark> kept). */
  function appendTitle(node, text, html) {
    var title = String(text || "");
    var marked = el("span");
    appendMarked(marked, html || "");
    // The plain title is the reference: if the highlighted one lost characters (a snippet
    // that stops at the last word drops a final "?"), put the missing text back around it.
    var shown = marked.textContent;
    var at = shown ? title.indexOf(shown) : -1;
    if (shown === title || !title) {
      while (marked.firstChild) node.appendChild(marked.firstChild);
    } else if (at >= 0) {
      node.appendChild(document.createTextNode(title.slice(0, at)));
      while (marked.firstChild) node.appendChild(marked.firstChild);
      node.appendChild(document.createTextNode(title.slice(at + shown.length)));
    } else {
      node.appendChild(document.createTextNode(title));
    }
    return node;
  }

  /** "Page title" or "Page title › Section", each with the engine's marks. */
  function fillTitle(node, result) {
    appendTitle(node, result.title, result.title_html);
    if (result.section) {
      node.appendChild(el("span", "search-title-sep", " › ")).setAttribute("aria-hidden", "true");
      node.appendChild(el("span", "visually-hidden", ": "));
      appendTitle(node, result.section, result.section_html);
    }
  }

  /* Known issues (content/_status/, and [status] live through status.js): the badge of a result
     whose page a current issue affects, or null. The map is the page's #hb-status (URL path →
     issue), or what status.js made of it and the live file. */
  var statusBadges = null;
  function statusBadge(url, className) {
    var map = window.helpbookStatus || statusBadges;
    if (!map) {
      try { map = JSON.parse(document.getElementById("hb-status").textContent) || {}; } catch (e) { map = {}; }
      statusBadges = map;
    }
    var issue = map[String(url).split("#")[0]];
    if (!issue || typeof issue.title !== "string") return null;
    var label = typeof strings.status_badge === "string" ? strings.status_badge : "Known issue";
    var badge = el("span", className + " status-badge status-badge-" + (issue.severity === "outage" ? "outage" : "warning"));
    badge.appendChild(el("span", "badge", label));
    badge.appendChild(el("span", "status-badge-title", " " + issue.title));
    return badge;
  }

  function crumbText(result) {
    var crumb = result.breadcrumb || "";
    if (result.kind === "step") return crumb ? fill("result_crumb_step", { breadcrumb: crumb }) : str("troubleshooter");
    if (result.kind === "category") {
      return crumb && crumb !== result.title
        ? fill("result_crumb_topic_in", { category: crumb.replace(/ › [^›]*$/, "") })
        : str("result_crumb_topic");
    }
    return crumb;
  }

  function cloneTemplate(id) {
    var template = document.getElementById(id);
    var holder = el("div");
    if (template && template.content) holder.appendChild(document.importNode(template.content, true));
    return holder;
  }

  /* The count goes to one polite live region (#search-status in base.html), once typing has
     settled: a screen reader hears "5 results", not a number per keystroke. */
  var status = document.getElementById("search-status");
  var announceTimer = 0;
  var settleTimer = 0;
  var lastInputAt = 0;

  function typed() {
    lastInputAt = Date.now();
    clearTimeout(announceTimer);
    clearTimeout(settleTimer);
  }

  /* ------------------------------------------------------------------ what readers do */

  /** Tells insights.js (or anything listening); see the top of this file. */
  function emit(name, detail) {
    var event;
    try { event = new CustomEvent(name, { detail: detail }); } catch (e) { return; }
    document.dispatchEvent(event);
  }

  /* Results for `query` are on screen: once typing has paused as long as the announcement
     waits, the reader has settled on it. A keystroke before then cancels it (typed()). */
  function shown(query, count) {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      emit("helpbook:search", { query: query, results: count });
    }, Math.max(0, lastInputAt + ANNOUNCE_AFTER_MS - Date.now()));
  }

  function opened(query, count, link) {
    var rank = Number(link.getAttribute("data-rank"));
    if (rank > 0) emit("helpbook:search-open", { query: query, results: count, rank: rank, url: link.href });
  }

  function announce(text) {
    clearTimeout(announceTimer);
    if (!status) return;
    announceTimer = setTimeout(function () {
      // The same words again (a new query with as many results) must still be announced.
      if (status.textContent === text) text += "\u00a0";
      status.textContent = text;
    }, Math.max(0, lastInputAt + ANNOUNCE_AFTER_MS - Date.now()));
  }

  /* ------------------------------------------------------------------ all words, or some

     Pages with every word of the query come first; when they are few, the engine adds pages
     with only some of the words (each hit's all_words, and missing_words: the words it
     lacks). The count says how many of each; those with some words are listed apart, under
     a heading, each with the words it lacks ("Missing: …"), as Google and Algolia-style
     help centers do. An engine without the flags: every hit has all words unless mode is any. */
  EN.results_for_mixed = "{summary}, then {more} with only some of the words";
  EN.results_mixed = "{count}, then {more} with only some of your words";
  EN.search_some_words_heading = "Results with only some of your words";
  EN.result_missing = "Missing: {words}";

  function hasAllWords(result, found) {
    return typeof result.all_words === "boolean" ? result.all_words : found.mode !== "any";
  }

  /** { all, some }: the results with every word, and those with only some (in order). */
  function byWords(results, found) {
    var split = { all: [], some: [] };
    results.forEach(function (result) { (hasAllWords(result, found) ? split.all : split.some).push(result); });
    return split;
  }

  /* Language names in the page's language, made once (Intl.DisplayNames). */
  var languageNames = null;

  /** "In English" under a result in another language than the page's (an article the
      translation lacks), the language named in the page's own; its code in an old browser. */
  function languageNote(tag, className, result) {
    if (typeof result.language !== "string" || !result.language) return null;
    var name = result.language;
    try {
      languageNames = languageNames || new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "language" });
      name = languageNames.of(result.language) || name;
    } catch (e) { /* an old browser: the code */ }
    return el(tag, className, fill("result_language", { language: name }));
  }

  /** Marks an element's text as being in the result's language, when it is not the page's
      (the original's, whose direction the page says in data-search-root-dir). */
  function inLanguage(node, result) {
    if (typeof result.language !== "string" || !result.language) return node;
    node.setAttribute("lang", result.language);
    node.setAttribute("dir", config.rootDir);
    return node;
  }

  /** "Missing: pasword" (the words struck through, the sentence says it), or null. */
  function missingNote(tag, className, result) {
    var words = (result.missing_words || []).filter(function (w) { return typeof w === "string" && w; });
    if (!words.length) return null;
    var note = el(tag, className);
    str("result_missing").split("{words}").forEach(function (part, i) {
      if (i) {
        words.forEach(function (word, j) {
          if (j) note.appendChild(document.createTextNode(", "));
          note.appendChild(el("s", null, word));
        });
      }
      if (part) note.appendChild(document.createTextNode(part));
    });
    return note;
  }

  /** What the live region says of a list: "5 results", "2 results, then 4 with only some of
      your words", or "4 with some of your words". */
  function countWords(split) {
    if (!split.all.length) return fill("results_some_words", { count: resultCount(split.some.length) });
    if (!split.some.length) return resultCount(split.all.length);
    return fill("results_mixed", { count: resultCount(split.all.length), more: split.some.length });
  }

  /* ------------------------------------------------------------------ the dropdown */

  var dropdowns = 0;

  function initDropdown(form, input) {
    dropdowns += 1;
    if (!input.id) input.id = "search-box-" + dropdowns;
    var listId = input.id + "-listbox";

    var popup = el("div", "search-popup");
    popup.id = input.id + "-popup";
    popup.hidden = true;
    var note = el("p", "search-popup-note", str("search_partial_match"));
    note.hidden = true;
    var list = el("div", "search-listbox");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", str("search_suggestions_label"));
    var message = el("div", "search-popup-message");
    message.hidden = true;
    popup.appendChild(note);
    popup.appendChild(list);
    popup.appendChild(message);
    form.appendChild(popup);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var shownFor = null; // the query whose results or message the popup holds
    var dismissed = false; // Escape closed it: stay closed until the reader types
    var seq = 0;
    var debounce = 0;

    function isOpen() { return !popup.hidden; }

    function open() {
      if (dismissed || shownFor == null) return;
      if (document.activeElement !== input && !popup.contains(document.activeElement)) return;
      popup.hidden = false;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      makeRoom();
    }

    // On a small screen a box low on the page (the home page's) would show only the top of its
    // results: scroll the page up until the box is near the top, as far as the results need.
    function makeRoom() {
      if (window.innerWidth >= 768) return;
      var overflow = popup.getBoundingClientRect().bottom - window.innerHeight;
      var top = input.getBoundingClientRect().top;
      if (overflow > 0 && top > 8) window.scrollBy(0, Math.min(top - 8, overflow));
    }

    function close() {
      setActive(-1);
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].removeAttribute("aria-selected");
      active = index;
      var option = options[active];
      if (option) {
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
      } else {
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }

    function reset(query) {
      setActive(-1);
      options = [];
      list.textContent = "";
      list.hidden = true;
      note.hidden = true;
      message.textContent = "";
      message.hidden = true;
      shownFor = query;
    }

    function option(href, className, rank) {
      var a = el("a", "search-option" + (className ? " " + className : ""));
      if (rank) a.setAttribute("data-rank", rank);
      a.href = href;
      a.id = listId + "-" + options.length;
      a.setAttribute("role", "option");
      a.tabIndex = -1;
      options.push(a);
      list.appendChild(a);
      return a;
    }

    function showMessage(query, node) {
      reset(query);
      message.appendChild(node);
      message.hidden = false;
      open();
    }

    function showUnavailable(query) {
      showMessage(query, cloneTemplate("search-unavailable"));
      announce(str("search_unavailable_announce"));
    }

    function render(query, found) {
      var results = (found && found.results) || [];
      reset(query);
      if (!results.length) {
        var empty = el("div");
        var lead = el("p", "search-empty-lead");
        // The quoted query in bold: the sentence around {query} as text.
        str("no_results_for").split("{query}").forEach(function (part, i) {
          if (i) lead.appendChild(el("strong", null, quoted(query)));
          if (part) lead.appendChild(document.createTextNode(part));
        });
        empty.appendChild(lead);
        empty.appendChild(cloneTemplate("search-suggestions"));
        showMessage(query, empty);
        announce(str("no_results"));
        shown(query, 0);
        return;
      }
      var split = byWords(results, found);
      note.hidden = split.all.length > 0;
      results = split.all.concat(split.some);
      results.forEach(function (result, i) {
        var a = option(resultUrl(result.url, result.language), "", i + 1);
        // The option's name is all its text (title, category, excerpt): what a voice-control
        // user sees is what they can say (WCAG 2.5.3).
        var title = inLanguage(el("span", "search-option-title"), result);
        fillTitle(title, result);
        a.appendChild(title);
        var where = crumbText(result); // empty for pages outside the topics (the contact page)
        if (where) a.appendChild(inLanguage(el("span", "search-option-crumb", where), result));
        var language = languageNote("span", "search-option-language", result);
        if (language) a.appendChild(language);
        if (result.excerpt_html) {
          var excerpt = inLanguage(el("span", "search-option-excerpt"), result);
          appendMarked(excerpt, result.excerpt_html);
          a.appendChild(excerpt);
        }
        // Only when some results have every word: otherwise the note above says it for all.
        var missing = split.all.length ? missingNote("span", "search-option-missing", result) : null;
        if (missing) a.appendChild(missing);
        var issue = statusBadge(resultUrl(result.url, result.language), "search-option-status");
        if (issue) a.appendChild(issue);
        (result.sections || []).slice(0, DROPDOWN_SECTIONS).forEach(function (section) {
          var sub = option(resultUrl(section.url, result.language), "search-option-sub", i + 1);
          sub.appendChild(appendTitle(el("span", "search-option-title"), section.title, section.title_html));
          sub.appendChild(el("span", "visually-hidden", fill("result_section_in", { title: result.title || "" })));
        });
      });
      var all = option(searchPageUrl(form.getAttribute("action") || config.page, query), "search-option-all");
      all.appendChild(el("span", null, fill("see_all_results", { query: quoted(query) })));
      list.hidden = false;
      open();
      announce(countWords(split));
      shown(query, results.length);
    }

    /* The reader follows an option: a result, or "See all results" (the search page). */
    function follow(a) {
      if (shownFor == null) return;
      if (a.classList.contains("search-option-all")) emit("helpbook:search-all", { query: shownFor });
      else opened(shownFor, list.querySelectorAll(".search-option[data-rank]:not(.search-option-sub)").length, a);
    }

    function run() {
      var query = input.value.trim();
      if (!query) return;
      startEngine();
      var mine = ++seq;
      if (engine.state === "loading") {
        if (shownFor !== query) showMessage(query, el("p", "search-loading", str("search_loading")));
        whenSettled(function () { if (mine === seq) run(); });
        return;
      }
      if (engine.state === "failed") {
        showUnavailable(query);
        return;
      }
      search(query, "", DROPDOWN_LIMIT, function (error, found) {
        if (mine !== seq) return; // a newer query is on its way
        if (error) showUnavailable(query);
        else render(query, found);
      });
    }

    input.addEventListener("input", function () {
      typed();
      dismissed = false;
      clearTimeout(debounce);
      setActive(-1);
      if (!input.value.trim()) {
        seq++;
        reset(null);
        close();
        return;
      }
      prefetch(input.value.trim());
      debounce = setTimeout(run, DEBOUNCE_MS);
    });

    input.addEventListener("focus", function () {
      startEngine();
      if (!dismissed && shownFor != null && shownFor === input.value.trim()) open();
    });
    input.addEventListener("click", function () {
      dismissed = false;
      if (shownFor != null && shownFor === input.value.trim()) open();
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return;
      switch (event.key) {
        case "ArrowDown":
          if (!options.length) return;
          event.preventDefault();
          dismissed = false;
          if (!isOpen()) { open(); setActive(0); return; }
          setActive(active + 1 >= options.length ? 0 : active + 1);
          return;
        case "ArrowUp":
          if (!options.length || !isOpen()) return;
          event.preventDefault();
          setActive(active === -1 ? options.length - 1 : active - 1);
          return;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            var href = options[active].href;
            follow(options[active]);
            close();
            window.location.assign(href);
          }
          return; // no active option: the form submits to the search page
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            dismissed = true;
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            seq++;
            clearTimeout(debounce);
            clearTimeout(settleTimer);
            reset(null);
          }
          return;
      }
    });

    // Keep focus in the box while the pointer picks an option (links still follow clicks).
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); });
    function clicked(event) {
      var a = event.target.closest ? event.target.closest("a.search-option") : null;
      if (a && list.contains(a) && event.button !== 2) follow(a);
    }
    popup.addEventListener("click", clicked);
    popup.addEventListener("auxclick", clicked);
    // Enter with no active option: the form goes to the search page, which searches again.
    form.addEventListener("submit", function () {
      var query = input.value.trim();
      if (query) emit("helpbook:search-all", { query: query });
    });
    popup.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        dismissed = true;
        close();
        input.focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) close();
    });
    // Back/forward cache: a page restored from it may still show the dropdown.
    window.addEventListener("pageshow", function (event) { if (event.persisted) close(); });
  }

  /* ------------------------------------------------------------------ the search page */

  function initSearchPage(form, input, region) {
    var select = form.querySelector("select[name=category]");
    var filter = select && select.closest ? select.closest(".search-filter") : null;
    var params = new URLSearchParams(window.location.search);
    var category = params.get("category") || "";
    var originalTitle = document.title;
    var seq = 0;
    var debounce = 0;
    var showing = null; // { query, count } of the results on screen
    var readerActed = false; // typed in the box or chose a topic on this page
    input.value = params.get("q") || "";
    input.addEventListener("input", function () { readerActed = true; });
    if (select) select.addEventListener("change", function () { readerActed = true; });

    function categoryName(key) {
      var list = (engine.info && engine.info.categories) || [];
      for (var i = 0; i < list.length; i++) if (list[i].key === key) return list[i].name;
      return "";
    }

    function fillCategories() {
      var list = (engine.info && engine.info.categories) || [];
      if (!select || !list.length) return;
      list.forEach(function (c) {
        var depth = String(c.key).split("/").length - 1;
        var o = el("option", null, "\u00a0\u00a0\u00a0".repeat(depth) + c.name);
        o.value = c.key;
        select.appendChild(o);
      });
      select.value = categoryName(category) ? category : "";
      category = select.value;
      select.disabled = false;
      if (filter) filter.hidden = false;
    }

    function keepInUrl(query) {
      if (!window.history || !history.replaceState) return;
      history.replaceState(history.state, "", searchPageUrl(window.location.pathname, query, category));
      document.title = query ? query + " · " + originalTitle : originalTitle;
    }

    function show(nodes) {
      region.textContent = "";
      nodes.forEach(function (node) { region.appendChild(node); });
      // The room kept for the results (search.html) goes once something other than
      // "Searching…" is shown; but not for "No results" to the address's query before the
      // reader has typed or chosen a topic: the shorter page would pull what is below up
      // into view, a layout shift nobody asked for (after the reader acts, it is not one).
      var first = nodes[0];
      var loading = first && first.classList.contains("search-loading");
      var empty = nodes.some(function (n) { return n.classList && n.classList.contains("search-empty"); });
      if (!loading && !(empty && !readerActed)) region.classList.remove("is-pending");
    }

    function summary(text) { return el("p", "search-summary", text); }

    function showUnavailable() {
      if (filter) filter.classList.remove("search-filter-reserved");
      var box = el("div", "empty-state search-unavailable");
      box.appendChild(cloneTemplate("search-unavailable"));
      show([box]);
      announce(str("search_unavailable_announce"));
    }

    function render(query, found) {
      var results = (found && found.results) || [];
      var words = { query: quoted(query), category: categoryName(category) || category };
      var nodes = [];
      if (!results.length) {
        var lead = summary(fill(category ? "no_results_for_in" : "no_results_for", words));
        var empty = el("div", "empty-state search-empty");
        if (category) {
          var all = el("p");
          var button = el("button", "button button-secondary", str("search_all_topics"));
          button.type = "button";
          button.addEventListener("click", function () {
            select.value = "";
            category = "";
            run();
          });
          all.appendChild(button);
          empty.appendChild(all);
        }
        empty.appendChild(cloneTemplate("search-suggestions"));
        show([lead, empty]);
        announce(str("no_results"));
        showing = { query: query, count: 0 };
        shown(query, 0);
        return;
      }
      // The count is of pages with every word ("Top 30" only when all 30 have them); those
      // with some of the words are counted apart, and listed apart under their heading.
      var split = byWords(results, found);
      var full = split.all.length;
      var count = full >= PAGE_LIMIT ? fill("result_count_top", { count: full }) : resultCount(full || split.some.length);
      words.count = count;
      var said = fill(category ? "results_for_in" : "results_for", words);
      if (full && split.some.length) said = fill("results_for_mixed", { summary: said, more: split.some.length });
      nodes.push(summary(said));
      if (!full) {
        nodes.push(el("p", "search-note", str("search_partial_match")));
      }
      var ol = el("ol", "search-result-list");
      results = split.all.concat(split.some);
      results.forEach(function (result, i) {
        if (full && i === full) {
          // The some-words part: its own heading and list, numbered on from the first.
          nodes.push(ol);
          nodes.push(el("h2", "search-some-heading", str("search_some_words_heading")));
          ol = el("ol", "search-result-list search-result-list-some");
          ol.setAttribute("start", String(full + 1));
        }
        var li = el("li", "search-result");
        var heading = el("h2", "search-result-title");
        var link = el("a");
        link.href = resultUrl(result.url, result.language);
        link.setAttribute("data-rank", i + 1);
        fillTitle(inLanguage(link, result), result);
        heading.appendChild(link);
        li.appendChild(heading);
        var where = crumbText(result);
        if (where) li.appendChild(inLanguage(el("p", "search-result-crumb", where), result));
        var language = languageNote("p", "search-result-language", result);
        if (language) li.appendChild(language);
        if (result.excerpt_html) {
          var excerpt = inLanguage(el("p", "search-result-excerpt"), result);
          appendMarked(excerpt, result.excerpt_html);
          li.appendChild(excerpt);
        }
        var missing = missingNote("p", "search-result-missing", result);
        if (missing) li.appendChild(missing);
        var issue = statusBadge(resultUrl(result.url, result.language), "search-result-status");
        if (issue) li.appendChild(issue);
        var sections = result.sections || [];
        if (sections.length) {
          var ul = el("ul", "search-result-sections");
          sections.forEach(function (section) {
            var item = el("li");
            var a = inLanguage(appendTitle(el("a"), section.title, section.title_html), result);
            a.href = resultUrl(section.url, result.language);
            a.setAttribute("data-rank", i + 1);
            item.appendChild(a);
            ul.appendChild(item);
          });
          li.appendChild(ul);
        }
        ol.appendChild(li);
      });
      nodes.push(ol);
      show(nodes);
      announce(full && split.some.length ? said : full ? count : fill("results_some_words", { count: count }));
      showing = { query: query, count: results.length };
      shown(query, results.length);
    }

    function run() {
      clearTimeout(debounce);
      var query = input.value.trim();
      var mine = ++seq;
      keepInUrl(query);
      showing = null;
      if (!query) {
        show([]);
        return;
      }
      if (engine.state === "idle" || engine.state === "loading") {
        show([el("p", "search-summary search-loading", str("searching"))]);
        whenSettled(function () { if (mine === seq) run(); });
        return;
      }
      if (engine.state === "failed") {
        showUnavailable();
        return;
      }
      search(query, category, PAGE_LIMIT, function (error, found) {
        if (mine !== seq) return;
        if (error) showUnavailable();
        else render(query, found);
      });
    }

    input.addEventListener("input", function () {
      typed();
      clearTimeout(debounce);
      if (input.value.trim()) prefetch(input.value.trim(), category);
      debounce = setTimeout(run, DEBOUNCE_MS);
    });
    function clicked(event) {
      var a = event.target.closest ? event.target.closest("a[data-rank]") : null;
      if (a && showing && region.contains(a) && event.button !== 2) opened(showing.query, showing.count, a);
    }
    region.addEventListener("click", clicked);
    region.addEventListener("auxclick", clicked);
    form.addEventListener("submit", function (event) {
      if (engine.state === "failed") return; // let the browser load the page again
      event.preventDefault();
      typed();
      run();
    });
    if (select) {
      select.addEventListener("change", function () {
        category = select.value;
        run();
      });
    }

    // With a query: at once. Without: on idle (preload below), or the first focus when the
    // reader saves data.
    if (input.value.trim()) startEngine();
    input.addEventListener("focus", startEngine);
    whenSettled(function () {
      if (engine.state === "ready") fillCategories();
    });
    if (input.value.trim()) run();
  }

  /* ------------------------------------------------------------------ for other scripts */

  /* window.helpbook.search(text, limit): the same engine for other scripts of the theme
     (describe.js suggests pages under "Describe your problem"). Starts the engine on the first
     call; resolves to the engine's answer ({ mode, results }, each result with `href`, its URL
     on this site) or rejects when the engine is unavailable. Sends no event: what a caller
     searches is its own business (describe.js sends nothing). */
  window.helpbook = window.helpbook || {};
  window.helpbook.search = function (text, limit) {
    return new Promise(function (resolve, reject) {
      startEngine();
      whenSettled(function () {
        if (engine.state !== "ready") {
          reject(new Error("search is unavailable"));
          return;
        }
        search(String(text || ""), "", limit || DROPDOWN_LIMIT, function (error, found) {
          if (error) return reject(error);
          var results = (found && found.results) || [];
          results.forEach(function (result) { result.href = resultUrl(result.url, result.language); });
          resolve({ mode: found && found.mode, results: results });
        });
      });
    });
  };

  /* ------------------------------------------------------------------ start */

  function init() {
    if (!window.URLSearchParams) return;
    var inputs = document.querySelectorAll("form.search-form input[type=search][name=q]");
    Array.prototype.forEach.call(inputs, function (input) {
      var form = input.form;
      if (!form) return;
      var resultsId = form.getAttribute("data-search-results");
      var region = resultsId ? document.getElementById(resultsId) : null;
      if (region) initSearchPage(form, input, region);
      else initDropdown(form, input);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  /* On the home and search pages, where readers come to search, the engine starts loading
     once the page has loaded and the browser is idle, so that the first keystroke does not
     wait for it; not when the reader asked to save data (navigator.connection.saveData), then
     it starts on the first focus as on every other page. */
  function preload() {
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); };
    idle(function () { startEngine(); }, { timeout: PRELOAD_TIMEOUT_MS });
  }
  function wantsPreload() {
    var connection = navigator.connection;
    if (connection && connection.saveData) return false;
    return /(^|\s)page-(home|search)(\s|$)/.test(body.className) && !!config.worker;
  }
  if (wantsPreload()) {
    if (document.readyState === "complete") preload();
    else window.addEventListener("load", preload);
  }
})();
