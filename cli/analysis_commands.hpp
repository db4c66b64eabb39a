#pragma once
// `calcsim sweep` and `calcsim sensitivity`: thin command-line layers over
// calcsim/sweep.hpp and calcsim/sensitivity.hpp. Exit codes as in
// commands.hpp: 0 ok, 2 bad input, 3 numerical failure.
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace calcsim::cli {

struct AnalysisOptions {
  std::string scenario;             // path or bundled name; empty = built-in default
  std::vector<std::string> set;     // NAME=VALUE parameter overrides
  std::optional<double> years;      // run length override
  std::string dosing;               // "exact" or "daily-averaged"; empty: the scenario's
  std::string format = "table";
  std::string at;                   // times ("1y,3y"); default: the end of the run
  std::string output;               // output names, comma-separated
  int threads = 0;                  // 0: one per hardware thread
  // sweep
  std::string vary;                 // "mk7.dose=0..360mcg:9"
  // sensitivity
  double step = 0.01;               // relative step
  double rtol = 1e-4;               // solver tolerance
  std::string parameters;           // only these parameters, comma-separated
};

// Adds the `sweep` and `sensitivity` subcommands to `app`, bound to the options.
CLI::App* add_sweep_command(CLI::App& app, AnalysisOptions& o);
CLI::App* add_sensitivity_command(CLI::App& app, AnalysisOptions& o);

int sweep(const AnalysisOptions& o);
int sensitivity(const AnalysisOptions& o);

}  // namespace calcsim::cli
