// End-to-end tests of the command line. Every test runs the real `calcsim`
// binary (CALCSIM_BINARY) in a temporary directory of its own, with stdout and
// stderr captured separately, and checks the contract of commands.hpp: exit
// code 0 ok, 2 bad input, 3 numerical failure; data on stdout, messages on
// stderr; every output carries the disclaimer.
//
// The golden summaries in golden/ are stdout byte for byte; after an intended
// change to the model or the report, regenerate them with
//   scripts/update-golden.sh BUILD_DIR
// (the commands there must stay the same as in the Golden* tests below).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

using namespace calcsim::cli_test;
using nlohmann::json;

const std::string calcsim_binary = CALCSIM_BINARY;
const std::string golden_dir = CALCSIM_CLI_GOLDEN_DIR;
const std::string scenarios_dir = CALCSIM_SOURCE_SCENARIOS;
const std::string parameter_list = CALCSIM_PARAMETER_LIST;
const std::string disclaimer = "calcsim is an illustrative teaching model, not medical advice.";

// Rows of a one-year daily trajectory: output_times() gives 0, 1, ..., 365, all
// at midnight; the run ends at 365.25, a quarter-day after the last midnight.
constexpr std::size_t one_year_daily_rows = 366;

// failing_overrides (cli_runner.hpp): parameters, each in range, for which the solver fails.

// ---------------------------------------------------------------------------
// Running the binary

// Joins strings with append (operator+ on temporaries trips GCC 12's
// -Wrestrict false positive under -O2).



