#!/bin/sh
# Generative answers: guichet against a faithful fake OpenAI-compatible server
# (tests/fixtures/fake_llm.py).  Every scripted completion must end in the right
# behaviour — sent, or the extractive answer with the reason — within 2 s; a
# prompt-injection set never yields the rules or content outside the excerpts.
# The checks are in llm_check.py, which prints `N passed, M failed`.
set -eu
bin=$1
tmp=$(mktemp -d)
fake_pid=
cleanup() {
    if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
# Pages only: with the facilities, hours questions get computed answers, which
# never go to a model; these checks need the extractive path under the model.
"$bin" import --quiet --db "$tmp/d.db" demo/pages/ 2>/dev/null
python3 tests/fixtures/fake_llm.py --port 0 --port-file "$tmp/port" --log "$tmp/requests.jsonl" 2>"$tmp/fake.err" &
fake_pid=$!
i=0
while [ ! -s "$tmp/port" ]; do
    i=$((i+1))
    if [ "$i" -gt 100 ] || ! kill -0 "$fake_pid" 2>/dev/null; then
        echo "fake model server did not start:"; cat "$tmp/fake.err"
        echo "0 passed, 1 failed"; exit 1
    fi
    sleep 0.05
done
python3 tests/e2e/llm_check.py "$bin" "$tmp/d.db" "$(cat "$tmp/port")" "$tmp/requests.jsonl" "$tmp"
