"""The API contract test: schemathesis against a live `parley serve`.

Starts a throwaway PostgreSQL cluster (PARLEY_HOME in a temporary folder) with the demo loaded,
runs `parley serve --demo-pages` on a free port with rate limits far above what the run sends
(the limiter still runs; 429 stays a documented answer), creates an admin token, and runs
`st run http://127.0.0.1:PORT/openapi.json --checks all` with a fixed seed and a bounded number
of examples. Exits with schemathesis' status: 0 only when no check failed.

Usage: PARLEY_BIN=.build/debug/parley python Tests/Contract/run_schemathesis.py [extra st options]
Environment: CONTRACT_SEED, CONTRACT_MAX_EXAMPLES, CONTRACT_WORKERS override the defaults below.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "Browser"))
from browser_support import ROOT, Parley, free_port  # noqa: E402

SEED = os.environ.get("CONTRACT_SEED", "20261207")
MAX_EXAMPLES = os.environ.get("CONTRACT_MAX_EXAMPLES", "100")
# One worker: a seed then gives the same run (two interleave the operations differently), and
# the run is not slower here, where most of its time is spent reading live-event streams.
WORKERS = os.environ.get("CONTRACT_WORKERS", "1")
# Far above what the run sends, so no check is skewed by a 429; the limiter's code still runs.
GENEROUS = "1000000"


def start(server):
    # The body limit fits the longest comment the document allows even when every character
    # is sent as a JSON surrogate pair (12 bytes); 64 KiB, the default, would answer 413.
    args = [server.binary, "serve", "--port", str(server.port), "--demo-pages", "--cache-seconds", "0", "--body-limit", "262144",
            "--writes-per-minute", GENEROUS, "--reads-per-minute", GENEROUS, "--comments-per-minute", GENEROUS]
    server.log = open(server.log_path, "ab")
    server.process = subprocess.Popen(args, env=server.env, stdin=subprocess.DEVNULL, stdout=server.log,
                                      stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"parley serve exited {server.process.returncode}:\n{server.log_tail()}")
        try:
            if server.get("/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"parley serve was not ready within 60 s:\n{server.log_tail()}")


def main():
    binary = os.environ.get("PARLEY_BIN") or str(ROOT / ".build" / "debug" / "parley")
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"no parley binary at {binary}; build it or set PARLEY_BIN")
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if not st:
        raise SystemExit("schemathesis (st) is not installed next to this python")
    # Short path: the cluster's unix socket lives inside it (about 107 bytes at most).
    home = tempfile.mkdtemp(prefix="pc-", dir="/tmp")
    os.chmod(home, 0o755)
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("PG") and not k.startswith("PARLEY_")}
    env["PARLEY_HOME"] = home
    env["PARLEY_LOG_LEVEL"] = "warning"
    server = Parley(binary, home, env, free_port())
    started_db = False
    report = ROOT / ".build" / "schemathesis"
    try:
        server.cli("db", "start")
        started_db = True
        server.cli("migrate")
        server.cli("rules", "apply", str(ROOT / "scripts/demo/rules.yaml"), "--as", "contract")
        server.cli("demo")
        token = server.cli("tokens", "create", "--name", "contract", "--role", "admin", "--as", "contract").stdout.strip()
        start(server)
        command = [st, "--config-file", str(HERE / "schemathesis.toml"), "run", f"{server.base_url}/openapi.json", "--checks", "all", "--seed", SEED,
                   "--max-examples", MAX_EXAMPLES, "--workers", WORKERS, "-H", f"Authorization: Bearer {token}",
                   # Nothing remembered between runs: the same seed gives the same run.
                   "--generation-database", "none",
                   "--report", "junit", "--report-junit-path", str(report / "junit.xml"), *sys.argv[1:]]
        shown = [part if not part.startswith("Authorization:") else "Authorization: Bearer ***" for part in command]
        print("$ " + " ".join(shown), flush=True)
        began = time.monotonic()
        # Run inside .build, where hypothesis may keep its caches (.hypothesis) out of the work tree.
        report.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(command, cwd=report)
        print(f"schemathesis finished in {time.monotonic() - began:.0f} s with status {result.returncode}", flush=True)
        if result.returncode != 0:
            print("the server's log ends with:\n" + server.log_tail(), flush=True)
        return result.returncode
    finally:
        server.stop()
        if started_db:
            server.cli("db", "stop", check=False)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
