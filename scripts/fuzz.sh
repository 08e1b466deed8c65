#!/usr/bin/env bash
# Coverage-guided fuzzing of whosaid's readers of hostile input with libFuzzer (cargo-fuzz),
# on the stable toolchain: RUSTC_BOOTSTRAP lets stable rustc take the flags cargo-fuzz passes.
#
#   scripts/fuzz.sh                  every target for 10 seconds (what CI runs)
#   scripts/fuzz.sh 3600             every target for an hour, one after another
#   scripts/fuzz.sh 600 html warc    some targets
#
# Targets: warc gzip html jsonl dates search extract (crates/fuzz documents each). Each run
# starts from the seeds in fuzz/seeds/TARGET and keeps what it learns in fuzz/corpus/TARGET
# (not committed). A crash, a panic, a stack overflow, an input slower than 10 s or a run over
# 2 GiB of memory stops the run with the input saved in fuzz/artifacts/TARGET/; add it to the
# seeds once it is fixed. Installs cargo-fuzz with cargo if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(warc gzip html jsonl dates search extract)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
echo "== building the fuzz targets"
# No sanitizer: whosaid is safe Rust, and what is looked for (panics, stack overflows,
# timeouts, memory blow-ups) libFuzzer catches without one, at full speed.
cargo fuzz build --sanitizer none --release
for target in "${targets[@]}"; do
    corpus=fuzz/corpus/$target
    log=fuzz/corpus/$target.log
    mkdir -p "$corpus"
    echo "== $target for ${seconds}s"
    status=0
    cargo fuzz run --sanitizer none --release "$target" "$corpus" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
    if [ "$status" -ne 0 ]; then
        grep -E -B2 -A12 'panicked|ERROR|deadly|timeout|out-of-memory' "$log" | head -60 >&2
        echo "fuzz target $target failed: the input is in fuzz/artifacts/$target/, the log in $log" >&2
        exit 1
    fi
done
