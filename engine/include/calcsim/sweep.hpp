#pragma once
// Dose-response and parameter sweeps (`calcsim sweep`): the same scenario run
// at a series of values of one intervention dose or one model parameter, with
// chosen outputs read at chosen times.
//
//   const SweepSpec spec = parse_sweep("mk7.dose=0..360mcg:9");
//   const SweepResult r = sweep(load_scenario("postmenopausal-mk7"), Params{}, spec);
//   std::cout << sweep_report(r, Format::Table);
//
// Dose points change only interventions, so they all start from the scenario's
// own initial state, computed once. Parameter points change the model, so each
// starts from its own steady state. Points run in parallel; the results do not
// depend on the number of threads.
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim {

struct SweepSpec {
  std::string target;          // "mk7.dose" (AGENT.dose) or a registry parameter name ("mk7.half_life")
  bool is_dose = false;        // true for AGENT.dose
  Agent agent = Agent::MK7;    // the agent, for doses
  std::vector<double> values;  // canonical: mcg per dose for doses, the registry unit for parameters
  std::string unit;            // the unit the values are shown in ("mcg", "mg", "IU", or the registry unit)
  double unit_in_canonical = 1.0;  // one shown unit in canonical units (1000 for mg)
  bool log_spaced = false;
};

// Parses the text of --vary. Forms:
//   mk7.dose=0..360mcg:9         9 evenly spaced values from 0 to 360 mcg (both ends included)
//   mk7.dose=10..1000mcg:7:log   7 log-spaced values (both ends above zero)
//   mk7.dose=0,45,90,180,360mcg  a list of values
//   mk7.half_life=24..120:5      a parameter, in its registry unit (the unit may be written: 24..120h:5)
// Doses need a unit (mcg, mg, g; IU for vitamin_d3). A dose of 0 means the
// agent is not taken at that point. Throws InputError naming --vary.
SweepSpec parse_sweep(const std::string& text);

struct SweepOptions {
  std::vector<std::string> outputs;  // output columns; empty: default_sweep_outputs()
  std::vector<double> at_days;       // times in days; empty: the end of the run
  SimulationOptions simulation;      // tolerances
  int threads = 0;                   // 0: one per hardware thread
};

// dp_ucmgp, mgp_carboxylated, ucoc_fraction, bmd_change, arterial_score.
const std::vector<std::string>& default_sweep_outputs();

struct SweepResult {
  SweepSpec spec;
  std::string scenario;
  std::string description;
  std::vector<std::string> outputs;
  std::vector<std::string> units;
  std::vector<double> requested_days;  // the times asked for (clipped to the run)
  std::vector<double> times_days;      // where they are read: midnight of that day, as in summaries
  // values[point][output][time]
  std::vector<std::vector<std::vector<double>>> values;
  bool shared_initial_state = false;   // true for doses
  double run_days = 0.0;               // each run stops at the last time read
  double wall_seconds = 0.0;
  int threads = 1;
};

// The scenario with every intervention of `agent` at `dose_mcg` (0 removes
// them). Throws InputError naming --vary when the scenario does not take the agent.
Scenario with_dose(const Scenario& s, Agent agent, double dose_mcg);

// Runs the sweep. Every point is validated first (an implausible dose is an
// InputError naming --vary); each run stops at the last time read, so
// `calcsim run --years T` with the same settings gives the same numbers.
SweepResult sweep(const Scenario& s, const Params& p, const SweepSpec& spec, const SweepOptions& options = {});

// The sweep as a table (rows: values; columns: outputs at times), a long CSV
// (one row per value, output and time) or JSON.
std::string sweep_report(const SweepResult& r, Format format);

// Output column names checked against the model's outputs (InputError naming
// `option`, with a did-you-mean hint). Parses "a,b,c".
std::vector<std::string> parse_output_names(const std::string& text, const std::string& option);

}  // namespace calcsim
