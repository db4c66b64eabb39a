#!/usr/bin/env bash
# Regenerates the generated blocks of the documentation (docs/**/*.md) from a
# built calcsim binary, so the docs cannot drift from the code.
#
#   scripts/update-docs.sh [--check] [--docs DIR] [--output-of COMMAND FILE]... [BUILD_DIR | CALCSIM_BINARY]
#
# A generated block is a pair of marker lines; the BEGIN marker names the
# exact command whose standard output the block holds:
#
#   <!-- BEGIN GENERATED: calcsim params --format markdown -->
#   (blank line, the command's output, blank line: written by this script)
#   <!-- END GENERATED -->
#
# Markers start in column 1 and are written exactly as above (one space after
# "<!--" and after the colon). The command must start with `calcsim`; its
# further words (letters, digits and . _ - = / : , + only, no quoting) are
# passed as arguments. It runs in an empty temporary directory with stdin from
# /dev/null, C locale and no CALCSIM_SCENARIO_DIR, and must exit with status 0.
# Marker lines inside fenced code blocks (``` or ~~~) are ignored. Any number
# of blocks, in any number of files, may use any number of commands.
#
# BUILD_DIR (default build/release) is a CMake build directory, taken relative
# to the current directory or else to the repository root; the binary is
# BUILD_DIR/cli/calcsim (or the only `calcsim` executable below it). A path to
# a calcsim executable may be given instead. --docs DIR documents another
# directory than the repository's docs/ (used by the script's own tests).
# --output-of COMMAND FILE takes FILE as what COMMAND (a marker's command, the
# words exactly as in the marker) printed with exit status 0, instead of running
# it: for a caller that has already run it (ctest, whose fixture computes the
# calibration and validation tables once for every test that reads them).
#
# Without --check, out-of-date blocks are rewritten in place (the rest of each
# file is left as it is). With --check nothing is written: the exit status is 1
# when any block is out of date, 2 on a malformed marker, a failing command or
# a missing binary, 0 otherwise. ctest runs the check (test docs.generated_blocks).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
me="update-docs.sh"

