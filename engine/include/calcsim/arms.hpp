#pragma once
// Arms: named variants of one scenario, simulated side by side (`calcsim
// compare`). A scenario file declares them under `arms:` (ScenarioArm in
// scenario.hpp); each removes agents, changes or adds interventions, or
// changes the patient, the diet or model parameters.
//
// Starting states. An arm that changes only interventions or the diet starts
// from the same initial state as the scenario as written (the change happens
// on day 0), computed once with initial_condition() and shared. An arm that
// changes the patient or a parameter is a different person or a different
// model, so it starts from its own steady state. `initial_state: shared | own`
// in the file (ScenarioArm::start) overrides either default; an `own` diet arm
// is a lifelong habit rather than a change on day 0.
//
// Typical use:
//   const Scenario s = load_scenario("mk7-dose-response");
//   const ComparisonResult c = compare_arms(s, Params{});
//   std::cout << comparison_summary(c.views(), {0, 365.25}, Format::Table);
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/result.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim {

// One arm of a comparison, ready to simulate.
struct ComparisonArm {
  std::string name;
  std::string description;        // the file's description, else what the arm changes
  Scenario scenario;              // what this arm simulates (its `arms` are empty)
  Params params;                  // the comparison's parameters plus the arm's `set:`
  bool own_initial_state = false; // true: its own steady state; false: that of the scenario as written
};

// The arms `calcsim compare` runs, the scenario as written first:
//  - with arms declared: the scenario as written (named s.arm_name), then each arm in file order;
//  - without: "with K2" (as written) and "without K2" (without_vitamin_k2(s):
//    every K2 supplement and the MK-4 and MK-7 of the diet removed), from the
//    same starting state.
// `p` is the comparison's parameters (e.g. from --set); an arm's `set:` goes on
// top. Throws InputError naming file, line and key when an arm cannot be applied.
std::vector<ComparisonArm> arms_of(const Scenario& s, const Params& p = Params{});

// The scenario with one arm's remove, change, add, patient and diet applied
// (parameters are not part of a Scenario; arms_of() applies them). The result
// has no arms. Throws InputError when the arm removes or changes an agent the
// scenario does not take.
Scenario apply_arm(const Scenario& s, const ScenarioArm& arm);

// Whether the arm starts from its own steady state (resolves ArmStart::Automatic:
// own when it changes the patient or a parameter).
bool has_own_initial_state(const ScenarioArm& arm);

// Checks the declared arms: each has a name (unique, not the name of the scenario
// as written, and without commas, quotes or line breaks, as it is a CSV field),
// changes something, applies, and gives a scenario that validates. Messages name
// the file, line and key inside the arm ("arms[1].change[0].dose"). validate()
// calls it; `lines` are the file's key lines when known.
void validate_arms(const Scenario& s, const KeyLines& lines = {});

// The named arms in the order given (the first becomes the reference of the
// differences). Throws InputError naming --arms, with a did-you-mean hint, for
// a name that is not an arm.
std::vector<ComparisonArm> select_arms(const std::vector<ComparisonArm>& arms, const std::vector<std::string>& names);

struct ArmResult {
  std::string name;
  std::string description;
  bool own_initial_state = false;
  Result result;
};

struct ComparisonResult {
  std::vector<ArmResult> arms;  // in the order of the arms given
  double wall_seconds = 0.0;    // for all arms, including the starting states
  int threads = 1;              // worker threads used
  // Views for comparison_summary() and write_trajectories(); they point into
  // this object, so keep it alive while they are used.
  std::vector<Arm> views() const;
};

struct CompareOptions {
  SimulationOptions simulation;      // tolerances; `initial_state` and `arm` are set per arm
  int threads = 0;                   // 0: one per hardware thread (never more than the arms)
  std::vector<std::string> select;   // keep only these arms, in this order (empty: all)
};

// Runs arms_of(s, p) (or the selected ones). The shared starting state is
// initial_condition(s, p), computed once; arms with their own start compute
// theirs. Arms run in parallel; the results are identical to a serial run.
ComparisonResult compare_arms(const Scenario& s, const Params& p, const CompareOptions& options = {});

// The same for arms built by hand: `shared` is the starting state of every arm
// without its own (ignored by the others).
ComparisonResult compare_arms(const std::vector<ComparisonArm>& arms, const InitialCondition& shared,
                              const CompareOptions& options = {});

// The arms' names and descriptions, and which start from their own steady
// state, as lines to print under a comparison table.
std::string arms_legend(const ComparisonResult& c);

}  // namespace calcsim
