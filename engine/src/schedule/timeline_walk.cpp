#include "schedule/timeline_walk.hpp"

#include <algorithm>

#include "calcsim/errors.hpp"

namespace calcsim {

SolverState solver_part(const FullState& x) {
  SolverState y{};
  const auto& ode = model::ode_states();
  for (std::size_t k = 0; k < y.size(); ++k) y[k] = x[static_cast<std::size_t>(ode[k])];
  return y;
}

TimelineWalk::TimelineWalk(const model::Context& c, const Timeline& tl, std::vector<double> sample_times,
                           WalkOptions options)
    : c_(&c), tl_(&tl), samples_(std::move(sample_times)), options_(options) {}

std::pair<double, double> TimelineWalk::bounds(std::size_t i) const {
  const auto& segs = tl_->segments;
  return {segs.at(i).t_start, i + 1 < segs.size() ? segs[i + 1].t_start : tl_->t_end};
}

const model::Inputs& TimelineWalk::start(std::size_t i, FullState& x) {
  if (i == 0) absorption_ = AbsorptionCorrection{};
  for (const Jump& j : tl_->segments.at(i).jumps) x[static_cast<std::size_t>(j.state)] += j.amount;
  inputs_ = segment_inputs(*c_, *tl_, i, x.data(), absorption_);
  inputs_.t_start += options_.time_offset;
  inputs_.freeze_accumulators = options_.freeze_accumulators;
  return inputs_;
}

void TimelineWalk::check_cancel(std::size_t i) const {
  if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed))
    throw Cancelled(std::max(0.0, tl_->segments[i].t_start + options_.time_offset));
}

}  // namespace calcsim
