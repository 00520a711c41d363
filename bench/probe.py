#!/usr/bin/env python3
"""Grade Guichet on a probe town: its content and questions with expected answers.

usage: probe.py [--now "YYYY-MM-DD HH:MM"] [--show] [--json OUT] [--jobs N] BIN TOWN

TOWN holds content/ (what `guichet import` reads: town.ini, pages/*.md,
facilities.json, agenda.ics) and questions.jsonl, one object a line:
  {"id", "question", "kind": "answer"|"refuse", "style": "plain"|"texting",
   "type": "price"|"hours"|..., "pages": [url, ...], "facts": ["12,50 €", "a|b"]}
A question of kind "answer" is right when it is answered (not refused), the first
source cited is one of "pages", and the answer holds every fact (one of the
alternatives of "a|b"), compared without case, accents or spaces, with times
("8h30", "08:30", "8 h 30"), prices ("12 €", "12,00 euros") and phone numbers
("02 98 00 00 00", "02.98.00.00.00") read alike.  A question of kind "refuse"
is right when refused.  Also counted: extractive answers holding a figure that
is not in the page they cite ("foreign figures"; computed answers -- hours,
agenda -- are not checked: their figures come from facilities and events).

Prints the totals by kind, style and type; --show prints each wrong answer
(never use it on a blind probe: its questions are not to be read).
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata


def fold(s):
    s = s.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


TIME = re.compile(r"\b(\d{1,2})\s*(?:h|:)\s*(\d{2})?(?![\d])")
EURO = re.compile(r"\s*euros?\b")
CENTS0 = re.compile(r"(\d),00\b")
DIGITSEP = re.compile(r"(?<=\d)[ .](?=\d)")


def norm(s):
    s = fold(s)
    s = EURO.sub(" €", s)
    s = TIME.sub(lambda m: "%dh%s" % (int(m.group(1)), m.group(2) or "00"), s)
    s = DIGITSEP.sub("", s)
    s = CENTS0.sub(r"\1", s)
    s = s.replace(".", ",")      # 12.50 € / 12,50 €
    return re.sub(r"\s+", "", s)


def holds(answer_n, fact):
    for alt in fact.split("|"):
        f = norm(alt)
        if not f:
            continue
        i = answer_n.find(f)
        while i >= 0:
            if not (f[0].isdigit() and i > 0 and answer_n[i - 1].isdigit()):
                return True
            i = answer_n.find(f, i + 1)
    return False


NUM = re.compile(r"\d+(?:[,.]\d+)?")


def figures(text):
    """The numbers of text, normalised as norm() does, but read before the
    blanks go: "tél. 04 74 20 50 00. 23 allée..." holds a phone and 23."""
    s = fold(text)
    s = EURO.sub(" €", s)
    s = TIME.sub(lambda m: "%dh%s" % (int(m.group(1)), m.group(2) or "00"), s)
    s = DIGITSEP.sub("", s)
    s = CENTS0.sub(r"\1", s)
    s = re.sub(r"(?<=\d)\.(?=\d)", ",", s)
    return set(NUM.findall(s))


def load_sources(content):
    """url -> normalized text of what the url stands for (page, facility)."""
    by_url = {}
    pages = os.path.join(content, "pages")
    for root, _, files in os.walk(pages if os.path.isdir(pages) else content):
        for fn in files:
            if not fn.endswith(".md"):
                continue
            text = open(os.path.join(root, fn), encoding="utf-8").read()
            m = re.search(r"^url:\s*(\S+)", text, re.M)
            if m:
                by_url[m.group(1)] = by_url.get(m.group(1), "") + text
    fac = os.path.join(content, "facilities.json")
    facs = {}
    if os.path.exists(fac):
        try:
            for f in json.load(open(fac, encoding="utf-8")):
                facs[f.get("id")] = json.dumps(f, ensure_ascii=False)
                u = f.get("url")
                if u:
                    by_url[u] = by_url.get(u, "") + facs[f.get("id")]
        except (ValueError, AttributeError):
            pass
    # A page's placeholders say a facility's figures: its own ({{phone}}, the
    # front matter's "facility: ID") or another's ({{phone:mairie}}).
    for u, t in list(by_url.items()):
        ids = set(re.findall(r"\{\{\s*\w+\s*:\s*([\w-]+)\s*\}\}", t))
        ids.update(re.findall(r"^facility:\s*([\w-]+)", t, re.M))
        for fid in ids:
            by_url[u] += facs.get(fid, "")
    return {u: norm(t) for u, t in by_url.items()}


def ask(binary, db, now, q):
    r = subprocess.run([binary, "ask", "--db", db, "--json", "--now", now, q],
                       capture_output=True, text=True, timeout=60)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return {"error": (r.stderr or r.stdout)[:300]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("town")
    ap.add_argument("--now", default="2027-02-10 10:00")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()

    content = os.path.join(a.town, "content")
    qs = [json.loads(l) for l in open(os.path.join(a.town, "questions.jsonl"), encoding="utf-8")
          if l.strip()]
    srcs = load_sources(content)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "t.db")
        r = subprocess.run([a.binary, "import", "--db", db, content], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("probe.py: import failed: " + r.stderr[-500:])
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            outs = list(ex.map(lambda q: ask(a.binary, db, a.now, q["question"]), qs))

    results = []
    tally = {}
    foreign = 0
    for q, o in zip(qs, outs):
        refused = bool(o.get("refused")) or "error" in o
        srcs_cited = [s.get("url") for s in o.get("sources") or []]
        first = srcs_cited[0] if srcs_cited else None
        text = o.get("answer") or ""
        an = norm(text)
        why = ""
        if q["kind"] == "refuse":
            ok = refused
            why = "" if ok else "answered"
        elif refused:
            ok, why = False, "refused"
        elif first not in q.get("pages", []):
            ok, why = False, "wrong page"
        else:
            missing = [f for f in q.get("facts", []) if not holds(an, f)]
            ok = not missing
            why = "" if ok else "missing " + " / ".join(missing)
        alien = []
        if not refused and o.get("path") == "extractive" and first in srcs:
            src_n = "".join(srcs.get(u, "") for u in srcs_cited)
            alien = sorted(f for f in figures(text) if f not in src_n)
            if alien:
                foreign += 1
        res = {"id": q["id"], "ok": ok, "why": why, "first": first,
               "confidence": o.get("confidence"), "foreign": alien}
        if a.show or a.json:
            res.update(question=q["question"], expected=q.get("pages"), facts=q.get("facts"),
                       answer=text)
        results.append(res)
        for key in ("all", "kind:" + q["kind"], "style:" + q.get("style", "plain"),
                    "type:" + q.get("type", "other")):
            n, k = tally.get(key, (0, 0))
            tally[key] = (n + 1, k + ok)
        if q["kind"] == "answer":
            reason = "why:" + (why.split(" ")[0] if why else "right")
            n, k = tally.get(reason, (0, 0))
            tally[reason] = (n + 1, k)

    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=0)
    n, k = tally["all"]
    print("%s: %d/%d right (%.3f); extractive answers with a foreign figure: %d"
          % (os.path.basename(os.path.normpath(a.town)), k, n, k / n, foreign))
    for key in sorted(tally):
        if key != "all":
            n, k = tally[key]
            print("  %-18s %3d/%-3d" % (key, k, n) if not key.startswith("why:")
                  else "  %-18s %3d" % (key, n))
    if a.show:
        for r in results:
            if not r["ok"] or r["foreign"]:
                print("\n[%s] %s  (%s)\n  Q: %s\n  want %s %s\n  got  %s (%.2f)\n  A: %s%s"
                      % (r["id"], "WRONG" if not r["ok"] else "ok", r["why"], r["question"],
                         r["expected"], r["facts"], r["first"], r["confidence"] or 0,
                         r["answer"][:400],
                         "\n  foreign: %s" % r["foreign"] if r["foreign"] else ""))


if __name__ == "__main__":
    main()
