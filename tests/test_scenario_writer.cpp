// The engine's scenario writer (scenario_yaml): what it writes reads back, with
// the engine's own reader, as the same scenario, for the built-in default,
// every bundled scenario and a scenario that uses every optional key.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "calcsim/scenario.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using calcsim::Scenario;

namespace {

// Values pass through a unit conversion on the way back (mg/day is read as
// micrograms and divided by 1000), so they agree to round-off, not bit for bit.
void expect_near(double a, double b, const std::string& what) {
  EXPECT_NEAR(a, b, 1e-12 * std::max(1.0, std::abs(a))) << what;
}

void expect_same(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  expect_near(a.duration_days, b.duration_days, "duration");
  expect_near(a.output_every_days, b.output_every_days, "output_every");
  EXPECT_EQ(a.ageing, b.ageing);
  EXPECT_EQ(a.dosing, b.dosing);

  const auto& p = a.patient;
  const auto& q = b.patient;
  expect_near(p.age_years, q.age_years, "age");
  EXPECT_EQ(p.sex, q.sex);
  EXPECT_EQ(p.menopause_age_years.has_value(), q.menopause_age_years.has_value());
  if (p.menopause_age_years && q.menopause_age_years)
    expect_near(*p.menopause_age_years, *q.menopause_age_years, "menopause_age");
  expect_near(p.egfr, q.egfr, "egfr");
  EXPECT_EQ(p.dialysis, q.dialysis);
  if (p.dialysis) {
    EXPECT_EQ(p.dialysis_weekdays, q.dialysis_weekdays);
    expect_near(p.dialysis_start_time, q.dialysis_start_time, "dialysis.start");
  }
  EXPECT_EQ(p.diabetes, q.diabetes);
  EXPECT_EQ(p.inflammation, q.inflammation);
  EXPECT_EQ(p.family_history_cvd, q.family_history_cvd);
  expect_near(p.coronary_calcium_au, q.coronary_calcium_au, "coronary_calcium");
  EXPECT_EQ(p.systolic_bp_mmhg.has_value(), q.systolic_bp_mmhg.has_value());
  if (p.systolic_bp_mmhg && q.systolic_bp_mmhg) expect_near(*p.systolic_bp_mmhg, *q.systolic_bp_mmhg, "systolic_bp");
  EXPECT_EQ(p.baseline_d25_nmol_per_l.has_value(), q.baseline_d25_nmol_per_l.has_value());
  if (p.baseline_d25_nmol_per_l && q.baseline_d25_nmol_per_l)
    expect_near(*p.baseline_d25_nmol_per_l, *q.baseline_d25_nmol_per_l, "baseline_d25");
  else
    expect_near(p.sun_exposure_mcg_per_day, q.sun_exposure_mcg_per_day, "sun_exposure");
  EXPECT_EQ(p.smoking, q.smoking);
  EXPECT_EQ(p.physical_activity, q.physical_activity);

  const auto& d = a.diet;
  const auto& e = b.diet;
  expect_near(d.calcium_mg_per_day, e.calcium_mg_per_day, "calcium");
  expect_near(d.phosphate_mg_per_day, e.phosphate_mg_per_day, "phosphate");
  expect_near(d.k1_mcg_per_day, e.k1_mcg_per_day, "vitamin_k1");
  expect_near(d.mk4_mcg_per_day, e.mk4_mcg_per_day, "mk4");
  expect_near(d.mk7_mcg_per_day, e.mk7_mcg_per_day, "mk7");
  expect_near(d.magnesium_mg_per_day, e.magnesium_mg_per_day, "magnesium");
  expect_near(d.vitamin_d_mcg_per_day, e.vitamin_d_mcg_per_day, "vitamin_d");
  expect_near(d.sodium_mg_per_day, e.sodium_mg_per_day, "sodium");
  ASSERT_EQ(d.meals.size(), e.meals.size());
  for (std::size_t i = 0; i < d.meals.size(); ++i) {
    EXPECT_EQ(d.meals[i].name, e.meals[i].name);
    expect_near(d.meals[i].time_of_day, e.meals[i].time_of_day, "meal time");
    expect_near(d.meals[i].calcium_share, e.meals[i].calcium_share, "meal share");
    expect_near(d.meals[i].fat_g, e.meals[i].fat_g, "meal fat");
  }

  ASSERT_EQ(a.interventions.size(), b.interventions.size());
  for (std::size_t i = 0; i < a.interventions.size(); ++i) {
    const auto& x = a.interventions[i];
    const auto& y = b.interventions[i];
    EXPECT_EQ(x.agent, y.agent);
    expect_near(x.dose_mcg, y.dose_mcg, "dose");
    EXPECT_EQ(x.repeat, y.repeat);
    EXPECT_EQ(x.with_meals, y.with_meals);
    ASSERT_EQ(x.times_of_day.size(), y.times_of_day.size());
    for (std::size_t k = 0; k < x.times_of_day.size(); ++k) expect_near(x.times_of_day[k], y.times_of_day[k], "at");
    EXPECT_EQ(x.fat_g.has_value(), y.fat_g.has_value());
    if (x.fat_g && y.fat_g) expect_near(*x.fat_g, *y.fat_g, "fat");
    EXPECT_EQ(x.weekdays, y.weekdays);
    expect_near(x.start_day, y.start_day, "start");
    EXPECT_EQ(std::isfinite(x.stop_day), std::isfinite(y.stop_day));
    if (std::isfinite(x.stop_day)) expect_near(x.stop_day, y.stop_day, "stop");
    EXPECT_EQ(x.k1_form, y.k1_form);
  }
}

// Writes, reads back, and checks both the scenario and that a second writing
// gives the same text.
void expect_round_trip(const Scenario& s) {
  SCOPED_TRACE(s.name);
  const std::string text = calcsim::scenario_yaml(s);
  const Scenario back = calcsim::parse_scenario(text, "written scenario");
  expect_same(s, back);
  EXPECT_EQ(calcsim::scenario_yaml(back), text);
}

TEST(ScenarioWriter, TheDefaultReadsBackAsItself) {
  const Scenario s = calcsim::default_scenario();
  expect_round_trip(s);
  const std::string text = calcsim::scenario_yaml(s);
  EXPECT_CONTAINS(text, "duration: 10 years");
  EXPECT_CONTAINS(text, "agent: mk7");
  EXPECT_CONTAINS(text, "dose: 180 mcg");
  EXPECT_CONTAINS(text, "menopause_age: 51 years");
}

TEST(ScenarioWriter, EveryBundledScenarioReadsBackAsItself) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(CALCSIM_SOURCE_SCENARIOS)) {
    if (entry.path().extension() != ".yaml") continue;
    expect_round_trip(calcsim::load_scenario_file(entry.path().string()));
    ++count;
  }
  EXPECT_GE(count, 20);
}

