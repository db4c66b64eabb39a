#!/usr/bin/env bash
# The main job in one command: install the system packages, build calcsim
# (release) and run `calcsim compare` on the built-in default scenario (a
# 10-year with-K2 vs without-K2 comparison).
#
#   bash scripts/run-default.sh                 # the default comparison table
#   bash scripts/run-default.sh --years 3 --at 1y,3y
#   bash scripts/run-default.sh warfarin-user --format csv > warfarin.csv
#
# Extra arguments go to `calcsim compare` unchanged, and relative paths in them
# are read from the directory you ran this from. Only calcsim's data goes to
# stdout; progress messages go to stderr and the build log to
# build/release-build.log (its tail is printed if the build fails).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$root/build/release-build.log"

bash "$root/scripts/install-deps.sh"

# A build tree configured at another path (the repository was moved, copied
# or cloned with a stray build/) makes CMake refuse it; start it afresh.
cache="$root/build/release/CMakeCache.txt"
cached_dir="$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$cache" 2>/dev/null || true)"
if [[ -f "$cache" && ! "$cached_dir" -ef "$root/build/release" ]]; then
  printf 'run-default: build/release was configured elsewhere; removing it\n' >&2
  rm -rf "$root/build/release"
fi

mkdir -p "$root/build"
printf 'run-default: building calcsim (release); log: %s\n' "${log#"$root"/}" >&2
start=$SECONDS
if ! (cd "$root" && cmake --preset release && cmake --build --preset release --target calcsim_cli) \
      >"$log" 2>&1 </dev/null; then
  printf '\nrun-default: ERROR: the build failed. Last lines of %s:\n\n' "$log" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
printf 'run-default: build ok (%ds); running: calcsim compare %s\n\n' "$((SECONDS - start))" "$*" >&2

exec "$root/build/release/cli/calcsim" compare "$@"
