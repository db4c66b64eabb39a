// Sweeps (sweep.hpp) and local sensitivity analysis (sensitivity.hpp). Runs
// are one to two months long so the file stays fast.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sensitivity.hpp"
#include "calcsim/simulator.hpp"
#include "calcsim/sweep.hpp"

namespace {

using calcsim::Agent;
using calcsim::Params;
using calcsim::Scenario;
using calcsim::testing::contains;
using calcsim::testing::Failure;
using calcsim::testing::failure_of;

Scenario short_default(double days) {
  Scenario s = calcsim::default_scenario();
  s.duration_days = days;
  return s;
}

void expect_vary_error(const std::string& text, const std::string& fragment) {
  const Failure f = failure_of([&] { calcsim::parse_sweep(text); });
  SCOPED_TRACE(text + "\nmessage: " + f.message);
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.option, "vary");
  EXPECT_CONTAINS(f.message, fragment);
}

TEST(ParseSweep, LinearLogListAndParameterForms) {
  auto s = calcsim::parse_sweep("mk7.dose=0..360mcg:9");
  EXPECT_TRUE(s.is_dose);
  EXPECT_EQ(s.agent, Agent::MK7);
  EXPECT_EQ(s.unit, "mcg");
  ASSERT_EQ(s.values.size(), 9u);
  EXPECT_DOUBLE_EQ(s.values[1], 45.0);
  EXPECT_DOUBLE_EQ(s.values.back(), 360.0);

  s = calcsim::parse_sweep("mk7.dose=10..1000mcg:3:log");
  EXPECT_TRUE(s.log_spaced);
  EXPECT_NEAR(s.values[1], 100.0, 1e-9);

  s = calcsim::parse_sweep("mk4.dose = 15, 45 mg");
  EXPECT_EQ(s.unit, "mg");
  EXPECT_DOUBLE_EQ(s.unit_in_canonical, 1000.0);
  EXPECT_EQ(s.values, (std::vector<double>{15000.0, 45000.0}));

  s = calcsim::parse_sweep("vitamin_d3.dose=400..4000IU:2");
  EXPECT_DOUBLE_EQ(s.values[0], 10.0);

  s = calcsim::parse_sweep("mk7.half_life=24..120:5");
  EXPECT_FALSE(s.is_dose);
  EXPECT_EQ(s.unit, "h");
  EXPECT_DOUBLE_EQ(s.values[2], 72.0);
  EXPECT_EQ(calcsim::parse_sweep("mk7.half_life=24h..120h:2").values, (std::vector<double>{24.0, 120.0}));
}

TEST(ParseSweep, MistakesNameTheOption) {
  expect_vary_error("mk7.dose", "expected NAME=VALUES");
  expect_vary_error("mk7.dose=0..360:9", "a dose needs its unit");
  expect_vary_error("mk7.dose=0..360 furlongs:9", "furlongs");
  expect_vary_error("mk77.dose=0..360mcg:9", "did you mean 'mk7.dose'?");
  expect_vary_error("mk7.halflife=1..2:2", "did you mean 'mk7.half_life'?");
  expect_vary_error("mk7.dose=0..360mcg:2.5", "whole number");
  expect_vary_error("mk7.dose=0..360mcg:101", "whole number from 2 to 100");
  expect_vary_error("mk7.dose=0..360mcg:9:lin", "':log'");
  expect_vary_error("mk7.dose=0..360mcg:9:log", "both ends above zero");
  expect_vary_error("mk7.dose=10mcg..1mg:3", "two different units");
  expect_vary_error("mk7.dose=-10..10mcg:3", "zero or more");
  expect_vary_error("mk7.dose=a..b:3", "expected a number");
  expect_vary_error("mk7.half_life=1..2mg:2", "mk7.half_life is in h");
}

