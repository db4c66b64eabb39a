// The right-hand side on its own: its Jacobian, its explicit time derivative,
// the closed-form depots and calcium conservation, at many states.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <utility>

#include "calcsim/outputs.hpp"
#include "calcsim/simulator.hpp"
#include "model/model.hpp"
#include "schedule/schedule.hpp"

namespace calcsim {
namespace {

using model::n_ode;
using model::n_states;

struct ModelFixture : ::testing::Test {
  Params p;
  Scenario s = default_scenario();
  model::Context c = model::make_context(p, s);
  InitialCondition init = initial_condition(s, p);
  std::mt19937 rng{42};

  // The patient's state, perturbed by up to +/-20% in every entry, with doses
  // in the depots so that every term is active.
  std::array<double, n_states> random_state() {
    std::uniform_real_distribution<double> u(0.8, 1.2);
    std::array<double, n_states> x{};
    for (int i = 0; i < n_states; ++i) x[static_cast<std::size_t>(i)] = init.state[static_cast<std::size_t>(i)] * u(rng);
    x[model::Mk7Gut] += 50.0 * u(rng);
    x[model::K1Gut] += 20.0 * u(rng);
    x[model::Mk4Gut] += 10.0 * u(rng);
    x[model::WarfarinGut] += 5.0 * u(rng);
    x[model::WarfarinPlasma] += 0.5 * u(rng);
    x[model::D3Gut] += 25.0 * u(rng);
    x[model::GutCa] += 8.0 * u(rng);
    x[model::GutP] += 10.0 * u(rng);
    x[model::GutBinder] += 5.0 * u(rng);
    return x;
  }

  model::Inputs inputs_from(const std::array<double, n_states>& x) {
    model::Inputs in;
    in.t_start = 100.0;
    in.pk_start = x;
    return in;
  }

