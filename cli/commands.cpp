#include "commands.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <future>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/output_files.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/units.hpp"
#include "calcsim/version.hpp"

namespace calcsim::cli {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;
constexpr int exit_numerical = 3;

// Runs a command body, mapping the engine's errors to exit codes and messages.
int guarded(const std::function<void()>& body) {
  try {
    body();
    return exit_ok;
  } catch (const InputError& e) {
    std::cerr << "calcsim: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const NumericalError& e) {
    std::cerr << "calcsim: " << e.what() << "\n";
    return exit_numerical;
  } catch (const std::exception& e) {
    std::cerr << "calcsim: internal error: " << e.what() << "\n";
    return exit_numerical;
  }
}

Scenario prepare_scenario(const RunOptions& o) {
  Scenario s = o.scenario.empty() ? default_scenario() : load_scenario(o.scenario);
  if (o.years) {
    if (!(*o.years > 0.0 && *o.years <= 120.0))
      throw InputError(SourceLocation{"--years", 0, ""},
                       "expected a number of years above 0 and at most 120, got " + std::to_string(*o.years));
    s.duration_days = *o.years * units::days_per_year;
  }
  if (!o.every.empty()) {
    const auto every = parse_times(o.every);
    if (every.size() != 1 || every.front() <= 0.0)
      throw InputError(SourceLocation{"--every", 0, ""}, "expected one positive interval such as 1d or 7d");
    s.output_every_days = every.front();
  }
  validate(s);
  return s;
}

Params prepare_params(const RunOptions& o) {
  Params p;
  for (const auto& assignment : o.set) p.set_from_text(assignment);
  return p;
}

std::vector<double> summary_times(const RunOptions& o, const Scenario& s) {
  return o.at.empty() ? default_summary_times(s.duration_days) : parse_times(o.at);
}

}  // namespace

int run(const RunOptions& o) {
  return guarded([&] {
    if (!o.out.empty()) check_output_extension(o.out);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const auto at = summary_times(o, s);
    const Result r = simulate(s, p);
    if (!o.out.empty()) write_trajectories(o.out, {{"as written", &r}});
    std::cout << run_summary(r, at, parse_format(o.format));
  });
}

int compare(const RunOptions& o) {
  return guarded([&] {
    if (!o.out.empty()) check_output_extension(o.out);
    const Scenario s = prepare_scenario(o);
    const Params p = prepare_params(o);
    const auto at = summary_times(o, s);
    // Both arms start from the same patient, as written; the second loses
    // every vitamin K2 source from day 0.
    const InitialCondition init = initial_condition(s, p);
    SimulationOptions with_opts, without_opts;
    with_opts.arm = "with K2";
    without_opts.arm = "without K2";
    // The arms are independent: run them on two threads.
    auto without_future = std::async(std::launch::async, [&] {
      return simulate_from(without_vitamin_k2(s), p, init, without_opts);
    });
    const Result with_k2 = simulate_from(s, p, init, with_opts);
    const Result without_k2 = without_future.get();
    const std::vector<Arm> arms{{"with K2", &with_k2}, {"without K2", &without_k2}};
    if (!o.out.empty()) write_trajectories(o.out, arms);
    std::cout << comparison_summary(arms, at, parse_format(o.format));
  });
}

int params(const std::string& format) {
  return guarded([&] {
    const auto& reg = parameter_registry();
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
      auto quote = [](std::string_view s) {
        std::string out = "\"";
        for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
      };
      std::cout << "# " << disclaimer << "\nname,value,unit,min,max,source,description\n";
      for (const auto& p : reg)
        std::cout << p.name << "," << p.default_value << "," << quote(p.unit) << "," << p.min << "," << p.max << ","
                  << quote(p.source) << "," << quote(p.description) << "\n";
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
              << " interventions, " << units::format_duration(s.duration_days) << ")\n"
              << disclaimer << "\n";
  });
}

}  // namespace calcsim::cli
