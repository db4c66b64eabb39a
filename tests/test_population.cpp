// Virtual populations (population.hpp): sampling, reproducibility whatever the
// threads or chunks, bands, failures, cancelling and reports. Populations are
// a handful of patients over a month so the file stays fast.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "calcsim/errors.hpp"
#include "calcsim/outputs.hpp"
#include "calcsim/population.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"
#include "simulate/read_outputs.hpp"

namespace {

using calcsim::Params;
using calcsim::PopulationOptions;
using calcsim::PopulationResult;
using calcsim::Scenario;
using calcsim::testing::Failure;
using calcsim::testing::failure_of;

Scenario month() {
  Scenario s = calcsim::default_scenario();
  s.duration_days = 30.0;
  return s;
}

PopulationOptions small(std::size_t n, int threads) {
  PopulationOptions o;
  o.n = n;
  o.threads = threads;
  o.every_days = 10.0;
  o.at_days = {15.0, 30.0};
  return o;
}

// Two results hold the same patients with the same numbers, bit for bit.
void expect_identical(const PopulationResult& a, const PopulationResult& b) {
  ASSERT_EQ(a.patients.size(), b.patients.size());
  EXPECT_EQ(a.first, b.first);
  for (std::size_t i = 0; i < a.patients.size(); ++i) {
    SCOPED_TRACE("patient " + std::to_string(a.patients[i].index));
    EXPECT_EQ(a.patients[i].index, b.patients[i].index);
    EXPECT_EQ(a.patients[i].parameters, b.patients[i].parameters);
    EXPECT_EQ(a.patients[i].values, b.patients[i].values);
    EXPECT_EQ(a.patients[i].failed, b.patients[i].failed);
  }
  EXPECT_EQ(a.series, b.series);
  EXPECT_EQ(a.bands, b.bands);
  EXPECT_EQ(a.failed, b.failed);
}

// Four patients on one thread: the reference the other runs are compared with.
// Each patient solves its own steady state, the bulk of a patient's cost; four
// are enough for two threads, three chunks of uneven size and five percentiles.
const PopulationResult& reference() {
  static const PopulationResult r = calcsim::population(month(), Params{}, small(4, 1));
  return r;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return calcsim::percentile_of_sorted(v, 50.0);
}

TEST(PopulationSampling, LogNormalWithTheRightMedianAndCv) {
  const std::vector<std::string> varied{"mk7.half_life"};
  std::vector<double> values, logs;
  for (std::size_t i = 0; i < 20000; ++i) {
    values.push_back(*calcsim::sample_patient(Params{}, varied, 0.3, 7, i).get("mk7.half_life"));
    logs.push_back(std::log(values.back()));
  }
  // Median 68 h (the default); sigma^2 = ln(1 + 0.3^2); the CV of the values 0.3.
  EXPECT_NEAR(median_of(values) / 68.0, 1.0, 0.01);
  double mean = 0.0, mean_log = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    mean += values[i] / static_cast<double>(values.size());
    mean_log += logs[i] / static_cast<double>(values.size());
  }
  double var = 0.0, var_log = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    var += (values[i] - mean) * (values[i] - mean) / static_cast<double>(values.size() - 1);
    var_log += (logs[i] - mean_log) * (logs[i] - mean_log) / static_cast<double>(values.size() - 1);
  }
  EXPECT_NEAR(std::sqrt(var) / mean, 0.3, 0.01);
  EXPECT_NEAR(std::sqrt(var_log), std::sqrt(std::log1p(0.09)), 0.005);
  EXPECT_NEAR(mean_log, std::log(68.0), 0.005);
}

