// The convergence order of the production method: odeint's rosenbrock4
// (the stepper inside calcsim's integrator) with fixed steps on a stiff
// linear system y' = A y, against the exact solution exp(A t) y0.
//
// Built as C++17 (odeint's rosenbrock4 needs uBLAS, which Boost 1.74 cannot
// compile as C++20; see engine/CMakeLists.txt): no C++20-only headers here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

// The production LU (Eigen behind uBLAS's interface); it must precede the
// Rosenbrock headers. With a system of the model's own size (model::n_ode)
// the same fixed-size kernels run as in a simulation.
#include "ublas_lu_eigen.hpp"
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/ublas/matrix.hpp>
#include <boost/numeric/ublas/vector.hpp>

// The production coefficients: RODAS, with odeint's sign error in d4 fixed.
#include "rosenbrock_coefficients.hpp"

namespace {

namespace odeint = boost::numeric::odeint;
using StateVector = boost::numeric::ublas::vector<double>;
using JacobianMatrix = boost::numeric::ublas::matrix<double>;

constexpr int n = calcsim::model::n_ode;

// A = V diag(lambda) V^-1 with eigenvalues from -0.5 to -2000 (a stiffness
// ratio of 4000, as between this model's hours-long and minutes-long states)
// and a fixed, well-conditioned, non-orthogonal V, so the modes are coupled.
Eigen::MatrixXd stiff_matrix() {
  Eigen::MatrixXd v = Eigen::MatrixXd::Identity(n, n);
  unsigned state = 12345u;
  auto uniform = [&state] {  // a small LCG: the same matrix on every platform
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state >> 8) / static_cast<double>(1u << 24) - 0.5;
  };
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) v(i, j) += 0.4 * uniform();
  Eigen::VectorXd lambda(n);
  for (int k = 0; k < n; ++k) lambda(k) = -0.5 * std::pow(4000.0, static_cast<double>(k) / (n - 1));
  return v * lambda.asDiagonal() * v.inverse();
}

// y' = A y + b exp(-k t): a linear system driven, like the model's solver
// states by its closed-form depots, by a decaying input (k = 0 and b = 0
// make it autonomous).
struct Linear {
  const Eigen::MatrixXd* a;
  const Eigen::VectorXd* b;
  double k;
  void operator()(const StateVector& x, StateVector& dxdt, double t) const {
    const double forcing = std::exp(-k * t);
    for (int i = 0; i < n; ++i) {
      double s = (*b)(i) * forcing;
      for (int j = 0; j < n; ++j) s += (*a)(i, j) * x[static_cast<std::size_t>(j)];
      dxdt[static_cast<std::size_t>(i)] = s;
    }
  }
};

struct LinearJacobian {
  const Eigen::MatrixXd* a;
  const Eigen::VectorXd* b;
  double k;
  void operator()(const StateVector& /*x*/, JacobianMatrix& jac, double t, StateVector& dfdt) const {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) jac(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) = (*a)(i, j);
      dfdt[static_cast<std::size_t>(i)] = -k * (*b)(i) * std::exp(-k * t);
    }
  }
};

// Integrates y' = A y + b exp(-k t) from y0 over [0, t_end] with `steps`
// fixed steps of the given Rosenbrock stepper; returns the max-norm error
// relative to the exact solution's size.
template <class Stepper>
double fixed_step_error(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double k, const Eigen::VectorXd& y0,
                        double t_end, int steps) {
  // Exact: y = exp(A t) (y0 - c) + c exp(-k t), with (A + k I) c = -b.
  const Eigen::VectorXd c = (a + k * Eigen::MatrixXd::Identity(n, n)).partialPivLu().solve(-b);
  const Eigen::MatrixXd at = a * t_end;
  const Eigen::VectorXd exact = at.exp() * (y0 - c) + c * std::exp(-k * t_end);

  Stepper stepper;
  const auto system = std::make_pair(Linear{&a, &b, k}, LinearJacobian{&a, &b, k});
  StateVector x(n);
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = y0(i);
  const double dt = t_end / steps;
  for (int s = 0; s < steps; ++s) stepper.do_step(system, x, s * dt, dt);
  double error = 0.0;
  for (int i = 0; i < n; ++i) error = std::max(error, std::abs(x[static_cast<std::size_t>(i)] - exact(i)));
  return error / exact.cwiseAbs().maxCoeff();
}

using Production = odeint::rosenbrock4<double, calcsim::detail::RodasCoefficients>;
using OdeintDefault = odeint::rosenbrock4<double>;

// Observed orders log2(e(dt) / e(dt/2)) over 20, 40, ..., 320 steps.
template <class Stepper>
std::vector<double> observed_orders(const char* label, const Eigen::MatrixXd& a, const Eigen::VectorXd& b, double k,
                                    std::vector<double>* errors_out = nullptr) {
  const Eigen::VectorXd y0 = Eigen::VectorXd::LinSpaced(n, 1.0, 2.0);
  std::vector<double> errors, orders;
  for (int steps = 20; steps <= 320; steps *= 2) errors.push_back(fixed_step_error<Stepper>(a, b, k, y0, 1.0, steps));
  for (std::size_t i = 1; i < errors.size(); ++i) {
    orders.push_back(std::log2(errors[i - 1] / errors[i]));
    std::printf("[ reference ] rosenbrock4 fixed step, %s: %d -> %d steps, relative error %.3e -> %.3e, observed order %.2f\n",
                label, 20 << (i - 1), 20 << i, errors[i - 1], errors[i], orders.back());
  }
  if (errors_out != nullptr) *errors_out = errors;
  return orders;
}

TEST(RosenbrockOrder, FixedStepGlobalErrorFallsWithOrderFour) {
  const Eigen::MatrixXd a = stiff_matrix();
  const Eigen::VectorXd none = Eigen::VectorXd::Zero(n);
  std::vector<double> errors;
  for (double order : observed_orders<Production>("y' = A y", a, none, 0.0, &errors)) {
    EXPECT_GE(order, 3.5);
    EXPECT_LE(order, 4.5);
  }
  EXPECT_LT(errors.back(), 1e-8);  // and well above round-off, so the orders mean something
  EXPECT_GT(errors.back(), 1e-13);
}

// The same with a time-dependent input: the order conditions that involve
// df/dt (odeint's default coefficients get one of them wrong, see
// rosenbrock_coefficients.hpp).
TEST(RosenbrockOrder, FixedStepGlobalErrorFallsWithOrderFourWhenDriven) {
  const Eigen::MatrixXd a = stiff_matrix();
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(n, 50.0, -30.0);
  constexpr double k = 5.0;  // decays over a fifth of the interval, like a dose being absorbed
  for (double order : observed_orders<Production>("y' = A y + b exp(-5 t)", a, b, k)) {
    EXPECT_GE(order, 3.5);
    EXPECT_LE(order, 4.5);
  }
  // For information only (no assertion, so a fixed Boost does not fail the suite).
  observed_orders<OdeintDefault>("odeint's default coefficients, y' = A y + b exp(-5 t)", a, b, k);
}

}  // namespace
