// The engine's own guards: no NaN or infinity leaves simulate(), a cancelled
// run stops promptly with Cancelled, and the scenario parser refuses what is
// not a scenario before YAML reads it (size, encoding, nesting, documents).
// The catalogue (tests/robustness) checks the same through the command line.
#include <gtest/gtest.h>
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <thread>

#include "calcsim/arms.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "schedule/schedule.hpp"
#include "test_support.hpp"

namespace calcsim {
namespace {

using testing::failure_of;

Result small_result() {
  Result r;
  r.columns = {{"time", "day", ""}, {"dp_ucmgp", "pmol/L", ""}};
  r.data.resize(3, 2);
  r.data << 0.0, 400.0, 1.0, 410.0, 2.0, 420.0;
  return r;
}

TEST(FiniteOutputs, AFiniteResultPasses) { EXPECT_NO_THROW(require_finite(small_result())); }

TEST(FiniteOutputs, NaNOrInfinityIsANumericalErrorNamingTimeAndColumn) {
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    Result r = small_result();
    r.data(2, 1) = bad;
    try {
      require_finite(r);
      ADD_FAILURE() << "no NumericalError for " << bad;
    } catch (const NumericalError& e) {
      EXPECT_EQ(e.time_days(), 2.0);
      EXPECT_EQ(e.state(), "dp_ucmgp");
      EXPECT_CONTAINS(std::string(e.what()), std::isnan(bad) ? "became NaN" : "became infinite");
    }
  }
}

TEST(FiniteOutputs, EveryColumnOfARunIsFinite) {
  Scenario s = default_scenario();
  s.duration_days = 60.0;
  SimulationOptions o;
  o.include_states = true;
  const Result r = simulate(s, Params{}, o);
  EXPECT_TRUE(r.data.allFinite());
}

TEST(Cancellation, ASetFlagStopsBeforeAnythingRuns) {
  const std::atomic<bool> cancel{true};
  SimulationOptions o;
  o.cancel = &cancel;
  EXPECT_THROW(simulate(default_scenario(), Params{}, o), Cancelled);
  EXPECT_THROW(initial_condition(default_scenario(), Params{}, &cancel), Cancelled);
  CompareOptions c;
  c.simulation.cancel = &cancel;
  EXPECT_THROW(compare_arms(default_scenario(), Params{}, c), Cancelled);
}

// CPU seconds the thread behind `clock` (pthread_getcpuclockid) has run:
// unlike wall time, not stretched while other work holds the cores.
double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

clockid_t this_thread_cpu_clock() {
  clockid_t clock{};
  EXPECT_EQ(pthread_getcpuclockid(pthread_self(), &clock), 0);
  return clock;
}

// Promptly: the flag is read once per interval between meals and doses, so
// after it is set the run does no more than one interval's work before it
// throws and frees what it built. Measured as the CPU time the simulating
// thread spends after the flag is set (another thread reads that thread's CPU
// clock as it sets the flag) and held against what the same run costs when the
// flag is set before it starts (building and freeing its 30-year timeline and
// output buffers) plus an uncancelled 30-day run, about a hundred intervals: a
// load on the machine stretches none of these, as it would wall time. A run
// that reads the flag too rarely (or never) goes on for simulated years and fails.
TEST(Cancellation, AFlagSetDuringARunStopsItPromptly) {
  Scenario s = default_scenario();
  const InitialCondition init = initial_condition(s, Params{});
  const clockid_t clock = this_thread_cpu_clock();

  Scenario month = s;
  month.duration_days = 30;
  const double month_started = cpu_seconds(clock);
  simulate_from(month, Params{}, init);
  const double month_cpu = cpu_seconds(clock) - month_started;

  s.duration_days = 30 * 365.25;  // seconds of CPU: far longer than the test waits
  const std::atomic<bool> set_before{true};
  SimulationOptions before;
  before.cancel = &set_before;
  const double overhead_started = cpu_seconds(clock);
  EXPECT_THROW(simulate_from(s, Params{}, init, before), Cancelled);
  double overhead_cpu = cpu_seconds(clock) - overhead_started;
  // A run stopped early still frees its 30 years of meals (some 33,000
  // segments), which a run stopped before it began never built: part of its
  // teardown, not of running on after the flag.
  auto meals = std::make_unique<calcsim::Timeline>(calcsim::build_timeline(s, Params{}));
  const double freeing_started = cpu_seconds(clock);
  meals.reset();
  overhead_cpu += cpu_seconds(clock) - freeing_started;

  std::atomic<bool> cancel{false};
  SimulationOptions o;
  o.cancel = &cancel;
  std::atomic<double> cpu_at_set{-1.0};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // The flag first, then the run's CPU clock: read the other way round, a
    // canceller preempted between the two (a loaded machine) would charge the
    // run for CPU it spent before the flag was set.
    cancel = true;
    cpu_at_set = cpu_seconds(clock);
  });
  try {
    simulate_from(s, Params{}, init, o);
    ADD_FAILURE() << "the run was not cancelled";
  } catch (const Cancelled& e) {
    const double stopped = cpu_seconds(clock);
    canceller.join();  // the clock was read after the flag: wait for that reading
    const double after = stopped - cpu_at_set.load();
    EXPECT_LT(after, overhead_cpu + month_cpu)
        << "the run went on for " << after << " s of CPU after the flag was set; its setup and teardown take "
        << overhead_cpu << " s, 30 days " << month_cpu << " s";
    std::cout << "CPU after the flag: " << after << " s; setup and teardown " << overhead_cpu << " s; 30 days "
              << month_cpu << " s\n";
    EXPECT_GE(e.time_days(), 0.0);  // 0 when the flag came before the first interval (a slow machine)
    EXPECT_LT(e.time_days(), s.duration_days);
    EXPECT_CONTAINS(std::string(e.what()), "the run was interrupted at t = ");
  }
  if (canceller.joinable()) canceller.join();
}

