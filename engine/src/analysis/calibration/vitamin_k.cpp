// Calibration experiments. Vitamin K: the pharmacokinetics of K1, MK-4 and MK-7,
// dp-ucMGP on MK-7, and osteocalcin on K1. Each group reproduces published
// measurements that parameters were fitted to (groups.hpp).
#include "analysis/calibration/groups.hpp"

#include <cmath>
#include <utility>

#include "model/model.hpp"

namespace calcsim::calibration {

using namespace experiments;

namespace {

// Peak time (h after the dose) and terminal half-life (h) of the plasma
// increment that one dose adds to the usual diet's level.
std::pair<double, double> single_dose_pk(const Params& p, Agent agent, double mcg, const char* column,
                                         double fit_from_h, double fit_to_h) {
  const DoseIncrement increment(p, agent, mcg, column, 16);
  const double half_life =
      (fit_to_h - fit_from_h) * std::log(2.0) / std::log(increment.at(fit_from_h) / increment.at(fit_to_h));
  return {increment.peak(48).second, half_life};
}

}  // namespace

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
  // Uematsu 1996: 15 mg of MK-4 (menatetrenone) after a breakfast of 20 g fat,
  // the fat of the model's usual meals (15-25 g), in 18 healthy men.
  const double mk4_area = DoseIncrement(p, Agent::MK4, 15000, "mk4_plasma", 3, 20.0).area(0, 24);
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
      {"pk.mk4_uematsu_area", "Plasma MK-4 area over 24 h after 15 mg with a 20 g-fat breakfast",
       "Uematsu 1996, J Pharm Sci 85:1012 (18 healthy men)", "485 +/- 150 ng h/mL", "ng h/mL", mk4_area, 416, 554,
       "healthy adult, 15 mg MK-4 once with a breakfast of 20 g fat on top of the usual diet, 0-24 h"},
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
  // Kremer 2021: dp-ucMGP, a peptide of about 10 kDa, is filtered by the
  // kidney. In 578 kidney transplant recipients (aged 56, eGFR 49 +/- 17) each
  // 10 mL/min/1.73m2 more eGFR went with 14.0% less dp-ucMGP, while the share of
  // MGP left uncarboxylated did not depend on eGFR; in 124 others dp-ucMGP fell
  // from 1252 (IQR 868-1744) to 609 (451-914) pmol/L in the 3 months after a
  // transplant. Together they size the share of its clearance that is not renal.
  // Bands: the slope +/- 6 points and the ratio of the medians +/- 0.15 (the
  // abstract gives no interval for either).
  const auto dp_ucmgp = [&](const Scenario& s) { return run(s, p).at("dp_ucmgp", 1); };
  Scenario recipient = healthy_adult(2);
  recipient.patient.age_years = 56;
  Scenario lower = recipient, higher = recipient;
  lower.patient.egfr = 44;
  higher.patient.egfr = 54;
  const Scenario before = man_on_haemodialysis(2, 56);
  Scenario after = before;
  after.patient.dialysis = false;
  after.patient.egfr = 50;
  return {
      {"mgp.baseline", "dp-ucMGP in the general population", "Jespersen 2020", "465 +/- 181 pmol/L", "pmol/L",
       adult.at("dp_ucmgp", 1), 465 - 181, 465 + 181, "healthy adult on a usual diet"},
      {"mgp.kremer_egfr", "dp-ucMGP change per 10 mL/min/1.73m2 more eGFR, around eGFR 49",
       "Kremer 2021, Nutrients 13:3069 (578 kidney transplant recipients)", "-14.0%", "%",
       100 * (dp_ucmgp(higher) / dp_ucmgp(lower) - 1), -20, -8,
       "56-year-old man on a usual diet, eGFR 54 vs 44, each at his steady state"},
      {"mgp.kremer_transplant", "dp-ucMGP 3 months after a kidney transplant / before",
       "Kremer 2021, Nutrients 13:3069 (1252 to 609 pmol/L, medians, n 124)", "0.49", "ratio",
       dp_ucmgp(after) / dp_ucmgp(before), 0.34, 0.64,
       "56-year-old man on haemodialysis (Mon/Wed/Fri) and a renal diet, then off dialysis with eGFR 50 on the "
       "same diet, each at his steady state"},
      {"mgp.mk7_three_years", "dp-ucMGP with 180 mcg/day MK-7 / placebo after 3 years", "Knapen 2015",
       "0.5 (-50%)", "ratio", treated.at("dp_ucmgp", t) / placebo.at("dp_ucmgp", t), 0.4, 0.6,
       "58-year-old postmenopausal woman (the default patient), MK-7 with breakfast vs her usual diet"},
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

// Binkley 2002 (AJCN 76:1055, "A high phylloquinone intake is required to
// achieve maximal osteocalcin gamma-carboxylation"): adults aged 19-36 took K1
// for 2 weeks (250 to 1000 mcg/day), and in a dose-finding substudy 500, 1000
// and 2000 mcg/day in successive weeks; about 1000 mcg/day was needed for
// maximal carboxylation. The row asks that 1000 mcg/day give most of the fall
// that 2000 gives after 2 weeks (0.8 or more), which sizes
// oc.plasma_uptake_gain.
Rows osteocalcin(const Params& p) {
  Scenario adult = healthy_adult(14);
  adult.patient.age_years = 28;
  adult.output_every_days = 1;
  const InitialCondition a0 = initial_condition(adult, p);
  const double placebo = run_from(adult, p, a0).at("ucoc_fraction", 14);
  auto fall = [&](double mcg) {
    Scenario s = adult;
    s.interventions.push_back(with_breakfast(Agent::K1, mcg));
    return placebo - run_from(s, p, a0).at("ucoc_fraction", 14);
  };
  return {
      {"oc.binkley_k1_maximal", "Fall of ucOC with 1000 mcg/day K1 as a share of the fall with 2000, after 2 weeks",
       "Binkley 2002, AJCN 76:1055 (maximal carboxylation needs about 1000 mcg/day)", "about 1", "ratio",
       fall(1000) / fall(2000), 0.8, 1.0, "healthy 28-year-old man, K1 with breakfast vs his usual diet, 2 weeks"},
  };
}

}  // namespace calcsim::calibration