bool has_line(const std::string& text, const std::string& line) {
  const auto lines = lines_of(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}


// The whole text as a finite number, or nullopt ("nan", "inf", "1e999", "1x"
// fail; subnormals such as 1e-310 are finite numbers).
std::optional<double> finite_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// For mismatch messages: the line with invisible characters shown.
std::string visible(const std::string& line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  return out + "$";
}

// Compares stdout with a golden file byte for byte; on a mismatch, reports the
// first differing line of each, in the manner of a unified diff.
void expect_matches_golden(const Outcome& r, const std::string& golden_name) {
  const fs::path golden_path = fs::path(golden_dir) / golden_name;
  ASSERT_TRUE(fs::exists(golden_path)) << "golden file " << golden_path
                                       << " is missing; generate it with scripts/update-golden.sh BUILD_DIR";
  const std::string expected = read_text(golden_path);
  if (r.out == expected) return;

  // Lines with their terminators, so that a missing or extra final newline
  // is a differing line too.
  auto lines_with_ends = [](const std::string& s) {
    std::vector<std::string> v;
    std::size_t start = 0;
    while (start < s.size()) {
      const std::size_t nl = s.find('\n', start);
      const std::size_t stop = nl == std::string::npos ? s.size() : nl + 1;
      v.push_back(s.substr(start, stop - start));
      start = stop;
    }
    return v;
  };
  const auto want = lines_with_ends(expected);
  const auto got = lines_with_ends(r.out);
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  // As a diff shows a line: without its newline, marked when it has none.
  const auto shown = [](const std::vector<std::string>& v, std::size_t k) {
    if (k >= v.size()) return std::string("<end of output>");
    if (v[k].ends_with('\n')) return v[k].substr(0, v[k].size() - 1);
    return v[k] + "\n\\ No newline at end of file";
  };
  std::ostringstream diff;
  diff << "stdout of `" << r.command << "` differs from " << golden_path << " at line " << i + 1 << " (golden "
       << want.size() << " lines, " << expected.size() << " bytes; actual " << got.size() << " lines, "
       << r.out.size() << " bytes)\n"
       << "--- " << golden_path.string() << "\n"
       << "+++ stdout of " << r.command << "\n"
       << "@@ -" << i + 1 << " +" << i + 1 << " @@\n";
  if (i > 0) diff << " " << shown(want, i - 1) << "\n";
  diff << "-" << shown(want, i) << "\n"
       << "+" << shown(got, i) << "\n";
  if (i < want.size() && i < got.size() && want[i].ends_with('\n') && got[i].ends_with('\n'))
    diff << "(with line ends marked by $: golden '" << visible(shown(want, i)) << "', actual '"
         << visible(shown(got, i)) << "')\n";
  diff << "If the change is intended, regenerate the golden files: scripts/update-golden.sh BUILD_DIR";
  ADD_FAILURE() << diff.str();
}

// ---------------------------------------------------------------------------
// Trajectory files

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// A trajectory CSV: "# <disclaimer> ..." comment, a header of "name [unit]"
// columns (after an "arm" column when `with_arm`), rows of the header's width
// whose values are finite numbers (the arm column apart).
Table check_trajectory_csv(const fs::path& path, bool with_arm) {
  Table t;
  EXPECT_TRUE(fs::exists(path)) << path;
  const auto lines = lines_of(read_text(path));
  EXPECT_GE(lines.size(), 3u) << path;
  if (lines.size() < 3) return t;
  EXPECT_EQ(lines[0].rfind("# ", 0), 0u) << "first line is not a '# ' comment: " << lines[0];
  EXPECT_TRUE(contains(lines[0], disclaimer)) << "first line lacks the disclaimer: " << lines[0];
  t.header = csv_fields(lines[1]);
  const std::size_t first_quantity = with_arm ? 1 : 0;
  if (with_arm) {
    EXPECT_EQ(t.header.front(), "arm") << lines[1];
  }
  EXPECT_GT(t.header.size(), first_quantity + 1) << lines[1];
  std::set<std::string> names;
  for (std::size_t j = first_quantity; j < t.header.size(); ++j) {
    const std::string& h = t.header[j];
    const auto open = h.find(" [");
    EXPECT_TRUE(open != std::string::npos && open > 0 && h.back() == ']' && h.size() > open + 3)
        << "header column " << j << " is not 'name [unit]': '" << h << "'";
    if (open != std::string::npos) {
      EXPECT_TRUE(names.insert(h.substr(0, open)).second) << "duplicate column " << h;
    }
  }
  EXPECT_EQ(t.header[first_quantity], "time [day]");
  for (std::size_t i = 2; i < lines.size(); ++i) {
    auto fields = csv_fields(lines[i]);
    EXPECT_EQ(fields.size(), t.header.size()) << "line " << i + 1 << ": " << lines[i];
    if (fields.size() != t.header.size()) continue;
    for (std::size_t j = first_quantity; j < fields.size(); ++j)
      EXPECT_TRUE(finite_number(fields[j]).has_value())
          << "line " << i + 1 << ", column '" << t.header[j] << "': '" << fields[j] << "' is not a finite number";
    t.rows.push_back(std::move(fields));
  }
  return t;
}

// The time column of one arm: 0, 1, ..., 365 for a one-year daily run.
void expect_one_year_daily_times(const std::vector<double>& times) {
  ASSERT_EQ(times.size(), one_year_daily_rows);
  for (std::size_t k = 0; k + 1 < times.size(); ++k) EXPECT_DOUBLE_EQ(times[k], static_cast<double>(k)) << "row " << k;
  EXPECT_DOUBLE_EQ(times.back(), 365.0);
}

// A trajectory JSON: disclaimer, and arms each with columns and data rows of
// the columns' width holding numbers only.
void check_trajectory_json(const fs::path& path, const std::vector<std::string>& arm_names, json& j) {
  ASSERT_TRUE(fs::exists(path)) << path;
  try {
    j = json::parse(read_text(path));
  } catch (const json::exception& e) {
    FAIL() << path << " does not parse as JSON: " << e.what();
  }
  EXPECT_EQ(j.value("disclaimer", ""), disclaimer);
  ASSERT_TRUE(j.contains("arms") && j["arms"].is_array()) << path;
  EXPECT_EQ(j["arms"].size(), arm_names.size());
  for (std::size_t a = 0; a < j["arms"].size() && a < arm_names.size(); ++a) {
    const json& arm = j["arms"][a];
    SCOPED_TRACE(concat("arm ", std::to_string(a)));
    EXPECT_EQ(arm.value("arm", ""), arm_names[a]);
    ASSERT_TRUE(arm.contains("columns") && arm["columns"].is_array());
    ASSERT_TRUE(arm.contains("data") && arm["data"].is_array());
    const std::size_t width = arm["columns"].size();
    ASSERT_GT(width, 1u);
    EXPECT_EQ(arm["columns"][0].value("name", ""), "time");
    for (const auto& c : arm["columns"]) {
      EXPECT_FALSE(c.value("name", "").empty()) << c.dump();
      EXPECT_FALSE(c.value("unit", "").empty()) << c.dump();
    }
    std::vector<double> times;
    for (std::size_t i = 0; i < arm["data"].size(); ++i) {
      const json& row = arm["data"][i];
      ASSERT_TRUE(row.is_array() && row.size() == width) << "row " << i << " has " << row.size()
                                                         << " values for " << width << " columns";
      for (std::size_t k = 0; k < width; ++k)
        ASSERT_TRUE(row[k].is_number() && std::isfinite(row[k].get<double>()))
            << "row " << i << ", column " << arm["columns"][k].value("name", "") << ": " << row[k].dump();
      times.push_back(row[0].get<double>());
    }
    expect_one_year_daily_times(times);
  }
}

// Lines of parameter_list.inc that open a registry row, "X(".
std::size_t registry_rows_in_source() {
  std::size_t n = 0;
  for (const auto& line : lines_of(read_text(parameter_list)))
    if (line.rfind("X(", 0) == 0) ++n;
  return n;
}

// ---------------------------------------------------------------------------
// The fixture: a fresh directory per test, the working directory of every
// command it runs. Captured output goes to a sibling directory, so the
// working directory holds only what the test and the commands put there.

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::random_device rd;
    root_ = fs::temp_directory_path() /
            concat("calcsim-cli-", info->name(), "-", std::to_string(::getpid()), "-", std::to_string(rd()));
    work_ = root_ / "work";
    capture_ = root_ / "capture";
    fs::create_directories(work_);
    fs::create_directories(capture_);
  }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "[ kept    ] " << root_ << " (working directory: work/, captured output: capture/)\n";
      return;
    }
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  Outcome calcsim(const std::vector<std::string>& args) { return run_command(calcsim_binary, work_, capture_, args); }

  // Runs a command that must succeed: exit 0, something on stdout, nothing on stderr.
  Outcome succeed(const std::vector<std::string>& args) {
    Outcome r = calcsim(args);
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    EXPECT_FALSE(r.out.empty()) << describe(r);
    EXPECT_EQ(r.err, "") << "a successful command writes nothing to stderr\n" << describe(r);
    return r;
  }

  // Runs a command that must fail with `exit_code`: nothing on stdout, a
  // message on stderr containing each fragment, and no file created or
  // removed in the working directory (so no --out file, not even a partial one).
  Outcome fail(const std::vector<std::string>& args, int exit_code, std::initializer_list<std::string> fragments) {
    const auto before = files_in(work_);
    Outcome r = calcsim(args);
    EXPECT_EQ(r.exit_code, exit_code) << describe(r);
    EXPECT_EQ(r.out, "") << "a failing command writes nothing to stdout\n" << describe(r);
    EXPECT_FALSE(r.err.empty()) << describe(r);
    for (const auto& f : fragments)
      EXPECT_TRUE(contains(r.err, f)) << "stderr lacks '" << f << "'\n" << describe(r);
    const auto after = files_in(work_);
    EXPECT_EQ(after, before) << "files in the working directory changed: before " << join(before) << "; after "
                             << join(after) << "\n"
                             << describe(r);
    return r;
  }

  Outcome bad_input(const std::vector<std::string>& args, std::initializer_list<std::string> fragments) {
    return fail(args, 2, fragments);
  }

  fs::path write_scenario(const std::string& name, const std::string& yaml) {
    write_text(work_ / name, yaml);
    return work_ / name;
  }

  fs::path root_, work_, capture_;
};

