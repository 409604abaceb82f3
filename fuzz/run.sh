#!/usr/bin/env bash
# Runs one fuzz target for a bounded time, at the lowest CPU priority, one process.
#   fuzz/run.sh TARGET SECONDS      (TARGET: catalogue, record_json, mint, serve_request, query_shape)
# Seeds its corpus (fuzz/corpus/TARGET, not committed) from data/, the test fixtures and
# fuzz/seeds/TARGET, then runs libFuzzer with AddressSanitizer via cargo-fuzz on the nightly
# toolchain. Crashes land in fuzz/artifacts/TARGET; the last line of libFuzzer's output gives
# the executions. Exits non-zero on a crash, a hang (-timeout) or a leak.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:-30}
toolchain=${FUZZ_TOOLCHAIN:-nightly}
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
    catalogue)
        cp tests/fixtures/catalogue/*.txt tests/fixtures/seed/*.txt tests/fixtures/eval/records.txt "$corpus"/ ;;
    record_json)
        for f in data/records/*.json tests/fixtures/bad-records/*.json; do
            cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
        done ;;
esac
if [ -d "fuzz/seeds/$target" ]; then cp fuzz/seeds/"$target"/* "$corpus"/; fi
exec nice -n 19 cargo "+$toolchain" fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
