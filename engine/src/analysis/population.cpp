#include "calcsim/population.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <numbers>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analysis.hpp"
#include "calcsim/errors.hpp"
#include "calcsim/sweep.hpp"
#include "simulate/parallel.hpp"
#include "simulate/read_outputs.hpp"
#include "support/text.hpp"

namespace calcsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad_option(const std::string& option, const std::string& message) {
  throw InputError(SourceLocation::of_option(option), message);
}

// --- Random numbers: a counter-based generator --------------------------------

// The splitmix64 finaliser: a bijection of 64-bit words that mixes every input
// bit into every output bit.
std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A uniform number in (0, 1) from 53 bits of a word.
double unit_interval(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53; }

// The `draw`-th standard normal number of patient `patient`'s parameter
// `parameter` (its registry index): Box-Muller on two words keyed by all four.
double standard_normal(std::uint64_t seed, std::size_t patient, std::size_t parameter, int draw) {
  const std::uint64_t key =
      mix(mix(mix(seed) ^ static_cast<std::uint64_t>(patient)) ^
          ((static_cast<std::uint64_t>(parameter) << 32) | static_cast<std::uint64_t>(draw)));
  const double u1 = unit_interval(mix(key));
  const double u2 = unit_interval(mix(key ^ 0x5851f42d4c957f2dULL));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::size_t registry_index(const ParameterInfo* info) {
  return static_cast<std::size_t>(info - parameter_registry().data());
}

// The named parameters in registry order, each once; InputError naming
// --parameters for an unknown name.
std::vector<const ParameterInfo*> resolve_parameters(const std::vector<std::string>& names) {
  std::vector<const ParameterInfo*> out;
  for (const auto& name : names) {
    const ParameterInfo* info = find_parameter(text::trim(name));
    if (info == nullptr) {
      const std::string best = closest_parameter_name(text::trim(name));
      bad_option("parameters", "unknown parameter '" + text::trim(name) + "'" +
                                     (best.empty() ? "" : " (did you mean '" + best + "'?)") +
                                     "; `calcsim params` lists them all");
    }
    if (std::find(out.begin(), out.end(), info) == out.end()) out.push_back(info);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void check_cv(double cv) {
  if (!(cv >= 0.0 && cv <= max_population_cv))
    bad_option("cv", "expected a coefficient of variation from 0 to " + text::format_number(max_population_cv) +
                           " (0.3 for 30%), got " + text::format_number(cv));
}

// Patient `index`'s values of the varied parameters, whose scenario values
// (the medians) are `medians`, in the same order.
std::vector<double> sample_values(const std::vector<double>& medians, const std::vector<const ParameterInfo*>& varied,
                                  double cv, std::uint64_t seed, std::size_t index) {
  std::vector<double> values = medians;
  const double sigma = std::sqrt(std::log1p(cv * cv));
  for (std::size_t i = 0; i < varied.size(); ++i) {
    const ParameterInfo* info = varied[i];
    const double median = medians[i];
    if (median == 0.0 || sigma == 0.0) continue;
    const std::size_t slot = registry_index(info);
    double value = median;
    for (int draw = 0; draw <= max_redraws; ++draw) {
      value = median * std::exp(sigma * standard_normal(seed, index, slot, draw));
      if (value >= info->min && value <= info->max) break;
    }
    values[i] = std::clamp(value, info->min, info->max);
  }
  return values;
}

// `nominal` with the varied parameters at `values` (a value equal to its
// median is the nominal's own, left as it is).
Params with_values(const Params& nominal, const std::vector<const ParameterInfo*>& varied,
                   const std::vector<double>& medians, const std::vector<double>& values) {
  Params q = nominal;
  for (std::size_t i = 0; i < varied.size(); ++i)
    if (values[i] != medians[i]) q.set(varied[i]->name, values[i]);
  return q;
}

std::vector<double> medians_of(const Params& nominal, const std::vector<const ParameterInfo*>& varied) {
  std::vector<double> out;
  for (const ParameterInfo* info : varied) out.push_back(*nominal.get(info->name));
  return out;
}

// --- Times -----------------------------------------------------------------------

// 0, every, 2 every, ... up to the run's length, and the length itself.
std::vector<double> band_request(double every, double duration) {
  std::vector<double> out;
  for (std::size_t k = 0;; ++k) {
    const double t = static_cast<double>(k) * every;
    if (t > duration) break;
    out.push_back(t);
  }
  out.push_back(duration);
  return out;
}

// --- Running patients --------------------------------------------------------------

// Calls job(k) for k in [0, count) on `workers` threads of its own while the
// calling thread reports progress and asks whether to stop, about every 50 ms.
// Throws Cancelled when stopped by `cancelled`, once the jobs running have
// finished. An exception from a job stops the run and is rethrown (the one of
// the lowest index among those that threw).
template <class Job>
void run_polled(std::size_t count, int workers, const Job& job, const PopulationOptions& o) {
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable wake;
  int finished = 0;
  std::exception_ptr error;
  std::size_t error_index = count;
  auto work = [&] {
    for (std::size_t k = next++; k < count && !stop; k = next++) {
      try {
        job(k);
      } catch (...) {
        const std::lock_guard lock(m);
        if (k < error_index) {
          error = std::current_exception();
          error_index = k;
        }
        stop = true;
      }
      ++done;
    }
    const std::lock_guard lock(m);
    ++finished;
    wake.notify_all();
  };
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) pool.emplace_back(work);
  bool cancelled = false;
  for (bool all_finished = false; !all_finished;) {
    {
      std::unique_lock lock(m);
      all_finished = wake.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished == workers; });
    }
    try {
      if (o.progress) o.progress(done, count);
      if (!cancelled && !all_finished && o.cancelled && o.cancelled()) {
        cancelled = true;
        stop = true;
      }
    } catch (...) {  // a callback that throws stops the run like a job that throws
      const std::lock_guard lock(m);
      if (!error) error = std::current_exception();
      stop = true;
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (cancelled)
    throw Cancelled("population stopped after " + std::to_string(done) + " of " + std::to_string(count) + " patients");
}

// --- Bands -------------------------------------------------------------------------

void compute_bands(PopulationResult& r) {
  const std::size_t no = r.outputs.size(), nb = r.band_days.size(), np = r.patients.size();
  r.bands.assign(no * nb * population_percentiles.size(), nan);
  std::vector<double> column;
  for (std::size_t o = 0; o < no; ++o)
    for (std::size_t t = 0; t < nb; ++t) {
      column.clear();
      for (std::size_t p = 0; p < np; ++p)
        if (!r.patients[p].failed) column.push_back(r.series[(p * no + o) * nb + t]);
      std::sort(column.begin(), column.end());
      for (std::size_t k = 0; k < population_percentiles.size(); ++k)
        r.bands[(o * nb + t) * population_percentiles.size() + k] = percentile_of_sorted(column, population_percentiles[k]);
    }
}

}  // namespace

const std::vector<std::string>& default_population_outputs() {
  static const std::vector<std::string> names{"dp_ucmgp", "arterial_score", "bmd_change"};
  return names;
}

namespace {

// The reference points of the model's shape functions (the reference-point
// section of parameter_list.inc, and those appended later: renal.fe_kidney_onset,
// gut.reference_age, gut.age_decline_onset):
// where a curve is centred, not how patients differ.
bool is_reference_point(std::string_view name) {
  static constexpr std::array<std::string_view, 15> names{
      "artery.reference_age",      "artery.magnesium_ref",       "bone.age_onset_female",
      "bone.age_onset_male",       "bone.age_onset_width",       "bone.peak_age",
      "bone.menopause_peak_delay", "bone.menopause_late_onset",  "bone.menopause_late_width",
      "renal.ckd_threshold",       "renal.fe_kidney_onset",      "renal.body_surface_area",
      "renal.sodium_ref",          "gut.reference_age",          "gut.age_decline_onset"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<std::string> default_population_parameters() {
  std::vector<std::string> out;
  for (const auto& info : parameter_registry()) {
    const std::string_view name = info.name;
    if (name.ends_with("_exponent") || name.ends_with("_steepness") || name == "artery.score_per_mmol" ||
        name == "bone.tscore_sd" || is_reference_point(name))
      continue;
    out.emplace_back(name);
  }
  return out;
}

Params sample_patient(const Params& nominal, const std::vector<std::string>& parameters, double cv, std::uint64_t seed,
                      std::size_t index) {
  check_cv(cv);
  const auto varied = resolve_parameters(parameters);
  const std::vector<double> medians = medians_of(nominal, varied);
  return with_values(nominal, varied, medians, sample_values(medians, varied, cv, seed, index));
}

double percentile_of_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return nan;
  const double position = q / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

PopulationResult population(const Scenario& s, const Params& p, const PopulationOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.n < 1 || options.n > max_population)
    bad_option("n", "expected a number of patients from 1 to " + std::to_string(max_population) + ", got " +
                          std::to_string(options.n));
  check_cv(options.cv);
  if (!(options.every_days >= 1.0) || !std::isfinite(options.every_days))
    bad_option("every", "expected a band interval of at least one day, such as 30d, got " +
                              text::format_number(options.every_days) + " days");
  if (options.first >= options.n)
    bad_option("first", "the first patient (" + std::to_string(options.first) + ") must be below n (" +
                            std::to_string(options.n) + ")");
  const std::size_t count = options.count.value_or(options.n - options.first);
  if (count < 1 || count > options.n - options.first)
    bad_option("count", "expected from 1 to " + std::to_string(options.n - options.first) +
                            " patients after the first, got " + std::to_string(count));

  PopulationResult r;
  r.scenario = s.name;
  r.description = s.description;
  r.n = options.n;
  r.first = options.first;
  r.cv = options.cv;
  r.seed = options.seed;
  r.rtol = options.simulation.rtol;
  const auto varied = resolve_parameters(options.parameters.empty() ? default_population_parameters()
                                                                      : options.parameters);
  for (const ParameterInfo* info : varied) {
    r.parameters.emplace_back(info->name);
    r.parameter_units.emplace_back(info->unit);
  }
  r.nominal = medians_of(p, varied);
  r.outputs = options.outputs.empty() ? default_population_outputs() : options.outputs;
  r.units = detail::checked_output_units(r.outputs);
  const detail::ReadTimes summary = detail::read_times(options.at_days, s.duration_days);
  const detail::ReadTimes bands = detail::read_times(band_request(options.every_days, s.duration_days), s.duration_days);
  r.requested_days = summary.requested;
  r.times_days = summary.samples;
  r.band_days = bands.samples;
  r.run_days = std::max(summary.run_days, bands.run_days);
  const std::size_t no = r.outputs.size(), nb = r.band_days.size(), nt = r.times_days.size();
  if (count * no * nb > max_population_values)
    bad_option("every", std::to_string(count) + " patients x " + std::to_string(no) + " outputs x " +
                              std::to_string(nb) + " band times is more than the " +
                              std::to_string(max_population_values / 1'000'000) +
                              " million values kept; take a longer band interval, fewer outputs or fewer patients");

  const Scenario run = detail::truncated(s, r.run_days);
  // Each run is read at the summary times, then the band times.
  std::vector<std::size_t> columns;
  for (const auto& name : r.outputs) {
    const auto& all = output_columns();
    columns.push_back(static_cast<std::size_t>(
        std::find_if(all.begin(), all.end(), [&](const Column& c) { return c.name == name; }) - all.begin()));
  }
  std::vector<double> read_days = r.times_days;
  read_days.insert(read_days.end(), r.band_days.begin(), r.band_days.end());
  const std::size_t nr = read_days.size();
  r.patients.resize(count);
  r.series.assign(count * no * nb, nan);
  r.threads = detail::worker_count(options.threads, count);
  SimulationOptions o = options.simulation;
  o.initial_state.reset();
  run_polled(count, r.threads, [&](std::size_t k) {
    PatientSummary& patient = r.patients[k];
    patient.index = options.first + k;
    patient.parameters = sample_values(r.nominal, varied, options.cv, options.seed, patient.index);
    const Params q = with_values(p, varied, r.nominal, patient.parameters);
    patient.values.assign(no * nt, nan);
    // A failed patient is counted and listed; the others go on.
    auto fail_patient = [&](const std::exception& e) {
      patient.failed = true;
      patient.failure = e.what();
      patient.values.assign(no * nt, nan);
      std::fill_n(r.series.begin() + static_cast<std::ptrdiff_t>(k * no * nb), no * nb, nan);
    };
    try {
      const std::vector<double> values = detail::read_outputs(run, q, o, columns, read_days);
      for (std::size_t j = 0; j < no; ++j) {
        for (std::size_t t = 0; t < nt; ++t) patient.values[j * nt + t] = values[j * nr + t];
        for (std::size_t t = 0; t < nb; ++t) r.series[(k * no + j) * nb + t] = values[j * nr + nt + t];
      }
    } catch (const NumericalError& e) {
      fail_patient(e);
    } catch (const NoBalancedStart& e) {  // a patient these parameters cannot start
      fail_patient(e);
    }
  }, options);
  r.failed = static_cast<std::size_t>(
      std::count_if(r.patients.begin(), r.patients.end(), [](const PatientSummary& x) { return x.failed; }));
  compute_bands(r);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

PopulationResult merge_populations(std::vector<PopulationResult> parts) {
  if (parts.empty()) throw InputError("merge_populations: expected at least one part");
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  PopulationResult r = std::move(parts.front());
  for (std::size_t i = 1; i < parts.size(); ++i) {
    PopulationResult& part = parts[i];
    const bool same = part.scenario == r.scenario && part.n == r.n && part.cv == r.cv && part.seed == r.seed &&
                      part.parameters == r.parameters && part.nominal == r.nominal && part.outputs == r.outputs &&
                      part.times_days == r.times_days && part.band_days == r.band_days && part.rtol == r.rtol;
    if (!same)
      throw InputError("merge_populations: the parts are not chunks of one population (their scenario, n, cv, "
                       "seed, parameters, outputs, times or tolerances differ)");
    const std::size_t expected = r.first + r.patients.size();
    if (part.first != expected)
      throw InputError("merge_populations: patients " + std::to_string(std::min(part.first, expected)) + " to " +
                       std::to_string(std::max(part.first, expected)) + " are " +
                       (part.first > expected ? "missing" : "in two parts"));
    std::move(part.patients.begin(), part.patients.end(), std::back_inserter(r.patients));
    r.series.insert(r.series.end(), part.series.begin(), part.series.end());
    r.failed += part.failed;
    r.wall_seconds += part.wall_seconds;
    r.threads = std::max(r.threads, part.threads);
  }
  compute_bands(r);
  return r;
}

}  // namespace calcsim
