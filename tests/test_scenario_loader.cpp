// Scenario files: what they load into, and how every kind of mistake in them
// is reported (file, line, dotted key and what was expected).
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "calcsim/errors.hpp"
#include "calcsim/scenario.hpp"

namespace {

namespace fs = std::filesystem;
using calcsim::Agent;
using calcsim::InputError;
using calcsim::Repeat;
using calcsim::Scenario;

const std::string scenarios_dir = CALCSIM_SOURCE_SCENARIOS;
const std::string data_dir = CALCSIM_TEST_DATA_DIR;

using calcsim::testing::contains;
using calcsim::testing::Failure;
using calcsim::testing::failure_of;

Failure parse_failure(const std::string& yaml) {
  return failure_of([&] { calcsim::parse_scenario(yaml, "test.yaml"); });
}

// The error names test.yaml, the line and the key, in the message and in where().
void expect_failure(const std::string& yaml, int line, const std::string& key,
                    std::initializer_list<std::string> fragments) {
  const Failure f = parse_failure(yaml);
  SCOPED_TRACE("scenario:\n" + yaml + "\nmessage: " + f.message);
  ASSERT_TRUE(f.thrown) << "no InputError";
  EXPECT_EQ(f.where.file, "test.yaml");
  EXPECT_EQ(f.where.line, line);
  EXPECT_EQ(f.where.key, key);
  const std::string prefix =
      "test.yaml" + (line > 0 ? ":" + std::to_string(line) : std::string()) + (key.empty() ? "" : ": " + key + ": ");
  EXPECT_CONTAINS(f.message, prefix);
  for (const auto& fragment : fragments) EXPECT_CONTAINS(f.message, fragment);
}

// Seven lines of scenario; the interventions written after it start on line 8.
const std::string header =
    "name: test\n"                                                     // 1
    "duration: 2 years\n"                                              // 2
    "diet:\n"                                                          // 3
    "  meals:\n"                                                       // 4
    "    - {name: breakfast, time: \"07:30\", share: 0.5, fat: 15 g}\n"  // 5
    "    - {name: dinner, time: \"19:00\", share: 0.5, fat: 25 g}\n"     // 6
    "interventions:\n";                                                // 7

std::string with_intervention(const std::string& entry) { return header + entry; }

// ---------------------------------------------------------------------------
// What a file loads into

TEST(ScenarioLoader, FullFileIsConvertedToCanonicalUnits) {
  const std::string yaml = R"(name: full
description: |
  First line.
  Second line.
duration: 10 years
output_every: 7 days
ageing: false
patient:
  age: 62 years
  sex: female
  menopause_age: none
  egfr: 45 mL/min/1.73m2
  dialysis: {days: [tue, thu, sat], start: "07:15"}
  diabetes: true
  inflammation: moderate
  family_history_cvd: yes
  coronary_calcium: 120 AU
diet:
  calcium: 1.2 g/day
  vitamin_k1: 150 mcg/day
  mk4: 0 mcg/day
  mk7: 20 mcg/day
  magnesium: 320 mg/day
  vitamin_d: 400 IU/day
  meals:
    - {name: breakfast, time: "07:30", share: 0.25, fat: 15 g}
    - {name: lunch, time: "12:00", share: 35%, fat: 20 g}
    - {name: dinner, time: "19:00", share: 0.4, fat: 25000 mg}
interventions:
  - agent: vitamin_d3
    dose: 1000 IU
    with: [breakfast, dinner]
  - agent: mk4
    dose: 45 mg
    schedule: thrice_weekly
    at: ["08:00", "21:00"]
    fat: 10 g
    start: 6 months
    stop: 5 years
  - agent: k1
    form: greens
    dose: 250 mcg
    schedule: weekly
    days: sun
    with: lunch
  - agent: calcium
    dose: 1.2 g
    schedule: once
    at: "12:00"
    start: 30 days
)";
  const Scenario s = calcsim::parse_scenario(yaml, "full.yaml");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.file, "full.yaml");
  EXPECT_EQ(s.description, "First line.\nSecond line.");
  EXPECT_DOUBLE_EQ(s.duration_days, 3652.5);
  EXPECT_DOUBLE_EQ(s.output_every_days, 7.0);
  EXPECT_FALSE(s.ageing);

  EXPECT_DOUBLE_EQ(s.patient.age_years, 62.0);
  EXPECT_EQ(s.patient.sex, calcsim::Sex::Female);
  EXPECT_FALSE(s.patient.menopause_age_years.has_value());
  EXPECT_DOUBLE_EQ(s.patient.egfr, 45.0);
  EXPECT_TRUE(s.patient.dialysis);
  EXPECT_EQ(s.patient.dialysis_weekdays, (std::vector<int>{1, 3, 5}));
  EXPECT_DOUBLE_EQ(s.patient.dialysis_start_time, (7 * 60 + 15) / 1440.0);
  EXPECT_TRUE(s.patient.diabetes);
  EXPECT_EQ(s.patient.inflammation, 2);
  EXPECT_TRUE(s.patient.family_history_cvd);
  EXPECT_DOUBLE_EQ(s.patient.coronary_calcium_au, 120.0);

  EXPECT_DOUBLE_EQ(s.diet.calcium_mg_per_day, 1200.0);
  EXPECT_DOUBLE_EQ(s.diet.k1_mcg_per_day, 150.0);
  EXPECT_DOUBLE_EQ(s.diet.mk4_mcg_per_day, 0.0);
  EXPECT_DOUBLE_EQ(s.diet.mk7_mcg_per_day, 20.0);
  EXPECT_DOUBLE_EQ(s.diet.magnesium_mg_per_day, 320.0);
  EXPECT_DOUBLE_EQ(s.diet.vitamin_d_mcg_per_day, 10.0);
  ASSERT_EQ(s.diet.meals.size(), 3u);
  EXPECT_EQ(s.diet.meals[1].name, "lunch");
  EXPECT_DOUBLE_EQ(s.diet.meals[1].time_of_day, 0.5);
  EXPECT_DOUBLE_EQ(s.diet.meals[1].calcium_share, 0.35);
  EXPECT_DOUBLE_EQ(s.diet.meals[0].fat_g, 15.0);
  EXPECT_DOUBLE_EQ(s.diet.meals[2].fat_g, 25.0);

  ASSERT_EQ(s.interventions.size(), 4u);
  const auto& d3 = s.interventions[0];
  EXPECT_EQ(d3.agent, Agent::VitaminD3);
  EXPECT_DOUBLE_EQ(d3.dose_mcg, 25.0);
  EXPECT_EQ(d3.repeat, Repeat::Daily);
  EXPECT_EQ(d3.with_meals, (std::vector<std::string>{"breakfast", "dinner"}));
  EXPECT_TRUE(d3.weekdays.empty());
  EXPECT_DOUBLE_EQ(d3.start_day, 0.0);
  EXPECT_TRUE(std::isinf(d3.stop_day));
  EXPECT_FALSE(d3.fat_g.has_value());
  EXPECT_EQ(d3.where.file, "full.yaml");
  EXPECT_EQ(d3.where.line, 30);
  EXPECT_EQ(d3.where.key, "interventions[0]");

  const auto& mk4 = s.interventions[1];
  EXPECT_EQ(mk4.agent, Agent::MK4);
  EXPECT_DOUBLE_EQ(mk4.dose_mcg, 45000.0);
  EXPECT_EQ(mk4.repeat, Repeat::ThriceWeekly);
  EXPECT_EQ(mk4.weekdays, (std::vector<int>{0, 2, 4}));  // the default days
  ASSERT_EQ(mk4.times_of_day.size(), 2u);
  EXPECT_DOUBLE_EQ(mk4.times_of_day[0], 8.0 / 24.0);
  EXPECT_DOUBLE_EQ(mk4.times_of_day[1], 0.875);
  ASSERT_TRUE(mk4.fat_g.has_value());
  EXPECT_DOUBLE_EQ(*mk4.fat_g, 10.0);
  EXPECT_DOUBLE_EQ(mk4.start_day, 182.625);
  EXPECT_DOUBLE_EQ(mk4.stop_day, 1826.25);
  EXPECT_EQ(mk4.where.line, 33);

  const auto& k1 = s.interventions[2];
  EXPECT_EQ(k1.k1_form, calcsim::K1Form::Greens);
  EXPECT_EQ(k1.repeat, Repeat::Weekly);
  EXPECT_EQ(k1.weekdays, (std::vector<int>{6}));

  const auto& ca = s.interventions[3];
  EXPECT_DOUBLE_EQ(ca.dose_mcg, 1.2e6);
  EXPECT_EQ(ca.repeat, Repeat::Once);
  EXPECT_DOUBLE_EQ(ca.start_day, 30.0);
}

