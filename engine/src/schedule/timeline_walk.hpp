#pragma once
// The one walk over a timeline's segments (the intervals between meals,
// doses and dialysis sessions), shared by everything that integrates the
// model: the simulator, the steady state, the CVODE reference and
// `_core.Model` (which lets Python drive the same walk step by step).
//
// Segment i starts from the full state at its start time: its jumps (depot
// boluses) are added, its inputs are fixed at the state after them (the gut
// saturation correction is carried from segment to segment), the solver
// integrates the solver states over the segment's length, and the full state
// at its end (the depots in closed form) starts segment i + 1. Sample times
// are assigned to segments by one rule: a time on a boundary belongs to the
// later segment (after its jumps); the run's end time belongs to the last.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/model.hpp"
#include "model/pulsed_absorption.hpp"
#include "schedule/schedule.hpp"

namespace calcsim {

using FullState = std::array<double, model::n_states>;
using SolverState = std::array<double, model::n_ode>;

SolverState solver_part(const FullState& x);

struct WalkOptions {
  // Added to every segment's absolute start time (the steady state runs its
  // cycle before day 0), days.
  double time_offset = 0.0;
  // Hold bone, artery and the running totals fixed (model::Inputs).
  bool freeze_accumulators = false;
  // Checked at every segment start; set, the walk throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

// One segment, as the walk hands it to the integration.
struct SegmentRun {
  std::size_t index = 0;
  double length = 0.0;                  // days
  const model::Inputs* inputs = nullptr;
  std::span<const double> sample_taus;  // the samples in it, local time (ascending, within [0, length])
  std::size_t first_sample = 0;         // index of sample_taus[0] among the walk's sample times
};

class TimelineWalk {
 public:
  // sample_times: absolute days, ascending (may be empty).
  TimelineWalk(const model::Context& c, const Timeline& tl, std::vector<double> sample_times = {},
               WalkOptions options = {});

  std::size_t segment_count() const { return tl_->segments.size(); }
  // (start, end) of segment i, absolute days (without the time offset).
  std::pair<double, double> bounds(std::size_t i) const;

  // Starts segment i from the full state x at its start: adds its jumps to x
  // and fixes its inputs at the state after them. Segment 0 restarts the
  // saturation correction.
  const model::Inputs& start(std::size_t i, FullState& x);
  const model::Inputs& inputs() const { return inputs_; }

  // The whole walk from x (the full state at the timeline's start) to its end
  // (x then holds the end state). For every segment calls
  // integrate(const SegmentRun&, SolverState& y): y holds the solver states
  // at the segment start and must hold them at its end.
  template <class Integrate>
  void run(FullState& x, Integrate&& integrate) {
    const std::size_t claimed = run(x, 0, segment_count(), integrate);
    // A sample time no segment claimed would leave its output row unfilled (zeros or garbage).
    if (claimed != samples_.size())
      throw std::logic_error("sample time " + std::to_string(samples_[claimed]) + " d lies past the end of the run (" +
                             std::to_string(tl_->t_end) + " d)");
  }

  // Segments [first, last) only, from x (the full state at segment first's
  // start, before its jumps); x then holds the state at segment last's start.
  // The samples in those segments are handed over by the same rule as run's.
  // Returns the index of the first sample past them.
  template <class Integrate>
  std::size_t run(FullState& x, std::size_t first, std::size_t last, Integrate&& integrate) {
    if (first >= last) return samples_.size();
    std::size_t next = first == 0 ? 0
                                  : static_cast<std::size_t>(std::lower_bound(samples_.begin(), samples_.end(),
                                                                              bounds(first).first) -
                                                             samples_.begin());
    for (std::size_t i = first; i < last; ++i) {
      check_cancel(i);
      const model::Inputs& in = start(i, x);
      const auto [t0, t1] = bounds(i);
      const bool end = i + 1 == segment_count();
      taus_.clear();
      const std::size_t first_sample = next;
      while (next < samples_.size() && (samples_[next] < t1 || (end && samples_[next] <= t1))) {
        taus_.push_back(std::max(0.0, samples_[next] - t0));
        ++next;
      }
      SolverState y = solver_part(x);
      const SegmentRun run{i, t1 - t0, &in, std::span<const double>(taus_), first_sample};
      integrate(run, y);
      model::full_state(*c_, in, y.data(), run.length, x.data());
    }
    return next;
  }

 private:
  void check_cancel(std::size_t i) const;

  const model::Context* c_;
  const Timeline* tl_;
  std::vector<double> samples_;
  WalkOptions options_;
  model::Inputs inputs_;
  AbsorptionCorrection absorption_;
  std::vector<double> taus_;
};

}  // namespace calcsim
