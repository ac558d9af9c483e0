// helpbook search engine driver: runs the helpbook-search wasm module.
//
// The same file is
//   - the browser's Web Worker (started by the theme's helpbook.js), and
//   - a CommonJS module for Node (tests and benchmarks require it),
// so the browser and the tests run exactly the same code.
//
// The module answers a search in attempts: when an attempt needs index pages
// it does not have, it names them all; they are fetched in parallel, and the
// attempt is retried. Pages are gzipped; DecompressionStream unpacks them
// (bytes a host already decoded are used as they are).
"use strict";

(function (root) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  async function gunzip(bytes) {
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /**
   * Opens a search index.
   * @param {object} options
   * @param {WebAssembly.Module | Promise<WebAssembly.Module>} options.module  the compiled
   *   helpbook-search module (or its compilation under way: the hot bundle is fetched
   *   while it compiles, not after)
   * @param {(url: string) => Promise<Uint8Array>} options.fetchBytes  loads a file
   * @param {string} options.hotUrl  the hot bundle
   * @param {string} options.dirUrl  the folder of the pages (ends with "/")
   */
  async function openIndex(options) {
    // The hot bundle and the module load in parallel (one request round, not two).
    const hotLoading = options.fetchBytes(options.hotUrl);
    hotLoading.catch(() => {}); // reported by the await below, not as unhandled
    const module = await options.module;
    // The engine stems words through this import, with the stemmer module
    // the index carries (instantiated below, once the hot bundle is open):
    // the word is copied into the stemmer's buffer and the stem back.
    let wasm = null;
    let stemmer = null;
    const env = {
      hb_stem(ptr, len, out, cap) {
        if (!stemmer) return -1;
        const buffer = stemmer.hb_stem_buffer();
        if (len > 256) return -1;
        new Uint8Array(stemmer.memory.buffer, buffer, len).set(new Uint8Array(wasm.memory.buffer, ptr, len));
        const n = stemmer.hb_stem(len);
        if (n < 0 || n > cap) return -1;
        new Uint8Array(wasm.memory.buffer, out, n).set(new Uint8Array(stemmer.memory.buffer, buffer, n));
        return n;
      },
    };
    const instance = await WebAssembly.instantiate(module, { env });
    wasm = instance.exports;

    function put(bytes) {
      const ptr = wasm.hb_alloc(bytes.length);
      new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
      return ptr;
    }
    function output() {
      const ptr = wasm.hb_output_ptr();
      const len = wasm.hb_output_len();
      return decoder.decode(new Uint8Array(wasm.memory.buffer, ptr, len));
    }

    const hotStored = await hotLoading;
    const hot = await gunzip(hotStored);
    const openStarted = now();
    if (wasm.hb_open(put(hot), hot.length) !== 0) {
      throw new Error("search index: " + output());
    }
    const info = JSON.parse(output());
    const stemmerLength = wasm.hb_stemmer();
    if (stemmerLength > 0) {
      const bytes = new Uint8Array(wasm.memory.buffer, wasm.hb_output_ptr(), stemmerLength).slice();
      stemmer = (await WebAssembly.instantiate(bytes, {})).instance.exports;
    }
    info.openMs = now() - openStarted;
    info.hotBytes = hotStored.length;

    const loading = new Map();
    function loadPage(page) {
      let promise = loading.get(page);
      if (!promise) {
        promise = options
          .fetchBytes(options.dirUrl + page + ".bin")
          .then(async (stored) => {
            const bytes = await gunzip(stored);
            if (wasm.hb_add_page(page, put(bytes), bytes.length) !== 0) {
              throw new Error("search index: page " + page + " does not fit");
            }
            return stored.length;
          });
        promise.catch(() => loading.delete(page));
        loading.set(page, promise);
      }
      return promise;
    }

    /**
     * Searches. Resolves to { results, rounds, bytes, ms } where rounds is how
     * many sequential fetch rounds the query needed, bytes what they loaded.
     */
    async function search(text, opts) {
      opts = opts || {};
      const started = now();
      let rounds = 0;
      let bytes = 0;
      for (;;) {
        const q = encoder.encode(String(text));
        const c = encoder.encode(opts.category || "");
        const status = wasm.hb_search(put(q), q.length, put(c), c.length, opts.limit || 10);
        const out = output();
        if (status === 0) {
          return { results: JSON.parse(out), rounds, bytes, ms: now() - started };
        }
        if (status !== 1 || rounds >= 16) throw new Error("search: " + out);
        rounds += 1;
        const sizes = await Promise.all(JSON.parse(out).map(loadPage));
        for (const size of sizes) bytes += size;
      }
    }

    /**
     * Fetches the pages the first round of a search for `text` reads (its
     * words' dictionary blocks), while the reader is still typing: the
     * search, once typing pauses, finds them loaded or on their way.
     * Resolves to the bytes fetched; never rejects (a failed page is
     * fetched again by the search).
     */
    async function prefetch(text, opts) {
      opts = opts || {};
      const q = encoder.encode(String(text));
      const c = encoder.encode(opts.category || "");
      if (wasm.hb_prefetch(put(q), q.length, put(c), c.length) !== 1) return 0;
      const sizes = await Promise.all(JSON.parse(output()).map((page) => loadPage(page).catch(() => 0)));
      return sizes.reduce((a, b) => a + b, 0);
    }

    return { info, search, prefetch };
  }

  function now() {
    return typeof performance !== "undefined" ? performance.now() : Date.now();
  }

  const api = { openIndex, gunzip };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }
  root.HelpbookSearch = api;

  // In a worker: the page's script talks to us with messages.
  //   → { type: "init", wasmUrl, hotUrl, dirUrl, parcels }   ← { type: "ready", info } | { type: "error", message }
  //   → { type: "search", id, text, category, limit } ← { type: "results", id, results, rounds, bytes, ms }
  //   → { type: "prefetch", text, category }         (no answer: fetches the first round's
  //                                                    pages while the reader types)
  // With `parcels: true` the page downloads the module and the hot bundle itself, while this
  // script is still on its way (one request round fewer), and sends their bytes (compiled
  // here: the page's thread only downloads):
  //   → { type: "parcel", kind: "module" | "hot", bytes }  (an ArrayBuffer, transferred)
  //   → { type: "parcel", kind, error }                    (it could not load it)
  if (typeof root.postMessage === "function" && typeof root.document === "undefined") {
    let index = null;
    const fetchBytes = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return new Uint8Array(await response.arrayBuffer());
    };
    const compile = async (url) => {
      try {
        return await WebAssembly.compileStreaming(fetch(url));
      } catch (_) {
        // Hosts that do not send application/wasm.
        return WebAssembly.compile(await fetchBytes(url));
      }
    };
    // What the page sends (or will send), by kind; a parcel may arrive before the init.
    const parcels = {};
    const parcel = (kind) => {
      if (!parcels[kind]) {
        const entry = {};
        entry.promise = new Promise((resolve, reject) => Object.assign(entry, { resolve, reject }));
        entry.promise.catch(() => {}); // reported where it is awaited
        parcels[kind] = entry;
      }
      return parcels[kind];
    };
    let prefetching = null; // the text of the newest prefetch asked for
    root.onmessage = async (event) => {
      const message = event.data || {};
      if (message.type === "prefetch") {
        prefetching = message.text;
        if (!index) return;
        try {
          const opened = await index;
          // Keystrokes that came while the index opened: only the last counts.
          if (prefetching !== message.text) return;
          await opened.prefetch(message.text, { category: message.category });
        } catch (_) {
          // The search reports what is wrong.
        }
        return;
      }
      if (message.type === "parcel") {
        const entry = parcel(message.kind);
        if (message.error) entry.reject(new Error(String(message.error)));
        else entry.resolve(new Uint8Array(message.bytes));
        return;
      }
      try {
        if (message.type === "init") {
          // Not awaited: openIndex fetches the hot bundle while the module compiles.
          const module = message.parcels
            ? parcel("module").promise.then((bytes) => WebAssembly.compile(bytes))
            : compile(message.wasmUrl);
          const fetchFirst = message.parcels
            ? (url) => (url === message.hotUrl ? parcel("hot").promise : fetchBytes(url))
            : fetchBytes;
          index = openIndex({ module, fetchBytes: fetchFirst, hotUrl: message.hotUrl, dirUrl: message.dirUrl });
          const opened = await index;
          root.postMessage({ type: "ready", info: opened.info });
        } else if (message.type === "search") {
          if (!index) throw new Error("search: not initialised");
          const opened = await index;
          const found = await opened.search(message.text, {
            category: message.category,
            limit: message.limit,
          });
          root.postMessage(Object.assign({ type: "results", id: message.id }, found));
        }
      } catch (error) {
        root.postMessage({ type: "error", id: message.id, message: String(error && error.message || error) });
      }
    };
  }
})(typeof self !== "undefined" ? self : globalThis);
