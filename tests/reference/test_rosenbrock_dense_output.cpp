// The dense output of calcsim's own stepper (rosenbrock_stepper.hpp) between
// long steps: a state that relaxes within minutes onto a slowly moving target
// (as PTH onto its set by calcium, in a daily-averaged run's steps of days)
// must be read on its slow manifold between the steps, not on a cubic that
// its ends' derivatives (tolerance-sized residues times a large rate) swing
// far off it; and a sum of states that the system conserves must stay
// conserved at every time read.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include <boost/numeric/odeint/integrate/integrate_times.hpp>

#include "model/model.hpp"
#include "solver/rosenbrock_stepper.hpp"

namespace {

namespace odeint = boost::numeric::odeint;
using namespace calcsim::solver;

constexpr int n = calcsim::model::n_ode;  // the model's own size, as in a simulation
using DenseOutput = RosenbrockDenseOutput<n>;
using State = DenseOutput::state_type;
using Jacobian = RosenbrockStepper<n>::matrix_type;

constexpr double fast_rate = 1.0e4;  // 1/day: a half-life of 6 s
constexpr double transfer_rate = 0.3;  // 1/day

// The fast rate itself drifts, as PTH's does with calcium, so that a kept
// (W-method) Jacobian damps the fast mode less than fully and each step's end
// leaves x0 a tolerance-sized residue off its manifold.
double rate(double t) { return fast_rate * (1.0 + 0.5 * std::sin(t / 30.0)); }
double rate_slope(double t) { return fast_rate * 0.5 / 30.0 * std::cos(t / 30.0); }
// The slow manifold x0 relaxes onto: a swing over two months, as a
// daily-averaged run's hormones drift after a change of diet.
double target(double t) { return std::sin(t / 10.0); }
double target_slope(double t) { return 0.1 * std::cos(t / 10.0); }

// x0 relaxes onto target(t); x1 is carried into x2 (their sum is conserved);
// every other state decays slowly.
struct System {
  void operator()(const State& x, State& dxdt, double t) const {
    dxdt = -0.05 * x;
    dxdt[0] = -rate(t) * (x[0] - target(t));
    dxdt[1] = -transfer_rate * x[1];
    dxdt[2] = transfer_rate * x[1];
  }
};

struct SystemJacobian {
  void operator()(const State& x, Jacobian& jac, double t, State& dfdt) const {
    jac = -0.05 * Jacobian::Identity();
    jac(0, 0) = -rate(t);
    jac(1, 1) = -transfer_rate;
    jac(2, 1) = transfer_rate;
    jac(2, 2) = 0.0;
    dfdt.setZero();
    dfdt[0] = rate(t) * target_slope(t) - rate_slope(t) * (x[0] - target(t));
  }
};

TEST(RosenbrockDenseOutput, ARelaxingStateIsReadOnItsSlowManifoldBetweenLongSteps) {
  // A loose tolerance, as a daily-averaged run's, lets the steps grow to days.
  DenseOutput stepper(std::in_place, 1e-6, 1e-3);
  State x = State::Constant(1.0);
  x[0] = 0.0;
  std::vector<double> times;
  for (double t = 0.0; t <= 200.0; t += 0.25) times.push_back(t);
  double worst_off_manifold = 0.0, worst_ledger = 0.0, longest_step = 0.0, worst_end = 0.0;
  const double ledger = x[1] + x[2];
  odeint::integrate_times(
      std::ref(stepper), std::make_pair(System{}, SystemJacobian{}), x, times.begin(), times.end(), 0.05,
      [&](const State& y, double t) {
        worst_off_manifold = std::max(worst_off_manifold, std::abs(y[0] - target(t)));
        worst_ledger = std::max(worst_ledger, std::abs(y[1] + y[2] - ledger));
        worst_end = std::max(worst_end, std::abs(stepper.current_state()[0] - target(stepper.current_time())));
        longest_step = std::max(longest_step, stepper.current_time() - stepper.previous_time());
      });
  EXPECT_GT(longest_step, 0.5) << "the steps must be long for the test to mean anything";
  // At most half the target's change over the longest step (|target'| <= 0.1)
  // plus its chord error there (|target''| <= 0.01) and the tolerance: a cubic
  // swung by its ends' derivatives is off by a hundred times more (25 here).
  std::printf("[ reference ] longest step %.2f days, farthest off the manifold %.3g, at a step's end %.3g\n",
              longest_step, worst_off_manifold, worst_end);
  EXPECT_LT(worst_off_manifold, 0.5 * 0.1 * longest_step + 0.01 * longest_step * longest_step / 8.0 + 0.01);
  EXPECT_LT(worst_end, 0.01);
  EXPECT_LT(worst_ledger, 1e-12);
}

}  // namespace
