#!/usr/bin/env python3
"""Compare two runs of bench/probe.py --json (or two OUTDIRs of bench/quality.sh):
the questions that became right, the ones that became wrong, and the answers
that changed.  usage: probe-diff.py [--answers] A B"""
import json
import os
import sys


def load(p):
    if os.path.isdir(p):
        out = {}
        for f in sorted(os.listdir(p)):
            if f.endswith(".json"):
                for r in json.load(open(os.path.join(p, f), encoding="utf-8")):
                    out[f[:-5] + "/" + r["id"]] = r
        return out
    return {r["id"]: r for r in json.load(open(p, encoding="utf-8"))}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_answers = "--answers" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    a, b = load(args[0]), load(args[1])
    gained = [k for k in b if k in a and b[k]["ok"] and not a[k]["ok"]]
    lost = [k for k in b if k in a and a[k]["ok"] and not b[k]["ok"]]
    changed = [k for k in b if k in a and a[k].get("answer") != b[k].get("answer")]
    print("right: %d -> %d (+%d -%d); answers changed: %d"
          % (sum(r["ok"] for r in a.values()), sum(r["ok"] for r in b.values()),
             len(gained), len(lost), len(changed)))
    for title, keys in (("gained", gained), ("lost", lost)):
        for k in keys:
            r = b[k]
            print("%s %s: %s\n   before (%s) %s\n   after  (%s) %s" % (
                title, k, r.get("question", ""), a[k]["why"] or "right",
                (a[k].get("answer") or "")[:200], r["why"] or "right", (r.get("answer") or "")[:200]))
    if show_answers:
        for k in changed:
            if k not in gained and k not in lost:
                print("changed %s: %s\n   before %s\n   after  %s" % (
                    k, b[k].get("question", ""), (a[k].get("answer") or "")[:200],
                    (b[k].get("answer") or "")[:200]))


if __name__ == "__main__":
    main()
