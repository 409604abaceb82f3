#!/usr/bin/env bash
# resgraph's benchmark, side by side with the peers of ../shared/bench, in one run.
#
#   bench/run.sh N            N = 10000, 100000 or 1000000 synthetic records
#
# env: BENCH_WORK (ours, default /tmp/resgraph-bench), PEERS (default ../shared/bench),
#      PEERS_WORK (the peers' work folder, default /tmp/resgraph-peers),
#      SKIP_SETUP=1 (peers already set up), SKIP_BUILD=1 (no build rows),
#      SKIP_PEERS=1 (no peer rows, hence no ratios), TIMEOUT (per peer process, default 1800 s),
#      BUILD_FORMATS (the build rows' --formats: all six up to 100 000 records, Turtle alone
#      above, as the six exports of 1 000 000 records take about 60 GB of disk),
#      DROP_CACHES=1 (empty the page cache before each timed command and before the peers' runs;
#      needs root: with the cache full of earlier runs' files, records → Turtle at 1 000 000
#      records took 6 times the system time, docs/scale.md).
#
# It measures, each as one whole process under /usr/bin/time (wall, CPU, peak RSS):
#   (a) records → Turtle and (b) records → N-Triples with `resgraph export` (streamed, JSON Lines);
#   (c) `resgraph build` with validation (in memory, up to 100 000 records) and `build --store`
#       (on disk), each with the exports of BUILD_FORMATS and every stored query, phases from
#       --timings; then how soon `serve --store` answers (bench/serve_start.py);
#   (d) `resgraph validate` of the data folder, and pySHACL on the same graph (up to 100 000);
# then the peers doing the same work: serdi, rapper and pyoxigraph re-serializing our N-Triples
# as Turtle, pyoxigraph bulk-loading them and running our stored queries (compare.sh), and
# N3.js, pyoxigraph, rdflib and Morph-KGC mapping their own records (run_peers.sh, rdflib and
# Morph-KGC only up to 100000). It prints one table with the ratios resgraph / peer.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?usage: bench/run.sh N}
WORK=$(realpath -m "${BENCH_WORK:-/tmp/resgraph-bench}")
PEERS=$(realpath "${PEERS:-../shared/bench}")
export BENCH_WORK=${PEERS_WORK:-/tmp/resgraph-peers} TIMEOUT=${TIMEOUT:-1800}
OUT=$WORK/$N
mkdir -p "$OUT"

# Refused up front, not half-way at "No space left on device": the disk the run writes, from
# the sizes measured (docs/scale.md), per record about 16 KB of records, Turtle and N-Triples,
# and with the build rows 31 KB of store and kept answers and the exports, 120 KB for the six
# formats of two builds up to 100 000 records and 4 KB for the Turtle of one above. Files an
# earlier run left in $OUT are replaced, so they count as free.
need_kib=$(( N * ($([ "${SKIP_BUILD:-}" = 1 ] && echo 16 || { [ "$N" -le 100000 ] && echo 167 || echo 51; })) ))
free_kib=$(( $(df -Pk "$OUT" | awk 'NR == 2 { print $4 }') + $(du -sk "$OUT" | cut -f1) ))
if [ "$free_kib" -lt "$need_kib" ]; then
  echo "bench/run.sh: $N records need about $(( need_kib / 1048576 + 1 )) GiB free in $OUT; it has $(( free_kib / 1048576 )) GiB" >&2
  exit 1
fi

cargo build --release --features disk --quiet
R=$PWD/target/release/resgraph
[ "${SKIP_SETUP:-}" = 1 ] || "$PEERS/setup.sh" > "$WORK/setup.log"

settle() {  # writes out dirty pages and, with DROP_CACHES=1, empties the page cache
  sync
  [ "${DROP_CACHES:-}" != 1 ] || echo 1 > /proc/sys/vm/drop_caches
}
timed() {  # timed NAME CMD…: appends "NAME wall user sys rss_kib" to times.txt
  local name=$1; shift
  settle
  /usr/bin/time -f "$name %e %U %S %M" -a -o "$OUT/times.txt" "$@"
}
rm -f "$OUT/times.txt"

