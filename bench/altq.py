#!/usr/bin/env python3
"""bench/altq.py — what alternate questions of pages (the back office's
questions loop, front matter `question:` lines) do to retrieval.

usage: bench/altq.py path/to/guichet [DATA]      (DATA: the shared data folder;
       default /work/shared/data, else ../shared/data beside the repository)

PIAF (several crowd questions per Wikipedia paragraph): the dev questions of
each paragraph, in file order, are split in two halves; the first half is
attached to the paragraph as its alternate questions (as staff would, over
a few months, from the questions loop), and recall@1 and gold-in-answer are
measured on the second half:
  before     the paragraphs alone;
  appended   the first half appended to the paragraph's text (the naive way);
  field      the first half as the page's alternate questions (the field
             W_QUEST of search/index.c).
SPF (one question per service-public.fr fiche): the fiches are split in two
by their position in the file; the questions of the first half become their
fiche's alternate questions, and the questions of the second half (whose
fiches have none) are measured before and after: alternate questions of
other fiches must not pull them away.  The first half's own questions are
measured too (they should then be found).

Prints numbers, asserts nothing.  Everything it writes goes to a temporary
folder removed at the end.  Extra settings for `guichet eval` (GUICHET_TUNE
in the environment, e.g. W_QUEST=3) pass through.
"""
import json
import os
import subprocess
import sys
import tempfile


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_eval(bin_, tmp, name, corpus, questions):
    db = os.path.join(tmp, name + ".db")
    src = os.path.join(tmp, name + ".jsonl")
    qf = os.path.join(tmp, name + "-q.jsonl")
    write_jsonl(src, corpus)
    write_jsonl(qf, questions)
    subprocess.run([bin_, "import", "--quiet", "--db", db, src], check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run([bin_, "eval", "--json", "--db", db, qf], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def show(label, r):
    print("  %-10s n=%-5d recall@1 %.3f  recall@3 %.3f  mrr@10 %.3f  gold-in-answer %.3f  refused %.3f"
          % (label, r["n"], r["recall@1"], r["recall@3"], r["mrr@10"],
             r.get("answer_contains_gold") or 0.0, r["refused"]))


def piaf(bin_, data, tmp):
    paras = read_jsonl(os.path.join(data, "piaf", "paragraphs.jsonl"))
    qs = read_jsonl(os.path.join(data, "piaf", "dev-questions.jsonl"))
    by = {}
    for q in qs:
        by.setdefault(q["id"], []).append(q)
    attach, test = {}, []
    for pid, lst in by.items():
        half = len(lst) // 2
        attach[pid] = [q["question"] for q in lst[:half]]
        test.extend(lst[half:])
    print("PIAF: %d paragraphs, %d questions: %d attached, %d measured"
          % (len(paras), len(qs), sum(len(v) for v in attach.values()), len(test)))
    show("before", run_eval(bin_, tmp, "piaf-before", paras, test))
    appended = [dict(p, text=p["text"] + "\n" + "\n".join(attach.get(p["id"], [])))
                for p in paras]
    show("appended", run_eval(bin_, tmp, "piaf-appended", appended, test))
    field = [dict(p, questions=attach[p["id"]]) if attach.get(p["id"]) else p for p in paras]
    show("field", run_eval(bin_, tmp, "piaf-field", field, test))


def spf(bin_, data, tmp):
    fiches = read_jsonl(os.path.join(data, "spf", "fiches.jsonl"))
    qs = read_jsonl(os.path.join(data, "spf", "dev-questions.jsonl"))
    first = {f["id"] for f in fiches[: len(fiches) // 2]}
    attach = {}
    for q in qs:
        if q["id"] in first:
            attach.setdefault(q["id"], []).append(q["question"])
    own = [q for q in qs if q["id"] in first]
    others = [q for q in qs if q["id"] not in first]
    print("SPF: %d fiches, %d questions: %d attached to their fiche, %d on fiches without"
          % (len(fiches), len(qs), len(own), len(others)))
    before = run_eval(bin_, tmp, "spf-before", fiches, others)
    field_corpus = [dict(f, questions=attach[f["id"]]) if f["id"] in attach else f for f in fiches]
    after = run_eval(bin_, tmp, "spf-field", field_corpus, others)
    print(" questions of fiches without alternate questions:")
    show("before", before)
    show("field", after)
    print(" questions that were attached (found by their own alternate question):")
    show("before", run_eval(bin_, tmp, "spf-own-before", fiches, own))
    show("field", run_eval(bin_, tmp, "spf-own-field", field_corpus, own))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bin_ = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    cands = [sys.argv[2]] if len(sys.argv) > 2 else [
        "/work/shared/data", os.path.join(here, "..", "..", "shared", "data")]
    data = next((d for d in cands if os.path.isfile(os.path.join(d, "piaf", "paragraphs.jsonl"))),
                None)
    if not data:
        print("altq: shared data not found (%s): skipped" % ", ".join(cands))
        return
    tune = os.environ.get("GUICHET_TUNE")
    if tune:
        print("GUICHET_TUNE=%s" % tune)
    with tempfile.TemporaryDirectory(prefix="guichet-altq.") as tmp:
        piaf(bin_, data, tmp)
        spf(bin_, data, tmp)


if __name__ == "__main__":
    main()
