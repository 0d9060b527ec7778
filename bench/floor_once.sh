#!/usr/bin/env bash
# One measurement of the W2 Cairo floor (BM_W2FloorRenderPng/1: Cairo filling and stroking the
# final W2 paths plus the PNG encode, one thread, in-process real time) as a process of its own,
# so that run.sh can take it in every round of the W2 runs: threatmap and its floor are then
# measured under the same load of this shared machine (measured apart, minutes later, the floor
# moved by a third from one run of the script to the next). Prints
# BENCH {"inproc_s": <seconds per render>} for summarize.py.
# Usage: floor_once.sh PATH/TO/threatmap_bench
set -euo pipefail
MICRO=$1
json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$MICRO" --benchmark_filter='^BM_W2FloorRenderPng/1/' --benchmark_out="$json" --benchmark_out_format=json > /dev/null
/usr/bin/python3 - "$json" <<'PY'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
if len(runs) != 1 or "error_message" in runs[0]:
    sys.exit("floor_once.sh: BM_W2FloorRenderPng/1 did not run: %s" % runs)
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[runs[0].get("time_unit", "ns")]
print("BENCH " + json.dumps({"inproc_s": runs[0]["real_time"] * unit, "iterations": runs[0]["iterations"]}))
PY