TEST(ScenarioLoader, EmptyMappingGivesTheStructDefaultsAndTheFileStemAsName) {
  const Scenario s = calcsim::parse_scenario("{}\n", "some/dir/my-case.yaml");
  const Scenario defaults;
  EXPECT_EQ(s.name, "my-case");
  EXPECT_DOUBLE_EQ(s.duration_days, defaults.duration_days);
  EXPECT_DOUBLE_EQ(s.output_every_days, 1.0);
  EXPECT_DOUBLE_EQ(s.patient.age_years, 58.0);
  ASSERT_TRUE(s.patient.menopause_age_years.has_value());
  EXPECT_DOUBLE_EQ(*s.patient.menopause_age_years, 51.0);
  EXPECT_DOUBLE_EQ(s.diet.calcium_mg_per_day, 1000.0);
  EXPECT_EQ(s.diet.meals.size(), 3u);
  EXPECT_TRUE(s.interventions.empty());
}

// The patient of a scenario file that gives only `patient_yaml` under `patient:`.
calcsim::Patient patient_of(const std::string& patient_yaml) {
  return calcsim::parse_scenario("patient:\n  " + patient_yaml + "\n", "test.yaml").patient;
}

TEST(ScenarioLoader, SystolicPressureIsOptionalAndAcceptsMmHgAndKilopascals) {
  EXPECT_FALSE(patient_of("age: 60 years").systolic_bp_mmhg);
  EXPECT_DOUBLE_EQ(*patient_of("systolic_bp: 142 mmHg").systolic_bp_mmhg, 142.0);
  EXPECT_NEAR(*patient_of("systolic_bp: 18 kPa").systolic_bp_mmhg, 18 * 7.50062, 1e-9);
  expect_failure("patient:\n  systolic_bp: 60 mmHg\n", 2, "patient.systolic_bp", {"expected 80 to 250 mmHg"});
  expect_failure("patient:\n  systolic_bp: 140\n", 2, "patient.systolic_bp", {"accepted units: mmHg, kPa"});
}

TEST(ScenarioLoader, AMeasured25OHDReplacesTheSunExposureInEitherUnit) {
  EXPECT_FALSE(patient_of("age: 60 years").baseline_d25_nmol_per_l);
  EXPECT_DOUBLE_EQ(*patient_of("baseline_d25: 45 nmol/L").baseline_d25_nmol_per_l, 45.0);
  EXPECT_NEAR(*patient_of("baseline_d25: 18 ng/mL").baseline_d25_nmol_per_l, 18 * 2.496, 1e-9);
  expect_failure("patient:\n  sun_exposure: 20 mcg/day\n  baseline_d25: 45 nmol/L\n", 3, "patient.baseline_d25",
                 {"give either sun_exposure or baseline_d25, not both"});
  expect_failure("patient:\n  baseline_d25: 45\n", 2, "patient.baseline_d25", {"accepted units: nmol/L, ng/mL"});
  expect_failure("patient:\n  baseline_d25: 0 nmol/L\n", 2, "patient.baseline_d25",
                 {"expected more than 0 and at most 375 nmol/L"});
  // An arm's patient starts as the scenario's: what the arm gives replaces the other.
  const auto arms = calcsim::parse_scenario(
      "patient:\n  baseline_d25: 30 nmol/L\narms:\n  - name: summer\n    patient: {sun_exposure: 60 mcg/day}\n"
      "  - name: replete\n    patient: {baseline_d25: 80 nmol/L}\n",
      "test.yaml");
  ASSERT_EQ(arms.arms.size(), 2u);
  EXPECT_FALSE(arms.arms[0].patient->baseline_d25_nmol_per_l);
  EXPECT_DOUBLE_EQ(arms.arms[0].patient->sun_exposure_mcg_per_day, 60.0);
  EXPECT_DOUBLE_EQ(*arms.arms[1].patient->baseline_d25_nmol_per_l, 80.0);
}

TEST(ScenarioLoader, MenWithoutMenopauseAge) {
  const Scenario s = calcsim::parse_scenario("patient: {sex: male, age: 70 years}\n", "m.yaml");
  EXPECT_EQ(s.patient.sex, calcsim::Sex::Male);
  EXPECT_FALSE(s.patient.menopause_age_years.has_value());
}

