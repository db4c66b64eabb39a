// End-to-end tests of arms (`calcsim compare` on scenarios that declare them),
// `calcsim sweep`, `calcsim sensitivity` and the bundled scenario library.
// Runs are kept short (days to months) so that the whole file stays fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using calcsim::cli_test::CliRunner;
using calcsim::cli_test::concat;
using calcsim::cli_test::contains;
using calcsim::cli_test::csv_fields;
using calcsim::cli_test::lines_of;
using calcsim::cli_test::Outcome;
using calcsim::cli_test::read_text;
using nlohmann::json;

const std::string scenarios_dir = CALCSIM_SOURCE_SCENARIOS;
const std::string disclaimer = "calcsim is an illustrative teaching model, not medical advice.";

// A 60-day scenario with MK-7 and three arms. Line numbers matter: the arms
// start on line 12 ("  - name: placebo" is line 13).
const std::string arms_yaml =
    "name: arms-test\n"                                                   // 1
    "duration: 60 days\n"                                                 // 2
    "patient:\n"                                                          // 3
    "  age: 60 years\n"                                                   // 4
    "  sex: male\n"                                                       // 5
    "interventions:\n"                                                    // 6
    "  - agent: mk7\n"                                                    // 7
    "    dose: 180 mcg\n"                                                 // 8
    "    with: breakfast\n"                                               // 9
    "\n"                                                                  // 10
    "arm_name: MK-7\n"                                                    // 11
    "arms:\n"                                                             // 12
    "  - name: placebo\n"                                                 // 13
    "    remove: [mk7]\n"                                                 // 14
    "  - name: 360 mcg\n"                                                 // 15
    "    change: {agent: mk7, dose: 360 mcg}\n"                           // 16
    "  - name: diabetic\n"                                                // 17
    "    patient: {diabetes: true}\n";                                    // 18

// The first lines of arms_yaml (through "arms:") followed by `arms`.
std::string with_arms(const std::string& arms) {
  const std::string head = arms_yaml.substr(0, arms_yaml.find("  - name: placebo"));
  return head + arms;
}

class CliArms : public ::testing::Test {
 protected:
  CliRunner cli;
};

// ---------------------------------------------------------------------------
// compare with arms

TEST_F(CliArms, CompareShowsEveryArmAndTheDifferencesAgainstTheFirst) {
  cli.write_scenario("arms.yaml", arms_yaml);
  const Outcome r = cli.succeed({"compare", "arms.yaml", "--at", "30d"});
  EXPECT_TRUE(contains(r.out, "Arms: MK-7 | placebo | 360 mcg | diabetic; differences are against 'MK-7'.")) << r.out;
  const auto lines = lines_of(r.out);
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("quantity", 0) == 0; });
  ASSERT_NE(header, lines.end()) << r.out;
  for (const char* column : {"MK-7", "placebo", "360 mcg", "diabetic", "diff placebo", "diff 360 mcg", "diff diabetic"})
    EXPECT_TRUE(contains(*header, column)) << column << " missing from: " << *header;
  // The legend names what each arm changes and which start from their own state.
  EXPECT_TRUE(contains(r.out, "remove mk7")) << r.out;
  EXPECT_TRUE(contains(r.out, "change mk7: dose 360 mcg")) << r.out;
  EXPECT_TRUE(contains(r.out, "patient.diabetes true [own starting state]")) << r.out;
  EXPECT_TRUE(contains(r.out, disclaimer));
}

TEST_F(CliArms, CompareCsvAndJsonSummariesCarryEveryArm) {
  cli.write_scenario("arms.yaml", arms_yaml);
  const auto csv = lines_of(cli.succeed({"compare", "arms.yaml", "--at", "30d", "--format", "csv"}).out);
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv[1], "time_days,quantity,unit,MK-7,placebo,360 mcg,diabetic,difference_placebo,difference_360 mcg,"
                    "difference_diabetic");
  const json j = json::parse(cli.succeed({"compare", "arms.yaml", "--at", "30d", "-f", "json"}).out);
  EXPECT_EQ(j["arms"], json({"MK-7", "placebo", "360 mcg", "diabetic"}));
  for (const auto& row : j["rows"]) {
    EXPECT_EQ(row["difference"]["MK-7"].get<double>(), 0.0);
    EXPECT_EQ(row["values"].size(), 4u);
  }
}

