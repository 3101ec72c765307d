#!/usr/bin/env python3
"""The webhook benchmark's Python side (run by scripts/bench-webhooks; standard library only).

  webhooks.py receive PORT SECRET   a fast receiver: checks every Standard Webhooks signature,
                                    answers 204, records the arrival time, the event's commit
                                    (data.comment.created_at) and webhook-id; GET /stats gives
                                    counts and the latencies since the last GET /reset.
  webhooks.py post URL RATE SECONDS ARTICLE...
                                    posts comments at RATE per second (0: as fast as 16 threads
                                    go) for SECONDS, round-robin over the articles; prints
                                    "posted N failed F seconds S".
"""
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import sys
import threading
import time
from datetime import datetime


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Receiver:
    def __init__(self, secret):
        self.key = base64.b64decode(secret[len("whsec_"):])
        self.reset()

    def reset(self):
        self.count = 0
        self.invalid = 0
        self.ids = set()
        self.duplicates = 0
        self.latencies = []
        self.first = None
        self.last = None

    def record(self, target, headers, body):
        now = time.time()
        mid = headers.get("webhook-id", "")
        signed = f"{mid}.{headers.get('webhook-timestamp', '')}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(self.key, signed, hashlib.sha256).digest()).decode()
        if expected not in headers.get("webhook-signature", "").split(" "):
            self.invalid += 1
            return 401
        self.count += 1
        self.first = self.first or now
        self.last = now
        if (target, mid) in self.ids:
            self.duplicates += 1
        self.ids.add((target, mid))
        try:
            created = json.loads(body)["data"]["comment"]["created_at"]
            self.latencies.append(now - parse_time(created))
        except (KeyError, TypeError, ValueError):
            pass
        return 204

    def stats(self):
        return {"count": self.count, "unique": len(self.ids), "invalid": self.invalid, "duplicates": self.duplicates,
                "first": self.first, "last": self.last, "latencies": self.latencies}

    async def serve(self, reader, writer):
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers = {}
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                answer = b""
                if method == "GET" and target.startswith("/stats"):
                    status, answer = 200, json.dumps(self.stats()).encode()
                elif method == "GET" and target.startswith("/reset"):
                    self.reset()
                    status = 200
                else:
                    status = self.record(target, headers, body)
                reason = {200: "OK", 204: "No Content", 401: "Unauthorized"}[status]
                writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(answer)}\r\n\r\n".encode() + answer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()


async def receive(port, secret):
    receiver = Receiver(secret)
    server = await asyncio.start_server(receiver.serve, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


def post(url, rate, seconds, articles):
    host_port = url.split("//", 1)[1].rstrip("/")
    host, port = host_port.split(":")
    counts = {"posted": 0, "failed": 0}
    lock = threading.Lock()
    start = time.monotonic()
    end = start + seconds
    workers = 16 if rate == 0 else max(4, min(32, rate // 20))
    sequence = iter(range(10**9))

    def worker(number):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        while True:
            with lock:
                n = next(sequence)
            if rate > 0:
                due = start + n / rate
                if due >= end:
                    return
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            elif time.monotonic() >= end:
                return
            article = articles[n % len(articles)]
            body = json.dumps({"author": {"name": f"bench-{number}-{n}"}, "body": f"Webhook benchmark comment {n}, about the news of the day."})
            try:
                connection.request("POST", f"/api/articles/{article}/comments", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read()
                ok = 200 <= response.status < 300
                if not ok:
                    counts.setdefault("sample", f"{response.status} {answer[:200]!r}")
            except (OSError, http.client.HTTPException) as error:
                counts.setdefault("sample", repr(error))
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                ok = False
            with lock:
                counts["posted" if ok else "failed"] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"posted {counts['posted']} failed {counts['failed']} seconds {time.monotonic() - start:.3f}")
    if "sample" in counts:
        print(f"first failure: {counts['sample']}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "receive":
        asyncio.run(receive(int(sys.argv[2]), sys.argv[3]))
    elif len(sys.argv) >= 6 and sys.argv[1] == "post":
        post(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
