#!/bin/sh
# t_run.sh — `make run` on a machine without Node: the run path (make deps-run,
# build, demo import, serve) must not need npm or anything only the tests use.
#
# PATH is rebuilt from the real one without node, nodejs, npm, npx and
# corepack; apt-get and sudo are replaced by stubs that fail, so that a run
# path which wanted to install something (npm, say) fails here instead of
# installing it.  Then `make run PORT=0` must serve the demo page.
set -u
E2E_NAME=run . "$(dirname "$0")/lib.sh"
cd "$root"
fake="$tmp/bin"
mkdir -p "$fake"
oldifs=$IFS; IFS=:
for d in $PATH; do
    [ -d "$d" ] || continue
    for f in "$d"/*; do
        n=${f##*/}
        case $n in node|nodejs|npm|npx|corepack|apt-get|apt|sudo) continue ;; esac
        [ -x "$f" ] && [ ! -e "$fake/$n" ] && ln -s "$f" "$fake/$n"
    done
done
IFS=$oldifs
for n in apt-get apt sudo; do
    printf '#!/bin/sh\necho "%s called: the run path tried to install: $*" >&2\nexit 1\n' "$n" >"$fake/$n"
    chmod +x "$fake/$n"
done
if PATH=$fake command -v npm >/dev/null 2>&1 || PATH=$fake command -v node >/dev/null 2>&1; then
    ko "npm and node hidden from PATH"
else
    ok "npm and node hidden from PATH"
fi
PATH=$fake sh scripts/deps.sh run >"$tmp/deps.log" 2>&1
check "scripts/deps.sh run needs neither npm nor an install here (exit $?)" \
    sh -c '! grep -q "called" "$1" && ! grep -qi npm "$1"' sh "$tmp/deps.log"
# make run in its own process group, to stop it and the server it runs.
: >"$tmp/run.log"
PATH=$fake setsid make --no-print-directory run PORT=0 >"$tmp/run.log" 2>&1 &
mpid=$!
pids="$pids $mpid"
url=""
i=0
while [ $i -lt 600 ] && kill -0 "$mpid" 2>/dev/null; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$tmp/run.log" | head -n 1)
    [ -n "$url" ] && break
    sleep 0.2
    i=$((i + 1))
done
if [ -n "$url" ] && curl -fsS "$url/" -o "$tmp/page.html" && grep -q "Villebrune" "$tmp/page.html"; then
    ok "make run serves the demo town without npm ($url)"
else
    ko "make run without npm"
    show "$tmp/run.log"
fi
kill -TERM "-$mpid" 2>/dev/null
wait "$mpid" 2>/dev/null
check "make run stopped by SIGTERM leaves no server behind" \
    sh -c '! pgrep -g "$1" >/dev/null 2>&1' sh "$mpid"
finish
