#pragma once
// The derived outputs a user reads: named, unit-carrying columns computed
// from the model states at each output time.
#include <string>
#include <vector>

#include "calcsim/model.hpp"
#include "calcsim/result.hpp"

namespace calcsim {

// The output columns, in order (time first).
const std::vector<Column>& output_columns();

// Arterial score category: 0 for a score under 1 AU, 1 for 1-99, 2 for 100-399, 3 for 400+.
int cac_category(double score_au);
std::string cac_category_label(int category);

// Fills `out` (one row, output_columns().size() wide) from the states at time
// t and the states at the previous output time (for per-day balance terms).
void compute_outputs(const model::Context& c, double t, const double* x, double t_prev, const double* x_prev,
                     double bone_at_start, double* out);

}  // namespace calcsim
