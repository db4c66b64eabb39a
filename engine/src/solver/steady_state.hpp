#pragma once
// The steady-state search's limits, for the engine and its tests. Every run
// uses the defaults (steady_state.cpp says why each is what it is); a test
// passes smaller ones to drive a stage of the search to its failure report.
#include <atomic>

#include "calcsim/simulator.hpp"

namespace calcsim {

struct SteadyStateLimits {
  // Powell's method on the one-cycle map (the daily, or with dialysis weekly,
  // cycle of meals): at most this many cycle integrations for its residuals
  // (each difference-quotient Jacobian costs one more per unknown). A solve
  // from the burnt-in state takes a handful.
  int periodic_max_evaluations = 40;
};

// initial_condition (calcsim/simulator.hpp) under the given limits.
InitialCondition initial_condition(const Scenario& s, const Params& p, const SteadyStateLimits& limits,
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace calcsim
