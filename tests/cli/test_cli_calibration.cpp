// End-to-end tests of `calcsim calibration`: the JSON table is complete and
// consistent with its own tolerances, the exit status says whether every
// target passed, and a bad format is refused before anything runs.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace {

using calcsim::cli_test::CliRunner;
using calcsim::cli_test::contains;
using calcsim::cli_test::describe;
using calcsim::cli_test::Outcome;
using nlohmann::json;

// A whole calibration takes about 20 s in a release build and about four
// minutes under the sanitizers on a busy machine; ctest allows 1000 s.
Outcome calibration(CliRunner& cli, const std::vector<std::string>& options) {
  std::vector<std::string> args{"calibration"};
  args.insert(args.end(), options.begin(), options.end());
  return calcsim::cli_test::run_command(CALCSIM_BINARY, cli.work(), cli.work().parent_path() / "capture", args,
                                        std::chrono::seconds(900));
}

TEST(CliCalibration, JsonTableIsCompleteAndEveryTargetPasses) {
  CliRunner cli;
  const Outcome r = calibration(cli, {"--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(r.err, "") << describe(r);
  const json j = json::parse(r.out);
  EXPECT_EQ(j.at("disclaimer"), "calcsim is an illustrative teaching model, not medical advice.");
  const auto& targets = j.at("targets");
  ASSERT_GE(targets.size(), 39u);
  std::set<std::string> roles, ids;
  for (const auto& t : targets) {
    const double simulated = t.at("simulated"), low = t.at("low"), high = t.at("high");
    EXPECT_EQ(t.at("pass").get<bool>(), simulated >= low && simulated <= high) << t.dump();
    EXPECT_TRUE(t.at("pass").get<bool>()) << t.dump();
    EXPECT_FALSE(t.at("source").get<std::string>().empty()) << t.dump();
    roles.insert(t.at("role").get<std::string>());
    ids.insert(t.at("id").get<std::string>());
  }
  EXPECT_EQ(roles, (std::set<std::string>{"check", "fit"}));
  for (const char* id : {"absorption.load_15mg", "mgp.mk7_180_twelve_weeks", "mgp.dialysis_1080",
                         "bone.mk7_three_years", "trials.k2_three_years"})
    EXPECT_TRUE(ids.count(id)) << id;
}

// Without the tissue store the MK-7 dose-response is far too steep: the
// table says FAIL and the exit status is 1, with the table still printed.
TEST(CliCalibration, AFailingTargetGivesExitStatusOne) {
  CliRunner cli;
  const Outcome r = calibration(cli, {"--set", "vitk.tissue_basal=0"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "mgp.mk7_180_twelve_weeks")) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"((\d+) of (\d+) targets pass)"))) << r.out;
  EXPECT_LT(std::stoi(m[1]), std::stoi(m[2])) << r.out;
}

TEST(CliCalibration, AnUnknownFormatIsRefused) {
  CliRunner cli;
  cli.bad_input({"calibration", "--format", "xml"}, {"--format", "xml"});
}

}  // namespace
