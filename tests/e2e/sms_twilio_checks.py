#!/usr/bin/env python3
"""HTTP checks of POST /sms/twilio against a live `guichet serve` (standard library only).

usage: sms_twilio_checks.py URL PUBLIC_URL TOKEN

The server runs with --twilio-token TOKEN --public-url PUBLIC_URL and no
--kannel-secret.  Requests are signed here with Python's own hmac/hashlib,
independently of Guichet's SHA-1, exactly as Twilio documents it: base64 of
HMAC-SHA1(token, PUBLIC_URL + path [+ "?" + query] + name1 + value1 + ...),
the POST fields sorted by name.  Prints one line per check, "ok - ..." or
"FAIL - ...: detail"; t_sms_twilio.sh counts them.
"""
import base64
import hashlib
import hmac
import http.client
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET

CNI_URL = "https://www.villebrune.example/demarches/carte-identite"
SALLE_URL = "https://www.villebrune.example/associations/salle-des-fetes"
ENCOMBRANTS_URL = "https://www.villebrune.example/environnement/encombrants"
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'
DISCLOSURE = "Assistant automatique de Villebrune"


def out(ok, what, detail=""):
    print(("ok - " if ok else "FAIL - ") + what + ("" if ok or not detail else ": " + detail),
          flush=True)
    return ok


class Twilio:
    def __init__(self, base, public, token):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.public = public.rstrip("/")
        self.token = token

    def sign(self, path, fields, query=""):
        s = self.public + path + ("?" + query if query else "")
        for name, value in sorted(fields):
            s += name + value
        mac = hmac.new(self.token.encode(), s.encode("utf-8"), hashlib.sha1).digest()
        return base64.b64encode(mac).decode()

    def post(self, fields, sig=True, query="", ctype="application/x-www-form-urlencoded",
             body=None, path="/sms/twilio"):
        """fields: list of (name, value).  Returns (status, headers, text)."""
        if body is None:
            body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": ctype} if ctype else {}
        if sig is True:
            headers["X-Twilio-Signature"] = self.sign(path, fields, query)
        elif sig:
            headers["X-Twilio-Signature"] = sig
        c = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            c.request("POST", path + ("?" + query if query else ""), body=body, headers=headers)
            r = c.getresponse()
            raw = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, raw.decode("utf-8", "replace")
        finally:
            c.close()

    def get(self, path):
        c = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            return r.status
        finally:
            c.close()


def sms_fields(frm, body, extra=()):
    # Every message has its own id: a request with an id seen before is a
    # replay, answered with nothing (tests/e2e/faults.py checks that).
    sid = "SM" + os.urandom(16).hex()
    f = [("ToCountry", "FR"), ("SmsMessageSid", sid), ("NumMedia", "0"),
         ("MessageSid", sid), ("AccountSid", "AC" + "2" * 32),
         ("From", frm), ("To", "+33755555555"), ("Body", body), ("NumSegments", "1"),
         ("ApiVersion", "2010-04-01")]
    return f + list(extra)


def message(text):
    """The <Message> text of a TwiML reply; "" for <Response/>; None if not TwiML."""
    if not text.startswith(XML_DECL):
        return None
    try:
        root = ET.fromstring(text[len(XML_DECL):])
    except ET.ParseError:
        return None
    if root.tag != "Response":
        return None
    msgs = root.findall("Message")
    return "".join(m.text or "" for m in msgs) if msgs else ""


