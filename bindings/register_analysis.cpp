// The engine's analyses, as the command line runs them: a scenario's declared
// arms (`calcsim compare`, arms.hpp), dose and parameter sweeps (`calcsim
// sweep`, sweep.hpp) and local sensitivity analysis (`calcsim sensitivity`,
// sensitivity.hpp). Arguments are converted first and the GIL is released
// while the engine runs its own worker threads. The pure-Python layer
// (python/calcsim/_analysis.py, _simulate.py) turns the results into
// DataFrames and Comparisons.
#include <pybind11/numpy.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/report.hpp"
#include "calcsim/sensitivity.hpp"
#include "calcsim/sweep.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using ResultPtr = std::shared_ptr<Result>;
using ArmTuple = std::tuple<std::string, std::string, bool, ResultPtr, Scenario>;

std::vector<std::string> output_names(const std::optional<std::vector<std::string>>& outputs) {
  if (!outputs) return {};
  std::string joined;
  for (const auto& name : *outputs) joined.append(joined.empty() ? "" : ",").append(name);
  return parse_output_names(joined, "outputs");
}

// values[point][output][time] as a (points, outputs, times) array.
py::array_t<double> sweep_values(const SweepResult& r) {
  const auto points = static_cast<py::ssize_t>(r.values.size());
  const auto outputs = static_cast<py::ssize_t>(r.outputs.size());
  const auto times = static_cast<py::ssize_t>(r.times_days.size());
  py::array_t<double> out({points, outputs, times});
  auto view = out.mutable_unchecked<3>();
  for (py::ssize_t k = 0; k < points; ++k)
    for (py::ssize_t o = 0; o < outputs; ++o)
      for (py::ssize_t t = 0; t < times; ++t) view(k, o, t) = r.values[k][o][t];
  return out;
}

py::list sensitivity_rows(const SensitivityResult& r) {
  using namespace pybind11::literals;
  return records(r.parameters, [](const auto& p) {
    return py::dict("name"_a = p.name, "value"_a = p.value, "unit"_a = p.unit, "lower"_a = p.lower,
                    "upper"_a = p.upper, "hypothetical"_a = p.hypothetical, "source"_a = p.source,
                    "sensitivity"_a = p.sensitivity, "note"_a = p.note);
  });
}

// The fields SweepResult and SensitivityResult share.
template <class R>
py::class_<R>& common_fields(py::class_<R>& c) {
  return c.def_readonly("scenario", &R::scenario)
      .def_readonly("description", &R::description)
      .def_readonly("outputs", &R::outputs)
      .def_readonly("units", &R::units)
      .def_readonly("requested_days", &R::requested_days, "The times asked for, days (clipped to the run)")
      .def_readonly("times_days", &R::times_days, "Where they are read: midnight of that day")
      .def_readonly("run_days", &R::run_days, "Each run stops at the last time read")
      .def_readonly("wall_seconds", &R::wall_seconds)
      .def_readonly("threads", &R::threads);
}

}  // namespace

