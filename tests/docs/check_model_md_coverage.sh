#!/usr/bin/env bash
# docs/MODEL.md must name, in its hand-written part (outside the generated
# blocks), every model state, every output column and every registry
# parameter, each in backticks. A new state, column or parameter without
# documentation, or a renamed one, fails this test.
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

# Names of the entries of a brace-initialised table of {"name", "unit", ...}
# rows between a start pattern and the first line closing it.
names_in_table() {  # file start_regex
  awk -v start="$2" '
    $0 ~ start { inside = 1; next }
    inside && /^[[:space:]]*\}\};?/ { exit }
    inside && match($0, /^[[:space:]]*\{"[A-Za-z0-9_.]+", "/) {
      s = substr($0, RSTART, RLENGTH); sub(/^[[:space:]]*\{"/, "", s); sub(/", "$/, "", s); print s
    }' "$1"
}

mapfile -t states < <(names_in_table "$repo/engine/src/model.cpp" 'std::array<StateInfo, n_states> states\{\{')
mapfile -t columns < <(names_in_table "$repo/engine/src/outputs.cpp" 'static const std::vector<Column> columns\{')
mapfile -t params < <("$calcsim" params --format csv | awk -F, 'NR > 2 { print $1 }')

status=0
expect_at_least() {  # what count minimum
  if [[ "$2" -lt "$3" ]]; then
    echo "found only $2 $1 in the sources; has the code been restructured? update this test" >&2
    status=1
  fi
}
expect_at_least "states (engine/src/model.cpp)" "${#states[@]}" 20
expect_at_least "output columns (engine/src/outputs.cpp)" "${#columns[@]}" 20
expect_at_least "parameters (calcsim params --format csv)" "${#params[@]}" 50

missing=0
check() {  # kind name
  if ! grep -qF -- "\`$2\`" <<< "$text"; then
    echo "docs/MODEL.md does not name $1 \`$2\` outside its generated blocks"
    missing=$((missing + 1))
  fi
}
for n in "${states[@]}"; do check state "$n"; done
for n in "${columns[@]}"; do check "output column" "$n"; done
for n in "${params[@]}"; do check parameter "$n"; done

echo "checked ${#states[@]} states, ${#columns[@]} output columns, ${#params[@]} parameters: $missing missing"
[[ $missing -eq 0 && $status -eq 0 ]]
