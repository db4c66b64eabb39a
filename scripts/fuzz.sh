#!/usr/bin/env bash
# Builds the libFuzzer targets and runs them, one after the other, for SECONDS
# in total (default 60, split evenly):
#   fuzz_scenario     scenario text -> parse, validate, apply the arms
#   fuzz_expressions  the text of --set, --vary, --at/--every, --output and the
#                     unit and clock parsers
# (tests/fuzz/fuzz_targets.hpp). The `fuzz` preset builds them with clang and
# AddressSanitizer + UndefinedBehaviorSanitizer (tree build/fuzz); the seeds are
# made at run time from scenarios/*.yaml, the parameter registry and
# tests/fuzz/regressions/ (tests/fuzz/make_corpus.cmake), with the
# dictionaries tests/fuzz/*.dict. The corpora grow in build/fuzz between runs.
#
#   bash scripts/fuzz.sh [SECONDS]
#
# Prints, per target, the executions, executions per second and libFuzzer's
# coverage figures (cov: edges, ft: features), then ctest's summary; the full
# output is in build/fuzz-run.log. Exits non-zero when a fuzzer finds a crash,
# a sanitizer report, an exception other than InputError, a hang (one input
# over 10 s) or a memory blow-up: the input is saved under
# build/fuzz/tests/fuzz/artifacts/; make it a regression test
# (tests/fuzz/regressions/README.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 2)); then
  echo "fuzz: expected a whole number of seconds, at least 2, got '$seconds'" >&2
  exit 2
fi
per_target=$((seconds / 2))
log="build/fuzz-run.log"

bash scripts/install-deps.sh
mkdir -p build
start=$SECONDS
{
  cmake --preset fuzz -DCALCSIM_FUZZ_SECONDS="$per_target" &&
    cmake --build --preset fuzz
} >build/fuzz-build.log 2>&1 || {
  tail -n 40 build/fuzz-build.log >&2
  echo "fuzz: ERROR: building the fuzzers failed; see build/fuzz-build.log" >&2
  exit 1
}
echo "fuzz: built in $((SECONDS - start))s; running each target for ${per_target}s" >&2

status=0
ctest --preset fuzz </dev/null >"$log" 2>&1 || status=$?

# libFuzzer's last status line ("#123456 DONE cov: 1234 ft: 5678 corp: 90/12Kb
# ... exec/s: 4115 rss: 80Mb") and its final statistics, per target.
for target in scenario expressions; do
  section="$(sed -n "/fuzz_${target} /,/Test *#[0-9]*: fuzz.${target} /p" "$log")"
  done_line="$(grep -E '#[0-9]+[[:space:]]+DONE' <<<"$section" | tail -n 1 || true)"
  executions="$(sed -n 's/.*stat::number_of_executed_units: *\([0-9]*\).*/\1/p' <<<"$section" | tail -n 1)"
  per_second="$(sed -n 's/.*stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' <<<"$section" | tail -n 1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")"
  corpus="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$done_line")"
  printf 'fuzz: %-11s %s executions in %ss (%s/s), cov: %s, ft: %s, corpus: %s inputs\n' "$target" \
    "${executions:-?}" "$per_target" "${per_second:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}"
done

grep -E '^[0-9]+% tests passed' "$log" || true
if ((status != 0)); then
  grep -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error:|Test unit written to|SUMMARY:' "$log" >&2 || true
  echo "fuzz: FAILED (exit $status); the full output is in $log" >&2
  exit "$status"
fi
echo "fuzz: finished in $((SECONDS - start))s" >&2
