"""The system under test: a private PostgreSQL cluster (`parley db start` in a PARLEY_HOME of its own)
and a `parley serve` over it, each of which the chaos test kills and starts again."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(self, binary):
        self.binary = binary
        # Short path: the cluster's unix socket lives inside it (about 107 bytes at most). Open to
        # the server's account (PostgreSQL runs as `postgres` when the tests run as root).
        self.home = tempfile.mkdtemp(prefix="pchaos-", dir="/tmp")
        os.chmod(self.home, 0o755)
        self.env = {k: v for k, v in os.environ.items()
                    if k != "DATABASE_URL" and not k.startswith("PG") and not k.startswith("PARLEY_")}
        self.env["PARLEY_HOME"] = self.home
        self.env["PARLEY_LOG_LEVEL"] = "warning"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.serve_log_path = os.path.join(self.home, "serve.log")
        self.serve = None
        self.data_directory = None

    # The CLI and the database

    def cli(self, *args, check=True, timeout=90):
        result = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise AssertionError(f"parley {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def db_start(self):
        result = self.cli("db", "start", check=False)
        if self.data_directory is None and result.returncode == 0:
            status = json.loads(self.cli("db", "status", "--json").stdout)
            self.data_directory = status["data_directory"]
        return result

    def postmaster_pid(self):
        with open(os.path.join(self.data_directory, "postmaster.pid")) as f:
            return int(f.readline())

    def kill_postmaster(self):
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGKILL)
        return pid

    def sql(self, query):
        """One JSON value from a query, straight from PostgreSQL (not through parley)."""
        url = self.cli("db", "url").stdout.strip()
        result = subprocess.run(["psql", url, "-AtX", "-v", "ON_ERROR_STOP=1", "-c", query],
                                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, f"psql: {result.stderr.strip()}"
        return json.loads(result.stdout)

    # parley serve

    def start_serve(self):
        log = open(self.serve_log_path, "ab")
        try:
            self.serve = subprocess.Popen(
                [self.binary, "serve", "--port", str(self.port), "--cache-seconds", "0", "--writes-per-minute", "0",
                 "--reads-per-minute", "0", "--comments-per-minute", "0"],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()

    def kill_serve(self):
        self.serve.send_signal(signal.SIGKILL)
        self.serve.wait()

    def serve_exited(self):
        return self.serve is not None and self.serve.poll() is not None

    def ready(self, timeout=1.0):
        try:
            with urllib.request.urlopen(self.base_url + "/readyz", timeout=timeout) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def wait_ready(self, limit):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.ready():
                return True
            time.sleep(0.05)
        return False

    def serve_log_tail(self, lines=30):
        try:
            with open(self.serve_log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    # Clean-up, also after a failure midway

    def close(self):
        if self.serve is not None and self.serve.poll() is None:
            self.serve.kill()
            self.serve.wait()
        try:
            if self.data_directory is None:
                # A start that failed midway may still have left a server running.
                status = self.cli("db", "status", "--json", check=False)
                self.data_directory = json.loads(status.stdout or "{}").get("data_directory")
            self.cli("db", "stop", check=False)
        except (ValueError, subprocess.SubprocessError):
            pass
        if self.data_directory is not None:
            for pid in self.server_processes():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(self.home, ignore_errors=True)

    def server_processes(self):
        """Processes working in this test's data directory: only ever the server this test started."""
        found = []
        real = os.path.realpath(self.data_directory)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.readlink(f"/proc/{entry}/cwd") == real:
                        found.append(int(entry))
                except OSError:
                    pass
        return found