TEST(Sweep, DpUcMgpFallsMonotonicallyWithTheMk7Dose) {
  calcsim::SweepOptions o;
  o.outputs = {"dp_ucmgp", "mgp_carboxylated"};
  o.at_days = {30.0, 60.0};
  const auto r = calcsim::sweep(short_default(60.0), Params{}, calcsim::parse_sweep("mk7.dose=0..360mcg:7"), o);
  ASSERT_EQ(r.values.size(), 7u);
  EXPECT_TRUE(r.shared_initial_state);
  EXPECT_EQ(r.times_days, (std::vector<double>{30.0, 60.0}));
  for (std::size_t t = 0; t < 2; ++t)
    for (std::size_t k = 1; k < r.values.size(); ++k) {
      EXPECT_LE(r.values[k][0][t], r.values[k - 1][0][t]) << "dp-ucMGP at point " << k;
      EXPECT_GE(r.values[k][1][t], r.values[k - 1][1][t]) << "carboxylated MGP at point " << k;
    }
  EXPECT_LT(r.values.back()[0][1], 0.8 * r.values.front()[0][1]);
  // Every point starts from the same state.
  for (const auto& point : r.values) EXPECT_EQ(point.size(), 2u);
}

// On daily-averaged dosing (six steady states, without the cycle solve); the
// other sweep tests run exact dosing.
TEST(Sweep, APointEqualsTheSingleRunItStandsFor) {
  Scenario s = short_default(40.0);
  s.dosing = calcsim::Dosing::DailyAveraged;
  calcsim::SweepOptions o;
  o.outputs = {"dp_ucmgp", "arterial_score", "mk7_plasma"};
  o.at_days = {20.0, 40.0};
  const auto r = calcsim::sweep(s, Params{}, calcsim::parse_sweep("mk7.half_life=40,100h"), o);
  EXPECT_FALSE(r.shared_initial_state);
  for (std::size_t k = 0; k < 2; ++k) {
    Params p;
    p.set("mk7.half_life", k == 0 ? 40.0 : 100.0);
    const calcsim::Result single = calcsim::simulate(s, p);
    for (std::size_t j = 0; j < o.outputs.size(); ++j)
      for (std::size_t t = 0; t < 2; ++t)
        EXPECT_DOUBLE_EQ(r.values[k][j][t], single.at(o.outputs[j], o.at_days[t])) << o.outputs[j];
  }
  // A dose point equals the run of the scenario with that dose.
  const auto d = calcsim::sweep(s, Params{}, calcsim::parse_sweep("mk7.dose=90,180mcg"), o);
  const calcsim::Result as_written = calcsim::simulate(s, Params{});
  EXPECT_DOUBLE_EQ(d.values[1][0][1], as_written.at("dp_ucmgp", 40.0));
}

TEST(Sweep, DosesNeedTheAgentAndAPlausibleAmount) {
  const Scenario s = short_default(30.0);
  Failure f = failure_of([&] { calcsim::sweep(s, Params{}, calcsim::parse_sweep("warfarin.dose=1..5mg:3")); });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "no warfarin intervention");
  f = failure_of([&] { calcsim::sweep(s, Params{}, calcsim::parse_sweep("mk7.dose=180mg")); });
  ASSERT_TRUE(f.thrown);
  EXPECT_EQ(f.where.option, "vary");
  EXPECT_CONTAINS(f.message, "did you mean 180 mcg?");
  f = failure_of([&] {
    calcsim::SweepOptions o;
    o.outputs = {"dp_ucmpg"};
    calcsim::sweep(s, Params{}, calcsim::parse_sweep("mk7.dose=90mcg"), o);
  });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "did you mean 'dp_ucmgp'?");
  EXPECT_TRUE(calcsim::with_dose(s, Agent::MK7, 0.0).interventions.empty());
}

TEST(Sweep, ReportsInEveryFormat) {
  calcsim::SweepOptions o;
  o.outputs = {"dp_ucmgp"};
  const auto r = calcsim::sweep(short_default(20.0), Params{}, calcsim::parse_sweep("mk7.dose=0,90mcg"), o);
  EXPECT_TRUE(contains(calcsim::sweep_report(r, calcsim::Format::Table), "Varying mk7.dose: 2 values from 0 to 90 mcg"));
  // The header names the span asked for, as the columns do, not the day the runs stop at.
  const calcsim::Scenario three_years = short_default(3.0 * 365.25);
  const auto years = calcsim::sweep(three_years, Params{}, calcsim::parse_sweep("mk7.dose=0,90mcg"), o);
  EXPECT_TRUE(contains(calcsim::sweep_report(years, calcsim::Format::Table), "(3y simulated per point)"));
  EXPECT_TRUE(contains(calcsim::sweep_report(r, calcsim::Format::Csv), "mk7.dose,90,mcg,dp_ucmgp,pmol/L,20,"));
  const auto j = nlohmann::json::parse(calcsim::sweep_report(r, calcsim::Format::Json));
  EXPECT_EQ(j["outputs"][0]["results"].size(), 2u);
}

