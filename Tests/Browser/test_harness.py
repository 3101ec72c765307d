"""The harness itself: server, CLI, newsroom site, browser and the watcher work (independent of the embed)."""
from browser_support import DEMO_KEY, SITE_CSP, flatten, unique


def test_server_is_ready_with_the_demo_loaded(parley):
    assert parley.get("/readyz").status == 200
    comments = list(flatten(parley.thread(DEMO_KEY, limit=5)))
    assert len(comments) >= 10
    assert any(depth >= 2 for _, depth in comments), "the demo discussion has nested replies"


def test_cli_post_reaches_the_api(parley):
    key = parley.new_article()
    result = parley.cli("post", key, "Posted from the command line for the harness.", "--author", unique("Cli"), "--json")
    assert '"published"' in result.stdout
    assert parley.get(f"/api/counts?articles={key}").json == {key: 1}


def test_site_pages_carry_a_strict_csp(parley, site):
    import urllib.request
    with urllib.request.urlopen(site.base_url + "/article?key=x") as response:
        assert response.headers["Content-Security-Policy"] == SITE_CSP.format(p=parley.base_url)
        page = response.read().decode()
    assert f'<script src="{parley.base_url}/embed.js" defer></script>' in page
    assert 'data-parley-article="x"' in page


def test_a_plain_page_under_the_csp_reports_nothing(page, site, watch):
    page.goto(site.base_url + "/plain")
    assert page.locator("h1").inner_text() == "Nothing but text"
    assert watch.problems() == []


def test_the_watcher_catches_a_csp_violation(page, site, watch):
    page.goto(site.base_url + "/inline-script")
    page.wait_for_timeout(300)
    assert page.title() == "Inline", "the inline script must have been blocked"
    assert watch.csp, "the securitypolicyviolation event or the console line was seen"
    watch.clear()


def test_the_watcher_catches_dialogs_and_page_errors(page, site, watch):
    page.goto(site.base_url + "/plain")
    page.evaluate("() => { setTimeout(() => { throw new Error('boom') }, 0); }")
    page.evaluate("() => alert('hi')")
    page.wait_for_timeout(200)
    assert watch.dialogs == ["alert: hi"]
    assert any("boom" in e for e in watch.page_errors)
    watch.clear()
