// Running simulations. Every argument is converted to C++ first; the GIL is
// released only around the solve, so Python threads run simulations in
// parallel, and Ctrl-C (KeyboardInterrupt) stops a solve within a fraction of
// a second (interruptible, below). simulate_arms runs arms built in Python
// from one initial condition through the engine's compare_arms; the engine's
// declared arms, sweeps and sensitivities are in register_analysis.cpp.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/simulator.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using ResultPtr = std::shared_ptr<Result>;

double tolerance(const std::optional<double>& value, double fallback, const char* name) {
  if (!value) return fallback;
  if (!(*value > 0.0 && *value < 1.0))
    throw InputError(SourceLocation::of_option(name), cat("expected a tolerance above 0 and below 1, got ",
                                                      std::to_string(*value)));
  return *value;
}

// A Result of solve(options) with the options' cancellation flag set:
// interruptible, with the GIL released.
template <class Solve>
ResultPtr solved(const SimulationOptions& options, const Solve& solve) {
  return interruptible([&](const std::atomic<bool>* cancel) {
    SimulationOptions with_cancel = options;
    with_cancel.cancel = cancel;
    return std::make_shared<Result>(solve(with_cancel));
  });
}

}  // namespace

SimulationOptions make_options(const std::optional<double>& rtol, const std::optional<double>& atol,
                               bool include_states, const std::string& arm) {
  SimulationOptions o;
  o.rtol = tolerance(rtol, o.rtol, "rtol");
  o.atol = tolerance(atol, o.atol, "atol");
  o.include_states = include_states;
  o.arm = arm;
  return o;
}

EngineArguments::EngineArguments(const Scenario& s, const py::handle& overrides, int requested_threads)
    : scenario(s), params(params_from(overrides)), threads(checked_threads(requested_threads)) {
  if (!overrides.is_none())
    for (auto item : py::reinterpret_borrow<py::dict>(overrides)) overridden.push_back(py::str(item.first));
}

int checked_threads(int requested) {
  if (requested < 0) throw InputError(SourceLocation::of_option("threads"), "expected 0 (automatic) or more threads");
  return requested;
}

void register_simulate(py::module_& m) {
  py::class_<InitialCondition>(m, "InitialCondition",
                               "A patient's starting state (the periodic steady state of their usual diet) and "
                               "remodelling set point; start several arms from one with simulate_from.")
      .def_property_readonly("state", [](const InitialCondition& c) { return c.state; })
      .def_property_readonly("pth_setpoint", [](const InitialCondition& c) { return c.pth_setpoint; })
      .def_property_readonly("carboxylated_oc_setpoint",
                             [](const InitialCondition& c) { return c.carboxylated_oc_setpoint; })
      .def_property_readonly("calcitriol_setpoint", [](const InitialCondition& c) { return c.calcitriol_setpoint; })
      .def_property_readonly("dosing", [](const InitialCondition& c) { return to_string(c.dosing); })
      .def(py::pickle(
          [](const InitialCondition& c) {
            return py::make_tuple(c.state, c.pth_setpoint, c.carboxylated_oc_setpoint, c.calcitriol_setpoint,
                                  c.dosing == Dosing::DailyAveraged);
          },
          [](const py::tuple& t) {
            return InitialCondition{t[0].cast<std::vector<double>>(), t[1].cast<double>(), t[2].cast<double>(),
                                    t[3].cast<double>(), t[4].cast<bool>() ? Dosing::DailyAveraged : Dosing::Exact};
          }));

  m.def(
      "simulate",
      [](const Scenario& scenario, const py::object& params, std::optional<double> rtol, std::optional<double> atol,
         bool include_states, const std::string& arm) {
        const Scenario s = scenario;
        const Params p = params_from(params);
        return solved(make_options(rtol, atol, include_states, arm),
                      [&](const SimulationOptions& o) { return simulate(s, p, o); });
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("rtol") = py::none(),
      py::arg("atol") = py::none(), py::arg("include_states") = false, py::arg("arm") = "as written",
      "Simulates a scenario from its patient's steady state (the GIL is released while solving). params: "
      "None or {'mk7.half_life': 72}. Raises InputError (ValueError) or NumericalError (RuntimeError).");

  m.def(
      "initial_condition",
      [](const Scenario& scenario, const py::object& params) {
        const Scenario s = scenario;
        const Params p = params_from(params);
        return interruptible([&](const std::atomic<bool>* cancel) { return initial_condition(s, p, cancel); });
      },
      py::arg("scenario"), py::arg("params") = py::none(),
      "The patient's starting state: the steady state of their profile and usual diet (GIL released).");

  m.def(
      "simulate_from",
      [](const Scenario& scenario, const InitialCondition& init, const py::object& params, std::optional<double> rtol,
         std::optional<double> atol, bool include_states, const std::string& arm) {
        const Scenario s = scenario;
        const InitialCondition start = init;
        const Params p = params_from(params);
        return solved(make_options(rtol, atol, include_states, arm),
                      [&](const SimulationOptions& o) { return simulate_from(s, p, start, o); });
      },
      py::arg("scenario"), py::arg("initial_condition"), py::arg("params") = py::none(),
      py::arg("rtol") = py::none(), py::arg("atol") = py::none(), py::arg("include_states") = false,
      py::arg("arm") = "as written", "Simulates a scenario from a given initial condition (GIL released).");

  m.def(
      "simulate_arms",
      [](const Scenario& base, const std::vector<std::pair<std::string, Scenario>>& arms, const py::object& params,
         std::optional<double> rtol, std::optional<double> atol, bool include_states, int threads) {
        if (arms.empty()) throw InputError(SourceLocation::of_option("arms"), "expected at least one arm");
        const Scenario start_from = base;
        const Params p = params_from(params);
        // The engine's comparison of hand-built arms: every arm from the
        // shared starting state, on the engine's worker threads.
        std::vector<ComparisonArm> to_run;
        for (const auto& [name, scenario] : arms) to_run.push_back(ComparisonArm{name, "", scenario, p, false});
        CompareOptions options;
        options.simulation = make_options(rtol, atol, include_states, "as written");
        options.threads = checked_threads(threads);
        return interruptible([&](const std::atomic<bool>* cancel) {
          CompareOptions with_cancel = options;
          with_cancel.simulation.cancel = cancel;
          ComparisonResult compared = compare_arms(to_run, initial_condition(start_from, p, cancel), with_cancel);
          std::vector<ResultPtr> results;
          for (auto& arm : compared.arms) results.push_back(std::make_shared<Result>(std::move(arm.result)));
          return results;
        });
      },
      py::arg("base"), py::arg("arms"), py::arg("params") = py::none(), py::arg("rtol") = py::none(),
      py::arg("atol") = py::none(), py::arg("include_states") = false, py::arg("threads") = 0,
      "Runs (name, scenario) arms from one initial condition, the steady state of `base`'s patient and usual "
      "diet, on up to `threads` threads (0: one per arm, at most one per core). Returns the results in order.");
}

}  // namespace calcsim::python
