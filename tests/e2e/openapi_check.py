"""docs/openapi.json against the real server.  usage: openapi_check.py
ROOT URL LIMITED_URL MODEL_URL FAKE_LLM_CONTROL
URL: a server without rate limit on tests/data/e2e-pages; LIMITED_URL: the
same with --rate-limit 1; MODEL_URL: one on demo/pages with a model server
(tests/fixtures/fake_llm.py, its control URL last).  Every response is
validated against the schema the document gives its path, method and status
(additionalProperties: false: no field the document does not name; required:
every field it says is always there); every optional field of a response
schema must be seen at least once.  Prints ok/FAIL lines."""
import json
import sys
import urllib.error
import urllib.request
import warnings

import jsonschema

warnings.filterwarnings("ignore", category=DeprecationWarning)   # RefResolver, in jsonschema >= 4.18

root, url, limited, model_url, control = sys.argv[1:6]
spec_text = open(root + "/docs/openapi.json", encoding="utf-8").read()
spec = json.loads(spec_text)
failures = 0


def report(ok, what):
    global failures
    print(("ok - " if ok else "FAIL - ") + what)
    failures += 0 if ok else 1


def call(base, method, path, body=None, ctype="application/json", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    rq = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        rq.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(rq, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


resolver = jsonschema.RefResolver.from_schema(spec)


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolver.resolve(node["$ref"])[1]
    return node


seen = set()


def walk(schema, inst, name):
    """Record which properties of which schema the instance used."""
    if isinstance(schema, dict) and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = resolve(schema)
    if isinstance(inst, dict) and "properties" in schema:
        for k, v in inst.items():
            seen.add((name, k))
            if k in schema["properties"]:
                walk(schema["properties"][k], v, name + "." + k)
    if isinstance(inst, list) and "items" in schema:
        for v in inst:
            walk(schema["items"], v, name)


def check(what, method, path, status, ctype, body):
    op = spec["paths"].get(path, {}).get(method.lower())
    if not op:
        return report(False, "%s: %s %s is not in the document" % (what, method, path))
    resp = op["responses"].get(str(status))
    if not resp:
        return report(False, "%s: status %s of %s %s is not documented" % (what, status, method, path))
    resp = resolve(resp)
    media = ctype.split(";")[0].strip()
    content = resp.get("content", {}).get(media)
    if content is None:
        return report(False, "%s: %s %s %s answers %s, not documented" % (what, method, path, status, media))
    schema = content["schema"]
    try:
        inst = json.loads(body)
    except ValueError:
        return report(False, "%s: not JSON: %r" % (what, body[:100]))
    try:
        jsonschema.Draft202012Validator(schema, resolver=resolver).validate(inst)
    except jsonschema.ValidationError as e:
        return report(False, "%s: %s %s %s: %s at %s" % (what, method, path, status, e.message,
                                                         "/".join(map(str, e.absolute_path))))
    walk(schema, inst, "?")
    report(True, "%s: %s %s %s matches the document" % (what, method, path, status))
    return inst


# The document itself.
st, ct, body = call(url, "GET", "/api/v1/openapi.json")
report(st == 200 and ct.startswith("application/json") and body.decode() == spec_text,
       "GET /api/v1/openapi.json serves docs/openapi.json as it is")
report(spec["openapi"] == "3.1.0" and spec["info"]["title"], "OpenAPI 3.1.0 with its info")
for name, s in spec["components"]["schemas"].items():
    try:
        jsonschema.Draft202012Validator.check_schema(s)
    except jsonschema.SchemaError as e:
        report(False, "schema %s: %s" % (name, e.message))
report(True, "every component schema is a valid JSON Schema 2020-12")
for path, ops in spec["paths"].items():
    for m, op in ops.items():
        if "requestBody" in op:
            sch = op["requestBody"]["content"]["application/json"]["schema"]
            examples = {"/api/v1/ask": {"question": "bonjour", "conversation_id": None},
                        "/api/v1/feedback": {"message_id": 1, "feedback_token": "q3V0Yk1pZ2h0QmVIZXJlAA",
                                             "useful": True, "comment": "merci"}}
            jsonschema.Draft202012Validator(sch, resolver=resolver).validate(examples[path])
report(True, "the request schemas accept the requests of docs/api.md")

# Answers, refusals, follow-ups, feedback, errors, health.
a = check("an answer", "POST", "/api/v1/ask",
          *call(url, "POST", "/api/v1/ask", {"question": "Comment refaire ma carte d'identité ?"}))
report(isinstance(a, dict) and a.get("sources") and not a["refused"], "... with its sources")
check("a refusal", "POST", "/api/v1/ask", *call(url, "POST", "/api/v1/ask", {"question": "bonjour"}))
if isinstance(a, dict):
    check("a follow-up", "POST", "/api/v1/ask",
          *call(url, "POST", "/api/v1/ask", {"question": "et le samedi ?", "conversation_id": a["conversation_id"]}))
    check("feedback", "POST", "/api/v1/feedback",
          *call(url, "POST", "/api/v1/feedback", {"message_id": a.get("message_id", 1), "useful": True}))
check("feedback on an unknown exchange", "POST", "/api/v1/feedback",
      *call(url, "POST", "/api/v1/feedback", {"message_id": 999999999, "useful": False}))
check("feedback without useful", "POST", "/api/v1/feedback",
      *call(url, "POST", "/api/v1/feedback", {"message_id": 1}))
check("not JSON", "POST", "/api/v1/ask", *call(url, "POST", "/api/v1/ask", raw=b"{nope"))
check("a question too long", "POST", "/api/v1/ask", *call(url, "POST", "/api/v1/ask", {"question": "a" * 501}))
check("not application/json", "POST", "/api/v1/ask",
      *call(url, "POST", "/api/v1/ask", raw=b"question=x", ctype="text/plain"))
check("health", "GET", "/api/v1/health", *call(url, "GET", "/api/v1/health"))
call(limited, "POST", "/api/v1/ask", {"question": "bonjour"})
check("rate limited", "POST", "/api/v1/ask", *call(limited, "POST", "/api/v1/ask", {"question": "bonjour"}))
# A model's answer (generation), verified, then one refused by verification.
for scenario in ("correct", "invented_time"):
    urllib.request.urlopen(urllib.request.Request(control, data=scenario.encode(), method="POST"), timeout=5).read()
    g = check("a model's answer (%s)" % scenario, "POST", "/api/v1/ask",
              *call(model_url, "POST", "/api/v1/ask", {"question": "Horaires de la piscine"}))
# Every optional field of a response schema was seen.
for name, s in spec["components"]["schemas"].items():
    if name.endswith("Request"):
        continue
    s = resolve(s)
    for prop in s.get("properties", {}):
        if prop not in s.get("required", []):
            report((name, prop) in seen, "optional field %s.%s seen in a real response" % (name, prop))
report(failures == 0, "docs/openapi.json matches the server")
sys.exit(1 if failures else 0)