TEST_F(CliArms, CompareOutWritesALongFileWithAnArmColumn) {
  cli.write_scenario("arms.yaml", arms_yaml);
  cli.succeed({"compare", "arms.yaml", "--every", "10d", "--out", "arms.csv"});
  const auto lines = lines_of(read_text(cli.work() / "arms.csv"));
  ASSERT_GT(lines.size(), 2u);
  EXPECT_EQ(csv_fields(lines[1]).front(), "arm");
  std::map<std::string, int> rows;
  for (std::size_t i = 2; i < lines.size(); ++i) ++rows[csv_fields(lines[i]).front()];
  EXPECT_EQ(rows, (std::map<std::string, int>{{"MK-7", 7}, {"placebo", 7}, {"360 mcg", 7}, {"diabetic", 7}}));

  cli.succeed({"compare", "arms.yaml", "--every", "30d", "--out", "arms.json"});
  const json j = json::parse(read_text(cli.work() / "arms.json"));
  ASSERT_EQ(j["arms"].size(), 4u);
  EXPECT_EQ(j["arms"][3]["arm"], "diabetic");
}

TEST_F(CliArms, CompareArmsOptionSelectsAndReorders) {
  cli.write_scenario("arms.yaml", arms_yaml);
  const Outcome r = cli.succeed({"compare", "arms.yaml", "--at", "30d", "--arms", "placebo,360 mcg"});
  EXPECT_TRUE(contains(r.out, "Arms: placebo | 360 mcg; differences are against 'placebo'.")) << r.out;
  cli.bad_input({"compare", "arms.yaml", "--arms", "placebo,360mcg", "--out", "x.csv"},
                {"--arms", "no arm named '360mcg'", "did you mean '360 mcg'?"});
  // Without declared arms the built-in pair can be picked by name too.
  const Outcome k2 = cli.succeed({"compare", "--years", "0.05", "--arms", "without K2"});
  EXPECT_TRUE(contains(k2.out, "Arms: without K2; differences are against 'without K2'.")) << k2.out;
}

