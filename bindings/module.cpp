// calcsim._core: the compiled half of the calcsim Python package. Import
// `calcsim`, not this module: the pure-Python layer gives it a friendlier API
// (DataFrames, copies-with-changes, plots).
#include "calcsim/version.hpp"
#include "register.hpp"

PYBIND11_MODULE(_core, m) {
  namespace cp = calcsim::python;
  m.doc() =
      "Compiled core of calcsim (pybind11 bindings of the C++ engine). Use the `calcsim` package, "
      "which wraps it. calcsim is an illustrative teaching model, not medical advice.";
  m.attr("__version__") = calcsim::version;
  m.attr("disclaimer") = calcsim::disclaimer;
  cp::register_errors(m);
  cp::register_params(m);
  cp::register_scenario(m);
  cp::register_result(m);
  cp::register_report(m);
  cp::register_simulate(m);
  cp::register_analysis(m);
  cp::register_model(m);
  cp::register_population(m);
  cp::register_uncertainty(m);
  cp::register_targets(m);
}