TEST(ScenarioWriter, EveryOptionalKeyReadsBack) {
  Scenario s = calcsim::default_scenario();
  s.name = "2024";  // text that would read as a number unquoted
  s.description = "yes: a description with a colon";
  s.duration_days = 45.5;
  s.output_every_days = 0.25;
  s.ageing = false;
  s.dosing = calcsim::Dosing::DailyAveraged;
  s.patient.menopause_age_years.reset();
  s.patient.age_years = 44.0;
  s.patient.dialysis = true;
  s.patient.dialysis_weekdays = {1, 3, 5};
  s.patient.dialysis_start_time = 13.0 / 24.0;
  s.patient.egfr = 8.0;
  s.patient.diabetes = true;
  s.patient.inflammation = 2;
  s.patient.family_history_cvd = true;
  s.patient.coronary_calcium_au = 120.0;
  s.patient.systolic_bp_mmhg = 142.0;
  s.patient.baseline_d25_nmol_per_l = 37.5;
  s.patient.smoking = calcsim::Smoking::Former;
  s.patient.physical_activity = calcsim::Activity::Loading;
  s.diet.calcium_mg_per_day = 812.5;
  s.interventions.clear();
  calcsim::Intervention k1;
  k1.agent = calcsim::Agent::K1;
  k1.dose_mcg = 1000.0;
  k1.with_meals = {"breakfast", "dinner"};
  k1.k1_form = calcsim::K1Form::Greens;
  k1.start_day = 7.0;
  k1.stop_day = 30.0;
  s.interventions.push_back(k1);
  calcsim::Intervention d3;
  d3.agent = calcsim::Agent::VitaminD3;
  d3.dose_mcg = 100.0;
  d3.repeat = calcsim::Repeat::Weekly;
  d3.weekdays = {6};
  d3.times_of_day = {22.0 / 24.0};
  d3.fat_g = 5.0;
  s.interventions.push_back(d3);
  calcsim::Intervention binder;
  binder.agent = calcsim::Agent::Sevelamer;
  binder.dose_mcg = 800e3;
  binder.repeat = calcsim::Repeat::ThriceWeekly;
  binder.weekdays = {0, 2, 4};
  binder.times_of_day = {8.0 / 24.0, 12.5 / 24.0};
  s.interventions.push_back(binder);
  calcsim::validate(s);
  expect_round_trip(s);
  const std::string text = calcsim::scenario_yaml(s);
  EXPECT_CONTAINS(text, "schedule: thrice_weekly");
  EXPECT_CONTAINS(text, "dose: 800 mg");
  EXPECT_CONTAINS(text, "menopause_age: none");
  EXPECT_CONTAINS(text, "form: greens");
  // A measured 25(OH)D is written instead of the sun exposure it replaces.
  EXPECT_CONTAINS(text, "baseline_d25: 37.5 nmol/L");
  EXPECT_FALSE(calcsim::testing::contains(text, "sun_exposure"));
}

TEST(ScenarioWriter, AManHasNoMenopauseKey) {
  Scenario s = calcsim::default_scenario();
  s.patient.sex = calcsim::Sex::Male;
  s.patient.menopause_age_years.reset();
  expect_round_trip(s);
  EXPECT_FALSE(calcsim::testing::contains(calcsim::scenario_yaml(s), "menopause_age"));
}

}  // namespace
