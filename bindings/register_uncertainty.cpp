// Parameter uncertainty: the registry fingerprint the shipped posterior is
// checked against, and comparisons over posterior draws.
#include <pybind11/numpy.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/posterior.hpp"
#include "calcsim/report.hpp"
#include "calcsim/uncertainty.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using namespace pybind11::literals;

// The comparison's intervals as columns, one row per time, quantity, arm and
// kind ('value', then 'difference' from the first arm for the other arms):
// the time read (days), quantity, unit, arm, kind, the point estimate (the
// parameters as given), the median and the 5th and 95th percentiles.
py::dict interval_columns(const UncertainComparison& u) {
  const auto& arms = u.point.arms;
  const Result& first = arms.front().result;
  std::vector<std::string> quantity, unit, arm, kind;
  std::vector<double> time, point, median, p05, p95;
  const auto add = [&](double t, std::size_t q, std::size_t a, const char* what, double value, const Band& b) {
    time.push_back(t);
    quantity.push_back(u.quantities[q]);
    unit.push_back(first.columns[static_cast<std::size_t>(first.column(u.quantities[q]))].unit);
    arm.push_back(arms[a].name);
    kind.push_back(what);
    point.push_back(value);
    median.push_back(b.median);
    p05.push_back(b.low);
    p95.push_back(b.high);
  };
  for (std::size_t t = 0; t < u.at_days.size(); ++t) {
    std::vector<double> read;  // where each arm reads this time: midnight of its day within the arm's run
    for (const auto& a : arms) read.push_back(summary_read_times({u.at_days[t]}, a.result.duration()).front().sample);
    const double shown = read.front();
    for (std::size_t q = 0; q < u.quantities.size(); ++q) {
      const auto value = [&](std::size_t a) { return arms[a].result.at(u.quantities[q], read[a]); };
      for (std::size_t a = 0; a < arms.size(); ++a) add(shown, q, a, "value", value(a), u.values[a][t][q]);
      for (std::size_t a = 1; a < arms.size(); ++a)
        add(shown, q, a, "difference", value(a) - value(0), u.differences[a][t][q]);
    }
  }
  py::dict out;
  out["time [day]"] = py::array(py::cast(time));
  out["quantity"] = quantity;
  out["unit"] = unit;
  out["arm"] = arm;
  out["kind"] = kind;
  out["point"] = py::array(py::cast(point));
  out["median"] = py::array(py::cast(median));
  out["p05"] = py::array(py::cast(p05));
  out["p95"] = py::array(py::cast(p95));
  return out;
}

// What the draws were: how many, how many failed (and the first messages),
// the seed, the dosing of the draws and the posterior file's provenance.
py::dict draws_record(const DrawInfo& u) {
  return py::dict("draws"_a = u.draws, "failed"_a = u.failed, "failures"_a = u.failures, "seed"_a = u.seed,
                  "draw_dosing"_a = u.draw_dosing, "interval"_a = "5th to 95th percentile",
                  "posterior_file"_a = u.posterior.file, "posterior_method"_a = u.posterior.method,
                  "posterior_created"_a = u.posterior.created);
}

// The arguments compare_uncertainty and comparison_draw_samples share, converted
// with the GIL held: the engine arguments, the options of the draws (the
// overridden parameters are held, not drawn) and the times read (none: the
// summary's default times).
struct UncertaintyCall {
  UncertaintyCall(const Scenario& scenario, const py::object& params, int draws, std::uint64_t seed,
                  const std::vector<double>& at_days, const std::vector<std::string>& select, int threads,
                  const std::string& posterior, bool single_arm, bool dosing_fixed,
                  const std::vector<std::pair<std::string, Scenario>>& arms)
      : args(scenario, params, threads),
        at(at_days.empty() ? default_summary_times(scenario.duration_days) : at_days) {
    options.draws = draws;
    options.seed = seed;
    options.threads = args.threads;
    options.select = select;
    options.posterior_file = posterior;
    options.single_arm = single_arm;
    options.dosing_fixed = dosing_fixed;
    options.arms = arms;
    options.keep = args.overridden;
  }
  EngineArguments args;
  UncertaintyOptions options;
  std::vector<double> at;
};

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
  m.def(
      "compare_uncertainty",
      [](const Scenario& scenario, const py::object& params, int draws, std::uint64_t seed,
         const std::vector<double>& at_days, const std::vector<std::string>& select, int threads,
         const std::string& posterior, bool single_arm, bool dosing_fixed,
         const std::vector<std::pair<std::string, Scenario>>& arms, const std::optional<py::list>& samples) {
        UncertaintyCall call(scenario, params, draws, seed, at_days, select, threads, posterior, single_arm,
                             dosing_fixed, arms);
        std::vector<DrawOutcome> measured;
        if (samples) {
          measured = outcomes_from(*samples);
          call.options.samples = &measured;
        }
        std::optional<UncertainComparison> u;
        std::string table;
        interruptible([&](const std::atomic<bool>* cancel) {
          call.options.cancel = cancel;
          u = compare_with_uncertainty(call.args.scenario, call.args.params, call.at, call.options);
          table = uncertainty_summary(*u, Format::Table);
          return 0;
        });
        py::dict intervals = interval_columns(*u);
        py::dict draws_info = draws_record(*u);
        std::vector<std::pair<std::string, std::shared_ptr<Result>>> results;
        for (auto& a : u->point.arms) results.emplace_back(a.name, std::make_shared<Result>(std::move(a.result)));
        return py::make_tuple(results, intervals, draws_info, table);
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("draws") = 200, py::arg("seed") = 1,
      py::arg("at_days") = std::vector<double>{}, py::arg("select") = std::vector<std::string>{},
      py::arg("threads") = 0, py::arg("posterior") = "", py::arg("single_arm") = false,
      py::arg("dosing_fixed") = false, py::arg("arms") = std::vector<std::pair<std::string, Scenario>>{},
      py::arg("samples") = py::none(),
      "`calcsim compare --uncertainty N` (GIL released): returns (arms, intervals, draws, table): arms a list "
      "of (name, Result) with the point estimate; intervals columns (arrays and lists: 'time [day]', quantity, "
      "unit, arm, kind, point, median, p05, p95), one row per time, quantity, arm and kind ('value' or "
      "'difference' from the first arm); draws what the draws were (counts, failures, seed, dosing, the "
      "posterior's provenance); table the summary `calcsim compare --uncertainty` prints. `arms`: (name, Scenario) built by hand, all from the starting state "
      "of `scenario` (empty: the scenario's own arms). `samples`: every draw's outcome from "
      "comparison_draw_samples (the draws then do not run here). Raises ValueError for a bad draw count or a "
      "missing or stale posterior, RuntimeError when more than 10% of the draws fail to solve.");
  m.def(
      "comparison_draw_samples",
      [](const Scenario& scenario, const py::object& params, int draws, std::uint64_t seed,
         const std::vector<double>& at_days, const std::vector<std::string>& select, int threads,
         const std::string& posterior, bool single_arm, bool dosing_fixed,
         const std::vector<std::pair<std::string, Scenario>>& arms, int first, int count) {
        UncertaintyCall call(scenario, params, draws, seed, at_days, select, threads, posterior, single_arm,
                             dosing_fixed, arms);
        const std::vector<DrawOutcome> outcomes = interruptible([&](const std::atomic<bool>* cancel) {
          call.options.cancel = cancel;
          return comparison_draw_samples(call.args.scenario, call.args.params, call.at, call.options, first, count);
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
