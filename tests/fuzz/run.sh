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

libs="$(pkg-config --libs libcjson libcurl libutf8proc libsodium sqlite3 md4c 2>/dev/null) -lstemmer -lpthread -lm"
status=0
for src in "$root"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    echo "== $name: build"
    # Only what the target needs: the sources named on its first line
    # ("/* fuzz-sources: a.c b.c */"), else the knowledge modules; util always.
    decl=$(sed -n '1s|.*fuzz-sources:\(.*\)\*/.*|\1|p' "$src")
    [ -n "$decl" ] || decl="src/knowledge/*.c"
    srcs=$(cd "$root" && for f in $decl src/util/*.c; do echo "$root/$f"; done | sort -u)
    # shellcheck disable=SC2086
    if ! $CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -I"$root/src" \
            $(pkg-config --cflags libcjson libcurl libutf8proc 2>/dev/null) \
            "$src" $srcs $libs -o "$out/$name"; then
        echo "$name: build failed"; status=1; continue
    fi
    corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    cp "$seeds"/* "$root"/tests/fuzz/seeds/* "$corpus"/ 2>/dev/null || true
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
