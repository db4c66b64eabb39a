#pragma once
// The derived outputs a user reads: named, unit-carrying columns computed
// from the model states at each output time, declared once (outputs.cpp).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/result.hpp"

namespace calcsim {

// What an output is computed from: the model's states and fluxes at one time
// (engine-internal, model/output_point.hpp).
struct OutputPoint;

// One output column: name, unit, description, how it is computed (text for
// the documentation) and the computation itself.
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

// The output columns, in order (time first).
const std::vector<Column>& output_columns();

// Arterial score category: 0 for a score under 1 AU, 1 for 1-99, 2 for 100-399, 3 for 400+.
int cac_category(double score_au);
std::string cac_category_label(int category);

}  // namespace calcsim
