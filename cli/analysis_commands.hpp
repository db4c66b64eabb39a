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
#include "scenario_options.hpp"

namespace CLI {
class App;
}

namespace calcsim::cli {

// What the three analyses share: the scenario options, the output format and
// the worker threads; each command's struct adds its own.
struct AnalysisOutput {
  std::string format = "table";
  std::string at;                   // times ("1y,3y"); default: the end of the run
  std::string output;               // output names, comma-separated
  int threads = 0;                  // 0: one per hardware thread
};

struct SweepCommandOptions {
  ScenarioOptions scenario;
  AnalysisOutput shown;
  std::string vary;                 // "mk7.dose=0..360mcg:9"
  std::optional<int> uncertainty;   // posterior draws (none: the point estimate only)
  std::uint64_t seed = 1;           // of the posterior draws
  std::string posterior;            // posterior file (empty: the shipped one)
};

struct SensitivityCommandOptions {
  ScenarioOptions scenario;
  AnalysisOutput shown;
  double step = 0.01;               // relative step
  double rtol = 1e-4;               // solver tolerance
  std::string parameters;           // only these parameters, comma-separated
};

struct PopulationCommandOptions {
  ScenarioOptions scenario;
  AnalysisOutput shown;
  std::string parameters;           // the parameters varied, comma-separated
  long long n = 100;                // patients
  double cv = 0.3;                  // coefficient of variation
  std::uint64_t seed = 1;
  std::string every = "30d";        // band interval
  std::string out;                  // patients CSV
  std::string bands_out;            // bands CSV
};

// Adds the `sweep`, `sensitivity` and `population` subcommands to `app`, bound to the options.
CLI::App* add_sweep_command(CLI::App& app, SweepCommandOptions& o);
CLI::App* add_sensitivity_command(CLI::App& app, SensitivityCommandOptions& o);
CLI::App* add_population_command(CLI::App& app, PopulationCommandOptions& o);

int sweep(const SweepCommandOptions& o);
int sensitivity(const SensitivityCommandOptions& o);
int population(const PopulationCommandOptions& o);

// Shared by the analysis commands: the scenario options, --format and
// --threads; the scenario with --years applied, validated; "a, b" -> {"a", "b"}.
void add_common(CLI::App& cmd, ScenarioOptions& scenario, AnalysisOutput& shown);
Scenario prepare_scenario(const ScenarioOptions& o);
std::vector<std::string> split_names(const std::string& text);

}  // namespace calcsim::cli
