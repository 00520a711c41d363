#!/bin/sh
# t_deb.sh — the Debian package, installed and removed for real.
#
# Builds build/guichet_VERSION_ARCH.deb once (make deb: dpkg-buildpackage
# on a copy of the tracked files, DEB_BUILD_OPTIONS="nocheck parallel=2"),
# lintian, then dpkg -i: the binary, the man page, the conffile, the system
# user, /var/lib/guichet (0750), the units (systemd-analyze verify, and the
# exposure score of systemd-analyze security --offline=true); the service
# run as its unit would run it (its user, working directory, umask and
# ExecStart, with a stand-in NOTIFY_SOCKET and WATCHDOG_USEC: this machine
# has no systemd as PID 1): READY=1, WATCHDOG=1, answers on its port,
# ExecReload's SIGHUP survived; the daily backup as its unit runs it; an
# upgrade (dpkg -i again) takes a backup first; dpkg --purge removes it all.
# The machine is left as found: purge (and the guichet user, when the test
# made it) in a trap.  Needs root; says SKIP otherwise.
set -u
E2E_NAME=deb . "$(dirname "$0")/lib.sh"
cd "$root"
if [ "$(id -u)" != 0 ]; then
    echo "SKIP - t_deb.sh installs a package: it needs root"
    finish
fi
if dpkg-query -W -f='${Status}' guichet 2>/dev/null | grep -q "installed"; then
    ko "guichet is installed on this machine already: the test would disturb it"
    finish
fi
user_existed=no
getent passwd guichet >/dev/null && user_existed=yes
# dpkg's lock may be held by someone else's apt for a moment: wait for it.
dpkg_retry() {
    n=0
    while [ $n -lt 60 ]; do
        "$@" >"$tmp/dpkg.log" 2>&1 && return 0
        grep -q "lock" "$tmp/dpkg.log" || return 1
        sleep 2; n=$((n + 1))
    done
    return 1
}
deb_cleanup() {
    [ -n "${mainpid:-}" ] && kill -TERM "$mainpid" 2>/dev/null
    [ -n "${spid:-}" ] && wait "$spid" 2>/dev/null
    if dpkg-query -W -f='${Status}' guichet 2>/dev/null | grep -q "install\|config-files"; then
        dpkg_retry dpkg --purge guichet || cat "$tmp/dpkg.log"
    fi
    [ "$user_existed" = no ] && getent passwd guichet >/dev/null && deluser --system guichet >/dev/null 2>&1
    cleanup
}
trap deb_cleanup EXIT

# --- build --------------------------------------------------------------------
t0=$(date +%s)
if make --no-print-directory deb DEB_JOBS=2 >"$tmp/deb.log" 2>&1; then
    ok "make deb ($(($(date +%s) - t0)) s)"
else
    ko "make deb"; show "$tmp/deb.log" 40; finish
fi
version=$(dpkg-parsechangelog -S Version)
deb="build/guichet_${version}_$(dpkg --print-architecture).deb"
check "the .deb is $deb" test -f "$deb"
check "debian/changelog's version is the binary's ($version)" \
    [ "$("$bin" --version)" = "guichet $version" ]
dpkg-deb -f "$deb" Depends >"$tmp/depends"
check "Depends: the libraries found by dpkg-shlibdeps (libmicrohttpd, libsqlite3, libsystemd, ...)" \
    sh -c 'grep -q libmicrohttpd "$1" && grep -q libsqlite3 "$1" && grep -q libsystemd0 "$1"' sh "$tmp/depends"
grep -q -- "-D_FORTIFY_SOURCE=2" build/deb/build.log && grep -q -- "-Wl,-z,now" build/deb/build.log
check "built with dpkg-buildflags (fortify, bindnow)" [ $? -eq 0 ]
# Lintian: nothing but the warnings explained in docs/deploy.md.
lintian --allow-root "$deb" >"$tmp/lintian.txt" 2>&1
grep -E "^[EW]: " "$tmp/lintian.txt" | grep -v -e "copyright-without-copyright-notice" >"$tmp/lintian.bad"
if [ ! -s "$tmp/lintian.bad" ]; then
    ok "lintian: no error, no unexplained warning ($(grep -c '^W: ' "$tmp/lintian.txt") explained)"
