#pragma once
// A comparison as one self-contained HTML page to share (`calcsim report
// --html`, Python's Comparison.to_html()): the scenario in words and as YAML,
// the comparison table, charts of the key outputs as inline SVG, the
// calibration status, the disclaimer and the provenance (version, parameters
// changed, dosing). No scripts, no external files: it opens without a network.
#include <string>
#include <vector>

#include "calcsim/report.hpp"
#include "calcsim/targets.hpp"

namespace calcsim {

struct HtmlReport {
  std::vector<Arm> arms;           // the first is the reference of the differences
  std::vector<double> at_days;     // the table's times
  std::string scenario_yaml;       // shown verbatim; empty: not available
  std::string scenario_origin;     // where the YAML comes from, in words
  std::string legend;              // what each declared arm changes (may be empty)
  // The calibration targets (parameters were fitted to them) and the
  // validation targets (none were) run with this comparison's parameters; null
  // when not run (the page then says how to run them).
  const std::vector<Target>* calibration = nullptr;
  const std::vector<Target>* validation = nullptr;
};

// The outputs the page charts, fast markers first.
const std::vector<std::string>& html_report_charts();

// The page. Throws InputError when there are no arms.
std::string comparison_html(const HtmlReport& report);

// Throws InputError naming `option` unless the path ends in .html or .htm.
void check_html_path(const std::string& path, const std::string& option);

}  // namespace calcsim
