#!/bin/sh
# The demo town: import it, then check answers, refusals and citations
# (demo_check.py prints its own 'N passed, M failed' line).
set -u
E2E_NAME=demo . "$(dirname "$0")/lib.sh"
cd "$root"
if ! "$bin" import --quiet --db "$tmp/demo.db" demo/ 2> "$tmp/import.log"; then
    ko "import of demo/"; show "$tmp/import.log"; finish
fi
python3 tests/e2e/demo_check.py "$bin" "$tmp/demo.db" demo/guichet.ini
