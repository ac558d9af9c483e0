#!/usr/bin/env python3
"""Live-preview benchmark for `helpbook serve`: numbers for the issue notes,
never run in CI.

    python3 bench/serve.py [--bin target/release/helpbook] [--sizes demo,10000,ml10000]
                           [--edits 20] [--load-seconds 10] [--load-clients 8]
                           [--timings] [--pause 0.05] [--edits-while-indexing 0]

For each help center (the demo in this repository; synthetic ones of N
articles made by ../shared/bench/make_synthetic.py into /tmp; mlN: the same N
articles with es, fr, de and pt declared and half of them translated into
each, by bench/make_translated.py) it starts `helpbook serve --port 0`, then:

  * save-to-ready latency: appends a unique word to one article's body, and
    measures the time from the write until (a) the server's event stream
    announces the rebuild naming that page, and (b) a GET of the page returns
    the new word -- what a writer waits for between saving and seeing the
    reloaded page. On a help center with translations (`name.<code>.md`
    beside `name.md`, the code declared in book.toml) the same is measured
    twice: --edits edits to originals, then --edits edits to translations
    (the page under /<code>/). Also a title change (the category page and
    neighbours are re-rendered) and the first start-up build.
  * load: CLIENTS threads GET random pages (HTML, CSS, the search index) for
    SECONDS while another thread keeps editing articles; every response must
    be 200 and every HTML page complete (ends with </html>). Reports requests,
    throughput, latency percentiles and failures (the exit status is 1 if any).

With --timings, serve runs with --timings and the median time of each step
of a rebuild (from the watcher's first event to the tabs told) is printed per
kind of edit, with the time gathering the search indexes' input took on the
rebuild thread. --pause is the wait between one edit's restore and the next
edit (over 0.4 s the edited language's search index is rebuilt between
edits, as when a writer pauses); --edits-while-indexing N saves N originals
right after start-up, while the first search indexes are being built.

Loopback only; bounded in time and requests. Prints a table; --json FILE
writes the numbers. Results and their history: bench/serve.md.
"""

import argparse
import functools
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYNTH = os.path.join(ROOT, "..", "shared", "bench", "make_synthetic.py")
TRANSLATED = os.path.join(ROOT, "bench", "make_translated.py")


class Timings:
    """The `timings:` lines `serve --timings` prints on stderr, read on a thread."""

    def __init__(self, stream):
        self.lines = []
        self.search = []  # (ms gathering the input on the rebuild thread, ms building)
        threading.Thread(target=self.read, args=(stream,), daemon=True).start()

    def read(self, stream):
        for line in stream:
            s = re.match(r"timings: search: .* gathered in ([\d.]+) ms .* built in ([\d.]+) ms", line)
            if s:
                self.search.append((float(s.group(1)), float(s.group(2))))
            m = re.match(r"timings: total ([\d.]+) ms = (.*)", line)
            if m:
                steps = {"total": float(m.group(1))}
                for part in m.group(2).split(" + "):
                    name, _, ms = part.rpartition(" ")
                    steps[name] = steps.get(name, 0.0) + float(ms)
                self.lines.append(steps)

    def medians(self, start, end):
        """Each step's median over the rebuilds between line `start` and `end`."""
        rows = self.lines[start:end]
        names = []
        for row in rows:
            names += [n for n in row if n not in names]
        return {n: round(statistics.median(r.get(n, 0.0) for r in rows), 2) for n in names} if rows else {}


def start(binary, root, timings=False):
    proc = subprocess.Popen(
        [binary, "--root", root, "serve", "--port", "0", "--quiet"] + (["--timings"] if timings else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if timings else subprocess.DEVNULL,
        text=True,
    )
    t0 = time.monotonic()
    line = proc.stdout.readline()
    startup = time.monotonic() - t0
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"serve did not start: {line!r}")
    return proc, int(m.group(1)), startup, Timings(proc.stderr) if timings else None