void register_analysis(py::module_& m) {
  m.def("default_sensitivity_times", &default_sensitivity_times, py::arg("duration_days"),
        "The times a sensitivity analysis reads when none are chosen: the end of the run, at most "
        "default_sensitivity_years in (days).");
  m.attr("default_sensitivity_years") = default_sensitivity_years;
  m.def(
      "compare_arms",
      [](const Scenario& scenario, const py::object& params, std::optional<double> rtol, std::optional<double> atol,
         bool include_states, int threads, const std::vector<std::string>& select) {
        const EngineArguments args(scenario, params, threads);
        const Scenario& s = args.scenario;
        const Params& p = args.params;
        CompareOptions options;
        options.simulation = make_options(rtol, atol, include_states);
        options.threads = args.threads;
        options.select = select;
        std::vector<ArmTuple> arms;
        std::string legend;
        double wall_seconds = 0.0;
        int used_threads = 1;
        interruptible([&](const std::atomic<bool>* cancel) {
          options.simulation.cancel = cancel;
          // The arms' scenarios (cheap: no solving) go back with their results.
          std::vector<ComparisonArm> specs = arms_of(s, p);
          if (!options.select.empty()) specs = select_arms(specs, options.select);
          ComparisonResult c = compare_arms(s, p, options);
          legend = arms_legend(c);
          wall_seconds = c.wall_seconds;
          used_threads = c.threads;
          for (std::size_t k = 0; k < c.arms.size(); ++k)
            arms.emplace_back(c.arms[k].name, c.arms[k].description, c.arms[k].own_initial_state,
                              std::make_shared<Result>(std::move(c.arms[k].result)), specs[k].scenario);
          return 0;
        });
        return py::make_tuple(arms, legend, wall_seconds, used_threads);
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("rtol") = py::none(),
      py::arg("atol") = py::none(), py::arg("include_states") = false, py::arg("threads") = 0,
      py::arg("select") = std::vector<std::string>{},
      "The arms `calcsim compare` runs, run by the engine (GIL released): the scenario's declared arms, or "
      "with and without K2 when it declares none. `select` keeps only these arms, in this order (--arms). "
      "Returns (arms, legend, wall_seconds, threads) with arms a list of (name, description, "
      "own_initial_state, Result, Scenario).");

  py::class_<SweepResult> sweep_result(m, "SweepResult", "A dose or parameter sweep (the engine's `calcsim sweep`).");
  common_fields(sweep_result)
      .def_property_readonly("target", [](const SweepResult& r) { return r.spec.target; })
      .def_property_readonly("is_dose", [](const SweepResult& r) { return r.spec.is_dose; })
      .def_property_readonly("agent", [](const SweepResult& r) { return to_string(r.spec.agent); })
      .def_property_readonly("unit", [](const SweepResult& r) { return r.spec.unit; })
      .def_property_readonly("log_spaced", [](const SweepResult& r) { return r.spec.log_spaced; })
      .def_property_readonly("values",
                             [](const SweepResult& r) {
                               std::vector<double> shown;
                               for (double v : r.spec.values) shown.push_back(v / r.spec.unit_in_canonical);
                               return shown;
                             },
                             "The values run, in `unit`")
      .def_property_readonly("results", &sweep_values, "The outputs as an array (values, outputs, times)")
      .def_readonly("shared_initial_state", &SweepResult::shared_initial_state)
      .def(
          "report", [](const SweepResult& r, const std::string& format) { return sweep_report(r, parse_format(format)); },
          py::arg("format") = "table", "The table, CSV or JSON `calcsim sweep` prints");

  m.def(
      "sweep",
      [](const Scenario& scenario, const std::string& vary, const py::object& params,
         const std::optional<std::vector<std::string>>& outputs, const std::vector<double>& at_days,
         std::optional<double> rtol, std::optional<double> atol, int threads) {
        const EngineArguments args(scenario, params, threads);
        const SweepSpec spec = parse_sweep(vary);
        SweepOptions options;
        options.outputs = output_names(outputs);
        options.at_days = at_days;
        options.simulation = make_options(rtol, atol);
        options.threads = args.threads;
        return interruptible([&](const std::atomic<bool>* cancel) {
          options.simulation.cancel = cancel;
          return sweep(args.scenario, args.params, spec, options);
        });
      },
      py::arg("scenario"), py::arg("vary"), py::arg("params") = py::none(), py::arg("outputs") = py::none(),
      py::arg("at_days") = std::vector<double>{}, py::arg("rtol") = py::none(), py::arg("atol") = py::none(),
      py::arg("threads") = 0,
      "Runs a sweep (GIL released). vary: the text of --vary ('mk7.dose=0..360mcg:9'); outputs: None for the "
      "defaults; at_days: empty for the end of the run.");

  py::class_<SensitivityResult> sensitivity_result(m, "SensitivityResult",
                                                  "A local sensitivity analysis (the engine's `calcsim sensitivity`).");
  common_fields(sensitivity_result)
      .def_readonly("base", &SensitivityResult::base, "Unperturbed outputs, output-major like each sensitivity")
      .def_property_readonly("parameters", &sensitivity_rows,
                             "Ranked parameters: dicts with name, value, unit, lower, upper, hypothetical, "
                             "source, sensitivity (one per output and time, output-major; NaN when undefined) "
                             "and note")
      .def_readonly("relative_step", &SensitivityResult::relative_step)
      .def_readonly("rtol", &SensitivityResult::rtol)
      .def_readonly("runs", &SensitivityResult::runs)
      .def(
          "report",
          [](const SensitivityResult& r, const std::string& format) {
            return sensitivity_report(r, parse_format(format));
          },
          py::arg("format") = "table", "The table, CSV or JSON `calcsim sensitivity` prints");

  m.def(
      "sensitivity",
      [](const Scenario& scenario, const py::object& params, const std::optional<std::vector<std::string>>& outputs,
         const std::vector<double>& at_days, double relative_step, const std::vector<std::string>& parameters,
         double rtol, int threads) {
        const EngineArguments args(scenario, params, threads);
        SensitivityOptions options;
        if (outputs) options.outputs = output_names(outputs);
        options.at_days = at_days;
        options.relative_step = relative_step;
        options.parameters = parameters;
        if (!(rtol > 0.0 && rtol <= 1e-2))
          throw InputError(SourceLocation::of_option("rtol"), "expected a tolerance above 0 and at most 0.01, such as 1e-4");
        options.simulation.rtol = rtol;
        options.simulation.atol = rtol * 1e-3;
        options.threads = args.threads;
        return interruptible([&](const std::atomic<bool>* cancel) {
          options.simulation.cancel = cancel;
          return sensitivity(args.scenario, args.params, options);
        });
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("outputs") = py::none(),
      py::arg("at_days") = std::vector<double>{}, py::arg("relative_step") = 0.01,
      py::arg("parameters") = std::vector<std::string>{}, py::arg("rtol") = 1e-4, py::arg("threads") = 0,
      "Runs a local sensitivity analysis (GIL released), as `calcsim sensitivity`: atol is rtol * 1e-3; "
      "outputs None means arterial_score; parameters empty means every parameter.");
}

}  // namespace calcsim::python
