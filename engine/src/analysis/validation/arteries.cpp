// Validation experiments. Years to decades: arterial calcium in cohorts,
// arterial stiffness and blood pressure. Each group runs one study's design
// (groups.hpp).
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

// Cohorts that related arterial calcium to what people ate. An association
// gives a direction, not a causal size (the brief; docs/VALIDATION.md): each
// band asks for the association's direction and for no effect beyond the end
// of its 95% interval furthest from 1, since the trials bound any causal
// effect far below the associations. The model has no incidence, only a score
// that grows from 0 AU by nucleation, so the rows compare scores.
// Anderson 2016 (J Am Heart Assoc 5:e003815; MESA, 5448 adults aged 45-84,
// 52% women): among 1567 without coronary calcium at baseline, the risk of
// incident calcium over 10 years in the highest quintile of total calcium
// intake (mean 2157 mg/day) against the lowest (313) was 0.73 (0.57-0.93),
// and calcium supplement use, at equal total intake, 1.22 (1.07-1.39).
// Geleijnse 2004 (J Nutr 134:3100; the Rotterdam Study, 4807 adults aged 55
// and over): severe aortic calcification in the top against the bottom
// tertile of menaquinone intake (above 32.7 and below 21.6 mcg/day), odds
// ratio 0.48 (0.32-0.71). The model's dietary menaquinone is MK-7 (the
// cohort's came mostly as MK-8 and MK-9, from cheese).
Rows calcification_cohorts(const Params& p) {
  auto final_score = [&](const Scenario& s) { return run(s, p).at("arterial_score", s.duration_days); };
  auto woman_from = [](double age, double years) {
    Scenario s = default_woman_on_placebo(years * year, year);
    s.patient.age_years = age;
    s.patient.coronary_calcium_au = 0;
    return s;
  };
  // MESA: a 60-year-old woman without coronary calcium, for ten years. The
  // rows of diet alone spread each day's meals (daily-averaged dosing: the
  // intake row's ratio is 1.332, 1.335 with exact dosing, at a quarter of the
  // cost); the tablets row needs the tablets' boluses.
  auto eating_calcium = [&](double mg_per_day, Dosing dosing) {
    Scenario s = woman_from(60, 10);
    s.diet.calcium_mg_per_day = mg_per_day;
    s.dosing = dosing;
    return s;
  };
  Scenario tablets = eating_calcium(400, Dosing::Exact);
  Intervention calcium = dose(Agent::Calcium, 400 * 1000, 7.5 / 24);
  calcium.with_meals = {"breakfast", "dinner"};
  calcium.times_of_day.clear();
  tablets.interventions.push_back(calcium);
  // Rotterdam: a woman from 45 to 67, the cohort's mean age, through her menopause at 51.
  auto eating_menaquinone = [&](double mcg_per_day) {
    Scenario s = woman_from(45, 22);
    s.diet.mk7_mcg_per_day = mcg_per_day;
    s.dosing = Dosing::DailyAveraged;
    return final_score(s);
  };
  const std::string mesa = "60-year-old postmenopausal woman without coronary calcium, 10 years; ";
  return {
      {"cohorts.mesa_supplements",
       "Coronary score after 10 years from 0 AU, 1200 mg/day calcium with 800 mg as tablets / all from food",
       "Anderson 2016, J Am Heart Assoc 5:e003815 (MESA: incident calcium with supplements at equal total intake, "
       "RR 1.22, 1.07-1.39)",
       "higher (an association)", "ratio",
       final_score(tablets) / final_score(eating_calcium(1200, Dosing::Exact)), 1.0, 1.39,
       mesa + "400 mg calcium with breakfast and dinner and 400 mg/day in food vs 1200 mg/day in food"},
      {"cohorts.mesa_calcium_intake", "Coronary score after 10 years from 0 AU, 2157 / 313 mg/day calcium in food",
       "Anderson 2016, J Am Heart Assoc 5:e003815 (MESA: incident calcium, highest vs lowest quintile of total "
       "intake, RR 0.73, 0.57-0.93)",
       "not higher (an association)", "ratio",
       final_score(eating_calcium(2157, Dosing::DailyAveraged)) /
           final_score(eating_calcium(313, Dosing::DailyAveraged)), 0.57, 1.0,
       mesa + "the quintiles' mean intakes, all in food",
       "a limit of the model: its plasma calcium settles higher on more calcium (2.28 mmol/L on 313 mg/day, 2.41 on "
       "2157; PTH 7.5 and 3.3 pmol/L) and deposition follows plasma calcium squared and phosphate "
       "(artery.calcium_exponent, artery.phosphate_exponent, both hypothetical), so the highest quintile's score "
       "grows a third faster; the cohort's association points the other way, and no trial of calcium from food "
       "measured coronary calcium (docs/VALIDATION.md)"},
      {"cohorts.rotterdam_menaquinone", "Arterial score at 67 from 0 AU at 45, 40 / 15 mcg/day menaquinone in food",
       "Geleijnse 2004, J Nutr 134:3100 (Rotterdam: severe aortic calcification, top vs bottom tertile of "
       "menaquinone intake, OR 0.48, 0.32-0.71)",
       "lower (an association)", "ratio", eating_menaquinone(40) / eating_menaquinone(15), 0.32, 1.0,
       "woman from 45 to 67 without arterial calcium at the start, menopause at 51; the tertiles' menaquinone as "
       "MK-7 in food"},
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
