"""Fixtures of the chaos test: the built parley binary ($PARLEY_BIN) and a private cluster and server of
the test's own (a PARLEY_HOME in a temporary folder, never the one scripts/run uses), torn down with
every process the test started, also when it fails."""
import os
from pathlib import Path

import pytest

from chaos_stack import Stack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def parley_bin():
    path = os.environ.get("PARLEY_BIN") or str(ROOT / ".build" / "debug" / "parley")
    if not os.access(path, os.X_OK):
        pytest.exit(f"no parley binary at {path}; build it (swift build --product parley) or set PARLEY_BIN", returncode=2)
    return path


@pytest.fixture
def stack(parley_bin):
    stack = Stack(parley_bin)
    try:
        result = stack.db_start()
        assert result.returncode == 0, f"parley db start: {result.stderr.strip()}"
        stack.cli("migrate")
        yield stack
    finally:
        stack.close()
