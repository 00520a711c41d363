#!/bin/sh
# t_sms_twilio.sh — POST /sms/twilio end to end, over loopback.
#
# usage: t_sms_twilio.sh path/to/guichet
#
# Imports tests/data/e2e-pages/ into a temporary database, starts `guichet
# serve` on a free loopback port with --twilio-token and --public-url, and
# runs the checks of sms_twilio_checks.py (requests signed with Python's own
# HMAC-SHA1): valid signature → TwiML with the answer, invalid → 403,
# unknown fields tolerated, keywords, bad input.  Then what only the shell
# sees: no phone number in the log nor in the database, and a token without
# a public URL refused at start-up.  "N passed, M failed"; exit 1 on failure.
set -u
E2E_NAME=twilio . "$(dirname "$0")/lib.sh"
token=e2e0123456789abcdef0123456789ab
public=https://guichet.villebrune.example

command -v python3 >/dev/null 2>&1 || { ko "python3 is needed for the HTTP checks"; finish; }

if "$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1; then
    ok "import of tests/data/e2e-pages/"
else
    ko "import of tests/data/e2e-pages/"; sed 's/^/  /' "$tmp/import.log"; finish
fi

serve serve --db "$tmp/t.db" --threads 2 --town-name Villebrune \
    --twilio-token "$token" --public-url "$public/" --sms-key-file "$tmp/sms.key"
if [ -n "$url" ] && grep -q "SMS gateways: /sms/twilio" "$tmp/serve.log"; then
    ok "serve starts with the Twilio webhook ($url)"
else
    ko "serve starts with the Twilio webhook"; sed 's/^/  /' "$tmp/serve.log"; finish
fi

python3 "$here/sms_twilio_checks.py" "$url" "$public" "$token" >"$tmp/checks.txt" 2>&1
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "FAIL - "*) ko "${line#FAIL - }" ;;
    *) echo "  $line" ;;
    esac
done <"$tmp/checks.txt"

check "the key file was created with mode 600" \
    sh -c '[ "$(stat -c %a "$1")" = 600 ] && [ "$(stat -c %s "$1")" = 32 ]' sh "$tmp/sms.key"
check "the log has one line per SMS, with a pseudonym" \
    grep -q 'sms twilio [0-9a-f]\{6\} answer' "$tmp/serve.log"
# 611110001..3: the numbers used by the checks, in any common spelling.
check "no phone number in the log" \
    sh -c '! grep -E -e "61111000[0-9]" -e "6 11 11 00" "$1"' sh "$tmp/serve.log"
kill -TERM "$pid"
wait "$pid"
check "no phone number in the databases (files and WAL)" \
    sh -c '! grep -a -q -e 61111000 "$1" "$1-wal" "$2" "$2-wal" 2>/dev/null' sh "$tmp/t.db" \
    "$tmp/t-exchanges.db"
check "questions are stored for the record (in the conversation of the pseudonym)" \
    python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM messages WHERE channel = ? AND conversation_id GLOB ?",
               ("sms", "sms-" + "[0-9a-f]" * 32)).fetchone()[0]
sys.exit(0 if n >= 2 else 1)' "$tmp/t-exchanges.db"

"$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --twilio-token "$token" \
    >/dev/null 2>"$tmp/nopublic.log" &
np=$!
pids="$pids $np"
wait "$np"
rc=$?
check "--twilio-token without --public-url exits 2 with a clear message (got $rc)" \
    sh -c '[ "$1" -eq 2 ] && grep -q "needs --public-url" "$2"' sh "$rc" "$tmp/nopublic.log"

finish
