#!/usr/bin/env bash
# The one command that runs Quanze's whole test suite, on a fresh machine or a warm one.
#
#   bash scripts/test.sh
#
# 1. installs what is missing (Debian: postgresql chromium chromium-driver fonts-noto-cjk; venv .venv-e2e
#    with selenium); quick no-op when everything is already there
# 2. starts a throwaway PostgreSQL cluster in .pgdata on 127.0.0.1:5433 (stopped on exit) and exports
#    TEST_POSTGRES_URL, so the persistence/app tests run on SQLite and PostgreSQL
# 3. steps, each counted in the summary:
#      swift tests    swift build --build-tests && swift test
#      browser check  the demo server on a temp SQLite file + scripts/browser_check.py (phone and desktop widths)
#      format lint    swift format lint --strict -r Sources Tests
#
# With CI set (as .ci/run does) nothing may be skipped: a missing prerequisite fails the step that needs it.
# Without CI, a step whose prerequisites cannot be had is reported as skipped, and TEST_STEPS (a space- or
# comma-separated subset of "swift browser lint") runs only some steps.
# The last line printed is "N passed, N failed" (", N skipped" added when something was skipped);
# the exit status is non-zero when any step failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive
[[ ":$PATH:" == *":/opt/swift/usr/bin:"* ]] || export PATH="$PATH:/opt/swift/usr/bin"

IN_CI=0
[[ -n "${CI:-}" ]] && IN_CI=1
APT_OK=1 # 0: an apt-get install that was needed failed

PG_PORT=5433
PG_DATA=$ROOT/.pgdata
PG_BIN=""
PG_STARTED=0
PG_AS_POSTGRES=0 # 1: run the PostgreSQL binaries through `su postgres` (we are root)
VENV=$ROOT/.venv-e2e
SERVER_PORT=18080
SERVER_PIDFILE=""
WORK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/quanze-test.XXXXXX")

# ---------------------------------------------------------------------------------------------------------------
# output helpers and step bookkeeping

section() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

STEP_NAMES=()
STEP_STATUS=()
STEP_NOTES=()
STEP_SECS=()
record() { # name status note seconds
    STEP_NAMES+=("$1")
    STEP_STATUS+=("$2")
    STEP_NOTES+=("$3")
    STEP_SECS+=("$4")
}

# A prerequisite is missing: a failure under CI, a skip otherwise.
missing() { # name reason seconds
    local reason=$2
    ((APT_OK)) || reason+=" (installing Debian packages failed)"
    set -- "$1" "$reason" "$3"
    if ((IN_CI)); then
        record "$1" FAIL "prerequisite missing: $2" "$3"
    else
        warn "skipping $1: $2 (this would fail under CI)"
        record "$1" SKIP "$2" "$3"
    fi
}

