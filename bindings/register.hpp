#pragma once
// The pieces of the calcsim._core extension, one per topic (module.cpp calls
// them in order), and the conversions they share.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // in every file: the casters must be the same everywhere

#include <string>
#include <string_view>

#include "calcsim/parameters.hpp"

namespace calcsim::python {

namespace py = pybind11;

void register_errors(py::module_& m);    // InputError -> ValueError, NumericalError -> RuntimeError
void register_params(py::module_& m);    // the parameter registry
void register_scenario(py::module_& m);  // Scenario: load, parse, to_dict, to_yaml, without K2
void register_result(py::module_& m);    // Result: zero-copy array, columns, metadata, pickling
void register_report(py::module_& m);    // summaries, trajectory files, times and categories
void register_simulate(py::module_& m);  // simulate, initial_condition, simulate_from, simulate_arms
void register_population(py::module_& m);  // virtual populations, their chunks and merging

// Parameter overrides from Python: None, or a dict {'mk7.half_life': 72} whose
// values are numbers in the parameter's unit or text such as '72 h'. Throws
// InputError (ValueError) for an unknown name or an out-of-range value and
// TypeError for a value of the wrong type. Call with the GIL held.
Params params_from(const py::handle& overrides);

// Concatenates text by appending (GCC 12 warns, with -Werror fatally, about
// `"literal" + std::string-temporary`).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace calcsim::python
