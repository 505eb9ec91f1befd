#!/usr/bin/env bash
# Fuzzes ClaimLint's readers with libFuzzer.
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]      TARGET: x12 csv rules cms (default: all, one after another)
#   FUZZ_DIR=/tmp/f2 Scripts/fuzz.sh 300 x12 & FUZZ_DIR=/tmp/f3 Scripts/fuzz.sh 300 csv   (in parallel)
#
# Each target is ClaimLint's library sources plus Fuzz/FuzzEntry.swift, compiled with
# `swiftc -sanitize=fuzzer,address -O` into $FUZZ_DIR (default /tmp/claimlint-fuzz), seeded from
# Fixtures/ and run for SECONDS (default 600) with a 2 GB memory limit and a 10 s per-input
# timeout. Crashes, leaks, ooms and timeouts land in $FUZZ_DIR/<target>/artifacts; turn each into
# a fixture under Fixtures/fuzz/ and a regression test (Tests/ClaimLintTests/Input/FuzzRegressionTests.swift).
# Nothing here is committed: binaries and the grown corpora stay in $FUZZ_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(x12 csv rules cms)
FUZZ_DIR=${FUZZ_DIR:-/tmp/claimlint-fuzz}
mkdir -p "$FUZZ_DIR"

seeds() {
    case $1 in
        x12) ls Fixtures/x12/* ;;
        csv) ls Fixtures/claims/* Fixtures/reports/sample.csv Fixtures/denial-codes/*.csv ;;
        rules) ls Rules/bundled.rules Rules/pack.txt Rules/*.tsv Fixtures/packs/*/*.tsv Fixtures/packs/payer/pack.txt Fixtures/rules/warnings/pack.txt Fixtures/fuzz/*.rules ;;
        cms) ls Fixtures/cms/good/* Fixtures/cms/malformed/* | grep -v '\.gz$' ;;
    esac
}

build() {
    local t=$1 upper dir=$FUZZ_DIR/$1
    upper=$(echo "$t" | tr a-z A-Z)
    mkdir -p "$dir/corpus" "$dir/artifacts"
    echo "== $t: building $dir/fuzz-$t"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name ClaimLint -D "FUZZ_$upper" \
        $(find Sources/ClaimLint -name '*.swift') Fuzz/FuzzEntry.swift -o "$dir/fuzz-$t" 2>&1 | grep -v 'Cannot export local symbol' || true
    [ -x "$dir/fuzz-$t" ] || { echo "build of $dir/fuzz-$t failed"; exit 1; }
    # libFuzzer cuts inputs at -max_len; keep seeds within it.
    for f in $(seeds "$t"); do head -c 65536 "$f" > "$dir/corpus/seed-$(basename "$f")"; done
}

# Build every target first, so the runs test one version of the sources.
# FUZZ_REUSE=1 keeps binaries already built; FUZZ_BUILD_ONLY=1 stops after building.
for t in "${TARGETS[@]}"; do
    if [ -n "${FUZZ_REUSE:-}" ] && [ -x "$FUZZ_DIR/$t/fuzz-$t" ]; then continue; fi
    build "$t"
done
[ -n "${FUZZ_BUILD_ONLY:-}" ] && exit 0
for t in "${TARGETS[@]}"; do
    dir=$FUZZ_DIR/$t
    echo "== $t: fuzzing for $SECONDS_PER_TARGET s"
    (cd "$dir" && "./fuzz-$t" corpus -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
        -max_len=65536 -artifact_prefix="$dir/artifacts/" -print_final_stats=1 > "$dir/log.txt" 2>&1) || true
    grep -E 'INITED|DONE|stat::|ERROR|SUMMARY' "$dir/log.txt" || true
    echo "== $t: $(ls "$dir/artifacts" | wc -l) artifacts in $dir/artifacts"
done
