#!/bin/sh
# t_faults.sh — `guichet serve` under hostile traffic and faults, over
# loopback (docs/security.md says what each costs).
#
# usage: t_faults.sh path/to/guichet
#
# The clients are tests/e2e/faults.py (Python standard library).  In order:
#   1. feedback tokens, hostile HTTP requests, a replayed Twilio request,
#      a second server on the same database, SIGHUP under load;
#   2. kill -9 under load: every acknowledged message_id is in the
#      exchanges file afterwards, with its own question and token, and no
#      id is given twice after the restart;
#   3. the content file's write lock held 7 s (as a long import would) and
#      then an import of 2,000 generated pages, both under load: no exchange
#      dropped, no 5xx; X-Forwarded-For believed from trusted proxies only;
#   4. a slow-header flood from 17 loopback addresses (127.0.1.x), a client
#      dribbling headers (the request deadline), then SIGTERM within 10 s;
#   5. the modes and owners of the files created.
# Bounded: about a minute and a half; leaves nothing running.
set -u
E2E_NAME=faults . "$(dirname "$0")/lib.sh"
token=e2e0123456789abcdef0123456789ab
public=https://guichet.villebrune.example
faults=$here/faults.py

command -v python3 >/dev/null 2>&1 || { ko "python3 is needed"; finish; }

# run_py WHAT ARGS...: faults.py, its ok/FAIL lines counted here.
run_py() {
    python3 "$faults" "$@" >"$tmp/py.txt" 2>&1
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "FAIL - "*) ko "${line#FAIL - }" ;;
        *) echo "  $line" ;;
        esac
    done <"$tmp/py.txt"
}

health() {
    python3 -c 'import json, sys, urllib.request
x = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=5))["exchanges"]
print(x[sys.argv[2]])' "$1" "$2" 2>/dev/null
}

# wait_gone PID SECONDS: true when PID has exited within SECONDS.
wait_gone() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        [ "$i" -ge "$(($2 * 10))" ] && return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 0
}

umask 022   # what the files' modes must not depend on
if "$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1; then
    ok "import of tests/data/e2e-pages/"
else
    ko "import"; show "$tmp/import.log"; finish
fi

# --- 1. one server: tokens, hostile requests, replay, second server, SIGHUP --
serve a --db "$tmp/t.db" --threads 2 --rate-limit 0 --twilio-token "$token" \
    --public-url "$public/" --kannel-secret "$token" || { ko "serve starts"; show "$tmp/a.log"; finish; }
a_pid=$pid
a_url=$url
run_py tokens "$a_url"
# SQLite's own files exist while it serves (a clean stop removes them).
for f in t.db-shm t-exchanges.db-wal t-exchanges.db-shm; do
    check "$f is created mode 600 under umask 022" \
        sh -c '[ -f "$1" ] && [ "$(stat -c %a "$1")" = 600 ]' sh "$tmp/$f"
done
run_py http "$a_url" "$tmp/a.log"
run_py twilio "$a_url" "$public" "$token" 25
run_py kannel "$a_url" "$token"

"$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 >"$tmp/second.out" 2>"$tmp/second.log" &
second=$!
pids="$pids $second"
if wait_gone "$second" 20; then
    wait "$second"; rc=$?
    check "a second server on the same database refuses to start, saying why (exit $rc)" \
        sh -c '[ "$1" -ne 0 ] && grep -q "another .guichet serve" "$2"' sh "$rc" "$tmp/second.log"
else
    kill "$second" 2>/dev/null
    ko "a second server on the same database refuses to start (it is serving)"
fi

: >"$tmp/hup.jsonl"
python3 "$faults" load "$a_url" 4 4 "$tmp/hup.jsonl" &
load=$!
pids="$pids $load"
sleep 1
kill -HUP "$a_pid"
sleep 0.5
kill -HUP "$a_pid"
wait "$load"
check "SIGHUP under load: the server is still serving" kill -0 "$a_pid"
check "SIGHUP under load: every request was answered (no error, no 5xx)" python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
bad = [x for x in r if x.get("status") != 200]
print("  %d requests, %d not answered 200" % (len(r), len(bad)))
sys.exit(1 if bad or not r else 0)' "$tmp/hup.jsonl"
check "SIGHUP is logged as a reload request" grep -q "SIGHUP received: reloading" "$tmp/a.log"

