// Results: the time-major output matrix as a read-only numpy array that
// shares the Result's memory (its base is a capsule that keeps the Result
// alive), the column names, units and descriptions, the metadata, and
// pickling (for multiprocessing).
#include <pybind11/numpy.h>

#include <cstring>
#include <memory>
#include <string>

#include "calcsim/result.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using ResultPtr = std::shared_ptr<Result>;

py::array_t<double> result_array(const ResultPtr& r) {
  // The capsule owns a reference to the Result: the array stays valid however
  // long Python keeps it, and no data is copied.
  auto* keep = new ResultPtr(r);
  py::capsule owner(keep, [](void* p) { delete static_cast<ResultPtr*>(p); });
  const auto rows = static_cast<py::ssize_t>(r->data.rows());
  const auto cols = static_cast<py::ssize_t>(r->data.cols());
  const auto item = static_cast<py::ssize_t>(sizeof(double));
  py::array_t<double> a({rows, cols}, {cols * item, item}, r->data.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

py::dict solver_dict(const SolverStats& s) {
  py::dict d;
  d["method"] = s.method;
  d["rtol"] = s.rtol;
  d["atol"] = s.atol;
  d["steps"] = s.steps;
  d["rhs_evaluations"] = s.rhs_evaluations;
  d["jacobian_evaluations"] = s.jacobian_evaluations;
  d["segments"] = s.segments;
  d["doses"] = s.doses;
  d["projected_days"] = s.projected_days;
  d["projections"] = s.projections;
  d["wall_seconds"] = s.wall_seconds;
  return d;
}

SolverStats solver_from(const py::dict& d) {
  SolverStats s;
  s.method = d["method"].cast<std::string>();
  s.rtol = d["rtol"].cast<double>();
  s.atol = d["atol"].cast<double>();
  s.steps = d["steps"].cast<long>();
  s.rhs_evaluations = d["rhs_evaluations"].cast<long>();
  s.jacobian_evaluations = d["jacobian_evaluations"].cast<long>();
  s.segments = d["segments"].cast<long>();
  s.doses = d["doses"].cast<long>();
  if (d.contains("projected_days")) s.projected_days = d["projected_days"].cast<long>();
  if (d.contains("projections")) s.projections = d["projections"].cast<long>();
  s.wall_seconds = d["wall_seconds"].cast<double>();
  return s;
}

py::dict meta_dict(const Metadata& m) {
  py::dict d;
  d["scenario"] = m.scenario;
  d["scenario_file"] = m.scenario_file;
  d["description"] = m.description;
  d["arm"] = m.arm;
  d["dosing"] = m.dosing;
  d["duration_days"] = m.duration_days;
  d["calcsim_version"] = m.calcsim_version;
  d["disclaimer"] = m.disclaimer;
  d["parameters"] = py::cast(m.parameters);
  d["parameter_overrides"] = py::cast(m.parameter_overrides);
  d["solver"] = solver_dict(m.solver);
  return d;
}

Metadata meta_from(const py::dict& d) {
  Metadata m;
  m.scenario = d["scenario"].cast<std::string>();
  m.scenario_file = d["scenario_file"].cast<std::string>();
  m.description = d["description"].cast<std::string>();
  m.arm = d["arm"].cast<std::string>();
  m.dosing = d["dosing"].cast<std::string>();
  if (d.contains("duration_days")) m.duration_days = d["duration_days"].cast<double>();
  m.calcsim_version = d["calcsim_version"].cast<std::string>();
  m.disclaimer = d["disclaimer"].cast<std::string>();
  m.parameters = d["parameters"].cast<std::map<std::string, double>>();
  m.parameter_overrides = d["parameter_overrides"].cast<std::map<std::string, double>>();
  m.solver = solver_from(d["solver"].cast<py::dict>());
  return m;
}

constexpr int pickle_version = 1;

py::tuple get_state(const Result& r) {
  py::list columns;
  for (const auto& c : r.columns) columns.append(py::make_tuple(c.name, c.unit, c.description));
  const auto bytes = static_cast<std::size_t>(r.data.size()) * sizeof(double);
  return py::make_tuple(pickle_version, r.data.rows(), r.data.cols(),
                        py::bytes(reinterpret_cast<const char*>(r.data.data()), bytes), columns, meta_dict(r.meta));
}

ResultPtr set_state(const py::tuple& t) {
  if (t.size() != 6 || t[0].cast<int>() != pickle_version)
    throw std::runtime_error("cannot unpickle a calcsim Result written by another calcsim version");
  auto r = std::make_shared<Result>();
  const auto rows = t[1].cast<Eigen::Index>();
  const auto cols = t[2].cast<Eigen::Index>();
  const std::string data = t[3].cast<std::string>();
  if (data.size() != static_cast<std::size_t>(rows * cols) * sizeof(double))
    throw std::runtime_error("corrupt pickled calcsim Result: data size does not match its shape");
  r->data.resize(rows, cols);
  if (!data.empty()) std::memcpy(r->data.data(), data.data(), data.size());
  for (const auto& c : t[4].cast<py::list>()) {
    const auto col = c.cast<py::tuple>();
    r->columns.push_back({col[0].cast<std::string>(), col[1].cast<std::string>(), col[2].cast<std::string>()});
  }
  r->meta = meta_from(t[5].cast<py::dict>());
  return r;
}

}  // namespace

void register_result(py::module_& m) {
  py::class_<Result, ResultPtr>(m, "Result",
                                "A simulation result: a time-major matrix (one row per output time, first "
                                "column time in days) with named, unit-carrying columns and metadata. The "
                                "Python calcsim.Result wraps it.")
      .def_property_readonly("array", &result_array,
                             "The data as a read-only float64 numpy array (rows: output times; columns: "
                             "`columns`), sharing the Result's memory: no copy. Its base is a capsule that "
                             "keeps the Result alive.")
      .def_property_readonly("columns", [](const Result& r) {
        std::vector<std::string> out;
        for (const auto& c : r.columns) out.push_back(c.name);
        return out;
      }, "Column names, in order ('time' first)")
      .def_property_readonly("units", [](const Result& r) {
        std::vector<std::string> out;
        for (const auto& c : r.columns) out.push_back(c.unit);
        return out;
      }, "Column units, in column order ('1' for a plain number)")
      .def_property_readonly("descriptions", [](const Result& r) {
        std::vector<std::string> out;
        for (const auto& c : r.columns) out.push_back(c.description);
        return out;
      }, "Column descriptions, in column order")
      .def_property_readonly("meta", [](const Result& r) { return meta_dict(r.meta); },
                             "Metadata: scenario, scenario_file, description, arm, calcsim_version, disclaimer, "
                             "parameters (every value used), parameter_overrides, solver statistics")
      .def_property_readonly("shape", [](const Result& r) { return py::make_tuple(r.data.rows(), r.data.cols()); })
      .def_property_readonly("end_time", &Result::end_time, "The last output time, days")
      .def_property_readonly("duration", &Result::duration,
                             "The run's length, days (the output ends at its last midnight)")
      .def("column_index", &Result::column, py::arg("name"), "Index of a column by name (IndexError if none)")
      .def("has_column", &Result::has_column, py::arg("name"))
      .def("at", &Result::at, py::arg("name"), py::arg("t_days"),
           "A column's value at time t (days), linearly interpolated between outputs")
      .def(py::pickle(&get_state, &set_state))
      .def("__repr__", [](const Result& r) {
        return cat("<calcsim._core.Result '", r.meta.scenario, "' (", r.meta.arm, "): ", std::to_string(r.data.rows()),
                   " x ", std::to_string(r.data.cols()), ">");
      });
}

}  // namespace calcsim::python
