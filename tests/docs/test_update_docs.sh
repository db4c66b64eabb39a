#!/usr/bin/env bash
# Tests of scripts/update-docs.sh on a scratch documentation directory: it
# detects and rewrites stale blocks, leaves everything else byte for byte,
# is idempotent, ignores markers in code fences, and rejects malformed
# markers, commands other than calcsim and failing commands.
#
#   test_update_docs.sh UPDATE_DOCS_SCRIPT CALCSIM_BINARY
set -uo pipefail

script="$1"
calcsim="$2"
work="$(mktemp -d "${TMPDIR:-/tmp}/calcsim-docs-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Runs the script; sets rc, out (stdout and stderr together).
run() {
  out="$(bash "$script" "$@" 2>&1)"
  rc=$?
}
expect_rc() {  # expected what
  if [[ $rc -ne $1 ]]; then
    fail "$2: exit status $rc, expected $1"
    sed 's/^/    /' <<< "$out"
  fi
}

# --- a stale block is found, rewritten, and then up to date ------------------
docs="$work/docs"
mkdir -p "$docs/sub"
cat > "$docs/A.md" <<'EOF'
# Title

Text before.

<!-- BEGIN GENERATED: calcsim params --format markdown --hypothetical -->
stale content
<!-- END GENERATED -->

```markdown
<!-- BEGIN GENERATED: this is an example in a code fence, not a block -->
```

Text between.
<!-- BEGIN GENERATED: calcsim params --format csv -->
<!-- END GENERATED -->
Text after, no final newline.
EOF
printf '%s' "$(cat "$docs/A.md")" > "$docs/A.md"  # drop the final newline
cat > "$docs/sub/B.md" <<'EOF'
<!-- BEGIN GENERATED: calcsim params --format markdown --hypothetical -->
<!-- END GENERATED -->
EOF
cp "$docs/A.md" "$work/A.orig"

run --check --docs "$docs" "$calcsim"
expect_rc 1 "check of stale blocks"
grep -q "OUT OF DATE" <<< "$out" || fail "check does not report OUT OF DATE"
cmp -s "$docs/A.md" "$work/A.orig" || fail "check mode changed a file"

run --docs "$docs" "$calcsim"
expect_rc 0 "update"
run --check --docs "$docs" "$calcsim"
expect_rc 0 "check after update"
cp "$docs/A.md" "$work/A.updated"
run --docs "$docs" "$calcsim"
expect_rc 0 "second update"
cmp -s "$docs/A.md" "$work/A.updated" || fail "a second update changed the file (not idempotent)"

# The block holds: a blank line, exactly the command's output, a blank line.
expected="$work/expected"
{ echo; "$calcsim" params --format markdown --hypothetical; echo; } > "$expected"
awk '/^<!-- BEGIN GENERATED: calcsim params --format markdown --hypothetical -->$/ { on = 1; next }
     /^<!-- END GENERATED -->$/ { on = 0 } on' "$docs/sub/B.md" > "$work/B.block"
cmp -s "$expected" "$work/B.block" || fail "block body is not blank line + command output + blank line"
grep -q '^| `' "$work/B.block" || fail "markdown block has no table rows"
if grep -q '^| `ecf.volume`' "$work/B.block"; then fail "--hypothetical listed a non-hypothetical parameter"; fi

# Everything outside the blocks is unchanged, the missing final newline included.
strip_blocks() {
  awk '/^<!-- BEGIN GENERATED: calcsim/ { print; on = 1; next } /^<!-- END GENERATED -->$/ { on = 0 } !on' "$1"
}
cmp -s <(strip_blocks "$work/A.orig") <(strip_blocks "$docs/A.md") || fail "text outside the blocks changed"
[[ -n "$(tail -c 1 "$docs/A.md")" ]] || fail "the file gained a final newline"
grep -qx '<!-- BEGIN GENERATED: this is an example in a code fence, not a block -->' "$docs/A.md" ||
  fail "a marker inside a code fence was touched"

# --- malformed files and bad commands are errors (status 2) ------------------
bad_case() {  # name content expected_message
  local dir="$work/bad-$1"
  mkdir -p "$dir"
  printf '%s\n' "$2" > "$dir/doc.md"
  cp "$dir/doc.md" "$dir/orig"
  run --docs "$dir" "$calcsim"
  expect_rc 2 "$1"
  grep -qF -- "$3" <<< "$out" || { fail "$1: message lacks '$3'"; sed 's/^/    /' <<< "$out"; }
  cmp -s "$dir/doc.md" "$dir/orig" || fail "$1: the file was changed"
}
bad_case unterminated $'<!-- BEGIN GENERATED: calcsim params --format markdown -->\ntext' "without an END GENERATED"
bad_case stray_end $'text\n<!-- END GENERATED -->' "without a BEGIN GENERATED"
bad_case nested $'<!-- BEGIN GENERATED: calcsim params -->\n<!-- BEGIN GENERATED: calcsim params -->\n<!-- END GENERATED -->' \
  "marker inside the generated block"
bad_case malformed $'<!--BEGIN GENERATED: calcsim params -->\n<!-- END GENERATED -->' "malformed marker"
bad_case not_calcsim $'<!-- BEGIN GENERATED: rm -rf / -->\n<!-- END GENERATED -->' "must start with 'calcsim'"
bad_case shell_characters $'<!-- BEGIN GENERATED: calcsim params; ls -->\n<!-- END GENERATED -->' "has a character"
bad_case failing_command $'<!-- BEGIN GENERATED: calcsim params --format xml -->\n<!-- END GENERATED -->' "exited with status"
bad_case no_blocks $'just text' "no generated blocks"

# --- --output-of: a command's output given in a file, the command not run ----
given="$work/given"
mkdir -p "$given"
printf '<!-- BEGIN GENERATED: calcsim params --format csv -->\n\ngiven output\n\n<!-- END GENERATED -->\n' > "$given/G.md"
printf 'given output\n' > "$work/given-output.txt"
run --check --docs "$given" --output-of "calcsim params --format csv" "$work/given-output.txt" "$calcsim"
expect_rc 0 "check against a given output"
run --check --docs "$given" "$calcsim"
expect_rc 1 "check against the command's own output"
run --check --docs "$given" --output-of "calcsim params --format csv" "$work/missing.txt" "$calcsim"
expect_rc 2 "a given output that does not exist"
grep -q "does not exist" <<< "$out" || fail "a missing given output is not named: $out"

run --check --docs "$work/none" "$calcsim"
expect_rc 2 "missing docs directory"
run --check "$work/no-such-build-dir"
expect_rc 2 "missing build directory"

if [[ $failures -gt 0 ]]; then
  echo "$failures failures"
  exit 1
fi
echo "update-docs.sh: all checks passed"
