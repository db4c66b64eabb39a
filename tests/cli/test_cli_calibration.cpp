// End-to-end tests of `calcsim calibration` and `calcsim validation`: the exit
// status says whether every row passed (or failed for a documented reason),
// --group runs only the named groups of experiments, and a bad format or group
// is refused before anything runs. The tables themselves are checked by
// test_cli_target_tables.cpp, from one run of each.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

using calcsim::cli_test::CliRunner;
using calcsim::cli_test::contains;
using calcsim::cli_test::describe;
using calcsim::cli_test::Outcome;
using calcsim::cli_test::read_text;

// One group of a table's experiments (--group): the command's whole path,
// from the options to the exit status, on a few seconds of CPU instead of the
// whole table's minutes. The whole tables run once per test run, in the
// fixtures of test_cli_target_tables.cpp, which also check their exit status 0.
Outcome targets(CliRunner& cli, const std::string& command, const std::vector<std::string>& options) {
  std::vector<std::string> args{command};
  args.insert(args.end(), options.begin(), options.end());
  return calcsim::cli_test::run_command(CALCSIM_BINARY, cli.work(), cli.work().parent_path() / "capture", args,
                                        std::chrono::seconds(170));
}

// The rows of a JSON table, by id.
std::vector<std::string> row_ids(const std::string& json_text) {
  std::vector<std::string> ids;
  const auto table = nlohmann::json::parse(json_text, nullptr, false);
  if (table.is_discarded()) return ids;
  const auto& rows = table.is_object() && table.contains("targets") ? table["targets"] : table;
  for (const auto& row : rows)
    if (row.is_object() && row.contains("id")) ids.push_back(row["id"].get<std::string>());
  return ids;
}

// One group's table as written (JSON): exit status 0, `row` among its rows and
// every row's id starting with `prefix` (the group's own rows, no others).
void expect_group_passes(CliRunner& cli, const std::string& command, const std::string& group,
                         const std::string& row, const std::string& prefix) {
  const Outcome r = targets(cli, command, {"--group", group, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  const std::vector<std::string> ids = row_ids(r.out);
  EXPECT_NE(std::find(ids.begin(), ids.end(), row), ids.end()) << r.out;
  for (const auto& id : ids) EXPECT_EQ(id.rfind(prefix, 0), 0U) << id << " is not of " << group << "\n" << r.out;
}

// With the transcellular route at the bottom of its range, a calcium load is
// absorbed mostly by the passive route (about 19% of 15 mg, against Heaney's
// 64%): the table says FAIL and the exit status is 1, with the table still
// printed. The same group with the fitted parameters passes (exit status 0), so
// the 1 comes from the failing rows.
TEST(CliCalibration, AFailingTargetGivesExitStatusOne) {
  CliRunner cli;
  expect_group_passes(cli, "calibration", "absorption_loads", "absorption.load_15mg", "absorption.");

  const Outcome r = targets(cli, "calibration", {"--group", "absorption_loads", "--set", "gut.active_vmax=0.01"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "absorption.load_15mg")) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"((\d+) of (\d+) fits pass)"))) << r.out;
  EXPECT_LT(std::stoi(m[1]), std::stoi(m[2])) << r.out;
}

// With PTH unable to fall below 90% of its reference, a calcium load lowers
// it by about 23% instead of the 73% Tohme measured: failures without a
// documented reason, so the exit status is 1. As written, the group's rows pass
// or fail for a documented reason (exit status 0).
TEST(CliValidation, AnUnexplainedFailureGivesExitStatusOne) {
  CliRunner cli;
  expect_group_passes(cli, "validation", "acute_calcium_loads", "load.tohme_pth", "load.");

  const Outcome r = targets(cli, "validation", {"--group", "acute_calcium_loads", "--set", "pth.min_ratio=0.9"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "load.tohme_pth")) << r.out;
}

// Groups given in order come out in that order, each group's rows together.
TEST(CliValidation, GroupsRunInTheOrderGiven) {
  CliRunner cli;
  const Outcome r = targets(cli, "validation", {"--group", "exercise_trial,phosphate_load", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  const Outcome reversed =
      targets(cli, "validation", {"--group", "phosphate_load", "--group", "exercise_trial", "--format", "json"});
  EXPECT_EQ(reversed.exit_code, 0) << describe(reversed);
  const std::vector<std::string> ids = row_ids(r.out), reversed_ids = row_ids(reversed.out);
  ASSERT_FALSE(ids.empty()) << r.out;
  ASSERT_EQ(ids.size(), reversed_ids.size()) << r.out << reversed.out;
  EXPECT_EQ(ids.front().rfind("exercise.", 0), 0U) << r.out;
  EXPECT_EQ(reversed_ids.front().rfind("phosphate.", 0), 0U) << reversed.out;
}

// --out writes what --format of its extension prints (.md: markdown), and
// what is printed stays what --format asks for: the fixtures of
// test_cli_target_tables.cpp take a table's JSON and markdown from one run.
// The validation group is the cheapest (one 8-month run).
TEST(CliCalibration, OutWritesTheTableInTheFormatOfItsExtension) {
  CliRunner cli;
  const std::vector<std::string> group{"--group", "exercise_trial"};
  const auto validation = [&](std::vector<std::string> options) {
    options.insert(options.begin(), group.begin(), group.end());
    return targets(cli, "validation", options);
  };
  for (const auto& [file, format] :
       {std::pair{"t.json", "json"}, std::pair{"t.csv", "csv"}, std::pair{"t.md", "markdown"}}) {
    const Outcome both = validation({"--format", "markdown", "--out", file});
    EXPECT_EQ(both.exit_code, 0) << describe(both);
    EXPECT_EQ(both.out, validation({"--format", "markdown"}).out);
    EXPECT_EQ(read_text(cli.work() / file), validation({"--format", format}).out) << file;
  }
  const Outcome calibration = targets(cli, "calibration", {"--group", "homeostasis", "--out", "h.json"});
  EXPECT_EQ(calibration.exit_code, 0) << describe(calibration);
  EXPECT_EQ(read_text(cli.work() / "h.json"),
            targets(cli, "calibration", {"--group", "homeostasis", "--format", "json"}).out);

  cli.bad_input({"calibration", "--out", "t.txt"}, {"--out", "t.txt", ".md"});
  cli.bad_input({"validation", "--out", "missing/t.json"}, {"--out", "missing"});
  cli.bad_input({"validation", "--out", "t.json", "--uncertainty", "20"}, {"--out", "--uncertainty"});
}

TEST(CliCalibration, AnUnknownGroupIsRefused) {
  CliRunner cli;
  cli.bad_input({"calibration", "--group", "no_such_group"}, {"--group", "no_such_group", "mgp_dose_response"});
  cli.bad_input({"validation", "--group", "no_such_group"}, {"--group", "no_such_group", "acute_calcium_loads"});
  cli.bad_input({"validation", "--group", "phosphate_load", "--uncertainty", "20"}, {"--group", "--uncertainty"});
}

TEST(CliCalibration, AnUnknownFormatIsRefused) {
  CliRunner cli;
  cli.bad_input({"calibration", "--format", "xml"}, {"--format", "xml"});
  cli.bad_input({"validation", "--format", "xml"}, {"--format", "xml"});
  cli.bad_input({"validation", "--set", "no.such_parameter=1"}, {"no.such_parameter"});
}

}  // namespace
