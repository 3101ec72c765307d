"""Stored XSS: hostile bodies (and names) posted through the API never run in the embed."""
from browser_support import COMMENT, MAIN_FORM, expand_all, open_embed, unique

P = "window.__pwned=1;alert(1)"

HOSTILE_BODIES = [
    f"<script>{P}</script>",
    f'<img src=x onerror="{P}">',
    f"<svg onload=\"{P}\"><circle r=5></circle></svg>",
    f"[click me](javascript:{P})",
    "[mixed case](JaVaScRiPt:window.__pwned=1)",
    f'<a href="javascript:{P}">raw link</a>',
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; (entities)",
    "&#60;img src=x onerror=window.__pwned=1&#62; (numeric entities)",
    "&#x3C;svg onload=window.__pwned=1&#x3E; (hex entities)",
    f'<iframe srcdoc="<script>parent.{P}</script>"></iframe>',
    '<div style="background:url(javascript:window.__pwned=1)">styled</div>',
    '<div style="width:expression(window.__pwned=1)">expression</div>',
    "[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)",
    '![image](x" onerror="window.__pwned=1)',
    "![svg image](data:image/svg+xml,<svg onload=window.__pwned=1>)",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    f'<details open ontoggle="{P}">details</details>',
    "<body onload=window.__pwned=1>body",
    '<object data="javascript:window.__pwned=1"></object>',
    '<embed src="javascript:window.__pwned=1">',
    '<form action="javascript:window.__pwned=1"><button>go</button></form>',
    f'<input autofocus onfocus="{P}">',
    '<video><source onerror="window.__pwned=1"></video>',
    '<a href="jav&#x09;ascript:window.__pwned=1">tab entity</a>',
    "[tab entity](jav&#x09;ascript:window.__pwned=1)",
    "[spaced]( javascript:window.__pwned=1 )",
    "<scr<script>ipt>window.__pwned=1</scr</script>ipt>",
    "`code <script>window.__pwned=1</script>`",
    "> <img src=x onerror=window.__pwned=1> quoted",
    "**<img src=x onerror=window.__pwned=1>** bold",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    "<link rel=import href=\"data:text/html,<script>parent.__pwned=1</script>\">",
    "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e",
    "<template><script>window.__pwned=1</script></template>",
    "[vb](vbscript:window.__pwned=1)",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    "[<img src=x onerror=window.__pwned=1>](https://example.com/story)",
    '<base href="javascript:/a/-alert(1)///////">',
    '"><script>window.__pwned=1</script>',
    "</textarea><script>window.__pwned=1</script>",
    '<svg><a xlink:href="javascript:window.__pwned=1"><text x="20" y="20">svg link</text></a></svg>',
    "[link with title](https://example.com \"onmouseover=window.__pwned=1\")",
]

HOSTILE_NAMES = ['<img src=x onerror="window.__pwned=1">', "</span><script>window.__pwned=1</script>"]


def test_hostile_bodies_never_run(page, parley, site, watch):
    assert len(HOSTILE_BODIES) >= 30
    key = parley.new_article("xss")
    ids = []
    for index, body in enumerate(HOSTILE_BODIES):
        answer = parley.post(key, body, author=f"Attacker {index}", expect=None)
        if answer and "comment" in answer:
            ids.append(answer["comment"]["id"])
            if answer["state"] == "pending":  # links from newcomers are held: publish them all the same
                parley.approve(answer["comment"]["id"])
    for name in HOSTILE_NAMES:
        answer = parley.post(key, f"A comment under a hostile name {unique('n')}", author=name, expect=None)
        if answer and "comment" in answer:
            ids.append(answer["comment"]["id"])
    assert len(ids) >= 30, "the server refused most hostile bodies instead of storing them"

    open_embed(page, f"{site.base_url}/article?key={key}")
    expand_all(page)
    shown = set(page.eval_on_selector_all(COMMENT, "els => els.map(e => Number(e.dataset.parleyCommentId))"))
    assert set(ids) <= shown, "every hostile comment is shown (as text)"
    # Hover and focus everything in the thread, in case a handler waits for it.
    for element in page.locator(f"{COMMENT} [data-parley-body] *").all()[:300]:
        try:
            element.hover(timeout=200)
        except Exception:
            pass
    # Type a few into the form too, for the live preview.
    for body in HOSTILE_BODIES[:6]:
        page.locator(MAIN_FORM).locator("textarea[name=body]").fill(body)
        page.wait_for_timeout(400)
    page.wait_for_timeout(500)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert watch.dialogs == []
    danger = page.evaluate("""() => {
        const root = document.querySelector('[data-parley-article]');
        const found = [];
        for (const e of root.querySelectorAll('*')) {
            const userText = e.closest('[data-parley-body], [data-parley-author], [data-parley-preview]');
            if (userText && /^(script|iframe|object|embed|base|meta|link|style|form|input|svg|math|template|video|img)$/i.test(e.tagName))
                found.push('<' + e.tagName.toLowerCase() + '>');
            for (const a of e.attributes) {
                if (/^on/i.test(a.name)) found.push(e.tagName.toLowerCase() + '[' + a.name + ']');
                if (a.name === 'style' && userText) found.push('style attribute');
            }
            if (e.tagName === 'A' && e.href && !/^(https?|mailto):$/.test(new URL(e.href, location.href).protocol))
                found.push('link to ' + e.getAttribute('href'));
        }
        return found;
    }""")
    assert danger == [], danger
