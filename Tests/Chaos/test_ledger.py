"""The chaos test's bookkeeping on made-up runs: it must catch each way a crash can go wrong."""
from chaos_clients import Attempt, Post
from chaos_ledger import Ledger


def answered(post, status, code=None, comment_id=None, at=1.0):
    payload = {"comment": {"id": comment_id}} if status == 201 else {"error": {"code": code}}
    attempt = Attempt(at, at + 0.1, status, code, {}, payload)
    post.attempts.append(attempt)
    post.answer = attempt


def failed(post, at, status=None, code=None):
    post.attempts.append(Attempt(at, at + 0.1, status, code, {"Retry-After": "5"} if status == 503 else {},
                                 error=None if status else "ConnectionRefusedError"))


def ledger(posts, stored):
    return Ledger(posts, stored, {1: sorted((a for p in posts for a in p.attempts), key=lambda a: a.started)}, 0.0)


def test_a_clean_run_passes():
    first, second, third = Post(1, 1, "t"), Post(1, 2, "t"), Post(1, 9, "t")
    answered(first, 201, comment_id=10, at=1)
    failed(second, 2, 503, "database_unavailable")
    failed(second, 3)
    answered(second, 201, comment_id=11, at=4)
    answered(third, 422, "rejected", at=5)
    run = ledger([first, second, third], [{"id": 10, "body": first.body, "state": "published"},
                                          {"id": 11, "body": second.body, "state": "published"},
                                          {"id": 12, "body": third.body, "state": "rejected"}])
    assert run.failures() == []
    assert len(run.acknowledged) == 3
    assert round(run.longest_stretch, 1) == 2.1   # from the first failure at 2 s to the answer at 4.1 s


def test_each_kind_of_damage_is_reported():
    lost, doubled, doubt, wrong, never = (Post(1, n, "t") for n in range(1, 6))
    answered(lost, 201, comment_id=1)
    answered(doubled, 201, comment_id=2)
    failed(doubt, 2)
    answered(wrong, 201, comment_id=4)
    failed(never, 3, 409, "idempotency_in_progress")
    run = ledger([lost, doubled, doubt, wrong, never], [
        {"id": 2, "body": doubled.body, "state": "published"}, {"id": 3, "body": doubled.body, "state": "published"},
        {"id": 5, "body": doubt.body, "state": "published"}, {"id": 6, "body": wrong.body, "state": "published"},
        {"id": 7, "body": "nobody posted this", "state": "published"}])
    failures = "\n".join(run.failures())
    assert len(run.lost) == 1 and "not stored" in failures
    assert run.duplicates == 1 and "more than once" in failures
    assert len(run.in_doubt) == 1 and "never got an answer" in failures
    assert len(run.wrong) == 2          # the doubled one too: stored under two ids
    assert "no final answer" in failures
    assert "match no post" in failures
    assert "409 idempotency_in_progress" in failures
