#!/usr/bin/env bash
# `calcsim params --format markdown` (the source of the parameter tables of
# docs/MODEL.md): one table row per registry entry, in registry order, with
# every hypothetical row marked and the disclaimer last; `--hypothetical`
# keeps exactly the hypothetical rows; markdown is accepted by `params` only.
#
#   test_params_markdown.sh CALCSIM_BINARY
set -uo pipefail

calcsim="$1"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

csv="$("$calcsim" params --format csv)" || fail "params --format csv failed"
md="$("$calcsim" params --format markdown)" || fail "params --format markdown failed"
hyp="$("$calcsim" params --format markdown --hypothetical)" || fail "params --format markdown --hypothetical failed"

# Registry names in order, and those whose source starts with "hypothetical",
# from the CSV output (independent of the Markdown code; the source is the
# sixth field, after five that hold no comma, quoted where it holds one).
mapfile -t names < <(awk -F, 'NR > 2 { print $1 }' <<< "$csv")
mapfile -t hyp_names < <(awk -F, 'NR > 2 && /^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,"?hypothetical/ { print $1 }' <<< "$csv")

rows_of() { sed -n 's/^| `\([^`]*\)` |.*/\1/p' <<< "$1"; }
mapfile -t md_names < <(rows_of "$md")
mapfile -t md_hyp_names < <(rows_of "$hyp")

[[ ${#names[@]} -gt 50 ]] || fail "could not read the registry (${#names[@]} names)"
[[ "${md_names[*]}" == "${names[*]}" ]] || fail "markdown rows differ from the registry (${#md_names[@]} vs ${#names[@]})"
[[ "${md_hyp_names[*]}" == "${hyp_names[*]}" ]] ||
  fail "--hypothetical rows differ from the hypothetical registry entries (${#md_hyp_names[@]} vs ${#hyp_names[@]})"
[[ "$(head -n 1 <<< "$md")" == "| name | value | unit | valid range | source | description |" ]] ||
  fail "unexpected header: $(head -n 1 <<< "$md")"

# Every row has six cells; hypothetical rows, and only they, are marked.
while IFS= read -r line; do
  name="$(sed -n 's/^| `\([^`]*\)` |.*/\1/p' <<< "$line")"
  [[ -n "$name" ]] || continue
  cells="$(sed 's/\\|//g' <<< "$line" | awk -F'|' '{ print NF - 2 }')"
  [[ "$cells" -eq 6 ]] || fail "$name: $cells cells"
  marked=0; [[ "$line" == *"| **hypothetical**"* ]] && marked=1
  is_hyp=0; grep -qxF -- "$name" <<< "$(printf "%s\n" "${hyp_names[@]}")" && is_hyp=1
  [[ $marked -eq $is_hyp ]] || fail "$name: marked=$marked hypothetical=$is_hyp"
done <<< "$md"

grep -q "^${#names[@]} parameters, ${#hyp_names[@]} of them \*\*hypothetical\*\*" <<< "$md" ||
  fail "summary line does not count ${#names[@]} parameters and ${#hyp_names[@]} hypothetical"

# Like every output, it ends with the disclaimer.
for out in "$md" "$hyp"; do
  [[ "$(tail -n 1 <<< "$out")" == "calcsim is an illustrative teaching model, not medical advice." ]] ||
    fail "markdown output does not end with the disclaimer"
done

# markdown is a format of `params` only.
for sub in run compare; do
  "$calcsim" "$sub" --years 1 --format markdown > /dev/null 2>&1
  rc=$?
  [[ $rc -eq 2 ]] || fail "$sub --format markdown exited $rc, expected 2"
done

if [[ $failures -gt 0 ]]; then echo "$failures failures"; exit 1; fi
echo "params --format markdown: ${#names[@]} rows, ${#hyp_names[@]} hypothetical, all checks passed"
