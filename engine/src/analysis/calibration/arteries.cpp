// Calibration experiments. The arteries: calcium score progression, warfarin
// and stiffness. Each group reproduces published measurements that parameters
// were fitted to (groups.hpp).
#include "analysis/calibration/groups.hpp"

namespace calcsim::calibration {

using namespace experiments;

Rows arteries(const Params& p) {
  auto progression = [&](Sex sex, double cac) {
    Scenario s = default_scenario();
    s.interventions.clear();
    s.patient.sex = sex;
    s.patient.age_years = 62;
    if (sex == Sex::Male) s.patient.menopause_age_years.reset();
    s.patient.coronary_calcium_au = cac;
    s.duration_days = 3 * year;
    s.output_every_days = 30;
    const Result r = run(s, p);
    return (r.at("arterial_score", 3 * year) - r.at("arterial_score", 0)) / 3;
  };
  // Warfarin against the same man without it.
  const Scenario man = older_man_with_calcification(year);
  const InitialCondition init = initial_condition(man, p);
  Scenario vka = man;
  vka.interventions.push_back(dose(Agent::Warfarin, 5000, 18.0 / 24));
  const Result off = run_from(man, p, init), on = run_from(vka, p, init);
  return {
      {"artery.progression_women", "Arterial score progression, women with calcification",
       "MESA, Kronmal 2007; Budoff 2010", "median 14 AU/year", "AU/year", progression(Sex::Female, 60), 7, 28,
       "62-year-old woman, score 60 AU at the start, mean over 3 years"},
      {"artery.progression_men", "Arterial score progression, men with calcification",
       "MESA, Kronmal 2007; Budoff 2010", "median 21 AU/year", "AU/year", progression(Sex::Male, 90), 10.5, 42,
       "62-year-old man, score 90 AU at the start, mean over 3 years"},
      // New users of a vitamin K antagonist against their own start: the rise
      // is partial after a month and still going after three.
      {"vka.one_month", "dp-ucMGP after 1 month of a vitamin K antagonist / before",
       "new phenprocoumon users, Circulation abstract 5583 (uncarboxylated MGP, n=21)", "1.9 (1003 to 1904 pM)",
       "ratio", on.at("dp_ucmgp", 30) / off.at("dp_ucmgp", 30), 1.5, 2.4,
       "70-year-old man, warfarin 5 mg/day vs the same man without"},
      {"vka.three_months", "dp-ucMGP after 3 months of a vitamin K antagonist / before",
       "new phenprocoumon users, Circulation abstract 5583 (uncarboxylated MGP, n=21)", "2.3 (1003 to 2316 pM)",
       "ratio", on.at("dp_ucmgp", 91) / off.at("dp_ucmgp", 91), 1.9, 2.9,
       "70-year-old man, warfarin 5 mg/day vs the same man without"},
      {"vka.dp_ucmgp", "dp-ucMGP on warfarin / without", "direction from the brief (VKA inactivates MGP)",
       "several-fold higher", "ratio", on.at("dp_ucmgp", 364) / off.at("dp_ucmgp", 364), 2, 6,
       "70-year-old man, warfarin 5 mg/day for a year"},
  };
}

// Arterial stiffness: the population reference values the age and pressure
// terms were fitted to, and the one vitamin K trial the elastin term was
// sized to.
Rows stiffness(const Params& p) {
  // RVASC 2010 (Eur Heart J 31:2338), reference values: mean cfPWV by age
  // decade and blood-pressure category, untreated adults without diabetes or
  // cardiovascular disease. A woman without arterial calcium, at a systolic
  // pressure in the middle of the category.
  auto reference = [&](double age, double systolic) {
    Scenario s = woman_without_calcium_at(age);
    s.patient.systolic_bp_mmhg = systolic;
    return run(s, p).at("cfpwv", 0);
  };
  // Knapen 2015: 180 mcg/day MK-7 or placebo for 3 years, healthy
  // postmenopausal women aged 55-65 (baseline cfPWV 9.9 m/s).
  const Scenario woman = default_woman_on_placebo(3 * year, 30);
  const InitialCondition w0 = initial_condition(woman, p);
  Scenario treated = woman;
  treated.interventions.push_back(with_breakfast(Agent::MK7, 180));
  const Result placebo = run_from(woman, p, w0), mk7 = run_from(treated, p, w0);
  const double t = 3 * year;
  const double change_mk7 = mk7.at("cfpwv", t) - mk7.at("cfpwv", 0);
  const double change_placebo = placebo.at("cfpwv", t) - placebo.at("cfpwv", 0);
  // Knapen's women started at 9.9 m/s; the effect is read relative to the start and scaled to it.
  const double relative = (change_mk7 - change_placebo) / placebo.at("cfpwv", 0);
  const std::string rvasc = "RVASC 2010, Eur Heart J 31:2338 (reference values)";
  const std::string who = "woman without arterial calcium, systolic ";
  return {
      {"stiffness.rvasc_25_optimal", "cfPWV, age under 30, optimal blood pressure", rvasc, "6.1 (4.6-7.5) m/s",
       "m/s", reference(25, 112), 5.4, 6.8, "25-year-old " + who + "112 mmHg"},
      {"stiffness.rvasc_45_normal", "cfPWV, age 40-49, normal blood pressure", rvasc, "7.5 (5.8-9.2) m/s", "m/s",
       reference(45, 125), 6.8, 8.2, "45-year-old " + who + "125 mmHg"},
      {"stiffness.rvasc_65_normal", "cfPWV, age 60-69, normal blood pressure", rvasc, "9.7 (7.2-12.3) m/s", "m/s",
       reference(65, 125), 8.9, 10.5, "65-year-old postmenopausal " + who + "125 mmHg"},
      {"stiffness.rvasc_65_grade2", "cfPWV, age 60-69, grade II/III hypertension", rvasc, "12.2 (8.0-16.4) m/s",
       "m/s", reference(65, 170), 11.0, 13.4, "65-year-old postmenopausal " + who + "170 mmHg"},
      {"stiffness.knapen_mk7", "cfPWV change with 180 mcg/day MK-7 minus placebo after 3 years, at 9.9 m/s",
       "Knapen 2015, Thromb Haemost 113:1135", "-0.38 m/s (-0.36 vs +0.02)", "m/s", relative * 9.9, -0.5,
       -0.26, "58-year-old postmenopausal woman (the default patient), MK-7 with breakfast vs her usual diet"},
  };
}

}  // namespace calcsim::calibration