usage() { sed -n '2,35p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

check_only=0
build_arg=""
docs_dir="$repo/docs"
declare -A given_output=()   # command text -> file holding what it printed (--output-of)
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -n|--check) check_only=1 ;;
    --docs)
      [[ $# -ge 2 ]] || { echo "$me: --docs needs a directory" >&2; exit 2; }
      docs_dir="$2"; shift ;;
    --output-of)
      [[ $# -ge 3 ]] || { echo "$me: --output-of needs a command and a file" >&2; exit 2; }
      given_output["$2"]="$3"; shift 2 ;;
    -*) echo "$me: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *)
      if [[ -n "$build_arg" ]]; then
        echo "$me: more than one build directory given" >&2; exit 2
      fi
      build_arg="$1" ;;
  esac
  shift
done
build_arg="${build_arg:-build/release}"

# --- the calcsim binary ------------------------------------------------------
source "$repo/scripts/lib/calcsim-binary.sh"
calcsim_binary "$me" "$repo" "$build_arg"
if [[ ! -d "$docs_dir" ]]; then
  echo "$me: documentation directory '$docs_dir' not found" >&2
  exit 2
fi
docs_dir="$(cd "$docs_dir" && pwd)"

workdir="$(mktemp -d "${TMPDIR:-/tmp}/calcsim-docs.XXXXXX")"
pending=""
trap 'rm -rf "$workdir"; [[ -z "$pending" ]] || rm -f "$pending"' EXIT

# --- running one marker's command (each distinct command runs once) ----------
declare -A output_of=()   # command text -> file holding the expected block body
n_outputs=0

# Sets body_file to the file holding the expected body of a block for the
# command text "$1"; returns 2 (with a message) if the command is not allowed
# or fails. "$2" names the marker's place for messages. (Not called in a
# subshell, so the cache survives.)
body_file=""
expected_body() {
  local command="$1" where="$2"
  if [[ -n "${output_of[$command]+set}" ]]; then
    body_file="${output_of[$command]}"
    return 0
  fi
  local -a words
  read -r -a words <<< "$command"
  if [[ ${#words[@]} -eq 0 || "${words[0]}" != "calcsim" ]]; then
    echo "$me: $where: the command of a generated block must start with 'calcsim', got '$command'" >&2
    return 2
  fi
  local w
  for w in "${words[@]:1}"; do
    if [[ ! "$w" =~ ^[A-Za-z0-9._=/:,+-]+$ ]]; then
      echo "$me: $where: argument '$w' of '$command' has a character a marker may not use" >&2
      return 2
    fi
  done
  n_outputs=$((n_outputs + 1))
  local run_dir="$workdir/run$n_outputs" out="$workdir/out$n_outputs" body="$workdir/body$n_outputs"
  mkdir "$run_dir"
  local status=0
  if [[ -n "${given_output[$command]+set}" ]]; then
    if [[ ! -f "${given_output[$command]}" ]]; then
      echo "$me: $where: '${given_output[$command]}', the output of '$command' (--output-of), does not exist" >&2
      return 2
    fi
    cp "${given_output[$command]}" "$out"
    : > "$out.err"
  else
    (cd "$run_dir" && env -u CALCSIM_SCENARIO_DIR LC_ALL=C "$binary" "${words[@]:1}" < /dev/null \
        > "$out" 2> "$out.err") || status=$?
  fi
  if [[ $status -ne 0 ]]; then
    echo "$me: $where: '$command' exited with status $status" >&2
    sed 's/^/  stderr: /' "$out.err" >&2
    return 2
  fi
  if [[ ! -s "$out" ]]; then
    echo "$me: $where: '$command' printed nothing" >&2
    return 2
  fi
  # The block body: a blank line, the output (ending in a newline), a blank line.
  {
    printf '\n'
    cat "$out"
    [[ -z "$(tail -c 1 "$out")" ]] || printf '\n'
    printf '\n'
  } > "$body"
  output_of[$command]="$body"
  body_file="$body"
}

# --- one documentation file ----------------------------------------------------
begin_re='^<!-- BEGIN GENERATED: (.*[^ ]) -->$'
end_marker='<!-- END GENERATED -->'
marker_like_re='^[[:space:]]*<!--[[:space:]]*(BEGIN|END)[[:space:]]+GENERATED'
fence_re='^[[:space:]]{0,3}(```|~~~)'

blocks_total=0
blocks_stale=0
files_changed=0

# Rewrites (or, with --check, checks) the file "$1". Returns 2 on a malformed file.
process_file() {
  local file="$1" rel="${1#"$repo"/}"
  local new="$workdir/new" block="$workdir/block"
  local line lineno=0 inside=0 in_fence=0 command="" begin_at=0 stale_here=0
  : > "$new"
  while IFS= read -r line || [[ -n "$line" ]]; do
    lineno=$((lineno + 1))
    if [[ $inside -eq 0 ]]; then
      printf '%s\n' "$line" >> "$new"
      if [[ "$line" =~ $fence_re ]]; then
        in_fence=$((1 - in_fence))
        continue
      fi
      [[ $in_fence -eq 0 ]] || continue
      if [[ "$line" =~ $begin_re ]]; then
        command="${BASH_REMATCH[1]}"
        begin_at=$lineno
        inside=1
        : > "$block"
      elif [[ "$line" =~ $marker_like_re ]]; then
        if [[ "$line" == "$end_marker" ]]; then
          echo "$me: $rel:$lineno: END GENERATED without a BEGIN GENERATED before it" >&2
        else
          echo "$me: $rel:$lineno: malformed marker '$line'" >&2
          echo "  expected '<!-- BEGIN GENERATED: calcsim ARGS... -->' or '$end_marker'" >&2
        fi
        return 2
      fi
    else
      if [[ "$line" == "$end_marker" ]]; then
        blocks_total=$((blocks_total + 1))
        expected_body "$command" "$rel:$begin_at" || return 2
        cat "$body_file" >> "$new"
        printf '%s\n' "$line" >> "$new"
        if cmp -s "$block" "$body_file"; then
          echo "up to date   $rel:$begin_at  ($command)"
        else
          blocks_stale=$((blocks_stale + 1))
          stale_here=1
          if [[ $check_only -eq 1 ]]; then
            echo "OUT OF DATE  $rel:$begin_at  ($command)"
            diff -u --label "$rel (in the file)" --label "$rel (generated now)" "$block" "$body_file" | head -n 40 || true
          else
            echo "updated      $rel:$begin_at  ($command)"
          fi
        fi
        inside=0
      elif [[ "$line" =~ $marker_like_re ]]; then
        echo "$me: $rel:$lineno: marker inside the generated block opened at line $begin_at" >&2
        return 2
      else
        printf '%s\n' "$line" >> "$block"
      fi
    fi
  done < "$file"
  if [[ $inside -eq 1 ]]; then
    echo "$me: $rel:$begin_at: BEGIN GENERATED without an END GENERATED after it" >&2
    return 2
  fi
  # Keep a missing final newline missing.
  if [[ -s "$file" && -n "$(tail -c 1 "$file")" ]]; then truncate -s -1 "$new"; fi
  if [[ $stale_here -eq 1 && $check_only -eq 0 ]]; then
    # Write next to the target and rename, so an interrupted run leaves the
    # old file intact.
    pending="$(mktemp "$(dirname "$file")/.$(basename "$file").XXXXXX")"
    cat "$new" > "$pending"
    chmod --reference="$file" "$pending" 2>/dev/null || chmod 644 "$pending"
    mv -f "$pending" "$file"
    pending=""
    files_changed=$((files_changed + 1))
  fi
  return 0
}

echo "calcsim: $binary ($(env -u CALCSIM_SCENARIO_DIR "$binary" --version 2>&1 || true))"
mapfile -t files < <(find "$docs_dir" -type f -name '*.md' | LC_ALL=C sort)
for f in "${files[@]}"; do
  process_file "$f" || exit 2
done

if [[ $blocks_total -eq 0 ]]; then
  echo "$me: no generated blocks found in $docs_dir" >&2
  exit 2
fi
if [[ $check_only -eq 1 ]]; then
  if [[ $blocks_stale -gt 0 ]]; then
    echo "$blocks_stale of $blocks_total generated blocks are out of date; run: scripts/update-docs.sh ${build_arg}" >&2
    exit 1
  fi
  echo "all $blocks_total generated blocks are up to date"
else
  echo "$blocks_stale of $blocks_total generated blocks updated in $files_changed files"
  [[ $files_changed -eq 0 ]] || echo "review with: git diff -- docs"
fi
