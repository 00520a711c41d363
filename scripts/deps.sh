#!/bin/sh
# Install the Debian 12 packages Guichet needs, when missing.
#
# usage: deps.sh [run|test]
#   run   what `make run` needs: a compiler and the libraries (no Node, no browser)
#   test  (default) the above and what only the tests need: Chromium and the npm
#         packages that drive it, Kannel, clang's fuzzer runtime, the Debian
#         packaging tools, nginx, Prometheus' promtool, systemd-analyze, ...
# Idempotent: does nothing (and needs no network) when everything is there.
set -eu
what=${1:-test}
RUN_PKGS="build-essential pkg-config
libmicrohttpd-dev libsqlite3-dev libstemmer-dev libutf8proc-dev libcjson-dev wfrench
libcurl4-openssl-dev libical-dev libxml2-dev libmd4c-dev libsodium-dev libsystemd-dev"
TEST_PKGS="clang libclang-rt-14-dev libcmocka-dev sqlite3 curl python3 python3-jsonschema wrk
kannel kannel-extras chromium
debhelper dpkg-dev lintian man-db systemd nginx prometheus"
case $what in
run) PKGS=$RUN_PKGS ;;
test) PKGS="$RUN_PKGS $TEST_PKGS" ;;
*) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node/npm may come from another repository (nodesource ships npm inside nodejs).
[ "$what" = run ] || command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    # nginx, prometheus and kannel are tools of the tests here, not services
    # of this machine: when nothing says otherwise (a container usually has
    # its policy-rc.d already), their packages must not start them.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod 755 /usr/sbin/policy-rc.d
        policy=/usr/sbin/policy-rc.d
        trap '$SUDO rm -f "$policy"' EXIT
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
[ "$what" = run ] && exit 0
# Browser tests drive Debian's chromium with playwright-core (no browser download).
if [ -f tests/e2e/package-lock.json ] && { [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; }; then
    echo "deps: npm install (tests/e2e)"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
