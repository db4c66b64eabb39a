#include "model/pulsed_absorption.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <boost/math/tools/toms748_solve.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta4.hpp>

#include "model/gut.hpp"

namespace calcsim {
namespace {

using GutState = std::array<double, 3>;  // proximal and distal lumen, absorbed so far; mmol

// The model's two gut lumens (gut.hpp) with the hormonal state held fixed (it
// moves over days, the lumens over hours). Rates per day.
struct Gut {
  const Params& p;     // internal units
  double capacity;     // transport capacity, relative
  double secretion;    // into the proximal lumen, mmol/day
  void operator()(const GutState& x, GutState& dx, double /*t*/) const {
    const double g = std::max(x[0], 0.0), d = std::max(x[1], 0.0);
    const model::GutFlows<double> f = model::gut_flows(p, g, d, capacity);
    dx[0] = secretion - f.proximal_exit - f.active - f.passive_proximal;
    dx[1] = f.proximal_exit - f.passive_distal - f.faecal;
    dx[2] = f.absorbed();
  }
  // Absorbed per day with the active route scaled by s and the day's intake
  // (proximal, distal) spread evenly: the steady state of the same flows,
  // solved in closed form (the proximal lumen's balance is a quadratic).
  double averaged_absorption(double s, double proximal, double distal) const {
    const double km = p.gut_active_km, passive = p.gut_passive_rate;
    const double r = secretion + proximal, a = p.gut_proximal_transit + passive, v = s * p.gut_active_vmax * capacity;
    const double b = a * km + v - r;
    const double g = 2.0 * r * km / (b + std::sqrt(b * b + 4.0 * a * r * km));  // root of a g^2 + b g - r km
    const double d = (p.gut_proximal_transit * g + distal) / (passive + p.gut_distal_transit);
    return model::gut_flows(p, g, d, s * capacity).absorbed();
  }
};

// Absorbed per day once the daily cycle of boluses has settled: the lumens
// empty within hours, so the third day repeats the second to within 1e-6.
// Fixed steps of at most 7.5 minutes (the fastest lumen rate times the step
// stays under 0.3, where RK4's error in a day's absorption is below 1e-5).
double pulsed_absorption(const Gut& gut, std::vector<CalciumBolus> day) {
  namespace odeint = boost::numeric::odeint;
  std::sort(day.begin(), day.end(), [](const auto& a, const auto& b) { return a.time_of_day < b.time_of_day; });
  odeint::runge_kutta4<GutState> stepper;
  constexpr double max_step = 1.0 / 192.0;  // days
  GutState x{0.0, 0.0, 0.0};
  double t = 0.0;
  auto advance_to = [&](double until) {
    if (until <= t) return;
    const double steps = std::ceil((until - t) / max_step);
    const double h = (until - t) / steps;
    // The lumens do not depend on time: equal steps from t, the stepper used in place.
    for (std::size_t k = 0; k < static_cast<std::size_t>(steps); ++k) stepper.do_step(gut, x, t, h);
    t = until;
  };
  constexpr int days = 3;
  double absorbed_before_last_day = 0.0;
  for (int d = 0; d < days; ++d) {
    advance_to(d);
    absorbed_before_last_day = x[2];
    for (const auto& bolus : day) {
      advance_to(d + bolus.time_of_day);
      x[0] += bolus.proximal;
      x[1] += bolus.distal;
    }
  }
  advance_to(days);
  return x[2] - absorbed_before_last_day;
}

}  // namespace

double active_absorption_scale(const model::Context& c, const std::vector<CalciumBolus>& day, double capacity,
                               double plasma_ca) {
  const Params& p = c.p;
  double proximal = 0.0, distal = 0.0;
  for (const auto& b : day) {
    proximal += b.proximal;
    distal += b.distal;
  }
  const Gut gut{p, capacity, model::gut_secretion(p, plasma_ca)};
  if (proximal <= 0.0 || !(p.gut_active_vmax * capacity > 0.0)) return 1.0;
  const double target = pulsed_absorption(gut, day);
  auto gap = [&](double f) { return gut.averaged_absorption(f, proximal, distal) - target; };
  // Absorption grows with f; without the active route the averaged gut
  // already absorbs at least as much as the pulsed one only if it is tiny.
  double lo = 0.0, hi = 1.0;
  if (gap(lo) >= 0.0) return lo;
  while (gap(hi) < 0.0 && hi < 1e3) hi *= 2.0;
  std::uintmax_t iterations = 60;
  const auto root = boost::math::tools::toms748_solve(gap, lo, hi, boost::math::tools::eps_tolerance<double>(40),
                                                      iterations);
  return 0.5 * (root.first + root.second);
}

double AbsorptionCorrection::operator()(const model::Context& c, const std::vector<CalciumBolus>& day,
                                        double capacity, double plasma_ca) {
  constexpr double tolerance = 1e-3;
  const bool same_day = day.size() == day_.size() && std::equal(day.begin(), day.end(), day_.begin(), [](const auto& a, const auto& b) {
    return a.time_of_day == b.time_of_day && a.proximal == b.proximal && a.distal == b.distal;
  });
  if (!valid_ || !same_day || std::abs(capacity - capacity_) > tolerance * std::abs(capacity_) ||
      std::abs(plasma_ca - plasma_ca_) > tolerance * std::abs(plasma_ca_)) {
    scale_ = active_absorption_scale(c, day, capacity, plasma_ca);
    day_ = day;
    capacity_ = capacity;
    plasma_ca_ = plasma_ca;
    valid_ = true;
  }
  return scale_;
}

}  // namespace calcsim
