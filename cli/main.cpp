// calcsim: where calcium goes, bone or artery wall. An illustrative teaching
// model, not medical advice.
#include <cstdint>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "calcsim/version.hpp"
#include "analysis_commands.hpp"
#include "commands.hpp"
#include "guarded.hpp"

namespace {

// What to simulate: the scenario and its overrides, and the summary times.
void add_simulation_options(CLI::App& cmd, calcsim::cli::RunOptions& o) {
  calcsim::cli::add_scenario_options(cmd, o.scenario);
  cmd.add_option("--every", o.every, "Output sampling, e.g. 1d, 7d, 12h (overrides the scenario)");
  cmd.add_option("--at", o.at, "Summary times, e.g. 1y,5y,10y (default: start, 1y, 5y, end)");
}

// The simulation options and where `run` and `compare` write: --out and --format.
void add_run_options(CLI::App& cmd, calcsim::cli::RunOptions& o) {
  add_simulation_options(cmd, o);
  cmd.add_option("--out,-o", o.out, "Write trajectories to FILE.csv or FILE.json");
  cmd.add_option("--format,-f", o.format, "Summary format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd.add_option("--uncertainty", o.uncertainty,
                 "Also simulate N parameter sets drawn from the posterior (20 to 5000) and show each value's 90% "
                 "interval (docs/UNCERTAINTY.md)");
  cmd.add_option("--seed", o.seed, "Seed of the posterior draws (default 1; the same seed gives the same intervals)");
  cmd.add_option("--posterior", o.posterior, "Posterior file (default: the shipped data/posterior.json)");
}

// `calcsim calibration` and `calcsim validation`: a table of published targets.
struct TableOptions {
  calcsim::cli::TableCommandOptions table;
  std::optional<int> uncertainty;  // validation: coverage over posterior draws
  std::uint64_t seed = 1;
  std::string posterior;
  std::string dosing;  // validation --uncertainty: the draws' dosing (empty: daily-averaged for long experiments)
};

CLI::App* add_table_command(CLI::App& app, const char* name, const char* help, TableOptions& o) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("--format,-f", o.table.format, "table, csv, json or markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  cmd->add_option("--set,-s", o.table.set, "Override a parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
  cmd->add_option("--out,-o", o.table.out,
                  "Also write the table to FILE.csv, FILE.json or FILE.md (markdown), whatever --format prints");
  cmd->add_option("--group,-g", o.table.groups,
                  "Only the experiments of these groups, in this order (repeatable or comma-separated; an unknown "
                  "name is refused with the list of groups)")
      ->delimiter(',')
      ->allow_extra_args(false);
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{std::string("calcsim ") + calcsim::version +
               ": simulate where calcium goes (bone or artery wall) with and without vitamin K2.\n" +
               calcsim::disclaimer};
  app.set_version_flag("--version", std::string("calcsim ") + calcsim::version);
  app.require_subcommand(1);

  calcsim::cli::RunOptions run_opts, compare_opts;
  auto* run = app.add_subcommand("run", "Simulate one scenario and print a summary table");
  add_run_options(*run, run_opts);
  auto* compare = app.add_subcommand(
      "compare", "Simulate a scenario's arms side by side (without declared arms: as written and with every "
                 "vitamin K2 source removed)");
  add_run_options(*compare, compare_opts);
  compare->add_option("--arms", compare_opts.arms,
                      "Only these arms, comma-separated, in this order; differences are against the first");
  calcsim::cli::RunOptions report_opts;
  calcsim::cli::ReportOptions report_page;
  auto* report = app.add_subcommand(
      "report", "Write the comparison as one self-contained HTML page to share (opens without a network)");
  add_simulation_options(*report, report_opts);
  report->add_option("--arms", report_opts.arms,
                     "Only these arms, comma-separated, in this order; differences are against the first");
  report->add_option("--html", report_page.html, "The page to write, FILE.html (written atomically)")->required();
  report->add_flag("--targets", report_page.targets,
                   "Also run the calibration and validation targets with these parameters and show them "
                   "(a minute or more)");
  calcsim::cli::ScenarioOptions export_opts;
  std::string export_sbml;
  bool export_check = false;
  auto* export_cmd = app.add_subcommand(
      "export", "Write a scenario's model as SBML Level 3 (for COPASI, Tellurium, libRoadRunner; docs/SBML.md)");
  calcsim::cli::add_scenario_options(*export_cmd, export_opts, "; every meal and dose of the run is an event");
  export_cmd->add_option("--sbml", export_sbml, "The SBML file to write, FILE.xml or FILE.sbml (written atomically)")
      ->required();
  export_cmd->add_flag("--check", export_check,
                       "Also run libSBML's consistency checks (units included) on the file and print their summary "
                       "(exit status 1 on an error; half a minute for a 10-year scenario)");
  calcsim::cli::SweepCommandOptions sweep_opts;
  calcsim::cli::SensitivityCommandOptions sensitivity_opts;
  calcsim::cli::PopulationCommandOptions population_opts;
  auto* sweep = calcsim::cli::add_sweep_command(app, sweep_opts);
  auto* sensitivity = calcsim::cli::add_sensitivity_command(app, sensitivity_opts);
  auto* population = calcsim::cli::add_population_command(app, population_opts);

  std::string params_format = "table";
  auto* params = app.add_subcommand("params", "List every model parameter with its unit, range and source");
  bool params_hypothetical = false;
  params->add_option("--format,-f", params_format, "table, csv, json or markdown (the table of docs/MODEL.md)")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  params->add_flag("--hypothetical", params_hypothetical,
                   "List only the hypothetical parameters (no published human anchor)");
  std::string model_table = "states", model_format = "markdown";
  auto* model = app.add_subcommand("model", "Print the model's declaration: its states, outputs or parameter units");
  model->add_option("--table", model_table, "states, outputs or units")
      ->check(CLI::IsMember({"states", "outputs", "units"}));
  model->add_option("--format,-f", model_format, "markdown (the tables of docs/MODEL.md) or csv")
      ->check(CLI::IsMember({"markdown", "csv"}));
  auto* list = app.add_subcommand("list", "List the bundled scenarios");
  std::string to_validate;
  TableOptions calibration_opts, validation_opts;
  auto* calibration = add_table_command(
      app, "calibration",
      "Run the calibration experiments and print simulated against published human data (exit status 1 if a "
      "target fails)",
      calibration_opts);
  auto* validation = add_table_command(
      app, "validation",
      "Run the validation experiments (published human data no parameter was fitted to) and print simulated "
      "against published values (exit status 1 if a row fails without a documented reason)",
      validation_opts);
  validation->add_option("--uncertainty", validation_opts.uncertainty,
                         "Coverage: run the rows for N parameter sets drawn from the posterior (20 to 5000; a few "
                         "seconds of CPU each) and count the rows inside the model's 90% posterior predictive "
                         "interval (docs/UNCERTAINTY.md)");
  validation->add_option("--dosing", validation_opts.dosing,
                         "With --uncertainty: 'exact' draws every experiment with its exact dosing (over two minutes "
                         "of CPU a draw); by default experiments of 30 days or more draw with daily-averaged dosing")
      ->check(CLI::IsMember({"exact"}));
  validation->add_option("--seed", validation_opts.seed, "Seed of the posterior draws (default 1)");
  validation->add_option("--posterior", validation_opts.posterior,
                         "Posterior file (default: the shipped data/posterior.json)");
  auto* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("scenario", to_validate, "Scenario file or bundled name")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // In the form of every other error; CLI11's "Could not convert: --years =
    // abc" also says what was expected.
    std::cerr << "calcsim: error: " << e.what()
              << (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr ? ": expected a number" : "")
              << "\nRun with --help for more information.\n";
    return calcsim::cli::exit_bad_input;
  }
  calcsim::cli::install_interrupt_handlers();

