#!/bin/sh
# guichet import: idempotent, versioned, atomic, clear errors.
set -u
E2E_NAME=import . "$(dirname "$0")/lib.sh"
cd "$root"
db=$tmp/t.db
mkdir -p "$tmp/p"
page() { # file title url status body
    cat > "$tmp/p/$1" <<P
---
title: $2
url: $3
service: Test
status: $4
validated_by: Testeur
validated_on: 2026-01-15
---
$5
P
}
q() { sql "$db" "$1"; }
# logged PATTERN: the last import's messages match PATTERN
logged() { grep -q -- "$1" "$tmp/log"; }
# says PATTERN ARGS...: guichet ARGS prints something matching PATTERN
says() { p=$1; shift; "$bin" "$@" | grep -q -- "$p"; }

page a.md "Piscine" https://x.example/piscine validated "La piscine ouvre à 9 h."
page b.md "Médiathèque" https://x.example/mediatheque validated "La médiathèque prête des livres."
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"
check "first import adds 2 pages" logged "2 pages.*2 added"
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"
check "same import again: 2 unchanged" logged "0 added, 0 updated, 2 unchanged"
page a.md "Piscine" https://x.example/piscine validated "La piscine ouvre à 10 h."
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"
check "a changed page gets a new version" \
    eval 'logged "1 updated, 1 unchanged" && [ "$(q "select count(*) from page_versions")" = 3 ]'
check "ask uses the new version" says "10 h" ask --db "$db" "piscine ouvre"

# Atomic: one bad file, nothing of the run is kept.
page c.md "Cantine" https://x.example/cantine validated "La cantine coûte 3 euros."
printf -- '---\ntitle: Mauvais\nurl: https://x.example/bad\nstatus: publié\n---\nTexte\n' > "$tmp/p/d.md"
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"; rc=$?
check "a bad status fails with exit 1" [ $rc -eq 1 ]
check "the error names the file and line" logged "d.md:1: status must be"
check "nothing of the failed run is kept" [ "$(q "select count(*) from pages")" = 2 ]
printf -- '---\ntitle: X\nurl: https://x.example/x\nstatus: validated\nvalidated_by: A\nvalidated_on: 2026-01-01\ncolour: red\n---\nT\n' > "$tmp/p/d.md"
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"
check "an unknown key is refused with its line" logged "d.md:7: unknown key .colour."
rm "$tmp/p/d.md"

# Drafts are stored, never answered from; a draft revision keeps the validated text.
page e.md "Stationnement" https://x.example/stationnement draft "Le stationnement zebulon coûte 99 euros."
page a.md "Piscine" https://x.example/piscine draft "La piscine ouvre à 23 h zebulon."
"$bin" import --db "$db" "$tmp/p" 2> "$tmp/log"
check "drafts are imported" logged "2 drafts"
check "a draft page is never cited" eval '! "$bin" ask --db "$db" --json "zebulon stationnement" | grep -q stationnement\"'
check "a draft revision does not replace the validated text" says "10 h" ask --db "$db" "piscine ouvre"

# JSONL corpora and bad input.
printf '{"id": "A1", "text": "Le recensement citoyen a lieu à 16 ans."}\n\n{"id": "A2", "title": "Vélo", "text": "Le vélo se gare au parc."}\n' > "$tmp/c.jsonl"
"$bin" import --db "$db" --jsonl "$tmp/c.jsonl" 2> "$tmp/log"
check "a JSONL corpus imports" logged "2 pages.*2 added"
printf '{"question": "recensement 16 ans", "id": "A1"}\n' > "$tmp/q.jsonl"
check "eval finds a corpus page by id" says '"recall@1": 1.0000' eval --db "$db" --json "$tmp/q.jsonl"
# Passages made by an older Guichet (or damaged) follow the importer's cut
# when the same content is imported again; the page stays unchanged.
q "update passages set text = 'x' where version_id in (select v.id from page_versions v join pages p on p.latest_version = v.id where p.ext_id = 'A1')" > /dev/null
"$bin" import --db "$db" --jsonl "$tmp/c.jsonl" 2> "$tmp/log"
check "re-importing the same corpus keeps its pages unchanged" logged "2 unchanged"
check "and cuts their passages again" says "16 ans" ask --db "$db" "recensement 16 ans"
printf '{"id": "B1", "text": "ok"}\n{"id": "B2"}\n' > "$tmp/bad.jsonl"
"$bin" import --db "$db" "$tmp/bad.jsonl" 2> "$tmp/log"; rc=$?
check "a JSONL line without text fails, naming the line" eval '[ $rc -eq 1 ] && logged "bad.jsonl:2: needs"'
check "and B1 was not kept" [ "$(q "select count(*) from pages where ext_id = 'B1'")" = 0 ]
# The same page twice in one run: refused, naming both places.
mkdir -p "$tmp/dup"
cp "$tmp/p/a.md" "$tmp/dup/a.md"; cp "$tmp/p/a.md" "$tmp/dup/b.md"
"$bin" import --db "$tmp/dup.db" "$tmp/dup" 2> "$tmp/log"; rc=$?
check "a page given twice in a run fails, naming both files" \
    eval '[ $rc -eq 1 ] && logged "dup/b.md: page .https://x.example/piscine. is already given by .*dup/a.md"'
printf '{"id": "C1", "text": "a"}\n{"id": "C1", "text": "b"}\n' > "$tmp/dup.jsonl"
"$bin" import --db "$tmp/dup.db" "$tmp/dup.jsonl" 2> "$tmp/log"; rc=$?
check "a JSONL id given twice fails, naming both lines" \
    eval '[ $rc -eq 1 ] && logged "dup.jsonl:2: page .C1. is already given by .*dup.jsonl:1"'
