#include "scenario_options.hpp"

#include <CLI/CLI.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/units.hpp"
#include "support/text.hpp"

namespace calcsim::cli {
namespace {

// The limit is the engine's (max_duration_years), a whole number of years.
const std::string years_help = "Run length in years, more than 0 and at most " +
                               std::to_string(static_cast<int>(max_duration_years)) + " (overrides the scenario)";
constexpr const char* dosing_help =
    "exact (every meal and dose at its time), daily-averaged (spread over the day: about 100x faster, "
    "within 1% on BMD and arterial score over years) or stroboscopic (exact, but long stretches of identical "
    "days extrapolated from a few integrated ones: many times faster over years, rows of skipped days "
    "interpolated); overrides the scenario";

}  // namespace

void add_scenario_options(CLI::App& cmd, ScenarioOptions& o, const std::string& years_note) {
  cmd.add_option("scenario", o.source,
                 "Scenario file (.yaml) or bundled scenario name; default: the built-in default scenario");
  cmd.add_option("--set,-s", o.set, "Override a parameter, NAME=VALUE in its registry unit (repeatable)")
      ->allow_extra_args(false);
  cmd.add_option("--years", o.years, years_help + years_note);
  cmd.add_option("--dosing", o.dosing, dosing_help)->check(CLI::IsMember({"exact", "daily-averaged", "stroboscopic"}));
}

Scenario scenario_with_overrides(const ScenarioOptions& o) {
  // An empty argument (a shell variable that was never set) is a mistake, not
  // a request for the default scenario.
  if (o.source && o.source->empty())
    throw InputError(SourceLocation({}, 0, "scenario"),
                     "expected a scenario: a file name or a bundled scenario's name, got an empty argument "
                     "(leave it out for the built-in default scenario)");
  Scenario s = o.source ? load_scenario(*o.source) : default_scenario();
  if (o.years) {
    if (!(*o.years > 0.0 && *o.years <= max_duration_years))
      throw InputError(SourceLocation::of_option("years"),
                       "expected a number of years above 0 and at most " +
                           std::to_string(static_cast<int>(max_duration_years)) + ", got " +
                           text::format_number(*o.years));
    s.duration_days = *o.years * units::days_per_year;
  }
  if (o.dosing == "exact") s.dosing = Dosing::Exact;
  if (o.dosing == "daily-averaged") s.dosing = Dosing::DailyAveraged;
  if (o.dosing == "stroboscopic") s.dosing = Dosing::Stroboscopic;
  return s;
}

Params params_with(const std::vector<std::string>& assignments) {
  Params p;
  for (const auto& assignment : assignments) p.set_from_text(assignment);
  return p;
}

std::vector<std::string> set_parameter_names(const ScenarioOptions& o) {
  std::vector<std::string> out;
  for (const auto& assignment : o.set) out.push_back(assignment.substr(0, assignment.find('=')));
  return out;
}

}  // namespace calcsim::cli
