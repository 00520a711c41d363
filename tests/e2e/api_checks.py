#!/usr/bin/env python3
"""HTTP checks of the JSON API against a live `guichet serve` (standard library only).

usage: api_checks.py main URL      every route, every error, keep-alive, concurrency
       api_checks.py limited URL   the server runs with --rate-limit 5

Prints one line per check, "ok - ..." or "FAIL - ...: detail"; t_api.sh counts them.
The fixture is tests/data/e2e-pages/ (four validated pages and one draft).
"""
import http.client
import json
import sys
import threading
import urllib.parse

CNI_URL = "https://www.villebrune.example/demarches/carte-identite"
ENCOMBRANTS_URL = "https://www.villebrune.example/environnement/encombrants"
SCOLAIRE_URL = "https://www.villebrune.example/enfance/inscription-scolaire"
DRAFT_URL = "https://www.villebrune.example/sport/piscine-jean-bouin"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")

seen_urls = []          # every source URL cited during the run (the draft must never be)


def out(ok, what, detail=""):
    print(("ok - " if ok else "FAIL - ") + what + ("" if ok or not detail else ": " + detail),
          flush=True)
    return ok


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port

    def conn(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=10)

    def request(self, method, path, body=None, headers=None, conn=None):
        """Returns (status, headers dict lower-cased, raw body bytes, parsed JSON or None)."""
        c = conn or self.conn()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            raw = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            status = r.status
        finally:
            if conn is None:
                c.close()
        try:
            data = json.loads(raw.decode("utf-8")) if raw else None
        except (ValueError, UnicodeDecodeError):
            data = None
        return status, hdrs, raw, data

    def ask(self, payload, content_type="application/json", conn=None):
        if isinstance(payload, (dict, list)):
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        elif isinstance(payload, str):
            body = payload.encode("utf-8")
        else:
            body = payload
        headers = {"Content-Type": content_type} if content_type else {}
        res = self.request("POST", "/api/v1/ask", body, headers, conn)
        if res[3] and isinstance(res[3], dict):
            for s in res[3].get("sources") or []:
                if isinstance(s, dict):
                    seen_urls.append(s.get("url"))
        return res


def urls(data):
    return [s.get("url") for s in (data or {}).get("sources") or [] if isinstance(s, dict)]


def check_answer(cl, question, url, what):
    st, h, raw, d = cl.ask({"question": question})
    good = (st == 200 and isinstance(d, dict) and isinstance(d.get("answer"), str)
            and d["answer"].strip() and url in urls(d) and d.get("refused") is False)
    return out(good, what, "status %s body %s" % (st, raw[:300]))


def check_error(cl, what, status, method="POST", path="/api/v1/ask", body=b"", ctype="application/json"):
    headers = {"Content-Type": ctype} if ctype else {}
    st, h, raw, d = cl.request(method, path, body, headers)
    good = (st == status and isinstance(d, dict) and isinstance(d.get("error"), str)
            and d["error"] and h.get("content-type", "").startswith("application/json"))
    out(good, "%s -> %d with a JSON error" % (what, status), "status %s body %r" % (st, raw[:200]))
    return st, h, d