TEST(PopulationSampling, DrawsStayInTheValidRangeWithoutPilingUpAtItsEnds) {
  // ca.plasma_ref: 2.35 in [2.0, 2.7], a narrow range for a CV of 30%.
  const auto* info = calcsim::find_parameter("ca.plasma_ref");
  std::size_t at_an_end = 0;
  std::vector<double> values;
  for (std::size_t i = 0; i < 2000; ++i) {
    const double v = *calcsim::sample_patient(Params{}, {"ca.plasma_ref"}, 0.3, 1, i).get("ca.plasma_ref");
    ASSERT_GE(v, info->min);
    ASSERT_LE(v, info->max);
    at_an_end += (v == info->min || v == info->max) ? 1 : 0;
    values.push_back(v);
  }
  EXPECT_EQ(at_an_end, 0u);
  EXPECT_NEAR(median_of(values), 2.35, 0.05);
}

TEST(PopulationSampling, APatientDependsOnlyOnTheSeedAndItsIndex) {
  const auto all = calcsim::default_population_parameters();
  const Params p3 = calcsim::sample_patient(Params{}, all, 0.3, 11, 3);
  // The same patient again, and with only one parameter varied: the same value for it.
  EXPECT_EQ(*calcsim::sample_patient(Params{}, all, 0.3, 11, 3).get("k1.half_life"), *p3.get("k1.half_life"));
  EXPECT_EQ(*calcsim::sample_patient(Params{}, {"k1.half_life"}, 0.3, 11, 3).get("k1.half_life"),
            *p3.get("k1.half_life"));
  // Another patient, another seed: other values.
  EXPECT_NE(*calcsim::sample_patient(Params{}, all, 0.3, 11, 4).get("k1.half_life"), *p3.get("k1.half_life"));
  EXPECT_NE(*calcsim::sample_patient(Params{}, all, 0.3, 12, 3).get("k1.half_life"), *p3.get("k1.half_life"));
  // No variation: the nominal values; a parameter at 0 stays 0.
  Params zero;
  zero.set("artery.regression_rate", 0.0);
  const Params same = calcsim::sample_patient(zero, all, 0.0, 11, 3);
  const Params kept = calcsim::sample_patient(zero, all, 0.5, 11, 3);
  for (const auto& name : all) EXPECT_EQ(*same.get(name), *zero.get(name)) << name;
  EXPECT_EQ(*kept.get("artery.regression_rate"), 0.0);
}

TEST(PopulationSampling, StructuralParametersAreNotVariedByDefault) {
  const auto names = calcsim::default_population_parameters();
  auto has = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  EXPECT_TRUE(has("mk7.half_life"));
  EXPECT_TRUE(has("bone.turnover"));
  EXPECT_FALSE(has("pth.calcium_steepness"));
  EXPECT_FALSE(has("renal.pth_exponent"));
  EXPECT_FALSE(has("artery.score_per_mmol"));
  EXPECT_FALSE(has("bone.tscore_sd"));
  EXPECT_GT(names.size(), 60u);
}

TEST(Percentiles, InterpolateLinearlyBetweenSortedValues) {
  const std::vector<double> v{1.0, 2.0, 3.0, 4.0, 5.0};
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted(v, 5.0), 1.2);
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted(v, 25.0), 2.0);
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted(v, 95.0), 4.8);
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted(v, 100.0), 5.0);
  EXPECT_DOUBLE_EQ(calcsim::percentile_of_sorted({7.0}, 95.0), 7.0);
  EXPECT_TRUE(std::isnan(calcsim::percentile_of_sorted({}, 50.0)));
}