TEST(ScenarioText, SizeEncodingNestingAndDocumentsAreCheckedFirst) {
  const auto message = [](const std::string& text) { return failure_of([&] { parse_scenario(text, "t.yaml"); }); };
  const auto big = message("description: |\n" + std::string(2 << 20, 'x'));
  EXPECT_TRUE(big.thrown);
  EXPECT_CONTAINS(big.message, "t.yaml: the scenario is 2 MB: a scenario may be at most 1 MB");

  const auto nul = message(std::string("name: a\n\0", 9));
  EXPECT_EQ(nul.where.line, 2);
  EXPECT_CONTAINS(nul.message, "byte 0x00 is not a printable character");

  const auto latin1 = message("name: caf\xE9\n");
  EXPECT_EQ(latin1.where.line, 1);
  EXPECT_CONTAINS(latin1.message, "byte 0xE9 is not UTF-8 text");

  EXPECT_FALSE(message("\xEF\xBB\xBFname: caf\xC3\xA9\n").thrown) << "UTF-8 with a byte-order mark is text";

  const auto deep = message("a: " + std::string(5000, '[') + std::string(5000, ']'));
  EXPECT_CONTAINS(deep.message, "the YAML is nested more than");

  const auto two = message("duration: 1 year\n---\nduration: 2 years\n");
  EXPECT_EQ(two.where.line, 3);
  EXPECT_CONTAINS(two.message, "a second YAML document begins here");
  EXPECT_FALSE(message("duration: 1 year\n---\n").thrown) << "an empty document after '---' is harmless";
}

TEST(ScenarioText, TooManySamplesAreRefusedBeforeAnyMemoryIsTaken) {
  Scenario s = default_scenario();
  s.duration_days = 120 * 365.25;
  s.output_every_days = 1e-9;
  const auto f = failure_of([&] { validate(s); });
  EXPECT_EQ(f.where.key, "output_every");
  EXPECT_CONTAINS(f.message, "at most 200000 are allowed");
}

}  // namespace
}  // namespace calcsim