def main_checks(cl):
    # Health
    st, h, raw, d = cl.request("GET", "/api/v1/health")
    out(st == 200 and isinstance(d, dict) and d.get("status") == "ok"
        and isinstance(d.get("pages"), int) and d["pages"] >= 3,
        "GET /api/v1/health answers ok with the page count", "status %s body %r" % (st, raw[:200]))

    # Answers cite the page whose content matches
    check_answer(cl, "Comment obtenir une carte nationale d'identité ?", CNI_URL,
                 "ask (carte d'identité) -> 200, non-empty answer citing the CNI page")
    st, h, raw, d = cl.request("GET", "/api/v1/health")
    ans = d.get("answers", {}) if isinstance(d, dict) else {}
    out(st == 200 and ans.get("total", 0) >= 1 and ans.get("by_model") == 0
        and isinstance(ans.get("energy_wh"), (int, float)) and ans["energy_wh"] > 0,
        "health counts the answers given and their estimated energy (metrics)",
        "body %r" % raw[:300])
    check_answer(cl, "Comment réserver le ramassage des encombrants ?", ENCOMBRANTS_URL,
                 "ask (encombrants) -> 200 citing the encombrants page")
    check_answer(cl, "Quels documents pour l'inscription scolaire à l'école maternelle ?",
                 SCOLAIRE_URL, "ask (inscription scolaire) -> 200 citing the school page")

    st, h, raw, d = cl.ask({"question": "Comment obtenir une carte nationale d'identité ?"})
    src = next((s for s in (d or {}).get("sources", []) if s.get("url") == CNI_URL), {})
    out(st == 200 and all(k in d for k in ("answer", "sources", "confidence", "refused", "path"))
        and isinstance(d["confidence"], (int, float)) and 0 <= d["confidence"] <= 1
        and isinstance(d["path"], str) and d["path"]
        and src.get("title") == "Carte nationale d'identité" and src.get("service") == "État civil"
        and src.get("validated_by") == "Claire Martin" and src.get("validated_on") == "2026-09-14",
        "answer JSON has answer/sources/confidence/refused/path and full source metadata",
        raw[:400].decode("utf-8", "replace"))
    out(h.get("content-security-policy") == CSP and h.get("x-content-type-options") == "nosniff"
        and h.get("referrer-policy") == "no-referrer" and "permissions-policy" in h
        and "x-frame-options" in h and h.get("cache-control") == "no-store",
        "security headers (CSP, nosniff, Referrer-Policy, Permissions-Policy, XFO) on answers",
        repr(h))

    st, h, raw, d = cl.ask({"question": "Comment obtenir une carte d'identité ?",
                            "conversation_id": "e2e-conv-1"})
    out(st == 200 and CNI_URL in urls(d), "ask with a conversation_id -> 200",
        "status %s body %r" % (st, raw[:200]))

    # The draft page is never cited
    st, h, raw, d = cl.ask({"question": "Quels sont les horaires de la piscine Jean Bouin et "
                                        "les leçons de natation ?"})
    out(st == 200 and isinstance(d, dict) and DRAFT_URL not in urls(d)
        and (not d.get("refused") or isinstance(d.get("refusal_reason"), str)),
        "question on the draft page's topic -> 200, draft not cited",
        "status %s body %r" % (st, raw[:300]))

    st, h, raw, d = cl.ask({"question": "Quelle est la capitale de l'Australie ?"})
    out(st == 200 and isinstance(d, dict) and isinstance(d.get("refused"), bool)
        and (not d["refused"] or (isinstance(d.get("refusal_reason"), str) and d["refusal_reason"])),
        "off-topic question -> 200, refusal_reason present whenever refused",
        "status %s body %r" % (st, raw[:300]))

    # Errors
    check_error(cl, "bad JSON", 400, body=b'{"question": "carte')
    check_error(cl, "empty body", 400, body=b"")
    check_error(cl, "trailing data after the object", 400, body=b'{"question": "carte"} x')
    check_error(cl, "JSON array instead of an object", 400, body=b'["carte"]')
    check_error(cl, "missing question", 400, body=b'{"q": "carte"}')
    check_error(cl, "empty question", 400, body=b'{"question": ""}')
    check_error(cl, "blank question", 400, body=b'{"question": "  \\n "}')
    check_error(cl, "non-string question", 400, body=b'{"question": 42}')
    check_error(cl, "null question", 400, body=b'{"question": null}')
    check_error(cl, "bad conversation_id", 400,
                body=b'{"question": "carte", "conversation_id": "a b/c"}')
    check_error(cl, "invalid UTF-8", 400, body=b'{"question": "carte \xc3\x28 identit\xe9"}')
    check_error(cl, "overlong UTF-8 encoding", 400, body=b'{"question": "\xc0\xaf"}')
    check_error(cl, "lone surrogate escape", 400, body=b'{"question": "\\ud800"}')
    check_error(cl, "JSON nested 17 levels deep", 400,
                body=b'{"question": "carte", "x": ' + b"[" * 16 + b"]" * 16 + b"}")
    check_error(cl, "JSON nested 10,000 levels deep", 400, body=b"[" * 10000)
    check_error(cl, "question of 501 characters", 413,
                body=json.dumps({"question": "é" * 501}, ensure_ascii=False).encode())
    st, h, raw, d = cl.ask({"question": "carte d'identité " + "é" * 483})   # 500 code points
    out(st == 200, "question of exactly 500 characters (1,000 bytes) -> 200", "status %s" % st)
    for m in ("GET", "PUT", "DELETE"):
        st, h, d = check_error(cl, "%s /api/v1/ask" % m, 405, method=m, body=None, ctype=None)
        out("POST" in h.get("allow", ""), "405 to %s carries Allow: POST" % m, repr(h.get("allow")))
    check_error(cl, "POST /api/v1/health", 405, path="/api/v1/health", body=b"{}")
    check_error(cl, "Content-Type text/plain", 415, body=b'{"question": "carte"}', ctype="text/plain")
    check_error(cl, "no Content-Type", 415, body=b'{"question": "carte"}', ctype=None)
    check_error(cl, "form-encoded body", 415, body=b"question=carte",
                ctype="application/x-www-form-urlencoded")
    st, h, raw, d = cl.request("POST", "/api/v1/ask", b'{"question": "carte d\'identit\xc3\xa9"}',
                               {"Content-Type": "Application/JSON; charset=UTF-8"})
    out(st == 200, "Content-Type with upper case and charset parameter is accepted", "status %s" % st)
    big = json.dumps({"question": "carte", "pad": "x" * 20000}).encode()
    check_error(cl, "20 KB body", 413, body=big)
    st, h, d = check_error(cl, "unknown path", 404, method="GET", path="/api/v1/nope", body=None, ctype=None)
    out(h.get("content-security-policy") == CSP and h.get("x-content-type-options") == "nosniff",
        "security headers on error responses too", repr(h))

    # CORS for the widget, HEAD
    st, h, raw, d = cl.request("OPTIONS", "/api/v1/ask", None,
                               {"Origin": "https://www.villebrune.example",
                                "Access-Control-Request-Method": "POST",
                                "Access-Control-Request-Headers": "content-type"})
    out(st == 204 and h.get("access-control-allow-origin") == "https://www.villebrune.example"
        and "origin" in h.get("vary", "").lower()
        and "POST" in h.get("access-control-allow-methods", "")
        and "content-type" in h.get("access-control-allow-headers", "").lower(),
        "CORS preflight from an origin of widget-origins -> 204 with Access-Control-Allow-*",
        repr(h))
    st, h, raw, d = cl.request("OPTIONS", "/api/v1/ask", None,
                               {"Origin": "https://evil.example",
                                "Access-Control-Request-Method": "POST"})
    out(st == 204 and "access-control-allow-origin" not in h,
        "CORS preflight from another origin -> no Access-Control-Allow-Origin", repr(h))
    st, h, raw, d = cl.request("HEAD", "/api/v1/health")
    out(st == 200 and raw == b"", "HEAD /api/v1/health -> 200 without a body", "status %s" % st)

    # Keep-alive: several requests on one TCP connection
    c = cl.conn()
    socks, statuses = set(), []
    try:
        for i in range(6):
            if i % 2:
                st, h, raw, d = cl.request("GET", "/api/v1/health", conn=c)
            else:
                st, h, raw, d = cl.ask({"question": "carte d'identité"}, conn=c)
            statuses.append(st)
            socks.add(id(c.sock) if c.sock is not None else None)
    finally:
        c.close()
    out(statuses == [200] * 6 and len(socks) == 1 and None not in socks,
        "keep-alive: 6 requests (ask and health) on one connection",
        "statuses %s, sockets %s" % (statuses, socks))
    c = cl.conn()
    try:
        st1 = cl.ask({"question": "x"}, content_type="text/plain", conn=c)[0]
        s1 = id(c.sock)
        st2 = cl.ask({"question": "carte d'identité"}, conn=c)[0]
        same = c.sock is not None and id(c.sock) == s1
    finally:
        c.close()
    out(st1 == 415 and st2 == 200 and same, "keep-alive survives an error response (415)",
        "statuses %s %s same socket %s" % (st1, st2, same))

    # 50 concurrent requests, each on its own connection
    results = [None] * 50
    questions = ["Comment obtenir une carte nationale d'identité ?",
                 "Comment réserver le ramassage des encombrants ?"]

    def worker(i):
        try:
            st, h, raw, d = cl.ask({"question": questions[i % 2]})
            results[i] = (st, (CNI_URL if i % 2 == 0 else ENCOMBRANTS_URL) in urls(d))
        except Exception as e:  # noqa: BLE001 - reported as a failure
            results[i] = (repr(e), False)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    bad = [r for r in results if r != (200, True)]
    out(not bad, "50 concurrent asks all answer 200 with the right source",
        "%d bad, e.g. %r" % (len(bad), bad[:3]))

    out(DRAFT_URL not in seen_urls, "the draft page was never cited in any answer of this run")

    st, h, raw, d = cl.request("GET", "/api/v1/health")
    out(st == 200, "server still healthy after every bad request", "status %s" % st)