class Events:
    """Reads the server's event stream on a thread, timestamps each status."""

    def __init__(self, port):
        self.messages = []
        self.cond = threading.Condition()
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__helpbook/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buf = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            for m in re.finditer(rb"data: (\{.*?\})\n", buf):
                try:
                    msg = json.loads(m.group(1))
                except ValueError:
                    continue
                with self.cond:
                    self.messages.append((time.monotonic(), msg))
                    self.cond.notify_all()
            buf = buf[buf.rfind(b"\n") + 1:] if b"\n" in buf else buf

    def wait(self, after_count, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, msg in self.messages[after_count:]:
                    if predicate(msg):
                        return t, msg
                left = deadline - time.monotonic()
                if left <= 0:
                    return None, None
                self.cond.wait(left)


def get(port, path, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


@functools.lru_cache(maxsize=None)
def languages_of(root):
    """The translation codes book.toml declares ([language.<code>])."""
    import tomllib
    try:
        with open(os.path.join(root, "book.toml"), "rb") as f:
            return sorted((tomllib.load(f).get("language") or {}).keys())
    except (OSError, ValueError):
        return []


def language_of(root, name):
    """The code of a translation file `name.<code>.md`, or None for an original."""
    parts = name[:-3].rsplit(".", 1)
    return parts[1] if len(parts) == 2 and parts[1] in languages_of(root) else None


def articles_of(root, translations=False):
    """Originals, or with translations=True the translations only."""
    out = []
    for dirpath, dirs, names in os.walk(os.path.join(root, "content")):
        dirs[:] = [d for d in dirs if not d.startswith("_")]  # content/_status/: known issues, not pages
        for n in sorted(names):
            if n.endswith(".md") and not n.startswith("_") and (language_of(root, n) is not None) == translations:
                path = os.path.join(dirpath, n)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if 'kind = "' in text.split("+++")[1] if text.startswith("+++") else False:
                    continue  # trees: a body edit is still incremental, but keep it simple
                out.append(path)
    return sorted(out)


def url_of(root, path):
    rel = os.path.relpath(path, os.path.join(root, "content"))[:-3]
    code = language_of(root, os.path.basename(path))
    if code:  # a translation keeps its original's URL under /<code>/
        return "/" + code + "/" + rel[: -len(code) - 1].replace(os.sep, "/") + "/"
    return "/" + rel.replace(os.sep, "/") + "/"


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))
    return values[k]


def measure_edits(port, events, root, edits, rng, translations=False, pause=0.05):
    paths = articles_of(root, translations)
    announce, ready = [], []
    for n in range(edits):
        path = rng.choice(paths)
        url = url_of(root, path)
        word = f"zqx{n}{rng.randrange(10**9)}"
        with open(path, encoding="utf-8") as f:
            text = f.read()
        count = len(events.messages)
        t0 = time.monotonic()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.rstrip("\n") + f"\n\nEdited {word}.\n")
        t_event, msg = events.wait(count, lambda m: url in m.get("changed", []) or "*" in m.get("changed", []))
        if t_event is None:
            print(f"  no event for {url}", file=sys.stderr)
            continue
        # The page as a reloading tab gets it.
        while True:
            status, body = get(port, url)
            if word.encode() in body:
                break
            if time.monotonic() - t0 > 60:
                break
        t_ready = time.monotonic()
        announce.append((t_event - t0) * 1000)
        ready.append((t_ready - t0) * 1000)
        count = len(events.messages)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        # Wait for the restore's own rebuild (on a site that rebuilds
        # everything it takes seconds): the next save must not queue behind it.
        events.wait(count, lambda m: url in m.get("changed", []) or "*" in m.get("changed", []), timeout=120)
        time.sleep(pause)
    return announce, ready


