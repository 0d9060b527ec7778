"""Shared paths and the one-line result record that every Python peer script prints.

Copied from ../shared/bench-peers/tools/common.py; the only change: the data and
output folders are bench/data and bench/out (or $BENCH_DATA / $BENCH_OUT), not
folders next to the scripts. The other peer scripts here are unmodified copies."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)                       # bench/
DATA = os.environ.get("BENCH_DATA") or os.path.join(ROOT, "data")
OUT = os.environ.get("BENCH_OUT") or os.path.join(ROOT, "out", "peers")
os.makedirs(OUT, exist_ok=True)


def params(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return json.load(fh)


def emit(**rec):
    """Print 'BENCH {json}' on stdout; run.sh collects these lines."""
    sys.stdout.write("BENCH " + json.dumps(rec, sort_keys=True) + "\n")
    sys.stdout.flush()