# --- 2. kill -9 under load ---------------------------------------------------
: >"$tmp/k9.jsonl"
python3 "$faults" load "$a_url" 5 8 "$tmp/k9.jsonl" &
load=$!
pids="$pids $load"
sleep 2.5
kill -9 "$a_pid"
wait "$load"
wait "$a_pid" 2>/dev/null
serve a2 --db "$tmp/t.db" --threads 2 --rate-limit 0 || { ko "restart after kill -9"; show "$tmp/a2.log"; finish; }
a2_pid=$pid
maxid=$(python3 -c 'import json, sys
print(max([json.loads(l).get("id") or 0 for l in open(sys.argv[1])] + [0]))' "$tmp/k9.jsonl")
run_py verify "$tmp/t-exchanges.db,$tmp/t.db" "$tmp/k9.jsonl"
run_py feedback "$url" "$tmp/k9.jsonl" 50
: >"$tmp/k9b.jsonl"
python3 "$faults" load "$url" 1 2 "$tmp/k9b.jsonl"
run_py verify "$tmp/t-exchanges.db,$tmp/t.db" "$tmp/k9b.jsonl" "$maxid"
# A SIGHUP, then SIGTERM while the reload runs: no thread may take either.
kill -HUP "$a2_pid"
kill -TERM "$a2_pid"
wait_gone "$a2_pid" 10
wait "$a2_pid"
rc=$?
check "SIGHUP then SIGTERM at once: a clean stop (exit $rc)" [ "$rc" -eq 0 ]

# --- 3. content writes while serving ----------------------------------------
"$bin" import --db "$tmp/c.db" "$root/tests/data/e2e-pages/" >/dev/null 2>&1
serve c --db "$tmp/c.db" --threads 2 --rate-limit 0 || { ko "serve c"; show "$tmp/c.log"; finish; }
c_pid=$pid
: >"$tmp/lock.jsonl"
python3 "$faults" load "$url" 9 6 "$tmp/lock.jsonl" &
load=$!
pids="$pids $load"
sleep 0.5
python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")   # as a long import holds it
time.sleep(7)
db.execute("COMMIT")' "$tmp/c.db"
wait "$load"
check "the content file's write lock held 7 s: no exchange dropped (health: $(health "$url" dropped) dropped)" \
    test "$(health "$url" dropped)" = 0
run_py verify "$tmp/c-exchanges.db,$tmp/c.db" "$tmp/lock.jsonl"
check "... and no 5xx" python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(1 if [x for x in r if x.get("status", 0) >= 500 or "error" in x] else 0)' "$tmp/lock.jsonl"

python3 "$faults" corpus "$tmp/corpus.jsonl" 2000
: >"$tmp/imp.jsonl"
python3 "$faults" load "$url" 4 6 "$tmp/imp.jsonl" &
load=$!
pids="$pids $load"
sleep 0.5
t0=$(date +%s.%N)
if "$bin" import --db "$tmp/c.db" --jsonl "$tmp/corpus.jsonl" >"$tmp/imp.log" 2>&1; then
    ok "an import of 2,000 generated pages while serving ($(sed -n 's/.*pages in \([0-9.]* s\).*/\1/p' "$tmp/imp.log"))"
else
    ko "import while serving"; show "$tmp/imp.log"
fi
wait "$load"
check "import under load: no exchange dropped (health: $(health "$url" dropped) dropped)" \
    test "$(health "$url" dropped)" = 0
check "import under load: no 5xx, no error" python3 -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
bad = [x for x in r if x.get("status") != 200]
print("  %d requests during the import, %d not answered 200" % (len(r), len(bad)))
sys.exit(1 if bad or not r else 0)' "$tmp/imp.jsonl"
kill -TERM "$c_pid"
wait_gone "$c_pid" 10

# Behind a reverse proxy: whose X-Forwarded-For is believed.
serve p --db "$tmp/c.db" --threads 2 --rate-limit 2 --trusted-proxies 127.0.0.1 ||
    { ko "serve with --trusted-proxies"; show "$tmp/p.log"; }
if [ -n "$url" ]; then
    run_py proxies "$url"
    kill -TERM "$pid"
    wait_gone "$pid" 10
fi

# --- 4. slow-header flood, request deadline, SIGTERM -------------------------
serve f --db "$tmp/c.db" --threads 2 --rate-limit 0 || { ko "serve f"; show "$tmp/f.log"; finish; }
f_pid=$pid
nofile=$(ulimit -n)
conns=4200
[ "$nofile" != unlimited ] && [ "$nofile" -lt 4400 ] && conns=$((nofile - 200))
python3 "$faults" deadline "$url" 15 >"$tmp/deadline.txt" 2>&1 &
dl=$!
pids="$pids $dl"
run_py flood "$url" 22 17 "$conns"
wait "$dl"
while IFS= read -r line; do
    case $line in "ok - "*) ok "${line#ok - }" ;; "FAIL - "*) ko "${line#FAIL - }" ;; esac
done <"$tmp/deadline.txt"
# A client that never reads, and one mid-request, while the server stops.
python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
time.sleep(30)' "${url##*:}" &
hang=$!
pids="$pids $hang"
sleep 0.5
t0=$(date +%s)
kill -TERM "$f_pid"
if wait_gone "$f_pid" 10; then
    ok "SIGTERM stops the server within 10 s ($(( $(date +%s) - t0 )) s) whatever the clients do"
else
    ko "SIGTERM stops the server within 10 s"
    kill -9 "$f_pid" 2>/dev/null
fi
kill "$hang" 2>/dev/null

# --- 5. files -------------------------------------------------------------------
for f in t.db t-exchanges.db t.db.feedback-key t.db.sms-key c-exchanges.db; do
    check "$f is created mode 600 under umask 022" \
        sh -c '[ -f "$1" ] && [ "$(stat -c %a "$1")" = 600 ]' sh "$tmp/$f"
done
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    "$bin" import --db "$tmp/o.db" "$root/tests/data/e2e-pages/" >/dev/null 2>&1
    chown nobody "$tmp/o.db"
    chmod 640 "$tmp/o.db"
    "$bin" import --db "$tmp/o.db" "$root/tests/data/e2e-pages/" >/dev/null 2>&1
    serve o --db "$tmp/o.db" --threads 1 && { kill -TERM "$pid"; wait_gone "$pid" 10; }
    check "a command run by root keeps the database's owner and mode" \
        sh -c '[ "$(stat -c %U:%a "$1")" = nobody:640 ]' sh "$tmp/o.db"
    check "... and gives the files it creates beside it the same owner" \
        sh -c 'for f in "$@"; do [ "$(stat -c %U "$f")" = nobody ] || exit 1; done' sh \
        "$tmp/o-exchanges.db" "$tmp/o.db.feedback-key"
else
    echo "  (not root: the owner checks are skipped)"
fi
finish
