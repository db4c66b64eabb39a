#!/usr/bin/env bash
# Regenerates the golden summaries of the command-line tests
# (tests/cli/golden/*.txt) from a built calcsim binary.
#
#   scripts/update-golden.sh [--check] [BUILD_DIR]
#
# BUILD_DIR (default build/release) is a CMake build directory, taken relative
# to the current directory or else to the repository root; the binary is
# BUILD_DIR/cli/calcsim (or the only `calcsim` executable found below it).
# With --check nothing is written: the exit status is 1 when a golden file
# would change. Run it after an intended change to the model or the report,
# then review the diff (git diff tests/cli/golden) before committing.
#
# The commands in this script must stay the same as those of the Golden* tests in
# tests/cli/test_cli.cpp. They run the way the tests run them: in an empty
# temporary directory, stdin from /dev/null, without CALCSIM_SCENARIO_DIR.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golden_dir="$repo/tests/cli/golden"

# golden file name -> calcsim arguments
goldens=(
  "run_default_1y.txt|run --years 1"
  "compare_default.txt|compare"
)

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

check_only=0
build_arg=""
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    -n|--check) check_only=1 ;;
    -*) echo "update-golden.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
    *)
      if [[ -n "$build_arg" ]]; then
        echo "update-golden.sh: more than one build directory given" >&2; exit 2
      fi
      build_arg="$arg" ;;
  esac
done
build_arg="${build_arg:-build/release}"

# The calcsim binary: BUILD_DIR/cli/calcsim, or the one executable below BUILD_DIR.
source "$repo/scripts/lib/calcsim-binary.sh"
calcsim_binary "update-golden.sh" "$repo" "$build_arg"

workdir="$(mktemp -d "${TMPDIR:-/tmp}/calcsim-golden.XXXXXX")"
tmp=""
trap 'rm -rf "$workdir"; [[ -z "$tmp" ]] || rm -f "$tmp"' EXIT

echo "calcsim: $binary ($(env -u CALCSIM_SCENARIO_DIR "$binary" --version 2>&1 || true))"
mkdir -p "$golden_dir"

changed=0
for entry in "${goldens[@]}"; do
  name="${entry%%|*}"
  read -r -a args <<< "${entry#*|}"
  out="$workdir/$name.out"
  err="$workdir/$name.err"
  status=0
  (cd "$workdir" && env -u CALCSIM_SCENARIO_DIR "$binary" "${args[@]}" < /dev/null > "$out" 2> "$err") || status=$?
  if [[ $status -ne 0 ]]; then
    echo "update-golden.sh: 'calcsim ${args[*]}' exited with status $status; $name not updated" >&2
    sed 's/^/  stderr: /' "$err" >&2
    exit 1
  fi
  if [[ -s "$err" ]]; then
    echo "update-golden.sh: 'calcsim ${args[*]}' wrote to stderr (a successful run must not); $name not updated" >&2
    sed 's/^/  stderr: /' "$err" >&2
    exit 1
  fi
  if [[ ! -s "$out" ]]; then
    echo "update-golden.sh: 'calcsim ${args[*]}' printed nothing; $name not updated" >&2
    exit 1
  fi

  target="$golden_dir/$name"
  if [[ -f "$target" ]] && cmp -s "$out" "$target"; then
    echo "unchanged  $name  (calcsim ${args[*]})"
    continue
  fi
  changed=1
  if [[ $check_only -eq 1 ]]; then
    echo "DIFFERS    $name  (calcsim ${args[*]})"
    if [[ -f "$target" ]]; then diff -u "$target" "$out" | head -n 40 || true; fi
  else
    # Write next to the target and rename, so an interrupted run leaves the
    # old file intact.
    tmp="$(mktemp "$golden_dir/.$name.XXXXXX")"
    cp "$out" "$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$target"
    tmp=""
    echo "updated    $name  (calcsim ${args[*]})"
  fi
done

if [[ $check_only -eq 1 && $changed -eq 1 ]]; then
  echo "golden files are out of date; run scripts/update-golden.sh ${build_arg}" >&2
  exit 1
fi
if [[ $check_only -eq 0 && $changed -eq 1 ]]; then
  echo "review with: git diff -- tests/cli/golden"
fi