TEST(ScenarioLoader, MenopauseAgeNoneIsAcceptedForMen) {
  const Scenario s = calcsim::parse_scenario("patient: {sex: male, menopause_age: none}\n", "m.yaml");
  EXPECT_EQ(s.patient.sex, calcsim::Sex::Male);
  EXPECT_FALSE(s.patient.menopause_age_years.has_value());
}

TEST(ScenarioLoader, DefaultNamesTheBuiltInScenario) {
  const Scenario s = calcsim::load_scenario("default");
  const Scenario built_in = calcsim::default_scenario();
  EXPECT_EQ(s.name, "default");
  EXPECT_EQ(s.description, built_in.description);
  ASSERT_EQ(s.interventions.size(), built_in.interventions.size());
  EXPECT_EQ(s.interventions[0].agent, built_in.interventions[0].agent);
}

TEST(ScenarioLoader, AgentsAcceptTheirAliasesAndKeepOneCanonicalName) {
  const Scenario s = calcsim::parse_scenario(
      "interventions:\n  - {agent: vitamin_k1, dose: 1 mg, with: breakfast}\n"
      "  - {agent: Menaquinone_7, dose: 180 mcg, with: dinner}\n",
      "a.yaml");
  ASSERT_EQ(s.interventions.size(), 2u);
  EXPECT_EQ(s.interventions[0].agent, calcsim::Agent::K1);
  EXPECT_EQ(calcsim::to_string(s.interventions[0].agent), "k1");
  EXPECT_EQ(s.interventions[1].agent, calcsim::Agent::MK7);
  // Every alias names a real agent, and no alias shadows a canonical name.
  for (const auto& [alias, agent] : calcsim::agent_aliases()) {
    EXPECT_EQ(calcsim::agent_from_name(alias), agent) << alias;
    for (calcsim::Agent a : calcsim::all_agents()) EXPECT_NE(calcsim::to_string(a), alias);
  }
}

TEST(ScenarioLoader, AgentNamesIgnoreCaseSpacesHyphensAndUnderscores) {
  for (const auto& [written, agent] : std::vector<std::pair<std::string, Agent>>{
           {"MK-7", Agent::MK7}, {"mk 4", Agent::MK4}, {"menaquinone-7", Agent::MK7}, {"Vitamin K1", Agent::K1},
           {"vitamin D3", Agent::VitaminD3}, {"VitaminD3", Agent::VitaminD3}, {"calcium carbonate", Agent::CalciumCarbonate},
           {" warfarin ", Agent::Warfarin}})
    EXPECT_EQ(calcsim::agent_from_name(written), agent) << written;
  EXPECT_EQ(calcsim::agent_from_name(""), std::nullopt);
  EXPECT_EQ(calcsim::agent_from_name("-"), std::nullopt);
  // No two names (canonical or alias) read alike once case, spaces, hyphens and
  // underscores are set aside, unless they mean the same agent.
  std::vector<std::pair<std::string, Agent>> names;
  for (Agent a : calcsim::all_agents()) names.emplace_back(calcsim::to_string(a), a);
  for (const auto& [alias, a] : calcsim::agent_aliases()) names.emplace_back(std::string(alias), a);
  for (const auto& [name, agent] : names) EXPECT_EQ(calcsim::agent_from_name(name), agent) << name;
}

TEST(ScenarioLoader, VitaminK2AndVitaminKAreRefusedWithTheAgentsTheyCouldMean) {
  for (const auto& [name, expected] : std::vector<std::pair<std::string, std::string>>{
           {"K2", "mk7 (menaquinone-7: natto and most supplements) or mk4"},
           {"vitamin K", "k1 (phylloquinone, leafy greens) or vitamin K2"},
           {"mk8", "(did you mean 'mk4' or 'mk7'?)"}}) {
    const std::string message = calcsim::unknown_agent_message(name);
    EXPECT_TRUE(contains(message, expected)) << message;
  }
}

TEST(ScenarioLoader, PremenopausalWomanMayReachMenopauseDuringTheRun) {
  const Scenario s = calcsim::parse_scenario("patient: {age: 45 years, menopause_age: 51 years}\n", "w.yaml");
  ASSERT_TRUE(s.patient.menopause_age_years.has_value());
  EXPECT_DOUBLE_EQ(*s.patient.menopause_age_years, 51.0);
}

TEST(ScenarioLoader, DialysisAsAPlainFlagKeepsTheDefaultSchedule) {
  const Scenario s = calcsim::parse_scenario("patient: {dialysis: true, egfr: 6 mL/min}\n", "d.yaml");
  EXPECT_TRUE(s.patient.dialysis);
  EXPECT_EQ(s.patient.dialysis_weekdays, (std::vector<int>{0, 2, 4}));
  EXPECT_DOUBLE_EQ(s.patient.dialysis_start_time, 8.0 / 24.0);
}

// ---------------------------------------------------------------------------
// Structure errors

TEST(ScenarioErrors, UnknownKeysSuggestTheNearestKnownKey) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dosee: 180 mcg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dosee", {"unknown key 'dosee'", "(did you mean 'dose'?)"});
  expect_failure("duraton: 2 years\n", 1, "duraton", {"did you mean 'duration'?"});
  expect_failure("patient:\n  age: 58 years\n  egrf: 30 mL/min\n", 3, "patient.egrf",
                 {"did you mean 'egfr'?", "expected one of: age, sex"});
  expect_failure("diet:\n  calcium: 900 mg/day\n  vitamin_k: 100 mcg/day\n", 3, "diet.vitamin_k",
                 {"did you mean 'vitamin_k1'?"});
  expect_failure("diet:\n"
                 "  meals:\n"
                 "    - name: all\n"
                 "      time: \"12:00\"\n"
                 "      share: 1\n"
                 "      fat: 5 g\n"
                 "      colour: red\n",
                 7, "diet.meals[0].colour", {"unknown key 'colour'", "name, time, share, fat"});
  expect_failure("patient:\n  dialysis: {days: [mon], begin: \"08:00\"}\n", 2, "patient.dialysis.begin",
                 {"unknown key 'begin'"});
  expect_failure("frobnicate: 1\n", 1, "frobnicate", {"unknown key 'frobnicate'", "expected one of: name"});
}

