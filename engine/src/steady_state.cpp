// The patient's initial state: computed, not guessed. First the usual diet is
// spread evenly over the day and the fast system is relaxed and then solved by
// Newton's method to its steady state (bone, artery and running totals held
// fixed); then six weeks of real meals settle it onto its daily cycle.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "calcsim/errors.hpp"
#include "calcsim/schedule.hpp"
#include "calcsim/simulator.hpp"
#include "integrator.hpp"
#include "calcsim/pulsed_absorption.hpp"

namespace calcsim {
namespace {

// Whole cycles (a dialysis rota comes round weekly). The averaged start, with
// the gut's saturation corrected, is already close to the daily cycle: two
// days bring the fast states onto it, two weeks the dialysis week.
constexpr double burn_in_days = 2.0;
constexpr double dialysis_burn_in_days = 14.0;

// Skeletal calcium at the start: the young-adult peak, reduced by the same
// age and menopause drift the model applies during a run, integrated from 30.
double initial_bone(const model::Context& c) {
  const double peak = c.bone_peak;
  if (!c.ageing || c.age0_years <= 30.0) return peak;
  const Params& p = c.p;
  const double loss_per_year = p.bone_turnover * (1.0 - p.bone_coupling);
  const int n = 2000;
  const double h = (c.age0_years - 30.0) / n;
  double integral = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double weight = (i == 0 || i == n) ? 0.5 : 1.0;
    integral += weight * (model::resorption_drive(c, 30.0 + i * h) - 1.0);
  }
  return peak * std::exp(-loss_per_year * integral * h);
}

// Where the steady-state search starts: each state's first guess from
// state_list.inc (expressions in p, c and s).
std::vector<double> first_guess(const model::Context& c, const Scenario& s) {
  const auto& p = c.p;
  return {
#define X(id, name, unit, kind, scale, guess, desc) static_cast<double>(guess),
#include "calcsim/state_list.inc"
#undef X
  };
}

// Newton's method on the solver states that are not accumulators.
void polish(const model::Context& c, const model::Inputs& in, std::vector<double>& x) {
  std::vector<int> free;
  for (int k = 0; k < model::n_ode; ++k)
    if (!model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])].accumulator())
      free.push_back(k);
  const auto m = static_cast<Eigen::Index>(free.size());
  std::vector<double> f(model::n_ode), jac(model::n_ode * model::n_ode), dfdt(model::n_ode);
  for (int iter = 0; iter < 20; ++iter) {
    model::jacobian(c, in, x.data(), jac.data(), dfdt.data(), 0.0);
    model::derivatives(c, in, x.data(), f.data(), 0.0);
    Eigen::MatrixXd J(m, m);
    Eigen::VectorXd r(m);
    for (Eigen::Index a = 0; a < m; ++a) {
      r(a) = f[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])];
      for (Eigen::Index b = 0; b < m; ++b)
        J(a, b) = jac[static_cast<std::size_t>(free[static_cast<std::size_t>(a)] * model::n_ode +
                                               free[static_cast<std::size_t>(b)])];
    }
    const Eigen::VectorXd step = J.partialPivLu().solve(-r);
    double worst = 0.0;
    for (Eigen::Index a = 0; a < m; ++a) {
      double& xi = x[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])];
      xi += step(a);
      worst = std::max(worst, std::abs(step(a)) / (std::abs(xi) + 1e-9));
    }
    if (worst < 1e-13) break;
  }
}

std::vector<double> solver_part(const std::vector<double>& x) {
  std::vector<double> y(model::n_ode);
  for (int k = 0; k < model::n_ode; ++k)
    y[static_cast<std::size_t>(k)] = x[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])];
  return y;
}

// Averages over a cycle that define the remodelling set point.
struct SetPointSums {
  double pth_power = 0.0, carboxylated = 0.0;
  int count = 0;
  double pth_setpoint(const Params& p) const {
    return std::pow(pth_power / count, 1.0 / p.bone_pth_exp);
  }
  double carboxylated_oc() const { return carboxylated / count; }
};

// Integrates the timeline from the full state x (accumulators frozen), with
// absolute times shifted by `offset` days; optionally samples the set point
// 96 times a day.
void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled(0.0);
}