else
    ko "lintian"; show "$tmp/lintian.bad"
fi

# --- install --------------------------------------------------------------------
if dpkg_retry dpkg -i "$deb"; then ok "dpkg -i $deb"; else ko "dpkg -i"; show "$tmp/dpkg.log"; finish; fi
check "/usr/bin/guichet runs" sh -c '/usr/bin/guichet --version | grep -q "^guichet "'
check "man guichet: the page lists every setting" sh -c \
    'for s in $("$1" serve --help-config | sed -n "s/^| \`\([^\`]*\)\`.*/\1/p"); do MANWIDTH=200 man -P cat guichet 2>/dev/null | grep -q -- "$s (default" || exit 1; done' sh "$bin"
check "/etc/guichet/guichet.ini is a conffile" sh -c \
    'dpkg-query -W -f="\${Conffiles}" guichet | grep -q "/etc/guichet/guichet.ini"'
check "the system user guichet" sh -c '[ "$(id -u guichet)" -lt 1000 ] && [ "$(getent passwd guichet | cut -d: -f7)" = /usr/sbin/nologin ]'
check "/var/lib/guichet: 0750 guichet:guichet" [ "$(stat -c '%a %U:%G' /var/lib/guichet)" = "750 guichet:guichet" ]
for u in guichet.service guichet@.service guichet-backup.service guichet-backup.timer; do
    check "unit $u installed" test -f "/lib/systemd/system/$u"
done
# --- the units ------------------------------------------------------------------
cp /lib/systemd/system/guichet@.service "$tmp/guichet@town.service"
if systemd-analyze verify --man=no /lib/systemd/system/guichet.service \
        /lib/systemd/system/guichet-backup.service /lib/systemd/system/guichet-backup.timer \
        "$tmp/guichet@town.service" >"$tmp/verify.txt" 2>&1 && [ ! -s "$tmp/verify.txt" ]; then
    ok "systemd-analyze verify: the four units, no warning"
else
    ko "systemd-analyze verify"; show "$tmp/verify.txt"
fi
score=$(systemd-analyze security --offline=true /lib/systemd/system/guichet.service 2>&1 |
        sed -n 's/.*Overall exposure level for guichet.service: \([0-9.]*\).*/\1/p')
check "systemd-analyze security --offline=true guichet.service: exposure $score (<= 2.0)" \
    awk -v s="${score:-10}" 'BEGIN { exit !(s <= 2.0) }'

# --- the service, run as its unit runs it --------------------------------------
unit=/lib/systemd/system/guichet.service
exec_start=$(sed -n 's/^ExecStart=//p' $unit)
workdir=$(sed -n 's/^WorkingDirectory=//p' $unit)
user=$(sed -n 's/^User=//p' $unit)
reload=$(sed -n 's/^ExecReload=//p' $unit)
# The content, where docs/deploy.md puts it, imported as docs/deploy.md says.
cp -r demo /var/lib/guichet/content && chown -R guichet:guichet /var/lib/guichet/content
if (cd "$workdir" && runuser -u guichet -- /usr/bin/guichet import --config /etc/guichet/guichet.ini \
        --quiet /var/lib/guichet/content) >"$tmp/import.log" 2>&1; then
    ok "import as the guichet user (docs/deploy.md)"
else
    ko "import as guichet"; show "$tmp/import.log"
