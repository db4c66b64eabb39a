// The building blocks the calibration and validation experiments share: a
// study's later part started from where its earlier part ended, the
// radiocalcium absorption of a test load, and the plasma increment of one
// oral dose.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/experiments.hpp"
#include "calcsim/units.hpp"
#include "model/model.hpp"

namespace calcsim {
namespace {

using namespace experiments;

// A weekly dose keeps its weekday when the run restarts after whole weeks, so
// the two parts together are the continuous run: the states agree to the
// solver's tolerance (experiments run at rtol 1e-6).
TEST(ExperimentBlocks, AStudyContinuedFromAWholeWeekMatchesTheContinuousRun) {
  const Params p;
  Scenario s = healthy_adult(21);
  s.output_every_days = 1;
  Intervention weekly = dose(Agent::VitaminD3, 20000 * units::mcg_per_iu_vitamin_d, 8.0 / 24, Repeat::Weekly);
  weekly.weekdays = {0};
  s.interventions.push_back(weekly);
  const InitialCondition start = starting_state(s, p);
  const Result continuous = run_from(s, p, start);
  const InitialCondition week_2 = state_on_day(s, p, start, 14);
  Scenario rest = s;
  rest.duration_days = 7;
  const Result continued = run_from(rest, p, week_2);
  for (const char* column : {"d25", "calcitriol", "pth", "plasma_ca", "dp_ucmgp"}) {
    const double a = continuous.at(column, 21), b = continued.at(column, 7);
    EXPECT_NEAR(b, a, 1e-4 * std::abs(a) + 1e-9) << column;
  }
  // The dose of day 14 (a Monday) is there: 25(OH)D rises after it.
  EXPECT_GT(continued.at("d25", 3), continued.at("d25", 0));
  // The state read off the end of a run made with its states is the same one.
  Scenario two_weeks = s;
  two_weeks.duration_days = 14;
  const InitialCondition read_off = state_at_end(run_from(two_weeks, p, start, true), start);
  for (std::size_t i = 0; i < week_2.state.size(); ++i)
    EXPECT_NEAR(read_off.state[i], week_2.state[i], 1e-9 * std::abs(week_2.state[i]) + 1e-12) << i;
}

// The tracer's share falls as the load grows (Heaney 1990's curve), and it
// lies between the passive route's share and the whole load.
TEST(ExperimentBlocks, TheTracerShareOfALoadFallsAsTheLoadGrows) {
  const Params p;
  const Scenario s = healthy_adult(2);
  const InitialCondition start = starting_state(s, p);
  const double small = load_fraction(p, s, start, 15, 1), large = load_fraction(p, s, start, 1000, 1);
  EXPECT_GT(small, large);
  EXPECT_GT(large, 0.0);
  EXPECT_LT(small, 100.0);
}

// The area under the plasma increment of one oral dose is what the gut absorbs
// over the clearance, F f(fat) D / (V k_e), the closed form of a one-compartment
// model with first-order absorption (the bioavailability studies' AUC): MK-4's
// half-life of 1.5 h leaves nothing after 24 h, so the area over 24 h, by
// 15-minute trapezoids, is within 0.5% of it; and it is linear in the dose.
TEST(ExperimentBlocks, TheAreaUnderOneOralDoseIsWhatIsAbsorbedOverTheClearance) {
  const Params p;
  const double fat_g = 20, mcg = 15000;
  const double clearance_l_per_h = p.mk4_volume * std::log(2.0) / p.mk4_half_life;
  const double expected = p.mk4_bioavail * model::fat_factor(p, fat_g) * mcg / clearance_l_per_h;  // ng h/mL
  const DoseIncrement one(p, Agent::MK4, mcg, "mk4_plasma", 3, fat_g), two(p, Agent::MK4, 2 * mcg, "mk4_plasma", 3, fat_g);
  EXPECT_NEAR(one.area(0, 24), expected, 5e-3 * expected);
  EXPECT_NEAR(two.area(0, 24), 2 * one.area(0, 24), 1e-6 * one.area(0, 24));
  // The peak comes while absorption outpaces clearance, within the first hours.
  const auto [peak, when] = one.peak(24);
  EXPECT_GT(peak, 0.0);
  EXPECT_GT(when, 0.5);
  EXPECT_LT(when, 4.0);
  EXPECT_LT(std::abs(one.at(24)), 1e-3 * peak);
}

}  // namespace
}  // namespace calcsim