// A small scenario with the patient's lines and the interventions spliced in.
// Line numbers: "patient:" is line 4, its keys follow from line 5; with two
// patient lines, "interventions:" is line 7 and the first entry's "dose" line 9.
std::string scenario_yaml(const std::string& patient_lines, const std::string& interventions) {
  return "name: cli-test\n"
         "duration: 1 year\n"
         "output_every: 1 day\n"
         "patient:\n" +
         patient_lines + "interventions:\n" + interventions;
}

const std::string good_patient = "  age: 58 years\n  sex: female\n";
const std::string good_mk7 = "  - agent: mk7\n    dose: 180 mcg\n    with: breakfast\n";

// ---------------------------------------------------------------------------
// Help and version

TEST_F(Cli, HelpListsEverySubcommandAndTheDisclaimer) {
  const Outcome r = succeed({"--help"});
  for (const char* sub : {"run", "compare", "report", "export", "params", "list", "validate", "calibration", "validation"})
    EXPECT_TRUE(contains(r.out, std::string("\n  ") + sub + " ")) << "help lacks subcommand " << sub << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "not medical advice")) << r.out;
}

TEST_F(Cli, VersionPrintsNameAndVersion) {
  const Outcome r = succeed({"--version"});
  EXPECT_EQ(r.out, std::string("calcsim ") + CALCSIM_VERSION_STRING + "\n");
  EXPECT_EQ(r.out, "calcsim 0.1.0\n");
}

// ---------------------------------------------------------------------------
// Golden summaries (the same commands as scripts/update-golden.sh)

TEST_F(Cli, GoldenRunDefaultOneYear) {
  const Outcome r = succeed({"run", "--years", "1"});
  EXPECT_TRUE(has_line(r.out, disclaimer)) << r.out;
  expect_matches_golden(r, "run_default_1y.txt");
}

