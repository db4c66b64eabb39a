#pragma once
// The model fitted to published human data: each row states the published
// value, its source, the simulated value and a tolerance set from the
// published value and its uncertainty. Parameters were fitted to every row.
// `calcsim calibration` prints this table and docs/CALIBRATION.md is generated
// from it; the rows nothing was fitted to are in validation.hpp.
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

// Runs every calibration experiment with the given parameters. Takes a few
// seconds; experiments run on two threads.
std::vector<Target> run_calibration(const Params& p);

// The experiments in named groups ("homeostasis", "calcium_axis", ...), each a
// set of rows that share their runs. The posterior fit (scripts/fit/
// fit_posterior.py) reruns only the groups a parameter can move, as a full
// calibration takes tens of seconds.
struct CalibrationGroup {
  std::string name;
  std::vector<Target> (*rows)(const Params&);
};
const std::vector<CalibrationGroup>& calibration_groups();

// The rows of the named groups, in the order given, a name given twice once;
// empty: every group, as run_calibration (groups run in parallel). Throws
// InputError naming an unknown group and listing the groups.
std::vector<Target> run_calibration_groups(const Params& p, const std::vector<std::string>& names);

}  // namespace calcsim
