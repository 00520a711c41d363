#!/bin/sh
# t_backup.sh — backups while serving, restores, and a failed migration.
#
# A server answers questions under a bounded load (load.py: 2 connections,
# 5 s) while `guichet backup` copies its database and SMS key twice.  Each
# copy: PRAGMA integrity_check ok, the page count of the live database, the
# counts its manifest claims, and its exchanges a prefix of the live ones
# (every exchange up to the copy's last id, none missing: one instant of
# the database, not a torn copy).  Then: restore refused while the server
# runs and for a damaged backup; restore of the first copy once stopped
# (the key back byte for byte, the counts of the copy), and the server
# starts on it.  Last, a migration that fails: the server refuses to start
# with a message that says what to do, the database is left as it was, and
# restoring the backup brings the service back.
set -u
E2E_NAME=backup . "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { ko "sqlite3 (test dependency) is missing"; finish; }
db="$tmp/t.db"
xdb="$tmp/t-exchanges.db"   # the exchanges file beside it (setting exchanges-db)
"$bin" import --db "$db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1 ||
    { ko "import"; show "$tmp/import.log"; finish; }
head -c 32 /dev/urandom >"$db.sms-key"
chmod 600 "$db.sms-key"
serve main --db "$db" --rate-limit 0 --threads 2 || { ko "serve"; show "$tmp/main.log"; finish; }
spid=$pid
python3 "$here/load.py" "$url" 5 2 >"$tmp/load.out" 2>&1 &
lpid=$!
pids="$pids $lpid"
# Once exchanges are being written (the recorder batches them).
i=0
while [ $i -lt 40 ] && [ "$(sqlite3 "$xdb" "SELECT count(*) FROM messages" 2>/dev/null)" = 0 ]; do
    sleep 0.1; i=$((i + 1))
done
"$bin" backup --db "$db" "$tmp/b1" >"$tmp/b1.out" 2>&1; rc1=$?
sleep 1
mkdir "$tmp/all"
"$bin" backup --db "$db" --keep 5 "$tmp/all" >"$tmp/b2.out" 2>&1; rc2=$?
wait $lpid
read -r answers errors <"$tmp/load.out"
check "load: answers while backing up ($answers answers, $errors errors)" [ "${answers:-0}" -gt 100 -a "${errors:-1}" -eq 0 ]
check "guichet backup during the load: exit 0 twice ($rc1, $rc2)" [ "$rc1" -eq 0 -a "$rc2" -eq 0 ]
b2=$(ls -d "$tmp"/all/t-*Z 2>/dev/null | head -n 1)
check "a backup into a folder is named after the database and the UTC time" \
    sh -c 'basename "$1" | grep -Eq "^t-[0-9]{8}T[0-9]{6}Z$"' sh "$b2"
