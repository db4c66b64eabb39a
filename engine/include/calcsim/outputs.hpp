#pragma once
// The derived outputs a user reads: named, unit-carrying columns computed
// from the model states at each output time, declared once (outputs.cpp; how
// each is computed is the model's business, model/output_point.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "calcsim/result.hpp"

namespace calcsim {

// The output columns, in order (time first): name, unit and description.
const std::vector<Column>& output_columns();

// Arterial score category: 0 for a score under 1 AU, 1 for 1-99, 2 for 100-399, 3 for 400+.
int cac_category(double score_au);
std::string cac_category_label(int category);

}  // namespace calcsim
