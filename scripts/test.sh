#!/usr/bin/env bash
# Every test in one command: install the system packages, then configure,
# build (warnings as errors) and run the whole ctest suite with the `ci`
# workflow preset (build tree build/ci).
#
#   bash scripts/test.sh
#
# Exits non-zero on any failure: packages, configure, build, a failing test,
# or a run that found no tests. Ends with one summary line:
# "ctest: N passed, N failed" (", N skipped" when some were skipped).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log="build/ci-workflow.log"

bash scripts/install-deps.sh

# A build tree configured at another path (the repository was moved, copied
# or cloned with a stray build/) makes CMake refuse it; start it afresh.
cache="build/ci/CMakeCache.txt"
cached_dir="$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$cache" 2>/dev/null || true)"
if [[ -f "$cache" && ! "$cached_dir" -ef "$root/build/ci" ]]; then
  echo "test: build/ci was configured elsewhere; removing it" >&2
  rm -rf build/ci
fi

mkdir -p build
start=$SECONDS
status=0
cmake --workflow --preset ci </dev/null 2>&1 | tee "$log" || status=$?
elapsed=$((SECONDS - start))

# ctest's own summary: "100% tests passed, 0 tests failed out of 57".
summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
if [[ -z "$summary" ]]; then
  if grep -q 'No tests were found' "$log"; then
    echo "test: ERROR: ctest found no tests" >&2
    exit 1
  fi
  echo "test: ERROR: the ci workflow failed before the tests ran (exit $status, ${elapsed}s); see above or $log" >&2
  exit $((status == 0 ? 1 : status))
fi

total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")"
failed="$(sed -E 's/.*, ([0-9]+) tests? failed.*/\1/' <<<"$summary")"
if ((total == 0)); then
  echo "test: ERROR: ctest ran no tests" >&2
  exit 1
fi
# Tests ctest skipped count as passed in its percentage; report them apart.
skipped="$(grep -cE '^[[:space:]]+[0-9]+ - .*\(Skipped\)$' "$log" || true)"
echo "test: ci workflow finished in ${elapsed}s" >&2
line="ctest: $((total - failed - skipped)) passed, $failed failed"
if ((skipped > 0)); then line+=", $skipped skipped"; fi
echo "$line"
if ((status != 0 || failed != 0)); then exit $((status == 0 ? 1 : status)); fi
