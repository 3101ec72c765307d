"""Reading: the demo page and the site's pages render the thread, sort, load more, count, speak Ukrainian."""
import re

import pytest

from browser_support import (COMMENT, DEMO_KEY, MAIN_FORM, expand_all, flatten, open_embed, rendered_ids,
                             top_level_ids, unique)


@pytest.fixture(scope="module")
def many(parley):
    """An article with more top-level comments than one page of the embed shows."""
    key = parley.new_article("more")
    for index in range(120):
        parley.post(key, f"Top-level comment number {index} of the long discussion.", author=unique("Reader"))
    return key


def demo_url(parley, key=DEMO_KEY):
    return f"{parley.base_url}/demo/{key}"


def test_embed_assets_are_served_with_etag_and_cache_control(parley):
    for path, kind in (("/embed.js", "javascript"), ("/embed.css", "text/css")):
        answer = parley.get(path)
        assert answer.status == 200, path
        assert kind in answer.headers["Content-Type"], path
        assert answer.headers["Cache-Control"], path
        etag = answer.headers["ETag"]
        assert etag, path
        assert parley.get(path, {"If-None-Match": etag}).status == 304, path
    assert b"eval(" not in parley.get("/embed.js").raw


def test_demo_page_is_served_under_a_strict_csp(parley):
    answer = parley.get(f"/demo/{DEMO_KEY}")
    assert answer.status == 200
    csp = answer.headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"):
        assert directive in csp
    page = answer.raw.decode()
    assert f'data-parley-article="{DEMO_KEY}"' in page and "/embed.js" in page
    assert "<style" not in page and " style=" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_thread_renders_every_comment_with_nesting(page, parley):
    open_embed(page, demo_url(parley))
    expected = list(flatten(parley.thread(DEMO_KEY)))
    assert len(expected) >= 10
    top = [c["id"] for c, depth in expected if depth == 0]
    assert top_level_ids(page)[: min(5, len(top))] == top[:5]
    expand_all(page)
    ids = rendered_ids(page)
    assert sorted(set(ids)) == sorted(c["id"] for c, _ in expected), "every visible comment of the API, once"
    assert len(ids) == len(set(ids)), "no comment twice"
    # Nesting: a shallow reply sits in its parent's replies list, with its depth.
    nested = page.evaluate("""() => [...document.querySelectorAll('article[data-parley-comment-id]')].map(e => {
        const list = e.parentElement.closest('[data-parley-replies]');
        const parent = list && list.closest('article[data-parley-comment-id]');
        return [Number(e.dataset.parleyCommentId), parent ? Number(parent.dataset.parleyCommentId) : null,
                Number(e.dataset.parleyDepth)];
    })""")
    placed = {i: (parent, depth) for i, parent, depth in nested}
    for c, depth in expected:
        if depth <= 4:
            assert placed[c["id"]] == (c["parent_id"], depth), f"comment {c['id']} nests under {c['parent_id']}"
    # Every comment shows its author, body and time (tombstones show "deleted").
    for c, _ in expected:
        element = page.locator(f'article[data-parley-comment-id="{c["id"]}"]')
        if c.get("deleted"):
            continue
        # Off-screen threads are not rendered (content-visibility: auto) until a reader scrolls to them.
        element.scroll_into_view_if_needed()
        assert element.locator("[data-parley-author]").first.inner_text().strip() == c["author"]["name"]
        time_element = element.locator("time[datetime]").first
        assert time_element.get_attribute("title"), "the exact time on hover"


def test_sort_changes_order(page, parley):
    open_embed(page, demo_url(parley))
    for sort in ("newest", "top", "oldest"):
        expected = [c["id"] for c in parley.thread(DEMO_KEY, sort=sort)]
        page.select_option("select[name=parley-sort]", sort)
        page.wait_for_function("ids => { const got = [...document.querySelectorAll("
                               "'article[data-parley-comment-id][data-parley-depth=\"0\"]')]"
                               ".map(e => Number(e.dataset.parleyCommentId)); "
                               "return ids.every((id, i) => got[i] === id); }", arg=expected[:5])
        shown = top_level_ids(page)
        assert shown == expected[: len(shown)], sort


