#!/usr/bin/env bash
# The benchmarks in one command (bench/README.md): builds what they need in
# the release tree (build/release) and prints one table with every workload
# (W1-W4), contender and ratio, with the issue's targets.
#
#   bash scripts/bench.sh            # the full run: several minutes
#   bash scripts/bench.sh --quick    # tiny workloads, seconds: checks that everything runs
#   bash scripts/bench.sh --help     # every option (workload sizes, budgets, --json FILE)
#
# The table goes to standard output, progress and build output to standard error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
if [[ ! -f build/release/CMakeCache.txt ]]; then
  cmake --preset release >&2
fi
cmake --build --preset release --target calcsim_bench calcsim_python >&2
exec /usr/bin/python3 bench/bench.py --build-dir build/release "$@"
