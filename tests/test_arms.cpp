// Arms: how they are read from scenario files, checked, applied and run
// (arms.hpp). Runs are 30-60 days so the file stays fast.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <string>
#include <vector>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace {

using calcsim::Agent;
using calcsim::ArmStart;
using calcsim::ComparisonArm;
using calcsim::ComparisonResult;
using calcsim::Params;
using calcsim::Result;
using calcsim::Scenario;
using calcsim::testing::contains;
using calcsim::testing::Failure;
using calcsim::testing::failure_of;

// Ten lines of scenario; arms written after it start on line 11.
const std::string base_yaml =
    "name: arms\n"                                                       // 1
    "duration: 40 days\n"                                                // 2
    "patient: {age: 60 years, sex: female, menopause_age: 51 years}\n"   // 3
    "diet: {mk4: 10 mcg/day, mk7: 5 mcg/day}\n"                          // 4
    "interventions:\n"                                                   // 5
    "  - agent: mk7\n"                                                   // 6
    "    dose: 180 mcg\n"                                                // 7
    "    with: breakfast\n"                                              // 8
    "  - {agent: calcium, dose: 500 mg, with: dinner}\n"                 // 9
    "arms:\n";                                                           // 10

Scenario parse(const std::string& arms) { return calcsim::parse_scenario(base_yaml + arms, "arms.yaml"); }

void expect_error(const std::string& arms, int line, const std::string& key, std::initializer_list<std::string> fragments) {
  const Failure f = failure_of([&] { parse(arms); });
  SCOPED_TRACE(arms + "\nmessage: " + f.message);
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, "arms.yaml");
  EXPECT_EQ(f.where.line, line);
  EXPECT_EQ(f.where.key, key);
  for (const auto& fragment : fragments) EXPECT_CONTAINS(f.message, fragment);
}

bool same_numbers(const Result& a, const Result& b) {
  return a.data.rows() == b.data.rows() && a.data.cols() == b.data.cols() && a.data == b.data;
}

TEST(ArmsFile, EveryKindOfChangeIsRead) {
  const Scenario s = calcsim::parse_scenario(base_yaml +
                                                 "  - name: many\n"
                                                 "    description: all at once\n"
                                                 "    remove: calcium\n"
                                                 "    change: [{agent: mk7, dose: 360 mcg, at: '21:00', fat: 10 g}]\n"
                                                 "    add: {agent: vitamin_d3, dose: 1000 IU, with: breakfast}\n"
                                                 "    patient: {diabetes: true, egfr: 60 mL/min/1.73m2}\n"
                                                 "    diet: {calcium: 1200 mg/day}\n"
                                                 "    set: {artery.diabetes_factor: 2, mk7.half_life: 72 h}\n"
                                                 "    initial_state: shared\n"
                                                 "arm_name: base\n",
                                             "arms.yaml");
  EXPECT_EQ(s.arm_name, "base");
  ASSERT_EQ(s.arms.size(), 1u);
  const auto& a = s.arms[0];
  EXPECT_EQ(a.name, "many");
  EXPECT_EQ(a.description, "all at once");
  EXPECT_EQ(a.remove, std::vector<Agent>{Agent::Calcium});
  ASSERT_EQ(a.change.size(), 1u);
  EXPECT_EQ(a.change[0].agent, Agent::MK7);
  EXPECT_DOUBLE_EQ(a.change[0].dose_mcg.value_or(0), 360.0);
  EXPECT_DOUBLE_EQ(a.change[0].times_of_day->at(0), 21.0 / 24.0);
  EXPECT_FALSE(a.change[0].with_meals.has_value());
  ASSERT_EQ(a.add.size(), 1u);
  EXPECT_DOUBLE_EQ(a.add[0].dose_mcg, 25.0);
  ASSERT_TRUE(a.patient && a.diet);
  EXPECT_TRUE(a.patient->diabetes);
  EXPECT_DOUBLE_EQ(a.patient->egfr, 60.0);
  EXPECT_DOUBLE_EQ(a.patient->age_years, 60.0) << "keys not written keep the scenario's values";
  EXPECT_DOUBLE_EQ(a.diet->calcium_mg_per_day, 1200.0);
  EXPECT_DOUBLE_EQ(a.diet->mk7_mcg_per_day, 5.0);
  ASSERT_EQ(a.parameters.size(), 2u);
  EXPECT_EQ(a.parameters[1].first, "mk7.half_life");
  EXPECT_DOUBLE_EQ(a.parameters[1].second, 72.0);
  EXPECT_EQ(a.start, ArmStart::Shared);
  EXPECT_EQ(a.where.line, 11);

  const Scenario applied = calcsim::apply_arm(s, a);
  ASSERT_EQ(applied.interventions.size(), 2u);
  EXPECT_EQ(applied.interventions[0].agent, Agent::MK7);
  EXPECT_DOUBLE_EQ(applied.interventions[0].dose_mcg, 360.0);
  EXPECT_TRUE(applied.interventions[0].with_meals.empty()) << "'at' replaces 'with'";
  EXPECT_DOUBLE_EQ(applied.interventions[0].fat_g.value_or(-1), 10.0);
  EXPECT_EQ(applied.interventions[1].agent, Agent::VitaminD3);
  EXPECT_TRUE(applied.patient.diabetes);
  EXPECT_DOUBLE_EQ(applied.diet.calcium_mg_per_day, 1200.0);
  EXPECT_TRUE(applied.arms.empty());
}