want_step() { # step-id
    ((IN_CI)) && return 0
    local steps=" ${TEST_STEPS-swift browser lint} "
    steps=${steps//,/ }
    [[ "$steps" == *" $1 "* ]]
}

# ---------------------------------------------------------------------------------------------------------------
# cleanup (also the EXIT trap; quiet, idempotent)

pg_ctl_run() { # args… (run pg_ctl/initdb as the right user)
    local cmd=$1
    shift
    if ((PG_AS_POSTGRES)); then
        local q
        q=$(printf '%q ' "$PG_BIN/$cmd" "$@")
        su postgres -s /bin/sh -c "$q"
    else
        "$PG_BIN/$cmd" "$@"
    fi
}

stop_server() {
    [[ -n "$SERVER_PIDFILE" && -f "$SERVER_PIDFILE" ]] || return 0
    local pid
    pid=$(cat "$SERVER_PIDFILE")
    rm -f "$SERVER_PIDFILE"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_postgres() {
    ((PG_STARTED)) || return 0
    PG_STARTED=0
    pg_ctl_run pg_ctl -D "$PG_DATA" -m fast -w -t 30 stop || pg_ctl_run pg_ctl -D "$PG_DATA" -m immediate -w stop || true
}

cleanup() {
    stop_server >/dev/null 2>&1 || true
    stop_postgres >/dev/null 2>&1 || true
    [[ -n "$WORK_TMP" ]] && rm -rf "$WORK_TMP"
    WORK_TMP=""
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
# 1. prerequisites

deb_installed() { [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]; }

install_debian_packages() {
    local wanted=(postgresql chromium chromium-driver fonts-noto-cjk) missing_pkgs=() p
    command -v curl >/dev/null || wanted+=(curl)
    for p in "${wanted[@]}"; do
        deb_installed "$p" || missing_pkgs+=("$p")
    done
    if ((${#missing_pkgs[@]} == 0)); then
        note "Debian packages present: ${wanted[*]}"
        return 0
    fi
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
        else
            warn "not root and no password-less sudo: cannot install ${missing_pkgs[*]}"
            APT_OK=0
            return 0
        fi
    fi
    note "installing: ${missing_pkgs[*]}"
    # the lock timeout lets a concurrent apt/dpkg run finish instead of failing at once
    if ! "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q; then
        warn "apt-get update failed"
    fi
    if ! "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing_pkgs[@]}"; then
        warn "apt-get install ${missing_pkgs[*]} failed"
        APT_OK=0
    fi
}

VENV_OK=0
setup_venv() {
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
        note "venv $VENV has selenium $("$VENV/bin/python" -c 'import selenium; print(selenium.__version__)')"
        VENV_OK=1
        return 0
    fi
    if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'pass' 2>/dev/null && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }; then
        rm -rf "$VENV"
        local py
        py=$(command -v python3 || echo /usr/bin/python3)
        if ! "$py" -m venv "$VENV"; then
            rm -rf "$VENV"
            # Debian's own python3 needs python3-venv for `-m venv`
            if ((EUID == 0)) && ! deb_installed python3-venv; then
                apt-get -o DPkg::Lock::Timeout=600 install -y -q python3-venv \
                    || { apt-get -o DPkg::Lock::Timeout=600 update -q && apt-get -o DPkg::Lock::Timeout=600 install -y -q python3-venv; } || true
            fi
            /usr/bin/python3 -m venv "$VENV" || { rm -rf "$VENV"; warn "cannot create $VENV"; return 0; }
        fi
    fi
    note "pip install selenium into $VENV"
    if "$VENV/bin/python" -m pip install -q --disable-pip-version-check 'selenium>=4.10,<5' \
        && "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
        VENV_OK=1
    else
        warn "pip install selenium failed"
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# 2. PostgreSQL

PG_OK=0
PG_REASON=""
find_pg_bin() {
    if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
        PG_BIN=/usr/lib/postgresql/15/bin
    else
        local d
        d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        [[ -n "$d" && -x "$d/initdb" ]] && PG_BIN=$d
    fi
    [[ -n "$PG_BIN" ]]
}

# stop whatever an earlier (killed) run left behind: our own cluster, or a postgres still holding the port
kill_stale_postgres() {
    if [[ -f "$PG_DATA/postmaster.pid" ]]; then
        local pid
        pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
        if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            note "stopping stale PostgreSQL (pid $pid) in $PG_DATA"
            pg_ctl_run pg_ctl -D "$PG_DATA" -m immediate -w -t 20 stop >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    local pids="" i
    if command -v ss >/dev/null; then
        pids=$(ss -Hltnp "sport = :$PG_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)
    fi
    for i in $pids; do
        if [[ "$(cat "/proc/$i/comm" 2>/dev/null)" == postgres* ]]; then
            note "stopping stale postgres (pid $i) listening on port $PG_PORT"
            kill -INT "$i" 2>/dev/null || true # postmaster: immediate shutdown
        fi
    done
    for ((i = 0; i < 100; i++)); do
        { [[ -n "$pids" ]] && ss -Hltn "sport = :$PG_PORT" 2>/dev/null | grep -q .; } || break
        sleep 0.1
    done
}

start_postgres() {
    if ! find_pg_bin; then
        PG_REASON="PostgreSQL server binaries (initdb) not found"
        return 0
    fi
    if ((EUID == 0)); then
        if ! id postgres >/dev/null 2>&1; then
            PG_REASON="no 'postgres' user to run the server as"
            return 0
        fi
        PG_AS_POSTGRES=1
        # initdb refuses root; the postgres user must reach the data directory
        if ! su postgres -s /bin/sh -c "test -x $(printf '%q' "$ROOT")" 2>/dev/null; then
            PG_DATA=$WORK_TMP/pgdata
            note "user postgres cannot reach $ROOT; using $PG_DATA instead of .pgdata"
        fi
    fi
    kill_stale_postgres
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    ((PG_AS_POSTGRES)) && chown postgres:postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    if ! pg_ctl_run initdb -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$WORK_TMP/initdb.log" 2>&1; then
        cat "$WORK_TMP/initdb.log" >&2
        PG_REASON="initdb failed"
        return 0
    fi
    local sockdir=/tmp
    if ! pg_ctl_run pg_ctl -D "$PG_DATA" -l "$PG_DATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sockdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        -w -t 60 start >/dev/null; then
        tail -n 30 "$PG_DATA/server.log" >&2 || true
        PG_REASON="PostgreSQL did not start on 127.0.0.1:$PG_PORT"
        return 0
    fi
    PG_STARTED=1
    local one
    one=$("$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc 'select 1' 2>&1 || true)
    if [[ "$one" != 1 ]]; then
        PG_REASON="PostgreSQL started but 'select 1' failed: $one"
        return 0
    fi
    export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
    note "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') up on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    note "TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
    PG_OK=1
}

# ---------------------------------------------------------------------------------------------------------------
# 3. steps

have_swift() { command -v swift >/dev/null; }

step_swift_tests() {
    local name="swift tests" t0=$SECONDS
    section "$name: swift build --build-tests && swift test"
    if ! have_swift; then
        missing "$name" "swift not found (expected /opt/swift/usr/bin)" 0
        return
    fi
    if ((!PG_OK)); then
        if ((IN_CI)); then
            warn "PostgreSQL unavailable ($PG_REASON): running the tests on SQLite only, and failing the step"
        else
            warn "PostgreSQL unavailable ($PG_REASON): the tests run on SQLite only"
        fi
        unset TEST_POSTGRES_URL
    fi
    if ! swift build --build-tests; then
        record "$name" FAIL "swift build --build-tests failed" $((SECONDS - t0))
        return
    fi
    if ! swift test; then
        record "$name" FAIL "swift test failed" $((SECONDS - t0))
        return
    fi
    if ((!PG_OK)); then
        if ((IN_CI)); then
            record "$name" FAIL "passed on SQLite, but PostgreSQL was unavailable: $PG_REASON" $((SECONDS - t0))
        else
            record "$name" PASS "SQLite only (PostgreSQL unavailable: $PG_REASON)" $((SECONDS - t0))
        fi
        return
    fi
    record "$name" PASS "SQLite + PostgreSQL" $((SECONDS - t0))
}

http_status() { # url -> prints the status code (000 when nothing answers)
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

step_browser_check() {
    local name="browser check" t0=$SECONDS
    section "$name: demo server on 127.0.0.1:$SERVER_PORT + scripts/browser_check.py"
    local why=()
    have_swift || why+=("swift not found")
    [[ -x /usr/bin/chromium ]] || why+=("/usr/bin/chromium missing")
    [[ -x /usr/bin/chromedriver ]] || why+=("/usr/bin/chromedriver missing")
    ((VENV_OK)) || why+=("$VENV with selenium missing")
    command -v curl >/dev/null || why+=("curl missing")
    if ((${#why[@]})); then
        missing "$name" "$(IFS=';'; echo "${why[*]}")" 0
        return
    fi
    if ! swift build --product quanze; then
        record "$name" FAIL "swift build --product quanze failed" $((SECONDS - t0))
        return
    fi
    local code
    code=$(http_status "http://127.0.0.1:$SERVER_PORT/healthz")
    if [[ "$code" != 000 ]]; then
        record "$name" FAIL "port $SERVER_PORT already answers (HTTP $code): a stale server is running" $((SECONDS - t0))
        return
    fi
    mkdir -p "$ROOT/artifacts"
    local log=$ROOT/artifacts/server.log
    SERVER_PIDFILE=$WORK_TMP/server.pid
    DATABASE_URL="sqlite://$WORK_TMP/demo.sqlite" PORT=$SERVER_PORT .build/debug/quanze serve --demo >"$log" 2>&1 &
    echo $! >"$SERVER_PIDFILE"
    local pid deadline=$((SECONDS + 120))
    pid=$(cat "$SERVER_PIDFILE")
    note "server pid $pid, log $log"
    code=000
    while ((SECONDS < deadline)); do
        code=$(http_status "http://127.0.0.1:$SERVER_PORT/healthz")
        [[ "$code" == 200 ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    if [[ "$code" != 200 ]]; then
        local reason="/healthz did not answer 200 within 120 s (last: $code)"
        kill -0 "$pid" 2>/dev/null || reason="the server exited before /healthz answered 200"
        echo "--- last lines of $log:" >&2
        tail -n 40 "$log" >&2 || true
        stop_server
        record "$name" FAIL "$reason" $((SECONDS - t0))
        return
    fi
    note "/healthz answered 200 after $((SECONDS - t0)) s"
    local rc=0
    "$VENV/bin/python" scripts/browser_check.py "http://127.0.0.1:$SERVER_PORT" || rc=$?
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "--- the server died during the check; last lines of $log:" >&2
        tail -n 40 "$log" >&2 || true
        ((rc)) || rc=1
    fi
    stop_server
    if ((rc == 0)); then
        record "$name" PASS "screenshots in artifacts/screens/" $((SECONDS - t0))
    else
        record "$name" FAIL "browser_check.py exited $rc (see above; server log artifacts/server.log)" $((SECONDS - t0))
    fi
}

step_format_lint() {
    local name="format lint" t0=$SECONDS
    section "$name: swift format lint --strict -r Sources Tests"
    if ! have_swift; then
        missing "$name" "swift not found" 0
        return
    fi
    local dirs=() d
    for d in Sources Tests; do
        [[ -d "$d" ]] && dirs+=("$d")
    done
    if ((${#dirs[@]} == 0)); then
        record "$name" FAIL "neither Sources nor Tests exists" 0
        return
    fi
    if swift format lint --strict -r "${dirs[@]}"; then
        record "$name" PASS "" $((SECONDS - t0))
    else
        record "$name" FAIL "findings above (fix with: make format)" $((SECONDS - t0))
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# main

T_START=$SECONDS
if ((IN_CI)); then
    note "CI=$CI: every step runs; a missing prerequisite is a failure"
    [[ -n "${TEST_STEPS:-}" ]] && note "TEST_STEPS is ignored under CI"
fi

section "prerequisites"
install_debian_packages
if want_step browser; then setup_venv; fi

section "PostgreSQL (throwaway cluster on 127.0.0.1:$PG_PORT)"
if want_step swift; then
    start_postgres
    ((PG_OK)) || warn "PostgreSQL: $PG_REASON"
else
    note "not needed (swift tests not selected)"
fi

want_step swift && step_swift_tests
want_step browser && step_browser_check
want_step lint && step_format_lint

cleanup

passed=0 failed=0 skipped=0
section "summary ($((SECONDS - T_START)) s)"
for i in "${!STEP_NAMES[@]}"; do
    case ${STEP_STATUS[$i]} in
    PASS) passed=$((passed + 1)) ;;
    FAIL) failed=$((failed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
    esac
    printf '    %-4s  %-14s %5ss  %s\n' "${STEP_STATUS[$i]}" "${STEP_NAMES[$i]}" "${STEP_SECS[$i]}" "${STEP_NOTES[$i]}"
done
if ((skipped)); then
    echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
    echo "${passed} passed, ${failed} failed"
fi
((failed == 0))
