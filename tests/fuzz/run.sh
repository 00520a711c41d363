#!/bin/sh
# run.sh SECONDS [NAME...] — build every tests/fuzz/fuzz_*.c (or the NAMEs
# given, e.g. fuzz_ics) as a libFuzzer target (clang, ASan + UBSan) into
# build-fuzz/, then run each for SECONDS seconds.  Exits non-zero when a
# target fails to build or the fuzzer finds a crash, a leak, a sanitizer
# report or a timeout; the input is kept in build-fuzz/artifacts/.
#
# A target declares what it needs in comment lines at its top:
#   /* fuzz-sources: src/import/ics.c src/knowledge/events.c */  project sources
#        (a folder, "src/answer/", for all its .c files; src/util/*.c always;
#        without this line: src/knowledge/*.c)
#   /* fuzz-libs: libical sqlite3 -lstemmer */   pkg-config names or -l flags
#        (without this line: every library the project links)
#   /* fuzz-seeds: demo/agenda.ics tests/data/ics */  files or folders seeding
#        its corpus (without this line: each field of tests/data/hours/*)
#   /* fuzz-max-len: 16384 */                   longest input (default 2048)
set -eu
secs=${1:-600}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-fuzz"
CC=${FUZZ_CC:-clang}
mkdir -p "$out/artifacts"

# Seeds for the opening-hours targets: one file per tab-separated field of
# tests/data/hours/*.
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
i=0
for f in "$root"/tests/data/hours/*; do
    [ -f "$f" ] || continue
    tr '\t' '\n' < "$f" | while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        i=$((i + 1))
        printf '%s' "${line#!}" > "$seeds/$(basename "$f").$i"
    done
done

# The value of a "/* fuzz-KEY: ... */" line of a target, or "".
decl() {
    sed -n "s|^/\* fuzz-$2: *\(.*[^ ]\) *\*/\$|\1|p" "$1" | head -1
}

targets=""
if [ $# -gt 0 ]; then
    for n in "$@"; do targets="$targets $root/tests/fuzz/$n.c"; done
else
    targets=$(ls "$root"/tests/fuzz/fuzz_*.c)
fi

status=0
for src in $targets; do
    name=$(basename "$src" .c)
    echo "== $name: build"
    srcs=$(decl "$src" sources)
    [ -n "$srcs" ] || srcs="src/knowledge/*.c"
    files=""
    # Declared sources and util, each once.
    # A folder ("src/answer/") stands for its .c files: "src/answer/*.c"
    # would end the C comment it is written in.
    srcs=$(for s in $srcs; do case "$s" in */) echo "$s*.c" ;; *) echo "$s" ;; esac; done)
    files=$(cd "$root" && ls $srcs src/util/*.c | sort -u | sed "s|^|$root/|")
    libs=""
    liblist=$(decl "$src" libs)
    [ -n "$liblist" ] || liblist="libcjson libcurl libutf8proc libsodium sqlite3 md4c libical -lstemmer"
    for l in $liblist; do
        case "$l" in
            -*) libs="$libs $l" ;;
            *) libs="$libs $(pkg-config --libs "$l")" ;;
        esac
    done
    # util/ is linked whole: util/systemd.c needs libsystemd.
    libs="$libs $(pkg-config --libs libsystemd)"
    # Only what the target needs, plus util (the floor every module uses).
    # shellcheck disable=SC2086
    if ! $CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -I"$root/src" \
            -DGC_DATADIR="\"$root/data\"" \
            $(pkg-config --cflags libical libutf8proc libcjson libcurl 2>/dev/null) \
            "$src" $files $libs -lm -o "$out/$name"; then
        echo "$name: build failed"; status=1; continue
    fi
    corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    seedlist=$(decl "$src" seeds)
    if [ -n "$seedlist" ]; then
        for s in $seedlist; do
            if [ -d "$root/$s" ]; then cp "$root/$s"/* "$corpus"/ 2>/dev/null || true
            elif [ -f "$root/$s" ]; then cp "$root/$s" "$corpus"/; fi
        done
    else
        cp "$seeds"/* "$corpus"/ 2>/dev/null || true
    fi
    maxlen=$(decl "$src" max-len)
    echo "== $name: fuzzing for $secs s"
    if ! "$out/$name" -max_total_time="$secs" -max_len="${maxlen:-2048}" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" \
            "$corpus" > "$out/$name.log" 2>&1; then
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
