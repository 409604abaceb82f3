#!/usr/bin/env bash
# Load test of `resgraph serve` on loopback (127.0.0.1 only), bounded in time.
#
#   bench/load.sh            # 64 clients, 60 s of mixed stored queries and resource pages,
#                            # then the hostile mix (bench/hostile.py)
#   DURATION=10 bench/load.sh
#
# Needs wrk (Debian: apt-get install wrk) and python3. Uses target/release/resgraph
# (cargo build --release) unless RESGRAPH names another binary. Writes its logs and the
# server's memory samples (RSS in KiB, one a second) under target/load/. Runs wrk at the
# lowest CPU priority. Not run in CI: too long.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${RESGRAPH:-target/release/resgraph}
port=${PORT:-7979}
duration=${DURATION:-60}
clients=${CLIENTS:-64}
out=target/load
mkdir -p "$out"

"$bin" serve --bind "127.0.0.1:$port" --timeout 2 --max-query-memory 128 >"$out/serve.log" 2>&1 &
server=$!
sampler=
cleanup() {
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
    grep -q "resgraph serves" "$out/serve.log" 2>/dev/null && break
    sleep 0.1
done

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
(while kill -0 "$server" 2>/dev/null; do rss; sleep 1; done) >"$out/rss.txt" 2>/dev/null &
sampler=$!

echo "== mixed load: $clients clients, ${duration}s"
nice -n 19 wrk -t2 -c"$clients" -d"${duration}s" --timeout 10s --latency -s bench/mix.lua \
    "http://127.0.0.1:$port/" | tee "$out/wrk.txt"
echo "server RSS during the load (KiB): first $(head -1 "$out/rss.txt"), max $(sort -n "$out/rss.txt" | tail -1), last $(tail -1 "$out/rss.txt")"
rss_after_load=$(rss)

echo "== hostile mix"
status=0
nice -n 19 python3 bench/hostile.py --port "$port" --pid "$server" | tee "$out/hostile.txt" || status=$?
echo "server RSS (KiB): after the load $rss_after_load, after the hostile mix $(rss)"
exit $status
