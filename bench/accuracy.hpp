#pragma once
// Achieved accuracy of a solve: the slow outputs (BMD change, arterial score,
// dp-ucMGP) at every output time, and their error against a tight reference.
//
// Error of a run against a reference, on the output times both have (the
// reference may cover a longer run):
//     max over the slow outputs k of  max_t |y_k(t) - ref_k(t)| / max_t |ref_k(t)|
// i.e. the worst deviation relative to the output's own size over the run.
// (A plain pointwise relative error is meaningless for BMD change, which
// starts at exactly 0.) bench/bench.py computes the same number for the scipy
// contenders.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "calcsim/parameters.hpp"
#include "calcsim/result.hpp"
#include "calcsim/scenario.hpp"
#include "calcsim/simulator.hpp"

namespace calcsim::bench {

inline constexpr std::array<std::string_view, 3> slow_outputs{"bmd_change", "arterial_score", "dp_ucmgp"};

struct SlowSeries {
  std::vector<double> times;  // days
  Eigen::MatrixXd values;     // one row per time, one column per slow output
};

// The slow outputs of a result.
SlowSeries slow_series(const Result& r);

// The slow outputs computed from full model states (one row per time, in
// model::State order), as simulate_from computes its outputs.
SlowSeries slow_series(const Scenario& s, const Params& p, const InitialCondition& init,
                       const std::vector<double>& times, const Matrix& states);

// The error defined above; throws std::invalid_argument if no time is shared.
double slow_error(const SlowSeries& run, const SlowSeries& reference);

// Its terms: max_t |y_k(t) - ref_k(t)| / max_t |ref_k(t)| for each slow output
// k, in slow_outputs order.
std::array<double, slow_outputs.size()> slow_errors(const SlowSeries& run, const SlowSeries& reference);

// Writes the series as CSV: time, then the slow outputs by name.
void write_csv(const SlowSeries& series, const std::string& path);
// Reads what write_csv wrote (a reference kept from an earlier run).
SlowSeries read_csv(const std::string& path);

}  // namespace calcsim::bench