TEST(ArmsFile, MistakesNameFileLineAndKey) {
  expect_error("  - name: empty\n", 11, "arms[0]", {"changes nothing"});
  expect_error("  - {remove: [mk7]}\n", 11, "arms[0]", {"missing key 'name'"});
  expect_error("  - name: x\n    remove: [mk77]\n", 12, "arms[0].remove[0]", {"unknown agent 'mk77'", "did you mean 'mk7'?"});
  expect_error("  - name: x\n    remove: [warfarin]\n", 12, "arms[0].remove[0]",
               {"removes warfarin, but the scenario has no warfarin intervention", "it takes: mk7, calcium"});
  expect_error("  - name: x\n    change: {agent: k1, dose: 1 mg}\n", 12, "arms[0].change.agent",
               {"no k1 intervention", "use 'add'"});
  expect_error("  - name: x\n    remove: [mk7]\n    change: {agent: mk7, dose: 90 mcg}\n", 13, "arms[0].change.agent",
               {"it also removes it"});
  expect_error("  - name: x\n    change: {agent: mk7}\n", 12, "arms[0].change", {"names only the agent"});
  expect_error("  - name: x\n    chnage: {agent: mk7, dose: 90 mcg}\n", 12, "arms[0].chnage",
               {"unknown key 'chnage'", "did you mean 'change'?"});
  expect_error("  - name: x\n    change: {agent: mk7, dose: 180 mg}\n", 12, "arms[0].change.dose",
               {"in arm 'x'", "did you mean 180 mcg?"});
  expect_error("  - name: x\n    change: {agent: mk7, dose: 180}\n", 12, "arms[0].change.dose", {"unit"});
  expect_error("  - name: x\n    add: [{agent: mk7, dose: 90 mcg, with: brekfast}]\n", 12, "arms[0].add[0].with",
               {"no meal named 'brekfast'", "did you mean 'breakfast'?"});
  expect_error("  - name: x\n    add: [{agent: mk7, dose: 90 mcg, with: lunch, stop: 1 year}]\n", 12,
               "arms[0].add[0].stop", {"after the end of the run"});
  expect_error("  - name: x\n    patient:\n      age: 150 years\n", 13, "arms[0].patient.age", {"in arm 'x'", "out of range"});
  expect_error("  - name: x\n    diet: {meals: [{name: lunch, time: '12:00', share: 0.5, fat: 10 g}]}\n", 12,
               "arms[0].diet.meals", {"in arm 'x'", "add up to"});
  expect_error("  - name: x\n    set: {mk7.half_life: 100000}\n", 12, "arms[0].set.mk7.half_life", {"valid range"});
  expect_error("  - name: x\n    set: {}\n", 12, "arms[0].set", {"at least one parameter"});
  expect_error("  - name: x\n    initial_state: mine\n    remove: [mk7]\n", 12, "arms[0].initial_state",
               {"unknown initial state 'mine'", "shared, own"});
  expect_error("  - name: x\n    remove: [mk7]\n  - name: x\n    remove: [calcium]\n", 13, "arms[1].name", {"used twice"});
  expect_error("  - name: as written\n    remove: [mk7]\n", 11, "arms[0].name", {"name of the scenario as written"});
  expect_error("  - name: 'a,b'\n    remove: [mk7]\n", 11, "arms[0].name", {"comma"});
  const Failure f = failure_of([] { calcsim::parse_scenario("arm_name: x\n", "a.yaml"); });
  EXPECT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "declare 'arms:' too");
}

