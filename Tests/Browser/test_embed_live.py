"""Live events: a comment posted elsewhere (the CLI) reaches an open page within 2 s, behind a button."""
import json
import time

from browser_support import comment, open_embed, unique


def test_a_cli_comment_appears_in_an_open_page_within_2_s(page, parley, site):
    key = parley.new_article("live")
    first = parley.post(key, "Already here when the page opened.")["comment"]["id"]
    open_embed(page, f"{site.base_url}/article?key={key}")
    comment(page, first).wait_for()
    page.wait_for_timeout(500)  # the event stream is connected

    result = parley.cli("post", key, "Posted from the newsroom's terminal.", "--author", unique("Desk"), "--json")
    committed = time.monotonic()
    new_id = json.loads(result.stdout)["id"]
    button = page.locator('button[data-parley-action="show-new"]')
    button.wait_for(timeout=2000)
    arrived = time.monotonic() - committed
    assert arrived <= 2.0, f"{arrived:.2f} s"
    assert "1" in button.inner_text()
    assert comment(page, new_id).count() == 0, "the page does not jump: the comment waits for the reader"
    button.click()
    comment(page, new_id).wait_for(timeout=1000)
    assert page.locator('button[data-parley-action="show-new"]:visible').count() == 0
