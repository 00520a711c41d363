#!/bin/sh
# t_api.sh — the JSON API end to end, over loopback.
#
# usage: t_api.sh path/to/guichet
#
# Imports tests/data/e2e-pages/ (four validated pages, one draft) into a
# temporary database, starts `guichet serve` on a free loopback port (port 0:
# the kernel picks, the log line "listening on ..." tells), waits until
# /api/v1/health answers, and runs the HTTP checks of api_checks.py (python3
# standard library); then the checks only the shell can do: access log
# content, port already taken, missing database, graceful stop on SIGTERM;
# then a second server with --rate-limit 5.  One line per check, then
# "N passed, M failed"; exit status 1 on any failure.
set -u
E2E_NAME=api . "$(dirname "$0")/lib.sh"

# start_server NAME SERVE-OPTIONS...: sets $url and $pid, or returns 1.
start_server() {
    n=$1; shift
    serve "$n" --db "$tmp/t.db" "$@" || return 1
    python3 - "$url" <<'EOF'
import sys, time, urllib.request
for _ in range(100):
    try:
        with urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=2) as r:
            sys.exit(0 if r.status == 200 else 1)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF
}

# run_checks MODE URL: run api_checks.py and count its lines.
run_checks() {
    python3 "$here/api_checks.py" "$1" "$2" >"$tmp/checks-$1.txt" 2>&1
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "FAIL - "*) ko "${line#FAIL - }" ;;
        *) echo "  $line" ;;
        esac
    done <"$tmp/checks-$1.txt"
}


command -v python3 >/dev/null 2>&1 || { ko "python3 is needed for the HTTP checks"; finish; }

# --- import -------------------------------------------------------------
if "$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1; then
    ok "import of tests/data/e2e-pages/"
else
    ko "import of tests/data/e2e-pages/ (see below)"
    sed 's/^/  /' "$tmp/import.log"
    finish
fi

# --- the main server (no rate limit: this run asks ~100 questions) ------
if start_server main --rate-limit 0 --threads 2 --widget-origins https://www.villebrune.example; then
    ok "serve starts on a free loopback port and /api/v1/health answers ($url)"
else
    ko "serve starts and /api/v1/health answers"
    sed 's/^/  /' "$tmp/main.log"
    finish
fi
main_pid=$pid
main_url=$url
run_checks main "$main_url"

# --- what only the shell sees --------------------------------------------
port=${main_url##*:}
"$bin" serve --db "$tmp/t.db" --listen "127.0.0.1:$port" >/dev/null 2>"$tmp/taken.log" &
taken_pid=$!
pids="$pids $taken_pid"
wait "$taken_pid"
rc=$?
check "a second server on the same port exits 1 with a clear message (got $rc)" \
    sh -c '[ "$1" -eq 1 ] && grep -q "already in use" "$2"' sh "$rc" "$tmp/taken.log"

"$bin" serve --db "$tmp/missing.db" --listen 127.0.0.1:0 >/dev/null 2>"$tmp/missing.log" &
missing_pid=$!
pids="$pids $missing_pid"
wait "$missing_pid"
rc=$?
check "a missing database exits 1 with a clear message (got $rc)" \
    sh -c '[ "$1" -eq 1 ] && grep -q "not found" "$2"' sh "$rc" "$tmp/missing.log"

kill -TERM "$main_pid"
wait "$main_pid"
rc=$?
check "SIGTERM stops the server cleanly (exit $rc)" \
    sh -c '[ "$1" -eq 0 ] && grep -q "stopped" "$2"' sh "$rc" "$tmp/main.log"

# The access log is buffered (flushed every second and at exit): read it now.
check "access log has one line per request (method, path, status)" \
    grep -q 'http POST /api/v1/ask 200' "$tmp/main.log"
# "ramassage" and "Australie" only ever appear in question texts.
check "access log never contains question text" \
    sh -c '! grep -qi -e ramassage -e australie "$1"' sh "$tmp/main.log"

# --- rate limit -----------------------------------------------------------
if start_server limited --rate-limit 5; then
    ok "serve --rate-limit 5 starts"
    run_checks limited "$url"
else
    ko "serve --rate-limit 5 starts"
    sed 's/^/  /' "$tmp/limited.log"
fi

finish
