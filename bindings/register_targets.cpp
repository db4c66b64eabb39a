// The model against published human data, as `calcsim calibration` and
// `calcsim validation` run it: the names of the groups of experiments and the
// rows of the named groups (python/calcsim/_targets.py makes DataFrames of
// them; scripts/fit/fit_posterior.py reruns the calibration groups a parameter
// can move). The GIL is released while the experiments run.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/validation.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using namespace pybind11::literals;

py::list target_rows(const std::vector<Target>& rows) {
  return records(rows, [](const Target& t) {
    return py::dict("id"_a = t.id, "quantity"_a = t.quantity, "source"_a = t.source, "published"_a = t.published,
                    "unit"_a = t.unit, "simulated"_a = t.simulated, "low"_a = t.low, "high"_a = t.high,
                    "pass"_a = t.pass(), "known_failure"_a = t.known_failure,
                    "failure_kind"_a = failure_kind_name(t.failure_kind()), "how"_a = t.how);
  });
}

constexpr const char* row_fields =
    "dicts: id, quantity, source, published (as reported), unit, simulated, low and high (the accepted "
    "interval, in unit), pass, known_failure (validation: why a failing row may fail), failure_kind ('conflict', "
    "'limit' or '') and how (the run)";

}  // namespace

void register_targets(py::module_& m) {
  m.def("calibration_groups", [] {
    std::vector<std::string> names;
    for (const auto& g : calibration_groups()) names.push_back(g.name);
    return names;
  }, "Names of the groups of calibration experiments, in the order of `calcsim calibration`.");
  m.def("validation_groups", &validation_groups,
        "Names of the groups of validation experiments, in the order of `calcsim validation`.");
  m.def(
      "calibration_rows",
      [](const py::object& params, const std::optional<std::vector<std::string>>& groups) {
        const Params p = params_from(params);
        const std::vector<std::string> names = groups.value_or(std::vector<std::string>{});  // empty: every group
        return target_rows(interruptible([&](const std::atomic<bool>*) { return run_calibration_groups(p, names); }));
      },
      py::arg("params") = py::none(), py::arg("groups") = py::none(),
      (std::string("The calibration rows (") + row_fields +
       ") of the named groups in the order given (None or empty: all), run with the parameter overrides. Raises "
       "InputError (a ValueError) for an unknown group, listing the groups.")
          .c_str());
  m.def(
      "validation_rows",
      [](const py::object& params, const std::optional<std::vector<std::string>>& groups, int threads) {
        ValidationOptions options;
        options.groups = groups.value_or(std::vector<std::string>{});  // empty: every group
        options.threads = checked_threads(threads);
        const Params p = params_from(params);
        return target_rows(interruptible([&](const std::atomic<bool>* cancel) {
          options.cancel = cancel;
          return run_validation_with(p, options);
        }));
      },
      py::arg("params") = py::none(), py::arg("groups") = py::none(), py::arg("threads") = 0,
      (std::string("The validation rows (") + row_fields +
       ") of the named groups in the order given (None or empty: all), run with the parameter overrides on "
       "`threads` threads (0: one per core). Raises InputError (a ValueError) for an unknown group, listing the "
       "groups.")
          .c_str());
}

}  // namespace calcsim::python
