# Shared set-up of scripts/run and scripts/test: sourced, not run.
# Installs what a fresh Debian machine lacks, builds parley, and prepares the local database.

PARLEY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$PARLEY_ROOT" || exit 1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages parley needs to build, run and test. zlib1g-dev: the test bundle links -lz
# (swift-nio-extras' compression, under HummingbirdTesting's client; also sqlite3.pc).
# msmtp: `parley serve` hands its email to msmtp, which speaks SMTP to PARLEY_SMTP_URL.
PARLEY_PACKAGES="postgresql libpq-dev pkg-config libre2-dev libsqlite3-dev zlib1g-dev msmtp"

# Only scripts/test (and scripts/bench-embed) need these: Debian's Chromium, driven headless by
# Playwright for Python from a virtualenv; a font so pages render text; PgBouncer, which the
# second run of the HTTP tests puts in front of their database (Tests/ParleyTestSupport/TestPgBouncer.swift).
PARLEY_TEST_PACKAGES="chromium python3 python3-venv fonts-dejavu-core pgbouncer"

install_packages() {
    local missing=() p
    for p in $PARLEY_PACKAGES "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing ${missing[*]}"
    # parley runs its own cluster; Debian's default one would only take memory and a port.
    if ! dpkg -s postgresql-common >/dev/null 2>&1 && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        $sudo mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || die "apt-get update failed"
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

find_swift() {
    command -v swift >/dev/null && return 0
    [ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH && return 0
    die "Swift 6.3 is not installed (expected swift on PATH or in /opt/swift)"
}

# build debug|release: builds parley and sets PARLEY_BIN.
build_parley() {
    local configuration=${1:-release}
    find_swift
    say "building parley ($configuration)"
    swift build -c "$configuration" --product parley || die "swift build failed"
    PARLEY_BIN="$PARLEY_ROOT/.build/$configuration/parley"
    export PARLEY_BIN
}

# The embedded database with the schema and the demo loaded, unless DATABASE_URL/PG* say otherwise.
prepare_database() {
    if [ -z "${DATABASE_URL:-}" ] && [ -z "${PGHOST:-}${PGDATABASE:-}${PGSERVICE:-}" ]; then
        say "starting the local PostgreSQL cluster"
        "$PARLEY_BIN" db start || die "parley db start failed"
    fi
    say "migrating"
    "$PARLEY_BIN" migrate || die "parley migrate failed"
    say "applying the demo rules"
    "$PARLEY_BIN" rules apply scripts/demo/rules.yaml --as demo || die "parley rules apply failed"
    say "loading the demo"
    "$PARLEY_BIN" demo || die "parley demo failed"
}

# The Python tools of the browser tests and scripts/bench-embed, pinned; in .build/ (ignored).
# Playwright drives Debian's chromium (its own browser download is never used: no `playwright install`).
BROWSER_VENV="$PARLEY_ROOT/.build/browser-venv"
BROWSER_REQUIREMENTS="playwright==1.65.3 pytest==9.2.0 PyJWT==2.15.1 cryptography==51.0.1 axe-playwright-python==0.1.8"

install_test_packages() {
    local had_pgbouncer=0
    dpkg -s pgbouncer >/dev/null 2>&1 && had_pgbouncer=1
    install_packages $PARLEY_TEST_PACKAGES
    # The tests start PgBouncers of their own; the system service Debian starts on installing
    # would only hold port 6432. Left alone when it was there before.
    if [ "$had_pgbouncer" -eq 0 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo systemctl disable --now pgbouncer >/dev/null 2>&1 || true
    fi
}

# prepare_browser_venv: creates or reuses the virtualenv and sets BROWSER_PYTHON.
prepare_browser_venv() {
    local python=/usr/bin/python3 stamp="$BROWSER_VENV/.requirements"
    [ -x "$python" ] || python=$(command -v python3) || die "python3 is not installed"
    if [ ! -x "$BROWSER_VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$BROWSER_REQUIREMENTS" ]; then
        say "preparing the browser-test virtualenv in .build/browser-venv"
        mkdir -p "$PARLEY_ROOT/.build"
        rm -rf "$BROWSER_VENV"
        "$python" -m venv "$BROWSER_VENV" || die "python3 -m venv failed (is python3-venv installed?)"
        # pip in a new virtualenv trusts only its own certificate list; use the machine's, which
        # holds any certificate authority the local network needs, unless told otherwise.
        [ -z "${PIP_CERT:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ] && export PIP_CERT=/etc/ssl/certs/ca-certificates.crt
        # shellcheck disable=SC2086
        "$BROWSER_VENV/bin/pip" install --quiet --disable-pip-version-check $BROWSER_REQUIREMENTS \
            || die "pip install of the browser-test tools failed"
        echo "$BROWSER_REQUIREMENTS" >"$stamp"
    fi
    command -v chromium >/dev/null || die "chromium is not installed"
    BROWSER_PYTHON="$BROWSER_VENV/bin/python"
    export BROWSER_PYTHON
}

# schemathesis for the API contract test (Tests/Contract), pinned, in its own virtualenv beside
# the browser tests' (their pins move at different times); sets CONTRACT_PYTHON.
CONTRACT_VENV="$PARLEY_ROOT/.build/contract-venv"
CONTRACT_REQUIREMENTS="schemathesis==4.32.5"

prepare_contract_venv() {
    local python=/usr/bin/python3 stamp="$CONTRACT_VENV/.requirements"
    [ -x "$python" ] || python=$(command -v python3) || die "python3 is not installed"
    if [ ! -x "$CONTRACT_VENV/bin/st" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$CONTRACT_REQUIREMENTS" ]; then
        say "preparing the contract-test virtualenv in .build/contract-venv"
        mkdir -p "$PARLEY_ROOT/.build"
        rm -rf "$CONTRACT_VENV"
        "$python" -m venv "$CONTRACT_VENV" || die "python3 -m venv failed (is python3-venv installed?)"
        [ -z "${PIP_CERT:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ] && export PIP_CERT=/etc/ssl/certs/ca-certificates.crt
        # shellcheck disable=SC2086
        "$CONTRACT_VENV/bin/pip" install --quiet --disable-pip-version-check $CONTRACT_REQUIREMENTS \
            || die "pip install of schemathesis failed"
        echo "$CONTRACT_REQUIREMENTS" >"$stamp"
    fi
    CONTRACT_PYTHON="$CONTRACT_VENV/bin/python"
    export CONTRACT_PYTHON
}

# aiosmtpd, the SMTP server the mail tests (Tests/ParleyMailTests) start, pinned, in a virtualenv
# of its own; sets PARLEY_MAIL_PYTHON, which the tests use (they find .build/mail-venv without
# it, and skip the SMTP suites with a message when neither exists).
MAIL_VENV="$PARLEY_ROOT/.build/mail-venv"
MAIL_REQUIREMENTS="aiosmtpd==1.4.6"

prepare_mail_venv() {
    local python=/usr/bin/python3 stamp="$MAIL_VENV/.requirements"
    [ -x "$python" ] || python=$(command -v python3) || die "python3 is not installed"
    if [ ! -x "$MAIL_VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$MAIL_REQUIREMENTS" ]; then
        say "preparing the mail-test virtualenv in .build/mail-venv"
        mkdir -p "$PARLEY_ROOT/.build"
        rm -rf "$MAIL_VENV"
        "$python" -m venv "$MAIL_VENV" || die "python3 -m venv failed (is python3-venv installed?)"
        [ -z "${PIP_CERT:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ] && export PIP_CERT=/etc/ssl/certs/ca-certificates.crt
        # shellcheck disable=SC2086
        "$MAIL_VENV/bin/pip" install --quiet --disable-pip-version-check $MAIL_REQUIREMENTS \
            || die "pip install of aiosmtpd failed"
        echo "$MAIL_REQUIREMENTS" >"$stamp"
    fi
    PARLEY_MAIL_PYTHON="$MAIL_VENV/bin/python"
    export PARLEY_MAIL_PYTHON
}
