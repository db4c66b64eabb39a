#include "experiments.hpp"

namespace calcsim::experiments {

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

Scenario default_woman_on_placebo(double days, double output_every_days) {
  Scenario s = default_scenario();
  s.interventions.clear();
  s.duration_days = days;
  s.output_every_days = output_every_days;
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

double daily_mean(const Result& r, const char* column, double day) {
  double sum = 0.0;
  for (int k = 0; k < static_cast<int>(samples_per_day); ++k) sum += r.at(column, day + (k + 1) / samples_per_day);
  return sum / samples_per_day;
}

namespace {
SimulationOptions tight(bool states) {
  SimulationOptions o;
  o.include_states = states;
  o.rtol = 1e-6;
  o.atol = 1e-9;
  return o;
}
}  // namespace

Result run(const Scenario& s, const Params& p, bool states) { return simulate(s, p, tight(states)); }

Result run_from(const Scenario& s, const Params& p, const InitialCondition& init, bool states) {
  return simulate_from(s, p, init, tight(states));
}

}  // namespace calcsim::experiments