  static std::array<double, n_ode> solver_part(const std::array<double, n_states>& x) {
    std::array<double, n_ode> y{};
    for (int k = 0; k < n_ode; ++k)
      y[static_cast<std::size_t>(k)] = x[static_cast<std::size_t>(model::ode_states()[static_cast<std::size_t>(k)])];
    return y;
  }
};

TEST_F(ModelFixture, JacobianMatchesCentralDifferences) {
  for (int trial = 0; trial < 5; ++trial) {
    const auto x = random_state();
    const model::Inputs in = inputs_from(x);
    auto y = solver_part(x);
    std::vector<double> jac(n_ode * n_ode), dfdt(n_ode);
    model::jacobian(c, in, y.data(), jac.data(), dfdt.data(), 0.05);
    for (int b = 0; b < n_ode; ++b) {
      const double h = 1e-6 * std::max(1.0, std::abs(y[static_cast<std::size_t>(b)]));
      auto yp = y, ym = y;
      yp[static_cast<std::size_t>(b)] += h;
      ym[static_cast<std::size_t>(b)] -= h;
      std::array<double, n_ode> fp{}, fm{};
      model::derivatives(c, in, yp.data(), fp.data(), 0.05);
      model::derivatives(c, in, ym.data(), fm.data(), 0.05);
      for (int a = 0; a < n_ode; ++a) {
        const double fd = (fp[static_cast<std::size_t>(a)] - fm[static_cast<std::size_t>(a)]) / (2 * h);
        const double ad = jac[static_cast<std::size_t>(a * n_ode + b)];
        EXPECT_NEAR(ad, fd, 1e-5 * std::max(1.0, std::abs(fd))) << "d f[" << a << "] / d y[" << b << "]";
      }
    }
  }
}

TEST_F(ModelFixture, TimeDerivativeMatchesDifferencesThroughTheDepots) {
  const auto x = random_state();
  const model::Inputs in = inputs_from(x);
  const auto y = solver_part(x);
  std::vector<double> jac(n_ode * n_ode), dfdt(n_ode);
  const double tau = 0.1, h = 1e-6;
  model::jacobian(c, in, y.data(), jac.data(), dfdt.data(), tau);
  std::array<double, n_ode> fp{}, fm{};
  model::derivatives(c, in, y.data(), fp.data(), tau + h);
  model::derivatives(c, in, y.data(), fm.data(), tau - h);
  for (int a = 0; a < n_ode; ++a) {
    const double fd = (fp[static_cast<std::size_t>(a)] - fm[static_cast<std::size_t>(a)]) / (2 * h);
    EXPECT_NEAR(dfdt[static_cast<std::size_t>(a)], fd, 1e-5 * std::max(1.0, std::abs(fd))) << "state " << a;
  }
}

// The closed form of the depots must solve the same equations the full model
// writes down for them: integrate those with small classical RK4 steps.
TEST_F(ModelFixture, ClosedFormDepotsSolveTheirOwnEquations) {
  const auto x0 = random_state();
  model::Inputs in = inputs_from(x0);
  in.depot_rate[model::Mk7Gut] = 30.0;  // also check the constant-input part
  in.depot_rate[model::K1Gut] = 12.0;
  in.depot_rate[model::D3Gut] = 100.0;  // and the vitamin D3 store fed from the depot and the skin
  const auto y = solver_part(x0);
  std::array<double, n_states> x = x0;
  const double horizon = 2.0, h = 1e-4;
  auto f = [&](const std::array<double, n_states>& xs) {
    std::array<double, n_states> d{};
    model::full_derivatives(c, in, xs.data(), d.data(), 0.0);
    return d;
  };
  for (double t = 0.0; t < horizon - 1e-12; t += h) {
    const auto k1 = f(x);
    auto x2 = x, x3 = x, x4 = x;
    for (int i : model::pk_states) x2[static_cast<std::size_t>(i)] += 0.5 * h * k1[static_cast<std::size_t>(i)];
    const auto k2 = f(x2);
    for (int i : model::pk_states) x3[static_cast<std::size_t>(i)] += 0.5 * h * k2[static_cast<std::size_t>(i)];
    const auto k3 = f(x3);
    for (int i : model::pk_states) x4[static_cast<std::size_t>(i)] += h * k3[static_cast<std::size_t>(i)];
    const auto k4 = f(x4);
    for (int i : model::pk_states) {
      const auto u = static_cast<std::size_t>(i);
      x[u] += h / 6 * (k1[u] + 2 * k2[u] + 2 * k3[u] + k4[u]);
    }
  }
  std::array<double, n_states> closed{};
  model::full_state(c, in, y.data(), horizon, closed.data());
  for (int i : model::pk_states) {
    const auto u = static_cast<std::size_t>(i);
    EXPECT_NEAR(closed[u], x[u], 1e-9 * std::max(1.0, std::abs(x[u]))) << model::state_info()[u].name;
  }
}

TEST_F(ModelFixture, CalciumIsConservedByTheRightHandSide) {
  const std::array<int, 11> pools{model::GutCa,      model::GutDistalCa, model::EcfCa,       model::ExchCa,
                                 model::BoneCa,     model::ArtCa,       model::SoftCa,      model::CumFaecal,
                                 model::CumUrinary, model::CumDialysis, model::CumIntake};
  for (bool dialysis : {false, true}) {
    for (int trial = 0; trial < 20; ++trial) {
      const auto x = random_state();
      model::Inputs in = inputs_from(x);
      in.dialysis_duty = dialysis ? 1.0 : 0.0;
      in.ca_in = 25.0;
      in.ca_in_distal = 5.0;
      std::array<double, n_states> dx{};
      model::full_derivatives(c, in, x.data(), dx.data(), 0.0);
      double total = 0.0, scale = 0.0;
      for (int i : pools) {
        const double sign = i == model::CumIntake ? -1.0 : 1.0;
        total += sign * dx[static_cast<std::size_t>(i)];
        scale += std::abs(dx[static_cast<std::size_t>(i)]);
      }
      EXPECT_NEAR(total, 0.0, 1e-13 * scale);
    }
  }
}

TEST_F(ModelFixture, CalciumIsConservedWithEveryHabitSet) {
  Scenario habits = s;
  habits.diet.sodium_mg_per_day = 9000;
  habits.patient.physical_activity = Activity::Loading;
  habits.patient.smoking = Smoking::Current;
  const model::Context h = model::make_context(p, habits);
  const std::array<int, 11> pools{model::GutCa,      model::GutDistalCa, model::EcfCa,       model::ExchCa,
                                 model::BoneCa,     model::ArtCa,       model::SoftCa,      model::CumFaecal,
                                 model::CumUrinary, model::CumDialysis, model::CumIntake};
  for (int trial = 0; trial < 20; ++trial) {
    const auto x = random_state();
    model::Inputs in = inputs_from(x);
    in.ca_in = 25.0;
    std::array<double, n_states> dx{};
    model::full_derivatives(h, in, x.data(), dx.data(), 0.0);
    double total = 0.0, scale = 0.0;
    for (int i : pools) {
      total += (i == model::CumIntake ? -1.0 : 1.0) * dx[static_cast<std::size_t>(i)];
      scale += std::abs(dx[static_cast<std::size_t>(i)]);
    }
    EXPECT_NEAR(total, 0.0, 1e-13 * scale);
  }
}

// The default habits (3.4 g/day sodium = renal.sodium_ref, sedentary,
// never-smoker) are the reference of every habit term: they change nothing.
TEST(Habits, DefaultsAreTheReferenceOfEveryTerm) {
  const Params p;
  const model::Context c = model::make_context(p, default_scenario());
  EXPECT_EQ(c.sodium_excretion_factor, 1.0);
  EXPECT_EQ(c.loading_formation, 1.0);
  EXPECT_EQ(c.smoking_share, 0.0);
  EXPECT_EQ(default_scenario().diet.sodium_mg_per_day, p.sodium_ref);
}

TEST(Habits, EachTermHasTheSizeOfItsParameter) {
  const Params p;
  Scenario s = default_scenario();
  const double never_drive = model::make_context(p, s).art_static_drive;
  s.diet.sodium_mg_per_day = p.sodium_ref + 2299.0;  // 100 mmol more
  s.patient.physical_activity = Activity::Walking;
  s.patient.smoking = Smoking::Former;
  model::Context c = model::make_context(p, s);
  EXPECT_NEAR(std::log(c.sodium_excretion_factor), p.sodium_calciuria, 1e-12);
  EXPECT_DOUBLE_EQ(c.loading_formation, 1.0 + p.walking_formation_gain);
  EXPECT_DOUBLE_EQ(c.smoking_share, p.smoking_former_share);
  EXPECT_NEAR(c.art_static_drive / never_drive, 1.0 + (p.art_smoking_factor - 1.0) * p.smoking_former_share, 1e-12);
  s.patient.physical_activity = Activity::Loading;
  s.patient.smoking = Smoking::Current;
  c = model::make_context(p, s);
  EXPECT_DOUBLE_EQ(c.loading_formation, 1.0 + p.loading_formation_gain);
  EXPECT_NEAR(c.art_static_drive / never_drive, p.art_smoking_factor, 1e-12);
}

// Law & Hackshaw 1997: smokers' bone density is like non-smokers' before the
// menopause and falls faster after it.
TEST(Habits, SmokingAddsResorptionOnlyAfterTheMenopause) {
  const Params p;
  Scenario s = default_scenario();
  s.patient.age_years = 40;
  s.patient.menopause_age_years = 51;
  const model::Context never = model::make_context(p, s);
  s.patient.smoking = Smoking::Current;
  const model::Context smoker = model::make_context(p, s);
  EXPECT_NEAR(model::resorption_drive(smoker, 45.0), model::resorption_drive(never, 45.0), 1e-6);
  EXPECT_NEAR(model::resorption_drive(smoker, 65.0) - model::resorption_drive(never, 65.0), p.smoking_bone_excess, 1e-6);
}

// Phosphate has no mineral state of its own: exchangeable bone-surface, bone
// and arterial mineral carry phosphate.mineral_ratio mol per mol of their calcium.
TEST_F(ModelFixture, PhosphateIsConservedByTheRightHandSide) {
  const std::array<int, 7> pools{model::GutP,       model::EcfP,        model::TissueP,    model::CumFaecalP,
                                 model::CumUrinaryP, model::CumDialysisP, model::CumIntakeP};
  const double ratio = c.p.p_mineral_ratio;
  for (bool dialysis : {false, true}) {
    for (int trial = 0; trial < 20; ++trial) {
      const auto x = random_state();
      model::Inputs in = inputs_from(x);
      in.dialysis_duty = dialysis ? 1.0 : 0.0;
      in.depot_rate[model::GutP] = 38.0;
      in.depot_rate[model::GutBinder] = 10.0;
      std::array<double, n_states> dx{};
      model::full_derivatives(c, in, x.data(), dx.data(), 0.0);
      double total = ratio * (dx[model::ExchCa] + dx[model::BoneCa] + dx[model::ArtCa]);
      double scale = std::abs(total);
      for (int i : pools) {
        const double sign = i == model::CumIntakeP ? -1.0 : 1.0;
        total += sign * dx[static_cast<std::size_t>(i)];
        scale += std::abs(dx[static_cast<std::size_t>(i)]);
      }
      EXPECT_NEAR(total, 0.0, 1e-13 * scale);
      EXPECT_GT(dx[model::CumDialysisP], dialysis ? 0.0 : -1e-300);
    }
  }
}

// Ionized calcium: the reference at the reference total calcium and
// phosphate, whatever the ultrafilterable fraction and the ionized
// reference; lower at a fixed total as phosphate rises, by mass action.
TEST(IonizedCalcium, IsTheReferenceAtTheReferenceTotalCalciumAndPhosphate) {
  for (const auto& [fraction, ionized_ref] : {std::pair{0.6, 1.18}, std::pair{0.7, 1.25}, std::pair{0.5, 1.1}}) {
    Params p;
    p.ca_ultrafilterable = fraction;
    p.ca_ionized_ref = ionized_ref;
    const model::Context c = model::make_context(p, default_scenario());
    EXPECT_GT(c.anion_complexing, 0.0);
    EXPECT_NEAR(model::ionized_calcium<double>(c, p.ca_ref, p.phosphate_ref), ionized_ref, 1e-12);
  }
}

TEST(IonizedCalcium, FallsAsPhosphateRisesAtAFixedTotal) {
  const Params p;
  const model::Context c = model::make_context(p, default_scenario());
  const double at_ref = model::ionized_calcium<double>(c, p.ca_ref, p.phosphate_ref);
  const double doubled = model::ionized_calcium<double>(c, p.ca_ref, 2.0 * p.phosphate_ref);
  // Mass action: I(2P)/I(P) = (1 + k + K f P) / (1 + k + 2 K f P).
  const double complexed = p.ca_phosphate_association * p.p_ultrafilterable * p.phosphate_ref;
  EXPECT_NEAR(doubled / at_ref, (1.0 + c.anion_complexing + complexed) / (1.0 + c.anion_complexing + 2.0 * complexed),
              1e-12);
  EXPECT_LT(doubled, at_ref - 0.03);  // about 4% lower: 0.048 L/mmol x 0.9 x 1.1 mmol/L over 1.19
  EXPECT_GT(doubled, at_ref - 0.08);
  // Proportional to total calcium at a fixed phosphate.
  EXPECT_NEAR(model::ionized_calcium<double>(c, 1.1 * p.ca_ref, p.phosphate_ref), 1.1 * at_ref, 1e-12);
}

// The parathyroid glands read ionized calcium: at a fixed total calcium, more
// phosphate raises the PTH secretion target even without the direct
// phosphate term.
TEST_F(ModelFixture, PhosphateRaisesPthSecretionThroughIonizedCalcium) {
  Params q = p;
  q.pth_phosphate_exp = 0.0;
  const model::Context cq = model::make_context(q, s);
  std::array<double, n_states> x{};
  std::copy(init.state.begin(), init.state.end(), x.begin());
  const model::Inputs in = inputs_from(x);
  const auto before = model::fluxes(cq, in, x.data(), 0.0);
  x[model::EcfP] *= 1.5;
  const auto after = model::fluxes(cq, in, x.data(), 0.0);
  EXPECT_DOUBLE_EQ(after.plasma_ca, before.plasma_ca);
  EXPECT_LT(after.ionized_ca, before.ionized_ca);
  EXPECT_GT(after.pth_target, 1.3 * before.pth_target);
}

TEST(FatFactor, RisesWithFatAndStaysBelowOne) {
  const Params p;
  double previous = 0.0;
  for (double fat : {0.0, 1.0, 5.0, 15.0, 30.0, 100.0}) {
    const double f = model::fat_factor(p, fat);
    EXPECT_GT(f, previous);
    EXPECT_LT(f, 1.0);
    previous = f;
  }
}

TEST(ArterialCategory, BoundariesFollowTheAgatstonBands) {
  EXPECT_EQ(cac_category(0.0), 0);
  EXPECT_EQ(cac_category(0.99), 0);
  EXPECT_EQ(cac_category(1.0), 1);
  EXPECT_EQ(cac_category(99.9), 1);
  EXPECT_EQ(cac_category(100.0), 2);
  EXPECT_EQ(cac_category(399.9), 2);
  EXPECT_EQ(cac_category(400.0), 3);
  EXPECT_EQ(cac_category_label(3), "400+");
}

TEST(ResorptionDrive, PeaksAroundMenopauseAndIsFlatWithoutAgeing) {
  Params p;
  Scenario s = default_scenario();
  s.patient.age_years = 45;
  s.patient.menopause_age_years = 51;
  model::Context c = model::make_context(p, s);
  EXPECT_GT(model::resorption_drive(c, 51.5), model::resorption_drive(c, 45.0));
  EXPECT_GT(model::resorption_drive(c, 51.5), model::resorption_drive(c, 60.0));
  EXPECT_GT(model::resorption_drive(c, 60.0), model::resorption_drive(c, 45.0));
  s.ageing = false;
  c = model::make_context(p, s);
  EXPECT_EQ(model::resorption_drive(c, 51.5), 1.0);
}

}  // namespace
}  // namespace calcsim
