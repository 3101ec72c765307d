"""Comments posted through crashes: 8 clients post with Idempotency-Keys and retry every failed request
with the same key and body, while `parley serve` is killed (kill -9) and started again, the PostgreSQL
postmaster is killed (and `parley db start` must bring it back on its first call, at once), and the
database is stopped and started cleanly. Afterwards every unanswered key is retried once more, and the
database must hold every acknowledged comment exactly once, with its id, and nothing no client could
learn about. The figures are printed whatever the outcome."""
import threading
import time

from chaos_clients import Client, ReadinessProbe, try_post
from chaos_ledger import Ledger

CLIENTS = 8
RUN_SECONDS = 30
READY_LIMIT = 15           # for the server to be healthy after the chaos
FINAL_RETRY_SECONDS = 15   # for the unanswered keys to get their answer
RETURN_TO_SERVICE = 1.0    # from the database's return to a ready server


def test_acknowledged_comments_survive_crashes_exactly_once(stack, capsys):
    began = time.monotonic()
    run = f"{int(time.time())}"
    article = f"chaos-{run}"
    stack.cli("articles", "add", article, "--title", "Chaos")
    stack.start_serve()
    assert stack.wait_ready(60), f"parley serve did not get ready:\n{stack.serve_log_tail()}"

    stop = threading.Event()
    clients = [Client(n, run, stack.port, article, stop) for n in range(1, CLIENTS + 1)]
    probe = ReadinessProbe(stack.port, stop)
    started = time.monotonic()
    for thread in [probe, *clients]:
        thread.start()

    problems, log, returns, restarts = [], [], [], []

    def note(text):
        log.append(f"{time.monotonic() - started:5.1f} s  {text}")

    def restart_serve():
        if stack.serve_exited():
            problems.append(f"parley serve exited by itself ({stack.serve.returncode}):\n{stack.serve_log_tail()}")
        stack.kill_serve()
        stack.start_serve()
        restarts.append(time.monotonic())
        note("kill -9 parley serve; started again")

    def db_start(after, since):
        result = stack.db_start()
        returned = time.monotonic()
        said = [line for line in result.stderr.splitlines() if line.strip()]
        note(f"parley db start {after}: exit {result.returncode} in {returned - since:.2f} s"
             + "".join(f"\n{'':9}stderr: {line}" for line in said))
        if result.returncode != 0:
            problems.append(f"parley db start {after} failed on its first call: {result.stderr.strip()}")
            again = stack.db_start()
            if again.returncode != 0:
                raise AssertionError(f"parley db start failed twice: {again.stderr.strip()}")
            returned = time.monotonic()
        returns.append((after, returned))

    def kill_postmaster():
        pid = stack.kill_postmaster()
        killed = time.monotonic()
        note(f"kill -9 postmaster (pid {pid})")
        db_start("right after kill -9 of the postmaster", killed)

    def stop_and_start():
        since = time.monotonic()
        result = stack.cli("db", "stop", check=False)
        note(f"parley db stop: exit {result.returncode}")
        if result.returncode != 0:
            problems.append(f"parley db stop failed: {result.stderr.strip()}")
        db_start("after a clean stop", since)

    schedule = [(3, restart_serve), (8, kill_postmaster), (14, stop_and_start), (20, kill_postmaster),
                (25, restart_serve)]
    try:
        for at, action in schedule:
            time.sleep(max(0.0, started + at - time.monotonic()))
            action()
        time.sleep(max(0.0, started + RUN_SECONDS - time.monotonic()))
    finally:
        stop.set()
        for thread in [probe, *clients]:
            thread.join(timeout=10)
    ended = time.monotonic()
    note(f"clients stopped after {ended - started:.1f} s")

    # Every key still unanswered is retried once the server is healthy again.
    healthy = stack.wait_ready(READY_LIMIT)
    note(f"server healthy again: {healthy}")
    pending = [p for c in clients for p in c.posts if p.answer is None]
    deadline = time.monotonic() + FINAL_RETRY_SECONDS
    while pending and time.monotonic() < deadline:
        for post in pending:
            try_post(stack.port, article, post)
        pending = [p for p in pending if p.answer is None]
        if pending:
            time.sleep(0.2)
    note(f"final retries done: {len(pending)} keys still unanswered")

    stored = stack.sql(f"""
        SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body, 'state', c.state) ORDER BY c.id), '[]')
          FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.key = '{article}'""")
    ledger = Ledger([p for c in clients for p in c.posts], stored,
                    {c.number: c.attempts for c in clients}, started)
    service = []
    for after, returned in returns:
        ready = probe.first_ready_after(returned)
        service.append(None if ready is None else ready - returned)
        if ready is None or ready - returned > RETURN_TO_SERVICE:
            problems.append(f"parley serve was not ready within {RETURN_TO_SERVICE} s after parley db start {after}")

    with capsys.disabled():
        print("\n\nchaos test, events:\n  " + "\n  ".join(log))
        print("chaos test, figures:\n  " + ledger.figures().replace("\n", "\n  "))
        print("  ready after the database returned: "
              + ", ".join("never" if s is None else f"{s:.2f} s" for s in service))
        print("  parley serve ready after its restart: "
              + ", ".join(_seconds(probe.first_ready_after(spawned), spawned) for spawned in restarts))
        print(f"  duration: {time.monotonic() - began:.1f} s (chaos {ended - started:.1f} s)\n")

    problems += ledger.failures()
    assert not problems, "\n".join(problems)


def _seconds(moment, since):
    return "never" if moment is None else f"{moment - since:.2f} s"
