#pragma once
// The command-line subcommands. Each returns the process exit code: 0 ok,
// 2 bad input, 3 numerical failure. Data goes to stdout, messages to stderr.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario_options.hpp"

namespace calcsim::cli {

// `run` and `compare` (which adds --arms); `report` takes the same, less
// --out, --format and the posterior draws.
struct RunOptions {
  ScenarioOptions scenario;           // the scenario argument, --set, --years, --dosing
  std::string out;                    // trajectory file (.csv or .json)
  std::string every;                  // output sampling override ("1d", "7d")
  std::string format = "table";
  std::string at;                     // summary times ("1y,5y,10y")
  std::string arms;                   // compare: the arms to show, "placebo,360 mcg" (empty: all)
  std::optional<int> uncertainty;     // number of posterior draws (none: the point estimate only)
  std::uint64_t seed = 1;             // of the posterior draws
  std::string posterior;              // posterior file (empty: the shipped one)
};

struct ReportOptions {
  std::string html;           // the page to write (.html)
  bool targets = false;       // also run the calibration and validation targets
};

int run(const RunOptions& o);
int compare(const RunOptions& o);
// `compare` as a self-contained HTML page (html_report.hpp), written atomically.
int report(const RunOptions& o, const ReportOptions& page);
// The scenario's model as SBML Level 3 (sbml_export.hpp), written atomically to `sbml`;
// with `check`, libSBML's consistency checks of it too (exit status 1 on an error).
int export_sbml(const ScenarioOptions& o, const std::string& sbml, bool check = false);
int params(const std::string& format, bool hypothetical_only = false);  // format: table, csv, json or markdown
// The model's declaration: table "states", "outputs" or "units"; format "markdown" or "csv".
int model_tables(const std::string& table, const std::string& format);
int list();
int validate(const std::string& scenario);
// `calcsim calibration` and `calcsim validation`.
struct TableCommandOptions {
  std::string format = "table";
  std::vector<std::string> set;     // parameter overrides, NAME=VALUE
  std::vector<std::string> groups;  // only the experiments of these groups (empty: every one)
  std::string out;                  // also write the table to this file (.csv, .json or .md); empty: none
};
int calibration(const TableCommandOptions& o);
int validation(const TableCommandOptions& o);
// `calcsim validation --uncertainty N`: how many validation rows fall inside the
// model's 90% posterior predictive interval (uncertainty.hpp).
int validation_coverage(const std::string& format, const std::vector<std::string>& set, int draws,
                        std::uint64_t seed, const std::string& posterior, const std::string& dosing);

}  // namespace calcsim::cli
