#!/bin/sh
# Docs that must match behaviour: the settings table, every subcommand's
# --help and usage errors, the command lines the README shows.
set -u
E2E_NAME=docs . "$(dirname "$0")/lib.sh"
cd "$root"
"$bin" serve --help-config > "$tmp/table.md"
if grep -qxFf "$tmp/table.md" docs/configuration.md && \
   [ "$(grep -c '^| `' docs/configuration.md)" = "$(grep -c '^| `' "$tmp/table.md")" ]; then
    ok "docs/configuration.md lists every setting with its default (regenerate: scripts/gen-config-doc.sh)"
else
    ko "docs/configuration.md is out of date: run sh scripts/gen-config-doc.sh $bin"
fi
# The man page is made from the same sources (scripts/gen-man.sh): every
# setting and every command in it, and groff has nothing to say about it.
sh scripts/gen-man.sh "$bin" >"$tmp/guichet.1"
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$tmp/guichet.1" 2>/dev/null >"$tmp/man.txt"
missing=""
for s in $(sed -n 's/^| `\([^`]*\)`.*/\1/p' "$tmp/table.md"); do
    grep -q "^ *$s (default: " "$tmp/man.txt" || missing="$missing $s"
done
for c in $("$bin" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
    grep -q "^\.SS guichet $c\$" "$tmp/guichet.1" || missing="$missing $c"
done
check "man page: every setting and command (missing:${missing:- none})" [ -z "$missing" ]
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$tmp/guichet.1" >/dev/null 2>"$tmp/man.err"
check "man page: rendered without a warning" sh -c '! [ -s "$1" ]' sh "$tmp/man.err"
for c in import ask eval serve hours compare withdraw pages backup restore user questions report; do
    if "$bin" "$c" --help > "$tmp/h" 2>&1 && grep -q "usage: guichet $c" "$tmp/h"; then
        ok "guichet $c --help"
    else
        ko "guichet $c --help"
    fi
done
# Usage errors of every subcommand: exit 2, the message, then the usage on
# stderr; nothing on stdout.
for c in import ask eval serve hours compare withdraw pages backup restore user questions report; do
    "$bin" "$c" --nosuch > "$tmp/o" 2> "$tmp/e"
    rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$tmp/o" ] && grep -q "^guichet $c: unknown option '--nosuch'" "$tmp/e" && \
       grep -q "^usage: guichet $c" "$tmp/e"; then
        ok "guichet $c --nosuch: exit 2, unknown option, usage"
    else
        ko "guichet $c --nosuch (exit $rc)"
    fi
    "$bin" "$c" -x > "$tmp/o" 2> "$tmp/e"
    rc=$?
    [ $rc -eq 2 ] && grep -q "unknown option '-x'" "$tmp/e" && ok "guichet $c -x: exit 2" || ko "guichet $c -x (exit $rc)"
    "$bin" "$c" --db > "$tmp/o" 2> "$tmp/e"
    rc=$?
    if [ $rc -eq 2 ] && grep -q "^guichet $c: option '--db' needs a value" "$tmp/e" && \
       grep -q "^usage: guichet $c" "$tmp/e"; then
        ok "guichet $c --db (no value): exit 2, needs a value, usage"
    else
        ko "guichet $c --db without a value (exit $rc)"
    fi
done
"$bin" serve --help > "$tmp/h" 2>&1
grep -q "^| \`listen\` |" "$tmp/h" && grep -q "^  --help-config" "$tmp/h" && \
    ok "guichet serve --help lists every setting" || ko "guichet serve --help lists every setting"
"$bin" serve --help-config=1 > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "takes no value" "$tmp/e" && ok "serve --help-config=1: exit 2" || ko "serve --help-config=1"
"$bin" serve --db "$tmp/none.db" extra > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "too many arguments (at 'extra')" "$tmp/e" && ok "serve takes no argument: exit 2" || ko "serve extra argument"
"$bin" import --db "$tmp/i.db" > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "^guichet import: nothing to import" "$tmp/e" && grep -q "^usage: guichet import" "$tmp/e" && \
    ok "import without a path: exit 2, nothing to import, usage" || ko "import without a path"
"$bin" import --db "$tmp/i.db" --quiet=1 x.md > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "takes no value" "$tmp/e" && ok "import --quiet=1: exit 2" || ko "import --quiet=1"
"$bin" hours "Mo-Fr 10:00-12:00" > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "give exactly one of --date" "$tmp/e" && grep -q "^usage: guichet hours" "$tmp/e" && \
    ok "hours without a mode: exit 2, usage" || ko "hours without a mode"
"$bin" hours --date 2020-06-01 > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "give one opening_hours value" "$tmp/e" && ok "hours without a value: exit 2" || ko "hours without a value"
"$bin" hours --date 2020-06-01 a b c > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "too many arguments (at 'c')" "$tmp/e" && ok "hours with three values: exit 2" || ko "hours with three values"
"$bin" hours --from-french "de 9h à 12h" extra > /dev/null 2> "$tmp/e"
[ $? -eq 2 ] && grep -q "only argument" "$tmp/e" && ok "hours --from-french with a value too: exit 2" || ko "hours --from-french extra"
[ "$("$bin" hours --date=2020-06-01 --db "$tmp/unused.db" "Mo-Fr 10:00-12:00")" = "10:00 open 12:00" ] && \
    ok "hours: --NAME=VALUE, and settings accepted" || ko "hours --date=D with a setting"
"$bin" nosuchcommand > /dev/null 2>&1
[ $? -eq 2 ] && ok "unknown command exits 2" || ko "unknown command exits 2"
"$bin" ask > /dev/null 2>&1
[ $? -eq 2 ] && ok "ask without a question exits 2" || ko "ask without a question exits 2"
"$bin" ask --db "$tmp/none.db" "bonjour" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "no such database" "$tmp/err" && ok "ask on a missing database: clear error, exit 1" || ko "ask on a missing database"

# Every command line of the README names a subcommand whose --help knows
# each option it uses (as --NAME, or as a setting `NAME` for serve).
grep '^build/guichet ' README.md > "$tmp/readme"
n=0; unknown=""
while read -r _ c rest; do
    case $c in -*) continue ;; esac
    n=$((n + 1))
    if ! "$bin" "$c" --help > "$tmp/h" 2>&1; then unknown="$unknown $c"; continue; fi
    for o in $(printf '%s\n' "$rest" | sed 's/#.*//' | grep -o -- '--[a-z][a-z-]*'); do
        grep -q -e "$o\\b" -e "\`${o#--}\`" "$tmp/h" || unknown="$unknown $c:$o"
    done
done < "$tmp/readme"
if [ "$n" -ge 8 ] && [ -z "$unknown" ]; then
    ok "README: the $n command lines use documented subcommands and options"
else
    ko "README command lines ($n): not in the --help of their subcommand:$unknown"
fi
finish
