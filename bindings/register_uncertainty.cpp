// Parameter uncertainty: the calibration rows by group (for the posterior fit
// of scripts/fit/fit_posterior.py), the registry fingerprint the shipped
// posterior is checked against, and comparisons over posterior draws.
#include <string>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/posterior.hpp"
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
  m.def("registry_fingerprint", &registry_fingerprint,
        "Fingerprint of the parameter registry (names, defaults, units, ranges) a posterior file is checked "
        "against.");
  m.def("default_posterior_path", &default_posterior_path,
        "Where the shipped posterior is read from ($CALCSIM_POSTERIOR, else data/posterior.json).");
}

}  // namespace calcsim::python
