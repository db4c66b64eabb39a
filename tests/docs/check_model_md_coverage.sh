#!/usr/bin/env bash
# docs/MODEL.md must name, in its hand-written part (outside the generated
# blocks), every registry parameter, in backticks: the equations say where
# each one enters. A new parameter without documentation, or a renamed one,
# fails this test. (The state and output tables are generated blocks of
# `calcsim model`, checked by docs.generated_blocks.)
#
#   check_model_md_coverage.sh REPO_ROOT CALCSIM_BINARY
set -euo pipefail

repo="$1"
calcsim="$2"
doc="$repo/docs/MODEL.md"
[[ -f "$doc" ]] || { echo "missing $doc" >&2; exit 1; }

# The hand-written text: everything outside BEGIN/END GENERATED blocks.
text="$(awk '
  /^<!-- BEGIN GENERATED: .* -->$/ { inside = 1; next }
  /^<!-- END GENERATED -->$/ { inside = 0; next }
  !inside { print }' "$doc")"

mapfile -t params < <("$calcsim" params --format csv | awk -F, 'NR > 2 { print $1 }')

status=0
expect_at_least() {  # what count minimum
  if [[ "$2" -lt "$3" ]]; then
    echo "found only $2 $1 in the sources; has the code been restructured? update this test" >&2
    status=1
  fi
}
expect_at_least "parameters (calcsim params --format csv)" "${#params[@]}" 50

missing=0
check() {  # kind name
  if ! grep -qF -- "\`$2\`" <<< "$text"; then
    echo "docs/MODEL.md does not name $1 \`$2\` outside its generated blocks"
    missing=$((missing + 1))
  fi
}
for n in "${params[@]}"; do check parameter "$n"; done

echo "checked ${#params[@]} parameters: $missing missing"
[[ $missing -eq 0 && $status -eq 0 ]]