TEST_F(CliArms, BadArmsAreInputErrorsNamingFileLineAndKey) {
  struct Case {
    std::string arms;
    std::vector<std::string> fragments;
  };
  const std::vector<Case> cases{
      {"  - name: nothing\n", {"bad.yaml:13: arms[0]: ", "changes nothing"}},
      {"  - remove: [mk7]\n", {"bad.yaml:13: arms[0]: ", "missing key 'name'"}},
      {"  - name: x\n    remove: [mk77]\n", {"bad.yaml:14", "arms[0].remove[0]", "unknown agent 'mk77'", "did you mean 'mk7'?"}},
      {"  - name: x\n    remove: [warfarin]\n",
       {"bad.yaml:14", "arms[0].remove[0]", "removes warfarin, but the scenario has no warfarin intervention"}},
      {"  - name: x\n    change: {agent: calcium, dose: 500 mg}\n",
       {"bad.yaml:14", "arms[0].change.agent", "the scenario has no calcium intervention", "use 'add'"}},
      {"  - name: x\n    remvoe: [mk7]\n", {"bad.yaml:14", "unknown key 'remvoe'", "did you mean 'remove'?"}},
      {"  - name: x\n    change: {agent: mk7, dose: 180 mg}\n",
       {"bad.yaml:14", "arms[0].change.dose", "in arm 'x'", "did you mean 180 mcg?"}},
      {"  - name: x\n    patient: {age: 150 years}\n", {"bad.yaml:14", "arms[0].patient.age", "out of range"}},
      {"  - name: x\n    set: {mk7.half_lif: 72}\n", {"bad.yaml:14", "arms[0].set.mk7.half_lif", "did you mean 'mk7.half_life'?"}},
      {"  - name: x\n    remove: [mk7]\n  - name: x\n    remove: [mk7]\n", {"bad.yaml:15", "used twice"}},
      {"  - name: MK-7\n    remove: [mk7]\n", {"bad.yaml:13", "is the name of the scenario as written"}},
      {"  - name: a, b\n    remove: [mk7]\n", {"bad.yaml:13", "comma"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.arms);
    cli.write_scenario("bad.yaml", with_arms(c.arms));
    const Outcome r = cli.bad_input({"compare", "bad.yaml", "--out", "out.csv"}, {});
    for (const auto& f : c.fragments) EXPECT_TRUE(contains(r.err, f)) << "stderr lacks '" << f << "': " << r.err;
    const Outcome v = cli.bad_input({"validate", "bad.yaml"}, {});
    EXPECT_EQ(v.err, r.err) << "validate reports the same error";
  }
}

TEST_F(CliArms, ValidateCountsArms) {
  cli.write_scenario("arms.yaml", arms_yaml);
  const Outcome r = cli.succeed({"validate", "arms.yaml"});
  EXPECT_EQ(r.out.rfind("ok: arms.yaml", 0), 0u) << r.out;
}

TEST_F(CliArms, ScheduleWithoutAnyDoseIsAnError) {
  cli.write_scenario("weekly.yaml",
                     "duration: 60 days\ninterventions:\n  - agent: mk7\n    dose: 180 mcg\n    schedule: weekly\n"
                     "    days: [sun]\n    with: breakfast\n    stop: 5 days\n");
  cli.bad_input({"run", "weekly.yaml", "--out", "x.csv"}, {"weekly.yaml:5", "interventions[0].schedule", "no dose"});
  // Two identical entries are two tablets, not a mistake.
  cli.write_scenario("twice.yaml",
                     "duration: 30 days\ninterventions:\n  - {agent: mk7, dose: 90 mcg, with: breakfast}\n"
                     "  - {agent: mk7, dose: 90 mcg, with: breakfast}\n");
  cli.succeed({"validate", "twice.yaml"});
}

// ---------------------------------------------------------------------------
// sweep

TEST_F(CliArms, SweepTableHasOneRowPerValue) {
  const Outcome r = cli.succeed({"sweep", "--years", "0.1", "--vary", "mk7.dose=0..360mcg:5", "--output",
                                 "dp_ucmgp,arterial_score", "--at", "30d"});
  EXPECT_TRUE(contains(r.out, "Varying mk7.dose: 5 values from 0 to 360 mcg")) << r.out;
  EXPECT_TRUE(contains(r.out, disclaimer));
  const auto lines = lines_of(r.out);
  for (const char* value : {"0 ", "90 ", "180 ", "270 ", "360 "})
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(value, 0) == 0; }))
        << "no row for " << value << "\n" << r.out;
}

TEST_F(CliArms, SweepCsvIsLongAndMonotoneInDose) {
  const Outcome r = cli.succeed({"sweep", "--years", "0.1", "--vary", "mk7.dose=10..1000mcg:4:log", "--output",
                                 "dp_ucmgp", "--at", "30d", "--format", "csv"});
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u + 4u) << r.out;
  EXPECT_EQ(lines[0], "# " + disclaimer);
  EXPECT_EQ(lines[2], "target,value,unit,output,output_unit,time_days,result");
  double previous = 1e300;
  for (std::size_t i = 3; i < lines.size(); ++i) {
    const auto f = csv_fields(lines[i]);
    ASSERT_EQ(f.size(), 7u);
    EXPECT_EQ(f[0], "mk7.dose");
    EXPECT_EQ(f[3], "dp_ucmgp");
    EXPECT_EQ(f[5], "30");
    const double v = std::stod(f[6]);
    EXPECT_LE(v, previous);
    previous = v;
  }
  EXPECT_EQ(csv_fields(lines[3])[1], "10");
  EXPECT_EQ(csv_fields(lines[4])[1], "46.4159");
  EXPECT_EQ(csv_fields(lines[6])[1], "1000");
}

