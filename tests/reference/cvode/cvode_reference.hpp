#pragma once
// A reference solver outside the engine: the same model and the same timeline
// as calcsim::simulate_from, integrated independently by SUNDIALS CVODE. Used
// by the agreement tests (tests/reference) and as the "CVODE re-initialised at
// every event" contender of the benchmarks (bench/).
//
// Shared with production (deliberately, so that only the integration differs):
//   - build_timeline() and TimelineWalk: the segments, the jumps applied at
//     their starts, their inputs, and the rule that assigns each output time
//     (output_times()) to a segment;
//   - model::full_state() / Inputs::pk_start: the closed-form depots;
//   - model::derivatives(): the right-hand side of the solver states.
// Independent of production: the integration itself. CVODE's variable-order
// BDF method with a dense direct linear solver, re-initialised (CVodeReInit)
// at every segment start, stopping exactly at every output time and segment
// end (CVodeSetStopTime + CV_NORMAL). By default CVODE forms its own Jacobian
// by difference quotients: model::jacobian() (automatic differentiation, also
// the time derivative Rosenbrock needs) is not used, so an error in it would
// show up as a disagreement instead of being shared by both solvers. The
// benchmarks set CvodeOptions::model_jacobian to give CVODE the same exact
// Jacobian as the production solver.
#include <array>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/result.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "model/model.hpp"

namespace calcsim::reference {

struct CvodeOptions {
  double reltol = 1e-10;
  // Absolute tolerance per model state (full-state index); only the solver
  // states are used (the depots are closed-form).
  std::array<double, model::n_states> abstol{};
  long max_steps_per_segment = 200000;
  // Use model::jacobian() (automatic differentiation) instead of CVODE's
  // difference quotients.
  bool model_jacobian = false;
};

struct CvodeStats {
  long segments = 0;
  long steps = 0;
  long rhs_evaluations = 0;  // including those of a difference-quotient Jacobian
  long jacobian_evaluations = 0;
  long error_test_failures = 0;
  double wall_seconds = 0.0;
};

struct CvodeRun {
  std::vector<double> times;  // days, as output_times(t_end, output_every_days)
  Matrix states;              // one row per time, model::n_states columns (model::State order)
  CvodeStats stats;
};

// The SUNDIALS release this was built against ("6.4.1").
const char* sundials_version();

// Throws std::runtime_error with CVODE's message if CVODE fails.
CvodeRun solve_with_cvode(const Scenario& s, const Params& p, const InitialCondition& init,
                          const CvodeOptions& options);

}  // namespace calcsim::reference
