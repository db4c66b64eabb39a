#include "commands.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/calibration.hpp"
#include "calcsim/html_report.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/sbml_export.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/uncertainty.hpp"
#include "calcsim/units.hpp"
#include "calcsim/validation.hpp"
#include "calcsim/version.hpp"
#include "guarded.hpp"
#include "report/format.hpp"

namespace calcsim::cli {
namespace {


Scenario prepare_scenario(const RunOptions& o) {
  Scenario s = scenario_with_overrides(o.scenario);
  if (!o.every.empty()) {
    const auto every = parse_times(o.every, "every");
    if (every.size() != 1 || every.front() <= 0.0)
      throw InputError(SourceLocation::of_option("every"), "expected one positive interval such as 1d or 7d");
    s.output_every_days = every.front();
  }
  try {
    validate(s);
  } catch (const InputError& e) {
    // A run length or sampling given on the command line is named as its option.
    if (e.where().key == "duration" && o.scenario.years) throw InputError(SourceLocation::of_option("years"), e.detail());
    if (e.where().key == "output_every" && !o.every.empty())
      throw InputError(SourceLocation::of_option("every"), e.detail());
    throw;
  }
  return s;
}

Params prepare_params(const RunOptions& o) { return params_with(o.scenario.set); }

// The summary times of --at, each within the run (a time after its end would
// silently show the end instead).
std::vector<double> summary_times(const RunOptions& o, const Scenario& s) {
  if (o.at.empty()) return default_summary_times(s.duration_days);
  const auto times = parse_times(o.at);
  for (double t : times)
    if (t > s.duration_days * (1.0 + 1e-12))
      throw InputError(SourceLocation::of_option("at"),
                       "time " + units::format_duration(t) + " is after the end of the run (" +
                           units::format_duration(s.duration_days) +
                           "): summary times must lie within the run (--years runs longer)");
  return times;
}

SimulationOptions interruptible() {
  SimulationOptions o;
  o.cancel = &interrupted();
  return o;
}

std::vector<std::string> split_arm_names(const std::string& text);

// `run` or `compare` with --uncertainty N: the point estimate and a 90%
// interval over N posterior draws in every cell (--out writes the point
// estimate's trajectories). Parameters given with --set are held where the
// user put them.
void print_with_uncertainty(const RunOptions& o, bool single_arm) {
  check_draw_count(*o.uncertainty, "uncertainty");
  if (!o.out.empty()) check_output_extension(o.out);
  const Scenario s = prepare_scenario(o);
  const Params p = prepare_params(o);
  UncertaintyOptions options;
  options.draws = *o.uncertainty;
  options.seed = o.seed;
  options.posterior_file = o.posterior;
  options.single_arm = single_arm;
  options.select = split_arm_names(o.arms);
  options.dosing_fixed = !o.scenario.dosing.empty();
  options.cancel = &interrupted();
  options.keep = set_parameter_names(o.scenario);
  const UncertainComparison u = compare_with_uncertainty(s, p, summary_times(o, s), options);
  if (!o.out.empty()) write_trajectories(o.out, u.point.views());  // the point estimate's trajectories
  std::cout << uncertainty_summary(u, parse_format(o.format));
  std::cerr << "calcsim: " << u.draws << " posterior draws in " << std::fixed << std::setprecision(1)
            << u.wall_seconds << " s\n";
}

}  // namespace

int run(const RunOptions& o) {
  return guarded([&] {
    if (o.uncertainty) return print_with_uncertainty(o, true);
    if (!o.out.empty()) check_output_extension(o.out);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const auto at = summary_times(o, s);
    const Result r = simulate(s, p, interruptible());
    if (!o.out.empty()) write_trajectories(o.out, {{"as written", &r}});
    std::cout << run_summary(r, at, parse_format(o.format));
  });
}

// "placebo, 360 mcg" -> {"placebo", "360 mcg"} (arm names may hold spaces).
namespace {
std::vector<std::string> split_arm_names(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::stringstream ss(text);
  for (std::string name; std::getline(ss, name, ',');) out.push_back(name);
  return out;
}
}  // namespace

// The arms the scenario declares, or with and without every vitamin K2 source
// (arms.hpp), as --arms selects them; the shared starting state is computed
// once and the arms run on parallel threads.
static ComparisonResult run_arms(const RunOptions& o, const Scenario& s, const Params& p) {
  CompareOptions options;
  options.simulation = interruptible();
  options.select = split_arm_names(o.arms);
  return compare_arms(s, p, options);
}

int compare(const RunOptions& o) {
  return guarded([&] {
    if (o.uncertainty) return print_with_uncertainty(o, false);
    if (!o.out.empty()) check_output_extension(o.out);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const auto at = summary_times(o, s);
    const ComparisonResult c = run_arms(o, s, p);
    const std::vector<Arm> arms = c.views();
    if (!o.out.empty()) write_trajectories(o.out, arms);
    const Format format = parse_format(o.format);
    std::cout << comparison_summary(arms, at, format);
    if (!s.arms.empty() && format == Format::Table) std::cout << arms_legend(c);
  });
}

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

// The scenario file the page shows, and where it comes from in words.
std::pair<std::string, std::string> scenario_file_of(const Scenario& s, const RunOptions& o) {
  std::string origin, yaml;
  if (!s.file.empty()) {
    origin = "As written in " + s.file + ":";
    yaml = file_text(s.file);
  } else {
    origin = "The built-in default scenario.";
    try {
      const Scenario bundled = load_scenario("postmenopausal-mk7");
      origin += " The bundled scenario postmenopausal-mk7 is the same, written out as a file:";
      yaml = file_text(bundled.file);
    } catch (const InputError&) {
      origin += " (The bundled scenario files are not installed here.)";
    }
  }
  std::vector<std::string> overrides;
  if (o.scenario.years) {
    std::ostringstream years;
    years << *o.scenario.years;
    overrides.push_back("--years " + years.str());
  }
  if (!o.every.empty()) overrides.push_back("--every " + o.every);
  if (!o.scenario.dosing.empty()) overrides.push_back("--dosing " + o.scenario.dosing);
  for (const auto& set : o.scenario.set) overrides.push_back("--set " + set);
  if (!overrides.empty()) {
    origin += " This page's run changed it on the command line:";
    for (const auto& item : overrides) origin += " " + item;
    origin += ".";
  }
  return {yaml, origin};
}

}  // namespace