TEST_F(CliArms, SweepJsonOverAParameter) {
  const json j = json::parse(cli.succeed({"sweep", "--years", "0.05", "--vary", "mk7.half_life=40,68,100h", "--output",
                                          "mk7_plasma", "-f", "json"})
                                 .out);
  EXPECT_EQ(j["target"], "mk7.half_life");
  EXPECT_EQ(j["unit"], "h");
  EXPECT_EQ(j["values"], json({40, 68, 100}));
  EXPECT_FALSE(j["shared_initial_state"].get<bool>());
  const auto& results = j["outputs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_LT(results[0][0].get<double>(), results[2][0].get<double>()) << "a longer half-life keeps more MK-7";
}

TEST_F(CliArms, BadSweepArgumentsAreInputErrors) {
  cli.bad_input({"sweep", "--years", "0.1"}, {"--vary"});
  cli.bad_input({"sweep", "--vary", "mk7.dose=0..360:9"}, {"--vary", "a dose needs its unit"});
  cli.bad_input({"sweep", "--vary", "mk77.dose=0..360mcg:9"}, {"--vary", "unknown agent 'mk77'", "did you mean 'mk7.dose'?"});
  cli.bad_input({"sweep", "--vary", "mk7.half_lif=24..120:5"}, {"--vary", "did you mean 'mk7.half_life'?"});
  cli.bad_input({"sweep", "--vary", "mk7.dose=0..360mcg:1"}, {"--vary", "whole number from 2"});
  cli.bad_input({"sweep", "--vary", "mk7.dose=0..360mcg:9:log"}, {"--vary", "log steps need both ends above zero"});
  cli.bad_input({"sweep", "--vary", "mk7.half_life=24..120mg:5"}, {"--vary", "mk7.half_life is in h"});
  cli.bad_input({"sweep", "--vary", "mk7.dose=0..5000mcg:3"}, {"--vary", "mk7.dose = 2500 mcg", "plausible range"});
  cli.bad_input({"sweep", "--vary", "calcium.dose=0..500mg:3"}, {"--vary", "no calcium intervention"});
  cli.bad_input({"sweep", "--vary", "mk7.half_life=1..100:3"}, {"--vary", "outside the valid range"});
  cli.bad_input({"sweep", "--vary", "mk7.dose=0..360mcg:3", "--output", "dp_ucmpg"},
                {"--output", "unknown output 'dp_ucmpg'", "did you mean 'dp_ucmgp'?"});
}

// ---------------------------------------------------------------------------
// sensitivity

// On daily-averaged dosing (seven runs, each from its own steady state,
// without the cycle solve); SensitivityJsonAndCsv runs exact dosing.
TEST_F(CliArms, SensitivityRanksTheGivenParameters) {
  const Outcome r = cli.succeed({"sensitivity", "--years", "0.1", "--output", "dp_ucmgp", "--at", "30d", "--parameters",
                                 "warfarin.ic50,mgp.dpuc_uncarboxylated,mgp.k_half", "--dosing", "daily-averaged"});
  EXPECT_TRUE(contains(r.out, disclaimer));
  const auto lines = lines_of(r.out);
  std::vector<std::string> ranked;
  for (const auto& l : lines)
    for (const char* name : {"warfarin.ic50", "mgp.dpuc_uncarboxylated", "mgp.k_half"})
      if (l.find(concat("  ", name, " ")) != std::string::npos && l.find_first_not_of(' ') < 5) ranked.push_back(name);
  EXPECT_EQ(ranked, (std::vector<std::string>{"mgp.dpuc_uncarboxylated", "mgp.k_half", "warfarin.ic50"})) << r.out;
  EXPECT_TRUE(contains(r.out, "+1.0000")) << r.out;
  EXPECT_TRUE(contains(r.out, "runs on")) << "the wall time is reported\n" << r.out;
}

TEST_F(CliArms, SensitivityJsonAndCsv) {
  const std::vector<std::string> base{"sensitivity", "--years", "0.05", "--output", "dp_ucmgp,arterial_score",
                                      "--parameters", "mgp.dpuc_uncarboxylated,artery.mgp_inhibition"};
  std::vector<std::string> args = base;
  args.insert(args.end(), {"--format", "json"});
  const json j = json::parse(cli.succeed(args).out);
  ASSERT_EQ(j["parameters"].size(), 2u);
  EXPECT_EQ(j["columns"].size(), 2u);
  EXPECT_EQ(j["runs"].get<int>(), 5);
  EXPECT_GT(j["wall_seconds"].get<double>(), 0.0);
  for (const auto& p : j["parameters"]) {
    EXPECT_TRUE(p["hypothetical"].is_boolean());
    EXPECT_FALSE(p["unit"].get<std::string>().empty());
    EXPECT_FALSE(p["source"].get<std::string>().empty());
  }
  // One parameter (three runs, each from its own steady state): a row per
  // parameter and output.
  args = {"sensitivity", "--years", "0.05", "--output", "dp_ucmgp,arterial_score", "--parameters",
          "mgp.dpuc_uncarboxylated", "--format", "csv"};
  const auto lines = lines_of(cli.succeed(args).out);
  ASSERT_EQ(lines.size(), 3u + 2u);
  EXPECT_EQ(lines[2], "rank,parameter,value,unit,lower,upper,output,time_days,sensitivity,hypothetical,source,note");
}

TEST_F(CliArms, BadSensitivityArgumentsAreInputErrors) {
  cli.bad_input({"sensitivity", "--step", "0"}, {"--step"});
  cli.bad_input({"sensitivity", "--step", "0.9"}, {"--step"});
  cli.bad_input({"sensitivity", "--rtol", "0.5"}, {"--rtol"});
  cli.bad_input({"sensitivity", "--output", "arterial_scor"}, {"--output", "did you mean 'arterial_score'?"});
  cli.bad_input({"sensitivity", "--parameters", "mk7.halflife"}, {"--parameters", "did you mean 'mk7.half_life'?"});
  cli.bad_input({"sensitivity", "--at", "banana"}, {"--at", "banana"});
}

// ---------------------------------------------------------------------------
// The bundled library: at least 15 files, each validated and compared (short).

std::vector<std::string> bundled_files() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(scenarios_dir))
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BundledLibrary, HasAtLeastFifteenDocumentedFiles) {
  const auto files = bundled_files();
  EXPECT_GE(files.size(), 15u);
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    const std::string text = read_text(f);
    // A header comment: who it is for, what it teaches, sources.
    EXPECT_EQ(text.rfind("# ", 0), 0u);
    for (const char* section : {"Who it is for", "What it teaches", "Sources"}) EXPECT_TRUE(contains(text, section)) << section;
  }
}

class BundledScenario : public ::testing::TestWithParam<std::string> {
 protected:
  CliRunner cli;
};

TEST_P(BundledScenario, ValidatesAndCompares) {
  const std::string file = GetParam();
  const Outcome v = cli.succeed({"validate", file});
  EXPECT_EQ(v.out.rfind(concat("ok: ", file), 0), 0u) << v.out;
  // 0.1 years (36.5 days): long enough for every start and stop in the bundled
  // files (article-timeline-90-days stops its supplements at 30 days).
  const Outcome r = cli.succeed({"compare", file, "--years", "0.1", "--at", "7d", "--format", "csv"});
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "# " + disclaimer);
}

std::string file_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Library, BundledScenario, ::testing::ValuesIn(bundled_files()), file_test_name);

}  // namespace