TEST_F(Cli, GoldenCompareDefault) {
  // The full default run: 10 years, both arms.
  const Outcome r = succeed({"compare"});
  EXPECT_TRUE(has_line(r.out, disclaimer)) << r.out;
  EXPECT_TRUE(contains(r.out, "with K2") && contains(r.out, "without K2")) << r.out;
  expect_matches_golden(r, "compare_default.txt");
}

// ---------------------------------------------------------------------------
// The disclaimer, in every output

// A month each: the disclaimer does not depend on the run's length.
TEST_F(Cli, RunSummaryCarriesTheDisclaimerInEveryFormat) {
  EXPECT_TRUE(has_line(succeed({"run", "--years", "0.1", "--format", "table"}).out, disclaimer));

  const Outcome csv = succeed({"run", "--years", "0.1", "--format", "csv"});
  const auto csv_lines = lines_of(csv.out);
  ASSERT_FALSE(csv_lines.empty());
  EXPECT_EQ(csv_lines.front(), "# " + disclaimer);

  const Outcome js = succeed({"run", "--years", "0.1", "-f", "json"});
  json j;
  ASSERT_NO_THROW(j = json::parse(js.out)) << js.out;
  EXPECT_EQ(j.value("disclaimer", ""), disclaimer);
}

TEST_F(Cli, CompareSummaryCarriesTheDisclaimerInEveryFormat) {
  EXPECT_TRUE(has_line(succeed({"compare", "--years", "0.1", "--format", "table"}).out, disclaimer));

  const Outcome csv = succeed({"compare", "--years", "0.1", "--format", "csv"});
  const auto csv_lines = lines_of(csv.out);
  ASSERT_FALSE(csv_lines.empty());
  EXPECT_EQ(csv_lines.front(), "# " + disclaimer);

  const Outcome js = succeed({"compare", "--years", "0.1", "-f", "json"});
  json j;
  ASSERT_NO_THROW(j = json::parse(js.out)) << js.out;
  EXPECT_EQ(j.value("disclaimer", ""), disclaimer);
  EXPECT_EQ(j["arms"], json::array({"with K2", "without K2"}));
}

TEST_F(Cli, ParamsCarriesTheDisclaimerInEveryFormat) {
  EXPECT_TRUE(has_line(succeed({"params"}).out, disclaimer));
  const auto csv_lines = lines_of(succeed({"params", "--format", "csv"}).out);
  ASSERT_FALSE(csv_lines.empty());
  EXPECT_EQ(csv_lines.front(), "# " + disclaimer);
  json j;
  ASSERT_NO_THROW(j = json::parse(succeed({"params", "--format", "json"}).out));
  EXPECT_EQ(j.value("disclaimer", ""), disclaimer);
}

TEST_F(Cli, ListAndValidateCarryTheDisclaimer) {
  EXPECT_TRUE(has_line(succeed({"list"}).out, disclaimer));
  EXPECT_TRUE(has_line(succeed({"validate", "postmenopausal-mk7"}).out, disclaimer));
}

// ---------------------------------------------------------------------------
// Trajectory files

TEST_F(Cli, RunWritesCsvTrajectory) {
  const Outcome r = succeed({"run", "--years", "1", "--out", "run.csv"});
  EXPECT_TRUE(has_line(r.out, disclaimer)) << "the summary is still printed with --out";
  const Table t = check_trajectory_csv(work_ / "run.csv", false);
  std::vector<double> times;
  for (const auto& row : t.rows) times.push_back(finite_number(row[0]).value_or(-1.0));
  expect_one_year_daily_times(times);
  EXPECT_EQ(files_in(work_), (std::set<std::string>{"run.csv"})) << "no temporary file is left behind";
}

TEST_F(Cli, RunWritesJsonTrajectory) {
  succeed({"run", "--years", "1", "--out", "run.json"});
  json j;
  check_trajectory_json(work_ / "run.json", {"as written"}, j);
  EXPECT_EQ(files_in(work_), (std::set<std::string>{"run.json"})) << "no temporary file is left behind";
}

TEST_F(Cli, CompareWritesCsvTrajectoryWithBothArms) {
  succeed({"compare", "--years", "1", "--out", "compare.csv"});
  const Table t = check_trajectory_csv(work_ / "compare.csv", true);
  // Rows are grouped by arm, "with K2" first; each arm has the full time axis.
  std::vector<std::string> arm_order;
  std::map<std::string, std::vector<double>> times;
  for (const auto& row : t.rows) {
    if (arm_order.empty() || arm_order.back() != row[0]) arm_order.push_back(row[0]);
    times[row[0]].push_back(finite_number(row[1]).value_or(-1.0));
  }
  EXPECT_EQ(arm_order, (std::vector<std::string>{"with K2", "without K2"}));
  EXPECT_EQ(times.size(), 2u);
  for (const auto& [arm, arm_times] : times) {
    SCOPED_TRACE("arm " + arm);
    expect_one_year_daily_times(arm_times);
  }
}

