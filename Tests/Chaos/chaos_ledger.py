"""What the clients were told against what the database holds, and the figures of a run."""
from collections import Counter


class Ledger:
    def __init__(self, posts, stored, attempts_by_client, started):
        self.posts = posts
        self.stored = stored          # [{"id", "body", "state"}] of the run's article, from PostgreSQL
        self.attempts_by_client = attempts_by_client
        self.started = started
        self.problems = []
        self._check()

    def _check(self):
        by_body = {}
        for row in self.stored:
            by_body.setdefault(row["body"], []).append(row)
        posts_by_body = {p.body: p for p in self.posts}
        counts = Counter(row["body"] for row in self.stored)

        self.acknowledged = [p for p in self.posts if p.answer is not None and p.answer.acknowledged]
        self.duplicates = sum(n - 1 for n in counts.values() if n > 1)
        self.unanswered = [p for p in self.posts if p.answer is None]
        self.in_doubt = [p for p in self.unanswered if p.body in by_body]
        self.lost, self.wrong = [], []
        for post in self.acknowledged:
            rows = by_body.get(post.body, [])
            if not rows:
                self.lost.append(post)
            elif post.answer.status == 201:
                answered = ((post.answer.payload or {}).get("comment") or {}).get("id")
                if [r["id"] for r in rows] != [answered] or rows[0]["state"] == "rejected":
                    self.wrong.append((post, answered, rows))
            elif rows[0]["state"] != "rejected":
                self.wrong.append((post, None, rows))
        refusals = [p for p in self.posts if p.answer is not None and not p.answer.acknowledged]
        self.unexpected_answers = refusals
        self.stored_but_refused = [p for p in refusals if p.body in by_body]
        self.strangers = [row for row in self.stored if row["body"] not in posts_by_body]

        attempts = [a for client in self.attempts_by_client.values() for a in client]
        self.attempt_count = len(attempts)
        self.statuses = Counter(a.describe() for a in attempts)
        self.in_progress_refusals = sum(1 for a in attempts if a.status == 409 and a.code == "idempotency_in_progress")
        self.bad_503 = [a for a in attempts if a.status == 503 and
                        (not a.headers.get("Retry-After") or a.code != "database_unavailable")]
        self.other_5xx = [a for a in attempts if a.status is not None and a.status >= 500 and a.status != 503]
        self.longest_stretch, self.longest_client, self.longest_window = self._longest_failure_stretch()

    def _longest_failure_stretch(self):
        """Per client, from the first failed request after an answer to the next answer (or the last try)."""
        best, who, window = 0.0, None, None
        for client, attempts in self.attempts_by_client.items():
            start, last = None, None
            for attempt in attempts:
                last = attempt
                if attempt.final:
                    if start is not None and attempt.ended - start > best:
                        best, who, window = attempt.ended - start, client, (start, attempt.ended)
                    start = None
                elif start is None:
                    start = attempt.started
            if start is not None and last is not None and last.ended - start > best:
                best, who, window = last.ended - start, client, (start, last.ended)
        return best, who, window

    def figures(self):
        window = ""
        if self.longest_window:
            window = f" (client {self.longest_client}, {self.longest_window[0] - self.started:.1f}–" \
                     f"{self.longest_window[1] - self.started:.1f} s into the run)"
        return "\n".join([
            f"posts:                  {len(self.posts)} by {len(self.attempts_by_client)} clients, {self.attempt_count} requests",
            f"acknowledged:           {len(self.acknowledged)} "
            f"({sum(1 for p in self.acknowledged if p.answer.status == 201)} × 201, "
            f"{sum(1 for p in self.acknowledged if p.answer.status == 422)} × 422 rejected)",
            f"stored:                 {len(self.stored)}",
            f"duplicates:             {self.duplicates}",
            f"in doubt:               {len(self.in_doubt)} (stored, never answered)",
            f"unanswered, not stored: {len(self.unanswered) - len(self.in_doubt)}",
            f"lost:                   {len(self.lost)} (acknowledged, not stored)",
            f"wrong id or state:      {len(self.wrong)}",
            f"other final answers:    {len(self.unexpected_answers)} ({len(self.stored_but_refused)} of them stored)",
            f"stored, never posted:   {len(self.strangers)}",
            f"409 in progress:        {self.in_progress_refusals}",
            f"503 without Retry-After or code database_unavailable: {len(self.bad_503)}; other 5xx: {len(self.other_5xx)}",
            f"longest failure stretch: {self.longest_stretch:.2f} s{window}",
            "answers: " + ", ".join(f"{k} × {v}" for k, v in self.statuses.most_common()),
        ])

    def failures(self):
        found = []
        if self.lost:
            found.append(f"{len(self.lost)} acknowledged comments are not stored, e.g. {self.lost[0].key}")
        if self.wrong:
            post, answered, rows = self.wrong[0]
            found.append(f"{len(self.wrong)} acknowledged comments are stored under another id or state, e.g. "
                         f"{post.key}: answered id {answered}, stored {rows}")
        if self.duplicates:
            found.append(f"{self.duplicates} comments are stored more than once")
        if self.in_doubt:
            found.append(f"{len(self.in_doubt)} comments are stored but their clients never got an answer, "
                         f"even after the final retries, e.g. {self.in_doubt[0].key}: "
                         f"{[a.describe() for a in self.in_doubt[0].attempts[-3:]]}")
        if len(self.unanswered) > len(self.in_doubt):
            post = next(p for p in self.unanswered if p not in self.in_doubt)
            found.append(f"{len(self.unanswered) - len(self.in_doubt)} posts got no final answer even after the final "
                         f"retries, e.g. {post.key}: {[a.describe() for a in post.attempts[-3:]]}")
        if self.unexpected_answers:
            post = self.unexpected_answers[0]
            found.append(f"{len(self.unexpected_answers)} posts got a final answer other than 201 or 422 rejected, "
                         f"e.g. {post.key}: {post.answer.describe()} {post.answer.payload}")
        if self.strangers:
            found.append(f"{len(self.strangers)} stored comments match no post, e.g. {self.strangers[0]}")
        if self.in_progress_refusals:
            found.append(f"{self.in_progress_refusals} retries were refused with 409 idempotency_in_progress")
        if self.bad_503:
            found.append(f"{len(self.bad_503)} 503 answers lack Retry-After or the code database_unavailable")
        if self.other_5xx:
            found.append(f"{len(self.other_5xx)} answers were 5xx other than 503: "
                         f"{Counter(a.describe() for a in self.other_5xx)}")
        return found
