#pragma once
// The pieces of the calcsim._core extension, one per topic (module.cpp calls
// them in order), and the conversions they share.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file: the casters must be the same everywhere

#include <atomic>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
void register_population(py::module_& m);   // virtual populations, their chunks and merging
void register_uncertainty(py::module_& m);  // posterior fingerprint, intervals over posterior draws
void register_targets(py::module_& m);      // calibration and validation rows by group

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

// Rows as a list of dicts, record(row) each (a keyword dict:
// py::dict("name"_a = row.name, ...)).
template <class Rows, class Record>
py::list records(const Rows& rows, const Record& record) {
  py::list out;
  for (const auto& row : rows) out.append(record(row));
  return out;
}

// Solver options from Python's rtol/atol (None: the engine's defaults; else
// above 0 and below 1, or InputError naming the argument).
SimulationOptions make_options(const std::optional<double>& rtol, const std::optional<double>& atol,
                               bool include_states = false, const std::string& arm = "as written");

// `threads` as given (0: automatic); InputError naming `threads` when negative.
int checked_threads(int requested);

// While a CancelWatch lives on the main thread, Python's signal wake-up fd
// (signal.set_wakeup_fd) is a pipe read by a watcher thread (one per process):
// a signal Python handles (Ctrl-C) or _thread.interrupt_main sets flag(), which
// the engine checks at its next event (SimulationOptions::cancel). The bytes are
// passed on to the wake-up fd set before (asyncio's). On other threads Python
// reports no signals and the watch does nothing. Create and destroy it with the
// GIL held.
class CancelWatch {
 public:
  CancelWatch();
  ~CancelWatch();
  CancelWatch(const CancelWatch&) = delete;
  CancelWatch& operator=(const CancelWatch&) = delete;
  // What the engine polls: set on a signal (main thread only; never on others).
  const std::atomic<bool>* flag() const { return flag_; }
  bool signalled() const { return flag_->load(); }

 private:
  std::atomic<bool>* flag_;
  std::atomic<bool> never_{false};  // the flag on threads other than the main one
  int previous_fd_ = -1;
  bool active_ = false;
};

// Runs work(cancel) on the calling thread with the GIL released. On Ctrl-C
// (CancelWatch) the engine stops at its next event and the signal handler's
// exception (normally KeyboardInterrupt) is raised in place of the work's
// result; a handler that raises nothing lets the work run again. Running on the
// calling thread costs no thread start and no wake-up at the end.
template <class Work>
auto interruptible(const Work& work) {
  using Value = decltype(work(static_cast<const std::atomic<bool>*>(nullptr)));
  for (;;) {
    std::optional<std::conditional_t<std::is_void_v<Value>, bool, Value>> value;
    std::exception_ptr error;
    bool signalled = false;
    {
      const CancelWatch watch;
      {
        py::gil_scoped_release release;
        try {
          if constexpr (std::is_void_v<Value>) {
            work(watch.flag());
            value.emplace(true);
          } else {
            value.emplace(work(watch.flag()));
          }
        } catch (...) {
          error = std::current_exception();
        }
      }
      signalled = watch.signalled();
    }
    if (signalled) {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // the work's own outcome no longer matters
      if (!value) continue;  // cancelled by a handler that raised nothing: run again
    }
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<Value>) return std::move(*value);
    else return;
  }
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