TEST_F(Cli, CompareWritesJsonTrajectoryWithBothArms) {
  succeed({"compare", "--years", "1", "--out", "compare.json"});
  json j;
  check_trajectory_json(work_ / "compare.json", {"with K2", "without K2"}, j);
  ASSERT_TRUE(j.contains("arms") && j["arms"].size() == 2);
  EXPECT_EQ(j["arms"][0]["columns"], j["arms"][1]["columns"]) << "both arms have the same columns";
}

TEST_F(Cli, CsvAndJsonTrajectoriesHaveTheSameColumns) {
  succeed({"run", "--years", "1", "--every", "30d", "--out", "a.csv"});
  succeed({"run", "--years", "1", "--every", "30d", "--out", "a.json"});
  const auto csv_header = csv_fields(lines_of(read_text(work_ / "a.csv")).at(1));
  const json j = json::parse(read_text(work_ / "a.json"));
  std::vector<std::string> from_json;
  for (const auto& c : j["arms"][0]["columns"])
    from_json.push_back(concat(c["name"].get<std::string>(), " [", c["unit"].get<std::string>(), "]"));
  EXPECT_EQ(csv_header, from_json);
  // 0, 30, ..., 360 and the end of the run.
  EXPECT_EQ(j["arms"][0]["data"].size(), 14u);
  EXPECT_EQ(lines_of(read_text(work_ / "a.csv")).size(), 2u + 14u);
}

// ---------------------------------------------------------------------------
// Data on stdout, messages on stderr

TEST_F(Cli, SuccessfulRunOfABundledScenarioWritesNothingToStderr) {
  const Outcome r = succeed({"run", "haemodialysis-mk7-thrice-weekly", "--years", "1", "--every", "7d", "--at",
                             "30d,1y", "--format", "csv", "--out", "hd.csv"});
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2u);
  // Summaries are read at midnight of the day each time names: 1y is day 365.
  EXPECT_EQ(lines[1], "quantity,unit,t_30d,t_365d");
  EXPECT_TRUE(fs::exists(work_ / "hd.csv"));
}

// ---------------------------------------------------------------------------
// Bad input: exit 2, a message naming what is wrong, no output

TEST_F(Cli, UnknownScenarioNameSuggestsTheClosest) {
  bad_input({"run", "postmenopausal-mk8", "--out", "out.csv"},
            {"unknown scenario 'postmenopausal-mk8'", "did you mean 'postmenopausal-mk7'?", "calcsim list"});
}

TEST_F(Cli, MissingScenarioFileIsNamed) {
  bad_input({"run", "no-such-scenario.yaml", "--out", "out.csv"}, {"no-such-scenario.yaml", "no such file"});
  const std::string absolute = (work_ / "missing" / "scenario.yaml").string();
  bad_input({"compare", absolute, "--out", "out.csv"}, {absolute, "no such file"});
}

TEST_F(Cli, MissingUnitNamesFileLineAndKey) {
  write_scenario("no-unit.yaml", scenario_yaml("  age: 58\n  sex: female\n", good_mk7));
  bad_input({"run", "no-unit.yaml", "--out", "out.csv"}, {"no-unit.yaml:5", "patient.age", "unit", "years"});
}

TEST_F(Cli, MilligramsWrittenForMicrogramsGetAHint) {
  write_scenario("mg-dose.yaml",
                 scenario_yaml(good_patient, "  - agent: mk7\n    dose: 180 mg\n    with: breakfast\n"));
  bad_input({"run", "mg-dose.yaml", "--out", "out.csv"},
            {"mg-dose.yaml:9", "interventions[0].dose", "did you mean 180 mcg?"});
}

TEST_F(Cli, UnknownKeySuggestsTheClosest) {
  write_scenario("typo.yaml", scenario_yaml("  age: 58 years\n  sexx: female\n", good_mk7));
  bad_input({"run", "typo.yaml", "--out", "out.csv"}, {"typo.yaml:6", "patient.sexx", "did you mean 'sex'?"});
}

TEST_F(Cli, UnknownParameterIsRejected) {
  bad_input({"run", "--years", "1", "--set", "nosuch.param=1", "--out", "out.csv"},
            {"--set", "unknown parameter 'nosuch.param'", "calcsim params"});
}

