#!/usr/bin/env bash
# Every test in one command: install the system packages, then three stages,
# each a CMake workflow with its own build tree and log:
#   ci        configure, build (warnings as errors) and run the whole ctest
#             suite (build/ci, build/ci-workflow.log)
#   sanitize  the same C++ and command-line tests built with AddressSanitizer
#             and UndefinedBehaviorSanitizer (build/sanitize,
#             build/sanitize-workflow.log; no Python tests, see CMakePresets.json)
#   fuzz      scripts/fuzz.sh 60: both libFuzzer targets, 30 s each
#             (build/fuzz, build/fuzz-run.log)
#
#   bash scripts/test.sh
#   CALCSIM_TEST_STAGES="ci fuzz" bash scripts/test.sh   # only these stages
#
# Exits non-zero on any failure: packages, configure, build, a failing test,
# or a run that found no tests. Prints one line per stage,
# "<stage>: ctest: N passed, N failed (Ns)", and ends with the total:
# "ctest: N passed, N failed" (", N skipped" when some were skipped). Above
# those lines, each failed test's name and the first 30 lines it printed, so
# the end of a long log says what failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a stages <<<"${CALCSIM_TEST_STAGES:-ci sanitize fuzz}"

bash scripts/install-deps.sh

mkdir -p build
total_passed=0 total_failed=0 total_skipped=0 overall=0
lines=() excerpts=()

# Each failed test's result line and the first lines of its output, read from a
# stage's log: the summary at the end then names what failed and why even when
# only the last screen of a long run is kept.
failure_excerpts() {
  awk '
    /^ *[0-9]+\/[0-9]+ +Test +#[0-9]+: .*(\*\*\*|[^.] +Not Run)/ { keep = 1; n = 0; print; next }
    /^ *[0-9]+\/[0-9]+ +Test +#[0-9]+: / || /^ +Start +[0-9]+: / || /^[0-9]+% tests passed/ { keep = 0 }
    keep && n < 30 { print "    " $0; n++ }
  ' "$1"
}

# Runs one stage's command with its output in `log`, then reads ctest's own
# summary ("100% tests passed, 0 tests failed out of 57") from the log.
stage() {
  local name="$1" log="$2"
  shift 2
  local tree="build/$name"
  # A build tree configured at another path (the repository was moved, copied
  # or cloned with a stray build/) makes CMake refuse it; start it afresh.
  local cached_dir
  cached_dir="$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$tree/CMakeCache.txt" 2>/dev/null || true)"
  if [[ -f "$tree/CMakeCache.txt" && ! "$cached_dir" -ef "$root/$tree" ]]; then
    echo "test: $tree was configured elsewhere; removing it" >&2
    rm -rf "$tree"
  fi
  echo "test: stage $name: $*" >&2
  local start=$SECONDS status=0
  "$@" </dev/null 2>&1 | tee "$log" || status=$?
  local elapsed=$((SECONDS - start))

  local summary
  summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [[ -z "$summary" ]]; then
    if grep -q 'No tests were found' "$log"; then
      echo "test: ERROR: stage $name: ctest found no tests" >&2
    else
      echo "test: ERROR: stage $name failed before its tests ran (exit $status, ${elapsed}s); see above or $log" >&2
    fi
    lines+=("$name: did not reach its tests (exit $status, ${elapsed}s)")
    overall=1
    return 1
  fi
  local total failed skipped
  total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")"
  failed="$(sed -E 's/.*, ([0-9]+) tests? failed.*/\1/' <<<"$summary")"
  # Tests ctest skipped count as passed in its percentage; report them apart.
  skipped="$(grep -cE '^[[:space:]]+[0-9]+ - .*\(Skipped\)$' "$log" || true)"
  if ((total == 0)); then
    echo "test: ERROR: stage $name ran no tests" >&2
    overall=1
  fi
  local line="$name: ctest: $((total - failed - skipped)) passed, $failed failed"
  if ((skipped > 0)); then line+=", $skipped skipped"; fi
  lines+=("$line (${elapsed}s)")
  total_passed=$((total_passed + total - failed - skipped))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  if ((failed != 0)); then
    local failed_names
    failed_names="$(sed -n '/^The following tests FAILED:/,/^Errors while running CTest/p' "$log" |
      sed -nE 's/^[[:space:]]+[0-9]+ - (.*)$/\1/p' | paste -sd ';' | sed 's/;/; /g')"
    lines+=("$name: failed: $failed_names")
    excerpts+=("$(failure_excerpts "$log")")
  fi
  if ((status != 0 || failed != 0)); then overall=1; fi
}

for s in "${stages[@]}"; do
  case "$s" in
    ci) stage ci build/ci-workflow.log cmake --workflow --preset ci || break ;;
    sanitize) stage sanitize build/sanitize-workflow.log cmake --workflow --preset sanitize || break ;;
    fuzz) stage fuzz build/fuzz-stage.log bash scripts/fuzz.sh 60 || break ;;
    *) echo "test: ERROR: unknown stage '$s' in CALCSIM_TEST_STAGES (expected ci, sanitize, fuzz)" >&2; exit 2 ;;
  esac
done

for e in "${excerpts[@]}"; do echo "test: what the failed tests printed (first 30 lines each):"; echo "$e"; done
for l in "${lines[@]}"; do echo "test: $l"; done
line="ctest: $total_passed passed, $total_failed failed"
if ((total_skipped > 0)); then line+=", $total_skipped skipped"; fi
echo "$line"
exit "$overall"
