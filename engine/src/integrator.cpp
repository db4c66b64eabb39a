#include "integrator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "ublas_lu_eigen.hpp"
// (the specialisations above must precede the Rosenbrock stepper)
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_controller.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_dense_output.hpp>
#include <boost/numeric/ublas/matrix.hpp>
#include <boost/numeric/ublas/vector.hpp>

#include "rosenbrock_coefficients.hpp"

#include "calcsim/errors.hpp"

namespace calcsim {
namespace {

namespace odeint = boost::numeric::odeint;
using StateVector = boost::numeric::ublas::vector<double>;
using JacobianMatrix = boost::numeric::ublas::matrix<double>;
// RODAS's coefficients with odeint's sign error in d4 corrected (see rosenbrock_coefficients.hpp).
using Controller = odeint::rosenbrock4_controller<odeint::rosenbrock4<double, detail::RodasCoefficients>>;
using Stepper = odeint::rosenbrock4_dense_output<Controller>;

struct RightHandSide {
  const model::Context* context;
  const model::Inputs* inputs;
  SolverStats* stats;
  void operator()(const StateVector& x, StateVector& dxdt, double tau) const {
    ++stats->rhs_evaluations;
    model::derivatives(*context, *inputs, &x[0], &dxdt[0], tau);
  }
};

struct Jacobian {
  const model::Context* context;
  const model::Inputs* inputs;
  SolverStats* stats;
  void operator()(const StateVector& x, JacobianMatrix& jac, double tau, StateVector& dfdt) const {
    ++stats->jacobian_evaluations;
    model::jacobian(*context, *inputs, &x[0], &jac.data()[0], &dfdt[0], tau);
  }
};

void check_finite(const StateVector& x, double t_abs) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      throw NumericalError(t_abs, std::string(model::state_info()[static_cast<std::size_t>(model::ode_states()[i])].name),
                           "the state became " + std::string(std::isnan(x[i]) ? "NaN" : "infinite") +
                               " (parameters may be outside the range where the model is stable)");
    }
  }
}

// The state most likely at fault: the first non-finite or negative one.
std::string worst_state(const StateVector& x) {
  for (std::size_t k = 0; k < x.size(); ++k)
    if (!std::isfinite(x[k]) || x[k] < 0.0)
      return std::string(model::state_info()[static_cast<std::size_t>(model::ode_states()[k])].name);
  return "(no single state; all finite and non-negative)";
}

}  // namespace

struct Integrator::Impl {
  Impl(const model::Context& c, double rtol, double atol) : context(c), stepper(Controller(atol, rtol)) {}
  const model::Context& context;
  Stepper stepper;
  double dt = 1e-3;  // days; the step size carried across events
  SolverStats stats;
  StateVector x{model::n_ode};
  StateVector sample{model::n_ode};
};

Integrator::Integrator(const model::Context& context, double rtol, double atol)
    : impl_(std::make_unique<Impl>(context, rtol, atol)) {
  impl_->stats.method = "Rosenbrock 4(3), dense output (Boost.Odeint); Jacobian by automatic differentiation";
  impl_->stats.rtol = rtol;
  impl_->stats.atol = atol;
}

Integrator::~Integrator() = default;

const SolverStats& Integrator::stats() const { return impl_->stats; }

void Integrator::advance(const model::Inputs& inputs, std::vector<double>& x_io, double length,
                         const std::vector<double>& sample_taus, const Sink& sink) {
  Impl& s = *impl_;
  std::size_t next = 0;
  while (next < sample_taus.size() && sample_taus[next] <= 0.0) sink(next++, x_io.data());
  if (length <= 0.0) return;
  ++s.stats.segments;

  std::copy(x_io.begin(), x_io.end(), s.x.begin());
  const RightHandSide rhs{&s.context, &inputs, &s.stats};
  const Jacobian jac{&s.context, &inputs, &s.stats};
  const double end_tolerance = 1e-12 * std::max(1.0, length);

  // A healthy interval takes a handful of steps; tens of thousands mean the
  // parameters have pushed the model somewhere it cannot be solved.
  constexpr long max_steps_per_interval = 50000;
  long steps_here = 0;
  double t = 0.0;
  s.stepper.initialize(s.x, 0.0, std::min(s.dt, length));
  while (length - t > end_tolerance) {
    double dt = s.stepper.current_time_step();
    const bool clamped = t + dt > length;
    if (clamped) dt = length - t;
    // Re-initialising from the current state is how the interval end is hit
    // exactly; it keeps the controller's step-size history.
    s.stepper.initialize(s.stepper.current_state(), t, dt);
    std::pair<double, double> done;
    try {
      done = s.stepper.do_step(std::make_pair(rhs, jac));
    } catch (const std::runtime_error& e) {
      // odeint gives up (step_adjustment_error, overflow_error) when no step
      // size satisfies the tolerance, typically after the state left the
      // model's domain.
      throw NumericalError(inputs.t_start + t, worst_state(s.stepper.current_state()),
                           std::string("the solver could not find a step size: ") + e.what());
    }
    ++s.stats.steps;
    if (done.second - done.first < 1e-12 * std::max(1.0, length) || ++steps_here > max_steps_per_interval)
      throw NumericalError(inputs.t_start + done.second, worst_state(s.stepper.current_state()),
                           "the step size collapsed (" + std::to_string(done.second - done.first) +
                               " days); the system is too stiff or unstable for these parameters");
    t = done.second;
    check_finite(s.stepper.current_state(), inputs.t_start + t);
    while (next < sample_taus.size() && sample_taus[next] <= t + end_tolerance) {
      s.stepper.calc_state(std::min(sample_taus[next], t), s.sample);
      sink(next++, &s.sample[0]);
    }
    const double suggested = s.stepper.current_time_step();
    s.dt = clamped ? std::max(s.dt, suggested) : suggested;
  }
  const StateVector& end = s.stepper.current_state();
  std::copy(end.begin(), end.end(), x_io.begin());
  while (next < sample_taus.size()) sink(next++, x_io.data());
}

}  // namespace calcsim
