#pragma once
// The model's side of the outputs (calcsim/outputs.hpp): what each output is
// computed from, and the row of outputs computed from the states of a run.
#include <span>
#include <string_view>

#include "calcsim/outputs.hpp"
#include "model/haemodynamics.hpp"
#include "model/model.hpp"

namespace calcsim {

// What an output is computed from: the states at time t and at the previous
// output time (for per-day balance terms), and the fluxes and the
// haemodynamics at t (each computed once a row, however many columns read it).
struct OutputPoint {
  const model::Context& c;
  model::Fluxes f;
  double t;
  double dt;  // t minus the previous output time, days (0 for the first row)
  const double* x;
  const double* x_prev;
  double t_start;        // time of the run's first row, days
  const double* x_start;  // the states at t_start
  Haemodynamics h;        // blood pressure and cfPWV at t
};

// One output column: name, unit, description, how it is computed (text for
// the documentation) and the computation itself (output_columns() is the
// public view: name, unit, description).
struct OutputDefinition {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  std::string_view formula;
  double (*compute)(const OutputPoint&);
  // An average over the interval since the previous output (the first row,
  // which has no interval, repeats the second's).
  bool interval_average = false;
};

// Every output, in column order (time first).
std::span<const OutputDefinition> output_definitions();

// Fills `out` (one row, output_columns().size() wide) from the states at time
// t and the states at the previous output time (for per-day balance terms).
// t_start and x_start are the run's first row (bone and blood pressure are read against them).
void compute_outputs(const model::Context& c, double t, const double* x, double t_prev, const double* x_prev,
                     double t_start, const double* x_start, double* out);

}  // namespace calcsim