TEST(ArmsFile, ZeroDoseSchedulesAreErrorsButDuplicatesAreNot) {
  const std::string head = "duration: 30 days\ninterventions:\n";
  // A weekly Sunday dose in a window without a Sunday (day 0 is a Monday).
  Failure f = failure_of([&] {
    calcsim::parse_scenario(head + "  - {agent: mk7, dose: 90 mcg, schedule: weekly, days: [sun], with: breakfast, "
                                   "stop: 5 days}\n", "z.yaml");
  });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.key, "interventions[0].schedule");
  EXPECT_CONTAINS(f.message, "gives no dose");
  // Once, with breakfast, starting after breakfast on day 0.
  f = failure_of([&] {
    calcsim::parse_scenario(head + "  - {agent: mk7, dose: 90 mcg, schedule: once, with: breakfast, start: 20 h}\n",
                            "z.yaml");
  });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "gives no dose");
  // Start at or after stop.
  f = failure_of([&] {
    calcsim::parse_scenario(head + "  - {agent: mk7, dose: 90 mcg, with: breakfast, start: 10 days, stop: 10 days}\n",
                            "z.yaml");
  });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.key, "interventions[0].stop");
  // Two identical entries are two tablets.
  EXPECT_NO_THROW(calcsim::parse_scenario(head + "  - {agent: mk7, dose: 90 mcg, with: breakfast}\n"
                                                 "  - {agent: mk7, dose: 90 mcg, with: breakfast}\n",
                                          "z.yaml"));
}

TEST(ArmsOf, WithoutDeclaredArmsTheBuiltInPair) {
  Scenario s = calcsim::default_scenario();
  const auto arms = calcsim::arms_of(s);
  ASSERT_EQ(arms.size(), 2u);
  EXPECT_EQ(arms[0].name, "with K2");
  EXPECT_EQ(arms[1].name, "without K2");
  EXPECT_FALSE(arms[0].own_initial_state || arms[1].own_initial_state);
  EXPECT_TRUE(arms[1].scenario.interventions.empty());
  EXPECT_EQ(arms[1].scenario.diet.mk7_mcg_per_day, 0.0);
}

TEST(ArmsOf, OwnStartingStateForAnotherPatientOrModel) {
  const Scenario s = parse(
      "  - {name: placebo, remove: [mk7]}\n"
      "  - {name: diet, diet: {mk7: 0 mcg/day}}\n"
      "  - {name: patient, patient: {diabetes: true}}\n"
      "  - {name: model, set: {mk7.half_life: 72}}\n"
      "  - {name: habit, diet: {mk7: 100 mcg/day}, initial_state: own}\n"
      "  - {name: acute, patient: {egfr: 30 mL/min/1.73m2}, initial_state: shared}\n");
  const auto arms = calcsim::arms_of(s);
  ASSERT_EQ(arms.size(), 7u);
  EXPECT_EQ(arms[0].name, "as written");
  const std::vector<bool> own{false, false, false, true, true, true, false};
  for (std::size_t k = 0; k < arms.size(); ++k) EXPECT_EQ(arms[k].own_initial_state, own[k]) << arms[k].name;
  EXPECT_DOUBLE_EQ(*arms[4].params.get("mk7.half_life"), 72.0);
  EXPECT_DOUBLE_EQ(*arms[0].params.get("mk7.half_life"), *Params{}.get("mk7.half_life"));
  EXPECT_EQ(arms[1].description, "remove mk7");
}

// The numbers -------------------------------------------------------------

TEST(CompareArms, AnArmThatChangesNothingGivesZeroDifference) {
  const Scenario s = parse(
      "  - {name: same dose, change: {agent: mk7, dose: 180 mcg}}\n"
      "  - {name: same patient, patient: {diabetes: false}}\n");
  const ComparisonResult c = calcsim::compare_arms(s, Params{});
  ASSERT_EQ(c.arms.size(), 3u);
  EXPECT_TRUE(same_numbers(c.arms[0].result, c.arms[1].result));
  EXPECT_TRUE(same_numbers(c.arms[0].result, c.arms[2].result)) << "its own steady state is the same state";
  EXPECT_TRUE(c.arms[2].own_initial_state);
}

