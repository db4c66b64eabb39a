#pragma once
// The model tested against published human experiments that no parameter was
// fitted to. Each row's band was fixed from the paper's spread before the
// model was run on it. `calcsim validation` prints this table and
// docs/VALIDATION.md is generated from it.
#include <atomic>
#include <limits>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

// Runs every validation experiment with the given parameters (tens of seconds;
// the experiments run on two threads).
std::vector<Target> run_validation(const Params& p);

struct ValidationOptions {
  // Runs of at least this many days use daily-averaged dosing (the posterior
  // draws of the coverage, which add back the shift it causes at the fitted
  // parameters); infinity: every experiment as written.
  double daily_averaged_from_days = std::numeric_limits<double>::infinity();
  int threads = 0;                            // 0: one per hardware thread
  const std::atomic<bool>* cancel = nullptr;  // read between solver steps (throws Cancelled)
  // Only the experiments of these groups (validation_groups()), in the order
  // given, a name given twice once; empty: every group. An unknown name throws
  // InputError listing the groups.
  std::vector<std::string> groups = {};
};
std::vector<Target> run_validation_with(const Params& p, const ValidationOptions& options);

// The names of the validation groups, in the order of the table: each runs one
// study's design and gives its rows.
std::vector<std::string> validation_groups();

}  // namespace calcsim
