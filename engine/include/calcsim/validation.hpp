#pragma once
// The model tested against published human experiments that no parameter was
// fitted to. Each row's band was fixed from the paper's spread before the
// model was run on it. `calcsim validation` prints this table and
// docs/VALIDATION.md is generated from it.
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

// Runs every validation experiment with the given parameters (tens of seconds;
// the experiments run on two threads).
std::vector<Target> run_validation(const Params& p);

}  // namespace calcsim
