#!/usr/bin/env bash
# The main job: installs what is missing, builds, and renders the maps of the
# embedded MINUSMA 2017 assessment into output/ (every category x PNG, SVG, PDF).
# Extra arguments go to `threatmap render`, e.g. --preset slide,a4-landscape --change.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/threatmap render --all --out output "$@"
