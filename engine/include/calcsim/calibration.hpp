#pragma once
// The model held to published human data: each target states the published
// value, its source, the simulated value, a tolerance set from the published
// value and its uncertainty, and whether parameters were fitted to it. `calcsim calibration` prints this table and
// docs/CALIBRATION.md is generated from it.
#include <string>
#include <vector>

#include "calcsim/parameters.hpp"

namespace calcsim {

struct CalibrationRow {
  std::string id;          // stable identifier, e.g. "absorption.load_15mg"
  std::string quantity;    // what is measured, in words
  std::string source;      // the publication
  std::string published;   // the published value as reported ("64%", "465 +/- 181 pmol/L")
  std::string unit;        // unit of simulated, low and high
  double simulated = 0.0;
  double low = 0.0;        // the accepted interval
  double high = 0.0;
  std::string how;         // how the model was run to get `simulated`
  // True when no parameter was fitted to this row: it tests the model rather
  // than showing a fit (see docs/CALIBRATION.md).
  bool independent = false;
  bool pass() const { return simulated >= low && simulated <= high; }
};

// Runs every calibration experiment with the given parameters. Takes a few
// seconds; experiments run on two threads.
std::vector<CalibrationRow> run_calibration(const Params& p);

}  // namespace calcsim

namespace calcsim {

// The calibration table as text: "table" (terminal), "csv", "json" or
// "markdown" (docs/CALIBRATION.md). Throws InputError for another format.
std::string calibration_report(const std::vector<CalibrationRow>& rows, const std::string& format);

}  // namespace calcsim
