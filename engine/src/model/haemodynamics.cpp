#include "model/haemodynamics.hpp"

#include <algorithm>
#include <cmath>

namespace calcsim {

using namespace model;

double pulse_wave_velocity(const Context& c, double age_years, const double* x, double map_mmhg) {
  const Params& p = c.p;
  const double a = age_years - 50.0;  // the reference age of the fit
  const double reference = p.pwv_ref * std::exp(p.pwv_age_slope * a + p.pwv_age_curvature * a * a +
                                                p.pwv_pressure_slope * (map_mmhg - p.map_ref));
  const double score = x[ArtCa] * p.art_au_per_mmol;
  const double wall = (1.0 + p.pwv_calcium_gain * std::log1p(std::max(score, 0.0) / 100.0)) *
                      (1.0 + p.elastin_pwv_gain * (x[ElastinCa] - 1.0));
  return reference * c.pwv_static_factor * wall;
}

double pulse_pressure(const Params& p, double pwv) {
  return p.pp_ref * std::pow(pwv / p.pp_pwv_ref, p.pp_pwv_exponent);
}

double mean_arterial_pressure(const Context& c, double t_start, const double* x_start) {
  const Params& p = c.p;
  if (!c.systolic_given) return p.map_ref;
  // Systolic = mean + 2/3 pulse, and pulse pressure rises with cfPWV, which
  // rises with the mean pressure: a contraction (its slope is about 0.2), so
  // a few dozen steps reach round-off.
  const double age = age_at(c, t_start);
  double map = c.systolic_bp - 2.0 / 3.0 * p.pp_ref;
  for (int k = 0; k < 60; ++k)
    map = c.systolic_bp - 2.0 / 3.0 * pulse_pressure(p, pulse_wave_velocity(c, age, x_start, map));
  return map;
}

Haemodynamics haemodynamics(const Context& c, double t, const double* x, double t_start, const double* x_start) {
  Haemodynamics h{};
  h.mean = mean_arterial_pressure(c, t_start, x_start);
  h.pwv = pulse_wave_velocity(c, age_at(c, t), x, h.mean);
  h.pulse = pulse_pressure(c.p, h.pwv);
  h.systolic = h.mean + 2.0 / 3.0 * h.pulse;
  h.diastolic = h.mean - h.pulse / 3.0;
  return h;
}

}  // namespace calcsim
