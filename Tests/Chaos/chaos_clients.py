"""Clients that post comments with Idempotency-Keys and retry every failed request with the same key
and body, as the API asks of them, and a probe that watches /readyz. Every attempt is recorded."""
import http.client
import json
import threading
import time

RETRY_PAUSE = 0.1       # faster than Retry-After, to find where an outage really ends
REQUEST_TIMEOUT = 5.0


class Attempt:
    def __init__(self, started, ended, status=None, code=None, headers=None, payload=None, error=None):
        self.started, self.ended = started, ended
        self.status, self.code, self.headers, self.payload, self.error = status, code, headers or {}, payload, error

    @property
    def final(self):
        """An answer that ends the retries: the comment was stored (201) or refused by moderation (422
        rejected), or an answer a retry cannot change. 503 (database away), 5xx, 429, a lost connection
        and 409 idempotency_in_progress ("still being processed") are retried."""
        if self.status is None or self.status >= 500 or self.status == 429:
            return False
        return not (self.status == 409 and self.code == "idempotency_in_progress")

    @property
    def acknowledged(self):
        return self.status == 201 or (self.status == 422 and self.code == "rejected")

    def describe(self):
        return self.error or f"{self.status} {self.code or ''}".strip()


class Post:
    """One comment: its key, body and author never change across retries."""

    def __init__(self, client, number, run):
        self.client, self.number = client, number
        self.key = f"chaos-{run}-c{client}-n{number}"
        # Every 9th is a threat the default rules reject (422, stored as rejected).
        threat = " I will kill you" if number % 9 == 0 else ""
        self.body = f"Chaos run {run}, client {client}, comment {number}: posted through crashes.{threat}"
        self.author = f"Chaos {run} c{client} n{number}"
        self.attempts = []
        self.answer = None

    @property
    def payload(self):
        return json.dumps({"author": {"name": self.author}, "body": self.body}).encode()


def send(port, path, method="GET", body=None, headers=None):
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        raw = response.read()
        payload = None
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            pass
        code = payload.get("error", {}).get("code") if isinstance(payload, dict) and isinstance(payload.get("error"), dict) else None
        return Attempt(started, time.monotonic(), response.status, code, dict(response.getheaders()), payload)
    except (OSError, http.client.HTTPException) as error:
        return Attempt(started, time.monotonic(), error=f"{type(error).__name__}")
    finally:
        connection.close()


def try_post(port, article, post):
    attempt = send(port, f"/api/articles/{article}/comments", "POST", post.payload,
                   {"Content-Type": "application/json", "Idempotency-Key": post.key})
    post.attempts.append(attempt)
    if attempt.final:
        post.answer = attempt
    return attempt


class Client(threading.Thread):
    def __init__(self, number, run, port, article, stop):
        super().__init__(name=f"chaos-client-{number}", daemon=True)
        self.number, self.run_id, self.port, self.article, self.stop = number, run, port, article, stop
        self.posts = []

    def run(self):
        number = 0
        while not self.stop.is_set():
            number += 1
            post = Post(self.number, number, self.run_id)
            self.posts.append(post)
            while not self.stop.is_set():
                if try_post(self.port, self.article, post).final:
                    break
                time.sleep(RETRY_PAUSE)

    @property
    def attempts(self):
        return sorted((a for p in self.posts for a in p.attempts), key=lambda a: a.started)


class ReadinessProbe(threading.Thread):
    """GET /readyz every 50 ms: when each outage ends, as a reader's site would see it."""

    def __init__(self, port, stop):
        super().__init__(name="chaos-readiness", daemon=True)
        self.port, self.stop, self.attempts = port, stop, []

    def run(self):
        while not self.stop.is_set():
            self.attempts.append(send(self.port, "/readyz"))
            time.sleep(0.05)

    def first_ready_after(self, moment):
        return next((a.ended for a in self.attempts if a.started >= moment and a.status == 200), None)
