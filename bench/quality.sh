#!/bin/sh
# The answers' quality, measured: every set in one run, numbers printed.
#
# usage: bench/quality.sh [BIN] [OUTDIR]
#
#   demo        tests/data/demo-questions-{a,b}.jsonl and the texting sets
#               (guichet eval: recall@1, refused), the off-topic sets (refused)
#   towns       every bench/towns/*/ (bench/probe.py: right answers, cited page
#               and figures, refusals of what the town does not cover)
#   spf, piaf   the service-public.fr and PIAF development questions of
#               ../shared/data (only where that folder exists: not in a clone)
#
# With OUTDIR, each town's answers are kept as OUTDIR/TOWN.json, to compare two
# builds (bench/probe-diff.py A B).  Fixed clock: --now "2027-02-10 10:00".
set -eu
BIN=${1:-build/guichet}
OUT=${2:-}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DATA=${GUICHET_SHARED_DATA:-$HERE/../shared/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
[ -n "$OUT" ] && mkdir -p "$OUT"

ev() {   # ev DB FILE [eval options]: one line of eval's JSON, trimmed
    db=$1; f=$2; shift 2
    "$BIN" eval --db "$db" --json "$@" "$f" | python3 -c '
import json, sys
o = json.load(sys.stdin)
print("  %-34s n=%-5d r@1=%.4f r@3=%.4f gold=%s refused=%.4f" % (sys.argv[1], o["n"], o["recall@1"],
      o["recall@3"], ("%.4f" % o["answer_contains_gold"]) if o.get("answer_contains_gold") is not None else "-",
      o["refused"]))' "$(basename "$f")"
}

echo "demo"
"$BIN" import --db "$TMP/demo.db" "$HERE/demo" >/dev/null 2>&1
for f in "$HERE"/tests/data/demo-questions-?.jsonl "$HERE"/tests/data/demo-sms-questions-?.jsonl; do
    ev "$TMP/demo.db" "$f"
done
cat "$HERE"/tests/data/demo-offtopic-?.jsonl | python3 -c '
import json, subprocess, sys
qs = [json.loads(l)["question"] for l in sys.stdin if l.strip()]
k = sum(json.loads(subprocess.run([sys.argv[1], "ask", "--db", sys.argv[2], "--json", q],
        capture_output=True, text=True).stdout).get("refused", False) for q in qs)
print("  %-34s n=%-5d refused=%d" % ("demo-offtopic-{a,b}.jsonl", len(qs), k))' "$BIN" "$TMP/demo.db"

echo "towns"
for t in "$HERE"/bench/towns/*/; do
    [ -f "$t/questions.jsonl" ] || continue
    name=$(basename "$t")
    python3 "$HERE/bench/probe.py" ${OUT:+--json "$OUT/$name.json"} "$BIN" "$t" | sed -n '1p;/kind:\|style:\|why:/p' | sed 's/^/  /'
done

if [ -d "$DATA/spf" ]; then
    echo "spf"
    "$BIN" import --db "$TMP/spf.db" "$DATA/spf/fiches.jsonl" >/dev/null 2>&1
    ev "$TMP/spf.db" "$DATA/spf/dev-questions.jsonl"
fi
if [ -d "$DATA/piaf" ]; then
    echo "piaf"
    "$BIN" import --db "$TMP/piaf.db" "$DATA/piaf/paragraphs.jsonl" >/dev/null 2>&1
    ev "$TMP/piaf.db" "$DATA/piaf/dev-questions.jsonl"
fi
