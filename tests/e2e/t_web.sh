#!/bin/sh
# t_web.sh — the web page and the widget in a real browser.
#
# usage: t_web.sh path/to/guichet
#
# Imports demo/ into a temporary database, starts `guichet serve` on a free
# loopback port (with widget-origins naming a second origin), serves a plain
# test page with the widget's script tag from that second origin (python3
# -m http.server), and runs web.test.mjs (playwright-core driving Debian's
# /usr/bin/chromium; no browser download).  Then, with the server stopped by
# its PID, checks in the database that the exchanges and the feedback were
# stored (questions scrubbed), and, with a second server limited to 2
# questions a minute, that the form's rate limit answers with a polite HTML
# page.  Screenshots land in tests/e2e/artifacts/.  One line per check, then
# "N passed, M failed"; exit status 1 on any failure.
set -u
E2E_NAME=web . "$(dirname "$0")/lib.sh"

command -v node >/dev/null 2>&1 || { ko "node is needed (make deps)"; finish; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { ko "chromium is needed (make deps)"; finish; }
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent) >"$tmp/npm.log" 2>&1 ||
        { ko "npm ci in tests/e2e (see below)"; sed 's/^/  /' "$tmp/npm.log"; finish; }
fi

# free_port: a port the kernel has just given and taken back.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME OPTIONS...: sets $url and $pid.
start_server() {
    n=$1; shift
    serve "$n" --db "$tmp/demo.db" --config "$root/demo/guichet.ini" "$@"
}

if "$bin" import --quiet --db "$tmp/demo.db" "$root/demo/" >"$tmp/import.log" 2>&1; then
    ok "import of demo/"
else
    ko "import of demo/"; sed 's/^/  /' "$tmp/import.log"; finish
fi

# The second origin: a plain page with the widget's tag.
wport=$(free_port)
mkdir -p "$tmp/site"
if ! start_server main --rate-limit 0 --threads 2 --widget-origins "http://127.0.0.1:$wport"; then
    ko "serve starts"; sed 's/^/  /' "$tmp/main.log"; finish
fi
ok "serve starts ($url)"
main_pid=$pid
main_url=$url
sed "s|GUICHET_URL|$main_url|" "$here/widget-page.html" >"$tmp/site/widget-page.html"
(cd "$tmp/site" && exec python3 -m http.server "$wport" --bind 127.0.0.1) >"$tmp/site.log" 2>&1 &
pids="$pids $!"
i=0
until python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
      "http://127.0.0.1:$wport/widget-page.html" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -lt 50 ] || break; sleep 0.1
done

mkdir -p "$here/artifacts"
GUICHET_URL=$main_url WIDGET_URL="http://127.0.0.1:$wport/widget-page.html" \
WIDGET_DENIED_URL="http://localhost:$wport/widget-page.html" \
ARTIFACTS="$here/artifacts" RESULTS="$tmp/results.txt" \
    node "$here/web.test.mjs" >"$tmp/browser.txt" 2>&1
node_rc=$?
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "FAIL - "*) ko "${line#FAIL - }" ;;
    *" passed, "*" failed") ;;
    *) echo "  $line" ;;
    esac
done <"$tmp/browser.txt"
[ "$node_rc" -eq 0 ] || grep -q "^FAIL" "$tmp/browser.txt" || ko "web.test.mjs exited $node_rc"

# --- the database, once the server has stopped ---------------------------
kill -TERM "$main_pid"
wait "$main_pid"
rc=$?
check "SIGTERM stops the server cleanly, queued exchanges written (exit $rc)" [ "$rc" -eq 0 ]
q() { sqlite3 -batch -noheader "$tmp/demo-exchanges.db" "$1"; }   # the exchanges' own file
n=$(q "SELECT COUNT(*) FROM messages WHERE channel IN ('web', 'api')")
check "every exchange is stored in messages ($n rows)" [ "${n:-0}" -ge 10 ]
n=$(q "SELECT COUNT(*) FROM messages WHERE conversation_id <> ''")
check "every stored exchange belongs to a conversation" [ "$n" = "$(q 'SELECT COUNT(*) FROM messages')" ]
fb=$(sed -n 's/^FEEDBACK //p' "$tmp/results.txt" | head -n 1)
mid=${fb%% *}
if [ -n "$mid" ]; then
    row=$(q "SELECT useful || '|' || comment FROM feedback WHERE message_id = $mid")
    check "the feedback given in the browser is in the database (message $mid: $row)" \
        [ "$row" = "0|La réponse ne parle pas des délais." ]
else
    ko "the browser test reported its feedback"
fi
n=$(q "SELECT COUNT(*) FROM feedback")
check "feedback rows: from the page, the keyboard run, the form without JavaScript and the widget ($n)" [ "${n:-0}" -ge 4 ]
n=$(q "SELECT COUNT(*) FROM messages WHERE question LIKE '%<script>%'")
check "questions are stored as typed (escaping is for display only)" [ "${n:-0}" -ge 1 ]

# Scrubbing, through the API of a fresh server on the same database.
if start_server scrub --rate-limit 0; then
    curl -s -H 'Content-Type: application/json' \
        -d '{"question":"rappelez-moi au 06 12 34 56 78 ou jean.dupont@example.fr pour la carte"}' \
        "$url/api/v1/ask" >/dev/null
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{}' "$url/")
    check "the form refuses a JSON body (415)" [ "$code" = 415 ]
    kill -TERM "$pid"; wait "$pid"
    row=$(q "SELECT question FROM messages ORDER BY id DESC LIMIT 1")
    check "phone numbers and e-mails are masked before storage ($row)" \
        [ "$row" = "rappelez-moi au [téléphone] ou [courriel] pour la carte" ]
else
    ko "second server starts"
fi

# --- the form's rate limit: a polite HTML page --------------------------
if start_server limited --rate-limit 2; then
    for i in 1 2; do curl -s -o /dev/null -d 'question=horaires' "$url/"; done
    curl -s -D "$tmp/h429" -o "$tmp/b429" -d 'question=horaires' "$url/"
    check "the third form post in a minute gets 429 with Retry-After" \
        grep -qi '^retry-after: [0-9]' "$tmp/h429"
    check "... as an HTML page in French that says to wait" \
        sh -c 'grep -qi "^content-type: text/html" "$1" && grep -q "Merci de patienter" "$2" && grep -q "lang=\"fr\"" "$2"' sh "$tmp/h429" "$tmp/b429"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "$url/nulle-part")
    check "an unknown page asked by a browser gets an HTML 404 ($code)" \
        sh -c '[ "$1" = 404 ] && curl -s -H "Accept: text/html" "$2/nulle-part" | grep -q "Page introuvable"' sh "$code" "$url"
else
    ko "rate-limited server starts"
fi

sed -n 's/^AXE /  axe: /p' "$tmp/results.txt"
echo "  screenshots: $here/artifacts/"
finish
