#!/usr/bin/env python3
"""Generates GENERATED sample insights events for trying `helpbook insights`.

    python3 scripts/sample-events.py 5000 sample-events.jsonl --seed 7
    helpbook insights --events sample-events.jsonl --format html --out report.html

The events are made up, not what real readers did: the file's first line
says so (a `#` comment, which `helpbook insights --events` skips). They use
the help center's real URLs (read from book.toml and content/ under --root,
the demo by default): searches readers would type (titles and keywords,
some with typos, some that find nothing, a few scrubbed to [email] or
[phone]), votes with reasons and comments, walks through every
troubleshooter and wizard (answers that fit their steps), and support
channels opened. They span --days days (60 by default, so a 30-day report
has a period before it to compare with) up to --end (today, UTC, by
default), with one burst of a no-result query and one of "No" votes so the
report has spikes to show.

The output depends only on the arguments: the same N, --seed, --end and
content give the same file, byte for byte. Standard library only.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import tomllib

# Queries that find nothing in the demo (what readers ask that the help
# center does not cover), with how often each is typed.
NO_RESULT_QUERIES = [
    ("dark mode", 9),
    ("delete account permanently", 6),
    ("refund subscription", 5),
    ("change username", 5),
    ("export contacts", 3),
    ("verify age", 2),
    ("modo oscuro", 2),
]

COMMENTS = {
    "en": [
        "The menu you describe isn't there on Android.",
        "I never got the email with the link.",
        "Too many steps, I gave up halfway.",
        "Doesn't say what to do if I changed my number.",
        "The screenshots are from the old app.",
        "I did all of this and I'm still locked out!!",
        "<b>Support</b> never answered & I waited 3 days",
    ],
    "es": [
        "No encuentro esa opción en el menú.",
        "Nunca me llegó el correo.",
        "Faltan pasos para Android.",
    ],
    "ar": ["لم تصلني رسالة إعادة التعيين."],
}

REASONS = ["outdated", "did-not-answer", "hard-to-follow", "something-missing"]

FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
STEP = re.compile(r"^## (.*?)\s*\{([^}]*)\}\s*$")
CHOICE = re.compile(r"^[-*] \[([^\]]+)\]\((#[^)\s]+|@/[^)\s]+)\)")


def slugify(text):
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-")


def read_book(root):
    with open(os.path.join(root, "book.toml"), "rb") as f:
        book = tomllib.load(f)
    original = book.get("book", {}).get("language", "en")
    languages = sorted(book.get("language", {}).keys())
    site_url = book.get("output", {}).get("html", {}).get("site-url", "/")
    base = "/" + re.sub(r"^[a-z]+://[^/]+", "", site_url).strip("/")
    base = base if base.endswith("/") else base + "/"
    channels = [c["name"] for c in book.get("support", {}).get("channels", [])]
    return original, languages, base, channels


def read_tree(body):
    """The steps of a tree: id → (classes, choices [(label, target)])."""
    steps, order, current, lists, in_list = {}, [], None, [], False
    for line in body.split("\n"):
        m = STEP.match(line)
        if m:
            if current:
                steps[current] = (steps[current][0], last_choice_list(lists))
            attrs = m.group(2).split()
            current = next((a[1:] for a in attrs if a.startswith("#")), None)
            classes = [a[1:] for a in attrs if a.startswith(".")]
            steps[current] = (classes, [])
            order.append(current)
            lists, in_list = [], False
            continue
        if current is None:
            continue
        if re.match(r"^[-*] ", line):
            if not in_list:
                lists.append([])
                in_list = True
            lists[-1].append(line)
        elif line.strip() and not line.startswith("  "):
            in_list = False
    if current:
        steps[current] = (steps[current][0], last_choice_list(lists))
    return steps, order


def last_choice_list(lists):
    for items in reversed(lists):
        parsed = [CHOICE.match(item) for item in items]
        if all(parsed):
            return [(m.group(1), m.group(2)) for m in parsed]
    return []


def read_content(root, original, languages, base):
    """Every article: dict(url, language, title, keywords, tree, weight)."""
    articles = []
    content = os.path.join(root, "content")
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith("_"):
                continue
            stem = name[:-3]
            language = original
            parts = stem.rsplit(".", 1)
            if len(parts) == 2 and parts[1] in languages:
                stem, language = parts
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            m = FRONT_MATTER.match(text)
            meta = tomllib.loads(m.group(1)) if m else {}
            if meta.get("draft"):
                continue
            section = os.path.relpath(folder, content)
            path = [] if section == "." else [slugify(p) for p in section.split(os.sep)]
            prefix = base if language == original else f"{base}{language}/"
            url = prefix + "".join(p + "/" for p in path + [slugify(stem)])
            tree = None
            if meta.get("kind") in ("troubleshooter", "wizard"):
                tree = read_tree(text[m.end():] if m else text)
            articles.append({
                "url": url,
                "language": language,
                "title": meta.get("title", stem),
                "keywords": meta.get("keywords", []),
                "tree": tree,
                "home": prefix,
                "original": original,
            })
    return articles


def typo(rng, word):
    """One typo a reader makes: a letter dropped, doubled or swapped."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


