"""Reader sign-in: a newsroom-signed JWT (HS256, PyJWT) posts as a verified reader; a bad one is refused."""
import os
import secrets
import time
import urllib.parse

import jwt
import pytest

from browser_support import MAIN_FORM, comment, open_embed, submit_post, unique


@pytest.fixture(scope="module")
def newsroom_secret(parley, tmp_path_factory):
    secret = secrets.token_urlsafe(32)
    path = tmp_path_factory.mktemp("sso") / "secret"
    path.write_text(secret)
    os.chmod(path, 0o600)
    parley.cli("sso", "add", unique("newsroom"), "--secret-file", str(path), "--as", "test")
    return secret


def token(secret, name, sub=None, lifetime=600):
    now = int(time.time())
    return jwt.encode({"sub": sub or unique("user"), "name": name, "iat": now, "exp": now + lifetime}, secret,
                      algorithm="HS256")


def test_a_signed_in_reader_posts_as_verified(page, parley, site, newsroom_secret):
    key = parley.new_article("sso")
    name = unique("Verified Reader")
    url = f"{site.base_url}/article?key={key}&token={urllib.parse.quote(token(newsroom_secret, name))}"
    open_embed(page, url)
    answer = submit_post(page, "Signed in through the newsroom's login.")
    assert answer.status == 201, answer.text()
    posted = answer.json()["comment"]
    assert posted["author"]["name"] == name and posted["author"]["verified"] is True
    element = comment(page, posted["id"])
    element.wait_for()
    assert element.locator("[data-parley-author]").first.inner_text().strip().startswith(name)
    assert element.locator("[data-parley-verified]").count() == 1

    # window.parley.signIn after load does the same; signOut returns to anonymous posting.
    key = parley.new_article("sso")
    open_embed(page, f"{site.base_url}/article?key={key}")
    other = unique("Later Reader")
    page.evaluate("t => window.parley.signIn(t)", token(newsroom_secret, other))
    answer = submit_post(page, "Signed in after the page loaded.")
    assert answer.status == 201 and answer.json()["comment"]["author"]["verified"] is True
    comment(page, answer.json()["comment"]["id"]).locator("[data-parley-verified]").wait_for()
    page.evaluate("() => window.parley.signOut()")
    answer = submit_post(page, "Anonymous again after signing out.", name=unique("Anon"))
    assert answer.status == 201 and answer.json()["comment"]["author"].get("verified") is False


def test_a_bad_token_shows_an_error_and_keeps_the_text(page, parley, site, newsroom_secret, watch):
    watch.allow_status(401)
    key = parley.new_article("sso")
    forged = token("not-the-newsroom-secret-" + secrets.token_urlsafe(24), unique("Forger"))
    open_embed(page, f"{site.base_url}/article?key={key}&token={urllib.parse.quote(forged)}")
    text = "This should not be posted."
    answer = submit_post(page, text, name=unique("Forger"))
    assert answer.status == 401 and answer.json()["error"]["code"] == "invalid_reader_token"
    page.wait_for_function("() => [...document.querySelectorAll('[data-parley-status]')].some(s => s.textContent.trim())")
    assert page.locator(MAIN_FORM).locator("textarea[name=body]").input_value() == text
    assert parley.thread(key) == []
