#pragma once
// Calibration experiments: each reproduces published measurements that
// parameters were fitted to, against a tolerance fixed in advance. The groups
// live in one file per topic; calibration.cpp lists them in the order of the
// table and runs them. scripts/fit/ fits the parameters to these rows, and
// `calcsim calibration` checks them.
#include <vector>

#include "analysis/experiments.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim::calibration {

using Rows = std::vector<Target>;

// calcium.cpp
Rows homeostasis(const Params& p);
Rows kidney_disease(const Params& p);
Rows absorption_loads(const Params& p);
Rows ageing_gut(const Params& p);
Rows adaptation(const Params& p);

// calcium_axis.cpp
Rows calcium_axis(const Params& p);

// bone.cpp
Rows menopause(const Params& p);
Rows habits(const Params& p);

// vitamin_k.cpp
Rows pharmacokinetics(const Params& p);
Rows mgp(const Params& p);
Rows mgp_dose_response(const Params& p);
Rows osteocalcin(const Params& p);

// arteries.cpp
Rows arteries(const Params& p);
Rows stiffness(const Params& p);

// phosphate.cpp
Rows phosphate_intake(const Params& p);

}  // namespace calcsim::calibration
