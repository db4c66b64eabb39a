#include "integrator.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/numeric/odeint/integrate/integrate_times.hpp>
#include <boost/numeric/odeint/integrate/max_step_checker.hpp>

#include "calcsim/errors.hpp"
#include "rosenbrock_stepper.hpp"

namespace calcsim {
namespace {

namespace odeint = boost::numeric::odeint;
constexpr int n = model::n_ode;
using DenseOutput = solver::RosenbrockDenseOutput<n>;
using State = DenseOutput::state_type;
using JacobianMatrix = solver::RosenbrockStepper<n>::matrix_type;

// The full state (solver states and the closed-form depots) at the last time
// the right-hand side was asked for. The depots depend on the time alone
// within a segment, and a step evaluates its last stage and its end at the
// same time (ROS34PW2's fourth stage is at t + h): that evaluation reuses
// them, one closed form (nine exponentials) in four. Shared through a
// pointer, as odeint copies the system into every call; forgotten at each
// segment (new inputs).
struct DepotCache {
  double tau = std::numeric_limits<double>::quiet_NaN();
  FullState x{};
};

struct RightHandSide {
  const model::Context* context;
  const model::Inputs* inputs;
  DepotCache* cache;
  void operator()(const State& y, State& dydt, double tau) const {
    FullState& x = cache->x;
    const auto& ode = model::ode_states();
    if (tau == cache->tau) {
      for (int k = 0; k < n; ++k) x[static_cast<std::size_t>(ode[static_cast<std::size_t>(k)])] = y(k);
    } else {
      model::full_state(*context, *inputs, y.data(), tau, x.data());
      cache->tau = tau;
    }
    FullState dx{};
    model::full_derivatives(*context, *inputs, x.data(), dx.data(), tau);
    for (int k = 0; k < n; ++k) dydt(k) = dx[static_cast<std::size_t>(ode[static_cast<std::size_t>(k)])];
  }
};

struct Jacobian {
  const model::Context* context;
  const model::Inputs* inputs;
  void operator()(const State& x, JacobianMatrix& jac, double tau, State& dfdt) const {
    model::jacobian(*context, *inputs, x.data(), jac.data(), dfdt.data(), tau);
  }
};

// The state most likely at fault: the first non-finite or negative one.
std::string worst_state(const State& x) {
  for (int k = 0; k < n; ++k)
    if (!std::isfinite(x(k)) || x(k) < 0.0)
      return std::string(model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])].name);
  return "(no single state; all finite and non-negative)";
}

// The states the controller holds to their increment (rosenbrock_stepper.hpp):
// the accumulators and running totals, which only sum a flux.
solver::RosenbrockController<n>::mask_type integral_states() {
  solver::RosenbrockController<n>::mask_type integrals;
  for (int k = 0; k < n; ++k)
    integrals(k) =
        model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])].kind == model::StateKind::Accumulator;
  return integrals;
}

const solver::RosenbrockTableau& method_for(double rtol) {
  return rtol < Integrator::rodas_below_rtol ? solver::rodas : solver::ros34pw2;
}

}  // namespace

struct Integrator::Impl {
  Impl(const model::Context& c, double rtol, double atol)
      : context(c), stepper(std::in_place, atol, rtol, method_for(rtol), integral_states()) {}
  const model::Context& context;
  DenseOutput stepper;
  static constexpr double first_step = 1e-3;  // days
  double dt = first_step;  // days; the step size carried across events
  SolverStats stats;
  std::vector<double> times;
  DepotCache depots;
};

Integrator::Integrator(const model::Context& context, double rtol, double atol)
    : impl_(std::make_unique<Impl>(context, rtol, atol)) {
  const solver::RosenbrockTableau& method = method_for(rtol);
  impl_->stats.method = std::string(method.name) + (method.w_method ? " (Rosenbrock W-method" : " (Rosenbrock method") +
                        ", order " + std::to_string(method.order) +
                        ", driven by Boost.Odeint's integrate_times); Jacobian by automatic differentiation" +
                        (method.w_method ? ", reused across steps and events" : "");
  impl_->stats.rtol = rtol;
  impl_->stats.atol = atol;
}

Integrator::~Integrator() = default;

void Integrator::restart() {
  impl_->dt = Impl::first_step;
  impl_->stepper.controller().stepper().refresh_jacobian();
}

const SolverStats& Integrator::stats() const {
  const solver::RosenbrockCounters& k = impl_->stepper.counters();
  impl_->stats.steps = k.steps;
  impl_->stats.rhs_evaluations = k.rhs_evaluations;
  impl_->stats.jacobian_evaluations = k.jacobian_evaluations;
  impl_->stats.rejected_steps = k.rejected;
  impl_->stats.factorisations = k.factorisations;
  return impl_->stats;
}

void Integrator::advance(const model::Inputs& inputs, SolverState& y, double length, std::span<const double> taus,
                         const Sink& sink) {
  Impl& s = *impl_;
  std::size_t next = 0;
  while (next < taus.size() && taus[next] <= 0.0) sink(next++, y.data());
  if (length <= 0.0) return;
  ++s.stats.segments;

  // integrate_times observes its first time (the start) and its last (the
  // end, where it stops exactly); the samples lie between.
  s.times.clear();
  s.times.push_back(0.0);
  const std::size_t first_inside = next;
  while (next < taus.size() && taus[next] < length) s.times.push_back(taus[next++]);
  s.times.push_back(length);
  const std::size_t last_observation = s.times.size() - 1;

  State x = Eigen::Map<const State>(y.data());
  s.depots.tau = std::numeric_limits<double>::quiet_NaN();
  const auto system = std::make_pair(RightHandSide{&s.context, &inputs, &s.depots}, Jacobian{&s.context, &inputs});
  std::size_t observed = 0;
  auto observer = [&](const State& xs, double) {
    if (observed > 0 && observed < last_observation) sink(first_inside + observed - 1, xs.data());
    ++observed;
  };
  // A healthy interval takes a handful of steps; tens of thousands between
  // two samples mean the parameters have pushed the model where it cannot
  // be solved.
  constexpr int max_steps_between_samples = 50000;
  try {
    odeint::integrate_times(std::ref(s.stepper), system, x, s.times.begin(), s.times.end(), std::min(s.dt, length),
                            observer, odeint::max_step_checker(max_steps_between_samples));
  } catch (const solver::SingularMatrixError& e) {
    throw NumericalError(inputs.t_start + e.time(), worst_state(s.stepper.current_state()), e.what());
  } catch (const solver::StepSizeError& e) {
    throw NumericalError(inputs.t_start + e.time(), worst_state(s.stepper.current_state()),
                         std::string(e.what()) + "; the system is too stiff or unstable for these parameters");
  } catch (const odeint::no_progress_error& e) {
    throw NumericalError(inputs.t_start + s.stepper.current_time(), worst_state(s.stepper.current_state()),
                         std::string("the solver made no progress: ") + e.what());
  }
  const State& end = s.stepper.current_state();
  for (int k = 0; k < n; ++k)
    if (!std::isfinite(end(k)))
      throw NumericalError(inputs.t_start + length, worst_state(end),
                           std::string("the state became ") + (std::isnan(end(k)) ? "NaN" : "infinite") +
                               " (parameters may be outside the range where the model is stable)");
  Eigen::Map<State>(y.data()) = end;
  s.dt = solver::RosenbrockController<n>::step_rung(s.stepper.step_after_event());
  while (next < taus.size()) sink(next++, y.data());
}

}  // namespace calcsim
