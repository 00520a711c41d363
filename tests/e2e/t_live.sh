#!/bin/sh
# Live content (docs/content.md): `guichet serve` under steady load sees
# imports and withdrawals within 5 s, without a failed request
# (live_check.py); SIGHUP reloads when polling is off; the date bounds pages.
set -u
E2E_NAME=live . "$(dirname "$0")/lib.sh"
cd "$root"
db=$tmp/live.db
mkdir -p "$tmp/p"
page() { # file url body [extra front matter line]
    cat > "$tmp/p/$1" <<P
---
title: $1
url: $2
service: Test
status: validated
validated_by: Testeur
validated_on: 2026-01-15
${4:-}
---
$3
P
}
page cimetiere.md https://x.example/cimetiere "La concession trentenaire au cimetière coûte 310 euros."
page piscine.md https://x.example/piscine "L'entrée à la piscine coûte 4 euros pour un adulte."
page marche.md https://x.example/marche "Le marché a lieu le jeudi matin place du Marché, de 8 h à 13 h."
page elections.md https://x.example/elections-2020 \
    "Pour voter aux élections municipales zébulon, rendez-vous au bureau de vote de votre quartier." \
    "expires: 2020-03-31"
"$bin" import --quiet --db "$db" "$tmp/p" || { ko "import"; finish; }

# wait_health URL: /api/v1/health answers within 10 s
wait_health() {
    python3 - "$1" <<'EOF'
import sys, time, urllib.request
for _ in range(100):
    try:
        with urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=2) as r:
            sys.exit(0 if r.status == 200 else 1)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF
}

if serve live --db "$db" --lexicon "" --rate-limit 0 --threads 4 && wait_health "$url"; then
    python3 "$here/live_check.py" "$bin" "$url" "$db" "$tmp/p" > "$tmp/checks.txt" 2>&1
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "FAIL - "*) ko "${line#FAIL - }" ;;
        *) echo "  $line" ;;
        esac
    done < "$tmp/checks.txt"
    grep -q "content version .* served" "$tmp/live.log" && ok "the log says which content version is served" ||
        ko "the log says which content version is served"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null
else
    ko "guichet serve started"; show "$tmp/live.log"
fi

# SIGHUP: with polling off, a change is served only after the signal.
# ask_url URL QUESTION: the URLs the server cites
ask_url() {
    python3 - "$1" "$2" <<'EOF'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/api/v1/ask", data=json.dumps({"question": sys.argv[2]}).encode(),
                             headers={"Content-Type": "application/json"})
print(" ".join(s["url"] for s in json.load(urllib.request.urlopen(req, timeout=10))["sources"]))
EOF
}
if serve hup --db "$db" --lexicon "" --rate-limit 0 --reload-poll-ms 0 && wait_health "$url"; then
    page stade.md https://x.example/stade "Le stade Jean-Bouin accueille les clubs de rugby zébulon."
    "$bin" import --quiet --db "$db" "$tmp/p"
    sleep 1.5
    check "without polling, a change waits for SIGHUP" eval '! ask_url "$url" "stade rugby zébulon" | grep -q stade'
    kill -HUP "$pid"
    i=0; seen=no
    while [ $i -lt 50 ]; do
        if ask_url "$url" "stade rugby zébulon" | grep -q x.example/stade; then seen=yes; break; fi
        sleep 0.1; i=$((i + 1))
    done
    check "SIGHUP reloads: the new page is cited within 5 s" [ $seen = yes ]
    check "the server is still up after SIGHUP" kill -0 "$pid"
    grep -q "SIGHUP received" "$tmp/hup.log" && ok "SIGHUP is logged" || ko "SIGHUP is logged"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null
else
    ko "guichet serve --reload-poll-ms 0 started"; show "$tmp/hup.log"
fi
finish