class Generator:
    def __init__(self, rng, articles, channels, start, days):
        self.rng = rng
        self.articles = articles
        self.channels = channels
        self.start = start
        self.days = days
        self.events = []
        by_language = {}
        for a in articles:
            by_language.setdefault(a["language"], []).append(a)
        self.by_language = by_language
        # The original language first: most readers read it.
        self.languages = sorted(by_language, key=lambda l: (l != articles[0]["original"], l))
        # Popular articles get most of the traffic; a few are never visited.
        self.weights = {a["url"]: rng.choice([0, 1, 1, 2, 3, 5, 8, 13]) for a in articles}
        # Some articles disappoint readers.
        self.unhelpful = {a["url"] for a in articles if rng.random() < 0.2}

    def time(self, day=None):
        """A time on a random day, busier towards the end (a growing site)."""
        if day is None:
            day = min(int(self.days * (self.rng.random() ** 0.8)), self.days - 1)
        second = self.rng.randrange(86400)
        return self.start + dt.timedelta(days=day, seconds=second)

    def add(self, when, event):
        self.events.append((when, event))

    def language(self):
        weights = [16] + [3 if i == 1 else 1 for i in range(1, len(self.languages))]
        return self.rng.choices(self.languages, weights=weights)[0]

    def article(self, language, trees=False):
        pool = [a for a in self.by_language[language] if (a["tree"] is not None) == trees or not trees]
        pool = [a for a in pool if self.weights[a["url"]] > 0] or pool
        return self.rng.choices(pool, weights=[self.weights[a["url"]] or 1 for a in pool])[0]

    def search(self, day=None, query=None, language=None):
        rng = self.rng
        language = language or self.language()
        when = self.time(day)
        page = rng.choice([self.by_language[language][0]["home"], self.article(language)["url"]])
        if query is None and rng.random() < 0.12:
            query = rng.choices([q for q, _ in NO_RESULT_QUERIES], weights=[w for _, w in NO_RESULT_QUERIES])[0]
        if query is not None:
            self.add(when, {"kind": "search", "page": page, "language": language, "query": query, "results": 0, "opened": None})
            return
        if rng.random() < 0.02:
            query = rng.choice(["[email]", "[phone]"])
            self.add(when, {"kind": "search", "page": page, "language": language, "query": query, "results": 0, "opened": None})
            return
        target = self.article(language)
        words = rng.choice([target["title"]] + list(target["keywords"]))
        query = words.lower()
        if rng.random() < 0.15:
            query = " ".join(typo(rng, w) for w in query.split())
        results = rng.randrange(1, 15)
        opened = None
        if rng.random() < 0.75:
            rank = rng.choices([1, 2, 3, 4], weights=[70, 15, 10, 5])[0]
            opened = {"rank": min(rank, results), "url": target["url"]}
        self.add(when, {"kind": "search", "page": page, "language": language, "query": query, "results": results, "opened": opened})

    def vote(self, day=None, article=None, helpful=None):
        rng = self.rng
        language = article["language"] if article else self.language()
        article = article or self.article(language)
        page = article["url"]
        if article["tree"] and rng.random() < 0.5:
            steps, order = article["tree"]
            ends = [s for s in order[1:] if "resolved" in steps[s][0]]
            if ends:
                page = f"{article['url']}{rng.choice(ends)}/"
        if helpful is None:
            helpful = rng.random() > (0.6 if article["url"] in self.unhelpful else 0.15)
        reason = comment = None
        if not helpful:
            reason = rng.choice(REASONS + [None])
            if rng.random() < 0.3:
                comment = rng.choice(COMMENTS.get(language, COMMENTS["en"]))
        self.add(self.time(day), {"kind": "vote", "page": page, "language": language, "helpful": helpful, "reason": reason, "comment": comment})

    def walk(self):
        """A reader through a tree: start, answers, then an end or leaving."""
        rng = self.rng
        language = self.language()
        trees = [a for a in self.by_language[language] if a["tree"]]
        if not trees:
            return
        tree = rng.choice(trees)
        steps, order = tree["tree"]
        when = self.time()
        step, answers = order[0], []
        base = {"page": tree["url"], "language": language}
        for _ in range(30):
            classes, choices = steps[step]
            if "resolved" in classes or "escalate" in classes:
                action = "resolved" if "resolved" in classes else "escalate"
                self.add(when, {"kind": "tree", **base, "action": action, "step": step, "answers": ".".join(answers)})
                if action == "escalate" and rng.random() < 0.6:
                    self.add(when, {"kind": "contact", "page": f"{tree['url']}{step}/", "language": language, "channel": rng.choice(self.channels)})
                return
            if not choices or (answers and rng.random() < 0.15):
                self.add(when, {"kind": "tree", **base, "action": "leave", "step": step, "answers": ".".join(answers)})
                return
            # Readers favour the first answers.
            index = rng.choices(range(len(choices)), weights=[len(choices) - i + 1 for i in range(len(choices))])[0]
            answers.append(str(index))
            when += dt.timedelta(seconds=rng.randrange(5, 90))
            if not answers[:-1]:
                self.add(when, {"kind": "tree", **base, "action": "start", "step": step, "answers": ""})
            target = choices[index][1]
            if not target.startswith("#"):
                return  # the reader went on to an article
            step = target[1:]
            if step not in steps:
                return

    def contact(self):
        language = self.language()
        page = self.rng.choice([f"{self.by_language[language][0]['home']}contact/", self.article(language)["url"]])
        self.add(self.time(), {"kind": "contact", "page": page, "language": language, "channel": self.rng.choice(self.channels)})

    def spikes(self):
        """A burst of one no-result query and of "No" votes on one article."""
        day = self.days - 4
        for _ in range(14):
            self.search(day=day, query="app crashes after update", language=self.languages[0])
        victim = sorted(self.by_language[self.languages[0]], key=lambda a: a["url"])[0]
        for _ in range(9):
            self.vote(day=day - 3, article=victim, helpful=False)


