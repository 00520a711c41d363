#!/bin/sh
# bench/run.sh — speed and memory of `guichet serve` on real data.  Prints
# numbers, never asserts (a slow run is a finding, not a failure).
#
# usage: bench/run.sh path/to/guichet        (make bench)
#   BENCH_SECONDS   length of each load run (default 30)
#
# Needs the shared evaluation data (spf/, piaf/ of /work/shared/data or of
# ../shared/data beside the repository); without it, says so and stops.
# Steps: import the service-public.fr fiches (timed), serve them, load
# POST /api/v1/ask with wrk (-t2 -c64, then -c256, questions of spf/dev-questions.jsonl in
# rotation, bench/ask.lua), report answers/s, p50/p99 and the server's peak
# RSS (VmHWM); then the same with the PIAF paragraphs imported into the same
# database.  The server runs as in production (access log on, into
# bench/results/) but without rate limit.  Everything it writes goes to
# bench/results/ (git-ignored).  Then the CPU and disk that recording one
# exchange costs (bench/recorder.c), the eval on both sets, alternate
# questions (bench/altq.py) and the opening-hours vectors.  bench/reload.sh:
# the live reload of SPF+PIAF.
#
# wrk and the server share the machine: on two cores, wrk's two threads take
# a good part of the CPU the server would otherwise have.
set -u
bin=${1:?usage: bench/run.sh path/to/guichet}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
secs=${BENCH_SECONDS:-30}
res=$root/bench/results
pid=""

cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

data=""
for d in /work/shared/data "$root/../shared/data"; do
    if [ -f "$d/spf/fiches.jsonl" ]; then
        data=$(cd "$d" && pwd)
        break
    fi
done
if [ -z "$data" ]; then
    echo "bench: shared data not found (/work/shared/data or ../shared/data): skipped"
    exit 0
fi
mkdir -p "$res"
cores=$(nproc 2>/dev/null || echo "?")
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "bench: $("$bin" --version), $cores cores, load average $load, data $data"

have_wrk=1
command -v wrk >/dev/null 2>&1 || { have_wrk=0; echo "bench: wrk not installed (make deps): load runs skipped"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# import_timed DB FILE LABEL
import_timed() {
    n=$(grep -c . "$2")
    t0=$(now)
    if "$bin" import --db "$1" --jsonl "$2" >>"$res/import-$(basename "$1" .db).log" 2>&1; then
        t1=$(now)
        echo "import: $n $3 in $(elapsed "$t0" "$t1") s"
        return 0
    fi
    echo "import: $3 FAILED (see bench/results/import-$(basename "$1" .db).log)"
    return 1
}

# rss PID: peak resident memory so far, in MiB
rss() { awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

# start DB NAME: start the server, set $pid and $url
start() {
    : >"$res/server-$2.out"
    "$bin" serve --db "$1" --listen 127.0.0.1:0 --rate-limit 0 --max-connections-per-address 1024 \
        >"$res/server-$2.out" 2>"$res/server-$2.log" &
    pid=$!
    url=""
    i=0
    while [ "$i" -lt 1200 ]; do          # building the index may take a while
        url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$res/server-$2.out" | head -n 1)
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    if [ -z "$url" ]; then
        echo "server ($2): did not start (see bench/results/server-$2.log)"
        pid=""
        return 1
    fi
    health=$(python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=10).read().decode())' \
        "$url" 2>/dev/null)
    echo "server ($2): $(sed -n 's|.*listening on [^ ]* (\(.*\))|\1|p' "$res/server-$2.out"); health $health"
    echo "peak RSS ($2) after start: $(rss "$pid")"
}

stop() {
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=""
}

# to_ms VALUE: wrk's "850.00us" / "1.20ms" / "2.01s" in milliseconds
to_ms() {
    echo "$1" | awk '{ v = $1 + 0
        if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /s$/) v *= 1000
        printf "%.2f", v }'
}

