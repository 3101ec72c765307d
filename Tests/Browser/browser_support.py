"""Helpers of the browser tests: the parley server and CLI, the newsroom site, the embed's hooks."""
import html
import itertools
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = "ukraine-atacms-1000-days"
_counter = itertools.count(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unique(prefix):
    """A name no other test uses in this session (authors, articles, bodies)."""
    return f"{prefix}-{os.getpid()}-{next(_counter)}"


class APIResponse:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body

    @property
    def json(self):
        return json.loads(self.raw) if self.raw else None


class Parley:
    """A running `parley serve` on a private cluster, and its CLI."""

    def __init__(self, binary, home, env, port):
        self.binary, self.home, self.env, self.port = binary, home, env, port
        self.base_url = f"http://127.0.0.1:{port}"
        self.process = None
        self.log_path = os.path.join(home, "serve.log")
        self._admin_token = None

    # The CLI

    def cli(self, *args, input=None, check=True, timeout=120):
        result = subprocess.run([self.binary, *args], env=self.env, input=input, capture_output=True,
                                text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"parley {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def supports(self, subcommand, flag):
        return flag in self.cli(*subcommand, "--help", check=False).stdout

    # The server

    def start(self, site_origin):
        args = [self.binary, "serve", "--port", str(self.port), "--cors-origin", site_origin,
                "--cache-seconds", "0", "--writes-per-minute", "0", "--reads-per-minute", "0",
                "--comments-per-minute", "0"]
        self.demo_pages = self.supports(["serve"], "--demo-pages")
        if self.demo_pages:
            args.append("--demo-pages")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(args, env=self.env, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"parley serve exited {self.process.returncode}:\n{self.log_tail()}")
            try:
                if self.get("/readyz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"parley serve was not ready within 60 s:\n{self.log_tail()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    # HTTP

    def request(self, method, path, body=None, headers=None):
        data = None
        headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return APIResponse(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return APIResponse(error.code, error.headers, error.read())

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    @property
    def admin_token(self):
        if self._admin_token is None:
            self._admin_token = self.cli("tokens", "create", "--name", unique("browser-tests"), "--role", "admin",
                                         "--as", "test").stdout.strip()
        return self._admin_token

    def admin(self, method, path, body=None):
        return self.request(method, path, body, {"Authorization": f"Bearer {self.admin_token}"})

    # Data

    def new_article(self, prefix="browser", title=None):
        key = unique(prefix)
        self.cli("articles", "add", key, "--title", title or f"Browser test {key}")
        return key

    def post(self, key, body, author=None, parent_id=None, headers=None, expect=201):
        payload = {"author": {"name": author or unique("Reader")}, "body": body}
        if parent_id is not None:
            payload["parent_id"] = parent_id
        answer = self.request("POST", f"/api/articles/{urllib.parse.quote(key)}/comments", payload, headers)
        if expect is not None:
            assert answer.status == expect, f"POST comment answered {answer.status}: {answer.raw[:300]!r}"
        return answer.json

    def approve(self, comment_id):
        answer = self.admin("POST", f"/api/admin/comments/{comment_id}/decision", {"action": "approve"})
        assert answer.status == 200, f"approve answered {answer.status}: {answer.raw[:300]!r}"

    def thread(self, key, sort="oldest", limit=100):
        """Every top-level comment of the article, walking all pages (with their reply trees)."""
        comments, cursor = [], None
        while True:
            query = {"sort": sort, "limit": str(limit)}
            if cursor:
                query["cursor"] = cursor
            answer = self.get(f"/api/articles/{urllib.parse.quote(key)}/comments?{urllib.parse.urlencode(query)}")
            assert answer.status == 200, f"thread answered {answer.status}"
            page = answer.json
            comments += page["comments"]
            cursor = page.get("next_cursor")
            if not cursor:
                return comments

    def sql(self, query):
        url = self.cli("db", "url").stdout.strip()
        result = subprocess.run(["psql", url, "-AtX", "-c", query], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def flatten(comments, depth=0, parent=None):
    """(comment, depth) pairs of a thread, depth-first in page order."""
    for comment in comments:
        yield comment, depth
        yield from flatten(comment.get("replies") or [], depth + 1, comment)


# The newsroom site

SITE_CSP = ("default-src 'none'; script-src {p}; style-src {p}; connect-src {p}; img-src data:")


class SiteHandler(BaseHTTPRequestHandler):
    """Pages of a news site on another origin: /article?key=K[&lang=][&sort=][&token=], /list?keys=a,b,
    /plain (no embed) and /inline-script (a page that breaks its own CSP, to test the watcher)."""
    parley_origin = None
    base_url = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        pages = {"/article": self.article, "/list": self.listing, "/plain": self.plain, "/inline-script": self.inline}
        if url.path not in pages:
            self.send_error(404)
            return
        body = pages[url.path](query).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", SITE_CSP.format(p=self.parley_origin))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def document(self, lang, title, body):
        return (f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
                f'</head><body><main>{body}</main></body></html>')

    def embed_script(self):
        return f'<script src="{self.parley_origin}/embed.js" defer></script>'

    def article(self, q):
        key = q.get("key", DEMO_KEY)
        attributes = f'data-parley-article="{html.escape(key)}"'
        for name in ("lang", "sort", "token"):
            if name in q:
                attributes += f' data-parley-{name}="{html.escape(q[name])}"'
        body = (f'<article><h1>Site story {html.escape(key)}</h1>'
                f'<p>Discussion: <span data-parley-count="{html.escape(key)}"></span></p>'
                f'<p>A short story of the newsroom site, to comment on.</p></article>'
                f'<section aria-label="Comments"><div {attributes}></div></section>{self.embed_script()}')
        return self.document(q.get("page_lang", "en"), f"Story {key}", body)

    def listing(self, q):
        keys = [k for k in q.get("keys", DEMO_KEY).split(",") if k]
        items = "".join(f'<li><a href="/article?key={html.escape(k)}">{html.escape(k)}</a> '
                        f'<span data-parley-count="{html.escape(k)}"></span></li>' for k in keys)
        # The first key twice more, elsewhere on the page: still one request.
        first = html.escape(keys[0])
        extra = f'<aside><span data-parley-count="{first}"></span> <b data-parley-count="{first}"></b></aside>'
        return self.document(q.get("lang", "en"), "Stories", f"<h1>Stories</h1><ul>{items}</ul>{extra}{self.embed_script()}")

    def plain(self, q):
        return self.document("en", "Plain", "<h1>Nothing but text</h1>")

    def inline(self, q):
        return self.document("en", "Inline", "<h1>Inline</h1><script>document.title = 'ran';</script>")


# The embed's hooks (see the plan's "Embed DOM hooks")

COMMENT = "article[data-parley-comment-id]"
MAIN_FORM = "form[data-parley-form]:not([data-parley-reply-to])"


def comment(page, comment_id):
    return page.locator(f'article[data-parley-comment-id="{comment_id}"]')


def own_button(page, comment_id, action):
    """A comment's own button: the first in document order (its replies come after its actions)."""
    return comment(page, comment_id).locator(f'button[data-parley-action="{action}"]').first


def open_embed(page, url):
    """Opens a page with the embed and waits until its form is there (the thread loaded)."""
    page.goto(url)
    page.wait_for_selector(MAIN_FORM)
    return page


def rendered_ids(page):
    return page.eval_on_selector_all(COMMENT, "els => els.map(e => Number(e.dataset.parleyCommentId))")


def top_level_ids(page):
    return page.eval_on_selector_all('article[data-parley-comment-id][data-parley-depth="0"]',
                                     "els => els.map(e => Number(e.dataset.parleyCommentId))")


def expand_all(page, rounds=200):
    """Clicks "load more" and every "continue this thread" until none is left."""
    for _ in range(rounds):
        button = page.locator('button[data-parley-action="more"]:visible, '
                              'button[data-parley-action="continue"]:visible').first
        if button.count() == 0:
            return
        before = page.locator(COMMENT).count()
        button.click()
        page.wait_for_function(
            "n => document.querySelectorAll('article[data-parley-comment-id]').length > n", arg=before)
    raise AssertionError("still more to expand after %d clicks" % rounds)


def status_text(page, container="[data-parley-article]"):
    return page.locator(f"{container} [data-parley-status]").first.inner_text()


def wait_status(page, text, timeout=8000):
    page.wait_for_function(
        "t => [...document.querySelectorAll('[data-parley-status]')].some(s => s.textContent.includes(t))",
        arg=text, timeout=timeout)


def submit_post(page, body, name=None, form=MAIN_FORM):
    """Fills a post form, submits it, and returns the JSON answer of the POST."""
    f = page.locator(form).first
    f.locator("textarea[name=body]").fill(body)
    name_field = f.locator("input[name=name]")
    if name is not None and name_field.count() and name_field.is_visible():
        name_field.fill(name)
    with page.expect_response(lambda r: r.request.method == "POST" and "/comments" in r.url) as answer:
        f.locator("button[type=submit]").click()
    return answer.value
