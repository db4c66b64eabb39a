// The exact-dosing timeline, built a block of days at a time: across block
// boundaries it must still hold one segment per distinct meal, dose and
// dialysis switch, none longer than a day, every jump once, at its own time.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <map>

#include "calcsim/errors.hpp"
#include "calcsim/scenario.hpp"
#include "model/model.hpp"
#include "schedule/schedule.hpp"

namespace calcsim {
namespace {

constexpr double same_time = 1e-9;

// Long enough to span several blocks, ending part-way through a day, with
// every kind of event: meals, a daily dose at a clock time, a weekly dose with
// a meal, one dose on a block boundary (day 32 at midnight), magnesium starting
// and stopping, and dialysis three times a week.
Scenario eventful() {
  Scenario s = default_scenario();
  s.interventions.clear();
  s.duration_days = 100.5;
  Intervention daily;
  daily.agent = Agent::MK7;
  daily.dose_mcg = 180.0;
  daily.times_of_day = {21.0 / 24.0};
  s.interventions.push_back(daily);
  Intervention weekly;
  weekly.agent = Agent::VitaminD3;
  weekly.dose_mcg = 500.0;
  weekly.repeat = Repeat::Weekly;
  weekly.weekdays = {6};
  weekly.with_meals = {s.diet.meals.front().name};
  s.interventions.push_back(weekly);
  Intervention once;
  once.agent = Agent::Calcium;
  once.dose_mcg = 500'000.0;
  once.repeat = Repeat::Once;
  once.times_of_day = {0.0};
  once.start_day = 32.0;
  s.interventions.push_back(once);
  Intervention magnesium;
  magnesium.agent = Agent::Magnesium;
  magnesium.dose_mcg = 250'000.0;
  magnesium.start_day = 40.25;
  magnesium.stop_day = 70.75;
  magnesium.with_meals = {s.diet.meals.front().name};
  s.interventions.push_back(magnesium);
  s.patient.dialysis = true;
  s.patient.egfr = 8.0;
  return s;
}

TEST(ExactTimeline, OneSegmentPerEventTimeNoneLongerThanADayAcrossBlocks) {
  const Scenario s = eventful();
  const Timeline tl = build_timeline(s, Params{});
  ASSERT_FALSE(tl.segments.empty());
  EXPECT_EQ(tl.segments.front().t_start, 0.0);
  std::map<double, std::size_t> starts;
  for (std::size_t i = 0; i < tl.segments.size(); ++i) {
    const double from = tl.segments[i].t_start;
    const double to = i + 1 < tl.segments.size() ? tl.segments[i + 1].t_start : tl.t_end;
    EXPECT_GT(to - from, same_time) << "segment " << i << " at day " << from;
    EXPECT_LE(to - from, 1.0 + same_time) << "segment " << i << " at day " << from;
    starts[from] = i;
  }
  // Every meal and dose starts a segment of its own time.
  const auto starts_segment = [&](double t) {
    const auto it = starts.lower_bound(t - same_time);
    return it != starts.end() && std::abs(it->first - t) <= same_time;
  };
  std::size_t events = 0;
  for (int day = 0; day < 101; ++day) {
    for (const auto& m : s.diet.meals)
      if (day + m.time_of_day < s.duration_days) {
        ++events;
        EXPECT_TRUE(starts_segment(day + m.time_of_day)) << "meal " << m.name << " on day " << day;
      }
    if (day + 21.0 / 24.0 < s.duration_days) {
      ++events;
      EXPECT_TRUE(starts_segment(day + 21.0 / 24.0)) << "the daily dose on day " << day;
    }
    if (day % 7 == 6) ++events;  // the weekly dose, with breakfast
  }
  ++events;  // the single dose
  EXPECT_TRUE(starts_segment(32.0));
  EXPECT_TRUE(starts_segment(40.25));
  EXPECT_TRUE(starts_segment(70.75));
  EXPECT_EQ(tl.dose_count, events);
}

TEST(ExactTimeline, EveryMealIsEatenOnceAndDialysisRunsOnItsDays) {
  const Scenario s = eventful();
  const Params p;
  const Timeline tl = build_timeline(s, p);
  double intake = 0.0;
  for (const auto& seg : tl.segments)
    for (const auto& j : seg.jumps)
      if (j.state == model::CumIntake) intake += j.amount;
  double expected = 0.0;  // mmol: every meal's share of the day's calcium, and the single 500 mg dose
  const double ca_day = s.diet.calcium_mg_per_day / model::molar_mass_calcium;
  for (int day = 0; day < 101; ++day)
    for (const auto& m : s.diet.meals)
      if (day + m.time_of_day < s.duration_days) expected += m.calcium_share * ca_day;
  expected += 500.0 / model::molar_mass_calcium;
  EXPECT_NEAR(intake, expected, 1e-9 * expected);

  for (std::size_t i = 0; i < tl.segments.size(); ++i) {
    const double t = tl.segments[i].t_start;
    const int day = static_cast<int>(std::floor(t + same_time));
    const bool session_day = day % 7 == 0 || day % 7 == 2 || day % 7 == 4;
    const double into = t - day - s.patient.dialysis_start_time;
    const bool on = session_day && into >= -same_time && into < 4.0 / 24.0 - same_time;
    EXPECT_EQ(tl.segments[i].dialysis_duty, on ? 1.0 : 0.0) << "segment at day " << t;
    const bool magnesium = t >= 40.25 - same_time && t < 70.75 - same_time;
    EXPECT_EQ(tl.segments[i].magnesium_extra > 0.0, magnesium) << "segment at day " << t;
  }
}

TEST(ExactTimeline, ARaisedFlagStopsItsBuilding) {
  Scenario s = eventful();
  s.duration_days = 120.0 * 365.25;
  std::atomic<bool> cancel{true};
  EXPECT_THROW(build_timeline(s, Params{}, &cancel), Cancelled);
}

}  // namespace
}  // namespace calcsim
