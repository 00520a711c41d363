#!/bin/sh
# Docs that must match behaviour: the settings table, every subcommand's --help.
set -u
bin=$1
pass=0; fail=0
ok() { pass=$((pass+1)); echo "ok - $1"; }
ko() { fail=$((fail+1)); echo "FAIL - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" serve --help-config > "$tmp/table.md"
if grep -qxFf "$tmp/table.md" docs/configuration.md && \
   [ "$(grep -c '^| `' docs/configuration.md)" = "$(grep -c '^| `' "$tmp/table.md")" ]; then
    ok "docs/configuration.md lists every setting with its default (regenerate: scripts/gen-config-doc.sh)"
else
    ko "docs/configuration.md is out of date: run sh scripts/gen-config-doc.sh $bin"
fi
for c in import ask eval serve hours compare; do
    if "$bin" "$c" --help > "$tmp/h" 2>&1 && grep -q "usage: guichet $c" "$tmp/h"; then
        ok "guichet $c --help"
    else
        ko "guichet $c --help"
    fi
done
"$bin" nosuchcommand > /dev/null 2>&1
[ $? -eq 2 ] && ok "unknown command exits 2" || ko "unknown command exits 2"
"$bin" ask > /dev/null 2>&1
[ $? -eq 2 ] && ok "ask without a question exits 2" || ko "ask without a question exits 2"
"$bin" ask --db "$tmp/none.db" "bonjour" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q "no such database" "$tmp/err" && ok "ask on a missing database: clear error, exit 1" || ko "ask on a missing database"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
