#!/bin/sh
# t_openapi.sh — docs/openapi.json, served at /api/v1/openapi.json, against
# the real responses of three servers (openapi_check.py): one without rate
# limit, one with --rate-limit 1, one with a model server (the fake of
# tests/fixtures/fake_llm.py).  Needs python3-jsonschema (test dependency).
set -u
E2E_NAME=openapi . "$(dirname "$0")/lib.sh"
python3 -c 'import jsonschema' 2>/dev/null || { ko "python3-jsonschema (a test dependency) is missing"; finish; }
"$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >/dev/null 2>&1 || { ko "import"; finish; }
"$bin" import --quiet --db "$tmp/m.db" "$root/demo/pages/" >/dev/null 2>&1 || { ko "import demo"; finish; }
python3 "$root/tests/fixtures/fake_llm.py" --port 0 --port-file "$tmp/port" --log "$tmp/llm.jsonl" 2>"$tmp/fake.err" &
pids="$pids $!"
i=0; while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
lport=$(cat "$tmp/port")
serve a --db "$tmp/t.db" --rate-limit 0 || { ko "serve"; finish; }
u1=$url
cp "$tmp/t.db" "$tmp/t2.db"   # one server per database
serve b --db "$tmp/t2.db" --rate-limit 1 || { ko "serve limited"; finish; }
u2=$url
serve c --db "$tmp/m.db" --rate-limit 0 --llm-url "http://127.0.0.1:$lport/v1" --llm-model fake \
    --min-confidence 0.01 || { ko "serve with a model"; finish; }
u3=$url
python3 "$here/openapi_check.py" "$root" "$u1" "$u2" "$u3" "http://127.0.0.1:$lport/_control/scenario" \
    >"$tmp/o.txt" 2>&1
while IFS= read -r line; do
    case $line in "ok - "*) ok "${line#ok - }" ;; "FAIL - "*) ko "${line#FAIL - }" ;; *) echo "  $line" ;; esac
done <"$tmp/o.txt"
finish