// Each patient's run is read without its whole table (detail::read_outputs):
// every output at times on the output grid, between its rows, before and
// after it, in any order and repeated, is what the whole run gives, to the
// bit, for every kind of dosing.
TEST(PopulationReading, AFewOutputsReadAreThoseOfTheWholeRun) {
  std::vector<std::size_t> every_column;
  for (std::size_t j = 0; j < calcsim::output_columns().size(); ++j) every_column.push_back(j);
  const std::vector<double> times{30.0, 0.0, 0.1, 10.0, 12.3, 12.3, 29.9, 31.0, -1.0, 1.0, 0.25};
  for (const calcsim::Dosing dosing :
       {calcsim::Dosing::Exact, calcsim::Dosing::DailyAveraged, calcsim::Dosing::Stroboscopic}) {
    Scenario s = month();
    s.dosing = dosing;
    s.output_every_days = 0.25;
    SCOPED_TRACE(calcsim::to_string(dosing));
    const calcsim::InitialCondition init = calcsim::initial_condition(s, Params{});
    const calcsim::Result whole = calcsim::simulate_from(s, Params{}, init);
    const std::vector<double> read =
        calcsim::detail::read_outputs(s, Params{}, init, calcsim::SimulationOptions{}, every_column, times);
    ASSERT_EQ(read.size(), every_column.size() * times.size());
    for (std::size_t j = 0; j < every_column.size(); ++j)
      for (std::size_t t = 0; t < times.size(); ++t) {
        const std::string& name = calcsim::output_columns()[j].name;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(read[j * times.size() + t]),
                  std::bit_cast<std::uint64_t>(whole.at(name, times[t])))
            << name << " at " << times[t] << " d: " << read[j * times.size() + t] << " against "
            << whole.at(name, times[t]);
      }
  }
  // Only the columns asked for, in their order.
  const auto& columns = calcsim::output_columns();
  const auto bmd = static_cast<std::size_t>(
      std::find_if(columns.begin(), columns.end(), [](const auto& c) { return c.name == "bmd_change"; }) -
      columns.begin());
  const std::vector<double> one =
      calcsim::detail::read_outputs(month(), Params{}, calcsim::SimulationOptions{}, {bmd, 0}, {30.0});
  EXPECT_EQ(one, (std::vector<double>{calcsim::simulate(month(), Params{}).at("bmd_change", 30.0), 30.0}));
}

TEST(Population, ResultsDoNotDependOnThreadsOrChunks) {
  const PopulationResult& one = reference();
  ASSERT_EQ(one.patients.size(), 4u);
  EXPECT_EQ(one.failed, 0u);
  EXPECT_EQ(one.threads, 1);

  const PopulationResult two = calcsim::population(month(), Params{}, small(4, 2));
  EXPECT_EQ(two.threads, 2);
  expect_identical(one, two);

  // Chunks [0, 1), [1, 3) and [3, 4), run apart and joined in any order.
  std::vector<PopulationResult> parts;
  for (auto [first, count] : {std::pair<std::size_t, std::size_t>{1, 2}, {3, 1}, {0, 1}}) {
    PopulationOptions o = small(4, 2);
    o.first = first;
    o.count = count;
    parts.push_back(calcsim::population(month(), Params{}, o));
    EXPECT_EQ(parts.back().patients.front().index, first);
  }
  const PopulationResult joined = calcsim::merge_populations(parts);
  expect_identical(one, joined);
  // A chunk's own patients are those of the whole population.
  EXPECT_EQ(parts[0].patients[1].values, one.patients[2].values);
}

// The first patient of each seed (a patient depends only on the seed and its
// index: PopulationSampling.APatientDependsOnlyOnTheSeedAndItsIndex).
TEST(Population, DifferentSeedsGiveDifferentPatients) {
  PopulationOptions o = small(1, 1);
  const PopulationResult first = calcsim::population(month(), Params{}, o);
  o.seed = 2;
  const PopulationResult other = calcsim::population(month(), Params{}, o);
  EXPECT_EQ(first.seed, 1u);
  EXPECT_NE(other.patients[0].parameters, first.patients[0].parameters);
  EXPECT_NE(other.patients[0].values, first.patients[0].values);
}

TEST(Population, WithoutVariationEveryPatientIsTheNominalRun) {
  PopulationOptions options = small(2, 2);
  options.cv = 0.0;
  const PopulationResult r = calcsim::population(month(), Params{}, options);
  Scenario nominal = month();
  nominal.output_every_days = 1.0;
  const calcsim::Result run = calcsim::simulate(nominal, Params{});
  ASSERT_EQ(r.times_days, (std::vector<double>{15.0, 30.0}));
  for (const auto& patient : r.patients) {
    EXPECT_EQ(patient.parameters, r.nominal);
    for (std::size_t o = 0; o < r.outputs.size(); ++o)
      for (std::size_t t = 0; t < r.times_days.size(); ++t)
        EXPECT_EQ(patient.values[o * 2 + t], run.at(r.outputs[o], r.times_days[t])) << r.outputs[o];
  }
  // Every percentile of identical patients is their value.
  for (std::size_t o = 0; o < r.outputs.size(); ++o)
    for (std::size_t k = 0; k < 5; ++k)
      EXPECT_EQ(r.bands[(o * r.band_days.size() + r.band_days.size() - 1) * 5 + k], run.at(r.outputs[o], 30.0));
}

