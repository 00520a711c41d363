#!/bin/sh
# Run every unit test binary given; cmocka prints its own summary per group.
# Totals are appended to build/test-results.txt for tests/summary.sh.
set -u
pass=0; fail=0
for t in "$@"; do
    if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAILED: $t"; fi
done
echo "unit test programs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
