#pragma once
// The options every simulating command shares: which scenario, the parameter
// overrides of --set, and the scenario overrides --years and --dosing. Each
// command's own options struct holds one of these.
#include <optional>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"

namespace CLI {
class App;
}

namespace calcsim::cli {

struct ScenarioOptions {
  std::optional<std::string> source;  // path or bundled name; absent = built-in default
  std::vector<std::string> set;       // NAME=VALUE parameter overrides
  std::optional<double> years;        // run length override
  std::string dosing;                 // "exact", "daily-averaged" or "stroboscopic"; empty: the scenario's
};

// Adds the scenario argument and --set, --years and --dosing to `cmd`;
// `years_note` is appended to --years' help.
void add_scenario_options(CLI::App& cmd, ScenarioOptions& o, const std::string& years_note = {});

// The scenario with --years (validated) and --dosing applied; not yet validated as a whole.
Scenario scenario_with_overrides(const ScenarioOptions& o);

// Default parameters with each NAME=VALUE of --set applied (throws InputError).
Params params_with(const std::vector<std::string>& assignments);

// The names of the parameters --set gives: held fixed where posterior draws vary the others.
std::vector<std::string> set_parameter_names(const ScenarioOptions& o);

}  // namespace calcsim::cli
