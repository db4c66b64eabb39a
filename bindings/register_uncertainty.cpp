// Parameter uncertainty: the calibration rows by group (for the posterior fit
// of scripts/fit/fit_posterior.py), the registry fingerprint the shipped
// posterior is checked against, and comparisons over posterior draws.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/posterior.hpp"
#include "calcsim/uncertainty.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

py::list target_rows(const std::vector<Target>& rows) {
  py::list out;
  for (const auto& t : rows) {
    py::dict row;
    row["id"] = t.id;
    row["quantity"] = t.quantity;
    row["source"] = t.source;
    row["published"] = t.published;
    row["unit"] = t.unit;
    row["simulated"] = t.simulated;
    row["low"] = t.low;
    row["high"] = t.high;
    out.append(row);
  }
  return out;
}

UncertaintyOptions uncertainty_options(const py::object& params, int draws, std::uint64_t seed,
                                       const std::vector<std::string>& select, int threads,
                                       const std::string& posterior, bool single_arm, bool dosing_fixed,
                                       const std::vector<std::pair<std::string, Scenario>>& arms) {
  UncertaintyOptions options;
  options.draws = draws;
  options.seed = seed;
  options.threads = checked_threads(threads);
  options.select = select;
  options.posterior_file = posterior;
  options.single_arm = single_arm;
  options.dosing_fixed = dosing_fixed;
  options.arms = arms;
  if (!params.is_none())
    for (auto item : py::reinterpret_borrow<py::dict>(params)) options.keep.push_back(py::str(item.first));
  return options;
}

std::vector<DrawOutcome> outcomes_from(const py::list& samples) {
  std::vector<DrawOutcome> out;
  for (const auto& item : samples) {
    const auto pair = item.cast<std::pair<std::vector<double>, std::string>>();
    out.push_back(DrawOutcome{pair.first, pair.second});
  }
  return out;
}

}  // namespace

void register_uncertainty(py::module_& m) {
  m.def("calibration_groups", [] {
    std::vector<std::string> names;
    for (const auto& g : calibration_groups()) names.push_back(g.name);
    return names;
  }, "Names of the groups of calibration experiments, in the order of `calcsim calibration`.");
  m.def(
      "calibration_rows",
      [](const py::object& params, const std::optional<std::vector<std::string>>& groups) {
        const Params p = params_from(params);
        std::vector<std::string> names;
        if (groups) names = *groups;
        else
          for (const auto& g : calibration_groups()) names.push_back(g.name);
        const auto rows = interruptible([&](const std::atomic<bool>*) { return run_calibration_groups(p, names); });
        return target_rows(rows);
      },
      py::arg("params") = py::none(), py::arg("groups") = py::none(),
      "The calibration rows (dicts: id, quantity, source, published, unit, simulated, low, high) of the named "
      "groups (None: all), run with the parameter overrides. Raises ValueError for an unknown group.");
  m.def(
      "compare_uncertainty",
      [](const Scenario& scenario, const py::object& params, int draws, std::uint64_t seed,
         const std::vector<double>& at_days, const std::vector<std::string>& select, int threads,
         const std::string& posterior, bool single_arm, bool dosing_fixed,
         const std::vector<std::pair<std::string, Scenario>>& arms, const std::optional<py::list>& samples) {
        const Scenario s = scenario;
        const Params p = params_from(params);
        UncertaintyOptions options = uncertainty_options(params, draws, seed, select, threads, posterior, single_arm,
                                                         dosing_fixed, arms);
        std::vector<DrawOutcome> measured;
        if (samples) {
          measured = outcomes_from(*samples);
          options.samples = &measured;
        }
        const std::vector<double> at = at_days.empty() ? default_summary_times(s.duration_days) : at_days;
        std::vector<std::pair<std::string, std::shared_ptr<Result>>> results;
        std::string json, table;
        interruptible([&](const std::atomic<bool>* cancel) {
          options.cancel = cancel;
          UncertainComparison u = compare_with_uncertainty(s, p, at, options);
          json = uncertainty_summary(u, Format::Json);
          table = uncertainty_summary(u, Format::Table);
          for (auto& a : u.point.arms) results.emplace_back(a.name, std::make_shared<Result>(std::move(a.result)));
          return 0;
        });
        return py::make_tuple(results, json, table);
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("draws") = 200, py::arg("seed") = 1,
      py::arg("at_days") = std::vector<double>{}, py::arg("select") = std::vector<std::string>{},
      py::arg("threads") = 0, py::arg("posterior") = "", py::arg("single_arm") = false,
      py::arg("dosing_fixed") = false, py::arg("arms") = std::vector<std::pair<std::string, Scenario>>{},
      py::arg("samples") = py::none(),
      "`calcsim compare --uncertainty N` (GIL released): returns (arms, json, table), arms a list of (name, "
      "Result) with the point estimate, json and table the summaries with each value's median and 90% "
      "interval over the posterior draws. `arms`: (name, Scenario) built by hand, all from the starting state "
      "of `scenario` (empty: the scenario's own arms). `samples`: every draw's outcome from "
      "comparison_draw_samples (the draws then do not run here). Raises ValueError for a bad draw count or a "
      "missing or stale posterior, RuntimeError when more than 10% of the draws fail to solve.");
  m.def(
      "comparison_draw_samples",
      [](const Scenario& scenario, const py::object& params, int draws, std::uint64_t seed,
         const std::vector<double>& at_days, const std::vector<std::string>& select, int threads,
         const std::string& posterior, bool single_arm, bool dosing_fixed,
         const std::vector<std::pair<std::string, Scenario>>& arms, int first, int count) {
        const Scenario s = scenario;
        const Params p = params_from(params);
        UncertaintyOptions options = uncertainty_options(params, draws, seed, select, threads, posterior, single_arm,
                                                         dosing_fixed, arms);
        const std::vector<double> at = at_days.empty() ? default_summary_times(s.duration_days) : at_days;
        const std::vector<DrawOutcome> outcomes = interruptible([&](const std::atomic<bool>* cancel) {
          options.cancel = cancel;
          return comparison_draw_samples(s, p, at, options, first, count);
        });
        py::list out;
        for (const auto& o : outcomes) out.append(py::make_tuple(o.values, o.error));
        return out;
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("draws") = 200, py::arg("seed") = 1,
      py::arg("at_days") = std::vector<double>{}, py::arg("select") = std::vector<std::string>{},
      py::arg("threads") = 0, py::arg("posterior") = "", py::arg("single_arm") = false,
      py::arg("dosing_fixed") = false, py::arg("arms") = std::vector<std::pair<std::string, Scenario>>{},
      py::arg("first") = 0, py::arg("count") = 0,
      "Draws [first, first + count) of compare_uncertainty's, as (values, error) tuples (error '' when the "
      "draw solved): a chunk to run on a Dask worker and hand back through compare_uncertainty(samples=...).");
  m.attr("min_draws") = min_draws;
  m.attr("max_draws") = max_draws;
  m.def("registry_fingerprint", &registry_fingerprint,
        "Fingerprint of the parameter registry (names, defaults, units, ranges) a posterior file is checked "
        "against.");
  m.def("default_posterior_path", &default_posterior_path,
        "Where the shipped posterior is read from ($CALCSIM_POSTERIOR, else data/posterior.json).");
}

}  // namespace calcsim::python
