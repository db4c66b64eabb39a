// Closed-form check of a whole run: one MK-7 dose, no other MK-7 anywhere,
// against the textbook one-compartment oral solution computed here from the
// registry values, independently of the engine's own closed form.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "calcsim/simulator.hpp"
#include "model/model.hpp"

namespace calcsim {
namespace {

constexpr double hours = 1.0 / 24.0;  // in days

TEST(Mk7SingleDose, FollowsTheOneCompartmentOralSolution) {
  const Params p;
  constexpr double dose_mcg = 180.0;
  constexpr double fat_g = 15.0;  // taken with breakfast, which has 15 g of fat

  Scenario s = default_scenario();
  s.interventions.clear();
  s.diet.mk7_mcg_per_day = 0.0;  // no dietary MK-7: the dose is the only source
  s.diet.meals.at(0).fat_g = fat_g;
  s.duration_days = 20.0;
  s.output_every_days = 0.1 * hours;  // every 6 minutes, to locate the peak
  Intervention dose;
  dose.agent = Agent::MK7;
  dose.dose_mcg = dose_mcg;
  dose.repeat = Repeat::Once;
  dose.with_meals = {"breakfast"};
  dose.start_day = 1.0;  // the morning of the second day
  s.interventions.push_back(dose);
  const double t_dose = 1.0 + s.diet.meals.at(0).time_of_day;

  SimulationOptions o;
  o.include_states = true;
  const Result r = simulate(s, p, o);
  const Eigen::Index col = r.column("state.mk7_plasma");

  // C(t) = F D ka / (V (ka - ke)) (exp(-ke t) - exp(-ka t)), t from the dose;
  // F = bioavailability x fat factor ((fat + floor) / (fat + half-saturation)),
  // D in nmol (molar mass 649 g/mol), rates per day.
  const double fat = (fat_g + *p.get("vitk.fat_floor")) / (fat_g + *p.get("vitk.fat_half_saturation"));
  const double f = *p.get("mk7.bioavailability") * fat;
  const double d_nmol = dose_mcg * 1000.0 / 649.0;
  const double ka = *p.get("mk7.absorption_rate") * 24.0;
  const double ke = std::numbers::ln2 / (*p.get("mk7.half_life") / 24.0);
  const double volume = *p.get("mk7.volume");
  auto analytic = [&](double t) {
    const double tau = t - t_dose;
    if (tau < 0.0) return 0.0;
    return f * d_nmol * ka / (volume * (ka - ke)) * (std::exp(-ke * tau) - std::exp(-ka * tau));
  };
  const double t_max = std::log(ka / ke) / (ka - ke);
  const double c_max = analytic(t_dose + t_max);

  Eigen::Index peak_row = 0;
  for (Eigen::Index i = 0; i < r.data.rows(); ++i) {
    const double t = r.data(i, 0);
    const double c = r.data(i, col);
    ASSERT_NEAR(c, analytic(t), 1e-9 * analytic(t) + 1e-12 * c_max) << "day " << t;
    if (c > r.data(peak_row, col)) peak_row = i;
  }

  // The peak, read off the simulated curve (6-minute grid).
  const double peak_hours = (r.data(peak_row, 0) - t_dose) / hours;
  EXPECT_GE(peak_hours, 2.0);
  EXPECT_LE(peak_hours, 6.0);
  EXPECT_NEAR(peak_hours, t_max / hours, 0.1);

  // The terminal half-life from the log-linear tail, 3 to 15 days after the dose.
  const double t1 = t_dose + 3.0, t2 = t_dose + 15.0;
  const double c1 = r.at("state.mk7_plasma", t1), c2 = r.at("state.mk7_plasma", t2);
  const double half_life_hours = std::numbers::ln2 * (t2 - t1) / std::log(c1 / c2) / hours;
  EXPECT_NEAR(half_life_hours, *p.get("mk7.half_life"), 0.01);
  EXPECT_NEAR(half_life_hours, 68.0, 3.0);  // Schurgers 2007: about 68 h

  std::printf("[ reference ] MK-7 single dose (%.0f mcg with %.0f g fat): peak %.2f ng/mL at %.1f h "
              "(analytic %.2f h); terminal half-life %.2f h\n",
              dose_mcg, fat_g, r.data(peak_row, col) * 649.0 / 1000.0, peak_hours, t_max / hours, half_life_hours);
  ::testing::Test::RecordProperty("peak_hours", std::to_string(peak_hours));
  ::testing::Test::RecordProperty("half_life_hours", std::to_string(half_life_hours));
}

}  // namespace
}  // namespace calcsim
