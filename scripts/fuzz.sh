#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan + UBSan) in build-fuzz/ and
# runs each for SECONDS (default 60), starting from the committed seed corpus
# fuzz/corpus/<target>/. Fails on any crash, hang, sanitizer report or
# unexpected exception; the input that caused it is kept as
# build-fuzz/artifacts/<target>/crash-* (or timeout-*, oom-*): copy it to
# tests/data/fuzz-regressions/<target>/ and see fuzz/README.md.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_assessment fuzz_style fuzz_geometry)

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (scripts/setup.sh --with-test-tools installs it)" >&2; exit 1; }
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  cmake -S fuzz -B build-fuzz "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build-fuzz --parallel "$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# A fixed seed (and, in CI, a fixed number of runs) makes a run repeatable: CI
# explores the same inputs every time, so it cannot fail at random; a long run
# by hand (THREATMAP_FUZZ_SEED=0: libFuzzer picks one) explores new ground.
runs=()
[[ -n ${THREATMAP_FUZZ_RUNS:-} ]] && runs=(-runs="$THREATMAP_FUZZ_RUNS")
status=0
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t            # new inputs go here, the committed corpus stays as it is
  artifacts=build-fuzz/artifacts/$t/
  mkdir -p "$work" "$artifacts"
  dict=()
  [[ $t == fuzz_assessment || $t == fuzz_style ]] && dict=(-dict=fuzz/toml.dict)
  echo "fuzz.sh: $t for ${seconds}s"
  log=build-fuzz/$t.log
  if build-fuzz/$t "$work" "fuzz/corpus/$t" "${dict[@]}" -max_total_time="$seconds" -timeout=25 "${runs[@]}" -seed="${THREATMAP_FUZZ_SEED:-1}" \
       -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done ' "$log" | sed "s/^/  $t: /" || true
  else
    status=1
    echo "fuzz.sh: $t FAILED; the reproducer is in $artifacts:" >&2
    ls -1 "$artifacts" >&2 || true
    grep -E -A40 'ERROR: |runtime error|deadly signal|terminate called|uncaught' "$log" | head -60 >&2 || tail -40 "$log" >&2
  fi
done
exit $status