TEST_F(Cli, MisspelledParameterSuggestsTheClosest) {
  bad_input({"compare", "--years", "1", "--set", "mk7.half_lif=72", "--out", "out.csv"},
            {"--set", "mk7.half_lif", "did you mean 'mk7.half_life'?"});
}

TEST_F(Cli, NonNumericParameterValueIsRejected) {
  bad_input({"run", "--years", "1", "--set", "mk7.half_life=abc", "--out", "out.csv"},
            {"--set", "mk7.half_life", "'abc'"});
}

TEST_F(Cli, OutOfRangeParameterValueIsRejected) {
  bad_input({"run", "--years", "1", "--set", "mk7.half_life=100000", "--out", "out.csv"},
            {"--set", "mk7.half_life", "100000", "outside the valid range"});
}

TEST_F(Cli, OutputFileNeedsCsvOrJsonExtension) {
  bad_input({"run", "--years", "1", "--out", "x.txt"}, {"--out", "x.txt", ".csv or .json"});
  bad_input({"compare", "--years", "1", "--out", "x.txt"}, {"--out", "x.txt", ".csv or .json"});
}

TEST_F(Cli, OutputDirectoryMustExist) {
  const std::string target = (work_ / "no-such-dir" / "x.csv").string();
  bad_input({"run", "--years", "1", "--out", target}, {"--out", target, "does not exist"});
  bad_input({"run", "--years", "1", "--out", "/nonexistent/dir/x.csv"}, {"--out", "/nonexistent/dir"});
}

TEST_F(Cli, ZeroOutputIntervalIsRejected) {
  bad_input({"run", "--years", "1", "--every", "0d", "--out", "out.csv"}, {"--every"});
}

TEST_F(Cli, UnparsableSummaryTimeIsRejected) {
  bad_input({"run", "--years", "1", "--at", "banana", "--out", "out.csv"}, {"--at", "banana"});
}

TEST_F(Cli, UnknownSubcommandIsAParseError) {
  bad_input({"frobnicate"}, {"--help"});
  bad_input({}, {"subcommand"});
}

TEST_F(Cli, UnknownOptionIsAParseError) {
  bad_input({"run", "--frobnicate", "--out", "out.csv"}, {"--frobnicate"});
  bad_input({"run", "--years", "1", "--format", "xml", "--out", "out.csv"}, {"--format", "xml"});
}

TEST_F(Cli, ValidateRejectsABadFile) {
  write_scenario("bad.yaml", scenario_yaml(good_patient, "  - agent: mk7\n    dose: 180 mg\n    with: breakfast\n"));
  bad_input({"validate", "bad.yaml"}, {"bad.yaml:9", "interventions[0].dose"});
}

TEST_F(Cli, ValidateAcceptsABundledScenario) {
  const Outcome r = succeed({"validate", "postmenopausal-mk7"});
  EXPECT_EQ(r.out.rfind("ok: ", 0), 0u) << r.out;
  EXPECT_TRUE(contains(r.out, "postmenopausal-mk7.yaml")) << r.out;
}