TEST(ScenarioErrors, DuplicateKeysAreRejected) {
  expect_failure("duration: 1 year\noutput_every: 1 day\nduration: 2 years\n", 3, "duration",
                 {"duplicate key 'duration'", "first given on line 1"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    with: breakfast\n"
                                   "    dose: 360 mcg\n"),
                 11, "interventions[0].dose", {"duplicate key 'dose'", "first given on line 9"});
}

TEST(ScenarioErrors, DuplicateKeysInAFixtureFile) {
  const std::string path = data_dir + "/scenario_duplicate_key.yaml";
  const Failure f = failure_of([&] { calcsim::load_scenario_file(path); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, path);
  EXPECT_EQ(f.where.line, 7);
  EXPECT_EQ(f.where.key, "patient.age");
  EXPECT_CONTAINS(f.message, path + ":7: patient.age: ");
  EXPECT_CONTAINS(f.message, "duplicate key 'age' (first given on line 5)");
}

TEST(ScenarioErrors, LocationsCarryTheColumnWhereYamlKnowsIt) {
  // The key's own column (1-based) in a block mapping and in a flow mapping.
  const Failure block = parse_failure("patient:\n  agee: 70 years\n");
  ASSERT_TRUE(block.thrown);
  EXPECT_EQ(block.where.line, 2);
  EXPECT_EQ(block.where.column, 3);
  const Failure flow = parse_failure("interventions:\n  - {agent: mk7, dose: 180 mcg, wiht: breakfast}\n");
  ASSERT_TRUE(flow.thrown);
  EXPECT_EQ(flow.where.line, 2);
  EXPECT_EQ(flow.where.column, 33);
  EXPECT_EQ(flow.where.key, "interventions[0].wiht");
  // A YAML syntax error: yaml-cpp's mark.
  const Failure syntax = parse_failure("name: x\npatient: {age: 58 years\n");
  ASSERT_TRUE(syntax.thrown);
  EXPECT_GT(syntax.where.line, 0);
  EXPECT_GT(syntax.where.column, 0);
  EXPECT_TRUE(syntax.where.option.empty());
}

TEST(ScenarioErrors, WrongShapes) {
  expect_failure("patient: 58 years\n", 1, "patient", {"expected a mapping describing the patient", "'58 years'"});
  expect_failure("interventions:\n  agent: mk7\n", 1, "interventions", {"expected a list of interventions"});
  expect_failure("interventions:\n", 1, "interventions", {"expected a list of interventions", "no value"});
  expect_failure("duration: [1, 2]\n", 1, "duration", {"expected a quantity with a unit", "got a list"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose:\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"no value"});
  expect_failure(with_intervention("  - mk7 180 mcg\n"), 8, "interventions[0]",
                 {"expected an intervention such as {agent: mk7, dose: 180 mcg, with: breakfast}"});
}

TEST(ScenarioErrors, MissingRequiredKeys) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    with: breakfast\n"),
                 8, "interventions[0]", {"missing key 'dose'", "'180 mcg'"});
  expect_failure(with_intervention("  - dose: 180 mcg\n"
                                   "    with: breakfast\n"),
                 8, "interventions[0]", {"missing key 'agent'", "mk7"});
  expect_failure("diet:\n  meals:\n    - {name: all, time: \"12:00\", share: 1}\n", 3, "diet.meals[0]",
                 {"missing key 'fat'", "'15 g'"});
}

TEST(ScenarioErrors, EmptyAndNonMappingFiles) {
  expect_failure("", 0, "", {"the scenario is empty", "patient:"});
  expect_failure("# only a comment\n\n", 0, "", {"the scenario is empty"});
  expect_failure("- a\n- b\n", 1, "", {"expected a mapping", "got a list"});
  expect_failure("just words\n", 1, "", {"expected a mapping", "'just words'"});
}

TEST(ScenarioErrors, YamlSyntaxErrorsCarryTheirLine) {
  expect_failure("name: x\nduration: [1 year\npatient:\n  age: 58 years\n", 3, "", {"YAML syntax error"});
  const std::string path = data_dir + "/scenario_syntax_error.yaml";
  const Failure f = failure_of([&] { calcsim::load_scenario_file(path); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, path);
  EXPECT_EQ(f.where.line, 6);
  EXPECT_CONTAINS(f.message, path + ":6: YAML syntax error");
}

TEST(ScenarioErrors, UnreadableFilesAreNamed) {
  const std::string missing = data_dir + "/no-such-scenario.yaml";
  const Failure f = failure_of([&] { calcsim::load_scenario_file(missing); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, missing);
  EXPECT_CONTAINS(f.message, missing);
  EXPECT_CONTAINS(f.message, "no such file");
  const Failure dir = failure_of([&] { calcsim::load_scenario_file(data_dir); });
  ASSERT_TRUE(dir.thrown);
  EXPECT_CONTAINS(dir.message, "directory");
}

// A named pipe with no writer would block the open forever: it is refused
// before it is opened (a hang here ends in the test's time limit).
TEST(ScenarioErrors, PipesAreRefusedWithoutOpeningThem) {
  const fs::path pipe = fs::temp_directory_path() / ("calcsim-pipe-" + std::to_string(::getpid()) + ".yaml");
  fs::remove(pipe);
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  const Failure f = failure_of([&] { calcsim::load_scenario(pipe.string()); });
  fs::remove(pipe);
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, pipe.string());
  EXPECT_CONTAINS(f.message, "not a regular file");
}

// ---------------------------------------------------------------------------
// Units

TEST(ScenarioErrors, MissingUnitsNameKeyLineAndAcceptedUnits) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"missing unit", "accepted units: mcg, mg, g"});
  expect_failure("duration: 10\n", 1, "duration", {"missing unit", "accepted units: min, h, days, weeks, months, years"});
  expect_failure("patient:\n  age: 58\n", 2, "patient.age", {"missing unit", "accepted units: years"});
  expect_failure("patient:\n  egfr: 90\n", 2, "patient.egfr", {"missing unit", "mL/min/1.73m2"});
  expect_failure("patient:\n  coronary_calcium: 30\n", 2, "patient.coronary_calcium", {"accepted units: AU"});
  expect_failure("diet:\n  calcium: 900\n", 2, "diet.calcium", {"missing unit", "mg/day"});
  expect_failure("diet:\n  vitamin_d: 400\n", 2, "diet.vitamin_d", {"accepted units: IU/day, mcg/day"});
  expect_failure("diet:\n  meals:\n    - {name: all, time: \"12:00\", share: 1, fat: 20}\n", 3,
                 "diet.meals[0].fat", {"missing unit", "accepted units: mcg, mg, g"});
}

