#!/bin/sh
# t_kannel.sh — the SMS channel through a real Kannel, on loopback.
#
# usage: t_kannel.sh path/to/guichet
#
# Starts, all on 127.0.0.1 with ports chosen free at run time and every file
# in a temporary directory:
#   guichet serve --kannel-secret S        (tests/data/e2e-pages/ imported)
#   bearerbox   with a fake SMSC           (tests/e2e/kannel/kannel.conf.in)
#   smsbox      with two sms-services      (get-url for 1234, post-url for 5678)
# then, for each case, fakesmsc (kannel-extras) sends an SMS as a phone would;
# the bearerbox hands it to smsbox, smsbox calls Guichet, and Guichet's
# answer travels back to fakesmsc, whose output is read and the parts of a
# concatenated SMS put back together (kannel/fakesmsc_replies.py).
#
# Every process is stopped by its PID (trap on exit); every wait is bounded.
# One line per check, then "N passed, M failed"; exit 1 on any failure.
set -u
E2E_NAME=kannel . "$(dirname "$0")/lib.sh"
secret=kannel-e2e-$$
CNI_URL=https://www.villebrune.example/demarches/carte-identite
SCOLAIRE_URL=https://www.villebrune.example/enfance/inscription-scolaire
ENCOMBRANTS_URL=https://www.villebrune.example/environnement/encombrants
SALLE_URL=https://www.villebrune.example/associations/salle-des-fetes

# --- Kannel's programs ----------------------------------------------------
bearerbox=$(command -v bearerbox || echo /usr/sbin/bearerbox)
smsbox=$(command -v smsbox || echo /usr/sbin/smsbox)
fakesmsc=$(dpkg -L kannel-extras 2>/dev/null | grep '/fakesmsc$' | head -n 1)
[ -n "$fakesmsc" ] || fakesmsc=/usr/lib/kannel/test/fakesmsc
if [ ! -x "$bearerbox" ] || [ ! -x "$smsbox" ] || [ ! -x "$fakesmsc" ]; then
    ko "Kannel is installed (bearerbox, smsbox, fakesmsc): run 'make deps' (kannel, kannel-extras)"
    finish
fi
command -v python3 >/dev/null 2>&1 || { ko "python3 is needed"; finish; }

# --- Guichet ----------------------------------------------------------------
if "$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1; then
    ok "import of tests/data/e2e-pages/"
else
    ko "import of tests/data/e2e-pages/"; show "$tmp/import.log"; finish
fi
serve guichet --db "$tmp/t.db" --threads 2 --town-name Villebrune \
    --kannel-secret "$secret" --sms-key-file "$tmp/sms.key" --sms-max-parts 2
if [ -n "$url" ] && grep -q "SMS gateways: /sms/kannel" "$tmp/guichet.log"; then
    ok "guichet serve starts with /sms/kannel ($url)"
else
    ko "guichet serve starts with /sms/kannel"; show "$tmp/guichet.log"; finish
fi

# --- Kannel -------------------------------------------------------------------
# Three free ports (the kernel picks; the tiny window before Kannel binds
# them is acceptable for a test).
set -- $(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
admin_port=$1 smsbox_port=$2 fake_port=$3
admin_pw=pw$$
sed -e "s|@ADMIN_PORT@|$admin_port|" -e "s|@ADMIN_PASSWORD@|$admin_pw|" \
    -e "s|@SMSBOX_PORT@|$smsbox_port|g" -e "s|@FAKE_PORT@|$fake_port|" -e "s|@TMP@|$tmp|g" \
    -e "s|@GUICHET@|$url|g" -e "s|@SECRET@|$secret|g" -e "s|@MAX_PARTS@|2|g" \
    "$here/kannel/kannel.conf.in" >"$tmp/kannel.conf"

(cd "$tmp" && exec "$bearerbox" "$tmp/kannel.conf") >"$tmp/bearerbox.out" 2>&1 &
bbpid=$!
pids="$pids $bbpid"
# status_has TEXT: the bearerbox's status page mentions TEXT (waits up to 15 s).
status_has() {
    python3 - "http://127.0.0.1:$admin_port/status.txt?password=$admin_pw" "$1" <<'EOF'
import sys, time, urllib.request
for _ in range(150):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=1) as r:
            if sys.argv[2] in r.read().decode("utf-8", "replace"):
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(1)
EOF
}
if status_has "Status: running"; then
    ok "bearerbox runs (admin port $admin_port, fake SMSC port $fake_port)"
else
    ko "bearerbox runs"; show "$tmp/bearerbox.out"; finish
fi
(cd "$tmp" && exec "$smsbox" "$tmp/kannel.conf") >"$tmp/smsbox.out" 2>&1 &
sbpid=$!
pids="$pids $sbpid"
if status_has "smsbox:"; then
    ok "smsbox is connected to the bearerbox"