def measure_title(port, events, root, rng):
    path = articles_of(root)[len(articles_of(root)) // 2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    section = url_of(root, path).rsplit("/", 2)[0] + "/"
    new = re.sub(r'^title = "(.*)"$', r'title = "\1 renamed"', text, count=1, flags=re.M)
    count = len(events.messages)
    t0 = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    t_event, _ = events.wait(count, lambda m: section in m.get("changed", []) or "*" in m.get("changed", []))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    events.wait(len(events.messages), lambda m: True, timeout=5)
    return None if t_event is None else (t_event - t0) * 1000


def load_test(port, root, seconds, clients, rng):
    paths = [url_of(root, p) for p in articles_of(root) + articles_of(root, True)]
    extra = ["/", "/search/", "/static/helpbook.css", "/search/live/hot.bin"]
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    stats = {"requests": 0, "failures": [], "latency": []}

    def client(seed):
        r = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            url = r.choice(paths) if r.random() < 0.8 else r.choice(extra)
            t0 = time.monotonic()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 200 and (not url.endswith("/") or body.rstrip().endswith(b"</html>"))
                if not ok:
                    with lock:
                        stats["failures"].append((url, resp.status, len(body)))
            except Exception as e:  # noqa: BLE001 -- any failure is a finding
                with lock:
                    stats["failures"].append((url, repr(e), 0))
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            with lock:
                stats["requests"] += 1
                stats["latency"].append((time.monotonic() - t0) * 1000)

    def editor():
        files = articles_of(root)
        n = 0
        while time.monotonic() < stop:
            path = rng.choice(files)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.rstrip("\n") + f"\n\nLoad edit {n}.\n")
            time.sleep(0.1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            n += 1
            time.sleep(0.1)
        stats["edits"] = n * 2

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=editor))
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats["seconds"] = time.monotonic() - t0
    return stats