// A measured 25(OH)D (patient.baseline_d25) is every virtual patient's start,
// whatever their vitamin D parameters: the sun exposure differs instead. With
// the sun exposure given, the same parameters spread 25(OH)D. Within the
// month it stays within one percent: ageing moves calcitriol a little, and
// calcitriol speeds or slows 25(OH)D's clearance (d25.calcitriol_exponent).
TEST(Population, AMeasured25OHDIsEveryPatientsStart) {
  PopulationOptions options = small(6, 2);
  options.outputs = {"d25"};
  options.parameters = {"d25.response", "d25.catabolism_gain", "d25.catabolism_level"};
  Scenario measured = month();
  measured.patient.baseline_d25_nmol_per_l = 40.0;
  const PopulationResult held = calcsim::population(measured, Params{}, options);
  const PopulationResult spread = calcsim::population(month(), Params{}, options);
  ASSERT_EQ(held.failed, 0u);
  std::vector<double> from_sun;
  for (std::size_t i = 0; i < held.patients.size(); ++i) {
    EXPECT_EQ(held.patients[i].parameters, spread.patients[i].parameters);
    for (const double d25 : held.patients[i].values) EXPECT_NEAR(d25, 40.0, 0.4) << "patient " << i;
    from_sun.push_back(spread.patients[i].values.back());
  }
  EXPECT_GT(*std::max_element(from_sun.begin(), from_sun.end()) - *std::min_element(from_sun.begin(), from_sun.end()),
            5.0);  // nmol/L
}

TEST(Population, BandsAreOrderedAndSummariesMatchTheSeries) {
  const PopulationResult& r = reference();
  EXPECT_EQ(r.band_days, (std::vector<double>{0.0, 10.0, 20.0, 30.0}));
  EXPECT_EQ(r.outputs, calcsim::default_population_outputs());
  const std::size_t nb = r.band_days.size(), no = r.outputs.size();
  for (std::size_t o = 0; o < no; ++o)
    for (std::size_t t = 0; t < nb; ++t)
      for (std::size_t k = 1; k < 5; ++k) EXPECT_LE(r.bands[(o * nb + t) * 5 + k - 1], r.bands[(o * nb + t) * 5 + k]);
  // The summary at day 30 is the series at its last band time; the median band is the median patient.
  std::vector<double> end;
  for (std::size_t p = 0; p < r.patients.size(); ++p) {
    EXPECT_EQ(r.patients[p].values[1], r.series[(p * no + 0) * nb + nb - 1]);
    end.push_back(r.patients[p].values[1]);
  }
  EXPECT_EQ(r.bands[(0 * nb + nb - 1) * 5 + 2], median_of(end));
  // The patients do differ.
  EXPECT_LT(r.bands[(0 * nb + nb - 1) * 5 + 0], r.bands[(0 * nb + nb - 1) * 5 + 4]);
}

