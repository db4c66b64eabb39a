#pragma once
// A line chart as inline SVG, for pages that must open without a network or
// scripts (the HTML report): axes with round-number ticks, one line per series,
// a legend, a title and axis labels. The y-axis spans at least `min_span`.
#include <string>
#include <vector>

namespace calcsim::svg {

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
};

struct Chart {
  std::string title;
  std::string x_label;
  std::string y_label;
  double min_span = 0.0;  // smallest y-axis span (display_resolution)
  std::vector<Series> series;
};

// The chart as an <svg> element; text is escaped.
std::string line_chart(const Chart& chart);

// Text safe inside HTML or SVG elements and attributes.
std::string escape(const std::string& text);

}  // namespace calcsim::svg
