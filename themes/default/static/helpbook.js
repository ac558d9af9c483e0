/* helpbook default theme: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";

  /* The theme strings in the page's language (base.html, #hb-strings), English if missing. */
  var EN = {
    search_disabled: "Search is turned off on this help center. Browse by topic below."
  };
  var strings = {};
  try { strings = JSON.parse(document.getElementById("hb-strings").textContent) || {}; } catch (e) { strings = {}; }
  function str(key) { return typeof strings[key] === "string" ? strings[key] : EN[key]; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* Announcement: hide a banner whose dates (YYYY-MM-DD, either may be empty) exclude today,
     so an expired banner disappears even if the site hasn't been rebuilt. */
  function initAnnouncements() {
    var now = today();
    var banners = document.querySelectorAll(".announcement[data-start], .announcement[data-end]");
    Array.prototype.forEach.call(banners, function (el) {
      var start = el.getAttribute("data-start") || "";
      var end = el.getAttribute("data-end") || "";
      if ((start && now < start) || (end && now > end)) el.hidden = true;
    });
  }

  /* "/" focuses the search box, unless the reader is typing somewhere. */
  function initSlashKey() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      var input = document.querySelector("main input[type=search]") || document.querySelector("input[type=search]");
      if (!input) return;
      event.preventDefault();
      input.focus();
      if (input.select) input.select();
    });
  }

  /* Search page: pre-fill the search box from ?q=. Results come from search-ui.js, which is
     only there when search is on; without it, say so instead of showing nothing. */
  function initSearchPage() {
    var region = document.getElementById("search-results");
    if (!region || !window.URLSearchParams) return;
    var q = new URLSearchParams(window.location.search).get("q");
    if (!q) return;
    Array.prototype.forEach.call(document.querySelectorAll("input[type=search][name=q]"), function (input) {
      input.value = q;
    });
    if (!document.body.hasAttribute("data-search-worker")) {
      var p = document.createElement("p");
      p.className = "empty-state";
      p.textContent = str("search_disabled");
      region.appendChild(p);
    }
  }

  /* Language switcher (a <details>, which works without this): Escape closes it and puts
     focus back on its button; a click elsewhere on the page closes it. */
  function initLanguageSwitcher() {
    var switchers = document.querySelectorAll("details.language-switcher");
    Array.prototype.forEach.call(switchers, function (details) {
      details.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !details.open) return;
        event.preventDefault();
        details.open = false;
        var summary = details.querySelector("summary");
        if (summary) summary.focus();
      });
    });
    document.addEventListener("click", function (event) {
      Array.prototype.forEach.call(switchers, function (details) {
        if (details.open && !details.contains(event.target)) details.open = false;
      });
    });
  }

  /* "On this page" beside a long article: the section being read is marked (aria-current) as
     the reader scrolls, the last heading above the top third of the screen. */
  function initTocSpy() {
    var links = document.querySelectorAll(".toc-static a[href^='#']");
    if (!links.length || !window.IntersectionObserver) return;
    var headings = [];
    Array.prototype.forEach.call(links, function (a) {
      var el = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (el) headings.push({ el: el, link: a });
    });
    var current = null;
    function update() {
      var line = window.innerHeight / 3;
      var found = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].el.getBoundingClientRect().top <= line) found = headings[i];
        else break;
      }
      if (found === current) return;
      if (current) current.link.removeAttribute("aria-current");
      if (found) found.link.setAttribute("aria-current", "true");
      current = found;
    }
    var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -66% 0px" });
    headings.forEach(function (h) { observer.observe(h.el); });
    update();
  }

  /* Pages opened on the way, for the request "Describe your problem" writes (describe.js and
     tree.js read window.helpbook.visited()): the title and path of the last VISITED_MAX
     articles and troubleshooter or wizard steps viewed in this tab, newest last, kept in
     sessionStorage (this tab only, gone when it closes). Nothing is sent anywhere: the list
     only ever ends up in a request the reader sends themselves. */
  var VISITED_KEY = "helpbook:visited";
  var VISITED_MAX = 10;

  function readVisited() {
    var list = [];
    try { list = JSON.parse(window.sessionStorage.getItem(VISITED_KEY) || "[]"); } catch (e) { list = []; }
    if (!Array.isArray(list)) return [];
    return list.filter(function (v) { return v && typeof v.title === "string" && typeof v.path === "string"; });
  }

  /** The page being read as { title, path }, or null when it is not an article or a step. */
  function thisPage() {
    var kind = /(^| )page-(article|troubleshooter|wizard)( |$)/.exec(document.body.className);
    var h1 = document.querySelector("main h1");
    if (!kind || !h1) return null;
    var title = h1.textContent.replace(/\s+/g, " ").trim();
    if (kind[2] !== "article") {
      // A step's <title> is "question · tree · site" (a wizard's starts "Step 2: "): the tree's
      // title names where the question was asked.
      var parts = document.title.split(" \u00b7 ");
      if (parts.length >= 3) title = parts[parts.length - 2] + " \u203a " + title;
    }
    return title ? { title: title, path: window.location.pathname } : null;
  }

  function recordVisit() {
    var page = thisPage();
    if (!page) return;
    var list = readVisited().filter(function (v) { return v.path !== page.path; });
    list.push(page);
    try { window.sessionStorage.setItem(VISITED_KEY, JSON.stringify(list.slice(-VISITED_MAX))); } catch (e) { /* storage off: nothing kept */ }
  }

  function initVisited() {
    recordVisit();
    // Steps tree.js swaps in place (the event comes once the new step and title are in).
    document.addEventListener("helpbook:tree-step", function (event) {
      if (event.detail && event.detail.via !== "load") setTimeout(recordVisit, 0);
    });
  }

  window.helpbook = window.helpbook || {};
  /** The pages opened this session, oldest first: [{ title, path }]. */
  window.helpbook.visited = readVisited;

  function init() {
    initVisited();
    initTocSpy();
    initAnnouncements();
    initSlashKey();
    initSearchPage();
    initLanguageSwitcher();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
