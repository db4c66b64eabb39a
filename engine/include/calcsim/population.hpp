#pragma once
// Virtual populations (`calcsim population`): the same scenario run for n
// virtual patients whose model parameters vary around the scenario's values,
// with each patient's chosen outputs and percentile bands over time.
//
//   PopulationOptions o;
//   o.n = 1000;
//   o.cv = 0.3;
//   o.seed = 1;
//   const PopulationResult r = population(load_scenario("postmenopausal-mk7"), Params{}, o);
//   std::cout << population_report(r, Format::Table);
//
// Sampling. Each varied parameter of patient i is drawn log-normally with
// median the scenario's value (default or --set) and coefficient of variation
// cv: value * exp(sigma * z), sigma^2 = ln(1 + cv^2), z standard normal. A draw
// outside the parameter's valid range (the registry's min..max) is redrawn, so
// the distribution is the log-normal truncated to that range; after
// max_redraws draws outside it the value is clipped to the nearer end. A
// parameter whose value is 0 stays 0.
//
// Reproducibility. The normal numbers come from a counter-based generator:
// the splitmix64 finaliser applied to (seed, patient index, parameter's
// registry index, draw number), turned into normals by Box-Muller. So patient
// i's parameters, and hence its whole run, depend only on the seed and i: not
// on the number of threads, on how patients are split into chunks, nor on which
// other parameters vary. Each patient starts from its own steady state (its
// parameters are a different model); a measured 25(OH)D (patient.baseline_d25)
// is every patient's start, each getting the sun exposure that holds it.
//
// Memory. Every patient's outputs at every band time are kept (n x band times
// x outputs numbers: 10,000 patients x 3 outputs x 122 monthly times over ten
// years is 29 MB) and the percentiles computed at the end; trajectories are
// not kept.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim {

// The percentiles of the bands, in order.
inline constexpr std::array<double, 5> population_percentiles{5.0, 25.0, 50.0, 75.0, 95.0};

struct PopulationOptions {
  std::size_t n = 100;                  // patients in the whole population, 1 to max_population
  double cv = 0.3;                      // coefficient of variation of each varied parameter, 0 to max_population_cv
  std::uint64_t seed = 1;
  int threads = 0;                      // worker threads; 0: one per hardware thread
  std::vector<std::string> outputs;     // output columns; empty: default_population_outputs()
  double every_days = 30.0;             // band times: 0, every, 2 every, ... and the end (at least 1 day)
  std::vector<double> at_days;          // each patient's outputs at these times; empty: the end of the run
  std::vector<std::string> parameters;  // the varied parameters; empty: default_population_parameters()
  // Only patients [first, first + count) of the n (count empty: to the end):
  // one chunk of a population run elsewhere; merge_populations joins chunks.
  std::size_t first = 0;
  std::optional<std::size_t> count;
  SimulationOptions simulation;         // tolerances
  // Called on the calling thread about every 50 ms while patients run (and once
  // at the end): patients finished so far and the number to run.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Called on the calling thread about every 50 ms; returning true stops the
  // run: patients already started finish, no new one starts, and population()
  // throws Cancelled.
  std::function<bool()> cancelled;
};

inline constexpr std::size_t max_population = 10'000'000;
inline constexpr double max_population_cv = 2.0;
// Band values kept at most (patients x outputs x band times): 50 million, 400 MB.
inline constexpr std::size_t max_population_values = 50'000'000;
inline constexpr int max_redraws = 100;

// dp_ucmgp, arterial_score, bmd_change.
const std::vector<std::string>& default_population_outputs();

// Every registry parameter except the structural ones: the exponents and
// steepness of response curves (names ending in _exponent or _steepness: the
// shape of the model rather than the physiology of a patient), the reference
// points where curves are centred (ages, thresholds, reference intakes such as
// renal.ckd_threshold and renal.sodium_ref) and the two measurement
// conventions artery.score_per_mmol and bone.tscore_sd.
std::vector<std::string> default_population_parameters();

// Patient `index`'s parameters: `nominal` with each of `parameters` drawn as
// described above. Throws InputError for an unknown name or a bad cv.
Params sample_patient(const Params& nominal, const std::vector<std::string>& parameters, double cv, std::uint64_t seed,
                      std::size_t index);

struct PatientSummary {
  std::size_t index = 0;            // 0-based, in the whole population
  std::vector<double> parameters;   // the varied parameters' values, in PopulationResult::parameters order
  std::vector<double> values;       // outputs at the summary times, output-major: values[o * times + t]; NaN if failed
  bool failed = false;
  std::string failure;              // the solver's message when failed
};

struct PopulationResult {
  std::string scenario;
  std::string description;
  std::size_t n = 0;                // the whole population
  std::size_t first = 0;            // the patients held: [first, first + patients.size())
  double cv = 0.0;
  std::uint64_t seed = 0;
  std::vector<std::string> parameters;  // varied, in registry order
  std::vector<std::string> parameter_units;
  std::vector<double> nominal;          // their scenario values (the medians)
  std::vector<std::string> outputs;
  std::vector<std::string> units;
  std::vector<double> requested_days;   // summary times asked for (clipped to the run)
  std::vector<double> times_days;       // where they are read: midnight of that day
  std::vector<double> band_days;        // band times (midnights)
  std::vector<PatientSummary> patients; // in index order
  // Every patient's outputs at the band times: series[(p * outputs + o) * band times + t]
  // for the p-th patient held; NaN for a failed patient.
  std::vector<double> series;
  // Percentiles over the patients that did not fail:
  // bands[(o * band times + t) * 5 + k] for population_percentiles[k]; NaN when all failed.
  std::vector<double> bands;
  std::size_t failed = 0;
  double run_days = 0.0;                // each run stops at the last time read
  double rtol = 0.0;
  double wall_seconds = 0.0;
  int threads = 1;
};

// Runs the population (or the chunk [first, first + count) of it). Each
// patient's run is the one simulate() makes, read at the summary and band
// times only (the daily table of every output is not built). A patient whose
// solve fails, or one of whose values read is not finite (NumericalError), is
// recorded as failed with its message.
// Throws InputError for bad options, Cancelled when `cancelled` says so.
PopulationResult population(const Scenario& s, const Params& p, const PopulationOptions& options = {});

// Joins chunks of one population (the same scenario and options, any order)
// into the result population() gives for their patients together, bands
// recomputed. Throws InputError when they do not fit together (different
// settings, overlapping or missing patients between them).
PopulationResult merge_populations(std::vector<PopulationResult> parts);

// The q-th percentile (0..100) of sorted values, interpolating linearly
// between neighbours (as numpy.percentile does by default); NaN when empty.
double percentile_of_sorted(const std::vector<double>& sorted, double q);

// The summary: a table of percentiles at a few band times (start, 1 y, 5 y,
// the end), the band CSV (as population_bands_csv) or JSON with every band.
std::string population_report(const PopulationResult& r, Format format);

// One row per patient: index, status, the varied parameters ('name [unit]'),
// the outputs ('name [unit]', or 'name 5y [unit]' with several summary times)
// and the failure message. Numbers to 17 significant digits (they read back exactly).
std::string population_patients_csv(const PopulationResult& r);

// One row per output and band time: output, unit, time_days, n (patients that
// did not fail) and p5, p25, p50, p75, p95.
std::string population_bands_csv(const PopulationResult& r);

// The column label of output o at summary time t in population_patients_csv.
std::string population_output_label(const PopulationResult& r, std::size_t o, std::size_t t);

}  // namespace calcsim
