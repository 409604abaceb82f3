"""How soon `resgraph serve --store DIR` answers: seconds from its start to its first answer of
a SPARQL query (`ASK { ?s ?p ?o }`) and of the home page (which waits for the browse index),
and the server's peak RSS (VmHWM) once both are answered.

usage: python3 bench/serve_start.py RESGRAPH STORE_DIR
prints: serve-start QUERY_S HOME_S PEAK_RSS_KIB
"""
import socket
import subprocess
import sys
import time
import urllib.request

resgraph, store = sys.argv[1], sys.argv[2]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
url = f"http://127.0.0.1:{port}"
start = time.monotonic()
server = subprocess.Popen(
    [resgraph, "serve", "--store", store, "--bind", f"127.0.0.1:{port}"],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)


def first_answer(path, accept):
    """Seconds from the start until `path` answers 200."""
    while True:
        if server.poll() is not None:
            sys.exit(f"serve exited with {server.returncode}")
        try:
            request = urllib.request.Request(url + path, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=600) as reply:
                reply.read()
                if reply.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.05)


try:
    query = first_answer("/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", "application/sparql-results+json")
    home = first_answer("/", "text/html")
    with open(f"/proc/{server.pid}/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    print(f"serve-start {query:.2f} {home:.2f} {peak}")
finally:
    server.terminate()
    server.wait()
