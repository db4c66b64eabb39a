#include "calcsim/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/units.hpp"
#include "simulate/parallel.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr std::size_t max_points = 100;

[[noreturn]] void bad_vary(const std::string& message) { throw InputError(SourceLocation::of_option("vary"), message); }


// "360mcg" or "360 mcg" or "360": the number and the unit written after it.
struct Written {
  double value = 0.0;
  std::string unit;
};

Written split_number(std::string_view raw, const std::string& whole) {
  const std::string t = text::trim(raw);
  const char* begin = t.data();
  const char* end = t.data() + t.size();
  if (begin != end && *begin == '+') ++begin;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || !std::isfinite(v))
    bad_vary("'" + whole + "': expected a number, got '" + t + "' (forms: mk7.dose=0..360mcg:9, " +
             "mk7.dose=10..1000mcg:7:log, mk7.dose=0,90,180mcg, mk7.half_life=24..120:5)");
  return {v, text::trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)))};
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + sep.size();
  }
}

// The single unit written among the numbers (empty if none); two different ones are an error.
std::string common_unit(const std::vector<Written>& numbers, const std::string& whole) {
  std::string unit;
  for (const auto& n : numbers) {
    if (n.unit.empty()) continue;
    if (!unit.empty() && n.unit != unit)
      bad_vary("'" + whole + "': two different units ('" + unit + "' and '" + n.unit + "'); write one");
    unit = n.unit;
  }
  return unit;
}

void resolve_target(SweepSpec& spec, const std::string& whole) {
  const std::string& name = spec.target;
  if (name.ends_with(".dose")) {
    const std::string agent = name.substr(0, name.size() - 5);
    if (auto a = agent_from_name(agent)) {
      spec.is_dose = true;
      spec.agent = *a;
      return;
    }
    bad_vary("'" + whole + "': " + unknown_agent_message(agent, ".dose") + " (a dose is AGENT.dose)");
  }
  if (find_parameter(name) != nullptr) return;
  // A bare agent ("mk7=0..360mcg:9") most likely means its dose.
  if (auto a = agent_from_name(name))
    bad_vary("'" + whole + "': '" + name + "' is an agent, not a parameter: sweep its dose as " + to_string(*a) +
             ".dose=FROM..TO<unit>:N (such as mk7.dose=0..360mcg:9)");
  std::vector<std::string_view> names;
  for (const auto& p : parameter_registry()) names.push_back(p.name);
  std::vector<std::string> doses;
  for (Agent a : all_agents()) doses.push_back(to_string(a) + ".dose");
  for (const auto& d : doses) names.push_back(d);
  const std::string best = text::closest_match(name, names);
  bad_vary("'" + whole + "': '" + name + "' is neither a parameter nor AGENT.dose" +
           (best.empty() ? "" : " (did you mean '" + best + "'?)") + "; `calcsim params` lists the parameters");
}

void resolve_unit(SweepSpec& spec, const std::string& unit, const std::string& whole) {
  if (spec.is_dose) {
    if (unit.empty())
      bad_vary("'" + whole + "': a dose needs its unit, such as mk7.dose=0..360mcg:9 (mcg, mg, g" +
               std::string(spec.agent == Agent::VitaminD3 ? ", IU" : "") + ")");
    const auto dim = spec.agent == Agent::VitaminD3 ? units::Dimension::VitaminD : units::Dimension::Mass;
    try {
      spec.unit_in_canonical = units::parse("1 " + unit, dim);
    } catch (const std::invalid_argument& e) {
      bad_vary("'" + whole + "': " + e.what());
    }
    spec.unit = unit;
    return;
  }
  const ParameterInfo* info = find_parameter(spec.target);
  if (!unit.empty() && unit != info->unit)
    bad_vary("'" + whole + "': " + spec.target + " is in " + std::string(info->unit) + ", not '" + unit + "'");
  spec.unit = std::string(info->unit);
}

}  // namespace

SweepSpec parse_sweep(const std::string& text_in) {
  const std::string whole = text::trim(text_in);
  const auto eq = whole.find('=');
  if (eq == std::string::npos || eq == 0)
    bad_vary("'" + whole + "': expected NAME=VALUES, such as mk7.dose=0..360mcg:9 or mk7.half_life=24..120:5");
  SweepSpec spec;
  spec.target = text::trim(std::string_view(whole).substr(0, eq));
  resolve_target(spec, whole);
  const std::string values = text::trim(std::string_view(whole).substr(eq + 1));

  std::vector<double> shown;
  if (values.find("..") != std::string::npos) {
    const auto parts = split(values, ":");
    if (parts.size() < 2 || parts.size() > 3)
      bad_vary("'" + whole + "': expected FROM..TO:STEPS (optionally :log), such as 0..360mcg:9");
    if (parts.size() == 3) {
      if (text::lower(text::trim(parts[2])) != "log") bad_vary("'" + whole + "': expected ':log' after the steps, got ':" + parts[2] + "'");
      spec.log_spaced = true;
    }
    const auto ends = split(parts[0], "..");
    if (ends.size() != 2) bad_vary("'" + whole + "': expected FROM..TO, such as 0..360mcg");
    const std::vector<Written> numbers{split_number(ends[0], whole), split_number(ends[1], whole)};
    const auto steps = text::parse_number(parts[1]);
    if (!steps || *steps != std::floor(*steps) || *steps < 2 || *steps > static_cast<double>(max_points))
      bad_vary("'" + whole + "': the number of steps must be a whole number from 2 to " + std::to_string(max_points) +
               ", got '" + text::trim(parts[1]) + "'");
    resolve_unit(spec, common_unit(numbers, whole), whole);
    const double a = numbers[0].value, b = numbers[1].value;
    const auto n = static_cast<int>(*steps);
    if (spec.log_spaced && !(a > 0.0 && b > 0.0))
      bad_vary("'" + whole + "': log steps need both ends above zero");
    for (int k = 0; k < n; ++k) {
      const double f = static_cast<double>(k) / (n - 1);
      shown.push_back(k == n - 1 ? b
                      : spec.log_spaced ? std::exp(std::log(a) + f * (std::log(b) - std::log(a)))
                                        : a + f * (b - a));
    }
  } else {
    std::vector<Written> numbers;
    for (const auto& item : split(values, ",")) numbers.push_back(split_number(item, whole));
    if (numbers.size() > max_points) bad_vary("'" + whole + "': at most " + std::to_string(max_points) + " values");
    resolve_unit(spec, common_unit(numbers, whole), whole);
    for (const auto& n : numbers) shown.push_back(n.value);
  }
  for (double v : shown) {
    if (v < 0.0) bad_vary("'" + whole + "': values must be zero or more");
    spec.values.push_back(v * spec.unit_in_canonical);
  }
  return spec;
}