TEST(CompareArms, RemovingEveryK2SourceEqualsTheBuiltInWithoutK2Arm) {
  Scenario s = calcsim::default_scenario();
  s.duration_days = 60.0;
  const ComparisonResult builtin = calcsim::compare_arms(s, Params{});
  ASSERT_EQ(builtin.arms[1].name, "without K2");

  calcsim::ScenarioArm placebo;
  placebo.name = "placebo";
  placebo.remove = {Agent::MK7};
  placebo.diet = s.diet;
  placebo.diet->mk4_mcg_per_day = 0.0;
  placebo.diet->mk7_mcg_per_day = 0.0;
  s.arms = {placebo};
  EXPECT_NO_THROW(calcsim::validate(s));
  const ComparisonResult declared = calcsim::compare_arms(s, Params{});
  ASSERT_EQ(declared.arms.size(), 2u);
  EXPECT_FALSE(declared.arms[1].own_initial_state) << "a diet change starts from the shared state";
  EXPECT_TRUE(same_numbers(declared.arms[1].result, builtin.arms[1].result));
  EXPECT_TRUE(same_numbers(declared.arms[0].result, builtin.arms[0].result));
}

TEST(CompareArms, TheDefaultPairIsTheSameAsSimulatingEachArmFromOneState) {
  Scenario s = calcsim::default_scenario();
  s.duration_days = 45.0;
  const Params p;
  const calcsim::InitialCondition init = calcsim::initial_condition(s, p);
  calcsim::SimulationOptions with_opts, without_opts;
  with_opts.arm = "with K2";
  without_opts.arm = "without K2";
  const Result with_k2 = calcsim::simulate_from(s, p, init, with_opts);
  const Result without_k2 = calcsim::simulate_from(calcsim::without_vitamin_k2(s), p, init, without_opts);
  const ComparisonResult c = calcsim::compare_arms(s, p);
  EXPECT_TRUE(same_numbers(c.arms[0].result, with_k2));
  EXPECT_TRUE(same_numbers(c.arms[1].result, without_k2));
  EXPECT_EQ(c.arms[1].result.meta.arm, "without K2");
}

TEST(CompareArms, ParallelEqualsSerial) {
  const Scenario s = parse(
      "  - {name: placebo, remove: [mk7]}\n"
      "  - {name: 360, change: {agent: mk7, dose: 360 mcg}}\n"
      "  - {name: kidney, patient: {egfr: 40 mL/min/1.73m2}}\n");
  calcsim::CompareOptions serial, parallel;
  serial.threads = 1;
  parallel.threads = 3;
  const ComparisonResult a = calcsim::compare_arms(s, Params{}, serial);
  const ComparisonResult b = calcsim::compare_arms(s, Params{}, parallel);
  EXPECT_EQ(a.threads, 1);
  ASSERT_EQ(a.arms.size(), b.arms.size());
  for (std::size_t k = 0; k < a.arms.size(); ++k) {
    EXPECT_EQ(a.arms[k].name, b.arms[k].name);
    EXPECT_TRUE(same_numbers(a.arms[k].result, b.arms[k].result)) << a.arms[k].name;
  }
}

TEST(CompareArms, AnotherPatientStartsFromItsOwnSteadyState) {
  const Scenario s = parse("  - {name: kidney, patient: {egfr: 30 mL/min/1.73m2}}\n");
  const ComparisonResult c = calcsim::compare_arms(s, Params{});
  ASSERT_EQ(c.arms.size(), 2u);
  // Less renal clearance of dp-ucMGP: a different state on day 0 ...
  EXPECT_GT(c.arms[1].result.at("dp_ucmgp", 0.0), c.arms[0].result.at("dp_ucmgp", 0.0) * 1.05);
  // ... the one a plain run of that patient starts from.
  const Scenario kidney = calcsim::apply_arm(s, s.arms[0]);
  const Result alone = calcsim::simulate(kidney, Params{}, [] {
    calcsim::SimulationOptions o;
    o.arm = "kidney";
    return o;
  }());
  EXPECT_TRUE(same_numbers(c.arms[1].result, alone));
}

TEST(CompareArms, SelectKeepsTheNamedArmsInOrder) {
  const Scenario s = parse("  - {name: placebo, remove: [mk7]}\n  - {name: '360', change: {agent: mk7, dose: 360 mcg}}\n");
  calcsim::CompareOptions o;
  o.select = {"360", "placebo"};
  const ComparisonResult c = calcsim::compare_arms(s, Params{}, o);
  ASSERT_EQ(c.arms.size(), 2u);
  EXPECT_EQ(c.arms[0].name, "360");
  EXPECT_EQ(c.arms[1].name, "placebo");
  o.select = {"placebos"};
  const Failure f = failure_of([&] { calcsim::compare_arms(s, Params{}, o); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.option, "arms");
  EXPECT_CONTAINS(f.message, "did you mean 'placebo'?");
  const auto legend = calcsim::arms_legend(calcsim::compare_arms(s, Params{}));
  EXPECT_CONTAINS(legend, "change mk7: dose 360 mcg");
}

}  // namespace
