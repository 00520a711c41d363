#!/bin/sh
# t_systemd.sh — what `guichet serve` tells systemd and the journal, without
# systemd: a datagram socket stands in for NOTIFY_SOCKET (notify_listen.py),
# JOURNAL_STREAM names the file stderr goes to, as systemd would name the
# journal's stream.  Checks READY=1 once listening, WATCHDOG=1 pings while
# the server answers (WATCHDOG_USEC=2 s: a ping a second), priority prefixes
# and no "guichet:" on the journal's lines, SIGHUP survived (RELOADING=1 then
# READY=1, and still answering), STOPPING=1 and exit 0 on SIGTERM.
set -u
E2E_NAME=systemd . "$(dirname "$0")/lib.sh"
"$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1 ||
    { ko "import"; show "$tmp/import.log"; finish; }
sock="$tmp/notify.sock"
python3 "$here/notify_listen.py" "$sock" "$tmp/notify.txt" 60 &
pids="$pids $!"
i=0; while [ ! -S "$sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
: >"$tmp/j.log"
js=$(stat -c '%d:%i' "$tmp/j.log")
NOTIFY_SOCKET=$sock WATCHDOG_USEC=2000000 JOURNAL_STREAM=$js \
    "$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 >"$tmp/j.out" 2>>"$tmp/j.log" &
spid=$!
pids="$pids $spid"
url=""
i=0
while [ $i -lt 300 ] && [ -z "$url" ] && kill -0 $spid 2>/dev/null; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$tmp/j.out" | head -n 1)
    sleep 0.1; i=$((i + 1))
done
[ -n "$url" ] && ok "serve starts ($url)" || { ko "serve starts"; show "$tmp/j.log"; finish; }
wait_for() {   # wait_for PATTERN FILE SECONDS
    n=0; while [ $n -lt $(($3 * 10)) ]; do grep -q "$1" "$2" && return 0; sleep 0.1; n=$((n + 1)); done
    return 1
}
check "READY=1 with a STATUS once listening" sh -c \
    'grep -q "^READY=1" "$1" && grep -q "^STATUS=serving [0-9]* pages on http://127.0.0.1" "$1"' \
    sh "$tmp/notify.txt"
wait_for "^WATCHDOG=1" "$tmp/notify.txt" 5
n1=$(grep -c "^WATCHDOG=1" "$tmp/notify.txt")
sleep 2.2
n2=$(grep -c "^WATCHDOG=1" "$tmp/notify.txt")
check "WATCHDOG=1 every half period while the health check answers ($n1, then $n2 2.2 s later)" \
    [ "$n1" -ge 1 -a "$n2" -ge $((n1 + 2)) ]
check "the watchdog's health check is an ordinary request (access log)" \
    grep -q "^<6>http GET /api/v1/health 200 " "$tmp/j.log"
kill -HUP $spid
wait_for "^RELOADING=1" "$tmp/notify.txt" 5
sleep 0.3
check "SIGHUP: RELOADING=1 (with MONOTONIC_USEC) then READY=1 again" sh -c \
    'grep -A3 "^RELOADING=1" "$1" | grep -q "^MONOTONIC_USEC=[0-9]" && [ "$(grep -c "^READY=1" "$1")" -ge 2 ]' \
    sh "$tmp/notify.txt"
check "SIGHUP survived: still running and answering" sh -c \
    'kill -0 "$1" && curl -fsS "$2/api/v1/health" | grep -q "\"status\":\"ok\""' sh "$spid" "$url"
kill -TERM $spid
wait $spid
rc=$?
check "SIGTERM: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "STOPPING=1 sent" grep -q "^STOPPING=1" "$tmp/notify.txt"
check "journal lines carry priorities: <6> info" grep -q "^<6>SIGHUP received" "$tmp/j.log"
check "no line of the journal repeats 'guichet:' or a time" sh -c \
    '! grep -v "^<[0-7]>" "$1" | grep -q . && ! grep -q "^<[0-7]>guichet:" "$1" && ! grep -Eq "^<[0-7]>[0-9]{4}-[0-9]{2}" "$1"' \
    sh "$tmp/j.log"
# JOURNAL_STREAM naming another stream (inherited from a parent) is ignored.
JOURNAL_STREAM=1:1 "$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --threads 1 >"$tmp/p.out" 2>"$tmp/p.log" &
ppid_=$!
pids="$pids $ppid_"
wait_for "listening on" "$tmp/p.out" 30
kill -TERM $ppid_; wait $ppid_
check "stderr that is not the journal: 'guichet: info:' lines" grep -q "^guichet: info: stopped" "$tmp/p.log"
finish
