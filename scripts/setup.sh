#!/usr/bin/env bash
# Installs everything threatmap needs on a fresh Debian 12 machine (as root):
# (with --with-test-tools also what the tests need beyond the build: chromium,
# clang and libclang-rt-14-dev)
# build tools and libraries from Debian's archive, then the pinned third-party
# boundary data (scripts/fetch_geodata.sh). Safe to run again: it installs only
# what is missing and re-downloads nothing that is already verified.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config ninja-build
  libgdal-dev gdal-bin libproj-dev libsqlite3-dev
  libcairo2-dev libpango1.0-dev libpng-dev zlib1g-dev libssl-dev
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  fonts-dejavu-core poppler-utils npm
)

# The test command also needs a real browser for the HTML briefing test, and
# clang with its compiler-rt (libFuzzer, ASan, UBSan) for the fuzz targets.
if [[ ${1:-} == --with-test-tools ]]; then
  packages+=(chromium clang libclang-rt-14-dev)
fi

boost_ok() {
  # Any Boost from 1.74 to 1.81 builds threatmap; 1.74 and 1.81 conflict, so
  # keep whichever one is already there.
  local v
  v=$(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp 2>/dev/null || true)
  [[ -n "$v" ]] || return 1
  local major=${v%%_*} minor=${v#*_}; minor=${minor%%_*}
  (( major == 1 && minor >= 74 ))
}
boost_ok || packages+=(libboost-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with the machine's own Node.js rather than Debian's package.
if command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [[ $p == npm ]] || tmp+=("$p"); done; missing=("${tmp[@]}")
fi
if ((${#missing[@]})); then
  echo "threatmap setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/fetch_geodata.sh