TEST(Population, FailedPatientsAreCountedWithTheirMessage) {
  // A tolerance no step can meet: every solve fails.
  PopulationOptions o = small(3, 2);
  o.simulation.rtol = 1e-300;
  o.simulation.atol = 1e-300;
  const PopulationResult r = calcsim::population(month(), Params{}, o);
  EXPECT_EQ(r.failed, 3u);
  for (const auto& patient : r.patients) {
    EXPECT_TRUE(patient.failed);
    EXPECT_CONTAINS(patient.failure, "numerical failure");
    EXPECT_TRUE(std::isnan(patient.values[0]));
    EXPECT_EQ(patient.parameters.size(), r.parameters.size());
  }
  for (double b : r.bands) EXPECT_TRUE(std::isnan(b));
  const std::string table = calcsim::population_report(r, calcsim::Format::Table);
  EXPECT_CONTAINS(table, "Failed: 3 of 3 patients");
  EXPECT_CONTAINS(table, "patient 0: numerical failure");
  const auto j = nlohmann::json::parse(calcsim::population_report(r, calcsim::Format::Json));
  EXPECT_EQ(j["failed"], 3);
  EXPECT_EQ(j["failures"].size(), 3u);
  EXPECT_TRUE(j["bands"][0]["values"][0][0].is_null());
  EXPECT_CONTAINS(calcsim::population_patients_csv(r), "\n2,failed,");
}

TEST(Population, PatientsItsParametersCannotStartAreCountedAndTheOthersRun) {
  // eGFR 12 without dialysis on 900 mg/day of calcium starts at the nominal
  // parameters, near the edge of kidney failure with no calcium-balanced state
  // (on 800 mg/day the nominal patient has none): some draws fall over it.
  // Each is one failed patient, with the reason, not an error for the whole
  // population.
  Scenario s = month();
  s.patient.sex = calcsim::Sex::Male;
  s.patient.menopause_age_years.reset();
  s.patient.age_years = 60;
  s.patient.egfr = 12;
  s.diet.calcium_mg_per_day = 900;
  s.interventions.clear();
  ASSERT_NO_THROW(calcsim::initial_condition(s, Params{}));
  const PopulationResult r = calcsim::population(s, Params{}, small(16, 2));
  EXPECT_GT(r.failed, 0u);
  EXPECT_LT(r.failed, 16u);
  for (const auto& patient : r.patients) {
    if (!patient.failed) continue;
    // Named by what the draw set: its parameters, not the patient.
    EXPECT_CONTAINS(patient.failure, "params: with ");
    EXPECT_CONTAINS(patient.failure, "more set: as the model settles this patient");
    EXPECT_CONTAINS(patient.failure, "no such state");
  }
}

TEST(Population, CancellingStopsBeforeEveryPatientHasRun) {
  PopulationOptions o = small(50, 1);
  std::size_t calls = 0;
  o.progress = [&](std::size_t, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 50u);
  };
  o.cancelled = [] { return true; };
  try {
    calcsim::population(month(), Params{}, o);
    ADD_FAILURE() << "expected Cancelled";
  } catch (const calcsim::Cancelled& e) {
    std::smatch m;
    const std::string message = e.what();
    ASSERT_TRUE(std::regex_search(message, m, std::regex("population stopped after ([0-9]+) of 50 patients")))
        << message;
    EXPECT_LT(std::stoi(m[1].str()), 50);
  }
  EXPECT_GE(calls, 1u);
}

TEST(Population, ProgressIsReportedUpToTheTotal) {
  PopulationOptions o = small(2, 2);
  std::size_t last = 0;
  std::atomic<bool> other_thread{false};
  const auto caller = std::this_thread::get_id();
  o.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 2u);
    EXPECT_GE(done, last);
    last = done;
    if (std::this_thread::get_id() != caller) other_thread = true;
  };
  calcsim::population(month(), Params{}, o);
  EXPECT_EQ(last, 2u);
  EXPECT_FALSE(other_thread) << "progress is called on the calling thread";
}

