#!/usr/bin/env python3
"""faults.py — the clients of the fault suite (t_faults.sh): load, floods,
replays, hostile requests, each a subcommand printing "ok - ..." / "FAIL - ..."
lines (or data for the shell).  Python 3 standard library only; loopback.

  load URL SECONDS CONNS OUT          keep-alive clients asking unique questions;
                                      one JSON line per answer in OUT
  verify XDB OUT [MINID]              every acknowledged exchange of OUT is in the
                                      exchanges file with its own question, no id
                                      twice (MINID: ids of a later run are above it)
  feedback URL OUT N                  feedback with each exchange's own token (201)
  corpus FILE N                       a JSONL corpus of N generated pages
  flood URL SECONDS HOSTS CONNS       slow-header flood from 127.0.1.1..HOSTS while
                                      a resident asks; checks the server answers and
                                      closes the flood by its deadline
  deadline URL SECONDS                one client dribbling header lines: closed by
                                      the server within SECONDS
  twilio URL PUBLIC TOKEN N           one signed request replayed N times
  http URL LOG                        hostile requests: many parameters, CL+TE,
                                      \\u0000, a control byte in the method
  tokens URL                          feedback without, with a wrong, with another
                                      exchange's token; the page's hidden field
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import select
import socket
import sqlite3
import sys
import threading
import time
import urllib.parse

FAILS = 0


def out(good, what, detail=""):
    global FAILS
    if not good:
        FAILS += 1
    print(("ok - " if good else "FAIL - ") + what + (f" ({detail})" if detail and not good else ""),
          flush=True)


def hostport(url):
    u = urllib.parse.urlsplit(url)
    return u.hostname, u.port


def word(n):
    """A unique word of letters for n (the recorder masks long numbers)."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


QUESTIONS = ["Quels sont les horaires de la piscine ?", "Comment inscrire mon enfant à l'école ?",
             "Comment faire une carte d'identité ?", "Où jeter mes encombrants ?",
             "Combien coûte la salle des fêtes ?"]