  if (*run) return calcsim::cli::run(run_opts);
  if (*compare) return calcsim::cli::compare(compare_opts);
  if (*report) return calcsim::cli::report(report_opts, report_page);
  if (*export_cmd) return calcsim::cli::export_sbml(export_opts, export_sbml, export_check);
  if (*sweep) return calcsim::cli::sweep(sweep_opts);
  if (*sensitivity) return calcsim::cli::sensitivity(sensitivity_opts);
  if (*population) return calcsim::cli::population(population_opts);
  if (*params) return calcsim::cli::params(params_format, params_hypothetical);
  if (*model) return calcsim::cli::model_tables(model_table, model_format);
  if (*list) return calcsim::cli::list();
  if (*validate) return calcsim::cli::validate(to_validate);
  if (*calibration) return calcsim::cli::calibration(calibration_opts.table);
  if (*validation && !validation_opts.dosing.empty() && !validation_opts.uncertainty) {
    std::cerr << "calcsim: error: --dosing: expected together with --uncertainty (the draws' dosing)\n";
    return calcsim::cli::exit_bad_input;
  }
  if (*validation && validation_opts.uncertainty) {
    const calcsim::cli::TableCommandOptions& table = validation_opts.table;
    const char* refused = !table.groups.empty() ? "--group" : !table.out.empty() ? "--out" : nullptr;
    if (refused != nullptr) {
      std::cerr << "calcsim: error: " << refused
                << ": not available with --uncertainty (the coverage runs every row)\n";
      return calcsim::cli::exit_bad_input;
    }
    return calcsim::cli::validation_coverage(table.format, table.set, *validation_opts.uncertainty,
                                             validation_opts.seed, validation_opts.posterior, validation_opts.dosing);
  }
  if (*validation) return calcsim::cli::validation(validation_opts.table);
  return 2;
}