TEST(Population, BadOptionsAreInputErrorsNamingTheOption) {
  auto expect_error = [](PopulationOptions o, const std::string& option, const std::string& fragment) {
    const Failure f = failure_of([&] { calcsim::population(month(), Params{}, o); });
    SCOPED_TRACE(option + ": " + f.message);
    ASSERT_TRUE(f.thrown);
    EXPECT_EQ(f.where.option, option);
    EXPECT_CONTAINS(f.message, fragment);
  };
  PopulationOptions o = small(2, 1);
  o.n = 0;
  expect_error(o, "n", "from 1 to");
  o = small(2, 1);
  o.cv = -0.1;
  expect_error(o, "cv", "from 0 to 2");
  o.cv = 30.0;
  expect_error(o, "cv", "(0.3 for 30%), got 30");
  o = small(2, 1);
  o.every_days = 0.5;
  expect_error(o, "every", "at least one day");
  o = small(2, 1);
  o.outputs = {"dp_ucmpg"};
  expect_error(o, "output", "did you mean 'dp_ucmgp'");
  o = small(2, 1);
  o.parameters = {"mk7.halflife"};
  expect_error(o, "parameters", "did you mean 'mk7.half_life'");
  o = small(2, 1);
  o.first = 2;
  expect_error(o, "first", "must be below n");
  o = small(4, 1);
  o.first = 1;
  o.count = 4;
  expect_error(o, "count", "expected from 1 to 3 patients");
  // Too many values to keep: refused before anything runs.
  o = small(calcsim::max_population, 1);
  o.every_days = 1.0;
  expect_error(o, "every", "million values kept");
  EXPECT_THROW(calcsim::sample_patient(Params{}, {"mk7.half_life"}, -1.0, 1, 0), calcsim::InputError);
}

TEST(Population, OnlyChunksOfOnePopulationMerge) {
  const PopulationResult& whole = reference();
  PopulationResult shifted = whole;
  shifted.first = 3;
  for (auto& patient : shifted.patients) patient.index += 3;
  const Failure overlap = failure_of([&] { calcsim::merge_populations({whole, shifted}); });
  ASSERT_TRUE(overlap.thrown);
  EXPECT_CONTAINS(overlap.message, "patients 3 to 4 are in two parts");
  PopulationResult gap = whole;
  gap.first = 8;
  EXPECT_CONTAINS(failure_of([&] { calcsim::merge_populations({whole, gap}); }).message, "4 to 8 are missing");
  PopulationResult other_seed = whole;
  other_seed.first = 4;
  other_seed.seed = 9;
  EXPECT_CONTAINS(failure_of([&] { calcsim::merge_populations({whole, other_seed}); }).message,
                  "not chunks of one population");
}

TEST(PopulationReport, TableCsvAndJson) {
  const PopulationResult& r = reference();
  const std::string table = calcsim::population_report(r, calcsim::Format::Table);
  EXPECT_CONTAINS(table, "calcsim is an illustrative teaching model, not medical advice.");
  EXPECT_CONTAINS(table, "4 virtual patients with seed 1");
  EXPECT_CONTAINS(table, "dp_ucmgp [pmol/L]");
  EXPECT_CONTAINS(table, "p5        p25        p50        p75        p95");
  EXPECT_CONTAINS(table, "Failed: 0 of 4 patients");

  const std::string bands = calcsim::population_bands_csv(r);
  EXPECT_EQ(calcsim::population_report(r, calcsim::Format::Csv), bands);
  EXPECT_CONTAINS(bands, "output,unit,time_days,patients,p5,p25,p50,p75,p95\n");
  EXPECT_EQ(std::count(bands.begin(), bands.end(), '\n'), 2 + 3 * 4);

  const std::string patients = calcsim::population_patients_csv(r);
  EXPECT_CONTAINS(patients, "patient,status,ecf.volume [L],");
  EXPECT_CONTAINS(patients, ",dp_ucmgp 15d [pmol/L],dp_ucmgp 30d [pmol/L],");
  EXPECT_EQ(std::count(patients.begin(), patients.end(), '\n'), 2 + 4);

  const auto j = nlohmann::json::parse(calcsim::population_report(r, calcsim::Format::Json));
  EXPECT_EQ(j["n"], 4);
  EXPECT_EQ(j["band_days"].size(), 4u);
  EXPECT_EQ(j["bands"][0]["output"], "dp_ucmgp");
  EXPECT_EQ(j["bands"][0]["values"][3][2].get<double>(), r.bands[(0 * 4 + 3) * 5 + 2]);
  EXPECT_EQ(j["parameters"].size(), r.parameters.size());
}

}  // namespace