def prepare(size, tmp):
    if size == "demo":
        root = os.path.join(tmp, "demo")
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(root, "content"))
        shutil.copy(os.path.join(ROOT, "book.toml"), root)
        return root
    if size.startswith("ml"):
        root = os.path.join(tmp, size)
        subprocess.run([sys.executable, TRANSLATED, size[2:], root], check=True, stdout=subprocess.DEVNULL)
        return root
    n = int(size)
    root = os.path.join(tmp, f"synthetic-{n}")
    subprocess.run([sys.executable, SYNTH, str(n), os.path.join(root, "content")], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(root, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Synthetic"\n\n[build]\nbroken-links = "warn"\n')
    return root


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "helpbook"))
    ap.add_argument("--sizes", default="demo,10000")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--load-seconds", type=float, default=10)
    ap.add_argument("--load-clients", type=int, default=8)
    ap.add_argument("--root", help="benchmark this help center (edited in place, restored) instead of --sizes")
    ap.add_argument("--edits-while-indexing", type=int, default=0,
                    help="edits to originals right after start-up, while the first search indexes are built")
    ap.add_argument("--pause", type=float, default=0.05,
                    help="seconds between one edit's restore and the next edit (over 0.4 s, the search "
                         "index of the edited language is rebuilt in the background between edits)")
    ap.add_argument("--timings", action="store_true",
                    help="run serve with --timings and print each step's median time per kind of edit")
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = random.Random(7)
    results = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="helpbook-serve-bench-") as tmp:
        for size in ([args.root] if args.root else args.sizes.split(",")):
            root = size if args.root else prepare(size, tmp)
            proc, port, startup, timings = start(args.bin, root, args.timings)
            steps = {}
            try:
                events = Events(port)
                events.wait(0, lambda m: True, timeout=30)
                # Saves while the first search indexes are built (on every core).
                early = (measure_edits(port, events, root, args.edits_while_indexing, rng)
                         if args.edits_while_indexing else ([], []))
                if timings and early[1]:
                    steps["while indexing"] = timings.medians(0, len(timings.lines))
                # The search index is built in the background after start-up.
                t0 = time.monotonic()
                while get(port, "/search/live/hot.bin")[0] != 200 and time.monotonic() - t0 < 120:
                    time.sleep(0.1)
                index_ready = time.monotonic() - t0 + startup
                # Edits while indexing count from 0 (start-up prints no timings).
                mark = len(timings.lines) if timings else 0
                announce, ready = measure_edits(port, events, root, args.edits, rng, pause=args.pause)
                if timings:
                    steps["original"] = timings.medians(mark, len(timings.lines))
                    mark = len(timings.lines)
                translated = articles_of(root, True)
                t_announce, t_ready = (measure_edits(port, events, root, args.edits, rng, translations=True,
                                                      pause=args.pause)
                                       if translated else ([], []))
                if timings and translated:
                    steps["translation"] = timings.medians(mark, len(timings.lines))
                if timings and len(timings.search) > 1:
                    # After the first (every language), the edited language's.
                    later = timings.search[1:]
                    steps["search rebuild"] = {
                        "count": len(later),
                        "gathered": round(statistics.median(g for g, _ in later), 2),
                        "built": round(statistics.median(b for _, b in later), 1)}
                title = measure_title(port, events, root, rng)
                load = (load_test(port, root, args.load_seconds, args.load_clients, rng) if args.load_seconds > 0
                        else {"requests": 0, "failures": [], "latency": [], "seconds": 1})
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            lat = load["latency"]
            results[size] = {
                "startup_s": round(startup, 3),
                "search_ready_s": round(index_ready, 2),
                "edit_event_ms": {"median": round(statistics.median(announce), 1), "p95": round(pct(announce, 95), 1)},
                "edit_ready_ms": {"median": round(statistics.median(ready), 1), "p95": round(pct(ready, 95), 1)},
                **({"translations": len(translated),
                    "translation_edit_event_ms": {"median": round(statistics.median(t_announce), 1),
                                                  "p95": round(pct(t_announce, 95), 1)},
                    "translation_edit_ready_ms": {"median": round(statistics.median(t_ready), 1),
                                                  "p95": round(pct(t_ready, 95), 1)}} if t_ready else {}),
                "title_edit_event_ms": None if title is None else round(title, 1),
                **({"steps_ms": steps} if steps else {}),
                **({"while_indexing_edit_event_ms": {"median": round(statistics.median(early[0]), 1),
                                                     "p95": round(pct(early[0], 95), 1)},
                    "while_indexing_edit_ready_ms": {"median": round(statistics.median(early[1]), 1),
                                                     "p95": round(pct(early[1], 95), 1)}} if early[1] else {}),
                "load": {
                    "requests": load["requests"],
                    "seconds": round(load["seconds"], 1),
                    "per_second": round(load["requests"] / load["seconds"]),
                    "latency_ms": {"median": round(pct(lat, 50), 2), "p95": round(pct(lat, 95), 2), "max": round(max(lat), 1) if lat else None},
                    "edits_during": load.get("edits", 0),
                    "failures": len(load["failures"]),
                },
            }
            if load["failures"]:
                failed = True
                print(f"{size}: failures: {load['failures'][:5]}", file=sys.stderr)
    print(f"{'site':<12} {'index':>6} {'start-up':>9} {'save→event':>16} {'save→page ready':>18} {'title edit':>11} {'load: req/s':>12} {'p95 ms':>7} {'fail':>5}")
    for size, r in results.items():
        print(f"{size:<12} {r['search_ready_s']:>5.1f}s {r['startup_s']:>8.2f}s "
              f"{r['edit_event_ms']['median']:>7.1f}/{r['edit_event_ms']['p95']:>6.1f}ms "
              f"{r['edit_ready_ms']['median']:>9.1f}/{r['edit_ready_ms']['p95']:>6.1f}ms "
              f"{(r['title_edit_event_ms'] or float('nan')):>9.1f}ms "
              f"{r['load']['per_second']:>12} {r['load']['latency_ms']['p95']:>7} {r['load']['failures']:>5}")
        if "while_indexing_edit_ready_ms" in r:
            name = "  (indexing)"
            print(f"{name:<12} {'':>6} {'':>9} "
                  f"{r['while_indexing_edit_event_ms']['median']:>7.1f}/{r['while_indexing_edit_event_ms']['p95']:>6.1f}ms "
                  f"{r['while_indexing_edit_ready_ms']['median']:>9.1f}/{r['while_indexing_edit_ready_ms']['p95']:>6.1f}ms")
        if "translation_edit_ready_ms" in r:
            name = "  (transl.)"
            print(f"{name:<12} {'':>6} {'':>9} "
                  f"{r['translation_edit_event_ms']['median']:>7.1f}/{r['translation_edit_event_ms']['p95']:>6.1f}ms "
                  f"{r['translation_edit_ready_ms']['median']:>9.1f}/{r['translation_edit_ready_ms']['p95']:>6.1f}ms")
    for size, r in results.items():
        for kind, medians in r.get("steps_ms", {}).items():
            print(f"{size} {kind} edits, median ms per step: "
                  + ", ".join(f"{name} {ms:.2f}" for name, ms in medians.items()))
    print("(latencies: median/p95 over the edits; 'ready' = the page GET returns the new text; "
          "'(transl.)': edits to translations, their /<code>/ page; "
          "'(indexing)': edits right after start-up, while the first search indexes are built)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
