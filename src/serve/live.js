/* helpbook serve: live reload. Injected into every HTML page by `helpbook serve` only (never
   into a built site). Listens to the server's events: reloads this page when it changed (keeping
   the scroll position) and shows the build's errors over the page until they are fixed. */
(function () {
  "use strict";
  if (!window.EventSource || window.__helpbookLive) return;
  window.__helpbookLive = true;
  var KEY = "helpbook-live-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = Number(saved) || 0;
      // At once, not smoothly (the theme's `scroll-behavior: smooth`): an animation from the
      // top can be cut short by scripts that change the page as it loads.
      var restore = function () { window.scrollTo({ top: y, left: 0, behavior: "instant" }); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off */ }

  // The overlay's own colours, light or dark as the page is (the theme's `data-theme` switch or
  // the system's), set with an id selector and `all: initial` so the page's CSS (a `pre` with a
  // light background, say) cannot reach its text.
  var STYLE =
    "#helpbook-errors{all:initial;display:block;position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
    "box-sizing:border-box;padding:2rem;background:#ffffff;color:#1f2328;" +
    "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace}" +
    "#helpbook-errors h2{all:initial;display:block;margin:0 0 1rem;font:600 18px/1.3 system-ui,sans-serif;color:#b42318}" +
    "#helpbook-errors pre{all:initial;display:block;margin:0;white-space:pre-wrap;overflow-wrap:anywhere;" +
    "font:inherit;color:inherit;background:transparent}" +
    "@media (prefers-color-scheme: dark){:root:not([data-theme=light]) #helpbook-errors{background:#141418;color:#f3f3f3}" +
    ":root:not([data-theme=light]) #helpbook-errors h2{color:#ff8b80}}" +
    ":root[data-theme=dark] #helpbook-errors{background:#141418;color:#f3f3f3}" +
    ":root[data-theme=dark] #helpbook-errors h2{color:#ff8b80}";
  var overlay = null;
  function showErrors(status) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "helpbook-errors";
      overlay.setAttribute("role", "alert");
      var style = document.createElement("style");
      style.id = "helpbook-errors-style";
      style.textContent = STYLE;
      document.head.appendChild(style);
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = status.errors + (status.errors === 1 ? " error" : " errors") +
      " in the help center: fix and save, and this page updates by itself.";
    var pre = document.createElement("pre");
    pre.textContent = status.text;
    overlay.appendChild(h);
    overlay.appendChild(pre);
  }
  function hideErrors() {
    if (overlay) overlay.remove();
    var style = document.getElementById("helpbook-errors-style");
    if (style) style.remove();
    overlay = null;
  }
  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  var version = null;
  var hadErrors = false;
  var source = new EventSource("/__helpbook/events");
  source.onmessage = function (event) {
    var status;
    try { status = JSON.parse(event.data); } catch (e) { return; }
    var first = version === null;
    var changed = !first && status.version !== version;
    // A restarted server counts from 1 again.
    var restarted = !first && status.version < version;
    version = status.version;
    if (status.errors > 0) {
      showErrors(status);
      hadErrors = true;
      return;
    }
    var mine = (status.changed || []).some(function (p) { return p === "*" || p === location.pathname; });
    if (changed && (mine || hadErrors || restarted)) return reload();
    hideErrors();
    hadErrors = false;
  };
})();
