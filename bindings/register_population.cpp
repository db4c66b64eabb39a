// Virtual populations: _core.population runs the engine's population (or a
// chunk [first, first + count) of it) with the GIL released; every ~50 ms the
// engine's polling thread (the calling one) briefly takes the GIL back to check
// for Ctrl-C (PyErr_CheckSignals) and to call an optional progress callback,
// so KeyboardInterrupt stops a run within about a second (patients already
// started finish first). PopulationResult pickles, so chunks run on Dask
// workers come back to be joined by _core.merge_populations.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "calcsim/errors.hpp"
#include "calcsim/population.hpp"
#include "register.hpp"

namespace calcsim::python {
namespace {

using PopulationPtr = std::shared_ptr<PopulationResult>;

// A row-major numpy array (a copy) of `values` with the given shape.
py::array_t<double> array_of(const std::vector<double>& values, std::vector<py::ssize_t> shape) {
  py::array_t<double> a(shape);
  std::copy(values.begin(), values.end(), a.mutable_data());
  return a;
}

py::array_t<double> patient_matrix(const PopulationResult& r, bool parameters) {
  const std::size_t width = parameters ? r.parameters.size() : r.outputs.size() * r.times_days.size();
  std::vector<double> flat;
  flat.reserve(r.patients.size() * width);
  for (const auto& p : r.patients) {
    const auto& row = parameters ? p.parameters : p.values;
    flat.insert(flat.end(), row.begin(), row.end());
  }
  return array_of(flat, {static_cast<py::ssize_t>(r.patients.size()), static_cast<py::ssize_t>(width)});
}

// The pickled state: (scalars, names, patients, series, bands).
py::tuple state_of(const PopulationResult& r) {
  py::list patients;
  for (const auto& p : r.patients) patients.append(py::make_tuple(p.index, p.parameters, p.values, p.failed, p.failure));
  return py::make_tuple(
      py::make_tuple(r.scenario, r.description, r.n, r.first, r.cv, r.seed, r.failed, r.run_days, r.rtol,
                     r.wall_seconds, r.threads),
      py::make_tuple(r.parameters, r.parameter_units, r.nominal, r.outputs, r.units, r.requested_days, r.times_days,
                     r.band_days),
      patients, r.series, r.bands);
}

PopulationResult from_state(const py::tuple& t) {
  if (t.size() != 5) throw std::runtime_error("PopulationResult: unexpected pickled state");
  PopulationResult r;
  const auto scalars = t[0].cast<py::tuple>();
  std::tie(r.scenario, r.description, r.n, r.first, r.cv, r.seed, r.failed, r.run_days, r.rtol, r.wall_seconds,
           r.threads) =
      scalars.cast<std::tuple<std::string, std::string, std::size_t, std::size_t, double, std::uint64_t, std::size_t,
                              double, double, double, int>>();
  using Names = std::vector<std::string>;
  using Numbers = std::vector<double>;
  std::tie(r.parameters, r.parameter_units, r.nominal, r.outputs, r.units, r.requested_days, r.times_days,
           r.band_days) = t[1].cast<std::tuple<Names, Names, Numbers, Names, Names, Numbers, Numbers, Numbers>>();
  for (const auto& item : t[2].cast<py::list>()) {
    auto [index, parameters, values, failed, failure] =
        item.cast<std::tuple<std::size_t, Numbers, Numbers, bool, std::string>>();
    r.patients.push_back({index, std::move(parameters), std::move(values), failed, std::move(failure)});
  }
  r.series = t[3].cast<Numbers>();
  r.bands = t[4].cast<Numbers>();
  return r;
}

}  // namespace

void register_population(py::module_& m) {
  py::class_<PopulationResult, PopulationPtr>(
      m, "PopulationResult",
      "A virtual population run by the engine (see calcsim.population, which wraps it in DataFrames). Arrays "
      "are copies; it pickles.")
      .def_readonly("scenario", &PopulationResult::scenario)
      .def_readonly("description", &PopulationResult::description)
      .def_readonly("n", &PopulationResult::n)
      .def_readonly("first", &PopulationResult::first)
      .def_readonly("cv", &PopulationResult::cv)
      .def_readonly("seed", &PopulationResult::seed)
      .def_readonly("parameters", &PopulationResult::parameters)
      .def_readonly("parameter_units", &PopulationResult::parameter_units)
      .def_readonly("nominal", &PopulationResult::nominal)
      .def_readonly("outputs", &PopulationResult::outputs)
      .def_readonly("units", &PopulationResult::units)
      .def_readonly("requested_days", &PopulationResult::requested_days)
      .def_readonly("times_days", &PopulationResult::times_days)
      .def_readonly("band_days", &PopulationResult::band_days)
      .def_readonly("failed", &PopulationResult::failed)
      .def_readonly("run_days", &PopulationResult::run_days)
      .def_readonly("rtol", &PopulationResult::rtol)
      .def_readonly("wall_seconds", &PopulationResult::wall_seconds)
      .def_readonly("threads", &PopulationResult::threads)
      .def_property_readonly("patient_index",
                             [](const PopulationResult& r) {
                               std::vector<std::size_t> out;
                               for (const auto& p : r.patients) out.push_back(p.index);
                               return py::array_t<std::size_t>(static_cast<py::ssize_t>(out.size()), out.data());
                             })
      .def_property_readonly("failures",
                             [](const PopulationResult& r) {
                               std::vector<std::string> out;
                               for (const auto& p : r.patients) out.push_back(p.failure);
                               return out;
                             },
                             "Each patient's failure message ('' when it ran).")
      .def_property_readonly(
          "parameter_values", [](const PopulationResult& r) { return patient_matrix(r, true); },
          "patients x varied parameters")
      .def_property_readonly(
          "values", [](const PopulationResult& r) { return patient_matrix(r, false); },
          "patients x (outputs x summary times), output-major; NaN for a failed patient")
      .def_property_readonly(
          "series",
          [](const PopulationResult& r) {
            return array_of(r.series, {static_cast<py::ssize_t>(r.patients.size()),
                                       static_cast<py::ssize_t>(r.outputs.size()),
                                       static_cast<py::ssize_t>(r.band_days.size())});
          },
          "patients x outputs x band times")
      .def_property_readonly(
          "bands",
          [](const PopulationResult& r) {
            return array_of(r.bands, {static_cast<py::ssize_t>(r.outputs.size()),
                                      static_cast<py::ssize_t>(r.band_days.size()),
                                      static_cast<py::ssize_t>(population_percentiles.size())});
          },
          "outputs x band times x percentiles (5, 25, 50, 75, 95)")
      .def("output_label", &population_output_label, py::arg("output"), py::arg("time"),
           "The column label of output o at summary time t, as in the patients CSV.")
      .def(
          "report", [](const PopulationResult& r, const std::string& format) { return population_report(r, parse_format(format)); },
          py::arg("format") = "table", "The summary `calcsim population` prints: 'table', 'csv' or 'json'.")
      .def("patients_csv", &population_patients_csv, "The file `calcsim population --out x.csv` writes.")
      .def("bands_csv", &population_bands_csv, "The file `calcsim population --bands-out x.csv` writes.")
      .def(py::pickle([](const PopulationResult& r) { return state_of(r); },
                      [](const py::tuple& t) { return std::make_shared<PopulationResult>(from_state(t)); }));

  m.attr("population_percentiles") = std::vector<double>(population_percentiles.begin(), population_percentiles.end());
  m.def("default_population_parameters", &default_population_parameters,
        "The parameters a population varies by default: all but the structural exponents and steepnesses, the "
        "reference points where curves are centred (such as renal.ckd_threshold) and the measurement conventions "
        "artery.score_per_mmol and bone.tscore_sd.");
  m.def("default_population_outputs", &default_population_outputs);

  m.def(
      "population",
      [](const Scenario& scenario, const py::object& params, std::size_t n, double cv, std::uint64_t seed, int threads,
         const std::vector<std::string>& outputs, double every_days, const std::vector<double>& at_days,
         const std::vector<std::string>& parameters, std::size_t first, std::optional<std::size_t> count,
         const std::optional<std::function<void(std::size_t, std::size_t)>>& progress) {
        if (threads < 0) throw InputError(SourceLocation::of_option("threads"), "expected 0 (automatic) or more threads");
        const Scenario s = scenario;
        const Params p = params_from(params);
        PopulationOptions o;
        o.n = n;
        o.cv = cv;
        o.seed = seed;
        o.threads = threads;
        o.outputs = outputs;
        o.every_days = every_days;
        o.at_days = at_days;
        o.parameters = parameters;
        o.first = first;
        o.count = count;
        // Both run on this (the calling) thread, with the GIL released around
        // them. Once a signal handler has raised, Python is not called again.
        bool interrupted = false;
        o.cancelled = [&interrupted] {
          const py::gil_scoped_acquire gil;
          interrupted = PyErr_CheckSignals() != 0;
          return interrupted;
        };
        if (progress)
          o.progress = [&progress, &interrupted](std::size_t done, std::size_t total) {
            const py::gil_scoped_acquire gil;
            if (!interrupted) (*progress)(done, total);
          };
        try {
          const py::gil_scoped_release release;
          return std::make_shared<PopulationResult>(calcsim::population(s, p, o));
        } catch (const Cancelled& e) {
          // PyErr_CheckSignals raised KeyboardInterrupt (or the handler's own exception): raise it.
          if (PyErr_Occurred() == nullptr) PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
          throw py::error_already_set();
        }
      },
      py::arg("scenario"), py::arg("params") = py::none(), py::arg("n") = 100, py::arg("cv") = 0.3,
      py::arg("seed") = 1, py::arg("threads") = 0, py::arg("outputs") = std::vector<std::string>{},
      py::arg("every_days") = 30.0, py::arg("at_days") = std::vector<double>{},
      py::arg("parameters") = std::vector<std::string>{}, py::arg("first") = 0, py::arg("count") = py::none(),
      py::arg("progress") = py::none(),
      "Runs a virtual population (or patients [first, first + count) of it) with the GIL released; "
      "KeyboardInterrupt stops it. progress(done, total) is called about every 50 ms. Raises InputError "
      "(ValueError) for bad options.");

  m.def(
      "merge_populations",
      [](const std::vector<PopulationPtr>& parts) {
        std::vector<PopulationResult> copies;
        for (const auto& part : parts) copies.push_back(*part);
        return std::make_shared<PopulationResult>(merge_populations(std::move(copies)));
      },
      py::arg("parts"), "Joins chunks of one population (from population(first=, count=)) into one, bands recomputed.");
}

}  // namespace calcsim::python