TEST(ScenarioErrors, WrongUnitsNameKeyLineAndAcceptedUnits) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 3 days\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"unit 'days' is not a mass", "accepted units: mcg, mg, g"});
  expect_failure(with_intervention("  - agent: calcium\n"
                                   "    dose: 5 L\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"unit 'L' is not a mass"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 1000 IU\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"unit 'IU' is not a mass"});
  expect_failure("duration: 10 kg\n", 1, "duration", {"unit 'kg' is not a duration"});
  expect_failure("diet:\n  calcium: 900 mg\n", 2, "diet.calcium", {"not an amount per day", "'900 mg/day'"});
  expect_failure("patient:\n  age: -5 years\n", 2, "patient.age", {"negative"});
}

TEST(ScenarioErrors, VitaminD3DosesAcceptInternationalUnits) {
  const Scenario s = calcsim::parse_scenario(with_intervention("  - agent: vitamin_d3\n"
                                                               "    dose: 1000 IU\n"
                                                               "    with: breakfast\n"),
                                             "test.yaml");
  ASSERT_EQ(s.interventions.size(), 1u);
  EXPECT_DOUBLE_EQ(s.interventions[0].dose_mcg, 25.0);
}

// ---------------------------------------------------------------------------
// Choices, clock times and flags

TEST(ScenarioErrors, UnknownChoicesSuggestTheNearestOne) {
  expect_failure(with_intervention("  - agent: mk-77\n"
                                   "    dose: 180 mcg\n"
                                   "    with: breakfast\n"),
                 8, "interventions[0].agent", {"unknown agent 'mk-77'", "did you mean 'mk7'?", "vitamin_d3"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    schedule: thrice_weakly\n"
                                   "    with: breakfast\n"),
                 10, "interventions[0].schedule", {"did you mean 'thrice_weekly'?"});
  expect_failure("patient:\n  sex: femail\n", 2, "patient.sex", {"did you mean 'female'?"});
  expect_failure("patient:\n  inflammation: high\n", 2, "patient.inflammation",
                 {"unknown inflammation level 'high'", "none, mild, moderate, severe"});
  expect_failure("patient:\n  dialysis: {days: [mon, wendesday, fri]}\n", 2, "patient.dialysis.days[1]",
                 {"unknown weekday 'wendesday'", "did you mean 'wednesday'?"});
}

TEST(ScenarioErrors, FlagsAndClockTimes) {
  expect_failure("patient:\n  diabetes: maybe\n", 2, "patient.diabetes", {"expected true or false"});
  expect_failure("ageing: 1 year\n", 1, "ageing", {"expected true or false"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    at: \"25:00\"\n"),
                 10, "interventions[0].at", {"not a clock time", "HH:MM"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    at: [\"08:00\", \"8 pm\"]\n"),
                 10, "interventions[0].at[1]", {"'8 pm' is not a clock time"});
  expect_failure("diet:\n  meals:\n    - {name: all, time: noon, share: 1, fat: 20 g}\n", 3, "diet.meals[0].time",
                 {"'noon' is not a clock time"});
  expect_failure("diet:\n  meals:\n    - {name: all, time: \"12:00\", share: most, fat: 20 g}\n", 3,
                 "diet.meals[0].share", {"expected a fraction from 0 to 1"});
}

// ---------------------------------------------------------------------------
// Patient

TEST(ScenarioErrors, MenopauseAgeIsForWomenOnly) {
  expect_failure("patient:\n  sex: male\n  menopause_age: 50 years\n", 3, "patient.menopause_age",
                 {"applies only to women"});
}

TEST(ScenarioErrors, PatientValuesOutOfRange) {
  expect_failure("patient:\n  age: 8 years\n", 2, "patient.age", {"out of range", "18 to 110 years"});
  expect_failure("patient:\n  egfr: 0 mL/min\n", 2, "patient.egfr", {"out of range"});
  expect_failure("patient:\n  menopause_age: 80 years\n", 2, "patient.menopause_age", {"out of range"});
  expect_failure("patient:\n  dialysis: {days: [mon, mon, fri]}\n", 2, "patient.dialysis.days", {"given twice"});
}

// ---------------------------------------------------------------------------
// Diet and meals

TEST(ScenarioErrors, MealSharesMustSumToOne) {
  expect_failure("diet:\n"
                 "  meals:\n"
                 "    - {name: breakfast, time: \"07:30\", share: 0.5, fat: 15 g}\n"
                 "    - {name: dinner, time: \"19:00\", share: 0.4, fat: 25 g}\n",
                 2, "diet.meals", {"meal shares add up to 0.9", "must add up to 1"});
}

TEST(ScenarioErrors, MealNamesMustBeUniqueAndSharesFractions) {
  expect_failure("diet:\n"
                 "  meals:\n"
                 "    - {name: snack, time: \"10:00\", share: 0.5, fat: 5 g}\n"
                 "    - {name: snack, time: \"16:00\", share: 0.5, fat: 5 g}\n",
                 4, "diet.meals[1].name", {"'snack' is used twice"});
  expect_failure("diet:\n"
                 "  meals:\n"
                 "    - {name: a, time: \"10:00\", share: 1.5, fat: 5 g}\n"
                 "    - {name: b, time: \"16:00\", share: -0.5, fat: 5 g}\n",
                 3, "diet.meals[0].share", {"expected a fraction from 0 to 1"});
  expect_failure("diet:\n  meals: []\n", 2, "diet.meals", {"at least one meal"});
}

TEST(ScenarioErrors, ImplausibleDietSuggestsTheUnit) {
  expect_failure("diet:\n  calcium: 900 mcg/day\n", 2, "diet.calcium",
                 {"outside the plausible range", "did you mean 900 mg/day?"});
  expect_failure("diet:\n  mk7: 50 mg/day\n", 2, "diet.mk7", {"did you mean 50 mcg/day?"});
}

// ---------------------------------------------------------------------------
// Interventions

TEST(ScenarioErrors, MealsMustExist) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    with: brekfast\n"),
                 10, "interventions[0].with",
                 {"no meal named 'brekfast'", "did you mean 'breakfast'?", "breakfast, dinner"});
}

TEST(ScenarioErrors, WithOrAtIsRequired) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"),
                 8, "interventions[0]", {"expected 'with: <meal>' or 'at: HH:MM'"});
}

