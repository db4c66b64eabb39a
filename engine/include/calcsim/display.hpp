#pragma once
// How outputs are shown to a reader: the smallest span a plot's y-axis may
// have for each output, so that a change too small to matter (a 0.004 mmol/L
// wiggle in plasma calcium) stays a flat line instead of filling the panel.
// Used by the HTML report's charts and by the Python package's plots.
#include <map>
#include <string>

namespace calcsim {

// {output column: smallest y span, in the output's unit}. Outputs not listed
// get display_resolution()'s fallback.
const std::map<std::string, double>& display_resolutions();

// The smallest y span for `column`, given the largest magnitude plotted: the
// table's value, else 1% of that magnitude (1 when it is zero).
double display_resolution(const std::string& column, double largest_magnitude);

}  // namespace calcsim
