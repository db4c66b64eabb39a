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
namespace {

// Without --at, a sensitivity analysis reads the end of the run, but at most
// this far in: about 200 runs of 1 year take well under a minute on two cores,
// of 10 years several minutes (see the README).
constexpr double default_sensitivity_years = 1.0;

Params prepare_params(const AnalysisOptions& o) { return params_with(o.set); }

}  // namespace

Scenario prepare_scenario(const AnalysisOptions& o) {
  Scenario s = o.scenario.empty() ? default_scenario() : load_scenario(o.scenario);
  apply_overrides(s, o.years, o.dosing);
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

void add_common(CLI::App& cmd, AnalysisOptions& o) {
  cmd.add_option("scenario", o.scenario,
                 "Scenario file (.yaml) or bundled scenario name; default: the built-in default scenario");
  cmd.add_option("--set,-s", o.set, "Override a parameter, NAME=VALUE in its registry unit (repeatable)")
      ->allow_extra_args(false);
  cmd.add_option("--years", o.years, years_help);
  cmd.add_option("--dosing", o.dosing, dosing_help)->check(CLI::IsMember({"exact", "daily-averaged"}));
  cmd.add_option("--format,-f", o.format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd.add_option("--threads", o.threads, "Worker threads (default: one per core)")->check(CLI::NonNegativeNumber);
}

CLI::App* add_sweep_command(CLI::App& app, AnalysisOptions& o) {
  auto* cmd = app.add_subcommand(
      "sweep", "Run a scenario at a series of values of one dose or parameter: a dose-response table");
  add_common(*cmd, o);
  cmd->add_option("--vary", o.vary,
                  "What to vary and over which values: AGENT.dose=FROM..TO<unit>:STEPS[:log] (e.g. "
                  "mk7.dose=0..360mcg:9), a list (mk7.dose=0,90,180mcg), or a parameter (mk7.half_life=24..120:5)")
      ->required();
  cmd->add_option("--output", o.output,
                  "Outputs, comma-separated (default: dp_ucmgp,mgp_carboxylated,ucoc_fraction,bmd_change,"
                  "arterial_score)");
  cmd->add_option("--at", o.at, "Times to read, e.g. 1y,3y (default: the end of the run)");
  cmd->add_option("--uncertainty", o.uncertainty,
                  "Also run the sweep for N parameter sets drawn from the posterior (20 to 5000) and show each "
                  "output's 90% interval (docs/UNCERTAINTY.md)");
  cmd->add_option("--seed", o.seed, "Seed of the posterior draws (default 1)");
  cmd->add_option("--posterior", o.posterior, "Posterior file (default: the shipped data/posterior.json)");
  return cmd;
}

CLI::App* add_sensitivity_command(CLI::App& app, AnalysisOptions& o) {
  auto* cmd = app.add_subcommand(
      "sensitivity", "Normalised local sensitivity of outputs to every model parameter, ranked");
  add_common(*cmd, o);
  cmd->add_option("--output", o.output, "Outputs, comma-separated (default: arterial_score)");
  cmd->add_option("--at", o.at, "Times to read, e.g. 10y (default: the end of the run, at most 1 year)");
  cmd->add_option("--step", o.step, "Relative step of the central differences (default 0.01 = 1%)");
  cmd->add_option("--rtol", o.rtol, "Solver relative tolerance (default 1e-4)");
  cmd->add_option("--parameters", o.parameters, "Only these parameters, comma-separated (default: all)");
  return cmd;
}

int sweep(const AnalysisOptions& o) {
  return guarded([&] {
    const Format format = parse_format(o.format);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const SweepSpec spec = parse_sweep(o.vary);
    SweepOptions options;
    options.simulation.cancel = &interrupted();
    if (!o.output.empty()) options.outputs = parse_output_names(o.output, "--output");
    if (!o.at.empty()) options.at_days = parse_times(o.at);
    options.threads = o.threads;
    if (o.uncertainty) {
      check_draw_count(*o.uncertainty, "--uncertainty");
      UncertaintyOptions draws;
      draws.draws = *o.uncertainty;
      draws.seed = o.seed;
      draws.threads = o.threads;
      draws.posterior_file = o.posterior;
      draws.dosing_fixed = !o.dosing.empty();
      draws.cancel = &interrupted();
      for (const auto& assignment : o.set) draws.keep.push_back(assignment.substr(0, assignment.find('=')));
      const UncertainSweep u = sweep_with_uncertainty(s, p, spec, options, draws);
      std::cout << uncertain_sweep_report(u, format);
      std::cerr << "calcsim: " << u.draws << " posterior draws of " << u.point.values.size() << " points in "
                << std::fixed << std::setprecision(1) << u.wall_seconds << " s\n";
      return;
    }
    std::cout << sweep_report(calcsim::sweep(s, p, spec, options), format);
  });
}

int sensitivity(const AnalysisOptions& o) {
  return guarded([&] {
    const Format format = parse_format(o.format);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    SensitivityOptions options;
    options.simulation.cancel = &interrupted();
    if (!o.output.empty()) options.outputs = parse_output_names(o.output, "--output");
    options.at_days = o.at.empty()
                          ? std::vector<double>{std::min(s.duration_days, default_sensitivity_years * units::days_per_year)}
                          : parse_times(o.at);
    if (!(o.rtol > 0.0 && o.rtol <= 1e-2))
      throw InputError(SourceLocation{"--rtol", 0, ""}, "expected a tolerance above 0 and at most 0.01, such as 1e-4");
    options.simulation.rtol = o.rtol;
    options.simulation.atol = o.rtol * 1e-3;
    options.relative_step = o.step;
    options.parameters = split_names(o.parameters);
    options.threads = o.threads;
    if (isatty(STDERR_FILENO) != 0)  // a progress note for people, not for pipes and tests
      std::cerr << "calcsim: sensitivity: " << 2 * (options.parameters.empty() ? parameter_count : options.parameters.size()) + 1
                << " runs, please wait\n";
    std::cout << sensitivity_report(calcsim::sensitivity(s, p, options), format);
  });
}

}  // namespace calcsim::cli
