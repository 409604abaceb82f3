#!/usr/bin/env bash
# The fuzz smoke run of CI: every target for SECONDS (default 30), one after the other.
# cargo-fuzz needs a nightly toolchain (-Zsanitizer=address). It uses `nightly` when rustup has
# it; otherwise the stable toolchain with RUSTC_BOOTSTRAP=1 (which lets stable accept -Z
# flags). If neither can build the targets, it prints SKIPPED with the reason and exits 0, or
# exits 1 when CI is set: CI must not pass without its fuzz run.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
# Says why the run is skipped; a failure under CI.
skip() {
    echo "SKIPPED fuzz smoke: $1"
    if [ -n "${CI:-}" ]; then exit 1; fi
    exit 0
}
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --quiet || skip "cargo install cargo-fuzz failed"
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    export FUZZ_TOOLCHAIN=nightly
else
    export FUZZ_TOOLCHAIN=stable RUSTC_BOOTSTRAP=1
fi
if ! cargo "+$FUZZ_TOOLCHAIN" fuzz build >target/fuzz-build.log 2>&1; then
    if grep -q '^error\[E[0-9]*\]' target/fuzz-build.log; then
        echo "fuzz smoke FAILED: the fuzz targets do not compile; see target/fuzz-build.log:"
        grep -A5 '^error\[E' target/fuzz-build.log | head -20
        exit 1
    fi
    tail -5 target/fuzz-build.log
    skip "cargo +$FUZZ_TOOLCHAIN fuzz build failed (no nightly toolchain here?); see target/fuzz-build.log above"
fi
status=0
for target in catalogue record_json mint serve_request query_shape; do
    if fuzz/run.sh "$target" "$seconds" >"target/fuzz-$target.log" 2>&1; then
        echo "fuzz $target: ${seconds}s, $(grep -o 'stat::number_of_executed_units: [0-9]*' "target/fuzz-$target.log" | grep -o '[0-9]*$') executions, no crash"
    else
        echo "fuzz $target FAILED: see target/fuzz-$target.log and fuzz/artifacts/$target/"
        tail -30 "target/fuzz-$target.log"
        status=1
    fi
done
exit $status
