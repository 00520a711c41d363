#!/bin/sh
# bench/hours.sh [GUICHET] — measure knowledge/hours against the shared data
# when it is present (it is not part of the project; see docs/opening-hours.md):
#   - the opening_hours vectors (schedule, state, next change), all cases,
#     sunrise/sunset ones counted apart;
#   - the French texts of fr-text-to-osm.tsv: how many are read, and how many
#     readings give the same week as the reference reading (2026-01-05 to
#     2026-01-11, comments ignored).
# Prints the failing cases and the totals.
set -u
bin=${1:-build/guichet}
data=${GUICHET_SHARED_DATA:-/work/shared/data}/opening_hours
[ -d "$data" ] || { echo "no shared data in $data: nothing to measure"; exit 0; }
tab=$(printf '\t')

vectors() {  # file flag
    pass=0; total=0; sunfail=0; suntotal=0
    while IFS="$tab" read -r when expr expected; do
        out=$("$bin" hours "$2" "$when" "$expr" 2>/dev/null)
        sun=0
        case "$expr" in *sunrise*|*sunset*|*dawn*|*dusk*) sun=1 ;; esac
        if [ "$sun" = 1 ]; then
            suntotal=$((suntotal + 1))
            [ "$out" = "$expected" ] || sunfail=$((sunfail + 1))
            continue
        fi
        total=$((total + 1))
        if [ "$out" = "$expected" ]; then pass=$((pass + 1)); else
            echo "  FAIL $1: $when | $expr | expected '$expected' got '$out'"; fi
    done <<END
$(tail -n +2 "$data/$1")
END
    echo "$1: $pass/$total without sun events; $((suntotal - sunfail))/$suntotal with sun events (not supported)"
}

vectors schedule.tsv --date
vectors state.tsv --at
vectors next_change.tsv --next

week() {  # expr -> the seven --date lines, comments removed
    for d in 05 06 07 08 09 10 11; do
        "$bin" hours --date "2026-01-$d" "$1" 2>/dev/null | sed 's/\[[^]]*\]//g' || echo ERR
    done
}

n=0; read_ok=0; same=0
while IFS="$tab" read -r text ref; do
    n=$((n + 1))
    if out=$("$bin" hours --from-french "$text" 2>/tmp/hours-fr.err); then
        read_ok=$((read_ok + 1))
        if [ "$(week "$out")" = "$(week "$ref")" ]; then same=$((same + 1)); r=same; else r=DIFFERENT; fi
        echo "  $n $r: $out"
    else
        echo "  $n refused: $(cat /tmp/hours-fr.err)"
    fi
done <<END
$(tail -n +2 "$data/fr-text-to-osm.tsv")
END
rm -f /tmp/hours-fr.err
echo "fr-text-to-osm.tsv: $read_ok/$n read, $same/$n same week as the reference reading"