def test_load_more_walks_every_page(page, parley, site, many):
    open_embed(page, f"{site.base_url}/article?key={many}")
    first = top_level_ids(page)
    assert 0 < len(first) < 120, "the first page holds part of the discussion"
    page.locator('button[data-parley-action="more"]').click()
    page.wait_for_function("n => document.querySelectorAll('article[data-parley-comment-id]').length > n", arg=len(first))
    expand_all(page)
    expected = [c["id"] for c in parley.thread(many)]
    assert top_level_ids(page) == expected
    assert page.locator('button[data-parley-action="more"]:visible').count() == 0


def test_counts_of_a_page_come_in_one_request(page, parley, site, many):
    one = parley.new_article("count")
    parley.post(one, "The only comment here.")
    counts_requests = []
    page.on("request", lambda r: "/api/counts" in r.url and counts_requests.append(r.url))
    page.goto(f"{site.base_url}/list?keys={many},{one},{DEMO_KEY}")
    page.wait_for_function("() => [...document.querySelectorAll('[data-parley-count]')].every(e => e.textContent.trim())")
    texts = page.eval_on_selector_all("[data-parley-count]", "els => els.map(e => [e.dataset.parleyCount, e.textContent.trim()])")
    demo_count = parley.get(f"/api/counts?articles={DEMO_KEY}").json[DEMO_KEY]
    expected = {many: "120 comments", one: "1 comment", DEMO_KEY: f"{demo_count} comments"}
    for key, text in texts:
        assert text == expected[key], key
    assert len(texts) == 5
    page.wait_for_timeout(300)
    assert len(counts_requests) == 1, counts_requests


def test_ukrainian_strings(page, parley, site):
    plural = {}
    for n in (1, 3, 5, 11, 21):
        key = parley.new_article("uk")
        for index in range(n):
            parley.post(key, f"Коментар номер {index} до статті.", author=unique("Читач"))
        plural[key] = n
    counts_requests = []
    page.on("request", lambda r: "/api/counts" in r.url and counts_requests.append(r.url))
    page.goto(f"{site.base_url}/list?lang=uk&keys={','.join(plural)}")
    page.wait_for_function("() => [...document.querySelectorAll('[data-parley-count]')].every(e => e.textContent.trim())")
    words = {1: "коментар", 3: "коментарі", 5: "коментарів", 11: "коментарів", 21: "коментар"}
    for key, text in page.eval_on_selector_all("[data-parley-count]", "els => els.map(e => [e.dataset.parleyCount, e.textContent.trim()])"):
        n = plural[key]
        assert re.fullmatch(rf"{n}\s+{words[n]}", text), (n, text)
    assert len(counts_requests) == 1

    key = next(iter(plural))
    open_embed(page, f"{site.base_url}/article?key={key}&lang=uk&page_lang=uk")
    cyrillic = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
    submit = page.locator(MAIN_FORM).locator("button[type=submit]").inner_text()
    assert cyrillic.search(submit), submit
    assert cyrillic.search(page.locator("select[name=parley-sort] option").first.inner_text())
    assert re.fullmatch(r"1\s+коментар", page.locator(f'[data-parley-count="{key}"]').inner_text().strip())

    other = unique("en")
    open_embed(page, f"{site.base_url}/article?key={key}&lang=en")
    assert not cyrillic.search(page.locator(MAIN_FORM).locator("button[type=submit]").inner_text()), other


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_demo_page_has_no_serious_accessibility_violation(page, parley, scheme):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.emulate_media(color_scheme=scheme)
    open_embed(page, demo_url(parley))
    page.wait_for_selector(COMMENT)
    results = axe.Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations)
