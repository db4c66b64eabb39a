#pragma once
// The model's side of the outputs (calcsim/outputs.hpp): what each output is
// computed from, and the row of outputs computed from the states of a run.
#include "calcsim/outputs.hpp"
#include "model/model.hpp"

namespace calcsim {

// What an output is computed from: the states at time t and at the previous
// output time (for per-day balance terms), and the fluxes at t.
struct OutputPoint {
  const model::Context& c;
  model::Fluxes f;
  double t;
  double dt;  // t minus the previous output time, days (0 for the first row)
  const double* x;
  const double* x_prev;
  double t_start;        // time of the run's first row, days
  const double* x_start;  // the states at t_start
};

// Fills `out` (one row, output_columns().size() wide) from the states at time
// t and the states at the previous output time (for per-day balance terms).
// t_start and x_start are the run's first row (bone and blood pressure are read against them).
void compute_outputs(const model::Context& c, double t, const double* x, double t_prev, const double* x_prev,
                     double t_start, const double* x_start, double* out);

}  // namespace calcsim
