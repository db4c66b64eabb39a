// The model as an ODE system, for driving it with another solver from Python
// (the scipy contenders of bench/ do): the compiled right-hand side and
// Jacobian of the solver states, the event timeline (segments and the jumps
// at their starts), the closed-form pharmacokinetic depots, the starting
// state, and the mapping from states to outputs. The production engine does
// the same walk (TimelineWalk) internally; this lets Python drive it.
//
// Usage (a loop over the intervals between events, in absolute days):
//     m = _core.Model(scenario)
//     x = m.initial_state
//     for i in range(m.segment_count):
//         y0 = m.start_segment(i, x)          # applies the jumps, fixes the inputs
//         t0, t1 = m.segment_bounds(i)
//         ... integrate m.rhs(t, y) (Jacobian m.jacobian(t, y)) from t0 to t1 ...
//         x = m.full_state(t1, y_end)
#include <pybind11/numpy.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "calcsim/simulator.hpp"
#include "model/model.hpp"
#include "model/output_point.hpp"
#include "register.hpp"
#include "schedule/schedule.hpp"
#include "schedule/timeline_walk.hpp"

namespace calcsim::python {
namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// Not copyable or movable: the walk points at the context and the timeline.
class OdeSystem {
 public:
  OdeSystem(Scenario s, const Params& p, InitialCondition init)
      : scenario_(std::move(s)), init_(std::move(init)), context_(model::run_context(p, scenario_, init_)),
        timeline_(build_timeline(scenario_, p)), times_(output_times(timeline_.t_end, scenario_.output_every_days)),
        walk_(context_, timeline_) {
    if (init_.state.size() != static_cast<std::size_t>(model::n_states))
      throw std::invalid_argument(cat("the initial state has ", std::to_string(init_.state.size()), " entries, expected ",
                                      std::to_string(model::n_states)));
  }

  OdeSystem(const OdeSystem&) = delete;
  OdeSystem& operator=(const OdeSystem&) = delete;

  std::size_t segment_count() const { return timeline_.segments.size(); }
  double t_end() const { return timeline_.t_end; }
  const std::vector<double>& times() const { return times_; }
  const InitialCondition& init() const { return init_; }

  std::pair<double, double> bounds(std::size_t i) const {
    check_segment(i);
    return walk_.bounds(i);
  }

  std::vector<std::pair<int, double>> jumps(std::size_t i) const {
    check_segment(i);
    std::vector<std::pair<int, double>> out;
    for (const Jump& j : timeline_.segments[i].jumps) out.emplace_back(j.state, j.amount);
    return out;
  }

  // Applies segment i's jumps to the full state x, fixes the segment's inputs
  // and returns the solver state to start it from.
  Array start_segment(std::size_t i, const Array& x_in) {
    check_segment(i);
    const double* x0 = checked(x_in, model::n_states, "x");
    FullState x{};
    std::copy(x0, x0 + model::n_states, x.begin());
    walk_.start(i, x);
    segment_ = i;
    const SolverState y = solver_part(x);
    Array out(model::n_ode);
    std::copy(y.begin(), y.end(), out.mutable_data());
    return out;
  }

  Array rhs(double t, const Array& y) const {
    const double* yp = checked(y, model::n_ode, "y");
    Array out(model::n_ode);
    model::derivatives(context_, current(), yp, out.mutable_data(), t - walk_.inputs().t_start);
    return out;
  }

  Array jacobian(double t, const Array& y) const {
    const double* yp = checked(y, model::n_ode, "y");
    Array out({model::n_ode, model::n_ode});
    std::array<double, model::n_ode> dfdt{};
    model::jacobian(context_, current(), yp, out.mutable_data(), dfdt.data(), t - walk_.inputs().t_start);
    return out;
  }

  // Full states at times ts (m) from solver states ys (n_ode x m, as
  // scipy's solve_ivp returns them): m x n_states.
  Array full_states(const Array& ts, const Array& ys) const {
    const auto& in = current();
    if (ys.ndim() != 2 || ys.shape(0) != model::n_ode || ts.ndim() != 1 || ts.shape(0) != ys.shape(1))
      throw std::invalid_argument(cat("expected times of shape (m,) and states of shape (", std::to_string(model::n_ode),
                                      ", m)"));
    const py::ssize_t m = ts.shape(0);
    Array out({m, static_cast<py::ssize_t>(model::n_states)});
    std::array<double, model::n_ode> y{};
    for (py::ssize_t j = 0; j < m; ++j) {
      for (int k = 0; k < model::n_ode; ++k) y[static_cast<std::size_t>(k)] = ys.at(k, j);
      model::full_state(context_, in, y.data(), ts.at(j) - in.t_start, out.mutable_data(j, 0));
    }
    return out;
  }

  Array full_state(double t, const Array& y) const {
    const double* yp = checked(y, model::n_ode, "y");
    Array out(model::n_states);
    model::full_state(context_, current(), yp, t - walk_.inputs().t_start, out.mutable_data());
    return out;
  }

