// Failures after the input was accepted: a numerical failure (exit 3) and an
// interrupted run (Ctrl-C: exit 130; SIGTERM: 143). Neither may leave a
// trajectory file, a partial one or a temporary one, nor touch a file that
// was there before; a successful run leaves exactly its file.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <iostream>
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

// The long runs use this scenario: the default patient with her age held, as a
// run may not outlive any human (a 58-year-old ageing for 120 years is refused).
const char* const held_age = "long.yaml";
const char* const held_age_text = "name: held age\nageing: false\ninterventions:\n  - {agent: mk7, dose: 180 mcg, with: breakfast}\n";

// A run long enough to be interrupted in the middle (120 years take over ten
// seconds), stopped by `signal` after `after`: it must end promptly with
// 128 + the signal's number, say so, and write nothing. Promptly: the CPU time
// the program uses after the signal (it reads its flag once per interval
// between meals and doses, then cleans up and exits) stays below the CPU time
// of the same command over one simulated year, run to its end (starting the
// program, computing the starting state, a year of solving and exiting). CPU
// time, not wall time: a load on the machine stretches neither. A program that
// missed the signal would go on for a hundred years.
void expect_interrupted(const std::vector<std::string>& args, int signal_number, milliseconds after) {
  std::vector<std::string> one_year = args;
  const auto years = std::find(one_year.begin(), one_year.end(), "--years");
  ASSERT_NE(years, one_year.end());
  ASSERT_NE(years + 1, one_year.end());
  *(years + 1) = "1";
  CliRunner reference;
  write_text(reference.work() / held_age, held_age_text);
  const Outcome whole = reference.succeed(one_year);
  ASSERT_GT(whole.cpu_seconds, 0.0) << describe(whole);

  CliRunner cli;
  write_text(cli.work() / held_age, held_age_text);
  write_text(cli.work() / "out.csv", previous_contents);
  const Outcome r = cli.fail(args, 128 + signal_number, {"calcsim: interrupted", "no output was written"},
                             SignalAfter{signal_number, after});
  ASSERT_GE(r.cpu_at_signal, 0.0) << "no CPU time read when the signal was sent\n" << describe(r);
  const double cpu_after = r.cpu_seconds - r.cpu_at_signal;
  EXPECT_LT(cpu_after, whole.cpu_seconds) << "the program used " << cpu_after << " s of CPU after the signal; "
                                          << "the same command over one year takes " << whole.cpu_seconds
                                          << " s\n" << describe(r);
  std::cout << "CPU after the signal: " << cpu_after << " s; the command over one year: " << whole.cpu_seconds
            << " s\n";
  EXPECT_EQ(read_text(cli.work() / "out.csv"), previous_contents);
}

TEST(Faults, CtrlCStopsARunAndWritesNothing) {
  expect_interrupted({"run", held_age, "--years", "120", "--every", "7d", "--out", "out.csv"}, SIGINT, milliseconds(1500));
}

TEST(Faults, CtrlCStopsEveryArmOfAComparison) {
  expect_interrupted({"compare", held_age, "--years", "120", "--out", "out.csv"}, SIGINT, milliseconds(1500));
}

TEST(Faults, CtrlCStopsASweep) {
  expect_interrupted({"sweep", held_age, "--years", "120", "--vary", "mk7.half_life=24..120:4"}, SIGINT, milliseconds(1500));
}

TEST(Faults, SigtermStopsARunAndWritesNothing) {
  expect_interrupted({"run", held_age, "--years", "120", "--out", "out.csv"}, SIGTERM, milliseconds(1000));
}

// Interrupted early, while the starting state is computed: still no output.
TEST(Faults, CtrlCEarlyWritesNothing) {
  expect_interrupted({"run", held_age, "--years", "120", "--out", "out.csv"}, SIGINT, milliseconds(200));
}

}  // namespace
