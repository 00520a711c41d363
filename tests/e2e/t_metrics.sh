#!/bin/sh
# t_metrics.sh — GET /metrics after known traffic: promtool check metrics
# (Debian's prometheus package), a parser of the text format with the
# values that traffic must have left (metrics_check.py), and who may read
# them: loopback yes, anything that came through a proxy no.  Also the
# example alert rules: promtool check rules and promtool test rules.
set -u
E2E_NAME=metrics . "$(dirname "$0")/lib.sh"
command -v promtool >/dev/null || { ko "promtool (package prometheus, a test dependency) is missing"; finish; }
"$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1 ||
    { ko "import"; show "$tmp/import.log"; finish; }
serve main --db "$tmp/t.db" --rate-limit 3 || { ko "serve"; show "$tmp/main.log"; finish; }
ask() { curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
        -d "{\"question\": \"$1\"}" "$url/api/v1/ask"; }
ask "bonjour" >"$tmp/codes"                                # small talk: a refusal
ask "Comment refaire ma carte d'identité ?" >>"$tmp/codes" # an answer
curl -s -o /dev/null -w '%{http_code}\n' -d "question=horaires" "$url/demander" \
    -H 'Content-Type: application/x-www-form-urlencoded' >>"$tmp/codes"   # the page's form
ask "encore une" >>"$tmp/codes"                            # the 4th in a minute: 429
curl -s -o /dev/null "$url/no/such/page"
curl -s -o /dev/null "$url/api/v1/health"
check "traffic: 200, 200, 200 then 429 ($(tr '\n' ' ' <"$tmp/codes"))" \
    [ "$(tr '\n' ' ' <"$tmp/codes")" = "200 200 200 429 " ]
sleep 0.3   # the recorder's batch
code=$(curl -s -o "$tmp/metrics.txt" -w '%{http_code} %{content_type}' "$url/metrics")
check "GET /metrics on loopback: 200, text/plain; version=0.0.4 ($code)" \
    [ "$code" = "200 text/plain; version=0.0.4; charset=utf-8" ]
if promtool check metrics <"$tmp/metrics.txt" >"$tmp/promtool.txt" 2>&1; then
    ok "promtool check metrics: no problem"
else
    ko "promtool check metrics"; show "$tmp/promtool.txt"
fi
cat >"$tmp/expect.json" <<'JSON'
{"eq": {"guichet_refusals_total{channel=\"api\",reason=\"small_talk\"}": 1,
        "guichet_http_requests_total{code=\"404\",route=\"unmatched\"}": 1,
        "guichet_http_requests_total{code=\"429\",route=\"/api/v1/ask\"}": 1,
        "guichet_http_requests_total{code=\"200\",route=\"/api/v1/ask\"}": 2,
        "guichet_http_requests_total{code=\"200\",route=\"/demander\"}": 1,
        "guichet_http_requests_total{code=\"200\",route=\"/api/v1/health\"}": 1,
        "guichet_answers_total{channel=\"api\",path=\"extractive\"}": 2,
        "guichet_answers_total{channel=\"web\",path=\"extractive\"}": 1,
        "guichet_answer_duration_seconds_count{channel=\"api\"}": 2,
        "guichet_exchanges_recorded_total{}": 3,
        "guichet_recorder_queue_length{}": 0,
        "guichet_reloads_total{result=\"failed\"}": 0,
        "guichet_pages{}": 4,
        "guichet_build_info{version=\"0.1.0\"}": 1},
 "ge": {"guichet_http_request_duration_seconds_count{route=\"/api/v1/ask\"}": 3,
        "guichet_exchanges_written_total{}": 3,
        "guichet_start_time_seconds{}": 1700000000}}
JSON
python3 "$here/metrics_check.py" "$tmp/metrics.txt" "$tmp/expect.json" >"$tmp/mc.txt" 2>&1
while IFS= read -r line; do
    case $line in "ok - "*) ok "${line#ok - }" ;; "FAIL - "*) ko "${line#FAIL - }" ;; *) echo "$line" ;; esac
done <"$tmp/mc.txt"
for h in "X-Forwarded-For: 127.0.0.1" "X-Real-IP: 127.0.0.1" "Forwarded: for=127.0.0.1"; do
    code=$(curl -s -o "$tmp/f.json" -w '%{http_code}' -H "$h" "$url/metrics")
    check "/metrics through a proxy ($h): 403 with a JSON error" \
        sh -c '[ "$1" = 403 ] && grep -q "\"error\"" "$2"' sh "$code" "$tmp/f.json"
done
# (On a copy: one server per database, and the one above still runs.)
cp "$tmp/t.db" "$tmp/bad.db"
"$bin" serve --db "$tmp/bad.db" --listen 127.0.0.1:0 --metrics-allow "10.0.0.0/33" >/dev/null 2>"$tmp/bad.err"
rc=$?
check "a bad metrics-allow: exit 2 naming the setting (got $rc)" \
    sh -c '[ "$1" = 2 ] && grep -q "metrics-allow: .*10.0.0.0/33" "$2"' sh "$rc" "$tmp/bad.err"
promtool check rules "$root/docs/examples/prometheus-alerts.yml" >"$tmp/rules.txt" 2>&1 &&
    ok "promtool check rules docs/examples/prometheus-alerts.yml" || { ko "promtool check rules"; show "$tmp/rules.txt"; }
(cd "$here" && promtool test rules prometheus-alerts-test.yml) >"$tmp/rt.txt" 2>&1 &&
    ok "promtool test rules: the example alerts fire on their series" || { ko "promtool test rules"; show "$tmp/rt.txt"; }
finish
