#pragma once
// A published human measurement held against the model: the published value
// and its source, the simulated value, and the interval accepted as a match.
// Calibration (calibration.hpp) holds the rows parameters were fitted to;
// validation (validation.hpp) holds rows no parameter was fitted to. A row is
// in one table or the other, never both.
#include <string>
#include <vector>

namespace calcsim {

// The two kinds of documented reason a validation row may fail for: two
// published results on one question disagree and the model follows one of
// them, or the model cannot do what one result shows. Only the second counts
// against the model; both stay in the table, failing.
enum class FailureKind { None, Conflict, Limit };

// "conflict", "limit", or "" for none: the failure_kind field of the CSV and
// JSON tables and of calcsim.validation().
const char* failure_kind_name(FailureKind kind);

// The opening words of each kind's reason.
inline constexpr const char* conflict_opening = "conflicts with ";
inline constexpr const char* limit_opening = "a limit of the model: ";

struct Target {
  std::string id;          // stable identifier, e.g. "absorption.load_15mg"
  std::string quantity;    // what is measured, in words
  std::string source;      // the publication
  std::string published;   // the published value as reported ("64%", "465 +/- 181 pmol/L")
  std::string unit;        // unit of simulated, low and high
  double simulated = 0.0;
  double low = 0.0;        // the accepted interval, fixed from the published spread
  double high = 0.0;
  std::string how;         // how the model was run to get `simulated`
  // Validation only: why this row is allowed to fail (a documented conflict
  // between trials or a known limit of the model). Empty for every other row.
  // A failing row with a reason is still shown as failing, never hidden.
  // It opens with what kind of reason it is: "conflicts with ..." or "a limit
  // of the model: ..." (failure_kind; run_validation refuses any other).
  std::string known_failure = {};
  bool pass() const { return simulated >= low && simulated <= high; }
  FailureKind failure_kind() const;
  // A failing row without a documented reason: what makes a command exit 1.
  bool unexplained_failure() const { return !pass() && known_failure.empty(); }
};

// Which table a report shows: the fits or the independent checks.
enum class TargetTable { Calibration, Validation };

// A table of targets as text: "table" (terminal), "csv", "json" or "markdown"
// (docs/CALIBRATION.md, docs/VALIDATION.md). Throws InputError for another format.
std::string targets_report(const std::vector<Target>& rows, TargetTable kind, const std::string& format);

}  // namespace calcsim
