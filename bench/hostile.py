#!/usr/bin/env python3
"""The hostile mix against a running `resgraph serve` on 127.0.0.1 (standard library only).

Each attack runs while a normal client asks a stored query once a second; every answer's
status and time are printed, with the server's memory (RSS) when --pid is given. Exits 1 if
an attack is not refused with the expected status or a normal query fails or takes longer
than --slow seconds. Bounded: every socket has a timeout and every phase a duration.

    python3 bench/hostile.py --port 7979 --pid PID [--idle 5000] [--hold 20]
"""
import argparse
import select
import socket
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=7979)
ap.add_argument("--pid", type=int)
ap.add_argument("--idle", type=int, default=5000, help="idle connections to hold")
ap.add_argument("--slow", type=int, default=64, help="slow clients that never finish (half send headers, half a body)")
ap.add_argument("--hold", type=float, default=20.0, help="seconds to hold them")
ap.add_argument("--max-slow", type=float, default=5.0, help="longest acceptable normal answer")
ap.add_argument("--max-peak", type=int, default=1024,
                help="highest acceptable peak RSS of the server (MiB) after the runaway queries")
args = ap.parse_args()
HOST = "127.0.0.1"
failures = []


def rss():
    if not args.pid:
        return "?"
    with open(f"/proc/{args.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return line.split()[1]
    return "?"


def request(raw: bytes, timeout=30.0, send_after=None):
    """Sends raw bytes (then send_after, if the server has not answered), returns (status, secs)."""
    start = time.monotonic()
    try:
        with socket.create_connection((HOST, args.port), timeout=timeout) as s:
            s.sendall(raw)
            if send_after:
                try:
                    for chunk in send_after:
                        s.sendall(chunk)
                except OSError:
                    pass  # the server answered and closed: that is the point
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            status = int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0
    except OSError as e:
        return f"error {e.__class__.__name__}", time.monotonic() - start
    return status, time.monotonic() - start


def get(path, accept="application/sparql-results+json", timeout=30.0):
    raw = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    return request(raw.encode(), timeout)


def expect(name, got, wanted, secs, limit):
    ok = got == wanted and secs <= limit
    print(f"{'PASS' if ok else 'FAIL'} {name}: {got} in {secs:.2f}s (want {wanted} within {limit}s), RSS {rss()} KiB", flush=True)
    if not ok:
        failures.append(name)


class Prober(threading.Thread):
    """A normal client asking a stored query once a second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.results = []

    def run(self):
        while not self.stop.is_set():
            self.results.append(get("/query/resolutions", timeout=args.max_slow * 4))
            self.stop.wait(1.0)

    def report(self, phase):
        self.stop.set()
        self.join()
        bad = [r for r in self.results if r[0] != 200 or r[1] > args.max_slow]
        worst = max((r[1] for r in self.results), default=0.0)
        ok = self.results and not bad
        print(f"{'PASS' if ok else 'FAIL'} normal queries during {phase}: {len(self.results)} asked, "
              f"{len(bad)} failed or slower than {args.max_slow}s, slowest {worst:.2f}s", flush=True)
        if not ok:
            failures.append(f"normal queries during {phase}")


def q(sparql):
    return "/sparql?query=" + urllib.parse.quote(sparql)


# 1. Requests that must be refused, one after the other, with a normal client alongside.
prober = Prober()
prober.start()
huge = (f"POST /sparql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {1 << 30}\r\nConnection: close\r\n\r\n").encode()
status, secs = request(huge, send_after=[b"x" * 65536] * 64)
expect("a 1 GiB query body (declared)", status, 413, secs, 5)
chunked = (f"POST /sparql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/sparql-query\r\n"
           f"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
status, secs = request(chunked, send_after=[chunk] * 64)
expect("a 4 MiB chunked query body (undeclared)", status, 413, secs, 5)
cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
status, secs = get(q(cross))
expect("a cross join past the 2 s timeout", status, 503, secs, 5)
body = "update=" + urllib.parse.quote("INSERT DATA { <http://a> <http://b> <http://c> }")
status, secs = request((f"POST /sparql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode())
expect("SPARQL UPDATE", status, 403, secs, 5)
status, secs = get(q("LOAD <file:///etc/passwd>"))
expect("LOAD of a local file (an update)", status, 403, secs, 5)
status, secs = get(q("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))
expect("a federated SERVICE query", status, 400, secs, 5)
status, secs = get("/dump/..%2F..%2F..%2Fetc%2Fpasswd")
expect("a path outside the dumps", status, 404, secs, 5)
status, secs = get("/sparql?query=")
expect("an empty query", status, 400, secs, 5)
for name, shape in [("1000 joined groups", "{ <urn:x> <urn:y> ?o } "),
                    ("1000 OPTIONALs", "OPTIONAL { <urn:x> <urn:y> ?o } "),
                    ("1000 BINDs", "BIND(1 AS ?b) "),
                    ("1000 triple patterns", "<urn:x> <urn:y> ?o . ")]:
    body = "SELECT * WHERE { " + shape * 1000 + "}"
    status, secs = request((f"POST /sparql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/sparql-query\r\n"
                            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode())
    expect(name, status, 400, secs, 5)
prober.report("the refused requests")


def cpu_secs():
    with open(f"/proc/{args.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


# 1b. Runaway queries, four at once: each gets its 503 at the deadline and then stops (the
# server's CPU idles from 1 s after the 503s); a stored query answers meanwhile. First four
# sorts, then every other kind of loop that does not read the store.
X = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i"
sort = f"SELECT * WHERE {{ {X} }} ORDER BY ?c ?f ?i LIMIT 1"
batches = [
    ("runaway sorts", [sort] * 4),
    ("runaway aggregates, sub-query sorts, groups, DISTINCT", [
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {X} }}",
        f"SELECT * WHERE {{ {{ SELECT ?a WHERE {{ {X} }} ORDER BY ?c ?f ?i }} }} LIMIT 1",
        f"SELECT ?a ?f (COUNT(*) AS ?n) WHERE {{ {X} }} GROUP BY ?a ?f LIMIT 1",
        f"SELECT DISTINCT ?a WHERE {{ {X} }}",
    ]),
    ("runaway UNION/OPTIONAL/MINUS, filters, OFFSET, CONSTRUCT", [
        "SELECT * WHERE { { ?a ?b ?c . ?d ?e ?f } UNION { ?g ?h ?i } OPTIONAL { ?a ?x ?y . ?q ?r ?s } "
        "MINUS { ?a ?b ?z . ?o ?p ?t } } ORDER BY ?a LIMIT 1",
        f"ASK {{ {X} FILTER(STRLEN(STR(?c)) + STRLEN(STR(?i)) = 1000000) }}",
        "SELECT * WHERE { ?a ?b ?c . [] ?e [] . [] ?h [] } OFFSET 100000000000 LIMIT 1",
        f"CONSTRUCT {{ <urn:a> <urn:b> <urn:c> }} WHERE {{ {X} }}",
    ]),
]
for label, queries in batches:
    answers = []
    runaways = [threading.Thread(target=lambda query=query: answers.append(
        get(q(query), accept="text/csv, application/n-triples;q=0.5"))) for query in queries]
    for t in runaways:
        t.start()
    time.sleep(1)
    status, secs = get("/query/resolutions")
    expect(f"a stored query beside 4 {label}", status, 200, secs, 1)
    for t in runaways:
        t.join()
    for status, secs in answers:
        expect(f"one of 4 {label}", status, 503, secs, 5)
    if args.pid:
        time.sleep(1)
        before = cpu_secs()
        time.sleep(2)
        used = cpu_secs() - before
        ok = used <= 0.2
        print(f"{'PASS' if ok else 'FAIL'} CPU in the 2 s from 1 s after the 503s of 4 {label}: "
              f"{used:.2f} s (want at most 0.2 s), RSS {rss()} KiB", flush=True)
        if not ok:
            failures.append(f"{label} keep the CPU")

# 1c. Memory: the runaway sorts above would each hold gigabytes; each query is stopped at the
# server's memory limit per query (load.sh starts it with --max-query-memory 128), so the
# server's peak RSS stays bounded however many such queries come.
if args.pid:
    with open(f"/proc/{args.pid}/status") as f:
        peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    ok = peak <= args.max_peak * 1024
    print(f"{'PASS' if ok else 'FAIL'} peak RSS after every runaway batch: {peak} KiB "
          f"(want at most {args.max_peak} MiB)", flush=True)
    if not ok:
        failures.append("the runaway queries' memory")

# 1d. A flood of stored queries: 64 at once. At most 2 are evaluated at a time (each of the
# others waits for a slot, at most the time limit), so they cannot hold more memory than two
# queries; on this small graph each is quick, so every one is answered.
flood = []
flooders = [threading.Thread(target=lambda: flood.append(get("/query/topics", timeout=30)))
            for _ in range(64)]
for t in flooders:
    t.start()
for t in flooders:
    t.join()
slowest = max(secs for _, secs in flood)
ok = all(status == 200 for status, _ in flood) and slowest <= args.max_slow
print(f"{'PASS' if ok else 'FAIL'} 64 stored queries at once: "
      f"{sum(status == 200 for status, _ in flood)} answered 200, slowest {slowest:.2f}s "
      f"(want all within {args.max_slow}s), RSS {rss()} KiB", flush=True)
if not ok:
    failures.append("a flood of stored queries")

# 2. Slow clients that never finish their request, and thousands of idle connections.
prober = Prober()
held = []
stop = threading.Event()


def slow_client(body: bool):
    try:
        s = socket.create_connection((HOST, args.port), timeout=args.hold + 5)
        held.append(s)
        if body:
            s.sendall((f"POST /sparql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/sparql-query\r\n"
                       f"Content-Length: 1000\r\n\r\n").encode())
        else:
            s.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        while not stop.wait(2.0):
            s.sendall(b"X")  # one byte every 2 s, never the end of the headers or the body
    except OSError:
        pass


threads = [threading.Thread(target=slow_client, args=(i % 2 == 1,), daemon=True) for i in range(args.slow)]
for t in threads:
    t.start()
opened = 0
for _ in range(args.idle):
    try:
        held.append(socket.create_connection((HOST, args.port), timeout=2))
        opened += 1
    except OSError:
        break
print(f"holding {opened} idle connections and {args.slow} slow clients for {args.hold:.0f}s, RSS {rss()} KiB", flush=True)
prober.start()
deadline = time.monotonic() + args.hold
peak = 0
while time.monotonic() < deadline:
    r = rss()
    peak = max(peak, int(r)) if r != "?" else peak
    time.sleep(1)
stop.set()
prober.report("the idle and slow connections")
print(f"server RSS peak while held: {peak} KiB", flush=True)


def closed_by_server(s):
    """Whether the server has closed s, or answered it 408 (its request timeout)."""
    try:
        poller = select.poll()
        poller.register(s, select.POLLIN)
        if not poller.poll(0):
            return False
        data = s.recv(4096)
        return data == b"" or data.startswith(b"HTTP/1.1 408")
    except OSError:
        return True  # reset by the server


closed = sum(closed_by_server(s) for s in held)
print(f"the server had closed or timed out {closed} of the {len(held)} held connections", flush=True)
for s in held:
    try:
        s.close()
    except OSError:
        pass
time.sleep(2)
status, secs = get("/query/resolutions")
expect("a normal query after they are gone", status, 200, secs, args.max_slow)
print(f"{len(failures)} failed: {', '.join(failures) or 'none'}")
raise SystemExit(1 if failures else 0)
