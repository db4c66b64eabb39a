# Sourced by scripts/update-docs.sh and scripts/update-golden.sh: finds the
# calcsim binary they run.
#
#   calcsim_binary ME REPO ARG   sets `binary` to the absolute path of calcsim
#
# ARG is a calcsim executable, or a CMake build directory taken relative to the
# current directory or else to REPO; in a build directory the binary is
# cli/calcsim, or the only `calcsim` executable below it. On failure prints
# ME-prefixed messages to stderr and exits 2.
calcsim_binary() {
  local me="$1" repo="$2" arg="$3" build
  if [[ -f "$arg" ]]; then
    binary="$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"
  else
    if [[ -d "$arg" ]]; then
      build="$(cd "$arg" && pwd)"
    elif [[ -d "$repo/$arg" ]]; then
      build="$(cd "$repo/$arg" && pwd)"
    else
      echo "$me: build directory '$arg' not found (looked in $(pwd) and $repo)" >&2
      echo "  configure and build first, e.g.: cmake --preset release && cmake --build build/release" >&2
      exit 2
    fi
    binary="$build/cli/calcsim"
    if [[ ! -x "$binary" ]]; then
      local found
      mapfile -t found < <(find "$build" -type f -name calcsim -perm -u+x 2>/dev/null | sort)
      if [[ ${#found[@]} -eq 1 ]]; then
        binary="${found[0]}"
      elif [[ ${#found[@]} -eq 0 ]]; then
        echo "$me: no calcsim binary in $build (build the calcsim_cli target first)" >&2
        exit 2
      else
        echo "$me: several calcsim binaries below $build; expected $build/cli/calcsim:" >&2
        printf '  %s\n' "${found[@]}" >&2
        exit 2
      fi
    fi
  fi
  if [[ ! -x "$binary" ]]; then
    echo "$me: '$binary' is not an executable" >&2
    exit 2
  fi
}