fi
mkdir -m 0755 "$tmp/n"
chmod 0755 "$tmp"
python3 "$here/notify_listen.py" "$tmp/n/notify.sock" "$tmp/notify.txt" 120 &
pids="$pids $!"
i=0; while [ ! -S "$tmp/n/notify.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
# The unit's ExecStart, its user, folder and umask; the port 0 (the
# conffile's 8080 may be taken here): the command line wins over the file.
(cd "$workdir" && umask 0077 && exec runuser -u "$user" -- env NOTIFY_SOCKET="$tmp/n/notify.sock" \
    WATCHDOG_USEC=4000000 $exec_start --listen 127.0.0.1:0) >"$tmp/svc.out" 2>"$tmp/svc.log" &
spid=$!
url=""
i=0
while [ $i -lt 300 ] && [ -z "$url" ] && kill -0 $spid 2>/dev/null; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$tmp/svc.out" | head -n 1)
    sleep 0.1; i=$((i + 1))
done
[ -n "$url" ] && ok "the unit's ExecStart as $user: listening ($url)" || { ko "ExecStart"; show "$tmp/svc.log"; }
sleep 2.5
check "READY=1, then WATCHDOG=1 pings" sh -c 'grep -q "^READY=1" "$1" && grep -q "^WATCHDOG=1" "$1"' sh "$tmp/notify.txt"
mainpid=$(pgrep -u guichet -f "guichet serve --config /etc/guichet/guichet.ini" | head -n 1)
check "the process runs as guichet" [ -n "$mainpid" ]
curl -fsS -H 'Content-Type: application/json' -d '{"question":"horaires de la médiathèque"}' \
    "$url/api/v1/ask" >"$tmp/a.json" 2>&1
check "it answers on its port (POST /api/v1/ask)" grep -q '"answer"' "$tmp/a.json"
MAINPID=$mainpid sh -c "$reload"
sleep 0.5
check "ExecReload ($reload): survived, still answering" sh -c \
    'kill -0 "$1" && curl -fsS "$2/api/v1/health" | grep -q "\"status\":\"ok\""' sh "$mainpid" "$url"
check "the database belongs to guichet" [ "$(stat -c %U /var/lib/guichet/guichet.db)" = guichet ]
# The daily backup, as guichet-backup.service runs it.
bexec=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/guichet-backup.service)
if (cd /var/lib/guichet && umask 0077 && runuser -u guichet -- $bexec) >"$tmp/bk.log" 2>&1; then
    b=$(ls -d /var/lib/guichet/backups/guichet-*Z | head -n 1)
    check "guichet-backup.service's command, while serving: $b, integrity ok" \
        sh -c '[ "$(sqlite3 "$1/guichet.db" "PRAGMA integrity_check")" = ok ] && [ "$(stat -c %U "$1")" = guichet ]' sh "$b"
else
    ko "guichet-backup.service's command"; show "$tmp/bk.log"
fi
# An upgrade (the same version again goes through the same postinst path).
if dpkg_retry dpkg -i "$deb"; then
    check "upgrade: dpkg -i again backs up the database first (pre-upgrade)" sh -c \
        'ls -d /var/lib/guichet/backups/pre-upgrade/guichet-*Z >/dev/null 2>&1 && grep -q "backing up" "$1"' sh "$tmp/dpkg.log"
    check "upgrade: the conffile kept" grep -q "^db = /var/lib/guichet/guichet.db" /etc/guichet/guichet.ini
else
    ko "dpkg -i again (upgrade)"; show "$tmp/dpkg.log"
fi
# systemctl stop sends SIGTERM to the main process (runuser passes its
# child's exit status on).
kill -TERM "$mainpid"; wait "$spid"; rc=$?; spid=""
check "SIGTERM: the service stops, exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "STOPPING=1" grep -q "^STOPPING=1" "$tmp/notify.txt"

# --- purge ----------------------------------------------------------------------
if dpkg_retry dpkg --purge guichet; then ok "dpkg --purge guichet"; else ko "dpkg --purge"; show "$tmp/dpkg.log"; fi
check "purged: nothing left (binary, settings, state, units, man page)" sh -c \
    '! dpkg-query -W -f="\${Status}" guichet 2>/dev/null | grep -q installed && for f in /usr/bin/guichet /etc/guichet /var/lib/guichet /lib/systemd/system/guichet.service /usr/share/man/man1/guichet.1.gz; do [ ! -e "$f" ] || exit 1; done'
finish