# The server writes what it queued before stopping: the live counts are final.
kill -TERM $spid; wait $spid
live_pages=$(sqlite3 "$db" "SELECT count(*) FROM pages")
for b in "$tmp/b1" "$b2"; do
    n=${b##*/}
    check "$n: integrity_check ok" [ "$(sqlite3 "$b/t.db" 'PRAGMA integrity_check')" = ok ]
    check "$n: one self-contained file (no -wal beside it, rollback journal)" \
        sh -c '[ ! -e "$1/t.db-wal" ] && [ "$(sqlite3 "$1/t.db" "PRAGMA journal_mode")" = delete ]' sh "$b"
    check "$n: the database and the key are private (0600)" \
        sh -c '[ "$(stat -c %a "$1/t.db")" = 600 ] && [ "$(stat -c %a "$1/t.db.sms-key")" = 600 ]' sh "$b"
    cmp -s "$b/t.db.sms-key" "$db.sms-key" && ok "$n: the SMS key is in it" || ko "$n: the SMS key"
    pages=$(sqlite3 "$b/t.db" "SELECT count(*) FROM pages")
    msgs=$(sqlite3 "$b/t-exchanges.db" "SELECT count(*) FROM messages")
    last=$(sqlite3 "$b/t-exchanges.db" "SELECT coalesce(max(id), 0) FROM messages")
    live_upto=$(sqlite3 "$xdb" "SELECT count(*) FROM messages WHERE id <= $last")
    check "$n: pages as live ($pages = $live_pages)" [ "$pages" = "$live_pages" ]
    check "$n: exchanges taken while answering ($msgs), every one up to its last id ($live_upto live)" \
        [ "$msgs" -gt 0 -a "$msgs" = "$live_upto" ]
    python3 - "$b/MANIFEST.json" "$pages" "$msgs" >"$tmp/m.out" 2>&1 <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
d = os.path.dirname(sys.argv[1])
f = {x["what"]: x for x in m["files"]}
db = f["database"]
assert m["format"] == 1 and m["created"].endswith("Z"), m
assert db["integrity"] == "ok" and db["schema_version"] >= 7, db
assert db["tables"]["pages"] == int(sys.argv[2]), db["tables"]
assert f["exchanges"]["tables"]["messages"] == int(sys.argv[3]), f["exchanges"]
for x in m["files"]:
    h = hashlib.sha256(open(os.path.join(d, x["name"]), "rb").read()).hexdigest()
    assert h == x["sha256"] and os.path.getsize(os.path.join(d, x["name"])) == x["bytes"], x
assert f["sms-key"]["name"] == "t.db.sms-key"
PY
    check "$n: MANIFEST.json: counts, sizes and SHA-256 of each file" [ $? -eq 0 ]
done
# --- restore ---------------------------------------------------------------
b1_msgs=$(sqlite3 "$tmp/b1/t-exchanges.db" "SELECT count(*) FROM messages")
head -c 32 /dev/urandom >"$db.sms-key"             # a key that differs from the backup's
serve again --db "$db" --rate-limit 0 || { ko "serve again"; finish; }
"$bin" restore --db "$db" "$tmp/b1" >/dev/null 2>"$tmp/r.err"; rc=$?
check "restore while the server runs: refused, exit 1, says to stop it (got $rc)" \
    sh -c '[ "$1" -eq 1 ] && grep -q "in use.*systemctl stop guichet" "$2"' sh "$rc" "$tmp/r.err"
kill -TERM $pid; wait $pid
cp -r "$tmp/b1" "$tmp/bad"
printf 'X' | dd of="$tmp/bad/t.db" bs=1 seek=5000 conv=notrunc 2>/dev/null
before=$(sqlite3 "$xdb" "SELECT count(*) FROM messages")
"$bin" restore --db "$db" "$tmp/bad" >/dev/null 2>"$tmp/r.err"; rc=$?
check "restore of a damaged backup: refused (checksum), the database untouched (got $rc)" \
    sh -c '[ "$1" -eq 1 ] && grep -q "checksum differs" "$2" && [ "$(sqlite3 "$3" "SELECT count(*) FROM messages")" = "$4" ]' \
    sh "$rc" "$tmp/r.err" "$xdb" "$before"
"$bin" restore --db "$db" "$tmp/b1" >"$tmp/r.out" 2>&1; rc=$?
check "restore of the first backup: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "restored: the exchanges of the backup ($b1_msgs), the key byte for byte, no stale -wal" \
    sh -c '[ "$(sqlite3 "$4" "SELECT count(*) FROM messages")" = "$2" ] && cmp -s "$1.sms-key" "$3/t.db.sms-key" && [ ! -e "$1-wal" ] && [ "$(stat -c %a "$1.sms-key")" = 600 ]' \
    sh "$db" "$b1_msgs" "$tmp/b1" "$xdb"
serve restored --db "$db" --rate-limit 0 && curl -fsS "$url/api/v1/health" >/dev/null &&
    ok "the server starts on the restored database" || ko "serve on the restored database"
kill -TERM $pid; wait $pid
# --- a migration that fails -------------------------------------------------
# Claim content schema 6: step 7 runs again and fails (what it makes exists already,
# or what it changes moved to the exchanges file).
sqlite3 "$db" "PRAGMA user_version = 6"
pages6=$(sqlite3 "$db" "SELECT count(*) FROM pages"); msgs6=$(sqlite3 "$xdb" "SELECT count(*) FROM messages")
"$bin" serve --db "$db" --listen 127.0.0.1:0 >/dev/null 2>"$tmp/mig.err"; rc=$?
check "a failed migration: serve refuses to start, exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "... saying which step failed, that the database was left as it was, and what to do" \
    sh -c 'grep -q "schema from version 6 to" "$1" && grep -q "step 7 failed" "$1" && grep -q "left as it was" "$1" && grep -q "guichet restore" "$1"' sh "$tmp/mig.err"
check "... and the database is as it was (version 6, same pages and exchanges)" \
    [ "$(sqlite3 "$db" 'PRAGMA user_version')" = 6 -a "$(sqlite3 "$db" 'SELECT count(*) FROM pages')" = "$pages6" -a "$(sqlite3 "$xdb" 'SELECT count(*) FROM messages')" = "$msgs6" ]
"$bin" restore --db "$db" "$tmp/b1" >/dev/null 2>&1 && serve fixed --db "$db" --rate-limit 0 &&
    ok "restoring the backup brings the service back" || ko "restore after a failed migration"
finish
