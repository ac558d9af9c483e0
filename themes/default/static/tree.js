/* helpbook: troubleshooters and wizards, progressively enhanced.

   Without this script every step is its own page and every answer a plain link. With it:
   - choosing an answer swaps the step in place (the next page is fetched, usually already
     prefetched on hover or touch), updates the URL and the title, keeps a history entry so
     Back and Forward work, moves focus to the new question and announces it;
   - the reader's answers are kept in the URL (`?a=0.2.1`: the index of each answer from the
     first step), so a reload, a bookmark or a shared link keeps them;
   - wizards show the real step number (a progress bar that never moves back along a walk), a "Your answers" summary with a "Change" link for
     each answer, and at an escalate step a support request with the answers written in (and
     the reader's own words from "Describe your problem", see described() below).
   Nothing ever advances on its own: only a click or Enter on an answer moves on.

   It also says what happens, for insights.js (loaded when the help center has [insights]),
   as events on `document` (CustomEvent, the facts in `detail`):
   - `helpbook:tree-answer` when the reader picks an answer (a plain click or Enter):
     { tree, start, step, answers, choice };
   - `helpbook:tree-step` each time a step is shown, on load too:
     { tree, start, step, end, answers, via }.
   `tree` is the tree's URL path (its first step), `start` the first step's id, `step` the
   step's id, `end` "resolved", "escalate" or "", `answers` the trail as in `?a=` ("0.2", ""
   at the start) or null when it is not known, `choice` the index of the answer picked, and
   `via` how the step came: "load", "answer", "back" (Back or Change), "restart" or
   "history" (the browser's Back and Forward). */
