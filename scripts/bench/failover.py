#!/usr/bin/env python3
"""The clients of scripts/bench-failover (standard library only).

  post    readers posting comments to `parley serve` at a steady rate, each post with its own
          Idempotency-Key, retried with the same key (and the same body) until it is answered
          2xx or its deadline passes; one JSON line per post
  write   a plain libpq client: psql, one new connection and one INSERT per tick (100 ms), through
          the multi-host read-write URL; one JSON line per write
  report  reads those lines, the phases, and what the database holds afterwards; prints the
          table and writes a summary

Times are seconds since the epoch (time.time()), comparable with `date +%s.%N` in the script.
"""

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

stop = threading.Event()


def on_term(signum, frame):
    stop.set()


# --- post -------------------------------------------------------------------------------------

WORDS = ("the front line moved again overnight and the sirens in the city did not stop until "
         "morning people queued for water while officials said the strikes were aimed at "
         "energy targets readers asked whether the air defence numbers add up").split()


def post_body(tag, seq):
    rng = random.Random(seq * 7919 + 17)
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 30))]
    return "Failover post %s-%d: %s." % (tag, seq, " ".join(words).capitalize())


class Poster:
    def __init__(self, args):
        self.args = args
        host, _, port = args.base.replace("http://", "").partition(":")
        self.host, self.port = host, int(port or 80)
        self.path = "/api/articles/%s/comments" % args.article
        self.lock = threading.Lock()
        self.out = open(args.out, "a", buffering=1)
        self.inflight = threading.BoundedSemaphore(args.max_inflight)
        self.threads = []

    def record(self, rec):
        with self.lock:
            self.out.write(json.dumps(rec) + "\n")

    def one(self, seq, scheduled):
        args = self.args
        key = "failover-%s-%d" % (args.tag, seq)
        # One author per post: parley's built-in flood rule would hold back an author who posts
        # every few seconds, and this measures failover, not moderation.
        body = json.dumps({"author": {"name": "failover-reader-%s-%d" % (args.tag, seq)},
                           "body": post_body(args.tag, seq)})
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        deadline = scheduled + args.deadline
        failures, attempts, backoff = [], 0, 0.1
        rec = {"seq": seq, "key": key, "first": scheduled, "ok": False, "status": None, "id": None}
        conn = None
        try:
            while True:
                attempts += 1
                started = time.time()
                what = None
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(self.host, self.port, timeout=args.request_timeout)
                    conn.request("POST", self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                    status = resp.status
                    if 200 <= status < 300:
                        answer = json.loads(data)
                        rec.update(ok=True, status=status, id=answer["comment"]["id"],
                                   state=answer.get("state"),
                                   replayed=resp.getheader("Idempotent-Replayed") == "true")
                        break
                    what = "%d %s" % (status, data[:120].decode("utf-8", "replace"))
                    retry_after = resp.getheader("Retry-After")
                    if resp.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                    if 400 <= status < 500 and status not in (408, 409, 425, 429):
                        failures.append([started, time.time(), what])
                        rec.update(status=status, refused=what)
                        break      # the request itself is wrong: a retry would get the same
                except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                    what = "%s: %s" % (type(error).__name__, str(error)[:120])
                    retry_after = None
                    if conn is not None:
                        conn.close()
                    conn = None
                failures.append([started, time.time(), what])
                if time.time() >= deadline or stop.is_set() and time.time() >= deadline:
                    rec["status"] = "gave up"
                    break
                pause = backoff * (0.5 + random.random())
                if retry_after and retry_after.isdigit():
                    pause = max(pause, min(float(retry_after), 2.0))
                time.sleep(min(pause, max(0.0, deadline - time.time())))
                backoff = min(backoff * 2, 1.0)
        finally:
            if conn is not None:
                conn.close()
            rec.update(done=time.time(), attempts=attempts, failures=failures)
            self.record(rec)
            self.inflight.release()

    def run(self):
        args = self.args
        interval = 1.0 / args.rate
        start = time.time()
        seq = 0
        while not stop.is_set():
            scheduled = start + seq * interval
            delay = scheduled - time.time()
            if delay > 0:
                stop.wait(delay)
                if stop.is_set():
                    break
            seq += 1
            self.inflight.acquire()
            t = threading.Thread(target=self.one, args=(seq, scheduled), daemon=True)
            t.start()
            self.threads.append(t)
            if len(self.threads) > 2000:
                self.threads = [x for x in self.threads if x.is_alive()]
        for t in self.threads:
            t.join()
        self.out.close()
        print("poster: %d posts issued" % seq, file=sys.stderr)


def cmd_post(args):
    threading.stack_size(512 * 1024)
    Poster(args).run()


# --- write ------------------------------------------------------------------------------------

def short_error(stderr, status):
    """psql's error on one line: one part per host tried, without libpq's hints."""
    parts = [line.strip().replace("psql: error: ", "").replace('connection to server at "127.0.0.1", port ', "port ")
             for line in stderr.splitlines() if line.strip() and not line.startswith("\t")]
    return (" / ".join(parts) or "exit %d" % status)[:200]


def cmd_write(args):
    out = open(args.out, "a", buffering=1)
    seq = 0
    start = time.time()
    while not stop.is_set():
        seq += 1
        began = time.time()
        sql = "INSERT INTO failover_probe (seq, client_sent) VALUES (%d, to_timestamp(%.6f))" % (seq, began)
        try:
            done = subprocess.run([args.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", args.url, "-c", sql],
                                  capture_output=True, text=True, timeout=args.timeout)
            ok = done.returncode == 0
            error = None if ok else short_error(done.stderr, done.returncode)
        except subprocess.TimeoutExpired:
            ok, error = False, "no answer within %.0f s (psql killed)" % args.timeout
        out.write(json.dumps({"seq": seq, "start": began, "end": time.time(), "ok": ok, "error": error}) + "\n")
        nxt = start + seq * args.interval
        if nxt > time.time():
            stop.wait(nxt - time.time())
        else:
            start = time.time() - seq * args.interval   # behind: go on from now, do not burst
    out.close()
    print("writer: %d writes" % seq, file=sys.stderr)


# --- report -----------------------------------------------------------------------------------

def read_lines(path):
    rows = []
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    rows.append(json.loads(line))
    return rows


def read_phases(path):
    """Lines "NAME EPOCH": steady, a, a_done, b, b_writable, end."""
    phases = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                phases[parts[0]] = float(parts[1])
    return phases


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))]


