// Validation experiments. Vitamin K: deposition on a VKA, and K1 and K2 against
// the arteries and bone. Each group runs one study's design (groups.hpp).
#include "analysis/validation/groups.hpp"

#include <algorithm>
#include <utility>

namespace calcsim::validation {

using namespace experiments;

// MK-4 by mouth (Sato 2012, Nutr J 11:93; Uematsu 1996, J Pharm Sci 85:1012).
// Sato gave healthy women 420 mcg of MK-4 or of MK-7 with a standardised
// breakfast and sampled at 2, 4, 6, 8, 10, 24, 48 and 72 h: MK-4 was detected at
// no time point, MK-7 still at 48 h, so with one assay MK-4's highest level
// stayed below MK-7's at 48 h, whatever its detection limit. Seven days of
// 60 mcg/day of MK-4 left fasting MK-4 where it was (change 0.00 +/- 0.77 ng/mL).
// Uematsu gave 18 healthy men 15 mg of MK-4 after breakfasts of 8.8, 20.0 and
// 34.9 g of fat: the area over 24 h was 371 +/- 194, 485 +/- 150 and
// 1024 +/- 341 ng h/mL. The 20 g area is a calibration row (mk4.bioavailability);
// the fat ratio is not: its band is the ratio of the means +/- 1.96 standard
// errors of its logarithm, the arms' spreads taken as independent.
Rows mk4_absorption(const Params& p) {
  const DoseIncrement mk4(p, Agent::MK4, 420, "mk4_plasma", 5), mk7(p, Agent::MK7, 420, "mk7_plasma", 5);
  double mk4_highest = 0;
  for (double h : {2, 4, 6, 8, 10, 24, 48, 72}) mk4_highest = std::max(mk4_highest, mk4.at(h));
  // Seven days of 60 mcg/day with breakfast, fasting blood on the eighth morning.
  const Scenario adult = healthy_adult(9);
  const InitialCondition init = starting_state(adult, p);
  Scenario week = adult;
  Intervention daily = with_breakfast(Agent::MK4, 60);
  daily.start_day = 1;
  daily.stop_day = 8;
  week.interventions.push_back(daily);
  const double fasting_day8 = 8 + fasting_sample;
  const double week_rise =
      run_from(week, p, init).at("mk4_plasma", fasting_day8) - run_from(adult, p, init).at("mk4_plasma", fasting_day8);
  auto area = [&](double fat_g) { return DoseIncrement(p, Agent::MK4, 15000, "mk4_plasma", 3, fat_g).area(0, 24); };
  const std::string flat_fat =
      "a limit of the model: its vitamin K absorption rises with a meal's fat along one saturating curve shared by "
      "K1, MK-4 and MK-7 (vitk.fat_half_saturation, hypothetical), 1.5 times from 8.8 to 34.9 g; Uematsu's areas "
      "barely moved from 8.8 to 20 g and doubled from 20 to 34.9 g, a step no smooth curve of this kind follows, "
      "and refitting the shared curve to one study of MK-4 would move every vitamin K row calibrated on usual meals";
  const std::string who = "healthy adult on his usual diet";
  return {
      {"pk.sato_mk4_single", "Highest plasma MK-4 rise after 420 mcg MK-4 / MK-7 rise 48 h after 420 mcg MK-7",
       "Sato 2012, Nutr J 11:93 (MK-4 detected at no time point, MK-7 still at 48 h)", "below 1", "ratio",
       mk4_highest / mk7.at(48), 0, 1, who + "; one dose with breakfast, MK-4 read at Sato's times (2-72 h)"},
      {"pk.sato_mk4_week", "Fasting plasma MK-4 after 7 days of 60 mcg/day MK-4, change",
       "Sato 2012, Nutr J 11:93", "0.00 +/- 0.77 ng/mL", "ng/mL", week_rise, -0.77, 0.77,
       who + "; 60 mcg/day with breakfast for 7 days, fasting at 07:00 on day 8"},
      {"pk.uematsu_fat", "Plasma MK-4 area over 24 h after 15 mg, breakfast of 34.9 g fat / of 8.8 g fat",
       "Uematsu 1996, J Pharm Sci 85:1012 (1024 +/- 341 and 371 +/- 194 ng h/mL, 18 men)", "2.76", "ratio",
       area(34.9) / area(8.8), 2.07, 3.68, "healthy adult, 15 mg MK-4 once with breakfast, 0-24 h", flat_fat},
  };
}

// Warfarin and the arteries: deposition on a VKA, in the cohorts' older men.
Rows warfarin_deposition(const Params& p) {
  const Scenario man = older_man_with_calcification(year);
  const InitialCondition init = starting_state(man, p);
  Scenario vka = man;
  vka.interventions.push_back(dose(Agent::Warfarin, 5000, 18.0 / 24));
  const Result off = run_from(man, p, init), on = run_from(vka, p, init);
  double dep_on = 0, dep_off = 0;
  for (int d = 180; d < 365; ++d) {
    dep_on += on.at("net_to_artery", d);
    dep_off += off.at("net_to_artery", d);
  }
  return {
      {"vka.deposition", "Arterial deposition rate on warfarin / without",
       "meta-analysis, Front Cardiovasc Med 2022 (OR 1.21 coronary, 1.86 other arteries)", "1.2-1.9", "ratio",
       dep_on / dep_off, 1.05, 2.0, "70-year-old man, months 6-12 of warfarin 5 mg/day"},
  };
}

// Valkyrie (De Vriese 2020, J Am Soc Nephrol 31:186): haemodialysis patients
// with atrial fibrillation randomised to a VKA, rivaroxaban, or rivaroxaban
// with 2000 mcg MK-7 thrice weekly, for 18 months. Its abstract reports the
// direction of dp-ucMGP in each arm; the bands ask for that direction with a
// margin, and no parameter was fitted to it.
Rows valkyrie(const Params& p) {
  constexpr double before = year, trial = 548;  // a year on a VKA before the switch; 18 months
  const Scenario hd = man_on_haemodialysis(before + trial, 80);
  const InitialCondition h0 = starting_state(hd, p);
  // VKA-naive patients who start one at randomisation.
  Scenario start = hd;
  Intervention vka = dose(Agent::Warfarin, 5000, 18.0 / 24);
  vka.start_day = before;
  start.interventions.push_back(vka);
  const Result started = run_from(start, p, h0);
  // Prevalent users switched to rivaroxaban (no VKA), with or without MK-7.
  Scenario switched = hd;
  Intervention earlier = dose(Agent::Warfarin, 5000, 18.0 / 24);
  earlier.stop_day = before;
  switched.interventions.push_back(earlier);
  Scenario with_k2 = switched;
  Intervention mk7 = mk7_after_sessions(2000);
  mk7.start_day = before;
  with_k2.interventions.push_back(mk7);
  const Result off = run_from(switched, p, h0), k2 = run_from(with_k2, p, h0);
  const double end = before + trial;
  const std::string who = "80-year-old man on haemodialysis (Mon/Wed/Fri), 18 months";
  return {
      {"valkyrie.vka_start", "dp-ucMGP 18 months after starting a VKA on haemodialysis / at the start",
       "Valkyrie, De Vriese 2020, J Am Soc Nephrol 31:186 (dp-ucMGP rose on a VKA)", "higher", "ratio",
       started.at("dp_ucmgp", end) / started.at("dp_ucmgp", before), 1.3, 6.0, who + ", warfarin 5 mg/day"},
      {"valkyrie.vka_stop", "dp-ucMGP 18 months after switching from a VKA to rivaroxaban / at the switch",
       "Valkyrie, De Vriese 2020, J Am Soc Nephrol 31:186 (dp-ucMGP fell on rivaroxaban)", "lower", "ratio",
       off.at("dp_ucmgp", end) / off.at("dp_ucmgp", before), 0.15, 0.9,
       who + ", after a year of warfarin 5 mg/day"},
      {"valkyrie.k2_added", "dp-ucMGP after the switch with MK-7 2000 mcg thrice weekly / without",
       "Valkyrie, De Vriese 2020, J Am Soc Nephrol 31:186 (vitamin K status improved further with K2)", "lower",
       "ratio", k2.at("dp_ucmgp", end) / off.at("dp_ucmgp", end), 0.2, 0.95,
       who + ", MK-7 after each session from the switch"},
  };
}

// Vitamin K and the calcium score: the K2 trials of the brief (the default
// woman), a year of MK-4 (Ikari 2016) and three years of K1 (Shea 2009).
Rows k2_arteries(const Params& p) {
  Scenario woman = default_scenario();
  woman.duration_days = 3 * year;
  woman.output_every_days = 30;
  Scenario placebo = woman;
  placebo.interventions.clear();
  const InitialCondition w0 = starting_state(woman, p);
  const Result k2 = run_from(woman, p, w0), pl = run_from(placebo, p, w0);
  const double growth_k2 = k2.at("arterial_score", 3 * year) - k2.at("arterial_score", 0);
  const double growth_pl = pl.at("arterial_score", 3 * year) - pl.at("arterial_score", 0);
  // Regression: a large deposit under a high MK-7 dose.
  Scenario big = woman;
  big.patient.coronary_calcium_au = 300;
  big.interventions.front().dose_mcg = 360;
  const Result rb = run(big, p);
  // Ikari 2016 (Nutr J 15:53): 26 people aged 69 +/- 8 (65% women), one arm,
  // MK-4 45 mg/day for a year: coronary calcium went from 513 +/- 773 to
  // 588 +/- 872 AU (+14%), brachial-ankle PWV did not change. The abstract
  // gives no spread of the change: the band assumes a between-patient SD of
  // 25 points for a year's percentage change (hypothetical) over 26 people.
  Scenario ikari = default_woman_on_placebo(year, 30);
  ikari.patient.age_years = 69;
  ikari.patient.coronary_calcium_au = 513;
  Intervention mk4 = with_every_meal(Agent::MK4, 15000);
  ikari.interventions.push_back(mk4);
  const Result ri = run(ikari, p);
  // Shea 2009 (AJCN 89:1799): 388 healthy older men and postmenopausal women
  // (60-80), a multivitamin with or without 500 mcg/day of K1 for 3 years.
  // Agatston scores grew 27 +/- 6 and 37 +/- 7 (mean +/- SEM) with and
  // without K1: a ratio of 0.73, whose 95% interval (from the two SEMs,
  // on the log scale) is the band.
  Scenario shea = default_woman_on_placebo(3 * year, 30);
  shea.patient.age_years = 68;
  const InitialCondition s0 = starting_state(shea, p);
  const Result shea_control = run_from(shea, p, s0);
  shea.interventions.push_back(with_breakfast(Agent::K1, 500));
  const Result shea_k1 = run_from(shea, p, s0);
  const auto growth = [](const Result& r) { return r.at("arterial_score", 3 * year) - r.at("arterial_score", 0); };
  return {
      {"k1.shea_three_years", "Arterial score growth with K1 500 mcg/day / without, over 3 years",
       "Shea 2009, AJCN 89:1799 (27 +/- 6 vs 37 +/- 7 AU)", "0.73", "ratio", growth(shea_k1) / growth(shea_control),
       0.41, 1.29, "68-year-old postmenopausal woman with a 30 AU score, K1 500 mcg with breakfast vs none"},
      {"k2.ikari_mk4_one_year", "Coronary calcium change after a year of MK-4 45 mg/day, from 513 AU",
       "Ikari 2016, Nutr J 15:53 (513 to 588 AU, one arm)", "+14%", "%",
       100 * (ri.at("arterial_score", year) / ri.at("arterial_score", 0) - 1), 4, 24,
       "69-year-old postmenopausal woman with a 513 AU score, MK-4 15 mg with each meal"},
      {"trials.k2_three_years", "Arterial score growth with MK-7 / placebo over 3 years",
       "RCTs in the brief: little or no slowing within 6 months to 3 years", "about 1 (no clear effect)", "ratio",
       growth_k2 / growth_pl, 0.85, 1.0, "the default woman, 180 mcg/day MK-7 vs her usual diet"},
      {"trials.no_regression", "Arterial score after 3 years / at start, 300 AU and 360 mcg/day MK-7",
       "brief: existing deposits regress little, if at all", "at least 1", "ratio",
       rb.at("arterial_score", 3 * year) / rb.at("arterial_score", 0), 1.0, 10.0,
       "the default woman with a 300 AU score, 360 mcg/day MK-7"},
  };
}

// AVADEC (Diederichsen 2022, Circulation 145:1387): 365 men aged 71 +/- 4.4
// with aortic valve calcium above 300 AU, 720 mcg MK-7 with 25 mcg vitamin D
// a day or placebo for 24 months. dp-ucMGP changed by -212 and +45 pmol/L
// (P < 0.001); valve calcium grew 275 (95% CI 225-326) and 292 (246-338) AU,
// a difference of -17 (-86 to 53); aortic and coronary calcium progression
// did not differ. The model has no valve: its arterial score stands for the
// coronary score, which the abstract does not give (600 AU assumed, as men
// with that much valve calcium have). Bands, fixed from the abstract before
// the model was run on the rows: the dp-ucMGP difference, -257 pmol/L, +/- 40%
// (the abstract gives no spread, baseline or assay); the coronary growth
// ratio within the valve's relative 95% interval, (292 - 86) / 292 to
// (292 + 53) / 292, since the coronary one is only said not to differ.
Rows avadec(const Params& p) {
  const double two_years = weekly_fasting_sample(2 * year);
  Scenario man = default_woman_on_placebo(two_years, weekly_fasting_every);
  man.patient.sex = Sex::Male;
  man.patient.menopause_age_years.reset();
  man.patient.age_years = 71;
  man.patient.coronary_calcium_au = 600;
  const InitialCondition start = starting_state(man, p);
  const Result placebo = run_from(man, p, start);
  man.interventions.push_back(with_breakfast(Agent::MK7, 720));
  man.interventions.push_back(with_breakfast(Agent::VitaminD3, 25));
  const Result treated = run_from(man, p, start);
  const auto change = [&](const Result& r, const char* column) {
    return r.at(column, two_years) - r.at(column, weekly_fasting_every);
  };
  const std::string how = "71-year-old man with a 600 AU coronary score (assumed), 720 mcg MK-7 and 25 mcg vitamin D3 "
                          "with breakfast vs none, 24 months; fasting blood";
  return {
      {"avadec.dp_ucmgp", "dp-ucMGP change over 24 months, MK-7 720 mcg and D3 25 mcg a day minus placebo",
       "AVADEC, Diederichsen 2022, Circulation 145:1387 (-212 vs +45 pmol/L)", "-257 pmol/L", "pmol/L",
       change(treated, "dp_ucmgp") - change(placebo, "dp_ucmgp"), -360, -154, how,
       "conflicts with Dalmeijer 2012 and Knapen 2015 (the fit): dp-ucMGP fell 46% in 12 weeks of 360 mcg/day MK-7 "
       "and, on 180 mcg/day, by a third in 12 weeks and a half over 3 years; following them, the model's man on "
       "720 mcg/day falls from 554 to about 280 pmol/L in 12 weeks and 141 in two years, where AVADEC's fell 212 "
       "pmol/L (the abstract gives no baseline; at the general population's 465, about 45%). Trials of high doses "
       "disagree both ways: KING (Mansour 2017) saw more than the fit in 8 weeks of 360 mcg/day"},
      {"avadec.coronary_growth", "Coronary score growth over 24 months, MK-7 and D3 / placebo",
       "AVADEC, Diederichsen 2022, Circulation 145:1387 (did not differ; valve: 275 vs 292 AU)", "about 1", "ratio",
       change(treated, "arterial_score") / change(placebo, "arterial_score"), 0.71, 1.18, how},
  };
}

// Bone mineral in the vitamin K trials of postmenopausal women: treated minus
// placebo BMD change, in percentage points.
Rows vitamin_k_bone_trials(const Params& p) {
  const Scenario woman = default_woman_on_placebo(3 * year, 30);
  const InitialCondition w0 = starting_state(woman, p);
  const double t = 3 * year;
  const double placebo = run_from(woman, p, w0).at("bmd_change", t);
  auto difference = [&](Intervention iv) {
    Scenario s = woman;
    s.interventions.push_back(std::move(iv));
    return run_from(s, p, w0).at("bmd_change", t) - placebo;
  };
  Intervention mk4 = with_every_meal(Agent::MK4, 15000);
  // Ronn 2016: 375 mcg/day MK-7; ucOC against placebo after 3 months, BMD after a year.
  Scenario year_one = woman;
  year_one.duration_days = year;
  const Result year_placebo = run_from(year_one, p, w0);
  year_one.interventions.push_back(with_breakfast(Agent::MK7, 375));
  const Result year_mk7 = run_from(year_one, p, w0);
  const double ucoc_change = 100 * (year_mk7.at("ucoc_fraction", 90) / year_placebo.at("ucoc_fraction", 90) - 1);
  const double bmd_one_year = year_mk7.at("bmd_change", year) - year_placebo.at("bmd_change", year);
  const std::string how = "58-year-old postmenopausal woman (the default patient), 3 years vs her usual diet";
  const std::string ronn = "58-year-old postmenopausal woman (the default patient), 375 mcg/day MK-7 vs her usual diet";
  return {
      {"oc.mk7_three_months", "Undercarboxylated osteocalcin, 375 mcg/day MK-7 vs placebo after 3 months",
       "Ronn 2016, Eur J Endocrinol 175:541", "-66% (placebo -6%)", "%", ucoc_change, -80, -45, ronn},
      {"bone.mk7_one_year", "BMD change, 375 mcg/day MK-7 minus placebo, after 1 year",
       "Ronn 2016, Eur J Endocrinol 175:541 (no effect on BMD)", "about 0", "points", bmd_one_year, -0.5, 0.5, ronn},
      {"bone.mk7_three_years", "BMD change, 180 mcg/day MK-7 minus placebo, after 3 years",
       "Knapen 2013, Osteoporos Int 24:2499", "small slowing of loss", "points",
       difference(with_breakfast(Agent::MK7, 180)), 0, 1.5, how},
      {"bone.mk4_three_years", "BMD change, 45 mg/day MK-4 (15 mg three times) minus placebo, after 3 years",
       "Knapen 2007, Osteoporos Int 18:963 (no effect on DXA-BMD)", "about 0", "points", difference(mk4), -0.5,
       1.0, how},
      {"bone.k1_three_years", "BMD change, 500 mcg/day K1 minus placebo, after 3 years",
       "Booth 2008, AJCN 88:1071 (no effect on BMD)", "about 0", "points",
       difference(with_breakfast(Agent::K1, 500)), -0.5, 0.5, how},
  };
}

// MK-7 over weeks in kidney patients, two single-arm trials of 360 mcg/day.
// Aoun 2017 (BMC Nephrol 18:191): 50 haemodialysis patients in Lebanon with
// dp-ucMGP of 3179 pmol/L (median) at the start, four weeks: dp-ucMGP fell
// by 86% on average. Mansour 2017 (J Am Soc Hypertens 11:589, the KING
// trial): 60 kidney transplant recipients with stable grafts, eight weeks:
// mean dp-ucMGP fell 55.1% and cfPWV 14.2% (9.8 +/- 2.2 to 8.4 +/- 1.5 m/s).
// Neither abstract gives the spread of the changes: the dp-ucMGP bands are
// 10 points either side, and the cfPWV band assumes an SD of 1.5 m/s for the
// paired change (hypothetical) over 60 patients.
Rows kidney_mk7_weeks(const Params& p) {
  Scenario hd = man_on_haemodialysis(29, 65);
  hd.interventions.push_back(with_breakfast(Agent::MK7, 360));
  const Result aoun = run(hd, p);
  Scenario graft = healthy_adult(57);
  graft.patient.age_years = 50;
  graft.patient.egfr = 55;
  graft.output_every_days = 1;
  graft.interventions.push_back(with_breakfast(Agent::MK7, 360));
  const Result king = run(graft, p);
  const auto change = [](const Result& r, const char* column, double day) {
    return 100 * (r.at(column, day) / r.at(column, 0) - 1);
  };
  const std::string graft_how = "50-year-old man with a kidney graft (eGFR 55), MK-7 360 mcg with breakfast";
  const std::string follows_caluwe =
      "conflicts with Caluwe 2014 (the fit): dp-ucMGP fell 46% after 8 weeks of 1080 mcg MK-7 thrice weekly (about "
      "460 mcg/day) there; the model follows Caluwe, and Dalmeijer 2012 in healthy adults";
  return {
      {"k2.aoun_four_weeks", "dp-ucMGP change after 4 weeks of MK-7 360 mcg/day on haemodialysis",
       "Aoun 2017, BMC Nephrol 18:191 (average fall 86%)", "-86%", "%", change(aoun, "dp_ucmgp", 28), -96, -76,
       "65-year-old man on haemodialysis (Mon/Wed/Fri), MK-7 360 mcg with breakfast",
       follows_caluwe + "; Aoun's patients started far more deficient (median 3179 pmol/L)"},
      {"k2.king_dp_ucmgp", "dp-ucMGP change after 8 weeks of MK-7 360 mcg/day, kidney transplant recipients",
       "Mansour 2017, J Am Soc Hypertens 11:589 (KING: -55.1%)", "-55.1%", "%", change(king, "dp_ucmgp", 56), -65,
       -45, graft_how, follows_caluwe},
      {"k2.king_cfpwv", "cfPWV change after 8 weeks of MK-7 360 mcg/day, kidney transplant recipients",
       "Mansour 2017, J Am Soc Hypertens 11:589 (KING: 9.8 to 8.4 m/s)", "-14.2%", "%", change(king, "cfpwv", 56), -18,
       -10, graft_how,
       "conflicts with Knapen 2015 (the fit: cfPWV improved against placebo only after 3 years of 180 mcg/day) and "
       "Fulton 2016 (no change in 6 months): in the model carboxylated MGP acts on the arterial wall over years, not "
       "weeks; KING had no control arm"},
  };
}

// Vitamin K1 on top of minerals and vitamin D (Braam 2003, Calcif Tissue Int
// 73:21): 181 healthy postmenopausal women aged 50-60 (155 completed), three
// years of placebo, calcium, magnesium and zinc with 8 mcg/day of vitamin D
// ("MD"), or the same with 1 mg/day of K1 ("MDK"). Femoral neck BMD after 3
// years: MDK minus placebo +1.7% (95% CI 0.35-3.44), MDK minus MD +1.3%
// (0.10-3.41); no difference at the lumbar spine. The bands are those
// intervals, fixed before the model was run on the rows. The abstract gives no
// calcium dose: 500 mg/day with breakfast is assumed; magnesium and zinc move
// no bone equation of the model, and its BMD is one figure for the skeleton.
Rows k1_with_minerals(const Params& p) {
  Scenario woman = default_woman_on_placebo(3 * year, 30);
  woman.patient.age_years = 55;
  const InitialCondition start = starting_state(woman, p);
  const double t = 3 * year;
  Scenario minerals = woman;
  minerals.interventions.push_back(with_breakfast(Agent::Calcium, 500e3));
  minerals.interventions.push_back(with_breakfast(Agent::VitaminD3, 8));
  Scenario with_k1 = minerals;
  with_k1.interventions.push_back(with_breakfast(Agent::K1, 1000));
  const double placebo = run_from(woman, p, start).at("bmd_change", t);
  const double md = run_from(minerals, p, start).at("bmd_change", t);
  const double mdk = run_from(with_k1, p, start).at("bmd_change", t);
  const std::string how = "55-year-old postmenopausal woman, 3 years: 500 mg calcium (assumed) and 8 mcg vitamin D3 "
                          "with breakfast, with or without 1 mg K1, against her usual diet";
  return {
      {"bone.braam_k1_on_minerals", "BMD change after 3 years, K1 1 mg/day with minerals and vitamin D minus "
       "minerals and vitamin D alone", "Braam 2003, Calcif Tissue Int 73:21 (femoral neck, 95% CI 0.10-3.41)",
       "+1.3", "points", mdk - md, 0.10, 3.41, how},
      {"bone.braam_k1_and_minerals", "BMD change after 3 years, K1 1 mg/day with minerals and vitamin D minus "
       "placebo", "Braam 2003, Calcif Tissue Int 73:21 (femoral neck, 95% CI 0.35-3.44)", "+1.7", "points",
       mdk - placebo, 0.35, 3.44, how},
  };
}

// MK-7 early after the menopause (Emaus 2010, Osteoporos Int 21:1731): 334
// healthy women aged 50-60, 1-5 years after the menopause, 360 mcg/day of
// MK-7 (natto capsules) or placebo for 12 months: bone loss did not differ at
// the total hip or any other site, and ucOC fell against placebo (p < 0.001;
// the abstract gives neither size). Bands fixed before the run: the BMD
// difference within +/-0.55 points (1.96 standard errors of a difference
// between two arms of 167, taking the SD of a year's change as 2.5 points, an
// assumption), and ucOC lower than on placebo by 10 to 90%.
Rows mk7_early_menopause(const Params& p) {
  Scenario woman = default_woman_on_placebo(year, 30);
  woman.patient.age_years = 54;
  const auto [placebo, mk7] = placebo_and_treated(p, woman, {with_breakfast(Agent::MK7, 360)});
  const std::string how = "54-year-old woman 3 years after the menopause, 360 mcg/day MK-7 with breakfast vs her "
                          "usual diet, 12 months";
  return {
      {"bone.emaus_mk7_one_year", "BMD change, 360 mcg/day MK-7 minus placebo, after 1 year, early postmenopausal",
       "Emaus 2010, Osteoporos Int 21:1731 (no difference at any site)", "about 0", "points",
       mk7.at("bmd_change", year) - placebo.at("bmd_change", year), -0.55, 0.55, how},
      {"oc.emaus_mk7_one_year", "Undercarboxylated osteocalcin, 360 mcg/day MK-7 vs placebo after 1 year",
       "Emaus 2010, Osteoporos Int 21:1731 (ucOC fell against placebo, p < 0.001)", "lower", "%",
       100 * (mk7.at("ucoc_fraction", year) / placebo.at("ucoc_fraction", year) - 1), -90, -10, how},
  };
}

// MK-7 over months before dialysis (Kurnatowska 2015, Pol Arch Med Wewn
// 125:631, and Kidney Blood Press Res 41:231): 42 patients with CKD 3-5 not on
// dialysis, 90 mcg/day of MK-7 with 10 mcg/day of vitamin D3, or the vitamin D
// alone, for 270 days; coronary calcium grew alike in both arms (58 +/- 107
// and 74 +/- 127 AU, P = 0.7). In the 38 patients with CKD 4-5 (dp-ucMGP
// 1019 +/- 498 pmol/L at the start), MK-7 lowered dp-ucMGP by 10.7%. The
// abstract gives no spread of that change: the band is 10 points either side,
// as for the other single-arm changes (kidney_mk7_weeks).
Rows kidney_mk7_months(const Params& p) {
  constexpr double days = 270;
  Scenario ckd = healthy_adult(days);
  ckd.patient.age_years = 60;
  ckd.patient.egfr = 20;
  ckd.output_every_days = 1;
  ckd.interventions.push_back(with_breakfast(Agent::MK7, 90));
  ckd.interventions.push_back(with_breakfast(Agent::VitaminD3, 10));
  const Result r = run(ckd, p);
  const std::string both_ways =
      "conflicts with Dalmeijer 2012 and Knapen 2015 (the fit): 180 mcg/day of MK-7 lowered dp-ucMGP by 31% in 12 "
      "weeks and by half over 3 years, so the model's 90 mcg/day lowers it by 30% in 270 days, at eGFR 20 (from "
      "1084 pmol/L, the trial's 1019) as at eGFR 90; Kurnatowska's patients fell by 10.7%. Trials in kidney patients "
      "disagree both ways around the fit: on haemodialysis Westenfeld 2012 and Aoun 2017 saw larger falls within "
      "weeks (k2.westenfeld_*, k2.aoun_four_weeks)";
  return {
      {"k2.kurnatowska_ckd_months", "dp-ucMGP change after 270 days of MK-7 90 mcg/day with vitamin D3, CKD 4-5",
       "Kurnatowska 2016, Kidney Blood Press Res 41:231 (-10.7%)", "-10.7%", "%",
       100 * (r.at("dp_ucmgp", days) / r.at("dp_ucmgp", 0) - 1), -20.7, -0.7,
       "60-year-old man with eGFR 20, MK-7 90 mcg and vitamin D3 10 mcg with breakfast, 270 days", both_ways},
  };
}

// MK-7 by dose on haemodialysis (Westenfeld 2012, Am J Kidney Dis 59:186): 53
// patients, 45, 135 or 360 mcg of MK-7 once a day for 6 weeks, no placebo arm;
// dp-ucMGP fell by 17.9, 36.7 and 61.1% (the abstract was not at hand: the
// figures are those tabulated by Roumeliotis 2020, Front Med, PMC7193028).
// The bands are 10 points either side, as for the other single-arm changes.
Rows dialysis_mk7_doses(const Params& p) {
  constexpr double days = 42;
  auto fall = [&](double mcg) {
    Scenario hd = man_on_haemodialysis(days, 65);
    hd.interventions.push_back(with_breakfast(Agent::MK7, mcg));
    const Result r = run(hd, p);
    return 100 * (r.at("dp_ucmgp", days) / r.at("dp_ucmgp", 0) - 1);
  };
  const std::string how = "65-year-old man on haemodialysis (Mon/Wed/Fri), MK-7 once a day with breakfast, 6 weeks";
  const std::string source = "Westenfeld 2012, Am J Kidney Dis 59:186";
  const std::string follows_caluwe =
      "conflicts with Caluwe 2014 (the fit): on haemodialysis dp-ucMGP fell 17, 33 and 46% after 8 weeks of 360, 720 "
      "and 1080 mcg of MK-7 thrice weekly (about 150, 310 and 460 mcg/day), where Westenfeld's patients fell as much "
      "or more on less within 6 weeks; the model follows Caluwe (its 360 mcg/day gives -33% at 6 weeks), and Aoun "
      "2017 (k2.aoun_four_weeks) also saw more";
  return {
      {"k2.westenfeld_45", "dp-ucMGP change after 6 weeks of MK-7 45 mcg/day on haemodialysis", source, "-17.9%", "%",
       fall(45), -27.9, -7.9, how},
      {"k2.westenfeld_135", "dp-ucMGP change after 6 weeks of MK-7 135 mcg/day on haemodialysis", source, "-36.7%",
       "%", fall(135), -46.7, -26.7, how, follows_caluwe},
      {"k2.westenfeld_360", "dp-ucMGP change after 6 weeks of MK-7 360 mcg/day on haemodialysis", source, "-61.1%",
       "%", fall(360), -71.1, -51.1, how, follows_caluwe},
  };
}

}  // namespace calcsim::validation