(function () {
  "use strict";

  var root = document.querySelector("[data-tree]");
  if (!root || !window.history || !window.history.pushState || !window.fetch || !window.DOMParser) return;
  var dataEl = root.querySelector("[data-tree-data]");
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var wizard = data.kind === "wizard";
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var status = root.querySelector("[data-tree-status]");
  var pages = {};

  /* The theme strings in the page's language (base.html, #hb-strings), English if missing. */
  var EN = {
    back: "Back",
    back_hidden: ": {question}",
    step_n: "Step {step}",
    step_of: "Step {step} of {total}",
    change: "Change",
    change_hidden: " your answer to: {question}",
    request_subject_line: "Subject: {subject}",
    request_my_answers: "My answers:",
    copied: "Copied. Paste it into your message to {channel}.",
    copy_failed: "Select the text above and copy it."
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
  if ("scrollRestoration" in history) history.scrollRestoration = "manual"; // show() scrolls; Back/Forward must not jump to the old answer list

  /* --- the trail: which answer was chosen at each step, from the first ------------------- */

  function parseTrail(search) {
    var m = /[?&]a=([0-9.]*)(?:&|$)/.exec(search);
    if (!m) return null;
    if (!m[1]) return [];
    var parts = m[1].split(".");
    for (var i = 0; i < parts.length; i++) if (!/^\d+$/.test(parts[i])) return null;
    return parts.map(Number);
  }

  /* Follows the trail from the first step; null when it does not lead anywhere. */
  function replay(trail) {
    var node = byId[data.start];
    var answers = [];
    for (var i = 0; i < trail.length; i++) {
      var choice = node.choices[trail[i]];
      if (!choice || !choice.to || !byId[choice.to]) return null;
      answers.push({ node: node, choice: choice, trail: trail.slice(0, i) });
      node = byId[choice.to];
    }
    return { node: node, answers: answers };
  }

  function urlFor(node, trail) {
    return node.url + (trail && trail.length ? "?a=" + trail.join(".") : "");
  }

  /* --- the current step ---------------------------------------------------------------- */

  var current = { id: "", trail: null };

  /* Tells insights.js (or anything listening) what happened; see the top of this file. */
  function emit(name, detail) {
    var event;
    try { event = new CustomEvent(name, { detail: detail }); } catch (e) { return; }
    document.dispatchEvent(event);
  }

  function facts() {
    return {
      tree: root.getAttribute("data-tree-url") || data.nodes[0].url,
      start: data.start,
      step: current.id,
      answers: current.trail ? current.trail.join(".") : null
    };
  }

  function stepShown(via) {
    var detail = facts();
    var node = byId[current.id];
    detail.end = node && node.end ? node.end : "";
    detail.via = via;
    emit("helpbook:tree-step", detail);
  }

  function currentArticle() { return root.querySelector("[data-tree-node]"); }

  function init() {
    var article = currentArticle();
    if (!article) return;
    var id = article.getAttribute("data-tree-node");
    var trail = parseTrail(location.search);
    if (trail === null && id === data.start) trail = [];
    if (trail !== null) {
      var walked = replay(trail);
      if (!walked || walked.node.id !== id) trail = id === data.start ? [] : null;
    }
    current = { id: id, trail: trail };
    var clean = byId[id] ? urlFor(byId[id], trail) + location.hash : location.href;
    history.replaceState({ helpbookTree: true, id: id, trail: trail }, "", clean);
    enhance();
    stepShown("load");
  }

  /* Everything that depends on the trail, on the step shown now. */
  function enhance() {
    var node = byId[current.id];
    if (!node) return;
    var trail = current.trail;
    var walked = trail ? replay(trail) : null;

    // Answers carry the trail in their links, so opening one in a new tab keeps it.
    var links = root.querySelectorAll("a.choice[data-to]");
    Array.prototype.forEach.call(links, function (a) {
      var index = Number(a.getAttribute("data-choice"));
      var target = byId[a.getAttribute("data-to")];
      if (target) a.setAttribute("href", urlFor(target, trail ? trail.concat([index]) : null));
    });

    var back = root.querySelector("[data-tree-back]");
    if (walked && walked.answers.length) {
      var previous = walked.answers[walked.answers.length - 1];
      if (!back) back = makeBackLink();
      if (back) {
        back.setAttribute("href", urlFor(previous.node, previous.trail));
        var hidden = back.querySelector(".visually-hidden");
        if (hidden) hidden.textContent = fill("back_hidden", { question: previous.node.q });
      }
    }

    // The language switcher goes to this step in each language, with the same answers
    // (a translation has the same steps; tree.js there drops a trail that does not fit).
    // A language without this page links to its home page: left as it is.
    var query = trail && trail.length ? "?a=" + trail.join(".") : "";
    var languages = document.querySelectorAll("details.language-switcher a[hreflang]");
    Array.prototype.forEach.call(languages, function (a) {
      if (a.querySelector(".language-home")) return;
      a.setAttribute("href", a.getAttribute("href").replace(/[?#].*$/, "") + query);
    });

    if (wizard) {
      updateProgress(node, walked);
      renderAnswers(walked ? walked.answers : []);
      fillRequest(node, walked ? walked.answers : null);
    }
  }

  function makeBackLink() {
    var list = root.querySelector(".tree-nav ul");
    if (!list) return null;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "tree-back";
    a.setAttribute("data-tree-back", "");
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "\u2190";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    a.appendChild(arrow);
    a.appendChild(document.createTextNode(" " + str("back")));
    a.appendChild(hidden);
    li.appendChild(a);
    list.insertBefore(li, list.firstChild);
    return a;
  }

  /* "Step 3" (t.step_n), or "Step 6 of 6" (t.step_of) at an end: the real number of the step
     on the reader's way, never a guessed total that could grow as they go. */
  function progressText(node, step) {
    return node.end ? fill("step_of", { step: step, total: step }) : fill("step_n", { step: step });
  }

  function stepText(node, step) {
    var el = root.querySelector("[data-tree-progress-text]");
    var shown = step || (el ? Number((/\d+/.exec(el.textContent) || ["1"])[0]) : 1);
    return { step: shown, text: progressText(node, shown) };
  }

  /* How full the progress bar is after the walk `answers` (the steps answered, in order) to
     `node`: each step's own estimate (its number over the fewest steps to an end through it),
     but never less than before plus a share of what was left, so the bar only moves forward
     along a walk however long the way turns out to be; full at an end. */
  function progressShare(answers, node) {
    var share = 0;
    var path = answers.map(function (a) { return a.node; }).concat([node]);
    path.forEach(function (n, i) {
      if (n.end) { share = 1; return; }
      var estimate = (i + 1) / (i + 1 + Math.max(1, n.rem));
      share = Math.max(estimate, share + (1 - share) / (Math.max(1, n.rem) + 1));
    });
    return share;
  }

  /* The progress line (tree.html) and the title, which starts with the same words as the
     line ("Step 2: question · guide · site"). */
  function updateProgress(node, walked) {
    var text = root.querySelector("[data-tree-progress-text]");
    if (!text) return;
    var before = text.textContent;
    var s = stepText(node, walked ? walked.answers.length + 1 : null);
    text.textContent = s.text;
    var bar = root.querySelector("[data-tree-bar]");
    if (bar && walked) bar.style.width = Math.round(progressShare(walked.answers, node) * 100) + "%";
    if (before && document.title.indexOf(before) === 0) {
      document.title = s.text + document.title.slice(before.length);
    }
  }

  /* GOV.UK's "check your answers": question, answer, and a link to change it. */
  function renderAnswers(answers) {
    var box = root.querySelector("[data-tree-answers]");
    var list = root.querySelector("[data-tree-answers-list]");
    if (!box || !list) return;
    list.textContent = "";
    answers.forEach(function (answer) {
      var row = document.createElement("div");
      row.className = "answers-row";
      var dt = document.createElement("dt");
      dt.textContent = answer.node.q;
      var dd = document.createElement("dd");
      dd.textContent = answer.choice.label;
      var change = document.createElement("dd");
      change.className = "answers-change";
      var a = document.createElement("a");
      a.href = urlFor(answer.node, answer.trail);
      a.setAttribute("data-tree-change", "");
      a.textContent = str("change");
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = fill("change_hidden", { question: answer.node.q });
      a.appendChild(hidden);
      change.appendChild(a);
      row.appendChild(dt);
      row.appendChild(dd);
      row.appendChild(change);
      list.appendChild(row);
    });
    box.hidden = answers.length === 0;
  }

  /* --- the support request ------------------------------------------------------------- */

  function encode(text) { return encodeURIComponent(text); }

  function requestUrl(subject, body) {
    var r = data.request;
    var sep = r.url.indexOf("?") < 0 ? "?" : "&";
    if (r.email) return r.url + sep + "subject=" + encode(subject) + "&body=" + encode(body);
    return r.url + sep + encode(r.subject_param) + "=" + encode(subject) + "&" + encode(r.body_param) + "=" + encode(body);
  }

  /* The reader's own words and the pages they opened on the way, when the step has
     "Describe your problem" (describe.js: window.helpbook.describe.fill adds them to the
     request's prompts, and a `helpbook:describe` event says they changed). */
  function described(text) {
    var d = window.helpbook && window.helpbook.describe;
    return d && typeof d.fill === "function" ? d.fill(text) : text;
  }

  var request = null; // the request on the step shown: { area, head, composed, sync }

  /* Writes the request again with the words now in the box, unless the reader edited it. */
  function redescribe() {
    if (!request || !document.body.contains(request.area)) return;
    if (request.area.value !== request.composed) return; // the reader's own edit wins
    request.composed = request.head + described(data.request.after);
    request.area.value = request.composed;
    request.sync();
  }
  document.addEventListener("helpbook:describe", redescribe);

  function fillRequest(node, answers) {
    var box = root.querySelector("[data-tree-request]");
    if (!box || !data.request || !data.request.subjects[node.id]) return;
    var parts = data.request.subjects[node.id];
    var subject = parts[0];
    var text = parts[1];
    if (answers && answers.length) {
      text += str("request_my_answers") + "\n";
      answers.forEach(function (answer, i) {
        text += (i + 1) + ". " + answer.node.q + "\n   " + answer.choice.label + "\n";
      });
      text += "\n";
      var note = box.querySelector("[data-request-js-only]");
      if (note) note.hidden = false;
    }
    var head = text;
    text += described(data.request.after);
    var area = box.querySelector("[data-request-text]");
    var send = box.querySelector("[data-request-send]");
    var copy = box.querySelector("[data-request-copy]");
    var said = box.querySelector("[data-request-status]");
    area.readOnly = false;
    area.value = text;
    function sync() { send.setAttribute("href", requestUrl(subject, area.value)); }
    request = { area: area, head: head, composed: text, sync: sync };
    sync();
    area.addEventListener("input", sync);
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var value = fill("request_subject_line", { subject: subject }) + "\n\n" + area.value;
      var copied = fill("copied", { channel: data.request.channel });
      function done() { said.textContent = copied; }
      function fallback() {
        area.focus();
        area.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        said.textContent = ok ? copied : str("copy_failed");
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  /* --- moving between steps ------------------------------------------------------------ */

  function load(url) {
    if (!pages[url]) {
      pages[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.text();
        })
        .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
      pages[url].catch(function () { delete pages[url]; });
    }
    return pages[url];
  }

  function announce(text) {
    if (!status) return;
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function show(id, trail, push, via) {
    var node = byId[id];
    if (!node) return;
    var target = urlFor(node, trail);
    load(node.url).then(function (doc) {
      var incoming = doc.querySelector("[data-tree-swap]");
      var here = root.querySelector("[data-tree-swap]");
      if (!incoming || !here) throw new Error("not a step page");
      here.innerHTML = incoming.innerHTML;
      var crumbs = document.querySelector(".breadcrumbs");
      var newCrumbs = doc.querySelector(".breadcrumbs");
      if (crumbs && newCrumbs) crumbs.innerHTML = newCrumbs.innerHTML;
      var switcher = document.querySelector("details.language-switcher");
      var newSwitcher = doc.querySelector("details.language-switcher");
      if (switcher && newSwitcher) {
        switcher.open = false;
        switcher.innerHTML = newSwitcher.innerHTML;
      }
      document.title = doc.title;
      // An escalate step is itself the way to a human: it has no "Still need help?" band.
      var band = document.querySelector(".help-cta");
      var newBand = doc.querySelector(".help-cta");
      if (band) band.hidden = !newBand;
      else if (newBand && document.getElementById("main")) document.getElementById("main").after(document.importNode(newBand, true));
      current = { id: id, trail: trail };
      var state = { helpbookTree: true, id: id, trail: trail };
      if (push) history.pushState(state, "", target);
      else history.replaceState(state, "", target);
      enhance();
      stepShown(via);
      var heading = here.querySelector("h1");
      var top = root.getBoundingClientRect().top + window.pageYOffset - 16;
      if (window.pageYOffset > top) window.scrollTo(0, Math.max(0, top));
      if (heading) heading.focus({ preventScroll: true });
      var prefix = wizard ? stepText(node, trail ? trail.length + 1 : null).text + ": " : "";
      announce(prefix + node.q);
    }).catch(function () {
      location.assign(target);
    });
  }

  function plainClick(event) {
    return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  }

  root.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest("a") : null;
    if (!a || !root.contains(a) || !plainClick(event)) return;
    var trail = current.trail;
    if (a.matches("a.choice")) {
      // An answer to an article is a plain link: the reader leaves the tree there.
      var answered = facts();
      answered.choice = Number(a.getAttribute("data-choice"));
      emit("helpbook:tree-answer", answered);
    }
    if (a.matches("a.choice[data-to]")) {
      event.preventDefault();
      var index = Number(a.getAttribute("data-choice"));
      show(a.getAttribute("data-to"), trail ? trail.concat([index]) : null, true, "answer");
    } else if (a.matches("[data-tree-restart]")) {
      event.preventDefault();
      show(data.start, [], true, "restart");
    } else if (a.matches("[data-tree-back], [data-tree-change]")) {
      var url = new URL(a.href, location.href);
      var to = null;
      data.nodes.forEach(function (n) { if (new URL(n.url, location.href).pathname === url.pathname) to = n; });
      if (!to) return;
      event.preventDefault();
      show(to.id, parseTrail(url.search) || (to.id === data.start ? [] : null), true, "back");
    }
  });

  /* Fetch the next step as soon as the reader shows interest in an answer. */
  function prefetch(event) {
    var a = event.target.closest ? event.target.closest("a.choice[data-to]") : null;
    if (a && byId[a.getAttribute("data-to")]) load(byId[a.getAttribute("data-to")].url);
  }
  root.addEventListener("pointerover", prefetch);
  root.addEventListener("focusin", prefetch);
  root.addEventListener("touchstart", prefetch, { passive: true });

  window.addEventListener("popstate", function (event) {
    var state = event.state;
    if (state && state.helpbookTree && byId[state.id]) return show(state.id, state.trail, false, "history");
    // An entry that is not ours (an in-page anchor such as the skip link): show the
    // step its URL names, if it is not the one on screen.
    var to = null;
    data.nodes.forEach(function (n) { if (new URL(n.url, location.href).pathname === location.pathname) to = n; });
    if (to && to.id !== current.id) show(to.id, parseTrail(location.search) || (to.id === data.start ? [] : null), false, "history");
  });

  init();
})();
