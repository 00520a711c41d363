# lib.sh — what every end-to-end script shares.  Source it after `set -u`
# with $1 the guichet binary and E2E_NAME naming the temporary folder:
#   E2E_NAME=api . "$(dirname "$0")/lib.sh"
# Gives: $bin (absolute), $here (tests/e2e), $root (the repository), $tmp (a
# fresh folder removed at exit), $pids (background processes killed at exit:
# add yours), ok/ko/check to count checks, finish to print the closing
# 'N passed, M failed' line and exit, show FILE [LINES] to quote a log,
# sql DB QUERY to print the first column of a query's first row.
bin=${1:?usage: $0 path/to/guichet}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guichet-${E2E_NAME:-e2e}.XXXXXX")
pids=""
pass=0
fail=0

cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
show() { sed 's/^/  /' "$1" | tail -n "${2:-20}"; }
# sqlite3's shell when installed, else Python's sqlite3 module.
sql() {
    sqlite3 "$1" "$2" 2>/dev/null ||
        python3 -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$1" "$2"
}

# serve NAME SERVE-OPTIONS...: start `guichet serve` on a free loopback port,
# output in $tmp/NAME.out and $tmp/NAME.log; sets $url and $pid (killed at
# exit).  Returns 1 when the server is not listening within 30 s (the
# pipeline builds its index first).
serve() {
    name=$1; shift
    : >"$tmp/$name.out"            # both exist before the background shell opens them
    : >"$tmp/$name.log"
    "$bin" serve --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
    pid=$!
    pids="$pids $pid"
    url=""
    i=0
    while [ "$i" -lt 300 ]; do
        url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$tmp/$name.out" "$tmp/$name.log" | head -n 1)
        [ -n "$url" ] && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
