#!/usr/bin/env python3
"""Read what fakesmsc (kannel-extras) received, and rebuild the SMS.

usage: fakesmsc_replies.py FAKESMSC_OUTPUT

fakesmsc logs each message the bearerbox sends it as
    ... Got message N: <TO FROM text TEXT>                 plain (TEXT as is)
    ... Got message N: <TO FROM ucs-2 DATA>                UCS-2, url-encoded UTF-16BE
    ... Got message N: <TO FROM udh UDH data DATA>          with a user data header,
    ... Got message N: <TO FROM udh UDH ucs-2 DATA>         DATA url-encoded
Parts of a concatenated SMS carry the UDH 05 00 03 REF TOTAL SEQ (TS 23.040
§9.2.3.24.1).  Exit status 0 when at least one message is complete and none is
waiting for parts; then print, for the last complete message:
    parts=N coding=gsm|ucs-2
    the text, parts joined
Exit status 1 when nothing (or not everything) has arrived yet.
"""
import re
import sys
import urllib.parse

ENTRY = re.compile(r"Got message \d+: <(.*?)>\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d |\Z)", re.S)


def parse(entry):
    to, frm, rest = entry.split(" ", 2)
    udh = b""
    if rest.startswith("udh "):
        _, u, rest = rest.split(" ", 2)
        udh = urllib.parse.unquote_to_bytes(u)
    kind, _, data = rest.partition(" ")
    if kind == "text":
        text, coding = data, "gsm"
    elif kind == "data":
        text, coding = urllib.parse.unquote_to_bytes(data.replace("+", " ")).decode("utf-8"), "gsm"
    elif kind in ("ucs-2", "ucs2"):
        raw = urllib.parse.unquote_to_bytes(data.replace("+", "%20"))
        text, coding = raw.decode("utf-16-be"), "ucs-2"
    else:
        raise ValueError("unknown fakesmsc message type %r" % kind)
    concat = None
    if len(udh) >= 6 and udh[1] == 0x00 and udh[2] == 3:
        concat = (udh[3], udh[4], udh[5])   # ref, total, seq
    return to, frm, text, coding, concat


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        log = f.read()
    complete, waiting = [], {}
    for m in ENTRY.finditer(log + ("\n" if not log.endswith("\n") else "")):
        to, frm, text, coding, concat = parse(m.group(1))
        if not concat:
            complete.append((1, coding, text))
            continue
        ref, total, seq = concat
        parts = waiting.setdefault((to, frm, ref), {})
        parts[seq] = (coding, text)
        if len(parts) == total and all(i in parts for i in range(1, total + 1)):
            codings = {parts[i][0] for i in parts}
            complete.append((total, "ucs-2" if "ucs-2" in codings else "gsm",
                             "".join(parts[i][1] for i in range(1, total + 1))))
            del waiting[(to, frm, ref)]
    if not complete or waiting:
        return 1
    n, coding, text = complete[-1]
    sys.stdout.write("parts=%d coding=%s\n%s\n" % (n, coding, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
