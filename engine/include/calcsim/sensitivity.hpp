#pragma once
// Local sensitivity analysis (`calcsim sensitivity`): how much each model
// parameter moves an output, so a student can see which assumptions drive an
// answer and how many of them are hypothetical.
//
// For every registry parameter with value v, the scenario is run at
// v(1 - h) and v(1 + h) (h = relative_step, 1% by default; each clipped to
// the parameter's valid range) and the normalised sensitivity
//     S = d ln(output) / d ln(parameter) ~ (y+ - y-) / (p+ - p-) * v / y0
// is reported (y0: the unperturbed run). S = 0.5 means that 1% more of the
// parameter gives about 0.5% more output. Each run starts from its own steady
// state (a parameter change is a different model). The solver tolerance is
// tighter than for a single run (rtol 1e-4; measured: S then agrees with
// rtol 1e-7 to about 1e-5) so that the differences are not solver noise.
//
//   SensitivityOptions o;
//   o.outputs = {"arterial_score"};
//   o.at_days = {10 * 365.25};
//   const SensitivityResult r = sensitivity(default_scenario(), Params{}, o);
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim {

// The solver settings of a sensitivity analysis: rtol 1e-4, atol 1e-7.
inline SimulationOptions sensitivity_simulation_options() {
  SimulationOptions o;
  o.rtol = 1e-4;
  o.atol = 1e-7;
  return o;
}

// Without chosen times a sensitivity analysis reads the end of the run, but
// at most this far in: about 200 runs of 1 year take well under a minute on
// two cores, of 10 years several minutes (see the README).
inline constexpr double default_sensitivity_years = 1.0;
// {the end of the run, or default_sensitivity_years in if the run is longer}, days.
std::vector<double> default_sensitivity_times(double duration_days);

struct SensitivityOptions {
  std::vector<std::string> outputs{"arterial_score"};  // output columns
  std::vector<double> at_days;          // times in days; empty: the end of the run
  double relative_step = 0.01;          // h, in (0, 0.5]
  std::vector<std::string> parameters;  // registry names; empty: every parameter
  SimulationOptions simulation = sensitivity_simulation_options();
  int threads = 0;                      // 0: one per hardware thread
};

struct ParameterSensitivity {
  std::string name;
  std::string unit;
  std::string source;
  bool hypothetical = false;
  double value = 0.0;   // the value in this analysis (default or --set)
  double lower = 0.0;   // the two values run (equal to `value` on a side clipped away)
  double upper = 0.0;
  // One per (output, time), output-major: sensitivity[o * times + t]. NaN when
  // undefined (see note).
  std::vector<double> sensitivity;
  std::string note;     // "clipped at the range's upper end", "value is 0", "run failed: ..."
};

struct SensitivityResult {
  std::string scenario;
  std::string description;
  std::vector<std::string> outputs;
  std::vector<std::string> units;
  std::vector<double> requested_days;
  std::vector<double> times_days;       // read at midnight of that day, as in summaries
  std::vector<double> base;             // the unperturbed outputs, output-major like `sensitivity`
  // Ranked by |S| of the first output at the first time, largest first; NaN last.
  std::vector<ParameterSensitivity> parameters;
  double relative_step = 0.01;
  double rtol = 0.0;
  double run_days = 0.0;                // each run stops at the last time read
  std::size_t runs = 0;
  double wall_seconds = 0.0;
  int threads = 1;
};

// Throws InputError for an unknown output or parameter name or a bad step.
// A run that fails numerically marks its parameter (NaN, note) instead of
// ending the analysis; a failure of the unperturbed run is a NumericalError.
SensitivityResult sensitivity(const Scenario& s, const Params& p, const SensitivityOptions& options = {});

// A ranked table, a long CSV (one row per parameter, output and time) or JSON.
std::string sensitivity_report(const SensitivityResult& r, Format format);

}  // namespace calcsim