void run_cycles(const model::Context& c, const Timeline& tl, double offset, std::vector<double>& x, SetPointSums* sums,
                const std::atomic<bool>* cancel, double rtol = 1e-8) {
  constexpr int samples_per_day = 96;
  Integrator integrator(c, rtol, rtol * 1e-3);
  AbsorptionCorrection absorption;
  std::vector<double> sample(model::n_states), taus;
  for (std::size_t i = 0; i < tl.segments.size(); ++i) {
    check_cancel(cancel);
    const Segment& seg = tl.segments[i];
    const double t_end = i + 1 < tl.segments.size() ? tl.segments[i + 1].t_start : tl.t_end;
    for (const Jump& j : seg.jumps) x[static_cast<std::size_t>(j.state)] += j.amount;
    model::Inputs in = segment_inputs(c, tl, i, x.data(), absorption);
    in.t_start += offset;
    in.freeze_accumulators = true;
    taus.clear();
    if (sums != nullptr)
      for (double t = std::ceil(seg.t_start * samples_per_day) / samples_per_day; t < t_end; t += 1.0 / samples_per_day)
        taus.push_back(t - seg.t_start);
    std::vector<double> y = solver_part(x);
    integrator.advance(in, y, t_end - seg.t_start, taus, [&](std::size_t k, const double* ys) {
      model::full_state(c, in, ys, taus[k], sample.data());
      sums->pth_power += std::pow(sample[model::Pth], c.p.bone_pth_exp);
      sums->carboxylated += 1.0 - sample[model::UcOc];
      ++sums->count;
    });
    model::full_state(c, in, y.data(), t_end - seg.t_start, x.data());
  }
}

// Solves for the periodic daily (or weekly) cycle and the remodelling set
// point together: unknowns are the fast solver states at midnight and the two
// set-point values; residuals are each state's change over one cycle and each
// set point's difference from its cycle average. A chord Newton method: the
// finite-difference Jacobian of the cycle map is computed once and reused.
void make_periodic(model::Context& c, const Timeline& cycle, std::vector<double>& x, const std::atomic<bool>* cancel) {
  // Every state that is not an accumulator, the closed-form depots included.
  std::vector<int> free;
  for (int i = 0; i < model::n_states; ++i)
    if (!model::state_info()[static_cast<std::size_t>(i)].accumulator()) free.push_back(i);
  const auto m = static_cast<Eigen::Index>(free.size());
  const Eigen::Index n = m + 2;
  auto unknowns = [&] {
    Eigen::VectorXd z(n);
    for (Eigen::Index a = 0; a < m; ++a) z(a) = x[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])];
    z(m) = c.pth_setpoint;
    z(m + 1) = c.carboxylated_oc_setpoint;
    return z;
  };
  auto residual = [&](const Eigen::VectorXd& z, double rtol) {
    model::Context trial = c;
    trial.pth_setpoint = z(m);
    trial.carboxylated_oc_setpoint = z(m + 1);
    std::vector<double> start = x;
    for (Eigen::Index a = 0; a < m; ++a) start[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])] = z(a);
    std::vector<double> end = start;
    SetPointSums sums;
    run_cycles(trial, cycle, -cycle.t_end, end, &sums, cancel, rtol);
    Eigen::VectorXd r(n);
    for (Eigen::Index a = 0; a < m; ++a) {
      const auto i = static_cast<std::size_t>(free[static_cast<std::size_t>(a)]);
      r(a) = end[i] - start[i];
    }
    r(m) = sums.pth_setpoint(c.p) - z(m);
    r(m + 1) = sums.carboxylated_oc() - z(m + 1);
    return r;
  };
  auto converged = [&](const Eigen::VectorXd& z, const Eigen::VectorXd& r) {
    return (r.array().abs() / (z.array().abs() + 1e-9)).maxCoeff() < 1e-10;
  };

  // The residual is solved at a tight tolerance; the Jacobian, which only
  // steers the iteration, from cycles at a looser one (a third of the steps).
  constexpr double residual_rtol = 1e-8, jacobian_rtol = 1e-6;
  Eigen::VectorXd z = unknowns();
  Eigen::VectorXd r = residual(z, residual_rtol);
  for (int refresh = 0; refresh < 3 && !converged(z, r); ++refresh) {
    Eigen::MatrixXd jac(n, n);
    const Eigen::VectorXd base = residual(z, jacobian_rtol);
    for (Eigen::Index b = 0; b < n; ++b) {
      Eigen::VectorXd shifted = z;
      const double h = 1e-5 * std::max(std::abs(z(b)), 1e-3);
      shifted(b) += h;
      jac.col(b) = (residual(shifted, jacobian_rtol) - base) / h;
    }
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(jac);
    for (int iter = 0; iter < 8 && !converged(z, r); ++iter) {
      // Backtrack when a full step leaves the model's domain or does not help.
      const Eigen::VectorXd step = lu.solve(r);
      bool improved = false;
      for (double damping = 1.0; damping > 1e-3 && !improved; damping *= 0.5) {
        const Eigen::VectorXd trial = z - damping * step;
        try {
          const Eigen::VectorXd r_trial = residual(trial, residual_rtol);
          if (r_trial.allFinite() && r_trial.norm() < r.norm()) {
            z = trial;
            r = r_trial;
            improved = true;
          }
        } catch (const NumericalError&) {
        }
      }
      if (!improved) break;
    }
  }
  for (Eigen::Index a = 0; a < m; ++a) x[static_cast<std::size_t>(free[static_cast<std::size_t>(a)])] = z(a);
  c.pth_setpoint = z(m);
  c.carboxylated_oc_setpoint = z(m + 1);
}

}  // namespace

