#include "population.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <thread>

#include "accuracy.hpp"
#include "calcsim/schedule.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim::bench {
namespace {

// Redraws of a value outside its valid range before it is clamped into it.
constexpr int max_redraws = 20;

double percentile(std::vector<float>& values, double pct) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto k = static_cast<std::size_t>(std::lround(pct / 100.0 * static_cast<double>(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace

Params sample_patient(std::uint64_t seed, std::size_t index, double cv) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(static_cast<std::uint64_t>(index) >> 32)};
  std::mt19937_64 rng(seq);
  std::normal_distribution<double> normal(0.0, std::sqrt(std::log1p(cv * cv)));
  Params p;
  for (const auto& info : parameter_registry()) {
    if (!(info.default_value > 0.0)) continue;
    double v = info.default_value * std::exp(normal(rng));
    for (int r = 0; r < max_redraws && (v < info.min || v > info.max); ++r)
      v = info.default_value * std::exp(normal(rng));
    p.set(info.name, std::clamp(v, info.min, info.max));
  }
  return p;
}

PopulationRun run_population(const Scenario& s, const PopulationOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

  const std::size_t n_times = output_times(s.duration_days, s.output_every_days).size();
  const std::size_t n_out = slow_outputs.size();
  const std::size_t per_patient = n_times * n_out;
  // Default-initialised: pages of patients never reached (a run cut short by
  // its budget) are never touched, so they cost no resident memory.
  std::unique_ptr<float[]> store(new float[o.n * per_patient]);
  std::unique_ptr<std::atomic<bool>[]> ok(new std::atomic<bool>[o.n]);

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  const auto worker = [&] {
    // The budget is checked before an index is taken, so every index taken is
    // simulated and those simulated are the first ones.
    while (seconds() < o.budget_seconds) {
      const std::size_t i = next++;
      if (i >= o.n) break;
      float* out = store.get() + i * per_patient;
      ok[i] = false;
      try {
        const Params p = sample_patient(o.seed, i, o.cv);
        const Result r = simulate_from(s, p, initial_condition(s, p));
        const SlowSeries slow = slow_series(r);
        if (slow.times.size() == n_times) {
          for (std::size_t t = 0; t < n_times; ++t)
            for (std::size_t k = 0; k < n_out; ++k)
              out[t * n_out + k] = static_cast<float>(slow.values(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k)));
          ok[i] = true;
        }
      } catch (const std::exception&) {
        // A patient the model cannot solve counts as failed.
      }
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < o.threads; ++w) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  PopulationRun run;
  run.done = done;
  run.output_times = n_times;
  run.stored_bytes_per_patient = per_patient * sizeof(float);
  // Percentile bands at every output time, as a population summary would
  // report them; the last time's are returned.
  std::vector<float> column;
  column.reserve(run.done);
  for (std::size_t t = 0; t < n_times; ++t)
    for (std::size_t k = 0; k < n_out; ++k) {
      column.clear();
      for (std::size_t i = 0; i < run.done; ++i)
        if (ok[i]) column.push_back(store[i * per_patient + t * n_out + k]);
      for (std::size_t q = 0; q < band_percentiles.size(); ++q) {
        const double v = percentile(column, band_percentiles[q]);
        if (t + 1 == n_times) run.final_bands[k][q] = v;
      }
    }
  for (std::size_t i = 0; i < run.done; ++i)
    if (!ok[i]) ++run.failed;
  run.wall_seconds = seconds();
  return run;
}

}  // namespace calcsim::bench
