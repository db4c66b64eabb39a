#pragma once
// A few outputs of a run at a few times, without the run's whole table: what
// analyses that run the same scenario many times (populations) read from each
// run. The run is the one simulate() makes (the same integration, output times
// and starting state); only the states and outputs that the values read depend
// on are computed, and nothing else is kept (no Result, no metadata).
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

#include "calcsim/parameters.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim::detail {

// The value between two output rows at time t, as Result::at interpolates it
// (w = 0 on the earlier row's time: that row's value, to the bit, when the
// later value is finite).
inline double interpolate_rows(double t_lo, double v_lo, double t_hi, double v_hi, double t) {
  const double w = (t - t_lo) / (t_hi - t_lo);
  return v_lo * (1.0 - w) + v_hi * w;
}

// The rows of increasing output `times` that a value at time t is read
// from, as Result::at reads it: lo == hi at or beyond either end (that row's
// value), else times[lo] <= t < times[hi] with hi = lo + 1 (interpolated).
struct RowsAround {
  std::size_t lo, hi;
};
template <class Times>
RowsAround rows_around(const Times& times, double t) {
  const auto first = std::begin(times), last = std::end(times);
  const auto n = static_cast<std::size_t>(std::distance(first, last));
  if (t <= *first) return {0, 0};
  if (t >= *std::prev(last)) return {n - 1, n - 1};
  const auto hi = static_cast<std::size_t>(std::distance(first, std::upper_bound(first, last, t)));
  return {hi - 1, hi};
}

// Outputs `columns` (indices into output_columns()) at `times` (days, any
// order) of the run simulate_from(s, p, init, options) makes:
// values[j * times.size() + t] is, bit for bit,
// simulate_from(s, p, init, options).at(output_columns()[columns[j]].name, times[t]).
// Unlike simulate_from, which checks every output at every output time
// (require_finite), only the values read are checked: NumericalError naming
// the output and the time of the first one that is not finite. Throws as
// simulate_from does otherwise (InputError for a starting state of the wrong
// dosing, NumericalError when the solver fails, Cancelled).
std::vector<double> read_outputs(const Scenario& s, const Params& p, const InitialCondition& init,
                                 const SimulationOptions& options, const std::vector<std::size_t>& columns,
                                 const std::vector<double>& times);

// The same from the scenario's own steady state, as simulate(s, p, options).
std::vector<double> read_outputs(const Scenario& s, const Params& p, const SimulationOptions& options,
                                 const std::vector<std::size_t>& columns, const std::vector<double>& times);

}  // namespace calcsim::detail
