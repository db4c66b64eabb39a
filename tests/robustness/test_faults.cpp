// Failures after the input was accepted: a numerical failure (exit 3) and an
// interrupted run (Ctrl-C: exit 130; SIGTERM: 143). Neither may leave a
// trajectory file, a partial one or a temporary one, nor touch a file that
// was there before; a successful run leaves exactly its file.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"

namespace {

using namespace calcsim::cli_test;
using std::chrono::milliseconds;

const std::string previous_contents = "an earlier run's trajectories\n";

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(Faults, NumericalFailureNamesTimeAndStateAndKeepsTheEarlierFile) {
  CliRunner cli;
  write_text(cli.work() / "out.csv", previous_contents);
  cli.fail(with({"run", "--years", "1", "--out", "out.csv"}, failing_overrides), 3,
           {"calcsim: numerical failure at t = ", " days in state '"});
  EXPECT_EQ(read_text(cli.work() / "out.csv"), previous_contents);
  cli.fail(with({"compare", "--years", "1", "--out", "out.csv"}, failing_overrides), 3,
           {"calcsim: numerical failure at t = ", " days in state '"});
  EXPECT_EQ(read_text(cli.work() / "out.csv"), previous_contents);
}

TEST(Faults, BadInputKeepsTheEarlierFile) {
  CliRunner cli;
  write_text(cli.work() / "out.json", previous_contents);
  cli.bad_input({"run", "--years", "1", "--set", "mk7.half_life=0", "--out", "out.json"}, {"--set: "});
  EXPECT_EQ(read_text(cli.work() / "out.json"), previous_contents);
}

TEST(Faults, SuccessLeavesOnlyItsFile) {
  CliRunner cli;
  cli.succeed({"compare", "--years", "0.05", "--out", "out.json"});
  EXPECT_EQ(files_in(cli.work()), std::set<std::string>{"out.json"});
}

// A run long enough to be interrupted in the middle (120 years take over ten
// seconds), stopped by `signal` after `after`: it must end promptly with
// 128 + the signal's number, say so, and write nothing.
void expect_interrupted(const std::vector<std::string>& args, int signal_number, milliseconds after) {
  CliRunner cli;
  write_text(cli.work() / "out.csv", previous_contents);
  const Outcome r = cli.fail(args, 128 + signal_number, {"calcsim: interrupted", "no output was written"},
                             SignalAfter{signal_number, after});
  const double after_signal = r.seconds - std::chrono::duration<double>(after).count();
  EXPECT_LT(after_signal, 2.0) << "the run took " << after_signal << " s to stop after the signal\n" << describe(r);
  EXPECT_EQ(read_text(cli.work() / "out.csv"), previous_contents);
}

TEST(Faults, CtrlCStopsARunAndWritesNothing) {
  expect_interrupted({"run", "--years", "120", "--every", "7d", "--out", "out.csv"}, SIGINT, milliseconds(1500));
}

TEST(Faults, CtrlCStopsEveryArmOfAComparison) {
  expect_interrupted({"compare", "--years", "120", "--out", "out.csv"}, SIGINT, milliseconds(1500));
}

TEST(Faults, CtrlCStopsASweep) {
  expect_interrupted({"sweep", "--years", "120", "--vary", "mk7.half_life=24..120:4"}, SIGINT, milliseconds(1500));
}

TEST(Faults, SigtermStopsARunAndWritesNothing) {
  expect_interrupted({"run", "--years", "120", "--out", "out.csv"}, SIGTERM, milliseconds(1000));
}

// Interrupted early, while the starting state is computed: still no output.
TEST(Faults, CtrlCEarlyWritesNothing) {
  expect_interrupted({"run", "--years", "120", "--out", "out.csv"}, SIGINT, milliseconds(200));
}

}  // namespace
