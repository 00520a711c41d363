"""Bounded load on a running guichet: THREADS keep-alive connections asking
questions for SECONDS, then print how many answers came back.
usage: load.py URL SECONDS THREADS"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, seconds, nthreads = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
u = urllib.parse.urlparse(url)
questions = ["horaires de la mairie", "carte d'identité", "piscine", "bonjour", "passeport"]
counts = [0] * nthreads
errors = [0] * nthreads
end = time.time() + seconds


def run(i):
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    k = 0
    while time.time() < end:
        body = json.dumps({"question": questions[k % len(questions)]})
        k += 1
        try:
            c.request("POST", "/api/v1/ask", body, {"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            if r.status == 200:
                counts[i] += 1
            else:
                errors[i] += 1
        except OSError:
            errors[i] += 1
            c.close()
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)


ts = [threading.Thread(target=run, args=(i,)) for i in range(nthreads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sum(counts), sum(errors))
