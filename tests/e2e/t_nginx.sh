#!/bin/sh
# t_nginx.sh — docs/examples/nginx-guichet.conf, for real: the file with
# only its names changed (a self-signed certificate made here in place of
# certbot's, free ports, a cache in the test folder) passes nginx -t, and
# nginx runs it in front of guichet serve: HTTPS with HTTP/2 answers the page
# and the API, HTTP redirects to HTTPS, HSTS is sent, /metrics is not
# proxied (404, and guichet never sees the request), the static files are
# cached (the second request does not reach guichet).
set -u
E2E_NAME=nginx . "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || { ko "nginx (a test dependency) is missing"; finish; }
"$bin" import --db "$tmp/t.db" "$root/tests/data/e2e-pages/" >"$tmp/import.log" 2>&1 ||
    { ko "import"; finish; }
serve g --db "$tmp/t.db" --rate-limit 0 || { ko "serve"; finish; }
gport=${url##*:}
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=guichet.example.fr" \
    -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" >/dev/null 2>&1 &&
    ok "a self-signed certificate in place of certbot's" || ko "openssl req"
ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
http_port=${ports% *}; https_port=${ports#* }
mkdir -p "$tmp/cache" "$tmp/www" "$tmp/logs"
sed -e "s|/etc/letsencrypt/live/guichet.example.fr/|$tmp/|" \
    -e "s|/var/cache/nginx/guichet|$tmp/cache|" -e "s|/var/www/html|$tmp/www|" \
    -e "s|127.0.0.1:8080|127.0.0.1:$gport|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|listen \[::\]:80;||" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" -e "s|listen \[::\]:443 ssl http2;||" \
    "$root/docs/examples/nginx-guichet.conf" >"$tmp/guichet.conf"
check "only names changed in the example (certificate paths, ports, cache folder)" sh -c \
    '[ "$(diff "$1" "$2" | grep -c "^>")" -le 11 ]' sh "$root/docs/examples/nginx-guichet.conf" "$tmp/guichet.conf"
# Workers as this user: the test folder is private to it.
cat >"$tmp/nginx.conf" <<CONF
user $(id -un);
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 64; }
http {
    access_log $tmp/logs/access.log;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/guichet.conf;
}
CONF
if nginx -t -q -p "$tmp" -c "$tmp/nginx.conf" -g "error_log $tmp/logs/error.log;" >"$tmp/t.txt" 2>&1; then
    ok "nginx -t: the example is valid"
else
    ko "nginx -t"; show "$tmp/t.txt"; finish
fi
nginx -p "$tmp" -c "$tmp/nginx.conf" -g "daemon off; error_log $tmp/logs/error.log;" 2>"$tmp/nginx.err" &
npid=$!
pids="$pids $npid"
i=0; while [ $i -lt 50 ] && ! curl -ks -o /dev/null "https://127.0.0.1:$https_port/"; do sleep 0.1; i=$((i + 1)); done
base="https://127.0.0.1:$https_port"
out=$(curl -ks --http2 -o "$tmp/page.html" -w '%{http_version} %{http_code}' "$base/")
check "HTTPS, HTTP/2: the page ($out)" sh -c '[ "$1" = "2 200" ] && grep -q "<form" "$2"' sh "$out" "$tmp/page.html"
curl -ks --http2 -D "$tmp/h.txt" -o "$tmp/a.json" -H 'Content-Type: application/json' \
    -d '{"question":"Comment refaire ma carte d identité ?"}' "$base/api/v1/ask"
check "the API through nginx" grep -q '"answer"' "$tmp/a.json"
check "HSTS from nginx, Guichet's own headers kept" sh -c \
    'grep -qi "^strict-transport-security: max-age=63072000" "$1" && grep -qi "^content-security-policy:" "$1"' sh "$tmp/h.txt"
out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/demander?x=1")
check "HTTP redirects to HTTPS ($out)" sh -c 'case "$1" in "301 https://"*"/demander?x=1") exit 0;; esac; exit 1' sh "$out"
code=$(curl -ks -o /dev/null -w '%{http_code}' "$base/metrics")
sleep 1.2   # guichet's access log is flushed every second
check "/metrics through nginx: 404, and guichet never saw it ($code)" sh -c \
    '[ "$1" = 404 ] && ! grep -q "GET /metrics" "$2"' sh "$code" "$tmp/g.log"
for i in 1 2 3; do curl -ks -o /dev/null "$base/widget.js"; done
sleep 1.2
n=$(grep -c "GET /widget.js" "$tmp/g.log")
check "static files cached: 3 requests, $n reached guichet" [ "$n" -eq 1 ]
kill -QUIT $npid 2>/dev/null; wait $npid 2>/dev/null
finish
