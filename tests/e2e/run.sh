#!/bin/sh
# End-to-end tests: every script tests/e2e/t_*.sh, given the binary path.
set -u
bin=$1
pass=0; fail=0
for t in tests/e2e/t_*.sh; do
    [ -f "$t" ] || continue
    if sh "$t" "$bin"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAILED: $t"; fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
