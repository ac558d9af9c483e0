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
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off */ }

  var overlay = null;
  function showErrors(status) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "helpbook-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,24,.96);color:#f3f3f3;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.style.cssText = "margin:0 0 1rem;font:600 18px/1.3 system-ui,sans-serif;color:#ff8b80";
    h.textContent = status.errors + (status.errors === 1 ? " error" : " errors") +
      " in the help center: fix and save, and this page updates by itself.";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = status.text;
    overlay.appendChild(h);
    overlay.appendChild(pre);
  }
  function hideErrors() {
    if (overlay) overlay.remove();
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
