"""Stand in for systemd's notification socket: bind a datagram socket at
argv[1] and append every message received to argv[2] (one line per
assignment, as sd_notify sends them), until killed or argv[3] seconds."""
import os
import socket
import sys
import time

path, out, limit = sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 120
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)   # the service may run as another user
s.settimeout(0.5)
end = time.time() + limit
with open(out, "a", buffering=1) as f:
    print("LISTENING", file=f)
    while time.time() < end:
        try:
            data = s.recv(4096)
        except socket.timeout:
            continue
        for line in data.decode("utf-8", "replace").split("\n"):
            if line:
                print(line, file=f)
