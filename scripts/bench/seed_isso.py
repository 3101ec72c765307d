#!/usr/bin/env python3
"""Seed a running Isso through its own API, the way `parley bench seed` seeds parley.

    seed_isso.py BASE_URL [COMMENTS]

- /bench-1k: COMMENTS comments (default 1,000), about 30% top-level, the rest replies to a random
  earlier comment (Isso itself attaches every reply to the top-level comment of its thread:
  it keeps two levels), bodies of 100-600 characters of parley's sample text, 500 authors;
- /bench-0 ... /bench-9: 5 + i comments each (for POST /count);
- /bench-posting is left alone: the benchmark's posts create it (with a title, as Isso asks).

Every comment goes through POST /new?uri=... with JSON {"text", "author", "parent", "title"}.
Only the standard library: runs with any python3.
"""
import http.client
import json
import random
import sys
import time
import urllib.parse

ASCII = ["the", "missiles", "range", "Kursk", "decision", "officials", "said", "Ukraine", "Russia", "war",
         "days", "front", "people", "would", "should", "think", "because", "reported", "weapons", "air",
         "defence", "strike", "article", "I", "we", "they", "not", "is", "was", "it", "that", "this",
         "escalation", "policy", "army", "winter", "city", "night", "sirens", "news", "point", "fair",
         "question", "answer", "numbers", "1,000", "$138", "million", "more", "less", "again", "never"]
OTHER = ["Харків", "війна", "ракети", "Straße", "Entscheidung", "déjà", "écoute", "naïve", "😔", "🇺🇦", "Київ", "mañana"]


def comment(rng, length):
    """parley's SampleText.comment: sentences of news-discussion words, cut to `length` characters."""
    text = ""
    sentence_start = True
    while len(text) < length:
        word = rng.choice(OTHER) if rng.randrange(10) == 0 else rng.choice(ASCII)
        if sentence_start:
            word = word[0].upper() + word[1:]
        text = word if not text else text + " " + word
        sentence_start = rng.randrange(12) == 0
        if sentence_start:
            text += "."
    return text[:length]


class Isso:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection = None

    def post(self, uri, payload):
        body = json.dumps(payload).encode()
        path = "/new?" + urllib.parse.urlencode({"uri": uri})
        for attempt in range(3):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.connection.request("POST", path, body, {"Content-Type": "application/json"})
                response = self.connection.getresponse()
                data = response.read()
                if response.status != 201:
                    sys.exit(f"seed_isso: POST {path} answered {response.status}: {data[:300]!r}")
                return json.loads(data)["id"]
            except (http.client.HTTPException, ConnectionError, OSError):
                self.connection = None
                if attempt == 2:
                    raise
                time.sleep(0.2)


def seed_thread(isso, rng, uri, title, count, authors, top_level_share=0.3):
    ids = []
    for index in range(count):
        parent = None
        if ids and rng.random() >= top_level_share:
            parent = rng.choice(ids)
        payload = {
            "text": comment(rng, rng.randint(100, 600)),
            "author": "reader-%d" % rng.choice(authors),
            "parent": parent,
            "title": title,
        }
        ids.append(isso.post(uri, payload))
    return ids


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    base = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(1000)
    isso = Isso(base)
    authors = list(range(1, 501))
    started = time.monotonic()
    ids = seed_thread(isso, rng, "/bench-1k", "Benchmark: 1,000 comments", count, authors)
    for index in range(10):
        seed_thread(isso, rng, "/bench-%d" % index, "Benchmark %d" % index, 5 + index, authors)
    print("seeded Isso: %d comments on /bench-1k and %d on /bench-0 ... /bench-9 in %.1f s"
          % (len(ids), sum(5 + i for i in range(10)), time.monotonic() - started))


if __name__ == "__main__":
    main()
