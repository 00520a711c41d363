#!/usr/bin/env python3
"""Live content against a running `guichet serve` under steady load (docs/content.md).

usage: live_check.py GUICHET URL DB PAGES_DIR

While four threads ask questions without pause (POST /api/v1/ask, keep-alive),
the content changes under the server's feet:
  - a new page is imported: cited within 5 s of the import's commit;
  - a page's file is deleted and its folder imported again: no longer cited
    within 5 s, and never again after that;
  - a page is withdrawn with `guichet withdraw`: the same;
  - a page whose `expires` is past is never cited, from start to end;
  - /api/v1/health tells the content version and when it was loaded;
and every request of the load succeeds (HTTP 200 with an answer).
Prints "ok - ..." / "FAIL - ..." lines; t_live.sh counts them.
"""
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

guichet, base, db, pages = sys.argv[1:5]
u = urllib.parse.urlsplit(base)
HOST, PORT = u.hostname, u.port

SALLE = "https://x.example/salle-des-fetes"
CIMETIERE = "https://x.example/cimetiere"
PISCINE = "https://x.example/piscine"
EXPIRED = "https://x.example/elections-2020"
QUESTIONS = [
    "prix de la concession au cimetière",
    "tarif de location de la salle des fêtes",
    "prix de l'entrée à la piscine",
    "où voter pour les élections municipales zébulon",
    "horaires du marché du jeudi",
]


def out(ok, what, detail=""):
    print(("ok - " if ok else "FAIL - ") + what + ("" if ok or not detail else ": " + detail),
          flush=True)


def ask(conn, q):
    body = json.dumps({"question": q}).encode()
    conn.request("POST", "/api/v1/ask", body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    raw = r.read()
    data = json.loads(raw) if r.status == 200 else None
    return r.status, data


def cited(data):
    return [s.get("url") for s in (data or {}).get("sources", [])]


log = []              # (time, question, status, urls) of every load request
failures = []
stop = threading.Event()
lock = threading.Lock()


def load(k):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    i = k
    while not stop.is_set():
        q = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        try:
            status, data = ask(conn, q)
            ok = status == 200 and data and data.get("answer")
            urls = cited(data)
        except (OSError, http.client.HTTPException, ValueError) as e:
            ok, status, urls = False, str(e), []
            conn.close()
            conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
        with lock:
            log.append((time.monotonic(), q, status, urls))
            if not ok:
                failures.append((q, status))


def run(*args):
    r = subprocess.run([guichet] + list(args), capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        out(False, "guichet " + args[0], r.stderr.strip())
    return r


def health():
    c = http.client.HTTPConnection(HOST, PORT, timeout=10)
    c.request("GET", "/api/v1/health")
    h = json.loads(c.getresponse().read())
    c.close()
    return h


def wait_until(pred, q, limit=5.0):
    """Ask q until pred(urls) holds; the seconds it took, or None past limit."""
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        status, data = ask(conn, q)
        if status == 200 and pred(cited(data)):
            conn.close()
            return time.monotonic() - t0
        time.sleep(0.05)
    conn.close()
    return None


def page(name, url, body, extra=""):
    with open(os.path.join(pages, name), "w", encoding="utf-8") as f:
        f.write("---\ntitle: %s\nurl: %s\nservice: Test\nstatus: validated\n"
                "validated_by: Testeur\nvalidated_on: 2026-01-15\n%s---\n%s\n"
                % (name, url, extra, body))


h0 = health()
out("content" in h0 and h0["content"]["version"] > 0 and h0["content"]["loaded_at"].endswith("Z"),
    "health tells the content version and when it was loaded", json.dumps(h0.get("content")))
threads = [threading.Thread(target=load, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
time.sleep(0.5)

# A new page.
page("salle.md", SALLE, "La salle des fêtes se loue 250 euros le week-end pour les habitants.")
run("import", "--quiet", "--db", db, pages)
dt = wait_until(lambda urls: SALLE in urls, "tarif de location de la salle des fêtes")
out(dt is not None, "a page imported is cited within 5 s (%.2f s)" % (dt or -1))
h1 = health()
c0, c1 = h0.get("content") or {}, h1.get("content") or {}
out(c1.get("version", 0) > c0.get("version", 0) and c1.get("reloads", 0) >= 1,
    "health: a newer content version, one reload more", json.dumps(c1))

# A page whose file is deleted, its folder imported again.
os.remove(os.path.join(pages, "cimetiere.md"))
run("import", "--quiet", "--db", db, pages)
t_gone = time.monotonic()
dt = wait_until(lambda urls: CIMETIERE not in urls, "prix de la concession au cimetière")
out(dt is not None, "a page whose file is gone is no longer cited within 5 s (%.2f s)" % (dt or -1))

# A page withdrawn by a person.
run("withdraw", "--quiet", "--db", db, "--by", "Testeur", "--reason", "test", PISCINE)
t_withdrawn = time.monotonic()
dt = wait_until(lambda urls: PISCINE not in urls, "prix de l'entrée à la piscine")
out(dt is not None, "a page withdrawn is no longer cited within 5 s (%.2f s)" % (dt or -1))

# The load goes on past both 5-second marks.
time.sleep(max(0.0, max(t_gone, t_withdrawn) + 5.5 - time.monotonic()))
stop.set()
for t in threads:
    t.join()

with lock:
    n = len(log)
    late_cimetiere = [e for e in log if e[0] > t_gone + 5 and CIMETIERE in e[3]]
    late_piscine = [e for e in log if e[0] > t_withdrawn + 5 and PISCINE in e[3]]
    expired = [e for e in log if EXPIRED in e[3]]
out(n > 50, "the load ran (%d requests)" % n)
out(not failures, "zero failed requests under load during the reloads (%d requests)" % n,
    repr(failures[:3]))
out(not late_cimetiere, "the deleted page is never cited after 5 s", repr(late_cimetiere[:2]))
out(not late_piscine, "the withdrawn page is never cited after 5 s", repr(late_piscine[:2]))
out(not expired, "a page whose expires is past is never cited", repr(expired[:2]))