# load NAME [CONNS]: wrk against $url (64 connections by default), then
# print the numbers
load() {
    [ "$have_wrk" -eq 1 ] || return 0
    out="$res/wrk-$1.txt"
    wrk -t2 -c"${2:-64}" -d"${secs}s" --latency -s "$here/ask.lua" "$url" -- "$res/questions.lua" \
        >"$out" 2>&1
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    total=$(awk '/requests in/ { print $1 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    errs=$(sed -n 's/^ *Socket errors: //p' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    if [ -z "$rps" ]; then
        echo "ask ($1): wrk failed (see bench/results/wrk-$1.txt)"
        return 0
    fi
    answers=$(awk -v r="$rps" -v t="${total:-0}" -v n="${non2xx:-0}" \
        'BEGIN { printf "%.0f", (t > 0 ? r * (t - n) / t : r) }')
    echo "ask ($1, ${2:-64} connections): $answers answers/s, p50 $(to_ms "$p50") ms, p99 $(to_ms "$p99") ms" \
         "($total requests in ${secs} s, non-2xx ${non2xx:-0}, socket errors: ${errs:-none})"
    echo "peak RSS ($1) after load: $(rss "$pid")"
    # Exchanges recorded by the writer meanwhile (dropped: its queue was full).
    python3 -c 'import json, sys, urllib.request
x = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=10))["exchanges"]
print("exchanges (%s): %d recorded, %d written, %d dropped" % (sys.argv[2], x["recorded"], x["written"], x["dropped"]))' \
        "$url" "$1" 2>/dev/null
}

n=$(python3 "$here/questions.py" "$data/spf/dev-questions.jsonl" "$res/questions.lua") ||
    { echo "bench: could not read the questions"; exit 0; }
echo "load: wrk -t2 -c64 -d${secs}s, $n questions of spf/dev-questions.jsonl in rotation"

rm -f "$res/spf.db" "$res/spf.db-wal" "$res/spf.db-shm" \
      "$res/spf-piaf.db" "$res/spf-piaf.db-wal" "$res/spf-piaf.db-shm" "$res"/import-*.log

# 1. SPF alone
if import_timed "$res/spf.db" "$data/spf/fiches.jsonl" "pages"; then
    if start "$res/spf.db" SPF; then
        load SPF
        # Fairness: 256 keep-alive connections on the same cores (the
        # issue 16 target: p99 within a small multiple of the mean).
        load SPF-256 256
        stop
    fi
fi

# 2. SPF + PIAF in one database
if [ -f "$data/piaf/paragraphs.jsonl" ] &&
   import_timed "$res/spf-piaf.db" "$data/spf/fiches.jsonl" "pages (SPF)" &&
   import_timed "$res/spf-piaf.db" "$data/piaf/paragraphs.jsonl" "paragraphs (PIAF, same database)"; then
    if start "$res/spf-piaf.db" SPF+PIAF; then
        load SPF+PIAF
        stop
    fi
fi

# Live reload of SPF+PIAF under load: latencies during the swaps, import
# commit to content served, peak RSS with two generations (bench/reload.sh).
sh "$here/reload.sh" "$bin"

# What recording one exchange costs, alone (bench/recorder.c, built by
# make bench beside the binary).
rec=$(dirname "$bin")/bench/recorder
if [ -x "$rec" ]; then
    "$rec" 200000 "$res/recorder.db" 430   # the replies of the SPF questions, in turn
    "$rec" 200000 "$res/recorder.db" 0     # every reply new: the costliest
fi

# Retrieval and answer quality on the same data (no load: one process).
for set in spf:fiches.jsonl piaf:paragraphs.jsonl; do
    name=${set%%:*}; file=${set#*:}
    "$bin" import --quiet --db "$res/eval-$name.db" "$data/$name/$file" 2>/dev/null
    printf 'eval (%s): ' "$name"
    "$bin" eval --json --db "$res/eval-$name.db" "$data/$name/dev-questions.jsonl"
done

# Alternate questions of pages (the back office's questions loop): PIAF and
# SPF with half of the questions attached (bench/altq.py, docs/search.md).
python3 "$here/altq.py" "$bin" "$data"

# Opening hours: conformance on the shared vectors and French reading rate.
GUICHET_SHARED_DATA="$data" sh "$here/hours.sh" "$bin" | tail -6
exit 0