int report(const RunOptions& o, const ReportOptions& page) {
  return guarded([&] {
    check_html_path(page.html, "html");
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const auto at = summary_times(o, s);
    const ComparisonResult c = run_arms(o, s, p);
    HtmlReport html;
    html.arms = c.views();
    html.at_days = at;
    html.legend = s.arms.empty() ? "" : arms_legend(c);
    std::tie(html.scenario_yaml, html.scenario_origin) = scenario_file_of(s, o);
    std::vector<Target> calibration, validation;
    if (page.targets) {
      calibration = run_calibration(p);
      validation = run_validation(p);
      html.calibration = &calibration;
      html.validation = &validation;
    }
    write_file_atomically(page.html, comparison_html(html), "html");
    std::cout << "calcsim report: wrote " << page.html << "\n";
  });
}

int export_sbml(const ScenarioOptions& o, const std::string& sbml, bool check) {
  int failed_check = 0;
  const int code = guarded([&] {
    check_sbml_path(sbml, "sbml");
    RunOptions run;
    run.scenario = o;
    const Scenario s = prepare_scenario(run);
    const Params p = prepare_params(run);
    const SbmlExport model = sbml_export(s, p, &interrupted());
    write_file_atomically(sbml, model.xml, "sbml");
    std::cout << "calcsim export: wrote " << sbml << " (SBML Level 3 Version 2: " << model.states
              << " states as rate rules, " << model.parameters << " parameters, " << model.events
              << " events for meals, doses and input switches)\n";
    if (!s.arms.empty())
      std::cout << "calcsim export: the scenario as written is exported; its " << s.arms.size()
                << (s.arms.size() == 1 ? " arm is" : " arms are")
                << " not (write an arm as its own scenario to export it)\n";
    if (!check) return;
    // Each distinct message once, with how often it occurs (one per rate rule, say).
    const SbmlCheck result = check_sbml(model.xml);
    std::map<std::string, std::size_t> counts;
    for (const std::string& m : result.messages) {
      std::string first_line = m.substr(0, m.find('\n'));
      first_line.erase(first_line.find_last_not_of(' ') + 1);
      ++counts[first_line];
    }
    std::cout << "libSBML consistency check (units included): " << result.errors << " errors, " << result.warnings
              << " warnings (docs/SBML.md explains the warnings)\n";
    for (const auto& [message, n] : counts) std::cout << "  " << n << " x " << message << "\n";
    failed_check = result.errors > 0 ? 1 : 0;
  });
  return code != exit_ok ? code : failed_check;
}

