#!/usr/bin/env python3
"""Demo-town answer checks, through `guichet ask --json` (what the API returns).

usage: demo_check.py GUICHET DB CONFIG

- every in-scope question of tests/data/demo-questions-*.jsonl: recall@1 and
  recall@3 of the expected page over the whole set must stay above the floors
  below (a quality regression guard, not a timing);
- every out-of-scope question of tests/data/demo-offtopic-*.jsonl is refused;
- every question of tests/data/demo-must-answer.jsonl, which says words that
  often mark an out-of-scope question ("vous pensez", "écrivez-moi", "ne
  peut plus cuisiner") about what the pages cover, is answered from its page
  (the phrase is evidence, not a verdict);
- no answer, to any question, ever cites a draft page (drafts are read from
  the demo's own files);
- every non-refused answer cites at least one source with title, url,
  validated_by and validated_on.
Prints one line per failure and a closing 'N passed, M failed' line.
"""
import glob
import json
import subprocess
import sys

RECALL1_FLOOR = 0.85
RECALL3_FLOOR = 0.93

guichet, db, config = sys.argv[1:4]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def ask(q):
    out = subprocess.run([guichet, "ask", "--config", config, "--db", db, "--json", q],
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise SystemExit("guichet ask failed on %r: %s" % (q, out.stderr))
    return json.loads(out.stdout)


def lines(pattern):
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield path, n, json.loads(line)


def front_matter(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        if f.readline().strip() != "---":
            return meta
        for line in f:
            if line.strip() == "---":
                break
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
    return meta


drafts = set()
titles_of_drafts = []
for p in glob.glob("demo/pages/*.md"):
    m = front_matter(p)
    if m.get("status") == "draft":
        drafts.add(m["url"])
        titles_of_drafts.append(m["title"])


def check_answer(a, q):
    cited = [s["url"] for s in a["sources"]]
    check(not (set(cited) & drafts), "a draft page is cited for %r: %s" % (q, cited))
    if not a["refused"]:
        check(len(a["sources"]) >= 1 and a["answer"].strip() != "", "no source for %r" % q)
        for s in a["sources"]:
            check(all(s.get(k) for k in ("title", "url", "validated_by", "validated_on")),
                  "incomplete citation for %r: %s" % (q, s))


def ask_set(pattern):
    """Ask every question of the files matching pattern, checking each answer;
    returns the number of questions and how many cite the expected page first,
    and among the first three sources."""
    n = r1 = r3 = 0
    for path, ln, o in lines(pattern):
        a = ask(o["question"])
        check_answer(a, o["question"])
        n += 1
        urls = [s["url"] for s in a["sources"]] if not a["refused"] else []
        r1 += urls[:1] == [o["id"]]
        r3 += o["id"] in urls[:3]
    return n, r1 / max(n, 1), r3 / max(n, 1)


n, r1, r3 = ask_set("tests/data/demo-questions-*.jsonl")
check(n >= 60, "at least 60 in-scope questions (got %d)" % n)
print("demo: %d in-scope questions, first source right for %.3f, in sources for %.3f" % (n, r1, r3))
check(r1 >= RECALL1_FLOOR, "answer cites the expected page first for %.3f < %.2f" % (r1, RECALL1_FLOOR))
check(r3 >= RECALL3_FLOOR, "answer cites the expected page among its first three for %.3f < %.2f"
      % (r3, RECALL3_FLOOR))

# Texting: SMS-style variants must find the right page within 5 points of
# the clean questions.
ns, s1, _ = ask_set("tests/data/demo-sms-questions-*.jsonl")
check(ns >= 60, "at least 60 SMS-style questions (got %d)" % ns)
print("demo: %d SMS-style questions, first source right for %.3f" % (ns, s1))
check(s1 >= r1 - 0.05, "SMS-style recall %.3f more than 5 points under %.3f" % (s1, r1))

m = 0
for path, ln, o in lines("tests/data/demo-offtopic-*.jsonl"):
    a = ask(o["question"])
    m += 1
    check(a["refused"], "%s:%d: out-of-scope question answered: %r -> %r"
          % (path, ln, o["question"], a["answer"][:80]))
    check(a["sources"] == [], "refusal with sources for %r" % o["question"])
check(m >= 15, "at least 15 out-of-scope questions (got %d)" % m)

for path, ln, o in lines("tests/data/demo-must-answer.jsonl"):
    a = ask(o["question"])
    urls = [s["url"] for s in a["sources"]] if not a["refused"] else []
    check(urls[:1] == [o["id"]], "%s:%d: %r -> %s, not from %s"
          % (path, ln, o["question"], "refused" if a["refused"] else urls[:1], o["id"]))

# Ask the drafts' own titles: the draft must still never be cited.
for t in titles_of_drafts:
    check_answer(ask(t), t)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
