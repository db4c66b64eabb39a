#pragma once
// Integrates a scenario with Boost.Odeint's Rosenbrock (order 4) method:
// L-stable for the minutes-to-decades stiffness of this model, with an exact
// Jacobian by automatic differentiation. Meals and doses are exact jumps;
// each interval between them is integrated in local time, and the step size
// carries over from one interval to the next. Outputs come from the method's
// dense output.
#include <atomic>
#include <optional>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/result.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim {

struct SimulationOptions {
  // Per-step error tolerances. The defaults keep the slow outputs (BMD,
  // arterial score, dp-ucMGP) within 0.05% of a run at 1e-8 over ten years
  // (measured: 3.7e-4, 4.7e-5 and 1.1e-4 of their ranges) while taking about
  // five steps between meals, a third fewer than at 1e-3; tests and reference
  // comparisons use tighter ones.
  double rtol = 3e-3;
  double atol = 1e-5;
  // Include the raw model states (prefixed "state.") as extra columns.
  bool include_states = false;
  // Start from this state instead of the scenario's own steady state.
  std::optional<std::vector<double>> initial_state;
  std::string arm = "as written";
  // Cooperative cancellation: when set, the flag is read before the starting
  // state is computed and once per interval between meals and doses (a few
  // thousand times per simulated year); once it is true the run throws
  // Cancelled. The flag must outlive the run. A signal handler may set it.
  const std::atomic<bool>* cancel = nullptr;
};

// The patient's initial state: the steady state of their profile and usual
// diet (no interventions), with the set points taken from it (bone
// remodelling's, and the calcitriol at which 25(OH)D clears at its habitual rate).
struct InitialCondition {
  std::vector<double> state;
  double pth_setpoint = 0.0;
  double carboxylated_oc_setpoint = 0.0;
  double calcitriol_setpoint = 0.0;  // pmol/L
  Dosing dosing = Dosing::Exact;  // the dosing it is the steady state of (never Stroboscopic: see starting_dosing)
};
// `cancel` as SimulationOptions::cancel: read between the steps of the
// computation (throws Cancelled once it is true).
InitialCondition initial_condition(const Scenario& s, const Params& p, const std::atomic<bool>* cancel = nullptr);

Result simulate(const Scenario& s, const Params& p, const SimulationOptions& options = {});

// Every result passes this check before it is returned: throws NumericalError
// naming the time and the column of the first value that is NaN or infinite,
// so that no such value reaches a table or a file.
void require_finite(const Result& r);

// Simulates from a given initial condition (used to start several arms from
// the same patient).
Result simulate_from(const Scenario& s, const Params& p, const InitialCondition& init,
                     const SimulationOptions& options = {});

}  // namespace calcsim
