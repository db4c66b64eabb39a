#include "calcsim/sensitivity.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/units.hpp"
#include "calcsim/sweep.hpp"
#include "simulate/parallel.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// One perturbed run: parameter `index` (into the analysed list) at `value`.
struct Job {
  std::size_t index;
  bool upper;
  double value;
};

// The outputs of one run at the read times, output-major; `failure` says why
// a run that failed numerically has none.
struct Reading {
  std::vector<double> values;
  std::string failure;
};

Reading read(const Scenario& s, const Params& p, const SimulationOptions& o, const std::vector<std::string>& outputs,
             const std::vector<double>& times) {
  Reading out;
  const Result r = simulate(s, p, o);
  for (const auto& name : outputs)
    for (double t : times) out.values.push_back(r.at(name, t));
  return out;
}

std::vector<const ParameterInfo*> analysed(const std::vector<std::string>& names) {
  std::vector<const ParameterInfo*> out;
  if (names.empty()) {
    for (const auto& info : parameter_registry()) out.push_back(&info);
    return out;
  }
  for (const auto& name : names) {
    const ParameterInfo* info = find_parameter(name);
    if (info == nullptr) {
      const std::string best = closest_parameter_name(name);
      throw InputError(SourceLocation::of_option("parameters"),
                       "unknown parameter '" + name + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                           "; `calcsim params` lists them all");
    }
    if (std::find(out.begin(), out.end(), info) == out.end()) out.push_back(info);
  }
  return out;
}

}  // namespace

SensitivityResult sensitivity(const Scenario& s, const Params& p, const SensitivityOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (!(options.relative_step > 0.0 && options.relative_step <= 0.5))
    throw InputError(SourceLocation::of_option("step"), "expected a relative step above 0 and at most 0.5 (such as 0.01 for 1%), got " +
                                                          text::format_number(options.relative_step));
  if (options.outputs.empty()) throw InputError(SourceLocation::of_option("output"), "expected at least one output");
  SensitivityResult r;
  r.scenario = s.name;
  r.description = s.description;
  r.outputs = options.outputs;
  r.units = detail::checked_output_units(r.outputs);
  detail::record_read_times(r, options.at_days, s.duration_days);
  r.relative_step = options.relative_step;
  r.rtol = options.simulation.rtol;
  const auto infos = analysed(options.parameters);
  const Scenario run = detail::truncated(s, r.run_days);
  SimulationOptions sim = options.simulation;
  sim.initial_state.reset();

  // The perturbed values: v(1 -/+ h), clipped to the valid range; a side
  // clipped back to v itself uses the unperturbed run.
  for (const ParameterInfo* info : infos) {
    ParameterSensitivity ps;
    ps.name = std::string(info->name);
    ps.unit = std::string(info->unit);
    ps.source = std::string(info->source);
    ps.hypothetical = info->hypothetical();
    ps.value = *p.get(info->name);
    ps.lower = std::clamp(ps.value * (1.0 - options.relative_step), info->min, info->max);
    ps.upper = std::clamp(ps.value * (1.0 + options.relative_step), info->min, info->max);
    if (ps.value == 0.0) ps.note = "value is 0: no relative change";
    else if (ps.upper == ps.value) ps.note = "at the upper end of its range: one-sided difference";
    else if (ps.lower == ps.value) ps.note = "at the lower end of its range: one-sided difference";
    else if (ps.upper < ps.value * (1.0 + options.relative_step) || ps.lower > ps.value * (1.0 - options.relative_step))
      ps.note = "step clipped to its range";
    r.parameters.push_back(std::move(ps));
  }
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    const auto& ps = r.parameters[i];
    if (ps.value == 0.0) continue;
    if (ps.lower != ps.value) jobs.push_back({i, false, ps.lower});
    if (ps.upper != ps.value) jobs.push_back({i, true, ps.upper});
  }

  // Job 0 is the unperturbed run; the others follow.
  std::vector<Reading> readings(jobs.size() + 1);
  r.threads = detail::worker_count(options.threads, readings.size());
  detail::parallel_for(readings.size(), r.threads, [&](std::size_t k) {
    if (k == 0) {
      readings[0] = read(run, p, sim, r.outputs, r.times_days);
      return;
    }
    const Job& job = jobs[k - 1];
    Params q = p;
    q.set(r.parameters[job.index].name, job.value);
    try {
      readings[k] = read(run, q, sim, r.outputs, r.times_days);
    } catch (const NumericalError& e) {
      readings[k].failure = e.what();
    } catch (const NoBalancedStart& e) {  // a patient the perturbed parameters cannot start
      readings[k].failure = e.what();
    }
  });
  r.runs = readings.size();
  r.base = readings[0].values;

  const std::size_t n = r.base.size();
  std::vector<const Reading*> lower(r.parameters.size(), &readings[0]), upper(r.parameters.size(), &readings[0]);
  for (std::size_t k = 0; k < jobs.size(); ++k) (jobs[k].upper ? upper : lower)[jobs[k].index] = &readings[k + 1];
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    auto& ps = r.parameters[i];
    ps.sensitivity.assign(n, nan);
    if (ps.value == 0.0 || ps.upper == ps.lower) continue;
    const std::string& failed = !lower[i]->failure.empty() ? lower[i]->failure : upper[i]->failure;
    if (!failed.empty()) {
      ps.note = "run failed: " + failed;
      continue;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const double y0 = r.base[j];
      if (y0 == 0.0) continue;
      const double slope = (upper[i]->values[j] - lower[i]->values[j]) / (ps.upper - ps.lower);
      ps.sensitivity[j] = slope * ps.value / y0;
    }
  }

  // Ranked by |S| of the first output at the first time; undefined last; ties keep registry order.
  std::stable_sort(r.parameters.begin(), r.parameters.end(), [](const auto& a, const auto& b) {
    const double x = a.sensitivity.empty() ? nan : a.sensitivity[0];
    const double y = b.sensitivity.empty() ? nan : b.sensitivity[0];
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return std::abs(x) > std::abs(y);
  });
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::vector<double> default_sensitivity_times(double duration_days) {
  return {std::min(duration_days, default_sensitivity_years * units::days_per_year)};
}

}  // namespace calcsim
