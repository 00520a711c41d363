#!/bin/sh
# sms-parts.sh — how the demo town's answers fare as SMS.
#
# usage: sh scripts/sms-parts.sh [path/to/guichet] [MAX_PARTS] [EVAL OPTIONS...]
#
# Imports demo/ into a temporary database and runs every question of
# tests/data/demo-questions-*.jsonl and demo-sms-questions-*.jsonl through the
# pipeline and the SMS composition (`guichet eval --sms`: the best sentences
# of the answer that fit, docs/sms.md): the share of answers sent whole in
# MAX_PARTS parts (default 2) with the page address, the same for a first
# reply (with the AI disclosure), the share sent whole or cut between two
# sentences or list items, the mean parts of the whole text said, and the
# share whose SMS leaves out sentences of the web answer.  Refusals are left
# out; the refused share of each set is shown (the same as on the web).
# Further options go to `guichet eval` (e.g. --max-sentences 1).
set -eu
bin=${1:-build/guichet}
parts=${2:-2}
[ $# -ge 2 ] && shift 2 || shift $#
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guichet-smsparts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$bin" import --quiet --db "$tmp/demo.db" demo/ 2>/dev/null
for f in tests/data/demo-questions-*.jsonl tests/data/demo-sms-questions-*.jsonl; do
    "$bin" eval --config demo/guichet.ini --db "$tmp/demo.db" --sms --sms-max-parts "$parts" \
        "$@" --json "$f" | sed "s|^|$f |"
done | python3 -c '
import json, sys
rows = []
for line in sys.stdin:
    name, js = line.split(" ", 1)
    rows.append((name, json.loads(js)))
print("%-34s %5s %7s %7s %7s %7s %7s %7s" % ("set", "n", "refused", "whole", "first", "s-cut",
      "parts", "short"))
def show(name, sets):
    n = sum(round(r["n"] * (1 - r["refused"])) for r in sets)
    asked = sum(r["n"] for r in sets)
    w = lambda k: sum(r[k] * round(r["n"] * (1 - r["refused"])) for r in sets) / n
    print("%-34s %5d %7.3f %7.3f %7.3f %7.3f %7.2f %7.3f" % (name, n, (asked - n) / asked,
          w("sms_whole"), w("sms_whole_first"), w("sms_sentence_cut"), w("sms_parts_mean"),
          w("sms_shortened")))
for name, r in rows:
    show(name.split("/")[-1], [r])
show("all in-scope demo questions", [r for n, r in rows if "demo-questions" in n])
show("all SMS-style demo questions", [r for n, r in rows if "demo-sms" in n])
print("n: answers (refusals left out); refused: share of the questions refused (as on the web);")
print("whole: sent whole in %s part(s) with the page address; first: the same for a first reply"
      % rows[0][1]["sms_max_parts"])
print("(AI disclosure); s-cut: whole or cut between two sentences or list items; parts: mean")
print("parts of the whole text said, with its page address; short: share whose SMS leaves out")
print("sentences of the web answer (the best ones are said).")
'
