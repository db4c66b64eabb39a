#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that calcsim's build and tests need.
#
#   bash scripts/install-deps.sh
#
# A fast no-op when everything is already installed (one dpkg-query call);
# otherwise runs apt-get update + install, as root directly or through sudo.
# Non-interactive: safe with no standard input (CI=true). All output goes to
# stderr, so callers can keep their stdout for data.
#
# Environment:
#   CALCSIM_SKIP_DEPS=1   skip this step entirely (you installed the
#                         equivalents yourself, e.g. on another distribution)
set -euo pipefail
exec 1>&2   # messages and apt-get's output go to stderr

packages=(
  cmake g++ make git
  libeigen3-dev libboost-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libsundials-dev
  libsbml5-dev python3-sbml5   # calcsim export --sbml (libSBML) and its independent-simulation test
  pybind11-dev python3-dev python3-numpy python3-pandas python3-matplotlib python3-pytest python3-yaml
  python3-ipywidgets python3-ipykernel python3-nbformat python3-nbclient jupyter-notebook
  chromium chromium-driver python3-selenium   # the browser tests (tests/browser/)
  clang libclang-rt-dev    # scripts/fuzz.sh: clang with libFuzzer and its sanitizer runtimes
  python3-scipy valgrind   # the benchmarks (bench/): scipy contenders, callgrind
  python3-dask python3-distributed   # virtual populations on a Dask cluster
)
min_cmake=3.25   # CMakePresets.json (version 6, workflow presets) needs it

say() { printf 'install-deps: %s\n' "$*"; }
die() { printf 'install-deps: ERROR: %s\n' "$*"; exit 1; }

if [[ "${CALCSIM_SKIP_DEPS:-}" == 1 ]]; then
  say "CALCSIM_SKIP_DEPS=1: not checking system packages"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  say "WARNING: this is not a Debian/Ubuntu system (no dpkg-query/apt-get)."
  say "Install the equivalents of these packages yourself, then set CALCSIM_SKIP_DEPS=1:"
  say "  ${packages[*]}"
  exit 0
fi

# Which of the packages are missing? One dpkg-query call for all of them.
missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)"
for p in "${packages[@]}"; do
  if ! grep -qx "$p installed" <<<"$installed"; then missing+=("$p"); fi
done

if ((${#missing[@]} > 0)); then
  say "missing packages: ${missing[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env)
    say "not root: using sudo (it may ask for your password)"
  else
    die "not root and sudo is not installed; run as root:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  apt=("${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300)

  say "running apt-get update"
  "${apt[@]}" update </dev/null ||
    die "'apt-get update' failed (exit $?): check the network and /etc/apt/sources.list, then run this script again"
  say "running apt-get install ${missing[*]}"
  "${apt[@]}" install --no-install-recommends "${missing[@]}" </dev/null ||
    die "'apt-get install ${missing[*]}' failed (exit $?): see apt-get's messages above"

  # apt-get can succeed without installing a package that has another name
  # here (e.g. an older release); check again rather than trust it.
  still="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${missing[@]}" 2>/dev/null || true)"
  for p in "${missing[@]}"; do
    grep -qx "$p installed" <<<"$still" || die "package '$p' is still not installed after apt-get install"
  done
  say "installed ${#missing[@]} package(s)"
else
  say "all ${#packages[@]} system packages are installed"
fi

# CMake presets need CMake >= 3.25 (Debian 12, Ubuntu 24.04 or newer).
cmake_version="$(cmake --version 2>/dev/null | sed -n 's/^cmake version \([0-9][0-9.]*\).*/\1/p')"
[[ -n "$cmake_version" ]] || die "cmake is not on PATH after installing it"
if [[ "$(printf '%s\n%s\n' "$min_cmake" "$cmake_version" | sort -V | head -n1)" != "$min_cmake" ]]; then
  die "CMake $cmake_version is too old: this project's CMakePresets.json needs CMake >= $min_cmake
  (Debian 12 or Ubuntu 24.04 and newer ship it)"
fi
