#include "experiments.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta4.hpp>

#include "calcsim/errors.hpp"
#include "model/gut.hpp"
#include "model/model.hpp"
#include "support/text.hpp"

namespace calcsim::experiments {

double weekly_fasting_sample(double days) { return 7 * std::floor((days - fasting_sample) / 7) + fasting_sample; }

Scenario healthy_adult(double days) {
  Scenario s = default_scenario();
  s.name = "healthy adult";
  s.interventions.clear();
  s.patient.age_years = 45;
  s.patient.sex = Sex::Male;
  s.patient.menopause_age_years.reset();
  s.patient.egfr = 100;
  s.patient.coronary_calcium_au = 0;
  s.duration_days = days;
  s.output_every_days = 1.0 / samples_per_day;
  return s;
}

Scenario man_of_60_at_egfr(double egfr) {
  Scenario s = healthy_adult(2);
  s.patient.age_years = 60;
  s.patient.egfr = egfr;
  return s;
}

Scenario default_woman_on_placebo(double days, double output_every_days) {
  Scenario s = default_scenario();
  s.interventions.clear();
  s.duration_days = days;
  s.output_every_days = output_every_days;
  return s;
}

Scenario woman_without_calcium_at(double age_years) {
  Scenario s = default_woman_on_placebo(1, 1);
  s.patient.age_years = age_years;
  if (age_years < 51) s.patient.menopause_age_years.reset();
  s.patient.coronary_calcium_au = 0;
  return s;
}

Scenario older_man_with_calcification(double days) {
  Scenario s = default_scenario();
  s.interventions.clear();
  s.patient.sex = Sex::Male;
  s.patient.age_years = 70;
  s.patient.menopause_age_years.reset();
  s.patient.coronary_calcium_au = 100;
  s.duration_days = days;
  s.output_every_days = 1;
  return s;
}

Scenario man_on_haemodialysis(double days, double age_years) {
  Scenario s = healthy_adult(days);
  s.patient.age_years = age_years;
  s.patient.egfr = 5;
  s.patient.dialysis = true;
  s.patient.coronary_calcium_au = 400;
  s.diet.calcium_mg_per_day = 600;
  s.diet.k1_mcg_per_day = 60;
  s.diet.mk4_mcg_per_day = 8;
  s.diet.mk7_mcg_per_day = 3;
  s.output_every_days = 1;
  return s;
}

Intervention mk7_after_sessions(double mcg) {
  Intervention iv = dose(Agent::MK7, mcg, 13.0 / 24, Repeat::ThriceWeekly);
  iv.weekdays = {0, 2, 4};
  iv.fat_g = 10;
  return iv;
}

Intervention dose(Agent agent, double mcg, double time_of_day, Repeat repeat) {
  Intervention iv;
  iv.agent = agent;
  iv.dose_mcg = mcg;
  iv.repeat = repeat;
  iv.times_of_day = {time_of_day};
  return iv;
}

Intervention with_breakfast(Agent agent, double mcg, Repeat repeat) {
  Intervention iv;
  iv.agent = agent;
  iv.dose_mcg = mcg;
  iv.repeat = repeat;
  iv.with_meals = {"breakfast"};
  return iv;
}

Intervention with_every_meal(Agent agent, double mcg) {
  Intervention iv = with_breakfast(agent, mcg);
  iv.with_meals = {"breakfast", "lunch", "dinner"};
  return iv;
}

double daily_mean(const Result& r, const char* column, double day) {
  double sum = 0.0;
  for (int k = 0; k < static_cast<int>(samples_per_day); ++k) sum += r.at(column, day + (k + 1) / samples_per_day);
  return sum / samples_per_day;
}

double mean_over_days(const Result& r, const char* column, int first_day, int days) {
  double sum = 0.0;
  for (int d = first_day; d < first_day + days; ++d) sum += daily_mean(r, column, d);
  return sum / days;
}

DoseIncrement::DoseIncrement(const Params& p, Agent agent, double mcg, const char* column, double days,
                             std::optional<double> fat_g)
    : column_(column) {
  const Scenario s = healthy_adult(days);
  const InitialCondition init = starting_state(s, p);
  Scenario with = s;
  Intervention iv = with_breakfast(agent, mcg, Repeat::Once);
  iv.start_day = 1;
  iv.fat_g = fat_g;
  with.interventions.push_back(iv);
  with_ = run_from(with, p, init);
  without_ = run_from(s, p, init);
}

double DoseIncrement::at(double hours) const {
  const double t = dose_day + hours / 24;
  return with_.at(column_, t) - without_.at(column_, t);
}

double DoseIncrement::area(double from_hours, double to_hours) const {
  constexpr double step = 0.25;
  double sum = 0;
  for (double h = from_hours; h < to_hours - 1e-9; h += step) sum += 0.5 * (at(h) + at(h + step)) * step;
  return sum;
}

std::pair<double, double> DoseIncrement::peak(double hours) const {
  double best = 0, when = 0;
  for (double h = 0; h <= hours; h += 0.25)
    if (at(h) > best) {
      best = at(h);
      when = h;
    }
  return {best, when};
}

LoadResponse calcium_load_response(const Params& p, Scenario s, double load_mg, double window_hours) {
  constexpr double load_day = 1, load_time = 5.0 / 24;
  s.duration_days = load_day + 2;
  s.output_every_days = 1.0 / samples_per_day;
  const InitialCondition init = starting_state(s, p);
  Scenario with = s;
  Intervention load = dose(Agent::Calcium, load_mg * 1000, load_time, Repeat::Once);
  load.start_day = load_day;
  with.interventions.push_back(load);
  const Result a = run_from(with, p, init), b = run_from(s, p, init);
  const double t0 = load_day + load_time, step = 1.0 / samples_per_day;
  LoadResponse out;
  double lowest = 1.0;
  for (double t = t0; t <= t0 + window_hours / 24 + 1e-9; t += step) {
    const double ratio = a.at("pth", t) / b.at("pth", t);
    if (ratio < lowest) {
      lowest = ratio;
      out.nadir_hours = (t - t0) * 24;
    }
    out.calcium_rise = std::max(out.calcium_rise, a.at("plasma_ca", t) - b.at("plasma_ca", t));
  }
  out.pth_nadir_percent = 100 * (lowest - 1);
  // mg/day sampled every `step` days: the extra excreted over an interval.
  auto extra_urine = [&](double hours) {
    double mg = 0;
    for (double t = t0 + step; t <= t0 + hours / 24 + 1e-9; t += step)
      mg += (a.at("urinary_ca", t) - b.at("urinary_ca", t)) * step;
    return mg;
  };
  out.urine_4h_mg = extra_urine(4);
  out.urine_24h_mg = extra_urine(24);
  return out;
}

Scenario with_baseline_d25(Scenario s, const Params& p, double d25) {
  const SourceLocation at = SourceLocation::of_option("with_baseline_d25", "d25");
  if (!std::isfinite(d25) || d25 <= 0.0)
    throw InputError(at, "expected a 25(OH)D above 0 nmol/L, got " + text::format_number(d25));
  const double sun = model::sun_exposure_for_d25(p, d25, s.diet.vitamin_d_mcg_per_day, at);
  if (sun > Patient::max_sun_exposure_mcg_per_day)  // a failed draw, when parameters vary
    throw NoBalancedStart(at, "no sun exposure in 0-" + text::format_number(Patient::max_sun_exposure_mcg_per_day) +
                                  " mcg/day holds 25(OH)D at " + text::format_number(d25) + " nmol/L (it would take " +
                                  text::format_number(sun) + " mcg/day); with this diet the most is " +
                                  text::format_number(model::d25_steady_state(
                                      p, Patient::max_sun_exposure_mcg_per_day + s.diet.vitamin_d_mcg_per_day)) +
                                  " nmol/L");
  s.patient.sun_exposure_mcg_per_day = sun;
  s.patient.baseline_d25_nmol_per_l.reset();  // the sun now given holds it under `p` only
  return s;
}

namespace {

thread_local RunRule current_rule;

SimulationOptions tight(bool states) {
  SimulationOptions o;
  o.include_states = states;
  o.rtol = 1e-6;
  o.atol = 1e-9;
  o.cancel = current_rule.cancel;
  return o;
}

Scenario dosed(Scenario s) {
  if (s.duration_days >= current_rule.daily_averaged_from_days) s.dosing = Dosing::DailyAveraged;
  return s;
}

}  // namespace

ScopedRunRule::ScopedRunRule(const RunRule& rule) : previous_(current_rule) { current_rule = rule; }
ScopedRunRule::~ScopedRunRule() { current_rule = previous_; }

InitialCondition starting_state(const Scenario& s, const Params& p) {
  return initial_condition(dosed(s), p, current_rule.cancel);
}

namespace {

constexpr double tracer_steps_per_day = 1440.0;  // one-minute steps

// Heaney 1990 and Dawson-Hughes 1993 measured absorption with radiocalcium
// mixed into the test load: the share of that tracer which crosses the gut
// wall. The tracer follows the load's atoms through the proximal and distal
// lumen at the rates the simulated lumen sets (the active route's per-atom
// rate falls as the lumen fills), so it is integrated along the simulated
// trajectory. The rise of total absorption would be smaller than the tracer's
// share, because a load also slows the uptake of the calcium already there.
double tracer_fraction(const Params& p, const Result& r, double t_load, double hours) {
  namespace odeint = boost::numeric::odeint;
  using Tracer = std::array<double, 3>;  // proximal, distal, absorbed (share of the load)
  const Params q = in_internal_units(p);
  const double passive = q.gut_passive_rate, proximal_exit = q.gut_proximal_transit;
  const double distal_exit = q.gut_distal_transit;
  auto rates = [&](const Tracer& x, Tracer& dx, double t) {
    const double lumen = r.at("state.gut_ca", t), capacity = r.at("state.gut_capacity", t);
    const double active = model::active_rate(q, lumen, capacity);
    dx[0] = -(active + passive + proximal_exit) * x[0];
    dx[1] = proximal_exit * x[0] - (passive + distal_exit) * x[1];
    dx[2] = (active + passive) * x[0] + passive * x[1];
  };
  Tracer x{1.0, 0.0, 0.0};
  const double step = 1.0 / tracer_steps_per_day;
  // Start just after the load so the lumen is read after it arrived.
  odeint::integrate_n_steps(odeint::runge_kutta4<Tracer>(), rates, x, t_load + 1e-9, step,
                            static_cast<int>(hours / 24 * tracer_steps_per_day));
  return 100 * x[2];
}

}  // namespace

double load_fraction(const Params& p, const Scenario& s, const InitialCondition& init, double load_mg, int day) {
  Scenario with = s;
  with.duration_days = day + 1.25;
  with.output_every_days = 1.0 / tracer_steps_per_day;
  Intervention load = dose(Agent::Calcium, load_mg * 1000, 5.0 / 24, Repeat::Once);
  load.start_day = day;
  with.interventions.push_back(load);
  return tracer_fraction(p, run_from(with, p, init, true), day + 5.0 / 24, 24);
}

InitialCondition state_on_day(const Scenario& s, const Params& p, const InitialCondition& init, double day) {
  Scenario part = s;
  part.duration_days = day;
  part.output_every_days = day;
  return state_at_end(run_from(part, p, init, true), init);
}

InitialCondition state_at_end(const Result& with_states, const InitialCondition& init) {
  InitialCondition later = init;
  const auto last = with_states.data.rows() - 1;
  const auto first_state = with_states.data.cols() - model::n_states;
  for (int i = 0; i < model::n_states; ++i)
    later.state[static_cast<std::size_t>(i)] = with_states.data(last, first_state + i);
  return later;
}

double urinary_calcium_rise_on_sodium(const Params& p, Scenario s, double from_mg, double to_mg, double days) {
  s.interventions.clear();
  s.duration_days = days;
  s.output_every_days = 1.0 / samples_per_day;
  s.diet.sodium_mg_per_day = from_mg;
  const InitialCondition adapted = starting_state(s, p);
  const Result before = run_from(s, p, adapted);
  s.diet.sodium_mg_per_day = to_mg;
  const Result after = run_from(s, p, adapted);
  const double last_day = days - 1;
  const double mg_per_mmol = model::molar_mass_calcium;
  return (daily_mean(after, "urinary_ca", last_day) - daily_mean(before, "urinary_ca", last_day)) / mg_per_mmol;
}

double bmd_gain_with_activity(const Params& p, Scenario s, Activity activity, double days) {
  s.interventions.clear();
  s.duration_days = days;
  s.output_every_days = 30;
  s.dosing = Dosing::DailyAveraged;
  s.patient.physical_activity = Activity::Sedentary;
  const InitialCondition sedentary = starting_state(s, p);
  const double control = run_from(s, p, sedentary).at("bmd_change", days);
  s.patient.physical_activity = activity;
  return run_from(s, p, sedentary).at("bmd_change", days) - control;
}

Result run(const Scenario& s, const Params& p, bool states) { return simulate(dosed(s), p, tight(states)); }

Result after_one_d3_dose(Scenario s, const Params& p, double d25_start, double iu) {
  s = with_baseline_d25(s, p, d25_start);
  s.interventions.push_back(dose(Agent::VitaminD3, iu * units::mcg_per_iu_vitamin_d, 8.0 / 24, Repeat::Once));
  return run(s, p);
}

Result run_from(const Scenario& s, const Params& p, const InitialCondition& init, bool states) {
  if (!std::isfinite(current_rule.daily_averaged_from_days)) return simulate_from(s, p, init, tight(states));
  Scenario as_started = s;
  if (init.dosing != starting_dosing(s.dosing)) as_started.dosing = init.dosing;
  return simulate_from(as_started, p, init, tight(states));
}

Arms placebo_and_treated(const Params& p, Scenario s, const std::vector<Intervention>& added) {
  const InitialCondition start = starting_state(s, p);
  Result placebo = run_from(s, p, start);
  s.interventions.insert(s.interventions.end(), added.begin(), added.end());
  return {std::move(placebo), run_from(s, p, start)};
}

std::vector<std::size_t> chosen_groups(const std::vector<std::string>& known, const std::vector<std::string>& names,
                                       const std::string& kind) {
  std::vector<std::size_t> chosen;
  if (names.empty()) {
    for (std::size_t i = 0; i < known.size(); ++i) chosen.push_back(i);
    return chosen;
  }
  for (const auto& name : names) {
    const auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      std::string listed;
      for (const auto& k : known) listed.append(listed.empty() ? "" : ", ").append(k);
      throw InputError(SourceLocation::of_option("groups", name), "not a " + kind + " group; expected one of " + listed);
    }
    const auto i = static_cast<std::size_t>(it - known.begin());
    if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
  }
  return chosen;
}

}  // namespace calcsim::experiments