# ---------------------------------------------------------------- load
def load(url, seconds, conns, path):
    host, port = hostport(url)
    stop = time.time() + float(seconds)
    lock = threading.Lock()
    counter = [0]
    f = open(path, "a", buffering=1)

    def client(cid):
        c = None
        while time.time() < stop:
            with lock:
                n = counter[0]
                counter[0] += 1
            q = QUESTIONS[n % len(QUESTIONS)] + " ref " + word(n) + "x" + word(cid)
            body = json.dumps({"question": q})
            rec = {"q": q}
            try:
                if c is None:
                    c = http.client.HTTPConnection(host, port, timeout=10)
                c.request("POST", "/api/v1/ask", body, {"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                rec["status"] = r.status
                if r.status == 200:
                    d = json.loads(data)
                    rec["id"] = d.get("message_id")
                    rec["token"] = d.get("feedback_token")
            except (OSError, http.client.HTTPException, ValueError) as ex:
                rec["error"] = type(ex).__name__
                if c is not None:
                    c.close()
                c = None
                time.sleep(0.05)
            with lock:
                f.write(json.dumps(rec) + "\n")
        if c is not None:
            c.close()

    ts = [threading.Thread(target=client, args=(i,)) for i in range(int(conns))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    f.close()


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def verify(xdb, path, minid=None):
    recs = read_jsonl(path)
    acked = [r for r in recs if r.get("status") == 200 and r.get("id")]
    s5 = [r for r in recs if r.get("status", 0) >= 500]
    rows = None
    for path in xdb.split(","):   # the exchanges file, else (older guichet) the content's
        try:
            rows = dict(sqlite3.connect(path).execute("SELECT id, question FROM messages"))
            break
        except sqlite3.Error:
            continue
    if rows is None:
        out(False, "the exchanges can be read", xdb)
        return [], []
    missing = [r for r in acked if r["id"] not in rows]
    wrong = [r for r in acked if r["id"] in rows and rows[r["id"]] != r["q"]]
    ids = [r["id"] for r in acked]
    dup = len(ids) - len(set(ids))
    print(f"  {len(recs)} requests, {len(acked)} acknowledged, {len(s5)} 5xx, "
          f"{len(missing)} missing, {len(wrong)} with another question, {dup} ids given twice")
    out(len(acked) > 0, "answers were acknowledged with a message_id")
    out(not missing, "every acknowledged exchange is in the exchanges file",
        f"{len(missing)} of {len(acked)} missing, e.g. {missing[:1]}")
    out(not wrong and not dup, "no id was given to two exchanges",
        f"{len(wrong)} rows hold another question, {dup} duplicates")
    if minid is not None:
        low = [r for r in acked if r["id"] <= int(minid)]
        out(not low, "after the restart, ids continue past every id handed out before",
            f"{len(low)} ids at or below {minid}")
    return acked, s5


def feedback(url, path, n):
    host, port = hostport(url)
    acked = [r for r in read_jsonl(path) if r.get("status") == 200 and r.get("id")]
    random.seed(7)
    pick = random.sample(acked, min(int(n), len(acked)))
    c = http.client.HTTPConnection(host, port, timeout=10)
    bad = []
    for r in pick:
        c.request("POST", "/api/v1/feedback",
                  json.dumps({"message_id": r["id"], "feedback_token": r["token"], "useful": True}),
                  {"Content-Type": "application/json"})
        resp = c.getresponse()
        resp.read()
        if resp.status != 201:
            bad.append((r["id"], resp.status))
    out(pick and not bad, f"feedback with its own token is recorded for {len(pick)} exchanges "
        "acknowledged before the crash", f"{bad[:3]}")


def corpus(path, n):
    random.seed(1)
    words = ("mairie service dossier demande formulaire document justificatif rendez-vous "
             "inscription délai tarif horaire guichet attestation famille logement travaux "
             "voirie stationnement permis déclaration usager commune quartier école").split()
    with open(path, "w") as f:
        for i in range(int(n)):
            paras = []
            for p in range(6):
                sent = []
                for s in range(6):
                    sent.append(" ".join(random.choice(words) for _ in range(14)).capitalize() + ".")
                paras.append(" ".join(sent))
            f.write(json.dumps({"id": f"gen-{i}", "title": f"Fiche générée {word(i)}",
                                "url": f"https://www.villebrune.example/gen/{i}",
                                "text": "\n\n".join(paras)}, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- floods
def ask_once(url, timeout=5.0, src=None):
    """POST /api/v1/ask on a new connection; (status, seconds) or (None, error)."""
    host, port = hostport(url)
    t0 = time.time()
    try:
        c = http.client.HTTPConnection(host, port, timeout=timeout,
                                       source_address=(src, 0) if src else None)
        c.request("POST", "/api/v1/ask", json.dumps({"question": "horaires de la mairie"}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status, time.time() - t0
    except (OSError, http.client.HTTPException) as ex:
        return None, type(ex).__name__


def flood(url, seconds, hosts, conns):
    host, port = hostport(url)
    seconds, hosts, conns = float(seconds), int(hosts), int(conns)
    socks = []
    opened = refused = 0
    t0 = time.time()
    for i in range(conns):
        src = f"127.0.1.{1 + i % hosts}"
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((src, 0))
            s.connect_ex((host, port))
            socks.append(s)
        except OSError:
            s.close()
    time.sleep(0.5)
    live = []
    for s in socks:
        try:
            s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
            live.append(s)
            opened += 1
        except OSError:
            refused += 1
            s.close()
    print(f"  flood: {len(live)} connections from {hosts} addresses sending a header line "
          f"every few seconds ({refused} refused at once)", flush=True)
    # A resident asks while the flood holds its connections.
    during = [ask_once(url) for _ in range(3)]
    good = [d for d in during if d[0] == 200]
    out(len(good) == 3, "while 17 addresses hold slow-header connections, a resident is "
        "answered", f"{during}")
    # Dribble a header line every 5 s, and watch the server close them.
    closed_at = {}
    last_send = time.time()
    end = t0 + seconds
    while time.time() < end and len(closed_at) < len(live):
        now = time.time()
        if now - last_send >= 5:
            last_send = now
            for s in live:
                if s.fileno() >= 0 and s not in closed_at:
                    try:
                        s.send(b"X-Slow: 1\r\n")
                    except OSError:
                        closed_at[s] = now
        rl = [s for s in live if s not in closed_at]
        if not rl:
            break
        for s in poll_some(rl, 0.5):
            try:
                data = s.recv(4096)
                if not data:
                    closed_at[s] = time.time()
            except OSError:
                closed_at[s] = time.time()
    left = len(live) - len(closed_at)
    print(f"  flood: {len(closed_at)} of {len(live)} closed by the server within "
          f"{time.time() - t0:.0f} s", flush=True)
    out(left == 0, f"the server closed every slow-header connection within {seconds:.0f} s "
        "(request deadline)", f"{left} still open")
    for s in live:
        s.close()
    time.sleep(1)
    after = [ask_once(url) for _ in range(3)]
    out(all(a[0] == 200 for a in after), "after the flood the server answers at once",
        f"{after}")


def poll_some(socks, timeout):
    p = select.poll()
    m = {}
    for s in socks:
        p.register(s, select.POLLIN | select.POLLHUP | select.POLLERR)
        m[s.fileno()] = s
    return [m[fd] for fd, _ in p.poll(timeout * 1000)]


def deadline(url, seconds):
    host, port = hostport(url)
    s = socket.create_connection((host, port))
    s.settimeout(1)
    s.send(b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\n")
    t0 = time.time()
    closed = None
    while time.time() - t0 < float(seconds) + 10:
        try:
            s.send(b"X-Slow: 1\r\n")
        except OSError:
            closed = time.time() - t0
            break
        try:
            d = s.recv(4096)
            if not d:
                closed = time.time() - t0
                break
        except socket.timeout:
            pass
        except OSError:
            closed = time.time() - t0
            break
        time.sleep(1)
    s.close()
    out(closed is not None and closed <= float(seconds) + 3,
        f"a client sending one header line a second is cut off by the request deadline "
        f"({seconds} s)", f"still open after {time.time() - t0:.0f} s" if closed is None
        else f"closed after {closed:.0f} s")


# ---------------------------------------------------------------- Twilio
def twilio(url, public, token, n):
    host, port = hostport(url)
    fields = [("MessageSid", "SM" + "7" * 32), ("SmsMessageSid", "SM" + "7" * 32),
              ("AccountSid", "AC" + "2" * 32), ("From", "+33611110099"), ("To", "+33700000000"),
              ("Body", "horaires de la mairie")]

    def signed(fields):
        data = public + "/sms/twilio" + "".join(k + v for k, v in sorted(fields))
        sig = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest())
        return urllib.parse.urlencode(fields), sig.decode()

    def post(fields):
        body, sig = signed(fields)
        c = http.client.HTTPConnection(host, port, timeout=10)
        c.request("POST", "/sms/twilio", body, {"Content-Type": "application/x-www-form-urlencoded",
                                               "X-Twilio-Signature": sig})
        r = c.getresponse()
        d = r.read().decode()
        c.close()
        return r.status, d

    first = post(fields)
    out(first[0] == 200 and "<Message>" in first[1], "a signed Twilio request is answered",
        f"{first}")
    replies = [post(fields) for _ in range(int(n))]
    answered = [r for r in replies if "<Message>" in r[1]]
    out(not answered and all(r[0] == 200 and "<Response/>" in r[1] for r in replies),
        f"the same request replayed {n} times gets an empty <Response/> each time",
        f"{len(answered)} answered again")
    fresh = [(k, "SM" + "8" * 32 if k in ("MessageSid", "SmsMessageSid") else v)
             for k, v in fields]
    again = post(fresh)
    out(again[0] == 200 and "<Message>" in again[1] and "beaucoup de messages" not in again[1],
        "the resident's next message is answered: replays counted nowhere", f"{again}")


def kannel(url, secret):
    host, port = hostport(url)

    def get(mid):
        q = urllib.parse.urlencode({"secret": secret, "from": "+33611110088",
                                    "text": "horaires de la mairie", "id": mid})
        c = http.client.HTTPConnection(host, port, timeout=10)
        c.request("GET", "/sms/kannel?" + q)
        r = c.getresponse()
        d = r.read().decode()
        c.close()
        return r.status, d

    first = get("0a4c6e2a-1111-4c1d-9f55-3d0e5a6b7c8d")
    again = [get("0a4c6e2a-1111-4c1d-9f55-3d0e5a6b7c8d") for _ in range(5)]
    out(first[0] == 200 and first[1] and all(a == (200, "") for a in again),
        "Kannel: a message id handled before gets an empty reply", f"{first} {again[:1]}")
    other = get("0a4c6e2a-2222-4c1d-9f55-3d0e5a6b7c8d")
    out(other[0] == 200 and other[1], "Kannel: another id is answered", f"{other}")


def proxies(url):
    """Run against a server with --rate-limit 2 --trusted-proxies 127.0.0.1."""
    host, port = hostport(url)

    def ask(src, xff):
        c = http.client.HTTPConnection(host, port, timeout=10, source_address=(src, 0))
        c.request("POST", "/api/v1/ask", json.dumps({"question": "horaires de la mairie"}),
                  {"Content-Type": "application/json", "X-Forwarded-For": xff})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status

    a = [ask("127.0.0.1", "198.51.100.7, 203.0.113.1") for _ in range(3)]
    b = ask("127.0.0.1", "203.0.113.2")
    out(a == [200, 200, 429] and b == 200, "from a trusted proxy, X-Forwarded-For's client is "
        "rate limited on its own", f"{a} then {b}")
    c = [ask("127.0.1.9", "203.0.113.3") for _ in range(3)]
    d = ask("127.0.1.9", "203.0.113.4")
    out(c == [200, 200, 429] and d == 429, "from any other peer X-Forwarded-For is not "
        "believed", f"{c} then {d}")


# ---------------------------------------------------------------- HTTP
def raw(url, data, timeout=5):
    host, port = hostport(url)
    s = socket.create_connection((host, port), timeout=timeout)
    t0 = time.time()
    s.sendall(data)
    buf = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            buf += d
            if b"\r\n\r\n" in buf:
                head, _, rest = buf.partition(b"\r\n\r\n")
                cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if cl and len(rest) >= int(cl[0].split(b":")[1]):
                    break
    except socket.timeout:
        pass
    s.close()
    status = int(buf.split(b" ", 2)[1]) if buf.startswith(b"HTTP/") else None
    body = buf.partition(b"\r\n\r\n")[2]
    return status, body, time.time() - t0


def is_json_error(body):
    try:
        return "error" in json.loads(body)
    except ValueError:
        return False


def http_checks(url, log):
    q = "&".join(f"p{i}=1" for i in range(250))
    st, body, t = raw(url, f"GET /api/v1/health?{q} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    out(st in (400, 414) and is_json_error(body) and t < 3,
        "250 query parameters get a 414/400 JSON error at once", f"{st} in {t:.1f} s: {body[:80]}")
    body = b'{"question": "horaires"}'
    st, rb, t = raw(url, b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 24\r\nTransfer-Encoding: chunked\r\n\r\n18\r\n" + body +
                    b"\r\n0\r\n\r\n")
    out(st == 400 and is_json_error(rb), "Content-Length with Transfer-Encoding gets 400",
        f"{st}: {rb[:80]}")
    body = json.dumps({"question": "horaires de la mairie\u0000 et le reste"}).encode()
    st, rb, t = raw(url, b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    out(st == 400 and is_json_error(rb), "\\u0000 inside a JSON string gets 400", f"{st}: {rb[:80]}")
    st, rb, t = raw(url, b"G\x1b[31mET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(1.5)   # the access log is flushed every second
    with open(log, "rb") as f:
        text = f.read()
    out(b"\x1b" not in text, "a control byte in the method is not written raw to the access log")
    st, rb, t = raw(url, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 +
                    b"\r\n\r\n")
    out(st == 431 and is_json_error(rb), "headers past 8 KiB on /api/ get a JSON 431",
        f"{st}: {rb[:80]}")


# ---------------------------------------------------------------- tokens
def tokens(url):
    host, port = hostport(url)
    c = http.client.HTTPConnection(host, port, timeout=10)

    def post(path, obj):
        c.request("POST", path, json.dumps(obj), {"Content-Type": "application/json"})
        r = c.getresponse()
        return r.status, r.read()

    st, b1 = post("/api/v1/ask", {"question": "horaires de la piscine"})
    a1 = json.loads(b1)
    st, b2 = post("/api/v1/ask", {"question": "inscription à l'école"})
    a2 = json.loads(b2)
    out(isinstance(a1.get("feedback_token"), str) and len(a1["feedback_token"]) >= 16,
        "an answer with a message_id carries a feedback_token", f"{a1}")
    st, b = post("/api/v1/feedback", {"message_id": a1["message_id"], "useful": False})
    out(st == 403 and is_json_error(b), "feedback without its token: 403", f"{st} {b[:80]}")
    st, b = post("/api/v1/feedback", {"message_id": a1["message_id"], "useful": False,
                                      "feedback_token": a2["feedback_token"]})
    out(st == 403 and is_json_error(b), "feedback with another exchange's token: 403",
        f"{st} {b[:80]}")
    st, b = post("/api/v1/feedback", {"message_id": a1["message_id"] + 1000, "useful": False,
                                      "feedback_token": "A" * 22})
    out(st == 403, "an id nobody got cannot be probed (403, not 404)", f"{st} {b[:80]}")
    st, b = post("/api/v1/feedback", {"message_id": a1["message_id"], "useful": True,
                                      "feedback_token": a1["feedback_token"]})
    out(st == 201, "feedback with its own token: 201", f"{st} {b[:80]}")
    # The no-JavaScript page: the hidden field, and the cross-site form.
    c.request("POST", "/", urllib.parse.urlencode({"question": "horaires de la piscine"}),
              {"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    page = r.read().decode()
    out('name="feedback_token"' in page, "the page's feedback form carries feedback_token")
    form = {"message_id": str(a1["message_id"]), "useful": "0"}
    c.request("POST", "/retour", urllib.parse.urlencode(form),
              {"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    out(r.status == 403, "a feedback form posted without the token (another site): 403",
        f"{r.status}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "load":
        load(*args)
    elif cmd == "verify":
        verify(*args)
    elif cmd == "feedback":
        feedback(*args)
    elif cmd == "corpus":
        corpus(*args)
    elif cmd == "flood":
        flood(*args)
    elif cmd == "deadline":
        deadline(*args)
    elif cmd == "twilio":
        twilio(*args)
    elif cmd == "kannel":
        kannel(*args)
    elif cmd == "proxies":
        proxies(*args)
    elif cmd == "http":
        http_checks(*args)
    elif cmd == "tokens":
        tokens(*args)
    else:
        sys.exit("unknown command " + cmd)
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