def fmt_s(v):
    return "-" if v is None else ("%.2f s" % v if v < 10 else "%.1f s" % v)


def cmd_report(args):
    phases = read_phases(args.phases)
    posts = read_lines(args.posts)
    writes = read_lines(args.writes)
    # comments of the posting article: id TAB body; probe rows: seq
    stored = {}
    bodies = {}
    with open(args.comments) as f:
        for line in f:
            ident, _, body = line.rstrip("\n").partition("\t")
            if ident:
                stored[int(ident)] = body
                bodies[body] = bodies.get(body, 0) + 1
    with open(args.probe) as f:
        probe_rows = [int(x) for x in f.read().split()]
    probe = set(probe_rows)

    windows = [("steady", phases.get("steady"), phases.get("a")),
               ("a", phases.get("a"), phases.get("b")),
               ("b", phases.get("b"), phases.get("end", float("inf")) + 3600)]

    def window_of(t):
        for name, lo, hi in windows:
            if lo is not None and hi is not None and lo <= t < hi:
                return name
        return "steady" if phases.get("a") and t < phases["a"] else "b"

    summary = {"phases": phases}
    rows = {}
    for name, _, _ in windows:
        rows[name] = {"posts": 0, "acked": 0, "gave_up": 0, "refused": 0, "failed_requests": 0,
                      "posts_with_failures": 0, "fail_first": None, "fail_last": None,
                      "latencies": [], "errors": {}}
    acked_ids = []
    for p in posts:
        r = rows[window_of(p["first"])]
        r["posts"] += 1
        if p["ok"]:
            r["acked"] += 1
            r["latencies"].append(p["done"] - p["first"])
            acked_ids.append(p["id"])
        elif p.get("refused"):
            r["refused"] += 1
        else:
            r["gave_up"] += 1
        if p["failures"]:
            r["posts_with_failures"] += 1
        for started, ended, what in p["failures"]:
            fr = rows[window_of(started)]
            fr["failed_requests"] += 1
            fr["fail_first"] = started if fr["fail_first"] is None else min(fr["fail_first"], started)
            fr["fail_last"] = ended if fr["fail_last"] is None else max(fr["fail_last"], ended)
            kind = what.split(":")[0][:40] if not what[:3].isdigit() else what[:3]
            fr["errors"][kind] = fr["errors"].get(kind, 0) + 1

    acked_set = set(acked_ids)
    lost = sorted(i for i in acked_set if i not in stored)
    duplicates = sum(n - 1 for n in bodies.values() if n > 1)
    duplicate_ids = len(acked_ids) - len(acked_set)
    our_bodies = {post_body(args.tag, p["seq"]): p for p in posts}
    in_doubt = sum(1 for p in posts if not p["ok"] and post_body(args.tag, p["seq"]) in bodies)
    strangers = sum(1 for b in bodies if b not in our_bodies)

    # the libpq writer
    wrows = {}
    for name, _, _ in windows:
        wrows[name] = {"writes": 0, "ok": 0, "failed": 0, "fail_first": None, "fail_last": None, "gap": 0.0, "errors": {}}
    last_ok_end = None
    for w in sorted(writes, key=lambda w: w["seq"]):
        r = wrows[window_of(w["start"])]
        r["writes"] += 1
        if w["ok"]:
            r["ok"] += 1
            if last_ok_end is not None:
                gr = wrows[window_of(last_ok_end)]
                gr["gap"] = max(gr["gap"], w["end"] - last_ok_end)
            last_ok_end = w["end"]
        else:
            r["failed"] += 1
            r["fail_first"] = w["start"] if r["fail_first"] is None else min(r["fail_first"], w["start"])
            r["fail_last"] = w["end"] if r["fail_last"] is None else max(r["fail_last"], w["end"])
            kind = (w.get("error") or "?")[:110]
            r["errors"][kind] = r["errors"].get(kind, 0) + 1
    w_lost = sum(1 for w in writes if w["ok"] and w["seq"] not in probe)
    w_doubt = sum(1 for w in writes if not w["ok"] and w["seq"] in probe)

    label = {"steady": "steady posting, before (a)",
             "a": "(a) planned switchover",
             "b": "(b) whole primary node killed"}
    print()
    print("\033[1mPosting through parley serve\033[0m (%.0f posts/s, Idempotency-Key per post, retried with the same key"
          " up to %.0f s, backoff 0.1 s doubling to 1 s)" % (args.rate, args.deadline))
    fmt = "%-32s %6s %6s %9s %9s %10s %13s %9s %9s %9s\n"
    sys.stdout.write(fmt % ("phase", "posts", "acked", "not acked", "failed", "posts with", "failures for", "post p50",
                            "p99", "longest"))
    sys.stdout.write(fmt % ("", "", "", "", "requests", "a failure", "(first-last)", "", "", ""))
    sys.stdout.write(fmt % ("-" * 32, "-" * 6, "-" * 6, "-" * 9, "-" * 9, "-" * 10, "-" * 13, "-" * 9, "-" * 9, "-" * 9))
    for name, _, _ in windows:
        r = rows[name]
        span = None if r["fail_first"] is None else r["fail_last"] - r["fail_first"]
        sys.stdout.write(fmt % (label[name], r["posts"], r["acked"], r["gave_up"] + r["refused"], r["failed_requests"],
                                r["posts_with_failures"], fmt_s(span) if span is not None else "none",
                                fmt_s(percentile(r["latencies"], 0.5)), fmt_s(percentile(r["latencies"], 0.99)),
                                fmt_s(max(r["latencies"]) if r["latencies"] else None)))
        summary["posts_" + name] = {k: v for k, v in r.items() if k != "latencies"}
        summary["posts_" + name].update(failure_seconds=span, longest=max(r["latencies"]) if r["latencies"] else None)
    for name, _, _ in windows:
        if rows[name]["refused"]:
            print("  not acked in %s: %d refused (a 4xx a retry would get again), %d gave up at the deadline" % (
                label[name], rows[name]["refused"], rows[name]["gave_up"]))
    for name, _, _ in windows:
        if rows[name]["errors"]:
            print("  failed requests in %s: %s" % (label[name], ", ".join(
                "%s x%d" % (k, v) for k, v in sorted(rows[name]["errors"].items(), key=lambda kv: -kv[1]))))
    print("  acknowledged posts lost: %d%s (target 0); duplicates: %d stored twice%s (target 0)" % (
        len(lost), " (ids %s)" % lost[:10] if lost else "", duplicates,
        ", %d ids acknowledged twice" % duplicate_ids if duplicate_ids else ""))
    print("  stored but never acknowledged (the client gave up, the commit happened): %d; rows of the article"
          " not from this run: %d; comments stored: %d" % (in_doubt, strangers, len(stored)))

    print()
    print("\033[1mPlain libpq client\033[0m (psql: a new connection and one INSERT every %.0f ms through the"
          " multi-host read-write URL, no retries)" % (args.interval * 1000))
    wfmt = "%-32s %7s %7s %7s %13s %22s\n"
    sys.stdout.write(wfmt % ("phase", "writes", "ok", "failed", "failures for", "longest gap between ok"))
    sys.stdout.write(wfmt % ("-" * 32, "-" * 7, "-" * 7, "-" * 7, "-" * 13, "-" * 22))
    for name, _, _ in windows:
        r = wrows[name]
        span = None if r["fail_first"] is None else r["fail_last"] - r["fail_first"]
        sys.stdout.write(wfmt % (label[name], r["writes"], r["ok"], r["failed"], fmt_s(span) if span is not None else "none",
                                 fmt_s(r["gap"])))
        summary["libpq_" + name] = dict(r, failure_seconds=span)
    for name, _, _ in windows:
        if wrows[name]["errors"]:
            print("  failed writes in %s: %s" % (label[name], "; ".join(
                "%s x%d" % (k, v) for k, v in sorted(wrows[name]["errors"].items(), key=lambda kv: -kv[1])[:4])))
    print("  acknowledged writes lost: %d; failed on the client but committed (in doubt): %d" % (w_lost, w_doubt))

    summary.update(lost=len(lost), duplicates=duplicates, in_doubt=in_doubt, libpq_lost=w_lost, libpq_in_doubt=w_doubt)
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f, indent=1)
    # exit status: 0 all acknowledged posts stored once; 1 otherwise
    return 1 if lost or duplicates or w_lost else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("post")
    p.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--article", required=True)
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--deadline", type=float, default=60.0, help="seconds a post is retried, from its scheduled time")
    p.add_argument("--request-timeout", type=float, default=40.0)
    p.add_argument("--max-inflight", type=int, default=4000)
    p.add_argument("--tag", required=True)
    p.add_argument("--out", required=True)
    w = sub.add_parser("write")
    w.add_argument("--url", required=True)
    w.add_argument("--interval", type=float, default=0.1)
    w.add_argument("--timeout", type=float, default=10.0)
    w.add_argument("--psql", default="psql")
    w.add_argument("--out", required=True)
    r = sub.add_parser("report")
    for name in ("posts", "writes", "phases", "comments", "probe", "tag"):
        r.add_argument("--" + name, required=True)
    r.add_argument("--rate", type=float, default=50.0)
    r.add_argument("--deadline", type=float, default=60.0)
    r.add_argument("--interval", type=float, default=0.1)
    r.add_argument("--summary")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    if args.command == "post":
        cmd_post(args)
    elif args.command == "write":
        cmd_write(args)
    else:
        sys.exit(cmd_report(args))


if __name__ == "__main__":
    main()
