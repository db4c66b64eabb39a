// The parameter registry and parameter overrides from Python dicts.
#include <string>

#include "calcsim/errors.hpp"
#include "calcsim/parameters.hpp"
#include "register.hpp"

namespace calcsim::python {

Params params_from(const py::handle& overrides) {
  Params p;
  if (overrides.is_none()) return p;
  if (!py::isinstance<py::dict>(overrides))
    throw py::type_error(cat("params must be a dict of overrides such as {'mk7.half_life': 72}, not ",
                             py::str(py::type::of(overrides).attr("__name__")).cast<std::string>()));
  for (auto [key, value] : py::reinterpret_borrow<py::dict>(overrides)) {
    if (!py::isinstance<py::str>(key))
      throw py::type_error("parameter names must be strings such as 'mk7.half_life'");
    const std::string name = key.cast<std::string>();
    if (py::isinstance<py::str>(value)) {
      std::string assignment = name;
      assignment.append("=").append(value.cast<std::string>());
      p.set_from_text(assignment);
    } else if (py::isinstance<py::bool_>(value) || PyNumber_Check(value.ptr()) == 0) {
      std::string message = "params['";
      message.append(name).append("']: expected a number in the parameter's unit or a string such as '72 h', got ");
      message.append(py::repr(value).cast<std::string>());
      throw py::type_error(message);
    } else {
      double number = 0.0;
      try {
        number = py::float_(py::reinterpret_borrow<py::object>(value)).cast<double>();
      } catch (const py::error_already_set& e) {
        if (e.matches(PyExc_OverflowError))
          throw InputError(SourceLocation::of_option("params", name),
                           "expected a finite number in the parameter's unit, got an integer too large for a "
                           "floating-point number");
        std::string message = "params['";
        message.append(name).append("']: expected one number in the parameter's unit, got ");
        message.append(py::repr(value).cast<std::string>());
        throw py::type_error(message);
      }
      p.set(name, number);
    }
  }
  return p;
}

void register_params(py::module_& m) {
  m.attr("parameter_count") = parameter_count;

  m.def(
      "parameter_registry",
      [] {
        py::list rows;
        for (const auto& info : parameter_registry()) {
          py::dict row;
          row["name"] = std::string(info.name);
          row["value"] = info.default_value;
          row["unit"] = std::string(info.unit);
          row["min"] = info.min;
          row["max"] = info.max;
          row["source"] = std::string(info.source);
          row["hypothetical"] = info.hypothetical();
          row["description"] = std::string(info.description);
          rows.append(row);
        }
        return rows;
      },
      "Every model parameter as a list of dicts (name, value, unit, min, max, source, hypothetical, "
      "description), in registry order. `value` is the default.");

  m.def(
      "check_params",
      [](const py::object& overrides) {
        const Params p = params_from(overrides);
        py::dict out;
        for (const auto& info : parameter_registry()) {
          const double v = *p.get(info.name);
          if (v != info.default_value) out[py::str(std::string(info.name))] = v;
        }
        return out;
      },
      py::arg("params"),
      "Checks parameter overrides as run() would and returns {name: value} of those that differ from the "
      "defaults, values in the parameter's own unit. Raises InputError (a ValueError) naming a bad one.");
}

}  // namespace calcsim::python
