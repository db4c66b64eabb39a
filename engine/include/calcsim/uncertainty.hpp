#pragma once
// Intervals from parameter uncertainty: a comparison (or a single run) repeated
// over parameter sets drawn from the shipped posterior (posterior.hpp), with
// each quantity's and each difference's median and 90% interval at the
// summary times. `calcsim compare|run --uncertainty N` print it;
// calcsim.compare(..., uncertainty=N) returns it.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "calcsim/arms.hpp"
#include "calcsim/parameters.hpp"
#include "calcsim/posterior.hpp"
#include "calcsim/report.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/sweep.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

// One posterior draw's values (flattened) or, when its solve failed, why.
struct DrawOutcome {
  std::vector<double> values;
  std::string error;  // empty when the draw solved
};

struct UncertaintyOptions {
  int draws = 200;
  std::uint64_t seed = 1;
  int threads = 0;                  // 0: one per hardware thread
  std::string posterior_file;       // empty: default_posterior_path()
  std::vector<std::string> keep;    // parameters the user set: not drawn
  std::vector<std::string> select;  // arms to keep, in order (empty: all)
  bool single_arm = false;          // `run`: only the scenario as written
  // Draws use daily-averaged dosing (about 100 times faster, within 1% on
  // bone and artery over years) for runs of at least this many days, unless
  // the caller fixed the dosing; shorter runs keep the scenario's dosing.
  double daily_averaged_from_days = 30.0;
  bool dosing_fixed = false;
  const std::atomic<bool>* cancel = nullptr;  // read before each draw and between solver steps
  // compare: arms built by hand (name, scenario), all from the shared starting
  // state of the scenario given; empty: the scenario's own arms (arms_of).
  std::vector<std::pair<std::string, Scenario>> arms;
  // compare: every draw's outcome, measured elsewhere (comparison_draw_samples,
  // e.g. in chunks on a cluster); null: the draws run here.
  const std::vector<DrawOutcome>* samples = nullptr;
};

// Median and the 5th and 95th percentiles over the draws that solved.
struct Band {
  double median = 0.0, low = 0.0, high = 0.0;
};

// What every result over posterior draws records about its draws.
struct DrawInfo {
  int draws = 0;                       // asked for
  int failed = 0;                      // draws whose solve failed (left out, counted)
  std::vector<std::string> failures;   // the first few failure messages
  std::string draw_dosing;             // "exact" or "daily-averaged"
  std::uint64_t seed = 0;
  Posterior posterior;
  double wall_seconds = 0.0;
};

struct UncertainComparison : DrawInfo {
  ComparisonResult point;              // the arms with the parameters as given (the point estimate)
  std::vector<double> at_days;         // summary times as requested
  std::vector<std::string> quantities; // summary_quantities()
  // [arm][time][quantity]; differences[0] is empty (the reference arm).
  std::vector<std::vector<std::vector<Band>>> values, differences;
};

// The share of draws that may fail before the whole result is refused
// (NumericalError, exit 3): beyond it the intervals would describe only the
// parameter sets the solver could handle.
inline constexpr double max_failed_share = 0.1;

UncertainComparison compare_with_uncertainty(const Scenario& s, const Params& p, const std::vector<double>& at_days,
                                             const UncertaintyOptions& options);

// Draws [first, first + count) of the options.draws a comparison would run,
// measured without the point estimate: chunks of the work of
// compare_with_uncertainty(), to run anywhere and hand back through
// UncertaintyOptions::samples. Draw i is the same whichever chunk runs it.
std::vector<DrawOutcome> comparison_draw_samples(const Scenario& s, const Params& p, const std::vector<double>& at_days,
                                                 const UncertaintyOptions& options, int first, int count);

// The output day a summary time reads in a run of `end_days`: the whole day at
// or before it, and no later than the run's end. The draws and the reports
// both read it.
inline double summary_day(double at_days, double end_days) { return std::floor(std::min(at_days, end_days) + 1e-9); }

// As a table (point estimate and [5%, 95%] in each cell), csv or json (median
// and both percentiles too).
std::string uncertainty_summary(const UncertainComparison& u, Format format);

// A sweep (`calcsim sweep --uncertainty N`) over posterior draws: each point's
// outputs with their median and 90% interval. A swept parameter is held at
// each point's value, not drawn.
struct UncertainSweep : DrawInfo {
  SweepResult point;                              // with the parameters as given
  std::vector<std::vector<std::vector<Band>>> bands;  // [point][output][time], as point.values
};

UncertainSweep sweep_with_uncertainty(const Scenario& s, const Params& p, const SweepSpec& spec,
                                      const SweepOptions& sweep_options, UncertaintyOptions options);

// As a table (rows: values; cells: point [5%, 95%]), csv or json.
std::string uncertain_sweep_report(const UncertainSweep& u, Format format);

// Coverage (`calcsim validation --uncertainty N`): how many validation rows
// (never fitted) fall inside the model's 90% posterior predictive interval,
// the simulated row over the draws plus the row's own measurement spread (a
// quarter of its accepted interval, as the likelihood reads calibration rows).
// A row falls inside when the middle of its accepted interval does.
struct ValidationCoverage : DrawInfo {
  std::vector<Target> rows;       // with the parameters as given
  std::vector<Band> predictive;   // one per row
  std::vector<bool> inside;       // one per row
  int covered = 0;
};
ValidationCoverage validation_coverage(const Params& p, const UncertaintyOptions& options);
// As a table, csv, json or markdown (the table docs/UNCERTAINTY.md quotes).
std::string coverage_report(const ValidationCoverage& c, const std::string& format);

}  // namespace calcsim
