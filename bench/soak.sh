#!/bin/sh
# bench/soak.sh — `guichet serve` held at 256 connections for a long time
# (make soak; not part of make test).  Prints, each minute: answers/s,
# errors (socket errors and non-2xx), p50 and p99 latency, the server's
# resident memory (VmRSS: it should stay flat) and the exchanges dropped.
#
# usage: bench/soak.sh path/to/guichet
#   SOAK_SECONDS     total length (default 600: 10 minutes)
#   SOAK_CONNS       connections (default 256)
#   SOAK_STEP        seconds per printed line (default 60)
#
# Data: the shared evaluation corpus (spf/) when present, else the demo
# town (demo/) and its questions, so that it runs anywhere.  Everything goes
# to bench/results/soak-* (git-ignored); the server is stopped at the end.
set -u
bin=${1:?usage: bench/soak.sh path/to/guichet}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
total=${SOAK_SECONDS:-600}
conns=${SOAK_CONNS:-256}
step=${SOAK_STEP:-60}
res=$root/bench/results
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM
command -v wrk >/dev/null 2>&1 || { echo "soak: wrk not installed (make deps)"; exit 1; }
mkdir -p "$res"
db=$res/soak.db
rm -f "$db" "$db"-* "$res"/soak-exchanges.db*
data=""
for d in /work/shared/data "$root/../shared/data"; do
    [ -f "$d/spf/fiches.jsonl" ] && { data=$d; break; }
done
if [ -n "$data" ]; then
    "$bin" import --quiet --db "$db" --jsonl "$data/spf/fiches.jsonl" || exit 1
    python3 "$here/questions.py" "$data/spf/dev-questions.jsonl" "$res/soak-questions.lua" >/dev/null
    what="spf"
else
    "$bin" import --quiet --db "$db" "$root/demo/" || exit 1
    cat "$root"/tests/data/demo-questions-*.jsonl >"$res/soak-questions.jsonl"
    python3 "$here/questions.py" "$res/soak-questions.jsonl" "$res/soak-questions.lua" >/dev/null
    what="demo"
fi
: >"$res/soak-server.out"
"$bin" serve --db "$db" --listen 127.0.0.1:0 --rate-limit 0 \
    --max-connections-per-address $((conns * 2)) >"$res/soak-server.out" 2>"$res/soak-server.log" &
pid=$!
url=""
i=0
while [ -z "$url" ] && [ "$i" -lt 600 ]; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$res/soak-server.out")
    sleep 0.1
    i=$((i + 1))
done
[ -n "$url" ] || { echo "soak: the server did not start (bench/results/soak-server.log)"; exit 1; }
echo "soak: $("$bin" --version), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), data $what," \
     "$conns connections, ${total}s in steps of ${step}s"
to_ms() {
    echo "$1" | awk '{ v = $1 + 0
        if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /s$/) v *= 1000
        printf "%.1f", v }'
}
t=0
n=1
while [ "$t" -lt "$total" ]; do
    out=$res/soak-wrk-$n.txt
    wrk -t2 -c"$conns" -d"${step}s" --latency -s "$here/ask.lua" "$url" -- \
        "$res/soak-questions.lua" >"$out" 2>&1
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    serr=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\)/\1 \2 \3 \4/p' "$out" |
        awk '{ print $1 + $2 + $3 + $4 }')
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
    dropped=$(python3 -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=10))["exchanges"]["dropped"])' "$url" 2>/dev/null)
    t=$((t + step))
    printf 'soak %4ds: %6s answers/s, errors %s, p50 %s ms, p99 %s ms, RSS %s MiB, dropped %s\n' \
        "$t" "${rps:-?}" "$(( ${non2xx:-0} + ${serr:-0} ))" "$p50" "$p99" "${rss:-?}" "${dropped:-?}"
    n=$((n + 1))
done
kill -TERM "$pid"
wait "$pid"
pid=""
tail -n 1 "$res/soak-server.log"
