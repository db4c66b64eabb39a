// Validation experiments. Years: arterial stiffness and blood pressure. Each
// group runs one study's design (groups.hpp).
#include "analysis/validation/groups.hpp"

#include <cmath>

namespace calcsim::validation {

using namespace experiments;

const std::string diaz_rvasc =
    "conflicts with RVASC 2010, the fit: its normal values rise from 6.2 m/s under 30 to 10.9 m/s at 70 and over "
    "(about 12% a decade); Diaz's normotensive adults without a family history of hypertension stiffened more slowly";

// Stiffness with age and kidney disease, in cohorts other than the reference
// values the age term was fitted to. Diaz 2014 (Int J Hypertens 2014:653239):
// 780 healthy normotensive Argentinians aged 10-98, cfPWV rising 6-8% a
// decade. McIntyre 2013 (PLoS One 8:e55444): 1717 people with CKD stage 3
// (eGFR 30-59) aged 73 +/- 9, cfPWV 9.6 m/s in women (Vicorder).
// NHANES III (Burt 1995, Hypertension 25:305): systolic pressure rises into
// old age while diastolic pressure falls after about 60.
Rows stiffness_cohorts(const Params& p) {
  auto woman_at = [&](double age, double egfr) {
    Scenario s = woman_without_calcium_at(age);
    s.patient.egfr = egfr;
    return s;
  };
  const double at30 = run(woman_at(30, 90), p).at("cfpwv", 0), at70 = run(woman_at(70, 90), p).at("cfpwv", 0);
  const double per_decade = 100 * (std::pow(at70 / at30, 1.0 / 4) - 1);
  const double ckd3 = run(woman_at(73, 45), p).at("cfpwv", 0);
  Scenario ageing = woman_at(60, 90);
  ageing.patient.coronary_calcium_au = 30;
  ageing.duration_days = 20 * year;
  ageing.output_every_days = year;
  const Result old = run(ageing, p);
  const double t = 20 * year;
  const std::string how = "woman without arterial calcium on her usual diet, at ";
  return {
      {"stiffness.diaz_age_trend", "cfPWV rise per decade of age, healthy normotensive adults",
       "Diaz 2014, Int J Hypertens 2014:653239", "+6 to +8% a decade", "%/decade", per_decade, 4, 10,
       how + "30 and at 70 (mean arterial pressure 93 mmHg)", diaz_rvasc},
      {"stiffness.ckd3_level", "cfPWV in CKD stage 3, women aged 73 +/- 9", "McIntyre 2013, PLoS One 8:e55444",
       "9.6 m/s", "m/s", ckd3, 8.5, 11.5, "73-year-old woman with eGFR 45, no arterial calcium"},
      {"bp.ageing_systolic", "Systolic pressure change from age 60 to 80",
       "NHANES III, Burt 1995, Hypertension 25:305 (systolic keeps rising)", "rises", "mmHg",
       old.at("systolic_bp", t) - old.at("systolic_bp", 0), 3, 25,
       "60-year-old woman (coronary score 30 AU) ageing 20 years on her usual diet"},
      {"bp.ageing_diastolic", "Diastolic pressure change from age 60 to 80",
       "NHANES III, Burt 1995, Hypertension 25:305 (diastolic falls after about 60)", "falls slightly", "mmHg",
       old.at("diastolic_bp", t) - old.at("diastolic_bp", 0), -12, 0,
       "60-year-old woman (coronary score 30 AU) ageing 20 years on her usual diet"},
  };
}

// Vitamin K trials that measured stiffness and found nothing. Fulton 2016
// (J Nutr Health Aging 20:325): 80 adults over 70 with vascular disease, 100 mcg/day
// MK-7 or placebo for 6 months, carotid-radial PWV unchanged. K4Kidneys (Witham 2020, J Am
// Soc Nephrol 31:2434): 159 adults aged 66 with CKD 3b-4, 400 mcg/day MK-7
// or placebo for a year, no difference in cfPWV. Naiyarakseree 2023
// (Nutrients 15:2422): 96 haemodialysis patients with cfPWV of 10 m/s or
// more, 375 mcg/day MK-7 or standard care for 24 weeks: -6.0% vs -6.8%.
Rows k2_stiffness_trials(const Params& p) {
  auto effect = [&](Scenario s, double mcg, double days, bool relative) {
    s.duration_days = days;
    s.output_every_days = 7;
    const InitialCondition s0 = starting_state(s, p);
    const Result control = run_from(s, p, s0);
    s.interventions.push_back(with_breakfast(Agent::MK7, mcg));
    const Result treated = run_from(s, p, s0);
    const double d = treated.at("cfpwv", days) - control.at("cfpwv", days);
    return relative ? 100 * d / control.at("cfpwv", 0) : d;
  };
  Scenario fulton = older_man_with_calcification(1);
  fulton.patient.age_years = 77;
  Scenario k4 = older_man_with_calcification(1);
  k4.patient.age_years = 66;
  k4.patient.egfr = 30;
  const Scenario hd = man_on_haemodialysis(1, 60);
  return {
      {"k2.fulton_six_months", "PWV, 100 mcg/day MK-7 minus placebo after 6 months, adults over 70 (carotid-radial in the trial)",
       "Fulton 2016, J Nutr Health Aging 20:325 (9.7 to 9.9 vs 10.7 to 10.9 m/s)", "about 0", "m/s", effect(fulton, 100, 182, false), -0.3, 0.3,
       "77-year-old man with a coronary score of 100 AU, MK-7 with breakfast vs his usual diet"},
      {"k2.k4kidneys_one_year", "cfPWV, 400 mcg/day MK-7 minus placebo after a year, CKD 3b-4",
       "K4Kidneys, Witham 2020, J Am Soc Nephrol 31:2434 (no difference)", "about 0", "m/s",
       effect(k4, 400, year, false), -0.5, 0.3, "66-year-old man with eGFR 30, MK-7 with breakfast vs his usual diet"},
      {"k2.haemodialysis_24_weeks", "cfPWV change, 375 mcg/day MK-7 minus standard care after 24 weeks, dialysis",
       "Naiyarakseree 2023, Nutrients 15:2422 (-6.0% vs -6.8%, p = 0.24)", "about 0", "%",
       effect(hd, 375, 168, true), -4, 2, "60-year-old man on haemodialysis, MK-7 with breakfast vs none"},
  };
}

}  // namespace calcsim::validation
