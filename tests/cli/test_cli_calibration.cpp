// End-to-end tests of `calcsim calibration` and `calcsim validation`: the exit
// status says whether every row passed (or failed for a documented reason),
// and a bad format is refused before anything runs. The tables themselves are
// checked by test_cli_target_tables.cpp, from one run of each.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

using calcsim::cli_test::CliRunner;
using calcsim::cli_test::contains;
using calcsim::cli_test::describe;
using calcsim::cli_test::Outcome;

// A whole calibration or validation takes one to three minutes of CPU in a
// release build (these tests are long: release and ci builds only); the limit,
// below ctest's 1500 s, allows for a heavily loaded machine.
Outcome targets(CliRunner& cli, const std::string& command, const std::vector<std::string>& options) {
  std::vector<std::string> args{command};
  args.insert(args.end(), options.begin(), options.end());
  return calcsim::cli_test::run_command(CALCSIM_BINARY, cli.work(), cli.work().parent_path() / "capture", args,
                                        std::chrono::seconds(1400));
}

// Without the tissue store the MK-7 dose-response is far too steep: the
// table says FAIL and the exit status is 1, with the table still printed.
TEST(CliCalibration, AFailingTargetGivesExitStatusOne) {
  CliRunner cli;
  const Outcome r = targets(cli, "calibration", {"--set", "vitk.tissue_basal=0"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "mgp.mk7_180_twelve_weeks")) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"((\d+) of (\d+) fits pass)"))) << r.out;
  EXPECT_LT(std::stoi(m[1]), std::stoi(m[2])) << r.out;
}

// A ceiling of 25(OH)D far above Vieth's fit overshoots Gallagher's plateau:
// a failure without a documented reason, so the exit status is 1.
TEST(CliValidation, AnUnexplainedFailureGivesExitStatusOne) {
  CliRunner cli;
  const Outcome r = targets(cli, "validation", {"--set", "d25.max=300"});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_TRUE(contains(r.out, "FAIL")) << r.out;
  EXPECT_TRUE(contains(r.out, "vitd.gallagher_4800iu")) << r.out;
}

TEST(CliCalibration, AnUnknownFormatIsRefused) {
  CliRunner cli;
  cli.bad_input({"calibration", "--format", "xml"}, {"--format", "xml"});
  cli.bad_input({"validation", "--format", "xml"}, {"--format", "xml"});
  cli.bad_input({"validation", "--set", "no.such_parameter=1"}, {"no.such_parameter"});
}

}  // namespace