  // Output rows (as simulate's result) from full states at times ts; the
  // first row's per-day balance columns are those of the first interval.
  Array outputs(const Array& ts, const Array& states) const {
    if (states.ndim() != 2 || states.shape(1) != model::n_states || ts.ndim() != 1 || ts.shape(0) != states.shape(0))
      throw std::invalid_argument(cat("expected times of shape (m,) and states of shape (m, ",
                                      std::to_string(model::n_states), ")"));
    const py::ssize_t m = ts.shape(0);
    const auto n_cols = static_cast<py::ssize_t>(output_columns().size());
    Array out({m, n_cols});
    if (m == 0) return out;
    for (py::ssize_t j = 0; j < m; ++j) {
      const py::ssize_t prev = std::max<py::ssize_t>(j - 1, 0);
      compute_outputs(context_, ts.at(j), states.data(j, 0), ts.at(prev), states.data(prev, 0), ts.at(0),
                      states.data(0, 0), out.mutable_data(j, 0));
    }
    const auto definitions = output_definitions();
    if (m > 1)
      for (py::ssize_t c = 0; c < n_cols; ++c)
        if (definitions[static_cast<std::size_t>(c)].interval_average) out.mutable_at(0, c) = out.at(1, c);
    return out;
  }

 private:
  void check_segment(std::size_t i) const {
    if (i >= timeline_.segments.size())
      throw py::index_error(cat("segment ", std::to_string(i), " out of range (", std::to_string(timeline_.segments.size()),
                                " segments)"));
  }
  const model::Inputs& current() const {
    if (!segment_) throw std::logic_error("call start_segment(i, x) before evaluating the model");
    return walk_.inputs();
  }
  static const double* checked(const Array& a, int n, const char* name) {
    if (a.ndim() != 1 || a.shape(0) != n)
      throw std::invalid_argument(cat(name, " must be a vector of ", std::to_string(n), " values"));
    return a.data();
  }
  Scenario scenario_;
  InitialCondition init_;
  model::Context context_;
  Timeline timeline_;
  std::vector<double> times_;
  TimelineWalk walk_;  // the engine's walk, driven one segment at a time (it carries the saturation correction)
  std::optional<std::size_t> segment_;
};

Array to_array(const std::vector<double>& v) {
  Array a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

}  // namespace

void register_model(py::module_& m) {
  py::class_<OdeSystem>(m, "Model",
                        "The model as an ODE system for other solvers: rhs/jacobian of the solver states in "
                        "absolute days, the event timeline, the closed-form depots and the output mapping. "
                        "Call start_segment(i, x) before evaluating segment i.")
      .def(py::init([](const Scenario& scenario, const py::object& params, const std::optional<InitialCondition>& init) {
             const Scenario s = scenario;
             const Params p = params_from(params);
             py::gil_scoped_release release;
             return std::make_unique<OdeSystem>(s, p, init ? *init : initial_condition(s, p));
           }),
           py::arg("scenario"), py::arg("params") = py::none(), py::arg("initial_condition") = py::none(),
           "The scenario's model; by default from its patient's steady state (computed, GIL released).")
      .def_property_readonly_static("n_ode", [](const py::object&) { return model::n_ode; },
                                    "Number of solver states (the pharmacokinetic depots are closed-form)")
      .def_property_readonly_static("n_states", [](const py::object&) { return model::n_states; },
                                    "Number of model states")
      .def_property_readonly_static(
          "state_names",
          [](const py::object&) {
            std::vector<std::string> out;
            for (const auto& info : model::state_info()) out.emplace_back(info.name);
            return out;
          },
          "Model state names, in full-state order")
      .def_property_readonly_static(
          "ode_states",
          [](const py::object&) {
            const auto& ode = model::ode_states();
            return std::vector<int>(ode.begin(), ode.end());
          },
          "Full-state index of each solver state")
      .def_property_readonly_static(
          "output_columns",
          [](const py::object&) {
            std::vector<std::string> out;
            for (const auto& c : output_columns()) out.push_back(c.name);
            return out;
          },
          "Names of the output columns, 'time' first")
      .def_property_readonly("initial_state", [](const OdeSystem& s) { return to_array(s.init().state); },
                             "The full state at day 0 (a copy)")
      .def_property_readonly("initial_condition", [](const OdeSystem& s) { return s.init(); },
                             "The InitialCondition the run starts from")
      .def_property_readonly("segment_count", &OdeSystem::segment_count, "Intervals between events")
      .def_property_readonly("t_end", &OdeSystem::t_end, "End of the run, days")
      .def_property_readonly("output_times", [](const OdeSystem& s) { return to_array(s.times()); },
                             "Output times, days (as simulate samples them)")
      .def("segment_bounds", &OdeSystem::bounds, py::arg("i"), "(start, end) of segment i, days")
      .def("jumps", &OdeSystem::jumps, py::arg("i"), "[(full-state index, amount)] applied at segment i's start")
      .def("start_segment", &OdeSystem::start_segment, py::arg("i"), py::arg("x"),
           "Applies segment i's jumps to full state x, fixes its inputs, returns the solver state to start from")
      .def("rhs", &OdeSystem::rhs, py::arg("t"), py::arg("y"), "dy/dt at absolute time t (days) in the current segment")
      .def("jacobian", &OdeSystem::jacobian, py::arg("t"), py::arg("y"), "d(dy/dt)/dy (n_ode x n_ode)")
      .def("full_state", &OdeSystem::full_state, py::arg("t"), py::arg("y"),
           "The full state at time t from solver state y (the depots in closed form)")
      .def("full_states", &OdeSystem::full_states, py::arg("t"), py::arg("y"),
           "Full states (m x n_states) at times t (m) from solver states y (n_ode x m)")
      .def("outputs", &OdeSystem::outputs, py::arg("t"), py::arg("states"),
           "Output rows (columns as output_columns) from full states (m x n_states) at times t (m)");
}

}  // namespace calcsim::python