TEST(ScenarioErrors, DoseWrittenInTheWrongUnitGetsAHint) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"180 mg", "plausible range", "mk7", "did you mean 180 mcg?"});
  expect_failure(with_intervention("  - agent: calcium\n"
                                   "    dose: 500 mcg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"calcium", "did you mean 500 mg?"});
  expect_failure(with_intervention("  - agent: warfarin\n"
                                   "    dose: 5 mcg\n"
                                   "    at: \"18:00\"\n"),
                 9, "interventions[0].dose", {"did you mean 5 mg?"});
  expect_failure(with_intervention("  - agent: vitamin_d3\n"
                                   "    dose: 1000 mg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"did you mean 1000 IU or 1000 mcg?", "(40 IU of vitamin D = 1 mcg)"});
  expect_failure(with_intervention("  - agent: vitamin_d3\n"
                                   "    dose: 50000 mcg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"did you mean 50000 IU"});
  expect_failure(with_intervention("  - agent: calcium\n"
                                   "    dose: 2.5 g\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"2.5 g is outside the plausible range for one dose of calcium (50 mg to 2 g)"});
  const Failure slightly_high = parse_failure(with_intervention("  - agent: calcium\n"
                                                                "    dose: 2.5 g\n"
                                                                "    with: breakfast\n"));
  EXPECT_FALSE(contains(slightly_high.message, "did you mean")) << slightly_high.message;
}

TEST(ScenarioErrors, DoseFarOutsideThePlausibleRangeWithoutAHint) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 500 g\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"outside the plausible range for one dose of mk7 (10 mcg to 2 mg)"});
  const Failure f = parse_failure(with_intervention("  - agent: mk7\n"
                                                    "    dose: 500 g\n"
                                                    "    with: breakfast\n"));
  EXPECT_FALSE(contains(f.message, "did you mean")) << f.message;
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 0 mcg\n"
                                   "    with: breakfast\n"),
                 9, "interventions[0].dose", {"plausible range"});
}

TEST(ScenarioErrors, SchedulesNeedTheRightDays) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    schedule: weekly\n"
                                   "    with: breakfast\n"),
                 8, "interventions[0].days", {"weekly schedule needs exactly 1 day"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    schedule: thrice_weekly\n"
                                   "    days: [mon, fri]\n"
                                   "    with: breakfast\n"),
                 11, "interventions[0].days", {"exactly 3 days", "got 2"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    days: [mon]\n"
                                   "    with: breakfast\n"),
                 10, "interventions[0].days", {"only to thrice_weekly and weekly"});
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    schedule: thrice_weekly\n"
                                   "    days: [mon, mon, fri]\n"
                                   "    with: breakfast\n"),
                 11, "interventions[0].days", {"'mon' is given twice"});
}

TEST(ScenarioErrors, FormIsForVitaminK1Only) {
  expect_failure(with_intervention("  - agent: mk7\n"
                                   "    dose: 180 mcg\n"
                                   "    form: greens\n"
                                   "    with: breakfast\n"),
                 10, "interventions[0].form", {"only to agent k1"});
}

TEST(ScenarioErrors, StartAndStopMustFitTheRun) {
  const std::string entry = "  - agent: mk7\n    dose: 180 mcg\n    with: breakfast\n";  // lines 8-10
  expect_failure(with_intervention(entry + "    start: 1 year\n    stop: 6 months\n"), 12, "interventions[0].stop",
                 {"must come after start"});
  expect_failure(with_intervention(entry + "    stop: 3 years\n"), 11, "interventions[0].stop",
                 {"after the end of the run (2y)"});
  expect_failure(with_intervention(entry + "    start: 2 years\n"), 11, "interventions[0].start",
                 {"at or after the end of the run"});
  expect_failure(with_intervention(entry + "    start: -1 day\n"), 11, "interventions[0].start", {"negative"});
}

TEST(ScenarioErrors, DurationAndOutputIntervalMustBeSensible) {
  expect_failure("duration: 130 years\n", 1, "duration", {"at most 120 years"});
  expect_failure("duration: 0 days\n", 1, "duration", {"more than 0"});
  expect_failure("duration: 10 days\noutput_every: 2 weeks\n", 2, "output_every", {"longer than the run"});
  expect_failure("output_every: 0 h\n", 1, "output_every", {"above zero"});
}

// ---------------------------------------------------------------------------
// Validation of programmatically built scenarios

