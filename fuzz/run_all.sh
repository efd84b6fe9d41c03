#!/bin/bash
# Runs fuzz targets one after another (one process at a time), each for SECONDS (default 600),
# logging to fuzz/logs/<target>-<time>.log. FORK=1 keeps fuzzing past crashes, timeouts and
# OOMs (libFuzzer's -fork=1 -ignore_*), collecting every finding in fuzz/artifacts/<target>/.
# Usage: fuzz/run_all.sh [target...]   (default: all six)
set -u
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_TARGET:-600}
mkdir -p fuzz/logs
for target in "${@:-sequence fasta csv genbank sbol3 search}"; do
  for t in $target; do
    extra=()
    [ "$t" = genbank ] && extra+=(-dict=fuzz/genbank.dict)
    [ "${FORK:-0}" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    log=fuzz/logs/$t-$(date -u +%Y%m%dT%H%M%S).log
    start=$(date +%s)
    RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS=1 cargo fuzz run "$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      "${extra[@]}" > "$log" 2>&1
    code=$?
    echo "$t exit=$code seconds=$(( $(date +%s) - start )) corpus=$(ls fuzz/corpus/$t | wc -l) log=$log"
  done
done
