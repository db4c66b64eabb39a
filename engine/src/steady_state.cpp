// The patient's initial state: computed, not guessed. First the usual diet is
// spread evenly over the day and the fast system is relaxed and then solved by
// Newton's method to its steady state (bone, artery and running totals held
// fixed); then six weeks of real meals settle it onto its daily cycle.
#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "calcsim/schedule.hpp"
#include "calcsim/simulator.hpp"
#include "integrator.hpp"

namespace calcsim {
namespace {

constexpr double burn_in_days = 42.0;  // whole weeks, so a dialysis rota comes round again

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

std::vector<double> first_guess(const model::Context& c, const Scenario& s) {
  const Params& p = c.p;
  std::vector<double> x(model::n_states, 0.0);
  x[model::GutCa] = 1.0;
  x[model::EcfCa] = p.ca_ref * p.ecf_volume;
  x[model::ExchCa] = p.exch_pool_ref;
  x[model::BoneCa] = initial_bone(c);
  x[model::ArtCa] = s.patient.coronary_calcium_au / p.art_au_per_mmol;
  x[model::Pth] = p.pth_ref;
  x[model::Calcitriol] = p.calcitriol_ref;
  x[model::GutCapacity] = 1.0;
  x[model::D25] = p.d25_response * (p.d25_sun_equivalent + c.diet_vitamin_d);
  x[model::TissueK] = 1.0;
  x[model::DpucMgp] = 465.0;
  x[model::VesselCmgp] = 0.75;
  x[model::UcOc] = 0.25;
  return x;
}

// Newton's method on the solver states that are not accumulators.
void polish(const model::Context& c, const model::Inputs& in, std::vector<double>& x) {
  std::vector<int> free;
  for (int k = 0; k < model::n_ode; ++k)
    if (!model::state_info()[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])].accumulator)
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

}  // namespace

InitialCondition initial_condition(const Scenario& s, const Params& p) {
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
  for (int round = 0; round < 4; ++round) {
    Integrator relax(c, 1e-8, 1e-10);
    relax.advance(averaged, y, 365.0, {}, [](std::size_t, const double*) {});
    polish(c, averaged, y);
    model::full_state(c, averaged, y.data(), 0.0, x.data());
    c.pth_setpoint = x[model::Pth];
    c.carboxylated_oc_setpoint = 1.0 - x[model::UcOc];
  }

  // 2. Settle onto the daily (or weekly, with dialysis) cycle of real meals,
  //    ending at midnight; the set point becomes the cycle's average.
  Scenario usual = s;
  usual.interventions.clear();
  usual.duration_days = burn_in_days;
  const Timeline tl = build_timeline(usual, p);
  Integrator settle(c, 1e-8, 1e-10);
  const int samples_per_day = 96;
  const double cycle_days = s.patient.dialysis ? 7.0 : 1.0;
  double pth_power_sum = 0.0, oc_sum = 0.0;
  int count = 0;
  std::vector<double> sample(model::n_states);
  for (std::size_t i = 0; i < tl.segments.size(); ++i) {
    const Segment& seg = tl.segments[i];
    const double t_end = i + 1 < tl.segments.size() ? tl.segments[i + 1].t_start : tl.t_end;
    for (const Jump& j : seg.jumps) x[static_cast<std::size_t>(j.state)] += j.amount;
    model::Inputs in;
    in.t_start = seg.t_start - burn_in_days;
    in.dialysis_on = seg.dialysis_on;
    in.magnesium_extra = seg.magnesium_extra;
    in.freeze_accumulators = true;
    std::copy(x.begin(), x.end(), in.pk_start.begin());
    std::vector<double> taus;
    for (int k = 0; k < static_cast<int>(cycle_days * samples_per_day); ++k) {
      const double t = burn_in_days - cycle_days + static_cast<double>(k) / samples_per_day;
      if (t >= seg.t_start && t < t_end) taus.push_back(t - seg.t_start);
    }
    y = solver_part(x);
    settle.advance(in, y, t_end - seg.t_start, taus, [&](std::size_t k, const double* ys) {
      model::full_state(c, in, ys, taus[k], sample.data());
      pth_power_sum += std::pow(sample[model::Pth], p.bone_pth_exp);
      oc_sum += 1.0 - sample[model::UcOc];
      ++count;
    });
    model::full_state(c, in, y.data(), t_end - seg.t_start, x.data());
  }
  InitialCondition init;
  init.state = x;
  init.pth_setpoint = p.bone_pth_exp > 0.0 ? std::pow(pth_power_sum / count, 1.0 / p.bone_pth_exp)
                                           : c.pth_setpoint;
  init.carboxylated_oc_setpoint = oc_sum / count;
  return init;
}

}  // namespace calcsim