// ---------------------------------------------------------------------------
// Sensitivity

calcsim::SensitivityResult analyse(const std::vector<std::string>& outputs, const std::vector<std::string>& parameters,
                                   double days = 30.0) {
  calcsim::SensitivityOptions o;
  o.outputs = outputs;
  o.parameters = parameters;
  return calcsim::sensitivity(short_default(days), Params{}, o);
}

const calcsim::ParameterSensitivity& find(const calcsim::SensitivityResult& r, const std::string& name) {
  for (const auto& p : r.parameters)
    if (p.name == name) return p;
  throw std::runtime_error("no " + name);
}

// Six parameters (thirteen runs, each from its own steady state): long, the
// release and ci builds run it; SignsZerosAndRankingOfThreeParameters below is
// the sanitizers' short workload of the same code.
TEST(Sensitivity, KnownSignsZerosAndRanking) {
  const auto r = analyse({"dp_ucmgp", "arterial_score"},
                         {"warfarin.ic50", "mgp.dpuc_uncarboxylated", "mgp.k_half", "mk7.half_life",
                          "artery.deposition_rate", "artery.mgp_inhibition"},
                         20.0);
  ASSERT_EQ(r.parameters.size(), 6u);
  ASSERT_EQ(r.base.size(), 2u);
  EXPECT_EQ(r.runs, 13u);
  // dp-ucMGP is proportional to the uncarboxylated production.
  EXPECT_NEAR(find(r, "mgp.dpuc_uncarboxylated").sensitivity[0], 1.0, 1e-3);
  // More vitamin K needed for carboxylation: more inactive MGP; longer MK-7 half-life: less.
  EXPECT_GT(find(r, "mgp.k_half").sensitivity[0], 0.1);
  EXPECT_LT(find(r, "mk7.half_life").sensitivity[0], -0.01);
  // The deposition rate drives the arterial score up, the MGP inhibition down.
  EXPECT_GT(find(r, "artery.deposition_rate").sensitivity[1], 0.0);
  EXPECT_LT(find(r, "artery.mgp_inhibition").sensitivity[1], 0.0);
  // Without warfarin its potency cannot matter (round-off at most).
  for (double s : find(r, "warfarin.ic50").sensitivity) EXPECT_LT(std::abs(s), 1e-9);
  // Ranked by |S| of the first column, largest first.
  for (std::size_t i = 1; i < r.parameters.size(); ++i)
    EXPECT_GE(std::abs(r.parameters[i - 1].sensitivity[0]), std::abs(r.parameters[i].sensitivity[0]));
  EXPECT_EQ(r.parameters.back().name, "warfarin.ic50");
  EXPECT_TRUE(find(r, "warfarin.ic50").hypothetical);
  EXPECT_FALSE(find(r, "mk7.half_life").hypothetical);
  EXPECT_FALSE(find(r, "mk7.half_life").source.empty());
  EXPECT_EQ(find(r, "mk7.half_life").unit, "h");
}

// Three of the six: a sensitivity of one, a negative one and an exact zero,
// ranked (seven runs), on daily-averaged dosing: the same sensitivity code,
// each run's steady state without the cycle solve (the other tests here run
// exact dosing).
TEST(Sensitivity, SignsZerosAndRankingOfThreeParameters) {
  calcsim::SensitivityOptions o;
  o.outputs = {"dp_ucmgp", "arterial_score"};
  o.parameters = {"warfarin.ic50", "mk7.half_life", "mgp.dpuc_uncarboxylated"};
  Scenario averaged = short_default(20.0);
  averaged.dosing = calcsim::Dosing::DailyAveraged;
  const auto r = calcsim::sensitivity(averaged, Params{}, o);
  ASSERT_EQ(r.parameters.size(), 3u);
  ASSERT_EQ(r.base.size(), 2u);
  EXPECT_EQ(r.runs, 7u);
  EXPECT_NEAR(find(r, "mgp.dpuc_uncarboxylated").sensitivity[0], 1.0, 1e-3);
  EXPECT_LT(find(r, "mk7.half_life").sensitivity[0], -0.01);
  for (double s : find(r, "warfarin.ic50").sensitivity) EXPECT_LT(std::abs(s), 1e-9);
  EXPECT_EQ(r.parameters[0].name, "mgp.dpuc_uncarboxylated");
  EXPECT_EQ(r.parameters[1].name, "mk7.half_life");
  EXPECT_EQ(r.parameters[2].name, "warfarin.ic50");
  EXPECT_TRUE(find(r, "warfarin.ic50").hypothetical);
  EXPECT_FALSE(find(r, "mk7.half_life").hypothetical);
  EXPECT_FALSE(find(r, "mk7.half_life").source.empty());
  EXPECT_EQ(find(r, "mk7.half_life").unit, "h");
}

