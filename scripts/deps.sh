#!/bin/sh
# Install the Debian 12 packages Guichet needs to build, run and test, when missing.
# Idempotent: does nothing (and needs no network) when everything is there.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev sqlite3 libstemmer-dev libutf8proc-dev libcjson-dev wfrench
libcurl4-openssl-dev libical-dev libxml2-dev libmd4c-dev libsodium-dev libcmocka-dev
curl python3 wrk kannel kannel-extras chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node/npm may come from another repository (nodesource ships npm inside nodejs).
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# Browser tests drive Debian's chromium with playwright-core (no browser download).
if [ -f tests/e2e/package-lock.json ] && { [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; }; then
    echo "deps: npm install (tests/e2e)"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