def main():
    base, public, token = sys.argv[1], sys.argv[2], sys.argv[3]
    tw = Twilio(base, public, token)
    a, b, c = "+33611110001", "+33611110002", "+33611110003"

    st, h, t = tw.post(sms_fields(a, "Comment obtenir une carte nationale d'identité ?"))
    m = message(t)
    out(st == 200 and h.get("content-type", "").startswith("text/xml") and m is not None,
        "valid signature -> 200 text/xml TwiML <Response><Message>",
        "status %s type %s body %r" % (st, h.get("content-type"), t[:200]))
    out(m is not None and m.startswith(DISCLOSURE) and "carte nationale d'identit" in m
        and CNI_URL in m,
        "first reply: AI disclosure line, then the answer and the page address",
        repr(m)[:300])
    out(m is not None and "SUITE" not in m and m.endswith("\n" + CNI_URL),
        "an answer whose best sentences fit 2 parts: sent whole, the page address last",
        repr(m)[:300])
    st, h, t = tw.post(sms_fields(a, "Quelles pièces fournir pour louer la salle des fêtes ?"))
    m = message(t)
    out(m is not None and m.endswith(" ;\nSUITE pour la suite. " + SALLE_URL),
        "a long answer (a list) is cut after an item, with how to get the rest (SUITE)",
        repr(m)[:300])
    st, h, t = tw.post(sms_fields(a, "suite"))
    m2 = message(t)
    out(st == 200 and m2 and not m2.startswith(DISCLOSURE) and m2 not in m,
        "SUITE -> the next part, no second disclosure", repr(m2)[:300])

    extra = [("Unknown_Field", "é ü & ="), ("FromCity", "VILLEBRUNE"), ("OptOutType", "")]
    st, h, t = tw.post(sms_fields(b, "Comment réserver le ramassage des encombrants ?", extra))
    m = message(t)
    out(st == 200 and m and ENCOMBRANTS_URL in m,
        "unknown and empty fields are tolerated (and signed)", "status %s %r" % (st, t[:200]))

    q = "town=villebrune&v=2"
    st, h, t = tw.post(sms_fields(b, "AIDE"), query=q)
    out(st == 200 and message(t) and "STOP" in message(t),
        "a query string in the webhook URL is part of the signature", "status %s" % st)

    # Refusals: wrong, missing, other token, other URL, tampered body.
    fields = sms_fields(c, "AIDE")
    st, h, t = tw.post(fields, sig="x" * 27 + "=")
    out(st == 403, "invalid signature -> 403", "status %s" % st)
    st, h, t = tw.post(fields, sig=None)
    out(st == 403, "missing X-Twilio-Signature -> 403", "status %s" % st)
    other = Twilio(base, public, token + "x")
    st, h, t = tw.post(fields, sig=other.sign("/sms/twilio", fields))
    out(st == 403, "signature made with another token -> 403", "status %s" % st)
    elsewhere = Twilio(base, "https://attacker.example", token)
    st, h, t = tw.post(fields, sig=elsewhere.sign("/sms/twilio", fields))
    out(st == 403, "signature of another public URL -> 403", "status %s" % st)
    good = tw.sign("/sms/twilio", fields)
    st, h, t = tw.post(sms_fields(c, "STOP"), sig=good)
    out(st == 403, "body changed after signing -> 403", "status %s" % st)
    st, h, t = tw.post(fields, sig=True, query="x=1")
    out(st == 200, "(control) the same request properly signed -> 200", "status %s" % st)

    # STOP / START.
    st, h, t = tw.post(sms_fields(c, "Stop"))
    out(st == 200 and "Vous ne recevrez plus" in (message(t) or ""),
        "STOP -> confirmed once", repr(t)[:200])
    st, h, t = tw.post(sms_fields(c, "Comment obtenir une carte nationale d'identité ?"))
    out(st == 200 and message(t) == "" and t == XML_DECL + "<Response/>",
        "after STOP a question gets an empty <Response/> (no SMS)", repr(t)[:200])
    st, h, t = tw.post(sms_fields(c, "STOP"))
    out(st == 200 and message(t) == "", "a second STOP is not confirmed again", repr(t)[:200])
    st, h, t = tw.post(sms_fields(c, "START"))
    out(st == 200 and "réactivé" in (message(t) or ""),
        "START -> messages again", repr(t)[:200])

    # OUBLIER.
    st, h, t = tw.post(sms_fields(c, "oublier"))
    out(st == 200 and "a été effacé" in (message(t) or ""), "OUBLIER -> confirmed", repr(t)[:200])
    st, h, t = tw.post(sms_fields(c, "AIDE"))
    out(st == 200 and (message(t) or "").startswith(DISCLOSURE),
        "after OUBLIER the number is a stranger again (disclosure again)", repr(t)[:200])

    # Bad input.
    st, h, t = tw.post(sms_fields(c, ""))
    out(st == 200 and "vide" in (message(t) or ""), "empty Body -> a polite SMS", repr(t)[:200])
    st, h, t = tw.post(sms_fields(c, "Bonjour " * 1250))
    out(st == 200 and "trop long" in (message(t) or ""),
        "10,000-character Body -> a polite 'too long' SMS", "status %s %r" % (st, t[:200]))
    # Invalid UTF-8 cannot go through str: sign the raw bytes by hand.
    body = b"From=%2B33611110003&Body=%FF%FE"
    s = (tw.public + "/sms/twilio").encode() + b"Body\xff\xfe" + b"From" + c.encode()
    sig = base64.b64encode(hmac.new(token.encode(), s, hashlib.sha1).digest()).decode()
    st, h, t = tw.post([], sig=sig, body=body)
    out(st == 200 and "pas pu" in (message(t) or ""),
        "invalid UTF-8 in Body -> a polite SMS", "status %s %r" % (st, t[:200]))
    st, h, t = tw.post([("Body", "AIDE")])
    out(st == 400, "missing From -> 400", "status %s" % st)
    st, h, t = tw.post([("From", "ORANGE"), ("Body", "AIDE")])
    out(st == 400, "a sender that is not a number -> 400", "status %s" % st)
    st, h, t = tw.post(sms_fields(c, "AIDE"), ctype="application/json", body=b"{}")
    out(st == 415 and "application/x-www-form-urlencoded" in t, "a JSON body -> 415, naming "
        "the form type", "status %s %r" % (st, t[:200]))
    st, h, t = tw.post(sms_fields(c, "x" * 20000))
    out(st == 413, "a body over 16 KiB -> 413 from the server", "status %s" % st)
    st, h, t = tw.post([], body=b"From=%2B336&Body=%G0")
    out(st == 400, "a malformed form body -> 400", "status %s" % st)

    # Routes.
    out(tw.get("/sms/kannel") == 404, "GET /sms/kannel -> 404 (no kannel-secret: route off)")
    out(tw.get("/sms/twilio") == 405, "GET /sms/twilio -> 405")


if __name__ == "__main__":
    main()
