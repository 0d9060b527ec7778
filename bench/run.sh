#!/usr/bin/env bash
# Runs threatmap and the peers in the same run, interleaved (run i of every
# tool of a workload before run i+1 of any), each 1 warm-up + N timed runs
# under /usr/bin/time -v, then prints and writes results/summary.md (medians,
# peak RSS, ratios vs the peers and the targets of the issue, W3 correctness).
#
# Usage: bash bench/run.sh [-n RUNS] [REGEX]      e.g. bash bench/run.sh -n 5 'W2|W3'
#   REGEX selects workload groups: W1, W2, W3, batch, floor (the W2 Cairo floor). Only the
#   selected groups' results are replaced; the summary covers every result in bench/results.
# Needs: bash bench/setup.sh, and the build:
#   cmake -S . -B build-bench -G Ninja -DTHREATMAP_BUILD_BENCH=ON && cmake --build build-bench -j2
# Env: BUILD (default build-bench), THREATMAP (default $BUILD/threatmap).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
cd "$ROOT"                                  # threatmap's default data paths are relative to the repo
RUNS=5
if [ "${1:-}" = "-n" ]; then RUNS="$2"; shift 2; fi
FILTER="${1:-.}"
BUILD="${BUILD:-$ROOT/build-bench}"
TM="${THREATMAP:-$BUILD/threatmap}"
W3BIN="$BUILD/bench/threatmap_w3"
MICRO="$BUILD/bench/threatmap_bench"
PY=/usr/bin/python3
RES="$BENCH/results"; OUT="$BENCH/out"; DATA="$BENCH/data"
export BENCH_DATA="$DATA" BENCH_OUT="$OUT/peers" THREATMAP_BENCH_DATA="$DATA"
# threatmap's input-checksum cache (io::ChecksumCache) for this script's runs only: the
# warm-up run of each workload fills it, as a user's first run of a file does.
export XDG_CACHE_HOME="$OUT/xdg-cache"
[ -f "$DATA/world_admin1.gpkg" ] || { echo "run.sh: run bench/setup.sh first" >&2; exit 1; }
[ -x "$TM" ] || { echo "run.sh: $TM not built (see the header of this script)" >&2; exit 1; }
mkdir -p "$RES" "$OUT/peers"

# Does this threatmap have the W2 raw-frame flags yet?
W2_FLAGS=0
"$TM" render --help 2>&1 | grep -q -- '--bare' && "$TM" render --help 2>&1 | grep -q -- '--extent' && W2_FLAGS=1

# group | id | output file | command     (commands run from the repo root)
# threatmap.W2-again is W2 once more, straight after threatmap.W2 (not a target row): on a VM
# that hands freed memory back to its host (free page reporting, after ~2 s), a process
# started seconds after the last pays for every page it touches first; one started at once
# reuses pages the host still backs. The pair shows what that costs W2 (bench/README.md).
BENCHES=(
  "W1|threatmap.W1|$OUT/w1|$TM render -q --all --out $OUT/w1"
  "W1|mapnik.W1-png|$OUT/peers/mapnik_w1.png|$PY $BENCH/peers/mapnik_w1.py png"
  "W2|threatmap.W2|$OUT/w2|$TM render -q --boundaries $DATA/world_admin1.gpkg --class-field cls --classes 0,1,2,3,4 --style $DATA/w2_style.toml --crs EPSG:4326 --width 4096 --height 2048 --bare --extent -180,-90,180,90 --format png --out $OUT/w2"
  "W2|threatmap.W2-again|$OUT/w2-again|$TM render -q --boundaries $DATA/world_admin1.gpkg --class-field cls --classes 0,1,2,3,4 --style $DATA/w2_style.toml --crs EPSG:4326 --width 4096 --height 2048 --bare --extent -180,-90,180,90 --format png --out $OUT/w2-again"
  "W2|mapnik.W2|$OUT/peers/mapnik_w2.png|$PY $BENCH/peers/mapnik_w2.py gpkg"
  "W2|floor.W2|-|bash $BENCH/floor_once.sh $MICRO"
  "W3|threatmap.W3|$OUT/w3_threatmap.json|$W3BIN --json $OUT/w3_threatmap.json"
  "W3|shapely.W3|$OUT/peers/w3_shapely.json|$PY $BENCH/peers/w3_shapely.py"
  "W3|ogr.W3|$OUT/peers/w3_ogr.json|$PY $BENCH/peers/w3_ogr.py"
  "batch|threatmap.batch-j1|$OUT/batch-j1|$TM render -q -j1 --preset slide,a4-landscape,a4-portrait,column --change --out $OUT/batch-j1"
  "batch|threatmap.batch-j2|$OUT/batch-j2|$TM render -q -j2 --preset slide,a4-landscape,a4-portrait,column --change --out $OUT/batch-j2"
)

