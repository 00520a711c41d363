#!/bin/sh
# run.sh SECONDS — build every tests/fuzz/fuzz_*.c as a libFuzzer target
# (clang, ASan + UBSan) into build-fuzz/, then run each for SECONDS seconds
# on a corpus seeded from tests/data/hours (every field of every line).
# Exits non-zero when a target fails to build or the fuzzer finds a crash,
# a leak, a sanitizer report or a timeout; the input is kept in
# build-fuzz/artifacts/.
set -eu
secs=${1:-600}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-fuzz"
CC=${FUZZ_CC:-clang}
mkdir -p "$out/artifacts"

# Seeds: one file per tab-separated field of tests/data/hours/*.
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
i=0
for f in "$root"/tests/data/hours/*; do
    tr '\t' '\n' < "$f" | while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        i=$((i + 1))
        printf '%s' "${line#!}" > "$seeds/$(basename "$f").$i"
    done
done

status=0
for src in "$root"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    echo "== $name: build"
    # Only what the targets need: the knowledge modules and util.
    if ! $CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -I"$root/src" \
            "$src" "$root"/src/knowledge/*.c "$root"/src/util/*.c -lm -o "$out/$name"; then
        echo "$name: build failed"; status=1; continue
    fi
    corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    cp "$seeds"/* "$corpus"/ 2>/dev/null || true
    echo "== $name: fuzzing for $secs s"
    if ! "$out/$name" -max_total_time="$secs" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" "$corpus" \
            > "$out/$name.log" 2>&1; then
        echo "$name: FAILED (see $out/$name.log and $out/artifacts/)"
        tail -40 "$out/$name.log"
        status=1
    else
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' \
            "$out/$name.log" || true
        echo "$name: no crash"
    fi
done
exit $status