const std::vector<std::string>& default_sweep_outputs() {
  static const std::vector<std::string> names{"dp_ucmgp", "mgp_carboxylated", "ucoc_fraction", "bmd_change",
                                              "arterial_score"};
  return names;
}

std::vector<std::string> parse_output_names(const std::string& text_in, const std::string& option) {
  std::vector<std::string_view> known;
  for (const auto& c : output_columns())
    if (c.name != "time") known.push_back(c.name);
  std::vector<std::string> out;
  for (const auto& raw : split(text_in, ",")) {
    const std::string name = text::trim(raw);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string best = text::closest_match(name, known);
      throw InputError(SourceLocation::of_option(option),
                       "unknown output '" + name + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                           "; outputs are the model's output columns, such as dp_ucmgp, "
                           "arterial_score, bmd_change");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

Scenario with_dose(const Scenario& s, Agent agent, double dose_mcg) {
  Scenario out = s;
  out.arms.clear();
  const bool takes = std::any_of(s.interventions.begin(), s.interventions.end(),
                                 [agent](const Intervention& iv) { return iv.agent == agent; });
  if (!takes) {
    std::string taken;
    for (const auto& iv : s.interventions)
      if (taken.find(to_string(iv.agent)) == std::string::npos) taken.append(taken.empty() ? "" : ", ").append(to_string(iv.agent));
    bad_vary("the scenario has no " + to_string(agent) + " intervention whose dose could vary (" +
             (taken.empty() ? std::string("it takes nothing") : "it takes: " + taken) +
             "); add one to the file, or vary a parameter");
  }
  if (dose_mcg == 0.0)
    std::erase_if(out.interventions, [agent](const Intervention& iv) { return iv.agent == agent; });
  else
    for (auto& iv : out.interventions)
      if (iv.agent == agent) iv.dose_mcg = dose_mcg;
  return out;
}

SweepResult sweep(const Scenario& s, const Params& p, const SweepSpec& spec, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (spec.values.empty()) bad_vary("expected at least one value");
  SweepResult r;
  r.spec = spec;
  r.scenario = s.name;
  r.description = s.description;
  r.outputs = options.outputs.empty() ? default_sweep_outputs() : options.outputs;
  r.units = detail::checked_output_units(r.outputs);
  detail::record_read_times(r, options.at_days, s.duration_days);
  r.shared_initial_state = spec.is_dose;

  // Every point, checked before anything runs.
  std::vector<Scenario> scenarios;
  std::vector<Params> params;
  for (double v : spec.values) {
    const std::string at_value = text::format_number(v / spec.unit_in_canonical) + " " + spec.unit;
    Scenario point = s;
    Params q = p;
    try {
      if (spec.is_dose) {
        point = with_dose(s, spec.agent, v);
        validate(point);
      } else {
        q.set(spec.target, v);
      }
    } catch (const InputError& e) {
      bad_vary(spec.target + " = " + at_value + ": " + e.detail());
    }
    scenarios.push_back(detail::truncated(point, r.run_days));
    params.push_back(q);
  }

  InitialCondition shared;
  if (spec.is_dose) shared = initial_condition(detail::truncated(s, r.run_days), p, options.simulation.cancel);
  r.values.assign(spec.values.size(), {});
  r.threads = detail::worker_count(options.threads, spec.values.size());
  detail::parallel_for(spec.values.size(), r.threads, [&](std::size_t k) {
    SimulationOptions o = options.simulation;
    o.initial_state.reset();
    o.arm = spec.target + "=" + text::format_number(spec.values[k] / spec.unit_in_canonical) + " " + spec.unit;
    const Result run = spec.is_dose ? simulate_from(scenarios[k], params[k], shared, o)
                                    : simulate(scenarios[k], params[k], o);
    std::vector<std::vector<double>> point;
    for (const auto& name : r.outputs) {
      std::vector<double> series;
      for (double t : r.times_days) series.push_back(run.at(name, t));
      point.push_back(std::move(series));
    }
    r.values[k] = std::move(point);
  });
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace calcsim