available() {  # ID -> 0 if it can run now, else writes RES/ID.na with the reason
  local id=$1
  case "$id" in
    threatmap.W2|threatmap.W2-again) [ "$W2_FLAGS" = 1 ] || { echo "threatmap render has no --width/--height/--bare/--extent yet" > "$RES/$id.na"; return 1; } ;;
    threatmap.W3) [ -x "$W3BIN" ] || { echo "$W3BIN not built" > "$RES/$id.na"; return 1; } ;;
    floor.W2) [ -x "$MICRO" ] || { echo "$MICRO not built" > "$RES/$id.na"; return 1; } ;;
  esac
  return 0
}

groups=()
for b in "${BENCHES[@]}"; do
  g=${b%%|*}
  [[ "$g" =~ $FILTER ]] || continue
  [[ " ${groups[*]-} " == *" $g "* ]] || groups+=("$g")
done

size_of() { if [ -d "$1" ]; then du -sb "$1" | cut -f1; elif [ -f "$1" ]; then stat -c %s "$1"; fi; }

for g in "${groups[@]}"; do
  echo "== $g $(date -u +%FT%TZ) (load average: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$RES/loadavg.$g.txt"
  for i in $(seq 0 "$RUNS"); do               # run 0 = warm-up, not counted
    for b in "${BENCHES[@]}"; do
      IFS='|' read -r bg id outfile cmd <<<"$b"
      [ "$bg" = "$g" ] || continue
      # Run 0 clears the tool's results of an earlier run first (a .failed marker kept it
      # from running again, and its old figures were summarised as this run's).
      if [ "$i" = 0 ]; then rm -f "$RES/$id".*; available "$id" || { echo "   $id: n/a ($(cat "$RES/$id.na"))"; continue; }; echo "   $id: $cmd"; fi
      [ -f "$RES/$id.failed" ] && continue
      [ -f "$RES/$id.na" ] && continue
      [ -d "$outfile" ] && rm -rf "$outfile"    # the render writes whole folders: start clean every run
      # Wall time in nanoseconds around the run: /usr/bin/time's own figure has
      # 10 ms steps, 5% of a W1 run (the fork of time itself is in both tools' figures).
      start_ns=$(date +%s%N)
      if ! /usr/bin/time -v -o "$RES/$id.run$i.time" $cmd > "$RES/$id.run$i.stdout" 2> "$RES/$id.run$i.stderr"; then
        # threatmap_w3 exits 3 when a check fails: timings are still valid, the summary shows the checks
        if [[ "$id" == threatmap.W3 ]] && grep -q "Exit status: 3" "$RES/$id.run$i.time"; then :; else
          echo "   $id run $i FAILED (see $RES/$id.run$i.stderr)"; touch "$RES/$id.failed"; continue
        fi
      fi
      echo $(( $(date +%s%N) - start_ns )) > "$RES/$id.run$i.wall_ns"
      size_of "$outfile" > "$RES/$id.size" || true
    done
    printf '   run %d/%d done (load %s)\n' "$i" "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  echo "   end $g (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >> "$RES/loadavg.$g.txt"
done

# W2 floor: Cairo filling + stroking the final W2 paths + PNG encode, in-process (Google Benchmark).
# The ratio's floor is floor.W2 above, taken in every round beside threatmap.W2; this run of all
# floor benchmarks (one thread, two threads, rasterising only) is for the breakdown.
if [[ "W2" =~ $FILTER || "floor" =~ $FILTER ]]; then
  if [ -x "$MICRO" ]; then
    rm -f "$RES/floor.json"
    echo "== floor $(date -u +%FT%TZ) (load average: $(cut -d' ' -f1-3 /proc/loadavg))" > "$RES/loadavg.floor.txt"
    echo "== floor: $MICRO --benchmark_filter=BM_W2Floor --benchmark_repetitions=$RUNS"
    "$MICRO" --benchmark_filter='BM_W2Floor' --benchmark_repetitions="$RUNS" \
      --benchmark_out="$RES/floor.json" --benchmark_out_format=json > "$RES/floor.stdout" 2>&1 \
      || echo "   floor benchmark FAILED (see $RES/floor.stdout)"
  else
    echo "   floor: n/a ($MICRO not built)"
  fi
fi
# W2 memory, once, untimed: the peak of the heap threatmap allocates (valgrind's massif: every
# malloc, at its peak, whichever thread made it), and the peak RSS of `threatmap --version`,
# which is the mapped libraries alone (GDAL and its ~110 dependencies) that W2's peak RSS includes.
if [[ "W2" =~ $FILTER ]]; then
  rm -f "$RES/w2heap.txt" "$RES/version_rss.txt"
  /usr/bin/time -f "%M" -o "$RES/version_rss.txt" "$TM" --version > /dev/null 2>&1 || rm -f "$RES/version_rss.txt"
  if command -v valgrind > /dev/null; then
    echo "== W2 peak heap: valgrind --tool=massif (once, ~10 s)"
    for b in "${BENCHES[@]}"; do
      IFS='|' read -r bg id outfile cmd <<<"$b"
      [ "$id" = threatmap.W2 ] || continue
      rm -rf "$outfile"
      if valgrind --tool=massif --massif-out-file="$OUT/w2.massif" $cmd > /dev/null 2> "$RES/w2heap.stderr"; then
        # The largest heap snapshot: bytes asked for plus malloc's own overhead.
        awk -F= '/^mem_heap_B/{h=$2} /^mem_heap_extra_B/{if (h + $2 > m) m = h + $2} END{print m}' "$OUT/w2.massif" > "$RES/w2heap.txt"
      else
        echo "   massif run FAILED (see $RES/w2heap.stderr)"
      fi
    done
  else
    echo "   W2 peak heap: n/a (valgrind not installed; bash bench/setup.sh installs it)"
  fi
  # The same peak with the threads running together, as in every timed run: live bytes counted
  # by an allocator shim (bench/peak_heap.c; massif runs one thread at a time).
  rm -f "$RES/w2heap_threads.txt"
  if cc -O2 -shared -fPIC -o "$OUT/peak_heap.so" "$BENCH/peak_heap.c" -ldl 2> "$RES/peak_heap.build"; then
    for b in "${BENCHES[@]}"; do
      IFS='|' read -r bg id outfile cmd <<<"$b"
      [ "$id" = threatmap.W2 ] || continue
      rm -rf "$outfile"
      # A run that failed (bad input, a missing file) peaks early: its figure is not W2's.
      if LD_PRELOAD="$OUT/peak_heap.so" $cmd > /dev/null 2> "$RES/w2heap_threads.stderr"; then
        awk '/^PEAK_HEAP /{print $2; exit}' "$RES/w2heap_threads.stderr" > "$RES/w2heap_threads.txt"
      else
        echo "   peak heap shim: W2 run FAILED (see $RES/w2heap_threads.stderr)"
      fi
      [ -s "$RES/w2heap_threads.txt" ] || { rm -f "$RES/w2heap_threads.txt"; echo "   peak heap shim: no figure (see $RES/w2heap_threads.stderr)"; }
    done
  else
    echo "   peak heap shim: cannot build (see $RES/peak_heap.build)"
  fi
fi
# W3: the gap/overlap check of (d) once, judged by GEOS (untimed): threatmap_w3 writes its
# simplified regions, bench/w3_gaps.py unions them (and GEOS TP's) and compares with the source.
if [[ "W3" =~ $FILTER ]] && [ -x "$W3BIN" ]; then
  echo "== W3 gap/overlap check: $W3BIN --write-simplified, then w3_gaps.py (GEOS, ~40 s)"
  rm -f "$RES/w3gaps.json"
  "$W3BIN" --json "$OUT/w3_threatmap_full.json" --write-simplified "$OUT/w3_simplified.wkt" \
    > "$RES/w3check.stdout" 2> "$RES/w3check.stderr" || echo "   threatmap_w3: exit $? (see $RES/w3check.stderr)"
  "$PY" "$BENCH/w3_gaps.py" "$DATA/world_admin1_ea.gpkg" "$OUT/w3_simplified.wkt" --json "$RES/w3gaps.json" \
    > /dev/null 2> "$RES/w3gaps.stderr" || echo "   w3_gaps.py: exit $? (see $RES/w3gaps.json, $RES/w3gaps.stderr)"
fi

"$PY" "$BENCH/summarize.py" "$RES" "$OUT" "$RUNS" | tee "$RES/summary.md"