def main():
    parser = argparse.ArgumentParser(description="Generate sample (made-up) insights events for trying `helpbook insights`.")
    parser.add_argument("count", type=int, help="how many events (about)")
    parser.add_argument("out", help="the events file to write (JSON Lines)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same file)")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."), help="the help center (default: the demo)")
    parser.add_argument("--days", type=int, default=60, help="days the events span (default 60)")
    parser.add_argument("--end", help="the last day, YYYY-MM-DD (default: today, UTC)")
    args = parser.parse_args()
    if args.count < 1 or args.days < 1:
        parser.error("count and --days must be at least 1")
    end = dt.date.fromisoformat(args.end) if args.end else dt.datetime.now(dt.timezone.utc).date()
    start = dt.datetime.combine(end - dt.timedelta(days=args.days - 1), dt.time(), tzinfo=dt.timezone.utc)

    original, languages, base, channels = read_book(args.root)
    articles = read_content(args.root, original, languages, base)
    if not articles or not channels:
        sys.exit("sample-events: no articles or no [[support.channels]] in " + args.root)
    rng = random.Random(args.seed)
    gen = Generator(rng, articles, channels, start, args.days)
    gen.spikes()
    kinds = [gen.search, gen.vote, gen.walk, gen.contact]
    while len(gen.events) < args.count:
        rng.choices(kinds, weights=[60, 20, 15, 5])[0]()
    events = sorted(gen.events[: args.count], key=lambda e: e[0])
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# GENERATED sample events (scripts/sample-events.py {args.count} --seed {args.seed} --end {end}): made up, not real readers\n")
        for when, event in events:
            line = dict(event, time=when.strftime("%Y-%m-%dT%H:%M:%SZ"))
            f.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {len(events)} generated sample events to {args.out} ({start.date()} to {end}, seed {args.seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
