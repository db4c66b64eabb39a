#pragma once
// The pieces of the calcsim._core extension, one per topic (module.cpp calls
// them in order), and the conversions they share.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file: the casters must be the same everywhere

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim::python {

namespace py = pybind11;

void register_errors(py::module_& m);    // InputError -> ValueError, NumericalError -> RuntimeError
void register_params(py::module_& m);    // the parameter registry
void register_scenario(py::module_& m);  // Scenario: load, parse, to_dict, to_yaml, without K2
void register_result(py::module_& m);    // Result: zero-copy array, columns, metadata, pickling
void register_report(py::module_& m);    // summaries, trajectory files, times and categories
void register_simulate(py::module_& m);  // simulate, initial_condition, simulate_from, simulate_arms
void register_analysis(py::module_& m);  // the engine's declared arms, sweeps and sensitivity analyses
void register_model(py::module_& m);     // Model: the ODE system for other solvers (bench/)
void register_population(py::module_& m);
void register_uncertainty(py::module_& m);  // calibration groups, posterior fingerprint, intervals  // virtual populations, their chunks and merging

// Parameter overrides from Python: None, or a dict {'mk7.half_life': 72} whose
// values are numbers in the parameter's unit or text such as '72 h'. Throws
// InputError (ValueError) for an unknown name or an out-of-range value and
// TypeError for a value of the wrong type. Call with the GIL held.
Params params_from(const py::handle& overrides);

// The arguments every engine run and analysis takes from Python, converted
// with the GIL held before the engine runs: the scenario (a copy, so that the
// engine does not depend on Python's object while the GIL is released), the
// parameter overrides, their names (which analyses over posterior draws hold
// rather than draw) and the thread count (checked_threads).
struct EngineArguments {
  EngineArguments(const Scenario& s, const py::handle& overrides, int requested_threads = 0);
  Scenario scenario;
  Params params;
  std::vector<std::string> overridden;
  int threads;
};

// Rows as a list of dicts, each filled by fill(dict, row).
template <class Rows, class Fill>
py::list records(const Rows& rows, const Fill& fill) {
  py::list out;
  for (const auto& row : rows) {
    py::dict record;
    fill(record, row);
    out.append(record);
  }
  return out;
}

// Solver options from Python's rtol/atol (None: the engine's defaults; else
// above 0 and below 1, or InputError naming the argument).
SimulationOptions make_options(const std::optional<double>& rtol, const std::optional<double>& atol,
                               bool include_states = false, const std::string& arm = "as written");

// `threads` as given (0: automatic); InputError naming `threads` when negative.
int checked_threads(int requested);

// Runs work(cancel) on a thread of its own while the calling thread, with the
// GIL released, looks for Python signals every 50 ms (briefly taking the GIL
// back for PyErr_CheckSignals). On Ctrl-C the handler's exception (normally
// KeyboardInterrupt) is kept, `cancel` is set so that the engine stops at its
// next event (SimulationOptions::cancel), and the exception is raised once the
// work has ended. From a thread other than the main one, Python reports no
// signals and the work simply runs to its end.
template <class Work>
auto interruptible(const Work& work) {
  std::atomic<bool> cancel{false};
  auto done = std::async(std::launch::async, [&] { return work(&cancel); });
  std::optional<py::error_already_set> interrupt;
  {
    py::gil_scoped_release release;
    while (done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupt.emplace();  // fetches the pending exception
        cancel = true;
        break;
      }
    }
    done.wait();
  }
  if (interrupt) {
    try {
      done.get();  // the work's own result or error no longer matters
    } catch (const std::exception&) {
    }
    throw *interrupt;
  }
  return done.get();
}

// Concatenates text by appending (GCC 12 warns, with -Werror fatally, about
// `"literal" + std::string-temporary`).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace calcsim::python
