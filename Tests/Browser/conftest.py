"""Fixtures of the browser tests.

One session starts a throwaway PostgreSQL cluster (PARLEY_HOME in a temporary folder), loads the
demo, runs `parley serve --demo-pages` on a free port, and runs a second-origin "newsroom site"
(Python's http.server) whose pages carry the two embed lines under a strict CSP. Every test gets a
fresh browser context (empty localStorage) whose console errors, page errors, CSP violations and
dialogs are collected; the test fails at teardown if any showed up that it did not expect.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import sync_playwright

from browser_support import ROOT, Parley, SiteHandler, free_port


@pytest.fixture(scope="session")
def parley_bin():
    path = os.environ.get("PARLEY_BIN") or str(ROOT / ".build" / "debug" / "parley")
    if not os.access(path, os.X_OK):
        pytest.exit(f"no parley binary at {path}; build it (swift build --product parley) or set PARLEY_BIN", returncode=2)
    return path


@pytest.fixture(scope="session")
def site_port():
    return free_port()


@pytest.fixture(scope="session")
def parley(parley_bin, site_port):
    # Short path: the cluster's unix socket lives inside it (about 107 bytes at most).
    home = tempfile.mkdtemp(prefix="pb-", dir="/tmp")
    os.chmod(home, 0o755)
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("PG") and not k.startswith("PARLEY_")}
    env["PARLEY_HOME"] = home
    env["PARLEY_LOG_LEVEL"] = "warning"
    server = Parley(parley_bin, home, env, free_port())
    started_db = False
    try:
        server.cli("db", "start")
        started_db = True
        server.cli("migrate")
        server.cli("rules", "apply", str(ROOT / "scripts/demo/rules.yaml"), "--as", "test")
        server.cli("demo")
        server.start(site_origin=f"http://127.0.0.1:{site_port}")
        yield server
    finally:
        server.stop()
        if started_db:
            server.cli("db", "stop", check=False)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def site(parley, site_port):
    """The newsroom's site: another origin, its own strict CSP, the embed loaded from parley."""
    handler = type("Handler", (SiteHandler,), {"parley_origin": parley.base_url})
    httpd = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.base_url = f"http://127.0.0.1:{site_port}"
    yield handler
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        pytest.exit("Debian's chromium is not installed (apt-get install chromium)", returncode=2)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield instance
        instance.close()


CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  const report = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                  line: e.lineNumber, sample: e.sample, page: location.href};
  if (window.__parleyReportCSP) window.__parleyReportCSP(report);
}, true);
"""


class Watch:
    """What went wrong in the pages of one test: console errors, page errors, CSP violations, dialogs."""

    def __init__(self):
        self.console_errors = []
        self.page_errors = []
        self.csp = []
        self.dialogs = []
        self.allowed = []

    def allow(self, pattern):
        """Accepts console errors matching pattern (e.g. Chromium's line for an expected 422)."""
        self.allowed.append(re.compile(pattern))

    def allow_status(self, *statuses):
        for status in statuses:
            self.allow(rf"the server responded with a status of {status}\b")

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text:
            self.csp.append(text)
        elif message.type == "error":
            url = (message.location or {}).get("url")
            self.console_errors.append(f"{text} ({url})" if url else text)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def clear(self):
        self.__init__()

    def problems(self):
        errors = [e for e in self.console_errors if not any(p.search(e) for p in self.allowed)]
        found = []
        found += [f"console error: {e}" for e in errors]
        found += [f"page error: {e}" for e in self.page_errors]
        found += [f"CSP violation: {v}" for v in self.csp]
        found += [f"dialog: {d}" for d in self.dialogs]
        return found


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def context(browser, watch):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ctx.set_default_timeout(float(os.environ.get("BROWSER_TIMEOUT_MS", "8000")))
    ctx.expose_binding("__parleyReportCSP", lambda source, report: watch.csp.append(report))
    ctx.add_init_script(CSP_LISTENER)
    ctx.on("page", watch.attach)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, watch, request):
    page = context.new_page()
    yield page
    # Let late console messages (a failed fetch, a CSP report) arrive before judging.
    time.sleep(0.2)
    failed = request.node.stash.get(FAILED, False)
    problems = watch.problems()
    if problems and failed:
        print("the page also reported:\n  " + "\n  ".join(map(str, problems)))
    elif problems:
        pytest.fail("the page reported problems:\n  " + "\n  ".join(map(str, problems)), pytrace=False)


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report
