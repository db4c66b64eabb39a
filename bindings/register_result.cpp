// Results: the time-major output matrix as a read-only numpy array that
// shares the Result's memory (its base is a capsule that keeps the Result
// alive), the column names, units and descriptions, the metadata, and
// pickling (for multiprocessing).
#include <pybind11/numpy.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

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

// The solver statistics' fields, each as visit(key, member): the one list the
// metadata dict and its reading back (pickling) follow, with meta_fields.
const auto solver_fields = [](auto& s, const auto& visit) {
  visit("method", s.method);
  visit("rtol", s.rtol);
  visit("atol", s.atol);
  visit("steps", s.steps);
  visit("rhs_evaluations", s.rhs_evaluations);
  visit("jacobian_evaluations", s.jacobian_evaluations);
  visit("segments", s.segments);
  visit("doses", s.doses);
  visit("projected_days", s.projected_days);
  visit("projections", s.projections);
  visit("wall_seconds", s.wall_seconds);
};

// The metadata's fields but the solver's, likewise.
const auto meta_fields = [](auto& m, const auto& visit) {
  visit("scenario", m.scenario);
  visit("scenario_file", m.scenario_file);
  visit("description", m.description);
  visit("arm", m.arm);
  visit("dosing", m.dosing);
  visit("duration_days", m.duration_days);
  visit("calcsim_version", m.calcsim_version);
  visit("disclaimer", m.disclaimer);
  visit("parameters", m.parameters);
  visit("parameter_overrides", m.parameter_overrides);
};

// Fields added after the first release: a pickle may lack them.
bool added_later(std::string_view key) {
  return key == "duration_days" || key == "projected_days" || key == "projections";
}

// A dict of the fields `each` visits.
template <class Record, class Each>
py::dict to_dict(const Record& r, const Each& each) {
  py::dict d;
  each(r, [&](const char* key, const auto& value) { d[key] = py::cast(value); });
  return d;
}

// The fields `each` visits, read back from a dict (KeyError for a missing key,
// but those that pickles of older versions lack, which keep their defaults).
template <class Record, class Each>
Record from_dict(const py::dict& d, const Each& each) {
  Record r;
  each(r, [&](const char* key, auto& value) {
    if (d.contains(key) || !added_later(key))
      value = d[key].template cast<std::decay_t<decltype(value)>>();
  });
  return r;
}

py::dict meta_dict(const Metadata& m) {
  py::dict d = to_dict(m, meta_fields);
  d["solver"] = to_dict(m.solver, solver_fields);
  return d;
}

Metadata meta_from(const py::dict& d) {
  Metadata m = from_dict<Metadata>(d, meta_fields);
  m.solver = from_dict<SolverStats>(d["solver"].cast<py::dict>(), solver_fields);
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
