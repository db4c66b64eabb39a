#pragma once
// The steady-state search's limits, for the engine and its tests. Every run
// uses the defaults (steady_state.cpp says why each is what it is); a test
// passes smaller ones to drive a stage of the search to its failure report.
#include <atomic>

#include "calcsim/simulator.hpp"

namespace calcsim {

struct SteadyStateLimits {
  // The chord iteration on the one-cycle map (its Jacobian from the averaged
  // system's monodromy, refined by Broyden's updates; steady_state.cpp): at
  // most this many cycle integrations before the burn-in and Powell's method
  // take over. Every bundled scenario converges in at most ten (the daily
  // cycle) or 22 (the dialysis week); thirty leaves room for patients farther
  // from the averaged system while a failing iteration costs no more than the
  // one difference-quotient Jacobian Powell's method then needs. A test sets
  // it to 0 to take the fallback.
  int chord_max_cycles = 30;
  // Powell's method on the one-cycle map (the daily, or with dialysis weekly,
  // cycle of meals), the fallback: at most this many cycle integrations for its residuals
  // (each difference-quotient Jacobian costs one more per unknown). A solve
  // from the burnt-in state takes a handful.
  int periodic_max_evaluations = 40;
};

// initial_condition (calcsim/simulator.hpp) under the given limits.
InitialCondition initial_condition(const Scenario& s, const Params& p, const SteadyStateLimits& limits,
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace calcsim
