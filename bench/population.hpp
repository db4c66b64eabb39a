#pragma once
// Workload W3: a virtual population. Every patient is the scenario with every
// registry parameter drawn log-normally around its default (median = the
// default, the given coefficient of variation, redrawn until inside the
// parameter's valid range), from a random stream seeded by (seed, patient
// index) so a patient is the same whatever the thread count. Each patient
// gets their own initial condition (steady state) and a default-tolerance
// run; the slow outputs are kept (as float) for every patient and output
// time, and percentile bands are taken over the population at the end.
//
// A stand-in for the engine's population API while that is being written:
// only public engine calls (initial_condition, simulate_from) are used.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim::bench {

struct PopulationOptions {
  std::size_t n = 10000;
  int threads = 1;
  std::uint64_t seed = 1;
  double cv = 0.3;
  // Stop taking new patients after this long; the patients done are then the
  // first ones, 0 .. done-1, whatever the thread count.
  double budget_seconds = std::numeric_limits<double>::infinity();
};

inline constexpr std::array<double, 5> band_percentiles{5.0, 25.0, 50.0, 75.0, 95.0};

struct PopulationRun {
  std::size_t done = 0;    // patients simulated (or failed)
  std::size_t failed = 0;  // patients whose steady state or run threw
  double wall_seconds = 0.0;
  std::size_t output_times = 0;
  std::size_t stored_bytes_per_patient = 0;
  // At the last output time: [slow output][percentile], over the patients that ran.
  std::array<std::array<double, band_percentiles.size()>, 3> final_bands{};
};

Params sample_patient(std::uint64_t seed, std::size_t index, double cv);

PopulationRun run_population(const Scenario& s, const PopulationOptions& options);

}  // namespace calcsim::bench