TEST(ScenarioValidate, UsesTheInterventionsLocation) {
  Scenario s = calcsim::default_scenario();
  s.interventions[0].dose_mcg = 180e3;
  s.interventions[0].where = calcsim::SourceLocation{"command line", 0, "--mk7"};
  const Failure f = failure_of([&] { calcsim::validate(s); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.file, "command line");
  EXPECT_EQ(f.where.key, "--mk7.dose");
  EXPECT_CONTAINS(f.message, "did you mean 180 mcg?");
}

TEST(ScenarioValidate, CatchesMissingMealsAndBadShares) {
  Scenario s = calcsim::default_scenario();
  s.diet.meals[0].calcium_share = 0.5;
  const Failure f = failure_of([&] { calcsim::validate(s); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.key, "diet.meals");
  Scenario t = calcsim::default_scenario();
  t.interventions[0].with_meals = {"brunch"};
  const Failure g = failure_of([&] { calcsim::validate(t); });
  ASSERT_TRUE(g.thrown);
  EXPECT_EQ(g.where.key, "interventions[0].with");
}

TEST(ScenarioValidate, PlausibleDoseRangesMatchTheDocumentedOnes) {
  EXPECT_DOUBLE_EQ(calcsim::plausible_dose_range(Agent::MK7).max_mcg, 2000.0);
  EXPECT_DOUBLE_EQ(calcsim::plausible_dose_range(Agent::MK4).max_mcg, 90000.0);
  EXPECT_DOUBLE_EQ(calcsim::plausible_dose_range(Agent::VitaminD3).min_mcg, 2.5);
  EXPECT_DOUBLE_EQ(calcsim::plausible_dose_range(Agent::Calcium).min_mcg, 50000.0);
}

// ---------------------------------------------------------------------------
// The built-in default and the K2-free comparison arm

TEST(DefaultScenario, IsTheDocumentedPatientAndValidates) {
  const Scenario s = calcsim::default_scenario();
  EXPECT_EQ(s.name, "default");
  EXPECT_TRUE(s.file.empty());
  EXPECT_EQ(s.description, "A 58-year-old postmenopausal woman takes 180 mcg MK-7 daily with breakfast for 10 years.");
  EXPECT_DOUBLE_EQ(s.duration_days, 3652.5);
  EXPECT_DOUBLE_EQ(s.patient.age_years, 58.0);
  EXPECT_EQ(s.patient.sex, calcsim::Sex::Female);
  EXPECT_DOUBLE_EQ(s.patient.coronary_calcium_au, 30.0);
  ASSERT_EQ(s.interventions.size(), 1u);
  EXPECT_EQ(s.interventions[0].agent, Agent::MK7);
  EXPECT_DOUBLE_EQ(s.interventions[0].dose_mcg, 180.0);
  EXPECT_EQ(s.interventions[0].repeat, Repeat::Daily);
  EXPECT_EQ(s.interventions[0].with_meals, (std::vector<std::string>{"breakfast"}));
  EXPECT_NO_THROW(calcsim::validate(s));
}

void expect_same_scenario(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.description, b.description);
  EXPECT_DOUBLE_EQ(a.duration_days, b.duration_days);
  EXPECT_DOUBLE_EQ(a.output_every_days, b.output_every_days);
  EXPECT_EQ(a.ageing, b.ageing);
  const auto &p = a.patient, &q = b.patient;
  EXPECT_DOUBLE_EQ(p.age_years, q.age_years);
  EXPECT_EQ(p.sex, q.sex);
  EXPECT_EQ(p.menopause_age_years, q.menopause_age_years);
  EXPECT_DOUBLE_EQ(p.egfr, q.egfr);
  EXPECT_EQ(p.dialysis, q.dialysis);
  EXPECT_EQ(p.diabetes, q.diabetes);
  EXPECT_EQ(p.inflammation, q.inflammation);
  EXPECT_EQ(p.family_history_cvd, q.family_history_cvd);
  EXPECT_DOUBLE_EQ(p.coronary_calcium_au, q.coronary_calcium_au);
  const auto &d = a.diet, &e = b.diet;
  EXPECT_DOUBLE_EQ(d.calcium_mg_per_day, e.calcium_mg_per_day);
  EXPECT_DOUBLE_EQ(d.k1_mcg_per_day, e.k1_mcg_per_day);
  EXPECT_DOUBLE_EQ(d.mk4_mcg_per_day, e.mk4_mcg_per_day);
  EXPECT_DOUBLE_EQ(d.mk7_mcg_per_day, e.mk7_mcg_per_day);
  EXPECT_DOUBLE_EQ(d.magnesium_mg_per_day, e.magnesium_mg_per_day);
  EXPECT_DOUBLE_EQ(d.vitamin_d_mcg_per_day, e.vitamin_d_mcg_per_day);
  ASSERT_EQ(d.meals.size(), e.meals.size());
  for (std::size_t i = 0; i < d.meals.size(); ++i) {
    EXPECT_EQ(d.meals[i].name, e.meals[i].name);
    EXPECT_NEAR(d.meals[i].time_of_day, e.meals[i].time_of_day, 1e-12);
    EXPECT_DOUBLE_EQ(d.meals[i].calcium_share, e.meals[i].calcium_share);
    EXPECT_DOUBLE_EQ(d.meals[i].fat_g, e.meals[i].fat_g);
  }
  ASSERT_EQ(a.interventions.size(), b.interventions.size());
  for (std::size_t i = 0; i < a.interventions.size(); ++i) {
    const auto &x = a.interventions[i], &y = b.interventions[i];
    EXPECT_EQ(x.agent, y.agent);
    EXPECT_DOUBLE_EQ(x.dose_mcg, y.dose_mcg);
    EXPECT_EQ(x.repeat, y.repeat);
    EXPECT_EQ(x.with_meals, y.with_meals);
    EXPECT_EQ(x.times_of_day, y.times_of_day);
    EXPECT_EQ(x.fat_g, y.fat_g);
    EXPECT_EQ(x.weekdays, y.weekdays);
    EXPECT_DOUBLE_EQ(x.start_day, y.start_day);
    EXPECT_EQ(x.stop_day, y.stop_day);
    EXPECT_EQ(x.k1_form, y.k1_form);
  }
}

TEST(DefaultScenario, MatchesTheBundledPostmenopausalFile) {
  const Scenario file = calcsim::load_scenario_file(scenarios_dir + "/postmenopausal-mk7.yaml");
  EXPECT_EQ(file.name, "postmenopausal-mk7");
  expect_same_scenario(file, calcsim::default_scenario());
}

TEST(WithoutVitaminK2, RemovesEveryK2SourceAndKeepsTheRest) {
  Scenario s = calcsim::parse_scenario(with_intervention("  - {agent: mk7, dose: 180 mcg, with: breakfast}\n"
                                                         "  - {agent: mk4, dose: 45 mg, with: dinner}\n"
                                                         "  - {agent: calcium, dose: 500 mg, with: dinner}\n"
                                                         "  - {agent: k1, dose: 1 mg, with: breakfast}\n"),
                                       "test.yaml");
  const Scenario no_k2 = calcsim::without_vitamin_k2(s);
  EXPECT_EQ(no_k2.name, "test (no K2)");
  EXPECT_DOUBLE_EQ(no_k2.diet.mk4_mcg_per_day, 0.0);
  EXPECT_DOUBLE_EQ(no_k2.diet.mk7_mcg_per_day, 0.0);
  EXPECT_DOUBLE_EQ(no_k2.diet.k1_mcg_per_day, s.diet.k1_mcg_per_day);
  ASSERT_EQ(no_k2.interventions.size(), 2u);
  EXPECT_EQ(no_k2.interventions[0].agent, Agent::Calcium);
  EXPECT_EQ(no_k2.interventions[1].agent, Agent::K1);
  EXPECT_NO_THROW(calcsim::validate(no_k2));
  // The original is untouched.
  EXPECT_EQ(s.interventions.size(), 4u);
  EXPECT_DOUBLE_EQ(s.diet.mk7_mcg_per_day, 5.0);
}

TEST(WithoutVitaminK2, OfTheDefault) {
  const Scenario no_k2 = calcsim::without_vitamin_k2(calcsim::default_scenario());
  EXPECT_EQ(no_k2.name, "default (no K2)");
  EXPECT_TRUE(no_k2.interventions.empty());
  EXPECT_NO_THROW(calcsim::validate(no_k2));
}

TEST(AgentNames, MatchTheScenarioFileSpelling) {
  EXPECT_EQ(calcsim::to_string(Agent::MK7), "mk7");
  EXPECT_EQ(calcsim::to_string(Agent::VitaminD3), "vitamin_d3");
  EXPECT_EQ(calcsim::to_string(calcsim::Sex::Male), "male");
  EXPECT_TRUE(calcsim::is_vitamin_k2(Agent::MK4));
  EXPECT_TRUE(calcsim::is_vitamin_k2(Agent::MK7));
  EXPECT_FALSE(calcsim::is_vitamin_k2(Agent::K1));
  EXPECT_FALSE(calcsim::is_vitamin_k2(Agent::Warfarin));
}

// ---------------------------------------------------------------------------
// Bundled scenarios

// Points scenario_directory() at the source tree's scenarios for one test.
class BundledScenarios : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* old = std::getenv("CALCSIM_SCENARIO_DIR")) saved_ = old;
    ::setenv("CALCSIM_SCENARIO_DIR", scenarios_dir.c_str(), 1);
  }
  void TearDown() override {
    if (saved_)
      ::setenv("CALCSIM_SCENARIO_DIR", saved_->c_str(), 1);
    else
      ::unsetenv("CALCSIM_SCENARIO_DIR");
  }

 private:
  std::optional<std::string> saved_;
};