else
    ko "smsbox is connected to the bearerbox"; show "$tmp/smsbox.out"; finish
fi

# --- sending SMS with fakesmsc ------------------------------------------------
n=0
# send FROM TO TYPE TEXT: fakesmsc sends one SMS and stays to collect the
# replies in $tmp/fake.$n.log (stopped by stop_fake).
send() {
    n=$((n + 1))
    "$fakesmsc" -H 127.0.0.1 -r "$fake_port" -m 1 "$1 $2 $3 $4" >"$tmp/fake.$n.log" 2>&1 &
    fpid=$!
    pids="$pids $fpid"
}
stop_fake() {
    kill "$fpid" 2>/dev/null
    wait "$fpid" 2>/dev/null
}
# reply [SECONDS]: wait (10 s by default) for a complete reply to the last
# SMS sent; $tmp/reply.$n then holds "parts=N coding=C" and the text.
reply() {
    i=0
    while [ "$i" -lt $(( ${1:-10} * 10 )) ]; do
        if python3 "$here/kannel/fakesmsc_replies.py" "$tmp/fake.$n.log" >"$tmp/reply.$n" 2>"$tmp/reply.$n.err"; then
            stop_fake
            return 0
        fi
        kill -0 "$fpid" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    stop_fake
    cat "$tmp/reply.$n.err" >&2
    return 1
}
# has TEXT: the last reply contains TEXT.
has() { grep -q -F -- "$1" "$tmp/reply.$n"; }
parts() { sed -n '1s/^parts=\([0-9]*\).*/\1/p' "$tmp/reply.$n"; }

# 1. A plain question (get-url): the one-line AI disclosure, then the best
#    sentences of the answer that fit 2 parts whole (the web page says 3,
#    too long for 2 parts), the page address on its own line, no SUITE.
send +33612340001 1234 text "Comment obtenir une carte nationale d'identite ?"
if reply; then
    check "plain question: the answer comes back to the phone" has "carte nationale d'identit"
    check "plain question: first reply starts with the AI disclosure" \
        sh -c 'sed -n 2p "$1" | grep -q "^Assistant automatique de Villebrune : "' sh "$tmp/reply.$n"
    check "plain question: the page address ends the SMS, on its own line" \
        sh -c '[ "$(tail -n 1 "$1")" = "$2" ]' sh "$tmp/reply.$n" "$CNI_URL"
    check "best sentences: sent whole in 2 parts at most, no SUITE (got $(parts) parts)" \
        sh -c '[ "$(sed -n "1s/^parts=\([0-9]*\).*/\1/p" "$1")" -le 2 ] && ! grep -q SUITE "$1"' \
        sh "$tmp/reply.$n"
    check "best sentences: the web answer's third sentence is left for the page" \
        sh -c '! grep -q "photo d.identit" "$1"' sh "$tmp/reply.$n"
else
    ko "plain question: a reply reaches fakesmsc"; show "$tmp/fake.$n.log"; show "$tmp/guichet.log"
fi
send +33612340001 1234 text "SUITE"
if reply; then
    check "SUITE after a whole answer: nothing pending" has "Il n'y a pas de suite en attente"
else
    ko "SUITE after a whole answer gets a reply"
fi

# 1b. An answer whose best unit is itself too long for 2 parts (a list of 6
#     documents): 2 concatenated parts, cut after a list item, SUITE and the
#     page address; SUITE sends the next items until the last.
send +33612340001 1234 text "Quelles pieces fournir pour louer la salle des fetes ?"
if reply; then
    check "multi-part: a long answer arrives as 2 concatenated parts (got $(parts))" \
        [ "$(parts)" = 2 ]
    check "multi-part: the list begins with its lead-in" has "apportez à l'accueil de la mairie : le formulaire"
    check "multi-part: cut after a list item, then 'SUITE pour la suite.' and the page address" \
        sh -c 'tail -n 2 "$1" | head -n 1 | grep -q " ;\$" &&
               [ "$(tail -n 1 "$1")" = "SUITE pour la suite. $2" ]' sh "$tmp/reply.$n" "$SALLE_URL"
else
    ko "multi-part: a reply reaches fakesmsc"; show "$tmp/fake.$n.log"; show "$tmp/guichet.log"
fi
first=$tmp/reply.$n
send +33612340001 1234 text "SUITE"
if reply; then
    check "multi-part: SUITE sends what was left, without the disclosure again" \
        sh -c '! grep -q "Assistant automatique" "$1" && [ "$(sed 1d "$1")" != "$(sed 1d "$2")" ]' \
        sh "$tmp/reply.$n" "$first"
    i=0
    while [ "$i" -lt 5 ] && ! has "pendant la soirée." && grep -q "^SUITE pour la suite" "$tmp/reply.$n"; do
        send +33612340001 1234 text "SUITE"
        reply || break
        i=$((i + 1))
    done
    check "multi-part: SUITE goes on to the list's last item" has "pendant la soirée."