def limited_checks(cl):
    statuses = []
    last = None
    c = cl.conn()
    try:
        for i in range(7):
            last = cl.ask({"question": "carte d'identité"}, conn=c)
            statuses.append(last[0])
    finally:
        c.close()
    out(statuses[:5] == [200] * 5, "rate limit 5/min: the first 5 asks -> 200", repr(statuses))
    st, h, raw, d = last
    out(st == 429 and isinstance(d, dict) and isinstance(d.get("error"), str) and d["error"]
        and h.get("retry-after", "").isdigit() and int(h["retry-after"]) >= 1,
        "rate limit 5/min: further asks -> 429 with a JSON error and Retry-After",
        "statuses %r body %r headers %r" % (statuses, raw[:200], h.get("retry-after")))
    out(isinstance(d, dict) and any(w in d.get("error", "") for w in ("patienter", "questions")),
        "the 429 message is in French", repr(d))
    st = cl.request("GET", "/api/v1/health")[0]
    out(st == 200, "health is not rate limited", "status %s" % st)


if __name__ == "__main__":
    mode, base = sys.argv[1], sys.argv[2]
    client = Client(base)
    try:
        (main_checks if mode == "main" else limited_checks)(client)
    except Exception as e:  # a crash of the checker is a failure, not a silent pass
        out(False, "checker ran to the end", repr(e))