InitialCondition initial_condition(const Scenario& s, const Params& p, const std::atomic<bool>* cancel) {
  model::Context c = model::make_context(p, s);
  std::vector<double> x = first_guess(c, s);

  // 1. Relax and solve the diet-averaged system, re-centring the patient's
  //    remodelling set point on the hormones it settles at. The depots start
  //    at their own steady state under the averaged intake.
  model::Inputs averaged = averaged_diet_inputs(s, p);
  averaged.freeze_accumulators = true;
  std::vector<double> y = solver_part(x);
  model::full_state(c, averaged, y.data(), 1e4, x.data());
  std::copy(x.begin(), x.end(), averaged.pk_start.begin());
  const std::vector<CalciumBolus> meals = diet_calcium_day(s, p);
  auto settle = [&](bool relax_first) {
    // Meals saturate active absorption as a trickle would not (pulsed_absorption.hpp).
    averaged.active_absorption_scale =
        active_absorption_scale(c, meals, x[model::GutCapacity], x[model::EcfCa] / p.ecf_volume);
    if (relax_first) {
      check_cancel(cancel);
      Integrator relax(c, 1e-6, 1e-9);
      relax.advance(averaged, y, 365.0, {}, [](std::size_t, const double*) {});
    }
    polish(c, averaged, y);
    model::full_state(c, averaged, y.data(), 0.0, x.data());
    c.pth_setpoint = x[model::Pth];
    c.carboxylated_oc_setpoint = 1.0 - x[model::UcOc];
  };
  for (int round = 0; round < 4; ++round) settle(true);

  InitialCondition init;
  init.dosing = s.dosing;
  if (s.dosing == Dosing::DailyAveraged) {
    // Daily-averaged runs see exactly this averaged intake: its steady state is
    // theirs, once the absorption correction agrees with the state it is for.
    for (int round = 0; round < 50; ++round) {
      const double scale = averaged.active_absorption_scale;
      settle(false);
      if (std::abs(averaged.active_absorption_scale - scale) < 1e-12) break;
    }
    init.state = x;
    init.pth_setpoint = c.pth_setpoint;
    init.carboxylated_oc_setpoint = c.carboxylated_oc_setpoint;
    return init;
  }

  // 2. Settle onto the daily (or weekly, with dialysis) cycle of real meals:
  //    two weeks bring the state close, then Newton's method on the
  //    one-cycle map makes every fast state periodic, and the set point
  //    becomes the cycle's average.
  Scenario usual = s;
  usual.interventions.clear();
  const double cycle_days = s.patient.dialysis ? 7.0 : 1.0;
  const double burn_in = s.patient.dialysis ? dialysis_burn_in_days : burn_in_days;
  usual.duration_days = burn_in;
  run_cycles(c, build_timeline(usual, p), -burn_in, x, nullptr, cancel, 1e-7);
  usual.duration_days = cycle_days;
  const Timeline cycle = build_timeline(usual, p);
  make_periodic(c, cycle, x, cancel);
  // Running totals start the run at zero (the settling above added meals to them).
  for (int i = 0; i < model::n_states; ++i)
    if (model::state_info()[static_cast<std::size_t>(i)].kind == model::StateKind::RunningTotal)
      x[static_cast<std::size_t>(i)] = 0.0;
  init.state = x;
  init.pth_setpoint = c.pth_setpoint;
  init.carboxylated_oc_setpoint = c.carboxylated_oc_setpoint;
  return init;
}

}  // namespace calcsim
