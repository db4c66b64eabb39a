// `calcsim calibration` and `calcsim validation`: the model against published
// human data, the fits and the independent checks.
#include <iostream>
#include <string>
#include <vector>

#include "calcsim/calibration.hpp"
#include "calcsim/validation.hpp"
#include "commands.hpp"
#include "guarded.hpp"

namespace calcsim::cli {
namespace {

// Exit status 1 when a row fails without a documented reason, so scripts can
// use the table as a check; the table is printed either way.
template <typename RunRows>
int print_targets(TargetTable kind, const std::string& format, const std::vector<std::string>& set, RunRows run_rows) {
  bool unexplained = false;
  const int status = guarded([&] {
    const std::vector<Target> rows = run_rows(params_with(set));
    for (const auto& r : rows) unexplained = unexplained || r.unexplained_failure();
    std::cout << targets_report(rows, kind, format);
  });
  return status == 0 && unexplained ? 1 : status;
}

}  // namespace

int calibration(const std::string& format, const std::vector<std::string>& set) {
  return print_targets(TargetTable::Calibration, format, set, run_calibration);
}

int validation(const std::string& format, const std::vector<std::string>& set) {
  return print_targets(TargetTable::Validation, format, set, run_validation);
}

}  // namespace calcsim::cli
