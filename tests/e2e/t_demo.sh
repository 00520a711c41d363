#!/bin/sh
# The demo town: import it, then check answers, refusals and citations.
set -eu
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" import --quiet --db "$tmp/demo.db" demo/
python3 tests/e2e/demo_check.py "$bin" "$tmp/demo.db" demo/guichet.ini
