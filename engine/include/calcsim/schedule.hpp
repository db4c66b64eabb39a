#pragma once
// Turns a scenario's meals, doses and dialysis sessions into the timeline the
// solver integrates: contiguous segments, each opening with the jumps
// (depot boluses) that happen at its start and holding its inputs constant.
#include <array>
#include <vector>

#include "calcsim/model.hpp"
#include "calcsim/scenario.hpp"

namespace calcsim {

struct Jump {
  int state;      // model::State index
  double amount;  // in the state's unit
};

struct Segment {
  double t_start = 0.0;  // days from the start of the run
  std::vector<Jump> jumps;
  double magnesium_extra = 0.0;  // mg/day
  bool dialysis_on = false;
};

struct Timeline {
  std::vector<Segment> segments;  // segments[i] lasts until segments[i+1].t_start or t_end
  double t_end = 0.0;
  std::size_t dose_count = 0;     // number of individual boluses (meals and doses)
};

Timeline build_timeline(const Scenario& s, const Params& p);

// Starts a segment from the full state x at its start: adds the segment's
// jumps to x and returns the inputs the model needs over the segment (its
// pharmacokinetic depots start from x after the jumps).
model::Inputs start_segment(const Segment& seg, std::array<double, model::n_states>& x);

// The number of times an intervention is taken in a run of t_end days (its
// start, stop, days and times of day applied); validate() rejects zero.
std::size_t count_doses(const Intervention& iv, const Diet& diet, double t_end);

// Output times from 0 to the end of the run at the scenario's sampling step
// (the end is always included).
std::vector<double> output_times(double t_end, double every);

// The same intake spread evenly over the day: the inputs for the steady-state
// solver (calcium and vitamin K of the usual diet, no interventions).
model::Inputs averaged_diet_inputs(const Scenario& s, const Params& p);

}  // namespace calcsim
