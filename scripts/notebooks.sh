#!/usr/bin/env bash
# Opens the teaching notebooks in Jupyter, on a fresh machine, in one command:
# installs the system packages (scripts/install-deps.sh, Jupyter included),
# builds the Python module (release preset, tree build/release) and starts
# Debian's Jupyter Notebook on the notebooks/ folder with the calcsim package
# importable (PYTHONPATH points at the build tree's python/ directory, which
# the notebooks' kernels inherit).
#
#   bash scripts/notebooks.sh                       # opens a browser at the notebooks
#   bash scripts/notebooks.sh --no-browser --port 8899
#   bash scripts/notebooks.sh --no-build ...        # skip the build (CALCSIM_BUILD_DIR: which tree)
#   CALCSIM_NOTEBOOK_DIR=/tmp/copy bash scripts/notebooks.sh   # open another folder (the browser tests
#                                                   # run copies, so the repository's stay unsaved)
#
# Arguments after the optional --no-build go to `jupyter notebook`. The build
# log is build/notebooks-build.log (its tail is printed if the build fails).
# Stop the server with Ctrl-C (twice) or from its page (Quit).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${CALCSIM_BUILD_DIR:-$root/build/release}"
notebook_dir="${CALCSIM_NOTEBOOK_DIR:-$root/notebooks}"
log="$root/build/notebooks-build.log"
say() { printf 'notebooks: %s\n' "$*" >&2; }

build=1
if [[ "${1:-}" == "--no-build" ]]; then
  build=0
  shift
fi

bash "$root/scripts/install-deps.sh"

if ((build)); then
  mkdir -p "$root/build"
  say "building the Python module (release); log: ${log#"$root"/}"
  if ! (cd "$root" && cmake --preset release && cmake --build --preset release --target calcsim_python) \
        >"$log" 2>&1 </dev/null; then
    say "ERROR: the build failed. Last lines of $log:"
    tail -n 40 "$log" >&2
    exit 1
  fi
fi

export PYTHONPATH="$build_dir/python${PYTHONPATH:+:$PYTHONPATH}"
# The kernels load ipywidgets as they start (scripts/jupyter/kernels/python3):
# ipywidgets 6's page checks the kernel's widget version once, as the kernel
# connects, and a kernel that had not yet imported ipywidgets failed the check,
# so every explorer showed a false "Widget Javascript not detected" alarm.
export JUPYTER_PATH="$root/scripts/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
if ! /usr/bin/python3 -c "import calcsim" 2>/dev/null; then
  say "ERROR: cannot import calcsim from $build_dir/python; build it (drop --no-build) or set CALCSIM_BUILD_DIR"
  exit 1
fi
say "calcsim is an illustrative teaching model, not medical advice."
say "starting Jupyter on $notebook_dir (PYTHONPATH=$build_dir/python)"
as_root=()
if [[ "$(id -u)" -eq 0 ]]; then as_root=(--allow-root); fi   # Jupyter refuses root without it
exec /usr/bin/python3 -m notebook --notebook-dir="$notebook_dir" "${as_root[@]}" "$@"
