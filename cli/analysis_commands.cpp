#include "analysis_commands.hpp"

#include <algorithm>
#include <exception>
#include <iomanip>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sensitivity.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/uncertainty.hpp"
#include "calcsim/units.hpp"
#include "guarded.hpp"

namespace calcsim::cli {

Scenario prepare_scenario(const ScenarioOptions& o) {
  Scenario s = scenario_with_overrides(o);
  validate(s);
  return s;
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');)
    if (item.find_first_not_of(' ') != std::string::npos) out.push_back(item.substr(item.find_first_not_of(' ')));
  for (auto& name : out) name.erase(name.find_last_not_of(' ') + 1);
  return out;
}

void add_common(CLI::App& cmd, ScenarioOptions& scenario, AnalysisOutput& shown) {
  add_scenario_options(cmd, scenario);
  cmd.add_option("--format,-f", shown.format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd.add_option("--threads", shown.threads, "Worker threads (default: one per core)")->check(CLI::NonNegativeNumber);
}

CLI::App* add_sweep_command(CLI::App& app, SweepCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "sweep", "Run a scenario at a series of values of one dose or parameter: a dose-response table");
  add_common(*cmd, o.scenario, o.shown);
  cmd->add_option("--vary", o.vary,
                  "What to vary and over which values: AGENT.dose=FROM..TO<unit>:STEPS[:log] (e.g. "
                  "mk7.dose=0..360mcg:9), a list (mk7.dose=0,90,180mcg), or a parameter (mk7.half_life=24..120:5)")
      ->required();
  cmd->add_option("--output", o.shown.output,
                  "Outputs, comma-separated (default: dp_ucmgp,mgp_carboxylated,ucoc_fraction,bmd_change,"
                  "arterial_score)");
  cmd->add_option("--at", o.shown.at, "Times to read, e.g. 1y,3y (default: the end of the run)");
  cmd->add_option("--uncertainty", o.uncertainty,
                  "Also run the sweep for N parameter sets drawn from the posterior (20 to 5000) and show each "
                  "output's 90% interval (docs/UNCERTAINTY.md)");
  cmd->add_option("--seed", o.seed, "Seed of the posterior draws (default 1)");
  cmd->add_option("--posterior", o.posterior, "Posterior file (default: the shipped data/posterior.json)");
  return cmd;
}

CLI::App* add_sensitivity_command(CLI::App& app, SensitivityCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "sensitivity", "Normalised local sensitivity of outputs to every model parameter, ranked");
  add_common(*cmd, o.scenario, o.shown);
  cmd->add_option("--output", o.shown.output, "Outputs, comma-separated (default: arterial_score)");
  cmd->add_option("--at", o.shown.at, "Times to read, e.g. 10y (default: the end of the run, at most 1 year)");
  cmd->add_option("--step", o.step, "Relative step of the central differences (default 0.01 = 1%)");
  cmd->add_option("--rtol", o.rtol, "Solver relative tolerance (default 1e-4)");
  cmd->add_option("--parameters", o.parameters, "Only these parameters, comma-separated (default: all)");
  return cmd;
}

int sweep(const SweepCommandOptions& o) {
  return guarded([&] {
    const Format format = parse_format(o.shown.format);
    const Scenario s = prepare_scenario(o.scenario);
    const Params p = params_with(o.scenario.set);
    const SweepSpec spec = parse_sweep(o.vary);
    SweepOptions options;
    options.simulation.cancel = &interrupted();
    if (!o.shown.output.empty()) options.outputs = parse_output_names(o.shown.output, "output");
    if (!o.shown.at.empty()) options.at_days = parse_times(o.shown.at);
    options.threads = o.shown.threads;
    if (o.uncertainty) {
      check_draw_count(*o.uncertainty, "uncertainty");
      UncertaintyOptions draws;
      draws.draws = *o.uncertainty;
      draws.seed = o.seed;
      draws.threads = o.shown.threads;
      draws.posterior_file = o.posterior;
      draws.dosing_fixed = !o.scenario.dosing.empty();
      draws.cancel = &interrupted();
      draws.keep = set_parameter_names(o.scenario);
      const UncertainSweep u = sweep_with_uncertainty(s, p, spec, options, draws);
      std::cout << uncertain_sweep_report(u, format);
      std::cerr << "calcsim: " << u.draws << " posterior draws of " << u.point.values.size() << " points in "
                << std::fixed << std::setprecision(1) << u.wall_seconds << " s\n";
      return;
    }
    std::cout << sweep_report(calcsim::sweep(s, p, spec, options), format);
  });
}

int sensitivity(const SensitivityCommandOptions& o) {
  return guarded([&] {
    const Format format = parse_format(o.shown.format);
    const Scenario s = prepare_scenario(o.scenario);
    const Params p = params_with(o.scenario.set);
    SensitivityOptions options;
    options.simulation.cancel = &interrupted();
    if (!o.shown.output.empty()) options.outputs = parse_output_names(o.shown.output, "output");
    options.at_days = o.shown.at.empty() ? default_sensitivity_times(s.duration_days) : parse_times(o.shown.at);
    if (!(o.rtol > 0.0 && o.rtol <= 1e-2))
      throw InputError(SourceLocation::of_option("rtol"), "expected a tolerance above 0 and at most 0.01, such as 1e-4");
    options.simulation.rtol = o.rtol;
    options.simulation.atol = o.rtol * 1e-3;
    options.relative_step = o.step;
    options.parameters = split_names(o.parameters);
    options.threads = o.shown.threads;
    if (isatty(STDERR_FILENO) != 0)  // a progress note for people, not for pipes and tests
      std::cerr << "calcsim: sensitivity: " << 2 * (options.parameters.empty() ? parameter_count : options.parameters.size()) + 1
                << " runs, please wait\n";
    std::cout << sensitivity_report(calcsim::sensitivity(s, p, options), format);
  });
}

}  // namespace calcsim::cli
