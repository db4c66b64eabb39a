// Arterial stiffness and blood pressure: the elastin state's steady state and
// time course, the pressure identities, the given systolic pressure honoured
// at the start, and the directions of the published associations.
#include <gtest/gtest.h>

#include <cmath>

#include "calcsim/simulator.hpp"
#include "calcsim/units.hpp"
#include "model/haemodynamics.hpp"
#include "model/model.hpp"

namespace calcsim {
namespace {

constexpr double year = units::days_per_year;

Scenario placebo(double days) {
  Scenario s = default_scenario();
  s.interventions.clear();
  s.duration_days = days;
  s.output_every_days = 30;
  return s;
}

Intervention mk7_with_breakfast(double mcg) {
  Intervention iv;
  iv.agent = Agent::MK7;
  iv.dose_mcg = mcg;
  iv.with_meals = {"breakfast"};
  return iv;
}

double pwv_at_start(const Scenario& s) { return simulate(s, Params{}).at("cfpwv", 0); }

TEST(Haemodynamics, ElastinStartsInEquilibriumWithTheWallsCarboxylation) {
  const Params p;
  const Scenario s = placebo(1);
  const InitialCondition init = initial_condition(s, p);
  const double carboxylated = init.state[model::VesselCmgp];
  const double target = (1 - carboxylated) / (1 - p.elastin_reference_carboxylation);
  // The starting state is the periodic steady state of a day of meals, through which the wall's
  // carboxylation moves a little.
  EXPECT_NEAR(init.state[model::ElastinCa], target, 1e-4 * target);
  // The default patient defines the reference, so her elastin state is near 1.
  EXPECT_NEAR(init.state[model::ElastinCa], 1.0, 0.05);
}

TEST(Haemodynamics, ElastinFollowsVitaminKStatusOverYearsNotWeeks) {
  const Params p;
  Scenario s = placebo(3 * year);
  s.interventions.push_back(mk7_with_breakfast(180));
  SimulationOptions o;
  o.include_states = true;
  const Result r = simulate(s, p, o);
  const auto elastin = [&](double t) { return r.at("state.elastin_calcification", t); };
  const double total = elastin(0) - elastin(3 * year);
  ASSERT_GT(total, 0.2);                      // K2 lowers it ...
  EXPECT_LT(elastin(0) - elastin(30), 0.05 * total);  // ... hardly at all within a month ...
  EXPECT_GT(elastin(0) - elastin(year), 0.25 * total);  // ... substantially within a year.
}

// Ten years of ageing with 200 AU of coronary calcium.
void expect_pressures_obey_their_definitions(Dosing dosing) {
  Scenario s = placebo(10 * year);
  s.dosing = dosing;
  s.patient.coronary_calcium_au = 200;
  const Result r = simulate(s, Params{});
  const double mean0 = (r.at("systolic_bp", 0) + 2 * r.at("diastolic_bp", 0)) / 3;
  for (double t : {0.0, 3 * year, 10 * year}) {
    const double sys = r.at("systolic_bp", t), dia = r.at("diastolic_bp", t);
    EXPECT_NEAR(sys - dia, r.at("pulse_pressure", t), 1e-9);
    EXPECT_NEAR((sys + 2 * dia) / 3, mean0, 1e-9);
  }
  // Without a given systolic pressure the mean pressure is the reference.
  EXPECT_NEAR(mean0, Params{}.map_ref, 1e-9);
  // Ageing stiffens the aorta: the pulse widens, systolic up, diastolic down.
  EXPECT_GT(r.at("cfpwv", 10 * year), r.at("cfpwv", 0));
  EXPECT_GT(r.at("systolic_bp", 10 * year), r.at("systolic_bp", 0));
  EXPECT_LT(r.at("diastolic_bp", 10 * year), r.at("diastolic_bp", 0));
}

// Exact dosing: long (the release and ci builds; 11 s under the sanitizers).
// The sanitizers run the same ten years on daily-averaged dosing: the same
// pressure and stiffness outputs without the cycle solve and the daily meals.
TEST(Haemodynamics, PressuresObeyTheirDefinitionsAndMeanPressureIsConstant) {
  expect_pressures_obey_their_definitions(Dosing::Exact);
}
TEST(Haemodynamics, PressuresObeyTheirDefinitionsOnDailyAveragedDosing) {
  expect_pressures_obey_their_definitions(Dosing::DailyAveraged);
}

TEST(Haemodynamics, AGivenSystolicPressureHoldsAtTheStart) {
  for (double given : {105.0, 135.0, 180.0}) {
    Scenario s = placebo(30);
    s.patient.systolic_bp_mmhg = given;
    EXPECT_NEAR(simulate(s, Params{}).at("systolic_bp", 0), given, 1e-6) << given;
  }
}

TEST(Haemodynamics, StiffnessRisesWithAgePressureDiabetesKidneyDiseaseAndCalcium) {
  const Scenario base = placebo(1);
  const double reference = pwv_at_start(base);
  Scenario older = base;
  older.patient.age_years = 75;
  Scenario hypertensive = base;
  hypertensive.patient.systolic_bp_mmhg = 165;
  Scenario diabetic = base;
  diabetic.patient.diabetes = true;
  Scenario ckd = base;
  ckd.patient.egfr = 25;
  Scenario calcified = base;
  calcified.patient.coronary_calcium_au = 800;
  for (const Scenario* s : {&older, &hypertensive, &ckd, &calcified}) EXPECT_GT(pwv_at_start(*s), reference * 1.02);
  const double diabetic_pwv = pwv_at_start(diabetic);
  EXPECT_GT(diabetic_pwv, reference * 1.02);
  // Diabetes is a documented multiplier; nothing else differs.
  EXPECT_NEAR(diabetic_pwv / reference, Params{}.pwv_diabetes_factor, 1e-6);
}

TEST(Haemodynamics, PulsePressureRisesWithPulseWaveVelocityAsItsPowerLaw) {
  const Params p;
  EXPECT_DOUBLE_EQ(pulse_pressure(p, p.pp_pwv_ref), p.pp_ref);
  EXPECT_NEAR(pulse_pressure(p, 2 * p.pp_pwv_ref) / p.pp_ref, std::pow(2.0, p.pp_pwv_exponent), 1e-12);
}

}  // namespace
}  // namespace calcsim
