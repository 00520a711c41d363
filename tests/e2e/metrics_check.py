"""A small parser of the Prometheus text format (0.0.4) and the checks of
GET /metrics after known traffic.  usage: metrics_check.py FILE EXPECT.json
EXPECT: {"ge": {"series": n, ...}, "eq": {...}} where a series is written
as name{label="v",...} with labels sorted.  Prints ok/FAIL lines."""
import json
import math
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)')
SAMPLE = re.compile(r"^(" + NAME + r")(\{(.*)\})? (\S+)( -?\d+)?$")
failures = 0


def report(ok, what):
    global failures
    print(("ok - " if ok else "FAIL - ") + what)
    failures += 0 if ok else 1


def parse(text):
    """Returns (types, helps, samples: [(name, {labels}, value)]); raises on
    a line the format does not allow."""
    types, helps, samples = {}, {}, []
    for n, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                if not re.fullmatch(NAME, parts[2]):
                    raise ValueError("line %d: bad metric name %r" % (n, parts[2]))
                if parts[1] == "TYPE":
                    if parts[2] in types:
                        raise ValueError("line %d: second TYPE for %s" % (n, parts[2]))
                    if parts[3] not in ("counter", "gauge", "histogram", "summary", "untyped"):
                        raise ValueError("line %d: bad type %r" % (n, parts[3]))
                    types[parts[2]] = parts[3]
                else:
                    helps[parts[2]] = parts[3] if len(parts) > 3 else ""
            continue
        m = SAMPLE.match(line)
        if not m:
            raise ValueError("line %d: not a sample: %r" % (n, line))
        labels, rest = {}, m.group(3) or ""
        while rest:
            lm = LABEL.match(rest)
            if not lm:
                raise ValueError("line %d: bad labels %r" % (n, rest))
            if lm.group(1) in labels:
                raise ValueError("line %d: label %s twice" % (n, lm.group(1)))
            labels[lm.group(1)] = lm.group(2)
            rest = rest[lm.end():]
        v = m.group(4)
        value = float(v.replace("+Inf", "inf").replace("-Inf", "-inf"))
        samples.append((m.group(1), labels, value))
    return types, helps, samples


def family_of(name, types):
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and types.get(name[: -len(suffix)]) == "histogram":
            return name[: -len(suffix)]
    return name


def key(name, labels):
    return name + "{" + ",".join('%s="%s"' % (k, labels[k]) for k in sorted(labels)) + "}"


text = open(sys.argv[1], encoding="utf-8").read()
expect = json.load(open(sys.argv[2]))
try:
    types, helps, samples = parse(text)
    report(True, "/metrics parses as the Prometheus text format (%d samples)" % len(samples))
except ValueError as e:
    report(False, "/metrics parses: %s" % e)
    sys.exit(1)
fams = {family_of(s[0], types) for s in samples}
report(all(f in types and f in helps for f in fams), "every sample's family has # TYPE and # HELP")
report(all(f.startswith("guichet_") for f in types), "every name starts with guichet_")
report(all(f.endswith("_total") for f, t in types.items() if t == "counter"),
       "counters end in _total")
seen = set()
dup = [key(*s[:2]) for s in samples if key(*s[:2]) in seen or seen.add(key(*s[:2]))]
report(not dup, "no series twice %s" % dup[:3])
# Histograms: buckets cumulative, +Inf = _count, per series.
ok = True
groups = {}
for name, labels, value in samples:
    if name.endswith("_bucket") and types.get(name[:-7]) == "histogram":
        rest = {k: v for k, v in labels.items() if k != "le"}
        groups.setdefault(key(name[:-7], rest), []).append((float(labels["le"].replace("+Inf", "inf")), value))
values = {key(n, l): v for n, l, v in samples}
for g, buckets in groups.items():
    buckets.sort()
    counts = [c for _, c in buckets]
    count = values.get(g.replace("{", "_count{", 1))
    if counts != sorted(counts) or not math.isinf(buckets[-1][0]) or counts[-1] != count:
        ok = False
        print("  histogram %s: %s, count %s" % (g, buckets, count))
report(ok and groups, "histograms: cumulative buckets, +Inf equal to _count (%d series)" % len(groups))
for s, n in expect.get("ge", {}).items():
    v = values.get(s)
    report(v is not None and v >= n, "%s >= %s (got %s)" % (s, n, v))
for s, n in expect.get("eq", {}).items():
    v = values.get(s)
    report(v is not None and v == n, "%s = %s (got %s)" % (s, n, v))
sys.exit(1 if failures else 0)
