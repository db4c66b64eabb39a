#pragma once
// The model fitted to published human data: each row states the published
// value, its source, the simulated value and a tolerance set from the
// published value and its uncertainty. Parameters were fitted to every row.
// `calcsim calibration` prints this table and docs/CALIBRATION.md is generated
// from it; the rows nothing was fitted to are in validation.hpp.
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

// Runs every calibration experiment with the given parameters. Takes a few
// seconds; experiments run on two threads.
std::vector<Target> run_calibration(const Params& p);

}  // namespace calcsim