namespace {

// One Markdown table cell: pipes escaped, so a cell cannot split its row.
std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out.append("\\|");
    else out.push_back(c);
  }
  return out;
}

// The registry rows as a Markdown table (docs/MODEL.md is generated from it
// by scripts/update-docs.sh); hypothetical rows carry a bold marker.
std::string params_markdown(const std::vector<ParameterInfo>& rows, bool hypothetical_only) {
  std::ostringstream os;
  os << "| name | value | unit | valid range | source | description |\n"
     << "| --- | ---: | --- | --- | --- | --- |\n";
  for (const auto& p : rows) {
    std::string source(p.source);
    if (p.hypothetical()) source = std::string("**hypothetical**").append(source.substr(12));
    os << "| `" << p.name << "` | " << p.default_value << " | " << markdown_cell(p.unit) << " | " << p.min << " to "
       << p.max << " | " << markdown_cell(source) << " | " << markdown_cell(p.description) << " |\n";
  }
  const auto hypothetical = std::count_if(rows.begin(), rows.end(), [](const auto& p) { return p.hypothetical(); });
  os << "\n";
  if (hypothetical_only)
    os << hypothetical << " of the " << parameter_count << " parameters are **hypothetical**";
  else
    os << rows.size() << " parameters, " << hypothetical << " of them **hypothetical**";
  os << " (no published human anchor; the description says what the value was chosen to do). "
     << "Change any of them for a run with `--set NAME=VALUE`.\n\n"
     << disclaimer << "\n";
  return os.str();
}

}  // namespace

int params(const std::string& format, bool hypothetical_only) {
  return guarded([&] {
    std::vector<ParameterInfo> reg;  // the registry, or only its hypothetical rows
    for (const auto& p : parameter_registry())
      if (!hypothetical_only || p.hypothetical()) reg.push_back(p);
    if (format == "markdown") {
      std::cout << params_markdown(reg, hypothetical_only);
      return;
    }
    const Format f = parse_format(format);
    if (f == Format::Json) {
      nlohmann::json j;
      j["disclaimer"] = disclaimer;
      for (const auto& p : reg)
        j["parameters"].push_back({{"name", p.name}, {"value", p.default_value}, {"unit", p.unit},
                                   {"min", p.min}, {"max", p.max}, {"source", p.source},
                                   {"hypothetical", p.hypothetical()}, {"description", p.description}});
      std::cout << j.dump(2) << "\n";
      return;
    }
    if (f == Format::Csv) {
      using report::csv_field;
      using report::csv_number;
      std::cout << "# " << disclaimer << "\nname,value,unit,min,max,source,description\n";
      for (const auto& p : reg)
        std::cout << csv_field(p.name) << "," << csv_number(p.default_value) << "," << csv_field(p.unit) << ","
                  << csv_number(p.min) << "," << csv_number(p.max) << "," << csv_field(p.source) << ","
                  << csv_field(p.description) << "\n";
      return;
    }
    std::cout << "calcsim " << version << " parameters (" << reg.size() << ", "
              << std::count_if(reg.begin(), reg.end(), [](const auto& p) { return p.hypothetical(); })
              << " hypothetical)\n"
              << disclaimer << "\n\n";
    for (const auto& p : reg) {
      std::ostringstream value;
      value << p.default_value << " " << p.unit;
      std::cout << std::left << std::setw(34) << p.name << std::setw(26) << value.str() << p.description << "\n"
                << std::setw(34) << "" << "range [" << p.min << ", " << p.max << "]; source: " << p.source << "\n";
    }
  });
}

int list() {
  return guarded([&] {
    std::cout << "Bundled scenarios (" << scenario_directory() << ")\n" << disclaimer << "\n\n";
    for (const auto& b : bundled_scenarios()) std::cout << std::left << std::setw(36) << b.name << b.description << "\n";
    std::cout << "\nRun one with: calcsim compare NAME\n";
  });
}

int validate(const std::string& scenario) {
  return guarded([&] {
    const Scenario s = load_scenario(scenario);
    validate(s);
    std::cout << "ok: " << (s.file.empty() ? s.name : s.file) << " is a valid scenario (" << s.interventions.size()
              << " interventions, " << (s.arms.empty() ? "" : std::to_string(s.arms.size()).append(" arms, "))
              << units::format_duration(s.duration_days) << ")\n"
              << disclaimer << "\n";
  });
}

}  // namespace calcsim::cli
