"""Writing through the embed on the newsroom site: post, reply, held, rejected, keyboard, vote, report, edit, delete."""
import re

from browser_support import MAIN_FORM, comment, open_embed, own_button, submit_post, unique, wait_status


def article_page(page, parley, site, *bodies):
    """A fresh article (with comments posted through the API) opened on the site; returns (key, ids)."""
    key = parley.new_article("writes")
    ids = [parley.post(key, body)["comment"]["id"] for body in bodies]
    open_embed(page, f"{site.base_url}/article?key={key}")
    return key, ids


def test_posting_shows_the_new_comment(page, parley, site):
    key, _ = article_page(page, parley, site, "A first comment already here.")
    text = "Thanks for the report, *very* useful."
    answer = submit_post(page, text, name=unique("Olena"))
    assert answer.status == 201
    new_id = answer.json()["comment"]["id"]
    element = comment(page, new_id)
    element.wait_for()
    element.scroll_into_view_if_needed()   # a thread off screen is not rendered (content-visibility: auto)
    assert element.locator("[data-parley-body] em").inner_text() == "very", "the server's html is shown"
    assert page.locator(MAIN_FORM).locator("textarea[name=body]").input_value() == "", "the form is emptied"
    assert new_id in [c["id"] for c in parley.thread(key)]


def test_replying_nests_the_reply_under_its_parent(page, parley, site):
    _, (parent,) = article_page(page, parley, site, "Who decided on the range limits?")
    own_button(page, parent, "reply").click()
    form = f'form[data-parley-form][data-parley-reply-to="{parent}"]'
    page.wait_for_selector(form)
    answer = submit_post(page, "The White House, according to the story.", name=unique("Taras"), form=form)
    assert answer.status == 201
    reply = answer.json()["comment"]
    assert reply["parent_id"] == parent
    element = page.locator(f'article[data-parley-comment-id="{parent}"] [data-parley-replies] '
                           f'article[data-parley-comment-id="{reply["id"]}"]')
    element.wait_for()
    assert element.get_attribute("data-parley-depth") == "1"


def test_a_held_comment_says_why(page, parley, site):
    key, _ = article_page(page, parley, site)
    answer = submit_post(page, "Only an idiot would believe this report.", name=unique("Petro"))
    assert answer.status == 201 and answer.json()["state"] == "pending"
    wait_status(page, "Possible personal attack")
    status = page.locator("[data-parley-article] [data-parley-status]").first
    assert status.get_attribute("aria-live") == "polite"
    assert page.locator(f'article[data-parley-comment-id="{answer.json()["comment"]["id"]}"]').count() == 0
    assert parley.thread(key) == []


def test_a_rejected_comment_keeps_the_typed_text(page, parley, site, watch):
    watch.allow_status(422)
    key, _ = article_page(page, parley, site)
    text = "If you write that again I will kill you."
    answer = submit_post(page, text, name=unique("Ivan"))
    assert answer.status == 422
    wait_status(page, "Threats of violence are not allowed")
    assert page.locator(MAIN_FORM).locator("textarea[name=body]").input_value() == text
    assert page.locator(MAIN_FORM).locator("button[type=submit]").is_enabled()
    assert parley.thread(key) == []


def focus_by_tab(page, selector, presses=80):
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_posting(page, parley, site):
    key, _ = article_page(page, parley, site, "Somebody was here first.")
    focus_by_tab(page, f"{MAIN_FORM} textarea[name=body]")
    text = "Typed with the keyboard only."
    page.keyboard.type(text)
    focus_by_tab(page, f"{MAIN_FORM} input[name=name]", presses=40)
    page.keyboard.type(unique("Keyboard"))
    focus_by_tab(page, f"{MAIN_FORM} button[type=submit]", presses=40)
    focus = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none'}; }""")
    assert focus["outline"] or focus["shadow"], "the focused control shows it"
    with page.expect_response(lambda r: r.request.method == "POST" and "/comments" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 201
    comment(page, answer.value.json()["comment"]["id"]).wait_for()
    assert [c["body"] for c in parley.thread(key)][-1] == text


def test_voting_once(page, parley, site):
    _, (target,) = article_page(page, parley, site, "Vote on me, please.")
    score = comment(page, target).locator("[data-parley-score]").first
    before = int(re.search(r"-?\d+", score.inner_text()).group())
    with page.expect_response(lambda r: "/votes" in r.url) as answer:
        own_button(page, target, "upvote").click()
    assert answer.value.status == 200
    page.wait_for_function("([id, n]) => document.querySelector(`article[data-parley-comment-id=\"${id}\"] [data-parley-score]`)"
                           ".textContent.includes(String(n))", arg=[target, before + 1])
    for action in ("upvote", "downvote"):
        button = own_button(page, target, action)
        if button.is_enabled():
            button.click()
            page.wait_for_timeout(300)
    assert int(re.search(r"-?\d+", score.inner_text()).group()) == before + 1
    assert parley.sql(f"SELECT score FROM comments WHERE id = {target}") == str(before + 1)
    assert page.evaluate("() => localStorage.getItem('parley.voter')"), "the voter id is kept"


def test_reporting_reaches_the_moderators(page, parley, site):
    _, (target,) = article_page(page, parley, site, "Report me for testing.")
    own_button(page, target, "report").click()
    form = page.locator("form[data-parley-report-form]")
    form.wait_for()
    options = form.locator("select[name=reason] option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert options, "reasons to choose from"
    form.locator("select[name=reason]").select_option(options[-1])
    with page.expect_response(lambda r: "/reports" in r.url) as answer:
        form.locator("[type=submit]").click()
    assert answer.value.status == 202
    page.wait_for_function("() => [...document.querySelectorAll('[data-parley-status]')].some(s => s.textContent.trim())")
    assert parley.sql(f"SELECT count(*) FROM reports WHERE comment_id = {target}") == "1"


def test_editing_and_deleting_an_own_comment(page, parley, site):
    key, (other,) = article_page(page, parley, site, "Someone else's comment.")
    assert own_button(page, other, "edit").count() == 0 and own_button(page, other, "delete").count() == 0
    answer = submit_post(page, "A comment with a tpyo.", name=unique("Editor"))
    mine = answer.json()["comment"]["id"]
    comment(page, mine).wait_for()
    assert page.evaluate("id => localStorage.getItem('parley.edit.' + id)", mine), "the edit token is kept"

    own_button(page, mine, "edit").click()
    edit = page.locator("form[data-parley-edit-form]")
    edit.locator("textarea[name=body]").fill("A comment without a typo.")
    with page.expect_response(lambda r: r.request.method == "PATCH") as patch:
        edit.locator("[type=submit]").click()
    assert patch.value.status == 200
    page.wait_for_function("id => document.querySelector(`article[data-parley-comment-id=\"${id}\"] [data-parley-body]`)"
                           ".textContent.includes('without a typo')", arg=mine)
    edited = next(c for c in parley.thread(key) if c["id"] == mine)
    assert edited["body"] == "A comment without a typo." and edited["edited_at"]

    own_button(page, mine, "delete").click()
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        own_button(page, mine, "confirm-delete").click()
    assert deleted.value.status in (200, 204)
    page.wait_for_function("id => { const e = document.querySelector(`article[data-parley-comment-id=\"${id}\"]`);"
                           " return !e || /deleted/i.test(e.textContent); }", arg=mine)
    assert mine not in [c["id"] for c in parley.thread(key) if not c.get("deleted")]
