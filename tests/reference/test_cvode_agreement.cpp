// The production solver (Rosenbrock 4(3), Boost.Odeint) against an independent
// reference (SUNDIALS CVODE, BDF, difference-quotient Jacobian) on every
// bundled scenario: same model, same timeline, same starting state, both at
// tight tolerances. They must agree to a relative error of 1e-5 on every
// state at every output time, above a per-state absolute floor.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "calcsim/simulator.hpp"
#include "cvode_reference.hpp"
#include "model/model.hpp"
#include "schedule/schedule.hpp"

namespace calcsim {
namespace {


constexpr double max_relative_error = 1e-5;

// Absolute floor per state: below it a relative error says nothing. It only
// matters for states that pass near zero: gut depots emptying between doses,
// an arterial deposit starting from 0 AU, running totals at the start, the
// dialysis total when there is no dialysis. Every state gets 1e-9 of its
// typical size (the `scale` of state_list.inc: an amount's typical size,
// 1 for concentrations, hormones and fractions, whose typical sizes are 0.1
// to 500 in their units). Either way the floor is about 1e4 times below what
// the 1e-5 relative criterion allows at typical size, far above the round-off
// of such values (1e-16 of them), and above both solvers' absolute tolerances
// (production 1e-13; CVODE 1e-3 of the floor), so it cannot hide a real
// discrepancy.
double floor_of(int state) { return 1e-9 * model::state_info()[static_cast<std::size_t>(state)].scale; }

// The production solver's tolerances for the comparison (per step; odeint
// uses one atol for all states) and CVODE's: the same relative tolerance,
// and an absolute one per state 1e-3 of its floor.
constexpr double tight_rtol = 1e-10;
constexpr double tight_atol = 1e-13;
reference::CvodeOptions cvode_options(double rtol) {
  reference::CvodeOptions o;
  o.reltol = rtol;
  for (int i = 0; i < model::n_states; ++i) o.abstol[static_cast<std::size_t>(i)] = 1e-3 * floor_of(i);
  return o;
}

// To keep CI time sane each bundled scenario is cut to a window, sampled
// daily. The window's length, and how far past a late switch it stretches:
struct Window {
  double days;                // at least this long
  double after_last_switch;   // and this long past the last start or stop of something
  double max_days;            // but never longer than this
};
// In the release and ci builds: the first 90 days cover the fast vitamin K,
// hormone and gut dynamics settling from the steady state onto the
// interventions, several hundred meal and dose events, and whole dialysis
// weeks; when a scenario starts or stops something later, the window runs 30
// days past the last such switch, up to 400 days, so every kind of event in
// it is exercised (Bundled/CvodeAgreement, labelled long).
constexpr Window full_window{90.0, 30.0, 400.0};
// Under the sanitizers, which run these some ten times slower, the same code
// on a short workload (BundledFirstWeeks/CvodeAgreementShort, run by every
// build): one week (seven daily meal cycles; on dialysis a whole week of
// sessions, the long gap included), stretched to two days past a start or
// stop within the first five weeks. A later switch, or a second week, runs
// the same code as the first; the solves at 1e-10 are most of the cost (a
// second week doubled it), and the 90-day comparisons are the accuracy check.
constexpr Window short_window{7.0, 2.0, 35.0};

Scenario shortened(Scenario s, const Window& w) {
  double last_switch = 0.0;
  for (const auto& iv : s.interventions) {
    last_switch = std::max(last_switch, iv.start_day);
    if (std::isfinite(iv.stop_day)) last_switch = std::max(last_switch, iv.stop_day);
  }
  const double window = std::min(w.max_days, std::max(w.days, last_switch + w.after_last_switch));
  s.duration_days = std::min(s.duration_days, window);
  s.output_every_days = 1.0;
  return s;
}

struct Agreement {
  double worst = 0.0;  // max over entries of |a - b| / max(|b|, floor / 1e-5)
  std::string where;
  long failures = 0;
};

// Compares the production result (with raw states) against the CVODE run;
// with `report`, each entry beyond tolerance (the first ten) is a failure.
Agreement compare(const Result& production, const reference::CvodeRun& cvode, bool report = true) {
  Agreement a;
  const Eigen::Index rows = production.data.rows();
  EXPECT_EQ(rows, cvode.states.rows());
  EXPECT_EQ(static_cast<std::size_t>(rows), cvode.times.size());
  if (rows != cvode.states.rows()) return a;
  const Eigen::Index first_state = production.column(std::string("state.").append(model::state_info()[0].name));
  EXPECT_EQ(production.data.cols() - first_state, model::n_states);
  for (Eigen::Index r = 0; r < rows; ++r) {
    EXPECT_EQ(production.data(r, 0), cvode.times[static_cast<std::size_t>(r)]) << "output times differ";
    for (int i = 0; i < model::n_states; ++i) {
      const double mine = production.data(r, first_state + i);
      const double ref = cvode.states(r, i);
      const double floor = floor_of(i);
      const double error = std::abs(mine - ref);
      const double normalised = error / std::max(std::abs(ref), floor / max_relative_error);
      if (!(normalised <= max_relative_error)) {
        if (++a.failures <= 10 && report)
          ADD_FAILURE() << model::state_info()[static_cast<std::size_t>(i)].name << " at day " << cvode.times[static_cast<std::size_t>(r)]
                        << ": production " << mine << ", CVODE " << ref << ", |difference| " << error
                        << " (relative " << error / std::abs(ref) << ", floor " << floor << ")";
      }
      if (!(normalised <= a.worst)) {
        a.worst = normalised;
        a.where = std::string(model::state_info()[static_cast<std::size_t>(i)].name)
                      .append(" at day ")
                      .append(std::to_string(cvode.times[static_cast<std::size_t>(r)]));
      }
    }
  }
  return a;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check_agreement(const Scenario& s, const char* label, double rtol = tight_rtol, double atol = tight_atol) {
  const Params p;
  const InitialCondition init = initial_condition(s, p);
  SimulationOptions o;
  o.rtol = rtol;
  o.atol = atol;
  o.include_states = true;
  const auto t0 = std::chrono::steady_clock::now();
  const Result production = simulate_from(s, p, init, o);
  const double production_seconds = seconds_since(t0);
  const reference::CvodeRun cvode = reference::solve_with_cvode(s, p, init, cvode_options(rtol));
  const Agreement a = compare(production, cvode);
  EXPECT_EQ(a.failures, 0) << a.failures << " entries beyond tolerance";
  std::printf("[ reference ] %s (%s): %.0f days, %zu outputs; worst relative error %.2e (%s); "
              "production %.2f s, %ld steps; CVODE %.2f s, %ld steps, %ld segments\n",
              s.name.c_str(), label, s.duration_days, cvode.times.size(), a.worst, a.where.c_str(),
              production_seconds, production.meta.solver.steps, cvode.stats.wall_seconds, cvode.stats.steps,
              cvode.stats.segments);
  ::testing::Test::RecordProperty("worst_relative_error", std::to_string(a.worst));
  ::testing::Test::RecordProperty("worst_at", a.where);
}

// Every scenario file in the source tree's scenarios/, found when the tests
// are listed (ctest lists them at test time), so new files are covered
// without editing this test.
std::vector<std::string> bundled_scenario_files() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(CALCSIM_SOURCE_SCENARIOS, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CvodeReference, FindsTheBundledScenarios) { EXPECT_FALSE(bundled_scenario_files().empty()) << CALCSIM_SOURCE_SCENARIOS; }

class CvodeAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(CvodeAgreement, EveryStateAtEveryOutputTime) {
  const Scenario s = shortened(load_scenario_file(GetParam()), full_window);
  check_agreement(s, "bundled, shortened");
}

class CvodeAgreementShort : public ::testing::TestWithParam<std::string> {};

TEST_P(CvodeAgreementShort, EveryStateAtEveryOutputTime) {
  const Scenario s = shortened(load_scenario_file(GetParam()), short_window);
  check_agreement(s, "bundled, first weeks");
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Bundled, CvodeAgreement, ::testing::ValuesIn(bundled_scenario_files()), test_name);
INSTANTIATE_TEST_SUITE_P(BundledFirstWeeks, CvodeAgreementShort, ::testing::ValuesIn(bundled_scenario_files()),
                         test_name);

// A negative control: the comparison does see solver error. At the default
// tolerance (rtol 1e-3) the production solver is nowhere near 1e-5 of CVODE.
TEST(CvodeReference, DetectsALooseSolve) {
  Scenario s = default_scenario();
  s.duration_days = 10.0;
  const Params p;
  const InitialCondition init = initial_condition(s, p);
  SimulationOptions loose;
  loose.include_states = true;
  const Agreement a = compare(simulate_from(s, p, init, loose), reference::solve_with_cvode(s, p, init, cvode_options(tight_rtol)),
                              /*report=*/false);
  EXPECT_GT(a.failures, 0);
  EXPECT_GT(a.worst, 1e-4) << a.where;
}

// The built-in default over its full ten years, sampled weekly: the slow
// bone and arterial pools and the running totals over about 11,000 meal and
// dose events. At 1e-10 the pair takes over a minute, so both solvers run at
// rtol 1e-8 (atol 1e-11; still 1e5 times tighter than the default 1e-3):
// about 20-30 s of CPU, with the worst error (1e-7 to 3e-7 when written) some
// 30 times inside 1e-5.
TEST(CvodeAgreementFullLength, DefaultScenarioTenYearsWeekly) {
  Scenario s = default_scenario();
  s.output_every_days = 7.0;
  check_agreement(s, "built-in, full length", 1e-8, 1e-11);
}

// Daily-averaged dosing over the full ten years, daily: a few hundred long
// segments with continuous intake and the gut's saturation correction, which
// both solvers take from the same timeline (a few seconds of CPU).
TEST(CvodeAgreementFullLength, DefaultScenarioTenYearsDailyAveraged) {
  Scenario s = default_scenario();
  s.dosing = Dosing::DailyAveraged;
  check_agreement(s, "built-in, daily-averaged, full length");
}

}  // namespace
}  // namespace calcsim