# A folder is its truth: a page whose file has gone is withdrawn (history
# kept, never cited), --keep-missing keeps it, its file back brings it back.
mkdir -p "$tmp/w"
wdb=$tmp/w.db
cat > "$tmp/w/cimetiere.md" <<P
---
title: Cimetière
url: https://x.example/cimetiere
service: Test
status: validated
validated_by: Testeur
validated_on: 2026-01-15
---
La concession trentenaire au cimetière coûte 310 euros.
P
cp "$tmp/p/b.md" "$tmp/w/b.md"
"$bin" import --db "$wdb" "$tmp/w" 2> "$tmp/log"
mv "$tmp/w/cimetiere.md" "$tmp/cimetiere.md"
"$bin" import --db "$wdb" --keep-missing "$tmp/w" 2> "$tmp/log"
check "--keep-missing withdraws nothing" logged "1 unchanged, 0 withdrawn"
check "and the page is still answered" says "310 euros" ask --db "$wdb" "prix concession cimetière"
"$bin" import --db "$wdb" "$tmp/w" 2> "$tmp/log"
check "a page whose file has gone is withdrawn by the import of its folder" logged "1 unchanged, 1 withdrawn"
check "and never answered again" eval '! "$bin" ask --db "$wdb" --json "prix concession cimetière" | grep -q "310 euros\|x.example/cimetiere"'
check "its versions are kept" [ "$(sql "$wdb" "select count(*) from page_versions")" = 2 ]
mv "$tmp/cimetiere.md" "$tmp/w/cimetiere.md"
"$bin" import --db "$wdb" "$tmp/w" 2> "$tmp/log"
check "its file back, the page is served again" says "310 euros" ask --db "$wdb" "prix concession cimetière"
"$bin" import --db "$db" "$tmp/nope" 2> "$tmp/log"; rc=$?
check "a missing path fails with exit 1 and says so" eval '[ $rc -eq 1 ] && logged nope'
"$bin" import 2> /dev/null; rc=$?
check "import without arguments is a usage error (exit 2)" [ $rc -eq 2 ]
# A content folder's own words: town.ini and its word lists.
mkdir -p "$tmp/town"
page a.md "Piscine" https://x.example/piscine validated "La piscine ouvre à 9 h."
cp "$tmp/p/a.md" "$tmp/town/a.md"
printf 'name = Bourg\ncontact = "la mairie de Bourg"\n' > "$tmp/town/town.ini"
printf 'bassin piscine\n' > "$tmp/town/synonyms.txt"
"$bin" import --db "$tmp/town.db" "$tmp/town" 2> "$tmp/log"
check "a content folder's town.ini and synonyms.txt are imported" \
    eval 'logged "town.ini (2 settings) synonyms.txt (1 lines)" && [ "$(sql "$tmp/town.db" "select value from town_settings where key = '"'"'name'"'"'")" = Bourg ]'
check "town.ini's name wins over the setting" says "Bourg" ask --db "$tmp/town.db" --town-name Autre "bonjour"
check "the town's synonyms are searched" says "La piscine ouvre" ask --db "$tmp/town.db" "bassin"
printf 'content-dir = %s\ndb = %s\n' "$tmp/town" "$tmp/town2.db" > "$tmp/town.conf"
"$bin" import --config "$tmp/town.conf" 2> "$tmp/log"
check "import --config imports its content-dir" logged "1 pages.*1 added"
printf 'name = Bourg\ntown-name = Bourg\n' > "$tmp/town/town.ini"
cp "$tmp/p/b.md" "$tmp/town/b.md"
"$bin" import --db "$tmp/town.db" "$tmp/town" 2> "$tmp/log"; rc=$?
check "an unknown key of town.ini fails, naming file and line" \
    eval '[ $rc -eq 1 ] && logged "town/town.ini:2: unknown key .town-name."'
check "and nothing of that run was kept" [ "$(sql "$tmp/town.db" "select count(*) from pages")" = 1 ]
rm "$tmp/town/town.ini"
printf 'bassin\n' > "$tmp/town/synonyms.txt"
"$bin" import --db "$tmp/town.db" "$tmp/town" 2> "$tmp/log"; rc=$?
check "a malformed synonyms.txt fails, naming file and line" \
    eval '[ $rc -eq 1 ] && logged "town/synonyms.txt:1: 1 field, at least 2 expected"'
# The language data: a missing or malformed file stops the command.
cp -r data "$tmp/data"
rm "$tmp/data/fr/stopwords.txt"
"$bin" ask --db "$db" --data-dir "$tmp/data" "piscine" 2> "$tmp/log"; rc=$?
check "a missing language data file is an error naming it (exit 1)" \
    eval '[ $rc -eq 1 ] && logged "data/fr/stopwords.txt: No such file"'
cp data/fr/stopwords.txt "$tmp/data/fr/stopwords.txt"
printf 'Le\n' >> "$tmp/data/fr/stopwords.txt"
n=$(wc -l < "$tmp/data/fr/stopwords.txt")
"$bin" ask --db "$db" --data-dir "$tmp/data" "piscine" 2> "$tmp/log"; rc=$?
check "a malformed language data file is an error naming file and line" \
    eval '[ $rc -eq 1 ] && logged "stopwords.txt:$n: .Le. is not folded"'
check "a copy of data/ given as data-dir works" says "piscine" ask --db "$db" --data-dir data "piscine ouvre"
finish