TEST(Sensitivity, IndependentOfTheNumberOfThreads) {
  calcsim::SensitivityOptions o;
  o.outputs = {"dp_ucmgp"};
  o.parameters = {"mgp.k_half"};
  o.threads = 1;
  const auto serial = calcsim::sensitivity(short_default(10.0), Params{}, o);
  o.threads = 3;
  const auto parallel = calcsim::sensitivity(short_default(10.0), Params{}, o);
  EXPECT_EQ(serial.threads, 1);
  EXPECT_EQ(parallel.threads, 3);
  EXPECT_EQ(serial.base, parallel.base);
  for (std::size_t i = 0; i < 1; ++i) {
    EXPECT_EQ(serial.parameters[i].name, parallel.parameters[i].name);
    EXPECT_EQ(serial.parameters[i].sensitivity, parallel.parameters[i].sensitivity);
  }
}

TEST(Sensitivity, StepsAreClippedToTheRangeAndZerosAreUndefined) {
  Params p;
  p.set("pth.min_ratio", 0.0);    // at the bottom of its range: no relative change possible
  p.set("bone.coupling", 0.95);   // at the top: one-sided difference
  calcsim::SensitivityOptions o;
  o.outputs = {"pth"};
  o.parameters = {"pth.min_ratio", "bone.coupling"};
  const auto r = calcsim::sensitivity(short_default(10.0), p, o);
  const auto& zero = find(r, "pth.min_ratio");
  EXPECT_TRUE(std::isnan(zero.sensitivity[0]));
  EXPECT_CONTAINS(zero.note, "value is 0");
  const auto& top = find(r, "bone.coupling");
  EXPECT_DOUBLE_EQ(top.upper, 0.95);
  EXPECT_LT(top.lower, 0.95);
  EXPECT_CONTAINS(top.note, "upper end");
  EXPECT_FALSE(std::isnan(top.sensitivity[0]));
  EXPECT_EQ(r.parameters.back().name, "pth.min_ratio") << "undefined values rank last";
  EXPECT_EQ(r.runs, 2u);
}

TEST(Sensitivity, BadOptionsAreInputErrors) {
  calcsim::SensitivityOptions o;
  o.relative_step = 0.0;
  EXPECT_TRUE(failure_of([&] { calcsim::sensitivity(short_default(10.0), Params{}, o); }).thrown);
  o.relative_step = 0.01;
  o.parameters = {"mk7.halflife"};
  Failure f = failure_of([&] { calcsim::sensitivity(short_default(10.0), Params{}, o); });
  ASSERT_TRUE(f.thrown);
  EXPECT_CONTAINS(f.message, "did you mean 'mk7.half_life'?");
  o.parameters = {};
  o.outputs = {"arterial"};
  EXPECT_TRUE(failure_of([&] { calcsim::sensitivity(short_default(10.0), Params{}, o); }).thrown);
}

TEST(Sensitivity, ReportsInEveryFormat) {
  const auto r = analyse({"dp_ucmgp"}, {"mgp.k_half"}, 5.0);
  const std::string table = calcsim::sensitivity_report(r, calcsim::Format::Table);
  EXPECT_CONTAINS(table, "d ln(output) / d ln(parameter)");
  EXPECT_CONTAINS(table, "mgp.k_half");
  const std::string csv = calcsim::sensitivity_report(r, calcsim::Format::Csv);
  EXPECT_CONTAINS(csv, "\n1,mgp.k_half,");
  const auto j = nlohmann::json::parse(calcsim::sensitivity_report(r, calcsim::Format::Json));
  EXPECT_EQ(j["parameters"][0]["rank"], 1);
  EXPECT_EQ(j["parameters"].size(), 1u);
}

}  // namespace