else
    ko "multi-part: SUITE gets a reply"
fi

# 2. Accents, apostrophes, capitals, as typed on a phone (GSM 7-bit coding).
send +33612340002 1234 text "Où se fait l'inscription scolaire à l'école maternelle ?"
if reply; then
    check "accents: the answer cites the school enrolment page" has "$SCOLAIRE_URL"
    check "accents: the reply is GSM-7 (no UCS-2 switch)" \
        sh -c 'head -n 1 "$1" | grep -q "coding=gsm"' sh "$tmp/reply.$n"
else
    ko "accents: a reply reaches fakesmsc"; show "$tmp/fake.$n.log"
fi

# 3. A UCS-2 SMS (a phone that typed a curly apostrophe and a euro sign).
ucs2=$(python3 -c '
import urllib.parse
print(urllib.parse.quote("Comment réserver le ramassage des encombrants ? C’est 0 € ?".encode("utf-16-be")))')
send +33612340003 1234 ucs2 "$ucs2"
if reply; then
    check "UCS-2 SMS (coding=2): decoded from UTF-16BE, answered" has "$ENCOMBRANTS_URL"
else
    ko "UCS-2 SMS: a reply reaches fakesmsc"; show "$tmp/fake.$n.log"
fi

# 4. STOP, silence, START.
send +33612340004 1234 text "STOP"
if reply; then
    check "STOP: confirmed" has "Vous ne recevrez plus de SMS"
else
    ko "STOP: a confirmation reaches fakesmsc"
fi
send +33612340004 1234 text "Comment obtenir une carte nationale d'identite ?"
before=$(grep -c 'sms kannel .* stopped, no reply' "$tmp/guichet.log")
i=0
while [ "$i" -lt 100 ] && [ "$(grep -c 'sms kannel .* stopped, no reply' "$tmp/guichet.log")" = "$before" ]; do
    sleep 0.1
    i=$((i + 1))
done
sleep 2      # had Kannel sent anything, fakesmsc would have it by now
stop_fake
check "after STOP: Guichet answered nothing and Kannel sent nothing (omit-empty)" \
    sh -c '[ "$(grep -c "stopped, no reply" "$1")" -gt "$2" ] && ! grep -q "Got message" "$3"' \
    sh "$tmp/guichet.log" "$before" "$tmp/fake.$n.log"
send +33612340004 1234 text "start"
if reply; then
    check "START: confirmed" has "Le service est réactivé"
else
    ko "START: a confirmation reaches fakesmsc"
fi
send +33612340004 1234 text "Comment obtenir une carte nationale d'identite ?"
if reply; then
    check "after START: questions are answered again" has "$CNI_URL"
else
    ko "after START: a reply reaches fakesmsc"
fi

# 5. The post-url form of the contract (X-Kannel-* headers, text as the body).
send +33612340005 5678 text "Comment réserver le ramassage des encombrants ?"
if reply; then
    check "post-url: the answer comes back" has "$ENCOMBRANTS_URL"
else
    ko "post-url: a reply reaches fakesmsc"; show "$tmp/fake.$n.log"
fi
# The access log is buffered per thread and flushed every second.
i=0
while [ "$i" -lt 30 ] && ! grep -q 'http POST /sms/kannel 200' "$tmp/guichet.log"; do
    sleep 0.1; i=$((i + 1))
done
check "post-url: Guichet saw a POST" grep -q 'http POST /sms/kannel 200' "$tmp/guichet.log"
check "get-url: Guichet saw GETs" grep -q 'http GET /sms/kannel 200' "$tmp/guichet.log"

# 6. What Guichet wrote.
check "Guichet's log never shows a phone number" \
    sh -c '! grep -q -e 61234000 -e "+336" "$1"' sh "$tmp/guichet.log"
check "Guichet's log has one line per SMS (pseudonym, what, parts)" \
    grep -q 'sms kannel [0-9a-f]\{6\} answer, 2 parts' "$tmp/guichet.log"
check "no Kannel warning about a refused X-Kannel header" \
    sh -c '! grep -q "denied" "$1"' sh "$tmp/smsbox.log"
curl -s "$url/metrics" >"$tmp/metrics.txt"
check "/metrics: SMS replies and the parts they took, by gateway; answers of the sms channel" \
    sh -c 'grep -Eq "^guichet_sms_parts_total\{gateway=\"kannel\"\} [1-9]" "$1" && grep -Eq "^guichet_sms_replies_total\{gateway=\"kannel\"\} [1-9]" "$1" && grep -Eq "^guichet_answers_total\{channel=\"sms\",path=\"extractive\"\} [1-9]" "$1"' sh "$tmp/metrics.txt"

finish
