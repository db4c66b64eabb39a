// Calibration experiments. Calcium homeostasis in a healthy adult, the
// absorption of test loads, its fall with age and menopause, and the gut's
// adaptation to a low intake. Each group
// reproduces published measurements that parameters were fitted to
// (groups.hpp).
#include <optional>

#include "analysis/calibration/groups.hpp"

namespace calcsim::calibration {

using namespace experiments;

namespace {

double healthy_load_fraction(const Params& p, double load_mg) {
  const Scenario s = healthy_adult(2);
  return load_fraction(p, s, initial_condition(s, p), load_mg, 1);
}

// Fractional absorption of a 250 mg test load with a tracer (fasting, 05:00)
// by a woman on her usual diet (1000 mg/day), from her steady state.
double woman_load_fraction(const Params& p, double age, std::optional<double> menopause_age) {
  Scenario s = woman_without_calcium_at(age);
  s.patient.menopause_age_years = menopause_age;
  return load_fraction(p, s, initial_condition(s, p), 250, 1);
}

}  // namespace

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

// Plasma calcium and calcitriol in chronic kidney disease, which together fit
// renal.fe_kidney_exponent: how much more of its filtered calcium each
// remaining nephron excretes (Clin Sci 1970, 38:297). Cohorts keep a normal
// serum calcium through CKD stages 2-4; low calcium appears only in advanced
// failure (Felsenfeld, Levine & Rodriguez 2015, Semin Dial 28:564; NHANES
// 2003-2004 found no association of eGFR 30-59 with a low serum calcium,
// Muntner 2009, Clin J Am Soc Nephrol 4:186). The band, +/- 0.04 mmol/L (0.16
// mg/dL), is about the spread of mean serum calcium between eGFR strata in such
// cohorts. Calcitriol: HOST (Kendrick 2012, Am J Kidney Dis 60:567), plasma of
// 1,099 veterans with CKD stages 4-5, not on dialysis, drawn three months into
// a folic acid trial: 25(OH)D 21 +/- 10 ng/mL (52 nmol/L) and calcitriol 20 +/-
// 11 pg/mL (48 pmol/L at 2.4 pmol per pg), means +/- SD. With 1,099 patients
// the mean is exact to a pg/mL; the band, 15-25 pg/mL (36-60 pmol/L), allows
// for the patients' eGFR and age, which the abstract does not give (eGFR 18,
// the middle of stages 4-5 not on dialysis, age 65 and, for veterans, a man
// are assumed). The kidney's excretion sets calcitriol here through the
// calcium balance every run starts in: the less urine carries, the less the
// gut must absorb. Fitted on a grid of 0.5-1.0 by the sum of squares of each
// row's miss over half its band's half-width (docs/CALIBRATION.md).
Rows kidney_disease(const Params& p) {
  auto calcium_at = [&](double egfr) { return daily_mean(run(man_of_60_at_egfr(egfr), p), "plasma_ca", 1); };
  Scenario stage_4_5 = man_of_60_at_egfr(18);
  stage_4_5.patient.age_years = 65;
  const Scenario host = with_baseline_d25(stage_4_5, p, 52);
  return {
      {"ckd.host_calcitriol", "Calcitriol in CKD stages 4-5 not on dialysis, 25(OH)D 52 nmol/L",
       "HOST, Kendrick 2012, Am J Kidney Dis 60:567 (20 +/- 11 pg/mL, n 1,099)", "48 pmol/L", "pmol/L",
       daily_mean(run(host, p), "calcitriol", 1), 36, 60,
       "65-year-old man at eGFR 18 on his usual diet, sun exposure set for a 25(OH)D of 52 nmol/L (sex, eGFR and "
       "age assumed), steady state"},
      {"ckd.plasma_calcium", "Plasma calcium at eGFR 37 minus at eGFR 90",
       "Felsenfeld 2015, Semin Dial 28:564 (normal serum calcium until advanced CKD); Muntner 2009, Clin J Am Soc "
       "Nephrol 4:186 (NHANES: no association of eGFR 30-59 with low serum calcium)",
       "about 0", "mmol/L", calcium_at(37) - calcium_at(90), -0.04, 0.04,
       "60-year-old man on his usual diet, steady state at eGFR 37 against 90"},
  };
}

// Heaney 1989 followed 189 women through middle age with 526 absorption
// studies (double isotope, inpatient, on their own diets): absorption fell
// about 0.0021 a year with age, and once by about 0.022 at the menopause.
// gut.age_decline and gut.menopause_loss are fitted here; the bands (about
// +/- 40% and +/- 50%) are wide because the abstract gives no error.
Rows ageing_gut(const Params& p) {
  const double at_40 = woman_load_fraction(p, 40, std::nullopt), at_50 = woman_load_fraction(p, 50, std::nullopt);
  const double after_menopause = woman_load_fraction(p, 52, 50.0), before = woman_load_fraction(p, 52, std::nullopt);
  const std::string how = "woman on 1000 mg/day calcium, 250 mg test load with a tracer at 05:00, tracer absorbed over 24 h";
  return {
      {"absorption.heaney_age", "Change of test-load absorption per year of age, women aged 40 to 50 before the menopause",
       "Heaney 1989, J Bone Miner Res 4:469 (189 women, 526 studies)", "-0.21 points/year", "points/year",
       (at_50 - at_40) / 10, -0.30, -0.12, how + "; steady state at 40 and at 50, no menopause"},
      {"absorption.heaney_menopause", "Change of test-load absorption at the menopause, at equal age",
       "Heaney 1989, J Bone Miner Res 4:469 (189 women, 526 studies)", "-2.2 points", "points",
       after_menopause - before, -3.3, -1.1, how + "; 52-year-old, menopause at 50 against none"},
  };
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

}  // namespace calcsim::calibration
