// Calibration experiments: each reproduces a published measurement that
// parameters were fitted to, against a tolerance fixed in advance.
#include "calcsim/calibration.hpp"

#include <cmath>
#include <algorithm>
#include <functional>
#include <string>

#include "calcsim/errors.hpp"
#include "model/model.hpp"
#include "experiments.hpp"
#include "simulate/parallel.hpp"

namespace calcsim {
namespace {

using namespace experiments;

using Rows = std::vector<Target>;

Rows homeostasis(const Params& p) {
  Scenario s = healthy_adult(3);
  s.ageing = false;
  const Result r = run(s, p);
  const double absorbed = daily_mean(r, "absorbed_ca", 1), secreted = daily_mean(r, "secreted_ca", 1);
  const double urinary = daily_mean(r, "urinary_ca", 1), intake = daily_mean(r, "intake_ca", 1);
  const std::string how = "healthy adult (45-year-old man, 1000 mg/day calcium in three meals), mean over a day";
  return {
      {"homeostasis.plasma_ca", "Plasma total calcium", "Peterson & Riggs 2010", "2.35 mmol/L", "mmol/L",
       daily_mean(r, "plasma_ca", 1), 2.30, 2.40, how},
      {"homeostasis.pth", "Plasma PTH", "Peterson & Riggs 2010", "3.85 pmol/L", "pmol/L", daily_mean(r, "pth", 1),
       3.85 * 0.75, 3.85 * 1.25, how},
      {"homeostasis.calcitriol", "Plasma calcitriol", "Peterson & Riggs 2010", "90 pmol/L", "pmol/L",
       daily_mean(r, "calcitriol", 1), 90 * 0.75, 90 * 1.25, how},
      {"homeostasis.urinary_ca", "Urinary calcium", "Endotext; Peterson & Riggs 2010", "100-250 mg/day", "mg/day",
       urinary, 100, 250, how},
      {"homeostasis.net_absorption", "Net calcium absorption", "Peterson & Riggs 2010", "about 150-200 mg/day",
       "mg/day", absorbed - secreted, 150 * 0.8, 200 * 1.2, how},
      {"homeostasis.balance", "Net absorption / urinary loss at steady state", "mass balance (brief)", "1",
       "ratio", (absorbed - secreted) / urinary, 0.98, 1.02, how + ", ageing off"},
      // True absorption of dietary calcium: the lumen mixes food and secreted
      // calcium, so food's share of what is absorbed is its share of what enters.
      {"absorption.average_fraction", "Average true fractional absorption of dietary calcium", "IOM 2011",
       "about 25%", "%", 100 * absorbed / (intake + secreted), 20, 35, how},
      {"homeostasis.plasma_phosphate", "Plasma phosphate", "textbook physiology (adults 0.8-1.45 mmol/L)",
       "about 1.1 mmol/L", "mmol/L", daily_mean(r, "plasma_phosphate", 1), 1.0, 1.2, how + ", 1200 mg/day phosphorus"},
      {"phosphate.net_absorption", "Phosphate absorbed / eaten", "IOM 1997 (55-70% of dietary phosphorus)",
       "55-70%", "%", 100 * daily_mean(r, "absorbed_p", 1) / daily_mean(r, "intake_p", 1), 55, 70,
       how + ", 1200 mg/day phosphorus"},
  };
}

double healthy_load_fraction(const Params& p, double load_mg) {
  const Scenario s = healthy_adult(2);
  return load_fraction(p, s, initial_condition(s, p), load_mg, 1);
}

Rows absorption_loads(const Params& p) {
  const std::string how = "healthy adult, calcium load with a tracer, fasting at 05:00, tracer absorbed over 24 h";
  return {
      {"absorption.load_15mg", "Fractional absorption of a 15 mg load", "Heaney 1990, JBMR", "64%", "%",
       healthy_load_fraction(p, 15), 56, 72, how},
      {"absorption.load_500mg", "Fractional absorption of a 500 mg load", "Heaney 1990, JBMR", "28.6%", "%",
       healthy_load_fraction(p, 500), 22.6, 34.6, how},
  };
}

// Dawson-Hughes 1993 measured the fractional absorption of the same test
// load before and after two weeks on a low intake: the adaptation is in the
// gut's capacity, not in the size of the meals.
Rows adaptation(const Params& p) {
  constexpr double test_load_mg = 300;
  Scenario high = healthy_adult(15);
  high.diet.calcium_mg_per_day = 2000;
  Scenario low = high;
  low.diet.calcium_mg_per_day = 300;
  const InitialCondition init = initial_condition(high, p);
  const double before = load_fraction(p, high, init, test_load_mg, 1);
  const double day1 = load_fraction(p, low, init, test_load_mg, 1);
  const double after = load_fraction(p, low, init, test_load_mg, 14);
  const std::string how = "healthy adult switched from 2000 to 300 mg/day calcium at day 0; 300 mg test load at 05:00";
  return {
      {"adaptation.high_intake", "Fractional absorption of a test load on 2000 mg/day", "Dawson-Hughes 1993", "27%",
       "%", before, 20, 34, "healthy adult on 2000 mg/day; 300 mg test load at 05:00"},
      {"adaptation.after_two_weeks", "Fractional absorption of the test load after 2 weeks on 300 mg/day",
       "Dawson-Hughes 1993", "37%", "%", after, 27, 47, how},
      {"adaptation.slow_part", "Rise of test-load absorption from day 1 to day 14 on 300 mg/day (the adaptive part)",
       "Dawson-Hughes 1993 (adaptation over 1-2 weeks)", "rises over 1-2 weeks", "points", after - day1, 2, 15, how},
  };
}

// The largest rise of 25(OH)D within 4 months of one oral dose of `iu` IU of
// vitamin D3, from a steady `baseline` (nmol/L), in a 41-year-old man.
double d25_peak_rise(const Params& p, double baseline, double iu) {
  Scenario adult = with_baseline_d25(healthy_adult(120), p, baseline);
  adult.patient.age_years = 41;
  adult.output_every_days = 0.25;
  const InitialCondition start = initial_condition(adult, p);
  Scenario dosed = adult;
  dosed.interventions.push_back(dose(Agent::VitaminD3, iu * units::mcg_per_iu_vitamin_d, 8.0 / 24, Repeat::Once));
  const Result r = run_from(dosed, p, start);
  const Eigen::Index d25 = r.column("d25");
  return r.data.col(d25).maxCoeff() - r.data(0, d25);
}

// The calcium-PTH-vitamin D axis, fitted by scripts/fit/fit_axis.py.
// Vieth 2001: healthy adults aged 41 +/- 9, from 40.7 nmol/L in winter, on
// 1000 or 4000 IU/day of D3; plateau from 3 months on. Ilahi 2008: 30 healthy
// adults with little sun, one oral dose of 100,000 IU of D3; 25(OH)D from
// 27.1 +/- 7.7 to a peak of 42.0 +/- 9.1 ng/mL (67.6 to 104.8 nmol/L) within
// 4 months (band: the peak's 95% confidence interval, 1.96 x 9.1 / sqrt(30)
// ng/mL either side). Guillemant 1996: 18 healthy young men, 1 g oral calcium
// after a night's fast, PTH to 4 h.
Rows calcium_axis(const Params& p) {
  Scenario adult = with_baseline_d25(healthy_adult(150), p, 40.7);
  adult.patient.age_years = 41;
  adult.output_every_days = 1;
  const InitialCondition start = initial_condition(adult, p);
  auto plateau = [&](double iu) {
    Scenario s = adult;
    s.interventions.push_back(with_breakfast(Agent::VitaminD3, iu * units::mcg_per_iu_vitamin_d));
    return run_from(s, p, start).at("d25", 150);
  };
  Scenario young = healthy_adult(3);
  young.patient.age_years = 25;
  const LoadResponse load = calcium_load_response(p, young, 1000, 4);
  const std::string vieth = "41-year-old man, sun exposure set for 40.7 nmol/L at the start, 5 months of D3";
  return {
      {"vitd.vieth_1000iu", "25(OH)D plateau on 1000 IU/day vitamin D3 from 40.7 nmol/L",
       "Vieth 2001, AJCN 73:288", "68.7 +/- 16.9 nmol/L", "nmol/L", plateau(1000), 62, 76, vieth},
      {"vitd.vieth_4000iu", "25(OH)D plateau on 4000 IU/day vitamin D3 from 40.7 nmol/L",
       "Vieth 2001, AJCN 73:288", "96.4 +/- 14.6 nmol/L", "nmol/L", plateau(4000), 89, 104, vieth},
      {"vitd.ilahi_100000iu", "Peak rise of 25(OH)D after one oral dose of 100,000 IU vitamin D3, from 67.6 nmol/L",
       "Ilahi 2008, AJCN 87:688", "+37.2 nmol/L (27.1 to 42.0 ng/mL)", "nmol/L", d25_peak_rise(p, 67.6, 100000), 29,
       45, "41-year-old man, sun exposure set for 67.6 nmol/L at the start, one dose at 08:00, 4 months"},
      {"load.guillemant_pth", "Largest PTH fall within 4 h of 1 g oral calcium, fasting",
       "Guillemant 1996, Eur J Clin Nutr 50:469", "-58% (13.9 +/- 4.6 of 24.1 pg/mL)", "%", load.pth_nadir_percent,
       -70, -46, "healthy 25-year-old man, 1000 mg calcium at 05:00 after a night's fast, against the same day"},
  };
}

Rows menopause(const Params& p) {
  Scenario s = healthy_adult(13 * year);
  s.name = "menopause";
  s.patient.sex = Sex::Female;
  s.patient.age_years = 48;
  s.patient.menopause_age_years = 51;
  s.output_every_days = 30;
  const Result r = run(s, p);
  auto change = [&](double from_age, double to_age) {
    return 100 * (r.at("bone_mineral", (to_age - 48) * year) / r.at("bone_mineral", (from_age - 48) * year) - 1);
  };
  const std::string how = "woman from age 48, final menstrual period at 51, usual diet";
  return {
      {"menopause.transition", "BMD change across the 3-year transition (FMP-1 to FMP+2)", "SWAN, Greendale 2012",
       "-7.4%", "%", change(50, 53), -10, -5, how},
      {"menopause.ten_years", "BMD change over 10 years spanning menopause (FMP-3 to FMP+7)",
       "SWAN, Greendale 2012", "-10.6%", "%", change(48, 58), -14, -7.5, how},
  };
}

// The habits with a measured human mechanism: how much calcium sodium takes
// out in the urine (Nordin 1993 summarises the salt-loading and
// cross-sectional studies; fitted at 4 weeks, the span of the feeding
// studies), and what bone-loading exercise adds to BMD over a trial's year
// (Howe 2011, progressive resistance training against sedentary controls).
Rows habits(const Params& p) {
  const Scenario woman = default_woman_on_placebo(year, 30);
  constexpr double usual_sodium_mg = 3400, mg_per_100_mmol = 2299;
  const double per_100_mmol =
      urinary_calcium_rise_on_sodium(p, woman, usual_sodium_mg, usual_sodium_mg + mg_per_100_mmol, 28);
  const double loading = bmd_gain_with_activity(p, woman, Activity::Loading, year);
  return {
      {"sodium.nordin_calciuria", "Extra urinary calcium per 100 mmol/day more sodium, after 4 weeks",
       "Nordin 1993, J Nutr 123:1615", "about 1 mmol per 100 mmol", "mmol/day", per_100_mmol, 0.7, 1.3,
       "58-year-old postmenopausal woman on her usual diet, sodium from 3.4 to 5.7 g/day"},
      {"exercise.howe_loading", "BMD change with progressive resistance training minus sedentary controls, 1 year",
       "Howe 2011, Cochrane Database Syst Rev CD000333 (femoral neck)", "+1.03 points [0.24, 1.82]", "points",
       loading, 0.24, 1.82, "58-year-old postmenopausal woman, physical_activity loading vs sedentary"},
  };
}

// Peak time (h after the dose) and terminal half-life (h) of the plasma
// increment that one dose adds to the usual diet's level.
std::pair<double, double> single_dose_pk(const Params& p, Agent agent, double mcg, const char* column,
                                         double fit_from_h, double fit_to_h) {
  Scenario s = healthy_adult(16);
  const InitialCondition init = initial_condition(s, p);
  Scenario with = s;
  Intervention iv = with_breakfast(agent, mcg, Repeat::Once);
  iv.start_day = 1;
  with.interventions.push_back(iv);
  const Result a = run_from(with, p, init), b = run_from(s, p, init);
  const double t_dose = 1 + 7.5 / 24;
  auto increment = [&](double hours) {
    const double t = t_dose + hours / 24;
    return a.at(column, t) - b.at(column, t);
  };
  double peak = 0, peak_h = 0;
  for (double h = 0; h <= 48; h += 0.25)
    if (increment(h) > peak) {
      peak = increment(h);
      peak_h = h;
    }
  const double half_life = (fit_to_h - fit_from_h) * std::log(2.0) / std::log(increment(fit_from_h) / increment(fit_to_h));
  return {peak_h, half_life};
}

Rows pharmacokinetics(const Params& p) {
  const auto [mk7_peak, mk7_half] = single_dose_pk(p, Agent::MK7, 180, "mk7_plasma", 48, 240);
  const auto [k1_peak, k1_half] = single_dose_pk(p, Agent::K1, 1000, "k1_plasma", 24, 72);
  // Equal molar daily intake of MK-7 and K1 supplements for six weeks.
  Scenario s = healthy_adult(42);
  s.output_every_days = 1.0 / 24;
  s.diet.mk7_mcg_per_day = 0;
  s.diet.k1_mcg_per_day = 0;
  Scenario mk7 = s, k1 = s;
  const double nmol = 220;
  mk7.interventions.push_back(with_breakfast(Agent::MK7, nmol * model::molar_mass_mk7 / 1000));
  k1.interventions.push_back(with_breakfast(Agent::K1, nmol * model::molar_mass_k1 / 1000));
  const Result a = run(mk7, p), b = run(k1, p);
  double mk7_mean = 0, k1_mean = 0;
  for (int h = 0; h < 7 * 24; ++h) {
    mk7_mean += a.at("mk7_plasma", 35 + h / 24.0) / model::molar_mass_mk7;
    k1_mean += b.at("k1_plasma", 35 + h / 24.0) / model::molar_mass_k1;
  }
  const Scenario usual = healthy_adult(2);
  const Result u = run(usual, p);
  const std::string single = "healthy adult, one supplement dose with breakfast on top of the usual diet";
  return {
      {"pk.mk7_peak", "MK-7 peak after a dose", "Schurgers 2007; Sato 2012", "2-6 h", "h", mk7_peak, 2, 6, single},
      {"pk.mk7_half_life", "MK-7 terminal half-life", "Schurgers 2007", "about 68 h", "h", mk7_half, 55, 80, single},
      {"pk.mk7_vs_k1", "MK-7 / K1 plasma level at equal prolonged molar intake", "Schurgers 2007", "7-8x",
       "ratio", mk7_mean / k1_mean, 5, 11, "220 nmol/day of each with breakfast for 6 weeks, mean of week 6"},
      {"pk.k1_peak", "K1 peak after a dose", "Novotny 2010", "4-10 h", "h", k1_peak, 4, 10, single},
      {"pk.k1_half_life", "K1 plasma half-life", "Novotny 2010", "8.8 h", "h", k1_half, 7, 11, single},
      {"pk.k1_fasting", "Fasting plasma K1 on a usual diet", "MESA, Shea 2013", "0.5-1.3 ng/mL", "ng/mL",
       u.at("k1_plasma", 1 + 7.0 / 24), 0.5, 1.3, "healthy adult at 07:00, 100 mcg/day K1 in food"},
      {"pk.mk7_fasting", "Fasting plasma MK-7 on a Western diet", "Torii 2016", "about 0.5 ng/mL", "ng/mL",
       u.at("mk7_plasma", 1 + 7.0 / 24), 0.2, 1.0, "healthy adult at 07:00, 5 mcg/day MK-7 in food"},
  };
}

Rows mgp(const Params& p) {
  const Scenario base = default_woman_on_placebo(3 * year, 7);
  const InitialCondition init = initial_condition(base, p);
  Scenario mk7 = base;
  mk7.interventions.push_back(with_breakfast(Agent::MK7, 180));
  const Result placebo = run_from(base, p, init), treated = run_from(mk7, p, init);
  const double t = 3 * year - 1;
  const Result adult = run(healthy_adult(2), p);
  return {
      {"mgp.baseline", "dp-ucMGP in the general population", "Jespersen 2020", "465 +/- 181 pmol/L", "pmol/L",
       adult.at("dp_ucmgp", 1), 465 - 181, 465 + 181, "healthy adult on a usual diet"},
      {"mgp.mk7_three_years", "dp-ucMGP with 180 mcg/day MK-7 / placebo after 3 years", "Knapen 2015",
       "0.5 (-50%)", "ratio", treated.at("dp_ucmgp", t) / placebo.at("dp_ucmgp", t), 0.4, 0.6,
       "58-year-old postmenopausal woman (the default patient), MK-7 with breakfast vs her usual diet"},
  };
}

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

// dp-ucMGP on MK-7 against placebo (or against baseline, for the
// uncontrolled dialysis study), in the trials' own populations and durations.
Rows mgp_dose_response(const Params& p) {
  // Dalmeijer 2012: healthy men and women aged 40-65, 12 weeks.
  Scenario adult = healthy_adult(84);
  adult.patient.age_years = 55;
  adult.output_every_days = 1;
  const InitialCondition a0 = initial_condition(adult, p);
  const Result placebo = run_from(adult, p, a0);
  auto twelve_weeks = [&](double mcg) {
    Scenario s = adult;
    s.interventions.push_back(with_breakfast(Agent::MK7, mcg));
    return 100 * (run_from(s, p, a0).at("dp_ucmgp", 84) / placebo.at("dp_ucmgp", 84) - 1);
  };
  // Caluwe 2014: chronic haemodialysis, MK-7 after each session for 8 weeks.
  const Scenario hd = man_on_haemodialysis(56, 70);
  const InitialCondition h0 = initial_condition(hd, p);
  auto eight_weeks = [&](double mcg) {
    Scenario s = hd;
    s.interventions.push_back(mk7_after_sessions(mcg));
    const Result r = run_from(s, p, h0);
    return 100 * (r.at("dp_ucmgp", 56) / r.at("dp_ucmgp", 0) - 1);
  };
  const std::string healthy = "healthy 55-year-old man, MK-7 with breakfast vs his usual diet, 12 weeks";
  const std::string dialysis = "70-year-old man on haemodialysis (Mon/Wed/Fri), MK-7 after each session, 8 weeks vs start";
  return {
      {"mgp.mk7_180_twelve_weeks", "dp-ucMGP change with 180 mcg/day MK-7 vs placebo after 12 weeks",
       "Dalmeijer 2012, Atherosclerosis 225:397", "-31%", "%", twelve_weeks(180), -45, -17, healthy},
      {"mgp.mk7_360_twelve_weeks", "dp-ucMGP change with 360 mcg/day MK-7 vs placebo after 12 weeks",
       "Dalmeijer 2012, Atherosclerosis 225:397", "-46%", "%", twelve_weeks(360), -60, -32, healthy},
      {"mgp.dialysis_360", "dp-ucMGP change with 360 mcg MK-7 thrice weekly on haemodialysis, 8 weeks",
       "Caluwe 2014, Nephrol Dial Transplant 29:1385", "-17%", "%", eight_weeks(360), -29, -5, dialysis},
      {"mgp.dialysis_720", "dp-ucMGP change with 720 mcg MK-7 thrice weekly on haemodialysis, 8 weeks",
       "Caluwe 2014, Nephrol Dial Transplant 29:1385", "-33%", "%", eight_weeks(720), -45, -21, dialysis},
      {"mgp.dialysis_1080", "dp-ucMGP change with 1080 mcg MK-7 thrice weekly on haemodialysis, 8 weeks",
       "Caluwe 2014, Nephrol Dial Transplant 29:1385", "-46%", "%", eight_weeks(1080), -58, -34, dialysis},
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

// Portale 1986 and 1987: six healthy men moved from 1500 to 3000 mg/day of
// phosphorus for 10 days. FGF23's two exponents are fitted to these rows
// (scripts/fit/fit_axis.py, fit_fgf23, runs the same design).
Rows phosphate_intake(const Params& p) {
  Scenario usual = healthy_adult(10);
  usual.patient.age_years = 33;
  usual.diet.phosphate_mg_per_day = 1500;
  const InitialCondition start = starting_state(usual, p);
  Scenario loaded = usual;
  loaded.diet.phosphate_mg_per_day = 3000;
  const Result before = run_from(usual, p, start), after = run_from(loaded, p, start);
  constexpr double last_day = 9;
  auto ratio = [&](const char* column) { return daily_mean(after, column, last_day) / daily_mean(before, column, last_day); };
  const std::string how = "33-year-old man, 1500 then 3000 mg/day phosphorus in the meals; mean over day 10, against 1500 mg/day";
  return {
      {"phosphate.portale_calcitriol", "Calcitriol after 10 days of 3000 mg/day phosphorus / on 1500",
       "Portale 1986, J Clin Invest 77:7", "0.71 (38 to 27 pg/mL)", "ratio", ratio("calcitriol"), 0.6, 0.82, how},
      {"phosphate.portale_phosphate", "24-hour mean plasma phosphate after 10 days of 3000 mg/day / on 1500",
       "Portale 1987, J Clin Invest 80:1147", "1.14", "ratio", ratio("plasma_phosphate"), 1.05, 1.25, how},
  };
}

}  // namespace

const std::vector<CalibrationGroup>& calibration_groups() {
  static const std::vector<CalibrationGroup> groups{
      {"homeostasis", homeostasis},         {"calcium_axis", calcium_axis},
      {"absorption_loads", absorption_loads}, {"adaptation", adaptation},
      {"pharmacokinetics", pharmacokinetics}, {"mgp", mgp},
      {"habits", habits},                   {"mgp_dose_response", mgp_dose_response},
      {"stiffness", stiffness},             {"arteries", arteries},
      {"menopause", menopause},             {"phosphate_intake", phosphate_intake},
  };
  return groups;
}

std::vector<Target> run_calibration_groups(const Params& p, const std::vector<std::string>& names) {
  // The groups on every core, the longest first, each with a rough cost (the
  // decade-long runs of the arteries and the menopause, then the trials).
  const auto cost_of = [](const std::string& name) {
    if (name == "arteries" || name == "menopause") return 10.0;
    if (name == "mgp_dose_response" || name == "stiffness") return 5.0;
    return 1.0;
  };
  const auto& groups = calibration_groups();
  std::vector<std::string> known;
  for (const auto& g : groups) known.push_back(g.name);
  std::vector<std::function<Rows()>> jobs;
  std::vector<double> cost;
  for (const std::size_t i : experiments::chosen_groups(known, names, "calibration")) {
    jobs.emplace_back([&p, &group = groups[i]] { return group.rows(p); });
    cost.push_back(cost_of(groups[i].name));
  }
  return detail::concatenate_in_parallel<Target>(jobs, cost, 0);
}

// Every group in the order of the table.
std::vector<Target> run_calibration(const Params& p) { return run_calibration_groups(p, {}); }

}  // namespace calcsim