TEST_F(Cli, ValidateAcceptsEveryBundledScenarioFile) {
  for (const auto& entry : fs::directory_iterator(scenarios_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    const Outcome r = succeed({"validate", entry.path().string()});
    EXPECT_EQ(r.out.rfind(concat("ok: ", entry.path().string()), 0), 0u) << r.out;
  }
}

// CLI11 gives --set every following argument unless told otherwise; the
// scenario after a --set must stay the scenario. Enable once the CLI takes one
// value per --set (for example with ->allow_extra_args(false) on the option).
TEST_F(Cli, SetDoesNotSwallowTheScenarioArgument) {
  const Outcome run = succeed({"run", "--years", "1", "--set", "mk7.half_life=72", "warfarin-user"});
  EXPECT_TRUE(contains(run.out, "warfarin-user")) << run.out;
}

// ---------------------------------------------------------------------------
// Numerical failure: exit 3

TEST_F(Cli, NumericalFailureExitsWithCode3) {
  std::vector<std::string> args{"run", "--years", "1", "--out", "out.csv"};
  args.insert(args.end(), failing_overrides.begin(), failing_overrides.end());
  const Outcome r = fail(args, 3, {"numerical failure at t = "});
  EXPECT_EQ(r.err.rfind("calcsim: ", 0), 0u) << r.err;

  std::vector<std::string> compare_args{"compare", "--years", "1", "--out", "out.json"};
  compare_args.insert(compare_args.end(), failing_overrides.begin(), failing_overrides.end());
  fail(compare_args, 3, {"numerical failure at t = "});
}

// A steady state that does not converge is a numerical failure too (exit 3),
// and its message says which scenario, which stage, how far from converged
// and what was tried.
TEST_F(Cli, SteadyStateThatDoesNotConvergeExitsWithCode3AndSaysWhatWasTried) {
  std::vector<std::string> args{"run", "--years", "1", "--out", "out.csv"};
  args.insert(args.end(), failing_overrides.begin(), failing_overrides.end());
  fail(args, 3,
       {"the steady state of scenario 'default' did not converge", "residual ", "limit 1e-09",
        "tried Powell's hybrid method", "then Newton's method"});
}

// ---------------------------------------------------------------------------
// params and list

TEST_F(Cli, ParamsCsvHasOneCompleteRowPerRegistryEntry) {
  const std::size_t expected_rows = registry_rows_in_source();
  ASSERT_GT(expected_rows, 50u) << "cannot count the rows of " << parameter_list;
  const auto lines = lines_of(succeed({"params", "--format", "csv"}).out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "# " + disclaimer);
  const auto header = csv_fields(lines[1]);
  EXPECT_EQ(header, (std::vector<std::string>{"name", "value", "unit", "min", "max", "source", "description"}));
  EXPECT_EQ(lines.size() - 2, expected_rows) << "one row per X( line of parameter_list.inc";
  std::set<std::string> names;
  for (std::size_t i = 2; i < lines.size(); ++i) {
    const auto f = csv_fields(lines[i]);
    ASSERT_EQ(f.size(), 7u) << "line " << i + 1 << ": " << lines[i];
    SCOPED_TRACE(f[0]);
    EXPECT_TRUE(names.insert(f[0]).second) << "duplicate name";
    EXPECT_FALSE(f[2].empty()) << "empty unit";
    EXPECT_FALSE(f[5].empty()) << "empty source";
    EXPECT_FALSE(f[6].empty()) << "empty description";
    const auto value = finite_number(f[1]), lo = finite_number(f[3]), hi = finite_number(f[4]);
    ASSERT_TRUE(value && lo && hi) << lines[i];
    EXPECT_LE(*lo, *value);
    EXPECT_LE(*value, *hi);
  }
}

TEST_F(Cli, ParamsJsonListsEveryRegistryEntry) {
  json j;
  ASSERT_NO_THROW(j = json::parse(succeed({"params", "--format", "json"}).out));
  ASSERT_TRUE(j.contains("parameters") && j["parameters"].is_array());
  EXPECT_EQ(j["parameters"].size(), registry_rows_in_source());
  for (const auto& p : j["parameters"]) {
    SCOPED_TRACE(p.dump());
    for (const char* key : {"name", "unit", "source", "description"}) {
      ASSERT_TRUE(p.contains(key) && p[key].is_string()) << key;
      EXPECT_FALSE(p[key].get<std::string>().empty()) << key;
    }
    for (const char* key : {"value", "min", "max"}) ASSERT_TRUE(p.contains(key) && p[key].is_number()) << key;
    ASSERT_TRUE(p.contains("hypothetical") && p["hypothetical"].is_boolean());
    EXPECT_EQ(p["hypothetical"].get<bool>(), p["source"].get<std::string>().rfind("hypothetical", 0) == 0);
  }
}

TEST_F(Cli, ListNamesEveryBundledScenario) {
  const Outcome r = succeed({"list"});
  const auto lines = lines_of(r.out);
  std::size_t bundled = 0;
  for (const auto& entry : fs::directory_iterator(scenarios_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++bundled;
    const std::string name = entry.path().stem().string();
    const bool listed = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
      return line.rfind(name + " ", 0) == 0;
    });
    EXPECT_TRUE(listed) << "list does not name " << name << "\n" << r.out;
  }
  EXPECT_GT(bundled, 0u) << "no scenarios in " << scenarios_dir;
}

