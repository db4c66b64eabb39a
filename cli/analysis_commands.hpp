#pragma once
// `calcsim sweep`, `calcsim sensitivity` and `calcsim population`: thin
// command-line layers over calcsim/sweep.hpp, calcsim/sensitivity.hpp and
// calcsim/population.hpp (population_command.cpp). Exit codes as in
// commands.hpp: 0 ok, 2 bad input, 3 numerical failure, 130 interrupted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calcsim/scenario.hpp"

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
  std::optional<int> uncertainty;   // posterior draws (none: the point estimate only)
  std::string posterior;            // posterior file (empty: the shipped one)
  // sensitivity
  double step = 0.01;               // relative step
  double rtol = 1e-4;               // solver tolerance
  std::string parameters;           // only these parameters, comma-separated (population: those varied)
  // population
  long long n = 100;                // patients
  double cv = 0.3;                  // coefficient of variation
  std::uint64_t seed = 1;
  std::string every = "30d";        // band interval
  std::string out;                  // patients CSV
  std::string bands_out;            // bands CSV
};

// Adds the `sweep`, `sensitivity` and `population` subcommands to `app`, bound to the options.
CLI::App* add_sweep_command(CLI::App& app, AnalysisOptions& o);
CLI::App* add_sensitivity_command(CLI::App& app, AnalysisOptions& o);
CLI::App* add_population_command(CLI::App& app, AnalysisOptions& o);

int sweep(const AnalysisOptions& o);
int sensitivity(const AnalysisOptions& o);
int population(const AnalysisOptions& o);

// Shared by the analysis commands: the scenario, parameters and threads
// options; the scenario with --years applied, validated; "a, b" -> {"a", "b"}.
void add_common(CLI::App& cmd, AnalysisOptions& o);
Scenario prepare_scenario(const AnalysisOptions& o);
std::vector<std::string> split_names(const std::string& text);

}  // namespace calcsim::cli