[ -s "$OUT/records.jsonl" ] || "$R" synth "$N" -o "$OUT/records.jsonl"
timed export-ttl "$R" export "$OUT/records.jsonl" --format ttl -o "$OUT/resgraph.ttl" --quiet
timed export-nt "$R" export "$OUT/records.jsonl" --format nt -o "$OUT/resgraph.nt" --quiet
grep -c '' "$OUT/resgraph.nt" > "$OUT/triples.txt"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  mkdir -p "$OUT/data/records"
  cp -r data/concepts data/mappings.sssom.tsv "$OUT/data/"
  ln -sf "$OUT/records.jsonl" "$OUT/data/records/records.jsonl"
  FORMATS=${BUILD_FORMATS:-$([ "$N" -le 100000 ] && echo ttl,nt,nq,trig,rdf,jsonld || echo ttl)}
  echo "$FORMATS" > "$OUT/build-formats.txt"
  # In memory (a frozen graph, with the exports and answers) up to 100 000 records only.
  if [ "$N" -le 100000 ]; then
    timed build "$R" build --data "$OUT/data" --out "$OUT/out" --formats "$FORMATS" --timings \
      > "$OUT/build.txt" 2> "$OUT/build-timings.txt"
  fi
  rm -rf "$OUT/store"
  timed build-store "$R" build --data "$OUT/data" --out "$OUT/out-store" --store "$OUT/store" \
    --formats "$FORMATS" --timings > "$OUT/build-store.txt" 2> "$OUT/build-store-timings.txt"
  # The store's own files, without the exports, catalog and page it keeps (hard links to out/),
  # the answers it keeps and the browse index, whose sizes are noted apart.
  du -sk --exclude='resgraph.*' --exclude=catalog.ttl --exclude=ontology.html \
    --exclude=answers --exclude=browse-index.json "$OUT/store" | cut -f1 > "$OUT/store-kib.txt"
  du -sk "$OUT/store/answers" | cut -f1 > "$OUT/answers-kib.txt"
  du -sk "$OUT/store/browse-index.json" | cut -f1 > "$OUT/browse-kib.txt"
  # serve --store: seconds from its start to its first answer of a SPARQL query, then of the
  # home page (with the browse index build kept), and its peak RSS (VmHWM) after both.
  settle
  python3 bench/serve_start.py "$R" "$OUT/store" > "$OUT/serve-start.txt"
  # Validation alone: the data folder a batch of records at a time, as build validates it;
  # then, up to 100 000 records, pySHACL on the same graph (the in-memory build's N-Triples).
  timed validate "$R" validate "$OUT/data" > "$OUT/validate.txt"
  if [ "$N" -le 100000 ] && [ "${SKIP_PEERS:-}" != 1 ]; then
    [ -x target/pyshacl-venv/bin/python ] || { python3 -m venv target/pyshacl-venv &&
      target/pyshacl-venv/bin/pip install --quiet pyshacl; }
    timed pyshacl target/pyshacl-venv/bin/python tests/support/pyshacl_validate.py \
      "$OUT/out/resgraph.nt" ontology/shapes.ttl > "$OUT/pyshacl.txt"
  fi
fi

[ "${SKIP_PEERS:-}" = 1 ] && { python3 bench/table.py "$OUT" "$N" | tee "$OUT/table.md"; exit; }
settle
PREFIXES="rg=https://w3id.org/resgraph/ontology# eli=http://data.europa.eu/eli/ontology# dcterms=http://purl.org/dc/terms/ skos=http://www.w3.org/2004/02/skos/core# prov=http://www.w3.org/ns/prov# xsd=http://www.w3.org/2001/XMLSchema#" \
  "$PEERS/compare.sh" "$OUT/resgraph.nt" queries/*.rq > "$OUT/compare.txt" 2>&1 || true
cp "$BENCH_WORK/compare/results.md" "$OUT/compare.md"
rm -f "$BENCH_WORK/compare/"*.ttl
settle
SKIP=$([ "$N" -le 100000 ] && echo '^$' || echo 'rdflib|morph-kgc|rapper') \
  "$PEERS/run_peers.sh" "$N" > "$OUT/peers.txt" 2>&1 || true
cp "$BENCH_WORK/out/$N/results.md" "$OUT/peers.md"
rm -f "$BENCH_WORK/out/$N/"*.ttl "$BENCH_WORK/out/$N/"*.nt

python3 bench/table.py "$OUT" "$N" | tee "$OUT/table.md"