// `calcsim report --html`: one page that needs nothing else. It holds the table
// `calcsim compare` prints (the same text), a chart per key output as inline SVG,
// the scenario file, the disclaimer and the provenance, and loads nothing: no
// script, no link, no image from elsewhere.
TEST_F(Cli, ReportWritesOneSelfContainedPage) {
  const Outcome r = succeed({"report", "--years", "1", "--set", "pth.half_life=8", "--html", "page.html"});
  EXPECT_EQ(files_in(work_), (std::set<std::string>{"page.html"})) << "no temporary file is left behind";
  EXPECT_EQ(r.out, "calcsim report: wrote page.html\n");
  const std::string page = read_text(work_ / "page.html");
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = page.find(what); at != std::string::npos; at = page.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count("<svg"), 7u) << "dp-ucMGP, ucOC, plasma calcium, BMD change, arterial score, cfPWV, systolic";
  for (const char* absent : {"<script", "<link", "<img", "src=", "href=", "@import", "url("})
    EXPECT_EQ(count(absent), 0u) << absent;
  EXPECT_NE(page.find(disclaimer), std::string::npos);
  EXPECT_NE(page.find("Plasma calcium [mmol/L]"), std::string::npos) << "readable axis labels with units";
  // The comparison table is the one `calcsim compare` prints, HTML-escaped.
  const Outcome table = succeed({"compare", "--years", "1", "--set", "pth.half_life=8"});
  std::string escaped;
  const std::map<char, std::string> entities{{'<', "&lt;"}, {'>', "&gt;"}, {'&', "&amp;"}, {'"', "&quot;"}, {'\'', "&#39;"}};
  for (char c : table.out) escaped += entities.count(c) ? entities.at(c) : std::string(1, c);
  EXPECT_NE(page.find(escaped), std::string::npos);
  // Provenance: version, dosing, the changed parameter with its default; the
  // scenario file behind the built-in default, and what the command line changed.
  EXPECT_NE(page.find("calcsim " + std::string(CALCSIM_VERSION_STRING)), std::string::npos);
  EXPECT_NE(page.find("dosing: exact"), std::string::npos);
  EXPECT_NE(page.find("<code>pth.half_life</code></td><td>8</td>"), std::string::npos);
  EXPECT_NE(page.find("postmenopausal-mk7"), std::string::npos);
  EXPECT_NE(page.find("--years 1 --set pth.half_life=8"), std::string::npos);
  EXPECT_NE(page.find("calcsim calibration --set"), std::string::npos) << "says how to check the calibration";
  EXPECT_NE(page.find("calcsim validation --set"), std::string::npos) << "and the validation";
}

// `calcsim export --sbml`: one SBML Level 3 Version 2 file, written atomically,
// with the parameters as given (internal units: a half-life of 8 min is
// 8/1440 day) and a rate rule per state. tests/test_sbml_export.cpp and
// tests/python/test_sbml_simulation.py check what the file computes.
TEST_F(Cli, ExportWritesOneSbmlFile) {
  const Outcome r =
      succeed({"export", "postmenopausal-mk7", "--years", "0.01", "--set", "pth.half_life=8", "--sbml", "model.xml"});
  EXPECT_EQ(files_in(work_), (std::set<std::string>{"model.xml"})) << "no temporary file is left behind";
  EXPECT_EQ(r.out.rfind("calcsim export: wrote model.xml (SBML Level 3 Version 2: 46 states as rate rules, ", 0), 0u)
      << r.out;
  const std::string sbml = read_text(work_ / "model.xml");
  EXPECT_EQ(sbml.rfind("<?xml", 0), 0u);
  EXPECT_NE(sbml.find("<sbml xmlns=\"http://www.sbml.org/sbml/level3/version2/core\" level=\"3\" version=\"2\">"),
            std::string::npos);
  EXPECT_NE(sbml.find("<parameter id=\"pth_half_life\" name=\"pth.half_life: "), std::string::npos);
  EXPECT_NE(sbml.find("value=\"0.00555555555555556\" units=\"day\""), std::string::npos) << "8 min in days";
  std::size_t rules = 0;
  for (auto at = sbml.find("<rateRule "); at != std::string::npos; at = sbml.find("<rateRule ", at + 1)) ++rules;
  EXPECT_EQ(rules, 46u);  // one per state of state_list.inc
  EXPECT_NE(sbml.find(disclaimer), std::string::npos);
}

// --check: libSBML's consistency checks of the written file, summarised; no
// error, and the one warning docs/SBML.md explains.
TEST_F(Cli, ExportCheckSummarisesLibsbmlConsistencyChecks) {
  const Outcome r = succeed({"export", "--years", "0.01", "--check", "--sbml", "model.xml"});
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[1], "libSBML consistency check (units included): 0 errors, 26 warnings (docs/SBML.md explains the "
                      "warnings)");
  EXPECT_EQ(lines[2].rfind("  26 x Warning 99505: In situations where a mathematical expression contains literal "
                           "numbers",
                           0),
            0u)
      << lines[2];
}

// A scenario with arms: the scenario as written is exported, and the command says the arms are not.
TEST_F(Cli, ExportSaysTheArmsAreNotExported) {
  const Outcome r = succeed({"export", "mk7-dose-response", "--years", "0.01", "--sbml", "trial.sbml"});
  EXPECT_EQ(files_in(work_), (std::set<std::string>{"trial.sbml"}));
  EXPECT_TRUE(contains(r.out, "\ncalcsim export: the scenario as written is exported; its 4 arms are not (write an "
                              "arm as its own scenario to export it)\n"))
      << r.out;
}

}  // namespace
