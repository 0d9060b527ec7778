#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest.
# With CI=true it then also runs the suite under AddressSanitizer +
# UndefinedBehaviorSanitizer (the "asan" preset, ./build-asan) and each
# libFuzzer target for 60 s (scripts/fuzz.sh, THREATMAP_FUZZ_SECONDS to
# change); every stage must pass. The summary of each stage is repeated at
# the end, so the normal suite's result stays visible after the long stages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-test-tools
bash scripts/build.sh -DTHREATMAP_BUILD_TESTS=ON

summary=()
print_summary() {
  ((${#summary[@]})) || return 0
  echo
  echo "=== test.sh summary"
  printf '  %s\n' "${summary[@]}"
}
trap print_summary EXIT
ctest_summary() {  # "100% tests passed, 0 tests failed out of N" from a ctest log
  grep -E 'tests passed|tests failed out of' "$1" | tail -1 || echo "(no ctest summary)"
}

log=$(mktemp)
set +e
(cd build && ctest --output-on-failure --parallel "$(nproc)") 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary+=("release: $(ctest_summary "$log")")
((status == 0)) || exit "$status"

if [[ ${CI:-} == true ]]; then
  start=$SECONDS
  echo; echo "=== test.sh (CI): asan preset: build and test under ASan + UBSan (build-asan/)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan --parallel "$(nproc)"
  set +e
  ctest --preset asan --parallel "$(nproc)" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  summary+=("asan+ubsan: $(ctest_summary "$log") ($((SECONDS - start)) s with the build)")
  ((status == 0)) || exit "$status"

  start=$SECONDS
  seconds=${THREATMAP_FUZZ_SECONDS:-60}
  echo; echo "=== test.sh (CI): fuzz: each libFuzzer target for ${seconds} s (build-fuzz/)"
  set +e
  # Seeded and capped: the same 50,000 inputs per target on every CI run.
  THREATMAP_FUZZ_RUNS=${THREATMAP_FUZZ_RUNS:-50000} THREATMAP_FUZZ_SEED=${THREATMAP_FUZZ_SEED:-1} bash scripts/fuzz.sh "$seconds" fuzz_assessment fuzz_style fuzz_geometry
  status=$?
  set -e
  summary+=("fuzz: $([[ $status == 0 ]] && echo "no crash" || echo FAILED) ($((SECONDS - start)) s with the build)")
  ((status == 0)) || exit "$status"
fi
rm -f "$log"