TEST_F(BundledScenarios, EveryFileLoadsAndValidates) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(scenarios_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    ++count;
    Scenario s;
    ASSERT_NO_THROW(s = calcsim::load_scenario_file(entry.path().string()));
    EXPECT_EQ(s.name, entry.path().stem().string());
    EXPECT_FALSE(s.description.empty());
    // Something to compare: interventions, or arms (the habit scenarios
    // compare diets and patient traits, with K2 added in an arm).
    EXPECT_TRUE(!s.interventions.empty() || !s.arms.empty());
    EXPECT_NO_THROW(calcsim::validate(s));
    EXPECT_NO_THROW(calcsim::validate(calcsim::without_vitamin_k2(s)));
  }
  EXPECT_GE(count, 5);
}

TEST_F(BundledScenarios, AreListedSortedWithTheirDescriptions) {
  EXPECT_EQ(calcsim::scenario_directory(), scenarios_dir);
  const auto list = calcsim::bundled_scenarios();
  ASSERT_GE(list.size(), 5u);
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.name < b.name; }));
  std::vector<std::string> names;
  for (const auto& b : list) {
    names.push_back(b.name);
    EXPECT_FALSE(b.description.empty()) << b.name;
    EXPECT_EQ(b.description.find('\n'), std::string::npos) << b.name;
    EXPECT_TRUE(fs::exists(b.path)) << b.path;
  }
  for (const char* expected : {"postmenopausal-mk7", "calcium-d3-supplements", "warfarin-user", "ckd-stage4-mk7",
                               "haemodialysis-mk7-thrice-weekly", "leafy-greens-k1"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  const auto pm = std::find_if(list.begin(), list.end(), [](const auto& b) { return b.name == "postmenopausal-mk7"; });
  ASSERT_NE(pm, list.end());
  EXPECT_EQ(pm->description, calcsim::default_scenario().description);
}

TEST_F(BundledScenarios, LoadByNameOrPath) {
  const Scenario by_name = calcsim::load_scenario("warfarin-user");
  EXPECT_EQ(by_name.name, "warfarin-user");
  EXPECT_EQ(by_name.patient.sex, calcsim::Sex::Male);
  ASSERT_EQ(by_name.interventions.size(), 1u);
  EXPECT_EQ(by_name.interventions[0].agent, Agent::Warfarin);
  EXPECT_DOUBLE_EQ(by_name.interventions[0].dose_mcg, 5000.0);
  EXPECT_DOUBLE_EQ(by_name.interventions[0].times_of_day.at(0), 0.75);

  const Scenario by_path = calcsim::load_scenario(scenarios_dir + "/ckd-stage4-mk7.yaml");
  EXPECT_DOUBLE_EQ(by_path.patient.egfr, 22.0);
  EXPECT_DOUBLE_EQ(by_path.interventions.at(0).dose_mcg, 360.0);
}

TEST_F(BundledScenarios, TheDocumentedRegimens) {
  const Scenario ca = calcsim::load_scenario("calcium-d3-supplements");
  ASSERT_EQ(ca.interventions.size(), 2u);
  EXPECT_DOUBLE_EQ(ca.interventions[0].dose_mcg, 500e3);
  EXPECT_EQ(ca.interventions[0].with_meals.size(), 2u);
  EXPECT_DOUBLE_EQ(ca.interventions[1].dose_mcg, 25.0);
  for (const auto& iv : ca.interventions) EXPECT_FALSE(calcsim::is_vitamin_k2(iv.agent));

  const Scenario hd = calcsim::load_scenario("haemodialysis-mk7-thrice-weekly");
  EXPECT_TRUE(hd.patient.dialysis);
  EXPECT_EQ(hd.patient.dialysis_weekdays, (std::vector<int>{0, 2, 4}));
  EXPECT_DOUBLE_EQ(hd.patient.dialysis_start_time, 8.0 / 24.0);
  ASSERT_EQ(hd.interventions.size(), 1u);
  EXPECT_EQ(hd.interventions[0].repeat, Repeat::ThriceWeekly);
  EXPECT_DOUBLE_EQ(hd.interventions[0].dose_mcg, 720.0);
  EXPECT_DOUBLE_EQ(hd.interventions[0].times_of_day.at(0), 13.0 / 24.0);

  const Scenario greens = calcsim::load_scenario("leafy-greens-k1");
  ASSERT_EQ(greens.interventions.size(), 1u);
  EXPECT_EQ(greens.interventions[0].k1_form, calcsim::K1Form::Greens);
  EXPECT_DOUBLE_EQ(greens.interventions[0].dose_mcg, 250.0);
  EXPECT_DOUBLE_EQ(greens.interventions[0].fat_g.value_or(-1), 20.0);
}

TEST_F(BundledScenarios, UnknownNamesSuggestTheNearestBundledScenario) {
  const Failure f = failure_of([] { calcsim::load_scenario("postmenopausal-mk"); });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "unknown scenario 'postmenopausal-mk'");
  EXPECT_CONTAINS(f.message, "did you mean 'postmenopausal-mk7'?");
  EXPECT_CONTAINS(f.message, "calcsim list");
  const Failure path = failure_of([] { calcsim::load_scenario("nowhere/missing.yaml"); });
  ASSERT_TRUE(path.thrown);
  EXPECT_EQ(path.where.file, "nowhere/missing.yaml");
  EXPECT_CONTAINS(path.message, "no such file");
}

}  // namespace
