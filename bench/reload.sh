#!/bin/sh
# bench/reload.sh — live reload of the SPF+PIAF corpus under load
# (docs/content.md, "Served at once").  Prints numbers, never asserts.
#
# usage: bench/reload.sh path/to/guichet     (called by bench/run.sh, or alone)
#   RELOAD_SECONDS   length of each load run (default 20)
#
# With the shared data (spf/ and piaf/ of /work/shared/data or ../shared/data):
#   1. imports both corpora into bench/results/reload.db and starts the server;
#   2. latency at a light steady load (wrk -t2 -c4: what one request costs, not
#      the queue of 64 connections bench/run.sh measures), RELOAD_SECONDS;
#   3. the same load while the content is reloaded every 4 s (SIGHUP: a full
#      rebuild of the index beside the one served, then the swap): p50, p99,
#      max, and the requests over 50 ms;
#   4. time from an import's commit (a one-page corpus added) to the new
#      content version being served (/api/v1/health), three times;
#   5. the server's peak RSS (VmHWM) after start, after the steady load and
#      after the reloads: two generations exist for the time of a build.
set -u
bin=${1:?usage: bench/reload.sh path/to/guichet}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
secs=${RELOAD_SECONDS:-20}
res=$root/bench/results
pid=""
hup=""
cleanup() {
    [ -n "$hup" ] && kill "$hup" 2>/dev/null && wait "$hup" 2>/dev/null
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

data=""
for d in /work/shared/data "$root/../shared/data"; do
    [ -f "$d/spf/fiches.jsonl" ] && [ -f "$d/piaf/paragraphs.jsonl" ] && { data=$(cd "$d" && pwd); break; }
done
[ -n "$data" ] || { echo "reload: shared data not found: skipped"; exit 0; }
command -v wrk >/dev/null 2>&1 || { echo "reload: wrk not installed (make deps): skipped"; exit 0; }
mkdir -p "$res"
db=$res/reload.db
xdb=$res/reload-exchanges.db   # the exchanges, in their own file beside it
rm -f "$db" "$db-wal" "$db-shm" "$xdb" "$xdb-wal" "$xdb-shm" "$res/reload-extra.jsonl"
"$bin" import --quiet --db "$db" --jsonl "$data/spf/fiches.jsonl" &&
    "$bin" import --quiet --db "$db" --jsonl "$data/piaf/paragraphs.jsonl" ||
    { echo "reload: import failed"; exit 0; }
[ -f "$res/questions.lua" ] || python3 "$here/questions.py" "$data/spf/dev-questions.jsonl" \
    "$res/questions.lua" > /dev/null || { echo "reload: no questions"; exit 0; }

rss() { awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024 } /^VmRSS:/ { r = $2 } END { printf " (now %.1f MiB)", r / 1024 }' "/proc/$1/status"; }
health() {
    python3 -c 'import json, sys, urllib.request
c = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=10))["content"]
print(c["version"], c["reloads"])' "$1"
}

: > "$res/reload-server.out"
"$bin" serve --db "$db" --listen 127.0.0.1:0 --rate-limit 0 --log-level warn \
    > "$res/reload-server.out" 2> "$res/reload-server.log" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$res/reload-server.out" | head -n 1)
    sleep 0.1; i=$((i + 1))
done
[ -n "$url" ] || { echo "reload: the server did not start"; exit 0; }
echo "reload: SPF+PIAF served ($(sed -n 's|.*listening on [^ ]* (\(.*\))|\1|p' "$res/reload-server.out")); peak RSS after start: $(rss "$pid")"

# inner FROM NAME: the answers' own time (messages.elapsed_ms: the pipeline,
# without the HTTP queue) of the exchanges recorded after id FROM
maxid() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select coalesce(max(id), 0) from messages").fetchone()[0])' "$xdb"; }
inner() {
    sleep 2   # the writer records in batches
    python3 - "$xdb" "$1" "$2" <<'EOF'
import sqlite3, sys
v = sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute(
    "select elapsed_ms from messages where id > ?", (int(sys.argv[2]),)))
if v:
    print("  answers' own time (%s): %d recorded, p99 %.2f ms, max %.2f ms, %d over 50 ms"
          % (sys.argv[3], len(v), v[int(len(v) * 0.99) - 1], v[-1], sum(1 for x in v if x > 50)))
EOF
}

# run NAME: wrk at a light load; prints p50, p99, max and the requests over 50 ms
run() {
    out=$res/reload-wrk-$1.txt
    wrk -t2 -c4 -d"${secs}s" --latency -s "$here/ask_tail.lua" "$url" -- "$res/questions.lua" > "$out" 2>&1
    python3 - "$out" "$1" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n = float(re.match(r"[\d.]+", v).group(0))
    return n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and not v.endswith("ms") else n
lat = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", t)
p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", t, re.M))
total = re.search(r"(\d+) requests in", t)
errs = re.search(r"Socket errors: (.*)", t)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
if not lat or not total:
    print("load (%s): wrk failed (see %s)" % (sys.argv[2], sys.argv[1])); sys.exit(0)
tail = re.search(r"tail: p99.9 (\S+) ms, max (\S+) ms, over 50 ms (\d+)", t)
print("load (%s): %s requests, p50 %.2f ms, p99 %.2f ms, p99.9 %s ms, max %.2f ms, %s over 50 ms; "
      "non-2xx %s; socket errors %s"
      % (sys.argv[2], total.group(1), ms(p["50"]), ms(p["99"]), tail.group(1) if tail else "?",
         ms(lat.group(3)), tail.group(3) if tail else "?",
         non2xx.group(1) if non2xx else 0, errs.group(1) if errs else "none"))
EOF
}

m0=$(maxid)
run steady
inner "$m0" steady
echo "peak RSS after the steady load: $(rss "$pid")"
before=$(health "$url")
( while :; do sleep 4; kill -HUP "$pid" 2>/dev/null || exit 0; done ) &
hup=$!
m0=$(maxid)
run "reload every 4 s"
inner "$m0" "reload every 4 s"
kill "$hup" 2>/dev/null; wait "$hup" 2>/dev/null; hup=""
sleep 3
after=$(health "$url")
echo "reloads during the run: $(( ${after#* } - ${before#* } )); peak RSS after the reloads: $(rss "$pid")"
grep -q "reload failed" "$res/reload-server.log" && echo "reload: some reloads failed (see $res/reload-server.log)"

# Import commit -> served: a one-page corpus added, then /api/v1/health polled.
for k in 1 2 3; do
    printf '{"id": "bench-reload-%s", "title": "Page ajoutée %s", "text": "Une page ajoutée pendant le banc de rechargement numéro %s."}\n' \
        "$k" "$k" "$k" > "$res/reload-extra.jsonl"
    python3 - "$bin" "$db" "$res/reload-extra.jsonl" "$url" <<'EOF'
import json, subprocess, sys, time, urllib.request
guichet, db, extra, url = sys.argv[1:5]
def version():
    return json.load(urllib.request.urlopen(url + "/api/v1/health", timeout=10))["content"]["version"]
v0 = version()
r = subprocess.run([guichet, "import", "--db", db, "--jsonl", extra], capture_output=True, text=True)
t = time.monotonic()   # the commit is the import's last step
if r.returncode:
    print("import failed:", r.stderr.strip()); sys.exit(0)
while version() == v0 and time.monotonic() - t < 60:
    time.sleep(0.01)
print("import commit -> served: %.0f ms (poll every 1 s + a build of SPF+PIAF)" % ((time.monotonic() - t) * 1000))
EOF
done
echo "peak RSS at the end: $(rss "$pid")"
exit 0
