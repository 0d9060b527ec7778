#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-test-tools
bash scripts/build.sh -DTHREATMAP_BUILD_TESTS=ON
cd build
ctest --output-on-failure --parallel "$(nproc)"
